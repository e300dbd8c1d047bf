import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRoadGraph,
  buildContractionHierarchy,
  buildSegmentIndex,
  snapToRoad,
  snapOnEdge,
  travelTimesFrom,
  travelTimesFromSnap,
  reachSegments,
  reachPolygon,
  coverageTimes,
  coverageByEdge,
  nearestNode,
  edgeBetween,
  type RoadGraph,
  type RoadLike,
  type Snap,
} from '../src/roads/index';
import { createRng } from '../src/sim/rng';

// The drawn map of roads-ch.test.ts: A => B one-way east, A-C, C-D, D-B two-way; an island X-Y. 36 km/h = 10 m/s.
//
//   C ---- D
//   |      |
//   A ===> B        X -- Y
const A: [number, number] = [120.0, 32.6];
const B: [number, number] = [120.002, 32.6];
const C: [number, number] = [120.0, 32.602];
const D: [number, number] = [120.002, 32.602];
const X: [number, number] = [120.01, 32.6];
const Y: [number, number] = [120.011, 32.6];
const drawn: RoadLike[] = [
  { id: 1, speedKmh: 36, oneway: true, coords: [A, B] },
  { id: 2, speedKmh: 36, oneway: false, coords: [A, C] },
  { id: 3, speedKmh: 36, oneway: false, coords: [C, D, B] },
  { id: 4, speedKmh: 20, oneway: false, coords: [X, Y] },
];

const close = (a: number, b: number, eps = 1e-6): boolean => Math.abs(a - b) <= eps * Math.max(1, Math.abs(b));

function generatedCity(seed: number, w: number, h: number): RoadGraph {
  const rng = createRng(seed);
  const p = (i: number, j: number): [number, number] => [120 + i * 0.001 + (((i * 7919 + j * 104729) % 97) / 97 - 0.5) * 0.0003, 32 + j * 0.001];
  const roads: RoadLike[] = [];
  let id = 0;
  for (let i = 0; i < w; i++) {
    for (let j = 0; j < h; j++) {
      for (const [di, dj] of [[1, 0], [0, 1]] as const) {
        if (i + di >= w || j + dj >= h || rng.chance(0.08)) continue;
        const coords = rng.chance(0.5) ? [p(i, j), p(i + di, j + dj)] : [p(i + di, j + dj), p(i, j)];
        roads.push({ id: id++, speedKmh: rng.pick([15, 20, 30, 40, 50, 60]), oneway: rng.chance(0.25), coords });
      }
    }
  }
  return buildRoadGraph(roads, { secondsQuantum: 1 / 1024 });
}

test('travelTimesFromSnap equals Dijkstra from the exits / to the entries plus offsets', () => {
  const g = generatedCity(3, 12, 10);
  const ch = buildContractionHierarchy(g);
  const idx = buildSegmentIndex(g);
  const rng = createRng(31);
  const fromEach = Array.from({ length: g.nodeCount }, (_, v) => travelTimesFrom(g, v));
  for (let k = 0; k < 20; k++) {
    const snap = snapToRoad(g, idx, 120 + rng.float() * 0.011, 32 + rng.float() * 0.009)!;
    const cutoff = k % 2 === 0 ? Infinity : 120;
    const from = travelTimesFromSnap(ch, snap, 'from', cutoff);
    const to = travelTimesFromSnap(ch, snap, 'to', cutoff);
    for (let v = 0; v < g.nodeCount; v++) {
      let f = Infinity;
      for (const x of snap.exits) f = Math.min(f, x.seconds + fromEach[x.node]![v]!);
      let t = Infinity;
      for (const y of snap.entries) t = Math.min(t, fromEach[v]![y.node]! + y.seconds);
      assert.equal(from[v], f <= cutoff ? f : Infinity, `from, snap ${k}, node ${v}`);
      assert.equal(to[v], t <= cutoff ? t : Infinity, `to, snap ${k}, node ${v}`);
    }
  }
});

test('reach on a one-way street: only ahead of the unit, cut where the budget runs out', () => {
  const g = buildRoadGraph(drawn);
  const ch = buildContractionHierarchy(g);
  const [a, b] = [nearestNode(g, A[0], A[1]), nearestNode(g, B[0], B[1])];
  const eAB = edgeBetween(g, a, b);
  const sec = g.seconds[eAB]!;
  const snap = snapOnEdge(g, eAB, a, 0.5);
  const times = travelTimesFromSnap(ch, snap, 'from');
  assert.equal(times[a], sec / 2 + travelTimesFrom(g, b)[a]!, 'back to A only round the block');

  const [r5] = reachSegments(g, times, [5], { origins: [snap] });
  assert.equal(r5!.lines.length, 1);
  const [p, q] = r5!.lines[0]!;
  assert.ok(close(p![0], 120.001) && close(p![1], 32.6), 'starts at the unit');
  const cut = 0.5 + 5 / sec;
  assert.ok(close(q![0], A[0] + cut * (B[0] - A[0]), 1e-12), 'ends exactly where 5 s run out');
  assert.ok(close(r5!.meters, (5 / sec) * g.meters[eAB]!));
  assert.ok(Math.abs(r5!.meters - 50) < 0.1, '5 s at 10 m/s');

  // without the origin, the snapped segment itself is not drawn (nodes only)
  assert.equal(reachSegments(g, times, [5])[0]!.lines.length, 0);

  // direction 'to': who can reach an incident at the same point within 5 s: the part upstream (towards A)
  const toTimes = travelTimesFromSnap(ch, snap, 'to');
  const [t5] = reachSegments(g, toTimes, [5], { direction: 'to', origins: [snap] });
  assert.equal(t5!.lines.length, 1);
  assert.ok(close(t5!.lines[0]![0]![0], A[0] + (0.5 - 5 / sec) * (B[0] - A[0]), 1e-12));
  assert.ok(close(t5!.lines[0]![1]![0], 120.001, 1e-12));
});

test('reach: partial edges from both ends of a two-way road, the island never reached', () => {
  const g = buildRoadGraph(drawn);
  const ch = buildContractionHierarchy(g);
  const [a, b, c, d] = [A, B, C, D].map((p) => nearestNode(g, p[0], p[1])) as [number, number, number, number];
  const times = chTimesFromNode(ch, a);
  const sAC = g.seconds[edgeBetween(g, a, c)]!;
  const sCD = g.seconds[edgeBetween(g, c, d)]!;
  const sAB = g.seconds[edgeBetween(g, a, b)]!;
  // budget reaching C and B, plus some way into C-D from both ends
  const budget = Math.max(sAC, sAB) + 0.3 * sCD;
  const [r] = reachSegments(g, times, [budget]);
  const mCD = g.meters[edgeBetween(g, c, d)]!;
  const mDB = g.meters[edgeBetween(g, d, b)]!;
  const fromC = (budget - sAC) / sCD;
  const sDB = g.seconds[edgeBetween(g, b, d)]!;
  const fromB = Math.min(1, (budget - sAB) / sDB);
  const expected = g.meters[edgeBetween(g, a, b)]! + g.meters[edgeBetween(g, a, c)]! + fromC * mCD + fromB * mDB;
  assert.ok(close(r!.meters, expected), `${r!.meters} vs ${expected}`);
  // a big budget: the whole main component, never the island
  const [all] = reachSegments(g, times, [1e6]);
  let main = 0;
  for (const [u, v] of [[a, b], [a, c], [c, d], [d, b]] as const) main += g.meters[edgeBetween(g, u, v)]!;
  assert.ok(close(all!.meters, main));
  const x = nearestNode(g, X[0], X[1]);
  assert.equal(times[x], Infinity);
  assert.ok(all!.lines.every((l) => l.every((pt) => pt[0] < 120.005)));
});

function chTimesFromNode(ch: ReturnType<typeof buildContractionHierarchy>, node: number): Float64Array {
  const snapLike: Snap = { edge: -1, from: node, to: node, t: 0, lon: 0, lat: 0, meters: 0, exits: [{ node, seconds: 0 }], entries: [{ node, seconds: 0 }] };
  return travelTimesFromSnap(ch, snapLike, 'from');
}

// A straight two-way road P0 - P1 - P2 - P3, 0.001 degree of longitude per segment (about 93.7 m), 36 km/h.
const line: RoadLike[] = [
  { id: 1, speedKmh: 36, oneway: false, coords: [[120, 32.6], [120.001, 32.6], [120.002, 32.6], [120.003, 32.6]] },
  { id: 2, speedKmh: 36, oneway: false, coords: [[120.02, 32.6], [120.021, 32.6]] }, // an island
];

test('coverage with one and two sources: classes, metres within each budget, the rest beyond', () => {
  const g = buildRoadGraph(line);
  const [p0, p1, p2, p3] = [0, 1, 2, 3].map((i) => nearestNode(g, 120 + i * 0.001, 32.6)) as [number, number, number, number];
  const seg = g.seconds[edgeBetween(g, p0, p1)]!;
  const segM = g.meters[edgeBetween(g, p0, p1)]!;
  const islandM = g.meters[edgeBetween(g, 4, 5)]!;
  const total = 3 * segM + islandM;

  const one = coverageTimes(g, [{ node: p0, seconds: 0 }], 300);
  const c1 = coverageByEdge(g, one, [10, 20]);
  const cls = (u: number, v: number) => c1.edgeClass[edgeBetween(g, u, v)];
  assert.ok(seg < 10 && 2 * seg > 10 && 2 * seg < 20 && 3 * seg > 20, `segment time ${seg}`);
  assert.equal(cls(p0, p1), 0);
  assert.equal(cls(p1, p0), 0, 'both directions of a segment share the class');
  assert.equal(cls(p1, p2), 1);
  assert.equal(cls(p2, p3), -1, 'only partly within 20 s');
  assert.equal(c1.edgeClass[edgeBetween(g, 4, 5)], -1, 'the island');
  assert.ok(Math.abs(c1.metersWithin[0]! - 100) < 0.01, `10 s at 10 m/s: ${c1.metersWithin[0]}`);
  assert.ok(Math.abs(c1.metersWithin[1]! - 200) < 0.01);
  assert.ok(close(c1.metersBeyond, total - c1.metersWithin[1]!));

  // two sources, at both ends: the middle segment is covered by two partial pieces meeting in the middle
  const two = coverageTimes(g, [{ node: p0, seconds: 0 }, { node: p3, seconds: 0 }], 300);
  assert.equal(two[p1], seg);
  assert.equal(two[p2], seg);
  const c2 = coverageByEdge(g, two, [0.6 * seg + seg]);
  assert.equal(c2.edgeClass[edgeBetween(g, p1, p2)], 0);
  assert.ok(close(c2.metersWithin[0]!, 3 * segM));
  assert.ok(close(c2.metersBeyond, islandM));
  // ... and not when the pieces fall short
  const c3 = coverageByEdge(g, two, [0.4 * seg + seg]);
  assert.equal(c3.edgeClass[edgeBetween(g, p1, p2)], -1);
  assert.ok(close(c3.metersWithin[0]!, 2.8 * segM));

  // a source's offset counts, and the cutoff applies
  const off = coverageTimes(g, [{ node: p0, seconds: 5 }, { node: p3, seconds: 100 }], 30);
  assert.equal(off[p0], 5);
  assert.equal(off[p1], 5 + seg);
  assert.equal(off[p3], Infinity, 'beyond the cutoff by both routes');
});

test('coverage equals the minimum of per-source Dijkstras (generated city, one-way streets)', () => {
  const g = generatedCity(5, 15, 12);
  const rng = createRng(8);
  for (let k = 0; k < 10; k++) {
    const sources = Array.from({ length: 1 + (k % 4) }, () => ({ node: rng.int(0, g.nodeCount - 1), seconds: rng.float() * 20 }));
    const cutoff = 60 + k * 20;
    const got = coverageTimes(g, sources, cutoff);
    const per = sources.map((s) => travelTimesFrom(g, s.node));
    for (let v = 0; v < g.nodeCount; v++) {
      let best = Infinity;
      sources.forEach((s, i) => (best = Math.min(best, s.seconds + per[i]![v]!)));
      assert.ok(got[v] === (best <= cutoff ? best : Infinity) || close(got[v]!, best, 1e-12), `node ${v}: ${got[v]} vs ${best}`);
    }
  }
});

test('coverage counts a source snap on its own one-way segment from the snap point', () => {
  const g = buildRoadGraph(drawn);
  const [a, b] = [nearestNode(g, A[0], A[1]), nearestNode(g, B[0], B[1])];
  const eAB = edgeBetween(g, a, b);
  const snap = snapOnEdge(g, eAB, a, 0.5);
  const times = coverageTimes(g, snap.exits, 300);
  const sec = g.seconds[eAB]!;
  const cov = coverageByEdge(g, times, [sec / 2, sec], { origins: [snap] });
  assert.equal(cov.edgeClass[eAB], -1, 'the part behind the unit is reached only round the block');
  assert.ok(close(cov.metersWithin[0]!, g.meters[eAB]! / 2));
});

test('reachPolygon: convex hull, null without area, buffered lines', () => {
  const poly = reachPolygon([[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5], [0.2, 0.7]])!;
  assert.equal(poly.length, 1);
  const ring = poly[0]!;
  assert.deepEqual(ring[0], ring[ring.length - 1]);
  assert.equal(ring.length, 5);
  let area2 = 0;
  for (let i = 1; i < ring.length; i++) area2 += ring[i - 1]![0] * ring[i]![1] - ring[i]![0] * ring[i - 1]![1];
  assert.equal(area2 / 2, 1, 'counter-clockwise, unit square');
  assert.equal(reachPolygon([[0, 0], [1, 1]]), null);
  assert.equal(reachPolygon([[0, 0], [1, 1], [2, 2]]), null, 'collinear');
  const buffered = reachPolygon([[120, 32], [120.01, 32]], 50)!;
  assert.ok(buffered[0]!.length > 8);
  const lats = buffered[0]!.map((p) => p[1]);
  assert.ok(Math.abs((Math.max(...lats) - 32) * 111195 - 50) < 0.5, 'buffer of 50 m');
});
