import { test } from 'node:test';
import assert from 'node:assert/strict';
import dayjs from 'dayjs';
import { monthDays, swapCandidates, weekDays, weekStart } from './week';

test('a week starts on Monday, Sunday belongs to the week before it', () => {
  assert.equal(weekStart(dayjs('2026-06-15T10:00:00')).format('YYYY-MM-DD'), '2026-06-15'); // a Monday
  assert.equal(weekStart(dayjs('2026-06-17T23:59:00')).format('YYYY-MM-DD'), '2026-06-15');
  assert.equal(weekStart(dayjs('2026-06-21T12:00:00')).format('YYYY-MM-DD'), '2026-06-15'); // Sunday
  assert.equal(weekStart(dayjs('2026-06-22T00:00:00')).format('YYYY-MM-DD'), '2026-06-22');
  assert.deepEqual(weekDays(dayjs('2026-06-29')), ['2026-06-29', '2026-06-30', '2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04', '2026-07-05']);
});

test('a month has its own days, February of a leap year included', () => {
  assert.equal(monthDays(dayjs('2026-06-15')).length, 30);
  assert.equal(monthDays(dayjs('2028-02-10')).at(-1), '2028-02-29');
  assert.equal(monthDays(dayjs('2026-12-31'))[0], '2026-12-01');
});

test('a duty is swapped only with a later-starting-than-now duty of another person', () => {
  const now = Date.parse('2026-06-15T02:00:00Z');
  const d = (id: number, personId: number, startsAt: string) => ({ id, personId, startsAt });
  const mine = d(1, 10, '2026-06-16T00:00:00Z');
  const all = [mine, d(2, 10, '2026-06-17T00:00:00Z'), d(3, 11, '2026-06-15T00:00:00Z'), d(4, 12, '2026-06-18T00:00:00Z'), d(5, 11, '2026-06-16T12:00:00Z')];
  assert.deepEqual(swapCandidates(all, mine, now).map((s) => s.id), [5, 4]);
});
