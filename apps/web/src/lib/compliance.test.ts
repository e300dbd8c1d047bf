import test from 'node:test';
import assert from 'node:assert/strict';
import type { ComplianceRow } from '@jingwang/contracts';
import { dailySeries, lastDays, periodDays, rateColor, shanghaiDay, toCsv, totalsOf } from './compliance';

const row = (p: Partial<ComplianceRow>): ComplianceRow => ({
  areaId: 1,
  areaName: '天目山派出所辖区',
  day: null,
  category: null,
  priority: null,
  incidents: 0,
  dispatched: 0,
  arrived: 0,
  met: 0,
  complianceRate: null,
  medianCallToDispatchS: null,
  medianDispatchToArrivalS: null,
  p90DispatchToArrivalS: null,
  medianTotalS: null,
  within1: 0,
  within3: 0,
  within5: 0,
  ...p,
});

test('Shanghai days: an instant late in UTC is the next day in Shanghai', () => {
  assert.equal(shanghaiDay(Date.parse('2026-11-22T15:59:59Z')), '2026-11-22');
  assert.equal(shanghaiDay(Date.parse('2026-11-22T16:00:00Z')), '2026-11-23');
  assert.deepEqual(periodDays('2026-11-16T12:11:36Z', '2026-11-23T12:11:36Z'), [
    '2026-11-16',
    '2026-11-17',
    '2026-11-18',
    '2026-11-19',
    '2026-11-20',
    '2026-11-21',
    '2026-11-22',
    '2026-11-23',
  ]);
  // exactly midnight to midnight (Shanghai): the end day is not touched
  assert.deepEqual(periodDays('2026-11-20T16:00:00Z', '2026-11-22T16:00:00Z'), ['2026-11-21', '2026-11-22']);
  assert.deepEqual(periodDays('2026-11-22T00:00:00Z', '2026-11-21T00:00:00Z'), []);
});

test('totals sum the counts; compliance is met / arrived', () => {
  const t = totalsOf([row({ incidents: 10, dispatched: 9, arrived: 8, met: 6, within1: 1, within3: 5, within5: 7 }), row({ areaId: 2, incidents: 5, dispatched: 5, arrived: 2, met: 2, within5: 2 })]);
  assert.deepEqual({ ...t, complianceRate: Math.round(t.complianceRate! * 1000) }, { incidents: 15, dispatched: 14, arrived: 10, met: 8, within1: 1, within3: 5, within5: 9, complianceRate: 800 });
  assert.equal(totalsOf([]).complianceRate, null);
});

test('dailySeries covers every day of the period, sums areas, keeps per-area lines', () => {
  const rows = [
    row({ areaId: 1, day: '2026-11-21', incidents: 4, arrived: 4, met: 2 }),
    row({ areaId: 2, areaName: '娄庄派出所辖区', day: '2026-11-21', incidents: 2, arrived: 2, met: 2 }),
    row({ areaId: 1, day: '2026-11-23', incidents: 1, arrived: 0, met: 0 }),
    row({ areaId: null, areaName: null, day: '2026-11-23', incidents: 1, arrived: 1, met: 1 }),
  ];
  const s = dailySeries(rows, '2026-11-20T16:00:00Z', '2026-11-23T16:00:00Z', '未定位区域');
  assert.deepEqual(s.days, ['2026-11-21', '2026-11-22', '2026-11-23']);
  assert.deepEqual(s.incidents, [6, 0, 2]);
  assert.deepEqual(s.overall, [4 / 6, null, 1]);
  assert.deepEqual(
    s.byArea.map((a) => [a.name, a.rates]),
    [
      ['天目山派出所辖区', [0.5, null, null]],
      ['娄庄派出所辖区', [1, null, null]],
      ['未定位区域', [null, null, 1]],
    ],
  );
});

test('rate colours and the default period', () => {
  assert.equal(rateColor(0.95), '#52c41a');
  assert.equal(rateColor(0.8), '#faad14');
  assert.equal(rateColor(0.5), '#ff4d4f');
  assert.equal(rateColor(null), '#bfbfbf');
  const p = lastDays(7, Date.parse('2026-11-23T12:11:36.500Z'));
  assert.equal(p.to, '2026-11-23T12:12:00.000Z');
  assert.equal(p.from, '2026-11-16T12:12:00.000Z');
});

test('toCsv quotes what needs quoting and starts with a BOM', () => {
  const csv = toCsv([
    ['区域', '达标率'],
    ['天目山, 东', 0.5],
    ['say "hi"', null],
  ]);
  assert.equal(csv, '\ufeff区域,达标率\r\n"天目山, 东",0.5\r\n"say ""hi""",\r\n');
});
