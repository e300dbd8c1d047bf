import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeRoads } from '../src/sim/demoRoads';
import { buildRoadGraph, connectedComponents, nearestNode, shortestPath } from '../src/roads/index';
import type { LonLat } from '../src/sim/index';

test('noding: crossing roads get a shared vertex at the crossing and join in the graph', () => {
  const roads: { coords: LonLat[] }[] = [
    { coords: [[120.0, 32.6], [120.01, 32.6]] },
    { coords: [[120.005, 32.595], [120.005, 32.605]] },
    { coords: [[120.02, 32.59], [120.03, 32.59]] }, // far away, untouched
  ];
  const before = buildRoadGraph(roads.map((r, k) => ({ id: k, speedKmh: 30, oneway: false, coords: r.coords })));
  assert.equal(connectedComponents(before).count, 3);
  nodeRoads(roads);
  assert.equal(roads[0]!.coords.length, 3);
  assert.equal(roads[1]!.coords.length, 3);
  assert.deepEqual(roads[0]!.coords[1], roads[1]!.coords[1]);
  assert.deepEqual(roads[0]!.coords[1], [120.005, 32.6]);
  assert.equal(roads[2]!.coords.length, 2);
  const g = buildRoadGraph(roads.map((r, k) => ({ id: k, speedKmh: 30, oneway: false, coords: r.coords })));
  assert.equal(connectedComponents(g).count, 2);
  const p = shortestPath(g, nearestNode(g, 120, 32.6), nearestNode(g, 120.005, 32.605));
  assert.ok(p);
  assert.equal(p.nodes.length, 3);
});

test('noding: a road ending within half a metre of another road snaps onto it; shared vertices stay single', () => {
  const roads: { coords: LonLat[] }[] = [
    { coords: [[120.0, 32.6], [120.01, 32.6]] },
    // ends 0.2 m north of the first road (2e-6 degrees latitude)
    { coords: [[120.004, 32.61], [120.004, 32.600002]] },
    // starts exactly on a vertex of the first road: nothing to insert
    { coords: [[120.01, 32.6], [120.02, 32.61]] },
  ];
  nodeRoads(roads);
  assert.equal(roads[0]!.coords.length, 3, 'the first road got the T-junction vertex');
  assert.deepEqual(roads[0]!.coords[1], [120.004, 32.600002]);
  assert.equal(roads[2]!.coords.length, 2);
  const g = buildRoadGraph(roads.map((r, k) => ({ id: k, speedKmh: 30, oneway: false, coords: r.coords })));
  assert.equal(connectedComponents(g).count, 1);
  assert.equal(g.nodeCount, 5);
});
