// Assignments (a template issued to a person, a team or an area at the issuer's level) and the idempotent
// generation of their occurrences from core's recurrence.
import { dayRange, dueFrom, localDate, localMidnight, occurrences, openOccurrences, type TaskSchedule } from '@jingwang/core';
import type { AssignmentBody, TaskAssignment } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError, validationError } from '../../lib/errors';
import { iso, isoN, json, ms } from '../../lib/format';
import { audit } from '../audit/service';
import { deliver } from '../instructions/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { areaRef, personScopes } from './common';
import * as repo from './repo/assignments';
import { templateById } from './repo/catalogue';
import { insertInstances, type NewInstance } from './repo/instances';
import { activeTeamMembers, policeResponsibleFor, teamArea } from './repo/people';

const DAY = 86_400_000;

const dateText = (v: string | Date): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

// ---------------------------------------------------------------- generation

/** The people an assignment reaches now: the person, the team's active members, or the area's responsible police. */
async function assigneesOf(ctx: Ctx, db: Db, a: Pick<repo.ActiveAssignmentRow, 'target_kind' | 'person_id' | 'team_id' | 'area_id'>): Promise<number[]> {
  if (a.target_kind === 'person') return [a.person_id!];
  if (a.target_kind === 'team') return activeTeamMembers(db, a.team_id!);
  return policeResponsibleFor(db, ctx.areas.tree().descendantsAndSelf(a.area_id!));
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
  const assignments = await repo.activeAssignments(db, opts.assignmentIds);
  const people = new Map<number, number[]>();
  const rows: Omit<NewInstance, 'station_id' | 'area_ids'>[] = [];
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
  return insertInstances(
    db,
    rows.map((r) => ({ ...r, station_id: scopes.get(r.person_id)?.stationId ?? null, area_ids: scopes.get(r.person_id)?.areaIds ?? [] })),
  );
}

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
  const t = await templateById(ctx.db, b.templateId);
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
  if (b.targetKind === 'person') {
    const s = (await personScopes(ctx, ctx.db, [b.personId!])).get(b.personId!);
    if (!s) throw new AppError('NOT_FOUND', 'Person not found', { field: '/personId' });
    areaIds = s.areaIds;
  } else if (b.targetKind === 'team') {
    const team = await teamArea(ctx.db, b.teamId!);
    if (!team) throw new AppError('NOT_FOUND', 'Team not found', { field: '/teamId' });
    areaIds = team.area_id === null ? [] : [team.area_id, ...tree.ancestors(team.area_id).map((a) => a.id)];
  } else {
    if (!tree.get(b.areaId!)) throw new AppError('AREA_NOT_FOUND', undefined, { field: '/areaId' });
    areaIds = [b.areaId!, ...tree.ancestors(b.areaId!).map((a) => a.id)];
  }
  if (!inScope(actor, tree, areaIds)) throw new AppError('OUT_OF_SCOPE', undefined, { field: `/${field}` });
  if (b.targetKind === 'area' && actor.scopeAreaId !== null && !tree.within(b.areaId!, actor.scopeAreaId)) throw new AppError('OUT_OF_SCOPE', undefined, { field: '/areaId' });
  const people = await assigneesOf(ctx, ctx.db, { target_kind: b.targetKind, person_id: b.personId ?? null, team_id: b.teamId ?? null, area_id: b.areaId ?? null });
  if (people.length === 0) throw new AppError('NO_ASSIGNEES', undefined, { field: `/${field}` });
  const { id, generated } = await ctx.db.transaction().execute(async (tx) => {
    const id = await repo.insertAssignment(tx, {
      template_id: t.id,
      target_kind: b.targetKind,
      person_id: b.personId ?? null,
      team_id: b.teamId ?? null,
      area_id: b.areaId ?? null,
      level: b.level,
      issuer_area_id: actor.scopeAreaId,
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
    });
    const today = dayRange(now, ctx.config.utcOffsetMinutes);
    const generated = await generateInstances(ctx, { from: today.from, to: today.to + DAY, assignmentIds: [id], db: tx });
    return { id, generated };
  });
  await audit(ctx.db, actor, 'task.assign', 'task_assignment', id, { template: t.code, target: b.targetKind, level: b.level, generated });
  const assignment = await getAssignment(ctx, id);
  // the lead's note reaches the assignees as an instruction linked to the assignment (it used to stay on the row)
  if (assignment.note) await noteAsInstruction(ctx, actor, assignment, people, areaIds);
  return { assignment, generated };
}

/** The note written when assigning, as an instruction to the assignees who have an account (none: nothing sent). */
async function noteAsInstruction(ctx: Ctx, actor: Actor, a: TaskAssignment, people: number[], areaIds: number[]): Promise<void> {
  try {
    await deliver(ctx, actor, {
      targetKind: a.targetKind,
      targetId: a.target.id,
      targetName: a.target.name,
      areaIds,
      people,
      text: `【${a.template.name}】${a.note}`,
      priority: 'normal',
      dueAt: a.dueAt,
      link: { type: 'task_assignment', id: a.id },
    });
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'NO_RECIPIENTS')) throw e;
  }
}

function presentAssignment(ctx: Ctx, a: repo.AssignmentListRow): TaskAssignment {
  return {
    id: a.id,
    template: { id: a.template_id, code: a.t_code, name: a.t_name, category: a.t_category as TaskAssignment['template']['category'] },
    targetKind: a.target_kind as TaskAssignment['targetKind'],
    target: { id: (a.person_id ?? a.team_id ?? a.area_id)!, name: a.target_name ?? '' },
    level: a.level as TaskAssignment['level'],
    issuerArea: areaRef(ctx.areas.tree(), a.issuer_area_id),
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
  };
}

async function getAssignment(ctx: Ctx, id: number): Promise<TaskAssignment> {
  const r = (await repo.assignmentRows(ctx.db, { id }))[0];
  if (!r) throw new AppError('TASK_ASSIGNMENT_NOT_FOUND');
  return presentAssignment(ctx, r);
}

export async function listAssignments(ctx: Ctx, actor: Actor, q: { templateId?: number; personId?: number; active?: boolean }): Promise<TaskAssignment[]> {
  authorize(actor, 'tasks.assign');
  const rows = await repo.assignmentRows(ctx.db, { scope: scopeIds(actor, ctx.areas.tree()), templateId: q.templateId, personId: q.personId, active: q.active });
  return rows.map((r) => presentAssignment(ctx, r));
}

/**
 * Ends an assignment: no new occurrences; open ones stay (cancel them one by one if needed). One outside the caller's
 * scope is not found (404), so its existence does not leak.
 */
export async function endAssignment(ctx: Ctx, actor: Actor, id: number, version: number): Promise<TaskAssignment> {
  authorize(actor, 'tasks.assign');
  const a = await repo.assignmentScope(ctx.db, id);
  if (!a || !inScope(actor, ctx.areas.tree(), a.area_ids)) throw new AppError('TASK_ASSIGNMENT_NOT_FOUND');
  await repo.endAssignment(ctx.db, id, version);
  await audit(ctx.db, actor, 'task.assignment_end', 'task_assignment', id, {});
  return getAssignment(ctx, id);
}
