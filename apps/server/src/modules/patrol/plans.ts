// Daily patrol plans: generate (risk cells + mandatory points and lines -> team orienteering), edit a route by hand
// (reorder, add, drop; re-timed on the road graph), publish, cancel. A plan is one date x shift x tier x area.
//   draft -> published -> cancelled;  draft -> cancelled.  Optimistic concurrency: plan.version, route.version.
import { sql } from 'kysely';
import {
  planPatrols,
  riskCells,
  timeSequence,
  type PatrolNode,
  type PatrolProblem,
  type PatrolTeam,
  type RoadProfileName,
  type TimedNode,
} from '@jingwang/core';
import type {
  EditRouteBody,
  GeneratePlanBody,
  PatrolPlan,
  PatrolPlanStatus,
  PatrolPlanSummary,
  PatrolStopKind,
  PatrolTier,
  PlanRoute,
  PlannedStop,
  Shift,
  UnitType,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import { checkAreaInScope, forcesOf, getShift, linesInArea, minutesOf, pointsInArea, presentShift, shiftSpan } from './reference';
import { pathThrough, profileOfUnit, travelFor, type ModeTravel } from './travel';
import { invalidateActive } from './active';
import { forecastRiskCells } from '../forecast/service';
import { iso, json, round } from './util';

/** Risk source named on plans until the forecast issue supplies a model. */
export const RISK_SOURCE = 'historic_density_180d';
/** Seconds a team spends in a risk cell (visible presence, 见警). */
export const CELL_DWELL_S = 600;
/** Geofence radius of a risk cell's centre, metres (a 250 m cell's half diagonal is 177 m). */
export const CELL_RADIUS_M = 150;
/** Cells offered to the planner: at most this many, at most CELLS_PER_TEAM per team. */
const MAX_CELLS = 400;
const CELLS_PER_TEAM = 30;
const RISK_SCALE = 1000;
const DEFAULT_BUDGET_MS = 3000;

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

export interface PlanRow {
  id: number;
  plan_date: string;
  shift_id: number;
  tier: string;
  area_id: number;
  status: string;
  version: number;
  shift_start: string;
  shift_end: string;
  seed: number;
  risk_total: number;
  risk_source: string;
  candidates: unknown;
  unmet: unknown;
  generated_at: string;
  generated_by_name: string;
  published_at: string | null;
  published_by_name: string | null;
}

export interface RouteRow {
  id: number;
  plan_id: number;
  unit_id: number;
  callsign: string;
  unit_type: string;
  version: number;
  stops: unknown;
  path: unknown;
  travel_s: number;
  duration_s: number;
  distance_m: number;
  risk: number;
  overtime_s: number;
  late_stops: unknown;
  travel_source: string;
  start_lon: number;
  start_lat: number;
}

const r3 = (x: number) => round(x, 3);

// ---------------------------------------------------------------- reading

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

export async function planRow(db: Db, id: number): Promise<PlanRow> {
  const r = await db
    .selectFrom('patrol_plans')
    .select([
      'id',
      sql<string>`plan_date::text`.as('plan_date'),
      'shift_id',
      'tier',
      'area_id',
      'status',
      'version',
      'shift_start',
      'shift_end',
      'seed',
      'risk_total',
      'risk_source',
      'candidates',
      'unmet',
      'generated_at',
      'generated_by_name',
      'published_at',
      'published_by_name',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('PATROL_PLAN_NOT_FOUND', `Plan ${id} not found`);
  return r as PlanRow;
}

export async function routeRows(db: Db, planIds: number[], routeId?: number): Promise<RouteRow[]> {
  if (planIds.length === 0 && routeId === undefined) return [];
  let q = db
    .selectFrom('patrol_routes as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select([
      'r.id',
      'r.plan_id',
      'r.unit_id',
      'u.callsign',
      'u.type as unit_type',
      'r.version',
      'r.stops',
      'r.path',
      'r.travel_s',
      'r.duration_s',
      'r.distance_m',
      'r.risk',
      'r.overtime_s',
      'r.late_stops',
      'r.travel_source',
      'r.start_lon',
      'r.start_lat',
    ]);
  if (routeId !== undefined) q = q.where('r.id', '=', routeId);
  else q = q.where('r.plan_id', 'in', planIds);
  return (await q.orderBy('u.callsign').execute()) as RouteRow[];
}

export interface CheckinLite {
  route_id: number;
  kind: string;
  ref: string;
  method: string;
  at: string;
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

export function presentRoute(r: RouteRow, plan: PlanRow, checkins: readonly CheckinLite[], now: number): PlanRoute {
  const stops = json<StoredStop[]>(r.stops);
  const cands = new Map(json<Candidate[]>(plan.candidates).map((c) => [`${c.kind}:${c.ref}`, c]));
  const start = Date.parse(iso(plan.shift_start));
  const end = Date.parse(iso(plan.shift_end));
  const matched = plan.status === 'draft' ? stops.map(() => null) : matchCheckins(stops, checkins.filter((c) => c.route_id === r.id));
  const at = (s: number) => new Date(start + s * 1000).toISOString();
  return {
    id: r.id,
    unitId: r.unit_id,
    callsign: r.callsign,
    unitType: r.unit_type as UnitType,
    version: r.version,
    stops: stops.map((s, i): PlannedStop => {
      const c = cands.get(`${s.kind}:${s.ref}`);
      const hit = matched[i] ?? null;
      const mandatory = (c?.mandatoryVisits ?? 0) > 0;
      return {
        kind: s.kind,
        ref: s.ref,
        name: s.name,
        lon: s.lon,
        lat: s.lat,
        arriveAt: at(s.arrive),
        startAt: at(s.start),
        departAt: at(s.depart),
        dwellSeconds: Math.round(s.dwell),
        risk: r3(s.risk),
        visitedAt: hit ? iso(hit.at) : null,
        visitMethod: hit ? (hit.method as PlannedStop['visitMethod']) : null,
        missed: plan.status === 'published' && mandatory && !hit && now > stopDeadline(c, start, end),
      };
    }),
    coordinates: json<[number, number][]>(r.path),
    travelSeconds: Math.round(r.travel_s),
    durationSeconds: Math.round(r.duration_s),
    distanceM: Math.round(r.distance_m),
    risk: r3(r.risk),
    overtimeSeconds: Math.round(r.overtime_s),
    lateStops: json<number[]>(r.late_stops),
    travelSource: r.travel_source as PlanRoute['travelSource'],
  };
}

export async function checkinsOf(db: Db, planId: number): Promise<CheckinLite[]> {
  return db.selectFrom('patrol_checkins').select(['route_id', 'kind', 'ref', 'method', 'at']).where('plan_id', '=', planId).orderBy('at').execute() as Promise<CheckinLite[]>;
}

export async function presentPlan(ctx: Ctx, plan: PlanRow): Promise<PatrolPlan> {
  const shiftRow = await ctx.db.selectFrom('patrol_shifts').selectAll().where('id', '=', plan.shift_id).executeTakeFirstOrThrow();
  const routes = await routeRows(ctx.db, [plan.id]);
  const checkins = await checkinsOf(ctx.db, plan.id);
  const now = ctx.clock.now().getTime();
  return {
    id: plan.id,
    date: plan.plan_date,
    shift: presentShift(shiftRow),
    tier: plan.tier as PatrolTier,
    areaId: plan.area_id,
    areaName: ctx.areas.tree().get(plan.area_id)?.name ?? String(plan.area_id),
    status: plan.status as PatrolPlanStatus,
    version: plan.version,
    shiftStart: iso(plan.shift_start),
    shiftEnd: iso(plan.shift_end),
    seed: plan.seed,
    generatedAt: iso(plan.generated_at),
    generatedByName: plan.generated_by_name,
    publishedAt: plan.published_at ? iso(plan.published_at) : null,
    publishedByName: plan.published_by_name,
    riskTotal: r3(plan.risk_total),
    riskPlanned: r3(distinctRisk(routes.flatMap((r) => json<StoredStop[]>(r.stops)), json<Candidate[]>(plan.candidates))),
    unmet: json<PatrolPlan['unmet']>(plan.unmet),
    riskSource: plan.risk_source,
    routes: routes.map((r) => presentRoute(r, plan, checkins, now)),
  };
}

/** A plan (or anything of it) is the caller's business when its area lies in the caller's scope, or contains it. */
export function checkPlanAreaScope(ctx: Ctx, actor: Actor, areaId: number): void {
  if (!inScope(actor, ctx.areas.tree(), [areaId])) {
    // a station lead may read a district plan that covers the station: the plan's area contains the scope
    if (actor.scopeAreaId === null || !ctx.areas.tree().descendantsAndSelf(areaId).includes(actor.scopeAreaId)) throw new AppError('OUT_OF_SCOPE');
  }
}
const checkPlanScope = (ctx: Ctx, actor: Actor, plan: PlanRow): void => checkPlanAreaScope(ctx, actor, plan.area_id);

export async function getPlan(ctx: Ctx, actor: Actor, id: number): Promise<PatrolPlan> {
  authorize(actor, 'patrol.read');
  const plan = await planRow(ctx.db, id);
  checkPlanScope(ctx, actor, plan);
  return presentPlan(ctx, plan);
}

export async function listPlans(
  ctx: Ctx,
  actor: Actor,
  q: { date?: string; shiftId?: number; tier?: PatrolTier; areaId?: number; status?: PatrolPlanStatus },
): Promise<PatrolPlanSummary[]> {
  authorize(actor, 'patrol.read');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  let qb = ctx.db
    .selectFrom('patrol_plans as p')
    .innerJoin('patrol_shifts as s', 's.id', 'p.shift_id')
    .select([
      'p.id',
      sql<string>`p.plan_date::text`.as('plan_date'),
      'p.shift_id',
      's.name as shift_name',
      'p.tier',
      'p.area_id',
      'p.status',
      'p.version',
      'p.risk_total',
      'p.unmet',
      'p.shift_start',
      'p.shift_end',
      sql<number>`(select count(*) from patrol_routes r where r.plan_id = p.id)::int`.as('teams'),
      sql<number>`(select coalesce(sum((c->>'risk')::float8), 0) from jsonb_array_elements(p.candidates) c
                    where c->>'kind' = 'cell' and exists (select 1 from patrol_routes r, jsonb_array_elements(r.stops) e
                                                           where r.plan_id = p.id and e->>'kind' = 'cell' and e->>'ref' = c->>'ref'))::float8`.as('risk_planned'),
      sql<number>`coalesce((select count(*) from patrol_routes r, jsonb_array_elements(r.stops) e where r.plan_id = p.id and e->>'kind' <> 'cell'), 0)::int`.as('mandatory_stops'),
    ]);
  if (q.date) qb = qb.where('p.plan_date', '=', q.date);
  if (q.shiftId) qb = qb.where('p.shift_id', '=', q.shiftId);
  if (q.tier) qb = qb.where('p.tier', '=', q.tier);
  if (q.status) qb = qb.where('p.status', '=', q.status);
  else qb = qb.where('p.status', '<>', 'cancelled');
  if (q.areaId) qb = qb.where('p.area_id', 'in', ctx.areas.tree().descendantsAndSelf(q.areaId));
  else if (actor.scopeAreaId !== null) qb = qb.where('p.area_id', 'in', ctx.areas.tree().descendantsAndSelf(actor.scopeAreaId));
  const rows = await qb.orderBy('p.plan_date', 'desc').orderBy('p.shift_start').orderBy('p.id').limit(500).execute();
  const tree = ctx.areas.tree();
  return rows.map((r) => ({
    id: r.id,
    date: r.plan_date,
    shiftId: r.shift_id,
    shiftName: r.shift_name,
    tier: r.tier as PatrolTier,
    areaId: r.area_id,
    areaName: tree.get(r.area_id)?.name ?? String(r.area_id),
    status: r.status as PatrolPlanStatus,
    version: r.version,
    teams: r.teams,
    mandatoryStops: r.mandatory_stops,
    riskTotal: r3(r.risk_total),
    riskPlanned: r3(r.risk_planned),
    unmet: json<unknown[]>(r.unmet).length,
    shiftStart: iso(r.shift_start),
    shiftEnd: iso(r.shift_end),
  }));
}

export async function planCandidates(ctx: Ctx, actor: Actor, id: number) {
  authorize(actor, 'patrol.read');
  const plan = await planRow(ctx.db, id);
  checkPlanScope(ctx, actor, plan);
  return json<Candidate[]>(plan.candidates).map((c) => ({ kind: c.kind, ref: c.ref, name: c.name, lon: c.lon, lat: c.lat, risk: r3(c.risk), mandatoryVisits: c.mandatoryVisits }));
}

// ---------------------------------------------------------------- generating

/**
 * A daily local window (HH:MM to HH:MM, may run past midnight) as seconds from the shift's start, clipped to the
 * shift; null when the window and the shift do not meet.
 */
export function windowInShift(shift: Shift, start: string, end: string): { open: number; close: number } | null {
  const day = 1440 * 60;
  const len = ((((minutesOf(end) - minutesOf(start)) % 1440) + 1440) % 1440) * 60;
  const shiftLen = shift.durationMinutes * 60;
  const offset = ((((minutesOf(start) - minutesOf(shift.startsAt)) % 1440) + 1440) % 1440) * 60;
  // the window's occurrences relative to the shift start: this day's, and the one that began the day before
  for (const o of [offset - day, offset, offset + day]) {
    const open = Math.max(0, o);
    const close = Math.min(shiftLen, o + len);
    if (close > open) return { open, close };
  }
  return null;
}

async function candidatesFor(ctx: Ctx, areaId: number, tier: PatrolTier, shift: Shift, date: string, span: { start: number; end: number }, teams: number) {
  const points = await pointsInArea(ctx, areaId, { tier, active: true });
  const lines = await linesInArea(ctx, areaId, { tier, active: true });
  const shiftSeconds = shift.durationMinutes * 60;
  const cands: Candidate[] = [];
  for (const p of points) {
    let open: number | null = null;
    let close: number | null = null;
    if (p.window_start && p.window_end) {
      const w = windowInShift(shift, p.window_start, p.window_end);
      // a point watched at other hours (a school gate at dismissal) is not this shift's duty
      if (!w) continue;
      // the window bounds the start of service: the dwell must end by the window's end
      open = w.open;
      close = Math.max(w.open, w.close - p.dwell_min * 60);
    }
    cands.push({
      kind: 'point',
      ref: String(p.id),
      name: p.name,
      lon: p.lon,
      lat: p.lat,
      risk: 0,
      mandatoryVisits: p.visits_per_shift,
      maxVisits: p.visits_per_shift,
      service: p.dwell_min * 60,
      open,
      close,
      minGap: p.min_gap_min * 60,
      decay: 1,
      radius: p.radius_m,
    });
  }
  for (const l of lines) {
    const coords = (JSON.parse(l.geojson) as { coordinates: [number, number][] }).coordinates;
    const mid = await sql<{ lon: number; lat: number }>`select st_x(p) as lon, st_y(p) as lat from (select st_lineinterpolatepoint(geom, 0.5) as p from patrol_lines where id = ${l.id}) x`.execute(ctx.db);
    const m = mid.rows[0]!;
    cands.push({
      kind: 'line',
      ref: String(l.id),
      name: l.name,
      lon: m.lon,
      lat: m.lat,
      risk: 0,
      mandatoryVisits: l.visits_per_shift,
      maxVisits: l.visits_per_shift,
      // patrolling the line: its length at 12 km/h (slow enough to look around), at least two minutes
      service: Math.max(120, Math.round(l.length_m / (12 / 3.6))),
      open: null,
      close: null,
      minGap: 0,
      decay: 1,
      radius: 60,
      checkpoints: [coords[0]!, [m.lon, m.lat], coords[coords.length - 1]!],
    });
  }
  // risk: the forecast of the plan's district for this date and shift when there is one (on the same 250 m grid),
  // else incidents that happened inside the area before the shift (historic density)
  const centre = await sql<{ lat: number }>`select st_y(st_centroid(geom)) as lat from areas where id = ${areaId}`.execute(ctx.db);
  const refLat = Math.round(centre.rows[0]?.lat ?? 30);
  const forecast = await forecastRiskCells(ctx, areaId, date, shift.id, { refLat, cellM: 250 });
  let riskSource = RISK_SOURCE;
  let cells: { id: string; lon: number; lat: number; risk: number; count: number }[];
  if (forecast) {
    cells = forecast.cells;
    riskSource = `forecast_${forecast.model}`;
  } else {
    const events = await sql<{ lon: number; lat: number; at: number }>`
      select st_x(i.geom) as lon, st_y(i.geom) as lat, (extract(epoch from i.reported_at) * 1000)::float8 as at
        from incidents i, areas a
       where a.id = ${areaId} and st_covers(a.geom, i.geom)
         and i.reported_at < ${new Date(span.start).toISOString()} and i.reported_at >= ${new Date(span.start - 180 * 86400_000).toISOString()}
         and i.status <> 'cancelled'`.execute(ctx.db);
    cells = riskCells(events.rows, {
      refLat,
      now: span.start,
      shiftStartMinute: minutesOf(shift.startsAt),
      shiftMinutes: shift.durationMinutes,
      utcOffsetMinutes: ctx.config.utcOffsetMinutes,
    });
  }
  const kept = cells.slice(0, Math.min(MAX_CELLS, Math.max(20, CELLS_PER_TEAM * teams)));
  const mean = kept.length ? kept.reduce((a, c) => a + c.risk, 0) / kept.length : 0;
  for (const c of kept) {
    // hot cells may be visited again, spread over the shift, each repeat worth half the previous visit
    const hot = c.risk >= 3 * mean;
    cands.push({
      kind: 'cell',
      ref: c.id,
      name: `风险区块 ${c.count} 起`,
      lon: c.lon,
      lat: c.lat,
      risk: c.risk,
      mandatoryVisits: 0,
      maxVisits: hot ? 3 : 1,
      service: CELL_DWELL_S,
      open: null,
      close: null,
      minGap: hot ? Math.round(shiftSeconds / 4) : 0,
      decay: hot ? 0.5 : 1,
      radius: CELL_RADIUS_M,
    });
  }
  return { cands, riskTotal: kept.reduce((a, c) => a + c.risk, 0), riskSource };
}

interface Base {
  lon: number;
  lat: number;
}

async function baseOf(ctx: Ctx, f: { base_lon: number | null; base_lat: number | null; lon: number | null; lat: number | null }, areaId: number): Promise<Base> {
  if (f.base_lon !== null && f.base_lat !== null) return { lon: f.base_lon, lat: f.base_lat };
  if (f.lon !== null && f.lat !== null) return { lon: f.lon, lat: f.lat };
  const r = await sql<{ lon: number; lat: number }>`select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface(geom) as p from areas where id = ${areaId}) x`.execute(ctx.db);
  return r.rows[0]!;
}

/** Per-stop risk earned, repeat visits decayed in the order of their start times across the plan. */
function stopRisks(routes: { stops: { cand: number; start: number }[] }[], cands: readonly Candidate[]): number[][] {
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

function unmetOf(routes: { stops: { cand: number }[] }[], cands: readonly Candidate[]): PatrolPlan['unmet'] {
  const done = new Map<number, number>();
  for (const r of routes) for (const s of r.stops) done.set(s.cand, (done.get(s.cand) ?? 0) + 1);
  return cands
    .map((c, i) => ({ c, missing: c.mandatoryVisits - (done.get(i) ?? 0) }))
    .filter((x) => x.missing > 0)
    .map((x) => ({ kind: x.c.kind, ref: x.c.ref, name: x.c.name, missing: x.missing }));
}

export async function generatePlan(ctx: Ctx, actor: Actor, b: GeneratePlanBody): Promise<PatrolPlan> {
  authorize(actor, 'patrol.plan');
  checkAreaInScope(ctx, actor, b.areaId);
  const shift = await getShift(ctx, b.shiftId);
  const span = shiftSpan(b.date, shift, ctx.config.utcOffsetMinutes);
  const live = await ctx.db
    .selectFrom('patrol_plans')
    .select(['id', 'status'])
    .where('plan_date', '=', b.date)
    .where('shift_id', '=', b.shiftId)
    .where('tier', '=', b.tier)
    .where('area_id', '=', b.areaId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
  if (live?.status === 'published') throw new AppError('PLAN_ALREADY_PUBLISHED', undefined, { planId: live.id });
  let forces = await forcesOf(ctx, b.areaId, b.tier, b.unitIds);
  if (b.unitIds) {
    const missing = b.unitIds.findIndex((id) => !forces.some((f) => f.id === id));
    if (missing >= 0) throw new AppError('NO_PATROL_FORCES', `Unit ${b.unitIds[missing]} is not a ${b.tier} patrol unit of the area`, { field: `/unitIds/${missing}` });
  } else forces = forces.filter((f) => f.status !== 'off_duty');
  if (forces.length === 0) throw new AppError('NO_PATROL_FORCES', undefined, { field: '/areaId' });

  const { cands, riskTotal, riskSource } = await candidatesFor(ctx, b.areaId, b.tier, shift, b.date, span, forces.length);
  const bases = await Promise.all(forces.map((f) => baseOf(ctx, f, b.areaId)));
  // places: the teams' bases first, then the candidates
  const places = [...bases, ...cands];
  const B = bases.length;
  const profiles = [...new Set(forces.map((f) => profileOfUnit(f.type as UnitType)))] as RoadProfileName[];
  const travels: ModeTravel[] = [];
  for (const p of profiles) travels.push(await travelFor(ctx, places, p));
  const shiftSeconds = shift.durationMinutes * 60;
  const nodes: PatrolNode[] = [
    ...bases.map((_, i) => ({ id: `base${i}`, prize: 0 })),
    ...cands.map((c) => ({
      id: `${c.kind}:${c.ref}`,
      prize: c.risk * RISK_SCALE,
      service: c.service,
      ...(c.open !== null ? { open: c.open } : {}),
      ...(c.close !== null ? { close: c.close } : {}),
      mandatoryVisits: c.mandatoryVisits,
      maxVisits: c.maxVisits,
      minGapSeconds: c.minGap,
      repeatDecay: c.decay,
    })),
  ];
  const teams: PatrolTeam[] = forces.map((f, i) => ({ id: f.callsign, start: i, end: i, shiftSeconds, mode: profiles.indexOf(profileOfUnit(f.type as UnitType)) }));
  const problem: PatrolProblem = { nodes, teams, travel: travels.map((t) => t.matrix) };
  const seed = b.seed ?? ((span.start / 60_000) ^ b.areaId) >>> 0;
  const result = planPatrols(problem, { seed, timeBudgetMs: b.timeBudgetMs ?? DEFAULT_BUDGET_MS, now: () => performance.now() });

  const routes = result.routes.map((r) => ({ stops: r.stops.map((s) => ({ cand: s.node - B, start: s.start, arrive: s.arrive, depart: s.depart })), r }));
  const risks = stopRisks(routes, cands);
  const unmet = unmetOf(routes, cands);

  const planId = await ctx.db.transaction().execute(async (tx) => {
    if (live) await tx.updateTable('patrol_plans').set({ status: 'cancelled', cancelled_at: ctx.clock.now().toISOString(), version: sql`version + 1` }).where('id', '=', live.id).execute();
    const p = await tx
      .insertInto('patrol_plans')
      .values({
        plan_date: b.date,
        shift_id: b.shiftId,
        tier: b.tier,
        area_id: b.areaId,
        shift_start: new Date(span.start).toISOString(),
        shift_end: new Date(span.end).toISOString(),
        seed,
        risk_total: riskTotal,
        risk_source: riskSource,
        candidates: JSON.stringify(cands),
        unmet: JSON.stringify(unmet),
        generated_by: actor.userId,
        generated_by_name: actor.displayName,
        generated_at: ctx.clock.now().toISOString() as never,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let t = 0; t < forces.length; t++) {
      const f = forces[t]!;
      const mt = travels[teams[t]!.mode!]!;
      const rt = routes[t]!;
      const stops: StoredStop[] = rt.stops.map((s, k) => {
        const c = cands[s.cand]!;
        return { kind: c.kind, ref: c.ref, name: c.name, lon: c.lon, lat: c.lat, arrive: s.arrive, start: s.start, depart: s.depart, dwell: c.service, risk: risks[t]![k]! };
      });
      const path = pathThrough(mt, [t, ...rt.stops.map((s) => s.cand + B), t]);
      await tx
        .insertInto('patrol_routes')
        .values({
          plan_id: p.id,
          unit_id: f.id,
          stops: JSON.stringify(stops),
          path: JSON.stringify(path.coordinates.length ? path.coordinates : [[bases[t]!.lon, bases[t]!.lat]]),
          travel_s: rt.r.travel,
          duration_s: rt.r.duration,
          distance_m: path.meters,
          risk: distinctRisk(stops, cands),
          travel_source: mt.source,
          start_lon: bases[t]!.lon,
          start_lat: bases[t]!.lat,
        })
        .execute();
    }
    return p.id;
  }).catch((e: unknown) => {
    // two planners generated the same date, shift, tier and area at once: the other one won
    if ((e as { code?: string }).code === '23505') throw new AppError('STALE_VERSION', 'Another plan for this date, shift, tier and area was just made; reload');
    throw e;
  });
  await audit(ctx.db, actor, 'patrol_plan.generate', 'patrol_plan', planId, {
    date: b.date,
    shiftId: b.shiftId,
    tier: b.tier,
    areaId: b.areaId,
    teams: forces.length,
    candidates: cands.length,
    iterations: result.iterations,
    stopReason: result.stopReason,
  });
  return presentPlan(ctx, await planRow(ctx.db, planId));
}

// ---------------------------------------------------------------- editing, publishing, cancelling

export async function editRoute(ctx: Ctx, actor: Actor, planId: number, routeId: number, b: EditRouteBody): Promise<PatrolPlan> {
  authorize(actor, 'patrol.plan');
  const plan = await planRow(ctx.db, planId);
  checkPlanScope(ctx, actor, plan);
  if (plan.status === 'cancelled') throw new AppError('INVALID_TRANSITION', 'The plan is cancelled');
  const route = (await routeRows(ctx.db, [], routeId))[0];
  if (!route || route.plan_id !== planId) throw new AppError('PATROL_ROUTE_NOT_FOUND');
  const cands = json<Candidate[]>(plan.candidates);
  const index = new Map(cands.map((c, i) => [`${c.kind}:${c.ref}`, i]));
  const seq = b.stops.map((s, i) => {
    const k = index.get(`${s.kind}:${s.ref}`);
    if (k === undefined) throw new AppError('UNKNOWN_STOP', `No ${s.kind} ${s.ref} in this plan`, [{ field: `/stops/${i}/ref`, message: 'is not a candidate of this plan' }]);
    return k;
  });
  const shiftSeconds = (Date.parse(iso(plan.shift_end)) - Date.parse(iso(plan.shift_start))) / 1000;
  // re-time on the road graph: only the places of this route
  const used = [...new Set(seq)];
  const places = [{ lon: route.start_lon, lat: route.start_lat }, ...used.map((k) => cands[k]!)];
  const local = new Map(used.map((k, i) => [k, i + 1]));
  const mt = await travelFor(ctx, places, profileOfUnit(route.unit_type as UnitType));
  const n = places.length;
  const timedNodes: TimedNode[] = [{ service: 0, open: null, close: null, minGapSeconds: 0 }, ...used.map((k) => ({ service: cands[k]!.service, open: cands[k]!.open, close: cands[k]!.close, minGapSeconds: cands[k]!.minGap }))];
  const localSeq = seq.map((k) => local.get(k)!);
  const timed = timeSequence(timedNodes, localSeq, 0, 0, shiftSeconds, (i, j) => mt.matrix[i * n + j]!);
  const path = pathThrough(mt, [0, ...localSeq, 0]);

  // the other routes' stops, to decay repeat visits across the plan and to recount unmet visits
  const others = (await routeRows(ctx.db, [planId])).filter((r) => r.id !== routeId);
  const all = [
    { stops: timed.stops.map((s, i) => ({ cand: seq[i]!, start: s.start })) },
    ...others.map((o) => ({ stops: json<StoredStop[]>(o.stops).map((s) => ({ cand: index.get(`${s.kind}:${s.ref}`)!, start: s.start })) })),
  ];
  const risks = stopRisks(all, cands);
  const stops: StoredStop[] = timed.stops.map((s, i) => {
    const c = cands[seq[i]!]!;
    return { kind: c.kind, ref: c.ref, name: c.name, lon: c.lon, lat: c.lat, arrive: s.arrive, start: s.start, depart: s.depart, dwell: c.service, risk: risks[0]![i]! };
  });
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('patrol_routes')
      .set({
        stops: JSON.stringify(stops),
        path: JSON.stringify(path.coordinates.length ? path.coordinates : [[route.start_lon, route.start_lat]]),
        travel_s: timed.travel,
        duration_s: timed.duration,
        distance_m: path.meters,
        risk: distinctRisk(stops, cands),
        overtime_s: timed.overtime,
        late_stops: JSON.stringify(timed.lateStops),
        travel_source: mt.source,
        version: sql`version + 1`,
      })
      .where('id', '=', routeId)
      .where('version', '=', b.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
    // the other routes' risks change too when a repeat visit moves before or after theirs
    for (let k = 0; k < others.length; k++) {
      const o = others[k]!;
      const os = json<StoredStop[]>(o.stops).map((s, i) => ({ ...s, risk: risks[k + 1]![i]! }));
      await tx.updateTable('patrol_routes').set({ stops: JSON.stringify(os) }).where('id', '=', o.id).execute();
    }
    await tx.updateTable('patrol_plans').set({ unmet: JSON.stringify(unmetOf(all, cands)) }).where('id', '=', planId).execute();
  });
  await audit(ctx.db, actor, 'patrol_route.edit', 'patrol_route', routeId, { planId, stops: b.stops.length });
  if (plan.status === 'published') {
    invalidateActive(ctx);
    publishPlanChange(ctx, plan, plan.status as PatrolPlanStatus, plan.version);
  }
  return presentPlan(ctx, await planRow(ctx.db, planId));
}

async function setStatus(ctx: Ctx, actor: Actor, planId: number, version: number, to: 'published' | 'cancelled'): Promise<PatrolPlan> {
  authorize(actor, 'patrol.plan');
  const plan = await planRow(ctx.db, planId);
  checkPlanScope(ctx, actor, plan);
  const from: PatrolPlanStatus[] = to === 'published' ? ['draft'] : ['draft', 'published'];
  if (!from.includes(plan.status as PatrolPlanStatus)) throw new AppError('INVALID_TRANSITION', `A ${plan.status} plan cannot be ${to}`);
  const now = ctx.clock.now().toISOString();
  const res = await ctx.db
    .updateTable('patrol_plans')
    .set({
      status: to,
      version: sql`version + 1`,
      ...(to === 'published' ? { published_at: now, published_by_name: actor.displayName } : { cancelled_at: now }),
    })
    .where('id', '=', planId)
    .where('version', '=', version)
    .where('status', 'in', from)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  await audit(ctx.db, actor, to === 'published' ? 'patrol_plan.publish' : 'patrol_plan.cancel', 'patrol_plan', planId, {});
  invalidateActive(ctx);
  const fresh = await planRow(ctx.db, planId);
  publishPlanChange(ctx, fresh, to, fresh.version);
  return presentPlan(ctx, fresh);
}

export const publishPlan = (ctx: Ctx, actor: Actor, id: number, version: number) => setStatus(ctx, actor, id, version, 'published');
export const cancelPlan = (ctx: Ctx, actor: Actor, id: number, version: number) => setStatus(ctx, actor, id, version, 'cancelled');

export function planAreaIds(ctx: Ctx, areaId: number): number[] {
  const tree = ctx.areas.tree();
  return [areaId, ...tree.ancestors(areaId).map((a) => a.id)];
}

function publishPlanChange(ctx: Ctx, plan: PlanRow, status: PatrolPlanStatus, version: number): void {
  ctx.hub.publishPatrol({ type: 'patrol_plan', planId: plan.id, status, version, areaId: plan.area_id }, planAreaIds(ctx, plan.area_id));
  ctx.bus?.notify('patrol_plan', [plan.id]);
}

export { validationError };
