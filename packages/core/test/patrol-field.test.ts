// Risk cells from incident history and the street-side rules of patrol: timing a hand-edited route, where the plan
// has a team, deviation from the planned path, what a track covered. Small cases worked out by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cellsByWindow,
  deviationState,
  distanceToPolylineMeters,
  expectedPosition,
  inDailyWindow,
  riskCells,
  riskGrid,
  timeSequence,
  trackSummary,
} from '../src/patrol/index';

const H = 3600_000;
const NOW = Date.parse('2026-06-15T00:00:00Z'); // 08:00 in UTC+8

describe('risk cells', () => {
  const base = { refLat: 32, now: NOW, shiftStartMinute: 8 * 60, shiftMinutes: 480, utcOffsetMinutes: 480 };

  it('shares sum to one; the denser cell ranks first; ids are stable grid indexes', () => {
    const ev = [
      ...Array.from({ length: 6 }, (_, i) => ({ lon: 120.0125, lat: 32.0151, at: NOW - 2 * 86400_000 + i * H })),
      { lon: 120.03, lat: 32.005, at: NOW - 2 * 86400_000 },
    ];
    const cells = riskCells(ev, base);
    assert.equal(cells.length, 2);
    assert.ok(Math.abs(cells.reduce((a, c) => a + c.risk, 0) - 1) < 1e-12);
    assert.equal(cells[0]!.count, 6);
    const g = riskGrid(32);
    assert.equal(cells[0]!.id, g.cellOf(120.0125, 32.0151).id);
    // the centre lies in its own cell
    assert.equal(g.cellOf(cells[0]!.lon, cells[0]!.lat).id, cells[0]!.id);
  });

  it('weights recency, time of day and ignores the future and the too old', () => {
    // the same place-count, one cell in-shift (10:00 local), the other at 03:00 local: in-shift weighs 4x
    const inShift = { lon: 120.0, lat: 32.0, at: NOW - 86400_000 + 2 * H }; // 10:00 local the day before
    const night = { lon: 120.1, lat: 32.0, at: NOW - 86400_000 - 5 * H }; // 03:00 local the day before
    const c = riskCells([inShift, night], { ...base, halfLifeDays: 1e9 });
    assert.ok(Math.abs(c[0]!.risk / c[1]!.risk - 4) < 1e-9);
    assert.equal(c[0]!.lon < 120.05, true);
    const future = { lon: 120.2, lat: 32.0, at: NOW + H };
    const old = { lon: 120.3, lat: 32.0, at: NOW - 400 * 86400_000 };
    assert.equal(riskCells([future, old], base).length, 0);
    // a half-life of 10 days: an incident 10 days old weighs half a fresh one
    const fresh = { lon: 120.0, lat: 32.0, at: NOW - 1 };
    const tenDays = { lon: 120.1, lat: 32.0, at: NOW - 1 - 10 * 86400_000 };
    const r = riskCells([fresh, tenDays], { ...base, halfLifeDays: 10, outsideShiftWeight: 1 });
    assert.ok(Math.abs(r[0]!.risk / r[1]!.risk - 2) < 1e-6);
  });

  it('daily windows wrap midnight', () => {
    assert.equal(inDailyWindow(23 * 60, 22 * 60, 480), true);
    assert.equal(inDailyWindow(5 * 60, 22 * 60, 480), true);
    assert.equal(inDailyWindow(7 * 60, 22 * 60, 480), false);
    assert.equal(inDailyWindow(123, 0, 1440), true);
  });
});

describe('timing a hand-edited route', () => {
  // nodes: 0 base, 1 A (window 100..200), 2 B; travel 50 s between any two
  const nodes = [
    { service: 0, open: null, close: null, minGapSeconds: 0 },
    { service: 30, open: 100, close: 200, minGapSeconds: 0 },
    { service: 10, open: null, close: null, minGapSeconds: 60 },
  ];
  const travel = (a: number, b: number) => (a === b ? 0 : 50);

  it('waits for a window, waits out a repeat gap, reports late stops and overtime', () => {
    const r = timeSequence(nodes, [1, 2], 0, 0, 300, travel);
    assert.deepEqual(r.stops.map((s) => [s.arrive, s.start, s.depart]), [
      [50, 100, 130],
      [180, 180, 190],
    ]);
    assert.equal(r.duration, 240);
    assert.equal(r.overtime, 0);
    // B twice in a row: the second visit waits for the 60 s gap
    const twice = timeSequence(nodes, [2, 2], 0, 0, 300, travel);
    assert.deepEqual(twice.stops.map((s) => s.start), [50, 110]);
    // B, B, then A: A starts at 50+10+... after its close: late, and the route runs over a short shift
    const late = timeSequence(nodes, [2, 2, 2, 1], 0, 0, 250, travel);
    assert.deepEqual(late.lateStops, [3]);
    assert.ok(late.overtime > 0);
    assert.equal(late.unreachable, false);
    assert.equal(timeSequence(nodes, [1], 0, 0, 300, () => Infinity).unreachable, true);
  });
});

describe('where the plan has a team', () => {
  const wps = [
    { lon: 0, lat: 0, arrive: 0, depart: 0 },
    { lon: 1, lat: 0, arrive: 100, depart: 200 },
    { lon: 1, lat: 1, arrive: 300, depart: 300 },
  ];
  it('dwells at stops, moves in proportion to time between them, stays at the ends', () => {
    assert.deepEqual(expectedPosition(wps, -5), [0, 0]);
    assert.deepEqual(expectedPosition(wps, 50), [0.5, 0]);
    assert.deepEqual(expectedPosition(wps, 150), [1, 0]);
    assert.deepEqual(expectedPosition(wps, 250), [1, 0.5]);
    assert.deepEqual(expectedPosition(wps, 999), [1, 1]);
  });
});

describe('deviation', () => {
  const path: [number, number][] = [
    [120.0, 32.0],
    [120.02, 32.0],
  ];
  it('measures distance to a polyline', () => {
    assert.ok(Math.abs(distanceToPolylineMeters(120.01, 32.0045, path) - 500) < 2);
    assert.ok(distanceToPolylineMeters(120.01, 32.0, path) < 1e-6);
    // beyond the end: distance to the end point
    assert.ok(Math.abs(distanceToPolylineMeters(120.03, 32.0, path) - 944) < 5);
  });
  it('is off only after staying away long enough, on as soon as back, unknown in between', () => {
    const o = { offRouteMeters: 300, minSeconds: 300 };
    const away = (min: number) => ({ lon: 120.01, lat: 32.0045, at: NOW + min * 60_000 });
    assert.equal(deviationState([away(0)], path, o).state, 'unknown');
    assert.equal(deviationState([away(0), away(2)], path, o).state, 'unknown');
    assert.equal(deviationState([away(0), away(2), away(5)], path, o).state, 'off');
    // a fix on the route in between resets the clock
    const back = { lon: 120.01, lat: 32.0, at: NOW + 3 * 60_000 };
    assert.equal(deviationState([away(0), back, away(5)], path, o).state, 'unknown');
    assert.equal(deviationState([away(0), away(5), { ...back, at: NOW + 6 * 60_000 }], path, o).state, 'on');
  });
});

describe('what a track covered', () => {
  const t = (min: number, lon: number) => ({ lon, lat: 32.0, at: NOW + min * 60_000 });
  it('counts kilometres and hours, not gaps nor jumps', () => {
    // 0.01 degrees of longitude at 32 N is 944 m
    const track = [t(0, 120.0), t(2, 120.01), t(4, 120.02), t(30, 120.03), t(31, 121.0)];
    const s = trackSummary(track, NOW, NOW + 8 * H);
    assert.ok(Math.abs(s.km - 1.888) < 0.01, String(s.km));
    assert.ok(Math.abs(s.hours - 4 / 60) < 1e-9);
  });
  it('samples the cells a fast unit crossed, per window', () => {
    const g = riskGrid(32);
    const track = [t(0, 120.0), t(2, 120.01), t(130, 120.0)];
    const w = cellsByWindow(track, (lon, lat) => g.cellOf(lon, lat).id, NOW, NOW + 4 * H, 2 * H);
    assert.equal(w.length, 2);
    // 944 m at 250 m cells: at least four cells in the first window, one in the second
    assert.ok(w[0]!.size >= 4, String(w[0]!.size));
    assert.equal(w[1]!.size, 1);
  });
});
