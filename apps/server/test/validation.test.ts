// Bad input from outside: each case gets a clear 4xx with a stable code naming the field, and writes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Incident } from '@jingwang/contracts';
import { buildWorld, box, createTestEnv, feature, login, newIncident, snapshot, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let disp: Agent;
let admin: Agent;
let inc: Incident;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  disp = await login(env.app, 'dispatcher');
  admin = await login(env.app, 'admin');
  inc = (await disp.post('/api/incidents', newIncident())).json() as Incident;
});
after(() => env.close());

interface Case {
  name: string;
  who?: 'disp' | 'admin';
  method?: 'GET' | 'POST';
  url: string | (() => string);
  body?: unknown;
  status: number;
  code: string;
  field?: string | RegExp;
}

const cases: Case[] = [
  { name: 'malformed JSON', url: '/api/incidents', body: '{"source": "call_110",', status: 400, code: 'MALFORMED_JSON' },
  { name: 'empty body', url: '/api/incidents', body: '', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'wrong type: lon as string', url: '/api/incidents', body: newIncident({ lon: '120.005' }), status: 400, code: 'VALIDATION_FAILED', field: '/lon' },
  { name: 'wrong type: priority as word', url: '/api/incidents', body: newIncident({ priority: 'high' }), status: 400, code: 'VALIDATION_FAILED', field: '/priority' },
  { name: 'wrong type: boolean for a number', url: '/api/incidents', body: newIncident({ lat: true }), status: 400, code: 'VALIDATION_FAILED', field: '/lat' },
  { name: 'latitude out of range', url: '/api/incidents', body: newIncident({ lat: 91 }), status: 400, code: 'VALIDATION_FAILED', field: '/lat' },
  { name: 'longitude out of range', url: '/api/incidents', body: newIncident({ lon: -181 }), status: 400, code: 'VALIDATION_FAILED', field: '/lon' },
  { name: 'unknown category', url: '/api/incidents', body: newIncident({ category: 'jaywalking' }), status: 400, code: 'VALIDATION_FAILED', field: '/category' },
  { name: 'missing required field', url: '/api/incidents', body: { ...newIncident(), address: undefined }, status: 400, code: 'VALIDATION_FAILED', field: '/address' },
  { name: 'unknown field', url: '/api/incidents', body: newIncident({ colour: 'red' }), status: 400, code: 'VALIDATION_FAILED', field: '/colour' },
  { name: 'bad phone', url: '/api/incidents', body: newIncident({ callerPhone: 'call me' }), status: 400, code: 'VALIDATION_FAILED', field: '/callerPhone' },
  { name: 'report time in the future', url: '/api/incidents', body: newIncident({ reportedAt: '2030-01-01T00:00:00Z' }), status: 400, code: 'VALIDATION_FAILED', field: '/reportedAt' },
  { name: 'location outside every area', url: '/api/incidents', body: newIncident({ lon: 100, lat: 30 }), status: 422, code: 'OUTSIDE_JURISDICTION' },
  { name: 'unknown incident id', url: '/api/incidents/999999/transition', body: { action: 'cancel', version: 1 }, status: 404, code: 'INCIDENT_NOT_FOUND' },
  { name: 'id that is not a number', method: 'GET', url: '/api/incidents/abc', status: 400, code: 'VALIDATION_FAILED', field: '/id' },
  { name: 'unknown action', url: () => `/api/incidents/${inc.id}/transition`, body: { action: 'teleport', version: 1 }, status: 400, code: 'VALIDATION_FAILED', field: '/action' },
  { name: 'stale version', url: () => `/api/incidents/${inc.id}/transition`, body: { action: 'cancel', version: 7 }, status: 409, code: 'STALE_VERSION', field: '/version' },
  { name: 'unknown unit', url: () => `/api/incidents/${inc.id}/dispatch`, body: { unitId: 999999, version: 1 }, status: 404, code: 'UNIT_NOT_FOUND', field: '/unitId' },
  { name: 'negative unit id', url: () => `/api/incidents/${inc.id}/dispatch`, body: { unitId: -1, version: 1 }, status: 400, code: 'VALIDATION_FAILED', field: '/unitId' },
  { name: 'bad status filter', method: 'GET', url: '/api/incidents?status=sleeping', status: 400, code: 'VALIDATION_FAILED', field: '/status' },
  { name: 'bad page size', method: 'GET', url: '/api/incidents?pageSize=100000', status: 400, code: 'VALIDATION_FAILED', field: '/pageSize' },
  { name: 'unknown area filter', method: 'GET', url: '/api/incidents?areaId=99999', status: 404, code: 'AREA_NOT_FOUND', field: '/areaId' },
  { name: 'bad date filter', method: 'GET', url: '/api/incidents?from=yesterday', status: 400, code: 'VALIDATION_FAILED', field: '/from' },
  { name: 'year 0000 in a filter', method: 'GET', url: '/api/incidents?from=0000-01-01T00:00:00Z', status: 400, code: 'VALIDATION_FAILED', field: '/from' },
  { name: 'year 0000 for areas', method: 'GET', url: '/api/areas?at=0000-01-01T00:00:00Z', status: 400, code: 'VALIDATION_FAILED', field: '/at' },
  { name: 'a leap second', url: '/api/incidents', body: newIncident({ reportedAt: '2026-06-14T23:59:60Z' }), status: 400, code: 'VALIDATION_FAILED', field: '/reportedAt' },
  { name: 'a page number past any list', method: 'GET', who: 'admin', url: '/api/audit?page=100000000000000000', status: 400, code: 'VALIDATION_FAILED', field: '/page' },
  { name: 'position in year 0000', url: '/api/units/positions', who: 'admin', body: { positions: [{ unitId: 1, lon: 120, lat: 32, at: '0000-06-15T01:59:00Z' }] }, status: 400, code: 'VALIDATION_FAILED', field: '/positions/0/at' },
  { name: 'recut effective at a leap second', url: '/api/areas/recut', who: 'admin', body: { op: 'merge', sourceCodes: ['G111', 'G112'], target: { code: 'X9', name: 'x', kind: 'grid' }, effectiveAt: '2026-01-01T23:59:60Z' }, status: 400, code: 'VALIDATION_FAILED', field: '/effectiveAt' },
  { name: 'locate out of range', method: 'GET', url: '/api/locate?lon=200&lat=32', status: 400, code: 'VALIDATION_FAILED', field: '/lon' },
  { name: 'position for an unknown unit', url: '/api/units/positions', who: 'admin', body: { positions: [{ unitId: 424242, lon: 120, lat: 32, at: '2026-06-15T01:59:00Z' }] }, status: 404, code: 'UNIT_NOT_FOUND', field: '/positions/0/unitId' },
  { name: 'position with a bad time', url: '/api/units/positions', who: 'admin', body: { positions: [{ unitId: 1, lon: 120, lat: 32, at: 'noon' }] }, status: 400, code: 'VALIDATION_FAILED', field: '/positions/0/at' },
  { name: 'position far in the future', url: '/api/units/positions', who: 'admin', body: { positions: [{ unitId: 1, lon: 120, lat: 32, at: '2027-01-01T00:00:00Z' }] }, status: 400, code: 'VALIDATION_FAILED', field: '/positions/0/at' },
  { name: 'empty position batch', url: '/api/units/positions', who: 'admin', body: { positions: [] }, status: 400, code: 'VALIDATION_FAILED', field: '/positions' },
  { name: 'GeoJSON that is not a collection', url: '/api/areas/import', who: 'admin', body: { type: 'Feature' }, status: 400, code: 'INVALID_GEOJSON' },
  {
    name: 'self-intersecting polygon (bow tie)',
    url: '/api/areas/import',
    who: 'admin',
    body: {
      type: 'FeatureCollection',
      features: [
        feature('OK1', '好网格', 'grid', 'C11', box(120.0, 32.0, 120.001, 32.001)),
        feature('BOWTIE', '坏网格', 'grid', 'C11', { type: 'Polygon', coordinates: [[[120, 32], [120.01, 32.01], [120.01, 32], [120, 32.01], [120, 32]]] }),
      ],
    },
    status: 400,
    code: 'INVALID_GEOMETRY',
  },
  { name: 'ring not closed', url: '/api/areas/import', who: 'admin', body: { type: 'FeatureCollection', features: [feature('OPEN', 'x', 'grid', 'C11', { type: 'Polygon', coordinates: [[[120, 32], [120.01, 32], [120.01, 32.01], [120, 32.01]]] })] }, status: 400, code: 'INVALID_GEOJSON' },
  { name: 'unknown area kind', url: '/api/areas/import', who: 'admin', body: { type: 'FeatureCollection', features: [feature('K', 'x', 'galaxy', null, box(120, 32, 120.01, 32.01))] }, status: 400, code: 'INVALID_GEOJSON' },
  { name: 'unknown parent', url: '/api/areas/import', who: 'admin', body: { type: 'FeatureCollection', features: [feature('P', 'x', 'grid', 'NOPE', box(120, 32, 120.01, 32.01))] }, status: 400, code: 'UNKNOWN_PARENT' },
  { name: 'duplicate area code', url: '/api/areas/import', who: 'admin', body: { type: 'FeatureCollection', features: [feature('G111', 'x', 'grid', 'C11', box(120, 32, 120.01, 32.01))] }, status: 409, code: 'DUPLICATE_CODE' },
  { name: 'recut of an unknown area', url: '/api/areas/recut', who: 'admin', body: { op: 'merge', sourceCodes: ['G111', 'NOPE'], target: { code: 'X', name: 'x', kind: 'grid' } }, status: 404, code: 'AREA_NOT_FOUND' },
  { name: 'split by a line that misses', url: '/api/areas/recut', who: 'admin', body: { op: 'split', sourceCode: 'G111', blade: [[121, 33], [121.1, 33.1]], parts: [{ code: 'a', name: 'a' }, { code: 'b', name: 'b' }] }, status: 400, code: 'VALIDATION_FAILED', field: '/blade' },
];

describe('bad input gets a clear 4xx and writes nothing', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const agent = c.who === 'admin' ? admin : disp;
      const url = typeof c.url === 'function' ? c.url() : c.url;
      const before = await snapshot(env.ctx);
      const r =
        c.method === 'GET'
          ? await agent.get(url)
          : await env.app.inject({
              method: 'POST',
              url,
              headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': 'application/json' },
              payload: typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
            });
      assert.equal(r.statusCode, c.status, r.body);
      const body = r.json() as { code: string; message: string; details?: unknown };
      assert.equal(body.code, c.code, r.body);
      assert.ok(body.message.length > 0);
      if (c.field) {
        const text = JSON.stringify(body.details);
        if (c.field instanceof RegExp) assert.match(text, c.field);
        else assert.ok(text.includes(`"${c.field}`), `details should name ${c.field}: ${text}`);
      }
      assert.deepEqual(await snapshot(env.ctx), before, 'nothing was written');
    });
  }

  test('the invalid geometry error names the feature and the reason', async () => {
    const r = await admin.post('/api/areas/import', {
      type: 'FeatureCollection',
      features: [
        feature('OK2', '好网格', 'grid', 'C11', box(120.0, 32.0, 120.001, 32.001)),
        feature('BOWTIE2', '坏网格', 'grid', 'C11', { type: 'Polygon', coordinates: [[[120, 32], [120.01, 32.01], [120.01, 32], [120, 32.01], [120, 32]]] }),
      ],
    });
    const body = r.json() as { details: { feature: number; code: string; reason: string } };
    assert.equal(body.details.feature, 1);
    assert.equal(body.details.code, 'BOWTIE2');
    assert.match(body.details.reason, /self-intersection/i);
  });

  test('no session: 401; no CSRF token: 403; wrong password: 401', async () => {
    const anon = await env.app.inject({ method: 'GET', url: '/api/incidents' });
    assert.equal(anon.statusCode, 401);
    assert.equal(anon.json().code, 'UNAUTHENTICATED');
    const before = await snapshot(env.ctx);
    const noCsrf = await env.app.inject({ method: 'POST', url: '/api/incidents', headers: { cookie: disp.cookie }, payload: newIncident() });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().code, 'CSRF_FAILED');
    const wrongCsrf = await env.app.inject({ method: 'POST', url: '/api/incidents', headers: { cookie: disp.cookie, 'x-csrf-token': 'x' + disp.csrf }, payload: newIncident() });
    assert.equal(wrongCsrf.json().code, 'CSRF_FAILED');
    assert.deepEqual(await snapshot(env.ctx), before);
    const bad = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dispatcher', password: 'nope' } });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().code, 'BAD_CREDENTIALS');
    const unknown = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'nope' } });
    assert.equal(unknown.json().code, 'BAD_CREDENTIALS', 'an unknown user looks the same as a wrong password');
  });

  test('the session cookie is httpOnly and SameSite=Strict; logout ends the session', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lead2', password: 'test-password-1' } });
    const session = r.cookies.find((c) => c.name === 'jw_session')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    const csrf = r.cookies.find((c) => c.name === 'jw_csrf')!;
    assert.notEqual(csrf.httpOnly, true, 'the CSRF cookie is readable by the page');
    const cookie = `jw_session=${session.value}`;
    const out = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrf.value } });
    assert.equal(out.statusCode, 200);
    const after = await env.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(after.statusCode, 401);
  });

  test('login attempts are counted before the password check: parallel guesses are throttled, other addresses are not', async () => {
    const guess = (ip: string, password: string) =>
      env.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username: 'lead1', password } });
    const results = await Promise.all(Array.from({ length: 12 }, () => guess('10.0.0.7', 'wrong')));
    const codes = results.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 401).length, 5, codes.join(','));
    assert.equal(codes.filter((c) => c === 429).length, 7);
    assert.equal(results.find((r) => r.statusCode === 429)!.json().code, 'RATE_LIMITED');
    // the account is not locked for its owner at another address
    const owner = await guess('10.0.0.8', 'test-password-1');
    assert.equal(owner.statusCode, 200, owner.body);
  });

  test('unknown routes answer 404 in the error format', async () => {
    const r = await disp.get('/api/nothing-here');
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'NOT_FOUND');
    void world;
  });
});
