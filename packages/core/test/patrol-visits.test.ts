// Check-ins against stops' time windows (issue 18): a small drawn route, a day shift from 08:00 (UTC+8, 00:00Z):
//   stop 0: 实验小学门口 (point:1), window 11:00-12:00, 10 minutes' dwell (service may start up to 11:50)
//   stop 1: 风险网格 (cell:c:1:1), no window
//   stop 2: 实验小学门口 again (point:1), same window
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WINDOW_EARLY_GRACE_MS, matchVisits, visitDeadline, visitWindow, windowFit } from '../src/patrol/index';

const START = Date.parse('2026-06-15T00:00:00Z'); // 08:00 local
const END = START + 8 * 3600_000;
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return START + ((h! - 8) * 60 + m!) * 60_000;
};
const school = { open: 3 * 3600, close: 3 * 3600 + 50 * 60, service: 600 }; // 11:00, last start 11:50, dwell 10 min
const W = visitWindow(school, START, END)!;
const stops = [
  { place: 'point:1', window: W },
  { place: 'cell:c:1:1', window: visitWindow({ open: null, close: null, service: 600 }, START, END) },
  { place: 'point:1', window: W },
];
const ck = (place: string, hhmm: string) => ({ place, at: at(hhmm), label: `${place}@${hhmm}` });
const labels = (r: { byStop: ({ label: string } | null)[] }) => r.byStop.map((c) => c?.label ?? null);

describe('visit windows', () => {
  it('a window runs from its opening to the end of its last possible visit; none without open/close', () => {
    assert.deepEqual(W, { from: at('11:00'), to: at('12:00') });
    assert.equal(visitWindow({ open: null, close: null, service: 600 }, START, END), null);
    assert.equal(visitDeadline(W, END), at('12:00'));
    assert.equal(visitDeadline(null, END), END);
    // clipped to the shift
    assert.equal(visitWindow({ open: 7 * 3600, close: 9 * 3600, service: 600 }, START, END)!.to, END);
  });

  it('before, inside, after: only inside counts; the early grace is the named constant', () => {
    assert.equal(windowFit(W, at('09:30')), 'early');
    assert.equal(windowFit(W, W.from - WINDOW_EARLY_GRACE_MS - 1), 'early');
    assert.equal(windowFit(W, W.from - WINDOW_EARLY_GRACE_MS), 'inside');
    assert.equal(windowFit(W, at('11:20')), 'inside');
    assert.equal(windowFit(W, at('12:00')), 'inside');
    assert.equal(windowFit(W, at('12:01')), 'late');
    assert.equal(windowFit(null, at('09:30')), null);
    assert.equal(WINDOW_EARLY_GRACE_MS, 5 * 60_000);
  });
});

describe('matching check-ins to stops', () => {
  it('a check-in before the window is kept as 窗口外 (early) and does not satisfy the stop', () => {
    const r = matchVisits(stops, [ck('point:1', '09:30')]);
    assert.deepEqual(labels(r), [null, null, null]);
    assert.deepEqual(r.fit, ['early']);
  });

  it('a check-in inside the window satisfies the first visit', () => {
    const r = matchVisits(stops, [ck('point:1', '11:05')]);
    assert.deepEqual(labels(r), ['point:1@11:05', null, null]);
    assert.deepEqual(r.fit, ['inside']);
  });

  it('a check-in after the window is late and counts for nothing', () => {
    const r = matchVisits(stops, [ck('point:1', '13:00')]);
    assert.deepEqual(labels(r), [null, null, null]);
    assert.deepEqual(r.fit, ['late']);
  });

  it('one early and one inside: the inside one visits, the early one is not used up', () => {
    const r = matchVisits(stops, [ck('point:1', '11:30'), ck('point:1', '09:30')]);
    assert.deepEqual(labels(r), ['point:1@11:30', null, null]);
    assert.deepEqual(r.fit, ['inside', 'early']);
  });

  it('two inside the window: the second visit of the same point is made too, in time order', () => {
    const r = matchVisits(stops, [ck('point:1', '11:40'), ck('point:1', '09:30'), ck('point:1', '11:10')]);
    assert.deepEqual(labels(r), ['point:1@11:10', null, 'point:1@11:40']);
  });

  it('a stop without a window takes any check-in at its place, at any hour (unchanged)', () => {
    const r = matchVisits(stops, [ck('cell:c:1:1', '08:05'), ck('point:9', '11:00')]);
    assert.deepEqual(labels(r), [null, 'cell:c:1:1@08:05', null]);
    assert.deepEqual(r.fit, [null, null]);
  });
});
