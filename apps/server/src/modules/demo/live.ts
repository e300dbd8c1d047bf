// Demo mode keeps the command room alive: incidents keep arriving at the county's rhythm (sped up by DEMO_RATE),
// units patrol the roads and drive to the incidents they are sent to, and sent units report en route, arrival
// and completion. Everything goes through the same services as a real deployment (positions through the ingest,
// state changes through the incident state machine), acting as the system. Incidents nobody dispatches within
// a few minutes are dispatched by the demo's stand-in dispatcher, so the screen never fills up.
//
// The demo never acts on a person's work: an incident with any event whose actor is a user (created, dispatched,
// remarked, resolved... by a person) is left alone by the stand-in dispatcher and by the units' progress, and the
// units on it are no longer driven (they hold where they are, and report nothing, until a person releases them).
import { OPEN_INCIDENT_STATUSES, buildRoadGraph, createRng, createUnitMover, expectedIncidentsPerHour, generateDemoCounty, sampleLiveIncident } from '@jingwang/core';
import type { Incident } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { recommendation } from '../dispatch/service';
import { AppError } from '../../lib/errors';
import { SYSTEM_ACTOR, type Actor } from '../auth/policy';
import * as incidents from '../incidents/service';
import { ingestPositions, listUnits } from '../units/service';
import { seedInfo } from './seed';
import { currentPublishedPlanIds, incidentsTouchedByPeople } from './repo/live';
import { checkinsOf, matchCheckins, routeRows, type StoredStop } from '../patrol/plans';

/** For every unit on a published route now: its next stop without a check-in (the demo drives units along plans). */
async function nextPatrolStops(ctx: Ctx): Promise<Map<number, { key: string; lon: number; lat: number }>> {
  const now = ctx.clock.now().toISOString();
  const out = new Map<number, { key: string; lon: number; lat: number }>();
  for (const id of await currentPublishedPlanIds(ctx.db, now)) {
    const checkins = await checkinsOf(ctx.db, id);
    for (const r of await routeRows(ctx.db, [id])) {
      const stops = (typeof r.stops === 'string' ? JSON.parse(r.stops) : r.stops) as StoredStop[];
      const matched = matchCheckins(stops, checkins.filter((c) => c.route_id === r.id));
      const i = matched.findIndex((m) => m === null);
      if (i >= 0) out.set(r.unit_id, { key: `stop:${r.id}:${i}`, lon: stops[i]!.lon, lat: stops[i]!.lat });
    }
  }
  return out;
}

const TICK_MS = 2000;
/** Each unit reports its position every REPORT_EVERY ticks (6 s), staggered across units. */
const REPORT_EVERY = 3;
const DEMO_CALL_TAKER: Actor = { ...SYSTEM_ACTOR, displayName: '110接警台（演示）' };
const DEMO_UNIT: Actor = { ...SYSTEM_ACTOR, displayName: '处警单元（演示）' };
const DEMO_DISPATCHER: Actor = { ...SYSTEM_ACTOR, displayName: '值班调度（演示）' };

export interface DemoLive {
  /** One step of the demo (arrivals, movement, progress, stand-in dispatcher) at the clock's time. */
  tick(): Promise<void>;
  stop(): void;
}

export async function startDemoLive(ctx: Ctx, opts: { seed: number; rate: number }): Promise<() => void> {
  const live = await createDemoLive(ctx, opts);
  const handle = setInterval(() => void live.tick(), TICK_MS);
  return () => {
    live.stop();
    clearInterval(handle);
  };
}

/**
 * The demo's actors without their timer: `tick()` acts at ctx.clock's time, and units move by the time passed on
 * that clock since the last tick (at most a minute; the timer ticks every 2 s), so tests drive it with a manual clock.
 */
export async function createDemoLive(ctx: Ctx, opts: { seed: number; rate: number }): Promise<DemoLive> {
  const endAt = (await seedInfo(ctx))?.endAt ?? ctx.clock.now().toISOString();
  const county = generateDemoCounty({ seed: opts.seed, endAt, months: 1 });
  const graph = buildRoadGraph(county.roads);
  const rng = createRng(opts.seed ^ Math.floor(ctx.clock.now().getTime() / 1000));
  const mover = createUnitMover(graph, rng.fork('mover'));
  const placed = new Set<number>();
  const targets = new Map<number, string>();
  const timers = new Map<number, { enRouteAt?: number; resolveAt?: number; closeAt?: number }>();
  let running = false;
  let stopped = false;
  let tickNo = 0;
  let patrol = new Map<number, { key: string; lon: number; lat: number }>();
  let lastTickMs: number | null = null;

  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const now = ctx.clock.now();
      const nowMs = now.getTime();
      const dtS = lastTickMs === null ? TICK_MS / 1000 : Math.min(60, Math.max(0, (nowMs - lastTickMs) / 1000));
      lastTickMs = nowMs;
      // 1. new incidents: Poisson arrivals at the county's rate for this hour, sped up
      const lambda = (expectedIncidentsPerHour(county, now.toISOString()) * opts.rate * TICK_MS) / 3600_000;
      const arrivals = rng.poisson(lambda);
      for (let i = 0; i < arrivals; i++) {
        const x = sampleLiveIncident(county, rng, now.toISOString());
        try {
          await incidents.createIncident(ctx, DEMO_CALL_TAKER, {
            source: x.source,
            category: x.category,
            priority: x.priority,
            lon: x.lon,
            lat: x.lat,
            address: x.address,
            description: x.description,
            ...(x.callerName ? { callerName: x.callerName } : {}),
            ...(x.callerPhone ? { callerPhone: x.callerPhone } : {}),
          });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
        }
      }
      // 2. units: place, follow their incident or patrol
      if (tickNo % 5 === 0) patrol = await nextPatrolStops(ctx);
      const units = await listUnits(ctx, SYSTEM_ACTOR);
      // the incidents units are on (dispatched, en route, on scene)
      const open = new Map<number, Incident>();
      if (units.some((u) => u.incidentId !== null)) {
        const sent = OPEN_INCIDENT_STATUSES.filter((x) => x !== 'new').join(',');
        for (const inc of (await incidents.listIncidents(ctx, SYSTEM_ACTOR, { status: sent, pageSize: 500 })).items) open.set(inc.id, inc);
      }
      // the stand-in dispatcher's work: new incidents and resolved ones (to close)
      const waiting = await incidents.listIncidents(ctx, SYSTEM_ACTOR, { status: 'new,resolved', pageSize: 200 });
      // a person's incidents (created or changed by a user) are theirs: the demo leaves them and their units alone
      const touched = await incidentsTouchedByPeople(ctx.db, [...open.keys(), ...waiting.items.map((i) => i.id)]);
      for (const id of touched) open.delete(id);
      const held = new Set(units.filter((u) => u.incidentId !== null && touched.has(u.incidentId)).map((u) => u.id));
      for (const u of units) {
        if (!placed.has(u.id) && u.lon !== null && u.lat !== null) {
          mover.place(u.id, u.lon, u.lat);
          placed.add(u.id);
        }
        const inc = u.incidentId !== null ? open.get(u.incidentId) : undefined;
        // setTarget plans a new route: only when the unit's target changes
        const goal = inc && (u.status === 'dispatched' || u.status === 'en_route') ? inc : null;
        // an available unit with a published route drives to its next stop not yet checked in (geofence)
        const stop = !goal && u.status === 'available' ? patrol.get(u.id) : undefined;
        const key = held.has(u.id) ? 'hold' : goal ? `${goal.id}` : u.status === 'on_scene' ? 'stay' : stop ? stop.key : 'patrol';
        if (!placed.has(u.id) || targets.get(u.id) === key) continue;
        targets.set(u.id, key);
        // held: stands where its last report put it (place() clears any route)
        if (key === 'hold') mover.place(u.id, u.lon ?? mover.get(u.id)!.lon, u.lat ?? mover.get(u.id)!.lat);
        else if (goal) mover.setTarget(u.id, goal.lon, goal.lat);
        else if (stop) mover.setTarget(u.id, stop.lon, stop.lat);
        else if (key === 'patrol') mover.setTarget(u.id, null);
      }
      const moves = mover.step(dtS);
      // units move every tick but report like AVL devices, every REPORT_EVERY ticks (and at once on arrival)
      tickNo++;
      const moving = moves.filter((m) => placed.has(m.id) && !held.has(m.id) && (m.arrived || (m.id + tickNo) % REPORT_EVERY === 0));
      if (moving.length) {
        await ingestPositions(
          ctx,
          SYSTEM_ACTOR,
          moving.map((m) => ({ unitId: m.id, lon: m.lon, lat: m.lat, at: now.toISOString(), speedKmh: Math.min(400, Math.max(0, m.speedKmh)), heading: ((m.heading % 360) + 360) % 360 })),
        );
      }
      const arrived = new Set(moves.filter((m) => m.arrived).map((m) => m.id));
      // 3. the incidents' progress, as the units would report it
      for (const inc of open.values()) {
        const t = timers.get(inc.id) ?? {};
        timers.set(inc.id, t);
        const onIt = units.filter((u) => u.incidentId === inc.id);
        try {
          if (inc.status === 'dispatched') {
            const enRouteAt = (t.enRouteAt ??= nowMs + 10_000 + rng.int(0, 20_000));
            if (onIt.some((u) => arrived.has(u.id))) await incidents.transition(ctx, DEMO_UNIT, inc.id, { action: 'arrive', version: inc.version });
            else if (nowMs >= enRouteAt) await incidents.transition(ctx, DEMO_UNIT, inc.id, { action: 'en_route', version: inc.version });
          } else if (inc.status === 'en_route') {
            if (onIt.some((u) => arrived.has(u.id))) await incidents.transition(ctx, DEMO_UNIT, inc.id, { action: 'arrive', version: inc.version });
          } else if (inc.status === 'on_scene') {
            const resolveAt = (t.resolveAt ??= nowMs + 60_000 + rng.int(0, 240_000));
            if (nowMs >= resolveAt) await incidents.transition(ctx, DEMO_UNIT, inc.id, { action: 'resolve', version: inc.version, disposition: 'handled', note: '现场处置完毕（演示）' });
          }
        } catch (e) {
          if (!(e instanceof AppError)) throw e; // a dispatcher acted first: fine
        }
      }
      // 4. the stand-in dispatcher: incidents left new for 3 minutes get the nearest available unit; resolved ones get closed
      for (const inc of waiting.items) {
        if (touched.has(inc.id)) continue;
        try {
          if (inc.status === 'new' && nowMs - Date.parse(inc.reportedAt) > 180_000) {
            // the unit the recommendation proposes (fastest by road, run card, echelons), as a dispatcher would
            const rec = await recommendation(ctx, DEMO_DISPATCHER, inc.id);
            const pick = rec.proposal.map((id) => units.find((u) => u.id === id)).find((u) => u?.status === 'available');
            if (pick) {
              await incidents.dispatch(ctx, DEMO_DISPATCHER, inc.id, { unitId: pick.id, version: inc.version });
              pick.status = 'dispatched';
            }
          } else if (inc.status === 'resolved' && inc.resolvedAt && nowMs - Date.parse(inc.resolvedAt) > 120_000) {
            await incidents.transition(ctx, DEMO_DISPATCHER, inc.id, { action: 'close', version: inc.version });
          }
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
        }
      }
      for (const id of timers.keys()) if (!open.has(id)) timers.delete(id);
    } catch (e) {
      console.error('demo tick failed:', e);
    } finally {
      running = false;
    }
  };
  return {
    tick,
    stop: () => {
      stopped = true;
    },
  };
}
