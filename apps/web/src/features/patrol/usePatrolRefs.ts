// Reference data of the patrol pages: shifts and the areas a plan, point list or video round is made for
// (districts, stations, patrol zones), and the filters the planner last used.
import { useEffect, useState } from 'react';
import { PATROL_TIERS, type Area, type AreaKind, type PatrolTier, type Shift } from '@jingwang/contracts';
import { api } from '../../api/endpoints';

export const PLAN_AREA_KINDS: AreaKind[] = ['district', 'station', 'patrol_zone'];

export interface PatrolRefs {
  shifts: Shift[];
  areas: Area[];
  loading: boolean;
  error: unknown;
  reload: () => void;
}

let cache: Promise<{ shifts: Shift[]; areas: Area[] }> | null = null;

function load(): Promise<{ shifts: Shift[]; areas: Area[] }> {
  if (!cache) {
    cache = Promise.all([
      api.patrolShifts(),
      Promise.all(PLAN_AREA_KINDS.map((kind) => api.areas({ kind }).catch(() => [] as Area[]))).then((l) => l.flat()),
    ]).then(([shifts, areas]) => ({
      shifts: [...shifts].sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
      areas: areas.filter((a) => !a.validTo || Date.parse(a.validTo) > Date.now()),
    }));
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

export function usePatrolRefs(): PatrolRefs {
  const [state, setState] = useState<{ shifts: Shift[]; areas: Area[]; loading: boolean; error: unknown }>({ shifts: [], areas: [], loading: true, error: null });
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
  return { ...state, reload: () => setNonce((n) => n + 1) };
}

const FILTER_KEY = 'jw.patrol.filters';

export interface SavedFilters {
  shiftId?: number;
  tier?: PatrolTier;
  areaId?: number;
}

export function loadFilters(): SavedFilters {
  try {
    const v = JSON.parse(localStorage.getItem(FILTER_KEY) ?? 'null') as SavedFilters | null;
    if (!v || typeof v !== 'object') return {};
    return {
      shiftId: typeof v.shiftId === 'number' ? v.shiftId : undefined,
      tier: v.tier && (PATROL_TIERS as readonly string[]).includes(v.tier) ? v.tier : undefined,
      areaId: typeof v.areaId === 'number' ? v.areaId : undefined,
    };
  } catch {
    return {};
  }
}

export function saveFilters(f: SavedFilters): void {
  try {
    localStorage.setItem(FILTER_KEY, JSON.stringify(f));
  } catch {
    /* ignore */
  }
}

/** The area to start with: the saved one, else the user's own scope, else the first station. */
export function defaultAreaId(areas: readonly Area[], saved: number | undefined, scopeAreaId: number | null | undefined): number | undefined {
  if (saved !== undefined && areas.some((a) => a.id === saved)) return saved;
  if (scopeAreaId != null && areas.some((a) => a.id === scopeAreaId)) return scopeAreaId;
  return (areas.find((a) => a.kind === 'station') ?? areas[0])?.id;
}

/** Select options grouped by kind (district, station, patrol zone). */
export function areaOptions(areas: readonly Area[], kindLabel: (k: AreaKind) => string) {
  return PLAN_AREA_KINDS.map((k) => ({
    label: kindLabel(k),
    title: kindLabel(k),
    options: areas
      .filter((a) => a.kind === k)
      .sort((a, b) => a.code.localeCompare(b.code, 'zh-CN', { numeric: true }))
      .map((a) => ({ value: a.id, label: a.name })),
  })).filter((g) => g.options.length > 0);
}
