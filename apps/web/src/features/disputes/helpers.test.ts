import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DisputeIndicators, DisputeSummary } from '@jingwang/contracts';
import { actionsFor, canReport, indicatorTotals, nextFollowup, sortDisputes, splitParticipants } from './helpers';

const d = (over: Partial<Parameters<typeof actionsFor>[1]> = {}) => ({ allowed: ['mediate', 'refer', 'resolve', 'escalate', 'convert'], level: 'grid' as const, referrals: [], followups: [], status: 'open' as const, ...over });

test('actions: police and mediators manage; grid workers mediate only; 城管 only answer a referral; volunteers nothing', () => {
  assert.deepEqual(actionsFor('officer', d()), ['mediate', 'refer', 'resolve', 'escalate', 'grade', 'convert']);
  assert.deepEqual(actionsFor('mediator', d()), ['mediate', 'refer', 'resolve', 'escalate', 'grade', 'convert']);
  assert.deepEqual(actionsFor('grid_worker', d()), ['mediate']);
  assert.deepEqual(actionsFor('volunteer', d()), []);
  const referred = d({ status: 'referred', allowed: ['mediate', 'feedback', 'resolve', 'escalate', 'convert'], referrals: [{ feedbackAt: null } as never] });
  assert.deepEqual(actionsFor('urban_mgmt', referred), ['mediate', 'feedback']);
  assert.deepEqual(actionsFor('officer', { ...d(), level: 'county' }), ['mediate', 'refer', 'resolve', 'grade', 'convert']);
  assert.equal(canReport('grid_worker'), true);
  assert.equal(canReport('urban_mgmt'), false);
});

test('follow-up: the earliest visit not made, due or not; offered only when resolved with one pending', () => {
  const followups = [
    { id: 2, dueAt: '2026-06-30T00:00:00Z', doneAt: null, note: null, byName: null, recurred: null },
    { id: 1, dueAt: '2026-06-18T00:00:00Z', doneAt: '2026-06-18T01:00:00Z', note: 'ok', byName: 'x', recurred: false },
    { id: 3, dueAt: '2026-06-20T00:00:00Z', doneAt: null, note: null, byName: null, recurred: null },
  ];
  assert.deepEqual(nextFollowup({ followups }, Date.parse('2026-06-19T00:00:00Z')), { id: 3, dueAt: '2026-06-20T00:00:00Z', due: false });
  assert.equal(nextFollowup({ followups }, Date.parse('2026-06-21T00:00:00Z'))!.due, true);
  assert.equal(nextFollowup({ followups: [] }, 0), null);
  assert.deepEqual(actionsFor('grid_worker', d({ status: 'resolved', allowed: ['followup', 'close', 'reopen', 'convert'], followups })), ['followup']);
});

test('order: open before finished; overdue, then grade, then due time', () => {
  const s = (id: number, status: string, overdue: boolean, grade: string, due: string): DisputeSummary => ({ id, status, overdue, grade, levelDueAt: due, reportedAt: `2026-06-0${id}T00:00:00Z` }) as DisputeSummary;
  const out = sortDisputes([s(1, 'closed', false, 'high', '2026-06-01T00:00:00Z'), s(2, 'open', false, 'low', '2026-06-02T00:00:00Z'), s(3, 'open', false, 'high', '2026-06-05T00:00:00Z'), s(4, 'mediating', true, 'low', '2026-06-09T00:00:00Z')]);
  assert.deepEqual(out.map((x) => x.id), [4, 3, 2, 1]);
});

test('indicator totals add the area rows up', () => {
  const row = (areaId: number, n: number) => ({ areaId, areaName: String(areaId), registered: n, open: 1, resolved: n - 1, resolvedOnTime: 1, escalated: 0, repeat: 1, converted: 0, sessions: 2, agreement: 1, partial: 1, noAgreement: 0, adjourned: 0 });
  const t = indicatorTotals({ from: '', to: '', level: 'station', radiusM: 50, rows: [row(1, 3), row(2, 4)] } as DisputeIndicators);
  assert.equal(t.registered, 7);
  assert.equal(t.resolved, 5);
  assert.equal(t.repeat, 2);
  assert.equal(t.sessions, 4);
});

test('participants typed on one line', () => {
  assert.deepEqual(splitParticipants('张三，李四、 王五,, '), ['张三', '李四', '王五']);
});
