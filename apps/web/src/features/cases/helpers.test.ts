import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseT } from '@jingwang/contracts';
import { countdown, lookupQuery, screenCounts, sortCases } from './helpers';

const base = (over: Partial<CaseT>): CaseT => ({
  id: 1, caseNo: 'AJ000001', kind: 'criminal', category: '盗窃', title: 't', status: 'accepted', version: 1, open: true, station: null, officers: [], team: null,
  incidentId: null, fraudWarningId: null, disputeIds: [], openedAt: '2026-06-15T02:00:00.000Z', filedAt: null, solvedAt: null, endedAt: null,
  lastActivityAt: '2026-06-15T02:00:00.000Z', deadline: null, ladder: 'none', reasons: [], ...over,
});
const dl = (dueAt: string) => ({ key: 'k', stage: 'accepted' as const, label: 'x', from: '2026-06-15T02:00:00.000Z', dueAt });

test('countdown: days and hours left, or overdue', () => {
  const now = Date.parse('2026-06-15T02:00:00Z');
  assert.deepEqual(countdown('2026-06-18T16:00:00Z', now, 'zh'), { text: '剩 3天14小时', overdue: false });
  assert.deepEqual(countdown('2026-06-15T01:00:00Z', now, 'zh'), { text: '超期 1小时0分', overdue: true });
  assert.deepEqual(countdown('2026-06-15T02:05:00Z', now, 'en'), { text: '5m left', overdue: false });
});

test('cases in hand first by nearest deadline; the screen counts recomputed from the list', () => {
  const list = [
    base({ id: 1, open: false, status: 'transferred' }),
    base({ id: 2, deadline: dl('2026-06-20T00:00:00Z') }),
    base({ id: 3, deadline: dl('2026-06-16T00:00:00Z'), reasons: ['overdue'] }),
    base({ id: 4, reasons: ['due_soon', 'idle'] }),
  ];
  assert.deepEqual(sortCases(list).map((c) => c.id), [3, 2, 4, 1]);
  assert.deepEqual(screenCounts(list), { open: 3, overdue: 1, dueSoon: 1 });
});

test('the registry lookup from what was typed: ID number, phone or name', () => {
  assert.deepEqual(lookupQuery(' 51172519800101001x '), { idNumber: '51172519800101001X' });
  assert.deepEqual(lookupQuery('137 1234 5678'), { phone: '13712345678' });
  assert.deepEqual(lookupQuery('刘德明'), { name: '刘德明' });
  assert.equal(lookupQuery('   '), null);
});
