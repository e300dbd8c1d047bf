// SQL of task occurrences (task_instances) and what hangs off them: fired steps of the ladder, extensions, evidence
// and photos. Plain rows out; the services decide.
import { sql, type Transaction, type UpdateObject } from 'kysely';
import type { Db } from '../../../db/client';
import type { DB } from '../../../db/schema';
import { ofDaySql } from './screens';
import { updateVersioned } from '../../../db/versioned';

type Q = Db | Transaction<DB>;

export interface InstanceRow {
  id: string;
  assignment_id: number;
  template_id: number;
  person_id: number;
  person_name: string;
  occurrence_key: string;
  period_start: string;
  due_at: string;
  original_due_at: string;
  target: number;
  progress: number;
  status: string;
  done_at: string | null;
  late: boolean;
  supervision: string;
  station_id: number | null;
  area_ids: number[];
  version: number;
  t_code: string;
  t_name: string;
  t_category: string;
  t_unit: string;
  t_evidence: unknown;
  level: string;
  place_name: string | null;
  place_lon: number | null;
  place_lat: number | null;
  ext: unknown;
}

export interface ExtRow {
  id: number | string;
  requested_at: string;
  requested_by_name: string;
  until: string;
  reason: string;
  status: string;
  decided_at: string | null;
  decided_by_name: string | null;
  granted_until: string | null;
  decision_note: string | null;
}

/** Instances with their template, assignment, person and pending extension, filtered by `where` (an SQL fragment). */
function instanceSelect(where: ReturnType<typeof sql>, order = sql`i.due_at, i.id`, limit = 1000) {
  return sql<InstanceRow>`
    select i.id::text id, i.assignment_id, i.template_id, i.person_id, p.name person_name, i.occurrence_key, i.period_start, i.due_at,
           i.original_due_at, i.target, i.progress, i.status, i.done_at, i.late, i.supervision, i.station_id, i.area_ids, i.version,
           t.code t_code, t.name t_name, t.category t_category, t.unit t_unit, t.evidence t_evidence,
           a.level, a.place_name, a.place_lon, a.place_lat,
           (select row_to_json(x) from (select e.id, e.requested_at, e.requested_by_name, e.until, e.reason, e.status, e.decided_at,
                                               e.decided_by_name, e.granted_until, e.decision_note
                                          from task_extensions e where e.instance_id = i.id and e.status = 'requested') x) ext
      from task_instances i
      join task_templates t on t.id = i.template_id
      join task_assignments a on a.id = i.assignment_id
      join people p on p.id = i.person_id
     where ${where}
     order by ${order}
     limit ${limit}`;
}

export async function instanceById(db: Q, id: number): Promise<InstanceRow | undefined> {
  return (await instanceSelect(sql`i.id = ${id}`).execute(db)).rows[0];
}

/**
 * A person's tasks of the local day [from, to) (`ofDaySql`, the one definition every screen uses); with `scope`, only
 * those whose areas meet it. Open ones first.
 */
export async function checklistRows(db: Q, personId: number, from: string, to: string, scope: number[] | null): Promise<InstanceRow[]> {
  const r = await instanceSelect(
    sql`i.person_id = ${personId} and ${ofDaySql(from, to)}
        ${scope ? sql`and i.area_ids && ${sql.val(scope)}::int[]` : sql``}`,
    sql`(i.status in ('done','cancelled')), i.due_at, i.id`,
  ).execute(db);
  return r.rows;
}

export async function overdueRows(db: Q, personId: number, limit = 200): Promise<InstanceRow[]> {
  return (await instanceSelect(sql`i.person_id = ${personId} and i.status = 'overdue'`, sql`i.due_at, i.id`, limit).execute(db)).rows;
}

/** Open or overdue tasks within a scope (null = everywhere), optionally of one area (or below) and one person. */
export interface SupervisionWhere {
  scope: number[] | null;
  areaId?: number;
  personId?: number;
}
export type SupervisionFilter = 'overdue' | 'yellow' | 'red' | 'extensions';

function supervisionBase(w: SupervisionWhere) {
  const parts = [sql`i.status in ('open','overdue')`];
  if (w.scope) parts.push(sql`i.area_ids && ${sql.val(w.scope)}::int[]`);
  if (w.areaId) parts.push(sql`${w.areaId} = any(i.area_ids)`);
  if (w.personId) parts.push(sql`i.person_id = ${w.personId}`);
  return sql.join(parts, sql` and `);
}

export async function supervisionCounts(db: Q, w: SupervisionWhere): Promise<{ overdue: number; reminder: number; yellow: number; red: number; extensions: number }> {
  const c = await sql<{ overdue: number; reminder: number; yellow: number; red: number; extensions: number }>`
    select count(*) filter (where i.status = 'overdue')::int overdue,
           count(*) filter (where i.supervision = 'reminder')::int reminder,
           count(*) filter (where i.supervision = 'yellow')::int yellow,
           count(*) filter (where i.supervision = 'red')::int red,
           count(*) filter (where exists (select 1 from task_extensions e where e.instance_id = i.id and e.status = 'requested'))::int extensions
      from task_instances i where ${supervisionBase(w)}`.execute(db);
  return c.rows[0]!;
}

/** The supervision list: red cards first, then yellow, reminders, the rest; by due time. */
export async function supervisionRows(db: Q, w: SupervisionWhere, filter: SupervisionFilter, limit: number): Promise<InstanceRow[]> {
  const f =
    filter === 'overdue'
      ? sql`i.status = 'overdue'`
      : filter === 'yellow'
        ? sql`i.supervision in ('yellow','red')`
        : filter === 'red'
          ? sql`i.supervision = 'red'`
          : sql`exists (select 1 from task_extensions e where e.instance_id = i.id and e.status = 'requested')`;
  const order = sql`(case i.supervision when 'red' then 0 when 'yellow' then 1 when 'reminder' then 2 else 3 end), i.due_at, i.id`;
  return (await instanceSelect(sql`${supervisionBase(w)} and ${f}`, order, limit).execute(db)).rows;
}

// ---------------------------------------------------------------- what hangs off an instance

export async function firedSteps(db: Q, instanceId: number | string): Promise<{ step: string; at: string; due_at: string }[]> {
  return db.selectFrom('task_escalations').select(['step', 'at', 'due_at']).where('instance_id', '=', String(instanceId)).orderBy('id').execute();
}

export async function extensionsOf(db: Q, instanceId: number | string) {
  return db.selectFrom('task_extensions').selectAll().where('instance_id', '=', String(instanceId)).orderBy('id').execute();
}

export async function evidenceOf(db: Q, instanceId: number | string) {
  return db
    .selectFrom('task_evidence')
    .selectAll()
    // the photos marked as gallery photos (no EXIF time, or taken long before receipt: 011_proof.sql)
    .select(sql<number[]>`array(select p.id from task_photos p where p.id = any(task_evidence.photo_ids) and p.gallery order by p.id)`.as('gallery_photo_ids'))
    .where('instance_id', '=', String(instanceId))
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------- writes

export interface NewInstance {
  assignment_id: number;
  template_id: number;
  person_id: number;
  occurrence_key: string;
  period_start: string;
  due_at: string;
  original_due_at: string;
  target: number;
  station_id: number | null;
  area_ids: number[];
}

/** Inserts occurrences, leaving existing ones (assignment, person, occurrence key) alone; returns the rows written. */
export async function insertInstances(db: Q, rows: NewInstance[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const res = await db
      .insertInto('task_instances')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['assignment_id', 'person_id', 'occurrence_key']).doNothing())
      .executeTakeFirst();
    n += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}

/** A change made by a person: versioned (409 STALE_VERSION), optionally only from the given statuses. */
export async function updateInstance(db: Q, id: number, set: UpdateObject<DB, 'task_instances'>, where: { version: number; from?: readonly string[] }): Promise<number> {
  return updateVersioned(db, 'task_instances', id, set, where.from ? { version: where.version, from: where.from } : { version: where.version });
}

export async function insertPhoto(
  db: Q,
  p: { mime: string; bytes: Buffer; taken_at: string | null; exif_taken_at?: string | null; exif_lon?: number | null; exif_lat?: number | null; client_taken_at?: string | null; gallery?: boolean; gallery_reason?: string | null; watermarked?: boolean },
): Promise<number> {
  return (await db.insertInto('task_photos').values(p).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertEvidence(
  db: Q,
  e: {
    instance_id: number;
    at: string;
    amount: number;
    form: string;
    note: string | null;
    lon: number | null;
    lat: number | null;
    accuracy_m: number | null;
    photo_ids: number[];
    by_user: number | null;
    by_name: string;
    proof?: 'verified' | 'unverified' | null;
    proof_reason?: string | null;
    distance_m?: number | null;
    /** Sent late by the phone's queue (补传): `at` is when the officer acted, received_at when it arrived. */
    late_synced?: boolean;
    received_at?: string | null;
  },
): Promise<void> {
  await db.insertInto('task_evidence').values({ ...e, instance_id: String(e.instance_id) }).execute();
}

/** The instance whose evidence holds a photo, or null. */
export async function instanceOfPhoto(db: Q, photoId: number): Promise<number | null> {
  const ev = await sql<{ instance_id: string }>`select instance_id::text from task_evidence where ${photoId} = any(photo_ids) limit 1`.execute(db);
  return ev.rows[0] ? Number(ev.rows[0].instance_id) : null;
}

export async function photoBytes(db: Q, photoId: number): Promise<{ mime: string; bytes: Uint8Array } | undefined> {
  return db.selectFrom('task_photos').select(['mime', 'bytes']).where('id', '=', photoId).executeTakeFirst();
}

export async function insertExtension(db: Q, e: { instance_id: number; requested_at: string; requested_by: number | null; requested_by_name: string; until: string; reason: string }): Promise<void> {
  await db.insertInto('task_extensions').values({ ...e, instance_id: String(e.instance_id) }).execute();
}

/** Decides the instance's pending extension request. */
export async function decidePendingExtension(
  db: Q,
  instanceId: number,
  d: { status: 'approved' | 'rejected'; decided_at: string; decided_by_name: string; granted_until: string | null; decision_note: string | null },
): Promise<void> {
  await db.updateTable('task_extensions').set(d).where('instance_id', '=', String(instanceId)).where('status', '=', 'requested').execute();
}

// ---------------------------------------------------------------- the ladder (the job)

export interface LadderRow {
  id: string;
  status: string;
  due_at: string;
  original_due_at: string;
  target: number;
  progress: number;
  done_at: string | null;
  late: boolean;
  category: string;
  person_id: number;
  station_id: number | null;
  name: string;
  supervision: string;
}

/** Open or overdue tasks due by `until`, after id `afterId`, that have not had their red card for this due time. */
export async function ladderBatch(db: Q, until: string, afterId: string, limit = 500): Promise<LadderRow[]> {
  const r = await sql<LadderRow>`
    select i.id::text id, i.status, i.due_at, i.original_due_at, i.target, i.progress, i.done_at, i.late, t.category, i.person_id, i.station_id, t.name, i.supervision
      from task_instances i join task_templates t on t.id = i.template_id
     where i.status in ('open','overdue') and i.due_at <= ${until}::timestamptz and i.id > ${afterId}::bigint
       -- after the red card nothing more fires against this due time
       and not exists (select 1 from task_escalations e where e.instance_id = i.id and e.step = 'red' and e.due_at = i.due_at)
     order by i.id limit ${limit}`.execute(db);
  return r.rows;
}

/** Records fired steps (each once per instance, step and due time); returns the steps actually written. */
export async function recordSteps(db: Q, instanceId: string, steps: string[], at: string, dueAt: string): Promise<string[]> {
  const ins = await db
    .insertInto('task_escalations')
    .values(steps.map((step) => ({ instance_id: instanceId, step, at, due_at: dueAt })))
    .onConflict((oc) => oc.columns(['instance_id', 'step', 'due_at']).doNothing())
    .returning('step')
    .execute();
  return ins.map((x) => x.step);
}

/** The ladder's change of status and card: not a person's change, so the version stays (see supervision.ts). */
export async function setLadderState(db: Q, instanceId: string, status: string, supervision: string, from: readonly string[]): Promise<void> {
  await db.updateTable('task_instances').set({ status, supervision }).where('id', '=', instanceId).where('status', 'in', [...from]).execute();
}
