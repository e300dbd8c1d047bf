import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anomalies, changePct, compareCounts, comparisonText, nearRepeatSeries, offsetMeters, poissonZ } from '../src/index';

test('changePct: rises and falls to one decimal, no base gives null', () => {
  assert.equal(changePct(12, 10), 20);
  assert.equal(changePct(7, 8), -12.5);
  assert.equal(changePct(1, 3), -66.7);
  assert.equal(changePct(5, 0), null);
});

test('anomalies: a rise of 2 Poisson sd from at least 3 incidents, sorted by z', () => {
  const r = anomalies([
    // mean 2: (7 - 2) / sqrt 2 = 3.54
    { key: 'A', count: 7, history: [2, 2, 1, 3] },
    // mean 4: (8 - 4) / 2 = 2.00 exactly: kept
    { key: 'B', count: 8, history: [4, 4, 4, 4] },
    // mean 4: (7 - 4) / 2 = 1.5: not an anomaly
    { key: 'C', count: 7, history: [4, 4, 4, 4] },
    // mean 0: z = 2 / sqrt 0.5 = 2.83 but only 2 incidents
    { key: 'D', count: 2, history: [0, 0] },
    // a fall is not an anomaly
    { key: 'E', count: 0, history: [9, 9] },
    // no history: mean 0, z = 3 / sqrt 0.5 = 4.24
    { key: 'F', count: 3, history: [] },
  ]);
  assert.deepEqual(r.map((a) => a.key), ['F', 'A', 'B']);
  assert.equal(r[1]!.z, 3.54);
  assert.equal(r[1]!.mean, 2);
  assert.equal(r[1]!.ratio, 3.5);
  assert.equal(r[2]!.z, 2);
  assert.equal(r[0]!.ratio, null);
});

test('nearRepeatSeries: chains of the same category within 200 m and 7 days, emerging since a time', () => {
  const day = 86_400_000;
  const t0 = Date.UTC(2026, 10, 1);
  const base: [number, number] = [120, 30];
  const at = (east: number, north: number) => offsetMeters(base[0], base[1], east, north);
  const ev = (id: number, east: number, north: number, d: number, category = 'burglary') => {
    const [lon, lat] = at(east, north);
    return { id, lon, lat, t: t0 + d * day, category };
  };
  const events = [
    // a chain: each within 200 m and 7 days of the previous one, though the ends are 360 m and 12 days apart
    ev(1, 0, 0, 0),
    ev(2, 150, 0, 5),
    ev(3, 300, 0, 10),
    ev(4, 360, 0, 12),
    // same place, other category: not linked to the burglaries
    ev(5, 10, 0, 1, 'theft'),
    ev(6, 20, 0, 2, 'theft'),
    // near in space, but 8 days after id 4: a separate pair, too small
    ev(7, 360, 50, 20),
    ev(8, 360, 60, 22),
    // an old series (all before `since`)
    ev(9, 5000, 0, -30),
    ev(10, 5050, 0, -29),
    ev(11, 5100, 0, -28),
  ];
  const all = nearRepeatSeries(events);
  assert.deepEqual(all.map((s) => s.ids), [[1, 2, 3, 4], [9, 10, 11]]);
  const emerging = nearRepeatSeries(events, { since: t0 });
  assert.equal(emerging.length, 1);
  const s = emerging[0]!;
  assert.equal(s.category, 'burglary');
  assert.equal(s.first, t0);
  assert.equal(s.last, t0 + 12 * day);
  // mean position is 202.5 m east: the farthest incident (id 1) is 202.5 m from it
  assert.ok(Math.abs(s.radiusM - 203) <= 1, `radius ${s.radiusM}`);
  // tighter links split the chain
  assert.deepEqual(nearRepeatSeries(events, { distanceM: 100 }).map((x) => x.ids), [[9, 10, 11]]);
});

test('compareCounts: like with like only; unavailable when the base is incomplete or small; within chance by Poisson z', () => {
  // the weekly headline of issue 18: a year back only partly in the data gave +486.7 %
  const partial = compareCounts(88, 15, { baseComplete: false });
  assert.equal(partial.status, 'incomplete');
  assert.equal(partial.pct, null);
  assert.equal(comparisonText(partial), '不可比（基期数据不全）');
  // a category with 1 incident a year back gave +1900 %: too small a base
  const small = compareCounts(20, 1);
  assert.equal(small.status, 'small');
  assert.equal(small.pct, null);
  assert.match(comparisonText(small), /^不可比/);
  // 11 against 10: z = 1 / sqrt 10 = 0.32, within chance
  const chance = compareCounts(11, 10);
  assert.equal(chance.status, 'ok');
  assert.equal(chance.pct, changePct(11, 10));
  assert.equal(chance.z, Math.round(((11 - 10) / Math.sqrt(10)) * 100) / 100);
  assert.equal(chance.withinChance, true);
  assert.equal(comparisonText(chance), '+10%（变化在随机波动内）');
  // 40 against 20: z = 20 / sqrt 20 = 4.47, a real rise
  const real = compareCounts(40, 20);
  assert.equal(real.withinChance, false);
  assert.equal(comparisonText(real), '+100%');
  // a fall is tested the same way: 5 against 20, z = -3.35
  assert.equal(compareCounts(5, 20).withinChance, false);
  assert.equal(comparisonText(compareCounts(5, 20)), '-75%');
  // the threshold is the anomalies' one: exactly 2 sd is not within chance
  assert.equal(poissonZ(8, 4), 2);
  assert.equal(compareCounts(8, 4, { minBase: 1 }).withinChance, false);
  assert.equal(compareCounts(7, 4, { minBase: 1 }).withinChance, true);
});
