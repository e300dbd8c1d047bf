// The dispute workflow's actions (disputeMachine in core): mediation sessions, referral to people's / administrative /
// judicial mediation and its feedback, resolving (only after a session: 409 DISPUTE_SESSION_REQUIRED), escalation by
// hand, by a grade that rose and by time (the minute job), follow-up visits after resolution, 民转刑 and the ticket
// link. Every change carries the version read (409 STALE_VERSION) and appends to the timeline.
import {
  disputeMachine,
  escalation,
  followupAction,
  followupSchedule,
  gradeAbove,
  gradeDispute,
  levelAbove,
  levelDueAt,
  maxGrade,
  type DisputeAction,
  type DisputeGrade,
  type DisputeLevel,
  type DisputeStatus,
  type GradeReason,
} from '@jingwang/core';
import type { Dispute, DisputeCaseBody, DisputeEscalateBody, DisputeFeedbackBody, DisputeFollowupBody, DisputeReferBody, DisputeRegradeBody, DisputeResolveBody, DisputeSessionBody } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso, json, ms } from '../../lib/format';
import { decodePhoto } from '../../lib/photo';
import { transition } from '../../lib/transition';
import { audit } from '../audit/service';
import { authorize, SYSTEM_ACTOR, type Actor } from '../auth/policy';
import * as repo from './repo';
import { levelArea, loadFor, presentById, referralOnly } from './reach';

type Row = repo.DisputeRow;

/** The columns of a move to another level: its area, a fresh deadline, one more escalation. */
function levelMove(r: Row, to: DisputeLevel, now: number) {
  return { level: to, level_area_id: levelArea(to, r), level_since: new Date(now).toISOString(), level_due_at: new Date(levelDueAt(to, now)).toISOString(), escalations: r.escalations + 1 };
}

export async function addSession(ctx: Ctx, actor: Actor, id: number, b: DisputeSessionBody): Promise<Dispute> {
  authorize(actor, 'dispute.mediate');
  const r = await loadFor(ctx, actor, id);
  const from = r.status as DisputeStatus;
  const to = transition(disputeMachine, from, 'mediate', `A ${from} dispute takes no mediation session`);
  const photo = b.agreementPhoto ? decodePhoto(b.agreementPhoto, '/agreementPhoto') : null;
  const now = ctx.clock.now();
  const heldAt = b.heldAt ?? now.toISOString();
  if (Date.parse(heldAt) > now.getTime() + 5 * 60_000) throw validationError([{ field: '/heldAt', message: 'is in the future' }]);
  if (Date.parse(heldAt) < ms(r.reported_at) - 366 * 86400_000) throw validationError([{ field: '/heldAt', message: 'is more than a year before the dispute was registered' }]);
  if (!b.participants.some((p) => p.trim())) throw validationError([{ field: '/participants', message: 'must name someone' }]);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateDispute(tx, id, { status: to }, { version: b.version, from });
    const sid = await repo.insertSession(tx, {
      dispute_id: id,
      held_at: heldAt,
      level: r.level,
      mediator_user: actor.userId,
      mediator_name: actor.displayName,
      participants: b.participants.map((p) => p.trim()),
      outcome: b.outcome,
      note: b.note?.trim() || null,
      agreement_text: b.agreementText?.trim() || null,
      photo_mime: photo?.mime ?? null,
      photo: photo?.bytes ?? null,
    });
    await repo.addEvent(tx, { dispute_id: id, at: now.toISOString(), kind: 'session', by_name: actor.displayName, data: { sessionId: sid, outcome: b.outcome } });
  });
  return presentById(ctx, id);
}

export async function refer(ctx: Ctx, actor: Actor, id: number, b: DisputeReferBody): Promise<Dispute> {
  authorize(actor, 'dispute.manage');
  const r = await loadFor(ctx, actor, id);
  const from = r.status as DisputeStatus;
  const to = transition(disputeMachine, from, 'refer');
  if (b.toUserId !== undefined && !(await repo.userExists(ctx.db, b.toUserId))) throw validationError([{ field: '/toUserId', message: 'no such user' }]);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateDispute(tx, id, { status: to }, { version: b.version, from });
    const rid = await repo.insertReferral(tx, { dispute_id: id, kind: b.kind, org_name: b.orgName.trim(), to_user_id: b.toUserId ?? null, referred_at: at, referred_by_name: actor.displayName });
    await repo.addEvent(tx, { dispute_id: id, at, kind: 'referred', by_name: actor.displayName, data: { referralId: rid, kind: b.kind, orgName: b.orgName.trim() } });
  });
  return presentById(ctx, id);
}

/** The referred mediation's feedback: recorded as a session of that mediation (its outcome counts), back to the police. */
export async function referralFeedback(ctx: Ctx, actor: Actor, id: number, b: DisputeFeedbackBody): Promise<Dispute> {
  authorize(actor, 'dispute.mediate');
  const r = await loadFor(ctx, actor, id);
  const ref = await repo.getReferral(ctx.db, id, b.referralId);
  // a referral-only reader answers only their own referral
  if (!ref || (referralOnly(actor) && ref.to_user_id !== actor.userId)) throw new AppError('DISPUTE_REFERRAL_NOT_FOUND');
  const from = r.status as DisputeStatus;
  if (ref.feedback_at !== null) throw new AppError('INVALID_TRANSITION', 'This referral has its feedback already', { from, action: 'feedback', allowed: disputeMachine.allowed(from) });
  const to = transition(disputeMachine, from, 'feedback');
  const at = ctx.clock.now().toISOString();
  const refs = await repo.referralsOf(ctx.db, id);
  const orgName = refs.find((x) => x.id === b.referralId)?.org_name ?? '';
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateDispute(tx, id, { status: to }, { version: b.version, from });
    await repo.setReferralFeedback(tx, b.referralId, { feedback: b.feedback.trim(), outcome: b.outcome, at, byName: actor.displayName });
    await repo.insertSession(tx, {
      dispute_id: id,
      held_at: at,
      level: r.level,
      mediator_user: actor.userId,
      mediator_name: `${orgName}（${actor.displayName}）`,
      participants: [actor.displayName],
      outcome: b.outcome,
      note: b.feedback.trim(),
      agreement_text: null,
      photo_mime: null,
      photo: null,
    });
    await repo.addEvent(tx, { dispute_id: id, at, kind: 'feedback', by_name: actor.displayName, data: { referralId: b.referralId, outcome: b.outcome } });
  });
  return presentById(ctx, id);
}

export async function resolve(ctx: Ctx, actor: Actor, id: number, b: DisputeResolveBody): Promise<Dispute> {
  authorize(actor, 'dispute.manage');
  const r = await loadFor(ctx, actor, id);
  const from = r.status as DisputeStatus;
  const to = transition(disputeMachine, from, 'resolve');
  if ((await repo.sessionCount(ctx.db, id)) === 0) throw new AppError('DISPUTE_SESSION_REQUIRED', undefined, { missing: ['session'] });
  const now = ctx.clock.now().getTime();
  const at = new Date(now).toISOString();
  const onTime = now <= ms(r.level_due_at);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateDispute(tx, id, { status: to, resolved_at: at, resolved_on_time: onTime }, { version: b.version, from });
    const visits = followupSchedule(r.grade as DisputeGrade, now).map((t) => new Date(t).toISOString());
    await repo.insertFollowups(tx, id, visits);
    await repo.addEvent(tx, { dispute_id: id, at, kind: 'resolved', by_name: actor.displayName, data: { onTime, note: b.note?.trim() || null, followups: visits } });
  });
  return presentById(ctx, id);
}

/** Escalation by hand: one level up, with the reason. */
export async function escalate(ctx: Ctx, actor: Actor, id: number, b: DisputeEscalateBody): Promise<Dispute> {
  authorize(actor, 'dispute.manage');
  const r = await loadFor(ctx, actor, id);
  const from = r.status as DisputeStatus;
  const to = transition(disputeMachine, from, 'escalate');
  const up = levelAbove(r.level as DisputeLevel);
  if (!up) throw new AppError('INVALID_TRANSITION', 'The county is the highest level', { from, action: 'escalate', allowed: disputeMachine.allowed(from).filter((a) => a !== 'escalate') });
  const now = ctx.clock.now().getTime();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateDispute(tx, id, { status: to, ...levelMove(r, up, now) }, { version: b.version, from });
    await repo.addEvent(tx, { dispute_id: id, at: new Date(now).toISOString(), kind: 'escalated', by_name: actor.displayName, data: { from: r.level, to: up, reason: 'hand', note: b.reason.trim() } });
  });
  return presentById(ctx, id);
}

/** New facts: the grade is computed again and never goes down; a higher grade moves the dispute to its start level. */
export async function regrade(ctx: Ctx, actor: Actor, id: number, b: DisputeRegradeBody): Promise<Dispute> {
  authorize(actor, 'dispute.manage');
  const r = await loadFor(ctx, actor, id);
  const from = r.status as DisputeStatus;
  transition(disputeMachine, from, 'escalate', `A ${from} dispute is not graded again`);
  const violence = b.violenceThreatened ?? r.violence_threatened;
  const vulnerable = b.vulnerable ?? r.vulnerable;
  const groupSize = b.groupSize ?? r.group_size;
  const g = gradeDispute({ violenceThreatened: violence, priorCalls: r.prior_calls, partyCount: Math.max(r.party_count, groupSize), vulnerable });
  const old = r.grade as DisputeGrade;
  const grade = maxGrade(old, g.grade);
  const reasons: GradeReason[] = gradeAbove(g.grade, old) || g.reasons.length >= json<GradeReason[]>(r.grade_reasons).length ? g.reasons : json<GradeReason[]>(r.grade_reasons);
  const now = ctx.clock.now().getTime();
  const esc = escalation({ status: from, level: r.level as DisputeLevel, dueAt: ms(r.level_due_at), grade }, now);
  const byGrade = esc?.reason === 'grade' ? esc.to : null;
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateDispute(
      tx,
      id,
      { grade, grade_reasons: reasons, violence_threatened: violence, vulnerable, group_size: groupSize, ...(byGrade ? levelMove(r, byGrade, now) : {}) },
      { version: b.version, from },
    );
    const at = new Date(now).toISOString();
    await repo.addEvent(tx, { dispute_id: id, at, kind: 'regraded', by_name: actor.displayName, data: { from: old, to: grade, reasons: reasons.map((x) => x.code) } });
    if (byGrade) await repo.addEvent(tx, { dispute_id: id, at, kind: 'escalated', by_name: actor.displayName, data: { from: r.level, to: byGrade, reason: 'grade' } });
  });
  return presentById(ctx, id);
}

/** A follow-up visit (回访): the earliest pending one, when due; the last one closes, a flare-up reopens. */
export async function followup(ctx: Ctx, actor: Actor, id: number, b: DisputeFollowupBody): Promise<Dispute> {
  authorize(actor, 'dispute.mediate');
  const r = await loadFor(ctx, actor, id);
  const from = r.status as DisputeStatus;
  transition(disputeMachine, from, 'followup', 'Follow-up visits are made after resolution');
  const pending = await repo.pendingFollowups(ctx.db, id);
  const next = pending[0];
  if (!next) throw new AppError('INVALID_TRANSITION', 'No follow-up visit is pending', { from, action: 'followup', allowed: [] });
  const now = ctx.clock.now().getTime();
  const dueAt = iso(next.due_at);
  if (now < Date.parse(dueAt)) throw new AppError('FOLLOWUP_NOT_DUE', `The follow-up visit is due at ${dueAt}`, { dueAt });
  const action: DisputeAction = followupAction(b.recurred, pending.length - 1);
  const to = transition(disputeMachine, from, action);
  const at = new Date(now).toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const reopen = action === 'reopen';
    await repo.updateDispute(
      tx,
      id,
      reopen ? { status: to, resolved_at: null, resolved_on_time: null, level_since: at, level_due_at: new Date(levelDueAt(r.level as DisputeLevel, now)).toISOString() } : { status: to },
      { version: b.version, from },
    );
    await repo.markFollowup(tx, next.id, { at, note: b.note.trim(), byName: actor.displayName, recurred: b.recurred });
    if (reopen) await repo.dropPendingFollowups(tx, id);
    await repo.addEvent(tx, { dispute_id: id, at, kind: reopen ? 'reopened' : action === 'close' ? 'closed' : 'followup', by_name: actor.displayName, data: { followupId: next.id, recurred: b.recurred } });
  });
  return presentById(ctx, id);
}

/** 民转刑: the dispute became a criminal case (a plain case id: the cases module is another's). */
export async function linkCase(ctx: Ctx, actor: Actor, id: number, b: DisputeCaseBody): Promise<Dispute> {
  authorize(actor, 'dispute.manage');
  const r = await loadFor(ctx, actor, id);
  const from = r.status as DisputeStatus;
  const to = transition(disputeMachine, from, 'convert');
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateDispute(tx, id, { status: to, case_id: b.caseId }, { version: b.version, from });
    await repo.dropPendingFollowups(tx, id);
    await repo.addEvent(tx, { dispute_id: id, at, kind: 'converted', by_name: actor.displayName, data: { caseId: b.caseId } });
    await audit(tx, actor, 'dispute.case', 'dispute', id, { caseId: b.caseId });
  });
  return presentById(ctx, id);
}

/**
 * For the handover tickets module: a ticket made from this dispute (its id stored on the dispute, no foreign key).
 * The caller checked the dispute with `disputeForTicket` first; the link is not a state change (no version).
 */
export async function linkTicket(ctx: Ctx, actor: Actor, id: number, ticketId: number): Promise<void> {
  const r = await loadFor(ctx, actor, id);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateDispute(tx, id, { ticket_id: ticketId }, { version: r.version });
    await repo.addEvent(tx, { dispute_id: id, at, kind: 'ticket', by_name: actor.displayName, data: { ticketId } });
  });
}

/** The agreement photo of a session, for whoever reaches the dispute. */
export async function sessionPhoto(ctx: Ctx, actor: Actor, id: number, sessionId: number): Promise<{ mime: string; bytes: Buffer }> {
  authorize(actor, 'dispute.read');
  await loadFor(ctx, actor, id);
  const p = await repo.sessionPhoto(ctx.db, id, sessionId);
  if (!p || !p.photo || !p.photo_mime) throw new AppError('NOT_FOUND');
  return { mime: p.photo_mime, bytes: Buffer.from(p.photo) };
}

// ---------------------------------------------------------------- the minute job

/**
 * Open disputes past their level's due time climb one level (the county is the top). Each is changed under its
 * version: a person changing it at the same moment wins and the job takes it at its next run. Returns how many climbed.
 */
export async function escalateDue(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().getTime();
  let n = 0;
  for (const { id } of await repo.overdueOpen(ctx.db, new Date(now).toISOString(), 200)) {
    const r = await repo.getDisputeRow(ctx.db, id);
    if (!r) continue;
    const esc = escalation({ status: r.status as DisputeStatus, level: r.level as DisputeLevel, dueAt: ms(r.level_due_at), grade: r.grade as DisputeGrade }, now);
    if (!esc) continue;
    try {
      await ctx.db.transaction().execute(async (tx) => {
        await repo.updateDispute(tx, id, levelMove(r, esc.to, now), { version: r.version, from: r.status });
        await repo.addEvent(tx, { dispute_id: id, at: new Date(now).toISOString(), kind: 'escalated', by_name: SYSTEM_ACTOR.displayName, data: { from: r.level, to: esc.to, reason: esc.reason } });
      });
      n++;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'STALE_VERSION')) throw e;
    }
  }
  return n;
}
