import test from 'node:test';
import assert from 'node:assert/strict';
import type { Area, Incident, Unit } from '@jingwang/contracts';
import { ageMinutes, applyIncident, compareQueue, countByStatus, formatAge, resyncIncidents, sortQueue, waitLevel } from './queue';
import { applyUnitUpdates, collectUnitUpdates, markStale, rankUnitsForDispatch } from './units';
import { buildAreaTree, descendantIds, filterAreaTree } from './areaTree';
import { backoffDelay } from '../api/backoff';

const inc = (p: Partial<Incident> & { id: number }): Incident => ({
  number: `JJ${p.id}`,
  source: 'call_110',
  category: 'theft',
  priority: 2,
  status: 'new',
  version: 1,
  lon: 108,
  lat: 22,
  address: '',
  description: '',
  callerName: null,
  callerPhone: null,
  areas: { grid: null, policeGrid: null, respZone: null, community: null, station: null, district: null },
  officer: null,
  reportedAt: '2026-11-23T08:00:00.000Z',
  dispatchedAt: null,
  enRouteAt: null,
  onSceneAt: null,
  resolvedAt: null,
  closedAt: null,
  updatedAt: '2026-11-23T08:00:00.000Z',
  response: { targetSeconds: 300, keyPlace: null, etaSeconds: null, callToDispatchS: null, dispatchToArrivalS: null, totalS: null, met: null },
  assignments: [],
  ...p,
});

const unit = (p: Partial<Unit> & { id: number }): Unit => ({
  callsign: `U${p.id}`,
  type: 'patrol_car',
  echelon: 1,
  status: 'available',
  version: 1,
  teamId: null,
  teamName: null,
  homeAreaId: null,
  homeAreaName: null,
  lon: 108,
  lat: 22,
  positionAt: '2026-11-23T08:00:00.000Z',
  stale: false,
  incidentId: null,
  deviceId: null,
  members: [],
  ...p,
});

test('queue: new first, then priority, then newest', () => {
  const list = [
    inc({ id: 1, status: 'dispatched', priority: 1, reportedAt: '2026-11-23T08:10:00Z' }),
    inc({ id: 2, status: 'new', priority: 3, reportedAt: '2026-11-23T08:20:00Z' }),
    inc({ id: 3, status: 'new', priority: 1, reportedAt: '2026-11-23T08:00:00Z' }),
    inc({ id: 4, status: 'new', priority: 1, reportedAt: '2026-11-23T08:05:00Z' }),
    inc({ id: 5, status: 'closed', priority: 1 }),
  ];
  assert.deepEqual(sortQueue(list).map((i) => i.id), [4, 3, 2, 1]);
  assert.equal(compareQueue(list[2]!, list[2]!), 0);
});

test('age and waiting level', () => {
  const now = Date.parse('2026-11-23T08:05:30Z');
  assert.equal(ageMinutes('2026-11-23T08:00:00Z', now), 5);
  assert.equal(ageMinutes('2026-11-23T09:00:00Z', now), 0);
  assert.equal(waitLevel({ status: 'new', reportedAt: '2026-11-23T08:03:00Z' }, now), 'ok');
  assert.equal(waitLevel({ status: 'new', reportedAt: '2026-11-23T08:02:00Z' }, now), 'warn');
  assert.equal(waitLevel({ status: 'new', reportedAt: '2026-11-23T08:00:00Z' }, now), 'overdue');
  assert.equal(waitLevel({ status: 'on_scene', reportedAt: '2026-11-23T07:00:00Z' }, now), 'ok');
  assert.equal(formatAge(7, 'zh'), '7分钟');
  assert.equal(formatAge(65, 'en'), '1 h 05 min');
});

test('applyIncident keeps newer versions and drops closed incidents', () => {
  let m: ReadonlyMap<number, Incident> = new Map();
  m = applyIncident(m, inc({ id: 1, version: 2, status: 'dispatched' }));
  assert.equal(m.get(1)?.status, 'dispatched');
  const same = applyIncident(m, inc({ id: 1, version: 1, status: 'new' }));
  assert.equal(same, m, 'older version ignored');
  m = applyIncident(m, inc({ id: 1, version: 3, status: 'closed' }));
  assert.equal(m.has(1), false);
  const m2 = applyIncident(m, inc({ id: 9, version: 1, status: 'closed' }));
  assert.equal(m2, m, 'unknown closed incident is a no-op');
  assert.deepEqual(countByStatus([inc({ id: 1 }), inc({ id: 2, status: 'on_scene' }), inc({ id: 3 })]), {
    new: 2,
    dispatched: 0,
    en_route: 0,
    on_scene: 1,
  });
});

test('resyncIncidents: REST decides membership, newer socket rows win', () => {
  const cur = new Map([
    [1, inc({ id: 1, version: 5, status: 'on_scene' })],
    [2, inc({ id: 2, version: 1 })],
  ]);
  const out = resyncIncidents(cur, [inc({ id: 1, version: 4, status: 'en_route' }), inc({ id: 3 })]);
  assert.deepEqual([...out.keys()].sort(), [1, 3]);
  assert.equal(out.get(1)?.status, 'on_scene');
});

test('unit bursts are merged by id keeping the newest', () => {
  const pending = new Map<number, Unit>();
  collectUnitUpdates(pending, [
    unit({ id: 1, positionAt: '2026-11-23T08:00:01Z', lon: 1 }),
    unit({ id: 1, positionAt: '2026-11-23T08:00:03Z', lon: 3 }),
    unit({ id: 1, positionAt: '2026-11-23T08:00:02Z', lon: 2 }),
    unit({ id: 2, version: 2, status: 'dispatched' }),
    unit({ id: 2, version: 1, status: 'available' }),
  ]);
  assert.equal(pending.size, 2);
  assert.equal(pending.get(1)?.lon, 3);
  assert.equal(pending.get(2)?.status, 'dispatched');
  const cur = new Map([[2, unit({ id: 2, version: 3, status: 'on_scene' })]]);
  const next = applyUnitUpdates(cur, pending.values());
  assert.equal(next.get(2)?.status, 'on_scene', 'stale update ignored');
  assert.equal(next.get(1)?.lon, 3);
  assert.equal(applyUnitUpdates(next, [unit({ id: 2, version: 1 })]), next);
});

test('rankUnitsForDispatch: available only, fresh before stale, nearest first', () => {
  const units = [
    unit({ id: 1, lon: 108.1, lat: 22 }),
    unit({ id: 2, lon: 108.01, lat: 22 }),
    unit({ id: 3, lon: 108.001, lat: 22, stale: true }),
    unit({ id: 4, lon: 108.0001, lat: 22, status: 'on_scene' }),
    unit({ id: 5, lon: null, lat: null }),
  ];
  const r = rankUnitsForDispatch(units, 108, 22);
  assert.deepEqual(r.map((x) => x.unit.id), [2, 1, 5, 3]);
  assert.ok(Math.abs(r[0]!.distance - 1031) < 5, String(r[0]!.distance));
  assert.equal(r[2]!.distance, Infinity);
});

test('area tree: hierarchy, ordering, filter, descendants', () => {
  const a = (id: number, kind: Area['kind'], parentId: number | null, code: string, name = code): Area => ({
    id,
    code,
    name,
    kind,
    parentId,
    validFrom: '2026-01-01T00:00:00Z',
    validTo: null,
    bbox: [0, 0, 1, 1],
    areaKm2: 1,
    responseTargetS: null,
    version: 1,
  });
  const areas = [
    a(5, 'grid', 4, 'G10'),
    a(6, 'grid', 4, 'G2'),
    a(4, 'community', 3, 'C1', '东门社区'),
    a(7, 'police_grid', 3, 'P1'),
    a(3, 'station', 2, 'S1'),
    a(2, 'district', 1, 'D1'),
    a(1, 'county', null, 'X'),
    a(9, 'grid', 99, 'ORPHAN'),
  ];
  const roots = buildAreaTree(areas);
  assert.deepEqual(roots.map((r) => r.area.code), ['X', 'ORPHAN']);
  const station = roots[0]!.children[0]!.children[0]!;
  assert.deepEqual(station.children.map((c) => c.area.code), ['P1', 'C1']);
  assert.deepEqual(station.children[1]!.children.map((c) => c.area.code), ['G2', 'G10']);
  assert.deepEqual(descendantIds(station).sort(), [3, 4, 5, 6, 7]);
  const f = filterAreaTree(roots, '东门');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.children[0]!.children[0]!.children[0]!.area.code, 'C1');
  assert.equal(f[0]!.children[0]!.children[0]!.children[0]!.children.length, 2, 'a hit keeps its subtree');
});

test('backoff grows exponentially, capped, with jitter', () => {
  assert.equal(backoffDelay(0, 0.5), 1000);
  assert.equal(backoffDelay(3, 0.5), 8000);
  assert.equal(backoffDelay(10, 0.99), 30000);
  assert.ok(backoffDelay(2, 0) >= 3200 && backoffDelay(2, 0.999) <= 4800);
});

import { parseBlade } from './blade';

test('parseBlade reads lines or JSON, rejects junk', () => {
  assert.deepEqual(parseBlade('108.3,22.8\n108.32, 22.83\n'), [
    [108.3, 22.8],
    [108.32, 22.83],
  ]);
  assert.deepEqual(parseBlade('[[1,2],[3,4]]'), [
    [1, 2],
    [3, 4],
  ]);
  assert.equal(parseBlade('108.3,22.8'), null, 'one point is not a line');
  assert.equal(parseBlade('a,b\nc,d'), null);
  assert.equal(parseBlade('200,1\n1,1'), null);
  assert.equal(parseBlade(''), null);
});

test('markStale ages units that stopped reporting, and keeps the same map when nothing changes', () => {
  const t0 = Date.parse('2026-06-15T02:00:00Z');
  const fresh = unit({ id: 1, positionAt: new Date(t0 - 30_000).toISOString(), stale: false });
  const silent = unit({ id: 2, positionAt: new Date(t0 - 200_000).toISOString(), stale: false });
  const none = unit({ id: 3, positionAt: null, stale: true });
  const m = new Map([fresh, silent, none].map((u) => [u.id, u]));
  const aged = markStale(m, t0, 120);
  assert.notEqual(aged, m);
  assert.equal(aged.get(1)!.stale, false);
  assert.equal(aged.get(2)!.stale, true);
  assert.equal(aged.get(3)!.stale, true);
  assert.equal(markStale(aged, t0, 120), aged, 'no change: same map');
  assert.equal(markStale(aged, t0 + 100_000, 120).get(1)!.stale, true, 'the fresh one ages too');
});
