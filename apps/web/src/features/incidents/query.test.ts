import { test } from 'node:test';
import assert from 'node:assert/strict';
import dayjs from 'dayjs';
import { searchQuery } from './query';

test('searchQuery leaves empty fields out, trims, joins statuses and includes the end day', () => {
  assert.deepEqual(searchQuery({}, 1, 20), { page: 1, pageSize: 20 });
  const q = searchQuery({ number: ' JQ1 ', phone: '', address: ' 白米 ', status: ['closed', 'resolved'], time: [dayjs('2026-06-01T10:00:00'), dayjs('2026-06-03T08:00:00')] }, 2, 50);
  assert.equal(q.number, 'JQ1');
  assert.equal(q.phone, undefined);
  assert.equal(q.address, '白米');
  assert.equal(q.status, 'closed,resolved');
  assert.equal(Date.parse(q.to!) - Date.parse(q.from!), 3 * 86400_000);
  assert.deepEqual([q.page, q.pageSize], [2, 50]);
});
