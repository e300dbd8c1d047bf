// Page state that a reload or a shared link should keep (the open plan, tab, round...) lives in React state and is
// mirrored into the query string. Router navigations are transitions: a selection made through them alone shows late
// while the live picture keeps the page busy, so the state, not the URL, is the source of truth after the first render.
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Writes `values` into the query string (null removes a key), replacing the history entry, whenever they change. */
export function useUrlMirror(values: Record<string, string | null>): void {
  const [, setParams] = useSearchParams();
  const key = JSON.stringify(values);
  useEffect(() => {
    const want = JSON.parse(key) as Record<string, string | null>;
    const cur = new URLSearchParams(window.location.search);
    let changed = false;
    for (const [k, v] of Object.entries(want)) {
      if (v === null ? cur.has(k) : cur.get(k) !== v) changed = true;
    }
    if (!changed) return;
    setParams((prev) => withParams(prev, want), { replace: true });
  }, [key, setParams]);
}

/** `prev` with `changes` applied (null removes a key); the other keys are kept. */
export function withParams(prev: URLSearchParams, changes: Record<string, string | null>): URLSearchParams {
  const next = new URLSearchParams(prev);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) next.delete(k);
    else next.set(k, v);
  }
  return next;
}
