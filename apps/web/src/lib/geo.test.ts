import test from 'node:test';
import assert from 'node:assert/strict';
import { bboxOf, formatDistance, haversineMeters } from './geo';

test('haversine: one degree of latitude is about 111 km', () => {
  const d = haversineMeters(116, 39, 116, 40);
  assert.ok(Math.abs(d - 111195) < 50, String(d));
});

test('haversine: zero for the same point, symmetric', () => {
  assert.equal(haversineMeters(108.3, 22.8, 108.3, 22.8), 0);
  const a = haversineMeters(108.3, 22.8, 108.31, 22.81);
  const b = haversineMeters(108.31, 22.81, 108.3, 22.8);
  assert.ok(Math.abs(a - b) < 1e-6);
});

test('formatDistance', () => {
  assert.equal(formatDistance(849.6), '850 m');
  assert.equal(formatDistance(1234), '1.2 km');
  assert.equal(formatDistance(12345), '12 km');
  assert.equal(formatDistance(Number.NaN), '—');
});

test('bboxOf walks features and nested rings', () => {
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 5], [1, 2]]] } },
      { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[-1, 0], [0, 7]] } },
    ],
  };
  assert.deepEqual(bboxOf(fc), [-1, 0, 3, 7]);
  assert.equal(bboxOf({ type: 'FeatureCollection', features: [] }), null);
});
