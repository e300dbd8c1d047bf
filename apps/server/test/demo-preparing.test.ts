// First start: the server answers while the demo county is seeded (modules/demo/preparing.ts): a page with the
// seed's progress and 503 DEMO_PREPARING before the county is usable; reads and logins once it is, writes after.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { onSeedProgress, preparingPage, seedFinished, seedState, serveWhileSeeding, type SeedState } from '../src/modules/demo/preparing';
import { buildWorld, createTestEnv, login, type TestEnv } from './helpers';

let env: TestEnv;
let app: FastifyInstance;
let state: SeedState;

before(async () => {
  env = await createTestEnv();
  await buildWorld(env);
  state = seedState(true);
  app = await buildApp(env.ctx);
  serveWhileSeeding(app, state);
  await app.ready();
});
after(async () => {
  await app.close();
  await env.close();
});

const incident = JSON.stringify({ source: 'call_110', category: 'dispute', priority: 2, lon: 120.005, lat: 32.005, address: '测试路1号', description: '纠纷' });

describe('serving while the demo county is seeded', () => {
  test('before it is usable: the preparing page for pages, 503 DEMO_PREPARING for the API, the status and config answer', async () => {
    onSeedProgress(state, { step: 'areas', index: 0, usable: false });
    const page = await app.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 503);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /正在准备演示县/);
    assert.match(page.body, /辖区与区划调整/);
    assert.match(page.body, /http-equiv="refresh"/);
    assert.equal((await app.inject({ method: 'GET', url: '/command' })).statusCode, 503, 'a client route too');
    const loginRes = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'test-password-1' } });
    assert.equal(loginRes.statusCode, 503);
    assert.equal((loginRes.json() as { code: string }).code, 'DEMO_PREPARING');
    const status = await app.inject({ method: 'GET', url: '/api/demo/status' });
    assert.equal(status.statusCode, 200);
    assert.deepEqual({ ...(status.json() as object), elapsedS: 0 }, { state: 'seeding', step: 'areas', done: 0, steps: 7, usable: false, elapsedS: 0 });
    assert.equal((await app.inject({ method: 'GET', url: '/api/config' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);
  });

  test('usable: logins and reads work, writes answer 503 until the history is in; then everything works', async () => {
    onSeedProgress(state, { step: 'incidents', index: 2, usable: true });
    const admin = await login(app, 'admin');
    assert.equal((await admin.get('/api/areas')).statusCode, 200);
    const refused = await admin.post('/api/incidents', incident);
    assert.equal(refused.statusCode, 503);
    assert.equal((refused.json() as { code: string }).code, 'DEMO_PREPARING');
    assert.equal(((await app.inject({ method: 'GET', url: '/api/demo/status' })).json() as { usable: boolean }).usable, true);
    seedFinished(state, true);
    const ok = await admin.post('/api/incidents', incident);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(((await app.inject({ method: 'GET', url: '/api/demo/status' })).json() as { state: string }).state, 'done');
  });

  test('a failed seed says so on the page, without refreshing', () => {
    const s = seedState(true);
    seedFinished(s, false);
    const html = preparingPage(s);
    assert.match(html, /准备失败/);
    assert.doesNotMatch(html, /refresh/);
  });
});
