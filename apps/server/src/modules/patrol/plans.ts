// Daily patrol plans: reading and presenting, the list, publishing and cancelling. A plan is one date x shift x
// tier x area; its workflow is core's `patrolPlanMachine` (draft -> published -> cancelled, draft -> cancelled,
// draft -> cancelled when generated again). Optimistic concurrency: plan.version for its status, route.version for
// hand edits. Generating: generate.ts; hand edits: edit.ts; SQL: repo/plans.ts.
import { patrolPlanMachine, type PatrolPlanAction, type PatrolPlanState } from '@jingwang/core';
import type { PatrolPlan, PatrolPlanStatus, PatrolPlanSummary, PatrolTier, PlanRoute, PlannedStop, UnitType } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso, json } from '../../lib/format';
import { AppError, validationError } from '../../lib/errors';
import { transition } from '../../lib/transition';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { invalidateActive } from './active';
import { checkAreaInScope, presentShift } from './reference';
import * as refRepo from './repo/reference';
import * as repo from './repo/plans';
import type { PlanRow, RouteRow } from './repo/plans';
import { checkPlanAreaScope } from './scope';
import { distinctRisk, matchCheckins, missedStops, r3, stopDeadline, type Candidate, type CheckinLite, type StoredStop, type WindowRule } from './stops';

// the stops' rules and the rows, for the module's other files and the live demo (modules/demo/live.ts)
export type { Candidate, CheckinLite, PlanRow, RouteRow, StoredStop };
export { distinctRisk, matchCheckins, stopDeadline, checkPlanAreaScope };
export { routeRows, checkinsOf } from './repo/plans';

// ---------------------------------------------------------------- reading

/** The stops' time windows of a plan, for matching its check-ins (stops.ts matchCheckins). */
export function planWindowRule(plan: Pick<PlanRow, 'candidates' | 'shift_start' | 'shift_end'>): WindowRule {
  return {
    cands: new Map(json<Candidate[]>(plan.candidates).map((c) => [`${c.kind}:${c.ref}`, c])),
    start: Date.parse(iso(plan.shift_start)),
    end: Date.parse(iso(plan.shift_end)),
  };
}

/** A plan by id: 404 when there is none. */
export async function planRow(db: Ctx['db'], id: number): Promise<PlanRow> {
  const r = await repo.planRow(db, id);
  if (!r) throw new AppError('PATROL_PLAN_NOT_FOUND', `Plan ${id} not found`);
  return r;
}

/** A plan the caller may see: 404 when there is none or it lies outside the caller's area. */
export async function visiblePlan(ctx: Ctx, actor: Actor, id: number): Promise<PlanRow> {
  const plan = await planRow(ctx.db, id);
  checkPlanAreaScope(ctx, actor, plan.area_id);
  return plan;
}

/** The state a plan action leads to, or 409 INVALID_TRANSITION naming the actions allowed. */
export const planTransition = (plan: PlanRow, action: PatrolPlanAction, message?: string): PatrolPlanState =>
  transition(patrolPlanMachine, plan.status as PatrolPlanState, action, message);

export function presentRoute(r: RouteRow, plan: PlanRow, checkins: readonly CheckinLite[], now: number): PlanRoute {
  const stops = json<StoredStop[]>(r.stops);
  const rule = planWindowRule(plan);
  const { cands, start, end } = rule;
  const matched = plan.status === 'draft' ? stops.map(() => null) : matchCheckins(stops, checkins.filter((c) => c.route_id === r.id), rule);
  const lost = missedStops(stops, matched, cands, now, start, end);
  const at = (s: number) => new Date(start + s * 1000).toISOString();
  return {
    id: r.id,
    unitId: r.unit_id,
    callsign: r.callsign,
    unitType: r.unit_type as UnitType,
    version: r.version,
    stops: stops.map((s, i): PlannedStop => {
      const c = cands.get(`${s.kind}:${s.ref}`);
      const hit = matched[i] ?? null;
      const mandatory = (c?.mandatoryVisits ?? 0) > 0;
      return {
        kind: s.kind,
        ref: s.ref,
        name: s.name,
        lon: s.lon,
        lat: s.lat,
        arriveAt: at(s.arrive),
        startAt: at(s.start),
        departAt: at(s.depart),
        dwellSeconds: Math.round(s.dwell),
        risk: r3(s.risk),
        visitedAt: hit ? iso(hit.at) : null,
        visitMethod: hit ? (hit.method as PlannedStop['visitMethod']) : null,
        missed: plan.status === 'published' && mandatory && !hit && lost[i]!,
      };
    }),
    coordinates: json<[number, number][]>(r.path),
    travelSeconds: Math.round(r.travel_s),
    durationSeconds: Math.round(r.duration_s),
    distanceM: Math.round(r.distance_m),
    risk: r3(r.risk),
    overtimeSeconds: Math.round(r.overtime_s),
    lateStops: json<number[]>(r.late_stops),
    travelSource: r.travel_source as PlanRoute['travelSource'],
  };
}

export async function presentPlan(ctx: Ctx, plan: PlanRow): Promise<PatrolPlan> {
  const shiftRow = (await refRepo.shiftRow(ctx.db, plan.shift_id))!;
  const routes = await repo.routeRows(ctx.db, [plan.id]);
  const checkins = await repo.checkinsOf(ctx.db, plan.id);
  const now = ctx.clock.now().getTime();
  return {
    id: plan.id,
    date: plan.plan_date,
    shift: presentShift(shiftRow),
    tier: plan.tier as PatrolTier,
    areaId: plan.area_id,
    areaName: ctx.areas.tree().get(plan.area_id)?.name ?? String(plan.area_id),
    status: plan.status as PatrolPlanStatus,
    version: plan.version,
    shiftStart: iso(plan.shift_start),
    shiftEnd: iso(plan.shift_end),
    seed: plan.seed,
    generatedAt: iso(plan.generated_at),
    generatedByName: plan.generated_by_name,
    publishedAt: plan.published_at ? iso(plan.published_at) : null,
    publishedByName: plan.published_by_name,
    riskTotal: r3(plan.risk_total),
    riskPlanned: r3(distinctRisk(routes.flatMap((r) => json<StoredStop[]>(r.stops)), json<Candidate[]>(plan.candidates))),
    unmet: json<PatrolPlan['unmet']>(plan.unmet),
    riskSource: plan.risk_source,
    routes: routes.map((r) => presentRoute(r, plan, checkins, now)),
  };
}

export async function getPlan(ctx: Ctx, actor: Actor, id: number): Promise<PatrolPlan> {
  authorize(actor, 'patrol.read');
  return presentPlan(ctx, await visiblePlan(ctx, actor, id));
}

export async function listPlans(
  ctx: Ctx,
  actor: Actor,
  q: { date?: string; shiftId?: number; tier?: PatrolTier; areaId?: number; status?: PatrolPlanStatus },
): Promise<PatrolPlanSummary[]> {
  authorize(actor, 'patrol.read');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  const tree = ctx.areas.tree();
  const area = q.areaId || (actor.scopeAreaId ?? undefined);
  const rows = await repo.planSummaries(ctx.db, { date: q.date, shiftId: q.shiftId, tier: q.tier, status: q.status, ...(area ? { areaIds: tree.descendantsAndSelf(area) } : {}) });
  return rows.map((r) => ({
    id: r.id,
    date: r.plan_date,
    shiftId: r.shift_id,
    shiftName: r.shift_name,
    tier: r.tier as PatrolTier,
    areaId: r.area_id,
    areaName: tree.get(r.area_id)?.name ?? String(r.area_id),
    status: r.status as PatrolPlanStatus,
    version: r.version,
    teams: r.teams,
    mandatoryStops: r.mandatory_stops,
    riskTotal: r3(r.risk_total),
    riskPlanned: r3(r.risk_planned),
    unmet: json<unknown[]>(r.unmet).length,
    shiftStart: iso(r.shift_start),
    shiftEnd: iso(r.shift_end),
  }));
}

export async function planCandidates(ctx: Ctx, actor: Actor, id: number) {
  authorize(actor, 'patrol.read');
  const plan = await visiblePlan(ctx, actor, id);
  return json<Candidate[]>(plan.candidates).map((c) => ({ kind: c.kind, ref: c.ref, name: c.name, lon: c.lon, lat: c.lat, risk: r3(c.risk), mandatoryVisits: c.mandatoryVisits }));
}

// ---------------------------------------------------------------- publishing, cancelling

async function setStatus(ctx: Ctx, actor: Actor, planId: number, version: number, action: 'publish' | 'cancel'): Promise<PatrolPlan> {
  authorize(actor, 'patrol.plan');
  const plan = await visiblePlan(ctx, actor, planId);
  const to = planTransition(plan, action, `A ${plan.status} plan cannot be ${action === 'publish' ? 'published' : 'cancelled'}`);
  const at = ctx.clock.now().toISOString();
  await repo.setPlanStatus(ctx.db, planId, to === 'published' ? { status: 'published', at, byName: actor.displayName } : { status: 'cancelled', at }, { version, from: plan.status });
  await audit(ctx.db, actor, action === 'publish' ? 'patrol_plan.publish' : 'patrol_plan.cancel', 'patrol_plan', planId, {});
  invalidateActive(ctx);
  const fresh = await planRow(ctx.db, planId);
  publishPlanChange(ctx, fresh, to, fresh.version);
  return presentPlan(ctx, fresh);
}

export const publishPlan = (ctx: Ctx, actor: Actor, id: number, version: number) => setStatus(ctx, actor, id, version, 'publish');
export const cancelPlan = (ctx: Ctx, actor: Actor, id: number, version: number) => setStatus(ctx, actor, id, version, 'cancel');

/** The areas whose watchers hear of a plan's changes: its own and every enclosing one. */
export function planAreaIds(ctx: Ctx, areaId: number): number[] {
  const tree = ctx.areas.tree();
  return [areaId, ...tree.ancestors(areaId).map((a) => a.id)];
}

export function publishPlanChange(ctx: Ctx, plan: PlanRow, status: PatrolPlanStatus, version: number): void {
  ctx.hub.publishPatrol({ type: 'patrol_plan', planId: plan.id, status, version, areaId: plan.area_id }, planAreaIds(ctx, plan.area_id));
  ctx.bus?.notify('patrol_plan', [plan.id]);
}

export { validationError };
