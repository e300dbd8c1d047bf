// The phone's offline queue (issue 13 part 5) and the scene's remarks and photos (part 2): an action sent with an
// Idempotency-Key is written once and its first answer replayed; a key reused for another request is 422; an action
// that arrives late is recorded at its real (client) time when plausible and marked late-synced (补传); a queue of
// 200 actions with 50 photos replayed twice writes everything exactly once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import jpeg from 'jpeg-js';
import type { Incident, IncidentDetail, MdtAssignment, MdtRemark } from '@jingwang/contracts';
import { T0, buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';
import { closePhotoPool } from '../src/lib/photo';
import { fieldTime, CLIENT_MAX_AGE_MS, LATE_AFTER_MS } from '../src/lib/fieldtime';
import { purgeIdempotencyKeys } from '../src/lib/idempotency';

let env: TestEnv;
let world: World;
let dispatcher: Agent;
let officer1: Agent;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  const db = env.ctx.db;
  await db.updateTable('users').set({ person_id: world.person.P1! }).where('id', '=', world.user.officer1!).execute();
  await db.insertInto('unit_members').values([{ unit_id: world.unit.W01!, person_id: world.person.P1! }, { unit_id: world.unit.W02!, person_id: world.person.P1! }]).execute();
  dispatcher = await login(env.app, 'dispatcher');
  officer1 = await login(env.app, 'officer1');
});
after(async () => {
  await env.close();
  await closePhotoPool();
});

async function dispatchTo(unitId: number): Promise<{ inc: Incident; assignment: MdtAssignment }> {
  const r = await dispatcher.post('/api/incidents', newIncident());
  assert.equal(r.statusCode, 201, r.body);
  const created = r.json() as Incident;
  const d = await dispatcher.post(`/api/incidents/${created.id}/dispatch`, { unitId, version: created.version });
  assert.equal(d.statusCode, 200, d.body);
  const mine = (await officer1.get('/api/mdt/assignments')).json() as MdtAssignment[];
  const assignment = mine.find((a) => a.incidentId === created.id && a.unitId === unitId);
  assert.ok(assignment, 'the unit member has the assignment');
  return { inc: d.json() as Incident, assignment };
}

/** Ends a call so that its unit is free for the next test (the dispatcher cancels it). */
async function cancel(id: number): Promise<void> {
  const r = await dispatcher.post(`/api/incidents/${id}/transition`, { action: 'cancel', reason: 'other', note: 'test', version: (await detail(id)).version });
  assert.equal(r.statusCode, 200, r.body);
}

const detail = async (id: number) => (await dispatcher.get(`/api/incidents/${id}`)).json() as IncidentDetail;
const count = async (table: string, where = sql`true`) => (await sql<{ n: number }>`select count(*)::int n from ${sql.table(table)} where ${where}`.execute(env.ctx.db)).rows[0]!.n;
const keyed = (key: string, clientTime?: string) => ({ 'idempotency-key': key, ...(clientTime ? { 'x-client-time': clientTime } : {}) });

function grayJpeg(seed: number): string {
  const data = Buffer.alloc(24 * 16 * 4, seed % 256);
  return `data:image/jpeg;base64,${Buffer.from(jpeg.encode({ data, width: 24, height: 16 }, 80).data).toString('base64')}`;
}

describe('the time of a late field action', () => {
  test('the claim is kept when plausible, the receipt otherwise; late after a minute', () => {
    const now = Date.parse(T0);
    assert.deepEqual(fieldTime(now, null), { at: T0, receivedAt: T0, late: false, refused: null });
    const tenMin = fieldTime(now, now - 10 * 60_000);
    assert.equal(tenMin.at, new Date(now - 10 * 60_000).toISOString());
    assert.equal(tenMin.late, true);
    assert.equal(fieldTime(now, now - LATE_AFTER_MS + 1000).late, false, 'a few seconds of network is not late');
    // a phone slightly ahead is clamped to the receipt; far ahead, too old or before the record: the receipt
    assert.equal(fieldTime(now, now + 30_000).at, T0);
    for (const claim of [now + 10 * 60_000, now - CLIENT_MAX_AGE_MS - 1]) {
      const t = fieldTime(now, claim);
      assert.equal(t.at, T0);
      assert.equal(t.late, false);
      assert.equal(t.refused, new Date(claim).toISOString());
    }
    assert.equal(fieldTime(now, now - 60 * 60_000, now - 30 * 60_000).at, T0, 'not before the thing it acts on');
  });
});

describe('idempotency keys', () => {
  test('a repeat replays the first answer without a second write; another body with the key is 422', async () => {
    const { inc, assignment } = await dispatchTo(world.unit.W01!);
    const url = `/api/mdt/assignments/${assignment.id}/remarks`;
    const first = await officer1.post(url, { text: '现场已控制' }, keyed('remark-key-0001'));
    assert.equal(first.statusCode, 200, first.body);
    const events = async () => (await detail(inc.id)).events.filter((e) => e.type === 'remark').length;
    assert.equal(await events(), 1);
    const again = await officer1.post(url, { text: '现场已控制' }, keyed('remark-key-0001'));
    assert.equal(again.statusCode, 200);
    assert.equal(again.body, first.body, 'the same body');
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(await events(), 1, 'no second remark');
    const other = await officer1.post(url, { text: '另一条' }, keyed('remark-key-0001'));
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().code, 'IDEMPOTENCY_KEY_REUSED');
    const otherRoute = await officer1.post(`/api/mdt/assignments/${assignment.id}/ack`, {}, keyed('remark-key-0001'));
    assert.equal(otherRoute.json().code, 'IDEMPOTENCY_KEY_REUSED', 'the key is per user, not per route');
    assert.equal(await events(), 1);
    // without a key nothing is kept: two remarks
    await officer1.post(url, { text: '无键' });
    await officer1.post(url, { text: '无键' });
    assert.equal(await events(), 3);
    // the same key by another user is another action
    const d2 = await dispatcher.post(`/api/incidents/${inc.id}/remarks`, { text: '指挥室备注', version: (await detail(inc.id)).version }, keyed('remark-key-0001'));
    assert.equal(d2.statusCode, 200, d2.body);
    assert.equal(await events(), 4);
    await cancel(inc.id);
  });

  test('a refusal (4xx) is kept and replayed too; a malformed key is 400; old keys are purged', async () => {
    const { inc, assignment } = await dispatchTo(world.unit.W02!);
    const url = `/api/mdt/assignments/${assignment.id}/remarks`;
    const blank = await officer1.post(url, { text: '  ' }, keyed('blank-remark-01'));
    assert.equal(blank.statusCode, 400);
    const again = await officer1.post(url, { text: '  ' }, keyed('blank-remark-01'));
    assert.equal(again.statusCode, 400);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    for (const bad of ['short', 'has space in it', 'x'.repeat(101), '键键键键键键键键键']) {
      const r = await officer1.post(url, { text: 'x' }, { 'idempotency-key': bad });
      assert.equal(r.statusCode, 400, bad);
      assert.equal(r.json().details[0].field, 'idempotency-key');
    }
    // a malformed X-Client-Time is refused naming the header, as on check-ins and task completion: nothing written
    const remarksBefore = await count('incident_events');
    for (const bad of ['yesterday', '2026/06/16 00:05', '2026-06-16T00:05:00']) {
      const r = await officer1.post(url, { text: '时间不明的备注' }, { 'x-client-time': bad });
      assert.equal(r.statusCode, 400, bad);
      assert.equal(r.json().details[0].field, 'x-client-time', bad);
    }
    assert.equal(await count('incident_events'), remarksBefore);
    const before = await count('idempotency_keys');
    assert.ok(before >= 2);
    await cancel(inc.id);
    env.clock.advance(8 * 24 * 3600_000);
    assert.equal(await purgeIdempotencyKeys(env.ctx), before);
    env.clock.set(T0);
  });
});

describe('late sync', () => {
  test('status and remark sent late are recorded at their real time and marked 补传; implausible times are not trusted', async () => {
    env.clock.set(T0);
    const { inc, assignment } = await dispatchTo(world.unit.W01!);
    // the officer acted 2 and 4 minutes after the dispatch without signal; the queue drains 10 minutes after it
    const acted = (min: number) => new Date(Date.parse(T0) + min * 60_000).toISOString();
    env.clock.set(acted(10));
    const ack = await officer1.post(`/api/mdt/assignments/${assignment.id}/ack`, {}, keyed('late-ack-0001', acted(1)));
    assert.equal(ack.statusCode, 200, ack.body);
    assert.equal((ack.json() as MdtAssignment).ackedAt, acted(1));
    const er = await officer1.post(`/api/mdt/assignments/${assignment.id}/status`, { action: 'en_route', version: inc.version }, keyed('late-enroute1', acted(2)));
    assert.equal(er.statusCode, 200, er.body);
    const rm = await officer1.post(`/api/mdt/assignments/${assignment.id}/remarks`, { text: '途中' }, keyed('late-remark01', acted(4)));
    assert.equal((rm.json() as MdtRemark).lateSynced, true);
    const d = await detail(inc.id);
    assert.equal(d.enRouteAt, acted(2), 'the phase time is the real time (1/3/5 compliance)');
    const ev = (type: string) => d.events.find((e) => e.type === type)!;
    for (const [type, at] of [['mdt_ack', acted(1)], ['en_route', acted(2)], ['remark', acted(4)]] as const) {
      assert.equal(ev(type).at, at, type);
      assert.equal(ev(type).lateSynced, true, type);
      assert.equal(ev(type).receivedAt, acted(10), type);
    }
    // on time (within a minute): not late; a time in the future or before the dispatch: the receipt, not late
    env.clock.set(acted(11));
    await officer1.post(`/api/mdt/assignments/${assignment.id}/remarks`, { text: '准时' }, keyed('ontime-remark', acted(10.5)));
    await officer1.post(`/api/mdt/assignments/${assignment.id}/remarks`, { text: '未来' }, keyed('future-remark', acted(30)));
    await officer1.post(`/api/mdt/assignments/${assignment.id}/remarks`, { text: '派警前' }, keyed('before-remark', acted(-5)));
    const later = (await detail(inc.id)).events.filter((e) => e.type === 'remark');
    const byNote = (n: string) => later.find((e) => e.note === n)!;
    assert.equal(byNote('准时').at, acted(10.5));
    assert.equal(byNote('准时').lateSynced, undefined);
    for (const n of ['未来', '派警前']) {
      assert.equal(byNote(n).at, acted(11), n);
      assert.equal(byNote(n).lateSynced, undefined, n);
    }
    // arriving cannot be dated before en route
    const v = (await detail(inc.id)).version;
    await officer1.post(`/api/mdt/assignments/${assignment.id}/status`, { action: 'arrive', version: v }, keyed('early-arrive1', acted(1.5)));
    assert.equal((await detail(inc.id)).onSceneAt, acted(11));
    const done = await officer1.post(`/api/mdt/assignments/${assignment.id}/status`, { action: 'resolve', disposition: 'handled', version: (await detail(inc.id)).version });
    assert.equal(done.statusCode, 200, done.body);
    env.clock.set(T0);
  });
});

describe('scene photos and the 200-action queue', () => {
  test('a queue of 200 actions with 50 photos sent twice writes each once, in order', async () => {
    env.clock.set(T0);
    const { inc, assignment } = await dispatchTo(world.unit.W02!);
    const base = Date.parse(T0);
    type Item = { key: string; at: string; url: string; body: Record<string, unknown> | (() => Promise<Record<string, unknown>>) };
    const queue: Item[] = [];
    const url = (p: string) => `/api/mdt/assignments/${assignment.id}/${p}`;
    const version = async () => ({ version: (await detail(inc.id)).version });
    queue.push({ key: 'q-0000-ack', at: '', url: url('ack'), body: {} });
    queue.push({ key: 'q-0001-enroute', at: '', url: url('status'), body: async () => ({ action: 'en_route', ...(await version()) }) });
    queue.push({ key: 'q-0002-arrive', at: '', url: url('status'), body: async () => ({ action: 'arrive', ...(await version()) }) });
    let photos = 0;
    for (let i = 3; i < 199; i++) {
      const withPhoto = photos < 50 && i % 3 === 0;
      if (withPhoto) photos++;
      queue.push({ key: `q-${String(i).padStart(4, '0')}-remark`, at: '', url: url('remarks'), body: { text: `记录${i}`, ...(withPhoto ? { photos: [{ dataUrl: grayJpeg(i) }] } : {}) } });
    }
    queue.push({ key: 'q-0199-resolve', at: '', url: url('status'), body: async () => ({ action: 'resolve', disposition: 'mediated', ...(await version()) }) });
    assert.equal(queue.length, 200);
    assert.equal(photos, 50);
    queue.forEach((q, i) => (q.at = new Date(base + 60_000 + i * 1000).toISOString()));
    // the phone fixes each body once, before its first send (a status takes the incident's version then)
    const bodies: Record<string, unknown>[] = [];
    env.clock.set(base + 3600_000); // signal returns an hour later
    const photosBefore = await count('incident_photos');
    for (let round = 0; round < 2; round++) {
      for (const [i, q] of queue.entries()) {
        if (round === 0) bodies[i] = typeof q.body === 'function' ? await q.body() : q.body;
        const r = await officer1.post(q.url, bodies[i], keyed(q.key, q.at));
        assert.equal(r.statusCode, 200, `${round} ${q.key}: ${r.body}`);
        if (round === 1) assert.equal(r.headers['idempotent-replayed'], 'true', q.key);
      }
    }
    const d = await detail(inc.id);
    const remarks = d.events.filter((e) => e.type === 'remark');
    assert.equal(remarks.length, 196, 'each remark once');
    assert.deepEqual(remarks.map((e) => e.note), queue.slice(3, 199).map((q) => (q.body as { text: string }).text), 'in order');
    assert.equal(d.events.filter((e) => e.type === 'mdt_photos').length, 50);
    assert.equal((await count('incident_photos')) - photosBefore, 50, 'each photo once');
    assert.equal(d.status, 'resolved');
    assert.equal(d.events.filter((e) => e.type === 'resolve').length, 1);
    assert.ok(d.events.filter((e) => e.type !== 'created' && e.type !== 'dispatch').every((e) => e.lateSynced === true), 'all 补传');
    assert.equal(d.resolvedAt, queue[199]!.at);
    // a stored photo is readable by the dispatcher, is a JPEG and is 404 for a stranger id
    const ids = (d.events.find((e) => e.type === 'mdt_photos')!.data as { photoIds: number[] }).photoIds;
    const p = await dispatcher.get(`/api/mdt/photos/${ids[0]}`);
    assert.equal(p.statusCode, 200);
    assert.equal(p.headers['content-type'], 'image/jpeg');
    assert.equal((await dispatcher.get('/api/mdt/photos/2147483647')).json().code, 'MDT_PHOTO_NOT_FOUND');
    env.clock.set(T0);
  });
});
