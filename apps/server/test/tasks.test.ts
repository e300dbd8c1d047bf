// Tasks, supervision, indicators and assessment (issue 6) on the real database: generation from the recurrence
// (idempotent), the ladder on a controlled clock with reminders, completion with a photo and its refusals (nothing
// written), versions, extensions, indicators against values computed by hand on drawn data, not-available
// indicators, scores and ranks, and scope (officers and station leads do not see another station's people).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { occurrences, localMidnight } from '@jingwang/core';
import type { Assessment, MyScreen, MyTasks, StationScreen, BigScreen, SubjectIndicators, Supervision, TaskDetail, TaskInstance } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, PASSWORD, type Agent, type TestEnv, type World } from './helpers';
import { ensureDefaults } from '../src/modules/tasks/catalogue';
import { escalate, generateDue, generateInstances } from '../src/modules/tasks/service';
import { hashPassword } from '../src/modules/auth/service';

// a real 1x1 PNG: photos are decoded (lib/photo.ts), a bare signature is refused
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4AWM4ISf3HwAEugIEzCecNQAAAABJRU5ErkJggg==';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

async function count(env: TestEnv, table: string): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int n from ${sql.table(table)}`.execute(env.ctx.db)).rows[0]!.n;
}
async function templateId(env: TestEnv, code: string): Promise<number> {
  return (await env.ctx.db.selectFrom('task_templates').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}
async function addOfficerUser(env: TestEnv, username: string, personId: number, scope: number) {
  await env.ctx.db
    .insertInto('users')
    .values({ username, display_name: username, password_hash: await hashPassword(PASSWORD), role: 'officer', scope_area_id: scope, person_id: personId })
    .execute();
}

describe('tasks: generation, work, supervision, scope', () => {
  let env: TestEnv;
  let world: World;
  const a: Record<string, Agent> = {};

  before(async () => {
    env = await createTestEnv();
    world = await buildWorld(env);
    await ensureDefaults(env.ctx, { templates: true });
    await sql`update users set person_id = ${world.person.P1!} where username = 'officer1'`.execute(env.ctx.db);
    await addOfficerUser(env, 'officer2', world.person.P2!, world.area.S2!);
    await relogin();
  });
  // sessions expire with the clock: log in again after moving it
  const relogin = async () => {
    for (const u of ['admin', 'district', 'lead1', 'lead2', 'officer1', 'officer2']) a[u] = await login(env.app, u);
  };
  const at = async (t: number) => {
    env.clock.set(t);
    await relogin();
  };
  after(async () => env?.close());

  test('the catalogue: 83 templates as data; admins edit it, with field errors and versions', async () => {
    const list = (await a.officer1!.get('/api/tasks/templates')).json() as { code: string }[];
    assert.equal(list.length, 83);
    const body = { code: 'X01', category: 'community', name: '测试任务', schedule: { recurrence: { kind: 'weekly', weekdays: [] }, target: 1, limit: 'period' }, evidence: { photos: 1 }, assignee: 'community_officer' };
    assert.equal((await a.lead1!.post('/api/tasks/templates', { ...body, schedule: { ...body.schedule, recurrence: { kind: 'daily' } } })).statusCode, 403);
    const bad = await a.admin!.post('/api/tasks/templates', body);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().details[0].field, '/schedule/recurrence/weekdays');
    const ok = await a.admin!.post('/api/tasks/templates', { ...body, schedule: { ...body.schedule, recurrence: { kind: 'weekly', weekdays: [1] } } });
    assert.equal(ok.statusCode, 201, ok.body);
    const t = ok.json() as { id: number; version: number };
    const patch = (v: number) => env.app.inject({ method: 'PATCH', url: `/api/tasks/templates/${t.id}`, headers: { cookie: a.admin!.cookie, 'x-csrf-token': a.admin!.csrf }, payload: { version: v, name: '改名' } });
    assert.equal((await patch(1)).statusCode, 200);
    const stale = await patch(1);
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'STALE_VERSION');
    assert.equal((await a.admin!.post('/api/tasks/templates', { ...body, schedule: { ...body.schedule, recurrence: { kind: 'daily' } } })).json().code, 'DUPLICATE_TASK_CODE');
  });

  test('the catalogue refuses what could never work: an evidence form with a choice without options or a name twice, a ladder for no category', async () => {
    const body = { code: 'X02', category: 'community', name: '表单测试', schedule: { recurrence: { kind: 'daily' }, target: 1, limit: 'period' }, assignee: 'community_officer' };
    const form = [
      { name: 'kind', label: '类型', type: 'choice', required: true },
      { name: 'kind', label: '类型2', type: 'text', required: false },
    ];
    const templates = await count(env, 'task_templates');
    const bad = await a.admin!.post('/api/tasks/templates', { ...body, evidence: { form } });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(
      (bad.json().details as { field: string }[]).map((d) => d.field).sort(),
      ['/evidence/form/0/options', '/evidence/form/1/name'],
    );
    assert.equal(await count(env, 'task_templates'), templates);
    const ok = await a.admin!.post('/api/tasks/templates', { ...body, evidence: { form: [{ ...form[0], options: ['走访', '电话'] }] } });
    assert.equal(ok.statusCode, 201, ok.body);
    const t = ok.json() as { id: number; version: number };
    // a change to the evidence is checked the same way, and writes nothing when refused
    const patch = await env.app.inject({ method: 'PATCH', url: `/api/tasks/templates/${t.id}`, headers: { cookie: a.admin!.cookie, 'x-csrf-token': a.admin!.csrf }, payload: { version: t.version, evidence: { form: [{ ...form[0], options: [' '] }] } } });
    assert.equal(patch.statusCode, 400, patch.body);
    assert.equal(patch.json().details[0].field, '/evidence/form/0/options');
    assert.equal((await a.admin!.get(`/api/tasks/templates/${t.id}`)).json().version, t.version);

    const ladder = { dueSoonMinutes: 60, reminderMinutes: 0, yellowMinutes: 600, redMinutes: 1200 };
    const put = (category: string, b: object = ladder) => env.app.inject({ method: 'PUT', url: `/api/tasks/policies/${category}`, headers: { cookie: a.admin!.cookie, 'x-csrf-token': a.admin!.csrf }, payload: b });
    const none = await put('no_such_category');
    assert.equal(none.statusCode, 400, none.body);
    assert.equal(none.json().details[0].field, '/category');
    const outOfOrder = await put('performance', { ...ladder, yellowMinutes: 1500 });
    assert.equal(outOfOrder.statusCode, 400);
    assert.equal(outOfOrder.json().details[0].field, '/redMinutes');
    assert.deepEqual(((await a.lead1!.get('/api/tasks/policies')).json() as { category: string }[]).map((p) => p.category), ['*']);
    const set = await put('performance');
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual((set.json() as { category: string }[]).map((p) => p.category), ['*', 'performance']);
    const lead = await env.app.inject({ method: 'PUT', url: '/api/tasks/policies/performance', headers: { cookie: a.lead1!.cookie, 'x-csrf-token': a.lead1!.csrf }, payload: ladder });
    assert.equal(lead.statusCode, 403);
    // the ladder of the later tests is the default one
    await sql`delete from task_escalation_policies where category = 'performance'`.execute(env.ctx.db);
  });

  let sq01: TaskInstance;
  test('issuing: scope-checked by level; generation follows the recurrence and is idempotent', async () => {
    const tid = await templateId(env, 'SQ01'); // daily, 5 households, a photo and a form
    // a station lead issues at station level only, and only to the station's people
    const wrongLevel = await a.lead1!.post('/api/tasks/assignments', { templateId: tid, targetKind: 'person', personId: world.person.P1, level: 'district' });
    assert.equal(wrongLevel.statusCode, 403);
    const other = await a.lead2!.post('/api/tasks/assignments', { templateId: tid, targetKind: 'person', personId: world.person.P1, level: 'station' });
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().code, 'OUT_OF_SCOPE');
    assert.equal((await a.officer1!.post('/api/tasks/assignments', { templateId: tid, targetKind: 'person', personId: world.person.P1, level: 'station' })).statusCode, 403);
    const missing = await a.lead1!.post('/api/tasks/assignments', { templateId: tid, targetKind: 'team', level: 'station' });
    assert.equal(missing.json().details[0].field, '/teamId');
    assert.equal(await count(env, 'task_assignments'), 0);

    const r = await a.lead1!.post('/api/tasks/assignments', { templateId: tid, targetKind: 'person', personId: world.person.P1, level: 'station' });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().generated, 2); // today and tomorrow
    assert.equal(await generateDue(env.ctx), 0);
    // a week ahead: exactly the recurrence's occurrences, written once
    const from = localMidnight('2026-06-15', 480);
    const sched = { recurrence: { kind: 'daily' as const }, target: 5, limit: 'period' as const };
    const expected = occurrences(sched, from, from + 7 * DAY, 480).length;
    assert.equal(expected, 7);
    assert.equal(await generateInstances(env.ctx, { from, to: from + 7 * DAY }), 5);
    assert.equal(await generateInstances(env.ctx, { from, to: from + 7 * DAY }), 0);
    assert.equal(await count(env, 'task_instances'), 7);
    // a weekly template (Tuesdays and Thursdays) issued to the team of S1 (P1, P1B, the grid worker)
    const team = await env.ctx.db.selectFrom('teams').select('id').where('code', '=', 'T1').executeTakeFirstOrThrow();
    const w = await a.lead1!.post('/api/tasks/assignments', { templateId: await templateId(env, 'SQ02'), targetKind: 'team', teamId: team.id, level: 'station', place: { name: '警务室', lon: 120.005, lat: 32.005 } });
    assert.equal(w.statusCode, 201, w.body);
    const before = await count(env, 'task_instances');
    await generateInstances(env.ctx, { from, to: from + 14 * DAY });
    // SQ01: 7 more days; SQ02: 3 members x 4 days (Tue, Thu x 2 weeks) less Tuesday's, written when issued
    assert.equal((await count(env, 'task_instances')) - before, 7 + 3 * 3);

    const mine = (await a.officer1!.get('/api/tasks/mine')).json() as MyTasks;
    assert.equal(mine.date, '2026-06-15');
    sq01 = mine.items.find((i) => i.template.code === 'SQ01')!;
    assert.ok(sq01);
    assert.equal(sq01.dueAt, '2026-06-15T16:00:00.000Z'); // by the next local midnight
    assert.equal(sq01.target, 5);
    assert.ok(!mine.items.some((i) => i.template.code === 'SQ02')); // Monday: no office hours
    const tue = (await a.officer1!.get('/api/tasks/mine?date=2026-06-16')).json() as MyTasks;
    assert.ok(tue.items.some((i) => i.template.code === 'SQ02' && i.place?.name === '警务室'));
  });

  test('scope: officers see their own tasks, a station lead not another station\'s people, the district lead both', async () => {
    const p2 = await a.lead2!.post('/api/tasks/assignments', { templateId: await templateId(env, 'SQ12'), targetKind: 'person', personId: world.person.P2, level: 'station' });
    assert.equal(p2.statusCode, 201, p2.body);
    const p2task = ((await a.officer2!.get('/api/tasks/mine')).json() as MyTasks).items[0]!;
    assert.equal((await a.officer1!.get(`/api/tasks/${p2task.id}`)).statusCode, 404);
    // outside the caller's scope a task does not exist (404 with its NOT_FOUND code), never 403 OUT_OF_SCOPE
    const hidden = await a.lead1!.get(`/api/tasks/${p2task.id}`);
    assert.deepEqual([hidden.statusCode, hidden.json().code], [404, 'TASK_NOT_FOUND']);
    const hidden2 = await a.lead2!.get(`/api/tasks/${sq01.id}`);
    assert.deepEqual([hidden2.statusCode, hidden2.json().code], [404, 'TASK_NOT_FOUND']);
    // nor do writes on it reveal it: cancelling another station's task, ending another station's assignment
    const cancel = await a.lead1!.post(`/api/tasks/${p2task.id}/cancel`, { version: p2task.version });
    assert.deepEqual([cancel.statusCode, cancel.json().code], [404, 'TASK_NOT_FOUND']);
    const p2assignment = (p2.json() as { assignment: { id: number; version: number } }).assignment;
    const end = await a.lead1!.post(`/api/tasks/assignments/${p2assignment.id}/end`, { version: p2assignment.version });
    assert.deepEqual([end.statusCode, end.json().code], [404, 'TASK_ASSIGNMENT_NOT_FOUND']);
    const stillActive = await env.ctx.db.selectFrom('task_assignments').select(['active', 'version']).where('id', '=', p2assignment.id).executeTakeFirstOrThrow();
    assert.deepEqual(stillActive, { active: true, version: p2assignment.version });
    assert.equal(((await a.officer2!.get(`/api/tasks/${p2task.id}`)).json() as TaskDetail).task.status, 'open');
    // the same for a record that does not exist at all: the caller cannot tell the two apart
    assert.deepEqual((await a.lead1!.get('/api/tasks/99999999')).json().code, 'TASK_NOT_FOUND');
    assert.equal((await a.district!.get(`/api/tasks/${sq01.id}`)).statusCode, 200);
    assert.equal((await a.district!.get(`/api/tasks/${p2task.id}`)).statusCode, 200);
    assert.equal((await a.officer1!.get('/api/tasks/supervision')).statusCode, 403);
    // indicators of another station's officer
    assert.equal((await a.officer1!.get(`/api/indicators?level=officer&subjectId=${world.person.P2}`)).statusCode, 403);
    assert.equal((await a.lead1!.get(`/api/indicators?level=officer&subjectId=${world.person.P2}`)).statusCode, 403);
    assert.equal((await a.lead2!.get(`/api/indicators?level=officer&subjectId=${world.person.P2}`)).statusCode, 200);
    assert.equal((await a.lead1!.get(`/api/screens/station?stationId=${world.area.S2}`)).statusCode, 403);
    const st = (await a.lead1!.get('/api/screens/station')).json() as StationScreen;
    assert.ok(st.officers.every((o) => o.person.id !== world.person.P2));
    assert.ok(st.officers.some((o) => o.person.id === world.person.P1));
  });

  test('my screen moves right after a completion: a task done before its due time counts, on time; info collected moves', async () => {
    const me0 = (await a.officer2!.get('/api/screens/me')).json() as MyScreen;
    assert.equal(me0.person?.id, world.person.P2);
    assert.equal(me0.indicators!.measures.tasks_due, 0); // today's log (SQ12) is due tonight, not done yet
    assert.equal(me0.indicators!.values.find((v) => v.code === 'task_completion')!.available, false);
    const r = await a.lead2!.post('/api/tasks/assignments', { templateId: await templateId(env, 'SQ04'), targetKind: 'person', personId: world.person.P2, level: 'station' }); // daily, 10 people, feeds info
    assert.equal(r.statusCode, 201, r.body);
    const items = ((await a.officer2!.get('/api/tasks/mine')).json() as MyTasks).items;
    const log = items.find((i) => i.template.code === 'SQ12')!;
    const info = items.find((i) => i.template.code === 'SQ04')!;
    const note = '今日走访辖区三户居民，排查出租房隐患一处，已登记台账并上报所里，明日继续跟进整改。';
    assert.equal((await a.officer2!.post(`/api/tasks/${log.id}/complete`, { version: log.version, note })).statusCode, 200);
    // 4 of 10 people: collected moves, the task is not done nor due, so it is in neither count yet
    const part = await a.officer2!.post(`/api/tasks/${info.id}/complete`, { version: info.version, amount: 4, form: { count: 4 } });
    assert.equal(part.statusCode, 200, part.body);
    let me = (await a.officer2!.get('/api/screens/me')).json() as MyScreen;
    let m = me.indicators!.measures;
    assert.deepEqual([m.tasks_due, m.tasks_done_on_time, m.info_collected, m.info_target], [1, 1, 4, 0]);
    assert.equal(me.indicators!.values.find((v) => v.code === 'task_completion')!.value, 100);
    const rest = await a.officer2!.post(`/api/tasks/${info.id}/complete`, { version: (part.json() as TaskDetail).task.version, form: { count: 6 } });
    assert.equal((rest.json() as TaskDetail).task.status, 'done');
    me = (await a.officer2!.get('/api/screens/me')).json() as MyScreen;
    m = me.indicators!.measures;
    // both done today before tonight's due time: 2 due (so far), 2 on time; 10 collected of 10; tomorrow's not counted
    assert.deepEqual([m.tasks_due, m.tasks_done_on_time, m.info_collected, m.info_target], [2, 2, 10, 10]);
    assert.equal(me.indicators!.values.find((v) => v.code === 'task_completion')!.value, 100);
    assert.equal(me.indicators!.values.find((v) => v.code === 'info_collection')!.value, 100);
    // anyone may refresh their own indicators; another's only with indicators.compute (and in scope)
    assert.equal((await a.officer2!.get(`/api/indicators?level=officer&subjectId=${world.person.P2}&fresh=true`)).statusCode, 200);
    assert.equal((await a.officer2!.get(`/api/indicators?level=officer&subjectId=${world.person.P1}&fresh=true`)).statusCode, 403);
    assert.equal((await a.lead2!.get(`/api/indicators?level=officer&subjectId=${world.person.P2}&fresh=true`)).statusCode, 200);
  });

  test('completion with evidence: refusals name the field and write nothing; stale version 409; a photo done and audited', async () => {
    const url = `/api/tasks/${sq01.id}/complete`;
    const form = { address: '测试路1号', kind: '常住户' };
    const snap = async () => [await count(env, 'task_evidence'), await count(env, 'task_photos'), (await env.ctx.db.selectFrom('task_instances').select(['version', 'progress']).where('id', '=', String(sq01.id)).executeTakeFirstOrThrow())];
    const s0 = await snap();
    const noPhoto = await a.officer1!.post(url, { version: sq01.version, form });
    assert.equal(noPhoto.statusCode, 422);
    assert.equal(noPhoto.json().code, 'EVIDENCE_INVALID');
    assert.deepEqual(noPhoto.json().details.map((d: { field: string }) => d.field), ['/photos']);
    const noForm = await a.officer1!.post(url, { version: sq01.version, photos: [{ dataUrl: PNG }], form: { kind: '外星人' } });
    assert.deepEqual(noForm.json().details.map((d: { field: string; code: string }) => [d.field, d.code]), [['/form/address', 'required'], ['/form/kind', 'not_a_choice']]);
    const badImage = await a.officer1!.post(url, { version: sq01.version, photos: [{ dataUrl: 'data:image/jpeg;base64,AAAA' }], form });
    assert.equal(badImage.statusCode, 400);
    assert.equal(badImage.json().details[0].field, '/photos/0/dataUrl');
    const oldPhoto = await a.officer1!.post(url, { version: sq01.version, photos: [{ dataUrl: PNG, takenAt: '2026-06-01T00:00:00Z' }], form });
    assert.equal(oldPhoto.json().details[0].field, '/photos/0/takenAt');
    const stale = await a.officer1!.post(url, { version: sq01.version + 1, photos: [{ dataUrl: PNG }], form });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'STALE_VERSION');
    assert.equal((await a.lead1!.post(url, { version: sq01.version, photos: [{ dataUrl: PNG }], form })).json().code, 'NOT_YOUR_TASK');
    assert.deepEqual(await snap(), s0);

    // 2 of 5 households, then the rest
    const part = await a.officer1!.post(url, { version: sq01.version, amount: 2, photos: [{ dataUrl: PNG }], form });
    assert.equal(part.statusCode, 200, part.body);
    const p = part.json() as TaskDetail;
    assert.equal(p.task.progress, 2);
    assert.equal(p.task.status, 'open');
    const done = (await a.officer1!.post(url, { version: p.task.version, photos: [{ dataUrl: PNG }], form })).json() as TaskDetail;
    assert.equal(done.task.status, 'done');
    assert.equal(done.task.progress, 5);
    assert.equal(done.task.late, false);
    assert.equal(done.evidence.length, 2);
    const closed = await a.officer1!.post(url, { version: done.task.version, photos: [{ dataUrl: PNG }], form });
    assert.equal(closed.statusCode, 409);
    assert.equal(closed.json().code, 'TASK_CLOSED');
    const photoId = done.evidence[1]!.photoIds[0]!;
    const ph = await a.lead1!.get(`/api/tasks/photos/${photoId}`);
    assert.equal(ph.statusCode, 200);
    assert.equal(ph.headers['content-type'], 'image/png');
    // a photo of a task outside the caller's scope does not exist for them
    const hiddenPhoto = await a.lead2!.get(`/api/tasks/photos/${photoId}`);
    assert.deepEqual([hiddenPhoto.statusCode, hiddenPhoto.json().code], [404, 'PHOTO_NOT_FOUND']);
    const audits = await env.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'task_photo.read').execute();
    assert.equal(audits.length, 1);
  });

  test('驻区打卡: a location check with no place of its own is met inside the officer\'s areas, refused outside them', async () => {
    const tid = await templateId(env, 'SQ15'); // weekdays from 10:00, a position within 300 m of the place
    const r = await a.lead1!.post('/api/tasks/assignments', { templateId: tid, targetKind: 'person', personId: world.person.P1, level: 'station' });
    assert.equal(r.statusCode, 201, r.body);
    const mine = (await a.officer1!.get('/api/tasks/mine')).json() as MyTasks;
    const task = mine.items.find((x) => x.template.code === 'SQ15')!;
    assert.ok(task, 'no SQ15 task today');
    const url = `/api/tasks/${task.id}/complete`;
    // P1 answers for community C11 (120.00-120.01 E): a position in S2 is outside, and nothing is written
    const outside = await a.officer1!.post(url, { version: task.version, location: { lon: 120.035, lat: 32.005, accuracyMeters: 10 } });
    assert.equal(outside.statusCode, 422, outside.body);
    assert.deepEqual(outside.json().details.map((d: { field: string; code: string }) => [d.field, d.code]), [['/location', 'outside_zone']]);
    const inside = await a.officer1!.post(url, { version: task.version, location: { lon: 120.005, lat: 32.005, accuracyMeters: 10 } });
    assert.equal(inside.statusCode, 200, inside.body);
    assert.equal((inside.json() as TaskDetail).task.status, 'done');
  });

  test('the ladder on the clock: heads-up, overdue and reminder at due, yellow +24 h, red +72 h, notified once', async () => {
    // SQ12 (daily log) for P1, today's occurrence due at the next local midnight (16:00Z)
    const r = await a.lead1!.post('/api/tasks/assignments', { templateId: await templateId(env, 'SQ12'), targetKind: 'person', personId: world.person.P1, level: 'station' });
    assert.equal(r.statusCode, 201);
    const log = ((await a.officer1!.get('/api/tasks/mine')).json() as MyTasks).items.find((i) => i.template.code === 'SQ12')!;
    const due = Date.parse(log.dueAt);
    const steps = async () => (await env.ctx.db.selectFrom('task_escalations').select('step').where('instance_id', '=', String(log.id)).orderBy('id').execute()).map((x) => x.step);
    const notes = async (user: string) =>
      (await env.ctx.db.selectFrom('notifications as n').innerJoin('users as u', 'u.id', 'n.user_id').select('n.kind').where('u.username', '=', user).where('n.ref_id', 'like', `${log.id}@%`).execute()).map((x) => x.kind);
    await at(due - 2 * HOUR - MIN);
    await escalate(env.ctx);
    assert.deepEqual(await steps(), []);
    await at(due - 2 * HOUR);
    await escalate(env.ctx);
    assert.deepEqual(await steps(), ['due_soon']);
    await at(due);
    await escalate(env.ctx);
    assert.deepEqual(await steps(), ['due_soon', 'overdue', 'reminder']);
    assert.equal(await escalate(env.ctx), 0); // idempotent
    let t = (await a.officer1!.get(`/api/tasks/${log.id}`)).json() as TaskDetail;
    assert.equal(t.task.status, 'overdue');
    assert.equal(t.task.supervision, 'reminder');
    assert.equal(t.task.version, log.version); // the ladder does not bump the version
    await at(due + 24 * HOUR - MIN);
    await escalate(env.ctx);
    assert.equal((await steps()).length, 3);
    await at(due + 24 * HOUR);
    await escalate(env.ctx);
    assert.equal((await a.lead1!.get(`/api/tasks/${log.id}`)).json().task.supervision, 'yellow');
    await at(due + 72 * HOUR);
    await escalate(env.ctx);
    assert.deepEqual(await steps(), ['due_soon', 'overdue', 'reminder', 'yellow', 'red']);
    assert.deepEqual((await notes('officer1')).sort(), ['task_due_soon', 'task_red', 'task_reminder', 'task_yellow']);
    assert.deepEqual((await notes('lead1')).sort(), ['task_red', 'task_yellow']);
    assert.deepEqual(await notes('district'), ['task_red']);
    assert.deepEqual(await notes('lead2'), []);
    const sup = (await a.lead1!.get('/api/tasks/supervision?filter=red')).json() as Supervision;
    assert.ok(sup.items.some((i) => i.id === log.id));
    assert.ok(!((await a.lead2!.get('/api/tasks/supervision?filter=red')).json() as Supervision).items.some((i) => i.id === log.id));
    // late work is still accepted, and marked late
    t = (await a.officer1!.post(`/api/tasks/${log.id}/complete`, { version: log.version, note: '今日走访辖区三户居民，排查出租房隐患一处，已登记台账并上报所里，明日继续跟进整改。' })).json() as TaskDetail;
    assert.equal(t.task.status, 'done');
    assert.equal(t.task.late, true);
  });

  test('extensions: one pending at a time, approved by the station lead in scope, the ladder restarts from the new due time', async () => {
    const r = await a.lead1!.post('/api/tasks/assignments', { templateId: await templateId(env, 'JC10'), targetKind: 'person', personId: world.person.P1, level: 'station' });
    assert.equal(r.statusCode, 201, r.body);
    const task = ((await a.officer1!.get('/api/tasks/mine')).json() as MyTasks).items.find((i) => i.template.code === 'JC10')!;
    const now = env.clock.now().getTime();
    assert.equal(Date.parse(task.dueAt), now + 3 * DAY);
    const url = `/api/tasks/${task.id}/extension`;
    const early = await a.officer1!.post(url, { version: task.version, until: new Date(now + DAY).toISOString(), reason: '需要协调' });
    assert.equal(early.json().code, 'EXTENSION_NOT_LATER');
    const ok = (await a.officer1!.post(url, { version: task.version, until: new Date(now + 6 * DAY).toISOString(), reason: '当事人外出，需要协调时间' })).json() as TaskDetail;
    assert.equal(ok.task.pendingExtension?.status, 'requested');
    assert.equal((await a.officer1!.post(url, { version: ok.task.version, until: new Date(now + 7 * DAY).toISOString(), reason: '再延' })).json().code, 'EXTENSION_PENDING');
    const foreign = await a.lead2!.post(`${url}/approve`, { version: ok.task.version });
    assert.deepEqual([foreign.statusCode, foreign.json().code], [404, 'TASK_NOT_FOUND']);
    assert.equal((await a.officer1!.post(`${url}/approve`, { version: ok.task.version })).statusCode, 403);
    const sup = (await a.lead1!.get('/api/tasks/supervision?filter=extensions')).json() as Supervision;
    assert.ok(sup.items.some((i) => i.id === task.id));
    const approved = (await a.lead1!.post(`${url}/approve`, { version: ok.task.version, until: new Date(now + 5 * DAY).toISOString(), note: '批准至5日' })).json() as TaskDetail;
    assert.equal(Date.parse(approved.task.dueAt), now + 5 * DAY);
    assert.equal(approved.task.originalDueAt, task.dueAt);
    assert.equal(approved.extensions[0]!.status, 'approved');
    assert.equal((await a.lead1!.post(`${url}/reject`, { version: approved.task.version })).json().code, 'NO_EXTENSION_PENDING');
    // nothing fires before the new due time
    await at(now + 3 * DAY + HOUR);
    await escalate(env.ctx);
    const fired = await env.ctx.db.selectFrom('task_escalations').select('step').where('instance_id', '=', String(task.id)).execute();
    assert.deepEqual(fired, []);
    // a second request, rejected: the due time stays
    const again = (await a.officer1!.post(url, { version: approved.task.version, until: new Date(now + 9 * DAY).toISOString(), reason: '仍需协调' })).json() as TaskDetail;
    const rejected = (await a.lead1!.post(`${url}/reject`, { version: again.task.version, note: '按期办结' })).json() as TaskDetail;
    assert.equal(Date.parse(rejected.task.dueAt), now + 5 * DAY);
    assert.deepEqual(rejected.extensions.map((e) => e.status), ['approved', 'rejected']);
    const n = await env.ctx.db.selectFrom('notifications').select('kind').where('kind', 'in', ['task_extension', 'task_extension_decided']).execute();
    assert.equal(n.filter((x) => x.kind === 'task_extension_decided').length, 2);
  });

  test("the station lead's daily check: an officer's checklist of a day in scope only, and each officer's backlog of any day", async () => {
    // a daily log issued to P1 (its own assignment), left undone until it carries a yellow card
    const r = await a.lead1!.post('/api/tasks/assignments', { templateId: await templateId(env, 'SQ12'), targetKind: 'person', personId: world.person.P1, level: 'station' });
    assert.equal(r.statusCode, 201, r.body);
    const assignmentId = (r.json() as { assignment: { id: number } }).assignment.id;
    const mine = (await a.officer1!.get('/api/tasks/mine')).json() as MyTasks;
    const log = mine.items.find((i) => i.assignmentId === assignmentId)!;
    const day = mine.date;

    // the lead sees P1's day as P1 does; the district lead too; nobody else
    const seen = await a.lead1!.get(`/api/tasks/checklist?personId=${world.person.P1}&date=${day}`);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.deepEqual(((seen.json() as MyTasks).items.map((i) => i.id)).sort(), mine.items.map((i) => i.id).sort());
    assert.deepEqual((seen.json() as MyTasks).counts, mine.counts);
    assert.equal((await a.district!.get(`/api/tasks/checklist?personId=${world.person.P1}&date=${day}`)).statusCode, 200);
    const other = await a.lead2!.get(`/api/tasks/checklist?personId=${world.person.P1}`);
    assert.equal(other.statusCode, 403);
    assert.deepEqual([other.json().code, other.json().details?.field], ['OUT_OF_SCOPE', '/personId']);
    assert.equal((await a.officer2!.get(`/api/tasks/checklist?personId=${world.person.P1}`)).statusCode, 403);
    const nobody = await a.lead1!.get('/api/tasks/checklist?personId=999999');
    assert.equal(nobody.statusCode, 404);
    const badDate = await a.lead1!.get(`/api/tasks/checklist?personId=${world.person.P1}&date=2026-02-30`);
    assert.equal(badDate.statusCode, 400);
    assert.equal(badDate.json().code, 'VALIDATION_FAILED');

    // a day and an hour past its due time: overdue, yellow card
    await at(Date.parse(log.dueAt) + DAY + HOUR);
    await escalate(env.ctx);
    assert.equal(((await a.lead1!.get(`/api/tasks/${log.id}`)).json() as TaskDetail).task.supervision, 'yellow');
    // the station screen of the day the task was issued, seen now: the day's counts are that day's, the backlog is now's
    const st = (await a.lead1!.get(`/api/screens/station?date=${day}`)).json() as StationScreen;
    assert.equal(st.date, day);
    const row = st.officers.find((o) => o.person.id === world.person.P1)!;
    const sup = (await a.lead1!.get(`/api/tasks/supervision?personId=${world.person.P1}`)).json() as Supervision;
    assert.ok(sup.items.some((i) => i.id === log.id));
    assert.deepEqual(row.backlog, { overdue: sup.counts.overdue, yellow: sup.counts.yellow, red: sup.counts.red });
    assert.ok(row.backlog.overdue >= 1 && row.backlog.yellow >= 1, JSON.stringify(row.backlog));
    // and the checklist of that day still lists the task, now overdue with its card
    const then = ((await a.lead1!.get(`/api/tasks/checklist?personId=${world.person.P1}&date=${day}`)).json() as MyTasks).items.find((i) => i.id === log.id)!;
    assert.deepEqual([then.status, then.supervision], ['overdue', 'yellow']);
    // P2's backlog is not on station 1's screen
    assert.ok(st.officers.every((o) => o.person.id !== world.person.P2));
  });
});

describe('indicators and assessment on drawn data', () => {
  let env: TestEnv;
  let world: World;
  const a: Record<string, Agent> = {};
  // incidents: [lon, lat, reported (ISO), dispatch-to-arrival seconds or null]
  const draw = async (lon: number, lat: number, at: string, d2a: number | null) => {
    const dispatched = new Date(Date.parse(at) + 60_000).toISOString();
    await sql`insert into incidents (number, source, category, priority, geom, reported_at, status, dispatched_at, on_scene_at)
      values (${'T' + Math.random().toString(36).slice(2, 10)}, 'call_110', 'dispute', 2, st_setsrid(st_point(${lon}, ${lat}), 4326), ${at}::timestamptz,
              ${d2a === null ? 'new' : 'resolved'}, ${d2a === null ? null : dispatched}::timestamptz,
              ${d2a === null ? null : new Date(Date.parse(dispatched) + d2a * 1000).toISOString()}::timestamptz)`.execute(env.ctx.db);
  };

  before(async () => {
    env = await createTestEnv();
    world = await buildWorld(env);
    await ensureDefaults(env.ctx, { templates: true });
    await addOfficerUser(env, 'officer1b', world.person.P1B!, world.area.S1!);
    await relogin();
    // S1 (west): 6 incidents this June, 4 in June 2025; arrivals 100, 200, 250, 400 s against the 300 s target
    const w = [120.005, 32.005] as const;
    for (const [d, s] of [['02', 100], ['03', 200], ['05', 250], ['08', 400], ['10', null], ['12', null]] as const) await draw(w[0], w[1], `2026-06-${d}T03:00:00Z`, s);
    for (const d of ['02', '04', '09', '13']) await draw(w[0], w[1], `2025-06-${d}T03:00:00Z`, null);
    // outside the month to date: before it, later the same month last year (after the same date), and cancelled
    await draw(w[0], w[1], '2026-05-31T12:00:00Z', null);
    await draw(w[0], w[1], '2025-06-20T03:00:00Z', null);
    await draw(w[0], w[1], '2026-06-11T03:00:00Z', 10);
    await sql`update incidents set status = 'cancelled' where reported_at = '2026-06-11T03:00:00Z'`.execute(env.ctx.db);
    // S2 (east): 2 incidents this June (both on target), 4 in June 2025
    const e = [120.035, 32.005] as const;
    for (const d of ['03', '06']) await draw(e[0], e[1], `2026-06-${d}T03:00:00Z`, 60);
    for (const d of ['01', '03', '05', '07']) await draw(e[0], e[1], `2025-06-${d}T03:00:00Z`, null);
  });
  after(async () => env?.close());
  const relogin = async () => {
    for (const u of ['admin', 'district', 'lead1', 'lead2', 'officer1b']) a[u] = await login(env.app, u);
  };

  test("P1B's daily log: on time, late, overdue -> task completion 1 of 3", async () => {
    const r = await a.lead1!.post('/api/tasks/assignments', { templateId: await templateId(env, 'SQ12'), targetKind: 'person', personId: world.person.P1B, level: 'station' });
    assert.equal(r.statusCode, 201, r.body);
    const note = '今日走访辖区三户居民，排查出租房隐患一处，已登记台账并上报所里，明日继续跟进整改。';
    const first = ((await a.officer1b!.get('/api/tasks/mine')).json() as MyTasks).items[0]!;
    assert.equal((await a.officer1b!.post(`/api/tasks/${first.id}/complete`, { version: first.version, note })).statusCode, 200);
    env.clock.set('2026-06-17T02:00:00Z');
    await relogin();
    await generateDue(env.ctx);
    const second = ((await a.officer1b!.get('/api/tasks/mine?date=2026-06-16')).json() as MyTasks).items.find((i) => i.occurrenceKey === '2026-06-16')!;
    const done = (await a.officer1b!.post(`/api/tasks/${second.id}/complete`, { version: second.version, note })).json() as TaskDetail;
    assert.equal(done.task.late, true);
    env.clock.set('2026-06-18T02:00:00Z');
    await relogin();
    await generateDue(env.ctx);
    await escalate(env.ctx);
    // stored at the last completion (yesterday, when the 17th's was not due yet); the officer refreshes their own
    const stored = (await a.officer1b!.get(`/api/indicators?level=officer&subjectId=${world.person.P1B}`)).json() as SubjectIndicators;
    assert.equal(stored.measures.tasks_due, 2);
    const mine = (await a.officer1b!.get(`/api/indicators?level=officer&subjectId=${world.person.P1B}&fresh=true`)).json() as SubjectIndicators;
    assert.equal(mine.measures.tasks_due, 3);
    assert.equal(mine.measures.tasks_done_on_time, 1);
    assert.equal(mine.measures.yellow_cards, 0);
    const tc = mine.values.find((v) => v.code === 'task_completion')!;
    assert.equal(tc.value, 33.333);
    assert.equal(tc.score, Math.round((10000 * (100 / 3)) / 95) / 100); // ratio scale: 100 * 33.33 / 95
    // time in zone: no positions rolled up -> not available, not zero
    const zone = mine.values.find((v) => v.code === 'zone_time_share')!;
    assert.equal(zone.available, false);
    assert.equal(zone.value, null);
    assert.deepEqual(zone.missing, ['duty_minutes', 'zone_minutes']);
  });

  test('station indicators against hand-computed values; absent sources are not available, never zero', async () => {
    const s1 = (await a.lead1!.get(`/api/indicators?level=station&subjectId=${world.area.S1}&fresh=true`)).json() as SubjectIndicators;
    assert.equal(s1.period, '2026-06');
    assert.equal(s1.measures.incidents, 6);
    assert.equal(s1.measures.incidents_last_year, 4);
    assert.equal(s1.measures.arrivals, 4);
    assert.equal(s1.measures.arrivals_on_target, 3);
    const v = (code: string) => s1.values.find((x) => x.code === code)!;
    assert.equal(v('incident_yoy').value, 50); // (6 - 4) / 4
    assert.equal(v('incident_yoy').score, 0); // +50 % is worse than the zero point (+20 %)
    assert.equal(v('response_135').value, 75);
    assert.equal(v('response_135').score, 83.33); // 75 / 90
    assert.equal(v('task_completion').value, 33.333);
    assert.equal(v('supervision_rate').value, 0);
    assert.equal(v('case_yoy').available, false);
    // cases are connected (issue 17): none filed (0), and no case data a year back: no like-with-like base (null), not 0
    assert.equal(v('case_yoy').reason, 'measure_unavailable');
    assert.deepEqual(v('case_yoy').missing, ['cases_last_year']);
    assert.equal(s1.measures.cases, 0);
    assert.equal(s1.measures.cases_last_year, null);
    assert.equal(v('patrol_coverage').reason, 'division_by_zero'); // no plan: nothing planned
    assert.equal(v('fraud_dissuasion').value, null);
    assert.ok(!s1.values.some((x) => x.code === 'zone_time_share')); // officer-only indicator
    const stored = await env.ctx.db.selectFrom('indicator_values').select(['value', 'available']).where('level', '=', 'station').where('subject_id', '=', world.area.S1!).where('code', '=', 'case_yoy').executeTakeFirstOrThrow();
    assert.deepEqual(stored, { value: null, available: false });
    const s2 = (await a.lead2!.get(`/api/indicators?level=station&subjectId=${world.area.S2}&fresh=true`)).json() as SubjectIndicators;
    assert.equal(s2.values.find((x) => x.code === 'incident_yoy')!.value, -50);
    assert.equal(s2.values.find((x) => x.code === 'task_completion')!.available, false); // no task due: not 0 %
    assert.equal((await a.lead2!.get(`/api/indicators?level=station&subjectId=${world.area.S1}`)).statusCode, 403);
  });

  test('year on year before the data begins: not available (null), not 0', async () => {
    // the earliest incident is S2's on 1 June 2025: May 2025 lies before it, June 2025 does not
    const may = (await a.lead1!.get(`/api/indicators?level=station&subjectId=${world.area.S1}&period=2026-05&fresh=true`)).json() as SubjectIndicators;
    assert.equal(may.measures.incidents, 1); // 31 May, 20:00 local
    assert.equal(may.measures.incidents_last_year, null);
    const yoy = may.values.find((x) => x.code === 'incident_yoy')!;
    assert.equal(yoy.value, null);
    assert.equal(yoy.reason, 'measure_unavailable');
    assert.deepEqual(yoy.missing, ['incidents_last_year']);
    const june = (await a.lead1!.get(`/api/indicators?level=station&subjectId=${world.area.S1}&fresh=true`)).json() as SubjectIndicators;
    assert.equal(june.measures.incidents_last_year, 4);
  });

  test('assessment: weighted totals renormalised over available indicators, ranks, stars, scope', async () => {
    await env.ctx.db
      .insertInto('assessment_plans')
      .values({
        code: 'test_station',
        name: '测试考核',
        level: 'station',
        period: 'month',
        items: JSON.stringify([{ indicator: 'incident_yoy', weight: 10 }, { indicator: 'response_135', weight: 10 }, { indicator: 'task_completion', weight: 15 }]),
        stars: JSON.stringify([{ star: 'service', indicators: ['response_135'], minScore: 90 }]),
        min_coverage: 0.5,
      })
      .execute();
    const r = await a.district!.get('/api/assessment?plan=test_station&fresh=true');
    assert.equal(r.statusCode, 200, r.body);
    const res = r.json() as Assessment;
    const [first, second] = res.subjects;
    assert.equal(first!.subject.id, world.area.S2);
    assert.equal(first!.total, 100); // (10 x 100 + 10 x 100) / 20, task completion excluded
    assert.equal(first!.rank, 1);
    assert.deepEqual(first!.excluded, ['task_completion']);
    assert.equal(second!.subject.id, world.area.S1);
    // (10 x 0 + 10 x 83.333 + 15 x 35.088) / 35
    const expected = Math.round(((10 * 0 + 10 * ((75 / 90) * 100) + 15 * (((100 / 3) / 95) * 100)) / 35) * 100) / 100;
    assert.equal(second!.total, expected);
    assert.equal(second!.rank, 2);
    assert.deepEqual(res.stars[0]!.subjects.map((s) => s.subject.id), [world.area.S2]);
    const mine = (await a.lead1!.get('/api/assessment?plan=test_station')).json() as Assessment;
    assert.deepEqual(mine.subjects.map((s) => s.subject.id), [world.area.S1]);
    assert.equal(mine.subjects[0]!.rank, 2);
    assert.equal((await a.officer1b!.get('/api/assessment?plan=test_station')).statusCode, 403);
  });

  test('the screens: mine, the station, the district big screen, each one call', async () => {
    const me = (await a.officer1b!.get('/api/screens/me')).json() as MyScreen;
    assert.equal(me.person?.id, world.person.P1B);
    assert.equal(me.overdue.length, 1);
    assert.equal(me.indicators?.values.find((v) => v.code === 'task_completion')?.value, 33.333);
    assert.ok(me.areas.some((x) => x.id === world.area.C11));
    const st = (await a.lead1!.get('/api/screens/station')).json() as StationScreen;
    assert.equal(st.station.id, world.area.S1);
    assert.equal(st.supervision.counts.overdue, 1);
    const big = await a.district!.get('/api/screens/district');
    assert.equal(big.statusCode, 200, big.body);
    const b = big.json() as BigScreen;
    assert.equal(b.district.id, world.area.D);
    assert.equal(b.trend.length, 30);
    assert.equal(b.trend.reduce((s, x) => s + x.incidents, 0), 9); // the last 30 days: S1's 6 and 31 May's, S2's 2; the cancelled one left out
    assert.equal(b.units.total, 3);
    assert.equal(b.stations.length, 2);
    assert.ok(b.gauges.some((g) => g.code === 'response_135' && g.available));
    // the same days a year back: null before the data begins (1 June 2025), counted (0 included) from it on
    const day = (d: string) => b.trend.find((x) => x.day === d)!;
    assert.deepEqual([day('2026-05-31').lastYearOrNull, day('2026-05-31').lastYear], [null, 0]);
    assert.equal(day('2026-06-01').lastYearOrNull, 0);
    assert.equal(b.trend.filter((x) => x.lastYearOrNull === null).length, 12); // 20 to 31 May
    assert.ok(b.trend.filter((x) => x.day >= '2026-06-01').every((x) => x.lastYearOrNull === x.lastYear));
    assert.equal(b.incidents.sameDayLastYearOrNull, 0);
    // tasks: today's (the 18th's, open) and the open backlog (the 17th's, overdue)
    const s1 = b.stations.find((x) => x.station.id === world.area.S1)!;
    assert.deepEqual([b.tasksToday.due, b.tasksToday.overdue, b.tasks.overdue], [1, 0, 0]);
    assert.deepEqual(b.backlog, { overdue: 1, yellow: 0, red: 0 });
    assert.deepEqual(s1.backlog, { overdue: 1, yellow: 0, red: 0 });
    assert.equal(s1.tasksToday.due, 1);
    assert.deepEqual(b.stations.find((x) => x.station.id === world.area.S2)!.backlog, { overdue: 0, yellow: 0, red: 0 });
    // the next local day: the 17th's carries a yellow card, the 18th's is overdue; neither is today's
    env.clock.set('2026-06-18T16:00:00Z');
    await relogin();
    await generateDue(env.ctx);
    await escalate(env.ctx);
    const b2 = (await a.district!.get('/api/screens/district')).json() as BigScreen;
    assert.deepEqual(b2.backlog, { overdue: 2, yellow: 1, red: 0 });
    assert.deepEqual([b2.tasksToday.overdue, b2.tasksToday.yellow], [0, 0]);
    assert.equal(b2.stations.find((x) => x.station.id === world.area.S1)!.backlog.overdue, 2);
    assert.equal((await a.officer1b!.get('/api/screens/district')).statusCode, 403);
  });
});
