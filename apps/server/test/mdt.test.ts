// The field terminal (issue 13 parts 1, 2): a dispatch reaches the unit's members only, is acknowledged once, falls
// back to the webhook once when nobody acknowledges in time, and status from the phone reaches the incident.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import WebSocket from 'ws';
import type { Incident, IncidentDetail, MdtAckState, MdtAssignment, MdtRoute, ServerMessage } from '@jingwang/contracts';
import { PASSWORD, buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';
import { hashPassword } from '../src/modules/auth/service';
import { mdtTick } from '../src/jobs/mdt';

let env: TestEnv;
let world: World;
let dispatcher: Agent;
let officer1: Agent;
let officer2: Agent;
let base: string;
let hook: http.Server;
const hooked: { userId: number; kind: string; title: string }[] = [];

before(async () => {
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hooked.push(JSON.parse(body) as (typeof hooked)[number]);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookPort = (hook.address() as { port: number }).port;
  env = await createTestEnv({ notifyWebhookUrl: `http://127.0.0.1:${hookPort}/sms`, mdtAckSeconds: 60 });
  world = await buildWorld(env);
  const db = env.ctx.db;
  // officer1 is 王警官 (P1), a member of W01 and W02; officer2 is 李警官 (P2) of E01, no member of W01
  await db.updateTable('users').set({ person_id: world.person.P1! }).where('id', '=', world.user.officer1!).execute();
  const o2 = await db
    .insertInto('users')
    .values({ username: 'officer2', display_name: 'officer2', password_hash: await hashPassword(PASSWORD), role: 'officer', scope_area_id: world.area.S1!, person_id: world.person.P2! })
    .returning('id')
    .executeTakeFirstOrThrow();
  world.user.officer2 = o2.id;
  await db
    .insertInto('unit_members')
    .values([
      { unit_id: world.unit.W01!, person_id: world.person.P1! },
      { unit_id: world.unit.W01!, person_id: world.person.P1B! }, // no account: nobody to send to
      { unit_id: world.unit.W02!, person_id: world.person.P1! },
      { unit_id: world.unit.E01!, person_id: world.person.P2! },
    ])
    .execute();
  dispatcher = await login(env.app, 'dispatcher');
  officer1 = await login(env.app, 'officer1');
  officer2 = await login(env.app, 'officer2');
  await env.app.listen({ host: '127.0.0.1', port: 0 });
  base = `127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
});
after(async () => {
  await env.close();
  await new Promise((r) => hook.close(r));
});

function phone(agent: Agent): Promise<{ ws: WebSocket; messages: ServerMessage[]; waitFor: (pred: (m: ServerMessage) => boolean, ms?: number) => Promise<ServerMessage> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base}/api/ws`, { headers: { cookie: agent.cookie } });
    const messages: ServerMessage[] = [];
    const waiters: { pred: (m: ServerMessage) => boolean; done: (m: ServerMessage) => void }[] = [];
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as ServerMessage;
      messages.push(m);
      for (const w of [...waiters]) if (w.pred(m)) (waiters.splice(waiters.indexOf(w), 1), w.done(m));
    });
    ws.on('error', reject);
    const waitFor = (pred: (m: ServerMessage) => boolean, ms = 3000) =>
      new Promise<ServerMessage>((res, rej) => {
        const hit = messages.find(pred);
        if (hit) return res(hit);
        const t = setTimeout(() => rej(new Error('timed out waiting for a message')), ms);
        waiters.push({ pred, done: (m) => (clearTimeout(t), res(m)) });
      });
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'subscribe', topics: ['mdt'] }));
      void waitFor((m) => m.type === 'subscribed').then(() => resolve({ ws, messages, waitFor }), reject);
    });
  });
}

async function dispatchTo(unitId: number, over: Record<string, unknown> = {}): Promise<Incident> {
  const r = await dispatcher.post('/api/incidents', newIncident(over));
  assert.equal(r.statusCode, 201, r.body);
  const inc = r.json() as Incident;
  const d = await dispatcher.post(`/api/incidents/${inc.id}/dispatch`, { unitId, version: inc.version });
  assert.equal(d.statusCode, 200, d.body);
  return d.json() as Incident;
}

const isAssignment = (incidentId: number) => (m: ServerMessage) => m.type === 'mdt_assignment' && m.assignment.incidentId === incidentId;

describe('the field terminal', () => {
  let incA: Incident;
  let assignmentA: MdtAssignment;

  test('a dispatch reaches the members of the unit at once, and no one else', async () => {
    const p1 = await phone(officer1);
    const p2 = await phone(officer2);
    const desk = await phone(dispatcher);
    incA = await dispatchTo(world.unit.W01!, { priority: 1, address: '测试路8号' });
    const m = await p1.waitFor(isAssignment(incA.id));
    assert.equal(m.type, 'mdt_assignment');
    assignmentA = (m as Extract<ServerMessage, { type: 'mdt_assignment' }>).assignment;
    assert.equal(assignmentA.unitId, world.unit.W01);
    assert.equal(assignmentA.incident.address, '测试路8号');
    assert.equal(assignmentA.incident.priority, 1);
    assert.equal(assignmentA.incident.callerPhone, '139****5678', 'the number is masked on the socket');
    assert.deepEqual(assignmentA.recipients.map((r) => r.userId), [world.user.officer1]);
    assert.equal(assignmentA.ackedAt, null);
    assert.equal(assignmentA.active, true);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(p2.messages.filter((x) => x.type === 'mdt_assignment').length, 0, 'a member of another unit hears nothing');
    assert.equal(desk.messages.filter((x) => x.type === 'mdt_assignment').length, 0, 'the dispatcher is no member');
    for (const c of [p1, p2, desk]) c.ws.close();
    // stored: the phone that opens later reads it over REST; others do not see it
    const mine = (await officer1.get('/api/mdt/assignments')).json() as MdtAssignment[];
    assert.deepEqual(mine.map((a) => a.id), [assignmentA.id]);
    assert.deepEqual((await officer2.get('/api/mdt/assignments')).json(), []);
    const other = await officer2.get(`/api/mdt/assignments/${assignmentA.id}`);
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().code, 'MDT_ASSIGNMENT_NOT_FOUND');
    assert.equal((await officer2.post(`/api/mdt/assignments/${assignmentA.id}/ack`, {})).statusCode, 404);
    assert.equal((await officer2.get(`/api/mdt/assignments/${assignmentA.id}/contact`)).statusCode, 404);
  });

  test('not acknowledged in time: the webhook (SMS) fallback fires once', async () => {
    const before = hooked.length;
    env.clock.advance(30_000);
    assert.equal(await mdtTick(env.ctx), 0, 'not due before MDT_ACK_SECONDS');
    env.clock.advance(31_000);
    assert.equal(await mdtTick(env.ctx), 1);
    assert.equal(await mdtTick(env.ctx), 0, 'once');
    const sent = hooked.slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.userId, world.user.officer1);
    assert.equal(sent[0]!.kind, 'mdt_dispatch');
    const acks = (await dispatcher.get(`/api/incidents/${incA.id}/mdt`)).json() as MdtAckState[];
    assert.equal(acks.length, 1);
    assert.ok(acks[0]!.fallbackAt);
    assert.equal(acks[0]!.ackedAt, null, 'the command room sees it is not acknowledged');
  });

  test('acknowledgement is idempotent: a replay or a second ack changes nothing', async () => {
    const r1 = await officer1.post(`/api/mdt/assignments/${assignmentA.id}/ack`, { idempotencyKey: 'ack-1' });
    assert.equal(r1.statusCode, 200, r1.body);
    const a1 = r1.json() as MdtAssignment;
    assert.ok(a1.ackedAt);
    assert.equal(a1.ackedBy?.userId, world.user.officer1);
    env.clock.advance(5_000);
    const r2 = await officer1.post(`/api/mdt/assignments/${assignmentA.id}/ack`, { idempotencyKey: 'ack-1' });
    const r3 = await officer1.post(`/api/mdt/assignments/${assignmentA.id}/ack`, {});
    assert.deepEqual(r2.json(), a1);
    assert.deepEqual(r3.json(), a1);
    const detail = (await dispatcher.get(`/api/incidents/${incA.id}`)).json() as IncidentDetail;
    assert.equal(detail.events.filter((e) => e.type === 'mdt_ack').length, 1, 'one acknowledgement on the timeline');
    const acks = (await dispatcher.get(`/api/incidents/${incA.id}/mdt`)).json() as MdtAckState[];
    assert.equal(acks[0]!.ackedBy?.name, 'officer1');
    // an acknowledged dispatch never falls back
    const incB = await dispatchTo(world.unit.W02!);
    const [b] = ((await officer1.get('/api/mdt/assignments')).json() as MdtAssignment[]).filter((a) => a.incidentId === incB.id);
    assert.equal((await officer1.post(`/api/mdt/assignments/${b!.id}/ack`, {})).statusCode, 200);
    env.clock.advance(120_000);
    assert.equal(await mdtTick(env.ctx), 0);
  });

  test('the caller’s number (audited), the route and navigation links for members', async () => {
    const c = await officer1.get(`/api/mdt/assignments/${assignmentA.id}/contact`);
    assert.equal(c.statusCode, 200, c.body);
    assert.equal(c.json().callerPhone, '13912345678');
    const audited = await env.ctx.db.selectFrom('audit_log').select(['action', 'user_id']).where('action', '=', 'incident.contact.read').execute();
    assert.ok(audited.some((a) => a.user_id === world.user.officer1));
    const r = await officer1.get(`/api/mdt/assignments/${assignmentA.id}/route`);
    assert.equal(r.statusCode, 200, r.body);
    const route = r.json() as MdtRoute;
    assert.match(route.geoUri, /^geo:32\.005000,120\.005000/);
    assert.match(route.amapUri, /^https:\/\/uri\.amap\.com\/navigation\?to=120\.0\d+,32\.00\d+,/);
    assert.match(route.amapUri, /coordinate=gaode/);
  });

  test('status from the phone goes through the incident’s transitions onto its timeline; a replay changes nothing', async () => {
    const p1 = await phone(officer1);
    let inc = (await dispatcher.get(`/api/incidents/${incA.id}`)).json() as IncidentDetail;
    let r = await officer1.post(`/api/mdt/assignments/${assignmentA.id}/status`, { action: 'en_route', version: inc.version });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as MdtAssignment).incident.status, 'en_route');
    const v = (r.json() as MdtAssignment).incident.version;
    // the same report again (stale version, status already reached): nothing changes, no error
    r = await officer1.post(`/api/mdt/assignments/${assignmentA.id}/status`, { action: 'en_route', version: inc.version });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as MdtAssignment).incident.version, v);
    env.clock.advance(90_000);
    r = await officer1.post(`/api/mdt/assignments/${assignmentA.id}/status`, { action: 'arrive', version: v });
    assert.equal(r.statusCode, 200, r.body);
    const a = r.json() as MdtAssignment;
    assert.equal(a.incident.status, 'on_scene');
    r = await officer1.post(`/api/mdt/assignments/${assignmentA.id}/status`, { action: 'resolve', version: a.incident.version, note: '已调解', disposition: 'mediated' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as MdtAssignment).active, false);
    inc = (await dispatcher.get(`/api/incidents/${incA.id}`)).json() as IncidentDetail;
    assert.equal(inc.status, 'resolved');
    const steps = inc.events.filter((e) => ['en_route', 'arrive', 'resolve'].includes(e.type));
    assert.deepEqual(steps.map((e) => [e.type, e.actor]), [['en_route', 'officer1'], ['arrive', 'officer1'], ['resolve', 'officer1']]);
    assert.ok(inc.onSceneAt && inc.response.dispatchToArrivalS !== null, 'the arrival time counts for the 1/3/5 compliance');
    // the phone heard each change
    await p1.waitFor((m) => m.type === 'mdt_assignment' && m.assignment.id === assignmentA.id && m.assignment.incident.status === 'resolved');
    p1.ws.close();
    // a finished assignment leaves the phone's list; a member of another unit cannot report on it
    assert.ok(!((await officer1.get('/api/mdt/assignments')).json() as MdtAssignment[]).some((x) => x.id === assignmentA.id));
    assert.equal((await officer2.post(`/api/mdt/assignments/${assignmentA.id}/status`, { action: 'resolve', version: 1 })).statusCode, 404);
  });

  test('the command room’s view is 404 outside the caller’s area', async () => {
    const lead2 = await login(env.app, 'lead2');
    const r = await lead2.get(`/api/incidents/${incA.id}/mdt`);
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'INCIDENT_NOT_FOUND');
  });
});
