// Patrol reference data: shifts, must-patrol points and lines, cameras, and the patrol forces of each tier. The QR
// codes of points are in qr.ts (re-exported here); creating, editing and retiring points and lines in admin.ts.
// SQL: repo/reference.ts.
import {
  type Camera,
  type PatrolForce,
  type PatrolLine,
  type PatrolPoint,
  type PatrolTier,
  type SetPatrolForceBody,
  type Shift,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import * as repo from './repo/reference';
import type { CameraRow, ForceRow, LineRow, PointRow, ShiftRow } from './repo/reference';
import { checkAreaInScope } from './scope';

export type { CameraRow, ForceRow, LineRow, PointRow };
export { qrSheet, qrToken, qrTokenMatches } from './qr';
export { checkAreaInScope };

// ---------------------------------------------------------------- shifts

export const presentShift = (r: ShiftRow): Shift => ({
  id: r.id,
  code: r.code,
  name: r.name,
  startsAt: r.starts_at.slice(0, 5),
  durationMinutes: r.duration_min,
  rollCallOffsetMinutes: r.roll_call_offset_min,
});

export async function listShifts(ctx: Ctx, actor: Actor): Promise<Shift[]> {
  authorize(actor, 'patrol.read');
  return (await repo.listShiftRows(ctx.db)).map(presentShift);
}

export async function getShift(ctx: Ctx, id: number): Promise<Shift> {
  const r = await repo.shiftRow(ctx.db, id);
  if (!r) throw new AppError('SHIFT_NOT_FOUND', `Shift ${id} not found`, { field: '/shiftId' });
  return presentShift(r);
}

/** Minutes of a local HH:MM[:SS] time. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Start and end (epoch ms) of a shift on a local date, for a deployment `utcOffsetMinutes` east of UTC. */
export function shiftSpan(date: string, shift: Shift, utcOffsetMinutes: number): { start: number; end: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const start = Date.UTC(y, m - 1, d) + (minutesOf(shift.startsAt) - utcOffsetMinutes) * 60_000;
  return { start, end: start + shift.durationMinutes * 60_000 };
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- points

export const presentPoint = (r: PointRow): PatrolPoint => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind as PatrolPoint['kind'],
  areaId: r.area_id,
  tier: r.tier as PatrolTier,
  lon: r.lon,
  lat: r.lat,
  visitsPerShift: r.visits_per_shift,
  dwellMinutes: r.dwell_min,
  windowStart: r.window_start ? r.window_start.slice(0, 5) : null,
  windowEnd: r.window_end ? r.window_end.slice(0, 5) : null,
  minGapMinutes: r.min_gap_min,
  radiusM: r.radius_m,
  active: r.active,
  version: r.version,
});

/** Points whose location lies inside an area (by geometry, so a district plans the points of all its stations). */
export async function pointsInArea(ctx: Ctx, areaId: number | null, opts: { tier?: PatrolTier; active?: boolean; ids?: number[] } = {}): Promise<PointRow[]> {
  return repo.pointsInArea(ctx.db, areaId, opts);
}

export async function listPoints(ctx: Ctx, actor: Actor, q: { areaId?: number; tier?: PatrolTier; active?: boolean }): Promise<PatrolPoint[]> {
  authorize(actor, 'patrol.read');
  const area = q.areaId ?? actor.scopeAreaId;
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  const rows = await repo.pointsInArea(ctx.db, area ?? null, { tier: q.tier, active: q.active });
  return rows.map(presentPoint);
}

// ---------------------------------------------------------------- lines and cameras

export const presentLine = (r: LineRow): PatrolLine => ({
  id: r.id,
  code: r.code,
  name: r.name,
  areaId: r.area_id,
  tier: r.tier as PatrolTier,
  visitsPerShift: r.visits_per_shift,
  lengthM: Math.round(r.length_m),
  coordinates: (JSON.parse(r.geojson) as { coordinates: [number, number][] }).coordinates,
  active: r.active,
  version: r.version,
});

export async function linesInArea(ctx: Ctx, areaId: number | null, opts: { tier?: PatrolTier; active?: boolean } = {}): Promise<LineRow[]> {
  return repo.linesInArea(ctx.db, areaId, opts);
}

export async function listLines(ctx: Ctx, actor: Actor, q: { areaId?: number; tier?: PatrolTier; active?: boolean }): Promise<PatrolLine[]> {
  authorize(actor, 'patrol.read');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  return (await repo.linesInArea(ctx.db, q.areaId ?? actor.scopeAreaId ?? null, { tier: q.tier, active: q.active })).map(presentLine);
}

export const presentCamera = (r: CameraRow): Camera => ({ id: r.id, code: r.code, name: r.name, areaId: r.area_id, lon: r.lon, lat: r.lat, viewUrl: r.view_url, active: r.active });

export async function camerasInArea(ctx: Ctx, areaId: number | null, ids?: number[]): Promise<CameraRow[]> {
  return repo.camerasInArea(ctx.db, areaId, ids);
}

export async function listCameras(ctx: Ctx, actor: Actor, q: { areaId?: number }): Promise<Camera[]> {
  authorize(actor, 'patrol.read');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  return (await repo.camerasInArea(ctx.db, q.areaId ?? actor.scopeAreaId ?? null)).map(presentCamera);
}

// ---------------------------------------------------------------- forces

/** Units of a tier whose patrol area lies within `areaId` (or is it, or contains it). */
export async function forcesOf(ctx: Ctx, areaId: number | null, tier?: PatrolTier, unitIds?: number[]): Promise<ForceRow[]> {
  return repo.forceRows(ctx.db, areaId === null ? null : ctx.areas.tree().descendantsAndSelf(areaId), tier, unitIds);
}

export async function listForces(ctx: Ctx, actor: Actor, q: { areaId?: number; tier?: PatrolTier }): Promise<PatrolForce[]> {
  authorize(actor, 'patrol.read');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  const rows = await forcesOf(ctx, q.areaId ?? actor.scopeAreaId ?? null, q.tier);
  const members = await repo.forceMembers(ctx.db, rows.map((r) => r.id));
  const tree = ctx.areas.tree();
  return rows.map((r) => ({
    unitId: r.id,
    callsign: r.callsign,
    type: r.type as PatrolForce['type'],
    status: r.status as PatrolForce['status'],
    tier: r.patrol_tier as PatrolTier,
    areaId: r.patrol_area_id,
    areaName: r.patrol_area_id ? (tree.get(r.patrol_area_id)?.name ?? null) : null,
    members: members.filter((m) => m.unit_id === r.id).map((m) => ({ name: m.name, role: m.role })),
    baseLon: r.base_lon,
    baseLat: r.base_lat,
  }));
}

export async function setForce(ctx: Ctx, actor: Actor, unitId: number, b: SetPatrolForceBody): Promise<PatrolForce | null> {
  authorize(actor, 'patrol.manage');
  const u = await repo.unitHome(ctx.db, unitId);
  if (!u) throw new AppError('UNIT_NOT_FOUND');
  if (!inScope(actor, ctx.areas.tree(), [u.home_area_id])) throw new AppError('OUT_OF_SCOPE');
  if ((b.baseLon === undefined || b.baseLon === null) !== (b.baseLat === undefined || b.baseLat === null)) {
    throw validationError([{ field: b.baseLon == null ? '/baseLon' : '/baseLat', message: 'give both baseLon and baseLat, or neither' }]);
  }
  if (b.areaId != null) {
    checkAreaInScope(ctx, actor, b.areaId);
  }
  await repo.setUnitForce(ctx.db, unitId, {
    tier: b.tier,
    ...(b.areaId !== undefined ? { areaId: b.areaId } : {}),
    ...(b.baseLon !== undefined ? { base: { lon: b.baseLon, lat: b.baseLat ?? null } } : {}),
  });
  await audit(ctx.db, actor, 'unit.patrol_force', 'unit', unitId, { tier: b.tier, areaId: b.areaId ?? null });
  if (b.tier === null) return null;
  return (await listForces(ctx, actor, {})).find((f) => f.unitId === unitId) ?? null;
}

