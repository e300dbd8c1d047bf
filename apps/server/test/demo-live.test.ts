// The demo's live actors (issue 12 part 5) never act on a person's incident: driven tick by tick with the manual
// clock on the seeded demo county, a demo incident is dispatched, driven to, resolved and closed by the demo, while
// incidents a person created or dispatched stay exactly as the person left them, and the units they sent hold.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Incident, IncidentDetail, Unit } from '@jingwang/contracts';
import { T0, createTestEnv, login, newIncident, type Agent, type TestEnv } from './helpers';
import { createDemoLive, type DemoLive } from '../src/modules/demo/live';
import { DEMO_PASSWORD, seedDemo } from '../src/modules/demo/seed';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy';
import * as incidents from '../src/modules/incidents/service';

let env: TestEnv;
let live: DemoLive;
let person: Agent;
const errors: unknown[][] = [];
const logError = console.error;

const DEMO_CALL_TAKER = { ...SYSTEM_ACTOR, displayName: '110接警台（演示）' };

before(async () => {
  env = await createTestEnv({ demo: true });
  await seedDemo(env.ctx, { seed: 7, endAt: T0, months: 1, patrolPlans: false });
  person = await login(env.app, 'dispatcher', DEMO_PASSWORD);
  // rate 0: no new calls arrive, only the incidents of this test (and the seed's open ones) are worked on
  live = await createDemoLive(env.ctx, { seed: 7, rate: 0 });
  console.error = (...a: unknown[]) => void errors.push(a);
});
after(async () => {
  console.error = logError;
  live?.stop();
  await env?.close();
});

const detail = async (id: number) => (await person.get(`/api/incidents/${id}`)).json() as IncidentDetail;
const unitOf = async (id: number) => ((await person.get('/api/units')).json() as Unit[]).find((u) => u.id === id)!;

/** Ticks the demo every `stepS` seconds of the clock until `done` or `maxS` seconds have passed. */
async function run(stepS: number, maxS: number, done: () => Promise<boolean> = async () => false): Promise<number> {
  let t = 0;
  while (t < maxS) {
    env.clock.advance(stepS * 1000);
    t += stepS;
    await live.tick();
    if (await done()) break;
  }
  return t;
}

describe('demo live actors leave a person’s incidents alone', () => {
  let mine: Incident; // created by a person, left new
  let mineSent: Incident; // created and dispatched by a person
  let demoTaken: Incident; // created by the demo, dispatched by a person
  let demo: Incident; // the demo's own
  let sentUnit: Unit;
  let takenUnit: Unit;

  test('setup: a person’s calls and the demo’s', async () => {
    const units = ((await person.get('/api/units')).json() as Unit[]).filter((u) => u.status === 'available' && u.lon !== null && u.lat !== null);
    assert.ok(units.length >= 6, `available units: ${units.length}`);
    const at = (u: Unit) => ({ lon: u.lon! + 0.0005, lat: u.lat! + 0.0005 });
    let r = await person.post('/api/incidents', newIncident(at(units[0]!)));
    assert.equal(r.statusCode, 201, r.body);
    mine = r.json();
    r = await person.post('/api/incidents', newIncident(at(units[1]!)));
    assert.equal(r.statusCode, 201, r.body);
    mineSent = r.json();
    sentUnit = units[1]!;
    r = await person.post(`/api/incidents/${mineSent.id}/dispatch`, { unitId: sentUnit.id, version: mineSent.version });
    assert.equal(r.statusCode, 200, r.body);
    mineSent = r.json();
    demoTaken = await incidents.createIncident(env.ctx, DEMO_CALL_TAKER, { ...newIncident(at(units[2]!)), source: 'call_110' } as never);
    takenUnit = units[2]!;
    r = await person.post(`/api/incidents/${demoTaken.id}/dispatch`, { unitId: takenUnit.id, version: demoTaken.version });
    assert.equal(r.statusCode, 200, r.body);
    demoTaken = r.json();
    demo = await incidents.createIncident(env.ctx, DEMO_CALL_TAKER, { ...newIncident(at(units[3]!)), source: 'call_110' } as never);
  });

  test('the demo’s incident is dispatched, driven to, resolved and closed by the demo', async () => {
    const took = await run(20, 60 * 60, async () => (await detail(demo.id)).status === 'closed');
    const d = await detail(demo.id);
    assert.equal(d.status, 'closed', `after ${took} s: ${d.events.map((e) => `${e.type}:${e.actor}`).join(', ')}`);
    const actors = new Set(d.events.filter((e) => e.type !== 'created').map((e) => e.actor));
    // the stand-in dispatcher sent a unit, the demo unit reported its progress, and the stand-in closed it
    for (const a of ['值班调度（演示）', '处警单元（演示）']) assert.ok(actors.has(a), `${a} in ${[...actors].join(', ')}`);
    assert.deepEqual(d.events.map((e) => e.type).filter((t) => ['dispatch', 'resolve', 'close'].includes(t)), ['dispatch', 'resolve', 'close']);
    assert.deepEqual(errors.map((e) => String(e[0])), [], 'no tick failed');
  });

  test('a person’s new incident stays new long after the demo would have dispatched it', async () => {
    const d = await detail(mine.id);
    assert.equal(d.status, 'new');
    assert.equal(d.version, mine.version);
    assert.deepEqual(d.events.map((e) => e.type), ['created']);
  });

  test('incidents a person dispatched stay dispatched, and the units sent hold where they were', async () => {
    for (const [inc, unit] of [
      [mineSent, sentUnit],
      [demoTaken, takenUnit],
    ] as const) {
      const d = await detail(inc.id);
      assert.equal(d.status, 'dispatched', `incident ${inc.id}: ${d.events.map((e) => `${e.type}:${e.actor}`).join(', ')}`);
      assert.equal(d.version, inc.version);
      const u = await unitOf(unit.id);
      assert.equal(u.status, 'dispatched');
      assert.equal(u.incidentId, inc.id);
      assert.deepEqual([u.lon, u.lat, u.positionAt], [unit.lon, unit.lat, unit.positionAt], 'the demo did not drive or report the unit');
    }
  });

  test('a person’s resolved incident is not closed by the stand-in dispatcher', async () => {
    let inc = mineSent;
    for (const action of ['en_route', 'arrive', 'resolve'] as const) {
      const r = await person.post(`/api/incidents/${inc.id}/transition`, { action, version: inc.version, ...(action === 'resolve' ? { disposition: 'handled', note: '已处置' } : {}) });
      assert.equal(r.statusCode, 200, r.body);
      inc = r.json();
    }
    await run(20, 10 * 60);
    const d = await detail(inc.id);
    assert.equal(d.status, 'resolved');
    assert.equal(d.version, inc.version);
    // the unit the person released patrols again under the demo
    assert.equal((await unitOf(sentUnit.id)).status, 'available');
    assert.deepEqual(errors.map((e) => String(e[0])), [], 'no tick failed');
  });
});
