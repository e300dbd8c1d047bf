// app_meta: the deployment's own small facts by key (the demo seed's markers, the first run's token and county name).
import type { Transaction } from 'kysely';
import type { Db } from './client';
import type { DB } from './schema';

type Q = Db | Transaction<DB>;

/** The value stored under `key`, or undefined when there is none. */
export async function metaValue(db: Q, key: string): Promise<unknown> {
  const r = await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
  return r ? r.value : undefined;
}

/** Stores `value` under `key`, replacing what was there. */
export async function setMeta(db: Q, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('app_meta')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}
