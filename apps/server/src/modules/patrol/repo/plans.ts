// SQL of patrol plans and their routes: reading, the plan list with its counts, generation's inserts, hand edits
// and status changes (versioned), and the incident history the risk cells come from.
import { sql } from 'kysely';
import { updateVersioned } from '../../../db/versioned';
import type { CheckinLite } from '../stops';
import type { Conn } from './reference';

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

export async function planRow(db: Conn, id: number): Promise<PlanRow | undefined> {
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
  return r as PlanRow | undefined;
}

/** The routes of some plans, or one route by id; by callsign. */
export async function routeRows(db: Conn, planIds: number[], routeId?: number): Promise<RouteRow[]> {
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

export async function routeRow(db: Conn, id: number): Promise<RouteRow | undefined> {
  return (await routeRows(db, [], id))[0];
}

/** A plan's check-ins, oldest first (what matching them to stops needs). */
export async function checkinsOf(db: Conn, planId: number): Promise<CheckinLite[]> {
  // only verified check-ins count as visits (an unverified one is stored and shown, never counted: 011_proof.sql)
  return db.selectFrom('patrol_checkins').select(['route_id', 'kind', 'ref', 'method', 'at']).where('plan_id', '=', planId).where('proof', '=', 'verified').orderBy('at').execute() as Promise<CheckinLite[]>;
}

export interface PlanSummaryRow {
  id: number;
  plan_date: string;
  shift_id: number;
  shift_name: string;
  tier: string;
  area_id: number;
  status: string;
  version: number;
  risk_total: number;
  unmet: unknown;
  shift_start: string;
  shift_end: string;
  teams: number;
  risk_planned: number;
  mandatory_stops: number;
}

/** Plans with their teams, planned risk (each cell once) and mandatory stops; cancelled ones only when asked. */
export async function planSummaries(db: Conn, q: { date?: string; shiftId?: number; tier?: string; status?: string; areaIds?: number[] }): Promise<PlanSummaryRow[]> {
  let qb = db
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
  if (q.areaIds) qb = qb.where('p.area_id', 'in', q.areaIds);
  return (await qb.orderBy('p.plan_date', 'desc').orderBy('p.shift_start').orderBy('p.id').limit(500).execute()) as PlanSummaryRow[];
}

/** The plan that is not cancelled for a date, shift, tier and area (at most one: a unique index). */
export async function livePlan(db: Conn, k: { date: string; shiftId: number; tier: string; areaId: number }): Promise<{ id: number; status: string; version: number } | undefined> {
  return db
    .selectFrom('patrol_plans')
    .select(['id', 'status', 'version'])
    .where('plan_date', '=', k.date)
    .where('shift_id', '=', k.shiftId)
    .where('tier', '=', k.tier)
    .where('area_id', '=', k.areaId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
}

export interface NewPlan {
  plan_date: string;
  shift_id: number;
  tier: string;
  area_id: number;
  shift_start: string;
  shift_end: string;
  seed: number;
  risk_total: number;
  risk_source: string;
  candidates: string;
  unmet: string;
  generated_by: number | null;
  generated_by_name: string;
  generated_at: string;
}

export async function insertPlan(db: Conn, p: NewPlan): Promise<number> {
  const r = await db
    .insertInto('patrol_plans')
    .values({ ...p, generated_at: p.generated_at as never })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface RouteValues {
  stops: string;
  path: string;
  travel_s: number;
  duration_s: number;
  distance_m: number;
  risk: number;
  travel_source: string;
}

export async function insertRoute(db: Conn, r: RouteValues & { plan_id: number; unit_id: number; start_lon: number; start_lat: number }): Promise<void> {
  await db.insertInto('patrol_routes').values(r).execute();
}

/** A hand edit of a route (versioned: 409 STALE_VERSION when someone edited it first). */
export async function updateRoute(db: Conn, id: number, set: RouteValues & { overtime_s: number; late_stops: string }, version: number): Promise<number> {
  return updateVersioned(db, 'patrol_routes', id, set, { version });
}

/** Another route's stops with their risks recomputed (a repeat visit moved): no version change, nothing re-timed. */
export async function setRouteStops(db: Conn, id: number, stops: string): Promise<void> {
  await db.updateTable('patrol_routes').set({ stops }).where('id', '=', id).execute();
}

export async function setPlanUnmet(db: Conn, id: number, unmet: string): Promise<void> {
  await db.updateTable('patrol_plans').set({ unmet }).where('id', '=', id).execute();
}

/** A plan's status change from one of `from`, under the version read (409 STALE_VERSION otherwise). */
export async function setPlanStatus(
  db: Conn,
  id: number,
  to: { status: 'published'; at: string; byName: string } | { status: 'cancelled'; at: string },
  where: { version: number; from: string },
): Promise<number> {
  const set = to.status === 'published' ? { status: to.status, published_at: to.at, published_by_name: to.byName } : { status: to.status, cancelled_at: to.at };
  return updateVersioned(db, 'patrol_plans', id, set, where);
}

/** Incidents (not cancelled) reported inside an area in [from, to), for the historic risk cells. */
export async function incidentHistory(db: Conn, areaId: number, from: number, to: number): Promise<{ lon: number; lat: number; at: number }[]> {
  const r = await sql<{ lon: number; lat: number; at: number }>`
    select st_x(i.geom) as lon, st_y(i.geom) as lat, (extract(epoch from i.reported_at) * 1000)::float8 as at
      from incidents i, areas a
     where a.id = ${areaId} and st_covers(a.geom, i.geom)
       and i.reported_at < ${new Date(to).toISOString()} and i.reported_at >= ${new Date(from).toISOString()}
       and i.status <> 'cancelled'`.execute(db);
  return r.rows;
}

/** Published plans whose shift overlaps [from, to] (epoch ms). */
export async function publishedPlansBetween(db: Conn, from: number, to: number): Promise<{ id: number; area_id: number; shift_start: string; shift_end: string; candidates: unknown }[]> {
  return db
    .selectFrom('patrol_plans')
    .select(['id', 'area_id', 'shift_start', 'shift_end', 'candidates'])
    .where('status', '=', 'published')
    .where('shift_start', '<=', new Date(to).toISOString())
    .where('shift_end', '>=', new Date(from).toISOString())
    .execute() as Promise<{ id: number; area_id: number; shift_start: string; shift_end: string; candidates: unknown }[]>;
}
