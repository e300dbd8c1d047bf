import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRoadGraph,
  nearestNode,
  shortestPath,
  travelTimesFrom,
  connectedComponents,
  isStronglyConnected,
  edgeBetween,
  type RoadLike,
} from '../src/roads/index';
import { haversineMeters } from '../src/geo/index';

// A small drawn map (0.001 degree ~ 94 m east-west, 111 m north-south at 32.6 N):
//
//   C(120.000,32.602) ---- D(120.002,32.602)
//   |                       |
//   A(120.000,32.600) ==> B(120.002,32.600)        island: X(120.010,32.600) -- Y(120.011,32.600)
//
// A -> B is one-way eastbound; A-C, C-D, D-B are two-way.
const A: [number, number] = [120.0, 32.6];
const B: [number, number] = [120.002, 32.6];
const C: [number, number] = [120.0, 32.602];
const D: [number, number] = [120.002, 32.602];
const roads: RoadLike[] = [
  { id: 1, speedKmh: 36, oneway: true, coords: [A, B] },
  { id: 2, speedKmh: 36, oneway: false, coords: [A, C] },
  // the same corner given with a tiny float difference still joins (rounding to 1e-7 degrees)
  { id: 3, speedKmh: 36, oneway: false, coords: [[120.0 + 1e-9, 32.602], D, B] },
  { id: 4, speedKmh: 20, oneway: false, coords: [[120.01, 32.6], [120.011, 32.6]] },
];

const node = (g: ReturnType<typeof buildRoadGraph>, p: [number, number]) => nearestNode(g, p[0], p[1]);

test('coincident vertices merge and one-way streets get one edge', () => {
  const g = buildRoadGraph(roads);
  assert.equal(g.nodeCount, 6);
  // edges: A->B (1), A<->C (2), C<->D (2), D<->B (2), island (2)
  assert.equal(g.edgeCount, 9);
  assert.equal(g.offsets.length, 7);
  const a = node(g, A);
  const b = node(g, B);
  assert.ok(edgeBetween(g, a, b) >= 0);
  assert.equal(edgeBetween(g, b, a), -1);
  const e = edgeBetween(g, a, b);
  assert.equal(g.roadId[e], 1);
  const len = haversineMeters(A[0], A[1], B[0], B[1]);
  assert.ok(Math.abs(g.meters[e]! - len) < 0.01);
  assert.ok(Math.abs(g.seconds[e]! - len / 10) < 0.01, '36 km/h = 10 m/s');
});

test('nearestNode finds the nearest node and honours maxMeters', () => {
  const g = buildRoadGraph(roads);
  const a = node(g, A);
  assert.equal(g.lon[a], A[0]);
  assert.equal(nearestNode(g, 120.0002, 32.6001), a);
  assert.equal(nearestNode(g, 120.0002, 32.6001, 5), -1);
  // east-west degrees are shorter than north-south ones here: 0.0009 deg east (~84 m) beats 0.0008 deg north (~89 m)
  const g2 = buildRoadGraph([
    { id: 1, speedKmh: 30, oneway: false, coords: [[120.0009, 32.6], [120.0009, 32.5]] },
    { id: 2, speedKmh: 30, oneway: false, coords: [[120.0, 32.6008], [120.0, 32.7]] },
  ]);
  const n = nearestNode(g2, 120.0, 32.6);
  assert.equal(g2.lon[n], 120.0009);
  assert.equal(nearestNode(buildRoadGraph([]), 120, 32), -1);
});

test('shortest path respects the one-way street', () => {
  const g = buildRoadGraph(roads);
  const a = node(g, A);
  const b = node(g, B);
  const c = node(g, C);
  const d = node(g, D);
  const ab = shortestPath(g, a, b);
  assert.ok(ab);
  assert.deepEqual(ab.nodes, [a, b]);
  const ba = shortestPath(g, b, a);
  assert.ok(ba);
  assert.deepEqual(ba.nodes, [b, d, c, a], 'back against the one-way goes round the block');
  assert.ok(ba.seconds > ab.seconds * 2);
  assert.ok(Math.abs(ba.meters - (haversineMeters(...B, ...D) + haversineMeters(...D, ...C) + haversineMeters(...C, ...A))) < 0.1);
  assert.deepEqual(shortestPath(g, a, a), { seconds: 0, meters: 0, nodes: [a] });
});

test('an island is unreachable and shows as a second component', () => {
  const g = buildRoadGraph(roads);
  const x = nearestNode(g, 120.01, 32.6);
  const a = node(g, A);
  assert.equal(shortestPath(g, a, x), null);
  const t = travelTimesFrom(g, a);
  assert.equal(t[x], Infinity);
  assert.equal(t[a], 0);
  const cc = connectedComponents(g);
  assert.equal(cc.count, 2);
  assert.deepEqual(cc.sizes.slice().sort(), [2, 4]);
  assert.equal(isStronglyConnected(g), false);
  assert.equal(isStronglyConnected(buildRoadGraph(roads.slice(0, 3))), true);
  assert.equal(isStronglyConnected(buildRoadGraph([roads[0]!])), false, 'a lone one-way street');
  assert.throws(() => shortestPath(g, a, 99));
});

test('ties are broken deterministically and both tied routes cost the same', () => {
  // a square with two equal routes from SW to NE
  const sw: [number, number] = [120, 32.6];
  const se: [number, number] = [120.001, 32.6];
  const nw: [number, number] = [120, 32.601];
  const ne: [number, number] = [120.001, 32.601];
  const sq: RoadLike[] = [
    { id: 1, speedKmh: 30, oneway: false, coords: [sw, se, ne] },
    { id: 2, speedKmh: 30, oneway: false, coords: [sw, nw, ne] },
  ];
  const g = buildRoadGraph(sq);
  const g2 = buildRoadGraph(sq.slice().reverse());
  const p = shortestPath(g, node(g, sw), node(g, ne));
  const p2 = shortestPath(g, node(g, sw), node(g, ne));
  assert.ok(p && p2);
  assert.deepEqual(p, p2);
  assert.equal(p.nodes.length, 3);
  const q = shortestPath(g2, node(g2, sw), node(g2, ne));
  assert.ok(q);
  assert.ok(Math.abs(q.seconds - p.seconds) < 1e-3);
});

test('travelTimesFrom agrees with shortestPath and honours the cutoff', () => {
  const g = buildRoadGraph(roads);
  const b = node(g, B);
  const t = travelTimesFrom(g, b);
  for (let v = 0; v < g.nodeCount; v++) {
    const p = shortestPath(g, b, v);
    if (p) assert.ok(Math.abs(p.seconds - t[v]!) < 1e-6);
    else assert.equal(t[v], Infinity);
  }
  const cut = travelTimesFrom(g, b, 30);
  const d = node(g, D);
  const a = node(g, A);
  assert.ok(cut[d]! < 30);
  assert.equal(cut[a], Infinity, 'A is ~60 s away from B');
});

test('a lattice: Dijkstra equals the Manhattan time', () => {
  const n = 12;
  const step = 0.001;
  const rs: RoadLike[] = [];
  for (let i = 0; i < n; i++) {
    rs.push({ id: i, speedKmh: 30, oneway: false, coords: Array.from({ length: n }, (_, j) => [120 + j * step, 32.6 + i * step] as [number, number]) });
    rs.push({ id: 100 + i, speedKmh: 30, oneway: false, coords: Array.from({ length: n }, (_, j) => [120 + i * step, 32.6 + j * step] as [number, number]) });
  }
  const g = buildRoadGraph(rs);
  assert.equal(g.nodeCount, n * n);
  assert.ok(isStronglyConnected(g));
  const from = nearestNode(g, 120, 32.6);
  const to = nearestNode(g, 120 + (n - 1) * step, 32.6 + (n - 1) * step);
  const p = shortestPath(g, from, to);
  assert.ok(p);
  assert.equal(p.nodes.length, 2 * (n - 1) + 1);
  const ew = haversineMeters(120, 32.6, 120 + step, 32.6);
  const ns = haversineMeters(120, 32.6, 120, 32.6 + step);
  assert.ok(Math.abs(p.meters - (n - 1) * (ew + ns)) < 1, `${p.meters}`);
});
