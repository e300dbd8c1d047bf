// SQL of key places (重点部位) and cameras (视频点位): the lists with where each point lies (station, grid), what open
// work points to a record, and the versioned writes.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

type Q = Db | Transaction<DB>;
const point = (lon: number, lat: number) => sql`st_setsrid(st_point(${lon}, ${lat}), 4326)`;

/** The current station area containing a point, or null (outside every station of the county). */
export async function stationAt(db: Q, lon: number, lat: number): Promise<number | null> {
  const r = await sql<{ id: number | null }>`select area_at(${point(lon, lat)}, 'station', now()) as id`.execute(db);
  return r.rows[0]?.id ?? null;
}

export async function codeTaken(db: Q, table: 'key_places' | 'cameras', code: string, except: number | null): Promise<boolean> {
  let q = db.selectFrom(table).select('id').where('code', '=', code);
  if (except !== null) q = q.where('id', '<>', except);
  return !!(await q.executeTakeFirst());
}

export interface ListFilter {
  /** Station ids the caller may see (null: all). */
  areaIds: number[] | null;
  ids?: number[];
  codes?: string[];
  retired?: boolean;
  q?: string;
}

const filters = (alias: string, f: ListFilter) =>
  sql`(${f.retired === true} or ${sql.ref(`${alias}.active`)})
    and (${f.areaIds}::int[] is null or ${sql.ref(`${alias}.area_id`)} = any(${f.areaIds}::int[]))
    and (${f.ids ?? null}::int[] is null or ${sql.ref(`${alias}.id`)} = any(${f.ids ?? null}::int[]))
    and (${f.codes ?? null}::text[] is null or ${sql.ref(`${alias}.code`)} = any(${f.codes ?? null}::text[]))
    and (${f.q ?? null}::text is null or strpos(${sql.ref(`${alias}.name`)}, ${f.q ?? null}) > 0 or strpos(lower(${sql.ref(`${alias}.code`)}), lower(${f.q ?? null})) > 0)`;

// ------------------------------------------------------------------ key places

export interface KeyPlaceRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  lon: number;
  lat: number;
  radius_m: number;
  target_s: number;
  area_id: number | null;
  station_name: string | null;
  grid_id: number | null;
  grid_name: string | null;
  open_incidents: number;
  active: boolean;
  version: number;
  updated_at: string | Date;
  retired_at: string | Date | null;
  retire_reason: string | null;
}

/** Key places by the filter, active first then by code; `openStatuses`: the incident statuses that count as open. */
export async function keyPlaceRows(db: Q, f: ListFilter, openStatuses: readonly string[]): Promise<KeyPlaceRow[]> {
  const r = await sql<KeyPlaceRow>`
    select k.id, k.code, k.name, k.kind, st_x(k.geom) lon, st_y(k.geom) lat, k.radius_m, k.target_s, k.area_id, s.name station_name,
           g.id grid_id, g.name grid_name,
           (select count(*)::int from incidents i where i.key_place_id = k.id and i.status = any(${[...openStatuses]}::text[])) open_incidents,
           k.active, k.version, k.updated_at, k.retired_at, k.retire_reason
      from key_places k
      left join areas s on s.id = k.area_id
      left join areas g on g.id = area_at(k.geom, 'grid', now())
     where ${filters('k', f)}
     order by k.active desc, k.code`.execute(db);
  return r.rows;
}

export async function insertKeyPlace(
  db: Q,
  k: { code: string; name: string; kind: string; lon: number; lat: number; radiusM: number; targetS: number; areaId: number; at: string },
): Promise<number> {
  const r = await db
    .insertInto('key_places')
    .values({ code: k.code, name: k.name, kind: k.kind, geom: point(k.lon, k.lat) as never, radius_m: k.radiusM, target_s: k.targetS, area_id: k.areaId, created_at: k.at, updated_at: k.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface KeyPlaceSet {
  code?: string;
  name?: string;
  kind?: string;
  lonLat?: [number, number];
  radius_m?: number;
  target_s?: number;
  area_id?: number;
}

export function updateKeyPlace(db: Q, id: number, version: number, s: KeyPlaceSet, at: string): Promise<number> {
  const { lonLat, ...rest } = s;
  return updateVersioned(db, 'key_places', id, { ...rest, ...(lonLat ? { geom: point(lonLat[0], lonLat[1]) as never } : {}), updated_at: at }, { version });
}

export function retireKeyPlace(db: Q, id: number, version: number, reason: string, at: string): Promise<number> {
  return updateVersioned(db, 'key_places', id, { active: false, retired_at: at, retire_reason: reason, updated_at: at }, { version });
}

/** Locks the key place's row (a retire and an edit do not cross). */
export async function lockKeyPlace(db: Q, id: number): Promise<void> {
  await sql`select id from key_places where id = ${id} for update`.execute(db);
}

/** Open incidents whose target came from the key place (at most 20 named), and how many there are. */
export async function keyPlaceOpenIncidents(db: Q, id: number, openStatuses: readonly string[]): Promise<{ count: number; incidents: { id: number; number: string; status: string }[] }> {
  const r = await sql<{ id: number; number: string; status: string; n: number }>`
    select i.id, i.number, i.status, count(*) over ()::int n from incidents i
     where i.key_place_id = ${id} and i.status = any(${[...openStatuses]}::text[])
     order by i.id limit 20`.execute(db);
  return { count: r.rows[0]?.n ?? 0, incidents: r.rows.map(({ id: i, number, status }) => ({ id: i, number, status })) };
}

// ------------------------------------------------------------------ cameras

export interface CameraRow {
  id: number;
  code: string;
  name: string;
  lon: number;
  lat: number;
  view_url: string | null;
  area_id: number | null;
  station_name: string | null;
  grid_id: number | null;
  grid_name: string | null;
  open_rounds: number;
  active: boolean;
  version: number;
  updated_at: string | Date;
  retired_at: string | Date | null;
  retire_reason: string | null;
}

export async function cameraRows(db: Q, f: ListFilter): Promise<CameraRow[]> {
  const r = await sql<CameraRow>`
    select c.id, c.code, c.name, st_x(c.geom) lon, st_y(c.geom) lat, c.view_url, c.area_id, s.name station_name,
           g.id grid_id, g.name grid_name,
           (select count(distinct v.round_id)::int from video_round_cameras v join video_rounds r on r.id = v.round_id
             where v.camera_id = c.id and r.status <> 'done') open_rounds,
           c.active, c.version, c.updated_at, c.retired_at, c.retire_reason
      from cameras c
      left join areas s on s.id = c.area_id
      left join areas g on g.id = area_at(c.geom, 'grid', now())
     where ${filters('c', f)}
     order by c.active desc, c.code`.execute(db);
  return r.rows;
}

export async function insertCamera(db: Q, c: { code: string; name: string; lon: number; lat: number; viewUrl: string | null; areaId: number; at: string }): Promise<number> {
  const r = await db
    .insertInto('cameras')
    .values({ code: c.code, name: c.name, geom: point(c.lon, c.lat) as never, view_url: c.viewUrl, area_id: c.areaId, created_at: c.at, updated_at: c.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface CameraSet {
  code?: string;
  name?: string;
  lonLat?: [number, number];
  view_url?: string | null;
  area_id?: number;
}

export function updateCamera(db: Q, id: number, version: number, s: CameraSet, at: string): Promise<number> {
  const { lonLat, ...rest } = s;
  return updateVersioned(db, 'cameras', id, { ...rest, ...(lonLat ? { geom: point(lonLat[0], lonLat[1]) as never } : {}), updated_at: at }, { version });
}

export function retireCamera(db: Q, id: number, version: number, reason: string, at: string): Promise<number> {
  return updateVersioned(db, 'cameras', id, { active: false, retired_at: at, retire_reason: reason, updated_at: at }, { version });
}

export async function lockCamera(db: Q, id: number): Promise<void> {
  await sql`select id from cameras where id = ${id} for update`.execute(db);
}

/** Video rounds not done yet that include the camera (at most 20 named), and how many there are. */
export async function cameraOpenRounds(db: Q, id: number): Promise<{ count: number; videoRounds: { id: number; scheduledAt: string; status: string }[] }> {
  const r = await sql<{ id: number; scheduled_at: string | Date; status: string; n: number }>`
    select r.id, r.scheduled_at, r.status, count(*) over ()::int n from video_rounds r
     where r.status <> 'done' and exists (select 1 from video_round_cameras v where v.round_id = r.id and v.camera_id = ${id})
     order by r.scheduled_at, r.id limit 20`.execute(db);
  return {
    count: r.rows[0]?.n ?? 0,
    videoRounds: r.rows.map((x) => ({ id: x.id, scheduledAt: new Date(x.scheduled_at).toISOString(), status: x.status })),
  };
}
