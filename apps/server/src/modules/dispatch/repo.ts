// SQL of the dispatch module: the incident point a recommendation reads, reinforcement requests, and response
// compliance (the units' SQL is the units module's).
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { OPEN_REINFORCEMENT_STATUSES } from '@jingwang/core';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

type Q = Db | Transaction<DB>;

// ---------------------------------------------------------------------------------------------- recommendation

export interface IncidentPoint {
  id: number;
  category: string;
  priority: number;
  status: string;
  lon: number;
  lat: number;
  area_ids: number[];
  target_s: number | null;
  key_place_id: number | null;
  key_place_name: string | null;
  version: number;
  /** The last event of its timeline (a basis token names it: later events are what changed). */
  last_event_id: number;
}

export async function incidentPoint(db: Q, id: number): Promise<IncidentPoint | null> {
  const r = await sql<IncidentPoint>`
    select i.id, i.category, i.priority, i.status, st_x(i.geom) lon, st_y(i.geom) lat, i.area_ids, i.target_s, i.key_place_id,
           (select k.name from key_places k where k.id = i.key_place_id) key_place_name, i.version,
           coalesce((select max(e.id) from incident_events e where e.incident_id = i.id), 0)::int last_event_id
      from incidents i where i.id = ${id}`.execute(db);
  return r.rows[0] ?? null;
}

/** Units on the incident now (not released): they fill its run card first. */
export async function activeAssignments(db: Q, incidentId: number): Promise<{ unit_id: number; callsign: string; type: string }[]> {
  const r = await sql<{ unit_id: number; callsign: string; type: string }>`
    select iu.unit_id, u.callsign, u.type from incident_units iu join units u on u.id = iu.unit_id
     where iu.incident_id = ${incidentId} and iu.released_at is null order by iu.dispatched_at, iu.unit_id`.execute(db);
  return r.rows;
}

// ---------------------------------------------------------------------------------------------- arrivals

/** Of the given units, those dispatched or en route whose last position lies within `radiusM` of their incident. */
export async function arrivalCandidates(db: Q, unitIds: number[], radiusM: number): Promise<{ unit_id: number; incident_id: number; meters: number }[]> {
  const r = await sql<{ unit_id: number; incident_id: number; meters: number }>`
    select u.id unit_id, u.incident_id, st_distance(i.geom::geography, st_setsrid(st_point(u.lon, u.lat), 4326)::geography) meters
      from units u join incidents i on i.id = u.incident_id
     where u.id = any(${unitIds}::int[]) and u.status in ('dispatched', 'en_route') and u.lon is not null
       and st_dwithin(i.geom::geography, st_setsrid(st_point(u.lon, u.lat), 4326)::geography, ${radiusM})`.execute(db);
  return r.rows;
}

// ---------------------------------------------------------------------------------------------- reinforcements

export interface ReinforcementRow {
  id: number;
  incident_id: number;
  number: string;
  area_ids: number[];
  echelon: number;
  units_needed: number;
  unit_types: string[];
  reason: string;
  status: string;
  version: number;
  requested_by: number | null;
  requested_by_name: string;
  requested_at: string;
  handled_by_name: string | null;
  accepted_at: string | null;
  fulfilled_at: string | null;
  cancelled_at: string | null;
  note: string | null;
}

export interface ReinforcementFilter {
  id?: number;
  /** null: every status. */
  statuses?: readonly string[] | null;
  incidentId?: number;
  /** Area ids the incident must touch (the caller's scope); null: all. */
  scopeIds?: number[] | null;
  limit?: number;
}

export async function reinforcementRows(db: Q, f: ReinforcementFilter): Promise<ReinforcementRow[]> {
  let s = db
    .selectFrom('reinforcement_requests as r')
    .innerJoin('incidents as i', 'i.id', 'r.incident_id')
    .select([
      'r.id', 'r.incident_id', 'i.number', 'i.area_ids', 'r.echelon', 'r.units_needed', 'r.unit_types', 'r.reason', 'r.status', 'r.version',
      'r.requested_by', 'r.requested_by_name', 'r.requested_at', 'r.handled_by_name', 'r.accepted_at', 'r.fulfilled_at', 'r.cancelled_at', 'r.note',
    ]);
  if (f.id !== undefined) s = s.where('r.id', '=', f.id);
  if (f.statuses) s = s.where('r.status', 'in', [...f.statuses]);
  if (f.incidentId !== undefined) s = s.where('r.incident_id', '=', f.incidentId);
  if (f.scopeIds) s = s.where(sql<boolean>`i.area_ids && ${f.scopeIds}::int[]`);
  return (await s.orderBy('r.requested_at', 'desc').orderBy('r.id', 'desc').limit(f.limit ?? 500).execute()) as ReinforcementRow[];
}

export async function insertReinforcement(
  tx: Q,
  n: { incidentId: number; echelon: number; unitsNeeded: number; unitTypes: string[]; reason: string; requestedBy: number | null; requestedByName: string; at: string },
): Promise<number> {
  const r = await tx
    .insertInto('reinforcement_requests')
    .values({
      incident_id: n.incidentId,
      echelon: n.echelon,
      units_needed: n.unitsNeeded,
      unit_types: n.unitTypes,
      reason: n.reason,
      requested_by: n.requestedBy,
      requested_by_name: n.requestedByName,
      requested_at: n.at,
      handled_by_name: null,
      accepted_at: null,
      fulfilled_at: null,
      cancelled_at: null,
      note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A transition of a request: the state, its time column, who handled it; 409 STALE_VERSION if it changed meanwhile. */
export async function updateReinforcementStatus(
  tx: Q,
  id: number,
  t: { version: number; from: string; to: string; column: 'accepted_at' | 'fulfilled_at' | 'cancelled_at'; at: string; by: string; note: string | null },
): Promise<number> {
  return updateVersioned(tx, 'reinforcement_requests', id, { status: t.to, [t.column]: t.at, handled_by_name: t.by, note: t.note }, { version: t.version, from: t.from });
}

/** The open requests of an incident, locked (they lapse with it). */
export async function openReinforcementsForUpdate(tx: Q, incidentId: number): Promise<{ id: number; status: string; version: number; note: string | null }[]> {
  return tx
    .selectFrom('reinforcement_requests')
    .select(['id', 'status', 'version', 'note'])
    .where('incident_id', '=', incidentId)
    .where('status', 'in', [...OPEN_REINFORCEMENT_STATUSES])
    .orderBy('id')
    .forUpdate()
    .execute();
}

// ---------------------------------------------------------------------------------------------- compliance

export interface ComplianceRowDb {
  area_id: number | null;
  area_name: string | null;
  day: string | null;
  category: string | null;
  priority: number | null;
  incidents: number;
  dispatched: number;
  arrived: number;
  met: number;
  c2d: number | null;
  d2a50: number | null;
  d2a90: number | null;
  total: number | null;
  w1: number;
  w3: number;
  w5: number;
}

/** Response times per area column (and optionally day, category, priority) of incidents reported in [from, to). */
export async function complianceRows(
  db: Q,
  q: { column: string; from: string; to: string; byDay: boolean; byCategory: boolean; byPriority: boolean; scopeIds: number[] | null; category?: string; priority?: number },
): Promise<ComplianceRowDb[]> {
  const col = sql.ref(`i.${q.column}`);
  const day = q.byDay ? sql`to_char(i.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')` : sql`null::text`;
  const category = q.byCategory ? sql`i.category` : sql`null::text`;
  const priority = q.byPriority ? sql`i.priority::int` : sql`null::int`;
  const filters: RawBuilder<unknown>[] = [sql`i.reported_at >= ${q.from}::timestamptz`, sql`i.reported_at < ${q.to}::timestamptz`, sql`i.status <> 'cancelled'`];
  if (q.scopeIds) filters.push(sql`i.area_ids && ${q.scopeIds}::int[]`);
  if (q.category) filters.push(sql`i.category = ${q.category}`);
  if (q.priority !== undefined) filters.push(sql`i.priority = ${q.priority}`);
  const d2a = sql`extract(epoch from i.on_scene_at - i.dispatched_at)`;
  const r = await sql<ComplianceRowDb>`
    select ${col} area_id, a.name area_name, ${day} as day, ${category} as category, ${priority} as priority,
           count(*)::int incidents,
           count(i.dispatched_at)::int dispatched,
           count(*) filter (where i.dispatched_at is not null and i.on_scene_at is not null)::int arrived,
           count(*) filter (where i.dispatched_at is not null and i.on_scene_at is not null and ${d2a} <= coalesce(i.target_s, 300))::int met,
           percentile_cont(0.5) within group (order by extract(epoch from i.dispatched_at - i.reported_at)) c2d,
           percentile_cont(0.5) within group (order by ${d2a}) d2a50,
           percentile_cont(0.9) within group (order by ${d2a}) d2a90,
           percentile_cont(0.5) within group (order by extract(epoch from i.on_scene_at - i.reported_at)) total,
           count(*) filter (where ${d2a} <= 60)::int w1,
           count(*) filter (where ${d2a} <= 180)::int w3,
           count(*) filter (where ${d2a} <= 300)::int w5
      from incidents i left join areas a on a.id = ${col}
     where ${sql.join(filters, sql` and `)}
     group by 1, 2, 3, 4, 5
     order by 2 nulls last, 3, 4, 5`.execute(db);
  return r.rows;
}
