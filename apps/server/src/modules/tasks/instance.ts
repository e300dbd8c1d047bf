// One task occurrence on the server: its presentation, its state for core's engine, and who may see or work it.
//
// Scope (issue 19 defect 7): a task outside the caller's reach is answered as if it did not exist (404
// TASK_NOT_FOUND), never 403 OUT_OF_SCOPE, so ids do not reveal other stations' work. Officers see and work only their
// own tasks; leaders see the tasks of people whose areas lie in their scope. A leader in scope who tries to WORK
// someone else's task gets 403 NOT_YOUR_TASK: that leaks nothing, since the leader may read that task anyway.
import {
  DEFAULT_ESCALATION_POLICY,
  type EscalationPolicy,
  type EscalationStep,
  type TaskState,
  type TaskTransitionResult,
} from '@jingwang/core';
import type { TaskInstance } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError, validationError } from '../../lib/errors';
import { iso, isoN, json, ms } from '../../lib/format';
import { authorize, inScope, type Actor } from '../auth/policy';
import { personOf, areaRef } from './common';
import { policyRows } from './repo/catalogue';
import { extensionsOf, firedSteps, instanceById, type ExtRow, type InstanceRow } from './repo/instances';

export type { InstanceRow } from './repo/instances';

export const presentExt = (e: ExtRow) => ({
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

/** The ladder for a category: its own row, else the '*' row, else core's default. */
export async function policies(db: Db): Promise<(category: string) => EscalationPolicy> {
  const rows = await policyRows(db);
  const map = new Map(
    rows.map((r) => [r.category, { dueSoonMinutes: r.due_soon_minutes, reminderMinutes: r.reminder_minutes, yellowMinutes: r.yellow_minutes, redMinutes: r.red_minutes } as EscalationPolicy]),
  );
  return (category) => map.get(category) ?? map.get('*') ?? DEFAULT_ESCALATION_POLICY;
}

/** Core's state of an instance: its row, the steps fired and its extensions. */
export async function loadState(db: Db, r: { id: string; status: string; due_at: string; original_due_at: string; target: number; progress: number; done_at: string | null; late: boolean }): Promise<TaskState> {
  const [fired, ext] = await Promise.all([firedSteps(db, r.id), extensionsOf(db, r.id)]);
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

/** Core's refusal as the API's error. */
export function failOf(r: Extract<TaskTransitionResult, { ok: false }>, field?: string): AppError {
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

export async function loadInstance(ctx: Ctx, id: number): Promise<InstanceRow> {
  const r = await instanceById(ctx.db, id);
  if (!r) throw new AppError('TASK_NOT_FOUND');
  return r;
}

/** Officers: only their own tasks; leaders: tasks of people in scope. Anything else is not found. */
export async function readable(ctx: Ctx, actor: Actor, r: InstanceRow): Promise<void> {
  if (actor.role === 'officer' || actor.role === 'dispatcher') {
    if (r.person_id !== (await personOf(ctx, actor))) throw new AppError('TASK_NOT_FOUND');
    return;
  }
  if (!inScope(actor, ctx.areas.tree(), r.area_ids)) throw new AppError('TASK_NOT_FOUND');
}

/** The caller's own task, to work on; someone else's: 403 NOT_YOUR_TASK for a leader in scope, else not found. */
export async function ownTask(ctx: Ctx, actor: Actor, id: number): Promise<InstanceRow> {
  authorize(actor, 'tasks.work');
  const r = await loadInstance(ctx, id);
  const me = await personOf(ctx, actor);
  if (r.person_id !== me) {
    if (actor.role === 'officer' || actor.role === 'dispatcher' || !inScope(actor, ctx.areas.tree(), r.area_ids)) throw new AppError('TASK_NOT_FOUND');
    throw new AppError('NOT_YOUR_TASK');
  }
  return r;
}

/** A task a leader may decide on (extensions, cancellation): in the leader's scope, else not found. */
export async function supervisable(ctx: Ctx, actor: Actor, id: number): Promise<InstanceRow> {
  authorize(actor, 'tasks.supervise');
  const r = await loadInstance(ctx, id);
  if (!inScope(actor, ctx.areas.tree(), r.area_ids)) throw new AppError('TASK_NOT_FOUND');
  return r;
}
