// A panel's data for one key (an incident), loaded at once and again after each change signal of the live store,
// without starving on a busy screen (see reload.ts). Answers what was loaded for this key, or null before the first.
import { useEffect, useRef, useState } from 'react';
import { reloader, type Reloader } from './reload';

export function useTickReload<T>(key: number | null, load: (key: number, signal: AbortSignal) => Promise<T>, tick: number, wait = 300): T | null {
  const [data, setData] = useState<{ key: number; value: T } | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const current = useRef<Reloader | null>(null);
  useEffect(() => {
    if (key === null) return;
    const ctl = new AbortController();
    const r = reloader(
      () => loadRef.current(key, ctl.signal),
      (value) => setData({ key, value }),
      wait,
    );
    current.current = r;
    r.now();
    return () => {
      r.stop();
      ctl.abort();
      if (current.current === r) current.current = null;
    };
  }, [key, wait]);
  const seenTick = useRef(tick);
  useEffect(() => {
    if (tick === seenTick.current) return;
    seenTick.current = tick;
    current.current?.signal();
  }, [tick]);
  return data !== null && data.key === key ? data.value : null;
}
