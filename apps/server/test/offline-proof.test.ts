// The phone's offline queue for check-ins and task completion (issue 13 part 5): a check-in or a completion sent
// late with X-Client-Time is judged and recorded at the time the officer acted - the unit's track, the plan's shift,
// the task's due time and day - and marked late-synced (补传) with its receipt time kept; a replay with the same
// Idempotency-Key writes once; a malformed X-Client-Time is 400 naming the header and writes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import jpeg from 'jpeg-js';
import type { Checkin, MyScreen, MyTasks, PatrolPlan, TaskDetail } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, PASSWORD, type Agent, type TestEnv, type World } from './helpers';
import { closePhotoPool } from '../src/lib/photo';
import { ensureDefaults } from '../src/modules/tasks/catalogue';
import { escalate } from '../src/modules/tasks/service';
import { hashPassword } from '../src/modules/auth/service';

const MIN = 60_000;
// the day shift of 2026-06-15: 08:00-16:00 local (UTC+8), 00:00-08:00Z
const SHIFT_START = Date.parse('2026-06-15T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const keyed = (key: string, clientTime?: string) => ({ 'idempotency-key': key, ...(clientTime ? { 'x-client-time': clientTime } : {}) });

let env: TestEnv;
let world: World;
const a: Record<string, Agent> = {};

async function count(table: string): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int n from ${sql.table(table)}`.execute(env.ctx.db)).rows[0]!.n;
}
/** Sessions expire with the clock: log in again after moving it far. */
async function at(ms: number): Promise<void> {
  env.clock.set(ms);
  for (const u of ['dispatcher', 'lead1', 'lead2', 'officer1', 'officer2']) a[u] = await login(env.app, u);
}
function grayJpeg(seed: number): string {
  const data = Buffer.alloc(24 * 16 * 4, seed % 256);
  return `data:image/jpeg;base64,${Buffer.from(jpeg.encode({ data, width: 24, height: 16 }, 80).data).toString('base64')}`;
}

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  const db = env.ctx.db;
  await ensureDefaults(env.ctx, { templates: true });
  // officer1 is P1, a member of W01 (S1's street patrol); officer2 is P2 of S2
  await sql`update users set person_id = ${world.person.P1!} where username = 'officer1'`.execute(db);
  await db.insertInto('users').values({ username: 'officer2', display_name: 'officer2', password_hash: await hashPassword(PASSWORD), role: 'officer', scope_area_id: world.area.S2!, person_id: world.person.P2! }).execute();
  await db.insertInto('unit_members').values({ unit_id: world.unit.W01!, person_id: world.person.P1! }).execute();
  await sql`update units set patrol_tier = 'street', patrol_area_id = ${world.area.S1!}, base_lon = lon, base_lat = lat where callsign in ('W01','W02')`.execute(db);
});
after(async () => {
  await env?.close();
  await closePhotoPool();
});

describe('a check-in sent late', () => {
  let route: PatrolPlan['routes'][number];
  let stop: PatrolPlan['routes'][number]['stops'][number];
  let planId = 0;
  const post = (body: Record<string, unknown>, headers: Record<string, string>) => a.officer1!.post('/api/patrol/checkins', { routeId: route.id, kind: stop.kind, ref: stop.ref, method: 'manual', ...body }, headers);
  const position = (ms: number, dLat: number) =>
    env.ctx.db.insertInto('unit_positions').values({ unit_id: world.unit.W01!, at: iso(ms), lon: stop.lon, lat: stop.lat + dLat, speed_kmh: null, heading: null }).execute();

  before(async () => {
    // planned and published the evening before the shift
    await at(SHIFT_START - 60 * MIN);
    const shiftId = (await env.ctx.db.insertInto('patrol_shifts').values({ code: 'day', name: '早班', starts_at: '08:00', duration_min: 480 }).returning('id').executeTakeFirstOrThrow()).id;
    const p = await a.lead1!.post('/api/patrol/points', { code: 'PA', name: '北路夜市', kind: 'must_patrol', tier: 'street', lon: 120.008, lat: 32.015, visitsPerShift: 1, dwellMinutes: 5 });
    assert.equal(p.statusCode, 201, p.body);
    const g = await a.dispatcher!.post('/api/patrol/plans/generate', { date: '2026-06-15', shiftId, tier: 'street', areaId: world.area.S1, unitIds: [world.unit.W01!], seed: 1, timeBudgetMs: 300 });
    assert.equal(g.statusCode, 201, g.body);
    const plan = g.json() as PatrolPlan;
    const pub = await a.dispatcher!.post(`/api/patrol/plans/${plan.id}/publish`, { version: plan.version });
    assert.equal(pub.statusCode, 200, pub.body);
    planId = plan.id;
    route = (pub.json() as PatrolPlan).routes.find((r) => r.callsign === 'W01')!;
    stop = route.stops.find((s) => s.kind === 'point') ?? route.stops.find((s) => s.kind !== 'line')!;
    assert.ok(stop, `W01 has a stop: ${JSON.stringify((pub.json() as PatrolPlan).routes.map((r) => [r.callsign, r.stops.length]))} ${JSON.stringify((pub.json() as PatrolPlan).unmet)}`);
  });

  test('judged against the unit\'s track at the time it was made, recorded then and marked 补传; a replay writes once', async () => {
    // the device was at the stop at 08:58 local and 5 km north at 09:55; the check-in was made at 09:00 without
    // signal and reaches the server at 10:00
    await position(SHIFT_START + 58 * MIN, 0.0002);
    await position(SHIFT_START + 115 * MIN, 0.045);
    await at(SHIFT_START + 120 * MIN);
    const made = iso(SHIFT_START + 60 * MIN);
    const before = [await count('patrol_checkins'), await count('patrol_photos')];
    // judged now (no header, or a time the phone cannot have: ahead of the server) the device is 5 km away: refused
    for (const h of [keyed('now-checkin-01'), keyed('future-chk-01', iso(SHIFT_START + 130 * MIN))]) {
      const r = await post({ photo: grayJpeg(1), lon: stop.lon, lat: stop.lat }, h);
      assert.equal(r.statusCode, 422, r.body);
      assert.equal(r.json().code, 'CHECKIN_TOO_FAR');
      assert.equal(r.json().details.reason, 'track_far');
    }
    // made at 09:00, when the device was there
    const late = await post({ photo: grayJpeg(2), lon: stop.lon, lat: stop.lat, note: '到位' }, keyed('late-checkin-01', made));
    assert.equal(late.statusCode, 201, late.body);
    const c = late.json() as Checkin;
    assert.equal(c.at, made);
    assert.equal(c.lateSynced, true);
    assert.equal(c.receivedAt, iso(SHIFT_START + 120 * MIN));
    assert.equal(c.proof, 'verified');
    assert.equal(c.proofReason, 'track_near');
    // the same key again: the first answer, nothing written twice
    const again = await post({ photo: grayJpeg(2), lon: stop.lon, lat: stop.lat, note: '到位' }, keyed('late-checkin-01', made));
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.body, late.body);
    assert.deepEqual([await count('patrol_checkins'), await count('patrol_photos')], [before[0]! + 1, before[1]! + 1]);
    // made at 09:56, when the device was 5 km away: refused though it was there an hour before
    const wrong = await post({ photo: grayJpeg(3), lon: stop.lon, lat: stop.lat }, keyed('late-checkin-02', iso(SHIFT_START + 116 * MIN)));
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.equal(wrong.json().details.reason, 'track_far');
    // the plan's list shows it 补传 with both times; the audit keeps the receipt
    const listed = ((await a.dispatcher!.get(`/api/patrol/plans/${planId}/checkins`)).json() as Checkin[]).find((x) => x.id === c.id)!;
    assert.deepEqual([listed.at, listed.lateSynced, listed.receivedAt], [made, true, iso(SHIFT_START + 120 * MIN)]);
    const audit = await env.ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'patrol.checkin').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const detail = (typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail) as { lateSynced?: boolean; receivedAt?: string };
    assert.deepEqual([detail.lateSynced, detail.receivedAt], [true, iso(SHIFT_START + 120 * MIN)]);
  });

  test('within the shift when it was made: accepted after the shift has ended; on time (under a minute) is not 补传', async () => {
    // a QR-free hand check-in at 15:50 local, the device there at 15:45; the signal returns at 17:00 (shift over)
    await position(SHIFT_START + 465 * MIN, 0.0001);
    await at(SHIFT_START + 540 * MIN);
    const now = await post({ photo: grayJpeg(4), lon: stop.lon, lat: stop.lat }, keyed('after-shift-01'));
    assert.equal(now.statusCode, 409, now.body);
    assert.equal(now.json().code, 'SHIFT_NOT_ON');
    const late = await post({ photo: grayJpeg(4), lon: stop.lon, lat: stop.lat }, keyed('after-shift-02', iso(SHIFT_START + 470 * MIN)));
    assert.equal(late.statusCode, 201, late.body);
    assert.deepEqual([(late.json() as Checkin).at, (late.json() as Checkin).lateSynced, (late.json() as Checkin).proof], [iso(SHIFT_START + 470 * MIN), true, 'verified']);
    // sent within the minute: its own time, not marked
    await position(SHIFT_START + 200 * MIN, 0.0001);
    await at(SHIFT_START + 201 * MIN);
    const onTime = await post({ photo: grayJpeg(5), lon: stop.lon, lat: stop.lat }, keyed('on-time-chk-01', iso(SHIFT_START + 200.5 * MIN)));
    assert.equal(onTime.statusCode, 201, onTime.body);
    assert.deepEqual([(onTime.json() as Checkin).at, (onTime.json() as Checkin).lateSynced, (onTime.json() as Checkin).receivedAt], [iso(SHIFT_START + 200.5 * MIN), false, null]);
  });

  test('a malformed X-Client-Time is 400 naming the header and writes nothing', async () => {
    const before = [await count('patrol_checkins'), await count('patrol_photos')];
    for (const bad of ['yesterday 9am', '2026-06-15 09:00', '2026-06-15T09:00:00', '2026-06-15T99:00:00Z']) {
      const r = await post({ photo: grayJpeg(6), lon: stop.lon, lat: stop.lat }, { 'x-client-time': bad });
      assert.equal(r.statusCode, 400, `${bad}: ${r.body}`);
      assert.equal(r.json().details[0].field, 'x-client-time', bad);
    }
    assert.deepEqual([await count('patrol_checkins'), await count('patrol_photos')], before);
  });
});

describe('a task completion sent late', () => {
  const NOTE = '今日走访辖区三户居民，排查出租房隐患一处，已登记台账并上报所里，明日继续跟进整改。';
  // 2026-06-15 local ends at 16:00Z: the daily log (SQ12) is due then
  const DUE = Date.parse('2026-06-15T16:00:00.000Z');
  const log = async (who: 'officer1' | 'officer2') => ((await a[who]!.get('/api/tasks/mine?date=2026-06-15')).json() as MyTasks).items.find((i) => i.template.code === 'SQ12')!;

  before(async () => {
    await at(Date.parse('2026-06-15T02:00:00.000Z'));
    const tid = (await env.ctx.db.selectFrom('task_templates').select('id').where('code', '=', 'SQ12').executeTakeFirstOrThrow()).id;
    for (const [lead, person] of [['lead1', world.person.P1!], ['lead2', world.person.P2!]] as const) {
      const r = await a[lead]!.post('/api/tasks/assignments', { templateId: tid, targetKind: 'person', personId: person, level: 'station' });
      assert.equal(r.statusCode, 201, r.body);
    }
  });

  test('done at 23:50, synced at 00:10: done that day, on time, no card, marked 补传; the same without the header is late', async () => {
    const mine = await log('officer1');
    const theirs = await log('officer2');
    assert.equal(mine.dueAt, iso(DUE));
    // midnight: the ladder finds both undone (overdue, reminder)
    await at(DUE);
    await escalate(env.ctx);
    assert.equal((await log('officer1')).supervision, 'reminder');
    await at(DUE + 10 * MIN);
    const url = `/api/tasks/${mine.id}/complete`;
    const before = await count('task_evidence');
    const r = await a.officer1!.post(url, { version: mine.version, note: NOTE }, keyed('late-complete-01', iso(DUE - 10 * MIN)));
    assert.equal(r.statusCode, 200, r.body);
    const d = r.json() as TaskDetail;
    assert.deepEqual([d.task.status, d.task.late, d.task.doneAt, d.task.supervision], ['done', false, iso(DUE - 10 * MIN), 'none']);
    assert.deepEqual([d.evidence[0]!.at, d.evidence[0]!.lateSynced, d.evidence[0]!.receivedAt], [iso(DUE - 10 * MIN), true, iso(DUE + 10 * MIN)]);
    // the ladder's history stays (it did fire); the card is not carried
    assert.deepEqual(d.escalations.map((e) => e.step).sort(), ['overdue', 'reminder']);
    // replayed: the first answer, one evidence row
    const again = await a.officer1!.post(url, { version: mine.version, note: NOTE }, keyed('late-complete-01', iso(DUE - 10 * MIN)));
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal((await count('task_evidence')) - before, 1);
    // it counts for the day it was done: the checklist of the 15th shows it done, on time
    const day = (await a.officer1!.get('/api/tasks/mine?date=2026-06-15')).json() as MyTasks;
    assert.equal(day.items.find((i) => i.id === mine.id)!.status, 'done');
    assert.equal(day.counts.overdue, 0);
    const me = (await a.officer1!.get('/api/screens/me')).json() as MyScreen;
    assert.equal(me.indicators!.measures.tasks_done_on_time, me.indicators!.measures.tasks_due);

    // officer2 sends the same at 00:10 with no time of its own: done at 00:10, late, the card kept
    const t2 = (await a.officer2!.post(`/api/tasks/${theirs.id}/complete`, { version: theirs.version, note: NOTE }, keyed('now-complete-01'))).json() as TaskDetail;
    assert.deepEqual([t2.task.late, t2.task.doneAt, t2.task.supervision, t2.evidence[0]!.lateSynced, t2.evidence[0]!.receivedAt], [true, iso(DUE + 10 * MIN), 'reminder', false, null]);
  });

  test('a malformed X-Client-Time is 400 naming the header and writes nothing; a claim before the task\'s day is not believed', async () => {
    await at(DUE + 11 * MIN);
    const tid = (await env.ctx.db.selectFrom('task_templates').select('id').where('code', '=', 'SQ12').executeTakeFirstOrThrow()).id;
    // tomorrow's log (generated when issued): its period starts at 16:00Z
    const next = ((await a.officer1!.get('/api/tasks/mine?date=2026-06-16')).json() as MyTasks).items.find((i) => i.template.code === 'SQ12' && i.dueAt === iso(DUE + 24 * 60 * MIN))!;
    assert.ok(next, `tomorrow's log (template ${tid})`);
    const before = await count('task_evidence');
    const bad = await a.officer1!.post(`/api/tasks/${next.id}/complete`, { version: next.version, note: NOTE }, { 'x-client-time': '2026/06/16 00:05' });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().details[0].field, 'x-client-time');
    assert.equal(await count('task_evidence'), before);
    // a phone clock set a day back: before the task's period, so the receipt is its time (and nothing is 补传)
    const r = await a.officer1!.post(`/api/tasks/${next.id}/complete`, { version: next.version, note: NOTE }, keyed('early-complete1', iso(DUE - 24 * 60 * MIN)));
    assert.equal(r.statusCode, 200, r.body);
    const d = r.json() as TaskDetail;
    assert.deepEqual([d.task.doneAt, d.evidence[0]!.lateSynced], [iso(DUE + 11 * MIN), false]);
  });
});
