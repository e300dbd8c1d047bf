// SQL of the reform simulator: the area's live station areas, the calls of a period inside an area (with the live
// station area each lies in), the units' posts per station, and the saved runs.
import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB, SimRunsTable } from '../../db/schema';

type Conn = Db | Transaction<DB>;
export type SimRunRow = Selectable<SimRunsTable>;

export interface StationRow {
  id: number;
  name: string;
  /** A point surely inside the area (where its units wait when no unit has a post). */
  lon: number;
  lat: number;
  gj: string;
}

/** The live station areas inside `areaId` (or the area itself when it is one), by id. */
export async function stationsIn(db: Conn, areaId: number): Promise<StationRow[]> {
  const r = await sql<StationRow>`
    select s.id, s.name, st_x(st_pointonsurface(s.geom)) as lon, st_y(st_pointonsurface(s.geom)) as lat, st_asgeojson(s.geom, 6) as gj
      from areas s, areas a
     where a.id = ${areaId} and s.kind = 'station' and s.valid_to is null
       and (s.id = a.id or st_covers(a.geom, st_pointonsurface(s.geom)))
     order by s.id`.execute(db);
  return r.rows;
}

export interface CallRow {
  id: number;
  lon: number;
  lat: number;
  /** epoch ms */
  at: number;
  category: string;
  priority: number;
  /** The live station area the point lies in (null: none). */
  station_id: number | null;
}

/** The calls (incidents not cancelled) inside the area reported in [from, until), oldest first. */
export async function callsIn(db: Conn, areaId: number, from: string, until: string): Promise<CallRow[]> {
  const r = await sql<CallRow>`
    select i.id, st_x(i.geom) as lon, st_y(i.geom) as lat, (extract(epoch from i.reported_at) * 1000)::float8 as at,
           i.category, i.priority::int as priority,
           (select s.id from areas s where s.kind = 'station' and s.valid_to is null and st_covers(s.geom, i.geom) order by s.id limit 1) as station_id
      from incidents i, areas a
     where a.id = ${areaId} and st_covers(a.geom, i.geom) and i.status <> 'cancelled'
       and i.reported_at >= ${from} and i.reported_at < ${until}
     order by i.reported_at, i.id`.execute(db);
  return r.rows;
}

/** Units in service with where they wait (their post, else their last position) and their home area. */
export async function unitPosts(db: Conn): Promise<{ id: number; home_area_id: number | null; lon: number | null; lat: number | null }[]> {
  const r = await sql<{ id: number; home_area_id: number | null; lon: number | null; lat: number | null }>`
    select id, home_area_id, coalesce(base_lon, lon) as lon, coalesce(base_lat, lat) as lat
      from units where retired_at is null order by id`.execute(db);
  return r.rows;
}

export async function insertRun(db: Conn, row: Insertable<SimRunsTable>): Promise<number> {
  const r = await db.insertInto('sim_runs').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function markRunning(db: Conn, id: number, at: string): Promise<void> {
  await db.updateTable('sim_runs').set({ status: 'running', started_at: at, version: sql`version + 1` }).where('id', '=', id).where('status', '=', 'queued').execute();
}

export async function finishRun(db: Conn, id: number, set: { status: 'done' | 'failed'; at: string; result: string | null; error: string | null; scenario?: string; durationMs: number | null }): Promise<void> {
  await db
    .updateTable('sim_runs')
    .set({ status: set.status, finished_at: set.at, result: set.result, error: set.error, duration_ms: set.durationMs, ...(set.scenario ? { scenario: set.scenario } : {}), version: sql`version + 1` })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** Runs left queued or running by a process that ended (they will never finish): failed with `reason`. */
export async function failInterrupted(db: Conn, before: string, at: string, reason: string): Promise<number> {
  const r = await db
    .updateTable('sim_runs')
    .set({ status: 'failed', finished_at: at, error: reason, version: sql`version + 1` })
    .where('status', 'in', ['queued', 'running'])
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function getRunRow(db: Conn, id: number): Promise<SimRunRow | null> {
  return (await db.selectFrom('sim_runs').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Newest first; `areaIds` null = every area. The list leaves out the results (they are read one run at a time). */
export async function listRunRows(db: Conn, q: { areaIds: number[] | null; limit: number }): Promise<Omit<SimRunRow, 'result' | 'scenario'>[]> {
  let query = db
    .selectFrom('sim_runs')
    .select(['id', 'area_id', 'status', 'name', 'input', 'error', 'created_by', 'created_by_name', 'created_at', 'started_at', 'finished_at', 'duration_ms', 'version'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.areaIds !== null) {
    if (!q.areaIds.length) return [];
    query = query.where('area_id', 'in', q.areaIds);
  }
  return query.execute();
}
