// Completion with evidence (progress, photos, a form, a position) and the evidence photos, each view audited.
// Proof (issue 13 part 4): a position is checked against the officer's unit's own recent track (patrol's service:
// far from it = refused, or kept unverified under CHECKIN_FAR_FLAG; no recent track = unverified); photos carry the
// server's receipt time with their EXIF time beside it, a gallery mark, and a watermark on the stored copy.
import { positionProof, supervisionLevel, taskStatusesAllowing, taskTransition, type EvidenceRequirement, type PositionProof, type TaskState } from '@jingwang/core';
import type { CompleteTaskBody, TaskDetail } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { fieldTime } from '../../lib/fieldtime';
import { json, ms } from '../../lib/format';
import { decodePhoto, provePhoto, type ProvenPhoto } from '../../lib/photo';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { proofPolicy, recentTrack, unitOfOfficer } from '../patrol/checkins';
import { getTask } from './checklists';
import { computeIndicators, periodOf } from './indicators';
import { failOf, loadInstance, loadState, ownTask, readable } from './instance';
import { insertEvidence, insertPhoto, instanceOfPhoto, photoBytes, updateInstance } from './repo/instances';
import { areasCoveringPoint } from './repo/people';
import { assertVersion } from '../../db/versioned';

/**
 * Completion (or progress) with evidence. `claimed` (X-Client-Time, the phone's offline queue) is when the officer
 * acted: when plausible (fieldtime's bounds, not before the task's period) everything is judged at that moment - the
 * zone, the unit's track, the photos' age and period, done on time or late, the month of the indicators - so a task
 * done at 23:50 and synced at 00:10 counts for the day it was done; arriving more than a minute later it is marked
 * late-synced (补传) with its receipt time kept, and a supervision card fired after it was done is not carried.
 */
export async function completeTask(ctx: Ctx, actor: Actor, id: number, b: CompleteTaskBody, claimed: number | null = null): Promise<TaskDetail> {
  const r = await ownTask(ctx, actor, id);
  assertVersion(r.version, b.version);
  // photos are decoded and checked before anything is written
  const decoded = (b.photos ?? []).map((p, i) => ({ photo: decodePhoto(p.dataUrl, `/photos/${i}/dataUrl`), clientTakenAt: p.takenAt ? Date.parse(p.takenAt) : null }));
  const t = fieldTime(ctx.clock.now().getTime(), claimed, ms(r.period_start) - PERIOD_SKEW_MS);
  const now = Date.parse(t.at);
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
  // the position against the officer's unit's own track (a position of their device in the last minutes)
  let proof: PositionProof | null = null;
  const target = requirement.location ? (requirement.location.place ?? place) : null;
  if (b.location && target && requirement.location) {
    const unitId = actor.userId === null ? null : await unitOfOfficer(ctx, actor.userId);
    const track = unitId === null ? [] : await recentTrack(ctx, unitId, now);
    proof = positionProof({ ...target, radiusM: requirement.location.radiusMeters }, { lon: b.location.lon, lat: b.location.lat, accuracyM: b.location.accuracyMeters ?? null }, track, now, proofPolicy(ctx));
    // a claim far from the place is core's too_far below; a device elsewhere is refused here (or kept unverified)
    if (proof.reason === 'track_far' && proofPolicy(ctx).far === 'refuse')
      throw new AppError('EVIDENCE_INVALID', 'Your unit\'s recent track is far from the place', [{ field: '/location', code: 'track_far', message: `your unit's recent positions are ${proof.distanceM} m from the place, at most ${proof.allowedM} m` }]);
  }
  // photos: the server's receipt is their time, their EXIF beside it; the watermark is drawn on the stored copy
  const placeText = b.location ? `${b.location.lon.toFixed(5)}, ${b.location.lat.toFixed(5)}` : target ? `${target.lon.toFixed(5)}, ${target.lat.toFixed(5)}` : '';
  const photos: ProvenPhoto[] = [];
  for (const d of decoded)
    photos.push(
      await provePhoto(d.photo, {
        receivedAt: now,
        clientTakenAt: d.clientTakenAt,
        utcOffsetMinutes: ctx.config.utcOffsetMinutes,
        maxAgeMs: ctx.config.photoMaxAgeMinutes * 60_000,
        place: `${r.t_name ?? ''}  ${placeText}`.trim(),
        officer: actor.displayName,
      }),
    );
  const res = taskTransition(state, {
    type: 'complete',
    at: now,
    ...(b.amount !== undefined ? { amount: b.amount } : {}),
    requirement,
    evidence: {
      // the period check reads the EXIF time; a browser's time only ever counts against the photo (a claim of
      // its own that it is old), never for it
      photos: photos.map((p, i) => ({ id: String(i), takenAt: p.proof.exifTakenAt ?? (p.clientTakenAt !== null && !Number.isNaN(p.clientTakenAt) ? p.clientTakenAt : null) })),
      form: b.form ?? {},
      location: b.location ?? null,
      note: b.note ?? null,
    },
    // a photo must be taken during the task's period (a few minutes of clock skew allowed)
    context: { place, window: { from: ms(r.period_start) - PERIOD_SKEW_MS, to: now + PERIOD_SKEW_MS } },
  });
  if (!res.ok) throw failOf(res);
  const next = res.state;
  // sent late and done before the ladder's later steps fired (the server did not know): those cards are not carried
  const carried = t.late && res.completed ? cardAt(next, now, r.supervision) : null;
  await ctx.db.transaction().execute(async (tx) => {
    await updateInstance(
      tx,
      id,
      { progress: next.progress, status: next.status, done_at: next.doneAt === null ? null : new Date(next.doneAt).toISOString(), late: next.late, ...(carried ? { supervision: carried } : {}) },
      { version: b.version, from: taskStatusesAllowing('complete') },
    );
    const photoIds: number[] = [];
    const isoOrNull = (t: number | null) => (t === null || Number.isNaN(t) ? null : new Date(t).toISOString());
    for (const p of photos)
      photoIds.push(
        await insertPhoto(tx, {
          mime: p.photo.mime,
          bytes: p.photo.bytes,
          taken_at: new Date(p.proof.takenAt).toISOString(),
          exif_taken_at: isoOrNull(p.proof.exifTakenAt),
          exif_lon: p.exifLon,
          exif_lat: p.exifLat,
          client_taken_at: isoOrNull(p.clientTakenAt),
          gallery: p.proof.gallery,
          gallery_reason: p.proof.reason,
          watermarked: true,
        }),
      );
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
      proof: proof === null ? null : proof.verdict === 'verified' ? 'verified' : 'unverified',
      proof_reason: proof?.reason ?? null,
      distance_m: proof?.distanceM ?? null,
      late_synced: t.late,
      received_at: t.late ? t.receivedAt : null,
    });
  });
  await audit(ctx.db, actor, 'task.complete', 'task_instance', id, {
    amount: next.progress - state.progress,
    done: res.completed,
    late: next.late,
    photos: photos.length,
    gallery: photos.filter((p) => p.proof.gallery).length,
    proof: proof?.verdict ?? null,
    ...(t.late ? { lateSynced: true, at: t.at, receivedAt: t.receivedAt } : {}),
    // a phone clock not believed (ahead of the server, too old, before the task's period): judged at the receipt
    ...(t.refused ? { clientTimeRefused: t.refused } : {}),
  });
  // the officer sees their indicators move at once: their own, this month, recomputed now (one subject, a few
  // milliseconds); the other levels follow with the hourly job
  // (the completion is committed: a failure here is logged, not returned; the job recomputes within the hour)
  try {
    await computeIndicators(ctx, 'officer', periodOf({ ...ctx, clock: { now: () => new Date(now) } }), [r.person_id]);
  } catch (e) {
    console.error('indicators after completion failed:', e);
  }
  return getTask(ctx, actor, id);
}

/** A photo's time may be this far outside the task's period (clock skew); a completion not before its start less this. */
const PERIOD_SKEW_MS = 5 * 60_000;

const CARD_RANK = { none: 0, reminder: 1, yellow: 2, red: 3 } as const;

/** The card a task done at `at` carries: the steps fired by then, when lower than the one it carries now; else null. */
function cardAt(state: TaskState, at: number, carried: string): 'none' | 'reminder' | 'yellow' | 'red' | null {
  const then = supervisionLevel({ ...state, fired: state.fired.filter((f) => f.at <= at) });
  const nowRank = CARD_RANK[carried as keyof typeof CARD_RANK] ?? 0;
  return CARD_RANK[then] < nowRank ? then : null;
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
