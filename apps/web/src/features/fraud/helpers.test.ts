import test from 'node:test';
import assert from 'node:assert/strict';
import type { FraudStats, FraudWarning } from '@jingwang/contracts';
import { canFollowUp, canImportFraud, checkCsv, countdown, decodeCsvBytes, csvTemplate, followupState, formatDuration, formatMoney, onTimeRate, sortWarnings, statsTotals, summarizeIntake } from './helpers';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

test('formatDuration: MM:SS under an hour, H:MM:SS beyond, hours past 24, sign ignored', () => {
  assert.equal(formatDuration(0), '00:00');
  assert.equal(formatDuration(59_999), '00:59');
  assert.equal(formatDuration(5 * 60_000 + 7_000), '05:07');
  assert.equal(formatDuration(3600_000 + 2 * 60_000 + 3_000), '1:02:03');
  assert.equal(formatDuration(26 * 3600_000), '26:00:00');
  assert.equal(formatDuration(-90_000), '01:30');
});

test('countdown: only open tasks count down; soon in the last 30 minutes; overdue past the deadline', () => {
  const w = (status: FraudWarning['status'], deadlineAt: string | null) => ({ status, deadlineAt });
  assert.deepEqual(countdown(w('accepted', iso(T0 + 2 * 3600_000)), T0), { state: 'ok', ms: 2 * 3600_000, text: '2:00:00' });
  assert.equal(countdown(w('accepted', iso(T0 + 10 * 60_000)), T0).state, 'soon');
  assert.equal(countdown(w('accepted', iso(T0 + 30 * 60_000)), T0).state, 'soon');
  const late = countdown(w('accepted', iso(T0 - 75_000)), T0);
  assert.equal(late.state, 'overdue');
  assert.equal(late.text, '01:15');
  assert.ok(late.ms < 0);
  assert.equal(countdown(w('closed', iso(T0 - 75_000)), T0).state, 'none');
  assert.equal(countdown(w('rejected', null), T0).state, 'none');
  assert.equal(countdown(w('accepted', null), T0).state, 'none');
});

test('formatMoney: yuan with thousands, cents only when present, null as a dash', () => {
  assert.equal(formatMoney(50000), '¥50,000');
  assert.equal(formatMoney(1234.5), '¥1,234.5');
  assert.equal(formatMoney(0), '¥0');
  assert.equal(formatMoney(null), '—');
  assert.equal(formatMoney(undefined), '—');
});

test('followupState and canFollowUp', () => {
  const base = { status: 'closed' as const, followupDueAt: iso(T0 + 86400_000), followupAt: null };
  assert.equal(followupState(base, T0), 'scheduled');
  assert.equal(followupState(base, T0 + 2 * 86400_000), 'due');
  assert.equal(followupState({ ...base, followupDueAt: null }, T0), 'none');
  assert.equal(followupState({ ...base, status: 'followed_up', followupAt: iso(T0) }, T0), 'done');
  assert.equal(followupState({ status: 'accepted', followupDueAt: null, followupAt: null }, T0), 'none');
  assert.equal(canFollowUp(base), true);
  assert.equal(canFollowUp({ ...base, followupDueAt: null }), false);
  assert.equal(canFollowUp({ ...base, status: 'followed_up' }), false);
});

test('sortWarnings: open by deadline, then visits by due date, then the rest newest first', () => {
  const w = (id: number, status: FraudWarning['status'], deadline: number | null, due: number | null, received: number) => ({
    id,
    status,
    deadlineAt: deadline === null ? null : iso(T0 + deadline),
    followupDueAt: due === null ? null : iso(T0 + due),
    receivedAt: iso(T0 + received),
  });
  const list = [w(1, 'rejected', null, null, 50), w(2, 'accepted', 500, null, 0), w(3, 'closed', null, 900, 0), w(4, 'accepted', -100, null, 0), w(5, 'followed_up', null, null, 60), w(6, 'closed', null, 100, 0), w(7, 'closed', null, null, 70)];
  assert.deepEqual(
    sortWarnings(list).map((x) => x.id),
    [4, 2, 6, 3, 7, 5, 1],
  );
  assert.equal(list[0]!.id, 1, 'does not sort in place');
});

test('summarizeIntake: counts and reasons, most frequent first', () => {
  const s = summarizeIntake({
    results: [
      { externalId: 'a', status: 'accepted', reason: null, warningId: 1, deadlineAt: iso(T0) },
      { externalId: 'b', status: 'rejected', reason: 'duplicate', warningId: 1, deadlineAt: null },
      { externalId: 'c', status: 'rejected', reason: 'no_location', warningId: 2, deadlineAt: null },
      { externalId: 'd', status: 'rejected', reason: 'duplicate', warningId: null, deadlineAt: null },
    ],
  });
  assert.deepEqual(s, { total: 4, accepted: 1, rejected: 3, byReason: [{ reason: 'duplicate', n: 2 }, { reason: 'no_location', n: 1 }] });
  assert.deepEqual(summarizeIntake({ results: [] }), { total: 0, accepted: 0, rejected: 0, byReason: [] });
});

test('checkCsv: rows and missing required columns; BOM, quotes and blank lines ignored', () => {
  assert.deepEqual(checkCsv(csvTemplate(T0)), { rows: 1, missing: [] });
  assert.deepEqual(checkCsv('\uFEFF"externalId", fraudType ,address,warnedAt\r\nx,y,z,2026-01-01T00:00:00Z\r\n\r\n'), { rows: 1, missing: [] });
  assert.deepEqual(checkCsv('externalId,address\n1,2\n3,4\n'), { rows: 2, missing: ['fraudType', 'warnedAt'] });
  assert.deepEqual(checkCsv(''), { rows: 0, missing: ['externalId', 'fraudType', 'address', 'warnedAt'] });
  assert.match(csvTemplate(T0), /^externalId,fraudType,personName,phone,address,lon,lat,amountAtRisk,warnedAt\n/);
  assert.match(csvTemplate(T0), /2026-03-01T08:00:00Z\n$/);
  // the centre's Chinese headers are taken as the server takes them
  assert.deepEqual(checkCsv('外部编号,诈骗类型,姓名,地址,预警时间\nFZ1,刷单,张三,某路1号,2026-12-07 07:30:00\n'), { rows: 1, missing: [] });
});

test('decodeCsvBytes: UTF-8 (with or without BOM) as is, anything else read as GBK', () => {
  assert.equal(decodeCsvBytes(new TextEncoder().encode('\uFEFF外部编号')), '外部编号');
  assert.equal(decodeCsvBytes(new TextEncoder().encode('外部编号')), '外部编号');
  // 外部 in GBK: CD E2 B2 BF
  assert.equal(decodeCsvBytes(new Uint8Array([0xcd, 0xe2, 0xb2, 0xbf])), '外部');
});

test('statsTotals and onTimeRate', () => {
  const row = (o: Partial<FraudStats['rows'][number]>): FraudStats['rows'][number] => ({
    areaId: 1,
    areaName: 'A',
    warnings: 0,
    rejected: 0,
    open: 0,
    overdue: 0,
    dissuaded: 0,
    moneyLost: 0,
    unreachable: 0,
    lossAmount: 0,
    lossAvoided: 0,
    followedUp: 0,
    medianMinutesToOutcome: null,
    onTime: 0,
    ...o,
  });
  const a = row({ warnings: 10, rejected: 2, open: 3, overdue: 1, dissuaded: 4, moneyLost: 1, lossAmount: 2000, lossAvoided: 80000, onTime: 4, followedUp: 2 });
  const b = row({ areaId: 2, warnings: 2, rejected: 2 });
  const t = statsTotals([a, b]);
  assert.equal(t.warnings, 12);
  assert.equal(t.rejected, 4);
  assert.equal(t.handled, 5);
  assert.equal(t.lossAvoided, 80000);
  assert.equal(onTimeRate(a), 0.8);
  assert.equal(onTimeRate(b), null);
  assert.equal(onTimeRate(t), 0.8);
});

test('canImportFraud: admin, district lead and dispatcher only', () => {
  assert.deepEqual(
    (['admin', 'district_lead', 'station_lead', 'dispatcher', 'officer'] as const).map(canImportFraud),
    [true, true, false, true, false],
  );
  assert.equal(canImportFraud(undefined), false);
});
