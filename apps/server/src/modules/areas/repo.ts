// SQL for areas. Geometry is written from GeoJSON and read back as GeoJSON; validity, unions, splits and
// overlaps are computed by PostGIS.
import { sql } from 'kysely';
import type { Area, AreaKind, AreaRef, LocationAreas } from '@jingwang/contracts';
import type { Db } from '../../db/client';
import { updateVersioned } from '../../db/versioned';
import type { AreaNode } from './tree';

export interface AreaRow {
  id: number;
  code: string;
  name: string;
  kind: AreaKind;
  parent_id: number | null;
  valid_from: string;
  valid_to: string | null;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
  area_km2: number;
  response_target_s: number | null;
  version: number;
}

const AREA_COLUMNS = sql`a.id, a.code, a.name, a.kind, a.parent_id, a.valid_from, a.valid_to,
  st_xmin(a.geom) as xmin, st_ymin(a.geom) as ymin, st_xmax(a.geom) as xmax, st_ymax(a.geom) as ymax,
  st_area(a.geom::geography) / 1e6 as area_km2, a.response_target_s, a.version`;

export function toArea(r: AreaRow): Area {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parent_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    bbox: [r.xmin, r.ymin, r.xmax, r.ymax],
    areaKm2: Math.round(r.area_km2 * 1000) / 1000,
    responseTargetS: r.response_target_s,
    version: r.version,
  };
}

export async function loadAreaNodes(db: Db): Promise<AreaNode[]> {
  const rows = await db.selectFrom('areas').select(['id', 'code', 'name', 'kind', 'parent_id', 'valid_from', 'valid_to']).execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as AreaKind,
    parentId: r.parent_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
}

export async function listAreas(db: Db, opts: { kind?: AreaKind; at: string; includeRetired: boolean; ids?: number[] | null }): Promise<Area[]> {
  const rows = await sql<AreaRow>`
    select ${AREA_COLUMNS} from areas a
     where (${opts.kind ?? null}::text is null or a.kind = ${opts.kind ?? null})
       and (${opts.includeRetired} or (a.valid_from <= ${opts.at}::timestamptz and (a.valid_to is null or a.valid_to > ${opts.at}::timestamptz)))
       and (${opts.ids ?? null}::int[] is null or a.id = any(${opts.ids ?? null}::int[]))
     order by a.kind, a.code, a.valid_from`.execute(db);
  return rows.rows.map(toArea);
}

export async function getArea(db: Db, id: number): Promise<Area | null> {
  const r = await sql<AreaRow>`select ${AREA_COLUMNS} from areas a where a.id = ${id}`.execute(db);
  return r.rows[0] ? toArea(r.rows[0]) : null;
}

/** Sets or clears a live area's response target (versioned: 409 STALE_VERSION; a retired area is not changed). */
export async function setResponseTarget(db: Db, id: number, targetS: number | null, version: number): Promise<number> {
  return updateVersioned(db, 'areas', id, { response_target_s: targetS }, { version });
}

export async function liveAreasByCodes(db: Db, codes: string[]): Promise<AreaRow[]> {
  if (codes.length === 0) return [];
  const r = await sql<AreaRow>`select ${AREA_COLUMNS} from areas a where a.valid_to is null and a.code = any(${codes}::text[])`.execute(db);
  return r.rows;
}

/** One FeatureCollection string built by PostGIS (geometry at 6 decimals, about 0.1 m). */
export async function areasGeoJson(db: Db, kinds: AreaKind[] | null, at: string, ids: number[] | null): Promise<string> {
  const r = await sql<{ fc: string }>`
    select json_build_object('type','FeatureCollection','features', coalesce(json_agg(json_build_object(
      'type','Feature','id',a.id,
      'geometry', st_asgeojson(a.geom, 6)::json,
      'properties', json_build_object('id',a.id,'code',a.code,'name',a.name,'kind',a.kind,'parentId',a.parent_id,
                                      'parentCode', p.code)
    ) order by a.kind, a.code), '[]'::json))::text as fc
    from areas a left join areas p on p.id = a.parent_id
    where (${kinds}::text[] is null or a.kind = any(${kinds}::text[]))
      and a.valid_from <= ${at}::timestamptz and (a.valid_to is null or a.valid_to > ${at}::timestamptz)
      and (${ids}::int[] is null or a.id = any(${ids}::int[]))`.execute(db);
  return r.rows[0]?.fc ?? '{"type":"FeatureCollection","features":[]}';
}

/** Validity of each geometry (GeoJSON strings), by PostGIS; null reason = valid. */
export async function checkGeometries(db: Db, geojson: string[]): Promise<{ idx: number; reason: string | null; empty: boolean }[]> {
  const r = await sql<{ idx: number; reason: string | null; empty: boolean }>`
    select (t.ord - 1)::int as idx,
           case when st_isvalid(g) then null else st_isvalidreason(g) end as reason,
           st_isempty(g) as empty
      from unnest(${geojson}::text[]) with ordinality as t(txt, ord),
           lateral (select st_setsrid(st_geomfromgeojson(t.txt), 4326) as g) x
     order by t.ord`.execute(db);
  return r.rows;
}

export async function insertArea(
  db: Db,
  a: { code: string; name: string; kind: AreaKind; parentId: number | null; geojson: string; validFrom: string },
): Promise<number> {
  const r = await sql<{ id: number }>`
    insert into areas (code, name, kind, parent_id, geom, valid_from)
    values (${a.code}, ${a.name}, ${a.kind}, ${a.parentId},
            st_multi(st_setsrid(st_geomfromgeojson(${a.geojson}), 4326)), ${a.validFrom})
    returning id`.execute(db);
  const id = r.rows[0]!.id;
  if (a.parentId !== null) await insertParentLink(db, id, a.parentId, a.validFrom);
  return id;
}

/** Creates an area whose geometry is the union of live areas. */
export async function insertUnionArea(
  db: Db,
  a: { code: string; name: string; kind: AreaKind; parentId: number | null; sourceIds: number[]; validFrom: string },
): Promise<number> {
  const r = await sql<{ id: number }>`
    insert into areas (code, name, kind, parent_id, geom, valid_from)
    select ${a.code}, ${a.name}, ${a.kind}, ${a.parentId},
           st_multi(st_collectionextract(st_makevalid(st_union(geom)), 3)), ${a.validFrom}
      from areas where id = any(${a.sourceIds}::int[])
    returning id`.execute(db);
  const id = r.rows[0]!.id;
  if (a.parentId !== null) await insertParentLink(db, id, a.parentId, a.validFrom);
  return id;
}

export async function insertParentLink(db: Db, childId: number, parentId: number, from: string): Promise<void> {
  await db.insertInto('area_parents').values({ child_id: childId, parent_id: parentId, valid_from: from, valid_to: null }).execute();
}

/** Moves an area under a new parent from a time on, keeping the old link as history. */
export async function reparent(db: Db, childId: number, parentId: number, at: string): Promise<void> {
  await db.updateTable('area_parents').set({ valid_to: at }).where('child_id', '=', childId).where('valid_to', 'is', null).execute();
  await sql`delete from area_parents where child_id = ${childId} and valid_from = ${at}::timestamptz`.execute(db);
  await insertParentLink(db, childId, parentId, at);
  await db.updateTable('areas').set({ parent_id: parentId }).where('id', '=', childId).execute();
}

/**
 * Serialises every change to the areas (imports, re-cuts) until the transaction ends: they are rare, and two
 * concurrent merges of the same zones must not both succeed. On PGlite the one connection already serialises them.
 */
export async function lockAreaWrites(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(7411001)`.execute(db);
}

/** Retires live areas; false if any of them was retired meanwhile. */
export async function retire(db: Db, ids: number[], at: string): Promise<boolean> {
  if (ids.length === 0) return true;
  const r = await db.updateTable('areas').set({ valid_to: at }).where('id', 'in', ids).where('valid_to', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== ids.length) return false;
  await db.updateTable('area_parents').set({ valid_to: at }).where('child_id', 'in', ids).where('valid_to', 'is', null).execute();
  return true;
}

/**
 * After a change effective in the past, incidents reported since then inside the changed areas get the areas (and
 * responsible people) that were valid when they happened under the new cut. Returns the incidents whose areas changed.
 */
export async function relocateIncidents(db: Db, areaIds: number[], since: string): Promise<{ id: number; before: number[]; after: number[] }[]> {
  if (areaIds.length === 0) return [];
  const old = await sql<{ id: number; area_ids: number[] }>`
    select i.id, i.area_ids from incidents i
     where i.reported_at >= ${since}::timestamptz
       and st_intersects(i.geom, (select st_union(geom) from areas where id = any(${areaIds}::int[])))
     for update`.execute(db);
  if (old.rows.length === 0) return [];
  const ids = old.rows.map((r) => r.id);
  await sql`
    update incidents i set
      county_id = area_at(i.geom, 'county', i.reported_at), district_id = area_at(i.geom, 'district', i.reported_at),
      station_id = area_at(i.geom, 'station', i.reported_at), police_grid_id = area_at(i.geom, 'police_grid', i.reported_at),
      resp_zone_id = area_at(i.geom, 'resp_zone', i.reported_at), community_id = area_at(i.geom, 'community', i.reported_at),
      grid_id = area_at(i.geom, 'grid', i.reported_at)
     where i.id = any(${ids}::int[])`.execute(db);
  const now = await sql<{ id: number; area_ids: number[] }>`
    update incidents i set
      area_ids = array_remove(array[i.county_id, i.district_id, i.station_id, i.police_grid_id, i.resp_zone_id, i.community_id, i.grid_id], null),
      officer_id = responsible_person(array_remove(array[i.grid_id, i.community_id, i.police_grid_id, i.resp_zone_id], null), 'police', i.reported_at),
      grid_worker_id = responsible_person(array_remove(array[i.grid_id], null), 'grid_worker', i.reported_at)
     where i.id = any(${ids}::int[])
     returning i.id, i.area_ids`.execute(db);
  const before = new Map(old.rows.map((r) => [r.id, r.area_ids]));
  return now.rows
    .map((r) => ({ id: r.id, before: before.get(r.id) ?? [], after: r.area_ids }))
    .filter((r) => r.before.length !== r.after.length || r.before.some((x, i) => x !== r.after[i]));
}

export async function liveChildren(db: Db, parentIds: number[]): Promise<{ id: number; parent_id: number; cx: number; cy: number }[]> {
  if (parentIds.length === 0) return [];
  const r = await sql<{ id: number; parent_id: number; cx: number; cy: number }>`
    select id, parent_id, st_x(st_pointonsurface(geom)) as cx, st_y(st_pointonsurface(geom)) as cy
      from areas where valid_to is null and parent_id = any(${parentIds}::int[])`.execute(db);
  return r.rows;
}

/** Splits an area by a line; parts ordered west to east, then south to north, by centroid. */
export async function splitGeometry(db: Db, areaId: number, bladeGeojson: string): Promise<string[]> {
  const r = await sql<{ g: string }>`
    with parts as (
      select (st_dump(st_split(a.geom, st_setsrid(st_geomfromgeojson(${bladeGeojson}), 4326)))).geom as g
        from areas a where a.id = ${areaId}
    )
    select st_asgeojson(st_multi(g), 9) as g from parts
     where st_area(g::geography) > 1
     order by round(st_x(st_centroid(g))::numeric, 6), round(st_y(st_centroid(g))::numeric, 6)`.execute(db);
  return r.rows.map((x) => x.g);
}

/** Which live area holds the point: used to reassign children after a split. */
export async function areaCovering(db: Db, ids: number[], lon: number, lat: number): Promise<number | null> {
  const r = await sql<{ id: number }>`
    select id from areas where id = any(${ids}::int[]) and st_covers(geom, st_setsrid(st_point(${lon}, ${lat}), 4326)) limit 1`.execute(db);
  return r.rows[0]?.id ?? null;
}

/** Pairs of live sibling areas (same parent and kind) among `ids` and their siblings that overlap by more than 100 m². */
export async function siblingOverlaps(db: Db, ids: number[]): Promise<{ a: string; b: string; overlapKm2: number }[]> {
  if (ids.length === 0) return [];
  const r = await sql<{ a: string; b: string; km2: number }>`
    select x.code as a, y.code as b, st_area(st_intersection(x.geom, y.geom)::geography) / 1e6 as km2
      from areas x join areas y
        on x.id < y.id and x.kind = y.kind and x.parent_id is not distinct from y.parent_id
       and x.valid_to is null and y.valid_to is null and st_intersects(x.geom, y.geom)
     where (x.id = any(${ids}::int[]) or y.id = any(${ids}::int[]))
       and st_area(st_intersection(x.geom, y.geom)::geography) > 100
     order by 1, 2`.execute(db);
  return r.rows.map((o) => ({ a: o.a, b: o.b, overlapKm2: Math.round(o.km2 * 10000) / 10000 }));
}

export interface PreviewFeature {
  code: string;
  kind: AreaKind;
  parentCode: string | null;
  geojson: string;
}
type PreviewGeometry = { type: string; coordinates: unknown };
export interface PreviewGeometryResult {
  /** Per feature (the file's order): its area in m², and whether a live area of its code has the same boundary (within 2e-6°, about 0.2 m). */
  areaM2: number[];
  sameAsLive: boolean[];
  overlaps: { parentCode: string | null; kind: AreaKind; a: string; b: string; areaM2: number; geometry: PreviewGeometry }[];
  gaps: { parentCode: string; kind: AreaKind; areaM2: number; parentAreaM2: number; geometry: PreviewGeometry }[];
  outside: { parentCode: string; code: string; kind: AreaKind; areaM2: number; geometry: PreviewGeometry }[];
}

/**
 * The overlay functions' grid (degrees, about 0.1 mm): fixed-precision overlay (GEOS OverlayNG) is robust where the
 * floating one can fail on the ragged edges of real boundaries, and on PGlite such a failure came back as no rows at
 * all rather than an error (a station minus its communities, on the demo county).
 */
const GRID = 1e-9;

/**
 * The geometry of an import preview, from the file's features and the live areas they sit among, reading only.
 * Children are grouped by parent code and kind (a file's feature replaces a live area of the same code); a parent is
 * the file's feature of that code or else the live area. For each group with a feature of the file: overlaps between
 * siblings (st_intersection; pairs with a feature of the file), the gap (the parent st_difference the st_union of
 * the group) and each file child's part outside its parent. Each result is cut into its pieces and a piece smaller
 * than `share` of the parent's area, or than `minM2` (also the threshold where there is no parent), is dropped as a
 * sliver; areas are st_area on geography (m²).
 */
export async function previewGeometry(db: Db, features: PreviewFeature[], sliver: { share: number; minM2: number }): Promise<PreviewGeometryResult> {
  const codes = features.map((f) => f.code);
  const kinds = features.map((f) => f.kind);
  const parents = features.map((f) => f.parentCode);
  const geo = features.map((f) => f.geojson);
  const file = sql`
    f as (
      select (t.ord - 1)::int as idx, t.code, t.kind, t.parent_code, st_multi(st_setsrid(st_geomfromgeojson(t.txt), 4326)) as g
        from unnest(${codes}::text[], ${kinds}::text[], ${parents}::text[], ${geo}::text[]) with ordinality as t(code, kind, parent_code, txt, ord)
    )`;
  const each = await sql<{ idx: number; m2: number; same: boolean }>`
    with ${file}
    select f.idx, st_area(f.g::geography) as m2, coalesce(st_hausdorffdistance(a.geom, f.g) <= 2e-6, false) as same
      from f left join areas a on a.code = f.code and a.valid_to is null
     order by f.idx`.execute(db);
  const found = await sql<{ type: 'overlap' | 'gap' | 'outside' | 'end'; parent_code: string | null; kind: AreaKind; a: string | null; b: string | null; m2: number; parent_m2: number | null; g: string }>`
    with ${file},
    parents as (
      select f.code, f.g from f where f.code in (select parent_code from f)
      union all
      select a.code, a.geom from areas a
       where a.valid_to is null and a.code in (select parent_code from f) and a.code not in (select code from f)
    ),
    pinfo as (select p.code, p.g, st_area(p.g::geography) as pa, greatest(${sliver.minM2}::float8, ${sliver.share}::float8 * st_area(p.g::geography)) as thr from parents p),
    groups as (select distinct f.parent_code, f.kind from f),
    nodes as (
      select true as in_file, f.code, f.kind, f.parent_code, f.g from f
      union all
      select false, a.code, a.kind, p.code, a.geom
        from areas a join areas p on p.id = a.parent_id and p.valid_to is null
       where a.valid_to is null and a.code not in (select code from f)
         and exists (select 1 from groups gr where gr.parent_code = p.code and gr.kind = a.kind)
      union all
      select false, a.code, a.kind, null, a.geom
        from areas a
       where a.valid_to is null and a.parent_id is null and a.code not in (select code from f)
         and exists (select 1 from groups gr where gr.parent_code is null and gr.kind = a.kind)
    ),
    raw as (
      select 'overlap' as type, x.parent_code, x.kind, x.code as a, y.code as b,
             st_collectionextract(st_intersection(x.g, y.g, ${GRID}::float8), 3) as g, coalesce(pi.thr, ${sliver.minM2}::float8) as thr, pi.pa
        from nodes x join nodes y
          on x.kind = y.kind and x.parent_code is not distinct from y.parent_code and x.code < y.code
         and (x.in_file or y.in_file) and st_intersects(x.g, y.g)
        left join pinfo pi on pi.code = x.parent_code
      union all
      select 'gap', u.parent_code, u.kind, null, null, st_collectionextract(st_difference(pi.g, u.g, ${GRID}::float8), 3), pi.thr, pi.pa
        from (select n.parent_code, n.kind, st_union(n.g, ${GRID}::float8) as g from nodes n where n.parent_code is not null group by n.parent_code, n.kind) u
        join pinfo pi on pi.code = u.parent_code
      union all
      select 'outside', n.parent_code, n.kind, n.code, null, st_collectionextract(st_difference(n.g, pi.g, ${GRID}::float8), 3), pi.thr, pi.pa
        from nodes n join pinfo pi on pi.code = n.parent_code
       where n.in_file
    ),
    kept as (
      select r.type, r.parent_code, r.kind, r.a, r.b, r.pa,
             (select st_multi(st_collect(d.geom)) from st_dump(r.g) d where st_area(d.geom::geography) >= r.thr) as g
        from raw r
    )
    select k.type, k.parent_code, k.kind, k.a, k.b, st_area(k.g::geography) as m2, k.pa as parent_m2, st_asgeojson(k.g, 6) as g
      from kept k where k.g is not null
    union all
    select 'end', null, null, null, null, 0, null, null
     order by 1, 2 nulls first, 3, 4, 5`.execute(db);
  // the closing row: without it the database lost the answer (see GRID), and "no problems" would be a false report
  if (!found.rows.some((r) => r.type === 'end')) throw new Error('areas preview: the database returned no rows for the overlay');
  const out: PreviewGeometryResult = {
    areaM2: each.rows.map((r) => r.m2),
    sameAsLive: each.rows.map((r) => r.same),
    overlaps: [],
    gaps: [],
    outside: [],
  };
  const m2 = (x: number) => Math.round(x * 10) / 10;
  for (const r of found.rows) {
    if (r.type === 'end') continue;
    const geometry = JSON.parse(r.g) as PreviewGeometry;
    if (r.type === 'overlap') out.overlaps.push({ parentCode: r.parent_code, kind: r.kind, a: r.a!, b: r.b!, areaM2: m2(r.m2), geometry });
    else if (r.type === 'gap') out.gaps.push({ parentCode: r.parent_code!, kind: r.kind, areaM2: m2(r.m2), parentAreaM2: m2(r.parent_m2 ?? 0), geometry });
    else if (r.type === 'outside') out.outside.push({ parentCode: r.parent_code!, code: r.a!, kind: r.kind, areaM2: m2(r.m2), geometry });
  }
  return out;
}

/** Recomputes which community grids each live police grid covers (share of the grid's area inside). */
export async function refreshPoliceGridLinks(db: Db): Promise<number> {
  await sql`delete from police_grid_grids`.execute(db);
  const r = await sql`
    insert into police_grid_grids (police_grid_id, grid_id, share)
    select pg.id, g.id, st_area(st_intersection(pg.geom, g.geom)::geography) / nullif(st_area(g.geom::geography), 0)
      from areas pg join areas g on st_intersects(pg.geom, g.geom)
     where pg.kind = 'police_grid' and g.kind = 'grid' and pg.valid_to is null and g.valid_to is null
       and st_area(st_intersection(pg.geom, g.geom)::geography) > 100`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function insertAreaEvent(
  db: Db,
  e: { op: 'import' | 'merge' | 'bundle' | 'split'; effectiveAt: string; actorUserId: number | null; actorName: string; detail: unknown },
  areas: { id: number; role: 'source' | 'target' | 'member' | 'created' }[],
): Promise<number> {
  const ev = await db
    .insertInto('area_events')
    .values({ op: e.op, effective_at: e.effectiveAt, actor_user_id: e.actorUserId, actor_name: e.actorName, detail: JSON.stringify(e.detail) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const seen = new Set<string>();
  const rows = areas.filter((a) => !seen.has(`${a.id}:${a.role}`) && seen.add(`${a.id}:${a.role}`));
  if (rows.length) await db.insertInto('area_event_areas').values(rows.map((a) => ({ event_id: ev.id, area_id: a.id, role: a.role }))).execute();
  return ev.id;
}

export async function areaHistory(db: Db, areaId: number) {
  const r = await sql<{ id: number; at: string; effective_at: string; op: string; actor_name: string; detail: unknown; role: string }>`
    select e.id, e.at, e.effective_at, e.op, e.actor_name, e.detail, ea.role
      from area_event_areas ea join area_events e on e.id = ea.event_id
     where ea.area_id = ${areaId} order by e.effective_at, e.id`.execute(db);
  return r.rows.map((e) => ({ id: e.id, at: e.effective_at, op: e.op, actor: e.actor_name, detail: { role: e.role, ...(e.detail as object) } }));
}

import type { AreaIdColumns } from './columns';
export type { AreaIdColumns } from './columns';

export interface LocateRow extends AreaIdColumns {
  officer_id: number | null;
  grid_worker_id: number | null;
}

/** The same lookup the incident trigger makes, for a point and time. */
export async function locate(db: Db, lon: number, lat: number, at: string): Promise<LocateRow> {
  const r = await sql<LocateRow>`
    with p as (select st_setsrid(st_point(${lon}, ${lat}), 4326) as g, ${at}::timestamptz as t),
    a as (
      select area_at(p.g, 'county', p.t) county_id, area_at(p.g, 'district', p.t) district_id,
             area_at(p.g, 'station', p.t) station_id, area_at(p.g, 'police_grid', p.t) police_grid_id,
             area_at(p.g, 'resp_zone', p.t) resp_zone_id, area_at(p.g, 'community', p.t) community_id,
             area_at(p.g, 'grid', p.t) grid_id, p.t from p)
    select a.county_id, a.district_id, a.station_id, a.police_grid_id, a.resp_zone_id, a.community_id, a.grid_id,
           responsible_person(array_remove(array[a.grid_id, a.community_id, a.police_grid_id, a.resp_zone_id], null), 'police', a.t) officer_id,
           responsible_person(array_remove(array[a.grid_id], null), 'grid_worker', a.t) grid_worker_id
      from a`.execute(db);
  return r.rows[0]!;
}

/** The area of `kind` holding each point at `at` (null where none), in the points' order: one query for many. */
export async function areasAt(db: Db, points: readonly { lon: number; lat: number }[], kind: AreaKind, at: string): Promise<(number | null)[]> {
  if (!points.length) return [];
  const xs = points.map((p) => p.lon);
  const ys = points.map((p) => p.lat);
  const r = await sql<{ id: number | null }>`
    select area_at(st_setsrid(st_point(u.x, u.y), 4326), ${kind}, ${at}::timestamptz) as id
      from unnest(${xs}::float8[], ${ys}::float8[]) with ordinality as u(x, y, i)
     order by u.i`.execute(db);
  return r.rows.map((x) => x.id);
}

export function areaRef(tree: { get(id: number): { id: number; code: string; name: string } | undefined }, id: number | null): AreaRef | null {
  if (id === null) return null;
  const n = tree.get(id);
  return n ? { id: n.id, code: n.code, name: n.name } : null;
}

/** Names the areas of a row for the API (grid, police grid, zone, community, station, district). */
export function locationAreas(tree: { get(id: number): { id: number; code: string; name: string } | undefined }, r: AreaIdColumns): LocationAreas {
  return {
    grid: areaRef(tree, r.grid_id),
    policeGrid: areaRef(tree, r.police_grid_id),
    respZone: areaRef(tree, r.resp_zone_id),
    community: areaRef(tree, r.community_id),
    station: areaRef(tree, r.station_id),
    district: areaRef(tree, r.district_id),
  };
}

export async function roadsGeoJson(db: Db): Promise<string> {
  const r = await sql<{ fc: string }>`
    select json_build_object('type','FeatureCollection','features', coalesce(json_agg(json_build_object(
      'type','Feature','id',id,'geometry', st_asgeojson(geom, 6)::json,
      'properties', json_build_object('id',id,'name',name,'class',class,'oneway',oneway)) order by id), '[]'::json))::text as fc
    from roads`.execute(db);
  return r.rows[0]?.fc ?? '{"type":"FeatureCollection","features":[]}';
}

export async function countyBbox(db: Db): Promise<[number, number, number, number] | null> {
  const r = await sql<{ xmin: number | null; ymin: number; xmax: number; ymax: number }>`
    select st_xmin(e) xmin, st_ymin(e) ymin, st_xmax(e) xmax, st_ymax(e) ymax
      from (select st_extent(geom)::geometry e from areas where valid_to is null) x`.execute(db);
  const b = r.rows[0];
  return b && b.xmin !== null ? [b.xmin, b.ymin, b.xmax, b.ymax] : null;
}

/** The bounding box of the live county areas, or null before any county is imported. */
export async function countyBounds(db: Db): Promise<[number, number, number, number] | null> {
  const r = await sql<{ xmin: number | null; ymin: number; xmax: number; ymax: number }>`
    select st_xmin(e) xmin, st_ymin(e) ymin, st_xmax(e) xmax, st_ymax(e) ymax
      from (select st_extent(geom)::geometry e from areas where valid_to is null and kind = 'county') x`.execute(db);
  const b = r.rows[0];
  return b && b.xmin !== null ? [b.xmin, b.ymin, b.xmax, b.ymax] : null;
}
