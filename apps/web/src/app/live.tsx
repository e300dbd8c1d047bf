import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { LiveStore, type LiveSnapshot } from '../api/live';
import { useClientConfig } from './config';

const LiveContext = createContext<LiveStore | null>(null);

/** `enabled=false` (partner accounts): no incidents and units feed; they may not read it. */
export function LiveProvider({ children, enabled = true }: { children: ReactNode; enabled?: boolean }) {
  const [store] = useState(() => new LiveStore());
  const { config } = useClientConfig();
  useEffect(() => {
    if (!enabled) return;
    store.start();
    return () => store.stop();
  }, [store, enabled]);
  useEffect(() => store.setStaleSeconds(config.stalePositionSeconds), [store, config.stalePositionSeconds]);
  return <LiveContext.Provider value={store}>{children}</LiveContext.Provider>;
}

export function useLiveStore(): LiveStore {
  const s = useContext(LiveContext);
  if (!s) throw new Error('useLiveStore outside LiveProvider');
  return s;
}

export function useLive(): LiveSnapshot {
  const s = useLiveStore();
  return useSyncExternalStore(s.subscribe, s.getSnapshot);
}

/** Current time, re-rendering every `ms` (for ticking ages and clocks). */
export function useNow(ms = 30000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** True when the viewport is phone-sized. */
export function useIsPhone(): boolean {
  const query = '(max-width: 768px)';
  return useSyncExternalStore(
    (cb) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', cb);
      return () => m.removeEventListener('change', cb);
    },
    () => window.matchMedia(query).matches,
  );
}
