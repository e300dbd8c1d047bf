// SQL of the system endpoints: the database answers (health check).
import { sql } from 'kysely';
import type { Db } from '../../db/client';

/** Throws when the database does not answer. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
