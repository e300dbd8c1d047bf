// Instructions (指令一键直达, issue 13 part 3). A command-room, district or station lead writes an instruction (text,
// up to 3 photos, normal or urgent, an optional due time and link to an incident or a task) to a person, a team, a
// unit (its members) or an area (the police responsible there). Each recipient user gets a receipt: delivered at
// once over the WebSocket (topic mdt, the recipient's own view) and the in-app bell (no webhook), then read,
// feedback (text + photos, any number of times), done (`receiptMachine` in core). A receipt still unread
// INSTRUCTION_READ_SECONDS after delivery goes out once through the notification webhook (SMS fallback, the job).
// The instruction closes by itself when every receipt is done, or by hand (`instructionMachine`).
//
// Scope: a sender reaches only targets inside their area; a target, link or instruction outside it is not found
// (404), never 403. A recipient sees only their own receipts; another's is not found.
import { allDone, instructionMachine, receiptMachine, type ReceiptAction, type ReceiptStatus } from '@jingwang/core';
import type { FeedbackBody, Instruction, InstructionBody, InstructionListQuery, MyInstruction, Receipt } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso, isoN } from '../../lib/format';
import { decodePhoto } from '../../lib/photo';
import { transition } from '../../lib/transition';
import { publishInstructions } from '../../realtime/publish';
import { audit } from '../audit/service';
import { authorize, can, inScope, scopeIds, type Actor } from '../auth/policy';
import { getIncident } from '../incidents/service';
import { notify } from '../notifications/service';
import * as repo from './repo';

type TargetKind = InstructionBody['targetKind'];
type LinkType = 'incident' | 'task' | 'task_assignment';

function userOf(actor: Actor): number {
  if (actor.kind !== 'user' || actor.userId === null) throw new AppError('FORBIDDEN', 'Instructions are for logged-in users');
  return actor.userId;
}

// ---------------------------------------------------------------- presentation

function presentReceipt(r: repo.ReceiptRow, feedback: repo.FeedbackRow[]): Receipt {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    status: r.status as ReceiptStatus,
    version: r.version,
    deliveredAt: iso(r.delivered_at),
    readAt: isoN(r.read_at),
    feedbackAt: isoN(r.feedback_at),
    doneAt: isoN(r.done_at),
    fallbackAt: isoN(r.fallback_at),
    feedback: feedback.filter((f) => f.receipt_id === r.id).map((f) => ({ at: iso(f.at), text: f.text, photoIds: f.photo_ids })),
  };
}

function fields(i: repo.InstructionRow) {
  return {
    id: i.id,
    sender: { userId: i.sender_user_id, name: i.sender_name },
    target: { kind: i.target_kind as TargetKind, id: i.target_id, name: i.target_name },
    text: i.body,
    priority: i.priority as 'normal' | 'urgent',
    dueAt: isoN(i.due_at),
    link: i.link_type !== null && i.link_id !== null ? { type: i.link_type as LinkType, id: i.link_id } : null,
    photoIds: i.photo_ids,
    status: i.status as 'open' | 'closed',
    closedAt: isoN(i.closed_at),
    closedByName: i.closed_by_name,
    createdAt: iso(i.created_at),
    version: i.version,
  };
}

async function presentMany(ctx: Ctx, rows: repo.InstructionRow[]): Promise<Instruction[]> {
  const receipts = await repo.receiptsOf(ctx.db, rows.map((r) => r.id));
  const feedback = await repo.feedbackOf(ctx.db, receipts.map((r) => r.id));
  return rows.map((i) => {
    const mine = receipts.filter((r) => r.instruction_id === i.id).map((r) => presentReceipt(r, feedback));
    const count = (s: ReceiptStatus) => mine.filter((r) => r.status === s).length;
    return {
      ...fields(i),
      counts: { total: mine.length, delivered: count('delivered'), read: count('read'), feedback: count('feedback'), done: count('done') },
      receipts: mine,
    };
  });
}

async function presentMine(ctx: Ctx, receipts: repo.ReceiptRow[]): Promise<MyInstruction[]> {
  const feedback = await repo.feedbackOf(ctx.db, receipts.map((r) => r.id));
  const out: MyInstruction[] = [];
  for (const r of receipts) {
    const i = await repo.instructionById(ctx.db, r.instruction_id);
    if (i) out.push({ ...fields(i), receipt: presentReceipt(r, feedback) });
  }
  return out;
}

// ---------------------------------------------------------------- sending

/** Who a target reaches (people ids), its name and areas; null when there is no such target. */
async function resolveTarget(ctx: Ctx, kind: TargetKind, id: number): Promise<{ name: string; areaIds: number[]; people: number[] } | null> {
  if (kind === 'person') {
    const p = await repo.personTarget(ctx.db, id);
    return p && { ...p, people: [id] };
  }
  if (kind === 'team') {
    const t = await repo.teamTarget(ctx.db, id);
    return t && { ...t, people: await repo.teamMembers(ctx.db, id) };
  }
  if (kind === 'unit') {
    const u = await repo.unitTarget(ctx.db, id);
    return u && { ...u, people: await repo.unitMembers(ctx.db, id) };
  }
  const area = ctx.areas.tree().get(id);
  if (!area) return null;
  return { name: area.name, areaIds: [id], people: await repo.responsibleFor(ctx.db, ctx.areas.tree().descendantsAndSelf(id)) };
}

/** The target must lie inside the sender's scope (an area target: the area itself); otherwise it is not found. */
function targetInScope(ctx: Ctx, actor: Actor, kind: TargetKind, id: number, areaIds: number[]): boolean {
  const tree = ctx.areas.tree();
  if (actor.scopeAreaId === null) return true;
  if (kind === 'area') return tree.within(id, actor.scopeAreaId);
  return inScope(actor, tree, areaIds);
}

const NOT_FOUND_OF: Record<TargetKind, 'NOT_FOUND' | 'UNIT_NOT_FOUND' | 'AREA_NOT_FOUND'> = { person: 'NOT_FOUND', team: 'NOT_FOUND', unit: 'UNIT_NOT_FOUND', area: 'AREA_NOT_FOUND' };

export interface Delivery {
  targetKind: TargetKind;
  targetId: number;
  targetName: string;
  areaIds: number[];
  people: number[];
  text: string;
  priority: 'normal' | 'urgent';
  dueAt: string | null;
  link: { type: LinkType; id: number } | null;
  photoIds?: number[];
}

/**
 * Writes an instruction with one receipt per active user the people are, and delivers it (socket, bell). The
 * caller has checked the sender's right and scope. Returns the instruction's id and the number of recipients.
 */
export async function deliver(ctx: Ctx, actor: Actor, d: Delivery, photos: { mime: string; bytes: Buffer }[] = []): Promise<{ id: number; recipients: number }> {
  const sender = userOf(actor);
  const users = await repo.usersOfPeople(ctx.db, d.people);
  if (users.length === 0) throw new AppError('NO_RECIPIENTS', undefined, { field: '/targetId' });
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const photoIds = [...(d.photoIds ?? []), ...(await repo.insertPhotos(tx, photos, now))];
    return repo.insertInstruction(
      tx,
      {
        sender_user_id: sender,
        sender_name: actor.displayName,
        target_kind: d.targetKind,
        target_id: d.targetId,
        target_name: d.targetName,
        area_ids: [...new Set(d.areaIds)],
        body: d.text,
        priority: d.priority,
        due_at: d.dueAt,
        link_type: d.link?.type ?? null,
        link_id: d.link?.id ?? null,
        photo_ids: photoIds,
        created_at: now,
      },
      users,
    );
  });
  await audit(ctx.db, actor, 'instruction.send', 'instruction', id, { target: d.targetKind, targetId: d.targetId, recipients: users.length, priority: d.priority });
  await publishInstructions(ctx, [id]);
  // the bell (in-app only: the webhook is the fallback for an instruction left unread)
  await notify(
    ctx,
    users.map((u) => u.id),
    { kind: 'instruction', title: `${d.priority === 'urgent' ? '紧急指令' : '指令'}：${d.text.slice(0, 40)}`, body: `${actor.displayName}：${d.text}`, link: '/', refType: 'instruction', refId: String(id), webhook: false },
  );
  return { id, recipients: users.length };
}

export async function send(ctx: Ctx, actor: Actor, b: InstructionBody): Promise<Instruction> {
  authorize(actor, 'instructions.send');
  userOf(actor);
  const text = b.text.trim();
  if (!text) throw validationError([{ field: '/text', message: 'must not be blank' }]);
  const target = await resolveTarget(ctx, b.targetKind, b.targetId);
  if (!target || !targetInScope(ctx, actor, b.targetKind, b.targetId, target.areaIds)) {
    throw new AppError(NOT_FOUND_OF[b.targetKind], `${b.targetKind} ${b.targetId} not found`, { field: '/targetId' });
  }
  if (b.link?.type === 'incident') {
    await getIncident(ctx, actor, b.link.id).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'INCIDENT_NOT_FOUND' ? new AppError('INCIDENT_NOT_FOUND', undefined, { field: '/link/id' }) : e;
    });
  } else if (b.link?.type === 'task') {
    const areas = await repo.taskAreas(ctx.db, b.link.id);
    if (!areas || !inScope(actor, ctx.areas.tree(), areas)) throw new AppError('TASK_NOT_FOUND', undefined, { field: '/link/id' });
  }
  if (b.dueAt !== undefined && Date.parse(b.dueAt) <= ctx.clock.now().getTime()) throw validationError([{ field: '/dueAt', message: 'must be in the future' }]);
  const photos = (b.photos ?? []).map((p, i) => decodePhoto(p, `/photos/${i}`));
  const { id } = await deliver(
    ctx,
    actor,
    {
      targetKind: b.targetKind,
      targetId: b.targetId,
      targetName: target.name,
      areaIds: target.areaIds,
      people: target.people,
      text,
      priority: b.priority ?? 'normal',
      dueAt: b.dueAt ? new Date(b.dueAt).toISOString() : null,
      link: b.link ?? null,
    },
    photos,
  );
  return get(ctx, actor, id);
}

// ---------------------------------------------------------------- the sender's side

/** An instruction the caller sent or whose target lies in the caller's scope; any other is not found. */
async function visible(ctx: Ctx, actor: Actor, id: number): Promise<repo.InstructionRow> {
  authorize(actor, 'instructions.send');
  const row = await repo.instructionById(ctx.db, id);
  if (!row || !(row.sender_user_id === actor.userId || inScope(actor, ctx.areas.tree(), row.area_ids))) {
    throw new AppError('INSTRUCTION_NOT_FOUND', `Instruction ${id} not found`, { field: '/id' });
  }
  return row;
}

export async function list(ctx: Ctx, actor: Actor, q: InstructionListQuery): Promise<Instruction[]> {
  authorize(actor, 'instructions.send');
  const rows = await repo.listInstructions(ctx.db, { senderUserId: userOf(actor), scope: scopeIds(actor, ctx.areas.tree()), status: q.status, limit: q.limit ?? 50 });
  return presentMany(ctx, rows);
}

export async function get(ctx: Ctx, actor: Actor, id: number): Promise<Instruction> {
  return (await presentMany(ctx, [await visible(ctx, actor, id)]))[0]!;
}

/** Closing by hand (the sender or a lead in scope), with the version read. */
export async function close(ctx: Ctx, actor: Actor, id: number, version: number): Promise<Instruction> {
  const row = await visible(ctx, actor, id);
  transition(instructionMachine, row.status as 'open' | 'closed', 'close');
  await repo.closeInstruction(ctx.db, id, ctx.clock.now().toISOString(), actor.displayName, version);
  await audit(ctx.db, actor, 'instruction.close', 'instruction', id, {});
  await publishInstructions(ctx, [id]);
  return get(ctx, actor, id);
}

// ---------------------------------------------------------------- the recipient's side

/** The caller's instructions: open ones, and those closed in the last 24 hours. */
export async function mine(ctx: Ctx, actor: Actor): Promise<MyInstruction[]> {
  authorize(actor, 'instructions.receive');
  const since = new Date(ctx.clock.now().getTime() - 86_400_000).toISOString();
  return presentMine(ctx, await repo.receiptsOfUser(ctx.db, userOf(actor), since, 100));
}

async function ownReceipt(ctx: Ctx, actor: Actor, id: number): Promise<repo.ReceiptRow> {
  authorize(actor, 'instructions.receive');
  const r = await repo.receiptById(ctx.db, id);
  if (!r || r.user_id !== userOf(actor)) throw new AppError('INSTRUCTION_RECEIPT_NOT_FOUND', `Receipt ${id} not found`, { field: '/id' });
  return r;
}

async function act(ctx: Ctx, actor: Actor, id: number, action: ReceiptAction, version: number, feedback?: FeedbackBody): Promise<MyInstruction> {
  const r = await ownReceipt(ctx, actor, id);
  const instruction = (await repo.instructionById(ctx.db, r.instruction_id))!;
  if (instruction.status === 'closed') throw new AppError('INVALID_TRANSITION', 'The instruction is closed', { from: r.status, action, allowed: [] });
  const to = transition(receiptMachine, r.status as ReceiptStatus, action);
  const photos = (feedback?.photos ?? []).map((p, i) => decodePhoto(p, `/photos/${i}`));
  const text = feedback?.text.trim();
  if (feedback && !text) throw validationError([{ field: '/text', message: 'must not be blank' }]);
  const now = ctx.clock.now().toISOString();
  let newVersion = version;
  const closed = await ctx.db.transaction().execute(async (tx) => {
    const locked = await repo.lockInstruction(tx, r.instruction_id);
    if (locked?.status !== 'open') throw new AppError('INVALID_TRANSITION', 'The instruction is closed', { from: r.status, action, allowed: [] });
    const set: { status: string; read_at?: string; feedback_at?: string; done_at?: string } = { status: to };
    if (r.read_at === null) set.read_at = now;
    if (action === 'feedback') set.feedback_at = now;
    if (action === 'done') set.done_at = now;
    newVersion = await repo.updateReceipt(tx, id, set, version, r.status);
    if (feedback) await repo.insertFeedback(tx, id, now, text!, await repo.insertPhotos(tx, photos, now));
    if (action !== 'done' || !allDone((await repo.receiptsOf(tx, [r.instruction_id])).map((x) => x.status as ReceiptStatus))) return false;
    // the last recipient done closes the instruction
    await repo.closeInstruction(tx, r.instruction_id, now, '全部完成', locked.version);
    return true;
  });
  await audit(ctx.db, actor, `instruction.${action}`, 'instruction', r.instruction_id, { receiptId: id, closed });
  await publishInstructions(ctx, [r.instruction_id]);
  if (action !== 'read') {
    await notify(ctx, [instruction.sender_user_id], {
      kind: `instruction_${action}`,
      title: `${action === 'done' ? '指令已完成' : '指令反馈'}：${r.name}`,
      body: text ?? instruction.body.slice(0, 80),
      link: `/instructions?id=${instruction.id}`,
      refType: 'instruction_receipt',
      refId: `${id}@${newVersion}`,
      webhook: false,
    });
  }
  return (await presentMine(ctx, [(await repo.receiptById(ctx.db, id))!]))[0]!;
}

export const read = (ctx: Ctx, actor: Actor, id: number, version: number) => act(ctx, actor, id, 'read', version);
export const giveFeedback = (ctx: Ctx, actor: Actor, id: number, b: FeedbackBody) => act(ctx, actor, id, 'feedback', b.version, b);
export const done = (ctx: Ctx, actor: Actor, id: number, version: number) => act(ctx, actor, id, 'done', version);

/** A photo of an instruction or of a feedback on it: for its recipients and for senders who see the instruction. */
export async function photo(ctx: Ctx, actor: Actor, id: number): Promise<{ mime: string; bytes: Buffer }> {
  const userId = userOf(actor);
  const p = await repo.photoById(ctx.db, id);
  const notFound = new AppError('NOT_FOUND', `Photo ${id} not found`, { field: '/id' });
  if (!p) throw notFound;
  const recipient = (await repo.receiptsOf(ctx.db, [p.instruction_id])).some((r) => r.user_id === userId);
  if (!recipient) {
    const row = await repo.instructionById(ctx.db, p.instruction_id);
    const sees = row !== null && (row.sender_user_id === userId || (can(actor, 'instructions.send') && inScope(actor, ctx.areas.tree(), row.area_ids)));
    if (!sees) throw notFound;
  }
  return { mime: p.mime, bytes: Buffer.from(p.bytes) };
}

// ---------------------------------------------------------------- realtime and the fallback

/** Sends each recipient of these instructions its own view (topic mdt). Registered in bootstrap.ts. */
export async function publishInstructionsLocal(ctx: Ctx, ids: number[]): Promise<void> {
  const receipts = await repo.receiptsOf(ctx.db, ids);
  for (const m of await presentMine(ctx, receipts)) ctx.hub.publishToUsers([m.receipt.userId], { type: 'instruction', instruction: m });
}

/**
 * SMS fallback (the job): each receipt of an open instruction still unread INSTRUCTION_READ_SECONDS after delivery is
 * claimed once and notified to its user (in-app and through the webhook). Returns how many.
 */
export async function fallbackDue(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - ctx.config.instructionReadSeconds * 1000).toISOString();
  let fired = 0;
  for (const { id } of await repo.unreadSince(ctx.db, before)) {
    if (!(await repo.claimFallback(ctx.db, id, now.toISOString()))) continue;
    const r = await repo.receiptById(ctx.db, id);
    const i = r && (await repo.instructionById(ctx.db, r.instruction_id));
    if (!r || !i) continue;
    fired++;
    await notify(ctx, [r.user_id], {
      kind: 'instruction_unread',
      title: `${i.priority === 'urgent' ? '紧急指令' : '指令'}未读：${i.sender_name}`,
      body: `${i.body.slice(0, 120)}。请打开警网查看并反馈。`,
      link: '/',
      refType: 'instruction_receipt',
      refId: String(r.id),
    });
  }
  return fired;
}
