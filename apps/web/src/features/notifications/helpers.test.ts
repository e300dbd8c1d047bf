import test from 'node:test';
import assert from 'node:assert/strict';
import { inAppLink, markAllRead, markRead, timeAgo, unreadOf } from './helpers';

test('timeAgo: just now, minutes, hours the same day, then the date (with the year when another)', () => {
  const now = new Date(2026, 2, 10, 15, 0, 0).getTime();
  const at = (ms: number) => new Date(now - ms).toISOString();
  assert.equal(timeAgo(at(20_000), now), '刚刚');
  assert.equal(timeAgo(at(20_000), now, 'en'), 'just now');
  assert.equal(timeAgo(at(5 * 60_000), now), '5 分钟前');
  assert.equal(timeAgo(at(3 * 3600_000 + 60_000), now), '3 小时前');
  assert.equal(timeAgo(at(3 * 3600_000), now, 'en'), '3 h ago');
  assert.equal(timeAgo(new Date(2026, 2, 9, 22, 5).toISOString(), now), '03-09 22:05');
  assert.equal(timeAgo(new Date(2025, 11, 31, 8, 0).toISOString(), now), '2025-12-31 08:00');
  assert.equal(timeAgo(at(-60_000), now), '刚刚', 'a clock slightly ahead is now');
  assert.equal(timeAgo('nonsense', now), '');
});

test('inAppLink: only paths of this app', () => {
  assert.equal(inAppLink('/reports/12'), '/reports/12');
  assert.equal(inAppLink('https://example.com/x'), null);
  assert.equal(inAppLink('//evil.example'), null);
  assert.equal(inAppLink('/\\evil.example'), null);
  assert.equal(inAppLink(null), null);
  assert.equal(inAppLink(''), null);
});

test('markRead, markAllRead and unreadOf', () => {
  const list = [
    { id: 1, readAt: null },
    { id: 2, readAt: '2026-03-01T00:00:00Z' },
    { id: 3, readAt: null },
  ];
  assert.equal(unreadOf(list), 2);
  const one = markRead(list, 1, 'T');
  assert.deepEqual(
    one.map((n) => n.readAt),
    ['T', '2026-03-01T00:00:00Z', null],
  );
  assert.equal(list[0]!.readAt, null, 'does not change the input');
  assert.equal(markRead(list, 2, 'T')[1]!.readAt, '2026-03-01T00:00:00Z', 'keeps the first read time');
  assert.equal(unreadOf(markAllRead(list, 'T')), 0);
  assert.equal(markAllRead(list, 'T')[1]!.readAt, '2026-03-01T00:00:00Z');
});
