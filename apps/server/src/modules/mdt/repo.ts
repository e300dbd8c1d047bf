// SQL of the field terminal: assignments of units to incidents as their members' phones see them (mdt_assignments,
// one row per incident_units row), who they went to, the acknowledgement and the SMS fallback.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';

type Conn = Db | Transaction<DB>;

export interface AssignmentRow {
  id: number;
  incident_id: number;
  unit_id: number;
  callsign: string;
  unit_type: string;
  unit_lon: number | null;
  unit_lat: number | null;
  unit_position_at: string | null;
  dispatched_at: string;
  sent_at: string;
  recipients: number[];
  recipient_names: string[];
  acked_at: string | null;
  acked_by: number | null;
  acked_by_name: string | null;
  ack_key: string | null;
  fallback_at: string | null;
  released_at: string | null;
  number: string;
  status: string;
  version: number;
  category: string;
  priority: number;
  address: string;
  description: string;
  lon: number;
  lat: number;
  caller_phone_masked: string | null;
  reported_at: string;
  en_route_at: string | null;
  on_scene_at: string | null;
  resolved_at: string | null;
}

const SELECT = sql`select m.id, m.incident_id, m.unit_id, un.callsign, un.type unit_type, un.lon unit_lon, un.lat unit_lat,
  un.position_at unit_position_at, m.dispatched_at, m.sent_at, m.recipients,
  coalesce((select array_agg(u.display_name order by array_position(m.recipients, u.id)) from users u where u.id = any(m.recipients)), '{}') recipient_names,
  m.acked_at, m.acked_by, m.acked_by_name, m.ack_key, m.fallback_at, iu.released_at,
  i.number, i.status, i.version, i.category, i.priority, i.address, i.description, st_x(i.geom) lon, st_y(i.geom) lat,
  i.caller_phone_masked, i.reported_at, i.en_route_at, i.on_scene_at, i.resolved_at
  from mdt_assignments m
  join units un on un.id = m.unit_id
  join incidents i on i.id = m.incident_id
  join incident_units iu on iu.incident_id = m.incident_id and iu.unit_id = m.unit_id and iu.dispatched_at = m.dispatched_at`;

/**
 * Records the assignments of units still on these incidents that have none yet, addressed to the unit's members
 * with an active account; idempotent (a second call, or another API node, adds nothing). Returns the new ids.
 */
export async function ensureAssignments(db: Conn, incidentIds: number[], now: string): Promise<number[]> {
  if (incidentIds.length === 0) return [];
  const r = await sql<{ id: number }>`insert into mdt_assignments (incident_id, unit_id, dispatched_at, sent_at, recipients)
    select iu.incident_id, iu.unit_id, iu.dispatched_at, ${now}::timestamptz,
      coalesce((select array_agg(u.id order by u.id) from unit_members um join users u on u.person_id = um.person_id and u.active
        where um.unit_id = iu.unit_id), '{}')
    from incident_units iu
    where iu.incident_id = any(${incidentIds}::int[]) and iu.released_at is null
    on conflict (incident_id, unit_id, dispatched_at) do nothing
    returning id`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function assignmentsOfIncidents(db: Conn, incidentIds: number[]): Promise<AssignmentRow[]> {
  if (incidentIds.length === 0) return [];
  const r = await sql<AssignmentRow>`${SELECT} where m.incident_id = any(${incidentIds}::int[]) order by m.dispatched_at, m.id`.execute(db);
  return r.rows;
}

export async function assignmentById(db: Conn, id: number): Promise<AssignmentRow | null> {
  const r = await sql<AssignmentRow>`${SELECT} where m.id = ${id}`.execute(db);
  return r.rows[0] ?? null;
}

/** The assignments of the units the user is a member of now, the unit still on the incident (newest first). */
export async function activeAssignmentsOfUser(db: Conn, userId: number): Promise<AssignmentRow[]> {
  const r = await sql<AssignmentRow>`${SELECT}
    where iu.released_at is null
      and m.unit_id in (select um.unit_id from unit_members um join users u on u.person_id = um.person_id where u.id = ${userId})
    order by m.dispatched_at desc, m.id desc limit 20`.execute(db);
  return r.rows;
}

/** Is the user a member of the unit now (through its person)? */
export async function isMember(db: Conn, userId: number, unitId: number): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int n from unit_members um join users u on u.person_id = um.person_id
    where u.id = ${userId} and u.active and um.unit_id = ${unitId}`.execute(db);
  return (r.rows[0]?.n ?? 0) > 0;
}

/** The first acknowledgement wins; a later one (or a replay) changes nothing. True when this call acknowledged. */
export async function acknowledge(db: Conn, id: number, by: { userId: number; name: string; key: string | null }, at: string): Promise<boolean> {
  const r = await db
    .updateTable('mdt_assignments')
    .set({ acked_at: at, acked_by: by.userId, acked_by_name: by.name, ack_key: by.key })
    .where('id', '=', id)
    .where('acked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Assignments still waiting for an acknowledgement, sent at or before `before`, the unit still on the incident. */
export async function waitingSince(db: Conn, before: string): Promise<{ id: number }[]> {
  const r = await sql<{ id: number }>`select m.id from mdt_assignments m
    join incident_units iu on iu.incident_id = m.incident_id and iu.unit_id = m.unit_id and iu.dispatched_at = m.dispatched_at
    where m.acked_at is null and m.fallback_at is null and m.sent_at <= ${before}::timestamptz and iu.released_at is null
    order by m.sent_at limit 200`.execute(db);
  return r.rows;
}

/** Claims the fallback of one assignment (once: only the call that sets fallback_at gets true). */
export async function claimFallback(db: Conn, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('mdt_assignments')
    .set({ fallback_at: at })
    .where('id', '=', id)
    .where('acked_at', 'is', null)
    .where('fallback_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A photo from the scene (stored watermarked); returns its id. */
export async function insertPhoto(
  db: Conn,
  p: { incidentId: number; userId: number | null; actorName: string; mime: string; bytes: Uint8Array; takenAt: string; exifTakenAt: string | null; exifLon: number | null; exifLat: number | null; clientTakenAt: string | null; gallery: boolean; galleryReason: string | null },
): Promise<number> {
  const r = await db
    .insertInto('incident_photos')
    .values({
      incident_id: p.incidentId,
      user_id: p.userId,
      actor_name: p.actorName,
      mime: p.mime,
      bytes: p.bytes,
      taken_at: p.takenAt,
      exif_taken_at: p.exifTakenAt,
      exif_lon: p.exifLon,
      exif_lat: p.exifLat,
      client_taken_at: p.clientTakenAt,
      gallery: p.gallery,
      gallery_reason: p.galleryReason,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function photoById(db: Conn, id: number): Promise<{ incident_id: number; mime: string; bytes: Uint8Array } | undefined> {
  return db.selectFrom('incident_photos').select(['incident_id', 'mime', 'bytes']).where('id', '=', id).executeTakeFirst();
}

export interface PhotoMetaRow {
  id: number;
  actor_name: string;
  taken_at: string;
  exif_taken_at: string | null;
  gallery: boolean;
  gallery_reason: string | null;
}

/** The scene photos of an incident without their bytes, oldest first. */
export async function photosOfIncident(db: Conn, incidentId: number): Promise<PhotoMetaRow[]> {
  return db
    .selectFrom('incident_photos')
    .select(['id', 'actor_name', 'taken_at', 'exif_taken_at', 'gallery', 'gallery_reason'])
    .where('incident_id', '=', incidentId)
    .orderBy('taken_at')
    .orderBy('id')
    .execute();
}
