import test from 'node:test';
import assert from 'node:assert/strict';
import {
  areaFitsKind,
  canGenerateReports,
  columnTitle,
  formatCell,
  numericColumn,
  parseReportId,
  periodText,
  REPORT_AREA_KIND,
  sectionIsEmpty,
  sortReports,
  tableRows,
} from './helpers';

test('REPORT_AREA_KIND and areaFitsKind: daily and weekly for a station, monthly for a district', () => {
  assert.deepEqual(REPORT_AREA_KIND, { daily: 'station', weekly: 'station', monthly: 'district' });
  assert.equal(areaFitsKind('daily', 'station'), true);
  assert.equal(areaFitsKind('weekly', 'district'), false);
  assert.equal(areaFitsKind('monthly', 'district'), true);
  assert.equal(areaFitsKind('monthly', null), false);
});

test('canGenerateReports: every role but the officer (server policy report.generate)', () => {
  assert.deepEqual(
    (['admin', 'district_lead', 'station_lead', 'dispatcher', 'officer'] as const).map(canGenerateReports),
    [true, true, true, true, false],
  );
  assert.equal(canGenerateReports(undefined), false);
});

test('periodText: a day, a whole month, a week, across years', () => {
  assert.equal(periodText('2026-03-01', '2026-03-01'), '2026-03-01');
  assert.equal(periodText('2026-03-01', '2026-03-31'), '2026年3月');
  assert.equal(periodText('2026-02-01', '2026-02-28'), '2026年2月');
  assert.equal(periodText('2024-02-01', '2024-02-29', 'en'), '2024-02');
  assert.equal(periodText('2026-03-02', '2026-03-08'), '2026-03-02 至 03-08');
  assert.equal(periodText('2026-03-02', '2026-03-08', 'en'), '2026-03-02 – 03-08');
  assert.equal(periodText('2025-12-29', '2026-01-04'), '2025-12-29 至 2026-01-04');
  assert.equal(periodText('2026-03-01', '2026-03-30'), '2026-03-01 至 03-30');
  assert.equal(periodText('', ''), '—');
});

test('formatCell and columnTitle', () => {
  assert.equal(formatCell(1234567), '1,234,567');
  assert.equal(formatCell(0.12345), '0.12');
  assert.equal(formatCell(0), '0');
  assert.equal(formatCell(null), '—');
  assert.equal(formatCell(''), '—');
  assert.equal(formatCell(Number.NaN), '—');
  assert.equal(formatCell('城东派出所'), '城东派出所');
  assert.equal(columnTitle('金额', '元'), '金额（元）');
  assert.equal(columnTitle('Amount', 'yuan', 'en'), 'Amount (yuan)');
  assert.equal(columnTitle('名称', undefined), '名称');
});

test('numericColumn and tableRows', () => {
  const table = {
    columns: [
      { key: 'name', title: '名称' },
      { key: 'n', title: '数量' },
      { key: 'empty', title: '空' },
    ],
    rows: [
      { name: 'A', n: 3, empty: null },
      { name: 'B', n: null, empty: null },
    ],
  };
  assert.equal(numericColumn(table, 'n'), true);
  assert.equal(numericColumn(table, 'name'), false);
  assert.equal(numericColumn(table, 'empty'), false);
  const rows = tableRows(table);
  assert.deepEqual(
    rows.map((r) => r.__key),
    ['0', '1'],
  );
  assert.equal(rows[0]!.name, 'A');
});

test('sectionIsEmpty', () => {
  const base = { text: [] as string[], table: null, chart: null, note: null };
  assert.equal(sectionIsEmpty(base), true);
  assert.equal(sectionIsEmpty({ ...base, note: '尚无预测' }), false);
  assert.equal(sectionIsEmpty({ ...base, text: ['x'] }), false);
  assert.equal(sectionIsEmpty({ ...base, table: { columns: [], rows: [] } }), true);
  assert.equal(sectionIsEmpty({ ...base, chart: { kind: 'bar' as const, categories: ['a'], series: [] } }), false);
});

test('sortReports: newest first, then by id; parseReportId', () => {
  const list = [
    { id: 1, generatedAt: '2026-03-01T00:00:00Z' },
    { id: 3, generatedAt: '2026-03-02T00:00:00Z' },
    { id: 2, generatedAt: '2026-03-02T00:00:00Z' },
  ];
  assert.deepEqual(
    sortReports(list).map((r) => r.id),
    [3, 2, 1],
  );
  assert.equal(list[0]!.id, 1);
  assert.equal(parseReportId('12'), 12);
  assert.equal(parseReportId('0'), null);
  assert.equal(parseReportId('abc'), null);
  assert.equal(parseReportId(undefined), null);
});
