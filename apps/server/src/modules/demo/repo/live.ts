// SQL of the live demo: the patrol plans on now (the demo drives units along them).
import type { Db } from '../../../db/client';

export async function currentPublishedPlanIds(db: Db, now: string): Promise<number[]> {
  const rows = await db.selectFrom('patrol_plans').select('id').where('status', '=', 'published').where('shift_start', '<=', now).where('shift_end', '>', now).execute();
  return rows.map((r) => r.id);
}
