import test from 'node:test';
import assert from 'node:assert/strict';
import type { AreaFeatureCollection, Incident, Unit } from '@jingwang/contracts';
import { highlightFc, incidentsFc, unitsFc } from './features';

test('unitsFc: units without a position are left out; the patrol map passes fewer fields', () => {
  const live = { id: 1, callsign: '巡01', status: 'available', stale: false, type: 'car', positionAt: '2026-01-01T00:00:00Z', teamName: null, lon: 120.1, lat: 32.6 } as unknown as Unit;
  const fc = unitsFc([live, { id: 2, callsign: '巡02', status: 'busy', lon: null, lat: null }, { id: 3, callsign: '巡03', status: 'available', lon: 120.2, lat: 32.7 }]);
  assert.deepEqual(
    fc.features.map((f) => f.id),
    [1, 3],
  );
  assert.deepEqual(fc.features[0]!.properties, { id: 1, callsign: '巡01', status: 'available', stale: false, type: 'car', positionAt: '2026-01-01T00:00:00Z', teamName: null });
  assert.deepEqual(fc.features[1]!.properties, { id: 3, callsign: '巡03', status: 'available', stale: false });
  assert.deepEqual(fc.features[1]!.geometry, { type: 'Point', coordinates: [120.2, 32.7] });
});

test('incidentsFc marks the selected incident', () => {
  const inc = (id: number) => ({ id, number: `J${id}`, priority: 1, status: 'new', category: 'theft', address: 'x', reportedAt: '2026-01-01T00:00:00Z', lon: 120, lat: 32 }) as unknown as Incident;
  const fc = incidentsFc([inc(1), inc(2)], 2);
  assert.deepEqual(
    fc.features.map((f) => [f.id, f.properties.selected]),
    [
      [1, false],
      [2, true],
    ],
  );
});

test('highlightFc: the one area, or null', () => {
  const areas: AreaFeatureCollection = {
    type: 'FeatureCollection',
    features: [1, 2].map((id) => ({ type: 'Feature', id, properties: { id, code: `A${id}`, name: `区${id}`, kind: 'grid', parentId: null }, geometry: { type: 'Polygon', coordinates: [] } })),
  };
  assert.deepEqual(highlightFc(areas, 2)?.features.map((f) => f.id), [2]);
  assert.equal(highlightFc(areas, 3), null);
  assert.equal(highlightFc(areas, null), null);
  assert.equal(highlightFc(null, 1), null);
});
