// SQL of the dispatcher's intake (issue 14, part 1): address search per source (areas, key places, roads, past
// incident addresses), the history of a caller's number or of a place, possible duplicates, and the distance from
// a point to an address hit. Names match by `strpos` (contains), ranked exact > prefix > contains.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../../db/client';
import type { DB } from '../../../db/schema';
import { OPEN_STATUSES_SQL } from '../repo';

type Q = Db | Transaction<DB>;

export interface HitRow {
  id: number;
  name: string;
  detail: string;
  lon: number;
  lat: number;
  match: number;
}

/** 0 exact, 1 prefix, 2 contains, as SQL over a text column. */
const matchOf = (col: ReturnType<typeof sql.ref>, q: string) => sql<number>`case when ${col} = ${q} then 0 when starts_with(${col}, ${q}) then 1 else 2 end`;

export async function searchAreas(db: Q, q: string, limit: number): Promise<HitRow[]> {
  const r = await sql<HitRow>`
    select a.id, a.name, a.kind detail, st_x(st_pointonsurface(a.geom)) lon, st_y(st_pointonsurface(a.geom)) lat, ${matchOf(sql.ref('a.name'), q)} match
      from areas a where a.valid_to is null and strpos(a.name, ${q}) > 0
     order by match, length(a.name), a.id limit ${limit}`.execute(db);
  return r.rows;
}

export async function searchKeyPlaces(db: Q, q: string, limit: number): Promise<HitRow[]> {
  const r = await sql<HitRow>`
    select k.id, k.name, k.kind detail, st_x(k.geom) lon, st_y(k.geom) lat, ${matchOf(sql.ref('k.name'), q)} match
      from key_places k where k.active and strpos(k.name, ${q}) > 0
     order by match, length(k.name), k.id limit ${limit}`.execute(db);
  return r.rows;
}

/** One hit per road name: the middle of its longest way. */
export async function searchRoads(db: Q, q: string, limit: number): Promise<HitRow[]> {
  const r = await sql<HitRow>`
    select min(r.id) id, r.name, min(r.class) detail,
           st_x((array_agg(st_lineinterpolatepoint(r.geom, 0.5) order by st_length(r.geom) desc))[1]) lon,
           st_y((array_agg(st_lineinterpolatepoint(r.geom, 0.5) order by st_length(r.geom) desc))[1]) lat,
           min(${matchOf(sql.ref('r.name'), q)}) match
      from roads r where r.name <> '' and strpos(r.name, ${q}) > 0
     group by r.name order by match, length(r.name) limit ${limit}`.execute(db);
  return r.rows;
}

/** Addresses of past calls in scope since `since`: one hit per address, at its latest call, with how many calls. */
export async function searchIncidentAddresses(db: Q, q: string, scopeIds: number[] | null, since: string, limit: number): Promise<(HitRow & { n: number })[]> {
  const r = await sql<HitRow & { n: number }>`
    select (array_agg(i.id order by i.reported_at desc))[1] id, i.address name, '' detail, count(*)::int n,
           st_x((array_agg(i.geom order by i.reported_at desc))[1]) lon, st_y((array_agg(i.geom order by i.reported_at desc))[1]) lat,
           min(${matchOf(sql.ref('i.address'), q)}) match
      from incidents i
     where i.reported_at >= ${since}::timestamptz and i.address <> '' and strpos(i.address, ${q}) > 0
       and (${scopeIds}::int[] is null or i.area_ids && ${scopeIds}::int[])
     group by i.address order by match, n desc, length(i.address) limit ${limit}`.execute(db);
  return r.rows;
}

export interface CallRow {
  id: number;
  number: string;
  status: string;
  category: string;
  priority: number;
  reported_at: string;
  address: string;
}

/** Which past calls: those of a caller (keyed hash, or the masked form for rows without one) or within a radius. */
export type CallsOf = { phoneHash: string; phoneMasked: string | null } | { lon: number; lat: number; radiusM: number };

const callsWhere = (of: CallsOf, scopeIds: number[] | null, since: string) => sql`
      i.reported_at >= ${since}::timestamptz
  and (${scopeIds}::int[] is null or i.area_ids && ${scopeIds}::int[])
  and ${
    'phoneHash' in of
      ? sql`(i.caller_phone_hash = ${of.phoneHash} or (i.caller_phone_hash is null and i.caller_phone_masked = ${of.phoneMasked}))`
      : sql`st_dwithin(i.geom::geography, st_setsrid(st_point(${of.lon}, ${of.lat}), 4326)::geography, ${of.radiusM})`
  }`;

/** Counts of the past calls by priority, category and open or not (the history's numbers, recomputable from rows). */
export async function callCounts(db: Q, of: CallsOf, scopeIds: number[] | null, since: string) {
  const r = await sql<{ priority: number; category: string; open: boolean; n: number }>`
    select i.priority, i.category, i.status in ${OPEN_STATUSES_SQL} open, count(*)::int n
      from incidents i where ${callsWhere(of, scopeIds, since)}
     group by 1, 2, 3`.execute(db);
  return r.rows;
}

/** The past calls themselves, newest first (`openOnly`: the open ones). */
export async function calls(db: Q, of: CallsOf, scopeIds: number[] | null, since: string, openOnly: boolean, limit: number): Promise<CallRow[]> {
  const r = await sql<CallRow>`
    select i.id, i.number, i.status, i.category, i.priority, i.reported_at, i.address
      from incidents i where ${callsWhere(of, scopeIds, since)} and (not ${openOnly} or i.status in ${OPEN_STATUSES_SQL})
     order by i.reported_at desc, i.id desc limit ${limit}`.execute(db);
  return r.rows;
}

export interface DuplicateRow extends CallRow {
  version: number;
  ended_at: string | null;
  distance_m: number | null;
  same_place: boolean;
  same_caller: boolean;
  duplicates: number;
}

/**
 * Calls that may be the same event: reported since `since`, open or ended after `endedSince`, within `radiusM` of
 * the point or from the same caller. Nearest first.
 */
export async function duplicateCandidates(
  db: Q,
  p: { lon: number | null; lat: number | null; radiusM: number; phoneHash: string | null; phoneMasked: string | null; since: string; endedSince: string; scopeIds: number[] | null },
): Promise<DuplicateRow[]> {
  const pt = p.lon !== null && p.lat !== null ? sql`st_setsrid(st_point(${p.lon}, ${p.lat}), 4326)::geography` : sql`null::geography`;
  const r = await sql<DuplicateRow>`
    select * from (
      select i.id, i.number, i.status, i.category, i.priority, i.reported_at, i.address, i.version, i.ended_at,
             st_distance(i.geom::geography, ${pt}) distance_m,
             coalesce(st_dwithin(i.geom::geography, ${pt}, ${p.radiusM}), false) same_place,
             (${p.phoneHash}::text is not null and (i.caller_phone_hash = ${p.phoneHash} or (i.caller_phone_hash is null and i.caller_phone_masked = ${p.phoneMasked}))) same_caller,
             (select count(*)::int from incident_events e where e.incident_id = i.id and e.type = 'duplicate_call') duplicates
        from incidents i
       where i.reported_at >= ${p.since}::timestamptz
         and (i.status in ${OPEN_STATUSES_SQL} or i.ended_at >= ${p.endedSince}::timestamptz)
         and (${p.scopeIds}::int[] is null or i.area_ids && ${p.scopeIds}::int[])) c
     where c.same_place or c.same_caller
     order by c.distance_m nulls last, c.reported_at desc limit 10`.execute(db);
  return r.rows;
}

/** How many repeated calls were linked to the incident. */
export async function duplicateCount(db: Q, incidentId: number): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int n from incident_events where incident_id = ${incidentId} and type = 'duplicate_call'`.execute(db);
  return r.rows[0]!.n;
}

/**
 * The address hit as the point sees it: its name, its point, the area it names (areas only) and the distance in
 * metres from the point (0 inside an area; to the nearest way of a road's name). Null when the hit is gone.
 */
export async function placeDistance(
  db: Q,
  source: 'area' | 'key_place' | 'road' | 'incident',
  id: number,
  lon: number,
  lat: number,
): Promise<{ name: string; lon: number; lat: number; area_id: number | null; distance_m: number } | null> {
  const pt = sql`st_setsrid(st_point(${lon}, ${lat}), 4326)`;
  const q =
    source === 'area'
      ? sql`select a.name, st_x(st_pointonsurface(a.geom)) lon, st_y(st_pointonsurface(a.geom)) lat, a.id area_id,
               case when st_intersects(a.geom, ${pt}) then 0 else st_distance(a.geom::geography, ${pt}::geography) end distance_m
             from areas a where a.id = ${id}`
      : source === 'key_place'
        ? sql`select k.name, st_x(k.geom) lon, st_y(k.geom) lat, null::int area_id, greatest(0, st_distance(k.geom::geography, ${pt}::geography) - k.radius_m) distance_m
             from key_places k where k.id = ${id}`
        : source === 'road'
          ? sql`select r0.name, st_x(st_lineinterpolatepoint(r0.geom, 0.5)) lon, st_y(st_lineinterpolatepoint(r0.geom, 0.5)) lat, null::int area_id,
                   (select min(st_distance(r.geom::geography, ${pt}::geography)) from roads r where r.name = r0.name) distance_m
                 from roads r0 where r0.id = ${id}`
          : sql`select i.address name, st_x(i.geom) lon, st_y(i.geom) lat, null::int area_id, st_distance(i.geom::geography, ${pt}::geography) distance_m
               from incidents i where i.id = ${id}`;
  const r = await sql<{ name: string; lon: number; lat: number; area_id: number | null; distance_m: number }>`${q}`.execute(db);
  return r.rows[0] ?? null;
}

/** The open calls of some areas (null: everywhere), most urgent first (the handover's summary). */
export async function openCalls(db: Q, areaIds: number[] | null): Promise<CallRow[]> {
  const r = await sql<CallRow>`
    select i.id, i.number, i.status, i.category, i.priority, i.reported_at, i.address
      from incidents i where i.status in ${OPEN_STATUSES_SQL} and (${areaIds}::int[] is null or i.area_ids && ${areaIds}::int[])
     order by i.priority, i.reported_at, i.id`.execute(db);
  return r.rows;
}
