// All SQL of the reports module: the counts the reports are made of (incidents as located when they happened,
// cancelled ones left out, local days), the monthly response and patrol figures, the audience of a push, and the
// stored snapshots. Reports are a read model over other modules' tables, so the counting queries read them directly
// (read-only); every write is to `reports`.
import { sql, type Transaction } from 'kysely';
import type { ReportKind } from '@jingwang/contracts';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';

type Q = Db | Transaction<DB>;

/** Incidents counted for an area over local days [from, toExcl) (YYYY-MM-DD) at `offsetMin` east of UTC. */
export interface Span {
  areaId: number;
  from: string;
  toExcl: string;
  offsetMin: number;
}

const utcOfLocal = (d: string, offsetMin: number) => new Date(Date.parse(`${d}T00:00:00Z`) - offsetMin * 60_000).toISOString();
/** An incident's local date. */
const localDay = (offsetMin: number) => sql`((i.reported_at at time zone 'UTC') + make_interval(mins => ${offsetMin}))::date`;
const where = (s: Span) =>
  sql`i.reported_at >= ${utcOfLocal(s.from, s.offsetMin)}::timestamptz and i.reported_at < ${utcOfLocal(s.toExcl, s.offsetMin)}::timestamptz and i.status <> 'cancelled' and i.area_ids @> array[${s.areaId}]::int[]`;

/** Counts per child area (police grid under a station, station under a district) and per local day. */
export async function countByAreaDay(db: Q, s: Span, col: 'police_grid_id' | 'station_id'): Promise<{ area_id: number | null; day: string; n: number }[]> {
  const r = await sql<{ area_id: number | null; day: string; n: number }>`
    select i.${sql.ref(col)} area_id, to_char(${localDay(s.offsetMin)}, 'YYYY-MM-DD') as day, count(*)::int n
      from incidents i where ${where(s)} group by 1, 2`.execute(db);
  return r.rows;
}

export async function countByCategory(db: Q, s: Span): Promise<Map<string, number>> {
  const r = await sql<{ category: string; n: number }>`select i.category, count(*)::int n from incidents i where ${where(s)} group by 1`.execute(db);
  return new Map(r.rows.map((x) => [x.category, x.n]));
}

export async function countByDay(db: Q, s: Span): Promise<Map<string, number>> {
  const r = await sql<{ day: string; n: number }>`select to_char(${localDay(s.offsetMin)}, 'YYYY-MM-DD') as day, count(*)::int n from incidents i where ${where(s)} group by 1`.execute(db);
  return new Map(r.rows.map((x) => [x.day, x.n]));
}

export async function countByMonthCategory(db: Q, s: Span): Promise<{ month: string; category: string; n: number }[]> {
  const r = await sql<{ month: string; category: string; n: number }>`
    select to_char(${localDay(s.offsetMin)}, 'YYYY-MM') as month, i.category, count(*)::int n from incidents i where ${where(s)} group by 1, 2`.execute(db);
  return r.rows;
}

/** The earliest incident stored (epoch ms; null: none): the data begin, before which no period is complete. */
export async function earliestIncident(db: Q): Promise<number | null> {
  const r = await sql<{ t: number | null }>`select (extract(epoch from min(reported_at)) * 1000)::float8 t from incidents`.execute(db);
  return r.rows[0]?.t ?? null;
}

export interface IncidentPoint {
  id: number;
  lon: number;
  lat: number;
  t: number;
  category: string;
  address: string;
  police_grid_id: number | null;
}

export async function incidentPoints(db: Q, s: Span): Promise<IncidentPoint[]> {
  const r = await sql<IncidentPoint>`
    select i.id, st_x(i.geom) lon, st_y(i.geom) lat, (extract(epoch from i.reported_at) * 1000)::float8 t, i.category, i.address, i.police_grid_id
      from incidents i where ${where(s)} order by i.reported_at`.execute(db);
  return r.rows;
}

/** What names a place: the live police grid holding it, the nearest named road (within ~300 m) and the address of the nearest incident (within ~150 m). */
export async function placeAt(db: Q, lon: number, lat: number): Promise<{ grid_id: number | null; road: string | null; address: string | null }> {
  const p = sql`st_setsrid(st_makepoint(${lon}, ${lat}), 4326)`;
  const r = await sql<{ grid_id: number | null; road: string | null; address: string | null }>`
    select area_at(${p}, 'police_grid', now()) grid_id,
           (select r.name from roads r where coalesce(r.name, '') <> '' and st_dwithin(r.geom, ${p}, 0.003) order by r.geom <-> ${p} limit 1) road,
           (select i.address from incidents i where i.status <> 'cancelled' and coalesce(i.address, '') <> '' and st_dwithin(i.geom, ${p}, 0.0015) order by i.geom <-> ${p}, i.id limit 1) address`.execute(db);
  return r.rows[0]!;
}

export interface ResponseRow {
  station_id: number | null;
  incidents: number;
  arrived: number;
  met: number;
  w1: number;
  w3: number;
  w5: number;
  med: number | null;
}

/** Dispatch-to-arrival per station: arrivals, those within the incident's target, within 1/3/5 minutes, median. */
export async function responseByStation(db: Q, s: Span): Promise<ResponseRow[]> {
  const d2a = sql`extract(epoch from i.on_scene_at - i.dispatched_at)`;
  const r = await sql<ResponseRow>`
    select i.station_id, count(*)::int incidents,
           count(*) filter (where i.dispatched_at is not null and i.on_scene_at is not null)::int arrived,
           count(*) filter (where i.dispatched_at is not null and i.on_scene_at is not null and ${d2a} <= coalesce(i.target_s, 300))::int met,
           count(*) filter (where ${d2a} <= 60)::int w1, count(*) filter (where ${d2a} <= 180)::int w3, count(*) filter (where ${d2a} <= 300)::int w5,
           percentile_cont(0.5) within group (order by ${d2a}) med
      from incidents i
     where ${where(s)}
     group by 1 order by 1`.execute(db);
  return r.rows;
}

export interface PatrolFigures {
  plans: number;
  checkins: number;
  flags: number;
  rounds: number;
}

/**
 * Patrol work in `areaIds` over local days [from, toExcl): published plans, check-ins (every one stored, verified or
 * not, in its window or not), flags, video rounds. The stops planned, visited and missed are patrol's own count
 * (modules/patrol/tally.ts), not SQL of this module: one rule for a visit.
 */
export async function patrolFigures(db: Q, areaIds: number[], s: Omit<Span, 'areaId'>): Promise<PatrolFigures> {
  const a = utcOfLocal(s.from, s.offsetMin);
  const b = utcOfLocal(s.toExcl, s.offsetMin);
  const inPlan = sql`p.area_id = any(${areaIds}::int[]) and p.plan_date >= ${s.from}::date and p.plan_date < ${s.toExcl}::date`;
  const r = await sql<PatrolFigures>`
    select (select count(*)::int from patrol_plans p where p.status = 'published' and ${inPlan}) plans,
           (select count(*)::int from patrol_checkins c join patrol_plans p on p.id = c.plan_id where ${inPlan}) checkins,
           (select count(*)::int from patrol_flags f join patrol_plans p on p.id = f.plan_id where ${inPlan}) flags,
           (select count(*)::int from video_rounds v where v.area_id = any(${areaIds}::int[]) and v.scheduled_at >= ${a}::timestamptz and v.scheduled_at < ${b}::timestamptz) rounds`.execute(db);
  return r.rows[0]!;
}

// ---------------------------------------------------------------- audience

/** Active officers whose scope is inside `areaIds`, and members of grid / community patrol units serving them. */
export async function dailyAudience(db: Q, areaIds: number[]): Promise<number[]> {
  const r = await sql<{ id: number }>`
    select u.id from users u
     where u.active and (
           (u.role = 'officer' and u.scope_area_id = any(${areaIds}::int[]))
        or u.person_id in (select m.person_id from unit_members m join units un on un.id = m.unit_id
                            where un.patrol_tier in ('grid','community') and coalesce(un.patrol_area_id, un.home_area_id) = any(${areaIds}::int[])))
     order by u.id`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Active users of these roles whose scope is inside `areaIds`. */
export async function usersByRole(db: Q, roles: string[], areaIds: number[]): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('active', '=', true)
    .where('role', 'in', roles)
    .where('scope_area_id', 'in', areaIds)
    .orderBy('id')
    .execute();
  return rows.map((x) => x.id);
}

/** Active administrators (alerted when a report has nobody to go to). */
export async function activeAdmins(db: Q): Promise<number[]> {
  const rows = await db.selectFrom('users').select('id').where('active', '=', true).where('role', '=', 'admin').orderBy('id').execute();
  return rows.map((x) => x.id);
}

/** Users notified of a report (a notification is made once per user, kind and ref). */
export async function countPushed(db: Q, reportId: number): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int n from notifications where ref_type = 'report' and ref_id = ${String(reportId)}`.execute(db);
  return r.rows[0]!.n;
}

// ---------------------------------------------------------------- stored reports

export interface ReportRow {
  id: number;
  kind: ReportKind;
  area_id: number;
  period_start: unknown;
  period_end: unknown;
  trigger: 'schedule' | 'demand';
  version: number;
  generated_at: string | Date;
  generated_by: string;
  pushed_at: string | Date | null;
  pushed_to: number;
}
export interface ReportRowWithContent extends ReportRow {
  content: unknown;
}

const SUMMARY_COLUMNS = ['id', 'kind', 'area_id', 'period_start', 'period_end', 'trigger', 'version', 'generated_at', 'generated_by', 'pushed_at', 'pushed_to'] as const;

/** Inserts the report of (kind, area, period start), or replaces its content as a new version; returns its id. */
export async function upsertReport(
  db: Q,
  r: { kind: ReportKind; areaId: number; periodStart: string; periodEnd: string; trigger: 'schedule' | 'demand'; content: unknown; generatedAt: string; generatedBy: string },
): Promise<number> {
  const content = JSON.stringify(r.content);
  const row = await db
    .insertInto('reports')
    .values({ kind: r.kind, area_id: r.areaId, period_start: r.periodStart, period_end: r.periodEnd, trigger: r.trigger, content, generated_at: r.generatedAt, generated_by: r.generatedBy })
    .onConflict((oc) => oc.columns(['kind', 'area_id', 'period_start']).doUpdateSet({ content, generated_at: r.generatedAt, generated_by: r.generatedBy, trigger: r.trigger, version: sql`reports.version + 1` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markPushed(db: Q, id: number, at: string, to: number): Promise<void> {
  await db.updateTable('reports').set({ pushed_at: at, pushed_to: to }).where('id', '=', id).execute();
}

export async function findReport(db: Q, id: number): Promise<ReportRowWithContent | undefined> {
  return (await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst()) as ReportRowWithContent | undefined;
}

/** Newest period first; `areaIds` null = every area. */
export async function listReports(db: Q, q: { kind?: ReportKind; areaId?: number; areaIds: number[] | null; limit: number }): Promise<ReportRow[]> {
  let query = db.selectFrom('reports').select([...SUMMARY_COLUMNS]).orderBy('period_start', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.areaId !== undefined) query = query.where('area_id', '=', q.areaId);
  if (q.areaIds) query = query.where('area_id', 'in', q.areaIds.length ? q.areaIds : [-1]);
  return (await query.execute()) as unknown as ReportRow[];
}

export async function reportExists(db: Q, kind: ReportKind, areaId: number, periodStart: string): Promise<boolean> {
  return !!(await db.selectFrom('reports').select('id').where('kind', '=', kind).where('area_id', '=', areaId).where('period_start', '=', periodStart).executeTakeFirst());
}
