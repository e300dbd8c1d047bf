// Stated defaults of the reform simulator. Each is an assumption the report repeats (see docs/simulator.md).

import type { ReformCall, ReformPolicy, ReformScenario, ReformUnitMode, ReformUnitSpec } from './types';

/**
 * Relative weight of each hour 0..23 for calls without a time of day: a generic urban calls-for-service shape (a
 * trough around 05:00 at about a third of the peak, a peak in the late afternoon and evening). Not fitted to any city.
 */
export const DEFAULT_DIURNAL_PROFILE: readonly number[] = [
  0.9, 0.75, 0.62, 0.52, 0.45, 0.42, 0.5, 0.68, 0.88, 1.0, 1.05, 1.1, 1.15, 1.15, 1.2, 1.28, 1.32, 1.34, 1.3, 1.25, 1.2, 1.12, 1.05, 0.98,
];

/** Time on scene: lognormal, mean 30 min, sd 25 min, for every category unless the scenario says otherwise. */
export const DEFAULT_SERVICE_TIME: ReformScenario['serviceTime'] = { default: { dist: 'lognormal', meanS: 1800, sdS: 1500 } };

/** Travel-time multipliers by mode relative to the graph (a car graph): car drives at the graph's speeds. */
export const DEFAULT_MODE_TIME_FACTOR: Readonly<Record<ReformUnitMode, number>> = { car: 1, ebike: 2, foot: 6 };

export const DEFAULT_PATROL_TIME_FACTOR = 1.6;
export const DEFAULT_PATROL_DWELL_S = 600;
export const DEFAULT_PATROL_STOPS = 4;
export const DEFAULT_POST_GRID_M = 400;
export const DEFAULT_MAP_CELL_M = 500;
export const DEFAULT_RISK_HALF_LIFE_DAYS = 14;

/** 'patrol-road/bundled' or 'patrol-road/own'. */
export function reformLabel(p: ReformPolicy): string {
  return `${p.name}/${p.bundled ? 'bundled' : 'own'}`;
}

/** The six policies: each name, bundled and own-station. */
export function allReformPolicies(): ReformPolicy[] {
  const out: ReformPolicy[] = [];
  for (const name of ['stations-straight', 'posts-road', 'patrol-road'] as const) for (const bundled of [true, false]) out.push({ name, bundled });
  return out;
}

/**
 * Spread `units` over stations in proportion to their calls (largest remainder), at least one per station when there
 * are at least as many units as stations. Deterministic: ties go to the lower station index.
 */
export function allocateReformUnits(stationCount: number, units: number, calls: readonly ReformCall[], mode: ReformUnitMode = 'car'): ReformUnitSpec[] {
  if (!Number.isInteger(stationCount) || stationCount <= 0) throw new RangeError('stationCount must be a positive integer');
  if (!Number.isInteger(units) || units <= 0) throw new RangeError('units must be a positive integer');
  const count = new Array<number>(stationCount).fill(0);
  for (const c of calls) if (c.station >= 0 && c.station < stationCount) count[c.station]!++;
  const n = new Array<number>(stationCount).fill(0);
  let left = units;
  if (units >= stationCount) {
    n.fill(1);
    left -= stationCount;
  }
  const total = count.reduce((a, b) => a + b, 0);
  if (left > 0) {
    const share = count.map((c) => (total > 0 ? (c / total) * left : left / stationCount));
    const floor = share.map(Math.floor);
    let given = 0;
    for (let s = 0; s < stationCount; s++) (n[s]! += floor[s]!), (given += floor[s]!);
    const order = share.map((v, s) => [v - floor[s]!, s] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let i = 0; i < left - given; i++) n[order[i % stationCount]![1]]!++;
  }
  const out: ReformUnitSpec[] = [];
  for (let s = 0; s < stationCount; s++) for (let i = 0; i < n[s]!; i++) out.push({ station: s, mode });
  return out;
}
