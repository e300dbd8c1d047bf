// Video patrol (视频巡查): a round over the cameras of an area at a scheduled time; an operator ticks each camera off
// (normal, finding, offline); a finding may open an incident (source video_patrol) at the camera in the same step.
//   scheduled -> in_progress (first camera checked) -> done (every camera checked).   SQL: repo/video.ts.
import type { CameraCheckBody, CreateVideoRoundBody, VideoRound, VideoRoundStatus } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso, isoN } from '../../lib/format';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import { createIncident } from '../incidents/service';
import { camerasInArea, localDate } from './reference';
import * as repo from './repo/video';
import { checkAreaInScope } from './scope';

/** A round the caller may see: 404 when there is none or it lies outside the caller's area. */
async function visibleRound(ctx: Ctx, actor: Actor, id: number): Promise<repo.RoundRow> {
  const r = await repo.roundRow(ctx.db, id);
  if (!r || !inScope(actor, ctx.areas.tree(), [r.area_id])) throw new AppError('VIDEO_ROUND_NOT_FOUND');
  return r;
}

async function present(ctx: Ctx, id: number): Promise<VideoRound> {
  const r = (await repo.roundRow(ctx.db, id))!;
  const cams = await repo.roundCameras(ctx.db, id);
  return {
    id: r.id,
    areaId: r.area_id,
    areaName: ctx.areas.tree().get(r.area_id)?.name ?? '',
    scheduledAt: iso(r.scheduled_at),
    status: r.status as VideoRoundStatus,
    version: r.version,
    checked: cams.filter((c) => c.result !== null).length,
    findings: cams.filter((c) => c.result === 'finding').length,
    cameras: cams.map((c) => ({
      cameraId: c.camera_id,
      code: c.code,
      name: c.name,
      lon: c.lon,
      lat: c.lat,
      viewUrl: c.view_url,
      result: c.result as VideoRound['cameras'][number]['result'],
      note: c.note,
      checkedAt: isoN(c.checked_at),
      checkedByName: c.checked_by_name,
      incidentId: c.incident_id,
      incidentNumber: c.incident_number ?? null,
    })),
  };
}

export async function getRound(ctx: Ctx, actor: Actor, id: number): Promise<VideoRound> {
  authorize(actor, 'video.patrol');
  await visibleRound(ctx, actor, id);
  return present(ctx, id);
}

export async function listRounds(ctx: Ctx, actor: Actor, q: { date?: string; areaId?: number; status?: VideoRoundStatus }): Promise<VideoRound[]> {
  authorize(actor, 'video.patrol');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  // the local day
  const from = q.date ? Date.parse(`${q.date}T00:00:00Z`) - ctx.config.utcOffsetMinutes * 60_000 : undefined;
  const area = q.areaId ?? actor.scopeAreaId;
  const ids = await repo.roundIds(ctx.db, {
    ...(from !== undefined ? { from, to: from + 86400_000 } : {}),
    ...(area !== null && area !== undefined ? { areaIds: ctx.areas.tree().descendantsAndSelf(area) } : {}),
    status: q.status,
  });
  const out: VideoRound[] = [];
  for (const id of ids) out.push(await present(ctx, id));
  return out;
}

export async function createRound(ctx: Ctx, actor: Actor, b: CreateVideoRoundBody): Promise<VideoRound> {
  authorize(actor, 'video.patrol');
  checkAreaInScope(ctx, actor, b.areaId);
  const inArea = await camerasInArea(ctx, b.areaId);
  const active = inArea.filter((c) => c.active);
  let cams = active;
  if (b.cameraIds) {
    // only active cameras: a retired one (issue 12) is no stop of a new round
    const idx = b.cameraIds.findIndex((id) => !active.some((c) => c.id === id));
    if (idx >= 0) throw new AppError('CAMERA_NOT_FOUND', `Camera ${b.cameraIds[idx]} is not an active camera of the area`, { field: `/cameraIds/${idx}` });
    cams = b.cameraIds.map((id) => active.find((c) => c.id === id)!);
  }
  if (cams.length === 0) throw new AppError('CAMERA_NOT_FOUND', 'The area has no active camera', { field: '/areaId' });
  const id = await ctx.db.transaction().execute((tx) =>
    repo.insertRound(tx, { areaId: b.areaId, scheduledAt: new Date(b.scheduledAt).toISOString(), byName: actor.displayName, cameraIds: cams.map((c) => c.id) }),
  );
  await audit(ctx.db, actor, 'video_round.create', 'video_round', id, { areaId: b.areaId, cameras: cams.length, day: localDate(Date.parse(b.scheduledAt), ctx.config.utcOffsetMinutes) });
  return present(ctx, id);
}

export async function checkCamera(ctx: Ctx, actor: Actor, roundId: number, cameraId: number, b: CameraCheckBody): Promise<VideoRound> {
  authorize(actor, 'video.patrol');
  await visibleRound(ctx, actor, roundId);
  if (b.incident && b.result !== 'finding') throw validationError([{ field: '/incident', message: 'only a finding opens an incident' }]);
  const item = await repo.roundCamera(ctx.db, roundId, cameraId);
  if (!item) throw new AppError('CAMERA_NOT_FOUND', `Camera ${cameraId} is not in this round`);
  if (item.result !== null) throw new AppError('INVALID_TRANSITION', 'This camera is already checked in this round');
  let incidentId: number | null = null;
  if (b.incident) {
    const cam = (await camerasInArea(ctx, null, [cameraId]))[0]!;
    const inc = await createIncident(ctx, actor, {
      source: 'video_patrol',
      category: b.incident.category,
      priority: b.incident.priority,
      lon: cam.lon,
      lat: cam.lat,
      address: `${cam.name}（视频巡查 ${cam.code}）`,
      description: b.incident.description,
    });
    incidentId = inc.id;
  }
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const done = await repo.checkRoundCamera(tx, roundId, cameraId, { result: b.result, note: b.note?.trim() || null, at, byName: actor.displayName, incidentId });
    if (!done) throw new AppError('STALE_VERSION', 'Someone checked this camera first');
    await repo.settleRound(tx, roundId);
  });
  await audit(ctx.db, actor, 'video_round.check', 'video_round', roundId, { cameraId, result: b.result, incidentId });
  return present(ctx, roundId);
}
