// SQL of the stars' decisions: a lead confirms or rejects a proposed star (one row per plan, month, star and
// subject, versioned) and every decision is appended to the history.
import { type Transaction } from 'kysely';
import type { Db } from '../../../db/client';
import type { DB } from '../../../db/schema';
import { updateVersioned } from '../../../db/versioned';

type Q = Db | Transaction<DB>;

export interface DecisionRow {
  id: number;
  star: string;
  subject_id: number;
  status: string;
  version: number;
}
export interface StarEventRow {
  decision_id: number;
  action: string;
  at: string;
  by_name: string;
  note: string | null;
}

export async function decisionsOf(db: Q, planCode: string, period: string): Promise<DecisionRow[]> {
  return db.selectFrom('assessment_star_decisions').select(['id', 'star', 'subject_id', 'status', 'version']).where('plan_code', '=', planCode).where('period', '=', period).execute();
}

export async function eventsOf(db: Q, decisionIds: number[]): Promise<StarEventRow[]> {
  if (decisionIds.length === 0) return [];
  return db
    .selectFrom('assessment_star_events')
    .select(['decision_id', 'action', 'at', 'by_name', 'note'])
    .where('decision_id', 'in', decisionIds)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function decisionFor(db: Q, k: { plan_code: string; period: string; star: string; subject_id: number }): Promise<DecisionRow | undefined> {
  return db
    .selectFrom('assessment_star_decisions')
    .select(['id', 'star', 'subject_id', 'status', 'version'])
    .where('plan_code', '=', k.plan_code)
    .where('period', '=', k.period)
    .where('star', '=', k.star)
    .where('subject_id', '=', k.subject_id)
    .forUpdate()
    .executeTakeFirst();
}

export interface DecisionValues {
  status: string;
  score: number | null;
  decided_at: string;
  decided_by: number | null;
  decided_by_name: string;
  note: string | null;
}

/** The first decision of a proposal; undefined when another one was written first (unique key). */
export async function insertDecision(db: Q, k: { plan_code: string; period: string; star: string; subject_id: number }, v: DecisionValues): Promise<number | undefined> {
  const r = await db
    .insertInto('assessment_star_decisions')
    .values({ ...k, ...v })
    .onConflict((oc) => oc.columns(['plan_code', 'period', 'star', 'subject_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function updateDecision(db: Q, id: number, v: DecisionValues, version: number): Promise<number> {
  return updateVersioned(db, 'assessment_star_decisions', id, v, { version });
}

export async function appendEvent(db: Q, e: { decision_id: number; action: string; at: string; by_user: number | null; by_name: string; note: string | null }): Promise<void> {
  await db.insertInto('assessment_star_events').values(e).execute();
}
