// Patrol reference data: shifts, must-patrol points and lines, cameras, the patrol forces of each tier, and the
// printable QR sheets of points.
import crypto from 'node:crypto';
import QRCode from 'qrcode';
import { sql } from 'kysely';
import {
  PATROL_POINT_KIND_LABELS,
  PATROL_TIER_LABELS,
  type Camera,
  type CreatePatrolLineBody,
  type CreatePatrolPointBody,
  type PatrolForce,
  type PatrolLine,
  type PatrolPoint,
  type PatrolTier,
  type SetPatrolForceBody,
  type Shift,
  type UpdatePatrolPointBody,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';

// ---------------------------------------------------------------- shifts

interface ShiftRow {
  id: number;
  code: string;
  name: string;
  starts_at: string;
  duration_min: number;
  roll_call_offset_min: number;
}
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
  const rows = await ctx.db.selectFrom('patrol_shifts').selectAll().orderBy('starts_at').execute();
  return rows.map(presentShift);
}

export async function getShift(ctx: Ctx, id: number): Promise<Shift> {
  const r = await ctx.db.selectFrom('patrol_shifts').selectAll().where('id', '=', id).executeTakeFirst();
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

export interface PointRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  tier: string;
  area_id: number | null;
  lon: number;
  lat: number;
  visits_per_shift: number;
  dwell_min: number;
  window_start: string | null;
  window_end: string | null;
  min_gap_min: number;
  radius_m: number;
  qr_nonce: string;
  active: boolean;
  version: number;
}

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

function pointQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('patrol_points')
    .select([
      'id',
      'code',
      'name',
      'kind',
      'tier',
      'area_id',
      sql<number>`st_x(geom)`.as('lon'),
      sql<number>`st_y(geom)`.as('lat'),
      'visits_per_shift',
      'dwell_min',
      sql<string | null>`window_start::text`.as('window_start'),
      sql<string | null>`window_end::text`.as('window_end'),
      'min_gap_min',
      'radius_m',
      'qr_nonce',
      'active',
      'version',
    ]);
}

/** Points whose location lies inside an area (by geometry, so a district plans the points of all its stations). */
export async function pointsInArea(ctx: Ctx, areaId: number | null, opts: { tier?: PatrolTier; active?: boolean; ids?: number[] } = {}): Promise<PointRow[]> {
  let q = pointQuery(ctx);
  if (areaId !== null) {
    q = q.where(sql<boolean>`exists (select 1 from areas a where a.id = ${areaId} and st_covers(a.geom, patrol_points.geom))`);
  }
  if (opts.tier) q = q.where('tier', '=', opts.tier);
  if (opts.active !== undefined) q = q.where('active', '=', opts.active);
  if (opts.ids) q = q.where('id', 'in', opts.ids.length ? opts.ids : [0]);
  return q.orderBy('code').execute();
}

export async function listPoints(ctx: Ctx, actor: Actor, q: { areaId?: number; tier?: PatrolTier; active?: boolean }): Promise<PatrolPoint[]> {
  authorize(actor, 'patrol.read');
  const area = q.areaId ?? actor.scopeAreaId;
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  const rows = await pointsInArea(ctx, area ?? null, { tier: q.tier, active: q.active });
  return rows.map(presentPoint);
}

export function checkAreaInScope(ctx: Ctx, actor: Actor, areaId: number, field = '/areaId'): void {
  const tree = ctx.areas.tree();
  if (!tree.get(areaId)) throw new AppError('AREA_NOT_FOUND', `Area ${areaId} not found`, { field });
  if (actor.scopeAreaId === null) return;
  // inside the scope, or the scope inside it (a station lead may look at a district's plan only for its station)
  if (!inScope(actor, tree, [areaId])) throw new AppError('OUT_OF_SCOPE', `Area ${areaId} is outside your area`, { field });
}

function checkWindow(start: string | null | undefined, end: string | null | undefined): void {
  if ((start ?? null) === null && (end ?? null) === null) return;
  if (!start || !end) throw validationError([{ field: start ? '/windowEnd' : '/windowStart', message: 'a window needs both a start and an end' }]);
  if (start === end) throw validationError([{ field: '/windowEnd', message: 'the window is empty' }]);
}

async function stationAt(ctx: Ctx, lon: number, lat: number): Promise<number> {
  const r = await sql<{ id: number | null }>`select area_at(st_setsrid(st_point(${lon}, ${lat}), 4326), 'station', now()) as id`.execute(ctx.db);
  const id = r.rows[0]?.id ?? null;
  if (id === null) throw new AppError('OUTSIDE_JURISDICTION', 'The point is outside every station area', { field: '/lon' });
  return id;
}

const isUnique = (e: unknown) => (e as { code?: string }).code === '23505';

export async function createPoint(ctx: Ctx, actor: Actor, b: CreatePatrolPointBody): Promise<PatrolPoint> {
  authorize(actor, 'patrol.manage');
  checkWindow(b.windowStart, b.windowEnd);
  const areaId = await stationAt(ctx, b.lon, b.lat);
  if (!inScope(actor, ctx.areas.tree(), [areaId])) throw new AppError('OUT_OF_SCOPE', 'The point lies outside your area', { field: '/lon' });
  try {
    const r = await ctx.db
      .insertInto('patrol_points')
      .values({
        code: b.code,
        name: b.name,
        kind: b.kind,
        tier: b.tier,
        area_id: areaId,
        geom: sql`st_setsrid(st_point(${b.lon}, ${b.lat}), 4326)`,
        visits_per_shift: b.visitsPerShift,
        dwell_min: b.dwellMinutes,
        window_start: b.windowStart ?? null,
        window_end: b.windowEnd ?? null,
        min_gap_min: b.minGapMinutes ?? 0,
        radius_m: b.radiusM ?? 50,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(ctx.db, actor, 'patrol_point.create', 'patrol_point', r.id, { code: b.code });
    return presentPoint((await pointsInArea(ctx, null, { ids: [r.id] }))[0]!);
  } catch (e) {
    if (isUnique(e)) throw new AppError('DUPLICATE_PATROL_CODE', `Code ${b.code} is taken`, { field: '/code' });
    throw e;
  }
}

export async function updatePoint(ctx: Ctx, actor: Actor, id: number, b: UpdatePatrolPointBody): Promise<PatrolPoint> {
  authorize(actor, 'patrol.manage');
  const cur = (await pointsInArea(ctx, null, { ids: [id] }))[0];
  if (!cur) throw new AppError('PATROL_POINT_NOT_FOUND');
  if (!inScope(actor, ctx.areas.tree(), [cur.area_id])) throw new AppError('OUT_OF_SCOPE');
  const ws = b.windowStart !== undefined ? b.windowStart : cur.window_start?.slice(0, 5) ?? null;
  const we = b.windowEnd !== undefined ? b.windowEnd : cur.window_end?.slice(0, 5) ?? null;
  checkWindow(ws, we);
  const res = await ctx.db
    .updateTable('patrol_points')
    .set({
      ...(b.name !== undefined ? { name: b.name } : {}),
      ...(b.visitsPerShift !== undefined ? { visits_per_shift: b.visitsPerShift } : {}),
      ...(b.dwellMinutes !== undefined ? { dwell_min: b.dwellMinutes } : {}),
      ...(b.minGapMinutes !== undefined ? { min_gap_min: b.minGapMinutes } : {}),
      ...(b.radiusM !== undefined ? { radius_m: b.radiusM } : {}),
      ...(b.active !== undefined ? { active: b.active } : {}),
      window_start: ws,
      window_end: we,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', b.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  await audit(ctx.db, actor, 'patrol_point.update', 'patrol_point', id, { fields: Object.keys(b).filter((k) => k !== 'version') });
  return presentPoint((await pointsInArea(ctx, null, { ids: [id] }))[0]!);
}

// ---------------------------------------------------------------- QR codes

/**
 * The token printed in a point's QR code: HMAC-SHA256 over the point id and its nonce, keyed by a key derived from
 * the field-encryption key (never stored). Reprinting (a new nonce) revokes the old sheets.
 */
export function qrToken(ctx: Ctx, pointId: number, nonce: string): string {
  return crypto.createHmac('sha256', ctx.qrKey).update(`patrol-point:${pointId}:${nonce}`).digest('base64url').slice(0, 22);
}

export function qrTokenMatches(ctx: Ctx, pointId: number, nonce: string, token: string): boolean {
  const want = Buffer.from(qrToken(ctx, pointId, nonce));
  const got = Buffer.from(token);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable A4 page of QR codes, one per active point of the area: opening it with a phone checks the team in. */
export async function qrSheet(ctx: Ctx, actor: Actor, q: { areaId?: number; tier?: PatrolTier }, origin: string): Promise<string> {
  authorize(actor, 'patrol.plan');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  const area = q.areaId ?? actor.scopeAreaId;
  const rows = await pointsInArea(ctx, area ?? null, { tier: q.tier, active: true });
  const areaName = area ? (ctx.areas.tree().get(area)?.name ?? '') : '全域';
  const cards: string[] = [];
  for (const p of rows) {
    const url = `${origin}/field?checkin=${p.id}&t=${qrToken(ctx, p.id, p.qr_nonce)}`;
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    cards.push(
      `<div class="card"><div class="qr">${svg}</div><div class="name">${esc(p.name)}</div>` +
        `<div class="meta">${esc(PATROL_POINT_KIND_LABELS[p.kind as keyof typeof PATROL_POINT_KIND_LABELS]?.zh ?? p.kind)} · ${esc(PATROL_TIER_LABELS[p.tier as PatrolTier]?.zh ?? p.tier)} · ${esc(p.code)}</div>` +
        `<div class="meta">每班 ${p.visits_per_shift} 次${p.window_start ? ` · ${p.window_start.slice(0, 5)}–${p.window_end!.slice(0, 5)}` : ''}</div></div>`,
    );
  }
  await audit(ctx.db, actor, 'patrol_point.qr_sheet', 'area', area ?? null, { points: rows.length });
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>巡逻打卡二维码 · ${esc(areaName)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:12mm}
h1{font-size:16pt;margin:0 0 4mm}
p.hint{font-size:9pt;color:#555;margin:0 0 6mm}
.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:6mm}
.card{border:1px solid #999;border-radius:2mm;padding:4mm;text-align:center;break-inside:avoid}
.qr svg{width:48mm;height:48mm}
.name{font-size:12pt;font-weight:600;margin-top:2mm}
.meta{font-size:8.5pt;color:#444}
@media print{body{margin:8mm}}
</style></head><body>
<h1>巡逻打卡二维码 · ${esc(areaName)}</h1>
<p class="hint">张贴于点位处。巡逻队员用手机扫码即在当前巡逻路线上打卡；重新打印后旧码失效。共 ${rows.length} 个点位。</p>
<div class="grid">${cards.join('\n')}</div>
${rows.length === 0 ? '<p>该区域没有启用的必巡点位。</p>' : ''}
</body></html>`;
}

// ---------------------------------------------------------------- lines and cameras

export interface LineRow {
  id: number;
  code: string;
  name: string;
  tier: string;
  area_id: number | null;
  visits_per_shift: number;
  length_m: number;
  geojson: string;
  active: boolean;
}

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
});

export async function linesInArea(ctx: Ctx, areaId: number | null, opts: { tier?: PatrolTier; active?: boolean } = {}): Promise<LineRow[]> {
  let q = ctx.db
    .selectFrom('patrol_lines')
    .select([
      'id',
      'code',
      'name',
      'tier',
      'area_id',
      'visits_per_shift',
      sql<number>`st_length(geom::geography)`.as('length_m'),
      sql<string>`st_asgeojson(geom, 7)`.as('geojson'),
      'active',
    ]);
  if (areaId !== null) q = q.where(sql<boolean>`exists (select 1 from areas a where a.id = ${areaId} and st_intersects(a.geom, patrol_lines.geom))`);
  if (opts.tier) q = q.where('tier', '=', opts.tier);
  if (opts.active !== undefined) q = q.where('active', '=', opts.active);
  return q.orderBy('code').execute();
}

export async function listLines(ctx: Ctx, actor: Actor, q: { areaId?: number; tier?: PatrolTier }): Promise<PatrolLine[]> {
  authorize(actor, 'patrol.read');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  return (await linesInArea(ctx, q.areaId ?? actor.scopeAreaId ?? null, { tier: q.tier })).map(presentLine);
}

export async function createLine(ctx: Ctx, actor: Actor, b: CreatePatrolLineBody): Promise<PatrolLine> {
  authorize(actor, 'patrol.manage');
  const [lon, lat] = b.coordinates[0]!;
  const areaId = await stationAt(ctx, lon, lat);
  if (!inScope(actor, ctx.areas.tree(), [areaId])) throw new AppError('OUT_OF_SCOPE', 'The line starts outside your area', { field: '/coordinates' });
  const wkt = `LINESTRING(${b.coordinates.map(([x, y]) => `${x} ${y}`).join(',')})`;
  try {
    const r = await ctx.db
      .insertInto('patrol_lines')
      .values({ code: b.code, name: b.name, tier: b.tier, area_id: areaId, geom: sql`st_geomfromtext(${wkt}, 4326)` as never, visits_per_shift: b.visitsPerShift })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(ctx.db, actor, 'patrol_line.create', 'patrol_line', r.id, { code: b.code });
    return presentLine((await linesInArea(ctx, null)).find((l) => l.id === r.id)!);
  } catch (e) {
    if (isUnique(e)) throw new AppError('DUPLICATE_PATROL_CODE', `Code ${b.code} is taken`, { field: '/code' });
    throw e;
  }
}

export interface CameraRow {
  id: number;
  code: string;
  name: string;
  area_id: number | null;
  lon: number;
  lat: number;
  view_url: string | null;
  active: boolean;
}
export const presentCamera = (r: CameraRow): Camera => ({ id: r.id, code: r.code, name: r.name, areaId: r.area_id, lon: r.lon, lat: r.lat, viewUrl: r.view_url, active: r.active });

export async function camerasInArea(ctx: Ctx, areaId: number | null, ids?: number[]): Promise<CameraRow[]> {
  let q = ctx.db
    .selectFrom('cameras')
    .select(['id', 'code', 'name', 'area_id', sql<number>`st_x(geom)`.as('lon'), sql<number>`st_y(geom)`.as('lat'), 'view_url', 'active']);
  if (areaId !== null) q = q.where(sql<boolean>`exists (select 1 from areas a where a.id = ${areaId} and st_covers(a.geom, cameras.geom))`);
  if (ids) q = q.where('id', 'in', ids.length ? ids : [0]);
  return q.orderBy('code').execute();
}

export async function listCameras(ctx: Ctx, actor: Actor, q: { areaId?: number }): Promise<Camera[]> {
  authorize(actor, 'patrol.read');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  return (await camerasInArea(ctx, q.areaId ?? actor.scopeAreaId ?? null)).map(presentCamera);
}

// ---------------------------------------------------------------- forces

export interface ForceRow {
  id: number;
  callsign: string;
  type: string;
  status: string;
  patrol_tier: string;
  patrol_area_id: number | null;
  home_area_id: number | null;
  base_lon: number | null;
  base_lat: number | null;
  lon: number | null;
  lat: number | null;
}

/** Units of a tier whose patrol area lies within `areaId` (or is it, or contains it). */
export async function forcesOf(ctx: Ctx, areaId: number | null, tier?: PatrolTier, unitIds?: number[]): Promise<ForceRow[]> {
  let q = ctx.db
    .selectFrom('units')
    .select(['id', 'callsign', 'type', 'status', sql<string>`patrol_tier`.as('patrol_tier'), 'patrol_area_id', 'home_area_id', 'base_lon', 'base_lat', 'lon', 'lat'])
    .where('patrol_tier', 'is not', null);
  if (tier) q = q.where('patrol_tier', '=', tier);
  if (areaId !== null) {
    const ids = ctx.areas.tree().descendantsAndSelf(areaId);
    q = q.where((eb) => eb.or([eb('patrol_area_id', 'in', ids), eb('home_area_id', 'in', ids)]));
  }
  if (unitIds) q = q.where('id', 'in', unitIds.length ? unitIds : [0]);
  return q.orderBy('callsign').execute() as Promise<ForceRow[]>;
}

export async function listForces(ctx: Ctx, actor: Actor, q: { areaId?: number; tier?: PatrolTier }): Promise<PatrolForce[]> {
  authorize(actor, 'patrol.read');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  const rows = await forcesOf(ctx, q.areaId ?? actor.scopeAreaId ?? null, q.tier);
  const members = rows.length
    ? await ctx.db
        .selectFrom('unit_members as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .select(['m.unit_id', 'p.name', 'p.role'])
        .where('m.unit_id', 'in', rows.map((r) => r.id))
        .orderBy('p.id')
        .execute()
    : [];
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
  const u = await ctx.db.selectFrom('units').select(['id', 'home_area_id']).where('id', '=', unitId).executeTakeFirst();
  if (!u) throw new AppError('UNIT_NOT_FOUND');
  if (!inScope(actor, ctx.areas.tree(), [u.home_area_id])) throw new AppError('OUT_OF_SCOPE');
  if ((b.baseLon === undefined || b.baseLon === null) !== (b.baseLat === undefined || b.baseLat === null)) {
    throw validationError([{ field: b.baseLon == null ? '/baseLon' : '/baseLat', message: 'give both baseLon and baseLat, or neither' }]);
  }
  if (b.areaId != null) {
    checkAreaInScope(ctx, actor, b.areaId);
  }
  await ctx.db
    .updateTable('units')
    .set({
      patrol_tier: b.tier,
      ...(b.areaId !== undefined ? { patrol_area_id: b.areaId } : {}),
      ...(b.baseLon !== undefined ? { base_lon: b.baseLon, base_lat: b.baseLat ?? null } : {}),
    })
    .where('id', '=', unitId)
    .execute();
  await audit(ctx.db, actor, 'unit.patrol_force', 'unit', unitId, { tier: b.tier, areaId: b.areaId ?? null });
  if (b.tier === null) return null;
  return (await listForces(ctx, actor, {})).find((f) => f.unitId === unitId) ?? null;
}

export { scopeIds };
