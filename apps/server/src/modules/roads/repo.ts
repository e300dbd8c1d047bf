// SQL of the road network: reading every road for the in-memory graphs, and writing an OSM import.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';

export interface RoadRow {
  id: number;
  speed_kmh: number | null;
  ebike_kmh: number | null;
  foot_kmh: number | null;
  oneway: boolean;
  tags: Record<string, string> | null;
  coords: [number, number][];
}

export async function loadRoadRows(db: Db): Promise<RoadRow[]> {
  const r = await sql<{ id: number; speed_kmh: number | null; ebike_kmh: number | null; foot_kmh: number | null; oneway: boolean; tags: Record<string, string> | null; g: string }>`
    select id, speed_kmh, ebike_kmh, foot_kmh, oneway, tags, st_asgeojson(geom, 7) g from roads order by id`.execute(db);
  return r.rows.map((x) => ({ ...x, coords: (JSON.parse(x.g) as { coordinates: [number, number][] }).coordinates }));
}

export interface OsmRoadIn {
  osmId: number;
  name: string;
  highway: string;
  oneway: boolean;
  tags: Record<string, string>;
  coords: [number, number][];
}

/** Deletes every road; returns how many. */
export async function deleteAllRoads(tx: Db | Transaction<DB>): Promise<number> {
  return Number((await tx.deleteFrom('roads').executeTakeFirst()).numDeletedRows);
}

/** Appends OSM roads (speeds derived per profile from their tags), with ids after the highest one. */
export async function insertOsmRoads(tx: Db | Transaction<DB>, rows: OsmRoadIn[]): Promise<void> {
  const start = (await sql<{ m: number }>`select coalesce(max(id), 0)::int m from roads`.execute(tx)).rows[0]!.m;
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000).map((r, k) => ({ id: start + i + k + 1, ...r }));
    await sql`insert into roads (id, name, class, speed_kmh, oneway, osm_id, tags, geom)
      select (e->>'id')::int, e->>'name', e->>'highway', null, (e->>'oneway')::boolean, (e->>'osmId')::bigint, e->'tags',
             st_setsrid(st_geomfromgeojson(json_build_object('type','LineString','coordinates', e->'coords')::text), 4326)
        from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) e`.execute(tx);
  }
}
