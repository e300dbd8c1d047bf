import test from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../api/errors';
import { courseMeters, coordinatesText, distinctCourse, parseCoordinates, placeRows, planUses } from './places';

test('pasted coordinates: lines of lon,lat (commas, spaces, full-width commas) or a GeoJSON array; the first bad point is named', () => {
  assert.deepEqual(parseCoordinates('120.003,32.005\n120.008 32.005\r\n120.012，32.0052'), { coords: [[120.003, 32.005], [120.008, 32.005], [120.012, 32.0052]] });
  assert.deepEqual(parseCoordinates('[[120.003,32.005],[120.008,32.005]]'), { coords: [[120.003, 32.005], [120.008, 32.005]] });
  assert.deepEqual(parseCoordinates('{"type":"LineString","coordinates":[[1,2],[3,4]]}'), { coords: [[1, 2], [3, 4]] });
  assert.deepEqual(parseCoordinates('{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}'), { coords: [[1, 2], [3, 4]] });
  assert.deepEqual(parseCoordinates('120.003,32.005\n120.008,95'), { bad: 2 });
  assert.deepEqual(parseCoordinates('120.003,32.005\nabc'), { bad: 2 });
  assert.deepEqual(parseCoordinates('[[120,32],[200,32]]'), { bad: 2 });
  assert.deepEqual(parseCoordinates('[[120,32'), { bad: 1 });
  assert.deepEqual(parseCoordinates('  '), { coords: [] });
  assert.equal(coordinatesText([[120.003, 32.005], [120.008, 32.005]]), '120.003,32.005\n120.008,32.005');
});

test('a course drops repeated vertices and measures about right', () => {
  assert.deepEqual(distinctCourse([[1, 2], [1, 2], [3, 4], [1, 2]]), [[1, 2], [3, 4], [1, 2]]);
  // 0.01 degree of longitude at 32° N is about 944 m
  const m = courseMeters([[120.0, 32.0], [120.01, 32.0]]);
  assert.ok(Math.abs(m - 944) < 3, `${m}`);
  assert.equal(courseMeters([[120, 32]]), 0);
});

test('the plans named by a refused retirement', () => {
  const plans = [{ planId: 3, date: '2026-06-15', shiftName: '早班', tier: 'street', areaId: 2, areaName: '西所' }];
  assert.deepEqual(planUses(new ApiError(409, 'STILL_REFERENCED', 'x', { field: '/id', plans })), plans);
  assert.equal(planUses(new ApiError(409, 'STALE_VERSION', 'x')), null);
  assert.equal(planUses(null), null);
});

test('a list of points or lines: the tier, the search in name or code, active first, then by code in number order', () => {
  const x = (code: string, name: string, tier: string, active = true) => ({ code, name, tier, active });
  const items = [x('P10', '东门', 'street'), x('P9', '西门', 'street'), x('P2', '学校', 'community'), x('P1', '东街', 'street', false)];
  assert.deepEqual(placeRows(items, 'street', '').map((r) => r.code), ['P9', 'P10', 'P1']);
  assert.deepEqual(placeRows(items, null, '东').map((r) => r.code), ['P10', 'P1']);
  assert.deepEqual(placeRows(items, undefined, ' p2 ').map((r) => r.code), ['P2']);
});
