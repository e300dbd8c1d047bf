import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, createUnitMover, generateDemoCounty, sampleLiveIncident, expectedIncidentsPerHour, DEMO_DAILY_INCIDENTS as DAILY_MEAN } from '../src/sim/index';
import { buildRoadGraph, nearestNode, shortestPath, type RoadLike } from '../src/roads/index';
import { haversineMeters, pointInPolygon } from '../src/geo/index';

// A drawn map: a 3 x 3 block grid (~200 m blocks) at 30 km/h, with the middle east-west street one-way eastbound.
const step = 0.002;
const at = (i: number, j: number): [number, number] => [120 + i * step, 32.6 + j * step];
const drawn: RoadLike[] = [];
for (let j = 0; j < 4; j++) drawn.push({ id: j, speedKmh: 30, oneway: j === 1, coords: [0, 1, 2, 3].map((i) => at(i, j)) });
for (let i = 0; i < 4; i++) drawn.push({ id: 10 + i, speedKmh: 30, oneway: false, coords: [0, 1, 2, 3].map((j) => at(i, j)) });
const graph = buildRoadGraph(drawn);

test('a unit drives to its target along the roads, reports arrived once, then stands', () => {
  const mover = createUnitMover(graph, createRng(1));
  const [sx, sy] = at(0, 0);
  const [tx, ty] = at(3, 2);
  mover.place(7, sx, sy);
  mover.setTarget(7, tx, ty);
  const expected = shortestPath(graph, nearestNode(graph, sx, sy), nearestNode(graph, tx, ty))!;
  let arrivedAt = -1;
  let arrivals = 0;
  let last = { lon: sx, lat: sy };
  for (let k = 1; k <= 200; k++) {
    const [m] = mover.step(5);
    assert.ok(m && m.id === 7);
    const moved = haversineMeters(last.lon, last.lat, m.lon, m.lat);
    assert.ok(moved <= (30 / 3.6) * 5 + 0.5, `moved ${moved} m in 5 s`);
    assert.ok(m.heading >= 0 && m.heading < 360);
    if (m.arrived) {
      arrivals++;
      if (arrivedAt < 0) arrivedAt = k * 5;
      assert.equal(m.speedKmh, 0);
    } else if (arrivedAt < 0) {
      assert.ok(m.speedKmh > 0 && m.speedKmh <= 30.01, `speed ${m.speedKmh}`);
    }
    last = m;
  }
  assert.equal(arrivals, 1, 'arrived is reported exactly once');
  assert.ok(Math.abs(arrivedAt - expected.seconds) <= 5, `arrived after ${arrivedAt} s, path takes ${expected.seconds.toFixed(0)} s`);
  assert.ok(haversineMeters(last.lon, last.lat, tx, ty) < 0.01);
  assert.deepEqual(mover.get(7)?.mode, 'arrived');
  const after = mover.step(60)[0]!;
  assert.equal(after.speedKmh, 0);
  assert.equal(after.arrived, false);
  assert.ok(haversineMeters(after.lon, after.lat, tx, ty) < 0.01);
});

test('the mover follows the one-way street: going west on it takes the detour', () => {
  const mover = createUnitMover(graph, createRng(2));
  const east = at(3, 1);
  const west = at(0, 1);
  mover.place(1, ...west);
  mover.setTarget(1, ...east);
  mover.place(2, ...east);
  mover.setTarget(2, ...west);
  const seen: number[] = [];
  for (let k = 1; k <= 200; k++) for (const m of mover.step(2)) if (m.arrived) seen[m.id] = k * 2;
  assert.ok(seen[1]! > 0 && seen[2]! > 0);
  assert.ok(seen[2]! > seen[1]! + 40, `against the one-way ${seen[2]} s vs with it ${seen[1]} s`);
  // and the westbound unit never drove along the one-way row
  const m3 = createUnitMover(graph, createRng(3));
  m3.place(3, ...east);
  m3.setTarget(3, ...west);
  for (let k = 0; k < 100; k++) {
    const m = m3.step(2)[0]!;
    const onRow = Math.abs(m.lat - 32.602) < 1e-9 && m.lon > 120.0001 && m.lon < 120.0059;
    assert.ok(!onRow || m.arrived, `on the one-way row at ${m.lon}`);
  }
});

test('wandering units patrol near their place, never arrive, and a speed cap holds', () => {
  const mover = createUnitMover(graph, createRng(4));
  const start = at(1, 1);
  mover.place(5, ...start, { maxSpeedKmh: 5 });
  mover.setTarget(5, null);
  let moved = 0;
  let prev = start;
  for (let k = 0; k < 600; k++) {
    const m = mover.step(10)[0]!;
    assert.equal(m.arrived, false);
    assert.ok(m.speedKmh <= 5.001);
    const d = haversineMeters(prev[0], prev[1], m.lon, m.lat);
    assert.ok(d <= (5 / 3.6) * 10 + 0.01);
    moved += d;
    prev = [m.lon, m.lat];
    assert.ok(haversineMeters(start[0], start[1], m.lon, m.lat) < 2000);
  }
  assert.ok(moved > 2000, `patrolled ${moved} m`);
  assert.equal(mover.get(5)?.mode, 'wander');
  mover.remove(5);
  assert.equal(mover.has(5), false);
  assert.deepEqual(mover.step(1), []);
  assert.throws(() => mover.setTarget(5, 120, 32.6));
});

test('the mover is deterministic for a seed', () => {
  const run = (seed: number) => {
    const m = createUnitMover(graph, createRng(seed));
    m.place(1, ...at(1, 1));
    m.setTarget(1, null);
    for (let k = 0; k < 50; k++) m.step(7);
    return m.step(7);
  };
  assert.deepEqual(run(9), run(9));
  assert.notDeepEqual(run(9), run(10));
});

test('live incidents come from the demo model and the rate follows the rhythm', () => {
  const county = generateDemoCounty({ seed: 5, endAt: '2025-03-01T00:00:00Z', months: 1 });
  const countyGeom = county.areas.find((a) => a.kind === 'county')!.geometry;
  const a = sampleLiveIncident(county, createRng(11), '2025-03-01T12:00:00Z');
  const b = sampleLiveIncident(county, createRng(11), '2025-03-01T12:00:00Z');
  assert.deepEqual(a, b);
  const rng = createRng(12);
  const cats = new Set<string>();
  for (let k = 0; k < 300; k++) {
    const i = sampleLiveIncident(county, rng, '2025-03-01T12:00:00Z');
    assert.ok(pointInPolygon(i.lon, i.lat, countyGeom));
    assert.ok([1, 2, 3].includes(i.priority));
    assert.ok(i.address.length > 4 && i.description.length > 3);
    if (i.source === 'call_110') assert.ok(i.callerName && i.callerPhone);
    cats.add(i.category);
  }
  assert.ok(cats.size >= 8, `${cats.size} categories`);
  assert.throws(() => sampleLiveIncident(county, rng, 'not a date'), /atIso/);

  // 04:00 local is quiet, 19:00 local busy; a week averages DAILY_MEAN a day within 15 %
  const night = expectedIncidentsPerHour(county, '2025-03-04T20:00:00Z'); // Wed 04:00 +08
  const evening = expectedIncidentsPerHour(county, '2025-03-05T11:00:00Z'); // Wed 19:00 +08
  assert.ok(night > 0 && night < evening / 3, `${night} vs ${evening}`);
  let week = 0;
  for (let h = 0; h < 168; h++) week += expectedIncidentsPerHour(county, new Date(Date.parse('2025-03-03T00:00:00Z') + h * 3600000).toISOString());
  assert.ok(Math.abs(week / 7 - DAILY_MEAN) < 0.15 * DAILY_MEAN, `${week / 7} a day`);
});
