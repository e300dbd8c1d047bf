import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRoadGraph,
  buildSegmentIndex,
  snapToRoad,
  snapOnEdge,
  sameEdgeSeconds,
  sameSegment,
  nearestNode,
  edgeBetween,
  type RoadGraph,
  type RoadLike,
} from '../src/roads/index';
import { createRng } from '../src/sim/rng';

// A long main road with no vertex in its middle, and a side street ending just north of it (not joined to it):
//
//                 S2
//                 |
//                 S1   (33 m north of the main road)
//                *q    (11 m north of the main road, 24 m from S1: the nearest NODE is S1)
//   M1 =========================== M2   (one-way east, 36 km/h)
//   |                               |
//   M0 ---------------------------- M3  (two-way)
const M1: [number, number] = [120.0, 32.6];
const M2: [number, number] = [120.01, 32.6];
const M0: [number, number] = [120.0, 32.599];
const M3: [number, number] = [120.01, 32.599];
const S1: [number, number] = [120.005, 32.6003];
const S2: [number, number] = [120.005, 32.603];
const roads: RoadLike[] = [
  { id: 1, speedKmh: 36, oneway: true, coords: [M1, M2] },
  { id: 2, speedKmh: 36, oneway: false, coords: [M2, M3, M0, M1] },
  { id: 3, speedKmh: 20, oneway: false, coords: [S1, S2] },
];

const DEG_M = (6371008.8 * Math.PI) / 180;

/** Brute force: the smallest planar distance (scaled plane, metres) from a point to any segment. */
function bruteNearest(g: RoadGraph, lon: number, lat: number): number {
  const s = g.lonScale;
  let best = Infinity;
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
      const v = g.targets[e]!;
      const [x1, y1, x2, y2] = [g.lon[u]! * s, g.lat[u]!, g.lon[v]! * s, g.lat[v]!];
      const dx = x2 - x1;
      const dy = y2 - y1;
      const t = Math.max(0, Math.min(1, ((lon * s - x1) * dx + (lat - y1) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(x1 + t * dx - lon * s, y1 + t * dy - lat));
    }
  }
  return best * DEG_M;
}

/** Planar distance (metres) from a point to a snap's projected point. */
function planar(g: RoadGraph, lon: number, lat: number, lon2: number, lat2: number): number {
  return Math.hypot((lon - lon2) * g.lonScale, lat - lat2) * DEG_M;
}

test('snap picks the nearest segment, not the segment of the nearest node', () => {
  const g = buildRoadGraph(roads);
  const idx = buildSegmentIndex(g);
  const q: [number, number] = [120.0049, 32.6001];
  const nodeS1 = nearestNode(g, S1[0], S1[1]);
  assert.equal(nearestNode(g, q[0], q[1]), nodeS1, 'the nearest node is the side street end');
  const snap = snapToRoad(g, idx, q[0], q[1])!;
  const m1 = nearestNode(g, M1[0], M1[1]);
  const m2 = nearestNode(g, M2[0], M2[1]);
  assert.equal(snap.from, m1);
  assert.equal(snap.to, m2);
  assert.equal(snap.edge, edgeBetween(g, m1, m2));
  assert.ok(Math.abs(snap.t - 0.49) < 1e-9);
  assert.ok(Math.abs(snap.lat - 32.6) < 1e-12);
  assert.ok(Math.abs(snap.meters - 0.0001 * DEG_M) < 0.05, `${snap.meters}`);
  // beside the side street, its segment wins
  const side = snapToRoad(g, idx, 120.0051, 32.601)!;
  assert.deepEqual([side.from, side.to].sort(), [nodeS1, nearestNode(g, S2[0], S2[1])].sort());
});

test('one-way segment: a single exit and entry; two-way: both, with partial-edge times', () => {
  const g = buildRoadGraph(roads);
  const idx = buildSegmentIndex(g);
  const m1 = nearestNode(g, M1[0], M1[1]);
  const m2 = nearestNode(g, M2[0], M2[1]);
  const snap = snapToRoad(g, idx, 120.0025, 32.6001)!;
  const sec = g.seconds[snap.edge]!;
  assert.ok(Math.abs(snap.t - 0.25) < 1e-9);
  assert.deepEqual(snap.exits, [{ node: m2, seconds: (1 - snap.t) * sec }]);
  assert.deepEqual(snap.entries, [{ node: m1, seconds: snap.t * sec }]);

  // the two-way southern road (M3 -> M0 as drawn)
  const m0 = nearestNode(g, M0[0], M0[1]);
  const m3 = nearestNode(g, M3[0], M3[1]);
  const two = snapToRoad(g, idx, 120.0075, 32.5989)!;
  assert.deepEqual([two.from, two.to].sort(), [m0, m3].sort());
  const fwd = g.seconds[two.edge]!;
  const rev = g.seconds[edgeBetween(g, two.to, two.from)]!;
  assert.deepEqual(two.exits, [
    { node: two.to, seconds: (1 - two.t) * fwd },
    { node: two.from, seconds: two.t * rev },
  ]);
  assert.deepEqual(two.entries, [
    { node: two.from, seconds: two.t * fwd },
    { node: two.to, seconds: (1 - two.t) * rev },
  ]);
  // beyond the end of a segment the projection clamps to the node
  const end = snapToRoad(g, idx, 120.0101, 32.6)!;
  assert.ok(end.t === 0 || end.t === 1);
});

test('maxMeters and the empty graph', () => {
  const g = buildRoadGraph(roads);
  const idx = buildSegmentIndex(g);
  // 20 m north of the main road, far from the side street
  assert.equal(snapToRoad(g, idx, 120.0025, 32.60018, 15), null);
  assert.ok(snapToRoad(g, idx, 120.0025, 32.60018, 25));
  assert.equal(snapToRoad(g, idx, 121, 33, 1000), null);
  const empty = buildRoadGraph([]);
  assert.equal(snapToRoad(empty, buildSegmentIndex(empty), 120, 32), null);
});

test('sameEdgeSeconds: along the edge, against a one-way, on reversed orientations', () => {
  const g = buildRoadGraph(roads);
  const idx = buildSegmentIndex(g);
  const a = snapToRoad(g, idx, 120.0025, 32.6001)!; // t = 0.25 on the one-way
  const b = snapToRoad(g, idx, 120.0075, 32.6001)!; // t = 0.75
  const sec = g.seconds[a.edge]!;
  assert.ok(Math.abs(sameEdgeSeconds(a, b, g) - 0.5 * sec) < 1e-9);
  assert.equal(sameEdgeSeconds(b, a, g), Infinity, 'against the one-way');
  assert.equal(sameEdgeSeconds(a, a, g), 0);
  const other = snapToRoad(g, idx, 120.0025, 32.5989)!;
  assert.equal(sameSegment(a, other), false);
  assert.equal(sameEdgeSeconds(a, other, g), Infinity);

  // two-way segment: snaps oriented either way
  const m0 = nearestNode(g, M0[0], M0[1]);
  const m3 = nearestNode(g, M3[0], M3[1]);
  const e03 = edgeBetween(g, m0, m3);
  const e30 = edgeBetween(g, m3, m0);
  const p = snapOnEdge(g, e03, m0, 0.2); // 0.2 from M0
  const q = snapOnEdge(g, e30, m3, 0.3); // 0.7 from M0
  assert.ok(Math.abs(sameEdgeSeconds(p, q, g) - 0.5 * g.seconds[e03]!) < 1e-9);
  assert.ok(Math.abs(sameEdgeSeconds(q, p, g) - 0.5 * g.seconds[e30]!) < 1e-9);
});

test('snap equals brute force over all segments at random points of a generated city', () => {
  const rng = createRng(9);
  const rs: RoadLike[] = [];
  let id = 0;
  const p = (i: number, j: number): [number, number] => [120 + i * 0.001 + rng.range(-0.0003, 0.0003), 32 + j * 0.001 + rng.range(-0.0003, 0.0003)];
  const pts: [number, number][][] = [];
  for (let i = 0; i < 15; i++) pts.push(Array.from({ length: 12 }, (_, j) => p(i, j)));
  for (let i = 0; i < 15; i++) {
    for (let j = 0; j < 12; j++) {
      if (i + 1 < 15 && !rng.chance(0.1)) rs.push({ id: id++, speedKmh: 30, oneway: rng.chance(0.3), coords: [pts[i]![j]!, pts[i + 1]![j]!] });
      if (j + 1 < 12 && !rng.chance(0.1)) rs.push({ id: id++, speedKmh: 30, oneway: rng.chance(0.3), coords: [pts[i]![j]!, pts[i]![j + 1]!] });
    }
  }
  // a few long diagonals with big bounding boxes
  for (let k = 0; k < 4; k++) rs.push({ id: id++, speedKmh: 60, oneway: false, coords: [pts[rng.int(0, 14)]![0]!, pts[rng.int(0, 14)]![11]!] });
  const g = buildRoadGraph(rs);
  const idx = buildSegmentIndex(g);
  for (let k = 0; k < 500; k++) {
    const lon = 119.998 + rng.float() * 0.018;
    const lat = 31.998 + rng.float() * 0.015;
    const snap = snapToRoad(g, idx, lon, lat)!;
    const got = planar(g, lon, lat, snap.lon, snap.lat);
    assert.ok(Math.abs(got - bruteNearest(g, lon, lat)) < 1e-6, `point ${k}: ${got} vs ${bruteNearest(g, lon, lat)}`);
    // the snap lies on its edge at t, and its edge is a real edge from -> to
    assert.equal(g.targets[snap.edge], snap.to);
    assert.ok(snap.t >= 0 && snap.t <= 1);
    assert.ok(Math.abs(snap.lon - (g.lon[snap.from]! + snap.t * (g.lon[snap.to]! - g.lon[snap.from]!))) < 1e-12);
    assert.ok(Math.abs(snap.meters - got) < 0.01 * got + 0.01, 'haversine and planar metres agree closely');
  }
});
