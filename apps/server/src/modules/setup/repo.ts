// SQL of the first run: whether any account exists, the one-time setup token and the county's name (app_meta), and
// the first administrator written in one transaction under an advisory lock (two concurrent calls make one admin).
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { metaValue } from '../../db/meta';

type Q = Db | Transaction<DB>;

export const TOKEN_KEY = 'setup_token';
export const COUNTY_KEY = 'county';
/** Written (in the locked transaction) when the first-run page asked for the demo county; removed if its seed fails. */
export const DEMO_KEY = 'setup_demo';
/** The advisory lock every first-run write takes first (an arbitrary constant of this module). */
const LOCK = 120_501;

export async function anyUser(db: Q): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

export async function anyArea(db: Q): Promise<boolean> {
  return !!(await db.selectFrom('areas').select('id').limit(1).executeTakeFirst());
}

export { metaValue as meta, setMeta } from '../../db/meta';

/** Writes the token unless one is there; returns the stored one (every node of a deployment prints the same). */
export async function ensureToken(db: Q, fresh: string): Promise<string> {
  await db.insertInto('app_meta').values({ key: TOKEN_KEY, value: JSON.stringify(fresh) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await metaValue(db, TOKEN_KEY)) as string;
}

export async function deleteMeta(db: Q, key: string): Promise<void> {
  await db.deleteFrom('app_meta').where('key', '=', key).execute();
}

/** One first-run write at a time, across connections and API nodes (released at the end of the transaction). */
export async function lock(tx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LOCK})`.execute(tx);
}

export async function insertAdmin(tx: Transaction<DB>, u: { username: string; displayName: string; passwordHash: string }): Promise<number> {
  const r = await tx
    .insertInto('users')
    .values({ username: u.username, display_name: u.displayName, password_hash: u.passwordHash, role: 'admin', scope_area_id: null, person_id: null, must_change_password: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertAudit(tx: Transaction<DB>, e: { userId: number | null; username: string; action: string; resourceId: string | null; detail: Record<string, unknown>; ip: string | null }): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({ user_id: e.userId, username: e.username, action: e.action, resource_type: 'setup', resource_id: e.resourceId, detail: JSON.stringify(e.detail), ip: e.ip })
    .execute();
}
