// Roles and area scope, enforced in services: a matrix of role x resource x action.
// Users: admin (bureau), dispatcher and district lead (district D = stations S1 + S2), station leads of S1 and S2,
// a community officer of S1. Resources: an incident in S1 and one in S2 (a fresh one per case).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Incident, Person, Unit } from '@jingwang/contracts';
import { buildWorld, box, createTestEnv, feature, login, newIncident, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
const agents: Record<string, Agent> = {};
const USERS = ['admin', 'dispatcher', 'district', 'lead1', 'lead2', 'officer1'] as const;
type U = (typeof USERS)[number];

const AT = { S1: { lon: 120.005, lat: 32.005 }, S2: { lon: 120.035, lat: 32.005 } } as const;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  for (const u of USERS) agents[u] = await login(env.app, u);
});
after(() => env.close());

async function freshIncident(where: 'S1' | 'S2'): Promise<Incident> {
  const r = await agents.admin!.post('/api/incidents', newIncident(AT[where]));
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as Incident;
}

type Expect = number; // HTTP status
interface Row {
  action: string;
  where: 'S1' | 'S2';
  run: (a: Agent, inc: Incident) => Promise<{ statusCode: number; body: string }>;
  expect: Record<U, Expect>;
}

const rows: Row[] = [
  {
    action: 'read',
    where: 'S1',
    run: (a, inc) => a.get(`/api/incidents/${inc.id}`),
    expect: { admin: 200, dispatcher: 200, district: 200, lead1: 200, lead2: 404, officer1: 200 },
  },
  {
    action: 'read',
    where: 'S2',
    run: (a, inc) => a.get(`/api/incidents/${inc.id}`),
    expect: { admin: 200, dispatcher: 200, district: 200, lead1: 404, lead2: 200, officer1: 404 },
  },
  {
    action: 'create',
    where: 'S1',
    run: (a) => a.post('/api/incidents', newIncident(AT.S1)),
    expect: { admin: 201, dispatcher: 201, district: 201, lead1: 201, lead2: 403, officer1: 201 },
  },
  {
    action: 'dispatch',
    where: 'S1',
    run: async (a, inc) => {
      const r = await a.post(`/api/incidents/${inc.id}/dispatch`, { unitId: world.unit.W01, version: inc.version });
      // release the unit again so the next row can use it
      if (r.statusCode === 200) await agents.admin!.post(`/api/incidents/${inc.id}/transition`, { action: 'cancel', version: inc.version + 1, reason: 'entry_error' });
      return r;
    },
    expect: { admin: 200, dispatcher: 200, district: 200, lead1: 200, lead2: 404, officer1: 403 },
  },
  {
    action: 'dispatch a unit of another station',
    where: 'S1',
    run: async (a, inc) => {
      const r = await a.post(`/api/incidents/${inc.id}/dispatch`, { unitId: world.unit.E01, version: inc.version });
      if (r.statusCode === 200) await agents.admin!.post(`/api/incidents/${inc.id}/transition`, { action: 'cancel', version: inc.version + 1, reason: 'entry_error' });
      return r;
    },
    // lead1 cannot see E01 (station S2): it does not exist for them
    expect: { admin: 200, dispatcher: 200, district: 200, lead1: 404, lead2: 404, officer1: 403 },
  },
  {
    action: 'progress (resolve)',
    where: 'S1',
    run: (a, inc) => a.post(`/api/incidents/${inc.id}/transition`, { action: 'resolve', version: inc.version, disposition: 'handled' }),
    expect: { admin: 200, dispatcher: 200, district: 200, lead1: 200, lead2: 404, officer1: 200 },
  },
  {
    action: 'cancel',
    where: 'S2',
    run: (a, inc) => a.post(`/api/incidents/${inc.id}/transition`, { action: 'cancel', version: inc.version, reason: 'duplicate' }),
    expect: { admin: 200, dispatcher: 200, district: 200, lead1: 404, lead2: 200, officer1: 403 },
  },
  {
    action: 'read caller contact',
    where: 'S2',
    run: (a, inc) => a.get(`/api/incidents/${inc.id}/contact`),
    expect: { admin: 200, dispatcher: 200, district: 200, lead1: 404, lead2: 200, officer1: 404 },
  },
  {
    action: 'import areas',
    where: 'S1',
    run: (a) => a.post('/api/areas/import', { type: 'FeatureCollection', features: [feature(`N${Math.random().toString(36).slice(2, 8)}`, 'n', 'patrol_zone', 'S1', box(120.001, 32.001, 120.002, 32.002))] }),
    expect: { admin: 200, dispatcher: 403, district: 403, lead1: 403, lead2: 403, officer1: 403 },
  },
  {
    action: 'read the audit log',
    where: 'S1',
    run: (a) => a.get('/api/audit'),
    expect: { admin: 200, dispatcher: 403, district: 403, lead1: 403, lead2: 403, officer1: 403 },
  },
];

describe('role x resource x action', () => {
  for (const row of rows) {
    for (const u of USERS) {
      test(`${u} ${row.action} in ${row.where}: ${row.expect[u]}`, async () => {
        const inc = await freshIncident(row.where);
        const r = await row.run(agents[u]!, inc);
        assert.equal(r.statusCode, row.expect[u], r.body);
        if (r.statusCode === 403) assert.match(JSON.parse(r.body).code, /^(FORBIDDEN|OUT_OF_SCOPE)$/);
        if (r.statusCode === 404) assert.match(JSON.parse(r.body).code, /NOT_FOUND$/);
      });
    }
  }
});

describe('lists are filtered to the scope', () => {
  test('incidents', async () => {
    const mine = await freshIncident('S2');
    const lead1 = (await agents.lead1!.get('/api/incidents?pageSize=500')).json() as { items: Incident[] };
    assert.ok(lead1.items.length > 0);
    assert.ok(lead1.items.every((i) => i.areas.station?.code === 'S1'));
    const lead2 = (await agents.lead2!.get('/api/incidents?pageSize=500')).json() as { items: Incident[] };
    assert.ok(lead2.items.some((i) => i.id === mine.id));
    assert.ok(lead2.items.every((i) => i.areas.station?.code === 'S2'));
    const district = (await agents.district!.get('/api/incidents?pageSize=500')).json() as { total: number };
    const admin = (await agents.admin!.get('/api/incidents?pageSize=500')).json() as { total: number };
    assert.equal(district.total, admin.total, 'the district covers both stations');
  });

  test('units', async () => {
    const callsigns = async (u: U) => ((await agents[u]!.get('/api/units')).json() as Unit[]).map((x) => x.callsign).sort();
    assert.deepEqual(await callsigns('lead1'), ['W01', 'W02']);
    assert.deepEqual(await callsigns('lead2'), ['E01']);
    assert.deepEqual(await callsigns('dispatcher'), ['E01', 'W01', 'W02']);
  });

  test('people', async () => {
    const names = async (u: U) => ((await agents[u]!.get('/api/people')).json() as { items: Person[] }).items.map((p) => p.badgeNo).sort();
    assert.deepEqual(await names('lead1'), ['P1', 'P1B', 'W111']);
    assert.deepEqual(await names('lead2'), ['P2']);
    assert.deepEqual(await names('admin'), ['P1', 'P1B', 'P2', 'W111']);
  });

  test('locate outside the scope names the areas but not the officer', async () => {
    const r = (await agents.lead2!.get(`/api/locate?lon=${AT.S1.lon}&lat=${AT.S1.lat}`)).json() as { areas: { grid: { code: string } }; officer: unknown };
    assert.equal(r.areas.grid.code, 'G111');
    assert.equal(r.officer, null);
    const own = (await agents.lead1!.get(`/api/locate?lon=${AT.S1.lon}&lat=${AT.S1.lat}`)).json() as { officer: { id: number }; gridWorker: { id: number } };
    assert.equal(own.officer.id, world.person.P1);
    assert.equal(own.gridWorker.id, world.person.W111);
  });
});
