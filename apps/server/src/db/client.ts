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
  /** PGlite only: the data folder as a gzipped tar (used to build the tests' migrated template). */
  dump?: () => Promise<Blob>;
  /** LISTEN on a channel (server only; embedded is one process, so in-process events suffice). */
  close(): Promise<void>;
}

// timestamptz -> ISO string, int8/numeric -> number where they fit: keep rows plain.
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
pg.types.setTypeParser(1114, (v) => new Date(v + 'Z').toISOString());
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openDatabase(opts: {
  databaseUrl: string | null;
  dataDir: string | null;
  /** In-memory PGlite only: start from a dumped data folder (tests use a migrated template). */
  loadDataDir?: Blob;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle pooled connection that the server drops (restart, failover, pg_terminate_backend) is reported as an
    // 'error' event on the pool; without a listener Node would crash the whole server. The pool discards that
    // connection and opens a new one on the next query, so a warning is all it needs. pool.end() resolves before
    // its connections have finished closing, so errors after close() are expected and ignored.
    let closing = false;
    pool.on('error', (err) => {
      if (!closing) console.warn(`database: an idle connection was lost (${err.message}); it will be replaced`);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    await sql`select 1`.execute(db);
    return {
      db,
      kind: 'postgres',
      close: async () => {
        closing = true;
        await db.destroy();
      },
    };
  }
  const { PGlite, types } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  let dir: string | undefined;
  let releaseLock = () => {};
  if (opts.dataDir) {
    dir = path.join(opts.dataDir, 'pglite');
    // the database files hold personal data: owner only (umask 022 would leave them readable by everyone)
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(opts.dataDir, 0o700);
    fs.chmodSync(dir, 0o700);
    releaseLock = lockDataDir(opts.dataDir);
  }
  const parsers = {
    [types.TIMESTAMPTZ]: (v: string) => new Date(v).toISOString(),
    [types.TIMESTAMP]: (v: string) => new Date(v + 'Z').toISOString(),
    [types.INT8]: (v: string) => Number(v),
    [types.NUMERIC]: (v: string) => Number(v),
  };
  const pgl = dir
    ? new PGlite(dir, { extensions: { postgis }, parsers })
    : new PGlite({ extensions: { postgis }, parsers, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  await pgl.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pgl) });
  const dump = async () => pgl.dumpDataDir('gzip');
  return {
    dump,
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      releaseLock();
    },
  };
}

/** The embedded database is one process's: a second process (a CLI while the server runs) would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'pglite.lock');
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        throw new Error(`the embedded database in ${dataDir} is in use by process ${pid}; stop it first (or use DATABASE_URL)`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e; // ESRCH: a stale lock of a dead process
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.writeFileSync(file, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return release;
}
