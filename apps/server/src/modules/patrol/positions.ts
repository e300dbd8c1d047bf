// Positions feed patrol: after each batch, geofence check-ins at the stops of routes on now (lines need their start,
// middle and end passed within an hour) and the off-route rule for available teams (core's `deviationState`).
// The routes on now are cached per context (active.ts) and rebuilt when a plan changes and at least every minute.
import { deviationState, haversineMeters } from '@jingwang/core';
import type { Ctx } from '../../context';
import { iso, json } from '../../lib/format';
import { activeState, type ActiveRoute, type ActiveStop } from './active';
import { publishCheckin, SHIFT_GRACE_MS } from './checkins';
import { publishFlag, raiseFlag } from './flags';
import * as repo from './repo/field';
import * as planRepo from './repo/plans';
import type { Candidate, StoredStop } from './stops';

/** A second geofence check-in at the same place counts only this long after the previous one (unless its gap is longer). */
const REVISIT_MS = 10 * 60_000;
/** Positions kept per unit for the off-route rule. */
const RECENT = 30;

type Fix = { lon: number; lat: number; at: number };

async function refreshActive(ctx: Ctx): Promise<ReturnType<typeof activeState>> {
  const st = activeState(ctx);
  const now = ctx.clock.now().getTime();
  if (st.builtGeneration === st.generation && now - st.builtAt < 60_000) return st;
  const gen = st.generation;
  const plans = await planRepo.publishedPlansBetween(ctx.db, now - SHIFT_GRACE_MS, now + SHIFT_GRACE_MS);
  const byUnit = new Map<number, ActiveRoute[]>();
  if (plans.length) {
    const routes = await planRepo.routeRows(ctx.db, plans.map((p) => p.id));
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
  const byUnit = new Map<number, Fix[]>();
  for (const p of positions) {
    if (!st.byUnit.has(p.unitId)) continue;
    byUnit.set(p.unitId, [...(byUnit.get(p.unitId) ?? []), { lon: p.lon, lat: p.lat, at: Date.parse(p.at) }]);
  }
  // a team sent to an incident leaves its route for a reason: the off-route rule applies to available teams only
  const statuses = new Map((await repo.unitStates(ctx.db, [...byUnit.keys()])).map((u) => [u.id, u.status]));
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

async function geofence(ctx: Ctx, route: ActiveRoute, ps: readonly Fix[]): Promise<number> {
  let n = 0;
  // the newest check-in per place on this route
  const last = new Map<string, number>();
  for (const r of await repo.lastCheckins(ctx.db, route.routeId)) last.set(`${r.kind}:${r.ref}`, Date.parse(iso(r.at)));
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
      const id = await repo.insertCheckin(ctx.db, {
        plan_id: route.planId,
        route_id: route.routeId,
        unit_id: route.unitId,
        kind: s.kind,
        ref: s.ref,
        method: 'geofence',
        at: new Date(p.at).toISOString(),
        lon: p.lon,
        lat: p.lat,
        note: null,
        photo_id: null,
        by_name: '定位',
      });
      last.set(key, p.at);
      n++;
      await publishCheckin(ctx, id, route.areaId);
    }
  }
  return n;
}

/** A line is patrolled when, within the last hour, the track passed each of its start, middle and end checkpoints. */
async function linePassed(ctx: Ctx, route: ActiveRoute, s: ActiveStop, p: Fix): Promise<boolean> {
  const cps = s.checkpoints!;
  if (!cps.some(([x, y]) => haversineMeters(p.lon, p.lat, x, y) <= s.radius)) return false;
  const track = await repo.unitTrack(ctx.db, route.unitId, Math.max(route.shiftStart, p.at - 3600_000), p.at);
  const pts = [...track, p];
  return cps.every(([x, y]) => pts.some((q) => haversineMeters(q.lon, q.lat, x, y) <= s.radius));
}

async function deviation(ctx: Ctx, st: ReturnType<typeof activeState>, route: ActiveRoute, ps: readonly Fix[]) {
  const res = { raised: 0, cleared: 0 };
  if (ps.length === 0 || route.path.length < 2) return res;
  const recent = st.recent.get(route.unitId) ?? [];
  for (const p of ps) if (!recent.length || p.at > recent[recent.length - 1]!.at) recent.push(p);
  while (recent.length > RECENT) recent.shift();
  st.recent.set(route.unitId, recent);
  const d = deviationState(recent, route.path, { offRouteMeters: ctx.config.offRouteM, minSeconds: ctx.config.offRouteMinutes * 60 });
  const newest = recent[recent.length - 1]!;
  if (d.state === 'off') {
    const raised = await raiseFlag(
      ctx,
      {
        plan_id: route.planId,
        route_id: route.routeId,
        unit_id: route.unitId,
        kind: 'off_route',
        raised_at: new Date(newest.at).toISOString(),
        ref: null,
        detail: `离开计划路线 ${Math.round(d.distanceM)} 米，超过 ${ctx.config.offRouteMinutes} 分钟`,
        distance_m: d.distanceM,
        lon: newest.lon,
        lat: newest.lat,
      },
      route.areaId,
    );
    if (raised) res.raised++;
  } else if (d.state === 'on') {
    for (const id of await repo.clearOffRoute(ctx.db, route.routeId, new Date(newest.at).toISOString())) {
      res.cleared++;
      await publishFlag(ctx, id, route.areaId);
    }
  }
  return res;
}
