// date-time values must be real instants: RFC 3339, a day that exists in its month, hours < 24, minutes and seconds < 60.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUsableTime } from '../src/lib/validation';

test('date-time accepts real instants and refuses impossible calendar days and times', () => {
  for (const ok of ['2026-02-28T23:59:59Z', '2028-02-29T00:00:00Z', '2026-12-31T16:00:00+08:00', '2026-06-15T02:00:00.123Z']) assert.equal(isUsableTime(ok), true, ok);
  for (const bad of ['2026-02-30T10:00:00Z', '2026-02-29T10:00:00Z', '2026-04-31T10:00:00Z', '2026-13-01T10:00:00Z', '2026-00-10T10:00:00Z', '2026-06-15T24:30:00Z', '2026-06-15T10:60:00Z', '2026-06-15T10:00:60Z', '0000-01-01T00:00:00Z', '2026-06-15', 'now']) {
    assert.equal(isUsableTime(bad), false, bad);
  }
});
