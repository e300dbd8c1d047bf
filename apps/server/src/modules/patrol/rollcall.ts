// Roll call (日点名): every team of a published plan against where its plan has it now; a team not there is flagged
// absent. Taken by hand, or by the system at the shift's roll-call time. The expected roll of each team is the
// people the duty roster (值班表) has on its unit at that time (issue 18: roll call from the roster and check-ins as
// well as GPS): each is present by their own verified check-in or by the unit's GPS, else absent, with the source.
import { haversineMeters, expectedPosition, type Waypoint } from '@jingwang/core';
import type { RollCall, RollCallPerson, RollCallSource } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso, json } from '../../lib/format';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { rosteredOnUnits } from '../roster/service';
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
  // the verified check-ins of the last ROLL_CALL_CHECKIN_MS: the newest of each route is proof the team is on its
  // patrol; the newest of each person (hand or QR, made by their own user) is proof that person is there
  const recent = await repo.rollCallCheckins(ctx.db, planId, now - ROLL_CALL_CHECKIN_MS, now);
  const lastCheckin = new Map<number, string>();
  const byDevice = new Set<number>();
  const byPerson = new Map<string, string>();
  for (const c of recent) {
    const at = iso(c.at);
    lastCheckin.set(c.route_id, at);
    if (c.method === 'geofence') byDevice.add(c.route_id);
    else if (c.person_id !== null) byPerson.set(`${c.route_id}:${c.person_id}`, at);
  }
  const rostered = await rosteredOnUnits(ctx, routes.map((r) => r.unit_id), new Date(now).toISOString());
  const entries = routes.map((r) => {
    const u = units.find((x) => x.id === r.unit_id)!;
    const [ex, ey] = expectedPosition(waypointsOf(r), t);
    const fresh = u.position_at !== null && now - Date.parse(iso(u.position_at)) <= Math.max(ctx.config.stalePositionSeconds * 1000, 15 * 60_000);
    const distance = u.lon !== null && u.lat !== null ? haversineMeters(u.lon, u.lat, ex, ey) : null;
    const checkinAt = lastCheckin.get(r.id) ?? null;
    const gps = fresh && distance !== null && distance <= ctx.config.rollCallRadiusM;
    const result: RollCall['entries'][number]['result'] =
      u.status === 'off_duty' ? 'absent' : gps ? 'present' : checkinAt !== null ? 'present' : !fresh || distance === null ? 'no_position' : 'away';
    const source: RollCallSource | null = result !== 'present' ? null : gps ? 'gps' : 'checkin';
    // the unit's device at its place (GPS now, or a geofence check-in made from it) accounts for its crew on the
    // roster; a hand or QR check-in only for the person who made it; an off-duty unit's crew is absent
    const device = u.status !== 'off_duty' && (gps || byDevice.has(r.id));
    const roster = (rostered.get(r.unit_id) ?? []).map((p): RollCallPerson => {
      const own = u.status !== 'off_duty' ? (byPerson.get(`${r.id}:${p.personId}`) ?? null) : null;
      return { personId: p.personId, personName: p.personName, duty: p.duty, present: own !== null || device, source: own !== null ? 'checkin' : device ? 'gps' : null, checkinAt: own };
    });
    return {
      checkinAt,
      unitId: r.unit_id,
      callsign: r.callsign,
      result,
      source,
      roster,
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
    const missing = e.roster.filter((p) => !p.present).map((p) => p.personName);
    if (e.result === 'present' && missing.length === 0) continue;
    const who = missing.length ? `；值班表在岗未到：${missing.join('、')}` : '';
    await raiseFlag(
      ctx,
      {
        plan_id: planId,
        route_id: e.routeId,
        unit_id: e.unitId,
        kind: 'absent',
        raised_at: at,
        ref: `rollcall:${id}`,
        detail:
          (e.result === 'present' ? '点名时在岗' : e.result === 'absent' ? '点名时不在岗（下勤）' : e.result === 'no_position' ? '点名时无有效定位' : `点名时距计划位置 ${e.distanceM} 米`) + who,
        distance_m: e.distanceM,
        lon: e.expectedLon,
        lat: e.expectedLat,
      },
      plan.area_id,
    );
  }
  const people = entries.flatMap((e) => e.roster);
  await audit(ctx.db, actor, 'patrol.roll_call', 'patrol_plan', planId, {
    present: entries.filter((e) => e.result === 'present').length,
    teams: entries.length,
    rosterExpected: people.length,
    rosterPresent: people.filter((p) => p.present).length,
  });
  return presentRollCall({ id, plan_id: planId, at, by_name: actor.displayName, entries: stored });
}

function presentRollCall(r: repo.RollCallRow): RollCall {
  const entries = json<RollCall['entries']>(r.entries);
  const present = entries.filter((e) => e.result === 'present').length;
  const out: RollCall = { id: r.id, planId: r.plan_id, at: iso(r.at), byName: r.by_name, entries, present, absent: entries.length - present };
  // roll calls stored before the roster was read carry no roll
  if (entries.some((e) => e.roster !== undefined)) {
    const people = entries.flatMap((e) => e.roster ?? []);
    out.rosterExpected = people.length;
    out.rosterPresent = people.filter((p) => p.present).length;
  }
  return out;
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
