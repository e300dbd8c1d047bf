// SQL of task assignments (a template issued to a person, a team or an area).
import { sql, type Insertable, type Transaction } from 'kysely';
import type { Db } from '../../../db/client';
import type { DB, TaskAssignmentsTable } from '../../../db/schema';
import { updateVersioned } from '../../../db/versioned';

type Q = Db | Transaction<DB>;

export interface ActiveAssignmentRow {
  id: number;
  template_id: number;
  target_kind: string;
  person_id: number | null;
  team_id: number | null;
  area_id: number | null;
  issued_at: string;
  starts_on: string | null;
  ends_on: string | null;
  due_at: string | null;
  schedule: unknown;
}

/** Active assignments of active templates (all, or the given ids), with the template's schedule. */
export async function activeAssignments(db: Q, ids?: number[]): Promise<ActiveAssignmentRow[]> {
  let q = db
    .selectFrom('task_assignments as a')
    .innerJoin('task_templates as t', 't.id', 'a.template_id')
    .select(['a.id', 'a.template_id', 'a.target_kind', 'a.person_id', 'a.team_id', 'a.area_id', 'a.issued_at', 'a.starts_on', 'a.ends_on', 'a.due_at', 't.schedule'])
    .where('a.active', '=', true)
    .where('t.active', '=', true);
  if (ids) q = q.where('a.id', 'in', ids.length ? ids : [0]);
  return (await q.execute()) as ActiveAssignmentRow[];
}

export async function insertAssignment(db: Q, values: Insertable<TaskAssignmentsTable>): Promise<number> {
  return (await db.insertInto('task_assignments').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function assignmentScope(db: Q, id: number): Promise<{ id: number; area_ids: number[]; level: string } | undefined> {
  return db.selectFrom('task_assignments').select(['id', 'area_ids', 'level']).where('id', '=', id).executeTakeFirst();
}

export async function endAssignment(db: Q, id: number, version: number): Promise<number> {
  return updateVersioned(db, 'task_assignments', id, { active: false }, { version });
}

export interface AssignmentListRow {
  id: number;
  template_id: number;
  t_code: string;
  t_name: string;
  t_category: string;
  target_kind: string;
  person_id: number | null;
  team_id: number | null;
  area_id: number | null;
  target_name: string | null;
  level: string;
  issuer_area_id: number | null;
  issued_by_name: string;
  issued_at: string;
  place_name: string | null;
  place_lon: number | null;
  place_lat: number | null;
  starts_on: string | null;
  ends_on: string | null;
  due_at: string | null;
  note: string | null;
  active: boolean;
  version: number;
  instances: number;
}

export interface AssignmentWhere {
  id?: number;
  /** areas the assignment must concern (null: any) */
  scope?: number[] | null;
  templateId?: number;
  personId?: number;
  active?: boolean;
}

/** Assignments with their template, target's name and number of occurrences, newest first (at most 500). */
export async function assignmentRows(db: Q, w: AssignmentWhere): Promise<AssignmentListRow[]> {
  const parts = [sql`true`];
  if (w.id !== undefined) parts.push(sql`a.id = ${w.id}`);
  if (w.scope) parts.push(sql`a.area_ids && ${sql.val(w.scope)}::int[]`);
  if (w.templateId) parts.push(sql`a.template_id = ${w.templateId}`);
  if (w.personId) parts.push(sql`a.person_id = ${w.personId}`);
  if (w.active !== undefined) parts.push(sql`a.active = ${w.active}`);
  const r = await sql<AssignmentListRow>`
    select a.*, t.code t_code, t.name t_name, t.category t_category,
           coalesce(p.name, tm.name, ar.name) target_name,
           (select count(*)::int from task_instances i where i.assignment_id = a.id) instances
      from task_assignments a join task_templates t on t.id = a.template_id
      left join people p on p.id = a.person_id left join teams tm on tm.id = a.team_id left join areas ar on ar.id = a.area_id
     where ${sql.join(parts, sql` and `)} order by a.id desc limit 500`.execute(db);
  return r.rows;
}
