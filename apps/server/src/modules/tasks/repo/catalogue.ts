// SQL of the catalogue: task templates, the escalation ladder per category, indicator definitions, assessment plans.
import { sql, type Insertable, type Transaction, type Updateable } from 'kysely';
import type { Db } from '../../../db/client';
import type { AssessmentPlansTable, DB, IndicatorDefsTable, TaskTemplatesTable } from '../../../db/schema';
import { staleVersion, updateVersioned } from '../../../db/versioned';

type Q = Db | Transaction<DB>;

// ---------------------------------------------------------------- templates

export async function templates(db: Q, q: { category?: string; active?: boolean; codes?: string[] } = {}) {
  let qb = db.selectFrom('task_templates').selectAll();
  if (q.category) qb = qb.where('category', '=', q.category);
  if (q.active !== undefined) qb = qb.where('active', '=', q.active);
  if (q.codes) qb = qb.where('code', 'in', q.codes.length ? q.codes : ['']);
  return qb.orderBy('code').execute();
}

export async function templateById(db: Q, id: number) {
  return db.selectFrom('task_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function templateIdByCode(db: Q, code: string): Promise<number | null> {
  return (await db.selectFrom('task_templates').select('id').where('code', '=', code).executeTakeFirst())?.id ?? null;
}

export async function insertTemplate(db: Q, values: Insertable<TaskTemplatesTable>): Promise<number> {
  return (await db.insertInto('task_templates').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Inserts the templates whose code is new; returns how many were written. */
export async function insertMissingTemplates(db: Q, values: Insertable<TaskTemplatesTable>[]): Promise<number> {
  if (values.length === 0) return 0;
  const r = await db.insertInto('task_templates').values(values).onConflict((oc) => oc.column('code').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export async function updateTemplate(db: Q, id: number, set: Updateable<TaskTemplatesTable>, version: number): Promise<number> {
  return updateVersioned(db, 'task_templates', id, set, { version });
}

// ---------------------------------------------------------------- escalation policies

export async function policyRows(db: Q) {
  return db.selectFrom('task_escalation_policies').selectAll().orderBy('category').execute();
}

export async function upsertPolicy(db: Q, category: string, p: { due_soon_minutes: number | null; reminder_minutes: number | null; yellow_minutes: number | null; red_minutes: number | null }, now: string): Promise<void> {
  await db
    .insertInto('task_escalation_policies')
    .values({ category, ...p })
    .onConflict((oc) => oc.column('category').doUpdateSet({ ...p, updated_at: now }))
    .execute();
}

/** The largest heads-up before a due time any policy gives (minutes), or null. */
export async function maxDueSoonMinutes(db: Q): Promise<number | null> {
  const r = await db.selectFrom('task_escalation_policies').select((eb) => eb.fn.max('due_soon_minutes').as('max')).executeTakeFirst();
  return r?.max ?? null;
}

// ---------------------------------------------------------------- indicator definitions

export async function indicatorDefRows(db: Q, activeOnly: boolean) {
  let q = db.selectFrom('indicator_defs').selectAll();
  if (activeOnly) q = q.where('active', '=', true);
  return q.orderBy('code').execute();
}

export async function indicatorDefRow(db: Q, code: string) {
  return db.selectFrom('indicator_defs').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertIndicatorDef(db: Q, values: Insertable<IndicatorDefsTable>): Promise<void> {
  await db.insertInto('indicator_defs').values(values).execute();
}

export async function insertMissingIndicatorDefs(db: Q, values: Insertable<IndicatorDefsTable>[]): Promise<number> {
  if (values.length === 0) return 0;
  const r = await db.insertInto('indicator_defs').values(values).onConflict((oc) => oc.column('code').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/**
 * A definition's versioned change. Definitions are keyed by code (no integer id, so not `updateVersioned`'s shape):
 * the same rule by hand, with the same 409 (`staleVersion`).
 */
export async function updateIndicatorDef(db: Q, code: string, set: Updateable<IndicatorDefsTable>, version: number): Promise<void> {
  const r = await db
    .updateTable('indicator_defs')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw staleVersion();
}

// ---------------------------------------------------------------- assessment plans

export async function activePlanRows(db: Q) {
  return db.selectFrom('assessment_plans').selectAll().where('active', '=', true).orderBy('code').execute();
}

export async function insertMissingPlan(db: Q, values: Insertable<AssessmentPlansTable>): Promise<number> {
  const r = await db.insertInto('assessment_plans').values(values).onConflict((oc) => oc.column('code').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export async function planRow(db: Q, code: string) {
  return db.selectFrom('assessment_plans').selectAll().where('code', '=', code).executeTakeFirst();
}

/** A default plan replaces the stored one only while nobody edited it (version 1) and it differs. */
export async function replaceUneditedPlan(db: Q, v: { code: string; items: string; stars: string }): Promise<number> {
  const r = await db
    .updateTable('assessment_plans')
    .set({ items: v.items, stars: v.stars })
    .where('code', '=', v.code)
    .where('version', '=', 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Changes a plan (optimistic concurrency on its version); returns the new version. */
export async function updatePlan(db: Q, code: string, set: Updateable<AssessmentPlansTable>, version: number): Promise<number> {
  const r = await db.updateTable('assessment_plans').set({ ...set, version: sql`version + 1` }).where('code', '=', code).where('version', '=', version).returning('version').executeTakeFirst();
  if (!r) throw staleVersion();
  return r.version;
}
