// Stated defaults of the reform simulator. Each is an assumption the report repeats (see docs/simulator.md).

import type { ReformCall, ReformPolicy, ReformScenario, ReformShift, ReformTurnoutAt, ReformUnitMode, ReformUnitSpec } from './types';

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

/**
 * Turnout after the dispatch order, seconds, by where the unit is (a stated assumption, see docs/simulator.md):
 * inside a station house 90 s (NFPA 1710 allows fire crews, with gear staged by the engine, 60 s for EMS and 80 s
 * for fire calls; officers at their desks in a 派出所 must get to the yard and the car), at a 快反点 or a patrol stop
 * beside the car 15 s, driving 0 s.
 */
export const DEFAULT_TURNOUT_AT: Readonly<ReformTurnoutAt> = { station: 90, post: 15, moving: 0 };

/** Urban base factor on the graph's free-flow (posted-limit) times: signals, turns and stops the graph ignores. */
export const URBAN_BASE_FACTOR = 1.25;
/**
 * Extra travel time from traffic by hour of the day (a stated profile: +5% at night, +45-50% in the morning and
 * evening peaks, +25% by day; about +22% over the day, in line with the TomTom Traffic Index's 26% congestion level
 * for Portland in 2015, all hours and days).
 */
export const DEFAULT_TRAFFIC_BY_HOUR: readonly number[] = [
  0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.15, 0.45, 0.45, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.5, 0.2, 0.2, 0.2, 0.1, 0.1,
];
/** Multiplier on every travel time by hour of departure: URBAN_BASE_FACTOR x (1 + traffic), the same for every policy. */
export const DEFAULT_CONGESTION_PROFILE: readonly number[] = DEFAULT_TRAFFIC_BY_HOUR.map((x) => Math.round(URBAN_BASE_FACTOR * (1 + x) * 10000) / 10000);

export const DEFAULT_PATROL_TIME_FACTOR = 1.6;
export const DEFAULT_PATROL_DWELL_S = 600;
export const DEFAULT_PATROL_STOPS = 4;
export const DEFAULT_POST_GRID_M = 400;
export const DEFAULT_MAP_CELL_M = 500;
export const DEFAULT_RISK_HALF_LIFE_DAYS = 14;
export const DEFAULT_PLANNER_ITERATIONS = 150;
export const DEFAULT_PLANNER_CANDIDATES_PER_TEAM = 4;
export const DEFAULT_PLANNER_MAX_VISITS = 3;
export const DEFAULT_PLANNER_REPEAT_DECAY = 0.5;
export const DEFAULT_PLANNER_MIN_GAP_S = 1800;

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

/**
 * Staffing by shift: `shifts` gives each shift's start hour, length and number of units (the shifts tile the day).
 * Each shift's units are spread over the stations in proportion to the calls (allocateReformUnits); the roster holds,
 * per station, as many units as its largest shift needs, and a shift puts the first ones of each station on duty.
 */
export function allocateReformShifts(
  stationCount: number,
  shifts: readonly { name?: string; startHour: number; hours: number; units: number }[],
  calls: readonly ReformCall[],
  mode: ReformUnitMode = 'car',
): { units: ReformUnitSpec[]; shifts: ReformShift[] } {
  if (shifts.length === 0) throw new RangeError('at least one shift');
  const per = shifts.map((sh) => {
    const n = new Array<number>(stationCount).fill(0);
    for (const u of allocateReformUnits(stationCount, sh.units, calls, mode)) n[u.station]!++;
    return n;
  });
  const units: ReformUnitSpec[] = [];
  const first: number[] = [];
  for (let s = 0; s < stationCount; s++) {
    first.push(units.length);
    const most = Math.max(...per.map((n) => n[s]!));
    for (let i = 0; i < most; i++) units.push({ station: s, mode });
  }
  const out: ReformShift[] = shifts.map((sh, k) => {
    const on: number[] = [];
    for (let s = 0; s < stationCount; s++) for (let i = 0; i < per[k]![s]!; i++) on.push(first[s]! + i);
    return { ...(sh.name ? { name: sh.name } : {}), startHour: sh.startHour, hours: sh.hours, units: on };
  });
  return { units, shifts: out };
}
