import test from 'node:test';
import assert from 'node:assert/strict';
import { beforeIdFor, stack, Z } from './order';

test('beforeIdFor: under the first higher layer, on top when none, base layers ignored', () => {
  const zs: Record<string, number> = { 'area-fill-grid': Z.areaFill, roads: Z.roads, units: Z.units };
  const zOf = (id: string) => zs[id];
  const ordered = ['background', 'basemap', 'area-fill-grid', 'roads', 'units'];
  assert.equal(beforeIdFor(Z.forecastOverlay, ordered, zOf), 'roads');
  assert.equal(beforeIdFor(Z.incidents, ordered, zOf), 'units');
  assert.equal(beforeIdFor(Z.units, ordered, zOf), undefined, 'same z: after the ones already there');
  assert.equal(beforeIdFor(0, ordered, zOf), 'area-fill-grid', 'never under the base layers');
  assert.equal(beforeIdFor(Z.areaFill, [], zOf), undefined);
});

test('stack: a layer added late lands at its place; equal z keeps the order of adding', () => {
  const L = (id: string, z: number) => ({ z, layer: { id } });
  const ids = stack([L('units', Z.units), L('area-fill-district', Z.areaFill), L('area-fill-grid', Z.areaFill), L('area-line-grid', Z.areaLine), L('forecast-fill', Z.forecastOverlay), L('incidents', Z.incidents)]).map((l) => l.layer.id);
  assert.deepEqual(ids, ['area-fill-district', 'area-fill-grid', 'forecast-fill', 'area-line-grid', 'incidents', 'units']);
});
