// SQL of the demo's task history: the community officers and station leads it issues for, the assignments, and the
// history written in a few set-based statements (the embedded database is slow per statement).
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../../db/client';
import type { TaskAssignmentsTable } from '../../../db/schema';

/** The community officers: active police responsible for a community, grid, police grid or zone. */
export async function communityOfficers(db: Db): Promise<number[]> {
  const r = await sql<{ person_id: number }>`
    select p.id person_id from people p
     where p.active and p.role = 'police' and exists (select 1 from person_areas pa join areas a on a.id = pa.area_id
             where pa.person_id = p.id and pa.valid_to is null and a.kind in ('community','grid','resp_zone','police_grid'))
     order by p.id`.execute(db);
  return r.rows.map((x) => x.person_id);
}

export async function stationLeads(db: Db): Promise<{ id: number; display_name: string; scope_area_id: number }[]> {
  const r = await sql<{ id: number; display_name: string; scope_area_id: number }>`
    select id, display_name, scope_area_id from users where role = 'station_lead' and scope_area_id is not null order by id`.execute(db);
  return r.rows;
}

export async function templatesByCode(db: Db, codes: string[]): Promise<{ id: number; code: string }[]> {
  return db.selectFrom('task_templates').select(['id', 'code']).where('code', 'in', codes).orderBy('code').execute();
}

export async function insertAssignments(db: Db, values: Insertable<TaskAssignmentsTable>[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < values.length; i += 500) ids.push(...(await db.insertInto('task_assignments').values(values.slice(i, i + 500)).returning('id').execute()).map((x) => x.id));
  return ids;
}

export interface PastRow {
  id: string;
  person_id: number;
  due_at: string;
  period_start: string;
  target: number;
  category: string;
  name: string;
}

export async function instancesOfAssignments(db: Db, ids: number[]): Promise<PastRow[]> {
  const r = await sql<PastRow>`
    select i.id::text id, i.person_id, i.due_at, i.period_start, i.target, t.category, p.name from task_instances i
      join task_templates t on t.id = i.template_id join people p on p.id = i.person_id
     where i.assignment_id = any(${sql.val(ids)}::int[]) order by i.id`.execute(db);
  return r.rows;
}

/** Marks occurrences done (at their time, late or not) and writes their evidence. */
export async function writeDone(db: Db, done: { id: string; done_at: string; late: boolean; amount: number; name: string }[]): Promise<void> {
  for (let i = 0; i < done.length; i += 2000) {
    const chunk = done.slice(i, i + 2000);
    await sql`update task_instances i set status = 'done', progress = i.target, done_at = (e->>'done_at')::timestamptz, late = (e->>'late')::boolean
                from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) e where i.id = (e->>'id')::bigint`.execute(db);
    await db
      .insertInto('task_evidence')
      .values(chunk.map((c) => ({ instance_id: c.id, at: c.done_at, amount: c.amount, form: '{}', note: '演示数据', lon: null, lat: null, accuracy_m: null, by_user: null, by_name: c.name })))
      .execute();
  }
}

/** Leaves occurrences undone with the status and card the ladder gave them. */
export async function writeUndone(db: Db, undone: { id: string; status: string; supervision: string | null }[]): Promise<void> {
  for (let i = 0; i < undone.length; i += 2000) {
    await sql`update task_instances i set status = e->>'status', supervision = e->>'supervision'
                from jsonb_array_elements(${JSON.stringify(undone.slice(i, i + 2000))}::jsonb) e where i.id = (e->>'id')::bigint`.execute(db);
  }
}

export async function writeEscalations(db: Db, rows: { instance_id: string; step: string; at: string; due_at: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) await db.insertInto('task_escalations').values(rows.slice(i, i + 2000)).onConflict((oc) => oc.doNothing()).execute();
}

