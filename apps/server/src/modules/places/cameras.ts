// Cameras (视频点位, issue 12 part 1): the stops of video patrol rounds (`modules/patrol/video.ts` puts only active
// ones in a round). Admins administer all; station leads their station's (a camera elsewhere is 404
// CAMERA_NOT_FOUND; a point moved out of their station 403 OUT_OF_SCOPE); every police role reads those in scope.
// The viewer address is http(s) only, without credentials. Edits carry the version read; retiring needs a reason and
// is refused (409 STILL_REFERENCED) while a video round that is not done includes the camera. Every change is
// audited with the fields before and after (the audit rows are the history).
import type { CameraBody, CameraPatch, CameraRecord, PlaceChange, PlaceRetireBody, PlacesQuery } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso, isoN } from '../../lib/format';
import { audit } from '../audit/service';
import { authorize, scopeIds, type Actor } from '../auth/policy';
import { diff, historyOf, isUniqueViolation, stationOf } from './common';
import * as repo from './repo';

const present = (r: repo.CameraRow): CameraRecord => ({
  id: r.id,
  code: r.code,
  name: r.name,
  lon: r.lon,
  lat: r.lat,
  viewUrl: r.view_url,
  stationId: r.area_id,
  stationName: r.station_name,
  gridId: r.grid_id,
  gridName: r.grid_name,
  openRounds: r.open_rounds,
  active: r.active,
  version: r.version,
  updatedAt: iso(r.updated_at),
  retiredAt: isoN(r.retired_at),
  retireReason: r.retire_reason,
});

const snapshot = (c: CameraRecord) => ({ code: c.code, name: c.name, lon: c.lon, lat: c.lat, viewUrl: c.viewUrl, stationId: c.stationId });

const notFound = (id: number) => new AppError('CAMERA_NOT_FOUND', `Camera ${id} not found`, { field: '/id' });

/** http(s) with a host and no user name or password in it; the contract's pattern checks the shape first. */
export function checkViewUrl(v: string | null | undefined, field = '/viewUrl'): string | null | undefined {
  if (v === undefined || v === null) return v;
  const s = v.trim();
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw validationError([{ field, message: 'is not an address' }]);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw validationError([{ field, message: 'must be an http(s) address' }]);
  if (!u.hostname) throw validationError([{ field, message: 'has no host' }]);
  if (u.username || u.password) throw validationError([{ field, message: 'must not carry a user name or password' }]);
  return s;
}

async function visible(ctx: Ctx, actor: Actor, id: number): Promise<CameraRecord> {
  const [r] = await repo.cameraRows(ctx.db, { areaIds: scopeIds(actor, ctx.areas.tree()), ids: [id], retired: true });
  if (!r) throw notFound(id);
  return present(r);
}

async function checkCode(ctx: Ctx, code: string, except: number | null): Promise<void> {
  if (await repo.codeTaken(ctx.db, 'cameras', code, except)) throw new AppError('DUPLICATE_CODE', `Camera code ${code} is taken`, { field: '/code' });
}

export async function listCameraRecords(ctx: Ctx, actor: Actor, q: PlacesQuery = {}): Promise<CameraRecord[]> {
  authorize(actor, 'places.read');
  const rows = await repo.cameraRows(ctx.db, { areaIds: scopeIds(actor, ctx.areas.tree()), retired: q.retired === true, q: q.q?.trim() || undefined });
  return rows.map(present);
}

export async function getCamera(ctx: Ctx, actor: Actor, id: number): Promise<CameraRecord> {
  authorize(actor, 'places.read');
  return visible(ctx, actor, id);
}

/** Active or retired cameras by code, those the caller sees (the Excel exchange's keys). */
export async function camerasByCode(ctx: Ctx, actor: Actor, codes: string[]): Promise<Map<string, CameraRecord>> {
  authorize(actor, 'places.read');
  if (codes.length === 0) return new Map();
  const rows = await repo.cameraRows(ctx.db, { areaIds: scopeIds(actor, ctx.areas.tree()), codes, retired: true });
  return new Map(rows.map((r) => [r.code, present(r)]));
}

export async function cameraCodeTaken(ctx: Ctx, code: string): Promise<boolean> {
  return repo.codeTaken(ctx.db, 'cameras', code, null);
}

export async function cameraHistory(ctx: Ctx, actor: Actor, id: number): Promise<PlaceChange[]> {
  authorize(actor, 'places.read');
  await visible(ctx, actor, id);
  return historyOf(ctx, 'camera', id);
}

export async function createCamera(ctx: Ctx, actor: Actor, b: CameraBody): Promise<CameraRecord> {
  authorize(actor, 'places.admin');
  const viewUrl = checkViewUrl(b.viewUrl) ?? null;
  const areaId = await stationOf(ctx, actor, b.lon, b.lat);
  const code = b.code.trim();
  await checkCode(ctx, code, null);
  const at = ctx.clock.now().toISOString();
  const id = await ctx.db
    .transaction()
    .execute(async (tx) => {
      const id = await repo.insertCamera(tx, { code, name: b.name.trim(), lon: b.lon, lat: b.lat, viewUrl, areaId, at });
      const [row] = await repo.cameraRows(tx, { areaIds: null, ids: [id] });
      await audit(tx, actor, 'camera.created', 'camera', id, { before: null, after: snapshot(present(row!)) });
      return id;
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE_CODE', `Camera code ${code} is taken`, { field: '/code' });
      throw e;
    });
  return visible(ctx, actor, id);
}

export async function updateCamera(ctx: Ctx, actor: Actor, id: number, p: CameraPatch): Promise<CameraRecord> {
  authorize(actor, 'places.admin');
  const cur = await visible(ctx, actor, id);
  if (!cur.active) throw new AppError('INVALID_TRANSITION', `Camera ${cur.code} is retired`, { field: '/id' });
  const viewUrl = checkViewUrl(p.viewUrl);
  const lon = p.lon ?? cur.lon;
  const lat = p.lat ?? cur.lat;
  const moved = Math.abs(lon - cur.lon) > 1e-9 || Math.abs(lat - cur.lat) > 1e-9;
  const stationId = moved ? await stationOf(ctx, actor, lon, lat) : cur.stationId;
  const code = p.code?.trim();
  if (code !== undefined && code !== cur.code) await checkCode(ctx, code, id);
  const { before, after } = diff(snapshot(cur), { code, name: p.name?.trim(), lon, lat, viewUrl, stationId });
  if (Object.keys(after).length === 0) {
    if (p.version !== cur.version) throw new AppError('STALE_VERSION', undefined, { field: '/version', current: cur.version });
    return cur;
  }
  const at = ctx.clock.now().toISOString();
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      await repo.updateCamera(
        tx,
        id,
        p.version,
        {
          ...(after.code !== undefined ? { code: after.code } : {}),
          ...(after.name !== undefined ? { name: after.name } : {}),
          ...(moved ? { lonLat: [lon, lat] as [number, number], area_id: stationId! } : {}),
          ...('viewUrl' in after ? { view_url: after.viewUrl ?? null } : {}),
        },
        at,
      );
      await audit(tx, actor, 'camera.updated', 'camera', id, { before, after });
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE_CODE', `Camera code ${code} is taken`, { field: '/code' });
      throw e;
    });
  return visible(ctx, actor, id);
}

export async function retireCamera(ctx: Ctx, actor: Actor, id: number, b: PlaceRetireBody): Promise<CameraRecord> {
  authorize(actor, 'places.admin');
  const cur = await visible(ctx, actor, id);
  if (!cur.active) throw new AppError('INVALID_TRANSITION', `Camera ${cur.code} is retired already`, { field: '/id' });
  const reason = b.reason.trim();
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockCamera(tx, id);
    const refs = await repo.cameraOpenRounds(tx, id);
    if (refs.count > 0) throw new AppError('STILL_REFERENCED', `Camera ${cur.code} is in ${refs.count} video round(s) not done`, { openRounds: refs.count, videoRounds: refs.videoRounds });
    await repo.retireCamera(tx, id, b.version, reason, at);
    await audit(tx, actor, 'camera.retired', 'camera', id, { before: { active: true }, after: { active: false }, reason });
  });
  return visible(ctx, actor, id);
}
