import test from 'node:test';
import assert from 'node:assert/strict';
import { gcj02ToWgs84, outOfChina, transformGeoJson, wgs84ToGcj02 } from './gcj02';

test('wgs84ToGcj02 matches the published reference point (Beijing)', () => {
  // Reference values from the widely used eviltransform / coordtransform test suites.
  const [lon, lat] = wgs84ToGcj02(116.404, 39.915);
  assert.ok(Math.abs(lon - 116.41024449916938) < 1e-9, String(lon));
  assert.ok(Math.abs(lat - 39.91640428150164) < 1e-9, String(lat));
});

test('offset is a few hundred metres in China and zero outside', () => {
  const [lon, lat] = wgs84ToGcj02(108.32, 22.82);
  assert.ok(Math.abs(lon - 108.32) > 1e-4 && Math.abs(lon - 108.32) < 1e-2);
  assert.ok(Math.abs(lat - 22.82) > 1e-4 && Math.abs(lat - 22.82) < 1e-2);
  assert.deepEqual(wgs84ToGcj02(2.35, 48.85), [2.35, 48.85]);
  assert.equal(outOfChina(2.35, 48.85), true);
});

test('gcj02ToWgs84 inverts the forward transform to well under a centimetre', () => {
  for (const [x, y] of [[116.404, 39.915], [108.32, 22.82], [121.47, 31.23], [87.6, 43.8]] as const) {
    const [gx, gy] = wgs84ToGcj02(x, y);
    const [bx, by] = gcj02ToWgs84(gx, gy);
    assert.ok(Math.abs(bx - x) < 1e-8 && Math.abs(by - y) < 1e-8, `${x},${y} -> ${bx},${by}`);
  }
});

test('transformGeoJson maps every coordinate and keeps properties', () => {
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { id: 1 }, geometry: { type: 'Point', coordinates: [1, 2] } },
      { type: 'Feature', properties: { id: 2 }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
    ],
  };
  const out = transformGeoJson(fc, (x, y) => [x + 10, y + 20]);
  assert.deepEqual(out.features[0]!.geometry.coordinates, [11, 22]);
  assert.deepEqual(out.features[1]!.geometry.coordinates, [[[10, 20], [11, 20], [11, 21], [10, 20]]]);
  assert.equal(out.features[1]!.properties.id, 2);
  assert.deepEqual(fc.features[0]!.geometry.coordinates, [1, 2], 'input untouched');
});
