// 片区 groups in the reform simulator (ReformStation.group) and the served counts of a policy's result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRoadGraph, buildContractionHierarchy, nearestNode, reachable, type RoadGraph, type RoadLike, type ContractionHierarchy } from '../src/roads/index';
import { createRng } from '../src/sim/rng';
import {
  allocateReformUnits,
  allReformPolicies,
  compareReform,
  prepareReform,
  reformCountEstimate,
  simulateReform,
  type ReformCall,
  type ReformRun,
  type ReformScenario,
  type ReformStation,
} from '../src/sim/reform/index';

const Q = 1 / 1024;

/** A jittered grid town (w x h crossings, `step` degrees apart), some one-way streets, and an island road far away. */
function town(seed: number, w: number, h: number, step = 0.002): { graph: RoadGraph; ch: ContractionHierarchy; main: number[]; island: number } {
  const rng = createRng(seed);
  const p = (i: number, j: number): [number, number] => [120 + i * step + rng.range(-0.1, 0.1) * step, 32 + j * step + rng.range(-0.1, 0.1) * step];
  const pts: [number, number][][] = [];
  for (let i = 0; i < w; i++) pts.push(Array.from({ length: h }, (_, j) => p(i, j)));
  const roads: RoadLike[] = [];
  let id = 0;
  for (let i = 0; i < w; i++)
    for (let j = 0; j < h; j++) {
      if (i + 1 < w) roads.push({ id: id++, speedKmh: j % 4 === 0 ? 50 : 30, oneway: j % 3 === 1 && i % 2 === 0, coords: [pts[i]![j]!, pts[i + 1]![j]!] });
      if (j + 1 < h) roads.push({ id: id++, speedKmh: i % 5 === 0 ? 50 : 30, oneway: false, coords: [pts[i]![j]!, pts[i]![j + 1]!] });
    }
  roads.push({ id: id++, speedKmh: 30, oneway: false, coords: [[120 + w * step * 3, 32], [120 + w * step * 3 + step, 32]] });
  const graph = buildRoadGraph(roads, { secondsQuantum: Q });
  const ch = buildContractionHierarchy(graph);
  const start = nearestNode(graph, 120 + (w / 2) * step, 32 + (h / 2) * step);
  const f = reachable(graph, start);
  const b = reachable(graph, start, true);
  const main: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) if (f[v] && b[v]) main.push(v);
  const island = nearestNode(graph, 120 + w * step * 3, 32);
  return { graph, ch, main, island };
}

/** Four stations, one per quadrant of the town (areas as rectangles). */
function quadrantStations(graph: RoadGraph, w: number, h: number, step = 0.002): ReformStation[] {
  const out: ReformStation[] = [];
  const midX = 120 + ((w - 1) / 2) * step;
  const midY = 32 + ((h - 1) / 2) * step;
  let n = 0;
  for (const [x0, x1] of [
    [119, midX],
    [midX, 121],
  ])
    for (const [y0, y1] of [
      [31, midY],
      [midY, 33],
    ]) {
      const node = nearestNode(graph, (Math.max(x0!, 120) + Math.min(x1!, 120 + (w - 1) * step)) / 2, (Math.max(y0!, 32) + Math.min(y1!, 32 + (h - 1) * step)) / 2);
      out.push({
        id: `S${n}`,
        node,
        lon: graph.lon[node]!,
        lat: graph.lat[node]!,
        areaId: `A${n++}`,
        area: [[[[x0!, y0!], [x1!, y0!], [x1!, y1!], [x0!, y1!], [x0!, y0!]]]],
      });
    }
  return out;
}

function stationOf(st: ReformStation[], lon: number, lat: number): number {
  const i = st.findIndex((s) => {
    const r = s.area![0]![0]!;
    return lon >= r[0]![0] && lon < r[1]![0] && lat >= r[0]![1] && lat < r[2]![1];
  });
  return i < 0 ? 0 : i;
}

/** Calls at random nodes of the main component, hot spots weighted, `perDay` a day over `days` days, with history. */
function scenarioOf(
  t: ReturnType<typeof town>,
  stations: ReformStation[],
  o: { days: number; perDay: number; units: number; seed: number; historyDays?: number; island?: boolean; serviceMeanS?: number },
): ReformScenario {
  const rng = createRng(o.seed);
  const hot = Array.from({ length: 6 }, () => rng.pick(t.main));
  const mk = (id: number, day: number, known: boolean): ReformCall => {
    const node = rng.chance(0.5) ? rng.pick(hot) : rng.pick(t.main);
    const lon = t.graph.lon[node]!;
    const lat = t.graph.lat[node]!;
    return { id, timeS: day * 86400 + (known ? rng.range(0, 86400) : 0), timeOfDayKnown: known, node, lon, lat, category: rng.chance(0.1) ? 'fight' : 'other', station: stationOf(stations, lon, lat) };
  };
  const calls: ReformCall[] = [];
  for (let d = 0; d < o.days; d++) for (let i = 0; i < o.perDay; i++) calls.push(mk(calls.length, d, i % 2 === 0));
  if (o.island) calls.push({ ...mk(calls.length, 0, true), node: t.island, lon: t.graph.lon[t.island]!, lat: t.graph.lat[t.island]!, station: 0 });
  const history: ReformCall[] = [];
  for (let d = -(o.historyDays ?? 0); d < 0; d++) for (let i = 0; i < o.perDay; i++) history.push(mk(history.length, d, false));
  return {
    periodStartMs: Date.UTC(2016, 7, 1),
    periodS: o.days * 86400,
    stations,
    calls,
    history,
    units: allocateReformUnits(stations.length, o.units, [...history, ...calls]),
    serviceTime: { default: { dist: 'lognormal', meanS: o.serviceMeanS ?? 1800, sdS: 1200 }, fight: { dist: 'exponential', meanS: 2400 } },
    reinforce: { fight: 2 },
    postGridM: 600,
  };
}

// A drawn map: a 12 x 10 town, four stations (quadrants: 0 south-west, 1 north-west, 2 south-east, 3 north-east),
// busy enough that bundled units often cross station borders.
const W = 12;
const H = 10;
const t = town(7, W, H);
const base = scenarioOf(t, quadrantStations(t.graph, W, H), { days: 3, perDay: 60, units: 8, seed: 11, historyDays: 7 });
const withGroups = (groups: (string | undefined)[]): ReformScenario => ({
  ...base,
  stations: base.stations.map((s, i) => (groups[i] === undefined ? { ...s } : { ...s, group: groups[i] })),
});
const SEEDS = [1, 2, 3];
const plain = (r: ReformRun) => ({ ...r, responseS: Array.from(r.responseS), travelS: Array.from(r.travelS), answeredBy: Array.from(r.answeredBy) });

test('two 片区: in a bundled run no unit answers a call outside its group, yet units cross station borders inside it', () => {
  const s = withGroups(['west', 'west', 'east', 'east']);
  const grp = (st: number) => (st < 2 ? 'west' : 'east');
  const prep = prepareReform(s, t.graph, t.ch);
  let inside = 0;
  for (const policy of allReformPolicies().filter((p) => p.bundled)) {
    for (const seed of SEEDS) {
      const r = simulateReform(prep, policy, seed);
      let served = 0;
      r.answeredBy.forEach((u, i) => {
        if (u < 0) return;
        served++;
        const unitSt = s.units[u]!.station;
        const callSt = s.calls[i]!.station;
        assert.equal(grp(unitSt), grp(callSt), `${policy.name} seed ${seed}: call ${i} (station ${callSt}) answered by unit ${u} (station ${unitSt})`);
        if (unitSt !== callSt) inside++;
      });
      assert.equal(served + r.figures.droppedUnreachable + r.figures.queuedAtEnd, r.figures.calls);
      // posts placed by the simulator stay inside the unit's 片区
      if (r.postsPlacement === 'p-median') r.posts.forEach((p, u) => assert.equal(grp(p.station), grp(s.units[u]!.station), `${policy.name}: post of unit ${u}`));
    }
  }
  assert.ok(inside > 0, 'bundled units answer calls of the other station of their 片区');
  // with one 片区 for all the same runs do cross the west/east edge
  const one = prepareReform(base, t.graph, t.ch);
  let crossing = 0;
  for (const seed of SEEDS) {
    const r = simulateReform(one, { name: 'posts-road', bundled: true }, seed);
    r.answeredBy.forEach((u, i) => {
      if (u >= 0 && grp(s.units[u]!.station) !== grp(s.calls[i]!.station)) crossing++;
    });
  }
  assert.ok(crossing > 0, 'one 片区: some answers cross the west/east edge');
});

test('one group for every station gives the same runs as no groups, bit for bit; own-station runs ignore groups', () => {
  const a = prepareReform(base, t.graph, t.ch);
  const b = prepareReform(withGroups(['g', 'g', 'g', 'g']), t.graph, t.ch);
  const c = prepareReform(withGroups(['west', 'west', 'east', undefined]), t.graph, t.ch);
  for (const policy of allReformPolicies()) {
    for (const seed of [1, 2]) {
      const ra = plain(simulateReform(a, policy, seed));
      assert.deepEqual(plain(simulateReform(b, policy, seed)), ra, `${policy.name}/${policy.bundled} seed ${seed}`);
      if (!policy.bundled) assert.deepEqual(plain(simulateReform(c, policy, seed)), ra, `${policy.name}/own ignores groups`);
    }
  }
});

test('a station without a group is a 片区 of its own; a bad group is refused', () => {
  const s = withGroups(['west', 'west', 'east', undefined]);
  const prep = prepareReform(s, t.graph, t.ch);
  const lane = (st: number) => (st < 2 ? 0 : st === 2 ? 1 : 2);
  const r = simulateReform(prep, { name: 'stations-straight', bundled: true }, 1);
  r.answeredBy.forEach((u, i) => {
    if (u >= 0) assert.equal(lane(s.units[u]!.station), lane(s.calls[i]!.station));
  });
  assert.throws(() => prepareReform(withGroups(['', 'a', 'a', 'a']), t.graph, t.ch), /stations\[0\]: group/);
});

test('a policy result counts the calls: served + dropped + queued at the end = calls; count intervals never below 0', () => {
  const prep = prepareReform(withGroups(['west', 'west', 'east', 'east']), t.graph, t.ch);
  const out = compareReform(prep, { seeds: SEEDS });
  for (const p of out.policies) {
    assert.equal(p.calls, base.calls.length);
    const runs = SEEDS.map((seed) => simulateReform(prep, { name: p.policy, bundled: p.bundled }, seed).figures);
    const mean = (k: 'served' | 'droppedUnreachable' | 'queuedAtEnd') => runs.reduce((x, f) => x + f[k], 0) / runs.length;
    assert.equal(p.served.mean, mean('served'), p.label);
    assert.equal(p.dropped.mean, mean('droppedUnreachable'), p.label);
    assert.ok(Math.abs(p.served.mean + p.dropped.mean + p.queuedAtEnd.mean - p.calls) < 1e-9, p.label);
    for (const e of [p.served, p.dropped, p.queued, p.queuedAtEnd]) assert.ok(e.ciLow >= 0 && e.ciHigh >= e.ciLow, `${p.label} ${JSON.stringify(e)}`);
  }
  // the clipping itself: a count interval that would reach below 0
  const e = reformCountEstimate([0, 0, 2]);
  assert.equal(e.ciLow, 0);
  assert.ok(Math.abs(e.mean - 2 / 3) < 1e-12 && e.ciHigh > 2);
});
