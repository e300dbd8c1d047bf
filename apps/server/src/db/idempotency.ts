// The SQL of idempotency keys (lib/idempotency.ts holds the rules): claim a key, keep the first answer, release a
// key whose request failed on the server, take over one abandoned in flight.
import type { Transaction } from 'kysely';
import type { DB } from './schema';
import type { Db } from './client';

export interface IdempotencyRow {
  route: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: string;
}

/** Inserts the key as in flight; false when the caller already used it (then read it with `findKey`). */
export async function claimKey(db: Db | Transaction<DB>, k: { userId: number; key: string; route: string; hash: string; now: string }): Promise<boolean> {
  const r = await db
    .insertInto('idempotency_keys')
    .values({ user_id: k.userId, key: k.key, route: k.route, request_hash: k.hash, created_at: k.now })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return r !== undefined;
}

export async function findKey(db: Db | Transaction<DB>, userId: number, key: string): Promise<IdempotencyRow | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['route', 'request_hash', 'status_code', 'response', 'created_at'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** A key left in flight since before `staleBefore` (the server stopped mid-request) is taken over by this request. */
export async function takeOverKey(db: Db | Transaction<DB>, userId: number, key: string, hash: string, now: string, staleBefore: string): Promise<boolean> {
  const r = await db
    .updateTable('idempotency_keys')
    .set({ created_at: now })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('request_hash', '=', hash)
    .where('status_code', 'is', null)
    .where('created_at', '<', staleBefore)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function completeKey(db: Db | Transaction<DB>, userId: number, key: string, status: number, response: string, now: string): Promise<void> {
  await db.updateTable('idempotency_keys').set({ status_code: status, response, completed_at: now }).where('user_id', '=', userId).where('key', '=', key).execute();
}

/** The request failed on the server (5xx): the key is free again so that the phone's retry runs. */
export async function releaseKey(db: Db | Transaction<DB>, userId: number, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).where('status_code', 'is', null).execute();
}

/** Keys older than `before` are forgotten (a phone's queue never holds an action that long). */
export async function purgeKeys(db: Db | Transaction<DB>, before: string): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
