// Issue 18: plans that use every team. When every reachable visit is made (or nothing more fits), the search's
// objective no longer cares which team works: a team could stay at its base while another does work it could do.
// The planner balances the best plan at the end (PlanOptions.balanceTarget: 0.8 here, 80 % of the shift in use =
// travel + service; off by default). Small drawn maps, Euclidean travel times (seconds = units / speed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPlan, planPatrols, type PatrolNode, type PatrolPlan, type PatrolProblem, type PlanOptions } from '../src/patrol/index';

let tick = 0;
const opts = (seed: number, extra: Partial<PlanOptions> = {}): PlanOptions => ({ seed, timeBudgetMs: 1e12, maxIterations: 300, now: () => tick++, balanceTarget: 0.8, ...extra });

function euclid(xy: readonly (readonly [number, number])[], speed = 1): Float64Array {
  const n = xy.length;
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) M[i * n + j] = Math.hypot(xy[i]![0] - xy[j]![0], xy[i]![1] - xy[j]![1]) / speed;
  return M;
}

/** Share of its shift each team has in use: (travel + service) / shift. */
function uses(p: PatrolProblem, plan: PatrolPlan): number[] {
  return plan.routes.map((r) => (r.travel + r.stops.reduce((a, s) => a + (p.nodes[s.node]!.service ?? 0), 0)) / p.teams[r.teamIndex]!.shiftSeconds);
}

describe('patrol planner: every team busy (issue 18)', () => {
  it('an idle team gets work when reachable work exists, and the plan keeps every visit', () => {
    // one base, three cars, an 8-hour shift; 24 places of 45 minutes each in a ring 5 km out (car: 10 m/s): a car
    // fits at most 9 of them, so 9 + 9 + 6 is as good for the search as 8 + 8 + 8; only the latter has every team
    // above 80 % (8 places: 360 min dwell + 32 min travel of 480)
    //
    //            . . . . . .
    //          .      B      .      B = base (0, 0), places at radius 5000 m
    //            . . . . . .
    const xy: [number, number][] = [[0, 0]];
    const nodes: PatrolNode[] = [{ id: 'base', prize: 0 }];
    for (let k = 0; k < 24; k++) {
      const a = (2 * Math.PI * k) / 24;
      xy.push([5000 * Math.cos(a), 5000 * Math.sin(a)]);
      nodes.push({ id: `cell${k}`, prize: 1 + (k % 3), service: 45 * 60 });
    }
    const shift = 8 * 3600;
    const p: PatrolProblem = { nodes, teams: ['A', 'B', 'C'].map((id) => ({ id, start: 0, end: 0, shiftSeconds: shift })), travel: euclid(xy, 10) };
    const off = planPatrols(p, opts(3, { balanceTarget: 0 }));
    const on = planPatrols(p, opts(3));
    for (const plan of [off, on]) assert.ok(checkPlan(p, plan).feasible, checkPlan(p, plan).errors.join('; '));
    // balancing never loses a visit: the same prize
    assert.ok(on.totalPrize >= off.totalPrize - 1e-9, `${on.totalPrize} < ${off.totalPrize}`);
    assert.ok(Math.min(...uses(p, off)) < 0.8, 'the search alone leaves a team below 80 % (9 + 9 + 6)');
    const u = uses(p, on);
    assert.ok(Math.min(...u) >= 0.8, `every team at least 80 % in use: ${u.map((x) => x.toFixed(3))}`);
  });

  it('a team left idle by the search takes stops of the others; without balance it is idle', () => {
    // two cars at one base and six places of 50 minutes next to each other 1 km away: one car can do all six in
    // its 6-hour shift (5 h dwell + 200 s travel); less travel is better, so the search gives them all to one car
    const xy: [number, number][] = [[0, 0]];
    const nodes: PatrolNode[] = [{ id: 'base', prize: 0 }];
    for (let k = 0; k < 6; k++) {
      xy.push([1000, k * 10]);
      nodes.push({ id: `p${k}`, prize: 1, service: 50 * 60 });
    }
    const p: PatrolProblem = { nodes, teams: [{ id: 'A', start: 0, end: 0, shiftSeconds: 6 * 3600 }, { id: 'B', start: 0, end: 0, shiftSeconds: 6 * 3600 }], travel: euclid(xy, 10) };
    const off = planPatrols(p, opts(1, { balanceTarget: 0 }));
    assert.deepEqual(off.routes.map((r) => r.stops.length).sort(), [0, 6], 'the search alone leaves one team idle');
    const on = planPatrols(p, opts(1));
    assert.ok(checkPlan(p, on).complete);
    assert.deepEqual(on.routes.map((r) => r.stops.length), [3, 3], 'three places each');
    assert.equal(on.totalPrize, 6);
    const u = uses(p, on);
    assert.ok(u.every((x) => x >= 0.4), `${u}`);
  });

  it('a foot team is never sent beyond its reach, and gets the work near its base', () => {
    // a car (10 m/s) and a foot team (1.2 m/s) at one base, 4-hour shifts. Near: 6 places of 30 min within 600 m.
    // Far: 6 places of 5 min 9 km away (a 2.1-hour walk each way: out of the foot team's reach). Every place can
    // be made by the car alone only if it has nothing else to do; the search gives the car everything near as well
    // when it can (less travel): balance moves the near places to the foot team.
    const xy: [number, number][] = [[0, 0]];
    const nodes: PatrolNode[] = [{ id: 'base', prize: 0 }];
    for (let k = 0; k < 6; k++) {
      xy.push([600 * Math.cos(k), 600 * Math.sin(k)]);
      nodes.push({ id: `near${k}`, prize: 1, service: 30 * 60 });
    }
    for (let k = 0; k < 6; k++) {
      xy.push([9000, k * 50]);
      nodes.push({ id: `far${k}`, prize: 1, service: 5 * 60 });
    }
    const shift = 4 * 3600;
    const p: PatrolProblem = {
      nodes,
      teams: [
        { id: 'car', start: 0, end: 0, shiftSeconds: shift, mode: 0 },
        { id: 'foot', start: 0, end: 0, shiftSeconds: shift, mode: 1 },
      ],
      travel: [euclid(xy, 10), euclid(xy, 1.2)],
    };
    const plan = planPatrols(p, opts(2));
    const chk = checkPlan(p, plan);
    assert.ok(chk.feasible, chk.errors.join('; '));
    const foot = plan.routes.find((r) => r.team === 'foot')!;
    const car = plan.routes.find((r) => r.team === 'car')!;
    assert.ok(foot.stops.length > 0, 'the foot team is not idle');
    assert.ok(foot.stops.every((s) => nodes[s.node]!.id.startsWith('near')), `foot stops: ${foot.stops.map((s) => nodes[s.node]!.id)}`);
    assert.ok(car.stops.filter((s) => nodes[s.node]!.id.startsWith('far')).length === 6, 'the car makes the far places');
    assert.equal(plan.totalPrize, 12, 'every place visited');
    // without balance the car keeps as much of the near work as fits; balanced, both teams end near half a shift
    const off = planPatrols(p, opts(2, { balanceTarget: 0 }));
    const u = uses(p, plan);
    const uOff = uses(p, off);
    assert.ok(uOff[1]! < 0.3, `without balance the foot team is barely used: ${uOff[1]}`);
    assert.ok(u[1]! >= 0.5 && u[0]! >= 0.5, `in use: car ${u[0]}, foot ${u[1]}`);
  });

  it('balance keeps every mandatory visit, windows and repeat gaps; checkPlan passes', () => {
    // three teams, eight mandatory points (two with windows, one twice with a 2-hour gap) and a few cells, little
    // work for a 6-hour shift: balancing moves stops around, and everything stays feasible and complete
    const xy: [number, number][] = [[0, 0], [800, 0], [900, 100], [-700, 300], [-650, 350], [0, 900], [50, 950], [400, -600], [450, -650], [1200, 1200]];
    const nodes: PatrolNode[] = [
      { id: 'base', prize: 0 },
      { id: 'school', prize: 0, service: 1200, mandatoryVisits: 1, open: 3600, close: 5400 },
      { id: 'bank', prize: 0, service: 900, mandatoryVisits: 2, minGapSeconds: 7200 },
      { id: 'market', prize: 0, service: 1800, mandatoryVisits: 1, open: 0, close: 3600 },
      { id: 'station', prize: 0, service: 1200, mandatoryVisits: 1 },
      { id: 'park', prize: 0, service: 1200, mandatoryVisits: 1 },
      { id: 'cell1', prize: 2, service: 600 },
      { id: 'cell2', prize: 1, service: 600, maxVisits: 2, minGapSeconds: 3600, repeatDecay: 0.5 },
      { id: 'cell3', prize: 1.5, service: 600 },
      { id: 'cell4', prize: 0.5, service: 600 },
    ];
    const p: PatrolProblem = { nodes, teams: ['A', 'B', 'C'].map((id) => ({ id, start: 0, end: 0, shiftSeconds: 6 * 3600 })), travel: euclid(xy, 5) };
    for (const seed of [1, 2, 3]) {
      const off = planPatrols(p, opts(seed, { balanceTarget: 0 }));
      const on = planPatrols(p, opts(seed));
      const chk = checkPlan(p, on);
      assert.ok(chk.complete, `seed ${seed}: ${chk.errors.join('; ')} unmet ${JSON.stringify(chk.unmetMandatory)}`);
      assert.equal(on.unmetMandatory.length, 0);
      assert.ok(on.totalPrize >= off.totalPrize - 1e-9, `seed ${seed}: prize ${on.totalPrize} < ${off.totalPrize}`);
      const minOn = Math.min(...uses(p, on));
      const minOff = Math.min(...uses(p, off));
      assert.ok(minOn >= minOff - 1e-9, `seed ${seed}: least used team ${minOn} < ${minOff} without balance`);
      assert.ok(minOn > 0, `seed ${seed}: no team idle`);
    }
  });

  it('the same problem and seed give the same balanced plan', () => {
    const xy: [number, number][] = [[0, 0], ...Array.from({ length: 10 }, (_, k) => [300 * k, 200 * (k % 3)] as [number, number])];
    const nodes: PatrolNode[] = [{ id: 'base', prize: 0 }, ...Array.from({ length: 10 }, (_, k) => ({ id: `c${k}`, prize: 1 + (k % 4), service: 900 }))];
    const p: PatrolProblem = { nodes, teams: ['A', 'B', 'C', 'D'].map((id) => ({ id, start: 0, end: 0, shiftSeconds: 4 * 3600 })), travel: euclid(xy, 8) };
    const a = planPatrols(p, opts(9));
    const b = planPatrols(p, opts(9));
    assert.deepEqual(a.routes, b.routes);
  });
});
