// The areas forecasts and reports are made for, as the user may see them: districts (片区), stations (派出所) and
// communities (社区), loaded once per session. Also the patrol shifts (the forecast's time windows).
import { useEffect, useState } from 'react';
import type { Area, AreaKind, Shift } from '@jingwang/contracts';
import { api } from '../../api/endpoints';

export const ANALYSIS_AREA_KINDS: AreaKind[] = ['district', 'station', 'community'];

interface Refs {
  areas: Area[];
  shifts: Shift[];
}

let cache: Promise<Refs> | null = null;

function load(): Promise<Refs> {
  if (!cache) {
    cache = Promise.all([
      Promise.all(ANALYSIS_AREA_KINDS.map((kind) => api.areas({ kind }).catch(() => [] as Area[]))).then((l) => l.flat()),
      api.patrolShifts().catch(() => [] as Shift[]),
    ]).then(([areas, shifts]) => ({
      areas: areas
        .filter((a) => !a.validTo || Date.parse(a.validTo) > Date.now())
        .sort((a, b) => ANALYSIS_AREA_KINDS.indexOf(a.kind) - ANALYSIS_AREA_KINDS.indexOf(b.kind) || a.code.localeCompare(b.code, 'zh-CN', { numeric: true })),
      shifts: [...shifts].sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    }));
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

export function useAnalysisAreas(): Refs & { loading: boolean; error: unknown; reload: () => void } {
  const [state, setState] = useState<Refs & { loading: boolean; error: unknown }>({ areas: [], shifts: [], loading: true, error: null });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load()
      .then((r) => alive && setState({ ...r, loading: false, error: null }))
      .catch((e) => alive && setState((s) => ({ ...s, loading: false, error: e })));
    return () => {
      alive = false;
    };
  }, [nonce]);
  return {
    ...state,
    reload: () => {
      cache = null;
      setNonce((n) => n + 1);
    },
  };
}

/** Select options grouped by kind; `kinds` narrows them (e.g. stations only for a daily report). */
export function areaOptions(areas: readonly Area[], kindLabel: (k: AreaKind) => string, kinds: readonly AreaKind[] = ANALYSIS_AREA_KINDS) {
  return kinds
    .map((k) => ({
      label: kindLabel(k),
      title: kindLabel(k),
      options: areas.filter((a) => a.kind === k).map((a) => ({ value: a.id, label: a.name })),
    }))
    .filter((g) => g.options.length > 0);
}
