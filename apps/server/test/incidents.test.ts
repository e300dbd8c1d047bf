import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OPEN_INCIDENT_STATUSES as OPEN_IN_CONTRACTS, type Incident, type IncidentDetail } from '@jingwang/contracts';
import { OPEN_INCIDENT_STATUSES, isOpen } from '@jingwang/core';
import { buildWorld, createTestEnv, login, newIncident, snapshot, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let disp: Agent;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  disp = await login(env.app, 'dispatcher');
});
after(() => env.close());

describe(`incidents (${process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  test('intake computes the grid, police grid, community, station, district and responsible officer in the database', async () => {
    const r = await disp.post('/api/incidents', newIncident());
    assert.equal(r.statusCode, 201, r.body);
    const inc = r.json() as Incident;
    assert.equal(inc.status, 'new');
    assert.equal(inc.version, 1);
    assert.match(inc.number, /^JQ20260615\d{6}$/);
    assert.equal(inc.areas.grid?.code, 'G111');
    assert.equal(inc.areas.community?.code, 'C11');
    assert.equal(inc.areas.respZone?.code, 'Z1');
    assert.equal(inc.areas.policeGrid?.code, 'PG1');
    assert.equal(inc.areas.station?.code, 'S1');
    assert.equal(inc.areas.district?.code, 'D');
    // post A is preferred over post B for the same community
    assert.equal(inc.officer?.id, world.person.P1);
    assert.equal(inc.callerPhone, '139****5678', 'phone is masked in the response');
    assert.equal(inc.callerName, '张*丰');
  });

  test('an incident keeps the areas it had when it happened (before the district existed)', async () => {
    const r = await disp.post('/api/incidents', newIncident({ reportedAt: '2026-06-10T00:00:00.000Z' }));
    assert.equal(r.statusCode, 201, r.body);
    const inc = r.json() as Incident;
    assert.equal(inc.areas.district?.code, 'D', 'the district exists since the recut');
    const admin = await login(env.app, 'admin');
    // an incident reported before the re-cut has no district and no police grid, but its zone and station
    const { sql } = await import('kysely');
    const row = await sql<{ id: number }>`insert into incidents (number, source, category, priority, geom, reported_at)
      values ('JQTEST000002', 'call_110', 'theft', 3, st_setsrid(st_point(120.005, 32.005), 4326), '2025-06-01T00:00:00Z') returning id`.execute(env.ctx.db);
    const d = (await admin.get(`/api/incidents/${row.rows[0]!.id}`)).json() as IncidentDetail;
    assert.equal(d.areas.district, null);
    assert.equal(d.areas.policeGrid, null);
    assert.equal(d.areas.respZone?.code, 'Z1');
    assert.equal(d.areas.station?.code, 'S1');
  });

  test('the whole life: dispatch, en route, arrive, resolve, close, with a timeline and units following', async () => {
    const inc = (await disp.post('/api/incidents', newIncident())).json() as Incident;
    let r = await disp.post(`/api/incidents/${inc.id}/dispatch`, { unitId: world.unit.W01, version: 1 });
    assert.equal(r.statusCode, 200, r.body);
    let cur = r.json() as Incident;
    assert.equal(cur.status, 'dispatched');
    assert.equal(cur.version, 2);
    assert.equal(cur.assignments.length, 1);
    assert.ok(cur.dispatchedAt);
    let unit = (await disp.get(`/api/units/${world.unit.W01}`)).json() as { status: string; incidentId: number };
    assert.equal(unit.status, 'dispatched');
    assert.equal(unit.incidentId, inc.id);

    for (const [action, status] of [
      ['en_route', 'en_route'],
      ['arrive', 'on_scene'],
      ['resolve', 'resolved'],
      ['close', 'closed'],
    ] as const) {
      env.clock.advance(60_000);
      r = await disp.post(`/api/incidents/${inc.id}/transition`, { action, version: cur.version, ...(action === 'resolve' ? { disposition: 'handled' } : {}) });
      assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
      cur = r.json() as Incident;
      assert.equal(cur.status, status);
    }
    assert.ok(cur.onSceneAt && cur.resolvedAt && cur.closedAt);
    assert.equal(Date.parse(cur.closedAt!) - Date.parse(cur.reportedAt), 4 * 60_000);
    unit = (await disp.get(`/api/units/${world.unit.W01}`)).json() as { status: string; incidentId: number };
    assert.equal(unit.status, 'available', 'the unit is released when the incident is resolved');
    assert.equal(unit.incidentId, null);
    const d = (await disp.get(`/api/incidents/${inc.id}`)).json() as IncidentDetail;
    assert.deepEqual(
      d.events.map((e) => e.type),
      ['created', 'dispatch', 'en_route', 'arrive', 'resolve', 'close'],
    );
    assert.ok(d.events.every((e) => e.actor === 'dispatcher'));
    assert.ok(d.assignments[0]!.arrivedAt && d.assignments[0]!.releasedAt);
  });

  test('a stale version gets 409 and nothing changes', async () => {
    const inc = (await disp.post('/api/incidents', newIncident())).json() as Incident;
    const ok = await disp.post(`/api/incidents/${inc.id}/transition`, { action: 'cancel', version: 1, reason: 'duplicate', note: '重复报警' });
    assert.equal(ok.statusCode, 200);
    const before = await snapshot(env.ctx);
    const r = await disp.post(`/api/incidents/${inc.id}/transition`, { action: 'cancel', version: 1 });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'STALE_VERSION');
    assert.deepEqual(await snapshot(env.ctx), before);
  });

  test('an action not allowed in the state gets 409 INVALID_TRANSITION naming the allowed ones', async () => {
    const inc = (await disp.post('/api/incidents', newIncident())).json() as Incident;
    const before = await snapshot(env.ctx);
    const r = await disp.post(`/api/incidents/${inc.id}/transition`, { action: 'close', version: 1 });
    assert.equal(r.statusCode, 409);
    const body = r.json();
    assert.equal(body.code, 'INVALID_TRANSITION');
    assert.deepEqual([...body.details.allowed].sort(), ['cancel', 'dispatch', 'resolve', 'transfer']);
    assert.deepEqual(await snapshot(env.ctx), before);
  });

  test('two dispatchers cannot commit the same unit: the second gets 409 and nothing changes', async () => {
    const a = (await disp.post('/api/incidents', newIncident())).json() as Incident;
    const b = (await disp.post('/api/incidents', newIncident({ lon: 120.006 }))).json() as Incident;
    const other = await login(env.app, 'lead1');
    const [r1, r2] = await Promise.all([
      disp.post(`/api/incidents/${a.id}/dispatch`, { unitId: world.unit.W02, version: 1 }),
      other.post(`/api/incidents/${b.id}/dispatch`, { unitId: world.unit.W02, version: 1 }),
    ]);
    const codes = [r1.statusCode, r2.statusCode].sort();
    assert.deepEqual(codes, [200, 409], `${r1.body} / ${r2.body}`);
    const loser = r1.statusCode === 409 ? r1 : r2;
    assert.equal(loser.json().code, 'UNIT_NOT_AVAILABLE');
    const loserId = r1.statusCode === 409 ? a.id : b.id;
    const d = (await disp.get(`/api/incidents/${loserId}`)).json() as IncidentDetail;
    assert.equal(d.status, 'new');
    assert.equal(d.version, 1);
    assert.equal(d.events.length, 1);
    // and dispatching it again to the same incident is refused as already assigned
    const winnerId = loserId === a.id ? b.id : a.id;
    const w = (await disp.get(`/api/incidents/${winnerId}`)).json() as IncidentDetail;
    const again = await disp.post(`/api/incidents/${winnerId}/dispatch`, { unitId: world.unit.W02, version: w.version });
    assert.equal(again.json().code, 'UNIT_ALREADY_ASSIGNED');
    // release the unit for the other tests
    await disp.post(`/api/incidents/${winnerId}/transition`, { action: 'cancel', version: w.version, reason: 'entry_error' });
  });

  test('reading the clear caller phone is audited', async () => {
    const inc = (await disp.post('/api/incidents', newIncident())).json() as Incident;
    const r = await disp.get(`/api/incidents/${inc.id}/contact`);
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { callerName: '张三丰', callerPhone: '13912345678' });
    const log = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'incident.contact.read').where('resource_id', '=', String(inc.id)).execute();
    assert.equal(log.length, 1);
    assert.equal(log[0]!.username, 'dispatcher');
    // and the database holds the phone only encrypted
    const raw = await env.ctx.db.selectFrom('incidents').select(['caller_phone_enc', 'caller_phone_masked']).where('id', '=', inc.id).executeTakeFirstOrThrow();
    assert.ok(!raw.caller_phone_enc!.includes('13912345678'));
    assert.equal(raw.caller_phone_masked, '139****5678');
  });

  test('lists filter by status, category, area and time, with pagination', async () => {
    await disp.post('/api/incidents', newIncident({ category: 'fire', priority: 1, lon: 120.035, lat: 32.015 }));
    const all = (await disp.get('/api/incidents?pageSize=500')).json() as { total: number; items: Incident[] };
    assert.ok(all.total >= 6);
    const fire = (await disp.get('/api/incidents?category=fire')).json() as { total: number; items: Incident[] };
    assert.equal(fire.total, 1);
    assert.equal(fire.items[0]!.areas.station?.code, 'S2');
    const s2 = (await disp.get(`/api/incidents?areaId=${world.area.S2}`)).json() as { total: number };
    assert.equal(s2.total, 1);
    const open = (await disp.get('/api/incidents?status=open')).json() as { items: Incident[] };
    assert.ok(open.items.every((i) => ['new', 'dispatched', 'en_route', 'on_scene'].includes(i.status)));
    const page2 = (await disp.get('/api/incidents?pageSize=2&page=2')).json() as { items: Incident[]; page: number };
    assert.equal(page2.items.length, 2);
    assert.equal(page2.page, 2);
    const future = (await disp.get('/api/incidents?from=2030-01-01T00:00:00Z')).json() as { total: number };
    assert.equal(future.total, 0);
  });

  test('the event log is append-only in the database', async () => {
    const { sql } = await import('kysely');
    await assert.rejects(sql`update incident_events set note = 'x'`.execute(env.ctx.db), /append-only/);
    await assert.rejects(sql`delete from audit_log`.execute(env.ctx.db), /append-only/);
  });
});

test('one definition of an open incident: the contracts (for the web) list what core defines', () => {
  assert.deepEqual([...OPEN_IN_CONTRACTS], [...OPEN_INCIDENT_STATUSES]);
  assert.deepEqual(['new', 'dispatched', 'resolved', 'closed', 'cancelled', 'transferred'].map((s) => isOpen(s as never)), [true, true, false, false, false, false]);
});
