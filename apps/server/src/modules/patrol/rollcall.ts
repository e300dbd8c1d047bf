// Roll call (日点名): every team of a published plan against where its plan has it now; a team not there is flagged
// absent. Taken by hand, or by the system at the shift's roll-call time.
import { haversineMeters, expectedPosition, type Waypoint } from '@jingwang/core';
import type { RollCall } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso, json } from '../../lib/format';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { raiseFlag } from './flags';
import { planTransition, visiblePlan } from './plans';
import * as repo from './repo/field';
import * as planRepo from './repo/plans';
import type { StoredStop } from './stops';

/** A route as timed waypoints: its base, its stops, its base again at the end. */
export function waypointsOf(route: { start_lon: number; start_lat: number; duration_s: number; stops: unknown }): Waypoint[] {
  const stops = json<StoredStop[]>(route.stops);
  return [
    { lon: route.start_lon, lat: route.start_lat, arrive: 0, depart: 0 },
    ...stops.map((s) => ({ lon: s.lon, lat: s.lat, arrive: s.arrive, depart: s.depart })),
    { lon: route.start_lon, lat: route.start_lat, arrive: route.duration_s, depart: route.duration_s },
  ];
}

/** A verified check-in this recent makes a team present at roll call whatever its GPS says. */
const ROLL_CALL_CHECKIN_MS = 20 * 60_000;

export async function rollCall(ctx: Ctx, actor: Actor, planId: number): Promise<RollCall> {
  authorize(actor, 'patrol.plan');
  const plan = await visiblePlan(ctx, actor, planId);
  planTransition(plan, 'roll_call', 'Roll call needs a published plan');
  const now = ctx.clock.now().getTime();
  const t = (now - Date.parse(iso(plan.shift_start))) / 1000;
  const routes = await planRepo.routeRows(ctx.db, [planId]);
  const units = await repo.unitStates(ctx.db, routes.map((r) => r.unit_id));
  // the newest verified check-in of each route within the window: proof the team is on its patrol
  const lastCheckin = new Map<number, string>();
  for (const c of await planRepo.checkinsOf(ctx.db, planId)) {
    const at = Date.parse(iso(c.at));
    if (at <= now && now - at <= ROLL_CALL_CHECKIN_MS) lastCheckin.set(c.route_id, iso(c.at));
  }
  const entries = routes.map((r) => {
    const u = units.find((x) => x.id === r.unit_id)!;
    const [ex, ey] = expectedPosition(waypointsOf(r), t);
    const fresh = u.position_at !== null && now - Date.parse(iso(u.position_at)) <= Math.max(ctx.config.stalePositionSeconds * 1000, 15 * 60_000);
    const distance = u.lon !== null && u.lat !== null ? haversineMeters(u.lon, u.lat, ex, ey) : null;
    const checkinAt = lastCheckin.get(r.id) ?? null;
    const result: RollCall['entries'][number]['result'] =
      u.status === 'off_duty'
        ? 'absent'
        : fresh && distance !== null && distance <= ctx.config.rollCallRadiusM
          ? 'present'
          : checkinAt !== null
            ? 'present'
            : !fresh || distance === null
              ? 'no_position'
              : 'away';
    return {
      checkinAt,
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
  const at = new Date(now).toISOString();
  const stored = entries.map(({ routeId: _r, ...e }) => e);
  const id = await repo.insertRollCall(ctx.db, { plan_id: planId, at, by_name: actor.displayName, entries: JSON.stringify(stored) });
  // every team not where it should be is listed as absent, with a flag the command room can follow up
  for (const e of entries) {
    if (e.result === 'present') continue;
    await raiseFlag(
      ctx,
      {
        plan_id: planId,
        route_id: e.routeId,
        unit_id: e.unitId,
        kind: 'absent',
        raised_at: at,
        ref: `rollcall:${id}`,
        detail: e.result === 'absent' ? '点名时不在岗（下勤）' : e.result === 'no_position' ? '点名时无有效定位' : `点名时距计划位置 ${e.distanceM} 米`,
        distance_m: e.distanceM,
        lon: e.expectedLon,
        lat: e.expectedLat,
      },
      plan.area_id,
    );
  }
  await audit(ctx.db, actor, 'patrol.roll_call', 'patrol_plan', planId, { present: entries.filter((e) => e.result === 'present').length, teams: entries.length });
  return presentRollCall({ id, plan_id: planId, at, by_name: actor.displayName, entries: stored });
}

function presentRollCall(r: repo.RollCallRow): RollCall {
  const entries = json<RollCall['entries']>(r.entries);
  const present = entries.filter((e) => e.result === 'present').length;
  return { id: r.id, planId: r.plan_id, at: iso(r.at), byName: r.by_name, entries, present, absent: entries.length - present };
}

export async function listRollCalls(ctx: Ctx, actor: Actor, planId: number): Promise<RollCall[]> {
  authorize(actor, 'patrol.read');
  await visiblePlan(ctx, actor, planId);
  return (await repo.rollCallRows(ctx.db, planId)).map(presentRollCall);
}

/**
 * Automatic roll call: for every published plan whose roll-call time (shift start + offset) has passed within the
 * last hour and that has no roll call yet, one is taken by the system.
 */
export async function sweepRollCalls(ctx: Ctx, system: Actor): Promise<number> {
  const due = await repo.dueRollCalls(ctx.db, ctx.clock.now().getTime());
  for (const id of due) await rollCall(ctx, system, id);
  return due.length;
}
