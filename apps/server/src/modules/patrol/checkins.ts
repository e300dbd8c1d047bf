// Check-ins at the stops of a published route: by QR code, by hand (note, photo), and (positions.ts) by geofence.
// The list of a plan's check-ins and their photos (every view audited).
import { DEFAULT_PROOF_POLICY, positionProof, windowFit, type PositionProof, type ProofPolicy } from '@jingwang/core';
import type { Checkin, CheckinBody, PatrolStopKind } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { fieldTime } from '../../lib/fieldtime';
import { iso, json, ms } from '../../lib/format';
import { AppError, validationError } from '../../lib/errors';
import { decodePhoto, provePhoto } from '../../lib/photo';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { planAreaIds, planRow, planTransition, planWindowRule, visiblePlan } from './plans';
import { pointTokenMatches } from './qr';
import * as repo from './repo/field';
import * as planRepo from './repo/plans';
import { checkPlanAreaScope } from './scope';
import { windowOfStop, type Candidate, type StoredStop, type WindowRule } from './stops';

/** Check-ins are taken this long before the shift starts and after it ends (a team leaving early, a late upload). */
export const SHIFT_GRACE_MS = 30 * 60_000;

/** A check-in as shown, with its fit against its stop's window (`rule`: the plan's, planWindowRule). */
export function presentCheckin(r: repo.CheckinRow, rule: WindowRule): Checkin {
  const stop = json<StoredStop[]>(r.stops).find((s) => s.kind === r.kind && s.ref === r.ref);
  return {
    id: r.id,
    planId: r.plan_id,
    routeId: r.route_id,
    unitId: r.unit_id,
    callsign: r.callsign,
    kind: r.kind as PatrolStopKind,
    ref: r.ref,
    name: stop?.name ?? r.ref,
    method: r.method as Checkin['method'],
    at: iso(r.at),
    lon: r.lon,
    lat: r.lat,
    note: r.note,
    photoId: r.photo_id,
    byName: r.by_name,
    proof: r.proof === 'unverified' ? 'unverified' : 'verified',
    proofReason: r.proof_reason,
    distanceM: r.distance_m,
    photoGallery: r.photo_gallery,
    lateSynced: r.late_synced,
    receivedAt: r.received_at === null ? null : iso(r.received_at),
    window: windowFit(windowOfStop(rule, `${r.kind}:${r.ref}`), ms(r.at)),
  };
}

/** The check-in policy of this server (CHECKIN_FAR_FLAG: store a far check-in unverified instead of refusing it). */
export function proofPolicy(ctx: Ctx): ProofPolicy {
  return { ...DEFAULT_PROOF_POLICY, far: ctx.config.checkinFarFlag ? 'flag' : 'refuse' };
}

/**
 * Where a unit's device was: its positions over the policy's window before `now` (the unit_positions track). For
 * check-ins here and for other modules' evidence (tasks' completion) through this service.
 */
export async function recentTrack(ctx: Ctx, unitId: number, now: number): Promise<{ lon: number; lat: number; at: number; accuracyM: number | null }[]> {
  const rows = await repo.unitTrack(ctx.db, unitId, now - proofPolicy(ctx).trackMaxAgeMs, now + 60_000);
  return rows.map((r) => ({ lon: r.lon, lat: r.lat, at: Date.parse(iso(r.at)), accuracyM: r.accuracy_m }));
}

/** The unit of an officer (member or assigned), null when none: whose track proves where they are. */
export async function unitOfOfficer(ctx: Ctx, userId: number): Promise<number | null> {
  return (await repo.unitOfUser(ctx.db, userId))?.id ?? null;
}

/** A manual check-in's proof: the claimed position and the unit's recent track against the stop (a line: any checkpoint). */
async function manualProof(ctx: Ctx, b: CheckinBody, stop: StoredStop, cand: Candidate | undefined, unitId: number, now: number): Promise<PositionProof> {
  const radiusM = cand?.radius ?? 50;
  const places = [{ lon: stop.lon, lat: stop.lat, radiusM }, ...(cand?.checkpoints ?? []).map(([lon, lat]) => ({ lon, lat, radiusM }))];
  const claim = b.lon !== undefined && b.lat !== undefined ? { lon: b.lon, lat: b.lat, accuracyM: b.accuracyMeters ?? null } : null;
  const track = await recentTrack(ctx, unitId, now);
  const rank = { verified: 0, unverified: 1, far: 2 } as const;
  let best: PositionProof | null = null;
  for (const pl of places) {
    const p = positionProof(pl, claim, track, now, proofPolicy(ctx));
    if (!best || rank[p.verdict] < rank[best.verdict] || (p.verdict === best.verdict && (p.distanceM ?? Infinity) < (best.distanceM ?? Infinity))) best = p;
  }
  return best!;
}

export async function listCheckins(ctx: Ctx, actor: Actor, planId: number): Promise<Checkin[]> {
  authorize(actor, 'patrol.read');
  const rule = planWindowRule(await visiblePlan(ctx, actor, planId));
  return (await repo.checkinRows(ctx.db, { planId })).map((r) => presentCheckin(r, rule));
}

/** Send a check-in to the sockets watching its plan's area (and, through the bus, to the other API nodes). */
export async function publishCheckin(ctx: Ctx, id: number, areaId: number): Promise<Checkin> {
  const row = (await repo.checkinRows(ctx.db, { id }))[0]!;
  const c = presentCheckin(row, planWindowRule(await planRow(ctx.db, row.plan_id)));
  ctx.hub.publishPatrol({ type: 'patrol_checkin', checkin: c }, planAreaIds(ctx, areaId));
  ctx.bus?.notify('patrol_checkin', [id]);
  return c;
}

/**
 * A check-in. `claimed` (X-Client-Time, the phone's offline queue) is when the officer acted: when plausible
 * (fieldtime's bounds, not before the plan was published) the shift window, the unit's track, the photo's age and
 * the record's time are all taken at that moment, and one that arrives more than a minute later is marked
 * late-synced (补传) with its receipt time kept.
 */
export async function checkIn(ctx: Ctx, actor: Actor, b: CheckinBody, claimed: number | null = null): Promise<Checkin> {
  authorize(actor, 'patrol.checkin');
  const route = await planRepo.routeRow(ctx.db, b.routeId);
  if (!route) throw new AppError('PATROL_ROUTE_NOT_FOUND', undefined, { field: '/routeId' });
  const plan = await planRow(ctx.db, route.plan_id);
  // officers check in on their own unit's route; the command room may record a check-in for any team in its area
  if (actor.role === 'officer') {
    const mine = actor.userId === null ? undefined : await repo.unitOfUser(ctx.db, actor.userId);
    const member = await repo.isUnitMember(ctx.db, actor.userId ?? 0, route.unit_id);
    if (!member && mine?.id !== route.unit_id) throw new AppError('NOT_YOUR_ROUTE', undefined, { field: '/routeId' });
  } else {
    authorize(actor, 'patrol.plan');
    // a route outside the caller's area is not found
    checkPlanAreaScope(ctx, actor, plan.area_id, 'PATROL_ROUTE_NOT_FOUND', { field: '/routeId' });
  }
  planTransition(plan, 'check_in', 'The plan is not published');
  const t = fieldTime(ctx.clock.now().getTime(), claimed, plan.published_at ? Date.parse(iso(plan.published_at)) : null);
  const now = Date.parse(t.at);
  if (now < Date.parse(iso(plan.shift_start)) - SHIFT_GRACE_MS || now > Date.parse(iso(plan.shift_end)) + SHIFT_GRACE_MS) throw new AppError('SHIFT_NOT_ON', undefined, { field: '/routeId' });
  const stops = json<StoredStop[]>(route.stops);
  const stop = stops.find((s) => s.kind === b.kind && s.ref === b.ref);
  if (!stop) throw new AppError('STOP_NOT_ON_ROUTE', undefined, { field: '/ref' });
  if (b.method === 'qr') {
    if (b.kind !== 'point') throw validationError([{ field: '/kind', message: 'QR codes are printed for points only' }]);
    if (!b.token) throw validationError([{ field: '/token', message: 'is required for a QR check-in' }]);
    if (!(await pointTokenMatches(ctx, b.ref, b.token))) throw new AppError('BAD_QR_TOKEN', undefined, { field: '/token' });
  }
  if ((b.lon === undefined) !== (b.lat === undefined)) throw validationError([{ field: b.lon === undefined ? '/lon' : '/lat', message: 'give both lon and lat, or neither' }]);
  const decoded = b.photo ? decodePhoto(b.photo, '/photo') : null;
  // a manual check-in is proven by a photo taken there and the unit's own recent track (issue 13 part 4); a QR
  // check-in by the printed token
  let proof: PositionProof | null = null;
  if (b.method === 'manual') {
    if (!decoded) throw new AppError('CHECKIN_PHOTO_REQUIRED', undefined, { field: '/photo' });
    const cand = json<Candidate[]>(plan.candidates).find((c) => c.kind === b.kind && c.ref === b.ref);
    proof = await manualProof(ctx, b, stop, cand, route.unit_id, now);
    if (proof.verdict === 'far' && proofPolicy(ctx).far === 'refuse')
      throw new AppError('CHECKIN_TOO_FAR', `${proof.distanceM} m from ${stop.name}, at most ${proof.allowedM} m`, { field: b.lon !== undefined ? '/lon' : '/ref', distanceM: proof.distanceM, allowedM: proof.allowedM, reason: proof.reason });
  }
  const photo = decoded
    ? await provePhoto(decoded, {
        receivedAt: now,
        clientTakenAt: b.takenAt ? Date.parse(b.takenAt) : null,
        utcOffsetMinutes: ctx.config.utcOffsetMinutes,
        maxAgeMs: ctx.config.photoMaxAgeMinutes * 60_000,
        place: `${stop.name}  ${(b.lon ?? stop.lon).toFixed(5)}, ${(b.lat ?? stop.lat).toFixed(5)}`,
        officer: actor.displayName,
      })
    : null;
  const id = await ctx.db.transaction().execute(async (tx) => {
    const photoId = photo
      ? await repo.insertPhoto(tx, {
          mime: photo.photo.mime,
          bytes: photo.photo.bytes,
          received_at: new Date(photo.proof.takenAt).toISOString(),
          exif_taken_at: photo.proof.exifTakenAt === null ? null : new Date(photo.proof.exifTakenAt).toISOString(),
          exif_lon: photo.exifLon,
          exif_lat: photo.exifLat,
          client_taken_at: photo.clientTakenAt === null || Number.isNaN(photo.clientTakenAt) ? null : new Date(photo.clientTakenAt).toISOString(),
          gallery: photo.proof.gallery,
          gallery_reason: photo.proof.reason,
          watermarked: true,
        })
      : null;
    return repo.insertCheckin(tx, {
      plan_id: plan.id,
      route_id: route.id,
      unit_id: route.unit_id,
      kind: b.kind,
      ref: b.ref,
      method: b.method,
      at: new Date(now).toISOString(),
      lon: b.lon ?? null,
      lat: b.lat ?? null,
      note: b.note?.trim() || null,
      photo_id: photoId,
      by_name: actor.displayName,
      by_user: actor.userId,
      // never counted as a visit silently: only a verified check-in counts
      proof: proof && proof.verdict !== 'verified' ? 'unverified' : 'verified',
      proof_reason: proof?.reason ?? null,
      distance_m: proof?.distanceM ?? null,
      accuracy_m: b.accuracyMeters ?? null,
      late_synced: t.late,
      received_at: t.late ? t.receivedAt : null,
    });
  });
  await audit(ctx.db, actor, 'patrol.checkin', 'patrol_route', route.id, {
    method: b.method,
    kind: b.kind,
    ref: b.ref,
    photo: photo !== null,
    proof: proof?.verdict ?? 'qr',
    distanceM: proof?.distanceM ?? null,
    gallery: photo?.proof.gallery ?? null,
    ...(t.late ? { lateSynced: true, receivedAt: t.receivedAt } : {}),
    // a phone clock not believed (ahead of the server, too old, before the plan): recorded at the receipt
    ...(t.refused ? { clientTimeRefused: t.refused } : {}),
  });
  return publishCheckin(ctx, id, plan.area_id);
}

export async function readPhoto(ctx: Ctx, actor: Actor, id: number, ip: string | null): Promise<{ mime: string; bytes: Buffer }> {
  authorize(actor, 'patrol.read');
  const r = await repo.photoRow(ctx.db, id);
  if (!r) throw new AppError('PHOTO_NOT_FOUND');
  // a photo of a plan outside the caller's area is not found
  checkPlanAreaScope(ctx, actor, r.area_id, 'PHOTO_NOT_FOUND');
  // a photo may show people: every view is audited
  await audit(ctx.db, actor, 'patrol_photo.read', 'patrol_photo', id, {}, ip);
  return { mime: r.mime, bytes: Buffer.from(r.bytes) };
}
