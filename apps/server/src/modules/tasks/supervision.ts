// The supervision ladder (督办, run by the job) and the leaders' decisions: extensions (延期) and cancellation.
//
// Versions: `task_instances.version` counts changes made by people (progress, extension requests and decisions,
// cancellation); a change carries the version read and a stale one is a 409 with nothing written. The ladder run by
// the job changes status and cards without bumping it, so an officer completing an overdue task is not refused.
import {
  DEFAULT_ESCALATION_POLICY,
  OPEN_TASK_STATUSES,
  applyEscalations,
  supervisionLevel,
  taskStatusesAllowing,
  taskTransition,
  type EscalationStep,
} from '@jingwang/core';
import type { ExtensionDecisionBody, ExtensionRequestBody, TaskDetail, UrgeBody } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { assertVersion } from '../../db/versioned';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import type { Actor } from '../auth/policy';
import { deliver } from '../instructions/service';
import { notify } from '../notifications/service';
import { getTask } from './checklists';
import { failOf, loadState, ownTask, policies, supervisable } from './instance';
import { leadersOf, STEP_TEXT, usersOfPeople } from './notices';
import { maxDueSoonMinutes } from './repo/catalogue';
import { decidePendingExtension, insertExtension, ladderBatch, recordSteps, setLadderState, updateInstance } from './repo/instances';

// ---------------------------------------------------------------- extensions and cancellation

export async function requestExtension(ctx: Ctx, actor: Actor, id: number, b: ExtensionRequestBody): Promise<TaskDetail> {
  const r = await ownTask(ctx, actor, id);
  assertVersion(r.version, b.version);
  const now = ctx.clock.now().getTime();
  const until = Date.parse(b.until);
  const res = taskTransition(await loadState(ctx.db, r), { type: 'request_extension', at: now, until, reason: b.reason.trim() });
  if (!res.ok) throw failOf(res);
  await ctx.db.transaction().execute(async (tx) => {
    await updateInstance(tx, id, {}, { version: b.version, from: taskStatusesAllowing('request_extension') });
    await insertExtension(tx, { instance_id: id, requested_at: new Date(now).toISOString(), requested_by: actor.userId, requested_by_name: actor.displayName, until: new Date(until).toISOString(), reason: b.reason.trim() });
  });
  await audit(ctx.db, actor, 'task.extension_request', 'task_instance', id, { until: b.until });
  // the station's leaders decide
  const leads = await leadersOf(ctx, r.station_id, false);
  await notify(ctx, leads, { kind: 'task_extension', title: `延期申请：${r.t_name}`, body: `${r.person_name} 申请延期至 ${b.until}：${b.reason.trim()}`, link: `/tasks/${id}`, refType: 'task_extension', refId: `${id}@${now}` });
  return getTask(ctx, actor, id);
}

export async function decideExtension(ctx: Ctx, actor: Actor, id: number, approve: boolean, b: ExtensionDecisionBody): Promise<TaskDetail> {
  const r = await supervisable(ctx, actor, id);
  assertVersion(r.version, b.version);
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
    await updateInstance(tx, id, { due_at: new Date(next.dueAt).toISOString(), status: next.status }, { version: b.version, from: taskStatusesAllowing(approve ? 'extend' : 'reject_extension') });
    await decidePendingExtension(tx, id, {
      status: approve ? 'approved' : 'rejected',
      decided_at: new Date(now).toISOString(),
      decided_by_name: actor.displayName,
      granted_until: decided.grantedUntil === null ? null : new Date(decided.grantedUntil).toISOString(),
      decision_note: b.note?.trim() || null,
    });
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
  assertVersion(r.version, b.version);
  const res = taskTransition(await loadState(ctx.db, r), { type: 'cancel', at: ctx.clock.now().getTime() });
  if (!res.ok) throw failOf(res);
  await updateInstance(ctx.db, id, { status: res.state.status }, { version: b.version, from: taskStatusesAllowing('cancel') });
  await audit(ctx.db, actor, 'task.cancel', 'task_instance', id, { note: b.note ?? null });
  return getTask(ctx, actor, id);
}

/**
 * 催办 by hand: a lead in scope urges an open or overdue task; the officer gets an urgent instruction linked to the
 * task (their phone wakes, the bell rings, the SMS fallback follows when it stays unread). Audited.
 */
export async function urgeTask(ctx: Ctx, actor: Actor, id: number, b: UrgeBody): Promise<{ instructionId: number; recipients: number }> {
  const r = await supervisable(ctx, actor, id);
  if (!(OPEN_TASK_STATUSES as readonly string[]).includes(r.status)) {
    throw new AppError('INVALID_TRANSITION', `A ${r.status} task cannot be urged`, { from: r.status, action: 'urge', allowed: [] });
  }
  const text = b.text?.trim() || `请尽快完成任务，期限 ${new Date(r.due_at).toISOString()}`;
  const sent = await deliver(ctx, actor, {
    targetKind: 'person',
    targetId: r.person_id,
    targetName: r.person_name,
    areaIds: r.area_ids,
    people: [r.person_id],
    text: `【催办】${r.t_name}：${text}`,
    priority: 'urgent',
    dueAt: null,
    link: { type: 'task', id: Number(r.id) },
  });
  await audit(ctx.db, actor, 'task.urge', 'task_instance', id, { instructionId: sent.id });
  return { instructionId: sent.id, recipients: sent.recipients };
}

// ---------------------------------------------------------------- the ladder (run by the job)

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
  const ahead = ((await maxDueSoonMinutes(ctx.db)) ?? DEFAULT_ESCALATION_POLICY.dueSoonMinutes ?? 0) * 60_000;
  let fired = 0;
  let afterId = '0';
  for (;;) {
    const batch = await ladderBatch(ctx.db, new Date(now + ahead).toISOString(), afterId, 500);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    for (const r of batch) {
      const policy = policyOf(r.category);
      const state = await loadState(ctx.db, r);
      const { state: next, fired: steps } = applyEscalations(state, policy, now);
      if (steps.length === 0) continue;
      const card = supervisionLevel(next);
      const level = LEVEL_OF[card] >= LEVEL_OF[r.supervision as keyof typeof LEVEL_OF] ? card : r.supervision;
      const written = await ctx.db.transaction().execute(async (tx) => {
        const ins = await recordSteps(tx, r.id, steps.map((s) => s.step), new Date(now).toISOString(), new Date(next.dueAt).toISOString());
        await setLadderState(tx, r.id, next.status, level, OPEN_TASK_STATUSES);
        return ins as EscalationStep[];
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
    if (batch.length < 500) break;
  }
  return fired;
}
