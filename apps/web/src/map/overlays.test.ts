import test from 'node:test';
import assert from 'node:assert/strict';
import { coverageSummary, reachBudgets, reachFc, routesBBox, routesFc, type Fc } from './overlays';
import { budgetColorExpr, dispatchLayers, overlayLayers, routeLayers, SOURCES } from './style';
import { TIER_HEX } from '../lib/dispatch';

const route = (unitId: number, coords: [number, number][], seconds = 100) => ({ unitId, seconds, meters: 1200, coordinates: coords });

test('routesFc: a line per route and a start point, the emphasised one on top', () => {
  const fc = routesFc(
    [
      route(1, [
        [120.1, 32.6],
        [120.2, 32.6],
      ]),
      route(2, [
        [120.3, 32.6],
        [120.2, 32.6],
      ]),
      route(3, [[120.3, 32.6]]), // one point: not drawable
    ],
    { proposal: [2], emphasis: 1, callsigns: new Map([[1, '联勤01']]) },
  );
  const lines = fc.features.filter((f) => f.properties.kind === 'route');
  const starts = fc.features.filter((f) => f.properties.kind === 'start');
  assert.deepEqual(
    lines.map((f) => [f.properties.unitId, f.properties.emphasis, f.properties.proposed]),
    [
      [2, false, true],
      [1, true, false],
    ],
  );
  assert.equal(lines[1]!.properties.callsign, '联勤01');
  assert.deepEqual(
    starts.map((f) => f.geometry.coordinates),
    [
      [120.3, 32.6],
      [120.1, 32.6],
    ],
  );
  assert.equal(routesFc([], { proposal: [], emphasis: null }).features.length, 0);
});

test('reachFc: largest budget drawn first, junk dropped, minutes added', () => {
  const fc: Fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { seconds: 60, kind: 'roads' }, geometry: { type: 'MultiLineString', coordinates: [] } },
      { type: 'Feature', properties: { seconds: 60, kind: 'area' }, geometry: { type: 'Polygon', coordinates: [] } },
      { type: 'Feature', properties: { seconds: 300, kind: 'roads' }, geometry: { type: 'MultiLineString', coordinates: [] } },
      { type: 'Feature', properties: { seconds: 180, kind: 'area' }, geometry: { type: 'Polygon', coordinates: [] } },
      { type: 'Feature', properties: { kind: 'roads' }, geometry: { type: 'MultiLineString', coordinates: [] } },
      { type: 'Feature', properties: { seconds: 60, kind: 'other' }, geometry: { type: 'Point', coordinates: [0, 0] } },
    ],
  };
  const out = reachFc(fc);
  assert.deepEqual(
    out.features.map((f) => [f.properties.seconds, f.properties.kind, f.properties.minutes]),
    [
      [300, 'roads', 5],
      [180, 'area', 3],
      [60, 'roads', 1],
      [60, 'area', 1],
    ],
  );
  assert.deepEqual(reachBudgets(out), [60, 180, 300]);
  assert.equal(reachFc(null).features.length, 0);
});

test('coverageSummary reads the shares, gap and kilometres', () => {
  const s = coverageSummary({
    type: 'FeatureCollection',
    features: [],
    properties: { budgets: [180, 300], units: 39, metersWithin: [229145, 305102], metersBeyond: 73029, shareWithin: [0.606, 0.807], computedAt: '2026-11-23T12:11:31.894Z' },
  });
  assert.deepEqual(s, {
    budgets: [180, 300],
    shares: [0.606, 0.807],
    gapShare: 0.193,
    units: 39,
    kmWithin: [229.1, 305.1],
    kmBeyond: 73,
    computedAt: '2026-11-23T12:11:31.894Z',
  });
  assert.equal(coverageSummary(null), null);
  assert.equal(coverageSummary({ type: 'FeatureCollection', features: [] }), null);
});

test('routesBBox spans the routes and the scene', () => {
  assert.deepEqual(
    routesBBox(
      [
        route(1, [
          [120.1, 32.6],
          [120.2, 32.7],
        ]),
      ],
      { lon: 120.25, lat: 32.55 },
    ),
    [120.1, 32.55, 120.25, 32.7],
  );
  assert.equal(routesBBox([]), null);
});

test('map layers: dispatch overlays sit above the areas and under incidents and units', () => {
  for (const s of ['routes', 'reach', 'coverage']) assert.ok((SOURCES as readonly string[]).includes(s), s);
  const ids = overlayLayers(['district', 'grid'], { roadsOnBasemap: false }).map((l) => l.id);
  const at = (id: string) => {
    const i = ids.indexOf(id);
    assert.ok(i >= 0, `${id} missing`);
    return i;
  };
  for (const l of [...dispatchLayers(), ...routeLayers()]) at(l.id);
  assert.ok(at('area-line-district') < at('coverage-covered'));
  assert.ok(at('coverage-gap') < at('reach-fill'));
  assert.ok(at('reach-outline') < at('routes-casing'));
  assert.ok(at('routes-main') < at('incidents'));
  assert.ok(at('route-starts') < at('units'));
  assert.equal(new Set(ids).size, ids.length, 'layer ids are unique');
  // the colour step matches budgetColor
  const e = budgetColorExpr() as unknown[];
  assert.equal(e[0], 'step');
  assert.deepEqual(e.slice(2), [TIER_HEX[1], 60.5, TIER_HEX[3], 180.5, TIER_HEX[5], 300.5, TIER_HEX.beyond]);
});
