import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chaoToProblem,
  checkPlan,
  parseChaoInstance,
  planPatrols,
  type PatrolNode,
  type PatrolPlan,
  type PatrolProblem,
  type PlanOptions,
} from '../src/patrol/index';
import { createRng, type Rng } from '../src/sim/rng';

// A generous budget with an iteration cap: the plans below are reproducible and never depend on the clock.
let tick = 0;
const opts = (seed: number, maxIterations = 400): PlanOptions => ({ seed, timeBudgetMs: 1e12, maxIterations, now: () => tick++ });

function euclid(xy: [number, number][], speed = 1): Float64Array {
  const n = xy.length;
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) M[i * n + j] = Math.hypot(xy[i]![0] - xy[j]![0], xy[i]![1] - xy[j]![1]) / speed;
  return M;
}

const tt = (p: PatrolProblem, i: number, j: number, mode: number): number => {
  const tr = p.travel;
  if (typeof tr === 'function') return i === j ? 0 : tr(i, j, mode);
  const M = (tr.length > 0 && typeof tr[0] !== 'number' ? (tr as Float64Array[])[mode] : tr) as Float64Array;
  return M[i * p.nodes.length + j]!;
};

/**
 * Exhaustive optimum (mandatory visits, then prize): every team's feasible sequences are enumerated with the
 * earliest schedule (waiting for windows and, within a route, for the gap after the same node's previous visit),
 * then combined. With one team this is the exact optimum. With several teams, gaps between routes are checked on
 * those earliest times (no waiting for another team's visit), so the value is a lower bound of the true optimum;
 * with crossGaps = false they are ignored, an upper bound.
 */
function bruteForce(p: PatrolProblem, crossGaps = true): { mand: number; prize: number } {
  const n = p.nodes.length;
  const cand = p.nodes.map((v, i) => i).filter((i) => p.nodes[i]!.prize > 0 || (p.nodes[i]!.mandatoryVisits ?? 0) > 0);
  const maxV = (i: number) => {
    const v = p.nodes[i]!;
    return Math.max(v.mandatoryVisits ?? 0, v.maxVisits ?? Math.max(1, v.mandatoryVisits ?? 0));
  };
  type Seq = { nodes: number[]; starts: number[] };
  const perTeam: Seq[][] = p.teams.map((team) => {
    const mode = team.mode ?? 0;
    const out: Seq[] = [{ nodes: [], starts: [] }];
    const cnt = new Array<number>(n).fill(0);
    const nodes: number[] = [];
    const starts: number[] = [];
    const dfs = (prev: number, dep: number) => {
      for (const j of cand) {
        if (cnt[j]! >= maxV(j)) continue;
        const v = p.nodes[j]!;
        let s = Math.max(dep + tt(p, prev, j, mode), v.open ?? 0);
        if ((v.minGapSeconds ?? 0) > 0)
          for (let k = nodes.length - 1; k >= 0; k--)
            if (nodes[k] === j) {
              s = Math.max(s, starts[k]! + v.minGapSeconds!);
              break;
            }
        if (s > (v.close ?? Infinity) + 1e-9) continue;
        const d = s + (v.service ?? 0);
        if (d + tt(p, j, team.end, mode) > team.shiftSeconds + 1e-9) continue;
        cnt[j]!++;
        nodes.push(j);
        starts.push(s);
        out.push({ nodes: nodes.slice(), starts: starts.slice() });
        dfs(j, d);
        cnt[j]!--;
        nodes.pop();
        starts.pop();
      }
    };
    dfs(team.start, 0);
    return out;
  });
  let best = { mand: -1, prize: -1 };
  const cnt = new Array<number>(n).fill(0);
  const visits: { node: number; start: number }[] = [];
  const combine = (t: number) => {
    if (t === p.teams.length) {
      let mand = 0;
      let prize = 0;
      for (let j = 0; j < n; j++) {
        const v = p.nodes[j]!;
        mand += Math.min(cnt[j]!, v.mandatoryVisits ?? 0);
        for (let k = 0, f = 1; k < cnt[j]!; k++, f *= v.repeatDecay ?? 1) prize += v.prize * f;
      }
      if (mand > best.mand || (mand === best.mand && prize > best.prize + 1e-9)) best = { mand, prize };
      return;
    }
    next: for (const s of perTeam[t]!) {
      for (const j of s.nodes) if (cnt[j]! + s.nodes.filter((x) => x === j).length > maxV(j)) continue next;
      for (let k = 0; k < s.nodes.length; k++) {
        const g = p.nodes[s.nodes[k]!]!.minGapSeconds ?? 0;
        if (g > 0 && crossGaps) for (const v of visits) if (v.node === s.nodes[k] && Math.abs(v.start - s.starts[k]!) < g - 1e-9) continue next;
      }
      for (let k = 0; k < s.nodes.length; k++) {
        cnt[s.nodes[k]!]!++;
        visits.push({ node: s.nodes[k]!, start: s.starts[k]! });
      }
      combine(t + 1);
      for (let k = 0; k < s.nodes.length; k++) {
        cnt[s.nodes[k]!]!--;
        visits.pop();
      }
    }
  };
  combine(0);
  return best;
}

function mandMade(p: PatrolProblem, plan: PatrolPlan): number {
  const total = p.nodes.reduce((a, v) => a + (v.mandatoryVisits ?? 0), 0);
  return total - plan.unmetMandatory.reduce((a, u) => a + u.missing, 0);
}

function assertOptimal(p: PatrolProblem, seed: number): PatrolPlan {
  const plan = planPatrols(p, opts(seed, 2000));
  const chk = checkPlan(p, plan);
  assert.ok(chk.feasible, chk.errors.join('\n'));
  const bf = bruteForce(p);
  assert.equal(mandMade(p, plan), bf.mand, 'mandatory visits made');
  assert.ok(Math.abs(plan.totalPrize - bf.prize) < 1e-6, `prize ${plan.totalPrize}, optimum ${bf.prize}`);
  assert.ok(Math.abs(chk.totalPrize - plan.totalPrize) < 1e-9);
  return plan;
}

function randomPoints(rng: Rng, k: number, size = 100): [number, number][] {
  return Array.from({ length: k }, () => [rng.range(0, size), rng.range(0, size)] as [number, number]);
}

describe('patrol planner: optimum on small cases (exhaustive check)', () => {
  it('team orienteering: shift length only', () => {
    for (let s = 1; s <= 6; s++) {
      const rng = createRng(100 + s);
      const xy = randomPoints(rng, 9);
      xy[0] = [50, 50];
      const nodes: PatrolNode[] = xy.map((_, i) => ({ id: `n${i}`, prize: i === 0 ? 0 : rng.int(1, 9) }));
      const p: PatrolProblem = {
        nodes,
        teams: [
          { id: 'a', start: 0, end: 0, shiftSeconds: 120 + 20 * s },
          { id: 'b', start: 0, end: 0, shiftSeconds: 100 + 10 * s },
        ],
        travel: euclid(xy),
      };
      assertOptimal(p, s);
    }
  });

  it('time windows and service times (waiting allowed)', () => {
    for (let s = 1; s <= 6; s++) {
      const rng = createRng(200 + s);
      const xy = randomPoints(rng, 8);
      const nodes: PatrolNode[] = xy.map((_, i) => {
        if (i === 0) return { id: 'station', prize: 0 };
        const open = rng.int(0, 150);
        return { id: `n${i}`, prize: rng.int(1, 9), service: rng.int(0, 20), open, close: open + rng.int(10, 60) };
      });
      const p: PatrolProblem = {
        nodes,
        teams: [
          { id: 'a', start: 0, end: 0, shiftSeconds: 260 },
          { id: 'b', start: 0, end: 0, shiftSeconds: 200 },
        ],
        travel: euclid(xy),
      };
      const plan = assertOptimal(p, s);
      for (const r of plan.routes)
        for (const st of r.stops) {
          assert.ok(st.start >= st.arrive - 1e-9);
          assert.ok(st.start >= (nodes[st.node]!.open ?? 0) - 1e-9);
          assert.ok(st.start <= (nodes[st.node]!.close ?? Infinity) + 1e-9);
        }
    }
  });

  it('mandatory visits come before prize', () => {
    for (let s = 1; s <= 5; s++) {
      const rng = createRng(300 + s);
      const xy = randomPoints(rng, 8);
      xy[0] = [0, 0];
      const nodes: PatrolNode[] = xy.map((_, i) => ({ id: `n${i}`, prize: i === 0 ? 0 : rng.int(1, 9), service: 5 }));
      // two mandatory points without prize, one of them far from the station
      nodes[6] = { id: 'm6', prize: 0, service: 10, mandatoryVisits: 1 };
      nodes[7] = { id: 'm7', prize: 0, service: 10, mandatoryVisits: 1 };
      xy[7] = [90, 90];
      const p: PatrolProblem = {
        nodes,
        teams: [
          { id: 'a', start: 0, end: 0, shiftSeconds: 300 },
          { id: 'b', start: 0, end: 0, shiftSeconds: 120 },
        ],
        travel: euclid(xy),
      };
      const plan = assertOptimal(p, s);
      assert.deepEqual(plan.unmetMandatory, []);
    }
  });

  function repeatCase(s: number, teams: number): PatrolProblem {
    const rng = createRng(400 + s);
    const xy = randomPoints(rng, 5, 60);
    xy[0] = [30, 30];
    const nodes: PatrolNode[] = xy.map((_, i) => ({ id: `n${i}`, prize: i === 0 ? 0 : rng.int(1, 5), service: 10 }));
    nodes[1] = { id: 'hot', prize: 10, service: 10, maxVisits: 3, minGapSeconds: 80, repeatDecay: 0.6 };
    nodes[2] = { id: 'twice', prize: 1, service: 5, mandatoryVisits: 2, minGapSeconds: 100 };
    const all = [
      { id: 'a', start: 0, end: 0, shiftSeconds: 260 },
      { id: 'b', start: 0, end: 0, shiftSeconds: 150 },
    ];
    return { nodes, teams: all.slice(0, teams), travel: euclid(xy) };
  }
  const hotStartsSpread = (plan: PatrolPlan) => {
    const starts = plan.routes.flatMap((r) => r.stops.filter((x) => x.node === 1).map((x) => x.start)).sort((a, b) => a - b);
    for (let k = 1; k < starts.length; k++) assert.ok(starts[k]! - starts[k - 1]! >= 80 - 1e-6);
  };

  it('repeat visits with a minimum gap and decaying prize (one team: exact optimum)', () => {
    for (let s = 1; s <= 5; s++) hotStartsSpread(assertOptimal(repeatCase(s, 1), s));
  });

  it('repeat visits shared by two teams: between the exhaustive bounds', () => {
    for (let s = 1; s <= 5; s++) {
      const p = repeatCase(s, 2);
      const plan = planPatrols(p, opts(s, 2000));
      const chk = checkPlan(p, plan);
      assert.ok(chk.feasible, chk.errors.join('\n'));
      hotStartsSpread(plan);
      const lo = bruteForce(p, true);
      const hi = bruteForce(p, false);
      assert.equal(mandMade(p, plan), lo.mand);
      assert.ok(plan.totalPrize >= lo.prize - 1e-6, `prize ${plan.totalPrize} below ${lo.prize}`);
      assert.ok(plan.totalPrize <= hi.prize + 1e-6, `prize ${plan.totalPrize} above ${hi.prize}`);
    }
  });

  it('different start and end nodes, travel by function and by team mode', () => {
    const xy: [number, number][] = [
      [0, 0],
      [100, 0],
      [20, 10],
      [50, 20],
      [80, 10],
      [50, -30],
      [30, -20],
    ];
    const walk = euclid(xy, 1);
    const drive = euclid(xy, 4);
    const nodes: PatrolNode[] = xy.map((_, i) => ({ id: `n${i}`, prize: i < 2 ? 0 : i, service: 5 }));
    const teams = [
      { id: 'foot', start: 0, end: 1, shiftSeconds: 150, mode: 0 },
      { id: 'car', start: 1, end: 0, shiftSeconds: 60, mode: 1 },
    ];
    const byMatrix: PatrolProblem = { nodes, teams, travel: [walk, drive] };
    const byFunction: PatrolProblem = { nodes, teams, travel: (i, j, mode) => (mode === 0 ? walk : drive)[i * xy.length + j]! };
    const a = assertOptimal(byMatrix, 1);
    const b = assertOptimal(byFunction, 1);
    assert.equal(a.totalPrize, b.totalPrize);
  });
});

describe('patrol planner: behaviour', () => {
  function cityish(seed: number): PatrolProblem {
    const rng = createRng(seed);
    const xy = randomPoints(rng, 60, 1000);
    const nodes: PatrolNode[] = xy.map((_, i) => {
      if (i < 2) return { id: `station${i}`, prize: 0 };
      if (i < 12) return { id: `point${i}`, prize: 1, service: 60, mandatoryVisits: i % 3 === 0 ? 2 : 1, minGapSeconds: i % 3 === 0 ? 1200 : 0, ...(i % 4 === 0 ? { open: 600, close: 2400 } : {}) };
      return { id: `cell${i}`, prize: Math.round(rng.float() * 100) / 10, service: 120, ...(i % 10 === 0 ? { maxVisits: 3, minGapSeconds: 900, repeatDecay: 0.5 } : {}) };
    });
    return {
      nodes,
      teams: [0, 1, 2].map((t) => ({ id: `team${t}`, start: t % 2, end: t % 2, shiftSeconds: 2400 })),
      travel: euclid(xy, 2),
    };
  }

  it('is deterministic for a seed', () => {
    const p = cityish(7);
    const a = planPatrols(p, opts(42, 150));
    const b = planPatrols(p, opts(42, 150));
    assert.deepEqual(a, b);
    const chk = checkPlan(p, a);
    assert.ok(chk.feasible, chk.errors.join('\n'));
    assert.deepEqual(a.unmetMandatory, []);
    assert.equal(a.iterations, 150);
  });

  it('keeps large plans feasible (granular moves, local ruins)', () => {
    const rng = createRng(11);
    const xy = randomPoints(rng, 700, 5000);
    const nodes: PatrolNode[] = xy.map((_, i) => {
      if (i < 3) return { id: `station${i}`, prize: 0 };
      if (i < 100) return { id: `point${i}`, prize: 1, service: 120, mandatoryVisits: i % 5 === 0 ? 2 : 1, ...(i % 5 === 0 ? { minGapSeconds: 3600 } : {}), ...(i % 7 === 0 ? { open: 3600, close: 10800 } : {}) };
      const risk = rng.exponential(1);
      return { id: `cell${i}`, prize: risk, service: 180, ...(risk > 2 ? { maxVisits: 3, minGapSeconds: 2700, repeatDecay: 0.5 } : {}) };
    });
    const p: PatrolProblem = {
      nodes,
      teams: Array.from({ length: 12 }, (_, t) => ({ id: `team${t}`, start: t % 3, end: t % 3, shiftSeconds: 8 * 3600 })),
      travel: euclid(xy, 8),
    };
    const plan = planPatrols(p, opts(5, 12));
    const chk = checkPlan(p, plan);
    assert.ok(chk.feasible, chk.errors.join('\n'));
    assert.ok(plan.routes.reduce((a, r) => a + r.stops.length, 0) >= 400, 'large enough to use the granular moves');
    assert.deepEqual(plan.unmetMandatory, []);
  });

  it('reports unmet mandatory visits instead of failing', () => {
    const xy: [number, number][] = [
      [0, 0],
      [10, 0],
      [500, 0],
      [20, 0],
      [0, 10],
    ];
    const nodes: PatrolNode[] = [
      { id: 'station', prize: 0 },
      { id: 'near', prize: 0, mandatoryVisits: 1, service: 10 },
      { id: 'far', prize: 0, mandatoryVisits: 1 }, // beyond the shift
      { id: 'twice', prize: 0, mandatoryVisits: 2, minGapSeconds: 1000 }, // the gap is longer than the shift
      { id: 'cell', prize: 3 },
    ];
    const p: PatrolProblem = { nodes, teams: [{ id: 'a', start: 0, end: 0, shiftSeconds: 200 }], travel: euclid(xy) };
    const plan = planPatrols(p, opts(1, 50));
    assert.deepEqual(
      plan.unmetMandatory.map((u) => [u.id, u.missing]),
      [
        ['far', 1],
        ['twice', 1],
      ],
    );
    const chk = checkPlan(p, plan);
    assert.ok(chk.feasible, chk.errors.join('\n'));
    assert.equal(chk.complete, false);
    assert.equal(plan.totalPrize, 3);
  });

  it('a team that cannot reach its end node stays idle', () => {
    const xy: [number, number][] = [
      [0, 0],
      [1000, 0],
      [10, 0],
    ];
    const p: PatrolProblem = {
      nodes: [
        { id: 's', prize: 0 },
        { id: 'e', prize: 0 },
        { id: 'c', prize: 5 },
      ],
      teams: [
        { id: 'stuck', start: 0, end: 1, shiftSeconds: 100 },
        { id: 'ok', start: 0, end: 0, shiftSeconds: 100 },
      ],
      travel: euclid(xy),
    };
    const plan = planPatrols(p, opts(1, 20));
    assert.equal(plan.routes[0]!.stops.length, 0);
    assert.equal(plan.routes[0]!.duration, 0);
    assert.equal(plan.totalPrize, 5);
    assert.ok(checkPlan(p, plan).feasible);
  });

  it('rejects malformed input', () => {
    const p: PatrolProblem = { nodes: [{ id: 'a', prize: 1 }], teams: [{ id: 't', start: 3, end: 0, shiftSeconds: 10 }], travel: new Float64Array(1) };
    assert.throws(() => planPatrols(p, opts(1, 1)), RangeError);
    const q: PatrolProblem = { nodes: [{ id: 'a', prize: 1 }], teams: [{ id: 't', start: 0, end: 0, shiftSeconds: 10 }], travel: new Float64Array(4) };
    assert.throws(() => planPatrols(q, opts(1, 1)), RangeError);
  });
});

describe('checkPlan', () => {
  const xy: [number, number][] = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];
  const p: PatrolProblem = {
    nodes: [
      { id: 'station', prize: 0 },
      { id: 'a', prize: 2, service: 5, open: 0, close: 100 },
      { id: 'b', prize: 3, service: 5, maxVisits: 2, minGapSeconds: 30 },
      { id: 'c', prize: 4, mandatoryVisits: 1 },
    ],
    teams: [{ id: 't', start: 0, end: 0, shiftSeconds: 100 }],
    travel: euclid(xy),
  };
  const good = (): PatrolPlan => planPatrols(p, opts(3, 50));

  it('accepts the planner output', () => {
    const plan = good();
    const chk = checkPlan(p, plan);
    assert.ok(chk.feasible, chk.errors.join('\n'));
    assert.ok(chk.complete);
    assert.equal(chk.totalPrize, plan.totalPrize);
  });

  const broken: [string, (x: PatrolPlan) => void, RegExp][] = [
    [
      'a wrong arrival time',
      (x) => {
        x.routes[0]!.stops[0]!.arrive -= 3;
      },
      /arrive/,
    ],
    [
      'a start after the window closes',
      (x) => {
        const s = x.routes[0]!.stops.find((t) => t.node === 1)!;
        s.start = 150;
        s.depart = 155;
      },
      /after the window closes/,
    ],
    [
      'a repeat visit inside the gap',
      (x) => {
        const r = x.routes[0]!;
        const i = r.stops.findIndex((t) => t.node === 2);
        const s = r.stops[i]!;
        r.stops.splice(i + 1, 0, { node: 2, arrive: s.depart, start: s.depart, depart: s.depart + 5 });
      },
      /closer than 30/,
    ],
    [
      'too many visits',
      (x) => {
        const r = x.routes[0]!;
        const s = r.stops.find((t) => t.node === 1)!;
        r.stops.push({ ...s });
      },
      /at most 1 allowed/,
    ],
    [
      'a misreported prize',
      (x) => {
        x.totalPrize += 1;
      },
      /totalPrize/,
    ],
    [
      'a hidden missing mandatory visit',
      (x) => {
        const r = x.routes[0]!;
        r.stops = r.stops.filter((t) => t.node !== 3);
      },
      /mandatory visit\(s\) missing, plan reports 0/,
    ],
    [
      'an unknown team',
      (x) => {
        x.routes[0]!.team = 'ghost';
      },
      /no such team/,
    ],
  ];
  it('catches a shift overrun', () => {
    const plan = good();
    const tight: PatrolProblem = { ...p, teams: [{ ...p.teams[0]!, shiftSeconds: plan.routes[0]!.duration - 1 }] };
    const chk = checkPlan(tight, plan);
    assert.equal(chk.feasible, false);
    assert.ok(chk.errors.some((e) => /after the shift/.test(e)), chk.errors.join('\n'));
  });
  for (const [what, breakIt, re] of broken) {
    it(`catches ${what}`, () => {
      const plan = structuredClone(good());
      breakIt(plan);
      const chk = checkPlan(p, plan);
      assert.equal(chk.feasible, false);
      assert.ok(chk.errors.some((e) => re.test(e)), chk.errors.join('\n'));
    });
  }
});

describe('Chao instance format', () => {
  it('parses the header and points, first = start, last = end', () => {
    const text = 'n;4\nm;2\ntmax;5.0\n0.0;0.0;0\n1.0;0.0;10\n0.0;1.0;20\n1.0;1.0;0\n';
    const inst = parseChaoInstance(text);
    assert.equal(inst.n, 4);
    assert.equal(inst.m, 2);
    assert.equal(inst.tmax, 5);
    const p = chaoToProblem(inst);
    assert.equal(p.teams.length, 2);
    assert.equal(p.teams[0]!.start, 0);
    assert.equal(p.teams[0]!.end, 3);
    const plan = planPatrols(p, opts(1, 10));
    assert.equal(plan.totalPrize, 30);
    assert.equal(plan.stopReason, 'optimal');
    assert.ok(checkPlan(p, plan).feasible);
  });
  it('accepts whitespace-separated files', () => {
    const inst = parseChaoInstance('n 3\nm 1\ntmax 10\n0 0 0\n1 1 5\n2 0 0\n');
    assert.equal(inst.n, 3);
    assert.equal(inst.score[1], 5);
  });
});
