// Administration of must-patrol points and lines (issue 12 part 1): create, edit with the version read (409
// STALE_VERSION), retire and reactivate (never deleted: plans, check-ins and reports keep pointing at them). A station
// lead works inside the station (a point or line outside it is 404, a place outside it 403 OUT_OF_SCOPE); admins
// everywhere. Retiring is refused while a published plan of today or later still has the place on a route or among
// its unmet mandatory visits (409 STILL_REFERENCED naming the plans). Every change is audited in the transaction
// that makes it, with what changed (from, to). SQL: repo/reference.ts.
import type {
  CreatePatrolLineBody,
  CreatePatrolPointBody,
  PatrolLine,
  PatrolPoint,
  PatrolRetireBody,
  PatrolTier,
  PlanUse,
  UpdatePatrolLineBody,
  UpdatePatrolPointBody,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { assertVersion } from '../../db/versioned';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import { localDate, minutesOf, presentLine, presentPoint } from './reference';
import * as repo from './repo/reference';
import type { LineRow, PointRow } from './repo/reference';

/** A line shorter than this is a point; longer than this is no patrol line (12 km/h: two and a half hours). */
export const LINE_MIN_M = 20;
export const LINE_MAX_M = 30_000;

const isUnique = (e: unknown) => (e as { code?: string }).code === '23505';
const duplicate = (code: string) => new AppError('DUPLICATE_PATROL_CODE', `Code ${code} is taken`, { field: '/code' });

// ---------------------------------------------------------------- rules shared by points and lines

/** The live station holding a place; outside every station 422 OUTSIDE_JURISDICTION, outside the caller's 403. */
async function stationFor(ctx: Ctx, actor: Actor, lon: number, lat: number, field: string): Promise<number> {
  const [id] = await repo.stationsAt(ctx.db, [[lon, lat]]);
  if (id === null || id === undefined) throw new AppError('OUTSIDE_JURISDICTION', `[${lon}, ${lat}] is outside every station area`, { field });
  if (!inScope(actor, ctx.areas.tree(), [id])) throw new AppError('OUT_OF_SCOPE', `[${lon}, ${lat}] is outside your area`, { field });
  return id;
}

/** Published plans of today or later that use the place: 409 STILL_REFERENCED naming them. */
async function refuseIfPlanned(ctx: Ctx, kind: 'point' | 'line', id: number, label: string): Promise<void> {
  const now = ctx.clock.now();
  const rows = await repo.plansUsing(ctx.db, kind, String(id), localDate(now.getTime(), ctx.config.utcOffsetMinutes), now.toISOString());
  if (rows.length === 0) return;
  const tree = ctx.areas.tree();
  const plans: PlanUse[] = rows.map((r) => ({ planId: r.plan_id, date: r.plan_date, shiftName: r.shift_name, tier: r.tier as PatrolTier, areaId: r.area_id, areaName: tree.get(r.area_id)?.name ?? null }));
  const named = plans.map((p) => `#${p.planId} ${p.date} ${p.shiftName} ${p.areaName ?? p.areaId}`).join('; ');
  throw new AppError('STILL_REFERENCED', `${label} is in published plan${plans.length > 1 ? 's' : ''} ${named}; cancel or edit ${plans.length > 1 ? 'them' : 'it'} first`, { field: '/id', plans });
}

function notAllowed(kind: string, from: 'active' | 'retired', action: 'retire' | 'reactivate'): AppError {
  return new AppError('INVALID_TRANSITION', `The ${kind} is already ${from}`, { from, action, allowed: [from === 'active' ? 'retire' : 'reactivate'] });
}

/** Old and new values of the fields that change (for the audit). */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) if (v !== undefined && JSON.stringify(before[k]) !== JSON.stringify(v)) out[k] = [before[k], v];
  return out;
}

// ---------------------------------------------------------------- points

/**
 * A window needs both ends and some length (it may run past midnight); the dwell must fit inside it, and repeat
 * visits with their minimum gap inside a day.
 */
export function checkPointRules(p: { windowStart: string | null; windowEnd: string | null; dwellMinutes: number; visitsPerShift: number; minGapMinutes: number }): void {
  const { windowStart: start, windowEnd: end } = p;
  if (start !== null || end !== null) {
    if (!start || !end) throw validationError([{ field: start ? '/windowEnd' : '/windowStart', message: 'a window needs both a start and an end' }]);
    if (start === end) throw validationError([{ field: '/windowEnd', message: 'the window is empty' }]);
    const length = (minutesOf(end) - minutesOf(start) + 1440) % 1440;
    if (p.dwellMinutes > length) throw validationError([{ field: '/dwellMinutes', message: `the dwell (${p.dwellMinutes} min) does not fit in the window (${length} min)` }]);
  }
  if ((p.visitsPerShift - 1) * p.minGapMinutes >= 1440) throw validationError([{ field: '/minGapMinutes', message: `${p.visitsPerShift} visits ${p.minGapMinutes} minutes apart do not fit in a day` }]);
}

async function visiblePoint(ctx: Ctx, actor: Actor, id: number): Promise<PointRow> {
  const cur = await repo.pointRow(ctx.db, id);
  // a point outside the caller's area is not found (its existence is not revealed)
  if (!cur || !inScope(actor, ctx.areas.tree(), [cur.area_id])) throw new AppError('PATROL_POINT_NOT_FOUND', `Patrol point ${id} not found`, { field: '/id' });
  return cur;
}

/** A point the caller may see, by code (the Excel exchange's key): null when there is none, 'hidden' outside the scope. */
export async function pointByCode(ctx: Ctx, actor: Actor, code: string): Promise<PatrolPoint | null | 'hidden'> {
  const id = (await repo.pointIdsByCode(ctx.db, [code])).get(code);
  if (id === undefined) return null;
  const row = await repo.pointRow(ctx.db, id);
  if (!row) return null;
  return inScope(actor, ctx.areas.tree(), [row.area_id]) ? presentPoint(row) : 'hidden';
}

export async function createPoint(ctx: Ctx, actor: Actor, b: CreatePatrolPointBody): Promise<PatrolPoint> {
  authorize(actor, 'patrol.manage');
  const rules = { windowStart: b.windowStart ?? null, windowEnd: b.windowEnd ?? null, dwellMinutes: b.dwellMinutes, visitsPerShift: b.visitsPerShift, minGapMinutes: b.minGapMinutes ?? 0 };
  checkPointRules(rules);
  const areaId = await stationFor(ctx, actor, b.lon, b.lat, '/lon');
  const id = await ctx.db
    .transaction()
    .execute(async (tx) => {
      const id = await repo.insertPoint(tx, { code: b.code, name: b.name, kind: b.kind, tier: b.tier, areaId, lon: b.lon, lat: b.lat, ...rules, radiusM: b.radiusM ?? 50 });
      await audit(tx, actor, 'patrol_point.create', 'patrol_point', id, { code: b.code, name: b.name, kind: b.kind, tier: b.tier, areaId, lon: b.lon, lat: b.lat });
      return id;
    })
    .catch((e: unknown) => {
      throw isUnique(e) ? duplicate(b.code) : e;
    });
  return presentPoint((await repo.pointRow(ctx.db, id))!);
}

/** Edit a point; `active` false retires it (refused while planned), true reactivates it. */
export async function updatePoint(ctx: Ctx, actor: Actor, id: number, b: UpdatePatrolPointBody): Promise<PatrolPoint> {
  authorize(actor, 'patrol.manage');
  const cur = await visiblePoint(ctx, actor, id);
  const before = presentPoint(cur);
  if ((b.lon === undefined) !== (b.lat === undefined)) throw validationError([{ field: b.lon === undefined ? '/lon' : '/lat', message: 'a move gives both lon and lat' }]);
  const moved = b.lon !== undefined && b.lat !== undefined && (b.lon !== cur.lon || b.lat !== cur.lat);
  const next = {
    name: b.name ?? before.name,
    kind: b.kind ?? before.kind,
    tier: b.tier ?? before.tier,
    lon: b.lon ?? before.lon,
    lat: b.lat ?? before.lat,
    visitsPerShift: b.visitsPerShift ?? before.visitsPerShift,
    dwellMinutes: b.dwellMinutes ?? before.dwellMinutes,
    windowStart: b.windowStart !== undefined ? b.windowStart : before.windowStart,
    windowEnd: b.windowEnd !== undefined ? b.windowEnd : before.windowEnd,
    minGapMinutes: b.minGapMinutes ?? before.minGapMinutes,
    radiusM: b.radiusM ?? before.radiusM,
    active: b.active ?? before.active,
  };
  checkPointRules(next);
  const areaId = moved ? await stationFor(ctx, actor, next.lon, next.lat, '/lon') : cur.area_id;
  const changes = diff(before, next);
  if (Object.keys(changes).length === 0) {
    assertVersion(cur.version, b.version);
    return before;
  }
  if (next.active && !before.active && !moved) await stationFor(ctx, actor, cur.lon, cur.lat, '/active');
  const action = changes.active ? (next.active ? 'patrol_point.reactivate' : 'patrol_point.retire') : 'patrol_point.update';
  await ctx.db.transaction().execute(async (tx) => {
    if (!next.active && before.active) await refuseIfPlanned({ ...ctx, db: tx }, 'point', id, `Point ${cur.code}`);
    await repo.updatePoint(
      tx,
      id,
      {
        name: next.name,
        kind: next.kind,
        tier: next.tier,
        visits_per_shift: next.visitsPerShift,
        dwell_min: next.dwellMinutes,
        min_gap_min: next.minGapMinutes,
        radius_m: next.radiusM,
        active: next.active,
        window_start: next.windowStart,
        window_end: next.windowEnd,
        ...(moved && areaId !== null ? { at: { lon: next.lon, lat: next.lat, areaId } } : {}),
      },
      b.version,
    );
    await audit(tx, actor, action, 'patrol_point', id, { code: cur.code, changes });
  });
  return presentPoint((await repo.pointRow(ctx.db, id))!);
}

export async function retirePoint(ctx: Ctx, actor: Actor, id: number, b: PatrolRetireBody): Promise<PatrolPoint> {
  authorize(actor, 'patrol.manage');
  const cur = await visiblePoint(ctx, actor, id);
  if (!cur.active) throw notAllowed('point', 'retired', 'retire');
  await ctx.db.transaction().execute(async (tx) => {
    await refuseIfPlanned({ ...ctx, db: tx }, 'point', id, `Point ${cur.code}`);
    await repo.updatePoint(tx, id, { active: false }, b.version);
    await audit(tx, actor, 'patrol_point.retire', 'patrol_point', id, { code: cur.code, reason: b.reason ?? null });
  });
  return presentPoint((await repo.pointRow(ctx.db, id))!);
}

export async function reactivatePoint(ctx: Ctx, actor: Actor, id: number, version: number): Promise<PatrolPoint> {
  authorize(actor, 'patrol.manage');
  const cur = await visiblePoint(ctx, actor, id);
  if (cur.active) throw notAllowed('point', 'active', 'reactivate');
  // its place must still lie in a live station (areas may have been re-cut since)
  const areaId = await stationFor(ctx, actor, cur.lon, cur.lat, '/id');
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updatePoint(tx, id, { active: true, ...(areaId !== cur.area_id ? { at: { lon: cur.lon, lat: cur.lat, areaId } } : {}) }, version);
    await audit(tx, actor, 'patrol_point.reactivate', 'patrol_point', id, { code: cur.code });
  });
  return presentPoint((await repo.pointRow(ctx.db, id))!);
}

// ---------------------------------------------------------------- lines

async function visibleLine(ctx: Ctx, actor: Actor, id: number): Promise<LineRow> {
  const [cur] = await repo.linesInArea(ctx.db, null, { ids: [id] });
  if (!cur || !inScope(actor, ctx.areas.tree(), [cur.area_id])) throw new AppError('PATROL_LINE_NOT_FOUND', `Patrol line ${id} not found`, { field: '/id' });
  return cur;
}

/**
 * A course: repeated vertices dropped, at least two left; every vertex inside a live station of the caller's area;
 * between LINE_MIN_M and LINE_MAX_M long. Returns the course and the station at its start (the line's area).
 */
export async function checkCourse(ctx: Ctx, actor: Actor, coords: readonly [number, number][]): Promise<{ coordinates: [number, number][]; areaId: number; lengthM: number }> {
  const course: [number, number][] = [];
  const index: number[] = [];
  coords.forEach((c, i) => {
    const last = course[course.length - 1];
    if (!last || last[0] !== c[0] || last[1] !== c[1]) {
      course.push([c[0], c[1]]);
      index.push(i);
    }
  });
  if (course.length < 2) throw validationError([{ field: '/coordinates', message: 'a line needs at least 2 distinct vertices' }]);
  const stations = await repo.stationsAt(ctx.db, course);
  const tree = ctx.areas.tree();
  for (const [k, st] of stations.entries()) {
    const field = `/coordinates/${index[k]}`;
    if (st === null) throw new AppError('OUTSIDE_JURISDICTION', `Vertex ${index[k]} [${course[k]!.join(', ')}] is outside every station area`, { field });
    if (!inScope(actor, tree, [st])) throw new AppError('OUT_OF_SCOPE', `Vertex ${index[k]} [${course[k]!.join(', ')}] is outside your area`, { field });
  }
  const lengthM = await repo.courseLength(ctx.db, course);
  if (lengthM < LINE_MIN_M) throw validationError([{ field: '/coordinates', message: `the line is ${Math.round(lengthM)} m long; at least ${LINE_MIN_M} m` }]);
  if (lengthM > LINE_MAX_M) throw validationError([{ field: '/coordinates', message: `the line is ${Math.round(lengthM / 100) / 10} km long; at most ${LINE_MAX_M / 1000} km` }]);
  return { coordinates: course, areaId: stations[0]!, lengthM };
}

export async function createLine(ctx: Ctx, actor: Actor, b: CreatePatrolLineBody): Promise<PatrolLine> {
  authorize(actor, 'patrol.manage');
  const course = await checkCourse(ctx, actor, b.coordinates);
  const id = await ctx.db
    .transaction()
    .execute(async (tx) => {
      const id = await repo.insertLine(tx, { code: b.code, name: b.name, tier: b.tier, areaId: course.areaId, coordinates: course.coordinates, visitsPerShift: b.visitsPerShift });
      await audit(tx, actor, 'patrol_line.create', 'patrol_line', id, { code: b.code, name: b.name, tier: b.tier, areaId: course.areaId, vertices: course.coordinates.length, lengthM: Math.round(course.lengthM) });
      return id;
    })
    .catch((e: unknown) => {
      throw isUnique(e) ? duplicate(b.code) : e;
    });
  return presentLine((await repo.linesInArea(ctx.db, null, { ids: [id] }))[0]!);
}

export async function updateLine(ctx: Ctx, actor: Actor, id: number, b: UpdatePatrolLineBody): Promise<PatrolLine> {
  authorize(actor, 'patrol.manage');
  const cur = await visibleLine(ctx, actor, id);
  const before = presentLine(cur);
  const course = b.coordinates ? await checkCourse(ctx, actor, b.coordinates) : null;
  const next = {
    name: b.name ?? before.name,
    tier: b.tier ?? before.tier,
    visitsPerShift: b.visitsPerShift ?? before.visitsPerShift,
    coordinates: course?.coordinates ?? before.coordinates,
  };
  const changes = diff(before, next);
  if (Object.keys(changes).length === 0) {
    assertVersion(cur.version, b.version);
    return before;
  }
  // the audit names the course by its vertices and length, not every coordinate
  if (changes.coordinates) changes.coordinates = [{ vertices: before.coordinates.length, lengthM: before.lengthM }, { vertices: next.coordinates.length, lengthM: Math.round(course!.lengthM) }];
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateLine(
      tx,
      id,
      {
        name: next.name,
        tier: next.tier,
        visits_per_shift: next.visitsPerShift,
        ...(course && changes.coordinates ? { course: { coordinates: course.coordinates, areaId: course.areaId } } : {}),
      },
      b.version,
    );
    await audit(tx, actor, 'patrol_line.update', 'patrol_line', id, { code: cur.code, changes });
  });
  return presentLine((await repo.linesInArea(ctx.db, null, { ids: [id] }))[0]!);
}

export async function retireLine(ctx: Ctx, actor: Actor, id: number, b: PatrolRetireBody): Promise<PatrolLine> {
  authorize(actor, 'patrol.manage');
  const cur = await visibleLine(ctx, actor, id);
  if (!cur.active) throw notAllowed('line', 'retired', 'retire');
  await ctx.db.transaction().execute(async (tx) => {
    await refuseIfPlanned({ ...ctx, db: tx }, 'line', id, `Line ${cur.code}`);
    await repo.updateLine(tx, id, { active: false }, b.version);
    await audit(tx, actor, 'patrol_line.retire', 'patrol_line', id, { code: cur.code, reason: b.reason ?? null });
  });
  return presentLine((await repo.linesInArea(ctx.db, null, { ids: [id] }))[0]!);
}

export async function reactivateLine(ctx: Ctx, actor: Actor, id: number, version: number): Promise<PatrolLine> {
  authorize(actor, 'patrol.manage');
  const cur = await visibleLine(ctx, actor, id);
  if (cur.active) throw notAllowed('line', 'active', 'reactivate');
  const course = await checkCourse(ctx, actor, presentLine(cur).coordinates);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateLine(tx, id, { active: true, ...(course.areaId !== cur.area_id ? { course: { coordinates: course.coordinates, areaId: course.areaId } } : {}) }, version);
    await audit(tx, actor, 'patrol_line.reactivate', 'patrol_line', id, { code: cur.code });
  });
  return presentLine((await repo.linesInArea(ctx.db, null, { ids: [id] }))[0]!);
}

/** The points the caller administers (every one for admins), active and retired: the Excel export. */
export async function pointsToExport(ctx: Ctx, actor: Actor): Promise<PatrolPoint[]> {
  authorize(actor, 'patrol.read');
  const tree = ctx.areas.tree();
  const rows = await repo.pointsInArea(ctx.db, actor.scopeAreaId ?? null);
  return rows.filter((r) => inScope(actor, tree, [r.area_id])).map(presentPoint);
}
