// Dispatch on a drawn road map: recommendations by road travel time, the ETA promised at dispatch, arrival detected
// from positions, response targets (key places, town areas), compliance figures, reinforcement requests, reach
// areas and coverage, Traccar forwarding and positions over the WebSocket.
//
//   lat 32.015  W ================ north road (two-way, 36 km/h) ================ E
//               |                                                               |
//   lat 32.005  W ================ south road (two-way, 36 km/h) ================ E
//            120.002                                                         120.038
//   A river between the two roads: they meet only at the west and east links.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { sql } from 'kysely';
import type { Incident, Recommendation, Reinforcement, ServerMessage } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, newIncident, snapshot, type Agent, type TestEnv, type World } from './helpers';
import { importRoads, osmRoadRows, parseOsm } from '../src/modules/roads/import';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy';

let env: TestEnv;
let world: World;
let disp: Agent;
const TOKEN = 'test-avl-token-0123456789';

const road = (id: number, name: string, coords: [number, number][]) => ({ id, name, coords });
const ROADS = [
  road(1, '北路', [[120.002, 32.015], [120.01, 32.015], [120.02, 32.015], [120.03, 32.015], [120.038, 32.015]]),
  road(2, '南路', [[120.002, 32.005], [120.01, 32.005], [120.02, 32.005], [120.03, 32.005], [120.038, 32.005]]),
  road(3, '西连', [[120.002, 32.005], [120.002, 32.015]]),
  road(4, '东连', [[120.038, 32.005], [120.038, 32.015]]),
];

async function moveUnit(code: string, lon: number, lat: number, atMs: number) {
  const r = await disp.post('/api/units/positions', { positions: [{ unitId: world.unit[code]!, lon, lat, at: new Date(atMs).toISOString() }] });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { accepted: number; duplicates: number; outOfOrder: number; arrivals: number };
}

before(async () => {
  env = await createTestEnv({ avlToken: TOKEN, arrivalRadiusM: 60 });
  world = await buildWorld(env);
  for (const r of ROADS) {
    await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
      values (${r.id}, ${r.name}, 'street', 36, 18, 5, false,
              st_setsrid(st_geomfromgeojson(${JSON.stringify({ type: 'LineString', coordinates: r.coords })}), 4326))`.execute(env.ctx.db);
  }
  // C12 is a town community (3 minutes); a school on the south road is a key place (1 minute)
  await sql`update areas set response_target_s = 180 where code = 'C12' and valid_to is null`.execute(env.ctx.db);
  await sql`insert into key_places (code, name, kind, geom, radius_m, target_s)
    values ('KP1', '东小学', 'school', st_setsrid(st_point(120.031, 32.005), 4326), 150, 60)`.execute(env.ctx.db);
  disp = await login(env.app, 'dispatcher');
});
after(async () => env?.close());

describe('dispatch by road travel time', () => {
  let inc: Incident;
  let rec: Recommendation;

  test('incidents get their 1/3/5-minute target on intake: key place 1, town area 3, elsewhere 5 minutes', async () => {
    const atSchool = (await disp.post('/api/incidents', newIncident({ lon: 120.0312, lat: 32.0051 }))).json() as Incident;
    assert.equal(atSchool.response.targetSeconds, 60);
    assert.equal(atSchool.response.keyPlace?.name, '东小学');
    const town = (await disp.post('/api/incidents', newIncident({ lon: 120.012, lat: 32.012 }))).json() as Incident;
    assert.equal(town.response.targetSeconds, 180);
    assert.equal(town.response.keyPlace, null);
    const other = (await disp.post('/api/incidents', newIncident({ lon: 120.025, lat: 32.012 }))).json() as Incident;
    assert.equal(other.response.targetSeconds, 300);
    for (const i of [atSchool, town, other]) {
      await disp.post(`/api/incidents/${i.id}/transition`, { action: 'cancel', version: i.version, reason: 'entry_error' });
    }
  });

  test('the unit that arrives first is ranked first, not the one nearest on the map', async () => {
    const t = env.clock.now().getTime() + 1000;
    // W01 is across the river (1.2 km as the crow flies, 2.6 km by road); W02 is 1.4 km along the north road
    await moveUnit('W01', 120.008, 32.0049, t);
    await moveUnit('W02', 120.027, 32.015, t);
    await moveUnit('E01', 120.037, 32.005, t);
    inc = (await disp.post('/api/incidents', newIncident({ category: 'dispute', priority: 2, lon: 120.012, lat: 32.0152 }))).json() as Incident;
    assert.equal(inc.response.targetSeconds, 180);
    const r = await disp.get(`/api/incidents/${inc.id}/recommendation`);
    assert.equal(r.statusCode, 200, r.body);
    rec = r.json() as Recommendation;
    const eligible = rec.ranked.filter((u) => !u.excluded);
    assert.deepEqual(eligible.map((u) => u.callsign), ['W02', 'W01', 'E01']);
    const [w02, w01] = eligible;
    // 0.015 deg of longitude at 32 N is 1,415 m: 141.5 s at 10 m/s
    assert.ok(Math.abs(w02!.etaSeconds! - 141.5) < 2, `W02 ETA ${w02!.etaSeconds}`);
    assert.equal(w02!.tier, 3);
    assert.ok(w02!.withinTarget);
    assert.ok(w02!.reasons.includes('fastest'));
    // W01: 566 m west + 1,112 m over the link + 944 m east = 262 s: beyond the 3-minute target
    assert.ok(Math.abs(w01!.etaSeconds! - 262) < 3, `W01 ETA ${w01!.etaSeconds}`);
    assert.equal(w01!.withinTarget, false);
    assert.deepEqual(rec.proposal, [world.unit.W02]);
    assert.equal(rec.echelonCalled, 1);
    const route = rec.routes.find((x) => x.unitId === world.unit.W02)!;
    assert.ok(route, 'the proposed unit has a route');
    assert.equal(route.seconds, Math.round(w02!.etaSeconds!));
    assert.deepEqual(route.coordinates[0], [120.027, 32.015]);
    assert.ok(Math.abs(route.meters - 1415) < 10, `route ${route.meters} m`);
  });

  test('a stale position is excluded with its reason; a dispatcher can call echelon 2', async () => {
    env.clock.advance(30_000);
    await sql`update units set echelon = 2 where id = ${world.unit.E01!}`.execute(env.ctx.db);
    // W01 reported long ago
    await sql`update units set position_at = ${new Date(env.clock.now().getTime() - 3600_000).toISOString()} where id = ${world.unit.W01!}`.execute(env.ctx.db);
    const r = (await disp.get(`/api/incidents/${inc.id}/recommendation`)).json() as Recommendation;
    const w01 = r.ranked.find((u) => u.callsign === 'W01')!;
    assert.ok(w01.excluded && w01.reasons.includes('position_stale'));
    assert.equal(w01.etaSeconds, null);
    const e01 = r.ranked.find((u) => u.callsign === 'E01')!;
    assert.ok(e01.reasons.includes('echelon_not_called'));
    const called = (await disp.get(`/api/incidents/${inc.id}/recommendation?echelon=2`)).json() as Recommendation;
    assert.equal(called.echelonCalled, 2);
    assert.deepEqual(called.escalation, [{ echelon: 2, why: 'dispatcher' }]);
    assert.equal(called.ranked.find((u) => u.callsign === 'E01')!.excluded, false);
    const bad = await disp.get(`/api/incidents/${inc.id}/recommendation?echelon=4`);
    assert.equal(bad.statusCode, 400);
    const officer = await login(env.app, 'officer1');
    assert.equal((await officer.get(`/api/incidents/${inc.id}/recommendation`)).statusCode, 403);
    const lead2 = await login(env.app, 'lead2');
    assert.equal((await lead2.get(`/api/incidents/${inc.id}/recommendation`)).json().code, 'INCIDENT_NOT_FOUND');
  });

  test('dispatch records the ETA promised; a position at the scene is the arrival', async () => {
    const d = await disp.post(`/api/incidents/${inc.id}/dispatch`, { unitId: world.unit.W02, version: inc.version });
    assert.equal(d.statusCode, 200, d.body);
    inc = d.json() as Incident;
    const eta = inc.response.etaSeconds!;
    assert.ok(Math.abs(eta - 141.5) < 2, `promised ${eta}`);
    assert.equal(inc.assignments[0]!.etaSeconds! > 0, true);
    assert.equal(inc.response.callToDispatchS, 30);
    // 100 m short of the scene: not there yet
    const t = env.clock.now().getTime();
    assert.equal((await moveUnit('W02', 120.0131, 32.015, t + 40_000)).arrivals, 0);
    // 20 m away: arrived, at the time of that fix
    env.clock.advance(70_000);
    const r = await moveUnit('W02', 120.0122, 32.0151, t + 60_000);
    assert.equal(r.arrivals, 1);
    const after = (await disp.get(`/api/incidents/${inc.id}`)).json() as Incident & { events: { type: string; actor: string }[] };
    assert.equal(after.status, 'on_scene');
    assert.equal(after.onSceneAt, new Date(t + 60_000).toISOString());
    assert.equal(after.assignments[0]!.arrivalSource, 'position');
    assert.equal(after.response.dispatchToArrivalS, 60);
    assert.equal(after.response.totalS, 90);
    assert.equal(after.response.met, true);
    assert.ok(after.events.some((e) => e.type === 'arrive' && e.actor === '到达自动识别'));
    const unit = (await disp.get(`/api/units/${world.unit.W02}`)).json() as { status: string };
    assert.equal(unit.status, 'on_scene');
    // the same fix again changes nothing
    const again = await moveUnit('W02', 120.0122, 32.0151, t + 60_000);
    assert.deepEqual([again.accepted, again.duplicates, again.arrivals], [0, 1, 0]);
    inc = after;
  });

  test('compliance per area and day counts what happened, against the target', async () => {
    const from = new Date(env.clock.now().getTime() - 86400_000).toISOString();
    const r = await disp.get(`/api/stats/response?level=community&from=${encodeURIComponent(from)}&by=day`);
    assert.equal(r.statusCode, 200, r.body);
    const rows = (r.json() as { rows: { areaName: string; incidents: number; dispatched: number; arrived: number; met: number; complianceRate: number; medianDispatchToArrivalS: number; medianCallToDispatchS: number; within1: number; within3: number; day: string }[] }).rows;
    const c12 = rows.find((x) => x.areaName === 'C12社区')!;
    // the cancelled town incident is left out
    assert.deepEqual(
      [c12.incidents, c12.dispatched, c12.arrived, c12.met, c12.complianceRate, c12.medianDispatchToArrivalS, c12.medianCallToDispatchS, c12.within1, c12.within3],
      [1, 1, 1, 1, 1, 60, 30, 1, 1],
    );
    assert.match(c12.day, /^\d{4}-\d{2}-\d{2}$/);
    const bad = await disp.get('/api/stats/response?level=planet');
    assert.equal(bad.statusCode, 400);
    const backwards = await disp.get(`/api/stats/response?from=${encodeURIComponent(env.clock.now().toISOString())}&to=${encodeURIComponent(from)}`);
    assert.equal(backwards.json().details[0].field, '/from');
  });

  test('reinforcement requests: requested -> accepted -> fulfilled, with versions and scope', async () => {
    const officer = await login(env.app, 'officer1');
    const before = await snapshot(env.ctx);
    const invalid = await officer.post(`/api/incidents/${inc.id}/reinforcements`, { echelon: 2, unitsNeeded: 0, reason: '' });
    assert.equal(invalid.statusCode, 400);
    assert.deepEqual(await snapshot(env.ctx), before);
    const c = await officer.post(`/api/incidents/${inc.id}/reinforcements`, { echelon: 2, unitsNeeded: 2, unitTypes: ['patrol_car'], reason: '现场人员情绪激动' });
    assert.equal(c.statusCode, 201, c.body);
    const req = c.json() as Reinforcement;
    assert.equal(req.status, 'requested');
    const lead2 = await login(env.app, 'lead2');
    assert.equal((await lead2.get('/api/reinforcements')).json().length, 0, 'another station does not see it');
    assert.equal((await officer.post(`/api/reinforcements/${req.id}/action`, { action: 'accept', version: 1 })).statusCode, 403);
    const a = await disp.post(`/api/reinforcements/${req.id}/action`, { action: 'accept', version: 1 });
    assert.equal((a.json() as Reinforcement).status, 'accepted');
    const stale = await disp.post(`/api/reinforcements/${req.id}/action`, { action: 'fulfil', version: 1 });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'STALE_VERSION');
    const twice = await disp.post(`/api/reinforcements/${req.id}/action`, { action: 'accept', version: 2 });
    assert.equal(twice.json().code, 'INVALID_TRANSITION');
    const f = await disp.post(`/api/reinforcements/${req.id}/action`, { action: 'fulfil', version: 2, note: '已派E01' });
    assert.equal((f.json() as Reinforcement).status, 'fulfilled');
    assert.equal((await disp.get('/api/reinforcements')).json().length, 0);
    assert.equal((await disp.get('/api/reinforcements?status=fulfilled')).json().length, 1);
    const detail = (await disp.get(`/api/incidents/${inc.id}`)).json() as { events: { type: string }[] };
    assert.deepEqual(
      detail.events.filter((e) => e.type.startsWith('reinforcement')).map((e) => e.type),
      ['reinforcement_requested', 'reinforcement_accepted', 'reinforcement_fulfilled'],
    );
    // the requester may withdraw their own request
    const own = (await officer.post(`/api/incidents/${inc.id}/reinforcements`, { echelon: 3, unitsNeeded: 1, reason: '再要一组' })).json() as Reinforcement;
    assert.equal((await officer.post(`/api/reinforcements/${own.id}/action`, { action: 'cancel', version: 1 })).json().status, 'cancelled');
  });

  test('open reinforcement requests lapse when their incident is cancelled, and a finished incident takes none', async () => {
    const officer = await login(env.app, 'officer1');
    const x = (await disp.post('/api/incidents', newIncident({ lon: 120.012, lat: 32.012 }))).json() as Incident;
    const r1 = (await officer.post(`/api/incidents/${x.id}/reinforcements`, { echelon: 2, unitsNeeded: 1, reason: '第一组' })).json() as Reinforcement;
    const r2 = (await officer.post(`/api/incidents/${x.id}/reinforcements`, { echelon: 3, unitsNeeded: 2, reason: '第二组' })).json() as Reinforcement;
    assert.equal((await disp.post(`/api/reinforcements/${r2.id}/action`, { action: 'accept', version: 1 })).statusCode, 200);
    const done = (await disp.post(`/api/reinforcements/${r1.id}/action`, { action: 'fulfil', version: 1 })).json() as Reinforcement;
    assert.equal(done.status, 'fulfilled');
    const r3 = (await officer.post(`/api/incidents/${x.id}/reinforcements`, { echelon: 1, unitsNeeded: 1, reason: '第三组' })).json() as Reinforcement;
    assert.equal((await disp.get(`/api/reinforcements?incidentId=${x.id}`)).json().length, 2);

    const c = await disp.post(`/api/incidents/${x.id}/transition`, { action: 'cancel', version: x.version, reason: 'duplicate' });
    assert.equal(c.statusCode, 200, c.body);
    assert.equal((await disp.get(`/api/reinforcements?incidentId=${x.id}`)).json().length, 0, 'nothing open is left');
    const all = (await disp.get(`/api/reinforcements?incidentId=${x.id}&status=cancelled`)).json() as Reinforcement[];
    assert.deepEqual(all.map((r) => r.id).sort(), [r2.id, r3.id].sort());
    for (const r of all) assert.ok(r.cancelledAt && r.version === (r.id === r2.id ? 3 : 2), JSON.stringify(r));
    assert.equal((await disp.get(`/api/reinforcements?incidentId=${x.id}&status=fulfilled`)).json()[0].id, r1.id, 'a fulfilled request stays fulfilled');
    const detail = (await disp.get(`/api/incidents/${x.id}`)).json() as { events: { type: string; data: { requestId?: number } }[] };
    assert.deepEqual(
      detail.events.filter((e) => e.type === 'reinforcement_lapsed').map((e) => e.data.requestId).sort(),
      [r2.id, r3.id].sort(),
    );
    const late = await officer.post(`/api/incidents/${x.id}/reinforcements`, { echelon: 2, unitsNeeded: 1, reason: '太晚了' });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'INVALID_TRANSITION');
  });
});

describe('reach areas and coverage', () => {
  test('the 1-minute reach of a point on the north road is 600 m each way along it', async () => {
    const r = await disp.get('/api/roads/reach?lon=120.02&lat=32.015&budgets=60,180');
    assert.equal(r.statusCode, 200, r.body);
    const fc = r.json() as { features: { properties: { seconds: number; kind: string; meters?: number } }[] };
    const roads60 = fc.features.find((f) => f.properties.kind === 'roads' && f.properties.seconds === 60)!;
    assert.ok(Math.abs(roads60.properties.meters! - 1200) < 5, `${roads60.properties.meters} m`);
    assert.ok(fc.features.some((f) => f.properties.kind === 'area'));
    const byUnit = await disp.get(`/api/roads/reach?unitId=${world.unit.W02}`);
    assert.equal(byUnit.statusCode, 200);
    for (const [q, field] of [
      ['budgets=300,60&lon=120.02&lat=32.015', '/budgets'],
      ['lat=32.015', '/lon'],
    ] as const) {
      const b = await disp.get(`/api/roads/reach?${q}`);
      assert.equal(b.statusCode, 400, q);
      assert.equal(b.json().details[0].field, field);
    }
    const far = await disp.get('/api/roads/reach?lon=121&lat=33');
    assert.equal(far.json().code, 'OFF_ROAD');
  });

  test('coverage: roads reached within 3 and 5 minutes by available units, the rest are gaps', async () => {
    const r = await disp.get('/api/roads/coverage?budgets=180,300');
    assert.equal(r.statusCode, 200, r.body);
    const fc = r.json() as { properties: { units: number; metersWithin: number[]; metersBeyond: number; shareWithin: number[] }; features: { properties: { kind: string } }[] };
    // W02 is on scene, W01 stale: only E01 (east link) is available and fresh
    assert.equal(fc.properties.units, 1);
    const [m3, m5] = fc.properties.metersWithin;
    assert.ok(m3! > 0 && m5! >= m3! && fc.properties.metersBeyond > 0);
    const total = m5! + fc.properties.metersBeyond;
    // the network: 2 x 3,397 m + 2 x 1,112 m
    assert.ok(Math.abs(total - 9018) < 20, `${total} m`);
    assert.equal(fc.features.filter((f) => f.properties.kind === 'gap').length, 1);
  });
});

describe('AVL: Traccar forwarding and positions over the WebSocket', () => {
  const forward = (body: unknown, token = TOKEN) =>
    env.app.inject({ method: 'POST', url: '/api/avl/traccar', headers: { authorization: `Bearer ${token}` }, payload: body as object });
  const fix = (uniqueId: string, at: string | number, extra: Record<string, unknown> = {}) => ({
    position: { id: 1, deviceId: 7, protocol: 'gt06', fixTime: at, latitude: 32.0051, longitude: 120.03, speed: 10, course: 90, valid: true, attributes: { sat: 9 }, ...extra },
    device: { id: 7, name: 'E01车载', uniqueId, status: 'online' },
  });

  test('a device id bound to a unit feeds its position; duplicates, invalid fixes and strangers are handled', async () => {
    const admin = await login(env.app, 'admin');
    const bind = (unitId: number, deviceId: string | null, who = admin) =>
      env.app.inject({ method: 'PUT', url: `/api/units/${unitId}/device`, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload: { deviceId } });
    assert.equal((await forward(fix('868120000000001', '2026-03-01T08:00:00Z'))).json().code, 'DEVICE_NOT_FOUND');
    assert.equal((await bind(world.unit.E01!, '868120000000001')).statusCode, 200);
    assert.equal((await bind(world.unit.W01!, '868120000000001')).json().code, 'DUPLICATE_DEVICE');
    assert.equal((await bind(world.unit.W01!, 'bad id!')).statusCode, 400);
    assert.equal((await bind(world.unit.W01!, 'x', disp)).statusCode, 403);
    const at = new Date(env.clock.now().getTime() + 1000).toISOString();
    const ok = await forward(fix('868120000000001', at));
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().accepted, 1);
    const unit = (await disp.get(`/api/units/${world.unit.E01}`)).json() as { lon: number; positionAt: string; deviceId: string };
    assert.equal(unit.lon, 120.03);
    assert.equal(unit.positionAt, at);
    assert.equal(unit.deviceId, '868120000000001');
    const track = await sql<{ speed_kmh: number }>`select speed_kmh from unit_positions where unit_id = ${world.unit.E01!} and at = ${at}`.execute(env.ctx.db);
    assert.equal(track.rows[0]!.speed_kmh, 18.5, 'knots become km/h');
    assert.equal((await forward(fix('868120000000001', at))).json().duplicates, 1);
    // epoch milliseconds, as some Traccar versions send
    assert.equal((await forward(fix('868120000000001', Date.parse(at) + 5000))).json().accepted, 1);
    assert.equal((await forward(fix('868120000000001', Date.parse(at) + 9000, { valid: false }))).json().ignored, 1);
    assert.equal((await forward(fix('868120000000001', at), 'wrong-token')).statusCode, 401);
    assert.equal((await forward({ position: { latitude: 'x' }, device: {} })).statusCode, 400);
  });

  test('a gateway streams positions over the WebSocket and gets each batch acknowledged', async () => {
    await env.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (env.app.server.address() as { port: number }).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const got: ServerMessage[] = [];
    ws.on('message', (m) => got.push(JSON.parse(String(m)) as ServerMessage));
    await new Promise((r) => ws.on('open', r));
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 30));
      assert.ok(pred(), JSON.stringify(got));
    };
    const t = env.clock.now().getTime() + 20_000;
    const batch = [0, 1, 2].map((k) => ({ unitId: world.unit.E01!, lon: 120.03 - k * 0.001, lat: 32.005, at: new Date(t + k * 1000).toISOString() }));
    ws.send(JSON.stringify({ type: 'positions', id: 'b1', positions: batch }));
    // batches of one socket are stored concurrently: wait for the first before sending an overlapping one
    await until(() => got.some((m) => m.type === 'positions_ack'));
    ws.send(JSON.stringify({ type: 'positions', id: 'b2', positions: [batch[2], batch[0]] }));
    ws.send(JSON.stringify({ type: 'positions', id: 'b3', positions: [{ unitId: world.unit.E01, lon: 500, lat: 32, at: batch[0]!.at }] }));
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['units'] }));
    await until(() => got.filter((m) => m.type === 'positions_ack' || m.type === 'error').length >= 4);
    const ack = (id: string) => got.find((m) => 'id' in m && m.id === id);
    assert.deepEqual(ack('b1'), { type: 'positions_ack', id: 'b1', accepted: 3, duplicates: 0, outOfOrder: 0, arrivals: 0 });
    assert.deepEqual(ack('b2'), { type: 'positions_ack', id: 'b2', accepted: 0, duplicates: 2, outOfOrder: 1, arrivals: 0 });
    const e = ack('b3') as { type: string; code: string; details: { field: string }[] };
    assert.equal(e.code, 'VALIDATION_FAILED');
    assert.equal(e.details[0]!.field, '/positions/0/lon');
    assert.ok(got.some((m) => m.type === 'error' && !('id' in m && m.id)), 'a gateway cannot subscribe');
    ws.close();
  });
});

describe('importing a road network from OpenStreetMap', () => {
  const XML = `<?xml version="1.0"?><osm version="0.6">
    <node id="1" lat="32.0150" lon="120.0020"/><node id="2" lat="32.0150" lon="120.0100"/><node id="3" lat="32.0100" lon="120.0100"/>
    <node id="4" lat="32.0050" lon="120.0100"/><node id="5" lat="32.0050" lon="120.0200"/>
    <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="name" v="人民路"/><tag k="maxspeed" v="50"/></way>
    <way id="11"><nd ref="2"/><nd ref="3"/><nd ref="99"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
    <way id="12"><nd ref="4"/><nd ref="5"/><tag k="highway" v="footway"/></way>
    <way id="13"><nd ref="1"/><nd ref="5"/><tag k="building" v="yes"/></way>
  </osm>`;

  test('ways any profile can use are stored with their tags; each profile builds its own graph', async () => {
    const rows = osmRoadRows(parseOsm(new TextEncoder().encode(XML)));
    assert.equal(rows.ways, 3, 'the building is not a road');
    assert.equal(rows.missingNodes, 1);
    // way 11 is cut at the missing node 99: its piece [2, 3] stays, the single node [4] is dropped
    assert.equal(rows.rows.length, 3);
    assert.deepEqual(rows.rows.find((r) => r.osmId === 11)!.coords, [[120.01, 32.015], [120.01, 32.01]]);
    const before = await snapshot(env.ctx);
    const r = await importRoads(env.ctx, SYSTEM_ACTOR, new TextEncoder().encode(XML), { replace: true });
    assert.deepEqual([r.ways, r.roads, r.replaced], [3, 3, 4]);
    void before;
    const net = await env.ctx.roads.get();
    // car: the primary both ways and the one-way residential; e-bike the same; foot everything, both ways
    assert.equal(net.profiles.car!.graph.edgeCount, 3);
    assert.equal(net.profiles.ebike!.graph.edgeCount, 3);
    assert.equal(net.profiles.foot!.graph.edgeCount, 6);
    // maxspeed 50 on the primary: 755 m at 50 km/h
    const reach = (await disp.get('/api/roads/reach?lon=120.002&lat=32.015&budgets=30')).json() as { features: { properties: { kind: string; meters: number } }[] };
    const m = reach.features.find((f) => f.properties.kind === 'roads')!.properties.meters;
    assert.ok(Math.abs(m - (50 / 3.6) * 30) < 3, `${m} m in 30 s`);
  });
});
