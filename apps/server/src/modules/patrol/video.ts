// Video patrol (视频巡查): a round over the cameras of an area at a scheduled time; an operator ticks each camera off
// (normal, finding, offline); a finding may open an incident (source video_patrol) at the camera in the same step.
//   scheduled -> in_progress (first camera checked) -> done (every camera checked).
import { sql } from 'kysely';
import type { CameraCheckBody, CreateVideoRoundBody, VideoRound, VideoRoundStatus } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import { createIncident } from '../incidents/service';
import { camerasInArea, checkAreaInScope, localDate } from './reference';
import { iso } from './util';


async function roundRow(ctx: Ctx, id: number) {
  const r = await ctx.db.selectFrom('video_rounds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('VIDEO_ROUND_NOT_FOUND');
  return r;
}

async function present(ctx: Ctx, id: number): Promise<VideoRound> {
  const r = await roundRow(ctx, id);
  const cams = await ctx.db
    .selectFrom('video_round_cameras as v')
    .innerJoin('cameras as c', 'c.id', 'v.camera_id')
    .leftJoin('incidents as i', 'i.id', 'v.incident_id')
    .select([
      'v.camera_id',
      'c.code',
      'c.name',
      sql<number>`st_x(c.geom)`.as('lon'),
      sql<number>`st_y(c.geom)`.as('lat'),
      'c.view_url',
      'v.result',
      'v.note',
      'v.checked_at',
      'v.checked_by_name',
      'v.incident_id',
      'i.number as incident_number',
    ])
    .where('v.round_id', '=', id)
    .orderBy('v.position')
    .execute();
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
      checkedAt: c.checked_at ? iso(c.checked_at) : null,
      checkedByName: c.checked_by_name,
      incidentId: c.incident_id,
      incidentNumber: c.incident_number ?? null,
    })),
  };
}

function checkRoundScope(ctx: Ctx, actor: Actor, areaId: number): void {
  if (!inScope(actor, ctx.areas.tree(), [areaId])) throw new AppError('OUT_OF_SCOPE');
}

export async function getRound(ctx: Ctx, actor: Actor, id: number): Promise<VideoRound> {
  authorize(actor, 'video.patrol');
  checkRoundScope(ctx, actor, (await roundRow(ctx, id)).area_id);
  return present(ctx, id);
}

export async function listRounds(ctx: Ctx, actor: Actor, q: { date?: string; areaId?: number; status?: VideoRoundStatus }): Promise<VideoRound[]> {
  authorize(actor, 'video.patrol');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  let qb = ctx.db.selectFrom('video_rounds').select('id');
  if (q.date) {
    // the local day
    const off = ctx.config.utcOffsetMinutes * 60_000;
    const from = Date.parse(`${q.date}T00:00:00Z`) - off;
    qb = qb.where('scheduled_at', '>=', new Date(from).toISOString()).where('scheduled_at', '<', new Date(from + 86400_000).toISOString());
  }
  const area = q.areaId ?? actor.scopeAreaId;
  if (area !== null && area !== undefined) qb = qb.where('area_id', 'in', ctx.areas.tree().descendantsAndSelf(area));
  if (q.status) qb = qb.where('status', '=', q.status);
  const ids = await qb.orderBy('scheduled_at').orderBy('id').limit(200).execute();
  const out: VideoRound[] = [];
  for (const { id } of ids) out.push(await present(ctx, id));
  return out;
}

export async function createRound(ctx: Ctx, actor: Actor, b: CreateVideoRoundBody): Promise<VideoRound> {
  authorize(actor, 'video.patrol');
  checkAreaInScope(ctx, actor, b.areaId);
  const inArea = await camerasInArea(ctx, b.areaId);
  let cams = inArea.filter((c) => c.active);
  if (b.cameraIds) {
    const idx = b.cameraIds.findIndex((id) => !inArea.some((c) => c.id === id));
    if (idx >= 0) throw new AppError('CAMERA_NOT_FOUND', `Camera ${b.cameraIds[idx]} is not in the area`, { field: `/cameraIds/${idx}` });
    cams = b.cameraIds.map((id) => inArea.find((c) => c.id === id)!);
  }
  if (cams.length === 0) throw new AppError('CAMERA_NOT_FOUND', 'The area has no active camera', { field: '/areaId' });
  const id = await ctx.db.transaction().execute(async (tx) => {
    const r = await tx.insertInto('video_rounds').values({ area_id: b.areaId, scheduled_at: new Date(b.scheduledAt).toISOString(), created_by_name: actor.displayName }).returning('id').executeTakeFirstOrThrow();
    await tx
      .insertInto('video_round_cameras')
      .values(cams.map((c, i) => ({ round_id: r.id, camera_id: c.id, position: i, result: null, note: null, checked_at: null, checked_by_name: null, incident_id: null })))
      .execute();
    return r.id;
  });
  await audit(ctx.db, actor, 'video_round.create', 'video_round', id, { areaId: b.areaId, cameras: cams.length, day: localDate(Date.parse(b.scheduledAt), ctx.config.utcOffsetMinutes) });
  return present(ctx, id);
}

export async function checkCamera(ctx: Ctx, actor: Actor, roundId: number, cameraId: number, b: CameraCheckBody): Promise<VideoRound> {
  authorize(actor, 'video.patrol');
  const round = await roundRow(ctx, roundId);
  checkRoundScope(ctx, actor, round.area_id);
  if (b.incident && b.result !== 'finding') throw validationError([{ field: '/incident', message: 'only a finding opens an incident' }]);
  const item = await ctx.db.selectFrom('video_round_cameras').selectAll().where('round_id', '=', roundId).where('camera_id', '=', cameraId).executeTakeFirst();
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
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable('video_round_cameras')
      .set({ result: b.result, note: b.note?.trim() || null, checked_at: now, checked_by_name: actor.displayName, incident_id: incidentId })
      .where('round_id', '=', roundId)
      .where('camera_id', '=', cameraId)
      .where('result', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', 'Someone checked this camera first');
    const left = await tx.selectFrom('video_round_cameras').select(sql<number>`count(*)::int`.as('n')).where('round_id', '=', roundId).where('result', 'is', null).executeTakeFirstOrThrow();
    await tx
      .updateTable('video_rounds')
      .set({ status: left.n === 0 ? 'done' : 'in_progress', version: sql`version + 1` })
      .where('id', '=', roundId)
      .execute();
  });
  await audit(ctx.db, actor, 'video_round.check', 'video_round', roundId, { cameraId, result: b.result, incidentId });
  return present(ctx, roundId);
}
