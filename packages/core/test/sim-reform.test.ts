import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chTravelTime,
  shortestPath,
  nearestNode,
} from '../src/roads/index';
import { createRng } from '../src/sim/rng';
import {
  allocateReformUnits,
  allReformPolicies,
  compareReform,
  prepareReform,
  simulateReform,
  solveHypercube,
  type ReformCall,
  type ReformScenario,
  type ReformStation,
} from '../src/sim/reform/index';
import { scenarioOf, town, quadrantStations } from './sim-town';

const W = 16;
const H = 14;
const T = town(7, W, H);
const STATIONS = quadrantStations(T.graph, W, H);

test('the same seed gives the same run; another seed another one', () => {
  const prep = prepareReform(scenarioOf(T, STATIONS, { days: 4, perDay: 60, units: 8, seed: 3, historyDays: 3 }), T.graph, T.ch);
  for (const policy of allReformPolicies()) {
    const a = simulateReform(prep, policy, 11);
    const b = simulateReform(prep, policy, 11);
    assert.deepEqual(a.figures, b.figures, policy.name);
    assert.deepEqual(Array.from(a.responseS), Array.from(b.responseS));
    assert.deepEqual(Array.from(a.answeredBy), Array.from(b.answeredBy));
    assert.deepEqual(a.units, b.units);
    const c = simulateReform(prep, policy, 12);
    assert.notDeepEqual(Array.from(a.responseS), Array.from(c.responseS), `${policy.name}: seed 12 differs from seed 11`);
  }
  // a freshly prepared scenario (no memoised placements) gives the same runs
  const prep2 = prepareReform(scenarioOf(T, STATIONS, { days: 4, perDay: 60, units: 8, seed: 3, historyDays: 3 }), T.graph, T.ch);
  const p = { name: 'patrol-road', bundled: false } as const;
  assert.deepEqual(simulateReform(prep2, p, 5).figures, simulateReform(prep, p, 5).figures);
});

test('every call is served, dropped as unreachable or still queued at the end', () => {
  // an overloaded town (long service, few units) so calls queue and some still wait at the end; one call on an island
  const sc = scenarioOf(T, STATIONS, { days: 2, perDay: 150, units: 5, seed: 4, island: true, serviceMeanS: 5400 });
  const prep = prepareReform(sc, T.graph, T.ch);
  let sawQueue = false;
  for (const policy of allReformPolicies()) {
    const r = simulateReform(prep, policy, 1);
    const f = r.figures;
    assert.equal(f.served + f.droppedUnreachable + f.queuedAtEnd, f.calls, `${policy.name}/${policy.bundled}`);
    assert.equal(r.answeredBy.filter((u) => u >= 0).length, f.served);
    assert.ok(f.droppedUnreachable >= 1, 'the island call cannot be reached');
    assert.ok(f.utilisation.max <= 1 + 1e-9 && f.utilisation.min >= 0);
    if (f.queuedAtEnd > 0) sawQueue = true;
    for (let i = 0; i < f.calls; i++) {
      if (r.answeredBy[i]! < 0) continue;
      assert.ok(r.responseS[i]! >= r.travelS[i]! - 1e-9);
      if (!policy.bundled) assert.equal(sc.units[r.answeredBy[i]!]!.station, sc.calls[i]!.station, 'own-station runs keep units home');
    }
  }
  assert.ok(sawQueue, 'the overloaded town leaves calls waiting at the end');
});

test("travel times are the routing engine's (CH and Dijkstra, bit for bit)", () => {
  // light load: one call an hour, a second on scene, so every unit waits at its post or station when called
  const sc = scenarioOf(T, STATIONS, { days: 2, perDay: 24, units: 4, seed: 9, historyDays: 2 });
  sc.calls.forEach((c, i) => {
    c.timeS = i * 3600 + 1800;
    c.timeOfDayKnown = true;
  });
  sc.serviceTime = { default: { dist: 'fixed', meanS: 1 } };
  sc.reinforce = {};
  sc.congestion = new Array(24).fill(1);
  const prep = prepareReform(sc, T.graph, T.ch);
  for (const policy of allReformPolicies().filter((p) => p.name !== 'patrol-road')) {
    const r = simulateReform(prep, policy, 1);
    assert.equal(r.figures.served, sc.calls.length);
    for (let i = 0; i < sc.calls.length; i++) {
      const u = r.answeredBy[i]!;
      // the post of the day the call falls on
      const day = Math.floor(sc.calls[i]!.timeS / 86400);
      const homeNode = policy.name === 'stations-straight' ? sc.stations[sc.units[u]!.station]!.node : dayPosts(prep, policy.bundled, day)[u]!;
      const ch = chTravelTime(T.ch, homeNode, sc.calls[i]!.node);
      const dij = shortestPath(T.graph, homeNode, sc.calls[i]!.node)!.seconds;
      assert.equal(r.travelS[i], ch, `call ${i}`);
      assert.equal(r.travelS[i], dij, `call ${i}`);
      if (policy.name === 'posts-road') {
        // and it is the fastest eligible unit
        for (let v = 0; v < sc.units.length; v++) {
          if (!policy.bundled && sc.units[v]!.station !== sc.calls[i]!.station) continue;
          assert.ok(r.travelS[i]! <= chTravelTime(T.ch, dayPosts(prep, policy.bundled, day)[v]!, sc.calls[i]!.node));
        }
      }
    }
  }
});

function dayPosts(prep: ReturnType<typeof prepareReform>, bundled: boolean, day: number): number[] {
  const m = prep.placements.get(`${bundled}:${day}:0`)!;
  return Array.from(m, (p) => prep.pool[p]!);
}

test('hypercube solver: Erlang C and total workload on an asymmetric case', () => {
  const lam = [1, 0.5, 0.25, 0.8];
  const mu = 1.2;
  const r = solveHypercube({ lambda: lam, mu, preference: [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1]], line: 'queue' });
  const a = lam.reduce((x, y) => x + y, 0) / mu;
  const N = 3;
  // Erlang C
  let sum = 0;
  let term = 1;
  for (let k = 0; k < N; k++) (sum += term), (term *= a / (k + 1));
  const last = (term * N) / (N - a);
  assert.ok(Math.abs(r.allBusyShare - last / (sum + last)) < 1e-12);
  assert.ok(Math.abs(r.workload.reduce((x, y) => x + y, 0) - a) < 1e-12);
  // loss line: Erlang B
  const l = solveHypercube({ lambda: lam, mu, preference: [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1]], line: 'loss' });
  let eb = 1;
  for (let k = 1; k <= N; k++) eb = (a * eb) / (k + a * eb);
  assert.ok(Math.abs(l.allBusyShare - eb) < 1e-12);
});

test("the simulator reproduces Larson's hypercube model (workloads, non-nearest share) within sampling error", () => {
  // a small drawn road graph: a 5 x 5 grid of 10 m blocks (about 1 s a block), 3 units at fixed posts, 5 atoms;
  // service is exponential with a mean of an hour, so travel (seconds) is negligible, as the hypercube assumes
  const g = town(2, 5, 5, 0.0001);
  const st: ReformStation[] = [{ id: 'S', node: g.main[0]!, lon: g.graph.lon[g.main[0]!]!, lat: g.graph.lat[g.main[0]!]!, areaId: 'A' }];
  const at = (i: number, j: number) => nearestNode(g.graph, 120 + i * 0.0001, 32 + j * 0.0001);
  const posts = [at(0, 0), at(4, 1), at(1, 4)];
  const atoms = [at(0, 1), at(3, 1), at(2, 2), at(1, 3), at(4, 4)];
  const rates = [0.3, 0.2, 0.25, 0.15, 0.1]; // shares of the call rate
  const muS = 3600;
  const lambdaTotal = (0.6 * 3) / muS; // offered load 1.8 erlangs on 3 units
  const prefs = atoms.map((a) =>
    [0, 1, 2]
      .map((u) => [chTravelTime(g.ch, posts[u]!, a), u] as const)
      .sort((x, y) => x[0] - y[0] || x[1] - y[1])
      .map((x) => x[1]),
  );
  for (const p of prefs) assert.notEqual(chTravelTime(g.ch, posts[p[0]!]!, atoms[prefs.indexOf(p)]!), chTravelTime(g.ch, posts[p[1]!]!, atoms[prefs.indexOf(p)]!), 'no ties');
  const exact = solveHypercube({ lambda: rates.map((r) => r * lambdaTotal), mu: 1 / muS, preference: prefs, line: 'queue' });

  const nCalls = 12000;
  const periodS = Math.ceil(nCalls / lambdaTotal);
  const sims: { work: number[]; nonNearest: number }[] = [];
  for (let seed = 1; seed <= 8; seed++) {
    const rng = createRng(1000 + seed);
    const calls: ReformCall[] = [];
    let t = rng.exponential(lambdaTotal);
    while (t < periodS) {
      const j = rng.weightedIndex(rates);
      const node = atoms[j]!;
      calls.push({ id: calls.length, timeS: t, timeOfDayKnown: true, node, lon: g.graph.lon[node]!, lat: g.graph.lat[node]!, category: 'x', station: 0 });
      t += rng.exponential(lambdaTotal);
    }
    const sc: ReformScenario = {
      periodStartMs: 0,
      periodS,
      stations: st,
      calls,
      history: [],
      units: [0, 1, 2].map(() => ({ station: 0, mode: 'car' as const })),
      posts: posts.map((node) => ({ node, station: 0 })),
      serviceTime: { default: { dist: 'exponential', meanS: muS } },
      // the hypercube has no turnout and travel of no account
      turnoutAt: { station: 0, post: 0, moving: 0 },
      congestion: new Array(24).fill(1),
    };
    const prep = prepareReform(sc, g.graph, g.ch);
    const r = simulateReform(prep, { name: 'posts-road', bundled: true }, seed);
    assert.equal(r.figures.droppedUnreachable, 0);
    sims.push({ work: r.units.map((u) => u.utilisation), nonNearest: r.nonNearestShare });
  }
  const meanSe = (v: number[]) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    return [m, sd / Math.sqrt(v.length)] as const;
  };
  // 99.9% two-sided Student t, 7 degrees of freedom: 5.41
  const tq = 5.41;
  for (let u = 0; u < 3; u++) {
    const [m, se] = meanSe(sims.map((s) => s.work[u]!));
    assert.ok(Math.abs(m - exact.workload[u]!) <= tq * se + 0.002, `unit ${u}: simulated workload ${m.toFixed(4)} ± ${se.toFixed(4)}, hypercube ${exact.workload[u]!.toFixed(4)}`);
  }
  const [m, se] = meanSe(sims.map((s) => s.nonNearest));
  assert.ok(Math.abs(m - exact.nonNearestShare) <= tq * se + 0.002, `non-nearest share ${m.toFixed(4)} ± ${se.toFixed(4)}, hypercube ${exact.nonNearestShare.toFixed(4)}`);
  // the comparison is not vacuous: units differ in workload and a good share of calls goes to a non-nearest unit
  assert.ok(exact.nonNearestShare > 0.15);
  assert.ok(Math.max(...exact.workload) - Math.min(...exact.workload) > 0.02);
});

test('compareReform: six policies with intervals, paired differences and slow places', () => {
  const prep = prepareReform(scenarioOf(T, STATIONS, { days: 3, perDay: 80, units: 8, seed: 21, historyDays: 5 }), T.graph, T.ch);
  const cmp = compareReform(prep, { seeds: [1, 2, 3, 4] });
  assert.equal(cmp.policies.length, 6);
  for (const p of cmp.policies) {
    for (const e of [p.within1, p.within3, p.within5, p.meanTravelS, p.p90TravelS]) assert.ok(e.ciLow <= e.mean && e.mean <= e.ciHigh);
    assert.ok(p.within1.mean <= p.within3.mean && p.within3.mean <= p.within5.mean);
    assert.equal(p.units.length, 8);
    assert.ok(p.slowCells.length > 0);
    assert.ok(p.slowCells[0]!.meanResponseS >= p.slowCells[p.slowCells.length - 1]!.meanResponseS);
  }
  const d = cmp.differences.find((x) => x.a === 'patrol-road/bundled' && x.b === 'stations-straight/bundled' && x.metric === 'within5')!;
  const a = cmp.policies.find((p) => p.label === 'patrol-road/bundled')!.within5.mean;
  const b = cmp.policies.find((p) => p.label === 'stations-straight/bundled')!.within5.mean;
  assert.ok(Math.abs(d.diff.mean - (a - b)) < 1e-12);
  assert.ok(cmp.assumptions.some((s) => s.includes('diurnal profile')));
});

test('allocateReformUnits: proportional, at least one per station, deterministic', () => {
  const calls = [0, 0, 0, 0, 0, 0, 1, 1, 2].map((station, id) => ({ id, station }) as unknown as ReformCall);
  const u = allocateReformUnits(3, 7, calls);
  assert.equal(u.length, 7);
  const per = [0, 1, 2].map((s) => u.filter((x) => x.station === s).length);
  assert.deepEqual(per, [4, 2, 1]);
  assert.throws(() => prepareReform({ ...scenarioOf(T, STATIONS, { days: 1, perDay: 5, units: 2, seed: 1 }), posts: [] }, T.graph, T.ch), /posts/);
});
