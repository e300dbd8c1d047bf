// SQL of the demo's cases: the officer who works them (officer1's person) and the recent incidents they grew from.
import { sql } from 'kysely';
import type { Db } from '../../../db/client';

/** officer1's person and the latest ended incidents of that person's station worth a case (thefts, fights, fraud). */
export async function caseSources(db: Db, limit: number): Promise<{ personId: number | null; incidents: { id: number; reported_at: string; category: string }[] }> {
  const u = await sql<{ person_id: number | null; scope_area_id: number | null }>`select person_id, scope_area_id from users where username = 'officer1'`.execute(db);
  const me = u.rows[0];
  if (!me?.person_id || !me.scope_area_id) return { personId: null, incidents: [] };
  const r = await sql<{ id: number; reported_at: string; category: string }>`
    select i.id, i.reported_at, i.category from incidents i
     where ${me.scope_area_id} = any(i.area_ids) and i.status in ('resolved','closed') and i.category in ('theft','fight','fraud','robbery','assault')
     order by i.reported_at desc limit ${limit}`.execute(db);
  return { personId: me.person_id, incidents: r.rows };
}
