// Opens the database: embedded PGlite + PostGIS under DATA_DIR, or a PostgreSQL + PostGIS server at DATABASE_URL.
// Both are used through the same Kysely instance; SQL lives in repositories (src/modules/*/repo.ts).
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect';
import type { DB } from './schema';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** LISTEN on a channel (server only; embedded is one process, so in-process events suffice). */
  close(): Promise<void>;
}

// timestamptz -> ISO string, int8/numeric -> number where they fit: keep rows plain.
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
pg.types.setTypeParser(1114, (v) => new Date(v + 'Z').toISOString());
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string | null }): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    await sql`select 1`.execute(db);
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite, types } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  let dir: string | undefined;
  if (opts.dataDir) {
    dir = path.join(opts.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const parsers = {
    [types.TIMESTAMPTZ]: (v: string) => new Date(v).toISOString(),
    [types.TIMESTAMP]: (v: string) => new Date(v + 'Z').toISOString(),
    [types.INT8]: (v: string) => Number(v),
    [types.NUMERIC]: (v: string) => Number(v),
  };
  const pgl = dir
    ? new PGlite(dir, { extensions: { postgis }, parsers })
    : new PGlite({ extensions: { postgis }, parsers });
  await pgl.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pgl) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
