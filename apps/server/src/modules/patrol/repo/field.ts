// SQL of proof of patrol: check-ins and their photos, flags (off route, missed point, absent), roll calls, the
// routes of a unit, and the positions of a unit's track.
import { sql } from 'kysely';
import { updateVersioned } from '../../../db/versioned';
import type { Conn } from './reference';

// ---------------------------------------------------------------- check-ins

export interface CheckinRow {
  id: number;
  plan_id: number;
  route_id: number;
  unit_id: number;
  callsign: string;
  kind: string;
  ref: string;
  method: string;
  at: string;
  lon: number | null;
  lat: number | null;
  note: string | null;
  photo_id: number | null;
  by_name: string;
  stops: unknown;
  proof: string;
  proof_reason: string | null;
  distance_m: number | null;
  photo_gallery: boolean | null;
  late_synced: boolean;
  received_at: string | null;
}

/** Check-ins by id or of a plan (oldest first), with their unit's callsign and their route's stops. */
export async function checkinRows(db: Conn, by: { id: number } | { planId: number } | { routeId: number }): Promise<CheckinRow[]> {
  let q = db
    .selectFrom('patrol_checkins as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .innerJoin('patrol_routes as r', 'r.id', 'c.route_id')
    .leftJoin('patrol_photos as ph', 'ph.id', 'c.photo_id')
    .select(['c.id', 'c.plan_id', 'c.route_id', 'c.unit_id', 'u.callsign', 'c.kind', 'c.ref', 'c.method', 'c.at', 'c.lon', 'c.lat', 'c.note', 'c.photo_id', 'c.by_name', 'r.stops'])
    .select(['c.proof', 'c.proof_reason', 'c.distance_m', 'ph.gallery as photo_gallery', 'c.late_synced', 'c.received_at']);
  q = 'id' in by ? q.where('c.id', '=', by.id) : 'routeId' in by ? q.where('c.route_id', '=', by.routeId) : q.where('c.plan_id', '=', by.planId);
  return (await q.orderBy('c.at').execute()) as CheckinRow[];
}

export interface NewCheckin {
  plan_id: number;
  route_id: number;
  unit_id: number;
  kind: string;
  ref: string;
  method: string;
  at: string;
  lon: number | null;
  lat: number | null;
  note: string | null;
  photo_id: number | null;
  by_name: string;
  by_user?: number | null;
  proof?: 'verified' | 'unverified';
  proof_reason?: string | null;
  distance_m?: number | null;
  accuracy_m?: number | null;
  /** Sent late by the phone's queue (补传): `at` is when the officer acted, received_at when it arrived. */
  late_synced?: boolean;
  received_at?: string | null;
}

export async function insertCheckin(db: Conn, c: NewCheckin): Promise<number> {
  return (await db.insertInto('patrol_checkins').values(c).returning('id').executeTakeFirstOrThrow()).id;
}

export interface NewPhoto {
  mime: string;
  bytes: Buffer;
  received_at?: string | null;
  exif_taken_at?: string | null;
  exif_lon?: number | null;
  exif_lat?: number | null;
  client_taken_at?: string | null;
  gallery?: boolean;
  gallery_reason?: string | null;
  watermarked?: boolean;
}

export async function insertPhoto(db: Conn, p: NewPhoto): Promise<number> {
  return (await db.insertInto('patrol_photos').values(p).returning('id').executeTakeFirstOrThrow()).id;
}

/** A check-in photo with the area of its plan. */
export async function photoRow(db: Conn, id: number): Promise<{ mime: string; bytes: Uint8Array; area_id: number } | undefined> {
  return db
    .selectFrom('patrol_photos as ph')
    .innerJoin('patrol_checkins as c', 'c.photo_id', 'ph.id')
    .innerJoin('patrol_plans as p', 'p.id', 'c.plan_id')
    .select(['ph.mime', 'ph.bytes', 'p.area_id'])
    .where('ph.id', '=', id)
    .executeTakeFirst();
}

/** The newest check-in per place of a route. */
export async function lastCheckins(db: Conn, routeId: number): Promise<{ kind: string; ref: string; at: string }[]> {
  return db.selectFrom('patrol_checkins').select(['kind', 'ref', sql<string>`max(at)`.as('at')]).where('route_id', '=', routeId).where('proof', '=', 'verified').groupBy(['kind', 'ref']).execute();
}

// ---------------------------------------------------------------- flags

export interface FlagRow {
  id: number;
  plan_id: number;
  route_id: number;
  unit_id: number;
  callsign: string;
  kind: string;
  status: string;
  raised_at: string;
  cleared_at: string | null;
  ref: string | null;
  detail: string;
  distance_m: number | null;
  lon: number | null;
  lat: number | null;
  version: number;
}

export interface FlagFilter {
  id?: number;
  routeId?: number;
  planId?: number;
  status?: string;
  date?: string;
  /** Plans of these areas only. */
  areaIds?: number[];
  limit?: number;
}

/** Flags, newest first (by id: the one flag). */
export async function flagRows(db: Conn, f: FlagFilter): Promise<FlagRow[]> {
  let q = db
    .selectFrom('patrol_flags as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .innerJoin('patrol_plans as p', 'p.id', 'f.plan_id')
    .select(['f.id', 'f.plan_id', 'f.route_id', 'f.unit_id', 'u.callsign', 'f.kind', 'f.status', 'f.raised_at', 'f.cleared_at', 'f.ref', 'f.detail', 'f.distance_m', 'f.lon', 'f.lat', 'f.version']);
  if (f.id !== undefined) q = q.where('f.id', '=', f.id);
  if (f.routeId !== undefined) q = q.where('f.route_id', '=', f.routeId);
  if (f.planId) q = q.where('f.plan_id', '=', f.planId);
  if (f.status) q = q.where('f.status', '=', f.status);
  if (f.date) q = q.where('p.plan_date', '=', f.date);
  if (f.areaIds) q = q.where('p.area_id', 'in', f.areaIds);
  return (await q.orderBy('f.raised_at', 'desc').limit(f.limit ?? 500).execute()) as FlagRow[];
}

/** A flag's plan, its plan's area and its status. */
export async function flagState(db: Conn, id: number): Promise<{ plan_id: number; area_id: number; status: string } | undefined> {
  return db.selectFrom('patrol_flags as f').innerJoin('patrol_plans as p', 'p.id', 'f.plan_id').select(['f.plan_id', 'p.area_id', 'f.status']).where('f.id', '=', id).executeTakeFirst();
}

/** Open -> acknowledged, under the version read (409 STALE_VERSION otherwise). */
export async function acknowledgeFlag(db: Conn, id: number, byName: string, version: number): Promise<number> {
  return updateVersioned(db, 'patrol_flags', id, { status: 'acknowledged', ack_by_name: byName }, { version, from: 'open' });
}

export interface NewFlag {
  plan_id: number;
  route_id: number;
  unit_id: number;
  kind: 'off_route' | 'missed_point' | 'absent';
  raised_at: string;
  ref: string | null;
  detail: string;
  distance_m: number | null;
  lon: number | null;
  lat: number | null;
}

/**
 * Raise a flag; null when it is already raised: a route has one live off-route flag, and one missed-point flag per
 * stop (`ref`). Absent flags (one per roll call) are always new.
 */
export async function insertFlag(db: Conn, f: NewFlag): Promise<number | null> {
  const q = db.insertInto('patrol_flags').values({ ...f, cleared_at: null, ack_by_name: null });
  const r =
    f.kind === 'off_route'
      ? await q.onConflict((oc) => oc.columns(['route_id']).where('kind', '=', 'off_route').where('status', '<>', 'cleared').doNothing()).returning('id').executeTakeFirst()
      : f.kind === 'missed_point'
        ? await q.onConflict((oc) => oc.columns(['route_id', 'ref']).where('kind', '=', 'missed_point').doNothing()).returning('id').executeTakeFirst()
        : await q.returning('id').executeTakeFirst();
  return r?.id ?? null;
}

/** Clear a route's live off-route flag (back on the route); the ids cleared. */
export async function clearOffRoute(db: Conn, routeId: number, at: string): Promise<number[]> {
  const rows = await db
    .updateTable('patrol_flags')
    .set({ status: 'cleared', cleared_at: at, version: sql`version + 1` })
    .where('route_id', '=', routeId)
    .where('kind', '=', 'off_route')
    .where('status', '<>', 'cleared')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Kinds of the flags of a plan, per route (the report's counts). */
export async function planFlagKinds(db: Conn, planId: number): Promise<{ route_id: number; kind: string }[]> {
  return db.selectFrom('patrol_flags').select(['route_id', 'kind']).where('plan_id', '=', planId).execute();
}

// ---------------------------------------------------------------- units and their routes

export interface UnitLite {
  id: number;
  callsign: string;
  type: string;
  lon: number | null;
  lat: number | null;
}

/** The unit a user serves in (their person's unit; the lowest tier first), or undefined. */
export async function unitOfUser(db: Conn, userId: number): Promise<UnitLite | undefined> {
  return db
    .selectFrom('users as us')
    .innerJoin('unit_members as m', 'm.person_id', 'us.person_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['u.id', 'u.callsign', 'u.type', 'u.lon', 'u.lat'])
    .where('us.id', '=', userId)
    .orderBy('u.patrol_tier')
    .orderBy('u.id')
    .executeTakeFirst();
}

export async function isUnitMember(db: Conn, userId: number, unitId: number): Promise<boolean> {
  const r = await db
    .selectFrom('unit_members as m')
    .innerJoin('users as us', 'us.person_id', 'm.person_id')
    .select('m.unit_id')
    .where('us.id', '=', userId)
    .where('m.unit_id', '=', unitId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function unitWithAreas(db: Conn, id: number): Promise<(UnitLite & { home_area_id: number | null; patrol_area_id: number | null }) | undefined> {
  return db.selectFrom('units').select(['id', 'callsign', 'type', 'lon', 'lat', 'home_area_id', 'patrol_area_id']).where('id', '=', id).executeTakeFirst();
}

/** Status and last position of units. */
export async function unitStates(db: Conn, ids: number[]): Promise<{ id: number; status: string; lon: number | null; lat: number | null; position_at: string | null }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('units').select(['id', 'status', 'lon', 'lat', 'position_at']).where('id', 'in', ids).execute() as Promise<
    { id: number; status: string; lon: number | null; lat: number | null; position_at: string | null }[]
  >;
}

/** A unit's routes in published plans whose shift meets [from, to] (epoch ms), earliest shift first. */
export async function publishedRoutesOfUnit(db: Conn, unitId: number, from: number, to: number): Promise<{ route_id: number; plan_id: number; shift_start: string; shift_end: string }[]> {
  return db
    .selectFrom('patrol_routes as r')
    .innerJoin('patrol_plans as p', 'p.id', 'r.plan_id')
    .select(['r.id as route_id', 'p.id as plan_id', 'p.shift_start', 'p.shift_end'])
    .where('r.unit_id', '=', unitId)
    .where('p.status', '=', 'published')
    .where('p.shift_end', '>', new Date(from).toISOString())
    .where('p.shift_start', '<', new Date(to).toISOString())
    .orderBy('p.shift_start')
    .execute();
}

/** A unit's stored positions in [from, to] (epoch ms), oldest first. */
export async function unitTrack(db: Conn, unitId: number, from: number, to: number): Promise<{ lon: number; lat: number; at: string; accuracy_m: number | null }[]> {
  return db
    .selectFrom('unit_positions')
    .select(['lon', 'lat', 'at', 'accuracy_m'])
    .where('unit_id', '=', unitId)
    .where('at', '>=', new Date(from).toISOString())
    .where('at', '<=', new Date(to).toISOString())
    .orderBy('at')
    .execute();
}

// ---------------------------------------------------------------- roll calls

export interface RollCallRow {
  id: number;
  plan_id: number;
  at: string;
  by_name: string;
  entries: unknown;
}

/**
 * Verified check-ins of a plan made in [from, to] (epoch ms), with the person of the user who made them (null for
 * geofence check-ins made from the unit's positions and for users without a person): who proved their presence.
 */
export async function rollCallCheckins(db: Conn, planId: number, from: number, to: number): Promise<{ route_id: number; method: string; at: string; person_id: number | null }[]> {
  const r = await sql<{ route_id: number; method: string; at: string; person_id: number | null }>`
    select c.route_id, c.method, c.at, u.person_id
      from patrol_checkins c left join users u on u.id = c.by_user
     where c.plan_id = ${planId} and c.proof = 'verified'
       and c.at >= ${new Date(from).toISOString()}::timestamptz and c.at <= ${new Date(to).toISOString()}::timestamptz
     order by c.at`.execute(db);
  return r.rows;
}

export async function insertRollCall(db: Conn, r: { plan_id: number; at: string; by_name: string; entries: string }): Promise<number> {
  return (await db.insertInto('patrol_roll_calls').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

export async function rollCallRows(db: Conn, planId: number): Promise<RollCallRow[]> {
  return db.selectFrom('patrol_roll_calls').selectAll().where('plan_id', '=', planId).orderBy('at', 'desc').execute();
}

/** Published plans whose roll-call time (shift start + offset) is in (now - 1 h, now] and that have none yet. */
export async function dueRollCalls(db: Conn, now: number): Promise<number[]> {
  const due = await sql<{ id: number }>`
    select p.id from patrol_plans p join patrol_shifts s on s.id = p.shift_id
     where p.status = 'published'
       and p.shift_start + make_interval(mins => s.roll_call_offset_min) <= ${new Date(now).toISOString()}::timestamptz
       and p.shift_start + make_interval(mins => s.roll_call_offset_min) > ${new Date(now - 3600_000).toISOString()}::timestamptz
       and not exists (select 1 from patrol_roll_calls r where r.plan_id = p.id)`.execute(db);
  return due.rows.map((r) => r.id);
}
