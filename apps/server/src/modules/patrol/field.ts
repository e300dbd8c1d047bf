// Proof of patrol: the field view of a team, check-ins (geofence from positions, QR code, by hand with note and
// photo), live flags (off route, missed point, absent at roll call) and the daily roll call (日点名).
import { sql } from 'kysely';
import { deviationState, expectedPosition, haversineMeters, type Waypoint } from '@jingwang/core';
import type { Checkin, CheckinBody, FieldView, PatrolFlag, PatrolFlagKind, PatrolFlagStatus, PatrolStopKind, PatrolTier, RollCall } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import { activeState, invalidateActive, type ActiveRoute, type ActiveStop } from './active';
import { checkinsOf, checkPlanAreaScope, matchCheckins, planAreaIds, planRow, presentRoute, routeRows, stopDeadline, type Candidate, type PlanRow, type StoredStop } from './plans';
import { qrTokenMatches } from './reference';
import { iso, json } from './util';

/** Check-ins are taken this long before the shift starts and after it ends (a team leaving early, a late upload). */
const SHIFT_GRACE_MS = 30 * 60_000;
/** A second geofence check-in at the same place counts only this long after the previous one (unless its gap is longer). */
const REVISIT_MS = 10 * 60_000;
const RECENT = 30;
const MAX_PHOTO_BYTES = 3 * 1024 * 1024;

// ---------------------------------------------------------------- presenting

interface CheckinRow {
  id: number;
  plan_id: number;
  route_id: number;
  unit_id: number;
  callsign: string;
  kind: string;
  ref: string;
  method: string;
  at: string;
  lon: number | null;
  lat: number | null;
  note: string | null;
  photo_id: number | null;
  by_name: string;
  stops: unknown;
}

function presentCheckin(r: CheckinRow): Checkin {
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
  };
}

function checkinQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('patrol_checkins as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .innerJoin('patrol_routes as r', 'r.id', 'c.route_id')
    .select(['c.id', 'c.plan_id', 'c.route_id', 'c.unit_id', 'u.callsign', 'c.kind', 'c.ref', 'c.method', 'c.at', 'c.lon', 'c.lat', 'c.note', 'c.photo_id', 'c.by_name', 'r.stops']);
}

export async function listCheckins(ctx: Ctx, actor: Actor, planId: number): Promise<Checkin[]> {
  authorize(actor, 'patrol.read');
  const plan = await planRow(ctx.db, planId);
  checkPlanAreaScope(ctx, actor, plan.area_id);
  const rows = await checkinQuery(ctx).where('c.plan_id', '=', planId).orderBy('c.at').execute();
  return (rows as CheckinRow[]).map(presentCheckin);
}

interface FlagRow {
  id: number;
  plan_id: number;
  route_id: number;
  unit_id: number;
  callsign: string;
  kind: string;
  status: string;
  raised_at: string;
  cleared_at: string | null;
  ref: string | null;
  detail: string;
  distance_m: number | null;
  lon: number | null;
  lat: number | null;
  version: number;
}
const presentFlag = (r: FlagRow): PatrolFlag => ({
  id: r.id,
  planId: r.plan_id,
  routeId: r.route_id,
  unitId: r.unit_id,
  callsign: r.callsign,
  kind: r.kind as PatrolFlagKind,
  status: r.status as PatrolFlagStatus,
  raisedAt: iso(r.raised_at),
  clearedAt: r.cleared_at ? iso(r.cleared_at) : null,
  ref: r.ref,
  detail: r.detail,
  distanceM: r.distance_m === null ? null : Math.round(r.distance_m),
  lon: r.lon,
  lat: r.lat,
  version: r.version,
});

function flagQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('patrol_flags as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .select(['f.id', 'f.plan_id', 'f.route_id', 'f.unit_id', 'u.callsign', 'f.kind', 'f.status', 'f.raised_at', 'f.cleared_at', 'f.ref', 'f.detail', 'f.distance_m', 'f.lon', 'f.lat', 'f.version']);
}

async function publishFlag(ctx: Ctx, id: number, areaId: number): Promise<PatrolFlag> {
  const f = presentFlag((await flagQuery(ctx).where('f.id', '=', id).executeTakeFirstOrThrow()) as FlagRow);
  ctx.hub.publishPatrol({ type: 'patrol_flag', flag: f }, planAreaIds(ctx, areaId));
  ctx.bus?.notify('patrol_flag', [id]);
  return f;
}

/** A flag or check-in made on another API node: send it to this node's sockets. */
export async function publishPatrolLocal(ctx: Ctx, kind: 'patrol_flag' | 'patrol_checkin' | 'patrol_plan', ids: number[]): Promise<void> {
  if (kind === 'patrol_plan') invalidateActive(ctx);
  if (ctx.hub.size() === 0) return;
  for (const id of ids) {
    if (kind === 'patrol_flag') {
      const r = (await flagQuery(ctx).where('f.id', '=', id).executeTakeFirst()) as FlagRow | undefined;
      if (!r) continue;
      const plan = await planRow(ctx.db, r.plan_id);
      ctx.hub.publishPatrol({ type: 'patrol_flag', flag: presentFlag(r) }, planAreaIds(ctx, plan.area_id));
    } else if (kind === 'patrol_checkin') {
      const r = (await checkinQuery(ctx).where('c.id', '=', id).executeTakeFirst()) as CheckinRow | undefined;
      if (!r) continue;
      const plan = await planRow(ctx.db, r.plan_id);
      ctx.hub.publishPatrol({ type: 'patrol_checkin', checkin: presentCheckin(r) }, planAreaIds(ctx, plan.area_id));
    } else {
      const plan = await planRow(ctx.db, id);
      ctx.hub.publishPatrol({ type: 'patrol_plan', planId: id, status: plan.status as never, version: plan.version, areaId: plan.area_id }, planAreaIds(ctx, plan.area_id));
    }
  }
}

export async function listFlags(ctx: Ctx, actor: Actor, q: { planId?: number; status?: PatrolFlagStatus; date?: string }): Promise<PatrolFlag[]> {
  authorize(actor, 'patrol.read');
  let qb = flagQuery(ctx).innerJoin('patrol_plans as p', 'p.id', 'f.plan_id');
  if (q.planId) qb = qb.where('f.plan_id', '=', q.planId);
  if (q.status) qb = qb.where('f.status', '=', q.status);
  if (q.date) qb = qb.where('p.plan_date', '=', q.date);
  if (actor.scopeAreaId !== null) {
    const tree = ctx.areas.tree();
    qb = qb.where('p.area_id', 'in', [...tree.descendantsAndSelf(actor.scopeAreaId), ...tree.ancestors(actor.scopeAreaId).map((a) => a.id)]);
  }
  const rows = await qb.orderBy('f.raised_at', 'desc').limit(500).execute();
  return (rows as FlagRow[]).map(presentFlag);
}

export async function acknowledgeFlag(ctx: Ctx, actor: Actor, id: number, version: number): Promise<PatrolFlag> {
  authorize(actor, 'patrol.plan');
  const f = await ctx.db.selectFrom('patrol_flags').select(['plan_id', 'status']).where('id', '=', id).executeTakeFirst();
  if (!f) throw new AppError('PATROL_FLAG_NOT_FOUND');
  const plan = await planRow(ctx.db, f.plan_id);
  checkPlanAreaScope(ctx, actor, plan.area_id);
  if (f.status !== 'open') throw new AppError('INVALID_TRANSITION', `The flag is ${f.status}`);
  const res = await ctx.db
    .updateTable('patrol_flags')
    .set({ status: 'acknowledged', ack_by_name: actor.displayName, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  await audit(ctx.db, actor, 'patrol_flag.acknowledge', 'patrol_flag', id, {});
  return publishFlag(ctx, id, plan.area_id);
}

// ---------------------------------------------------------------- field view

/** The unit the caller serves in (its person's unit), or null. */
export async function unitOfActor(ctx: Ctx, actor: Actor): Promise<{ id: number; callsign: string; type: string; lon: number | null; lat: number | null } | null> {
  if (actor.userId === null) return null;
  const r = await ctx.db
    .selectFrom('users as us')
    .innerJoin('unit_members as m', 'm.person_id', 'us.person_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['u.id', 'u.callsign', 'u.type', 'u.lon', 'u.lat'])
    .where('us.id', '=', actor.userId)
    .orderBy('u.patrol_tier')
    .orderBy('u.id')
    .executeTakeFirst();
  return r ?? null;
}

/** The unit's route in a published plan: the shift on now, else the next within 18 hours, else today's last one. */
async function currentRouteOf(ctx: Ctx, unitId: number): Promise<{ plan: PlanRow; routeId: number } | null> {
  const now = ctx.clock.now().getTime();
  const rows = await ctx.db
    .selectFrom('patrol_routes as r')
    .innerJoin('patrol_plans as p', 'p.id', 'r.plan_id')
    .select(['r.id as route_id', 'p.id as plan_id', 'p.shift_start', 'p.shift_end'])
    .where('r.unit_id', '=', unitId)
    .where('p.status', '=', 'published')
    .where('p.shift_end', '>', new Date(now - 18 * 3600_000).toISOString())
    .where('p.shift_start', '<', new Date(now + 18 * 3600_000).toISOString())
    .orderBy('p.shift_start')
    .execute();
  const span = (r: (typeof rows)[number]) => ({ s: Date.parse(iso(r.shift_start)), e: Date.parse(iso(r.shift_end)) });
  const pick =
    rows.find((r) => span(r).s - SHIFT_GRACE_MS <= now && now <= span(r).e + SHIFT_GRACE_MS) ??
    rows.find((r) => span(r).s > now) ??
    [...rows].reverse().find((r) => span(r).e < now);
  if (!pick) return null;
  return { plan: await planRow(ctx.db, pick.plan_id), routeId: pick.route_id };
}

export async function fieldView(ctx: Ctx, actor: Actor, q: { unitId?: number }): Promise<FieldView> {
  authorize(actor, 'patrol.read');
  let unit: Awaited<ReturnType<typeof unitOfActor>>;
  if (q.unitId !== undefined) {
    authorize(actor, 'patrol.plan');
    const u = await ctx.db.selectFrom('units').select(['id', 'callsign', 'type', 'lon', 'lat', 'home_area_id', 'patrol_area_id']).where('id', '=', q.unitId).executeTakeFirst();
    if (!u) throw new AppError('UNIT_NOT_FOUND', undefined, { field: '/unitId' });
    if (!inScope(actor, ctx.areas.tree(), [u.home_area_id, u.patrol_area_id])) throw new AppError('OUT_OF_SCOPE');
    unit = u;
  } else unit = await unitOfActor(ctx, actor);
  if (!unit) return { unit: null, plan: null, route: null, flags: [], reason: 'no_unit' };
  const unitOut = { id: unit.id, callsign: unit.callsign, type: unit.type as never, lon: unit.lon, lat: unit.lat };
  const cur = await currentRouteOf(ctx, unit.id);
  if (!cur) return { unit: unitOut, plan: null, route: null, flags: [], reason: 'no_plan' };
  const route = (await routeRows(ctx.db, [], cur.routeId))[0]!;
  const checkins = await checkinsOf(ctx.db, cur.plan.id);
  const shift = await ctx.db.selectFrom('patrol_shifts').select('name').where('id', '=', cur.plan.shift_id).executeTakeFirstOrThrow();
  const flags = await flagQuery(ctx).where('f.route_id', '=', cur.routeId).orderBy('f.raised_at', 'desc').limit(50).execute();
  return {
    unit: unitOut,
    plan: {
      id: cur.plan.id,
      date: cur.plan.plan_date,
      shiftName: shift.name,
      shiftStart: iso(cur.plan.shift_start),
      shiftEnd: iso(cur.plan.shift_end),
      tier: cur.plan.tier as PatrolTier,
      areaName: ctx.areas.tree().get(cur.plan.area_id)?.name ?? '',
    },
    route: presentRoute(route, cur.plan, checkins, ctx.clock.now().getTime()),
    flags: (flags as FlagRow[]).map(presentFlag),
    reason: null,
  };
}

// ---------------------------------------------------------------- check-ins by QR code and by hand

function decodePhoto(dataUrl: string): { mime: 'image/jpeg' | 'image/png'; bytes: Buffer } {
  const m = /^data:(image\/(?:jpeg|png));base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  if (!m) throw validationError([{ field: '/photo', message: 'must be a base64 JPEG or PNG data URL' }]);
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'The photo is larger than 3 MB', { field: '/photo' });
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if ((m[1] === 'image/jpeg' && !jpeg) || (m[1] === 'image/png' && !png)) throw validationError([{ field: '/photo', message: 'the bytes are not the image type the data URL names' }]);
  return { mime: m[1] as 'image/jpeg' | 'image/png', bytes };
}

export async function checkIn(ctx: Ctx, actor: Actor, b: CheckinBody): Promise<Checkin> {
  authorize(actor, 'patrol.checkin');
  const route = (await routeRows(ctx.db, [], b.routeId))[0];
  if (!route) throw new AppError('PATROL_ROUTE_NOT_FOUND', undefined, { field: '/routeId' });
  const plan = await planRow(ctx.db, route.plan_id);
  if (plan.status !== 'published') throw new AppError('INVALID_TRANSITION', 'The plan is not published', { field: '/routeId' });
  // officers check in on their own unit's route; the command room may record a check-in for any team in its area
  if (actor.role === 'officer') {
    const mine = await unitOfActor(ctx, actor);
    const member = await ctx.db
      .selectFrom('unit_members as m')
      .innerJoin('users as us', 'us.person_id', 'm.person_id')
      .select('m.unit_id')
      .where('us.id', '=', actor.userId ?? 0)
      .where('m.unit_id', '=', route.unit_id)
      .executeTakeFirst();
    if (!member && mine?.id !== route.unit_id) throw new AppError('NOT_YOUR_ROUTE', undefined, { field: '/routeId' });
  } else {
    authorize(actor, 'patrol.plan');
    checkPlanAreaScope(ctx, actor, plan.area_id);
  }
  const now = ctx.clock.now().getTime();
  if (now < Date.parse(iso(plan.shift_start)) - SHIFT_GRACE_MS || now > Date.parse(iso(plan.shift_end)) + SHIFT_GRACE_MS) throw new AppError('SHIFT_NOT_ON', undefined, { field: '/routeId' });
  const stops = json<StoredStop[]>(route.stops);
  if (!stops.some((s) => s.kind === b.kind && s.ref === b.ref)) throw new AppError('STOP_NOT_ON_ROUTE', undefined, { field: '/ref' });
  if (b.method === 'qr') {
    if (b.kind !== 'point') throw validationError([{ field: '/kind', message: 'QR codes are printed for points only' }]);
    if (!b.token) throw validationError([{ field: '/token', message: 'is required for a QR check-in' }]);
    const p = await ctx.db.selectFrom('patrol_points').select(['id', 'qr_nonce']).where('id', '=', Number(b.ref)).executeTakeFirst();
    if (!p || !qrTokenMatches(ctx, p.id, p.qr_nonce, b.token)) throw new AppError('BAD_QR_TOKEN', undefined, { field: '/token' });
  }
  if ((b.lon === undefined) !== (b.lat === undefined)) throw validationError([{ field: b.lon === undefined ? '/lon' : '/lat', message: 'give both lon and lat, or neither' }]);
  const photo = b.photo ? decodePhoto(b.photo) : null;
  const id = await ctx.db.transaction().execute(async (tx) => {
    const photoId = photo ? (await tx.insertInto('patrol_photos').values({ mime: photo.mime, bytes: photo.bytes }).returning('id').executeTakeFirstOrThrow()).id : null;
    const r = await tx
      .insertInto('patrol_checkins')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
  await audit(ctx.db, actor, 'patrol.checkin', 'patrol_route', route.id, { method: b.method, kind: b.kind, ref: b.ref, photo: photo !== null });
  return publishCheckin(ctx, id, plan.area_id);
}

async function publishCheckin(ctx: Ctx, id: number, areaId: number): Promise<Checkin> {
  const c = presentCheckin((await checkinQuery(ctx).where('c.id', '=', id).executeTakeFirstOrThrow()) as CheckinRow);
  ctx.hub.publishPatrol({ type: 'patrol_checkin', checkin: c }, planAreaIds(ctx, areaId));
  ctx.bus?.notify('patrol_checkin', [id]);
  return c;
}

export async function readPhoto(ctx: Ctx, actor: Actor, id: number, ip: string | null): Promise<{ mime: string; bytes: Buffer }> {
  authorize(actor, 'patrol.read');
  const r = await ctx.db
    .selectFrom('patrol_photos as ph')
    .innerJoin('patrol_checkins as c', 'c.photo_id', 'ph.id')
    .innerJoin('patrol_plans as p', 'p.id', 'c.plan_id')
    .select(['ph.mime', 'ph.bytes', 'p.area_id'])
    .where('ph.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('PHOTO_NOT_FOUND');
  checkPlanAreaScope(ctx, actor, r.area_id);
  // a photo may show people: every view is audited
  await audit(ctx.db, actor, 'patrol_photo.read', 'patrol_photo', id, {}, ip);
  return { mime: r.mime, bytes: Buffer.from(r.bytes) };
}

// ---------------------------------------------------------------- geofences and deviation, from positions

async function refreshActive(ctx: Ctx): Promise<ReturnType<typeof activeState>> {
  const st = activeState(ctx);
  const now = ctx.clock.now().getTime();
  if (st.builtGeneration === st.generation && now - st.builtAt < 60_000) return st;
  const gen = st.generation;
  const plans = await ctx.db
    .selectFrom('patrol_plans')
    .select(['id', 'area_id', 'shift_start', 'shift_end', 'candidates'])
    .where('status', '=', 'published')
    .where('shift_start', '<=', new Date(now + SHIFT_GRACE_MS).toISOString())
    .where('shift_end', '>=', new Date(now - SHIFT_GRACE_MS).toISOString())
    .execute();
  const byUnit = new Map<number, ActiveRoute[]>();
  if (plans.length) {
    const routes = await routeRows(ctx.db, plans.map((p) => p.id));
    for (const r of routes) {
      const p = plans.find((x) => x.id === r.plan_id)!;
      const cands = new Map(json<Candidate[]>(p.candidates).map((c) => [`${c.kind}:${c.ref}`, c]));
      const stops: ActiveStop[] = json<StoredStop[]>(r.stops).map((s, index) => {
        const c = cands.get(`${s.kind}:${s.ref}`);
        return {
          index,
          kind: s.kind,
          ref: s.ref,
          lon: s.lon,
          lat: s.lat,
          radius: c?.radius ?? 50,
          ...(c?.checkpoints ? { checkpoints: c.checkpoints } : {}),
          minGapMs: Math.max(REVISIT_MS, (c?.minGap ?? 0) * 1000),
        };
      });
      const ar: ActiveRoute = {
        planId: r.plan_id,
        routeId: r.id,
        unitId: r.unit_id,
        areaId: p.area_id,
        shiftStart: Date.parse(iso(p.shift_start)),
        shiftEnd: Date.parse(iso(p.shift_end)),
        path: json<[number, number][]>(r.path),
        stops,
      };
      byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), ar]);
    }
  }
  st.byUnit = byUnit;
  st.builtAt = now;
  st.builtGeneration = gen;
  for (const id of [...st.recent.keys()]) if (!byUnit.has(id)) st.recent.delete(id);
  return st;
}

/**
 * After a batch of positions: geofence check-ins at the stops of routes on now, and the off-route rule. Positions
 * are the accepted ones (any order); each unit's are handled in time order. Returns what it recorded.
 */
export async function onPositions(ctx: Ctx, positions: readonly { unitId: number; lon: number; lat: number; at: string }[]): Promise<{ checkins: number; flagsRaised: number; flagsCleared: number }> {
  const out = { checkins: 0, flagsRaised: 0, flagsCleared: 0 };
  const st = await refreshActive(ctx);
  if (st.byUnit.size === 0) return out;
  const byUnit = new Map<number, { lon: number; lat: number; at: number }[]>();
  for (const p of positions) {
    if (!st.byUnit.has(p.unitId)) continue;
    byUnit.set(p.unitId, [...(byUnit.get(p.unitId) ?? []), { lon: p.lon, lat: p.lat, at: Date.parse(p.at) }]);
  }
  // a team sent to an incident leaves its route for a reason: the off-route rule applies to available teams only
  const statuses = byUnit.size
    ? new Map((await ctx.db.selectFrom('units').select(['id', 'status']).where('id', 'in', [...byUnit.keys()]).execute()).map((u) => [u.id, u.status]))
    : new Map<number, string>();
  for (const [unitId, ps] of byUnit) {
    ps.sort((a, b) => a.at - b.at);
    for (const route of st.byUnit.get(unitId)!) {
      const inShift = ps.filter((p) => p.at >= route.shiftStart - SHIFT_GRACE_MS && p.at <= route.shiftEnd + SHIFT_GRACE_MS);
      if (inShift.length === 0) continue;
      out.checkins += await geofence(ctx, route, inShift);
      if (statuses.get(unitId) !== 'available') st.recent.delete(unitId);
      else if (ps[ps.length - 1]!.at >= route.shiftStart && ps[0]!.at <= route.shiftEnd) {
        const r = await deviation(ctx, st, route, inShift.filter((p) => p.at >= route.shiftStart && p.at <= route.shiftEnd));
        out.flagsRaised += r.raised;
        out.flagsCleared += r.cleared;
      }
    }
  }
  return out;
}

async function geofence(ctx: Ctx, route: ActiveRoute, ps: readonly { lon: number; lat: number; at: number }[]): Promise<number> {
  let n = 0;
  // the newest check-in per place on this route
  const last = new Map<string, number>();
  const rows = await ctx.db.selectFrom('patrol_checkins').select(['kind', 'ref', sql<string>`max(at)`.as('at')]).where('route_id', '=', route.routeId).groupBy(['kind', 'ref']).execute();
  for (const r of rows) last.set(`${r.kind}:${r.ref}`, Date.parse(iso(r.at)));
  const seen = new Set<string>();
  for (const s of route.stops) {
    const key = `${s.kind}:${s.ref}`;
    if (seen.has(key)) continue; // one place, several stops: one check-in per pass
    seen.add(key);
    for (const p of ps) {
      const prev = last.get(key);
      if (prev !== undefined && p.at - prev < s.minGapMs) continue;
      let hit: boolean;
      if (s.kind === 'line' && s.checkpoints) hit = await linePassed(ctx, route, s, p);
      else hit = haversineMeters(p.lon, p.lat, s.lon, s.lat) <= s.radius;
      if (!hit) continue;
      const r = await ctx.db
        .insertInto('patrol_checkins')
        .values({ plan_id: route.planId, route_id: route.routeId, unit_id: route.unitId, kind: s.kind, ref: s.ref, method: 'geofence', at: new Date(p.at).toISOString(), lon: p.lon, lat: p.lat, note: null, photo_id: null, by_name: '定位' })
        .returning('id')
        .executeTakeFirstOrThrow();
      last.set(key, p.at);
      n++;
      await publishCheckin(ctx, r.id, route.areaId);
    }
  }
  return n;
}

/** A line is patrolled when, within the last hour, the track passed each of its start, middle and end checkpoints. */
async function linePassed(ctx: Ctx, route: ActiveRoute, s: ActiveStop, p: { lon: number; lat: number; at: number }): Promise<boolean> {
  const cps = s.checkpoints!;
  if (!cps.some(([x, y]) => haversineMeters(p.lon, p.lat, x, y) <= s.radius)) return false;
  const since = new Date(Math.max(route.shiftStart, p.at - 3600_000)).toISOString();
  const track = await ctx.db
    .selectFrom('unit_positions')
    .select(['lon', 'lat'])
    .where('unit_id', '=', route.unitId)
    .where('at', '>=', since)
    .where('at', '<=', new Date(p.at).toISOString())
    .execute();
  const pts = [...track, p];
  return cps.every(([x, y]) => pts.some((q) => haversineMeters(q.lon, q.lat, x, y) <= s.radius));
}

async function deviation(ctx: Ctx, st: ReturnType<typeof activeState>, route: ActiveRoute, ps: readonly { lon: number; lat: number; at: number }[]) {
  const res = { raised: 0, cleared: 0 };
  if (ps.length === 0 || route.path.length < 2) return res;
  const recent = st.recent.get(route.unitId) ?? [];
  for (const p of ps) if (!recent.length || p.at > recent[recent.length - 1]!.at) recent.push(p);
  while (recent.length > RECENT) recent.shift();
  st.recent.set(route.unitId, recent);
  const d = deviationState(recent, route.path, { offRouteMeters: ctx.config.offRouteM, minSeconds: ctx.config.offRouteMinutes * 60 });
  const newest = recent[recent.length - 1]!;
  if (d.state === 'off') {
    const r = await ctx.db
      .insertInto('patrol_flags')
      .values({
        plan_id: route.planId,
        route_id: route.routeId,
        unit_id: route.unitId,
        kind: 'off_route',
        raised_at: new Date(newest.at).toISOString(),
        cleared_at: null,
        ack_by_name: null,
        ref: null,
        detail: `离开计划路线 ${Math.round(d.distanceM)} 米，超过 ${ctx.config.offRouteMinutes} 分钟`,
        distance_m: d.distanceM,
        lon: newest.lon,
        lat: newest.lat,
      })
      .onConflict((oc) => oc.columns(['route_id']).where('kind', '=', 'off_route').where('status', '<>', 'cleared').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) {
      res.raised++;
      await publishFlag(ctx, r.id, route.areaId);
    }
  } else if (d.state === 'on') {
    const cleared = await ctx.db
      .updateTable('patrol_flags')
      .set({ status: 'cleared', cleared_at: new Date(newest.at).toISOString(), version: sql`version + 1` })
      .where('route_id', '=', route.routeId)
      .where('kind', '=', 'off_route')
      .where('status', '<>', 'cleared')
      .returning('id')
      .execute();
    for (const c of cleared) {
      res.cleared++;
      await publishFlag(ctx, c.id, route.areaId);
    }
  }
  return res;
}

// ---------------------------------------------------------------- missed points (a periodic sweep)

/**
 * Flags every mandatory stop of a published route whose deadline (window close, else shift end) has passed without
 * a check-in. Idempotent (one flag per route and stop). Runs every minute; tests call it with a moved clock.
 */
export async function sweepMissed(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().getTime();
  const plans = await ctx.db
    .selectFrom('patrol_plans')
    .select('id')
    .where('status', '=', 'published')
    .where('shift_start', '<=', new Date(now).toISOString())
    .where('shift_end', '>=', new Date(now - 24 * 3600_000).toISOString())
    .execute();
  let n = 0;
  for (const { id } of plans) {
    const plan = await planRow(ctx.db, id);
    const cands = new Map(json<Candidate[]>(plan.candidates).map((c) => [`${c.kind}:${c.ref}`, c]));
    const start = Date.parse(iso(plan.shift_start));
    const end = Date.parse(iso(plan.shift_end));
    const checkins = await checkinsOf(ctx.db, id);
    for (const r of await routeRows(ctx.db, [id])) {
      const stops = json<StoredStop[]>(r.stops);
      const matched = matchCheckins(stops, checkins.filter((c) => c.route_id === r.id));
      for (let i = 0; i < stops.length; i++) {
        const s = stops[i]!;
        const c = cands.get(`${s.kind}:${s.ref}`);
        if (!c || c.mandatoryVisits === 0 || matched[i]) continue;
        const deadline = stopDeadline(c, start, end);
        if (now <= deadline) continue;
        const occurrence = stops.slice(0, i).filter((x) => x.kind === s.kind && x.ref === s.ref).length + 1;
        const f = await ctx.db
          .insertInto('patrol_flags')
          .values({
            plan_id: id,
            route_id: r.id,
            unit_id: r.unit_id,
            kind: 'missed_point',
            raised_at: new Date(deadline).toISOString(),
            cleared_at: null,
            ack_by_name: null,
            ref: `${s.kind}:${s.ref}#${occurrence}`,
            detail: `${s.name}（第 ${occurrence} 次）未打卡`,
            distance_m: null,
            lon: s.lon,
            lat: s.lat,
          })
          .onConflict((oc) => oc.columns(['route_id', 'ref']).where('kind', '=', 'missed_point').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (f) {
          n++;
          await publishFlag(ctx, f.id, plan.area_id);
        }
      }
    }
  }
  return n;
}

// ---------------------------------------------------------------- roll call (日点名)

export function waypointsOf(route: { start_lon: number; start_lat: number; duration_s: number; stops: unknown }): Waypoint[] {
  const stops = json<StoredStop[]>(route.stops);
  return [
    { lon: route.start_lon, lat: route.start_lat, arrive: 0, depart: 0 },
    ...stops.map((s) => ({ lon: s.lon, lat: s.lat, arrive: s.arrive, depart: s.depart })),
    { lon: route.start_lon, lat: route.start_lat, arrive: route.duration_s, depart: route.duration_s },
  ];
}

export async function rollCall(ctx: Ctx, actor: Actor, planId: number): Promise<RollCall> {
  authorize(actor, 'patrol.plan');
  const plan = await planRow(ctx.db, planId);
  checkPlanAreaScope(ctx, actor, plan.area_id);
  if (plan.status !== 'published') throw new AppError('INVALID_TRANSITION', 'Roll call needs a published plan');
  const now = ctx.clock.now().getTime();
  const t = (now - Date.parse(iso(plan.shift_start))) / 1000;
  const routes = await routeRows(ctx.db, [planId]);
  const units = routes.length
    ? await ctx.db.selectFrom('units').select(['id', 'status', 'lon', 'lat', 'position_at']).where('id', 'in', routes.map((r) => r.unit_id)).execute()
    : [];
  const entries = routes.map((r) => {
    const u = units.find((x) => x.id === r.unit_id)!;
    const [ex, ey] = expectedPosition(waypointsOf(r), t);
    const fresh = u.position_at !== null && now - Date.parse(iso(u.position_at)) <= Math.max(ctx.config.stalePositionSeconds * 1000, 15 * 60_000);
    const distance = u.lon !== null && u.lat !== null ? haversineMeters(u.lon, u.lat, ex, ey) : null;
    const result: RollCall['entries'][number]['result'] =
      u.status === 'off_duty' ? 'absent' : !fresh || distance === null ? 'no_position' : distance <= ctx.config.rollCallRadiusM ? 'present' : 'away';
    return {
      unitId: r.unit_id,
      callsign: r.callsign,
      result,
      distanceM: distance === null ? null : Math.round(distance),
      positionAt: u.position_at ? iso(u.position_at) : null,
      expectedLon: Math.round(ex * 1e6) / 1e6,
      expectedLat: Math.round(ey * 1e6) / 1e6,
      routeId: r.id,
    };
  });
  const id = await ctx.db.transaction().execute(async (tx) => {
    const rc = await tx
      .insertInto('patrol_roll_calls')
      .values({ plan_id: planId, at: new Date(now).toISOString(), by_name: actor.displayName, entries: JSON.stringify(entries.map(({ routeId: _r, ...e }) => e)) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return rc.id;
  });
  // every team not where it should be is listed as absent, with a flag the command room can follow up
  for (const e of entries) {
    if (e.result === 'present') continue;
    const f = await ctx.db
      .insertInto('patrol_flags')
      .values({
        plan_id: planId,
        route_id: e.routeId,
        unit_id: e.unitId,
        kind: 'absent',
        raised_at: new Date(now).toISOString(),
        cleared_at: null,
        ack_by_name: null,
        ref: `rollcall:${id}`,
        detail: e.result === 'absent' ? '点名时不在岗（下勤）' : e.result === 'no_position' ? '点名时无有效定位' : `点名时距计划位置 ${e.distanceM} 米`,
        distance_m: e.distanceM,
        lon: e.expectedLon,
        lat: e.expectedLat,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await publishFlag(ctx, f.id, plan.area_id);
  }
  await audit(ctx.db, actor, 'patrol.roll_call', 'patrol_plan', planId, { present: entries.filter((e) => e.result === 'present').length, teams: entries.length });
  return presentRollCall({ id, plan_id: planId, at: new Date(now).toISOString(), by_name: actor.displayName, entries: entries.map(({ routeId: _r, ...e }) => e) });
}

function presentRollCall(r: { id: number; plan_id: number; at: string; by_name: string; entries: unknown }): RollCall {
  const entries = json<RollCall['entries']>(r.entries);
  const present = entries.filter((e) => e.result === 'present').length;
  return { id: r.id, planId: r.plan_id, at: iso(r.at), byName: r.by_name, entries, present, absent: entries.length - present };
}

export async function listRollCalls(ctx: Ctx, actor: Actor, planId: number): Promise<RollCall[]> {
  authorize(actor, 'patrol.read');
  const plan = await planRow(ctx.db, planId);
  checkPlanAreaScope(ctx, actor, plan.area_id);
  const rows = await ctx.db.selectFrom('patrol_roll_calls').selectAll().where('plan_id', '=', planId).orderBy('at', 'desc').execute();
  return rows.map(presentRollCall);
}

/**
 * Automatic roll call: for every published plan whose roll-call time (shift start + offset) has passed within the
 * last hour and that has no roll call yet, one is taken by the system.
 */
export async function sweepRollCalls(ctx: Ctx, system: Actor): Promise<number> {
  const now = ctx.clock.now().getTime();
  const due = await sql<{ id: number }>`
    select p.id from patrol_plans p join patrol_shifts s on s.id = p.shift_id
     where p.status = 'published'
       and p.shift_start + make_interval(mins => s.roll_call_offset_min) <= ${new Date(now).toISOString()}::timestamptz
       and p.shift_start + make_interval(mins => s.roll_call_offset_min) > ${new Date(now - 3600_000).toISOString()}::timestamptz
       and not exists (select 1 from patrol_roll_calls r where r.plan_id = p.id)`.execute(ctx.db);
  for (const r of due.rows) await rollCall(ctx, system, r.id);
  return due.rows.length;
}
