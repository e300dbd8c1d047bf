// patrol-road's routes: each day a forecast from the calls before that day (prospective hotspotting or KDE, the
// forecast module's models) scored on the candidate grid, and each shift the patrol planner (planPatrols, the same
// engine as the patrol module) routes the units on duty from their posts through the riskiest cells and back.
//
// Seed-independent (calls before a day are known by day, whatever time of day a seed draws; the planner runs a
// fixed number of iterations with its own fixed seed), so plans are made once per (bundling, day, shift) and cached
// in the prepared scenario for every seed.

import { kdeScores, prospectiveScores } from '../../forecast/models';
import { cellIndex } from '../../forecast/grid';
import type { ForecastEvent, GridSpec } from '../../forecast/types';
import { planPatrols } from '../../patrol/plan';
import type { PatrolNode, PatrolTeam } from '../../patrol/types';
import {
  DEFAULT_CONGESTION_PROFILE,
  DEFAULT_MODE_TIME_FACTOR,
  DEFAULT_PATROL_DWELL_S,
  DEFAULT_PATROL_TIME_FACTOR,
  DEFAULT_PLANNER_CANDIDATES_PER_TEAM,
  DEFAULT_PLANNER_ITERATIONS,
  DEFAULT_PLANNER_MAX_VISITS,
  DEFAULT_PLANNER_MIN_GAP_S,
  DEFAULT_PLANNER_REPEAT_DECAY,
} from './defaults';
import { blockKey, postsForDay, type PreparedReform, type ReformTimetable } from './prepare';
import type { ReformUnitMode } from './types';

const DAY_S = 86_400;
const M_PER_DEG = 111_195;
const MODES: readonly ReformUnitMode[] = ['car', 'ebike', 'foot'];

/**
 * The forecast for `day` from every call before it (history and the period's earlier days), as a prize per pool
 * index (the score of the grid cell of each grid candidate; 0 for stations and given posts). Memoised.
 */
export function forecastForDay(prep: PreparedReform, day: number): Float64Array {
  const memo = prep.forecasts.get(day);
  if (memo) return memo;
  const s = prep.scenario;
  const { minLon, minLat, cos, nx, ny } = prep.frame;
  const gridM = prep.postGridM;
  const grid: GridSpec = { x0: 0, y0: 0, cellSize: gridM, nx, ny, mask: new Uint8Array(nx * ny).fill(1) };
  const xy = (lon: number, lat: number): [number, number] => [(lon - minLon) * cos * M_PER_DEG, (lat - minLat) * M_PER_DEG];
  const events: ForecastEvent[] = [];
  for (const c of [...s.history, ...s.calls]) {
    if (Math.floor(c.timeS / DAY_S) >= day) continue;
    const [x, y] = xy(c.lon, c.lat);
    events.push({ x, y, t: c.timeS * 1000 });
  }
  const from = day * DAY_S * 1000;
  const scores = s.patrolForecast === 'kde' ? kdeScores(events, grid, from, { kdeLookbackDays: 28 }) : prospectiveScores(events, grid, from);
  const prize = new Float64Array(prep.pool.length);
  for (let p = prep.gridStart; p < prep.pool.length; p++) {
    const [x, y] = xy(prep.poolLon[p]!, prep.poolLat[p]!);
    const i = cellIndex(grid, x, y);
    if (i >= 0) prize[p] = scores[i]!;
  }
  prep.forecasts.set(day, prize);
  return prize;
}

/**
 * Each unit's patrol timetable for a day and shift (null: off duty, or no forecast yet, so it waits at its post),
 * seconds from the shift start. Bundled: one plan for every unit on duty over the whole grid (one per 片区 over its
 * stations' cells when the scenario has groups); own: one plan per station over its area's cells. Memoised.
 */
export function patrolPlanFor(prep: PreparedReform, bundled: boolean, day: number, shift: number): (ReformTimetable | null)[] {
  const key = blockKey(bundled, day, shift);
  const memo = prep.patrolPlans.get(key);
  if (memo) return memo;
  const t0 = performance.now();
  const s = prep.scenario;
  const U = s.units.length;
  const P = prep.pool.length;
  const sh = prep.shifts[shift]!;
  const homes = postsForDay(prep, bundled, day, shift);
  const prize = forecastForDay(prep, day);
  const out: (ReformTimetable | null)[] = new Array(U).fill(null);
  const cfg = s.patrolPlanner ?? {};
  const perTeam = cfg.candidatesPerTeam ?? DEFAULT_PLANNER_CANDIDATES_PER_TEAM;
  const dwell = s.patrolDwellS ?? DEFAULT_PATROL_DWELL_S;
  const modeF = { ...DEFAULT_MODE_TIME_FACTOR, ...s.modeTimeFactor };
  const cong = s.congestion ?? DEFAULT_CONGESTION_PROFILE;
  let congSum = 0;
  for (let h = 0; h < sh.hours; h++) congSum += cong[(sh.startHour + h) % 24]!;
  const patrolF = (s.patrolTimeFactor ?? DEFAULT_PATROL_TIME_FACTOR) * (congSum / sh.hours);

  const groups: number[][] = [];
  const sg = prep.stationGroup;
  if (bundled) for (let g = 0; g < prep.groupCount; g++) groups.push(sh.units.filter((u) => sg[s.units[u]!.station] === g).sort((a, b) => a - b));
  else for (let st = 0; st < s.stations.length; st++) groups.push(sh.units.filter((u) => s.units[u]!.station === st).sort((a, b) => a - b));
  groups.forEach((units, g) => {
    if (units.length === 0) return;
    const cands: number[] = [];
    for (let p = prep.gridStart; p < P; p++) if (prize[p]! > 0 && (bundled ? prep.groupCount === 1 || sg[prep.poolStation[p]!] === g : prep.poolStation[p] === g)) cands.push(p);
    if (cands.length === 0) return;
    cands.sort((a, b) => prize[b]! - prize[a]! || a - b);
    const top = cands.slice(0, Math.max(12, perTeam * units.length));
    const maxPrize = prize[top[0]!]!;
    const bases = [...new Set(units.map((u) => homes[u]!))];
    const ids = [...bases, ...top];
    const nodes: PatrolNode[] = [
      ...bases.map((p) => ({ id: `base${p}`, prize: 0 })),
      ...top.map((p) => ({
        id: `cell${p}`,
        prize: prize[p]! / maxPrize,
        service: dwell,
        maxVisits: cfg.maxVisits ?? DEFAULT_PLANNER_MAX_VISITS,
        repeatDecay: cfg.repeatDecay ?? DEFAULT_PLANNER_REPEAT_DECAY,
        minGapSeconds: cfg.minGapS ?? DEFAULT_PLANNER_MIN_GAP_S,
      })),
    ];
    const n = ids.length;
    const travel = MODES.map((m) => {
      const mat = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mat[i * n + j] = i === j ? 0 : prep.poolPool[ids[i]! * P + ids[j]!]! * patrolF * modeF[m];
      return mat;
    });
    const teams: PatrolTeam[] = units.map((u) => {
      const b = bases.indexOf(homes[u]!);
      return { id: `u${u}`, start: b, end: b, shiftSeconds: sh.hours * 3600, mode: MODES.indexOf(s.units[u]!.mode) };
    });
    const plan = planPatrols(
      { nodes, teams, travel },
      { seed: 1 + day * 97 + shift * 7 + g, timeBudgetMs: Infinity, now: () => 0, maxIterations: cfg.maxIterations ?? DEFAULT_PLANNER_ITERATIONS, stallIterations: 0 },
    );
    plan.routes.forEach((r, ti) => {
      const u = units[ti]!;
      const home = homes[u]!;
      if (r.stops.length === 0) {
        out[u] = { nodes: Int32Array.of(home), arr: Float64Array.of(0), dep: Float64Array.of(Infinity) };
        return;
      }
      // the planned loop is driven again and again until the shift ends (the planner's route collects the prizes
      // once; a patrol goes on for the whole shift)
      const shiftS = sh.hours * 3600;
      const nodesL: number[] = [home];
      const arrL: number[] = [0];
      const depL: number[] = [0];
      for (let off = 0; off === 0 || (r.duration >= 60 && off + r.duration <= shiftS); off += r.duration) {
        for (const x of r.stops) nodesL.push(ids[x.node]!), arrL.push(off + x.arrive), depL.push(off + x.depart);
        nodesL.push(home), arrL.push(off + r.duration), depL.push(off + r.duration);
      }
      depL[depL.length - 1] = Infinity;
      out[u] = { nodes: Int32Array.from(nodesL), arr: Float64Array.from(arrL), dep: Float64Array.from(depL) };
    });
  });
  prep.patrolPlans.set(key, out);
  prep.patrolPlanMs += performance.now() - t0;
  return out;
}
