import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { ServerMessage, Unit } from '@jingwang/contracts';
import { T0, buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';
import { pruneTrack } from '../src/jobs/retention';

let env: TestEnv;
let world: World;
let admin: Agent;
let base: string;

before(async () => {
  env = await createTestEnv({ avlToken: 'avl-secret-token', stalePositionSeconds: 120 });
  world = await buildWorld(env);
  admin = await login(env.app, 'admin');
  await env.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = env.app.server.address() as { port: number };
  base = `127.0.0.1:${addr.port}`;
});
after(() => env.close());

const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

describe('positions', () => {
  test('ingest is idempotent by unit and time and tolerates out-of-order fixes', async () => {
    const u = world.unit.W01!;
    const batch = [
      { unitId: u, lon: 120.006, lat: 32.006, at: at(10) },
      { unitId: u, lon: 120.007, lat: 32.007, at: at(20) },
      { unitId: u, lon: 120.007, lat: 32.007, at: at(20) }, // duplicate inside the batch
    ];
    let r = await admin.post('/api/units/positions', { positions: batch });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { accepted: 2, duplicates: 1, outOfOrder: 0, arrivals: 0 });
    r = await admin.post('/api/units/positions', { positions: batch.slice(0, 2) });
    assert.deepEqual(r.json(), { accepted: 0, duplicates: 2, outOfOrder: 1, arrivals: 0 }, 'the same fixes again change nothing');
    // a late fix: stored in the track, but the unit keeps its newest position
    r = await admin.post('/api/units/positions', { positions: [{ unitId: u, lon: 120.0065, lat: 32.0065, at: at(15) }] });
    assert.deepEqual(r.json(), { accepted: 1, duplicates: 0, outOfOrder: 1, arrivals: 0 });
    const unit = (await admin.get(`/api/units/${u}`)).json() as Unit;
    assert.equal(unit.positionAt, at(20));
    assert.equal(unit.lon, 120.007);
    assert.equal(unit.stale, false);
    const track = await env.ctx.db.selectFrom('unit_positions').select('at').where('unit_id', '=', u).orderBy('at').execute();
    assert.deepEqual(track.map((t) => t.at), [at(10), at(15), at(20)]);
  });

  test('the track is kept for the retention period; units keep their last position', async () => {
    const u = world.unit.E01!;
    await env.ctx.db.insertInto('unit_positions').values([
      { unitId: u, at: new Date(Date.parse(T0) - 40 * 24 * 3600_000).toISOString() },
      { unitId: u, at: new Date(Date.parse(T0) - 2 * 3600_000).toISOString() },
    ].map((p) => ({ unit_id: p.unitId, at: p.at, lon: 120.03, lat: 32.0, speed_kmh: null, heading: null }))).execute();
    const removed = await pruneTrack(env.ctx); // retention 720 h in this test config
    assert.equal(removed, 1);
    const left = await env.ctx.db.selectFrom('unit_positions').select('at').where('unit_id', '=', u).execute();
    assert.ok(left.every((p) => Date.parse(p.at) > Date.parse(T0) - 30 * 24 * 3600_000));
    const unit = (await admin.get(`/api/units/${u}`)).json() as Unit;
    assert.ok(unit.positionAt, 'the unit keeps its last position');
  });

  test('a position older than the stale threshold marks the unit stale', async () => {
    env.clock.advance(20_000 + 121_000);
    const unit = (await admin.get(`/api/units/${world.unit.W01}`)).json() as Unit;
    assert.equal(unit.stale, true);
    env.clock.advance(-(20_000 + 121_000));
  });

  test('an AVL gateway posts with its bearer token and no CSRF token; a wrong token is refused', async () => {
    const ok = await env.app.inject({
      method: 'POST',
      url: '/api/units/positions',
      headers: { authorization: 'Bearer avl-secret-token' },
      payload: { positions: [{ unitId: world.unit.E01!, lon: 120.036, lat: 32.006, at: at(-5), speedKmh: 30, heading: 90 }] },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const bad = await env.app.inject({
      method: 'POST',
      url: '/api/units/positions',
      headers: { authorization: 'Bearer wrong' },
      payload: { positions: [{ unitId: world.unit.E01!, lon: 120.036, lat: 32.006, at: at(6) }] },
    });
    assert.equal(bad.statusCode, 401);
    const device = await env.app.inject({ method: 'GET', url: '/api/incidents', headers: { authorization: 'Bearer avl-secret-token' } });
    assert.equal(device.statusCode, 403, 'the AVL token only posts positions');
  });
});

function connect(agent: Agent): Promise<{ ws: WebSocket; messages: ServerMessage[]; waitFor: (pred: (m: ServerMessage) => boolean, ms?: number) => Promise<ServerMessage> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base}/api/ws`, { headers: { cookie: agent.cookie } });
    const messages: ServerMessage[] = [];
    const waiters: { pred: (m: ServerMessage) => boolean; res: (m: ServerMessage) => void }[] = [];
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as ServerMessage;
      messages.push(m);
      for (const w of [...waiters]) if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.res(m);
      }
    });
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        messages,
        waitFor: (pred, ms = 3000) =>
          new Promise((res, rej) => {
            const hit = messages.find(pred);
            if (hit) return res(hit);
            const t = setTimeout(() => rej(new Error(`timed out; got ${JSON.stringify(messages.map((x) => x.type))}`)), ms);
            waiters.push({ pred, res: (m) => (clearTimeout(t), res(m)) });
          }),
      }),
    );
  });
}

describe('websocket', () => {
  test('a burst of positions reaches the browser merged by unit, with the latest state', async () => {
    const c = await connect(admin);
    await c.waitFor((m) => m.type === 'hello');
    c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['units'] }));
    await c.waitFor((m) => m.type === 'subscribed');
    const u = world.unit.W02!;
    for (let i = 0; i < 20; i++) {
      await admin.post('/api/units/positions', { positions: [{ unitId: u, lon: 120.015 + i * 1e-4, lat: 32.015, at: at(100 + i) }] });
    }
    // units that only move travel as compact unit_moves: [id, lon, lat, positionAt, speedKmh, heading]
    const m = (await c.waitFor((x) => x.type === 'unit_moves' && x.moves.some((y) => y[0] === u && y[3] === at(119)))) as Extract<ServerMessage, { type: 'unit_moves' }>;
    const moveMessages = c.messages.filter((x) => x.type === 'unit_moves');
    assert.ok(moveMessages.length < 20, `20 positions arrived in ${moveMessages.length} messages`);
    assert.equal(m.moves.filter((y) => y[0] === u).length, 1, 'one entry per unit in a message');
    assert.deepEqual(m.moves.find((y) => y[0] === u), [u, 120.015 + 19 * 1e-4, 32.015, at(119), null, null]);
    c.ws.close();
  });

  test('incident changes reach subscribers inside the area, and only them', async () => {
    const lead1 = await login(env.app, 'lead1');
    const lead2 = await login(env.app, 'lead2');
    const c1 = await connect(lead1);
    const c2 = await connect(lead2);
    for (const c of [c1, c2]) {
      c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['incidents'] }));
      await c.waitFor((m) => m.type === 'subscribed');
    }
    const created = (await admin.post('/api/incidents', newIncident())).json() as { id: number };
    const got = (await c1.waitFor((m) => m.type === 'incident' && m.incident.id === created.id)) as Extract<ServerMessage, { type: 'incident' }>;
    assert.equal(got.incident.areas.station?.code, 'S1');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!c2.messages.some((m) => m.type === 'incident'), 'the other station hears nothing');
    // subscribing to an area outside one's scope is refused
    c2.ws.send(JSON.stringify({ type: 'subscribe', topics: ['incidents'], areaId: world.area.S1 }));
    const err = await c2.waitFor((m) => m.type === 'error');
    assert.equal((err as { code: string }).code, 'AREA_NOT_FOUND');
    c1.ws.close();
    c2.ws.close();
  });

  test('messages that are not objects get an error and the server stays up', async () => {
    const c = await connect(admin);
    await c.waitFor((m) => m.type === 'hello');
    for (const bad of ['null', '42', '[]', '"subscribe"', '{"type":"subscribe","topics":"units"}', '{oops']) c.ws.send(bad);
    await new Promise((r) => setTimeout(r, 300));
    const errors = c.messages.filter((m) => m.type === 'error');
    assert.equal(errors.length, 6, JSON.stringify(errors));
    c.ws.send(JSON.stringify({ type: 'ping' }));
    await c.waitFor((m) => m.type === 'pong');
    const health = await env.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(health.statusCode, 200);
    c.ws.close();
  });

  test('logging out closes the sockets of that session', async () => {
    const officer = await login(env.app, 'officer1');
    const c = await connect(officer);
    await c.waitFor((m) => m.type === 'hello');
    const closed = new Promise<number>((resolve) => c.ws.on('close', (code) => resolve(code)));
    await officer.post('/api/auth/logout');
    assert.equal(await closed, 4401);
  });

  test('a page of another origin cannot open the socket with the user\'s cookie', async () => {
    const ws = new WebSocket(`ws://${base}/api/ws`, { headers: { cookie: admin.cookie, origin: 'http://127.0.0.1:9999' } });
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    assert.equal(code, 4403);
    const same = new WebSocket(`ws://${base}/api/ws`, { headers: { cookie: admin.cookie, origin: `http://${base}` } });
    const hello = await new Promise<string>((resolve) => same.on('message', (m) => resolve(String(m))));
    assert.equal(JSON.parse(hello).type, 'hello');
    same.close();
  });

  test('without a session the upgrade is refused with 401', async () => {
    const ws = new WebSocket(`ws://${base}/api/ws`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    assert.equal(status, 401);
  });
});
