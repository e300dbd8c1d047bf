// Completion with evidence (progress, photos, a form, a position) and the evidence photos, each view audited.
import { taskStatusesAllowing, taskTransition, type EvidenceRequirement } from '@jingwang/core';
import type { CompleteTaskBody, TaskDetail } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { json, ms } from '../../lib/format';
import { decodePhoto } from '../../lib/photo';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { getTask } from './checklists';
import { computeIndicators, periodOf } from './indicators';
import { failOf, loadInstance, loadState, ownTask, readable } from './instance';
import { insertEvidence, insertPhoto, instanceOfPhoto, photoBytes, updateInstance } from './repo/instances';
import { areasCoveringPoint } from './repo/people';
import { assertVersion } from '../../db/versioned';

export async function completeTask(ctx: Ctx, actor: Actor, id: number, b: CompleteTaskBody): Promise<TaskDetail> {
  const r = await ownTask(ctx, actor, id);
  assertVersion(r.version, b.version);
  // photos are decoded and checked before anything is written
  const photos = (b.photos ?? []).map((p, i) => ({ ...decodePhoto(p.dataUrl, `/photos/${i}/dataUrl`), takenAt: p.takenAt ? Date.parse(p.takenAt) : null }));
  const now = ctx.clock.now().getTime();
  const state = await loadState(ctx.db, r);
  const requirement = json<EvidenceRequirement>(r.t_evidence);
  let place = r.place_lon !== null && r.place_lat !== null ? { lon: r.place_lon, lat: r.place_lat } : null;
  // a location check with no place of its own (驻区打卡: "be in your zone") means inside the officer's areas of
  // responsibility now: a position inside them stands as its own place, one outside them is refused
  if (requirement.location && !requirement.location.place && !place && b.location && r.person_id !== null) {
    const x = await areasCoveringPoint(ctx.db, r.person_id, b.location.lon, b.location.lat, new Date(now).toISOString());
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
    await updateInstance(
      tx,
      id,
      { progress: next.progress, status: next.status, done_at: next.doneAt === null ? null : new Date(next.doneAt).toISOString(), late: next.late },
      { version: b.version, from: taskStatusesAllowing('complete') },
    );
    const photoIds: number[] = [];
    for (const p of photos) photoIds.push(await insertPhoto(tx, { mime: p.mime, bytes: p.bytes, taken_at: p.takenAt === null ? null : new Date(p.takenAt).toISOString() }));
    await insertEvidence(tx, {
      instance_id: id,
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
    });
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

/** An evidence photo; one of a task the caller may not read is not found (404 PHOTO_NOT_FOUND), never 403. */
export async function readPhoto(ctx: Ctx, actor: Actor, photoId: number, ip: string | null): Promise<{ mime: string; bytes: Buffer }> {
  authorize(actor, 'tasks.read');
  const instanceId = await instanceOfPhoto(ctx.db, photoId);
  if (instanceId === null) throw new AppError('PHOTO_NOT_FOUND');
  const r = await loadInstance(ctx, instanceId);
  try {
    await readable(ctx, actor, r);
  } catch (e) {
    if (e instanceof AppError && e.code === 'TASK_NOT_FOUND') throw new AppError('PHOTO_NOT_FOUND');
    throw e;
  }
  const ph = await photoBytes(ctx.db, photoId);
  if (!ph) throw new AppError('PHOTO_NOT_FOUND');
  // a photo may show people: every view is audited
  await audit(ctx.db, actor, 'task_photo.read', 'task_photo', photoId, {}, ip);
  return { mime: ph.mime, bytes: Buffer.from(ph.bytes) };
}
