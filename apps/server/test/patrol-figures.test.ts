// One count of patrol visits (issue 18): patrol's daily report, the 分析研判 monthly report's 巡防工作 block and the
// task indicators (and the screens showing them: 作战小屏, 所屏, 一屏通览) give the same stops planned, visited and
// missed for the same day. The 分析研判 reports and the indicators used to count any check-in at the place (an
// unverified one, one an hour before the point's window), so they showed 3 of 4 visited where patrol showed 1.
//
//   lat 32.015  W ====== A 实验小学 120.008 ========= C 东门菜场 120.016 ======== E     north road (two-way)
//               |                                                            |
//   lat 32.005  W == D 西口桥 120.004 == B 南路幼儿园 120.012 ================== E     south road (two-way)
//            120.002                                                      120.038
//   Station S1 is west of 120.02. The day shift is 08:00-16:00 local (UTC+8). A, B and C may be visited 11:00-12:00,
//   D any time in the shift. The day: B's team passes B at 09:30 (窗口外, early); A's team is at A at 11:05 (the
//   visit); the command room records a check-in at C at 11:10 for C's team whose device is elsewhere (unverified);
//   nobody goes to D. At 16:30 the shift is over: 4 planned, 1 visited, 3 missed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { BigScreen, Checkin, FieldView, MyScreen, PatrolPlan, PatrolReport, Report, StationScreen, SubjectIndicators } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, type Agent, type TestEnv, type World } from './helpers';
import { ensureDefaults } from '../src/modules/tasks/catalogue';
import { sweepMissed } from '../src/modules/patrol/field';

let env: TestEnv;
let world: World;
let disp: Agent;
let shiftId: number;
const DATE = '2026-06-15';
const SHIFT_START = Date.parse('2026-06-15T00:00:00.000Z');
/** Local time of the shift's day as epoch ms. */
const local = (hhmm: string) => Date.parse(`${DATE}T${hhmm}:00+08:00`);
// a real 1x1 JPEG (a manual check-in needs a photo)
const JPEG =
  'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSgBBwcHCggKEwoKEygaFhooKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKP/AABEIAAEAAQMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/AOAr54/YT//Z';

const ROADS: [number, string, [number, number][]][] = [
  [1, '北路', [[120.002, 32.015], [120.008, 32.015], [120.016, 32.015], [120.03, 32.015], [120.038, 32.015]]],
  [2, '南路', [[120.002, 32.005], [120.004, 32.005], [120.012, 32.005], [120.03, 32.005], [120.038, 32.005]]],
  [3, '西连', [[120.002, 32.005], [120.002, 32.015]]],
  [4, '东连', [[120.038, 32.005], [120.038, 32.015]]],
];
const A = { code: 'FA', name: '实验小学', lon: 120.008, lat: 32.015, window: true };
const B = { code: 'FB', name: '南路幼儿园', lon: 120.012, lat: 32.005, window: true };
const C = { code: 'FC', name: '东门菜场', lon: 120.016, lat: 32.015, window: true };
const D = { code: 'FD', name: '西口桥', lon: 120.004, lat: 32.005, window: false };

async function move(unitId: number, lon: number, lat: number, atMs: number) {
  env.clock.set(atMs);
  const r = await disp.post('/api/units/positions', { positions: [{ unitId, lon, lat, at: new Date(atMs).toISOString() }] });
  assert.equal(r.statusCode, 200, r.body);
}

before(async () => {
  // a check-in whose evidence is elsewhere is stored unverified (and never counted), not refused
  env = await createTestEnv({ checkinFarFlag: true });
  world = await buildWorld(env);
  const db = env.ctx.db;
  await ensureDefaults(env.ctx);
  for (const [id, name, coords] of ROADS) {
    await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
      values (${id}, ${name}, 'street', 36, 18, 5, false, st_setsrid(st_geomfromgeojson(${JSON.stringify({ type: 'LineString', coordinates: coords })}), 4326))`.execute(db);
  }
  shiftId = (await db.insertInto('patrol_shifts').values({ code: 'day', name: '早班', starts_at: '08:00', duration_min: 480 }).returning('id').executeTakeFirstOrThrow()).id;
  await sql`update units set patrol_tier = 'street', patrol_area_id = ${world.area.S1!}, base_lon = lon, base_lat = lat,
    position_at = ${new Date(SHIFT_START - 7200_000).toISOString()} where callsign in ('W01','W02')`.execute(db);
  // officer1 is 王警官 (P1), a member of W01; 赵警官 (P1B) of W02
  await sql`update users set person_id = ${world.person.P1!} where username = 'officer1'`.execute(db);
  await db.insertInto('unit_members').values([{ unit_id: world.unit.W01!, person_id: world.person.P1! }, { unit_id: world.unit.W02!, person_id: world.person.P1B! }]).execute();
  disp = await login(env.app, 'dispatcher');
  const lead1 = await login(env.app, 'lead1');
  env.clock.set(SHIFT_START - 3600_000);
  for (const p of [A, B, C, D]) {
    const r = await lead1.post('/api/patrol/points', {
      code: p.code,
      name: p.name,
      kind: 'must_arrive',
      tier: 'street',
      lon: p.lon,
      lat: p.lat,
      visitsPerShift: 1,
      dwellMinutes: 5,
      ...(p.window ? { windowStart: '11:00', windowEnd: '12:00' } : {}),
    });
    assert.equal(r.statusCode, 201, r.body);
  }
});
after(async () => env?.close());

describe('one count of patrol visits: patrol report, 分析研判 and indicators agree (issue 18)', () => {
  let plan: PatrolPlan;
  const stopOf = (p: PatrolPlan, name: string) => p.routes.flatMap((r) => r.stops).find((s) => s.name === name)!;
  const routeOf = (name: string) => plan.routes.find((r) => r.stops.some((s) => s.name === name))!;

  test('a plan with the four points, published', async () => {
    const g = await disp.post('/api/patrol/plans/generate', { date: DATE, shiftId, tier: 'street', areaId: world.area.S1, seed: 1, timeBudgetMs: 300 });
    assert.equal(g.statusCode, 201, g.body);
    plan = g.json() as PatrolPlan;
    assert.deepEqual(plan.unmet, []);
    const pub = await disp.post(`/api/patrol/plans/${plan.id}/publish`, { version: plan.version });
    assert.equal(pub.statusCode, 200, pub.body);
    plan = pub.json() as PatrolPlan;
    for (const p of [A, B, C, D]) assert.ok(stopOf(plan, p.name), `${p.name} is on a route`);
  });

  test('the day: an early pass at B, the visit at A, an unverified check-in at C, nothing at D', async () => {
    await move(routeOf(B.name).unitId, B.lon, B.lat, local('09:30'));
    await move(routeOf(A.name).unitId, A.lon, A.lat, local('11:05'));
    // C's team: its device was last seen 2 km away (at its base, an hour ago, or at A five minutes ago)
    env.clock.set(local('11:10'));
    const c = await disp.post('/api/patrol/checkins', { routeId: routeOf(C.name).id, kind: 'point', ref: stopOf(plan, C.name).ref, method: 'manual', photo: JPEG, lon: C.lon, lat: C.lat, note: '到位' });
    assert.equal(c.statusCode, 201, c.body);
    assert.equal((c.json() as Checkin).proof, 'unverified');
    assert.equal((c.json() as Checkin).window, 'inside');
    const list = ((await disp.get(`/api/patrol/plans/${plan.id}/checkins`)).json() as Checkin[]).filter((x) => x.kind === 'point');
    assert.deepEqual(list.map((x) => [x.name, x.proof, x.window]), [
      [B.name, 'verified', 'early'],
      [A.name, 'verified', 'inside'],
      [C.name, 'unverified', 'inside'],
    ]);
  });

  test('the phone of B\'s team shows its early check-in as outside the window (窗口外), B not visited', async () => {
    const fv = (await disp.get(`/api/patrol/field?unitId=${routeOf(B.name).unitId}`)).json() as FieldView;
    const mine = fv.checkins.filter((x) => x.name === B.name);
    assert.deepEqual(mine.map((x) => [x.window, x.at]), [['early', new Date(local('09:30')).toISOString()]]);
    assert.equal(fv.route!.stops.find((s) => s.name === B.name)!.visitedAt, null);
    assert.ok(fv.checkins.every((x) => x.routeId === fv.route!.id), 'only its own route\'s check-ins');
  });

  test('after the shift: the daily report, the monthly 巡防工作 block, the indicators and the screens give the numbers recomputed from the records', async () => {
    env.clock.set(local('16:30'));
    await sweepMissed(env.ctx);
    const [admin, district, lead1, officer1] = [await login(env.app, 'admin'), await login(env.app, 'district'), await login(env.app, 'lead1'), await login(env.app, 'officer1')];
    disp = await login(env.app, 'dispatcher');

    // recomputed here from the records: the plan's mandatory stops (the four points, one visit each), the check-ins
    // stored; a visit is a verified check-in at the stop's place inside its window (or any time for D, which has
    // none); the shift is over, so every stop not visited is missed
    const p = (await disp.get(`/api/patrol/plans/${plan.id}`)).json() as PatrolPlan;
    const checkins = (await disp.get(`/api/patrol/plans/${plan.id}/checkins`)).json() as Checkin[];
    const points = new Set([A, B, C, D].map((x) => x.name));
    const expectOf = (routes: PatrolPlan['routes']) => {
      const stops = routes.flatMap((r) => r.stops.filter((s) => s.kind === 'point' && points.has(s.name)).map((s) => ({ routeId: r.id, s })));
      const visited = stops.filter(({ routeId, s }) => checkins.some((c) => c.routeId === routeId && c.ref === s.ref && c.proof === 'verified' && (c.window === 'inside' || c.window === null))).length;
      return { planned: stops.length, visited, missed: stops.length - visited };
    };
    const want = expectOf(p.routes);
    assert.deepEqual(want, { planned: 4, visited: 1, missed: 3 }, 'the day as drawn');
    const wantOf = (unitId: number) => expectOf(p.routes.filter((r) => r.unitId === unitId));

    // patrol's daily report
    const rep = (await disp.get(`/api/patrol/plans/${plan.id}/report`)).json() as PatrolReport;
    assert.deepEqual({ planned: rep.totals.pointsPlanned, visited: rep.totals.pointsVisited, missed: rep.totals.pointsMissed }, want, 'patrol report');
    for (const t of rep.teams) assert.deepEqual({ planned: t.pointsPlanned, visited: t.pointsVisited, missed: t.pointsMissed }, wantOf(t.unitId), `patrol report, ${t.callsign}`);

    // 分析研判: the monthly report of the district, 巡防工作 (the only report with patrol figures), row of 西所
    const made = await district.post('/api/reports', { kind: 'monthly', areaId: world.area.D, date: DATE, push: false });
    assert.equal(made.statusCode, 200, made.body);
    const block = (made.json() as Report).content.sections.find((s) => s.id === 'patrol')!;
    const rows = block.table!.rows as Record<string, unknown>[];
    const s1 = rows.find((r) => r.station === '西所')!;
    assert.deepEqual({ planned: s1.stops, visited: s1.visited, missed: s1.missed }, want, '月分析 巡防工作');
    assert.equal(s1.rate, Math.round((want.visited / want.planned) * 1000) / 10);
    assert.equal(s1.checkins, checkins.length, 'every check-in stored is still counted as a check-in');
    assert.deepEqual({ stops: rows.find((r) => r.station === '东所')!.stops, visited: rows.find((r) => r.station === '东所')!.visited }, { stops: 0, visited: 0 });

    // the task indicators: station, district, and each team's members
    const pm = (m: Record<string, number | null>) => ({ planned: m.patrol_points_planned, visited: m.patrol_points_visited });
    const measures = async (level: string, subjectId: number) => {
      const r = await admin.get(`/api/indicators?level=${level}&subjectId=${subjectId}&period=2026-06&fresh=true`);
      assert.equal(r.statusCode, 200, r.body);
      return pm((r.json() as SubjectIndicators).measures);
    };
    const pv = (x: { planned: number; visited: number }) => ({ planned: x.planned, visited: x.visited });
    assert.deepEqual(await measures('station', world.area.S1!), pv(want), 'indicator, station');
    assert.deepEqual(await measures('district', world.area.D!), pv(want), 'indicator, district');
    assert.deepEqual(await measures('station', world.area.S2!), { planned: 0, visited: 0 });
    assert.deepEqual(await measures('officer', world.person.P1!), pv(wantOf(world.unit.W01!)), 'indicator, 王警官 of W01');
    assert.deepEqual(await measures('officer', world.person.P1B!), pv(wantOf(world.unit.W02!)), 'indicator, 赵警官 of W02');

    // the screens show the stored indicators: 作战小屏 (officer1 = 王警官), 所屏 (西所), 一屏通览 (the district)
    const coverage = (x: { planned: number; visited: number }) => (x.planned > 0 ? (100 * x.visited) / x.planned : null);
    const value = (vs: { code: string; value: number | null }[] | undefined) => vs?.find((v) => v.code === 'patrol_coverage')?.value;
    const me = (await officer1.get('/api/screens/me')).json() as MyScreen;
    assert.deepEqual(pm(me.indicators!.measures), pv(wantOf(world.unit.W01!)), '作战小屏');
    const st = (await lead1.get(`/api/screens/station?stationId=${world.area.S1}`)).json() as StationScreen;
    assert.deepEqual(pm(st.indicators!.measures), pv(want), '所屏');
    assert.ok(Math.abs(value(st.indicators!.values)! - coverage(want)!) < 0.05, `所屏 必巡点位覆盖率 ${value(st.indicators!.values)}`);
    const big = (await district.get(`/api/screens/district?districtId=${world.area.D}`)).json() as BigScreen;
    assert.ok(Math.abs(value(big.gauges)! - coverage(want)!) < 0.05, `一屏通览 必巡点位覆盖率 ${value(big.gauges)}`);
  });
});
