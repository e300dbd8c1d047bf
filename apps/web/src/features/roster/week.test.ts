import { test } from 'node:test';
import assert from 'node:assert/strict';
import dayjs from 'dayjs';
import { weekDays, weekStart } from './week';

test('a week starts on Monday, Sunday belongs to the week before it', () => {
  assert.equal(weekStart(dayjs('2026-06-15T10:00:00')).format('YYYY-MM-DD'), '2026-06-15'); // a Monday
  assert.equal(weekStart(dayjs('2026-06-17T23:59:00')).format('YYYY-MM-DD'), '2026-06-15');
  assert.equal(weekStart(dayjs('2026-06-21T12:00:00')).format('YYYY-MM-DD'), '2026-06-15'); // Sunday
  assert.equal(weekStart(dayjs('2026-06-22T00:00:00')).format('YYYY-MM-DD'), '2026-06-22');
  assert.deepEqual(weekDays(dayjs('2026-06-29')), ['2026-06-29', '2026-06-30', '2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04', '2026-07-05']);
});
