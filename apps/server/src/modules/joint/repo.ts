// SQL of the joint police-城管 patrol (城警联勤): service posts, the joint groups (units of type joint_patrol, their
// members' agencies and base), the simple-procedure records and the facts of the counts (patrol routes of the joint
// groups, their arrivals, the tickets they made).
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';

type Conn = Db | Transaction<DB>;

// ---------------------------------------------------------------- posts

export interface PostRow {
  id: number;
  name: string;
  address: string;
  lon: number;
  lat: number;
  area_ids: number[];
  station_id: number | null;
  active: boolean;
  version: number;
}

export async function listPosts(db: Conn, scope: number[] | null, ids?: number[]): Promise<PostRow[]> {
  const r = await sql<PostRow>`
    select id, name, address, lon, lat, area_ids, station_id, active, version from joint_posts
     where (${scope === null} or area_ids && ${sql.raw(arr(scope))})
       and (${ids === undefined} or id in (${sql.join((ids ?? [0]).map((i) => sql`${i}`))}))
     order by active desc, name`.execute(db);
  return r.rows;
}

/** An integer array literal for SQL (the ids are integers from the area tree; never user text). */
function arr(ids: readonly number[] | null): string {
  return `array[${(ids ?? []).map((i) => String(Math.trunc(i))).join(',')}]::int[]`;
}

export async function postNameTaken(db: Conn, name: string, except: number | null): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int n from joint_posts where active and name = ${name} and id <> ${except ?? 0}`.execute(db);
  return r.rows[0]!.n > 0;
}

export async function insertPost(db: Conn, p: { name: string; address: string; lon: number; lat: number; area_ids: number[]; station_id: number | null; at: string }): Promise<number> {
  const r = await sql<{ id: number }>`
    insert into joint_posts (name, address, lon, lat, area_ids, station_id, created_at, updated_at)
    values (${p.name}, ${p.address}, ${p.lon}, ${p.lat}, ${sql.raw(arr(p.area_ids))}, ${p.station_id}, ${p.at}, ${p.at}) returning id`.execute(db);
  return r.rows[0]!.id;
}

/** Versioned update; the number of rows changed (0: stale or gone). */
export async function updatePost(db: Conn, id: number, version: number, p: { name: string; address: string; lon: number; lat: number; area_ids: number[]; station_id: number | null; active: boolean; at: string }): Promise<number> {
  const r = await sql`
    update joint_posts set name = ${p.name}, address = ${p.address}, lon = ${p.lon}, lat = ${p.lat}, area_ids = ${sql.raw(arr(p.area_ids))},
           station_id = ${p.station_id}, active = ${p.active}, updated_at = ${p.at}, version = version + 1
     where id = ${id} and version = ${version}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function dropBasesOf(db: Conn, postId: number): Promise<void> {
  await sql`delete from joint_group_bases where post_id = ${postId}`.execute(db);
}

// ---------------------------------------------------------------- groups

export interface GroupRow {
  unit_id: number;
  callsign: string;
  status: string;
  echelon: number;
  home_area_id: number | null;
  post_id: number | null;
  post_name: string | null;
}

export async function listGroups(db: Conn, scope: number[] | null, ids?: number[]): Promise<GroupRow[]> {
  const r = await sql<GroupRow>`
    select u.id unit_id, u.callsign, u.status, u.echelon, u.home_area_id, b.post_id, p.name post_name
      from units u left join joint_group_bases b on b.unit_id = u.id left join joint_posts p on p.id = b.post_id
     where u.type = 'joint_patrol' and u.active
       and (${scope === null} or u.home_area_id = any(${sql.raw(arr(scope))}))
       and (${ids === undefined} or u.id in (${sql.join((ids ?? [0]).map((i) => sql`${i}`))}))
     order by u.callsign`.execute(db);
  return r.rows;
}

export interface MemberRow {
  unit_id: number;
  person_id: number;
  name: string;
  agency_id: number;
  agency_name: string;
  agency_kind: string;
}

export async function membersOf(db: Conn, unitIds: number[]): Promise<MemberRow[]> {
  if (unitIds.length === 0) return [];
  const r = await sql<MemberRow>`
    select m.unit_id, p.id person_id, p.name, a.id agency_id, a.name agency_name, a.kind agency_kind
      from unit_members m join people p on p.id = m.person_id join agencies a on a.id = p.agency_id
     where m.unit_id in (${sql.join(unitIds.map((i) => sql`${i}`))}) and p.active
     order by m.unit_id, p.id`.execute(db);
  return r.rows;
}

export async function setBase(db: Conn, unitId: number, postId: number | null, at: string): Promise<void> {
  if (postId === null) await sql`delete from joint_group_bases where unit_id = ${unitId}`.execute(db);
  else
    await sql`insert into joint_group_bases (unit_id, post_id, updated_at) values (${unitId}, ${postId}, ${at})
              on conflict (unit_id) do update set post_id = excluded.post_id, updated_at = excluded.updated_at`.execute(db);
}

/** The groups based at the posts. */
export async function basesAt(db: Conn, postIds: number[]): Promise<{ post_id: number; unit_id: number; callsign: string }[]> {
  if (postIds.length === 0) return [];
  const r = await sql<{ post_id: number; unit_id: number; callsign: string }>`
    select b.post_id, u.id unit_id, u.callsign from joint_group_bases b join units u on u.id = b.unit_id
     where b.post_id in (${sql.join(postIds.map((i) => sql`${i}`))}) and u.active order by u.callsign`.execute(db);
  return r.rows;
}

/** The person of an account (null: none). */
export async function personOfUser(db: Conn, userId: number): Promise<number | null> {
  const r = await sql<{ person_id: number | null }>`select person_id from users where id = ${userId}`.execute(db);
  return r.rows[0]?.person_id ?? null;
}

// ---------------------------------------------------------------- simple-procedure records

export interface HandlingRow {
  id: number;
  unit_id: number;
  callsign: string;
  category: string;
  what: string;
  address: string;
  lon: number;
  lat: number;
  area_ids: number[];
  station_id: number | null;
  parties: { name_masked: string; phone_masked: string | null }[];
  outcome: string;
  fine_yuan: number | null;
  ticket_id: number | null;
  has_photo: boolean;
  by_name: string;
  at: string;
}

export async function listHandlings(db: Conn, q: { scope: number[] | null; from: string; to: string; unitId?: number; ids?: number[]; limit: number }): Promise<HandlingRow[]> {
  const r = await sql<HandlingRow>`
    select h.id, h.unit_id, u.callsign, h.category, h.what, h.address, h.lon, h.lat, h.area_ids, h.station_id,
           h.parties, h.outcome, h.fine_yuan::float8 fine_yuan, h.ticket_id, h.photo_bytes is not null has_photo, h.by_name, h.at
      from joint_handlings h join units u on u.id = h.unit_id
     where h.at >= ${q.from} and h.at < ${q.to}
       and (${q.scope === null} or h.area_ids && ${sql.raw(arr(q.scope))})
       and (${q.unitId === undefined} or h.unit_id = ${q.unitId ?? 0})
       and (${q.ids === undefined} or h.id in (${sql.join((q.ids ?? [0]).map((i) => sql`${i}`))}))
     order by h.at desc, h.id desc limit ${q.limit}`.execute(db);
  return r.rows;
}

export async function insertHandling(
  db: Conn,
  h: {
    unit_id: number;
    category: string;
    what: string;
    address: string;
    lon: number;
    lat: number;
    area_ids: number[];
    station_id: number | null;
    parties: unknown[];
    outcome: string;
    fine_yuan: number | null;
    ticket_id: number | null;
    photo_mime: string | null;
    photo_bytes: Buffer | null;
    by_user_id: number | null;
    by_name: string;
    at: string;
  },
): Promise<number> {
  const r = await sql<{ id: number }>`
    insert into joint_handlings (unit_id, category, what, address, lon, lat, area_ids, station_id, parties, outcome, fine_yuan, ticket_id,
                                 photo_mime, photo_bytes, by_user_id, by_name, at)
    values (${h.unit_id}, ${h.category}, ${h.what}, ${h.address}, ${h.lon}, ${h.lat}, ${sql.raw(arr(h.area_ids))}, ${h.station_id},
            ${JSON.stringify(h.parties)}::jsonb, ${h.outcome}, ${h.fine_yuan}, ${h.ticket_id}, ${h.photo_mime}, ${h.photo_bytes}, ${h.by_user_id}, ${h.by_name}, ${h.at})
    returning id`.execute(db);
  return r.rows[0]!.id;
}

export async function photoOf(db: Conn, id: number): Promise<{ mime: string; bytes: Uint8Array; area_ids: number[] } | null> {
  const r = await sql<{ mime: string; bytes: Uint8Array; area_ids: number[] }>`
    select photo_mime mime, photo_bytes bytes, area_ids from joint_handlings where id = ${id} and photo_bytes is not null`.execute(db);
  return r.rows[0] ?? null;
}

/** The ticket a transfer made points back at its record. */
export async function linkTicketSource(db: Conn, ticketId: number, handlingId: number): Promise<void> {
  await sql`update tickets set source_id = ${handlingId} where id = ${ticketId} and source_type = 'joint_patrol' and source_id is null`.execute(db);
}

// ---------------------------------------------------------------- facts of the counts

/** Patrol routes of joint groups whose shift starts in [from, to), with the plan's area (its areas from the county down are looked up by the caller). */
export async function jointPatrols(db: Conn, from: string, to: string): Promise<{ area_id: number }[]> {
  const r = await sql<{ area_id: number }>`
    select pl.area_id from patrol_routes r join patrol_plans pl on pl.id = r.plan_id join units u on u.id = r.unit_id
     where u.type = 'joint_patrol' and pl.status <> 'cancelled' and pl.shift_start >= ${from} and pl.shift_start < ${to}`.execute(db);
  return r.rows;
}

/** The joint groups' dispatches in [from, to) that arrived: seconds from dispatch to arrival, and the incident's areas. */
export async function jointArrivals(db: Conn, from: string, to: string): Promise<{ seconds: number; area_ids: number[] }[]> {
  const r = await sql<{ seconds: number; area_ids: number[] }>`
    select extract(epoch from (iu.arrived_at - iu.dispatched_at))::float8 seconds, i.area_ids
      from incident_units iu join units u on u.id = iu.unit_id join incidents i on i.id = iu.incident_id
     where u.type = 'joint_patrol' and iu.arrived_at is not null and iu.dispatched_at >= ${from} and iu.dispatched_at < ${to}`.execute(db);
  return r.rows;
}

/** Tickets the joint groups made in [from, to). */
export async function jointTickets(db: Conn, from: string, to: string): Promise<{ area_ids: number[]; station_id: number | null }[]> {
  const r = await sql<{ area_ids: number[]; station_id: number | null }>`
    select area_ids, station_id from tickets where source_type = 'joint_patrol' and created_at >= ${from} and created_at < ${to}`.execute(db);
  return r.rows;
}
