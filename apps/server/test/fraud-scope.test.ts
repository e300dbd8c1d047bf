// Issue 19 defect 7: a record outside the caller's area answers 404 with the record's NOT_FOUND code, exactly as one
// that does not exist (existence does not leak), never 403 OUT_OF_SCOPE. Fraud warnings (read, contact, outcome,
// follow-up) outside the caller's station or not the officer's own task; and another user's notification.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { FraudIntakeResult, FraudWarning } from '@jingwang/contracts';
import { notify } from '../src/modules/notifications/service';
import { buildWorld, createTestEnv, login, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let disp: Agent;
let officer: Agent;
let lead1: Agent;
let lead2: Agent;

const W = (externalId: string, lon: number, lat: number) => ({ externalId, fraudType: '冒充客服', personName: '张秀英', phone: '13812345678', address: '测试路1号', lon, lat, warnedAt: '2026-06-15T01:50:00.000Z' });
const notFound = (r: { statusCode: number; body: string; json(): unknown }, code: string) => {
  assert.equal(r.statusCode, 404, r.body);
  assert.equal((r.json() as { code: string }).code, code);
};

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await sql`update users set person_id = ${world.person.P1!} where username = 'officer1'`.execute(env.ctx.db);
  disp = await login(env.app, 'dispatcher');
  officer = await login(env.app, 'officer1');
  lead1 = await login(env.app, 'lead1');
  lead2 = await login(env.app, 'lead2');
});
after(async () => env?.close());

describe('fraud warnings outside the caller\'s scope are not found', () => {
  let west: FraudWarning; // S1, officer1's task
  let east: FraudWarning; // S2, P2's task

  test('setup: one warning in each station', async () => {
    const r = (await disp.post('/api/fraud/warnings', { source: 'fzzx', warnings: [W('FZ-W', 120.005, 32.005), W('FZ-E', 120.03, 32.005)] })).json() as FraudIntakeResult;
    assert.deepEqual(r.results.map((x) => x.status), ['accepted', 'accepted']);
    west = (await disp.get(`/api/fraud/warnings/${r.results[0]!.warningId}`)).json() as FraudWarning;
    east = (await disp.get(`/api/fraud/warnings/${r.results[1]!.warningId}`)).json() as FraudWarning;
    assert.equal(west.station?.id, world.area.S1);
    assert.equal(east.station?.id, world.area.S2);
  });

  test('another station\'s lead: read, contact, outcome and follow-up are 404 FRAUD_WARNING_NOT_FOUND, as for no warning at all', async () => {
    for (const id of [west.id, 999_999]) {
      notFound(await lead2.get(`/api/fraud/warnings/${id}`), 'FRAUD_WARNING_NOT_FOUND');
      notFound(await lead2.get(`/api/fraud/warnings/${id}/contact`), 'FRAUD_WARNING_NOT_FOUND');
      notFound(await lead2.post(`/api/fraud/warnings/${id}/outcome`, { version: 1, outcome: 'dissuaded' }), 'FRAUD_WARNING_NOT_FOUND');
      notFound(await lead2.post(`/api/fraud/warnings/${id}/followup`, { version: 1, note: '回访' }), 'FRAUD_WARNING_NOT_FOUND');
    }
    // nothing changed, nothing read
    const now = (await disp.get(`/api/fraud/warnings/${west.id}`)).json() as FraudWarning;
    assert.equal(now.version, west.version);
    assert.equal(now.status, 'accepted');
    const audited = await sql<{ n: number }>`select count(*)::int n from audit_log where action = 'fraud.contact'`.execute(env.ctx.db);
    assert.equal(audited.rows[0]!.n, 0);
    // the station's own lead sees it
    assert.equal((await lead1.get(`/api/fraud/warnings/${west.id}`)).statusCode, 200);
  });

  test('an officer: another officer\'s task is 404 for every action; their own is handled', async () => {
    notFound(await officer.get(`/api/fraud/warnings/${east.id}`), 'FRAUD_WARNING_NOT_FOUND');
    notFound(await officer.get(`/api/fraud/warnings/${east.id}/contact`), 'FRAUD_WARNING_NOT_FOUND');
    notFound(await officer.post(`/api/fraud/warnings/${east.id}/outcome`, { version: east.version, outcome: 'dissuaded' }), 'FRAUD_WARNING_NOT_FOUND');
    notFound(await officer.post(`/api/fraud/warnings/${east.id}/followup`, { version: east.version, note: '回访' }), 'FRAUD_WARNING_NOT_FOUND');
    const ok = await officer.post(`/api/fraud/warnings/${west.id}/outcome`, { version: west.version, outcome: 'dissuaded' });
    assert.equal(ok.statusCode, 200, ok.body);
    // and the other station's lead still cannot see that a follow-up is due
    notFound(await lead2.post(`/api/fraud/warnings/${west.id}/followup`, { version: (ok.json() as FraudWarning).version, note: '回访' }), 'FRAUD_WARNING_NOT_FOUND');
  });
});

describe('notifications of another user are not found', () => {
  test('marking another user\'s notification read is 404 NOTIFICATION_NOT_FOUND and leaves it unread', async () => {
    const [id] = await notify(env.ctx, [world.user.officer1!], { kind: 'test', title: '测试通知', refType: 'test', refId: '1' });
    assert.ok(id);
    notFound(await lead2.post(`/api/notifications/${id}/read`), 'NOTIFICATION_NOT_FOUND');
    notFound(await lead2.post('/api/notifications/999999/read'), 'NOTIFICATION_NOT_FOUND');
    assert.deepEqual(((await lead2.get('/api/notifications')).json() as { items: unknown[] }).items, []);
    const mine = (await officer.get('/api/notifications')).json() as { unread: number; items: { id: number; readAt: string | null }[] };
    assert.equal(mine.unread, 1);
    assert.equal(mine.items[0]!.id, id);
    assert.equal(mine.items[0]!.readAt, null);
    assert.equal((await officer.post(`/api/notifications/${id}/read`)).statusCode, 204);
    assert.equal(((await officer.get('/api/notifications')).json() as { unread: number }).unread, 0);
  });
});
