// Precomputation of a reform scenario, shared by every policy and seed: the pool of candidate post / patrol-stop
// nodes, exact road travel times between the pool and every call node (one contraction-hierarchy sweep per pool node
// and direction, so every time is the routing engine's), and the daily post placements (p-median), which use no
// randomness and are memoised.

import { chTravelTime, chTravelTimesAll, ChWorkspace, type ContractionHierarchy } from '../../roads/ch';
import type { RoadGraph } from '../../roads/graph';
import { reachable } from '../../roads/graph';
import { pointInPolygon } from '../../geo/pip';
import { DEFAULT_MAP_CELL_M, DEFAULT_POST_GRID_M, DEFAULT_RISK_HALF_LIFE_DAYS } from './defaults';
import type { ReformCall, ReformPost, ReformScenario, ReformShift } from './types';

/** A stretch of time under one shift: [start, end) seconds from the period start (start may be before 0). */
export interface ReformBlock {
  start: number;
  end: number;
  /** Day whose calls-before inform the block's posts and patrols (the day the shift starts, at least 0). */
  day: number;
  shift: number;
}

/** A unit's patrol timetable for a shift, seconds from the shift start: index 0 = leaving the base at 0, the last = back at the base (dep Infinity). */
export interface ReformTimetable {
  nodes: Int32Array;
  arr: Float64Array;
  dep: Float64Array;
}

const DAY_S = 86_400;
const M_PER_DEG = 111_195;
const FAR = 1e9;

export interface PreparedReform {
  readonly scenario: ReformScenario;
  readonly graph: RoadGraph;
  readonly ch: ContractionHierarchy;
  /** Pool of candidate nodes: stations first (pool index = station index), then given posts, then one node per grid cell. */
  readonly pool: Int32Array;
  readonly poolStation: Int32Array;
  readonly poolLon: Float64Array;
  readonly poolLat: Float64Array;
  /** Where the grid candidates start in the pool (before: stations and given posts, not candidates unless stations). */
  readonly gridStart: number;
  /** Distinct call nodes (history and period); callK[i] / historyK[i] index into it. */
  readonly callNodes: Int32Array;
  readonly callK: Int32Array;
  readonly historyK: Int32Array;
  /** fromPool[p * D + k]: seconds from pool node p to call node k; toPool[p * D + k]: from call node k to pool node p. */
  readonly fromPool: Float64Array;
  readonly toPool: Float64Array;
  /** poolPool[p * P + q]: seconds from pool node p to pool node q. */
  readonly poolPool: Float64Array;
  /** Pool index (grid candidates and stations) each call's demand is credited to, period calls and history. */
  readonly callAgg: Int32Array;
  readonly historyAgg: Int32Array;
  /** Slow-places map cell of each period call, and the cells' centres. */
  readonly callCell: Int32Array;
  readonly cellLon: number[];
  readonly cellLat: number[];
  readonly days: number;
  readonly postGridM: number;
  readonly precomputeMs: number;
  /** Memoised placements by `${bundled}:${day}`: pool index of each unit's post. */
  readonly placements: Map<string, Int32Array>;
  /** Memoised call-node to call-node times. */
  readonly c2c: Map<number, number>;
  readonly ws: ChWorkspace;
  /** The shifts (one of 24 h with every unit when the scenario has none) and the blocks of the period under them. */
  readonly shifts: ReformShift[];
  readonly blocks: ReformBlock[];
  /** Memoised, by the placement key: 1 where the unit waits in its station house (no past calls to place posts from). */
  readonly placementAtStation: Map<string, Uint8Array>;
  /** Memoised daily forecasts (prize per pool index) and patrol timetables per unit by `${bundled}:${day}:${shift}`. */
  readonly forecasts: Map<number, Float64Array>;
  readonly patrolPlans: Map<string, (ReformTimetable | null)[]>;
  /** Time spent forecasting and planning patrols so far (grows as runs need new days), ms. */
  patrolPlanMs: number;
  /** 片区 of each station (index into the groups; all 0 when the scenario gives no groups) and the number of groups. */
  readonly stationGroup: Int32Array;
  readonly groupCount: number;
  /** The local frame of the candidate grid (metres east and north of minLon, minLat). */
  readonly frame: { minLon: number; minLat: number; cos: number; nx: number; ny: number };
}

function stationOfPoint(s: ReformScenario, lon: number, lat: number): number {
  for (let i = 0; i < s.stations.length; i++) {
    const a = s.stations[i]!.area;
    if (a && pointInPolygon(lon, lat, a)) return i;
  }
  let best = 0;
  let bd = Infinity;
  const cos = Math.cos((lat * Math.PI) / 180);
  for (let i = 0; i < s.stations.length; i++) {
    const st = s.stations[i]!;
    const d = ((st.lon - lon) * cos) ** 2 + (st.lat - lat) ** 2;
    if (d < bd) (bd = d), (best = i);
  }
  return best;
}

function checkScenario(s: ReformScenario, graph: RoadGraph): void {
  const bad = (m: string) => {
    throw new RangeError(`reform scenario: ${m}`);
  };
  if (!(s.periodS > 0)) bad('periodS must be > 0');
  if (s.stations.length === 0) bad('at least one station is needed');
  if (s.units.length === 0) bad('at least one unit is needed');
  const node = (v: number, what: string) => {
    if (!Number.isInteger(v) || v < 0 || v >= graph.nodeCount) bad(`${what}: node ${v} is not a graph node`);
  };
  s.stations.forEach((st, i) => node(st.node, `stations[${i}]`));
  for (const [list, name] of [
    [s.calls, 'calls'],
    [s.history, 'history'],
  ] as const) {
    list.forEach((c, i) => {
      node(c.node, `${name}[${i}]`);
      if (!(c.station >= 0 && c.station < s.stations.length)) bad(`${name}[${i}]: station ${c.station} out of range`);
      if (!Number.isFinite(c.timeS)) bad(`${name}[${i}]: timeS must be finite`);
    });
  }
  s.calls.forEach((c, i) => {
    if (c.timeS < 0 || c.timeS >= s.periodS) bad(`calls[${i}]: timeS ${c.timeS} outside the period`);
  });
  s.history.forEach((c, i) => {
    if (c.timeS >= 0) bad(`history[${i}]: timeS must be negative (before the period)`);
  });
  s.stations.forEach((st, i) => {
    if (st.group !== undefined && (typeof st.group !== 'string' || st.group === '')) bad(`stations[${i}]: group must be a non-empty string`);
  });
  s.units.forEach((u, i) => {
    if (!(u.station >= 0 && u.station < s.stations.length)) bad(`units[${i}]: station ${u.station} out of range`);
  });
  if (s.posts) {
    if (s.posts.length !== s.units.length) bad(`posts: ${s.posts.length} given for ${s.units.length} units (one per unit)`);
    s.posts.forEach((p, i) => node(p.node, `posts[${i}]`));
  }
  if (s.congestion && (s.congestion.length !== 24 || s.congestion.some((w) => !(w > 0) || !Number.isFinite(w)))) bad('congestion needs 24 positive multipliers, one per hour');
  for (const [k, v] of Object.entries(s.turnoutAt ?? {})) if (!(v! >= 0) || !Number.isFinite(v)) bad(`turnoutAt.${k} must be a finite number >= 0`);
  if (s.turnoutS !== undefined && !(s.turnoutS >= 0)) bad('turnoutS must be >= 0');
  if (s.shifts) {
    if (s.shifts.length === 0) bad('shifts: at least one');
    const sorted = [...s.shifts].sort((a, b) => a.startHour - b.startHour);
    let total = 0;
    sorted.forEach((sh, i) => {
      if (!Number.isInteger(sh.startHour) || sh.startHour < 0 || sh.startHour > 23) bad(`shifts: startHour ${sh.startHour} must be an integer 0..23`);
      if (!(sh.hours > 0) || !Number.isInteger(sh.hours)) bad(`shifts: hours ${sh.hours} must be a positive integer`);
      const next = sorted[(i + 1) % sorted.length]!;
      if ((sh.startHour + sh.hours) % 24 !== next.startHour) bad(`shifts: the shift from ${sh.startHour}:00 does not end where the next starts (${next.startHour}:00)`);
      total += sh.hours;
      for (const u of sh.units) if (!Number.isInteger(u) || u < 0 || u >= s.units.length) bad(`shifts: unit ${u} is not a unit index`);
      if (new Set(sh.units).size !== sh.units.length) bad(`shifts: a unit is listed twice in the shift from ${sh.startHour}:00`);
    });
    if (total !== 24) bad(`shifts: they cover ${total} h, not 24`);
  }
  if (s.diurnal && (s.diurnal.length !== 24 || s.diurnal.some((w) => !(w >= 0)) || !s.diurnal.some((w) => w > 0))) bad('diurnal needs 24 non-negative weights, one positive');
  for (const [cat, st] of Object.entries(s.serviceTime)) if (!(st.meanS > 0)) bad(`serviceTime.${cat}.meanS must be > 0`);
}

/** Precompute a scenario once for all policies and seeds. Throws RangeError on an inconsistent scenario. */
/** Group index of each station (片区): by ReformStation.group in order of first appearance; a station without one alone; all 0 when none has one. */
function stationGroups(s: ReformScenario): { stationGroup: Int32Array; groupCount: number } {
  const stationGroup = new Int32Array(s.stations.length);
  if (!s.stations.some((st) => st.group !== undefined)) return { stationGroup, groupCount: 1 };
  const ids = new Map<string, number>();
  let n = 0;
  s.stations.forEach((st, i) => {
    if (st.group === undefined) stationGroup[i] = n++;
    else {
      let g = ids.get(st.group);
      if (g === undefined) ids.set(st.group, (g = n++));
      stationGroup[i] = g;
    }
  });
  return { stationGroup, groupCount: n };
}

export function prepareReform(scenario: ReformScenario, graph: RoadGraph, ch: ContractionHierarchy): PreparedReform {
  const t0 = performance.now();
  checkScenario(scenario, graph);
  const s = scenario;
  const D0 = new Map<number, number>();
  const nodes: number[] = [];
  const kOf = (v: number) => {
    let k = D0.get(v);
    if (k === undefined) (k = nodes.length), D0.set(v, k), nodes.push(v);
    return k;
  };
  const callK = Int32Array.from(s.calls, (c) => kOf(c.node));
  const historyK = Int32Array.from(s.history, (c) => kOf(c.node));
  const callNodes = Int32Array.from(nodes);
  const D = callNodes.length;

  // candidate grid: one node per cell of the calls' extent (plus a margin), inside the part of the graph that both
  // reaches and is reached from the busiest call node, nearest to the cell's centre
  const all = [...s.calls, ...s.history];
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity; // prettier-ignore
  for (const c of all) (minLon = Math.min(minLon, c.lon)), (maxLon = Math.max(maxLon, c.lon)), (minLat = Math.min(minLat, c.lat)), (maxLat = Math.max(maxLat, c.lat));
  for (const st of s.stations) (minLon = Math.min(minLon, st.lon)), (maxLon = Math.max(maxLon, st.lon)), (minLat = Math.min(minLat, st.lat)), (maxLat = Math.max(maxLat, st.lat));
  const midLat = (minLat + maxLat) / 2;
  const cos = Math.cos((midLat * Math.PI) / 180);
  const widthM = (maxLon - minLon) * cos * M_PER_DEG + 1;
  const heightM = (maxLat - minLat) * M_PER_DEG + 1;
  // keep the pool to about 600 cells: a wider grid on a large area
  let gridM = s.postGridM ?? DEFAULT_POST_GRID_M;
  if ((widthM / gridM) * (heightM / gridM) > 600) gridM = Math.ceil(Math.sqrt((widthM * heightM) / 600));
  const nx = Math.max(1, Math.ceil(widthM / gridM));
  const ny = Math.max(1, Math.ceil(heightM / gridM));
  let anchor = s.stations[0]!.node;
  if (D > 0) {
    const cnt = new Int32Array(D);
    for (const k of callK) cnt[k]!++;
    for (const k of historyK) cnt[k]!++;
    let best = 0;
    for (let k = 1; k < D; k++) if (cnt[k]! > cnt[best]!) best = k;
    anchor = callNodes[best]!;
  }
  const fwd = reachable(graph, anchor);
  const bwd = reachable(graph, anchor, true);
  const cellBest = new Int32Array(nx * ny).fill(-1);
  const cellDist = new Float64Array(nx * ny).fill(Infinity);
  for (let v = 0; v < graph.nodeCount; v++) {
    if (!fwd[v] || !bwd[v]) continue;
    const x = (graph.lon[v]! - minLon) * cos * M_PER_DEG;
    const y = (graph.lat[v]! - minLat) * M_PER_DEG;
    const ix = Math.floor(x / gridM);
    const iy = Math.floor(y / gridM);
    if (ix < 0 || iy < 0 || ix >= nx || iy >= ny) continue;
    const d = (x - (ix + 0.5) * gridM) ** 2 + (y - (iy + 0.5) * gridM) ** 2;
    const c = iy * nx + ix;
    if (d < cellDist[c]!) (cellDist[c] = d), (cellBest[c] = v);
  }
  const poolList: number[] = s.stations.map((st) => st.node);
  for (const p of s.posts ?? []) poolList.push(p.node);
  const gridStart = poolList.length;
  for (const v of cellBest) if (v >= 0) poolList.push(v);
  const pool = Int32Array.from(poolList);
  const P = pool.length;
  const poolLon = Float64Array.from(pool, (v) => graph.lon[v]!);
  const poolLat = Float64Array.from(pool, (v) => graph.lat[v]!);
  const poolStation = new Int32Array(P);
  for (let p = 0; p < P; p++) {
    if (p < s.stations.length) poolStation[p] = p;
    else if (p < gridStart) poolStation[p] = s.posts![p - s.stations.length]!.station;
    else poolStation[p] = stationOfPoint(s, poolLon[p]!, poolLat[p]!);
  }

  // exact travel times: one sweep per pool node and direction
  const fromPool = new Float64Array(P * D);
  const toPool = new Float64Array(P * D);
  const poolPool = new Float64Array(P * P);
  for (let p = 0; p < P; p++) {
    const from = chTravelTimesAll(ch, pool[p]!, 'from');
    const to = chTravelTimesAll(ch, pool[p]!, 'to');
    for (let k = 0; k < D; k++) (fromPool[p * D + k] = from[callNodes[k]!]!), (toPool[p * D + k] = to[callNodes[k]!]!);
    for (let q = 0; q < P; q++) poolPool[p * P + q] = from[pool[q]!]!;
  }

  // demand aggregation: each call to the nearest station or grid candidate by straight line
  const aggOf = (c: ReformCall) => {
    let best = 0;
    let bd = Infinity;
    const cc = Math.cos((c.lat * Math.PI) / 180);
    for (let p = 0; p < P; p++) {
      if (p >= s.stations.length && p < gridStart) continue;
      const d = ((poolLon[p]! - c.lon) * cc) ** 2 + (poolLat[p]! - c.lat) ** 2;
      if (d < bd) (bd = d), (best = p);
    }
    return best;
  };
  const callAgg = Int32Array.from(s.calls, aggOf);
  const historyAgg = Int32Array.from(s.history, aggOf);

  // slow-places map cells
  const mapM = s.mapCellM ?? DEFAULT_MAP_CELL_M;
  const cellIndex = new Map<number, number>();
  const cellLon: number[] = [];
  const cellLat: number[] = [];
  const callCell = Int32Array.from(s.calls, (c) => {
    const ix = Math.floor(((c.lon - minLon) * cos * M_PER_DEG) / mapM);
    const iy = Math.floor(((c.lat - minLat) * M_PER_DEG) / mapM);
    const key = iy * 100_003 + ix;
    let i = cellIndex.get(key);
    if (i === undefined) {
      i = cellLon.length;
      cellIndex.set(key, i);
      cellLon.push(minLon + ((ix + 0.5) * mapM) / (cos * M_PER_DEG));
      cellLat.push(minLat + ((iy + 0.5) * mapM) / M_PER_DEG);
    }
    return i;
  });

  const shifts: ReformShift[] = s.shifts ? [...s.shifts].sort((a, b) => a.startHour - b.startHour) : [{ startHour: 0, hours: 24, units: s.units.map((_, u) => u) }];
  const days = Math.ceil(s.periodS / DAY_S);
  const starts: [number, number][] = [];
  for (let d = -1; d <= days; d++) shifts.forEach((sh, k) => starts.push([d * DAY_S + sh.startHour * 3600, k]));
  starts.sort((a, b) => a[0] - b[0]);
  const blocks: ReformBlock[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const [start, k] = starts[i]!;
    const end = starts[i + 1]![0];
    if (end <= 0 || start >= s.periodS) continue;
    blocks.push({ start, end, day: Math.max(0, Math.floor(start / DAY_S)), shift: k });
  }

  return {
    scenario: s,
    graph,
    ch,
    pool,
    poolStation,
    poolLon,
    poolLat,
    gridStart,
    callNodes,
    callK,
    historyK,
    fromPool,
    toPool,
    poolPool,
    callAgg,
    historyAgg,
    callCell,
    cellLon,
    cellLat,
    days,
    postGridM: gridM,
    precomputeMs: performance.now() - t0,
    placements: new Map(),
    c2c: new Map(),
    ws: new ChWorkspace(ch),
    shifts,
    blocks,
    placementAtStation: new Map(),
    forecasts: new Map(),
    patrolPlans: new Map(),
    patrolPlanMs: 0,
    ...stationGroups(s),
    frame: { minLon, minLat, cos, nx, ny },
  };
}

/** Seconds from call node a to call node b (index into callNodes), exact, memoised. */
export function callToCall(prep: PreparedReform, a: number, b: number): number {
  if (a === b) return 0;
  const key = a * prep.callNodes.length + b;
  let t = prep.c2c.get(key);
  if (t === undefined) {
    t = chTravelTime(prep.ch, prep.callNodes[a]!, prep.callNodes[b]!, prep.ws);
    prep.c2c.set(key, t);
  }
  return t;
}

/**
 * Demand weight per pool index for the start of `day`: every call before the day (history, and period calls of
 * earlier days) weighs 0.5^(age in days / half-life), credited to its aggregation node; optionally one station's only.
 */
export function demandBefore(prep: PreparedReform, day: number, station = -1): Float64Array {
  const s = prep.scenario;
  const w = new Float64Array(prep.pool.length);
  const half = s.riskHalfLifeDays ?? DEFAULT_RISK_HALF_LIFE_DAYS;
  const add = (c: ReformCall, agg: number) => {
    const cDay = Math.floor(c.timeS / DAY_S);
    if (cDay >= day) return;
    if (station >= 0 && c.station !== station) return;
    w[agg]! += 0.5 ** ((day - cDay - 0.5) / half);
  };
  s.history.forEach((c, i) => add(c, prep.historyAgg[i]!));
  s.calls.forEach((c, i) => add(c, prep.callAgg[i]!));
  return w;
}

/**
 * p-median on the pool: choose k facilities among `cands` minimising the weighted road time from facility to demand
 * (greedy addition, then locate-allocate rounds: each facility moves to the 1-median of the demand it serves).
 */
export function pMedian(prep: PreparedReform, cands: readonly number[], w: Float64Array, k: number): number[] {
  const P = prep.pool.length;
  const pp = prep.poolPool;
  const dem: number[] = [];
  for (let q = 0; q < P; q++) if (w[q]! > 0) dem.push(q);
  if (k <= 0 || cands.length === 0) return [];
  const t = (f: number, q: number) => Math.min(pp[f * P + q]!, FAR);
  const best = new Float64Array(dem.length).fill(FAR * 10);
  const chosen: number[] = [];
  const isChosen = new Uint8Array(P);
  for (let it = 0; it < Math.min(k, cands.length); it++) {
    let bf = -1;
    let bgain = -1;
    for (const f of cands) {
      if (isChosen[f]) continue;
      let gain = 0;
      for (let i = 0; i < dem.length; i++) {
        const d = t(f, dem[i]!);
        if (d < best[i]!) gain += w[dem[i]!]! * (best[i]! - d);
      }
      if (gain > bgain) (bgain = gain), (bf = f);
    }
    if (bf < 0) break;
    chosen.push(bf);
    isChosen[bf] = 1;
    for (let i = 0; i < dem.length; i++) best[i] = Math.min(best[i]!, t(bf, dem[i]!));
  }
  // locate-allocate
  for (let round = 0; round < 4 && dem.length > 0; round++) {
    const owner = dem.map((q) => {
      let bi = 0;
      for (let j = 1; j < chosen.length; j++) if (t(chosen[j]!, q) < t(chosen[bi]!, q)) bi = j;
      return bi;
    });
    let moved = false;
    for (let j = 0; j < chosen.length; j++) {
      const mine = dem.filter((_, i) => owner[i] === j);
      if (mine.length === 0) continue;
      let bf = chosen[j]!;
      let bc = 0;
      for (const q of mine) bc += w[q]! * t(bf, q);
      for (const f of cands) {
        if (isChosen[f] && f !== chosen[j]) continue;
        let c = 0;
        for (const q of mine) {
          c += w[q]! * t(f, q);
          if (c >= bc) break;
        }
        if (c < bc) (bc = c), (bf = f);
      }
      if (bf !== chosen[j]) {
        isChosen[chosen[j]!] = 0;
        isChosen[bf] = 1;
        chosen[j] = bf;
        moved = true;
      }
    }
    if (!moved) break;
  }
  // more units than useful candidates: the rest wait at the first chosen (or first candidate)
  while (chosen.length < k) chosen.push(chosen[0] ?? cands[0]!);
  return chosen;
}

/** The memo key of a placement or patrol plan. */
export function blockKey(bundled: boolean, day: number, shift: number): string {
  return `${bundled}:${day}:${shift}`;
}

/**
 * Each unit's post (pool index) for a day and shift: given posts when the scenario has them; otherwise p-median from
 * the calls before the day for the units on duty in the shift (bundled: over those units and the whole pool, or per
 * 片区 over its stations' candidates when the scenario has groups; own: per station over its area's candidates); units stay at their stations on a day with no past calls (and off-duty units
 * are put at theirs). Units of a station get the posts nearest their station first.
 */
export function postsForDay(prep: PreparedReform, bundled: boolean, day: number, shift = 0): Int32Array {
  const s = prep.scenario;
  const key = blockKey(bundled, day, shift);
  const memo = prep.placements.get(key);
  if (memo) return memo;
  const U = s.units.length;
  const out = new Int32Array(U);
  const atStation = new Uint8Array(U);
  const P = prep.pool.length;
  const onDuty = new Uint8Array(U);
  for (const u of prep.shifts[shift]!.units) onDuty[u] = 1;
  for (let u = 0; u < U; u++) (out[u] = s.units[u]!.station), (atStation[u] = 1);
  if (s.posts) {
    for (let u = 0; u < U; u++) (out[u] = s.stations.length + u), (atStation[u] = 0);
  } else {
    const candAll: number[] = [];
    for (let p = 0; p < P; p++) if (p < s.stations.length || p >= prep.gridStart) candAll.push(p);
    const assign = (units: number[], posts: number[]) => {
      // greedy: the unit whose station is closest to a free post takes it, shortest pairs first
      const pairs: [number, number, number][] = [];
      for (const u of units) for (let j = 0; j < posts.length; j++) pairs.push([prep.poolPool[s.units[u]!.station * P + posts[j]!]!, u, j]);
      pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
      const uDone = new Set<number>();
      const pDone = new Set<number>();
      for (const [, u, j] of pairs) {
        if (uDone.has(u) || pDone.has(j)) continue;
        uDone.add(u);
        pDone.add(j);
        out[u] = posts[j]!;
        atStation[u] = 0;
      }
    };
    if (bundled && prep.groupCount === 1) {
      const w = demandBefore(prep, day);
      const units = s.units.map((_, u) => u).filter((u) => onDuty[u]);
      if (w.some((x) => x > 0) && units.length > 0) assign(units, pMedian(prep, candAll, w, units.length));
    } else if (bundled) {
      // one p-median per 片区 over its stations' units, calls and candidates
      const sg = prep.stationGroup;
      for (let g = 0; g < prep.groupCount; g++) {
        const units = s.units.map((x, u) => (sg[x.station] === g && onDuty[u] ? u : -1)).filter((u) => u >= 0);
        if (units.length === 0) continue;
        const w = new Float64Array(P);
        for (let st = 0; st < s.stations.length; st++) {
          if (sg[st] !== g) continue;
          const ws = demandBefore(prep, day, st);
          for (let p = 0; p < P; p++) w[p]! += ws[p]!;
        }
        const cands = candAll.filter((p) => sg[prep.poolStation[p]!] === g);
        if (w.some((x) => x > 0) && cands.length > 0) assign(units, pMedian(prep, cands, w, units.length));
      }
    } else {
      for (let st = 0; st < s.stations.length; st++) {
        const units = s.units.map((x, u) => (x.station === st && onDuty[u] ? u : -1)).filter((u) => u >= 0);
        if (units.length === 0) continue;
        const w = demandBefore(prep, day, st);
        const cands = candAll.filter((p) => prep.poolStation[p] === st);
        if (w.some((x) => x > 0) && cands.length > 0) assign(units, pMedian(prep, cands, w, units.length));
      }
    }
  }
  prep.placements.set(key, out);
  prep.placementAtStation.set(key, atStation);
  return out;
}

export function postsAsList(prep: PreparedReform, homes: Int32Array): ReformPost[] {
  return Array.from(homes, (p) => ({ node: prep.pool[p]!, station: prep.poolStation[p]! }));
}

/** Settings that change how runs go but none of the precomputation (travel tables, pool, placements). */
export type ReformSettings = Partial<
  Pick<ReformScenario, 'turnoutS' | 'turnoutAt' | 'congestion' | 'serviceTime' | 'patrolTimeFactor' | 'patrolDwellS' | 'patrolPlanner' | 'patrolForecast' | 'modeTimeFactor' | 'diurnal'>
>;

/**
 * The same prepared scenario under other settings (for sensitivity runs), sharing the seed-independent
 * precomputation; patrol plans are made afresh (they depend on speeds and patrol settings). Throws RangeError on bad settings.
 */
export function withReformSettings(prep: PreparedReform, settings: ReformSettings): PreparedReform {
  const scenario: ReformScenario = { ...prep.scenario, ...settings };
  checkScenario(scenario, prep.graph);
  return { ...prep, scenario, patrolPlans: new Map(), patrolPlanMs: 0 };
}
