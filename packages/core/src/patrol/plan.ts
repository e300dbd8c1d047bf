// planPatrols: compile, search, and present the best solution as plain data.

import { compile, type Model } from './model';
import { Search, defaultStall } from './search';
import type { Sol } from './solution';
import type { PatrolPlan, PatrolProblem, PatrolRoute, PlanOptions, UnmetMandatory } from './types';

/**
 * Plan one shift of patrols: every team's route from its start to its end node, maximising first the mandatory
 * visits made and then the prize collected, within shift lengths, windows, visit limits and gaps.
 *
 * Pure: the result depends on the problem, the seed and how many iterations the budget allowed (pass
 * maxIterations with a generous budget for a reproducible plan). Never throws for an infeasible mandatory set:
 * the plan lists the mandatory visits it could not make in unmetMandatory. Throws RangeError on malformed input.
 */
export function planPatrols(p: PatrolProblem, o: PlanOptions): PatrolPlan {
  const t0 = o.now();
  const md = compile(p, o.tolerance ?? 1e-7);
  const search = new Search(md, o.seed);
  const res = search.run({
    deadline: t0 + Math.max(0, o.timeBudgetMs),
    now: o.now,
    maxIterations: o.maxIterations ?? Infinity,
    stallIterations: o.stallIterations ?? defaultStall(md),
    balanceTarget: o.balanceTarget ?? 0,
  });
  return present(p, md, res.best, {
    iterations: res.iterations,
    bestIteration: res.bestIteration,
    stopReason: res.stopReason,
  });
}

function present(
  p: PatrolProblem,
  md: Model,
  s: Sol,
  meta: Pick<PatrolPlan, 'iterations' | 'bestIteration' | 'stopReason'>,
): PatrolPlan {
  const routes: PatrolRoute[] = [];
  // visits per node in start-time order, to share repeat-visit prizes out over routes
  const visits = new Map<number, { start: number; route: number }[]>();
  for (let r = 0; r < md.m; r++) {
    const seq = s.seq[r]!;
    const L = s.len[r]!;
    const stops = [];
    for (let q = 1; q < L - 1; q++) {
      const v = seq[q]!;
      const start = s.st[r]![q]!;
      stops.push({ node: v, arrive: s.arr[r]![q]!, start, depart: start + md.service[v]! });
      let list = visits.get(v);
      if (!list) visits.set(v, (list = []));
      list.push({ start, route: r });
    }
    // a team without stops stays idle: it does not travel from its start to its end node
    const idle = stops.length === 0;
    routes.push({ team: p.teams[r]!.id, teamIndex: r, stops, prize: 0, duration: idle ? 0 : s.end(r), travel: idle ? 0 : s.travel[r]! });
  }
  let total = 0;
  for (const [v, list] of visits) {
    list.sort((a, b) => a.start - b.start || a.route - b.route);
    let f = 1;
    for (const x of list) {
      const got = md.prize[v]! * f;
      routes[x.route]!.prize += got;
      total += got;
      f *= md.decay[v]!;
    }
  }
  const unmetMandatory: UnmetMandatory[] = [];
  for (let j = 0; j < md.n; j++) {
    const missing = md.mand[j]! - s.count[j]!;
    if (missing > 0) unmetMandatory.push({ node: j, id: p.nodes[j]!.id, missing });
  }
  return { routes, totalPrize: total, unmetMandatory, ...meta, prizeUpperBound: md.prizeUpperBound };
}
