// SQL of the patrol reference data: shifts, must-patrol points and lines, cameras, the patrol forces (units of a
// tier), and the station that contains a place.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../../db/client';
import type { DB } from '../../../db/schema';
import { updateVersioned } from '../../../db/versioned';

export type Conn = Db | Transaction<DB>;

// ---------------------------------------------------------------- shifts

export interface ShiftRow {
  id: number;
  code: string;
  name: string;
  starts_at: string;
  duration_min: number;
  roll_call_offset_min: number;
}

export async function listShiftRows(db: Conn): Promise<ShiftRow[]> {
  return db.selectFrom('patrol_shifts').selectAll().orderBy('starts_at').execute();
}

export async function shiftRow(db: Conn, id: number): Promise<ShiftRow | undefined> {
  return db.selectFrom('patrol_shifts').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------- points

export interface PointRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  tier: string;
  area_id: number | null;
  lon: number;
  lat: number;
  visits_per_shift: number;
  dwell_min: number;
  window_start: string | null;
  window_end: string | null;
  min_gap_min: number;
  radius_m: number;
  qr_nonce: string;
  active: boolean;
  version: number;
}

/** Points whose location lies inside an area (by geometry, so a district plans the points of all its stations). */
export async function pointsInArea(db: Conn, areaId: number | null, opts: { tier?: string; active?: boolean; ids?: number[] } = {}): Promise<PointRow[]> {
  let q = db.selectFrom('patrol_points').select([
    'id',
    'code',
    'name',
    'kind',
    'tier',
    'area_id',
    sql<number>`st_x(geom)`.as('lon'),
    sql<number>`st_y(geom)`.as('lat'),
    'visits_per_shift',
    'dwell_min',
    sql<string | null>`window_start::text`.as('window_start'),
    sql<string | null>`window_end::text`.as('window_end'),
    'min_gap_min',
    'radius_m',
    'qr_nonce',
    'active',
    'version',
  ]);
  if (areaId !== null) {
    q = q.where(sql<boolean>`exists (select 1 from areas a where a.id = ${areaId} and st_covers(a.geom, patrol_points.geom))`);
  }
  if (opts.tier) q = q.where('tier', '=', opts.tier);
  if (opts.active !== undefined) q = q.where('active', '=', opts.active);
  if (opts.ids) q = q.where('id', 'in', opts.ids.length ? opts.ids : [0]);
  return q.orderBy('code').execute();
}

export async function pointRow(db: Conn, id: number): Promise<PointRow | undefined> {
  return (await pointsInArea(db, null, { ids: [id] }))[0];
}

/** A point's QR nonce (the secret half of its printed token). */
export async function pointNonce(db: Conn, id: number): Promise<{ id: number; qr_nonce: string } | undefined> {
  return db.selectFrom('patrol_points').select(['id', 'qr_nonce']).where('id', '=', id).executeTakeFirst();
}

export interface NewPoint {
  code: string;
  name: string;
  kind: string;
  tier: string;
  areaId: number;
  lon: number;
  lat: number;
  visitsPerShift: number;
  dwellMinutes: number;
  windowStart: string | null;
  windowEnd: string | null;
  minGapMinutes: number;
  radiusM: number;
}

export async function insertPoint(db: Conn, p: NewPoint): Promise<number> {
  const r = await db
    .insertInto('patrol_points')
    .values({
      code: p.code,
      name: p.name,
      kind: p.kind,
      tier: p.tier,
      area_id: p.areaId,
      geom: sql`st_setsrid(st_point(${p.lon}, ${p.lat}), 4326)`,
      visits_per_shift: p.visitsPerShift,
      dwell_min: p.dwellMinutes,
      window_start: p.windowStart,
      window_end: p.windowEnd,
      min_gap_min: p.minGapMinutes,
      radius_m: p.radiusM,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface PointChanges {
  name?: string;
  kind?: string;
  tier?: string;
  visits_per_shift?: number;
  dwell_min?: number;
  min_gap_min?: number;
  radius_m?: number;
  active?: boolean;
  window_start?: string | null;
  window_end?: string | null;
  /** A move: the new place and the station holding it. */
  at?: { lon: number; lat: number; areaId: number };
}

/** Versioned: 409 STALE_VERSION when the point changed since `version` was read. */
export async function updatePoint(db: Conn, id: number, set: PointChanges, version: number): Promise<number> {
  const { at, ...rest } = set;
  return updateVersioned(
    db,
    'patrol_points',
    id,
    { ...rest, ...(at ? { area_id: at.areaId, geom: sql`st_setsrid(st_point(${at.lon}, ${at.lat}), 4326)` as never } : {}) },
    { version },
  );
}

/** Points by code (any area, active or not): the Excel exchange's key. */
export async function pointIdsByCode(db: Conn, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('patrol_points').select(['id', 'code']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** The live station holding each place (null outside every station), in order: one query for a whole line. */
export async function stationsAt(db: Conn, coords: readonly (readonly [number, number])[]): Promise<(number | null)[]> {
  if (coords.length === 0) return [];
  const r = await sql<{ id: number | null }>`
    select area_at(st_setsrid(st_point(u.x, u.y), 4326), 'station', now()) as id
      from unnest(${coords.map((c) => c[0])}::float8[], ${coords.map((c) => c[1])}::float8[]) with ordinality as u(x, y, i)
     order by u.i`.execute(db);
  return r.rows.map((x) => x.id);
}

/** The length in metres of a course of [lon, lat] vertices (on the spheroid, as a line's `lengthM`). */
export async function courseLength(db: Conn, coords: readonly (readonly [number, number])[]): Promise<number> {
  const r = await sql<{ m: number }>`select st_length(st_geomfromtext(${lineWkt(coords)}, 4326)::geography) as m`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}

export interface PlanUseRow {
  plan_id: number;
  plan_date: string;
  shift_name: string;
  tier: string;
  area_id: number;
}

/**
 * Published plans of `today` or later (or still running now) whose routes stop at the place, or that list it as
 * a mandatory visit not yet met: the open work that keeps a point or line from being retired.
 */
export async function plansUsing(db: Conn, kind: 'point' | 'line', ref: string, today: string, now: string): Promise<PlanUseRow[]> {
  const stop = JSON.stringify([{ kind, ref }]);
  const r = await sql<PlanUseRow>`
    select p.id as plan_id, p.plan_date::text as plan_date, s.name as shift_name, p.tier, p.area_id
      from patrol_plans p join patrol_shifts s on s.id = p.shift_id
     where p.status = 'published'
       and (p.plan_date >= ${today}::date or p.shift_end > ${now}::timestamptz)
       and (exists (select 1 from patrol_routes r where r.plan_id = p.id and r.stops @> ${stop}::jsonb) or p.unmet @> ${stop}::jsonb)
     order by p.plan_date, s.starts_at, p.id`.execute(db);
  return r.rows;
}

/** The live station area containing a place, or null. */
export async function stationAt(db: Conn, lon: number, lat: number): Promise<number | null> {
  const r = await sql<{ id: number | null }>`select area_at(st_setsrid(st_point(${lon}, ${lat}), 4326), 'station', now()) as id`.execute(db);
  return r.rows[0]?.id ?? null;
}

// ---------------------------------------------------------------- lines

export interface LineRow {
  id: number;
  code: string;
  name: string;
  tier: string;
  area_id: number | null;
  visits_per_shift: number;
  length_m: number;
  geojson: string;
  active: boolean;
  version: number;
}

export async function linesInArea(db: Conn, areaId: number | null, opts: { tier?: string; active?: boolean; ids?: number[] } = {}): Promise<LineRow[]> {
  let q = db
    .selectFrom('patrol_lines')
    .select([
      'id',
      'code',
      'name',
      'tier',
      'area_id',
      'visits_per_shift',
      sql<number>`st_length(geom::geography)`.as('length_m'),
      sql<string>`st_asgeojson(geom, 7)`.as('geojson'),
      'active',
      'version',
    ]);
  if (areaId !== null) q = q.where(sql<boolean>`exists (select 1 from areas a where a.id = ${areaId} and st_intersects(a.geom, patrol_lines.geom))`);
  if (opts.tier) q = q.where('tier', '=', opts.tier);
  if (opts.active !== undefined) q = q.where('active', '=', opts.active);
  if (opts.ids) q = q.where('id', 'in', opts.ids.length ? opts.ids : [0]);
  return q.orderBy('code').execute();
}

/** The middle of a line (half its length along it). */
export async function lineMidpoint(db: Conn, id: number): Promise<{ lon: number; lat: number }> {
  const r = await sql<{ lon: number; lat: number }>`select st_x(p) as lon, st_y(p) as lat from (select st_lineinterpolatepoint(geom, 0.5) as p from patrol_lines where id = ${id}) x`.execute(db);
  return r.rows[0]!;
}

const lineWkt = (coords: readonly (readonly [number, number])[]) => `LINESTRING(${coords.map(([x, y]) => `${x} ${y}`).join(',')})`;

export async function insertLine(db: Conn, l: { code: string; name: string; tier: string; areaId: number; coordinates: [number, number][]; visitsPerShift: number }): Promise<number> {
  const r = await db
    .insertInto('patrol_lines')
    .values({ code: l.code, name: l.name, tier: l.tier, area_id: l.areaId, geom: sql`st_geomfromtext(${lineWkt(l.coordinates)}, 4326)` as never, visits_per_shift: l.visitsPerShift })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface LineChanges {
  name?: string;
  tier?: string;
  visits_per_shift?: number;
  active?: boolean;
  /** A new course and the station at its start. */
  course?: { coordinates: [number, number][]; areaId: number };
}

/** Versioned: 409 STALE_VERSION when the line changed since `version` was read. */
export async function updateLine(db: Conn, id: number, set: LineChanges, version: number): Promise<number> {
  const { course, ...rest } = set;
  return updateVersioned(
    db,
    'patrol_lines',
    id,
    { ...rest, ...(course ? { area_id: course.areaId, geom: sql`st_geomfromtext(${lineWkt(course.coordinates)}, 4326)` as never } : {}) },
    { version },
  );
}

// ---------------------------------------------------------------- cameras

export interface CameraRow {
  id: number;
  code: string;
  name: string;
  area_id: number | null;
  lon: number;
  lat: number;
  view_url: string | null;
  active: boolean;
}

export async function camerasInArea(db: Conn, areaId: number | null, ids?: number[]): Promise<CameraRow[]> {
  let q = db.selectFrom('cameras').select(['id', 'code', 'name', 'area_id', sql<number>`st_x(geom)`.as('lon'), sql<number>`st_y(geom)`.as('lat'), 'view_url', 'active']);
  if (areaId !== null) q = q.where(sql<boolean>`exists (select 1 from areas a where a.id = ${areaId} and st_covers(a.geom, cameras.geom))`);
  if (ids) q = q.where('id', 'in', ids.length ? ids : [0]);
  return q.orderBy('code').execute();
}

// ---------------------------------------------------------------- forces

export interface ForceRow {
  id: number;
  callsign: string;
  type: string;
  status: string;
  patrol_tier: string;
  patrol_area_id: number | null;
  home_area_id: number | null;
  base_lon: number | null;
  base_lat: number | null;
  lon: number | null;
  lat: number | null;
}

/** Units of a tier whose patrol or home area is one of `areaIds` (null: anywhere). */
export async function forceRows(db: Conn, areaIds: number[] | null, tier?: string, unitIds?: number[]): Promise<ForceRow[]> {
  let q = db
    .selectFrom('units')
    .select(['id', 'callsign', 'type', 'status', sql<string>`patrol_tier`.as('patrol_tier'), 'patrol_area_id', 'home_area_id', 'base_lon', 'base_lat', 'lon', 'lat'])
    .where('patrol_tier', 'is not', null);
  if (tier) q = q.where('patrol_tier', '=', tier);
  if (areaIds !== null) q = q.where((eb) => eb.or([eb('patrol_area_id', 'in', areaIds), eb('home_area_id', 'in', areaIds)]));
  if (unitIds) q = q.where('id', 'in', unitIds.length ? unitIds : [0]);
  return q.orderBy('callsign').execute() as Promise<ForceRow[]>;
}

export async function forceMembers(db: Conn, unitIds: number[]): Promise<{ unit_id: number; name: string; role: string }[]> {
  if (unitIds.length === 0) return [];
  return db.selectFrom('unit_members as m').innerJoin('people as p', 'p.id', 'm.person_id').select(['m.unit_id', 'p.name', 'p.role']).where('m.unit_id', 'in', unitIds).orderBy('p.id').execute();
}

export async function unitHome(db: Conn, id: number): Promise<{ id: number; home_area_id: number | null } | undefined> {
  return db.selectFrom('units').select(['id', 'home_area_id']).where('id', '=', id).executeTakeFirst();
}

export async function setUnitForce(db: Conn, id: number, f: { tier: string | null; areaId?: number | null; base?: { lon: number | null; lat: number | null } }): Promise<void> {
  await db
    .updateTable('units')
    .set({
      patrol_tier: f.tier,
      ...(f.areaId !== undefined ? { patrol_area_id: f.areaId } : {}),
      ...(f.base !== undefined ? { base_lon: f.base.lon, base_lat: f.base.lat } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** A point inside an area (its surface), for a team without a base or a position. */
export async function pointOnArea(db: Conn, areaId: number): Promise<{ lon: number; lat: number }> {
  const r = await sql<{ lon: number; lat: number }>`select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface(geom) as p from areas where id = ${areaId}) x`.execute(db);
  return r.rows[0]!;
}

/** The latitude of an area's centroid, or null for an unknown area. */
export async function areaCentreLat(db: Conn, areaId: number): Promise<number | null> {
  const r = await sql<{ lat: number }>`select st_y(st_centroid(geom)) as lat from areas where id = ${areaId}`.execute(db);
  return r.rows[0]?.lat ?? null;
}

/**
 * The nearest named road of each point within `withinDeg` degrees (about 300 m at 0.003), else null: a hint an
 * officer on the road can use to tell two risk stops of one grid apart. One query for all the points.
 */
export async function nearestRoadNames(db: Conn, points: readonly { lon: number; lat: number }[], withinDeg = 0.003): Promise<(string | null)[]> {
  if (!points.length) return [];
  const r = await sql<{ name: string | null }>`
    select (select r.name from roads r
             where coalesce(r.name, '') <> '' and st_dwithin(r.geom, st_setsrid(st_point(u.x, u.y), 4326), ${withinDeg})
             order by r.geom <-> st_setsrid(st_point(u.x, u.y), 4326), r.id limit 1) as name
      from unnest(${points.map((p) => p.lon)}::float8[], ${points.map((p) => p.lat)}::float8[]) with ordinality as u(x, y, i)
     order by u.i`.execute(db);
  return r.rows.map((x) => x.name);
}
