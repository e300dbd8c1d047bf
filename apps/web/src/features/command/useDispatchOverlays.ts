// Data of the command map's dispatch overlays: live coverage (refreshed every 30 s while on) and reach areas.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CoverageFc, RoadProfileKey } from '@jingwang/contracts';
import { api } from '../../api/endpoints';
import { reachFc, type Fc } from '../../map/overlays';

export const COVERAGE_BUDGETS = [180, 300];
export const REACH_BUDGETS = [60, 180, 300];
const COVERAGE_REFRESH_MS = 30_000;

const isAbort = (e: unknown) => (e as { name?: string } | null)?.name === 'AbortError';

export interface CoverageState {
  fc: CoverageFc | null;
  error: unknown;
  loading: boolean;
}

/** Live coverage while `on`: at once, then every 30 s (skipped while the tab is hidden). */
export function useCoverage(on: boolean): CoverageState & { reload: () => void } {
  const [state, setState] = useState<CoverageState>({ fc: null, error: null, loading: false });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (!on) {
      setState({ fc: null, error: null, loading: false });
      return;
    }
    let alive = true;
    let ac: AbortController | null = null;
    const load = async () => {
      ac?.abort();
      ac = new AbortController();
      setState((s) => ({ ...s, loading: true }));
      try {
        const fc = await api.coverage(COVERAGE_BUDGETS, ac.signal);
        if (alive) setState({ fc, error: null, loading: false });
      } catch (e) {
        if (alive && !isAbort(e)) setState((s) => ({ ...s, error: e, loading: false }));
      }
    };
    void load();
    const id = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) void load();
    }, COVERAGE_REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(id);
      ac?.abort();
    };
  }, [on, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

/** What a reach area is drawn around (words are made at render time, in the current language). */
export type ReachOrigin =
  | { kind: 'unit'; unitId: number; callsign: string }
  | { kind: 'incident'; number: string; lon: number; lat: number; profile: RoadProfileKey }
  | { kind: 'point'; lon: number; lat: number; profile: RoadProfileKey };

export interface ReachState {
  origin: ReachOrigin;
  fc: Fc | null;
  /** the profile the server used (a unit's own) */
  profile: RoadProfileKey | null;
  budgets: number[];
  loading: boolean;
  error: unknown;
}

export function useReach() {
  const [reach, setReach] = useState<ReachState | null>(null);
  const seq = useRef(0);
  const ac = useRef<AbortController | null>(null);

  const showReach = useCallback(async (origin: ReachOrigin) => {
    const n = ++seq.current;
    ac.current?.abort();
    const ctl = new AbortController();
    ac.current = ctl;
    const profile = origin.kind === 'unit' ? null : origin.profile;
    setReach({ origin, fc: null, profile, budgets: REACH_BUDGETS, loading: true, error: null });
    try {
      const q = origin.kind === 'unit' ? { unitId: origin.unitId } : { lon: origin.lon, lat: origin.lat, profile: origin.profile };
      const res = await api.reach({ ...q, budgets: REACH_BUDGETS }, ctl.signal);
      if (n !== seq.current) return;
      setReach({
        origin,
        fc: reachFc(res),
        profile: res.properties?.profile ?? profile,
        budgets: res.properties?.budgets ?? REACH_BUDGETS,
        loading: false,
        error: null,
      });
    } catch (e) {
      if (n !== seq.current || isAbort(e)) return;
      setReach({ origin, fc: null, profile, budgets: REACH_BUDGETS, loading: false, error: e });
    }
  }, []);

  const clearReach = useCallback(() => {
    seq.current++;
    ac.current?.abort();
    setReach(null);
  }, []);

  useEffect(() => () => ac.current?.abort(), []);
  return { reach, showReach, clearReach };
}
