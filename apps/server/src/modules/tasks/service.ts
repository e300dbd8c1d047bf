// Tasks: assignments, occurrences (the checklist), completion with evidence, extensions, supervision (督办) and the
// escalation ladder. The rules are core's (packages/core/src/tasks): recurrence gives the occurrences,
// `taskTransition` decides every change and `applyEscalations` what the clock fires; this file stores the state.
//
// Versions: `task_instances.version` counts changes made by people (progress, extension requests and decisions,
// cancellation); a change carries the version read and a stale one is a 409 with nothing written. The ladder run by
// the job changes status and cards without bumping it, so an officer completing an overdue task is not refused.
// Scope: officers see and work only their own tasks; leaders see the tasks of people whose areas lie in their scope.
import { sql } from 'kysely';
import {
  DEFAULT_ESCALATION_POLICY,
  applyEscalations,
  dayRange,
  dueFrom,
  localDate,
  localMidnight,
  occurrences,
  openOccurrences,
  supervisionLevel,
  taskTransition,
  type EscalationPolicy,
  type EscalationStep,
  type EvidenceRequirement,
  type TaskSchedule,
  type TaskState,
  type TaskTransitionResult,
} from '@jingwang/core';
import type {
  AssignmentBody,
  CompleteTaskBody,
  ExtensionDecisionBody,
  ExtensionRequestBody,
  MyTasks,
  Supervision,
  TaskAssignment,
  TaskDetail,
  TaskInstance,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { notify } from '../notifications/service';
import { areaRef, iso, isoN, json, ms, personOf, personScopes } from './common';
import { computeIndicators, periodOf } from './indicators';

const MAX_PHOTO_BYTES = 3 * 1024 * 1024;
const DAY = 86_400_000;

// ---------------------------------------------------------------- rows and presentation

interface InstanceRow {
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

/** The instance query: a raw SQL select, filtered by `where` (an SQL fragment). */
export function instanceSelect(where: ReturnType<typeof sql>, order = sql`i.due_at, i.id`, limit = 1000) {
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

interface ExtRow {
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
const presentExt = (e: ExtRow) => ({
  id: Number(e.id),
  requestedAt: iso(e.requested_at),
  requestedByName: e.requested_by_name,
  until: iso(e.until),
  reason: e.reason,
  status: e.status as 'requested' | 'approved' | 'rejected',
  decidedAt: isoN(e.decided_at),
  decidedByName: e.decided_by_name,
  grantedUntil: isoN(e.granted_until),
  decisionNote: e.decision_note,
});

export function presentInstance(ctx: Ctx, r: InstanceRow): TaskInstance {
  const tree = ctx.areas.tree();
  const ext = r.ext ? json<ExtRow>(r.ext) : null;
  return {
    id: Number(r.id),
    assignmentId: r.assignment_id,
    template: { id: r.template_id, code: r.t_code, name: r.t_name, category: r.t_category as TaskInstance['template']['category'], unit: r.t_unit, evidence: json(r.t_evidence) },
    person: { id: r.person_id, name: r.person_name },
    station: areaRef(tree, r.station_id),
    occurrenceKey: r.occurrence_key,
    periodStart: iso(r.period_start),
    dueAt: iso(r.due_at),
    originalDueAt: iso(r.original_due_at),
    target: r.target,
    progress: r.progress,
    status: r.status as TaskInstance['status'],
    doneAt: isoN(r.done_at),
    late: r.late,
    supervision: r.supervision as TaskInstance['supervision'],
    place: r.place_lon !== null && r.place_lat !== null ? { name: r.place_name ?? '', lon: r.place_lon, lat: r.place_lat } : null,
    level: r.level as TaskInstance['level'],
    pendingExtension: ext ? presentExt(ext) : null,
    version: r.version,
  };
}

// ---------------------------------------------------------------- escalation policy

/** The ladder for a category: its own row, else the '*' row, else core's default. */
export async function policies(db: Db): Promise<(category: string) => EscalationPolicy> {
  const rows = await db.selectFrom('task_escalation_policies').selectAll().execute();
  const map = new Map(
    rows.map((r) => [r.category, { dueSoonMinutes: r.due_soon_minutes, reminderMinutes: r.reminder_minutes, yellowMinutes: r.yellow_minutes, redMinutes: r.red_minutes } as EscalationPolicy]),
  );
  return (category) => map.get(category) ?? map.get('*') ?? DEFAULT_ESCALATION_POLICY;
}

// ---------------------------------------------------------------- state <-> rows

async function loadState(db: Db, r: { id: string; status: string; due_at: string; original_due_at: string; target: number; progress: number; done_at: string | null; late: boolean }): Promise<TaskState> {
  const fired = await db.selectFrom('task_escalations').select(['step', 'at', 'due_at']).where('instance_id', '=', r.id).orderBy('id').execute();
  const ext = await db.selectFrom('task_extensions').selectAll().where('instance_id', '=', r.id).orderBy('id').execute();
  return {
    status: r.status as TaskState['status'],
    dueAt: ms(r.due_at),
    originalDueAt: ms(r.original_due_at),
    target: r.target,
    progress: r.progress,
    doneAt: r.done_at === null ? null : ms(r.done_at),
    late: r.late,
    fired: fired.map((f) => ({ step: f.step as EscalationStep, at: ms(f.at), dueAt: ms(f.due_at) })),
    extensions: ext.map((e) => ({
      requestedAt: ms(e.requested_at),
      until: ms(e.until),
      reason: e.reason,
      status: e.status as 'requested',
      decidedAt: e.decided_at === null ? null : ms(e.decided_at),
      grantedUntil: e.granted_until === null ? null : ms(e.granted_until),
      decisionNote: e.decision_note,
    })),
  };
}

function failOf(r: Extract<TaskTransitionResult, { ok: false }>, field?: string): AppError {
  switch (r.code) {
    case 'EVIDENCE_INVALID':
      return new AppError('EVIDENCE_INVALID', r.message, r.errors);
    case 'BAD_AMOUNT':
      return validationError([{ field: '/amount', message: r.message }]);
    case 'REASON_REQUIRED':
      return validationError([{ field: '/reason', message: r.message }]);
    case 'EXTENSION_NOT_LATER':
      return new AppError('EXTENSION_NOT_LATER', r.message, { field: field ?? '/until' });
    case 'TASK_CLOSED':
    case 'EXTENSION_PENDING':
    case 'NO_EXTENSION_PENDING':
      return new AppError(r.code, r.message);
    default:
      return new AppError('INVALID_TRANSITION', r.message);
  }
}

// ---------------------------------------------------------------- generation

interface AssignmentRow {
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

/** The people an assignment reaches now: the person, the team's active members, or the area's responsible police. */
async function assigneesOf(ctx: Ctx, db: Db, a: Pick<AssignmentRow, 'target_kind' | 'person_id' | 'team_id' | 'area_id'>): Promise<number[]> {
  if (a.target_kind === 'person') return [a.person_id!];
  if (a.target_kind === 'team') {
    return (await db.selectFrom('people').select('id').where('team_id', '=', a.team_id!).where('active', '=', true).orderBy('id').execute()).map((r) => r.id);
  }
  const ids = ctx.areas.tree().descendantsAndSelf(a.area_id!);
  const r = await sql<{ id: number }>`
    select distinct p.id from people p join person_areas pa on pa.person_id = p.id
     where pa.area_id = any(${sql.val(ids)}::int[]) and pa.valid_to is null and p.active and p.role = 'police' order by p.id`.execute(db);
  return r.rows.map((x) => x.id);
}

/**
 * Writes the occurrences of active assignments whose period starts in [from, to), plus those open at `now`, for
 * every assignee; existing ones are left alone (unique key), so running it twice writes nothing the second time.
 * Returns the number of rows written.
 */
export async function generateInstances(ctx: Ctx, opts: { from: number; to: number; assignmentIds?: number[]; db?: Db }): Promise<number> {
  const db = opts.db ?? ctx.db;
  const off = ctx.config.utcOffsetMinutes;
  const now = ctx.clock.now().getTime();
  let q = db
    .selectFrom('task_assignments as a')
    .innerJoin('task_templates as t', 't.id', 'a.template_id')
    .select(['a.id', 'a.template_id', 'a.target_kind', 'a.person_id', 'a.team_id', 'a.area_id', 'a.issued_at', 'a.starts_on', 'a.ends_on', 'a.due_at', 't.schedule'])
    .where('a.active', '=', true)
    .where('t.active', '=', true);
  if (opts.assignmentIds) q = q.where('a.id', 'in', opts.assignmentIds.length ? opts.assignmentIds : [0]);
  const assignments = (await q.execute()) as AssignmentRow[];
  const people = new Map<number, number[]>();
  const rows: { assignment_id: number; template_id: number; person_id: number; occurrence_key: string; period_start: string; due_at: string; original_due_at: string; target: number }[] = [];
  for (const a of assignments) {
    const s = json<TaskSchedule>(a.schedule);
    let occ: { key: string; periodStart: number; dueAt: number; target: number }[];
    if (s.recurrence.kind === 'once') {
      const issued = ms(a.issued_at);
      occ = [{ key: 'once', periodStart: issued, dueAt: a.due_at ? ms(a.due_at) : dueFrom(issued, s.limit, off), target: s.target }];
    } else {
      const sched: TaskSchedule = { ...s, startsOn: a.starts_on ? dateText(a.starts_on) : (s.startsOn ?? null), endsOn: a.ends_on ? dateText(a.ends_on) : (s.endsOn ?? null) };
      // nothing before the day the assignment was issued
      const issuedDay = localMidnight(localDate(ms(a.issued_at), off), off);
      const from = Math.max(opts.from, issuedDay);
      const list = opts.to > from ? occurrences(sched, from, opts.to, off) : [];
      const seen = new Set(list.map((o) => o.key));
      for (const o of openOccurrences(sched, now, off)) if (!seen.has(o.key) && o.periodStart >= issuedDay - 62 * DAY && o.dueAt > issuedDay) list.push(o);
      occ = list;
    }
    if (occ.length === 0) continue;
    if (!people.has(a.id)) people.set(a.id, await assigneesOf(ctx, db, a));
    for (const pid of people.get(a.id)!) {
      for (const o of occ) {
        rows.push({
          assignment_id: a.id,
          template_id: a.template_id,
          person_id: pid,
          occurrence_key: o.key,
          period_start: new Date(o.periodStart).toISOString(),
          due_at: new Date(o.dueAt).toISOString(),
          original_due_at: new Date(o.dueAt).toISOString(),
          target: o.target,
        });
      }
    }
  }
  if (rows.length === 0) return 0;
  const scopes = await personScopes(ctx, db, [...new Set(rows.map((r) => r.person_id))]);
  let n = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => ({ ...r, station_id: scopes.get(r.person_id)?.stationId ?? null, area_ids: scopes.get(r.person_id)?.areaIds ?? [] }));
    const res = await db
      .insertInto('task_instances')
      .values(chunk)
      .onConflict((oc) => oc.columns(['assignment_id', 'person_id', 'occurrence_key']).doNothing())
      .executeTakeFirst();
    n += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}

const dateText = (v: string | Date): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** The job's window: occurrences opening today and tomorrow (local), and those open now. */
export async function generateDue(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().getTime();
  const today = dayRange(now, ctx.config.utcOffsetMinutes);
  return generateInstances(ctx, { from: today.from, to: today.to + DAY });
}

// ---------------------------------------------------------------- assignments

const LEVEL_ROLES: Record<AssignmentBody['level'], string[]> = { bureau: ['admin'], district: ['admin', 'district_lead'], station: ['admin', 'district_lead', 'station_lead'] };

export async function createAssignment(ctx: Ctx, actor: Actor, b: AssignmentBody): Promise<{ assignment: TaskAssignment; generated: number }> {
  authorize(actor, 'tasks.assign');
  if (!LEVEL_ROLES[b.level].includes(actor.role ?? '')) throw new AppError('FORBIDDEN', `A ${actor.role} may not issue tasks at ${b.level} level`, { field: '/level' });
  const tree = ctx.areas.tree();
  const t = await ctx.db.selectFrom('task_templates').selectAll().where('id', '=', b.templateId).executeTakeFirst();
  if (!t) throw new AppError('TASK_TEMPLATE_NOT_FOUND', undefined, { field: '/templateId' });
  if (!t.active) throw validationError([{ field: '/templateId', message: 'the template is not active' }]);
  const field = b.targetKind === 'person' ? 'personId' : b.targetKind === 'team' ? 'teamId' : 'areaId';
  for (const k of ['personId', 'teamId', 'areaId'] as const) {
    if (k === field && b[k] === undefined) throw validationError([{ field: `/${k}`, message: `is required for a ${b.targetKind} assignment` }]);
    if (k !== field && b[k] !== undefined) throw validationError([{ field: `/${k}`, message: `only for a ${k.replace('Id', '')} assignment` }]);
  }
  const schedule = json<TaskSchedule>(t.schedule);
  if (b.dueAt !== undefined && schedule.recurrence.kind !== 'once') throw validationError([{ field: '/dueAt', message: 'only for a one-off template' }]);
  const now = ctx.clock.now().getTime();
  if (b.dueAt !== undefined && Date.parse(b.dueAt) <= now) throw validationError([{ field: '/dueAt', message: 'must be in the future' }]);
  if (b.startsOn && b.endsOn && b.startsOn > b.endsOn) throw validationError([{ field: '/endsOn', message: 'is before startsOn' }]);
  // the target and its areas, inside the issuer's scope
  let areaIds: number[];
  let targetArea: number | null = null;
  if (b.targetKind === 'person') {
    const s = (await personScopes(ctx, ctx.db, [b.personId!])).get(b.personId!);
    if (!s) throw new AppError('NOT_FOUND', 'Person not found', { field: '/personId' });
    areaIds = s.areaIds;
  } else if (b.targetKind === 'team') {
    const team = await ctx.db.selectFrom('teams').select(['id', 'area_id']).where('id', '=', b.teamId!).executeTakeFirst();
    if (!team) throw new AppError('NOT_FOUND', 'Team not found', { field: '/teamId' });
    targetArea = team.area_id;
    areaIds = team.area_id === null ? [] : [team.area_id, ...tree.ancestors(team.area_id).map((a) => a.id)];
  } else {
    if (!tree.get(b.areaId!)) throw new AppError('AREA_NOT_FOUND', undefined, { field: '/areaId' });
    targetArea = b.areaId!;
    areaIds = [b.areaId!, ...tree.ancestors(b.areaId!).map((a) => a.id)];
  }
  if (!inScope(actor, tree, areaIds)) throw new AppError('OUT_OF_SCOPE', undefined, { field: `/${field}` });
  if (b.targetKind === 'area' && actor.scopeAreaId !== null && !tree.within(b.areaId!, actor.scopeAreaId)) throw new AppError('OUT_OF_SCOPE', undefined, { field: '/areaId' });
  void targetArea;
  const people = await assigneesOf(ctx, ctx.db, { target_kind: b.targetKind, person_id: b.personId ?? null, team_id: b.teamId ?? null, area_id: b.areaId ?? null });
  if (people.length === 0) throw new AppError('NO_ASSIGNEES', undefined, { field: `/${field}` });
  const issuerArea = actor.scopeAreaId;
  const { id, generated } = await ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('task_assignments')
      .values({
        template_id: t.id,
        target_kind: b.targetKind,
        person_id: b.personId ?? null,
        team_id: b.teamId ?? null,
        area_id: b.areaId ?? null,
        level: b.level,
        issuer_area_id: issuerArea,
        area_ids: areaIds,
        issued_by: actor.userId,
        issued_by_name: actor.displayName,
        issued_at: new Date(now).toISOString(),
        place_name: b.place?.name ?? null,
        place_lon: b.place?.lon ?? null,
        place_lat: b.place?.lat ?? null,
        starts_on: b.startsOn ?? null,
        ends_on: b.endsOn ?? null,
        due_at: b.dueAt ? new Date(b.dueAt).toISOString() : null,
        note: b.note?.trim() || null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const today = dayRange(now, ctx.config.utcOffsetMinutes);
    const generated = await generateInstances(ctx, { from: today.from, to: today.to + DAY, assignmentIds: [r.id], db: tx });
    return { id: r.id, generated };
  });
  await audit(ctx.db, actor, 'task.assign', 'task_assignment', id, { template: t.code, target: b.targetKind, level: b.level, generated });
  return { assignment: await getAssignment(ctx, id), generated };
}

async function getAssignment(ctx: Ctx, id: number): Promise<TaskAssignment> {
  const list = await assignmentRows(ctx, sql`a.id = ${id}`);
  if (!list[0]) throw new AppError('TASK_ASSIGNMENT_NOT_FOUND');
  return list[0];
}

async function assignmentRows(ctx: Ctx, where: ReturnType<typeof sql>): Promise<TaskAssignment[]> {
  const r = await sql<{
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
  }>`
    select a.*, t.code t_code, t.name t_name, t.category t_category,
           coalesce(p.name, tm.name, ar.name) target_name,
           (select count(*)::int from task_instances i where i.assignment_id = a.id) instances
      from task_assignments a join task_templates t on t.id = a.template_id
      left join people p on p.id = a.person_id left join teams tm on tm.id = a.team_id left join areas ar on ar.id = a.area_id
     where ${where} order by a.id desc limit 500`.execute(ctx.db);
  const tree = ctx.areas.tree();
  return r.rows.map((a) => ({
    id: a.id,
    template: { id: a.template_id, code: a.t_code, name: a.t_name, category: a.t_category as TaskAssignment['template']['category'] },
    targetKind: a.target_kind as TaskAssignment['targetKind'],
    target: { id: (a.person_id ?? a.team_id ?? a.area_id)!, name: a.target_name ?? '' },
    level: a.level as TaskAssignment['level'],
    issuerArea: areaRef(tree, a.issuer_area_id),
    issuedByName: a.issued_by_name,
    issuedAt: iso(a.issued_at),
    place: a.place_lon !== null && a.place_lat !== null ? { name: a.place_name ?? '', lon: a.place_lon, lat: a.place_lat } : null,
    startsOn: a.starts_on ? dateText(a.starts_on) : null,
    endsOn: a.ends_on ? dateText(a.ends_on) : null,
    dueAt: isoN(a.due_at),
    note: a.note,
    active: a.active,
    version: a.version,
    instances: a.instances,
  }));
}

export async function listAssignments(ctx: Ctx, actor: Actor, q: { templateId?: number; personId?: number; active?: boolean }): Promise<TaskAssignment[]> {
  authorize(actor, 'tasks.assign');
  const parts = [sql`true`];
  const scope = scopeIds(actor, ctx.areas.tree());
  if (scope) parts.push(sql`a.area_ids && ${sql.val(scope)}::int[]`);
  if (q.templateId) parts.push(sql`a.template_id = ${q.templateId}`);
  if (q.personId) parts.push(sql`a.person_id = ${q.personId}`);
  if (q.active !== undefined) parts.push(sql`a.active = ${q.active}`);
  return assignmentRows(ctx, sql.join(parts, sql` and `));
}

/** Ends an assignment: no new occurrences; open ones stay (cancel them one by one if needed). */
export async function endAssignment(ctx: Ctx, actor: Actor, id: number, version: number): Promise<TaskAssignment> {
  authorize(actor, 'tasks.assign');
  const a = await ctx.db.selectFrom('task_assignments').select(['id', 'area_ids', 'level']).where('id', '=', id).executeTakeFirst();
  if (!a) throw new AppError('TASK_ASSIGNMENT_NOT_FOUND');
  if (!inScope(actor, ctx.areas.tree(), a.area_ids)) throw new AppError('OUT_OF_SCOPE');
  const r = await ctx.db.updateTable('task_assignments').set({ active: false, version: sql`version + 1` }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  await audit(ctx.db, actor, 'task.assignment_end', 'task_assignment', id, {});
  return getAssignment(ctx, id);
}

// ---------------------------------------------------------------- reading

async function loadInstance(ctx: Ctx, id: number): Promise<InstanceRow> {
  const r = (await instanceSelect(sql`i.id = ${id}`).execute(ctx.db)).rows[0];
  if (!r) throw new AppError('TASK_NOT_FOUND');
  return r;
}

/** Officers: only their own tasks (others' are not found); leaders: tasks of people in scope. */
async function readable(ctx: Ctx, actor: Actor, r: InstanceRow): Promise<void> {
  if (actor.role === 'officer' || actor.role === 'dispatcher') {
    if (r.person_id !== (await personOf(ctx, actor))) throw new AppError('TASK_NOT_FOUND');
    return;
  }
  if (!inScope(actor, ctx.areas.tree(), r.area_ids)) throw new AppError('OUT_OF_SCOPE');
}

export async function getTask(ctx: Ctx, actor: Actor, id: number): Promise<TaskDetail> {
  authorize(actor, 'tasks.read');
  const r = await loadInstance(ctx, id);
  await readable(ctx, actor, r);
  const [ev, esc, ext] = await Promise.all([
    ctx.db.selectFrom('task_evidence').selectAll().where('instance_id', '=', String(id)).orderBy('id').execute(),
    ctx.db.selectFrom('task_escalations').select(['step', 'at', 'due_at']).where('instance_id', '=', String(id)).orderBy('id').execute(),
    ctx.db.selectFrom('task_extensions').selectAll().where('instance_id', '=', String(id)).orderBy('id').execute(),
  ]);
  return {
    task: presentInstance(ctx, r),
    evidence: ev.map((e) => ({
      id: Number(e.id),
      at: iso(e.at),
      amount: e.amount,
      form: json<Record<string, unknown>>(e.form),
      note: e.note,
      lon: e.lon,
      lat: e.lat,
      photoIds: e.photo_ids,
      byName: e.by_name,
    })),
    escalations: esc.map((e) => ({ step: e.step as EscalationStep, at: iso(e.at), dueAt: iso(e.due_at) })),
    extensions: ext.map((e) => presentExt(e as unknown as ExtRow)),
  };
}

/** A local day (default today) and its first instant; 400 with /date when it is not a date. */
function localDay(ctx: Ctx, date: string | undefined): { date: string; from: number } {
  const d = date ?? localDate(ctx.clock.now().getTime(), ctx.config.utcOffsetMinutes);
  try {
    return { date: d, from: localMidnight(d, ctx.config.utcOffsetMinutes) };
  } catch {
    throw validationError([{ field: '/date', message: 'is not a date' }]);
  }
}

/** The caller's checklist for a local day: occurrences open that day (opened by its end, due after its start). */
export async function myTasks(ctx: Ctx, actor: Actor, q: { date?: string }): Promise<MyTasks> {
  authorize(actor, 'tasks.read');
  const person = await personOf(ctx, actor);
  const { date, from } = localDay(ctx, q.date);
  return checklist(ctx, person, date, from, from + DAY);
}

/**
 * Leaders: one person's checklist for a local day, as the person sees it (the station lead's daily check of what was
 * done, late or forgotten). The person must lie in the leader's scope (403 OUT_OF_SCOPE), and only tasks whose areas
 * do are listed.
 */
export async function personTasks(ctx: Ctx, actor: Actor, q: { personId: number; date?: string }): Promise<MyTasks> {
  authorize(actor, 'tasks.supervise');
  const tree = ctx.areas.tree();
  const s = (await personScopes(ctx, ctx.db, [q.personId])).get(q.personId);
  if (!s) throw new AppError('NOT_FOUND', 'Person not found', { field: '/personId' });
  if (!inScope(actor, tree, s.areaIds)) throw new AppError('OUT_OF_SCOPE', undefined, { field: '/personId' });
  const { date, from } = localDay(ctx, q.date);
  return checklist(ctx, q.personId, date, from, from + DAY, scopeIds(actor, tree));
}

export async function checklist(ctx: Ctx, person: number | null, date: string, from: number, to: number, scope: number[] | null = null): Promise<MyTasks> {
  if (person === null) return { date, items: [], counts: { total: 0, done: 0, open: 0, overdue: 0, yellow: 0, red: 0 } };
  const rows = await instanceSelect(
    sql`i.person_id = ${person} and i.status <> 'cancelled' and i.period_start < ${new Date(to).toISOString()}::timestamptz
        and (i.due_at > ${new Date(from).toISOString()}::timestamptz or (i.done_at is not null and i.done_at >= ${new Date(from).toISOString()}::timestamptz))
        ${scope ? sql`and i.area_ids && ${sql.val(scope)}::int[]` : sql``}`,
    sql`(i.status in ('done','cancelled')), i.due_at, i.id`,
  ).execute(ctx.db);
  const items = rows.rows.map((r) => presentInstance(ctx, r));
  return {
    date,
    items,
    counts: {
      total: items.length,
      done: items.filter((i) => i.status === 'done').length,
      open: items.filter((i) => i.status === 'open').length,
      overdue: items.filter((i) => i.status === 'overdue').length,
      yellow: items.filter((i) => i.supervision === 'yellow').length,
      red: items.filter((i) => i.supervision === 'red').length,
    },
  };
}

export async function overdueOf(ctx: Ctx, person: number): Promise<TaskInstance[]> {
  const rows = await instanceSelect(sql`i.person_id = ${person} and i.status = 'overdue'`, sql`i.due_at, i.id`, 200).execute(ctx.db);
  return rows.rows.map((r) => presentInstance(ctx, r));
}

export async function supervision(ctx: Ctx, actor: Actor, q: { filter?: 'overdue' | 'yellow' | 'red' | 'extensions'; areaId?: number; personId?: number; limit?: number }): Promise<Supervision> {
  authorize(actor, 'tasks.supervise');
  const tree = ctx.areas.tree();
  const parts = [sql`i.status in ('open','overdue')`];
  const scope = scopeIds(actor, tree);
  if (scope) parts.push(sql`i.area_ids && ${sql.val(scope)}::int[]`);
  if (q.areaId) {
    if (!inScope(actor, tree, [q.areaId])) throw new AppError('OUT_OF_SCOPE', undefined, { field: '/areaId' });
    parts.push(sql`${q.areaId} = any(i.area_ids)`);
  }
  if (q.personId) parts.push(sql`i.person_id = ${q.personId}`);
  const base = sql.join(parts, sql` and `);
  const c = await sql<{ overdue: number; reminder: number; yellow: number; red: number; extensions: number }>`
    select count(*) filter (where i.status = 'overdue')::int overdue,
           count(*) filter (where i.supervision = 'reminder')::int reminder,
           count(*) filter (where i.supervision = 'yellow')::int yellow,
           count(*) filter (where i.supervision = 'red')::int red,
           count(*) filter (where exists (select 1 from task_extensions e where e.instance_id = i.id and e.status = 'requested'))::int extensions
      from task_instances i where ${base}`.execute(ctx.db);
  const filter = q.filter ?? 'overdue';
  const f =
    filter === 'overdue'
      ? sql`i.status = 'overdue'`
      : filter === 'yellow'
        ? sql`i.supervision in ('yellow','red')`
        : filter === 'red'
          ? sql`i.supervision = 'red'`
          : sql`exists (select 1 from task_extensions e where e.instance_id = i.id and e.status = 'requested')`;
  const rows = await instanceSelect(sql`${base} and ${f}`, sql`(case i.supervision when 'red' then 0 when 'yellow' then 1 when 'reminder' then 2 else 3 end), i.due_at, i.id`, q.limit ?? 200).execute(ctx.db);
  return { counts: c.rows[0]!, items: rows.rows.map((r) => presentInstance(ctx, r)) };
}

// ---------------------------------------------------------------- completion with evidence

function decodePhoto(dataUrl: string, i: number): { mime: 'image/jpeg' | 'image/png'; bytes: Buffer } {
  const field = `/photos/${i}/dataUrl`;
  const m = /^data:(image\/(?:jpeg|png));base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  if (!m) throw validationError([{ field, message: 'must be a base64 JPEG or PNG data URL' }]);
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'A photo is larger than 3 MB', { field });
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if ((m[1] === 'image/jpeg' && !jpeg) || (m[1] === 'image/png' && !png)) throw validationError([{ field, message: 'the bytes are not the image type the data URL names' }]);
  return { mime: m[1] as 'image/jpeg' | 'image/png', bytes };
}

async function ownTask(ctx: Ctx, actor: Actor, id: number): Promise<InstanceRow> {
  authorize(actor, 'tasks.work');
  const r = await loadInstance(ctx, id);
  const me = await personOf(ctx, actor);
  if (r.person_id !== me) {
    if (actor.role === 'officer' || actor.role === 'dispatcher' || !inScope(actor, ctx.areas.tree(), r.area_ids)) throw new AppError('TASK_NOT_FOUND');
    throw new AppError('NOT_YOUR_TASK');
  }
  return r;
}

export async function completeTask(ctx: Ctx, actor: Actor, id: number, b: CompleteTaskBody): Promise<TaskDetail> {
  const r = await ownTask(ctx, actor, id);
  if (r.version !== b.version) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  // photos are decoded and checked before anything is written
  const photos = (b.photos ?? []).map((p, i) => ({ ...decodePhoto(p.dataUrl, i), takenAt: p.takenAt ? Date.parse(p.takenAt) : null }));
  const now = ctx.clock.now().getTime();
  const state = await loadState(ctx.db, r);
  const requirement = json<EvidenceRequirement>(r.t_evidence);
  let place = r.place_lon !== null && r.place_lat !== null ? { lon: r.place_lon, lat: r.place_lat } : null;
  // a location check with no place of its own (驻区打卡: "be in your zone") means inside the officer's areas of
  // responsibility now: a position inside them stands as its own place, one outside them is refused
  if (requirement.location && !requirement.location.place && !place && b.location && r.person_id !== null) {
    const inside = await sql<{ n: number; areas: number }>`
      select count(*) filter (where st_covers(a.geom, st_setsrid(st_makepoint(${b.location.lon}, ${b.location.lat}), 4326)))::int n, count(*)::int areas
        from person_areas pa join areas a on a.id = pa.area_id
       where pa.person_id = ${r.person_id} and pa.valid_from <= ${new Date(now).toISOString()}::timestamptz and (pa.valid_to is null or pa.valid_to > ${new Date(now).toISOString()}::timestamptz)`.execute(ctx.db);
    const x = inside.rows[0]!;
    if (x.areas > 0 && x.n === 0) throw new AppError('EVIDENCE_INVALID', 'The position is outside your areas of responsibility', [{ field: '/location', code: 'outside_zone', message: 'the position is outside your areas of responsibility' }]);
    if (x.n > 0) place = { lon: b.location.lon, lat: b.location.lat };
  }
  const res = taskTransition(state, {
    type: 'complete',
    at: now,
    ...(b.amount !== undefined ? { amount: b.amount } : {}),
    requirement,
    evidence: {
      photos: photos.map((p, i) => ({ id: String(i), takenAt: p.takenAt })),
      form: b.form ?? {},
      location: b.location ?? null,
      note: b.note ?? null,
    },
    // a photo must be taken during the task's period (a few minutes of clock skew allowed)
    context: { place, window: { from: ms(r.period_start) - 5 * 60_000, to: now + 5 * 60_000 } },
  });
  if (!res.ok) throw failOf(res);
  const next = res.state;
  await ctx.db.transaction().execute(async (tx) => {
    const upd = await tx
      .updateTable('task_instances')
      .set({
        progress: next.progress,
        status: next.status,
        done_at: next.doneAt === null ? null : new Date(next.doneAt).toISOString(),
        late: next.late,
        version: sql`version + 1`,
      })
      .where('id', '=', String(id))
      .where('version', '=', b.version)
      .where('status', 'in', ['open', 'overdue'])
      .executeTakeFirst();
    if (Number(upd.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
    const photoIds: number[] = [];
    for (const p of photos) {
      const ph = await tx
        .insertInto('task_photos')
        .values({ mime: p.mime, bytes: p.bytes, taken_at: p.takenAt === null ? null : new Date(p.takenAt).toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      photoIds.push(ph.id);
    }
    await tx
      .insertInto('task_evidence')
      .values({
        instance_id: String(id),
        at: new Date(now).toISOString(),
        amount: next.progress - state.progress,
        form: JSON.stringify(b.form ?? {}),
        note: b.note?.trim() || null,
        lon: b.location?.lon ?? null,
        lat: b.location?.lat ?? null,
        accuracy_m: b.location?.accuracyMeters ?? null,
        photo_ids: photoIds,
        by_user: actor.userId,
        by_name: actor.displayName,
      })
      .execute();
  });
  await audit(ctx.db, actor, 'task.complete', 'task_instance', id, { amount: next.progress - state.progress, done: res.completed, late: next.late, photos: photos.length });
  // the officer sees their indicators move at once: their own, this month, recomputed now (one subject, a few
  // milliseconds); the other levels follow with the hourly job
  // (the completion is committed: a failure here is logged, not returned; the job recomputes within the hour)
  try {
    await computeIndicators(ctx, 'officer', periodOf(ctx), [r.person_id]);
  } catch (e) {
    console.error('indicators after completion failed:', e);
  }
  return getTask(ctx, actor, id);
}

export async function readPhoto(ctx: Ctx, actor: Actor, photoId: number, ip: string | null): Promise<{ mime: string; bytes: Buffer }> {
  authorize(actor, 'tasks.read');
  const ev = await sql<{ instance_id: string }>`select instance_id::text from task_evidence where ${photoId} = any(photo_ids) limit 1`.execute(ctx.db);
  if (!ev.rows[0]) throw new AppError('PHOTO_NOT_FOUND');
  const r = await loadInstance(ctx, Number(ev.rows[0].instance_id));
  try {
    await readable(ctx, actor, r);
  } catch (e) {
    if (e instanceof AppError && e.code === 'TASK_NOT_FOUND') throw new AppError('PHOTO_NOT_FOUND');
    throw e;
  }
  const ph = await ctx.db.selectFrom('task_photos').select(['mime', 'bytes']).where('id', '=', photoId).executeTakeFirstOrThrow();
  // a photo may show people: every view is audited
  await audit(ctx.db, actor, 'task_photo.read', 'task_photo', photoId, {}, ip);
  return { mime: ph.mime, bytes: Buffer.from(ph.bytes) };
}

// ---------------------------------------------------------------- extensions and cancellation

export async function requestExtension(ctx: Ctx, actor: Actor, id: number, b: ExtensionRequestBody): Promise<TaskDetail> {
  const r = await ownTask(ctx, actor, id);
  if (r.version !== b.version) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  const now = ctx.clock.now().getTime();
  const until = Date.parse(b.until);
  const res = taskTransition(await loadState(ctx.db, r), { type: 'request_extension', at: now, until, reason: b.reason.trim() });
  if (!res.ok) throw failOf(res);
  await ctx.db.transaction().execute(async (tx) => {
    const upd = await tx.updateTable('task_instances').set({ version: sql`version + 1` }).where('id', '=', String(id)).where('version', '=', b.version).executeTakeFirst();
    if (Number(upd.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
    await tx
      .insertInto('task_extensions')
      .values({ instance_id: String(id), requested_at: new Date(now).toISOString(), requested_by: actor.userId, requested_by_name: actor.displayName, until: new Date(until).toISOString(), reason: b.reason.trim() })
      .execute();
  });
  await audit(ctx.db, actor, 'task.extension_request', 'task_instance', id, { until: b.until });
  // the station's leaders decide
  const leads = await leadersOf(ctx, r.station_id, false);
  await notify(ctx, leads, { kind: 'task_extension', title: `延期申请：${r.t_name}`, body: `${r.person_name} 申请延期至 ${b.until}：${b.reason.trim()}`, link: `/tasks/${id}`, refType: 'task_extension', refId: `${id}@${now}` });
  return getTask(ctx, actor, id);
}

async function supervisable(ctx: Ctx, actor: Actor, id: number): Promise<InstanceRow> {
  authorize(actor, 'tasks.supervise');
  const r = await loadInstance(ctx, id);
  if (!inScope(actor, ctx.areas.tree(), r.area_ids)) throw new AppError('OUT_OF_SCOPE');
  return r;
}

export async function decideExtension(ctx: Ctx, actor: Actor, id: number, approve: boolean, b: ExtensionDecisionBody): Promise<TaskDetail> {
  const r = await supervisable(ctx, actor, id);
  if (r.version !== b.version) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  if (!approve && b.until !== undefined) throw validationError([{ field: '/until', message: 'only when approving' }]);
  const now = ctx.clock.now().getTime();
  const res = taskTransition(
    await loadState(ctx.db, r),
    approve
      ? { type: 'approve_extension', at: now, ...(b.until ? { until: Date.parse(b.until) } : {}), ...(b.note ? { note: b.note } : {}) }
      : { type: 'reject_extension', at: now, ...(b.note ? { note: b.note } : {}) },
  );
  if (!res.ok) throw failOf(res);
  const next = res.state;
  const decided = next.extensions[next.extensions.length - 1]!;
  await ctx.db.transaction().execute(async (tx) => {
    const upd = await tx
      .updateTable('task_instances')
      .set({ due_at: new Date(next.dueAt).toISOString(), status: next.status, version: sql`version + 1` })
      .where('id', '=', String(id))
      .where('version', '=', b.version)
      .executeTakeFirst();
    if (Number(upd.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
    await tx
      .updateTable('task_extensions')
      .set({
        status: approve ? 'approved' : 'rejected',
        decided_at: new Date(now).toISOString(),
        decided_by_name: actor.displayName,
        granted_until: decided.grantedUntil === null ? null : new Date(decided.grantedUntil).toISOString(),
        decision_note: b.note?.trim() || null,
      })
      .where('instance_id', '=', String(id))
      .where('status', '=', 'requested')
      .execute();
  });
  await audit(ctx.db, actor, approve ? 'task.extension_approve' : 'task.extension_reject', 'task_instance', id, { until: decided.grantedUntil === null ? null : new Date(decided.grantedUntil).toISOString() });
  await notify(ctx, await usersOfPeople(ctx, [r.person_id]), {
    kind: 'task_extension_decided',
    title: `${approve ? '延期已批准' : '延期未批准'}：${r.t_name}`,
    body: approve ? `新的期限：${new Date(next.dueAt).toISOString()}` : (b.note ?? ''),
    link: `/tasks/${id}`,
    refType: 'task_extension',
    refId: `${id}@${now}`,
  });
  return getTask(ctx, actor, id);
}

export async function cancelTask(ctx: Ctx, actor: Actor, id: number, b: { version: number; note?: string }): Promise<TaskDetail> {
  const r = await supervisable(ctx, actor, id);
  if (r.version !== b.version) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  const res = taskTransition(await loadState(ctx.db, r), { type: 'cancel', at: ctx.clock.now().getTime() });
  if (!res.ok) throw failOf(res);
  const upd = await ctx.db.updateTable('task_instances').set({ status: 'cancelled', version: sql`version + 1` }).where('id', '=', String(id)).where('version', '=', b.version).executeTakeFirst();
  if (Number(upd.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  await audit(ctx.db, actor, 'task.cancel', 'task_instance', id, { note: b.note ?? null });
  return getTask(ctx, actor, id);
}

// ---------------------------------------------------------------- the ladder (run by the job)

async function usersOfPeople(ctx: Ctx, personIds: number[]): Promise<number[]> {
  if (personIds.length === 0) return [];
  return (await ctx.db.selectFrom('users').select('id').where('person_id', 'in', personIds).where('active', '=', true).execute()).map((u) => u.id);
}

/** Station leads of the station (and, with `district`, district leads and admins above it). */
async function leadersOf(ctx: Ctx, stationId: number | null, district: boolean): Promise<number[]> {
  if (stationId === null) return [];
  const tree = ctx.areas.tree();
  const users = await ctx.db.selectFrom('users').select(['id', 'role', 'scope_area_id']).where('active', '=', true).where('role', 'in', district ? ['station_lead', 'district_lead'] : ['station_lead']).execute();
  return users.filter((u) => u.scope_area_id !== null && tree.within(stationId, u.scope_area_id) && (u.role === 'district_lead' || tree.get(u.scope_area_id)?.kind === 'station')).map((u) => u.id);
}

const STEP_TEXT: Record<EscalationStep, string> = { due_soon: '即将到期', overdue: '已逾期', reminder: '催办', yellow: '黄牌督办', red: '红牌督办' };
const LEVEL_OF: Record<'none' | 'reminder' | 'yellow' | 'red', number> = { none: 0, reminder: 1, yellow: 2, red: 3 };

/**
 * Fires the ladder's due steps for every open or overdue task (in batches), records them, updates status and the
 * card carried, and notifies: the assignee for every step; the station's leaders from the yellow card; the
 * district's leaders at the red card. When several steps fire at once (a job that was down) only the highest is
 * notified. Returns the number of steps fired.
 */
export async function escalate(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().getTime();
  const policyOf = await policies(ctx.db);
  // a step can fire at most the largest heads-up before the due time
  const rows = await sql<{ max: number | null }>`select max(due_soon_minutes) max from task_escalation_policies`.execute(ctx.db);
  const ahead = (rows.rows[0]?.max ?? DEFAULT_ESCALATION_POLICY.dueSoonMinutes ?? 0) * 60_000;
  let fired = 0;
  let afterId = '0';
  for (;;) {
    const batch = await sql<{ id: string; status: string; due_at: string; original_due_at: string; target: number; progress: number; done_at: string | null; late: boolean; category: string; person_id: number; station_id: number | null; name: string; supervision: string }>`
      select i.id::text id, i.status, i.due_at, i.original_due_at, i.target, i.progress, i.done_at, i.late, t.category, i.person_id, i.station_id, t.name, i.supervision
        from task_instances i join task_templates t on t.id = i.template_id
       where i.status in ('open','overdue') and i.due_at <= ${new Date(now + ahead).toISOString()}::timestamptz and i.id > ${afterId}::bigint
         -- after the red card nothing more fires against this due time
         and not exists (select 1 from task_escalations e where e.instance_id = i.id and e.step = 'red' and e.due_at = i.due_at)
       order by i.id limit 500`.execute(ctx.db);
    if (batch.rows.length === 0) break;
    afterId = batch.rows[batch.rows.length - 1]!.id;
    for (const r of batch.rows) {
      const policy = policyOf(r.category);
      const state = await loadState(ctx.db, r);
      const { state: next, fired: steps } = applyEscalations(state, policy, now);
      if (steps.length === 0) continue;
      const card = supervisionLevel(next);
      const level = LEVEL_OF[card] >= LEVEL_OF[r.supervision as keyof typeof LEVEL_OF] ? card : r.supervision;
      const written = await ctx.db.transaction().execute(async (tx) => {
        const ins = await tx
          .insertInto('task_escalations')
          .values(steps.map((s) => ({ instance_id: r.id, step: s.step, at: new Date(now).toISOString(), due_at: new Date(next.dueAt).toISOString() })))
          .onConflict((oc) => oc.columns(['instance_id', 'step', 'due_at']).doNothing())
          .returning('step')
          .execute();
        await tx.updateTable('task_instances').set({ status: next.status, supervision: level }).where('id', '=', r.id).where('status', 'in', ['open', 'overdue']).execute();
        return ins.map((x) => x.step as EscalationStep);
      });
      if (written.length === 0) continue; // another node fired them first
      fired += written.length;
      const top = written[written.length - 1]!;
      const recipients = [
        ...(await usersOfPeople(ctx, [r.person_id])),
        ...(top === 'yellow' || top === 'red' ? await leadersOf(ctx, r.station_id, top === 'red') : []),
      ];
      await notify(ctx, recipients, {
        kind: `task_${top}`,
        title: `${STEP_TEXT[top]}：${r.name}`,
        body: `期限 ${new Date(next.dueAt).toISOString()}`,
        link: `/tasks/${r.id}`,
        refType: 'task_instance',
        refId: `${r.id}@${next.dueAt}`,
      });
    }
    if (batch.rows.length < 500) break;
  }
  return fired;
}
