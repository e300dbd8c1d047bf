// SQL of the forecasts: a district's shape and its incidents for training, the stored runs (district x date) and
// their top cells per shift.
import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB, ForecastCellsTable, ForecastRunsTable } from '../../db/schema';

type Conn = Db | Transaction<DB>;
export type RunRow = Selectable<ForecastRunsTable>;
export type CellRow = Selectable<ForecastCellsTable>;

/** The GeoJSON geometry of an area and the latitude of its centroid. */
export async function areaShape(db: Conn, areaId: number): Promise<{ lat: number; gj: string } | null> {
  const r = await sql<{ lat: number; gj: string }>`select st_y(st_centroid(geom)) as lat, st_asgeojson(geom) as gj from areas where id = ${areaId}`.execute(db);
  return r.rows[0] ?? null;
}

/** The incidents (not cancelled) inside a district reported in [from, until), oldest first. */
export async function trainingIncidents(db: Conn, districtId: number, from: string, until: string): Promise<{ lon: number; lat: number; at: number; category: string }[]> {
  const r = await sql<{ lon: number; lat: number; at: number; category: string }>`
    select st_x(i.geom) as lon, st_y(i.geom) as lat, (extract(epoch from i.reported_at) * 1000)::float8 as at, i.category
      from incidents i, areas a
     where a.id = ${districtId} and st_covers(a.geom, i.geom) and i.status <> 'cancelled'
       and i.reported_at >= ${from} and i.reported_at < ${until}
     order by i.reported_at, i.id`.execute(db);
  return r.rows;
}

/** The district's latest run of a category (null: all incidents) for a date before `date`. */
export async function lastRunBefore(db: Conn, districtId: number, date: string, category: string | null = null): Promise<{ model: string; params: unknown; validation: unknown } | null> {
  const r = await db
    .selectFrom('forecast_runs')
    .select(['model', 'params', 'validation'])
    .where('district_id', '=', districtId)
    .where('for_date', '<', date)
    .where((eb) => (category === null ? eb('category', 'is', null) : eb('category', '=', category)))
    .orderBy('for_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ?? null;
}

/** Replaces the district's run for the date and category by this one and its cells; returns the new run's id. Call in a transaction. */
export async function replaceRun(tx: Transaction<DB>, run: Insertable<ForecastRunsTable>, cells: Omit<Insertable<ForecastCellsTable>, 'run_id'>[]): Promise<number> {
  const category = run.category ?? null;
  await tx
    .deleteFrom('forecast_runs')
    .where('district_id', '=', run.district_id)
    .where('for_date', '=', run.for_date)
    .where((eb) => (category === null ? eb('category', 'is', null) : eb('category', '=', category)))
    .execute();
  const r = await tx.insertInto('forecast_runs').values(run).returning('id').executeTakeFirstOrThrow();
  for (let k = 0; k < cells.length; k += 1000) {
    await tx.insertInto('forecast_cells').values(cells.slice(k, k + 1000).map((c) => ({ ...c, run_id: r.id }))).execute();
  }
  return r.id;
}

export async function getRunRow(db: Conn, id: number): Promise<RunRow | null> {
  return (await db.selectFrom('forecast_runs').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The district's run for a date and category (null: all incidents together). */
export async function runFor(db: Conn, districtId: number, date: string, category: string | null = null): Promise<RunRow | null> {
  return (
    (await db
      .selectFrom('forecast_runs')
      .selectAll()
      .where('district_id', '=', districtId)
      .where('for_date', '=', date)
      .where((eb) => (category === null ? eb('category', 'is', null) : eb('category', '=', category)))
      .executeTakeFirst()) ?? null
  );
}

/** Whether the district has its all-incident run for the date (the nightly job makes that one). */
export async function hasRun(db: Conn, districtId: number, date: string): Promise<boolean> {
  const r = await db.selectFrom('forecast_runs').select('id').where('district_id', '=', districtId).where('for_date', '=', date).where('category', 'is', null).executeTakeFirst();
  return r !== undefined;
}

export async function listRunRows(db: Conn, q: { districtId?: number; limit: number }): Promise<RunRow[]> {
  let query = db.selectFrom('forecast_runs').selectAll().orderBy('for_date', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.districtId !== undefined) query = query.where('district_id', '=', q.districtId);
  return query.execute();
}

/** The run's cells of a shift (null: the whole day), by rank. */
export async function cellRows(db: Conn, runId: number, shiftId: number | null): Promise<CellRow[]> {
  let q = db.selectFrom('forecast_cells').selectAll().where('run_id', '=', runId).orderBy('rank');
  q = shiftId === null ? q.where('shift_id', 'is', null) : q.where('shift_id', '=', shiftId);
  return q.execute();
}
