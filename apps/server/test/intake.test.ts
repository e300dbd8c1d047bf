// The dispatcher's intake and the shift handover (issue 14, parts 1 and 3): address search from each source (areas,
// key places, roads, past call addresses), history of a number and of a place (counts recomputed from the records),
// possible duplicates by place and by caller, linking a repeated call, the point/address warning, and the handover
// log (written with the open calls, acknowledged once by the next shift, versioned, 404 outside the area).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Handover, HandoverList, Incident, IncidentDetail, IntakeCheck, PlaceHits } from '@jingwang/contracts';
import { rankPlaces } from '../src/modules/incidents/intake';
import { buildWorld, createTestEnv, login, newIncident, snapshot, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let disp: Agent;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
    values (1, '白米路', 'street', 36, 18, 5, false, st_setsrid(st_geomfromgeojson(${JSON.stringify({ type: 'LineString', coordinates: [[120.0, 32.003], [120.018, 32.003]] })}), 4326)),
           (2, '天目山路', 'street', 36, 18, 5, false, st_setsrid(st_geomfromgeojson(${JSON.stringify({ type: 'LineString', coordinates: [[120.022, 32.015], [120.039, 32.015]] })}), 4326))`.execute(env.ctx.db);
  await sql`insert into key_places (code, name, kind, geom, radius_m, target_s)
    values ('KP1', '白米小学', 'school', st_setsrid(st_point(120.005, 32.005), 4326), 150, 60)`.execute(env.ctx.db);
  disp = await login(env.app, 'dispatcher');
});
after(async () => env?.close());

const create = async (over: Record<string, unknown> = {}, agent = disp) => {
  const r = await agent.post('/api/incidents', newIncident(over));
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as Incident;
};
const places = async (q: string, agent = disp) => {
  const r = await agent.get(`/api/intake/places?q=${encodeURIComponent(q)}`);
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as PlaceHits).items;
};
const check = async (qs: Record<string, string | number>, agent = disp) => {
  const r = await agent.get(`/api/intake/check?${new URLSearchParams(Object.entries(qs).map(([k, v]): [string, string] => [k, String(v)]))}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as IntakeCheck;
};
const end = async (inc: Incident) => {
  const r = await disp.post(`/api/incidents/${inc.id}/transition`, { version: inc.version, action: 'cancel', reason: 'duplicate' });
  assert.equal(r.statusCode, 200, r.body);
};

describe(`intake (${process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  test('address search: a hit from each source, ranked exact > prefix > contains, past addresses in scope only', async () => {
    await create({ address: '白米路12号', lon: 120.006, lat: 32.0031, callerPhone: '13700000009' });
    const hits = await places('白米');
    const bySource = (s: string) => hits.filter((h) => h.source === s).map((h) => h.name);
    assert.deepEqual(bySource('key_place'), ['白米小学']);
    assert.deepEqual(bySource('road'), ['白米路']);
    assert.deepEqual(bySource('incident'), ['白米路12号']);
    assert.equal(hits.find((h) => h.source === 'incident')!.detail, '1', 'how many past calls at the address');
    const road = hits.find((h) => h.source === 'road')!;
    assert.ok(Math.abs(road.lat - 32.003) < 1e-6 && road.lon > 120.0 && road.lon < 120.018, 'a point on the road');
    // areas by name, the exact name first; a prefix before a contains
    const area = await places('西所');
    assert.equal(area[0]!.source, 'area');
    assert.equal(area[0]!.id, world.area.S1);
    assert.equal(area[0]!.match, 0);
    const c11 = await places('C11');
    assert.ok(c11.length >= 3 && c11.every((h) => h.source === 'area'));
    assert.equal(c11[0]!.name, 'C11社区', 'prefix, shortest first');
    // a station lead of S2 does not find S1's past call addresses
    const lead2 = await login(env.app, 'lead2');
    assert.equal((await places('白米路12号', lead2)).filter((h) => h.source === 'incident').length, 0);
    // bad input: 4xx naming the field
    let r = await disp.get('/api/intake/places?q=%20%20');
    assert.equal(r.statusCode, 400);
    assert.ok(r.body.includes('/q'));
    r = await disp.get(`/api/intake/places?q=${'长'.repeat(65)}`);
    assert.equal(r.statusCode, 400);
    // ranking as a pure function: one per source and name
    const ranked = rankPlaces(
      [
        { source: 'incident', id: 9, name: '白米', detail: '', lon: 0, lat: 0, match: 0 },
        { source: 'road', id: 3, name: '白米路', detail: '', lon: 0, lat: 0, match: 1 },
        { source: 'key_place', id: 1, name: '白米', detail: '', lon: 0, lat: 0, match: 0 },
        { source: 'road', id: 4, name: '白米路', detail: '', lon: 0, lat: 0, match: 1 },
        { source: 'gazetteer', id: 7, name: '小白米', detail: '', lon: 0, lat: 0, match: 2 },
      ],
      10,
    );
    assert.deepEqual(ranked.map((h) => `${h.source}:${h.id}`), ['key_place:1', 'incident:9', 'road:3', 'gazetteer:7']);
  });

  test('history of a number and of a place over 90 days: counts recomputed from the records, the open ones listed', async () => {
    const phone = '139 0000 0001';
    const a = await create({ callerPhone: phone, priority: 1, category: 'fight', lon: 120.011, lat: 32.011, address: '历史A' });
    const b = await create({ callerPhone: '13900000001', priority: 2, lon: 120.0112, lat: 32.0112, address: '历史B' });
    const c = await create({ callerPhone: '13900000001', priority: 3, lon: 120.03, lat: 32.015, address: '历史C' });
    await end(c);
    const old = await create({ callerPhone: '13900000001', lon: 120.011, lat: 32.011, address: '历史旧' });
    await sql`update incidents set reported_at = reported_at - interval '100 days' where id = ${old.id}`.execute(env.ctx.db);
    const h = await check({ phone: '13900000001', lon: 120.011, lat: 32.011 });
    const since = new Date(env.clock.now().getTime() - 90 * 86400_000).toISOString();
    const [hashRow] = (await sql<{ h: string }>`select caller_phone_hash h from incidents where id = ${a.id}`.execute(env.ctx.db)).rows;
    const byPhone = (await sql<{ priority: number; n: number }>`select priority, count(*)::int n from incidents
      where caller_phone_hash = ${hashRow!.h} and reported_at >= ${since}::timestamptz group by priority`.execute(env.ctx.db)).rows;
    assert.equal(h.phone!.count, byPhone.reduce((s, r) => s + r.n, 0));
    assert.equal(h.phone!.count, 3, 'the call of 100 days ago is not counted');
    for (const p of [1, 2, 3] as const) assert.equal(h.phone!.byPriority[p], byPhone.find((r) => r.priority === p)?.n ?? 0);
    assert.deepEqual(h.phone!.open.map((x) => x.id).sort(), [a.id, b.id].sort());
    assert.equal(h.phone!.byCategory.fight, 1);
    const near = (await sql<{ n: number }>`select count(*)::int n from incidents
      where st_dwithin(geom::geography, st_setsrid(st_point(120.011, 32.011), 4326)::geography, 100) and reported_at >= ${since}::timestamptz`.execute(env.ctx.db)).rows[0]!.n;
    assert.equal(h.place!.count, near);
    assert.equal(h.place!.count, 2);
    assert.equal(h.rules.historyDays, 90);
    // the phone written differently is the same number; one coordinate without the other is refused
    assert.equal((await check({ phone: '139-0000-0001' })).phone!.count, 3);
    const r = await disp.get('/api/intake/check?lon=120.01');
    assert.equal(r.statusCode, 400);
    assert.ok(r.body.includes('/lat'));
  });

  test('possible duplicates: the same place within the radius or the same caller within the window, open or just ended', async () => {
    env.clock.advance(3 * 3600_000); // the calls of the tests above are out of the window
    const open = await create({ lon: 120.025, lat: 32.005, callerPhone: '13811112222', address: '东区1号' });
    const justEnded = await create({ lon: 120.0255, lat: 32.0065, callerPhone: '13833334444', address: '东区2号' });
    await end(justEnded);
    const endedLong = await create({ lon: 120.0252, lat: 32.0052, callerPhone: '13855556666', address: '东区3号' });
    await end(endedLong);
    env.clock.advance(40 * 60_000); // endedLong and justEnded ended 40 min ago: too long
    const justEnded2 = await create({ lon: 120.0248, lat: 32.0048, callerPhone: '13877778888', address: '东区4号' });
    await end(justEnded2);
    env.clock.advance(10 * 60_000);
    // a new call 200 m east of `open`, from another number
    let c = await check({ lon: 120.027, lat: 32.005, phone: '13199990000' });
    const ids = c.duplicates.map((d) => d.incident.id);
    assert.ok(ids.includes(open.id) && ids.includes(justEnded2.id), JSON.stringify(c.duplicates));
    assert.ok(!ids.includes(endedLong.id) && !ids.includes(justEnded.id), 'ended more than 30 min ago');
    const d = c.duplicates.find((x) => x.incident.id === open.id)!;
    assert.deepEqual(d.reasons, ['place']);
    assert.ok(d.distanceM! > 150 && d.distanceM! < 250, `${d.distanceM}`);
    assert.equal(d.ended, false);
    assert.equal(c.duplicates.find((x) => x.incident.id === justEnded2.id)!.ended, true);
    // the same caller from far away
    c = await check({ lon: 120.005, lat: 32.018, phone: '13811112222' });
    assert.deepEqual(c.duplicates.map((x) => [x.incident.id, x.reasons]), [[open.id, ['caller']]]);
    // far away, another number: none
    assert.equal((await check({ lon: 120.005, lat: 32.018, phone: '13100000000' })).duplicates.length, 0);
    // the window: 2 hours later the open call is no longer offered
    env.clock.advance(2 * 3600_000);
    assert.equal((await check({ lon: 120.027, lat: 32.005 })).duplicates.length, 0);
  });

  test('linking a repeated call: 重复报警 +1 on the timeline, versioned, no new incident, no dispatch; 404 outside scope', async () => {
    const inc = await create({ lon: 120.013, lat: 32.013, callerPhone: '13600000001', address: '链接路1号' });
    const before = await snapshot(env.ctx);
    let r = await disp.post(`/api/incidents/${inc.id}/duplicate-calls`, { source: 'call_110', callerPhone: '13600000002', callerName: '李四', description: '又有人报警：还在吵', lon: 120.0131, lat: 32.0131 });
    assert.equal(r.statusCode, 200, r.body);
    let up = r.json() as Incident;
    assert.equal(up.version, inc.version + 1);
    assert.equal(up.status, 'new', 'no dispatch');
    r = await disp.post(`/api/incidents/${inc.id}/duplicate-calls`, { source: 'call_110' });
    up = r.json() as Incident;
    assert.equal(up.version, inc.version + 2);
    const after = await snapshot(env.ctx);
    assert.equal(after.incidents, before.incidents, 'no new incident');
    assert.equal(after.incident_units, before.incident_units);
    assert.equal(after.incident_events, (before.incident_events ?? 0) + 2);
    const d = (await disp.get(`/api/incidents/${inc.id}`)).json() as IncidentDetail;
    const dups = d.events.filter((e) => e.type === 'duplicate_call');
    assert.deepEqual(dups.map((e) => (e.data as { count: number }).count), [1, 2]);
    assert.equal((dups[0]!.data as { callerPhone: string }).callerPhone, '136****0002', 'masked, never clear');
    assert.equal(dups[0]!.note, '又有人报警：还在吵');
    const c = await check({ lon: 120.013, lat: 32.013 });
    assert.equal(c.duplicates.find((x) => x.incident.id === inc.id)!.duplicates, 2);
    // outside scope: 404 with the incident's code; a call ended long ago: 409; bad input: 400
    const lead2 = await login(env.app, 'lead2');
    r = await lead2.post(`/api/incidents/${inc.id}/duplicate-calls`, { source: 'call_110' });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'INCIDENT_NOT_FOUND');
    r = await disp.post(`/api/incidents/${inc.id}/duplicate-calls`, { source: 'call_110', lon: 120.01 });
    assert.equal(r.statusCode, 400);
    await end(up);
    env.clock.advance(31 * 60_000);
    r = await disp.post(`/api/incidents/${inc.id}/duplicate-calls`, { source: 'call_110' });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'DUPLICATE_CLOSED');
  });

  test('the point against the address hit: another station or too far is a warning, near is none', async () => {
    const kp = (await places('白米小学')).find((h) => h.source === 'key_place')!;
    // typed 白米小学 (in S1), clicked in S2 two kilometres east
    let c = await check({ lon: 120.03, lat: 32.005, hitSource: 'key_place', hitId: kp.id });
    assert.deepEqual(c.mismatch!.reasons, ['station', 'distance']);
    assert.equal(c.mismatch!.pointStation, '东所');
    assert.equal(c.mismatch!.placeStation, '西所');
    assert.ok(c.mismatch!.distanceM > 2000);
    c = await check({ lon: 120.0055, lat: 32.0052, hitSource: 'key_place', hitId: kp.id });
    assert.equal(c.mismatch, null);
    // an area: outside it is a warning
    c = await check({ lon: 120.035, lat: 32.005, hitSource: 'area', hitId: world.area.C11! });
    assert.ok(c.mismatch!.reasons.includes('distance') && c.mismatch!.reasons.includes('station'));
    assert.equal((await check({ lon: 120.005, lat: 32.005, hitSource: 'area', hitId: world.area.C11! })).mismatch, null);
    // a road: within 500 m is fine
    assert.equal((await check({ lon: 120.01, lat: 32.006, hitSource: 'road', hitId: 1 })).mismatch, null);
    assert.deepEqual((await check({ lon: 120.01, lat: 32.019, hitSource: 'road', hitId: 2 })).mismatch!.reasons, ['station', 'distance']);
    const r = await disp.get(`/api/intake/check?lon=120.01&lat=32.01&hitSource=road`);
    assert.equal(r.statusCode, 400);
    assert.ok(r.body.includes('/hitId'));
  });

  test('shift handover: written with the open calls, acknowledged once by the next shift, versioned, listed by day, 404 outside', async () => {
    const before = (await (await disp.get('/api/handovers')).json()) as HandoverList;
    let r = await disp.post('/api/handovers', { shift: 'day', notes: '  白米路纠纷待回访；东所警力不足  ' });
    assert.equal(r.statusCode, 201, r.body);
    const h = r.json() as Handover;
    assert.equal(h.status, 'written');
    assert.equal(h.notes, '白米路纠纷待回访；东所警力不足');
    assert.equal(h.area.id, world.area.D);
    const open = (await sql<{ n: number }>`select count(*)::int n from incidents
      where status in ('new','dispatched','en_route','on_scene') and area_ids && ${[world.area.D!]}::int[]`.execute(env.ctx.db)).rows[0]!.n;
    assert.equal(h.open.total, open);
    assert.equal(h.open.items.length, open);
    assert.equal(h.open.byPriority[1] + h.open.byPriority[2] + h.open.byPriority[3], open);
    // the writer cannot acknowledge; a stale version is refused; the next shift acknowledges once
    r = await disp.post(`/api/handovers/${h.id}/acknowledge`, { version: 1 });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'HANDOVER_OWN');
    const next = await login(env.app, 'district');
    r = await next.post(`/api/handovers/${h.id}/acknowledge`, { version: 2 });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'STALE_VERSION');
    r = await next.post(`/api/handovers/${h.id}/acknowledge`, { version: 1, note: '已接班' });
    assert.equal(r.statusCode, 200, r.body);
    const acked = r.json() as Handover;
    assert.deepEqual([acked.status, acked.version, acked.acknowledgedBy, acked.ackNote], ['acknowledged', 2, 'district', '已接班']);
    r = await next.post(`/api/handovers/${h.id}/acknowledge`, { version: 2 });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'INVALID_TRANSITION');
    // by day
    const list = (await disp.get('/api/handovers')).json() as HandoverList;
    assert.equal(list.items.length, before.items.length + 1);
    assert.equal(((await disp.get('/api/handovers?day=2020-01-01')).json() as HandoverList).items.length, 0);
    assert.equal((await disp.get('/api/handovers?day=2020-13-45')).statusCode, 400);
    // outside the area: 404; a role that never hands over: 403; a blank handover of a quiet shift: 400
    const lead1 = await login(env.app, 'lead1');
    r = await lead1.get(`/api/handovers/${h.id}`);
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'HANDOVER_NOT_FOUND');
    assert.equal(((await lead1.get('/api/handovers')).json() as HandoverList).items.length, 0);
    const officer = await login(env.app, 'officer1');
    assert.equal((await officer.get('/api/handovers')).statusCode, 403);
    r = await lead1.post('/api/handovers', { shift: 'night', notes: ' ', areaId: world.area.S2 });
    assert.equal(r.statusCode, 404, 'another station is not lead1s');
  });
});
