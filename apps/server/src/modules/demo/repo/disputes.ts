// SQL of the demo's disputes: the grid worker who reports them and the officer who mediates (demo accounts).
import { sql } from 'kysely';
import type { Db } from '../../../db/client';

export interface DemoUserRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  scope_area_id: number | null;
}

export async function demoUsers(db: Db, usernames: string[]): Promise<DemoUserRow[]> {
  const r = await sql<DemoUserRow>`select id, username, display_name, role, scope_area_id from users
    where username in (${sql.join(usernames.map((u) => sql`${u}`))}) and active`.execute(db);
  return r.rows;
}
