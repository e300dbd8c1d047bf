import test from 'node:test';
import assert from 'node:assert/strict';
import type { Checkin, PatrolFlag } from '@jingwang/contracts';
import {
  addCheckin,
  canManagePoints,
  canPlanPatrol,
  countStops,
  dataUrlBytes,
  draftChanged,
  editBody,
  fitWithin,
  hoursMinutes,
  insertAt,
  isOutsideWindow,
  km,
  linesFc,
  localDate,
  moveItem,
  nextStopIndex,
  numberStops,
  outsideWindowAt,
  parseCheckinQuery,
  planRoutesFc,
  removeAt,
  riskShare,
  routeColors,
  sortFlags,
  stopAnchor,
  stopStatus,
  teamColor,
  TEAM_COLORS,
  tomorrow,
  upsertFlag,
} from './helpers';

test('tomorrow: the next local day, across month and year ends', () => {
  assert.equal(tomorrow(new Date(2026, 10, 23, 9, 30).getTime()), '2026-11-24');
  assert.equal(tomorrow(new Date(2026, 10, 30, 23, 59).getTime()), '2026-12-01');
  assert.equal(tomorrow(new Date(2026, 11, 31, 0, 1).getTime()), '2027-01-01');
  assert.equal(localDate(new Date(2026, 0, 5, 12).getTime()), '2026-01-05');
});

test('stop status: checked in, missed, pending; the next stop and counts', () => {
  const done = { visitedAt: '2026-11-23T08:00:00.000Z', missed: false };
  const missed = { visitedAt: null, missed: true };
  const pending = { visitedAt: null, missed: false };
  assert.equal(stopStatus(done), 'done');
  // a check-in wins over a late "missed"
  assert.equal(stopStatus({ ...done, missed: true }), 'done');
  assert.equal(stopStatus(missed), 'missed');
  assert.equal(stopStatus(pending), 'pending');
  assert.equal(nextStopIndex([done, missed, pending, pending]), 2);
  assert.equal(nextStopIndex([done, missed]), null);
  assert.deepEqual(countStops([done, missed, pending, pending]), { done: 1, missed: 1, pending: 2, total: 4 });
});

test('route editing: move, drop, insert, body and change detection', () => {
  const list = ['a', 'b', 'c'];
  assert.deepEqual(moveItem(list, 0, 1), ['b', 'a', 'c']);
  assert.deepEqual(moveItem(list, 2, -1), ['a', 'c', 'b']);
  assert.deepEqual(moveItem(list, 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(moveItem(list, 2, 1), ['a', 'b', 'c']);
  assert.deepEqual(removeAt(list, 1), ['a', 'c']);
  assert.deepEqual(insertAt(list, 1, 'x'), ['a', 'x', 'b', 'c']);
  assert.deepEqual(insertAt(list, null, 'x'), ['a', 'b', 'c', 'x']);
  assert.deepEqual(insertAt(list, 99, 'x'), ['a', 'b', 'c', 'x']);
  assert.deepEqual(list, ['a', 'b', 'c'], 'the input is not changed');

  const stops = [
    { kind: 'point' as const, ref: '7' },
    { kind: 'cell' as const, ref: 'c:3:4' },
  ];
  assert.equal(draftChanged(stops, [...stops]), false);
  assert.equal(draftChanged(stops, [stops[1]!, stops[0]!]), true);
  assert.equal(draftChanged(stops, [stops[0]!]), true);
  assert.deepEqual(editBody(4, [{ ...stops[0]!, name: 'x' } as never, stops[1]!]), { version: 4, stops });
});

test('numbers: risk share, hours and minutes, km', () => {
  assert.equal(riskShare(3, 4), 0.75);
  assert.equal(riskShare(5, 4), 1);
  assert.equal(riskShare(1, 0), null);
  assert.deepEqual(hoursMinutes(4500), { h: 1, m: 15 });
  assert.deepEqual(hoursMinutes(29), { h: 0, m: 0 });
  assert.deepEqual(hoursMinutes(-5), { h: 0, m: 0 });
  assert.equal(km(12345), '12.3');
  assert.equal(km(0), '0.0');
});

test('team colours cycle and stay with the route id', () => {
  assert.equal(teamColor(0), TEAM_COLORS[0]);
  assert.equal(teamColor(TEAM_COLORS.length), TEAM_COLORS[0]);
  const c = routeColors([{ id: 9 }, { id: 3 }]);
  assert.equal(c.get(3), TEAM_COLORS[0]);
  assert.equal(c.get(9), TEAM_COLORS[1]);
});

test('map GeoJSON: the focused route last, others dimmed; lines flagged when in the plan', () => {
  const fc = planRoutesFc(
    [
      { id: 1, callsign: 'A', color: '#f00', coordinates: [[0, 0], [1, 1]] },
      { id: 2, callsign: 'B', color: '#0f0', coordinates: [[0, 0], [2, 2]] },
      { id: 3, callsign: 'C', color: '#00f', coordinates: [[0, 0]] },
    ],
    1,
  );
  assert.deepEqual(fc.features.map((f) => f.properties.routeId), [2, 1], 'single-point routes are dropped');
  assert.equal(fc.features[0]!.properties.dim, true);
  assert.equal(fc.features[1]!.properties.focus, true);
  assert.equal(planRoutesFc([{ id: 1, callsign: 'A', color: '#f00', coordinates: [[0, 0], [1, 1]] }], null).features[0]!.properties.dim, false);
  const lines = linesFc(
    [
      { id: 5, name: 'L5', coordinates: [[0, 0], [1, 0], [2, 0]], active: true },
      { id: 6, name: 'L6', coordinates: [[0, 0], [0, 1]], active: true },
    ],
    new Set(['5']),
    new Set(),
  );
  assert.deepEqual(lines.features.map((f) => f.properties.inPlan), [true, false]);
  assert.deepEqual(stopAnchor({ kind: 'line', ref: '5', lon: 9, lat: 9 }, new Map([['5', [[0, 0], [1, 0], [2, 0]] as [number, number][]]])), [1, 0]);
  assert.deepEqual(stopAnchor({ kind: 'point', ref: '5', lon: 9, lat: 8 }), [9, 8]);
});

test('flags and check-ins from the socket: upsert by version, open first, no duplicates', () => {
  const flag = (p: Partial<PatrolFlag> & { id: number }): PatrolFlag => ({
    planId: 1,
    routeId: 1,
    unitId: 1,
    callsign: 'A',
    kind: 'off_route',
    status: 'open',
    raisedAt: '2026-11-23T08:00:00.000Z',
    clearedAt: null,
    ref: null,
    detail: '',
    distanceM: null,
    lon: null,
    lat: null,
    version: 1,
    ...p,
  });
  let list = upsertFlag([], flag({ id: 1 }));
  list = upsertFlag(list, flag({ id: 1, status: 'acknowledged', version: 2 }));
  list = upsertFlag(list, flag({ id: 1, status: 'open', version: 1 }));
  assert.equal(list.length, 1);
  assert.equal(list[0]!.status, 'acknowledged');
  const sorted = sortFlags([flag({ id: 1, status: 'acknowledged', raisedAt: '2026-11-23T09:00:00.000Z' }), flag({ id: 2 }), flag({ id: 3, raisedAt: '2026-11-23T08:30:00.000Z' })]);
  assert.deepEqual(sorted.map((f) => f.id), [3, 2, 1]);

  const ck = (id: number, at: string) => ({ id, at }) as Checkin;
  let cks = addCheckin([], ck(1, '2026-11-23T08:00:00.000Z'));
  cks = addCheckin(cks, ck(2, '2026-11-23T09:00:00.000Z'));
  cks = addCheckin(cks, ck(1, '2026-11-23T08:00:00.000Z'));
  assert.deepEqual(cks.map((c) => c.id), [2, 1]);
});

test('photo: fit within 1280 px keeping the ratio, never enlarging; data URL size', () => {
  assert.deepEqual(fitWithin(4032, 3024), { width: 1280, height: 960 });
  assert.deepEqual(fitWithin(3024, 4032), { width: 960, height: 1280 });
  assert.deepEqual(fitWithin(800, 600), { width: 800, height: 600 });
  assert.deepEqual(fitWithin(10000, 10), { width: 1280, height: 1 });
  assert.deepEqual(fitWithin(0, 600), { width: 0, height: 0 });
  assert.equal(dataUrlBytes('data:image/jpeg;base64,QUJD'), 3);
  assert.equal(dataUrlBytes('data:image/jpeg;base64,QUI='), 2);
});

test('QR link: ?checkin=<pointId>&t=<token>', () => {
  assert.deepEqual(parseCheckinQuery('?checkin=12&t=abcdefgh123'), { pointId: '12', token: 'abcdefgh123' });
  assert.deepEqual(parseCheckinQuery('t=tok12345&checkin=7'), { pointId: '7', token: 'tok12345' });
  assert.equal(parseCheckinQuery('?checkin=12'), null);
  assert.equal(parseCheckinQuery('?t=abc'), null);
  assert.equal(parseCheckinQuery('?checkin=<x>&t=abcdefgh'), null);
  assert.equal(parseCheckinQuery(''), null);
});

test('roles: officers use the field view; planners plan', () => {
  assert.equal(canPlanPatrol('dispatcher'), true);
  assert.equal(canPlanPatrol('station_lead'), true);
  assert.equal(canPlanPatrol('officer'), false);
  assert.equal(canPlanPatrol(null), false);
  assert.equal(canManagePoints('station_lead'), true);
  assert.equal(canManagePoints('dispatcher'), false);
  assert.equal(canManagePoints('officer'), false);
});

test('stop numbers: all when few, only the route in focus when many', () => {
  const m = (routeId: number): { routeId: number; compact?: boolean } => ({ routeId });
  const few = numberStops([m(1), m(2)], null, 5);
  assert.deepEqual(few.map((x) => x.compact), [false, false]);
  const many = numberStops([m(1), m(2), m(2)], 2, 2);
  assert.deepEqual(many.map((x) => x.compact), [true, false, false]);
  assert.deepEqual(numberStops([m(1), m(2), m(2)], null, 2).map((x) => x.compact), [true, true, true]);
});

test('shiftOn: the shift that is on and the date of its plan, across midnight (issue 18)', async () => {
  const { shiftOn } = await import('./helpers');
  const shifts = [
    { id: 1, startsAt: '08:00', durationMinutes: 480 },
    { id: 2, startsAt: '16:00', durationMinutes: 480 },
    { id: 3, startsAt: '00:00', durationMinutes: 480 },
  ];
  const at = (d: number, h: number, m = 0) => new Date(2026, 11, d, h, m).getTime();
  assert.deepEqual(shiftOn(shifts, at(7, 7, 33)), { shiftId: 3, date: '2026-12-07' });
  assert.deepEqual(shiftOn(shifts, at(7, 8, 0)), { shiftId: 1, date: '2026-12-07' });
  assert.deepEqual(shiftOn(shifts, at(7, 23, 59)), { shiftId: 2, date: '2026-12-07' });
  // a night shift from 20:00 to 08:00: at 03:00 it is still yesterday's plan
  const night = [{ id: 9, startsAt: '20:00', durationMinutes: 720 }, { id: 8, startsAt: '08:00', durationMinutes: 720 }];
  assert.deepEqual(shiftOn(night, at(8, 3, 0)), { shiftId: 9, date: '2026-12-07' });
  assert.deepEqual(shiftOn(night, at(8, 7, 33)), { shiftId: 9, date: '2026-12-07' });
  assert.deepEqual(shiftOn(night, at(8, 8, 0)), { shiftId: 8, date: '2026-12-08' });
  assert.equal(shiftOn([{ id: 1, startsAt: '08:00', durationMinutes: 60 }], at(7, 12)), null);
});

test('outsideWindowAt: the check-ins at a stop\'s place outside its window (窗口外), oldest first; inside or without a window are not', () => {
  const c = (id: number, ref: string, window: Checkin['window'], at: string) => ({ id, kind: 'point' as const, ref, window, at });
  const list = [c(1, '7', 'late', '2026-06-15T04:30:00Z'), c(2, '7', 'inside', '2026-06-15T03:05:00Z'), c(3, '7', 'early', '2026-06-15T01:30:00Z'), c(4, '8', 'early', '2026-06-15T01:00:00Z'), c(5, '7', null, '2026-06-15T02:00:00Z')];
  assert.deepEqual(outsideWindowAt({ kind: 'point', ref: '7' }, list).map((x) => x.id), [3, 1]);
  assert.deepEqual(outsideWindowAt({ kind: 'line', ref: '7' }, list), []);
  assert.equal(isOutsideWindow({ window: 'inside' }), false);
  assert.equal(isOutsideWindow({ window: null }), false);
  assert.equal(isOutsideWindow({ window: 'early' }), true);
});
