// SQL for incidents, their units and their append-only event log.
import { sql, type Transaction } from 'kysely';
import { OPEN_INCIDENT_STATUSES } from '@jingwang/core';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';
import { currentLateSync } from '../../lib/fieldtime';
import type { AreaIdColumns } from '../areas/columns';

export interface IncidentRow extends AreaIdColumns {
  id: number;
  number: string;
  source: string;
  category: string;
  priority: number;
  status: string;
  version: number;
  lon: number;
  lat: number;
  address: string;
  description: string;
  caller_name_masked: string | null;
  caller_phone_masked: string | null;
  caller_name_enc: string | null;
  caller_phone_enc: string | null;
  area_ids: number[];
  officer_id: number | null;
  grid_worker_id: number | null;
  reported_at: string;
  dispatched_at: string | null;
  en_route_at: string | null;
  on_scene_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  updated_at: string;
  target_s: number | null;
  key_place_id: number | null;
  key_place_name: string | null;
  eta_s: number | null;
  ended_at: string | null;
  disposition: string | null;
  disposition_note: string | null;
  cancel_reason: string | null;
  transfer_centre: string | null;
  transfer_ref: string | null;
}

const COLS = sql`i.id, i.number, i.source, i.category, i.priority, i.status, i.version, st_x(i.geom) lon, st_y(i.geom) lat,
  i.address, i.description, i.caller_name_masked, i.caller_phone_masked, i.caller_name_enc, i.caller_phone_enc,
  i.county_id, i.district_id, i.station_id, i.police_grid_id, i.resp_zone_id, i.community_id, i.grid_id, i.area_ids,
  i.officer_id, i.grid_worker_id, i.reported_at, i.dispatched_at, i.en_route_at, i.on_scene_at, i.resolved_at, i.closed_at, i.updated_at,
  i.target_s, i.key_place_id, (select k.name from key_places k where k.id = i.key_place_id) key_place_name, i.eta_s,
  i.ended_at, i.disposition, i.disposition_note, i.cancel_reason, i.transfer_centre, i.transfer_ref`;

/**
 * The open statuses (`OPEN_INCIDENT_STATUSES` of @jingwang/core) as a literal SQL list: constants of the code,
 * written out so that the partial index on open incidents (`incidents_status`) serves the query.
 */
export const OPEN_STATUSES_SQL = sql`(${sql.join(OPEN_INCIDENT_STATUSES.map((s) => sql.lit(s)))})`;

export interface NewIncident {
  source: string;
  category: string;
  priority: number;
  lon: number;
  lat: number;
  address: string;
  description: string;
  callerNameEnc: string | null;
  callerNameMasked: string | null;
  callerPhoneEnc: string | null;
  callerPhoneMasked: string | null;
  /** Keyed hash of the phone's digits, for search (FieldCipher.blindIndex). */
  callerPhoneHash?: string | null;
  reportedAt: string;
  createdBy: number | null;
  status?: string;
  dispatchedAt?: string | null;
  enRouteAt?: string | null;
  onSceneAt?: string | null;
  resolvedAt?: string | null;
  closedAt?: string | null;
}

/** Inserts an incident; the database trigger fills in its areas and responsible officer. */
export async function insertIncident(db: Db, n: NewIncident): Promise<IncidentRow> {
  const r = await sql<IncidentRow>`
    with ins as (
      insert into incidents (number, source, category, priority, geom, address, description,
        caller_name_enc, caller_name_masked, caller_phone_enc, caller_phone_masked, reported_at, created_by,
        status, dispatched_at, en_route_at, on_scene_at, resolved_at, closed_at, updated_at, caller_phone_hash)
      values ('JQ' || to_char(${n.reportedAt}::timestamptz at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('incident_number_seq')::text, 6, '0'),
        ${n.source}, ${n.category}, ${n.priority}, st_setsrid(st_point(${n.lon}, ${n.lat}), 4326), ${n.address}, ${n.description},
        ${n.callerNameEnc}, ${n.callerNameMasked}, ${n.callerPhoneEnc}, ${n.callerPhoneMasked}, ${n.reportedAt}, ${n.createdBy},
        ${n.status ?? 'new'}, ${n.dispatchedAt ?? null}, ${n.enRouteAt ?? null}, ${n.onSceneAt ?? null}, ${n.resolvedAt ?? null}, ${n.closedAt ?? null},
        coalesce(${n.closedAt ?? null}::timestamptz, ${n.reportedAt}::timestamptz), ${n.callerPhoneHash ?? null})
      returning *)
    select ${COLS} from ins i`.execute(db);
  return r.rows[0]!;
}

export async function getIncidentRow(db: Db, id: number, forUpdate = false): Promise<IncidentRow | null> {
  const r = forUpdate
    ? await sql<IncidentRow>`select ${COLS} from incidents i where i.id = ${id} for update`.execute(db)
    : await sql<IncidentRow>`select ${COLS} from incidents i where i.id = ${id}`.execute(db);
  return r.rows[0] ?? null;
}

export interface ListFilter {
  statuses: string[] | null;
  category: string | null;
  priority: number | null;
  scopeIds: number[] | null;
  areaIds: number[] | null;
  from: string | null;
  to: string | null;
  q: string | null;
  /** Exact number. */
  number?: string | null;
  /** Caller phone: its keyed hash, or the masked form for rows without one. */
  phoneHash?: string | null;
  phoneMasked?: string | null;
  /** Part of the address (case-insensitive). */
  address?: string | null;
  disposition?: string | null;
  /** Order by time only (history), not new-first (the command room's queue). */
  history?: boolean;
  page: number;
  pageSize: number;
}

export async function listIncidentRows(db: Db, f: ListFilter): Promise<{ rows: IncidentRow[]; total: number }> {
  const where = sql`
        (${f.statuses}::text[] is null or i.status = any(${f.statuses}::text[]))
    and (${f.category}::text is null or i.category = ${f.category})
    and (${f.priority}::int is null or i.priority = ${f.priority})
    and (${f.scopeIds}::int[] is null or i.area_ids && ${f.scopeIds}::int[])
    and (${f.areaIds}::int[] is null or i.area_ids && ${f.areaIds}::int[])
    and (${f.from}::timestamptz is null or i.reported_at >= ${f.from}::timestamptz)
    and (${f.to}::timestamptz is null or i.reported_at < ${f.to}::timestamptz)
    and (${f.q}::text is null or i.number = ${f.q} or i.address like '%' || ${f.q} || '%')
    and (${f.number ?? null}::text is null or i.number = ${f.number ?? null})
    and (${f.address ?? null}::text is null or strpos(lower(i.address), lower(${f.address ?? null}::text)) > 0)
    and (${f.disposition ?? null}::text is null or i.disposition = ${f.disposition ?? null})
    and (${f.phoneHash ?? null}::text is null
         or i.caller_phone_hash = ${f.phoneHash ?? null}
         or (i.caller_phone_hash is null and i.caller_phone_masked = ${f.phoneMasked ?? null}))`;
  const order = f.history ? sql`i.reported_at desc, i.id desc` : sql`case when i.status = 'new' then 0 else 1 end, i.reported_at desc, i.id desc`;
  const [rows, total] = await Promise.all([
    sql<IncidentRow>`select ${COLS} from incidents i where ${where}
      order by ${order}
      limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db),
    sql<{ n: number }>`select count(*)::int n from incidents i where ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0]!.n };
}

/** What a status change records besides the status: the end of the call and how it ended. */
export interface Outcome {
  /** The call leaves the open statuses: ended_at is set (once). */
  ended?: boolean;
  disposition?: string;
  dispositionNote?: string | null;
  cancelReason?: string;
  transfer?: { centre: string; reference: string };
}

/** A change of grade (category and/or priority) under optimistic concurrency; returns the new version. */
export async function updateGrade(db: Db | Transaction<DB>, id: number, expectedVersion: number, g: { category: string; priority: number }, now: string): Promise<number> {
  return updateVersioned(db, 'incidents', id, { category: g.category, priority: g.priority, updated_at: now }, { version: expectedVersion });
}

/** A change that is only an event (a remark): the version goes up so that others see it; returns the new version. */
export async function touch(db: Db | Transaction<DB>, id: number, expectedVersion: number, now: string): Promise<number> {
  return updateVersioned(db, 'incidents', id, { updated_at: now }, { version: expectedVersion });
}

/** Timeline events after an event (the changes since a recommendation was made), oldest first. */
export async function eventsAfter(db: Db, incidentId: number, afterId: number) {
  return db
    .selectFrom('incident_events')
    .select(['type', 'at', 'actor_name', 'from_status', 'to_status', 'note', 'data'])
    .where('incident_id', '=', incidentId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(20)
    .execute();
}

/** A status change under optimistic concurrency (409 STALE_VERSION if the incident changed); returns the new version. */
export async function updateIncidentStatus(
  db: Db | Transaction<DB>,
  id: number,
  expectedVersion: number,
  status: string,
  phase: { column: 'dispatched_at' | 'en_route_at' | 'on_scene_at' | 'resolved_at' | 'closed_at'; at: string } | null,
  now: string,
  outcome: Outcome = {},
): Promise<number> {
  const set: Record<string, unknown> = { status, updated_at: now };
  if (phase) set[phase.column] = sql`coalesce(${sql.ref(phase.column)}, ${phase.at}::timestamptz)`;
  if (outcome.ended) set.ended_at = sql`coalesce(ended_at, ${now}::timestamptz)`;
  if (outcome.disposition !== undefined) Object.assign(set, { disposition: outcome.disposition, disposition_note: outcome.dispositionNote ?? null });
  if (outcome.cancelReason !== undefined) set.cancel_reason = outcome.cancelReason;
  if (outcome.transfer !== undefined) Object.assign(set, { transfer_centre: outcome.transfer.centre, transfer_ref: outcome.transfer.reference });
  return updateVersioned(db, 'incidents', id, set, { version: expectedVersion });
}

/** The late-sync mark of the field action being handled (lib/fieldtime.ts), for the events it appends. */
function lateSyncColumns(): { late_synced?: boolean; received_at?: string } {
  const l = currentLateSync();
  return l.lateSynced ? { late_synced: true, received_at: l.receivedAt! } : {};
}

export async function insertEvent(
  db: Db,
  e: { incidentId: number; at: string; type: string; from: string | null; to: string | null; actorUserId: number | null; actorName: string; note?: string | null; data?: unknown },
): Promise<void> {
  await db
    .insertInto('incident_events')
    .values({
      incident_id: e.incidentId,
      at: e.at,
      type: e.type,
      from_status: e.from,
      to_status: e.to,
      actor_user_id: e.actorUserId,
      actor_name: e.actorName,
      note: e.note ?? null,
      data: JSON.stringify(e.data ?? {}),
      ...lateSyncColumns(),
    })
    .execute();
}

export async function listEvents(db: Db, incidentId: number) {
  return db.selectFrom('incident_events').selectAll().where('incident_id', '=', incidentId).orderBy('at').orderBy('id').execute();
}

export interface AssignmentRow {
  incident_id: number;
  unit_id: number;
  callsign: string;
  type: string;
  dispatched_at: string;
  arrived_at: string | null;
  released_at: string | null;
  eta_s: number | null;
  arrival_source: string | null;
}

export async function assignments(db: Db, incidentIds: number[]): Promise<AssignmentRow[]> {
  if (incidentIds.length === 0) return [];
  const r = await sql<AssignmentRow>`
    select iu.incident_id, iu.unit_id, u.callsign, u.type, iu.dispatched_at, iu.arrived_at, iu.released_at, iu.eta_s, iu.arrival_source
      from incident_units iu join units u on u.id = iu.unit_id
     where iu.incident_id = any(${incidentIds}::int[]) order by iu.dispatched_at`.execute(db);
  return r.rows;
}

export async function insertAssignment(db: Db, incidentId: number, unitId: number, at: string, etaS: number | null = null): Promise<void> {
  await db.insertInto('incident_units').values({ incident_id: incidentId, unit_id: unitId, dispatched_at: at, arrived_at: null, released_at: null, eta_s: etaS }).execute();
  // the first unit's ETA is the incident's promise
  if (etaS !== null) await db.updateTable('incidents').set({ eta_s: etaS }).where('id', '=', incidentId).where('eta_s', 'is', null).execute();
}

export async function markArrived(db: Db, incidentId: number, at: string, unitId?: number, source: 'position' | 'status' = 'status'): Promise<void> {
  let q = db
    .updateTable('incident_units')
    .set({ arrived_at: at, arrival_source: source })
    .where('incident_id', '=', incidentId)
    .where('released_at', 'is', null)
    .where('arrived_at', 'is', null);
  if (unitId !== undefined) q = q.where('unit_id', '=', unitId);
  await q.execute();
}

export async function releaseAll(db: Db, incidentId: number, at: string): Promise<void> {
  await db.updateTable('incident_units').set({ released_at: at }).where('incident_id', '=', incidentId).where('released_at', 'is', null).execute();
}

export async function summary(db: Db, scopeIds: number[] | null, now: string) {
  const scope = sql`(${scopeIds}::int[] is null or i.area_ids && ${scopeIds}::int[])`;
  const [open, today, hours, median] = await Promise.all([
    sql<{ status: string; n: number }>`select i.status, count(*)::int n from incidents i
      where i.status in ${OPEN_STATUSES_SQL} and ${scope} group by i.status`.execute(db),
    sql<{ category: string; n: number }>`select i.category, count(*)::int n from incidents i
      where i.reported_at >= date_trunc('day', ${now}::timestamptz at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai'
        and ${scope} group by i.category`.execute(db),
    sql<{ hour: string; n: number }>`select h.hour, count(i.id)::int n
      from generate_series(date_trunc('hour', ${now}::timestamptz) - interval '23 hours', date_trunc('hour', ${now}::timestamptz), interval '1 hour') h(hour)
      left join incidents i on i.reported_at >= h.hour and i.reported_at < h.hour + interval '1 hour' and ${scope}
      group by h.hour order by h.hour`.execute(db),
    sql<{ m: number | null }>`select percentile_cont(0.5) within group (order by extract(epoch from (i.on_scene_at - i.reported_at)) / 60) m
      from incidents i where i.on_scene_at is not null and i.reported_at >= ${now}::timestamptz - interval '7 days' and ${scope}`.execute(db),
  ]);
  return { open: open.rows, today: today.rows, hours: hours.rows, medianMin: median.rows[0]?.m ?? null };
}
