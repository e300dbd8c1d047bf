// Stops planned, visited and missed, by patrol's one rule (issue 18): a route's mandatory stops (candidates with a
// mandatory visit), visited when a verified check-in matches the stop by core's matchVisits (stops.ts matchCheckins:
// a stop with a time window only by a check-in inside it, 5 minutes' early grace; one outside it is 窗口外 and
// visits nothing), missed when unvisited and its deadline has passed or can no longer be met (stops.ts missedStops).
// Patrol's daily report counts each route with `tallyRoute`; the 分析研判 reports (modules/reports) and the task
// indicators (modules/tasks) read `routeTallies`, the same function over many published plans, so that the three
// give the same numbers for the same day.
import type { Ctx } from '../../context';
import { json } from '../../lib/format';
import { planWindowRule } from './plans';
import * as repo from './repo/tally';
import { matchCheckins, missedStops, type CheckinLite, type StopTiming, type WindowRule } from './stops';

export type { PlanSelection } from './repo/tally';

export interface StopTally {
  planned: number;
  visited: number;
  missed: number;
}

/**
 * One route's mandatory stops at `now`: planned, visited (matched by a check-in), missed. `checkins`: the route's
 * verified check-ins (checkinsOf); `rule`: its plan's windows (planWindowRule); a draft plan has no visits and
 * misses nothing. Also returns the match and the missed mark per stop.
 */
export function tallyRoute(
  stops: readonly StopTiming[],
  checkins: readonly CheckinLite[],
  rule: WindowRule,
  now: number,
  draft = false,
): StopTally & { matched: (CheckinLite | null)[]; lost: boolean[] } {
  const matched = draft ? stops.map(() => null) : matchCheckins(stops, checkins, rule);
  const lost = draft ? stops.map(() => false) : missedStops(stops, matched, rule.cands, now, rule.start, rule.end);
  let planned = 0;
  let visited = 0;
  let missed = 0;
  stops.forEach((s, i) => {
    const c = rule.cands.get(`${s.kind}:${s.ref}`);
    if (!c || c.mandatoryVisits === 0) return;
    planned++;
    if (matched[i]) visited++;
    else if (lost[i]) missed++;
  });
  return { planned, visited, missed, matched, lost };
}

/** The stops of a route read as columns (repo/tally.ts), in route order. */
function stopsOf(r: repo.TallyRouteRow): StopTiming[] {
  const [kind, ref, arrive, depart, dwell] = [r.kind, r.ref, r.arrive, r.depart, r.dwell].map((c) => json<unknown[]>(c));
  return kind!.map((k, i) => ({ kind: k as StopTiming['kind'], ref: String(ref![i]), arrive: Number(arrive![i]), depart: Number(depart![i]), dwell: Number(dwell![i]) }));
}

export interface RouteTally extends StopTally {
  routeId: number;
  planId: number;
  unitId: number;
  /** The plan's area (a station). */
  areaId: number;
}

/**
 * `tallyRoute` over every route of the published plans selected, at the clock's now. The plans are read with their
 * mandatory candidates only and the check-ins at those places only (repo/tally.ts): stops at other places match
 * nothing of theirs, so the counts are those of the whole plan.
 */
export async function routeTallies(ctx: Ctx, by: repo.PlanSelection): Promise<RouteTally[]> {
  const now = ctx.clock.now().getTime();
  const plans = await repo.tallyPlans(ctx.db, by);
  if (plans.length === 0) return [];
  const ids = plans.map((p) => p.id);
  const routes = await repo.tallyRoutes(ctx.db, ids);
  const byRoute = new Map<number, CheckinLite[]>();
  for (const c of await repo.tallyCheckins(ctx.db, ids)) {
    let l = byRoute.get(c.route_id);
    if (!l) byRoute.set(c.route_id, (l = []));
    l.push(c);
  }
  const rules = new Map(plans.map((p) => [p.id, { rule: planWindowRule(p), areaId: p.area_id }]));
  return routes.map((r) => {
    const { rule, areaId } = rules.get(r.plan_id)!;
    const t = tallyRoute(stopsOf(r), byRoute.get(r.id) ?? [], rule, now);
    return { routeId: r.id, planId: r.plan_id, unitId: r.unit_id, areaId, planned: t.planned, visited: t.visited, missed: t.missed };
  });
}
