// SQL of the live demo: the patrol plans on now (the demo drives units along them), and the incidents people acted on.
import type { Db } from '../../../db/client';

export async function currentPublishedPlanIds(db: Db, now: string): Promise<number[]> {
  const rows = await db.selectFrom('patrol_plans').select('id').where('status', '=', 'published').where('shift_start', '<=', now).where('shift_end', '>', now).execute();
  return rows.map((r) => r.id);
}

/** Of these incidents, those a person acted on: any event of theirs whose actor is a user (not the system, the demo or a device). */
export async function incidentsTouchedByPeople(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('incident_events').select('incident_id').distinct().where('incident_id', 'in', ids).where('actor_user_id', 'is not', null).execute();
  return new Set(rows.map((r) => r.incident_id));
}
