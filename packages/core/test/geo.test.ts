import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  wgs84ToGcj02,
  gcj02ToWgs84,
  outOfChina,
  haversineMeters,
  ringAreaKm2,
  multiPolygonAreaKm2,
  bboxOf,
  pointInPolygon,
  type Position,
} from '../src/geo/index';

test('WGS-84 -> GCJ-02 matches the published Beijing pair', () => {
  const [lon, lat] = wgs84ToGcj02(116.404, 39.915);
  assert.ok(Math.abs(lon - 116.41024) < 2e-5, `lon ${lon}`);
  assert.ok(Math.abs(lat - 39.9164) < 2e-5, `lat ${lat}`);
});

test('the GCJ-02 offset in Jiangyan is a few hundred metres, and the inverse round-trips below 1e-6 degrees', () => {
  for (const [lon, lat] of [
    [120.15, 32.55],
    [120.25, 32.62],
    [120.36, 32.7],
    [116.404, 39.915],
    [113.264, 23.129],
  ] as const) {
    const g = wgs84ToGcj02(lon, lat);
    const shift = haversineMeters(lon, lat, g[0], g[1]);
    assert.ok(shift > 100 && shift < 1000, `shift ${shift} m at ${lon},${lat}`);
    const w = gcj02ToWgs84(g[0], g[1]);
    assert.ok(Math.abs(w[0] - lon) < 1e-6 && Math.abs(w[1] - lat) < 1e-6, `round trip ${w}`);
  }
});

test('outside China both transforms are the identity', () => {
  assert.ok(outOfChina(2.35, 48.85));
  assert.deepEqual(wgs84ToGcj02(2.35, 48.85), [2.35, 48.85]);
  assert.deepEqual(gcj02ToWgs84(2.35, 48.85), [2.35, 48.85]);
  assert.equal(outOfChina(120.25, 32.62), false);
});

test('haversine: one degree of latitude is about 111.2 km; Beijing to Shanghai about 1067 km', () => {
  assert.ok(Math.abs(haversineMeters(120, 32, 120, 33) - 111195) < 50);
  const bs = haversineMeters(116.4074, 39.9042, 121.4737, 31.2304);
  assert.ok(Math.abs(bs - 1067000) < 5000, `${bs}`);
  assert.equal(haversineMeters(120, 32, 120, 32), 0);
});

test('ring area: a 0.01-degree square at the equator is about 1.236 km²; orientation does not matter', () => {
  const sq: Position[] = [
    [0, 0],
    [0.01, 0],
    [0.01, 0.01],
    [0, 0.01],
    [0, 0],
  ];
  const a = ringAreaKm2(sq);
  assert.ok(Math.abs(a - 1.2364) < 0.002, `${a}`);
  assert.ok(Math.abs(ringAreaKm2(sq.slice().reverse()) - a) < 1e-12);
  // with a hole of a quarter of the area
  const hole: Position[] = [
    [0.0025, 0.0025],
    [0.0025, 0.0075],
    [0.0075, 0.0075],
    [0.0075, 0.0025],
    [0.0025, 0.0025],
  ];
  const mp = multiPolygonAreaKm2([[sq, hole]]);
  assert.ok(Math.abs(mp - 0.75 * a) < 0.002, `${mp}`);
});

test('bbox of nested coordinates', () => {
  assert.deepEqual(bboxOf([[[[1, 2], [3, -1]]], [[[0, 5]]]]), [0, -1, 3, 5]);
  assert.deepEqual(bboxOf([2, 3]), [2, 3, 2, 3]);
});

test('point in polygon respects holes and MultiPolygons', () => {
  const outer: Position[] = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
    [0, 0],
  ];
  const hole: Position[] = [
    [4, 4],
    [4, 6],
    [6, 6],
    [6, 4],
    [4, 4],
  ];
  const poly = [outer, hole];
  assert.equal(pointInPolygon(2, 2, poly), true);
  assert.equal(pointInPolygon(5, 5, poly), false, 'inside the hole');
  assert.equal(pointInPolygon(11, 5, poly), false);
  const far: Position[] = [
    [20, 20],
    [22, 20],
    [21, 22],
    [20, 20],
  ];
  const mp = [poly, [far]];
  assert.equal(pointInPolygon(21, 20.5, mp), true);
  assert.equal(pointInPolygon(5, 5, mp), false);
  assert.equal(pointInPolygon(15, 15, mp), false);
  assert.equal(pointInPolygon(1, 1, []), false);
});
