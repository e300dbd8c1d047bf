import test from 'node:test';
import assert from 'node:assert/strict';
import type { ForecastCell, ForecastLayer, ForecastRun } from '@jingwang/contracts';
import { translate } from '../../app/dict';
import { BAND_COLOR } from '../forecast/helpers';
import { overlayLayers, SOURCES } from '../../map/style';
import {
  clockMinutes,
  currentShift,
  shiftOn,
  forecastPageHref,
  forecastTargets,
  isNoForecast,
  overlayFc,
  overlayNotes,
  overlaySummary,
  overlayTitle,
  type DistrictForecast,
} from './forecastOverlay';

const zh = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('zh', k, v);
const en = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('en', k, v);

const SHIFTS = [
  { id: 1, name: '早班', startsAt: '06:00', durationMinutes: 480 },
  { id: 2, name: '中班', startsAt: '14:00', durationMinutes: 480 },
  { id: 3, name: '夜班', startsAt: '22:00', durationMinutes: 480 },
];
const at = (h: number, m = 0, s = 0) => new Date(2026, 11, 5, h, m, s);

test('clockMinutes: HH:MM to minutes, NaN when malformed', () => {
  assert.equal(clockMinutes('00:00'), 0);
  assert.equal(clockMinutes('06:30'), 390);
  assert.equal(clockMinutes('23:59'), 1439);
  assert.ok(Number.isNaN(clockMinutes('24:00')));
  assert.ok(Number.isNaN(clockMinutes('7')));
});

test('currentShift: start inclusive, end exclusive, across midnight', () => {
  assert.equal(currentShift(SHIFTS, at(6))?.id, 1);
  assert.equal(currentShift(SHIFTS, at(13, 59, 59))?.id, 1);
  assert.equal(currentShift(SHIFTS, at(14))?.id, 2);
  assert.equal(currentShift(SHIFTS, at(21, 59))?.id, 2);
  assert.equal(currentShift(SHIFTS, at(22))?.id, 3);
  // the night shift started yesterday at 22:00
  assert.equal(currentShift(SHIFTS, at(0, 0))?.id, 3);
  assert.equal(currentShift(SHIFTS, at(2, 30))?.id, 3);
  assert.equal(currentShift(SHIFTS, at(5, 59, 59))?.id, 3);
});

test('shiftOn: the local date the shift began (yesterday for a night shift after midnight)', () => {
  assert.deepEqual(shiftOn(SHIFTS, at(23, 30)), { shift: SHIFTS[2], date: '2026-12-05' });
  assert.deepEqual(shiftOn(SHIFTS, at(0, 0)), { shift: SHIFTS[2], date: '2026-12-04' });
  assert.deepEqual(shiftOn(SHIFTS, at(1, 10, 30)), { shift: SHIFTS[2], date: '2026-12-04' });
  assert.deepEqual(shiftOn(SHIFTS, at(5, 59, 59)), { shift: SHIFTS[2], date: '2026-12-04' });
  assert.deepEqual(shiftOn(SHIFTS, at(6, 0)), { shift: SHIFTS[0], date: '2026-12-05' });
  assert.deepEqual(shiftOn(SHIFTS, at(13, 59, 59)), { shift: SHIFTS[0], date: '2026-12-05' });
  // no shift on: today's whole day
  assert.deepEqual(shiftOn([], at(0, 30)), { shift: null, date: '2026-12-05' });
  // first day of a month / year
  assert.equal(shiftOn(SHIFTS, new Date(2027, 0, 1, 3, 0)).date, '2026-12-31');
});

test('currentShift: gaps give null, overlaps the latest start, bad rows are skipped', () => {
  const day = [
    { id: 1, startsAt: '08:00', durationMinutes: 600 },
    { id: 2, startsAt: '17:00', durationMinutes: 60 },
  ];
  assert.equal(currentShift(day, at(7, 59)), null);
  assert.equal(currentShift(day, at(18, 0)), null);
  assert.equal(currentShift(day, at(12))?.id, 1);
  // 17:00-18:00 overlaps 08:00-18:00: the one that started last
  assert.equal(currentShift(day, at(17, 30))?.id, 2);
  assert.equal(currentShift([{ id: 9, startsAt: '05:00', durationMinutes: 1440 }], at(4, 59))?.id, 9);
  assert.equal(currentShift([{ id: 9, startsAt: 'xx', durationMinutes: 60 }, { id: 8, startsAt: '01:00', durationMinutes: 0 }], at(1, 10)), null);
  assert.equal(currentShift([], at(12)), null);
});

const d = (id: number, name: string, code: string, validTo: string | null = null) => ({ id, name, code, validTo });

test('forecastTargets: the districts the user sees, its own district, its own area below a district', () => {
  const districts = [d(12, '白米片区', 'D2'), d(11, '天目片区', 'D1'), d(13, '旧片区', 'D3', '2020-01-01T00:00:00Z')];
  assert.deepEqual(forecastTargets(districts, null), [
    { areaId: 11, name: '天目片区' },
    { areaId: 12, name: '白米片区' },
  ]);
  assert.deepEqual(forecastTargets(districts, { id: 12, name: '白米片区', kind: null }), [{ areaId: 12, name: '白米片区' }]);
  // a county lead: every district
  assert.equal(forecastTargets(districts, { id: 1, name: '县', kind: 'county' }).length, 2);
  // a station lead: the district is above the scope (out of it), so the station itself
  assert.deepEqual(forecastTargets([d(11, '天目片区', 'D1')], { id: 40, name: '城东派出所', kind: 'station' }), [{ areaId: 40, name: '城东派出所' }]);
  assert.deepEqual(forecastTargets([], null), []);
});

const square = (x: number, y: number, s = 0.01): [number, number][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const cell = (rank: number, band: ForecastCell['band'], x: number): ForecastCell => ({
  id: `c:${x}:${rank}`,
  lon: x + 0.005,
  lat: 30.005,
  ring: square(x, 30),
  score: 1 / rank,
  share: 0.1 / rank,
  rank,
  band,
  history: 10 - rank,
});
const run = (model: string, date = '2026-12-05'): ForecastRun => ({ model, date }) as unknown as ForecastRun;
const layer = (cells: ForecastCell[], o: Partial<ForecastLayer> = {}): ForecastLayer => ({
  run: run('kde'),
  shiftId: 3,
  shiftName: '夜班',
  shiftFallback: false,
  cells,
  ...o,
});
const ok = (areaId: number, name: string, l: ForecastLayer): DistrictForecast => ({ areaId, name, status: 'ok', layer: l });

test('overlayFc: every district, band colours of the forecast page, hottest drawn last, unique ids', () => {
  const results: DistrictForecast[] = [
    ok(11, '天目片区', layer([cell(1, 1, 120), cell(2, 2, 120.1), cell(3, 10, 120.2)])),
    { areaId: 12, name: '白米片区', status: 'none' },
    ok(13, '城北片区', layer([cell(1, 1, 121), cell(2, 5, 121.1), { ...cell(3, 10, 121.2), ring: [] }])),
    { areaId: 14, name: '城南片区', status: 'error', error: new Error('x') },
  ];
  const fc = overlayFc(results);
  assert.equal(fc.features.length, 5, 'cells without a ring are left out');
  assert.deepEqual(
    fc.features.map((f) => f.properties.band),
    [10, 5, 2, 1, 1],
  );
  for (const f of fc.features) {
    assert.equal(f.properties.color, BAND_COLOR[f.properties.band as 1]);
    assert.equal(f.geometry.type, 'Polygon');
  }
  assert.deepEqual(
    fc.features.map((f) => f.id),
    [1, 2, 3, 4, 5],
  );
  assert.deepEqual(new Set(fc.features.map((f) => f.properties.district)), new Set(['天目片区', '城北片区']));
  assert.deepEqual(overlayFc([]).features, []);
});

test('overlaySummary and notes: cells, bands, models, fallback, districts without a forecast', () => {
  const results: DistrictForecast[] = [
    ok(11, '天目片区', layer([cell(1, 1, 120), cell(2, 2, 120.1), cell(3, 10, 120.2)], { shiftFallback: true })),
    ok(13, '城北片区', layer([cell(1, 1, 121)], { run: run('naive') })),
    { areaId: 12, name: '白米片区', status: 'none' },
    { areaId: 14, name: '城南片区', status: 'error', error: { code: 'INTERNAL' } },
  ];
  const s = overlaySummary(results);
  assert.equal(s.cells, 4);
  assert.deepEqual(s.bands, { 1: 2, 2: 3, 5: 3, 10: 4 });
  assert.deepEqual(s.models, ['kde', 'naive']);
  assert.equal(s.date, '2026-12-05');
  assert.equal(s.shiftName, '夜班');
  assert.deepEqual(s.missing, ['白米片区']);
  assert.deepEqual(s.fallback, ['天目片区']);
  assert.deepEqual(s.failed.map((f) => f.name), ['城南片区']);

  assert.deepEqual(
    overlayNotes(s, zh).map((n) => n.text),
    ['模型：核密度估计、历史频次', '天目片区：班次样本不足，按全天', '白米片区 今日无预测'],
  );
  assert.deepEqual(
    overlayNotes(s, en).map((n) => n.text),
    ['Model: Kernel density, Past counts', '天目片区: too few incidents in this shift, whole day used', 'No forecast today for 白米片区'],
  );
  // one district that fell back: the short text
  const one = overlaySummary([ok(11, '天目片区', layer([cell(1, 1, 120)], { shiftFallback: true }))]);
  assert.deepEqual(
    overlayNotes(one, zh).map((n) => n.kind + ':' + n.text),
    ['model:模型：核密度估计', 'fallback:班次样本不足，按全天'],
  );
  // an unknown model keeps its raw name
  assert.equal(overlayNotes(overlaySummary([ok(1, 'A', layer([], { run: run('xgb') }))]), zh)[0]!.text, '模型：xgb');
  assert.deepEqual(overlayNotes(overlaySummary([]), zh), []);
});

test('overlayTitle: shift and date; the whole day when no shift', () => {
  assert.equal(overlayTitle({ shiftName: '夜班', date: '2026-12-05' }, null, zh), '预测热点 · 夜班 · 2026-12-05');
  assert.equal(overlayTitle({ shiftName: null, date: '2026-12-05' }, null, zh), '预测热点 · 全天 · 2026-12-05');
  // before any answer: the shift asked for, no date
  assert.equal(overlayTitle({ shiftName: null, date: null }, '早班', zh), '预测热点 · 早班');
  assert.equal(overlayTitle({ shiftName: null, date: null }, null, en), 'Forecast hot spots · Whole day');
});

test('isNoForecast and forecastPageHref', () => {
  assert.equal(isNoForecast({ code: 'FORECAST_NOT_FOUND' }), true);
  assert.equal(isNoForecast({ code: 'OUT_OF_SCOPE' }), false);
  assert.equal(isNoForecast(null), false);
  const results: DistrictForecast[] = [{ areaId: 12, name: '白米片区', status: 'none' }, ok(11, '天目片区', layer([]))];
  assert.equal(forecastPageHref(results, 3, '2026-12-04'), '/forecast?area=11&date=2026-12-05&shift=3');
  assert.equal(forecastPageHref([{ areaId: 12, name: '白米片区', status: 'none' }], null, '2026-12-05'), '/forecast?area=12&date=2026-12-05');
  assert.equal(forecastPageHref([], null, null), '/forecast');
});

test('map layers: forecast cells over the area fills, under roads, outlines, dispatch overlays and markers', () => {
  assert.ok((SOURCES as readonly string[]).includes('forecast'));
  const ids = overlayLayers(['district', 'grid'], { roadsOnBasemap: false }).map((l) => l.id);
  const i = (id: string) => {
    const n = ids.indexOf(id);
    assert.ok(n >= 0, `${id} missing`);
    return n;
  };
  assert.ok(i('area-fill-grid') < i('forecast-fill'));
  assert.ok(i('forecast-fill') < i('forecast-line'));
  assert.ok(i('forecast-line') < i('roads'));
  assert.ok(i('roads') < i('area-line-district'));
  assert.ok(i('forecast-line') < i('coverage-covered'));
  assert.ok(i('forecast-line') < i('incidents'));
  assert.ok(i('forecast-line') < i('units'));
  assert.equal(new Set(ids).size, ids.length);
});
