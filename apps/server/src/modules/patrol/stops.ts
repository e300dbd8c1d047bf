// The stops of patrol plans, as stored: what the planner was offered (candidates), a route's timed stops, and the
// pure rules over them shared by plans, check-ins, flags and the report (no SQL, no I/O).
import { haversineMeters, matchVisits, visitDeadline, visitWindow, type VisitWindow } from '@jingwang/core';
import { ms } from '../../lib/format';
import type { PatrolPlan, PatrolStopKind } from '@jingwang/contracts';

/** What the planner was offered: enough to re-time a route after an edit without the original matrix. */
export interface Candidate {
  kind: PatrolStopKind;
  ref: string;
  name: string;
  lon: number;
  lat: number;
  /** Share of the shift's forecast incidents (cells); 0 for points and lines. */
  risk: number;
  mandatoryVisits: number;
  maxVisits: number;
  service: number;
  open: number | null;
  close: number | null;
  minGap: number;
  decay: number;
  /** Geofence radius, metres (lines: of each of their three checkpoints). */
  radius: number;
  /** Lines: start, middle and end checkpoints. */
  checkpoints?: [number, number][];
}

/** A stop as stored on a route (seconds from the shift start). */
export interface StoredStop {
  kind: PatrolStopKind;
  ref: string;
  name: string;
  lon: number;
  lat: number;
  arrive: number;
  start: number;
  depart: number;
  dwell: number;
  risk: number;
}

/** What matching check-ins and finding missed stops read of a stop: its place and planned times. */
export type StopTiming = Pick<StoredStop, 'kind' | 'ref' | 'arrive' | 'depart' | 'dwell'>;

export interface CheckinLite {
  route_id: number;
  kind: string;
  ref: string;
  method: string;
  at: string;
}

export const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
export const r3 = (x: number): number => round(x, 3);

/** Risk of the distinct cells among `stops` (a cell visited twice covers its risk once). */
export function distinctRisk(stops: readonly { kind: string; ref: string }[], cands: readonly Candidate[]): number {
  const risk = new Map(cands.filter((c) => c.kind === 'cell').map((c) => [c.ref, c.risk]));
  const seen = new Set<string>();
  let total = 0;
  for (const s of stops) {
    if (s.kind !== 'cell' || seen.has(s.ref)) continue;
    seen.add(s.ref);
    total += risk.get(s.ref) ?? 0;
  }
  return total;
}

/** The time windows of a plan's stops (core's visitWindow over the candidates), by "kind:ref". */
export interface WindowRule {
  cands: ReadonlyMap<string, Candidate>;
  start: number;
  end: number;
}

/** The window of the stop at `kind:ref` in a plan, null when it has none (or no rule is given). */
export const windowOfStop = (rule: WindowRule | undefined, key: string): VisitWindow | null =>
  rule ? visitWindow(rule.cands.get(key), rule.start, rule.end) : null;

/**
 * Match check-ins to stops by core's rule (matchVisits): the stops at a place, in route order, each take the earliest
 * unused check-in at that place inside the stop's window (issue 18: a check-in before a point's window opens is kept,
 * 窗口外, but is not the visit). Returns, per stop index, the check-in or null. Every reader (flags, plans and the
 * field view, the report, the demo) goes through here; without `rule` (the demo's driving) stops have no windows.
 */
export function matchCheckins(stops: readonly StopTiming[], checkins: readonly CheckinLite[], rule?: WindowRule): (CheckinLite | null)[] {
  const key = (x: { kind: string; ref: string }) => `${x.kind}:${x.ref}`;
  return matchVisits(
    stops.map((s) => ({ place: key(s), window: windowOfStop(rule, key(s)) })),
    checkins.map((c) => ({ place: key(c), at: ms(c.at), c })),
  ).byStop.map((m) => m?.c ?? null);
}

/** The deadline of a mandatory stop: its window's end, else the shift's end (epoch ms). */
export function stopDeadline(c: Candidate | undefined, shiftStart: number, shiftEnd: number): number {
  return visitDeadline(visitWindow(c, shiftStart, shiftEnd), shiftEnd);
}

/**
 * Which mandatory stops of a route count as missed at `now`: not checked in, and either past their deadline or no
 * longer possible in the time left. The test walks the route's pending mandatory stops in their order from now (the
 * shift start at the earliest), at the plan's own leg and dwell times (the leg into a stop as planned from the stop
 * before it; non-mandatory stops skipped, which only makes it kinder), waiting for a window to open; a stop whose
 * visit would end after its deadline is missed already and the walk goes on without it. So 20 minutes before the
 * end of a shift, 12 open points of 10 minutes each are counted as missed (issue 18), not "漏巡 0".
 */
export function missedStops(
  stops: readonly StopTiming[],
  matched: readonly unknown[],
  cands: ReadonlyMap<string, Candidate>,
  now: number,
  start: number,
  end: number,
): boolean[] {
  const out = stops.map(() => false);
  let t = Math.max(now, start);
  stops.forEach((s, i) => {
    const c = cands.get(`${s.kind}:${s.ref}`);
    if (!c || c.mandatoryVisits === 0 || matched[i]) return;
    const deadline = stopDeadline(c, start, end);
    const leg = Math.max(0, s.arrive - (i > 0 ? stops[i - 1]!.depart : 0)) * 1000;
    const arrive = t + leg;
    const begin = c.open !== null ? Math.max(arrive, start + c.open * 1000) : arrive;
    const finish = begin + Math.max(0, s.dwell) * 1000;
    if (now > deadline || finish > deadline) out[i] = true;
    else t = finish;
  });
  return out;
}

/**
 * The risk cells offered to the planner: the riskiest of the area (at most `maxCells`, `perTeam` per team), and for
 * every team with a limited reach (foot, e-bike) enough cells near its base to fill its shift, taken in risk order
 * from the cells within `reachM` of it. Without the second part a foot team whose base is far from the county's
 * hottest cells got nothing to do (issue 18: 6 foot teams had 0 minutes and 0 points). Returned in risk order.
 */
export function selectCells<C extends { lon: number; lat: number; risk: number }>(
  cells: readonly C[],
  teams: readonly { lon: number; lat: number; reachM: number }[],
  opts: { maxCells: number; perTeam: number },
): C[] {
  const sorted = [...cells].sort((a, b) => b.risk - a.risk);
  const chosen = new Set(sorted.slice(0, Math.min(opts.maxCells, Math.max(20, opts.perTeam * teams.length))));
  for (const t of teams) {
    if (!Number.isFinite(t.reachM)) continue;
    const near = (c: C) => haversineMeters(t.lon, t.lat, c.lon, c.lat) <= t.reachM;
    let have = 0;
    for (const c of chosen) if (near(c)) have++;
    for (const c of sorted) {
      if (have >= opts.perTeam) break;
      if (chosen.has(c) || !near(c)) continue;
      chosen.add(c);
      have++;
    }
  }
  return sorted.filter((c) => chosen.has(c));
}

/** Per-stop risk earned, repeat visits decayed in the order of their start times across the plan. */
export function stopRisks(routes: { stops: { cand: number; start: number }[] }[], cands: readonly Candidate[]): number[][] {
  const visits: { r: number; s: number; cand: number; start: number }[] = [];
  routes.forEach((rt, r) => rt.stops.forEach((st, s) => visits.push({ r, s, cand: st.cand, start: st.start })));
  visits.sort((a, b) => a.start - b.start);
  const seen = new Map<number, number>();
  const out = routes.map((rt) => rt.stops.map(() => 0));
  for (const v of visits) {
    const k = seen.get(v.cand) ?? 0;
    seen.set(v.cand, k + 1);
    const c = cands[v.cand]!;
    out[v.r]![v.s] = c.risk * Math.pow(c.decay, k);
  }
  return out;
}

/** Mandatory visits no route makes. */
export function unmetOf(routes: { stops: { cand: number }[] }[], cands: readonly Candidate[]): PatrolPlan['unmet'] {
  const done = new Map<number, number>();
  for (const r of routes) for (const s of r.stops) done.set(s.cand, (done.get(s.cand) ?? 0) + 1);
  return cands
    .map((c, i) => ({ c, missing: c.mandatoryVisits - (done.get(i) ?? 0) }))
    .filter((x) => x.missing > 0)
    .map((x) => ({ kind: x.c.kind, ref: x.c.ref, name: x.c.name, missing: x.missing }));
}

/**
 * Names of risk stops (cells): the place (the grid holding the cell) and its recent incidents, 「C11第二网格（近期 30 起）」.
 * Cells of one place are told apart by what an officer on the road can see (issue 18: "C11第二网格（近期 30 起）" and
 * "C11第二网格（近期 3 起）" on one route): the nearest named road, 「C11第二网格 · 北路」; cells on the same road (or
 * with none near) by their part of it along its longer spread, west to east or south to north, 「C11第二网格 · 北路东段」,
 * 「C11第二网格 · 西部」 (more than three: 「北路西起第 4 处」); a lone cell off the named roads by where it lies in the
 * grid's risk cells, 「C11第二网格 · 东南部」. Names are unique within a plan's cells.
 */
export function cellStopNames(cells: readonly { place: string | null; road: string | null; lon: number; lat: number; count: number }[]): string[] {
  const base = cells.map((c) => c.place ?? `${c.lon.toFixed(4)}, ${c.lat.toFixed(4)}`);
  const hint: string[] = cells.map(() => '');
  const groups = new Map<string, number[]>();
  base.forEach((b, i) => groups.set(b, [...(groups.get(b) ?? []), i]));
  for (const idx of groups.values()) {
    if (idx.length < 2) continue;
    const byRoad = new Map<string, number[]>();
    for (const i of idx) byRoad.set(cells[i]!.road ?? '', [...(byRoad.get(cells[i]!.road ?? '') ?? []), i]);
    for (const [road, same] of byRoad) {
      if (same.length === 1) {
        const c = cells[same[0]!]!;
        const cLon = idx.reduce((a, i) => a + cells[i]!.lon, 0) / idx.length;
        const cLat = idx.reduce((a, i) => a + cells[i]!.lat, 0) / idx.length;
        hint[same[0]!] = road || compassOf(c.lon, c.lat, cLon, cLat);
        continue;
      }
      const lons = same.map((i) => cells[i]!.lon);
      const lats = same.map((i) => cells[i]!.lat);
      const eastWest = (Math.max(...lons) - Math.min(...lons)) * Math.cos((lats[0]! * Math.PI) / 180) >= Math.max(...lats) - Math.min(...lats);
      const order = [...same].sort((a, b) => (eastWest ? cells[a]!.lon - cells[b]!.lon : cells[a]!.lat - cells[b]!.lat) || a - b);
      order.forEach((i, k) => (hint[i] = road + partOf(k, order.length, eastWest, road !== '')));
    }
  }
  return cells.map((c, i) => `${base[i]}${hint[i] ? ` · ${hint[i]}` : ''}（近期 ${c.count} 起）`);
}

/** The k-th of n parts along an axis: 西段 / 中段 / 东段 on a road, 西部 / 中部 / 东部 without one. */
function partOf(k: number, n: number, eastWest: boolean, onRoad: boolean): string {
  const [lo, hi] = eastWest ? ['西', '东'] : ['南', '北'];
  const tail = onRoad ? '段' : '部';
  if (n === 2) return `${k === 0 ? lo : hi}${tail}`;
  if (n === 3) return `${[lo, '中', hi][k]}${tail}`;
  return `${lo}起第 ${k + 1} 处`;
}

/** Where a point lies from a centre, as 东 / 西南 / ... 部 (中部 within a few metres). */
function compassOf(lon: number, lat: number, cLon: number, cLat: number): string {
  const dx = (lon - cLon) * Math.cos((cLat * Math.PI) / 180);
  const dy = lat - cLat;
  if (Math.hypot(dx, dy) < 0.00005) return '中部';
  const a = (Math.atan2(dy, dx) * 180) / Math.PI; // 0 = east, counter-clockwise
  const dirs = ['东', '东北', '北', '西北', '西', '西南', '南', '东南'];
  return `${dirs[((Math.round(a / 45) % 8) + 8) % 8]}部`;
}
