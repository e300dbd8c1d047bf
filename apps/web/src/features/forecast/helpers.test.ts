import test from 'node:test';
import assert from 'node:assert/strict';
import type { ForecastCell } from '@jingwang/contracts';
import {
  BAND_COLOR,
  bandColor,
  bandCounts,
  bandShares,
  canRunForecast,
  candidates,
  cellsBBox,
  cellPopupText,
  cellsFc,
  daysBetween,
  districtOf,
  formatDurationMs,
  formatPai,
  formatShare,
  modelLabel,
  pointInGeometry,
  topCells,
  topGrids,
  whereOf,
} from './helpers';
import { translate } from '../../app/dict';

const square = (x: number, y: number, d = 0.01): [number, number][] => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];
const cell = (rank: number, band: ForecastCell['band'], share: number, o: Partial<ForecastCell> = {}): ForecastCell => ({
  id: `c:${rank}:0`,
  lon: 120 + rank * 0.01 + 0.005,
  lat: 30.005,
  ring: square(120 + rank * 0.01, 30),
  score: 1 / rank,
  share,
  rank,
  band,
  history: rank,
  ...o,
});

test('bandColor: one colour per band, unknown bands as the 10 % colour', () => {
  assert.equal(bandColor(1), BAND_COLOR[1]);
  assert.equal(bandColor(10), BAND_COLOR[10]);
  assert.equal(bandColor(3), BAND_COLOR[10]);
  assert.equal(new Set(Object.values(BAND_COLOR)).size, 4);
});

test('formatShare: one decimal under 10 %, whole above, tiny shares, dash for nothing', () => {
  assert.equal(formatShare(0.034), '3.4%');
  assert.equal(formatShare(0.02), '2%');
  assert.equal(formatShare(0.1234), '12%');
  assert.equal(formatShare(0.0004), '<0.1%');
  assert.equal(formatShare(0), '0%');
  assert.equal(formatShare(1), '100%');
  assert.equal(formatShare(null), '—');
  assert.equal(formatShare(Number.NaN), '—');
});

test('formatPai, formatDurationMs and daysBetween', () => {
  assert.equal(formatPai(3.456), '3.46');
  assert.equal(formatPai(3.5), '3.5');
  assert.equal(formatPai(4), '4');
  assert.equal(formatPai(null), '—');
  assert.equal(formatPai(123.4), '123');
  assert.equal(formatDurationMs(850), '850 毫秒');
  assert.equal(formatDurationMs(12_340), '12.3 秒');
  assert.equal(formatDurationMs(125_000), '2 分 05 秒');
  assert.equal(formatDurationMs(12_000, 'en'), '12 s');
  assert.equal(formatDurationMs(-1), '—');
  assert.equal(daysBetween('2026-01-01T00:00:00Z', '2026-03-02T00:00:00Z'), 60);
  assert.equal(daysBetween('x', '2026-03-02T00:00:00Z'), 0);
});

test('bandCounts and bandShares: both cumulative (前 2% holds the top 1 % too; issue 18: both read "46 格")', () => {
  const cells = [cell(1, 1, 0.05), cell(2, 2, 0.03), cell(3, 5, 0.02), cell(4, 5, 0.02), cell(5, 10, 0.01)];
  assert.deepEqual(bandCounts(cells), { 1: 1, 2: 2, 5: 4, 10: 5 });
  const s = bandShares(cells);
  assert.ok(Math.abs(s[1] - 0.05) < 1e-9);
  assert.ok(Math.abs(s[2] - 0.08) < 1e-9);
  assert.ok(Math.abs(s[5] - 0.12) < 1e-9);
  assert.ok(Math.abs(s[10] - 0.13) < 1e-9);
});

test('cellsFc: squares with band colour, hottest drawn last, rings closed, bad rings dropped', () => {
  const open = cell(3, 5, 0.02, { ring: square(121, 30).slice(0, 4) });
  const bad = cell(4, 10, 0.01, { ring: [[1, 1]] });
  const fc = cellsFc([cell(1, 1, 0.05), cell(2, 2, 0.03), open, bad], 'c:2:0');
  assert.equal(fc.type, 'FeatureCollection');
  assert.deepEqual(
    fc.features.map((f) => f.properties.rank),
    [3, 2, 1],
  );
  const top = fc.features[2]!;
  assert.equal(top.geometry.type, 'Polygon');
  assert.equal(top.properties.color, BAND_COLOR[1]);
  assert.equal(top.properties.selected, false);
  assert.equal(fc.features[1]!.properties.selected, true);
  const ring = (fc.features[0]!.geometry.coordinates as number[][][])[0]!;
  assert.equal(ring.length, 5);
  assert.deepEqual(ring[0], ring[4]);
  assert.equal(open.ring.length, 4, 'does not change the input');
  assert.deepEqual(cellsFc([]).features, []);
});

test('cellsBBox and topCells', () => {
  const cells = [cell(2, 2, 0.03), cell(1, 1, 0.05), cell(3, 5, 0.02)];
  const b = cellsBBox(cells)!;
  assert.ok(Math.abs(b[0] - 120.01) < 1e-9 && Math.abs(b[2] - 120.04) < 1e-9 && b[1] === 30 && Math.abs(b[3] - 30.01) < 1e-9);
  assert.equal(cellsBBox([]), null);
  assert.deepEqual(
    topCells(cells, 2).map((c) => c.rank),
    [1, 2],
  );
  assert.equal(cells[0]!.rank, 2, 'does not sort in place');
  assert.deepEqual(topCells(cells, -1), []);
});

test('candidates: best PAI first, no value last, the chosen model marked (added when not validated)', () => {
  const c = candidates({ model: 'kde', validation: { pai5: { naive: 2.1, kde: 3.4, sepp: null, prospective: 2.9 }, note: null, periods: 4, tunedOn: '2026-03-01' } });
  assert.deepEqual(
    c.map((x) => [x.model, x.chosen]),
    [
      ['kde', true],
      ['prospective', false],
      ['naive', false],
      ['sepp', false],
    ],
  );
  const fallback = candidates({ model: 'naive', validation: { pai5: {}, note: 'too few incidents', periods: 0, tunedOn: '2026-03-01' } });
  assert.deepEqual(fallback, [{ model: 'naive', pai5: null, chosen: true }]);
});

test('districtOf: itself, a parent, a grandparent; null when none or a cycle', () => {
  const areas = [
    { id: 1, kind: 'county' as const, parentId: null },
    { id: 2, kind: 'district' as const, parentId: 1 },
    { id: 3, kind: 'station' as const, parentId: 2 },
    { id: 4, kind: 'community' as const, parentId: 3 },
    { id: 5, kind: 'station' as const, parentId: 6 },
    { id: 6, kind: 'station' as const, parentId: 5 },
  ];
  assert.equal(districtOf(areas, 2), 2);
  assert.equal(districtOf(areas, 3), 2);
  assert.equal(districtOf(areas, 4), 2);
  assert.equal(districtOf(areas, 1), null);
  assert.equal(districtOf(areas, 5), null);
  assert.equal(districtOf(areas, 99), null);
  assert.equal(districtOf(areas, undefined), null);
});

test('pointInGeometry and whereOf: community and grid, else the station', () => {
  const poly = (x: number, y: number, d: number) => ({ type: 'Polygon', coordinates: [square(x, y, d)] });
  const holed = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] };
  assert.equal(pointInGeometry(1, 1, holed), true);
  assert.equal(pointInGeometry(5, 5, holed), false);
  assert.equal(pointInGeometry(5, 5, { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(4.5, 4.5, 1)]] }), true);
  assert.equal(pointInGeometry(5, 5, { type: 'Point', coordinates: [5, 5] }), false);
  const areas = [
    { properties: { id: 1, name: '城东派出所', kind: 'station' }, geometry: poly(0, 0, 10) },
    { properties: { id: 2, name: '城东社区', kind: 'community' }, geometry: poly(0, 0, 5) },
    { properties: { id: 3, name: '第3网格', kind: 'grid' }, geometry: poly(0, 0, 2) },
  ];
  assert.equal(whereOf(1, 1, areas), '城东社区 · 第3网格');
  assert.equal(whereOf(3, 3, areas), '城东社区');
  assert.equal(whereOf(8, 8, areas), '城东派出所');
  assert.equal(whereOf(20, 20, areas), '');
  const named = [areas[1]!, { properties: { id: 4, name: '城东社区第1网格', kind: 'grid' }, geometry: poly(0, 0, 2) }];
  assert.equal(whereOf(1, 1, named), '城东社区第1网格');
});

test('canRunForecast: every role but the officer', () => {
  assert.deepEqual(
    (['admin', 'district_lead', 'station_lead', 'dispatcher', 'officer'] as const).map(canRunForecast),
    [true, true, true, true, false],
  );
  assert.equal(canRunForecast(null), false);
});

test('cellPopupText: rank and band, share and past incidents, in both languages', () => {
  const p = { rank: 3, band: 1, share: 0.0234, history: 7 };
  assert.deepEqual(cellPopupText(p, (k, v) => translate('zh', k, v)), { title: '第 3 名 · 前 1% 区域', lines: ['占片区预测 2.3%', '历史警情 7 起'] });
  assert.deepEqual(cellPopupText(p, (k, v) => translate('en', k, v)), { title: 'Rank 3 · top 1% area', lines: ['2.3% of the district forecast', '7 past incidents'] });
});

test('modelLabel: the model in words, the raw name when unknown', () => {
  assert.equal(modelLabel('kde', (k, v) => translate('zh', k, v)), '核密度估计');
  assert.equal(modelLabel('sepp', (k, v) => translate('en', k, v)), 'Self-exciting point process');
  assert.equal(modelLabel('lstm', (k, v) => translate('zh', k, v)), 'lstm');
});

test('topGrids ranks the real grids by the forecast in them, not the squares (issue 18)', () => {
  // two grids side by side: A holds cells 1 and 4 (0.05 + 0.04), B holds cells 2 and 3 (0.06 + 0.02); cell 5 is outside both
  const grid = (id: number, name: string, x: number) => ({ properties: { id, name, kind: 'grid' }, geometry: { type: 'Polygon', coordinates: [square(x, 30, 0.02)] } });
  const areas = [grid(1, '甲网格', 120.0), grid(2, '乙网格', 120.02), { properties: { id: 9, name: '社区', kind: 'community' }, geometry: { type: 'Polygon', coordinates: [square(120, 30, 0.1)] } }];
  const at = (rank: number, share: number, lon: number, history = 1) => cell(rank, 1, share, { id: `c:${rank}`, lon, lat: 30.005, history });
  const cells = [at(1, 0.06, 120.025, 3), at(2, 0.05, 120.005, 2), at(3, 0.04, 120.015, 1), at(4, 0.02, 120.035, 4), at(5, 0.5, 121.5)];
  const g = topGrids(cells, areas, 10);
  assert.deepEqual(
    g.map((x) => [x.rank, x.name, Math.round(x.share * 100), x.history, x.cells, x.top.rank]),
    [
      [1, '甲网格', 9, 3, 2, 2],
      [2, '乙网格', 8, 7, 2, 1],
    ],
  );
  // the four cells in grids sum to what the grids hold: nothing counted twice, the stray cell in none
  assert.equal(Math.round(g.reduce((s, x) => s + x.share, 0) * 100), 17);
  assert.deepEqual(topGrids(cells, areas, 1).map((x) => x.name), ['甲网格']);
  assert.deepEqual(topGrids(cells, [], 5), []);
});
