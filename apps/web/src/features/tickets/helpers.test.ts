import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ticket } from '@jingwang/contracts';
import { dueText, orderedActions, rateText, sortTickets, totalOf } from './helpers';

test('actions: the forward step first, return last', () => {
  assert.deepEqual(orderedActions(['return', 'receive']), ['receive', 'return']);
  assert.deepEqual(orderedActions(['reject', 'verify']), ['verify', 'reject']);
});

test('due text in minutes, hours or days, and overdue', () => {
  const now = Date.parse('2026-06-15T00:00:00Z');
  assert.deepEqual(dueText('2026-06-15T00:30:00Z', now, 'zh'), { text: '30 分钟', overdue: false });
  assert.deepEqual(dueText('2026-06-14T21:00:00Z', now, 'en'), { text: '3 h', overdue: true });
  assert.deepEqual(dueText('2026-06-18T00:00:00Z', now, 'zh'), { text: '3 天', overdue: false });
  assert.equal(dueText(null, now, 'zh'), null);
});

test('the total line recomputes the rate from its counts; no resolved ticket is no data, not 0 %', () => {
  const rows = [
    { tickets: 3, open: 1, overdue: 1, resolved: 2, onTime: 1, returns: 1, recurrences: 0, jointPatrol: 1 },
    { tickets: 2, open: 0, overdue: 0, resolved: 2, onTime: 2, returns: 0, recurrences: 1, jointPatrol: 0 },
  ];
  const t = totalOf(rows);
  assert.equal(t.tickets, 5);
  assert.equal(t.onTimeRate, 3 / 4);
  assert.equal(rateText(t.onTimeRate), '75%');
  assert.equal(rateText(totalOf([]).onTimeRate), null);
});

test('overdue first, then by due time, closed last', () => {
  const t = (id: number, status: string, overdue: boolean, dueAt: string | null) => ({ id, status, overdue, dueAt }) as unknown as Ticket;
  const s = sortTickets([t(1, 'closed', false, null), t(2, 'sent', false, '2026-06-16T00:00:00Z'), t(3, 'received', true, '2026-06-14T00:00:00Z'), t(4, 'sent', false, '2026-06-15T00:00:00Z')]);
  assert.deepEqual(s.map((x) => x.id), [3, 4, 2, 1]);
});
