// Two API nodes on one PostgreSQL database: a change made through one reaches the sockets of the other
// (LISTEN/NOTIFY), and a re-cut on one reloads the other's area tree.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { Incident, ServerMessage } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, newIncident, type TestEnv } from './helpers';

const onServer = !!process.env.TEST_DATABASE_URL;
const skip = onServer ? false : 'needs a PostgreSQL server (TEST_DATABASE_URL): the embedded database is one process';

let a: TestEnv;
let b: TestEnv;

before(async () => {
  if (!onServer) return;
  a = await createTestEnv({}, { bus: true });
  await buildWorld(a);
  b = await createTestEnv({}, { node: a });
  await b.ctx.areas.reload();
  await b.app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  if (!onServer) return;
  await b.close();
  await a.close();
});

describe('several API nodes', { skip }, () => {
  test('an incident created on node A reaches a socket on node B; unit moves too', async () => {
    const onA = await login(a.app, 'admin');
    const onB = await login(b.app, 'admin');
    const port = (b.app.server.address() as { port: number }).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie: onB.cookie } });
    const messages: ServerMessage[] = [];
    ws.on('message', (m) => messages.push(JSON.parse(String(m)) as ServerMessage));
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['incidents', 'units'] }));
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(pred(), JSON.stringify(messages.map((m) => m.type)));
    };
    await until(() => messages.some((m) => m.type === 'subscribed'));
    const inc = (await onA.post('/api/incidents', newIncident())).json() as Incident;
    await until(() => messages.some((m) => m.type === 'incident' && m.incident.id === inc.id));
    const units = (await onA.get('/api/units')).json() as { id: number }[];
    await onA.post('/api/units/positions', { positions: [{ unitId: units[0]!.id, lon: 120.011, lat: 32.011, at: new Date(a.clock.now().getTime() + 1000).toISOString() }] });
    await until(() => messages.some((m) => m.type === 'units' && m.units.some((u) => u.id === units[0]!.id && u.lon === 120.011)));
    ws.close();
  });

  test('when the LISTEN connection drops, the node reconnects and makes its browsers resync', async () => {
    const onA = await login(a.app, 'admin');
    const onB = await login(b.app, 'admin');
    const port = (b.app.server.address() as { port: number }).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie: onB.cookie } });
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    // cut node B's listening connection from the server side
    const { sql } = await import('kysely');
    const killed = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int n from pg_stat_activity
      where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()`.execute(a.ctx.db);
    assert.ok(killed.rows[0]!.n >= 1, 'a LISTEN connection was found');
    assert.equal(await closed, 4000, 'sockets are closed with "resync" once the bus is back');
    // and changes flow again
    const ws2 = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie: onB.cookie } });
    const got: ServerMessage[] = [];
    ws2.on('message', (m) => got.push(JSON.parse(String(m)) as ServerMessage));
    await new Promise((r) => ws2.on('open', r));
    ws2.send(JSON.stringify({ type: 'subscribe', topics: ['incidents'] }));
    for (let i = 0; i < 100 && !got.some((m) => m.type === 'subscribed'); i++) await new Promise((r) => setTimeout(r, 50));
    const inc = (await onA.post('/api/incidents', newIncident())).json() as Incident;
    for (let i = 0; i < 100 && !got.some((m) => m.type === 'incident' && m.incident.id === inc.id); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(got.some((m) => m.type === 'incident' && m.incident.id === inc.id));
    ws2.close();
  });

  test('a re-cut on node A is seen by node B at once', async () => {
    const onA = await login(a.app, 'admin');
    const r = await onA.post('/api/areas/recut', { op: 'merge', sourceCodes: ['G211', 'G212'], target: { code: 'G21M', name: '合并网格', kind: 'grid' } });
    assert.equal(r.statusCode, 200, r.body);
    for (let i = 0; i < 100 && !b.ctx.areas.tree().liveByCodeGet('G21M'); i++) await new Promise((res) => setTimeout(res, 50));
    assert.ok(b.ctx.areas.tree().liveByCodeGet('G21M'), 'node B knows the new grid');
    assert.equal(b.ctx.areas.tree().liveByCodeGet('G211'), undefined, 'and that the old ones are retired');
  });

  test('pooled connections the server drops while idle are replaced; the process does not crash', async () => {
    const { sql } = await import('kysely');
    // fill node B's pool with several idle connections, then cut them all from another session
    await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(b.ctx.db)));
    const killed = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int n from pg_stat_activity
      where datname = current_database() and state = 'idle' and query not ilike 'listen %' and pid <> pg_backend_pid()
      and backend_type = 'client backend'`.execute(a.ctx.db);
    assert.ok(killed.rows[0]!.n >= 1, 'idle pooled connections were found');
    await new Promise((r) => setTimeout(r, 200)); // let the 'error' events arrive (an unhandled one fails this file)
    const onB = await login(b.app, 'admin');
    assert.equal((await onB.get('/api/units')).statusCode, 200);
  });
});
