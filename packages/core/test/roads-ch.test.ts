import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRoadGraph,
  buildContractionHierarchy,
  chTravelTime,
  chShortestPath,
  chManyToOne,
  chSelectSources,
  chTravelTimesAll,
  ChWorkspace,
  hasExactTimeSums,
  nearestNode,
  shortestPath,
  travelTimesFrom,
  edgeBetween,
  type RoadGraph,
  type RoadLike,
} from '../src/roads/index';
import { createRng } from '../src/sim/rng';

// The drawn map of roads.test.ts: A => B one-way east, A-C, C-D, D-B two-way; an island X-Y.
//
//   C ---- D
//   |      |
//   A ===> B        X -- Y
const A: [number, number] = [120.0, 32.6];
const B: [number, number] = [120.002, 32.6];
const C: [number, number] = [120.0, 32.602];
const D: [number, number] = [120.002, 32.602];
const drawn: RoadLike[] = [
  { id: 1, speedKmh: 36, oneway: true, coords: [A, B] },
  { id: 2, speedKmh: 36, oneway: false, coords: [A, C] },
  { id: 3, speedKmh: 36, oneway: false, coords: [C, D, B] },
  { id: 4, speedKmh: 20, oneway: false, coords: [[120.01, 32.6], [120.011, 32.6]] },
];

/** A jittered grid city: two-way and one-way streets at mixed speeds, some blocks missing, a few long arterials. */
function generatedCity(seed: number, w: number, h: number, quantum?: number): RoadGraph {
  const rng = createRng(seed);
  const p = (i: number, j: number): [number, number] => [
    120 + i * 0.001 + (((i * 7919 + j * 104729) % 97) / 97 - 0.5) * 0.0003,
    32 + j * 0.001 + (((i * 31 + j * 17) % 89) / 89 - 0.5) * 0.0003,
  ];
  const roads: RoadLike[] = [];
  let id = 0;
  for (let i = 0; i < w; i++) {
    for (let j = 0; j < h; j++) {
      for (const [di, dj] of [[1, 0], [0, 1]] as const) {
        if (i + di >= w || j + dj >= h || rng.chance(0.08)) continue;
        const oneway = rng.chance(0.25);
        const coords = rng.chance(0.5) ? [p(i, j), p(i + di, j + dj)] : [p(i + di, j + dj), p(i, j)];
        roads.push({ id: id++, speedKmh: rng.pick([15, 20, 30, 40, 50, 60]), oneway, coords });
      }
    }
  }
  for (let k = 0; k < 4; k++) {
    const j = rng.int(0, h - 1);
    roads.push({ id: id++, speedKmh: 70, oneway: false, coords: Array.from({ length: w }, (_, i) => p(i, j)) });
  }
  return buildRoadGraph(roads, quantum === undefined ? {} : { secondsQuantum: quantum });
}

test('CH on the drawn map: one-way street, island, path unpacked', () => {
  const g = buildRoadGraph(drawn);
  const ch = buildContractionHierarchy(g);
  const at = (p: [number, number]) => nearestNode(g, p[0], p[1]);
  const [a, b, c, d, x] = [at(A), at(B), at(C), at(D), nearestNode(g, 120.01, 32.6)];
  for (let u = 0; u < g.nodeCount; u++) {
    for (let v = 0; v < g.nodeCount; v++) {
      const ref = shortestPath(g, u, v);
      assert.equal(chTravelTime(ch, u, v), ref ? ref.seconds : Infinity, `${u} -> ${v}`);
    }
  }
  assert.deepEqual(chShortestPath(ch, g, a, b)!.nodes, [a, b]);
  const back = chShortestPath(ch, g, b, a)!;
  assert.deepEqual(back.nodes, [b, d, c, a], 'against the one-way: round the block');
  assert.ok(Math.abs(back.meters - shortestPath(g, b, a)!.meters) < 1e-6);
  assert.equal(chShortestPath(ch, g, a, x), null);
  assert.equal(chTravelTime(ch, x, a), Infinity);
  assert.deepEqual(chShortestPath(ch, g, a, a), { seconds: 0, meters: 0, nodes: [a] });
  assert.throws(() => chTravelTime(ch, -1, a), RangeError);
});

test('CH equals Dijkstra exactly on random pairs of generated cities (quantized times)', () => {
  for (const [seed, w, h] of [[1, 12, 9], [2, 25, 20], [3, 40, 30]] as const) {
    const g = generatedCity(seed, w, h, 1 / 1024);
    assert.ok(hasExactTimeSums(g));
    const ch = buildContractionHierarchy(g);
    assert.equal(ch.exactArithmetic, true);
    const rng = createRng(seed * 101);
    const ws = new ChWorkspace(ch);
    let unreachable = 0;
    for (let k = 0; k < 300; k++) {
      const s = rng.int(0, g.nodeCount - 1);
      const t = rng.int(0, g.nodeCount - 1);
      const ref = shortestPath(g, s, t);
      const got = chTravelTime(ch, s, t, ws);
      assert.equal(got, ref ? ref.seconds : Infinity, `seed ${seed}: ${s} -> ${t}`);
      if (!ref) {
        unreachable++;
        continue;
      }
      // the unpacked path is a real path in the graph with the same time
      const p = chShortestPath(ch, g, s, t, ws)!;
      assert.equal(p.nodes[0], s);
      assert.equal(p.nodes[p.nodes.length - 1], t);
      let sum = 0;
      for (let i = 1; i < p.nodes.length; i++) {
        const e = edgeBetween(g, p.nodes[i - 1]!, p.nodes[i]!);
        assert.ok(e >= 0, 'consecutive path nodes are joined by an edge');
        sum += g.seconds[e]!;
      }
      assert.equal(sum, ref.seconds);
    }
    assert.ok(unreachable < 300);
  }
});

test('CH agrees with Dijkstra to rounding on unquantized times', () => {
  const g = generatedCity(7, 20, 15);
  const ch = buildContractionHierarchy(g);
  const rng = createRng(77);
  for (let k = 0; k < 300; k++) {
    const s = rng.int(0, g.nodeCount - 1);
    const t = rng.int(0, g.nodeCount - 1);
    const ref = shortestPath(g, s, t);
    const got = chTravelTime(ch, s, t);
    if (!ref) assert.equal(got, Infinity);
    else assert.ok(Math.abs(got - ref.seconds) <= 1e-9 * Math.max(1, ref.seconds), `${got} vs ${ref.seconds}`);
  }
});

test('witness limits change the shortcuts, never the times', () => {
  const g = generatedCity(4, 20, 15, 1 / 1024);
  const tight = buildContractionHierarchy(g, { witnessSettledLimit: 3, priorityWitnessSettledLimit: 3 });
  const loose = buildContractionHierarchy(g);
  assert.ok(tight.shortcutCount >= loose.shortcutCount);
  const rng = createRng(44);
  for (let k = 0; k < 200; k++) {
    const s = rng.int(0, g.nodeCount - 1);
    const t = rng.int(0, g.nodeCount - 1);
    assert.equal(chTravelTime(tight, s, t), chTravelTime(loose, s, t));
  }
});

test('many-to-one with a cutoff equals per-source Dijkstra', () => {
  const g = generatedCity(5, 30, 25, 1 / 1024);
  const ch = buildContractionHierarchy(g);
  const rng = createRng(55);
  const sources = Array.from({ length: 60 }, () => rng.int(0, g.nodeCount - 1));
  const selection = chSelectSources(ch, sources);
  for (let k = 0; k < 8; k++) {
    const target = rng.int(0, g.nodeCount - 1);
    const cutoff = k % 2 === 0 ? Infinity : 120;
    const expected = sources.map((s) => {
      const p = shortestPath(g, s, target);
      return p && p.seconds <= cutoff ? p.seconds : Infinity;
    });
    assert.deepEqual(Array.from(chManyToOne(ch, sources, target, { cutoffSeconds: cutoff })), expected);
    assert.deepEqual(Array.from(chManyToOne(ch, selection, target, { cutoffSeconds: cutoff })), expected, 'prepared selection');
  }
  // the drawn map: B to A goes round the block, the island is unreachable
  const dg = buildRoadGraph(drawn);
  const dch = buildContractionHierarchy(dg);
  const a = nearestNode(dg, A[0], A[1]);
  const srcs = [nearestNode(dg, B[0], B[1]), a, nearestNode(dg, 120.011, 32.6)];
  const got = chManyToOne(dch, srcs, a);
  assert.equal(got[0], shortestPath(dg, srcs[0]!, a)!.seconds);
  assert.equal(got[1], 0);
  assert.equal(got[2], Infinity);
});

test('one-to-all and all-to-one sweeps equal Dijkstra', () => {
  const g = generatedCity(6, 25, 20, 1 / 1024);
  const ch = buildContractionHierarchy(g);
  const rng = createRng(66);
  for (let k = 0; k < 5; k++) {
    const s = rng.int(0, g.nodeCount - 1);
    const cutoff = k === 0 ? Infinity : 60 * k;
    assert.deepEqual(Array.from(chTravelTimesAll(ch, s, 'from', cutoff)), Array.from(travelTimesFrom(g, s, cutoff)));
    const to = chTravelTimesAll(ch, s, 'to', cutoff);
    for (let v = 0; v < g.nodeCount; v += 7) {
      const p = shortestPath(g, v, s);
      assert.equal(to[v], p && p.seconds <= cutoff ? p.seconds : Infinity);
    }
  }
});

test('an empty graph and a single node', () => {
  const ch = buildContractionHierarchy(buildRoadGraph([]));
  assert.equal(ch.nodeCount, 0);
  const one = buildContractionHierarchy(buildRoadGraph([{ id: 1, speedKmh: 30, oneway: true, coords: [A, B] }]));
  assert.equal(chTravelTime(one, 0, 1), shortestPath(buildRoadGraph([{ id: 1, speedKmh: 30, oneway: true, coords: [A, B] }]), 0, 1)!.seconds);
  assert.equal(chTravelTime(one, 1, 0), Infinity);
});
