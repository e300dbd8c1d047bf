// SQL of standard addresses: insert (placed in the area tree by PostGIS), read, the gazetteer's candidates.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../../db/client';
import type { DB } from '../../../db/schema';

type Conn = Db | Transaction<DB>;

export interface AddressRow {
  id: number;
  province: string | null;
  city: string | null;
  county: string | null;
  town: string | null;
  community: string | null;
  street: string | null;
  door_no: string | null;
  building: string | null;
  unit_no: string | null;
  room: string | null;
  label: string;
  norm: string;
  initials: string;
  lon: number;
  lat: number;
  grid_id: number | null;
  police_grid_id: number | null;
  station_id: number | null;
  area_ids: number[];
  version: number;
}

export interface NewAddress {
  province: string | null;
  city: string | null;
  county: string | null;
  town: string | null;
  community: string | null;
  street: string | null;
  door_no: string | null;
  building: string | null;
  unit_no: string | null;
  room: string | null;
  label: string;
  norm: string;
  initials: string;
  lon: number;
  lat: number;
  source: string;
}

export interface Placement {
  county_id: number | null;
  grid_id: number | null;
  police_grid_id: number | null;
  station_id: number | null;
  area_ids: number[];
}

/** The live areas over a point now: the county (inside the jurisdiction or not), grid, police grid, station, all. */
export async function place(db: Conn, lon: number, lat: number): Promise<Placement> {
  const r = await sql<Placement>`
    with p as (select st_setsrid(st_point(${lon}, ${lat}), 4326) g, now() t),
    a as (select area_at(p.g, 'county', p.t) county_id, area_at(p.g, 'district', p.t) district_id, area_at(p.g, 'station', p.t) station_id,
                 area_at(p.g, 'police_grid', p.t) police_grid_id, area_at(p.g, 'resp_zone', p.t) resp_zone_id,
                 area_at(p.g, 'community', p.t) community_id, area_at(p.g, 'grid', p.t) grid_id from p)
    select county_id, grid_id, police_grid_id, station_id,
           array_remove(array[county_id, district_id, station_id, police_grid_id, resp_zone_id, community_id, grid_id], null) area_ids
      from a`.execute(db);
  const row = r.rows[0]!;
  return { ...row, area_ids: row.area_ids ?? [] };
}

const cols = sql`id, province, city, county, town, community, street, door_no, building, unit_no, room, label, norm, initials,
  st_x(geom) lon, st_y(geom) lat, grid_id, police_grid_id, station_id, area_ids, version`;

/** Inserts addresses (each already placed); the ids in order. A norm already there is skipped (id null). */
export async function insertAddresses(db: Conn, rows: readonly (NewAddress & Omit<Placement, 'county_id'>)[]): Promise<(number | null)[]> {
  if (!rows.length) return [];
  const out: (number | null)[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const ins = await db
      .insertInto('addresses')
      .values(chunk.map(({ lon, lat, ...r }) => ({ ...r, geom: sql`st_setsrid(st_point(${lon}, ${lat}), 4326)` })))
      .onConflict((oc) => oc.column('norm').doNothing())
      .returning(['id', 'norm'])
      .execute();
    const byNorm = new Map(ins.map((r) => [r.norm, r.id]));
    for (const r of chunk) out.push(byNorm.get(r.norm) ?? null);
  }
  return out;
}

/**
 * Inserts addresses and places them in one statement each chunk (bulk: the demo seed, the bench): the areas over
 * each point are looked up by the database.
 */
export async function insertAddressesPlaced(db: Conn, rows: readonly NewAddress[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    // one spatial lookup per point: every live area covering it, the latest of each kind
    const r = await sql`
      with x as (
        select j->>'province' province, j->>'city' city, j->>'county' county, j->>'town' town, j->>'community' community,
               j->>'street' street, j->>'door_no' door_no, j->>'building' building, j->>'unit_no' unit_no, j->>'room' room,
               j->>'label' label, j->>'norm' norm, j->>'initials' initials, j->>'source' source,
               st_setsrid(st_point((j->>'lon')::float8, (j->>'lat')::float8), 4326) g
          from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) j),
      k as (
        select x.*, coalesce((select jsonb_object_agg(s.kind, s.id) from (
                  select distinct on (a.kind) a.kind, a.id from areas a
                   where a.valid_from <= now() and (a.valid_to is null or a.valid_to > now()) and st_covers(a.geom, x.g)
                   order by a.kind, a.valid_from desc, a.id) s), '{}'::jsonb) k
          from x)
      insert into addresses (province, city, county, town, community, street, door_no, building, unit_no, room, label, norm, initials, geom, source,
                             grid_id, police_grid_id, station_id, area_ids)
      select province, city, county, town, community, street, door_no, building, unit_no, room, label, norm, initials, g, source,
             (k->>'grid')::int, (k->>'police_grid')::int, (k->>'station')::int,
             array_remove(array[(k->>'county')::int, (k->>'district')::int, (k->>'station')::int, (k->>'police_grid')::int,
                                 (k->>'resp_zone')::int, (k->>'community')::int, (k->>'grid')::int], null)
        from k
      on conflict (norm) do nothing`.execute(db);
    n += Number(r.numAffectedRows ?? 0);
  }
  return n;
}

export async function getAddress(db: Conn, id: number): Promise<AddressRow | null> {
  const r = await sql<AddressRow>`select ${cols} from addresses where id = ${id}`.execute(db);
  return r.rows[0] ?? null;
}

export async function addressIdByNorm(db: Conn, norm: string): Promise<number | null> {
  const r = await db.selectFrom('addresses').select('id').where('norm', '=', norm).executeTakeFirst();
  return r?.id ?? null;
}

/** Existing norms among these (the import's duplicates). */
export async function existingNorms(db: Conn, norms: readonly string[]): Promise<Set<string>> {
  if (!norms.length) return new Set();
  const r = await db.selectFrom('addresses').select('norm').where('norm', 'in', [...norms]).execute();
  return new Set(r.map((x) => x.norm));
}

export interface Candidate {
  id: number;
  label: string;
  norm: string;
  initials: string;
  lon: number;
  lat: number;
  grid_id: number | null;
  area_ids: number[];
}

const candCols = sql`id, label, norm, initials, st_x(geom) lon, st_y(geom) lat, grid_id, area_ids`;
/** The scope as an array of integer parameters (an array parameter was once sent as text by PGlite: "malformed array literal"). */
const intArray = (ids: readonly number[]) => (ids.length ? sql`array[${sql.join(ids.map((i) => sql`${i}::int`))}]` : sql`'{}'::int[]`);
const scopeWhere = (scope: readonly number[] | null) => (scope === null ? sql`true` : sql`area_ids && ${intArray(scope)}`);

/**
 * Candidates that contain the normal form, start with it, or whose initials start with or contain the letters:
 * prefixes first (index), then substrings. `initials` is null when the query is not letters and digits.
 */
export async function substringCandidates(db: Conn, norm: string, initials: string | null, scope: readonly number[] | null, limit: number): Promise<Candidate[]> {
  const ini = initials === null ? sql`false` : sql`initials like ${'%' + initials + '%'}`;
  const r = await sql<Candidate>`
    select ${candCols} from addresses
     where (norm like ${'%' + norm + '%'} or ${ini}) and ${scopeWhere(scope)}
     order by (norm like ${norm + '%'}) desc, length(norm), id
     limit ${limit}`.execute(db);
  return r.rows;
}

/** Near misses: addresses sharing any character pair of the query (ranked by the scorer in core). */
export async function gramCandidates(db: Conn, grams: readonly string[], scope: readonly number[] | null, limit: number): Promise<Candidate[]> {
  if (!grams.length) return [];
  const pats = sql.val(grams.map((g) => `%${g}%`));
  const r = await sql<Candidate>`
    select ${candCols} from addresses
     where norm like any(${pats}::text[]) and ${scopeWhere(scope)}
     order by (select count(*) from unnest(${pats}::text[]) p where norm like p) desc, length(norm), id
     limit ${limit}`.execute(db);
  return r.rows;
}
