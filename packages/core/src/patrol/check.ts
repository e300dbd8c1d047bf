// checkPlan: an independent feasibility checker. It shares no code with the search: it walks every route with
// its own travel lookup, recomputes arrival times, windows, the shift, visit limits, gaps and the prize, and
// compares the plan's own claims (times, prize, unmet mandatory visits) with what it finds.

import type { PatrolPlan, PatrolProblem, PlanCheck, TravelMatrix, UnmetMandatory } from './types';

export interface CheckOptions {
  /** Absolute slack in seconds for time comparisons (default 1e-6). */
  tolerance?: number;
}

export function checkPlan(p: PatrolProblem, plan: PatrolPlan, opts: CheckOptions = {}): PlanCheck {
  const tol = opts.tolerance ?? 1e-6;
  const n = p.nodes.length;
  const errors: string[] = [];
  const err = (e: string) => {
    if (errors.length < 200) errors.push(e);
  };
  const tr = p.travel;
  const travel = (i: number, j: number, mode: number): number => {
    if (i === j && typeof tr === 'function') return 0;
    if (typeof tr === 'function') return tr(i, j, mode);
    const list = tr.length > 0 && typeof tr[0] !== 'number' ? (tr as readonly TravelMatrix[]) : null;
    const M = list ? list[mode] : (tr as TravelMatrix);
    if (!M) return NaN;
    return Number(M[i * n + j]);
  };
  const near = (a: number, b: number) => Math.abs(a - b) <= tol + 1e-9 * Math.max(Math.abs(a), Math.abs(b));

  const count = new Array<number>(n).fill(0);
  const starts: { start: number; team: string }[][] = Array.from({ length: n }, () => []);
  const seen = new Set<number>();
  for (const route of plan.routes) {
    const t = route.teamIndex;
    const team = p.teams[t];
    if (!team || team.id !== route.team) {
      err(`route for team ${route.team}: no such team at index ${t}`);
      continue;
    }
    if (seen.has(t)) err(`team ${team.id}: more than one route`);
    seen.add(t);
    const mode = team.mode ?? 0;
    if (route.stops.length === 0) {
      // an idle team: no travel at all
      if (route.duration !== 0 || route.travel !== 0) err(`team ${team.id}: no stops, but duration ${route.duration} and travel ${route.travel}`);
      continue;
    }
    let prev = team.start;
    let dep = 0;
    let travelSum = 0;
    for (let k = 0; k < route.stops.length; k++) {
      const s = route.stops[k]!;
      const v = s.node;
      const node = p.nodes[v];
      if (!Number.isInteger(v) || !node) {
        err(`team ${team.id} stop ${k}: bad node ${v}`);
        break;
      }
      const tt = travel(prev, v, mode);
      if (!Number.isFinite(tt)) err(`team ${team.id} stop ${k}: no travel time ${prev} -> ${v}`);
      travelSum += tt;
      const arrive = dep + tt;
      if (!near(s.arrive, arrive)) err(`team ${team.id} stop ${k} (${node.id}): arrive ${s.arrive}, travel gives ${arrive}`);
      if (s.start < arrive - tol) err(`team ${team.id} stop ${k} (${node.id}): starts ${s.start} before arriving ${arrive}`);
      const open = node.open ?? 0;
      const close = node.close ?? Infinity;
      if (s.start < open - tol) err(`team ${team.id} stop ${k} (${node.id}): starts ${s.start} before the window opens ${open}`);
      if (s.start > close + tol) err(`team ${team.id} stop ${k} (${node.id}): starts ${s.start} after the window closes ${close}`);
      const depart = s.start + (node.service ?? 0);
      if (!near(s.depart, depart)) err(`team ${team.id} stop ${k} (${node.id}): depart ${s.depart}, expected ${depart}`);
      dep = depart;
      prev = v;
      count[v]!++;
      starts[v]!.push({ start: s.start, team: team.id });
    }
    const tt = travel(prev, team.end, mode);
    travelSum += tt;
    const end = dep + tt;
    if (end > team.shiftSeconds + tol) err(`team ${team.id}: reaches its end node at ${end}, after the shift (${team.shiftSeconds})`);
    if (!near(route.duration, end)) err(`team ${team.id}: duration ${route.duration}, recomputed ${end}`);
    if (!near(route.travel, travelSum)) err(`team ${team.id}: travel ${route.travel}, recomputed ${travelSum}`);
  }

  let totalPrize = 0;
  const unmet: UnmetMandatory[] = [];
  for (let j = 0; j < n; j++) {
    const node = p.nodes[j]!;
    const c = count[j]!;
    const mand = node.mandatoryVisits ?? 0;
    const maxV = Math.max(mand, node.maxVisits ?? Math.max(1, mand));
    if (c > maxV) err(`node ${node.id}: ${c} visits, at most ${maxV} allowed`);
    const d = node.repeatDecay ?? 1;
    for (let k = 0, f = 1; k < c; k++, f *= d) totalPrize += node.prize * f;
    if (c < mand) unmet.push({ node: j, id: node.id, missing: mand - c });
    const gap = node.minGapSeconds ?? 0;
    if (gap > 0 && starts[j]!.length > 1) {
      const list = starts[j]!.slice().sort((a, b) => a.start - b.start);
      for (let k = 1; k < list.length; k++)
        if (list[k]!.start - list[k - 1]!.start < gap - tol)
          err(`node ${node.id}: visits at ${list[k - 1]!.start} (${list[k - 1]!.team}) and ${list[k]!.start} (${list[k]!.team}) closer than ${gap} s`);
    }
  }
  if (!near(plan.totalPrize, totalPrize) && Math.abs(plan.totalPrize - totalPrize) > 1e-9 * Math.abs(totalPrize))
    err(`totalPrize ${plan.totalPrize}, recomputed ${totalPrize}`);
  const claimed = new Map(plan.unmetMandatory.map((u) => [u.node, u.missing]));
  for (const u of unmet) {
    if (claimed.get(u.node) !== u.missing) err(`node ${u.id}: ${u.missing} mandatory visit(s) missing, plan reports ${claimed.get(u.node) ?? 0}`);
    claimed.delete(u.node);
  }
  for (const [node, missing] of claimed) err(`node ${p.nodes[node]?.id ?? node}: plan reports ${missing} missing mandatory visit(s), none are`);
  const feasible = errors.length === 0;
  return { feasible, complete: feasible && unmet.length === 0, errors, totalPrize, unmetMandatory: unmet };
}
