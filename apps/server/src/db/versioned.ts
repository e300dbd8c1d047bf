// The one versioned update (optimistic concurrency) used by every repository: the row changes only if its version
// is the one the caller read (and, optionally, its state the one the transition starts from); the version goes up
// by one. No row changed means someone else changed it first: 409 STALE_VERSION, nothing written.
import { sql, type Transaction, type UpdateObject } from 'kysely';
import { AppError } from '../lib/errors';
import type { DB } from './schema';
import type { Db } from './client';

/** Tables with an integer `id` and `version`. */
export type VersionedTable = {
  [T in keyof DB]: DB[T] extends { id: unknown; version: unknown } ? T : never;
}[keyof DB];

export interface VersionedWhere {
  /** The version the caller read. */
  version: number;
  /** The state the transition starts from (column `status` unless `stateColumn` says otherwise). */
  from?: string | readonly string[];
  stateColumn?: string;
  /** The JSON pointer named in the 409 (default `/version`). */
  field?: string;
}

/**
 * UPDATE table SET ..., version = version + 1 WHERE id = $id AND version = $version [AND status IN (from)].
 * Throws STALE_VERSION (409) when no row matched; returns the new version.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Db | Transaction<DB>,
  table: T,
  id: number,
  set: UpdateObject<DB, T>,
  where: VersionedWhere,
): Promise<number> {
  // Kysely cannot relate a generic table to its columns: the query is built on an untyped view of the same instance.
  const u = db as unknown as Db & { updateTable(t: string): any };
  let q = u
    .updateTable(table as string)
    .set({ ...(set as object), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', where.version);
  if (where.from !== undefined) {
    const states = typeof where.from === 'string' ? [where.from] : [...where.from];
    q = q.where(where.stateColumn ?? 'status', 'in', states);
  }
  const r = (await q.returning('version').executeTakeFirst()) as { version: number } | undefined;
  if (!r) throw staleVersion(where.field);
  return r.version;
}

/** The 409 for a version that is not the current one (`current` is told to the client when known). */
export function staleVersion(field = '/version', current?: number): AppError {
  return new AppError('STALE_VERSION', undefined, current === undefined ? { field } : { field, current });
}

/** Check a version read in the same transaction (row locked) against the one the caller sent. */
export function assertVersion(current: number, given: number, field = '/version'): void {
  if (current !== given) throw staleVersion(field, current);
}
