// Check-ins outside a point's time window (issue 18): a geofence check-in at a school at 09:30 for its 11:00-12:00
// window is kept and shown as 窗口外 (early) but is not the visit; the point is still due and is flagged missed when
// the window ends. One inside the window is the visit. The minute job's flags, the plan (live view), the field view
// and the daily report all agree (one rule: core matchVisits through stops.ts matchCheckins).
//
//   lat 32.015  W ================ north road (two-way) ================ E     school A (实验小学) at 120.008
//               |                                                       |
//   lat 32.005  W ================ south road (two-way) ================ E     school B (南路幼儿园) at 120.012
//            120.002                                                 120.038
//   Station S1 is west of 120.02. The day shift is 08:00-16:00 local (UTC+8 = 00:00-08:00Z).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Checkin, FieldView, PatrolFlag, PatrolPlan, PatrolReport } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, type Agent, type TestEnv, type World } from './helpers';
import { sweepMissed } from '../src/modules/patrol/field';

let env: TestEnv;
let world: World;
let disp: Agent;
let lead1: Agent;
let shiftId: number;
const DATE = '2026-06-15';
const SHIFT_START = Date.parse('2026-06-15T00:00:00.000Z');
/** Local time of the shift's day as epoch ms. */
const local = (hhmm: string) => Date.parse(`${DATE}T${hhmm}:00+08:00`);

const ROADS: [number, string, [number, number][]][] = [
  [1, '北路', [[120.002, 32.015], [120.01, 32.015], [120.02, 32.015], [120.03, 32.015], [120.038, 32.015]]],
  [2, '南路', [[120.002, 32.005], [120.01, 32.005], [120.02, 32.005], [120.03, 32.005], [120.038, 32.005]]],
  [3, '西连', [[120.002, 32.005], [120.002, 32.015]]],
  [4, '东连', [[120.038, 32.005], [120.038, 32.015]]],
];
const A = { name: '实验小学', lon: 120.008, lat: 32.015 };
const B = { name: '南路幼儿园', lon: 120.012, lat: 32.005 };

async function move(unitId: number, lon: number, lat: number, atMs: number) {
  env.clock.set(atMs);
  const r = await disp.post('/api/units/positions', { positions: [{ unitId, lon, lat, at: new Date(atMs).toISOString() }] });
  assert.equal(r.statusCode, 200, r.body);
}

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  const db = env.ctx.db;
  for (const [id, name, coords] of ROADS) {
    await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
      values (${id}, ${name}, 'street', 36, 18, 5, false, st_setsrid(st_geomfromgeojson(${JSON.stringify({ type: 'LineString', coordinates: coords })}), 4326))`.execute(db);
  }
  shiftId = (await db.insertInto('patrol_shifts').values({ code: 'day', name: '早班', starts_at: '08:00', duration_min: 480 }).returning('id').executeTakeFirstOrThrow()).id;
  await sql`update units set patrol_tier = 'street', patrol_area_id = ${world.area.S1!}, base_lon = lon, base_lat = lat,
    position_at = ${new Date(SHIFT_START - 7200_000).toISOString()} where callsign in ('W01','W02')`.execute(db);
  disp = await login(env.app, 'dispatcher');
  lead1 = await login(env.app, 'lead1');
  env.clock.set(SHIFT_START - 3600_000);
  for (const [code, p] of [['WA', A], ['WB', B]] as const) {
    const r = await lead1.post('/api/patrol/points', { code, name: p.name, kind: 'must_arrive', tier: 'street', lon: p.lon, lat: p.lat, visitsPerShift: 1, dwellMinutes: 10, windowStart: '11:00', windowEnd: '12:00' });
    assert.equal(r.statusCode, 201, r.body);
  }
});
after(async () => env?.close());

describe('check-ins outside a point\'s time window (issue 18)', () => {
  let plan: PatrolPlan;
  const routeOf = (name: string) => plan.routes.find((r) => r.stops.some((s) => s.name === name))!;
  const stopOf = (p: PatrolPlan, name: string) => p.routes.flatMap((r) => r.stops).find((s) => s.name === name)!;

  test('a plan with both schools in their window, published', async () => {
    const g = await disp.post('/api/patrol/plans/generate', { date: DATE, shiftId, tier: 'street', areaId: world.area.S1, seed: 1, timeBudgetMs: 300 });
    assert.equal(g.statusCode, 201, g.body);
    plan = g.json() as PatrolPlan;
    assert.deepEqual(plan.unmet, []);
    const pub = await disp.post(`/api/patrol/plans/${plan.id}/publish`, { version: plan.version });
    assert.equal(pub.statusCode, 200, pub.body);
    plan = pub.json() as PatrolPlan;
    for (const n of [A.name, B.name]) {
      const s = stopOf(plan, n);
      assert.ok(Date.parse(s.startAt) >= local('11:00') && Date.parse(s.departAt) <= local('12:00'), `${n} planned in its window: ${s.startAt}`);
    }
  });

  test('at 09:30 both teams pass their school: the geofence check-ins are kept, shown 窗口外 (early), and visit nothing', async () => {
    await move(routeOf(A.name).unitId, A.lon, A.lat, local('09:30'));
    await move(routeOf(B.name).unitId, B.lon, B.lat, local('09:30') + 1000);
    const list = ((await disp.get(`/api/patrol/plans/${plan.id}/checkins`)).json() as Checkin[]).filter((c) => c.kind === 'point');
    assert.deepEqual(list.map((c) => [c.name, c.method, c.window]).sort(), [[A.name, 'geofence', 'early'], [B.name, 'geofence', 'early']].sort());
    const p = (await disp.get(`/api/patrol/plans/${plan.id}`)).json() as PatrolPlan;
    assert.equal(stopOf(p, A.name).visitedAt, null);
    assert.equal(stopOf(p, B.name).visitedAt, null);
  });

  test('at 11:05 only school B\'s team is back: inside the window, B is visited; A still due, not yet flagged', async () => {
    await move(routeOf(B.name).unitId, B.lon, B.lat, local('11:05'));
    const list = ((await disp.get(`/api/patrol/plans/${plan.id}/checkins`)).json() as Checkin[]).filter((c) => c.kind === 'point' && c.name === B.name);
    assert.deepEqual(list.map((c) => c.window), ['early', 'inside']);
    const p = (await disp.get(`/api/patrol/plans/${plan.id}`)).json() as PatrolPlan;
    assert.equal(stopOf(p, B.name).visitedAt, new Date(local('11:05')).toISOString());
    assert.equal(stopOf(p, A.name).visitedAt, null);
    env.clock.set(local('11:30'));
    assert.equal(await sweepMissed(env.ctx), 0, 'A\'s window has not ended');
  });

  test('at 12:01 A is flagged missed (the early check-in does not count), B is not; the plan, field view and report agree', async () => {
    env.clock.set(local('12:01'));
    assert.equal(await sweepMissed(env.ctx), 1);
    const flags = ((await disp.get(`/api/patrol/flags?planId=${plan.id}`)).json() as PatrolFlag[]).filter((f) => f.kind === 'missed_point');
    assert.deepEqual(flags.map((f) => f.detail), [`${A.name}（第 1 次）未打卡`]);
    assert.equal(flags[0]!.raisedAt, new Date(local('12:00')).toISOString(), 'raised at the window\'s end');
    assert.equal(flags[0]!.unitId, routeOf(A.name).unitId);
    const p = (await disp.get(`/api/patrol/plans/${plan.id}`)).json() as PatrolPlan;
    assert.equal(stopOf(p, A.name).missed, true);
    assert.equal(stopOf(p, B.name).missed, false);
    const fv = (await disp.get(`/api/patrol/field?unitId=${routeOf(A.name).unitId}`)).json() as FieldView;
    assert.equal(fv.route!.stops.find((s) => s.name === A.name)!.missed, true);
    assert.equal(fv.route!.stops.find((s) => s.name === A.name)!.visitedAt, null);
    const rep = (await disp.get(`/api/patrol/plans/${plan.id}/report`)).json() as PatrolReport;
    const team = (id: number) => rep.teams.find((t) => t.unitId === id)!;
    assert.equal(rep.totals.pointsPlanned, 2);
    assert.equal(rep.totals.pointsVisited, 1);
    assert.equal(rep.totals.pointsMissed, 1);
    assert.ok(team(routeOf(A.name).unitId).pointsMissed >= 1);
    assert.ok(team(routeOf(B.name).unitId).pointsVisited >= 1);
    // a late pass at A (12:30) is 窗口外 (late) and changes nothing
    await move(routeOf(A.name).unitId, A.lon, A.lat, local('12:30'));
    const lateA = ((await disp.get(`/api/patrol/plans/${plan.id}/checkins`)).json() as Checkin[]).filter((c) => c.name === A.name);
    assert.deepEqual(lateA.map((c) => c.window), ['early', 'late']);
    const rep2 = (await disp.get(`/api/patrol/plans/${plan.id}/report`)).json() as PatrolReport;
    assert.equal(rep2.totals.pointsMissed, 1);
    assert.equal(await sweepMissed(env.ctx), 0, 'idempotent');
  });
});
