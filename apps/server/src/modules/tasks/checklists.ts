// Reading tasks: one task with its evidence, fired steps and extensions; the checklist of a day (the caller's, or a
// person's for their leaders); what is overdue; the supervision list (督办) of a leader's scope.
import { localDate, localMidnight, type EscalationStep } from '@jingwang/core';
import type { MyTasks, Supervision, TaskDetail, TaskInstance } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso, json } from '../../lib/format';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { personOf, personScopes } from './common';
import { loadInstance, presentExt, presentInstance, readable } from './instance';
import { checklistRows, evidenceOf, extensionsOf, firedSteps, overdueRows, supervisionCounts, supervisionRows, type ExtRow } from './repo/instances';

const DAY = 86_400_000;

/** One task in full; a task the caller may not read is not found (404 TASK_NOT_FOUND), never 403. */
export async function getTask(ctx: Ctx, actor: Actor, id: number): Promise<TaskDetail> {
  authorize(actor, 'tasks.read');
  const r = await loadInstance(ctx, id);
  await readable(ctx, actor, r);
  const [ev, esc, ext] = await Promise.all([evidenceOf(ctx.db, id), firedSteps(ctx.db, id), extensionsOf(ctx.db, id)]);
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
      proof: e.proof === 'verified' || e.proof === 'unverified' ? e.proof : null,
      proofReason: e.proof_reason,
      galleryPhotoIds: e.gallery_photo_ids,
      lateSynced: e.late_synced,
      receivedAt: e.received_at === null ? null : iso(e.received_at),
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
  const rows = await checklistRows(ctx.db, person, new Date(from).toISOString(), new Date(to).toISOString(), scope);
  const items = rows.map((r) => presentInstance(ctx, r));
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
  return (await overdueRows(ctx.db, person)).map((r) => presentInstance(ctx, r));
}

export async function supervision(ctx: Ctx, actor: Actor, q: { filter?: 'overdue' | 'yellow' | 'red' | 'extensions'; areaId?: number; personId?: number; limit?: number }): Promise<Supervision> {
  authorize(actor, 'tasks.supervise');
  const tree = ctx.areas.tree();
  if (q.areaId && !inScope(actor, tree, [q.areaId])) throw new AppError('OUT_OF_SCOPE', undefined, { field: '/areaId' });
  const where = { scope: scopeIds(actor, tree), ...(q.areaId ? { areaId: q.areaId } : {}), ...(q.personId ? { personId: q.personId } : {}) };
  const [counts, rows] = await Promise.all([supervisionCounts(ctx.db, where), supervisionRows(ctx.db, where, q.filter ?? 'overdue', q.limit ?? 200)]);
  return { counts, items: rows.map((r) => presentInstance(ctx, r)) };
}
