// Safe dispatch (issue 14, part 2): two dispatchers on one call. A recommendation carries the basis token of what it
// was made from; a dispatch from a list that went stale (another dispatcher sent a unit, the unit was taken) is
// refused with 409 RECOMMENDATION_STALE saying what changed, unless confirmed; a run card already met calls no
// further echelon.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Incident, IncidentDetail, Recommendation } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, newIncident, snapshot, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let a: Agent;
let b: Agent;

const ROADS: { id: number; name: string; coords: [number, number][] }[] = [
  { id: 1, name: '北路', coords: [[120.002, 32.015], [120.02, 32.015], [120.038, 32.015]] },
  { id: 2, name: '南路', coords: [[120.002, 32.005], [120.02, 32.005], [120.038, 32.005]] },
  { id: 3, name: '西连', coords: [[120.002, 32.005], [120.002, 32.015]] },
];

async function place(code: string, lon: number, lat: number) {
  const r = await a.post('/api/units/positions', { positions: [{ unitId: world.unit[code]!, lon, lat, at: env.clock.now().toISOString() }] });
  assert.equal(r.statusCode, 200, r.body);
}
const rec = async (who: Agent, id: number, q = '') => {
  const r = await who.get(`/api/incidents/${id}/recommendation${q}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Recommendation;
};

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  for (const r of ROADS) {
    await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
      values (${r.id}, ${r.name}, 'street', 36, 18, 5, false, st_setsrid(st_geomfromgeojson(${JSON.stringify({ type: 'LineString', coordinates: r.coords })}), 4326))`.execute(env.ctx.db);
  }
  // two sessions of two dispatchers
  a = await login(env.app, 'dispatcher');
  b = await login(env.app, 'district');
});
after(async () => env?.close());

describe(`safe dispatch: two dispatchers on one call (${process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  test('B dispatching from a list made before A sent a unit is refused with what changed; confirming sends it', async () => {
    env.clock.advance(1000);
    await place('W01', 120.006, 32.005);
    await place('W02', 120.01, 32.005);
    const inc = (await a.post('/api/incidents', newIncident({ category: 'dispute', priority: 2, lon: 120.008, lat: 32.005 }))).json() as Incident;
    const recA = await rec(a, inc.id);
    const recB = await rec(b, inc.id);
    assert.equal(recA.incidentVersion, 1);
    assert.match(recB.token, /^b1\./);
    assert.equal(recB.proposal.length, 1);
    const first = recB.proposal[0]!;
    const other = first === world.unit.W01 ? world.unit.W02! : world.unit.W01!;

    // A sends the first proposed unit
    const ok = await a.post(`/api/incidents/${inc.id}/dispatch`, { unitId: first, version: 1, token: recA.token });
    assert.equal(ok.statusCode, 200, ok.body);

    // B clicks the same first row of its (now stale) list: refused, nothing written
    const before = await snapshot(env.ctx);
    const same = await b.post(`/api/incidents/${inc.id}/dispatch`, { unitId: first, version: 1, token: recB.token });
    assert.equal(same.statusCode, 409, same.body);
    const body = same.json();
    assert.equal(body.code, 'RECOMMENDATION_STALE');
    assert.equal(body.details.incident.fromVersion, 1);
    assert.equal(body.details.incident.version, 2);
    const sent = body.details.incident.changes.find((c: { type: string }) => c.type === 'dispatch');
    assert.equal(sent.by, 'dispatcher');
    assert.equal(sent.unitId, first);
    assert.equal(body.details.unit.unitId, first);
    assert.equal(body.details.unit.status, 'dispatched');
    assert.deepEqual(await snapshot(env.ctx), before);

    // the second unit: the call changed (not the unit): still refused without confirmation
    const second = await b.post(`/api/incidents/${inc.id}/dispatch`, { unitId: other, version: 1, token: recB.token });
    assert.equal(second.json().code, 'RECOMMENDATION_STALE');
    assert.equal(second.json().details.unit, null);
    assert.deepEqual(await snapshot(env.ctx), before);

    // B's fresh list: the run card (one unit) is met by A's unit: nothing proposed, no echelon called by itself
    const fresh = await rec(b, inc.id);
    assert.equal(fresh.incidentVersion, 2);
    assert.deepEqual(fresh.assigned.map((x) => x.unitId), [first]);
    assert.deepEqual(fresh.proposal, []);
    assert.deepEqual(fresh.shortfall, []);
    assert.deepEqual(fresh.escalation, []);
    assert.equal(fresh.echelonCalled, 1);

    // B saw the warning and confirms: the second unit goes, marked as confirmed over a stale list
    const confirmed = await b.post(`/api/incidents/${inc.id}/dispatch`, { unitId: other, version: 1, token: recB.token, confirm: true });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    const d = (await a.get(`/api/incidents/${inc.id}`)).json() as IncidentDetail;
    assert.equal(d.assignments.length, 2);
    const reinforce = d.events.find((e) => e.type === 'reinforce')!;
    assert.equal(reinforce.actor, 'district');
    assert.equal((reinforce.data as { confirmedStale?: boolean }).confirmedStale, true);
    await a.post(`/api/incidents/${inc.id}/transition`, { action: 'cancel', version: d.version, reason: 'entry_error' });
  });

  test('a unit taken by another call since the list was made: refused with its new status; confirming cannot send a busy unit', async () => {
    env.clock.advance(1000);
    await place('W01', 120.006, 32.005);
    await place('W02', 120.01, 32.005);
    const x = (await a.post('/api/incidents', newIncident({ lon: 120.008, lat: 32.005 }))).json() as Incident;
    const y = (await a.post('/api/incidents', newIncident({ lon: 120.009, lat: 32.005 }))).json() as Incident;
    const recB = await rec(b, x.id);
    assert.ok(recB.ranked.some((r) => r.unitId === world.unit.W01 && !r.excluded));
    assert.equal((await a.post(`/api/incidents/${y.id}/dispatch`, { unitId: world.unit.W01, version: 1 })).statusCode, 200);
    const before = await snapshot(env.ctx);
    const r = await b.post(`/api/incidents/${x.id}/dispatch`, { unitId: world.unit.W01, version: 1, token: recB.token });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'RECOMMENDATION_STALE');
    assert.equal(r.json().details.incident, null, 'the call itself did not change');
    assert.deepEqual({ ...r.json().details.unit, fromVersion: undefined, version: undefined }, {
      unitId: world.unit.W01,
      callsign: 'W01',
      status: 'dispatched',
      incidentId: y.id,
      fromVersion: undefined,
      version: undefined,
    });
    const forced = await b.post(`/api/incidents/${x.id}/dispatch`, { unitId: world.unit.W01, version: 1, token: recB.token, confirm: true });
    assert.equal(forced.json().code, 'UNIT_NOT_AVAILABLE');
    assert.deepEqual(await snapshot(env.ctx), before);
    const yy = (await a.get(`/api/incidents/${y.id}`)).json() as Incident;
    await a.post(`/api/incidents/${y.id}/transition`, { action: 'cancel', version: yy.version, reason: 'entry_error' });
    await a.post(`/api/incidents/${x.id}/transition`, { action: 'cancel', version: 1, reason: 'entry_error' });
  });

  test('a token that is not one, or is another call\'s, is a 400 naming /token; without a token the version rules as before', async () => {
    const x = (await a.post('/api/incidents', newIncident())).json() as Incident;
    const y = (await a.post('/api/incidents', newIncident())).json() as Incident;
    const recY = await rec(a, y.id);
    for (const token of ['b1.garbage', recY.token]) {
      const r = await a.post(`/api/incidents/${x.id}/dispatch`, { unitId: world.unit.W01, version: 1, token });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().details[0].field, '/token');
    }
    const stale = await a.post(`/api/incidents/${x.id}/dispatch`, { unitId: world.unit.W01, version: 5 });
    assert.equal(stale.json().code, 'STALE_VERSION');
    const bad = await a.post(`/api/incidents/${x.id}/dispatch`, { unitId: world.unit.W01, version: 1, confirm: 'yes' });
    assert.equal(bad.statusCode, 400);
    for (const i of [x, y]) await a.post(`/api/incidents/${i.id}/transition`, { action: 'cancel', version: 1, reason: 'entry_error' });
  });
});
