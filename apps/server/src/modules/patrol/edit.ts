// A hand edit of one route of a plan (reorder, add, drop): re-timed on the road graph through only the route's
// places (core's `timeSequence`), which may leave it late or too long (the route says so); the other routes' repeat
// visits and the plan's unmet visits are recounted. Draft and published plans take edits (route.version).
import { timeSequence, type TimedNode } from '@jingwang/core';
import type { EditRouteBody, PatrolPlan, PatrolPlanStatus, UnitType } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso, json } from '../../lib/format';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { invalidateActive } from './active';
import { planRow, planTransition, presentPlan, publishPlanChange, visiblePlan } from './plans';
import { pathThrough, profileOfUnit, travelFor } from './travel';
import * as repo from './repo/plans';
import { distinctRisk, stopRisks, unmetOf, type Candidate, type StoredStop } from './stops';

export async function editRoute(ctx: Ctx, actor: Actor, planId: number, routeId: number, b: EditRouteBody): Promise<PatrolPlan> {
  authorize(actor, 'patrol.plan');
  const plan = await visiblePlan(ctx, actor, planId);
  planTransition(plan, 'edit', `A ${plan.status} plan takes no edits`);
  const route = await repo.routeRow(ctx.db, routeId);
  if (!route || route.plan_id !== planId) throw new AppError('PATROL_ROUTE_NOT_FOUND');
  const cands = json<Candidate[]>(plan.candidates);
  const index = new Map(cands.map((c, i) => [`${c.kind}:${c.ref}`, i]));
  const seq = b.stops.map((s, i) => {
    const k = index.get(`${s.kind}:${s.ref}`);
    if (k === undefined) throw new AppError('UNKNOWN_STOP', `No ${s.kind} ${s.ref} in this plan`, [{ field: `/stops/${i}/ref`, message: 'is not a candidate of this plan' }]);
    return k;
  });
  const shiftSeconds = (Date.parse(iso(plan.shift_end)) - Date.parse(iso(plan.shift_start))) / 1000;
  // re-time on the road graph: only the places of this route
  const used = [...new Set(seq)];
  const places = [{ lon: route.start_lon, lat: route.start_lat }, ...used.map((k) => cands[k]!)];
  const local = new Map(used.map((k, i) => [k, i + 1]));
  const mt = await travelFor(ctx, places, profileOfUnit(route.unit_type as UnitType));
  const n = places.length;
  const timedNodes: TimedNode[] = [
    { service: 0, open: null, close: null, minGapSeconds: 0 },
    ...used.map((k) => ({ service: cands[k]!.service, open: cands[k]!.open, close: cands[k]!.close, minGapSeconds: cands[k]!.minGap })),
  ];
  const localSeq = seq.map((k) => local.get(k)!);
  const timed = timeSequence(timedNodes, localSeq, 0, 0, shiftSeconds, (i, j) => mt.matrix[i * n + j]!);
  const path = pathThrough(mt, [0, ...localSeq, 0]);

  // the other routes' stops, to decay repeat visits across the plan and to recount unmet visits
  const others = (await repo.routeRows(ctx.db, [planId])).filter((r) => r.id !== routeId);
  const all = [
    { stops: timed.stops.map((s, i) => ({ cand: seq[i]!, start: s.start })) },
    ...others.map((o) => ({ stops: json<StoredStop[]>(o.stops).map((s) => ({ cand: index.get(`${s.kind}:${s.ref}`)!, start: s.start })) })),
  ];
  const risks = stopRisks(all, cands);
  const stops: StoredStop[] = timed.stops.map((s, i) => {
    const c = cands[seq[i]!]!;
    return { kind: c.kind, ref: c.ref, name: c.name, lon: c.lon, lat: c.lat, arrive: s.arrive, start: s.start, depart: s.depart, dwell: c.service, risk: risks[0]![i]! };
  });
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateRoute(
      tx,
      routeId,
      {
        stops: JSON.stringify(stops),
        path: JSON.stringify(path.coordinates.length ? path.coordinates : [[route.start_lon, route.start_lat]]),
        travel_s: timed.travel,
        duration_s: timed.duration,
        distance_m: path.meters,
        risk: distinctRisk(stops, cands),
        overtime_s: timed.overtime,
        late_stops: JSON.stringify(timed.lateStops),
        travel_source: mt.source,
      },
      b.version,
    );
    // the other routes' risks change too when a repeat visit moves before or after theirs
    for (let k = 0; k < others.length; k++) {
      const o = others[k]!;
      await repo.setRouteStops(tx, o.id, JSON.stringify(json<StoredStop[]>(o.stops).map((s, i) => ({ ...s, risk: risks[k + 1]![i]! }))));
    }
    await repo.setPlanUnmet(tx, planId, JSON.stringify(unmetOf(all, cands)));
  });
  await audit(ctx.db, actor, 'patrol_route.edit', 'patrol_route', routeId, { planId, stops: b.stops.length });
  if (plan.status === 'published') {
    invalidateActive(ctx);
    publishPlanChange(ctx, plan, plan.status as PatrolPlanStatus, plan.version);
  }
  return presentPlan(ctx, await planRow(ctx.db, planId));
}
