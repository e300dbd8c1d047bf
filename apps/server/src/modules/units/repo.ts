// SQL for units and their positions.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

export interface UnitRow {
  id: number;
  callsign: string;
  type: string;
  echelon: number;
  status: string;
  version: number;
  team_id: number | null;
  team_name: string | null;
  home_area_id: number | null;
  home_area_name: string | null;
  lon: number | null;
  lat: number | null;
  position_at: string | null;
  incident_id: number | null;
  device_id: string | null;
  members: { id: number; name: string; role: string }[] | null;
  status_reason: string | null;
  status_since: string | null;
  patrol_tier: string | null;
}

const SELECT = sql`
  select u.id, u.callsign, u.type, u.echelon, u.status, u.version, u.team_id, t.name team_name, u.home_area_id, a.name home_area_name,
         u.lon, u.lat, u.position_at, u.incident_id, u.device_id, u.status_reason, u.status_since, u.patrol_tier,
         (select json_agg(json_build_object('id', p.id, 'name', p.name, 'role', p.role) order by p.id)
            from unit_members m join people p on p.id = m.person_id where m.unit_id = u.id) members
    from units u left join teams t on t.id = u.team_id left join areas a on a.id = u.home_area_id`;

export async function listUnitRows(db: Db, homeAreaIds: number[] | null, ids: number[] | null = null): Promise<UnitRow[]> {
  const r = await sql<UnitRow>`${SELECT}
    where u.active
      and (${homeAreaIds}::int[] is null or u.home_area_id = any(${homeAreaIds}::int[]))
      and (${ids}::int[] is null or u.id = any(${ids}::int[]))
    order by u.echelon, u.callsign`.execute(db);
  return r.rows;
}

export interface DispatchUnitRow {
  id: number;
  callsign: string;
  type: string;
  echelon: number;
  status: string;
  /** The status version (a dispatch's basis token carries it). */
  version: number;
  home_area_id: number | null;
  lon: number | null;
  lat: number | null;
  position_at: string | null;
  members: number;
}

/** What a recommendation needs of the units in scope: no names, one pass over units and members. */
export async function listDispatchUnits(db: Db, homeAreaIds: number[] | null): Promise<DispatchUnitRow[]> {
  const r = await sql<DispatchUnitRow>`
    select u.id, u.callsign, u.type, u.echelon, u.status, u.version, u.home_area_id, u.lon, u.lat, u.position_at, coalesce(m.n, 0)::int members
      from units u left join (select unit_id, count(*) n from unit_members group by unit_id) m on m.unit_id = u.id
     where u.active and (${homeAreaIds}::int[] is null or u.home_area_id = any(${homeAreaIds}::int[]))
     order by u.id`.execute(db);
  return r.rows;
}

export async function getUnitForUpdate(db: Db, id: number) {
  return db.selectFrom('units').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A unit's status under optimistic concurrency (409 STALE_VERSION on /unitId if it changed); returns the new version. */
export async function setUnitStatus(
  db: Db | Transaction<DB>,
  id: number,
  expectedVersion: number,
  status: string,
  incidentId: number | null,
  now: string,
): Promise<number> {
  return updateVersioned(db, 'units', id, { status, incident_id: incidentId, updated_at: now, status_reason: null, status_since: now }, { version: expectedVersion, field: '/unitId' });
}

/** Moves every unit currently on the incident to a status (units follow the incident). */
export async function setStatusForIncident(db: Db, incidentId: number, status: string, release: boolean, now: string): Promise<number[]> {
  const rows = await db
    .updateTable('units')
    .set({ status, incident_id: release ? null : incidentId, updated_at: now, status_reason: null, status_since: now, version: sql`version + 1` } as never)
    .where('incident_id', '=', incidentId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertUnitEvent(db: Db, e: { unitId: number; from: string | null; to: string; incidentId: number | null; actorName: string; at: string }) {
  await db.insertInto('unit_events').values({ unit_id: e.unitId, from_status: e.from, to_status: e.to, incident_id: e.incidentId, actor_name: e.actorName, at: e.at }).execute();
}

export interface PositionIn {
  unitId: number;
  lon: number;
  lat: number;
  at: string;
  speedKmh: number | null;
  heading: number | null;
}

/**
 * Writes a batch of positions: the track keeps every distinct (unit, time) once (duplicates are dropped), and a
 * unit's last position moves only forward in time (late, out-of-order fixes go to the track but not to the unit).
 */
export async function ingestPositions(db: Db, positions: PositionIn[], now: string): Promise<{ inserted: number; movedUnitIds: number[]; movedEnRoute: number[] }> {
  if (positions.length === 0) return { inserted: 0, movedUnitIds: [], movedEnRoute: [] };
  const payload = JSON.stringify(positions.map((p) => [p.unitId, p.at, p.lon, p.lat, p.speedKmh, p.heading]));
  const ins = await sql<{ n: number }>`
    with src as (
      select (e->>0)::int unit_id, (e->>1)::timestamptz at, (e->>2)::float8 lon, (e->>3)::float8 lat,
             (e->>4)::real speed_kmh, (e->>5)::real heading
        from jsonb_array_elements(${payload}::jsonb) e
    ), ins as (
      insert into unit_positions (unit_id, at, lon, lat, speed_kmh, heading, received_at)
      select distinct on (unit_id, at) unit_id, at, lon, lat, speed_kmh, heading, ${now}::timestamptz from src
      on conflict (unit_id, at) do nothing returning 1
    ) select count(*)::int n from ins`.execute(db);
  const moved = await sql<{ id: number; status: string }>`
    with src as (
      select distinct on ((e->>0)::int) (e->>0)::int unit_id, (e->>1)::timestamptz at, (e->>2)::float8 lon, (e->>3)::float8 lat,
             (e->>4)::real speed_kmh, (e->>5)::real heading
        from jsonb_array_elements(${payload}::jsonb) e
       order by (e->>0)::int, (e->>1)::timestamptz desc
    )
    update units u set lon = s.lon, lat = s.lat, position_at = s.at, speed_kmh = s.speed_kmh, heading = s.heading
      from src s where u.id = s.unit_id and (u.position_at is null or s.at > u.position_at)
    returning u.id, u.status`.execute(db);
  return {
    inserted: ins.rows[0]!.n,
    movedUnitIds: moved.rows.map((r) => r.id),
    movedEnRoute: moved.rows.filter((r) => r.status === 'dispatched' || r.status === 'en_route').map((r) => r.id),
  };
}

/** What position ingest needs to know of the units it is sent. */
export async function unitPositionsOf(db: Db, ids: number[]): Promise<{ id: number; home_area_id: number | null; position_at: string | null }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('units').select(['id', 'home_area_id', 'position_at']).where('id', 'in', ids).execute();
}

export async function unitStatusCounts(db: Db, homeAreaIds: number[] | null) {
  const r = await sql<{ status: string; n: number }>`select status, count(*)::int n from units
     where active and (${homeAreaIds}::int[] is null or home_area_id = any(${homeAreaIds}::int[])) group by status`.execute(db);
  return r.rows;
}

/** Deletes track points older than `before`; returns how many. */
export async function prunePositions(db: Db, before: string): Promise<number> {
  const r = await db.deleteFrom('unit_positions').where('at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The unit an AVL device id is bound to, if any. */
export async function unitByDevice(db: Db, deviceId: string): Promise<{ id: number; callsign: string } | undefined> {
  return db.selectFrom('units').select(['id', 'callsign']).where('device_id', '=', deviceId).executeTakeFirst();
}

export async function setUnitDevice(db: Db, unitId: number, deviceId: string | null): Promise<void> {
  await db.updateTable('units').set({ device_id: deviceId }).where('id', '=', unitId).execute();
}

// ------------------------------------------------------------------ administration (issue 12)

type Q = Db | Transaction<DB>;

export async function callsignTaken(db: Q, callsign: string, except: number | null): Promise<boolean> {
  let q = db.selectFrom('units').select('id').where('callsign', '=', callsign);
  if (except !== null) q = q.where('id', '<>', except);
  return !!(await q.executeTakeFirst());
}

export async function insertUnit(
  db: Q,
  u: { callsign: string; type: string; echelon: number; teamId: number | null; homeAreaId: number; patrolTier: string | null; at: string },
): Promise<number> {
  const r = await db
    .insertInto('units')
    .values({
      callsign: u.callsign,
      type: u.type,
      echelon: u.echelon,
      team_id: u.teamId,
      home_area_id: u.homeAreaId,
      patrol_tier: u.patrolTier,
      status: 'off_duty',
      status_since: u.at,
      incident_id: null,
      lon: null,
      lat: null,
      heading: null,
      speed_kmh: null,
      position_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function updateUnit(
  db: Q,
  id: number,
  version: number,
  set: { callsign?: string; type?: string; echelon?: number; team_id?: number | null; home_area_id?: number; patrol_tier?: string | null; updated_at: string },
): Promise<number> {
  return updateVersioned(db, 'units', id, set, { version });
}

/** Retires a unit that is on no incident (the status says so); its members stay as history. */
export function retireUnit(db: Q, id: number, version: number, at: string): Promise<number> {
  return updateVersioned(db, 'units', id, { active: false, retired_at: at, status: 'out_of_service', status_since: at, updated_at: at }, { version, from: ['available', 'off_duty', 'meal_break', 'busy', 'out_of_service'] });
}

export async function setMembers(db: Q, unitId: number, personIds: number[]): Promise<void> {
  await db.deleteFrom('unit_members').where('unit_id', '=', unitId).execute();
  if (personIds.length) await db.insertInto('unit_members').values(personIds.map((p) => ({ unit_id: unitId, person_id: p }))).execute();
}

/** A status set by hand: from the status the caller saw, with its reason and time. */
export function setManualStatus(db: Q, id: number, version: number, from: string, status: string, reason: string | null, at: string): Promise<number> {
  return updateVersioned(db, 'units', id, { status, status_reason: reason, status_since: at, updated_at: at }, { version, from, field: '/version' });
}

export async function insertStatusEvent(db: Q, e: { unitId: number; from: string | null; to: string; reason: string | null; actorName: string; at: string }) {
  await db.insertInto('unit_events').values({ unit_id: e.unitId, from_status: e.from, to_status: e.to, incident_id: null, actor_name: e.actorName, at: e.at, reason: e.reason }).execute();
}

export async function statusHistory(db: Q, unitId: number, limit: number) {
  return db
    .selectFrom('unit_events')
    .select(['at', 'from_status', 'to_status', 'reason', 'incident_id', 'actor_name'])
    .where('unit_id', '=', unitId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
