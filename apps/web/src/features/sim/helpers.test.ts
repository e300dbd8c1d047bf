import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundlesOf, ciBounds, defaultPeriod, homesOf, labelName, significant, slowCellsFc, within5Color } from './helpers';

test('bundles: all stations in bundle 1 is the default (null); others become groups, alone stations their own', () => {
  assert.equal(bundlesOf({}, [1, 2, 3]), null);
  assert.equal(bundlesOf({ 1: 1, 2: 1, 3: 1 }, [1, 2, 3]), null);
  assert.deepEqual(bundlesOf({ 1: 1, 2: 1, 3: 0 }, [1, 2, 3]), [[1, 2], [3]]);
  assert.deepEqual(bundlesOf({ 1: 2, 2: 1, 3: 2 }, [1, 2, 3]), [[2], [1, 3]]);
});

test('figures in words: labels, intervals, significance, colours, the past week', () => {
  assert.equal(labelName('posts-road/bundled', 'zh'), '快反点·路网派警（片区联勤）');
  assert.equal(labelName('patrol-road/own', 'en'), 'Risk-driven patrol, road ETA (own station)');
  assert.equal(labelName('other', 'zh'), 'other');
  assert.equal(ciBounds({ mean: 0.5, ciLow: 0.5, ciHigh: 0.5 }, String), null);
  assert.deepEqual(ciBounds({ mean: 0.5, ciLow: 0.4, ciHigh: 0.6 }, String), ['0.4', '0.6']);
  assert.equal(significant({ mean: 0.1, ciLow: 0.02, ciHigh: 0.2 }), true);
  assert.equal(significant({ mean: 0.1, ciLow: -0.02, ciHigh: 0.2 }), false);
  assert.equal(within5Color(0.3), '#d4380d');
  assert.equal(within5Color(0.9), '#389e0d');
  assert.deepEqual(defaultPeriod('2026-03-02'), ['2026-02-23', '2026-03-01']);
});

test('homes group units waiting at one place; slow cells become sized points', () => {
  const p = {
    units: [
      { unit: 0, stationId: 1, lon: 120, lat: 32, calls: 1, utilisation: 0.1 },
      { unit: 1, stationId: 1, lon: 120, lat: 32, calls: 1, utilisation: 0.1 },
      { unit: 2, stationId: 2, lon: 121, lat: 32, calls: 1, utilisation: 0.1 },
    ],
    slowCells: [
      { lon: 120, lat: 32, calls: 4, meanResponseS: 300, within5: 0.4 },
      { lon: 121, lat: 32, calls: 1, meanResponseS: 100, within5: 1 },
    ],
  } as never;
  assert.deepEqual(homesOf(p), [
    { lon: 120, lat: 32, units: 2 },
    { lon: 121, lat: 32, units: 1 },
  ]);
  const fc = slowCellsFc(p);
  assert.equal(fc.features.length, 2);
  assert.equal(fc.features[0]!.properties.r, 18);
  assert.equal(fc.features[1]!.properties.color, '#389e0d');
});
