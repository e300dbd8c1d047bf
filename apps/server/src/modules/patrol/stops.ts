// The stops of patrol plans, as stored: what the planner was offered (candidates), a route's timed stops, and the
// pure rules over them shared by plans, check-ins, flags and the report (no SQL, no I/O).
import { haversineMeters } from '@jingwang/core';
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

/**
 * Match check-ins to stops: the k-th check-in (by time) of a place on a route counts for the k-th stop at that
 * place. Returns, per stop index, the check-in or null.
 */
export function matchCheckins(stops: readonly StoredStop[], checkins: readonly CheckinLite[]): (CheckinLite | null)[] {
  const byPlace = new Map<string, CheckinLite[]>();
  for (const c of [...checkins].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const k = `${c.kind}:${c.ref}`;
    byPlace.set(k, [...(byPlace.get(k) ?? []), c]);
  }
  const used = new Map<string, number>();
  return stops.map((s) => {
    const k = `${s.kind}:${s.ref}`;
    const n = used.get(k) ?? 0;
    used.set(k, n + 1);
    return byPlace.get(k)?.[n] ?? null;
  });
}

/** The deadline of a mandatory stop: its window's close, else the shift's end (epoch ms). */
export function stopDeadline(c: Candidate | undefined, shiftStart: number, shiftEnd: number): number {
  if (c && c.close !== null) return Math.min(shiftEnd, shiftStart + (c.close + c.service) * 1000);
  return shiftEnd;
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
  stops: readonly StoredStop[],
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
