// Numbers leaders can trust (issue 18): one definition of a day's tasks and their counts (所屏, 作战小屏 and the
// drawer opened from a 所屏 row agree, recomputed from the rows with core's `dayCounts`), plan weights that add up
// to 100 (422 PLAN_WEIGHTS_NOT_100 naming /items, nothing written), indicators of modules not there yet shown as
// 未接入, and stars only proposed: a lead confirms or rejects each, with history, in their own station only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { dayCounts, localMidnight, type DayTask } from '@jingwang/core';
import type { Assessment, BigScreen, MyScreen, MyTasks, StationScreen, StarDecision, SubjectIndicators } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, PASSWORD, type Agent, type TestEnv, type World } from './helpers';
import { ensureDefaults } from '../src/modules/tasks/catalogue';
import { hashPassword } from '../src/modules/auth/service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFF = 480;

describe('numbers: a day of tasks, plans, stars', () => {
  let env: TestEnv;
  let world: World;
  const a: Record<string, Agent> = {};
  const day = '2026-06-15';
  const from = localMidnight(day, OFF);
  const relogin = async () => {
    for (const u of ['admin', 'district', 'lead1', 'lead2', 'officer1']) a[u] = await login(env.app, u);
  };

  before(async () => {
    env = await createTestEnv();
    world = await buildWorld(env);
    await ensureDefaults(env.ctx, { templates: true });
    await sql`update users set person_id = ${world.person.P1!} where username = 'officer1'`.execute(env.ctx.db);
    await env.ctx.db
      .insertInto('users')
      .values({ username: 'officer2', display_name: 'officer2', password_hash: await hashPassword(PASSWORD), role: 'officer', scope_area_id: world.area.S2!, person_id: world.person.P2! })
      .execute();
    env.clock.set(from + 15 * HOUR); // 15:00 local on the drawn day
    await relogin();
  });
  after(async () => env?.close());

  test('the three screens give the same counts for the same officer and day, recomputed from the rows', async () => {
    const templateId = (await env.ctx.db.selectFrom('task_templates').select('id').where('code', '=', 'SQ12').executeTakeFirstOrThrow()).id;
    const r = await a.lead1!.post('/api/tasks/assignments', { templateId, targetKind: 'person', personId: world.person.P1, level: 'station' });
    assert.equal(r.statusCode, 201, r.body);
    const asg = r.json().assignment as { id: number };
    const station = world.area.S1!;
    // drawn rows: [key, period start, due, status, done at, late, card]
    const iso = (ms: number) => new Date(ms).toISOString();
    const rows: [string, number, number, DayTask['status'], number | null, boolean, string][] = [
      ['d-1 done late today', from - DAY, from, 'done', from + 9 * HOUR, true, 'reminder'],
      ['d-1 still overdue', from - DAY, from, 'overdue', null, false, 'yellow'],
      ['d-2 done late yesterday', from - 2 * DAY, from - DAY, 'done', from - 3 * HOUR, true, 'none'],
      ['today done on time', from, from + DAY, 'done', from + 10 * HOUR, false, 'none'],
      ['today open', from, from + DAY, 'open', null, false, 'none'],
      ['today 2h overdue', from + 8 * HOUR, from + 10 * HOUR, 'overdue', null, false, 'none'],
      ['week done early yesterday', from - 2 * DAY, from + 5 * DAY, 'done', from - 5 * HOUR, false, 'none'],
      ['week done early today', from - 2 * DAY, from + 5 * DAY, 'done', from + 1 * HOUR, false, 'none'],
      ['week open', from - 2 * DAY, from + 5 * DAY, 'open', null, false, 'none'],
      ['tomorrow', from + DAY, from + 2 * DAY, 'open', null, false, 'none'],
      ['cancelled today', from, from + DAY, 'cancelled', null, false, 'none'],
    ];
    await sql`delete from task_instances where person_id = ${world.person.P1!}`.execute(env.ctx.db);
    await env.ctx.db
      .insertInto('task_instances')
      .values(
        rows.map(([key, ps, due, status, doneAt, late, card]) => ({
          assignment_id: asg.id,
          template_id: templateId,
          person_id: world.person.P1!,
          occurrence_key: key,
          period_start: iso(ps),
          due_at: iso(due),
          original_due_at: iso(due),
          target: 1,
          progress: status === 'done' ? 1 : 0,
          status,
          done_at: doneAt === null ? null : iso(doneAt),
          late,
          supervision: card,
          station_id: station,
          area_ids: [station, world.area.C11!],
        })),
      )
      .execute();
    const want = dayCounts(rows.map(([, ps, due, status, doneAt, late, card]) => ({ periodStart: ps, dueAt: due, status, doneAt, late, supervision: card as DayTask['supervision'] })), from, from + DAY);
    assert.deepEqual(want, { total: 6, done: 3, onTime: 2, late: 1, open: 2, overdue: 1, yellow: 0, red: 0 });

    const mine = (await a.officer1!.get(`/api/screens/me?date=${day}`)).json() as MyScreen;
    const drawer = (await a.lead1!.get(`/api/tasks/checklist?personId=${world.person.P1}&date=${day}`)).json() as MyTasks;
    const st = (await a.lead1!.get(`/api/screens/station?stationId=${station}&date=${day}`)).json() as StationScreen;
    const row = st.officers.find((o) => o.person.id === world.person.P1)!;
    const big = (await a.district!.get('/api/screens/district')).json() as BigScreen;
    const bigS1 = big.stations.find((s) => s.station.id === station)!;
    for (const [name, c] of [['my screen', mine.tasks.counts], ['drawer', drawer.counts]] as const) {
      assert.deepEqual({ total: c.total, done: c.done, open: c.open, overdue: c.overdue, yellow: c.yellow, red: c.red }, { total: want.total, done: want.done, open: want.open, overdue: want.overdue, yellow: want.yellow, red: want.red }, name);
    }
    assert.deepEqual(mine.tasks.items.map((i) => i.id).sort(), drawer.items.map((i) => i.id).sort());
    assert.deepEqual(row.today, { due: want.total, done: want.done, onTime: want.onTime, overdue: want.overdue, yellow: want.yellow, red: want.red }, 'station row');
    assert.deepEqual(bigS1.tasksToday, row.today, 'the big screen of today: same counts for the station (one officer)');
    // the backlog is separate: the task of yesterday still overdue with its yellow card
    assert.deepEqual(row.backlog, { overdue: 2, yellow: 1, red: 0 });
  });

  test('plans: every default plan adds up to 100; saving one that does not is 422 PLAN_WEIGHTS_NOT_100 on /items, nothing written', async () => {
    const plans = (await a.district!.get('/api/assessment/plans')).json() as { code: string; items: { indicator: string; weight: number }[]; version: number }[];
    assert.deepEqual(plans.map((p) => p.code).sort(), ['district_monthly', 'officer_monthly', 'station_monthly']);
    for (const p of plans) {
      assert.equal(p.items.reduce((n, i) => n + i.weight, 0), 100, p.code);
      for (const i of p.items) assert.ok(!/^(dispute_|followup_)/.test(i.indicator), `${p.code} uses ${i.indicator}, whose module is not connected`);
      // cases are connected (issue 17): 破案率 and 按期办结率 count, and feed the 破案之星
      assert.ok(p.items.some((i) => i.indicator === 'case_clearance'), p.code);
    }
    const st = plans.find((p) => p.code === 'station_monthly')!;
    const put = (who: string, body: Record<string, unknown>) => env.app.inject({ method: 'PUT', url: '/api/assessment/plans/station_monthly', headers: { cookie: a[who]!.cookie, 'x-csrf-token': a[who]!.csrf }, payload: body });
    const ninety = st.items.slice(1);
    const bad = await put('admin', { items: ninety, version: st.version });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.equal(bad.json().code, 'PLAN_WEIGHTS_NOT_100');
    assert.equal(bad.json().details.field, '/items');
    assert.equal(bad.json().details.sum, 100 - st.items[0]!.weight);
    const after1 = (await a.district!.get('/api/assessment/plans')).json() as typeof plans;
    assert.deepEqual(after1.find((p) => p.code === 'station_monthly'), st, 'nothing written');
    assert.equal((await put('lead1', { items: st.items, version: st.version })).statusCode, 403);
    const fixed = [{ ...ninety[0]!, weight: ninety[0]!.weight + st.items[0]!.weight }, ...ninety.slice(1)];
    const ok = await put('admin', { items: fixed, version: st.version });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().version, st.version + 1);
    assert.equal((await put('admin', { items: fixed, version: st.version })).statusCode, 409);
  });

  test('an indicator of a module not connected yet says so (not_connected = 未接入), others stay measure_unavailable', async () => {
    const r = (await a.lead1!.get(`/api/indicators?level=station&subjectId=${world.area.S1}&fresh=true`)).json() as SubjectIndicators;
    const reason = (code: string) => r.values.find((v) => v.code === code)?.reason;
    assert.equal(reason('case_clearance'), 'division_by_zero'); // cases are connected (issue 17): no case filed, no base
    assert.equal(reason('dispute_resolution'), 'not_connected');
    assert.equal(reason('followup_satisfaction'), 'not_connected');
    assert.notEqual(reason('incident_yoy'), 'not_connected');
  });

  test('stars are proposed; a lead confirms or rejects those of their own station (404 outside), with history', async () => {
    const period = '2026-06';
    await env.ctx.db
      .insertInto('assessment_runs')
      .values({ plan_code: 'officer_monthly', period, computed_at: new Date(env.clock.now()).toISOString(), subjects: 2, stars: JSON.stringify([{ star: 'service', subjects: [{ subjectId: world.person.P1, score: 96 }, { subjectId: world.person.P2, score: 93 }], bestScore: 96, reason: 'proposed' }]) })
      .onConflict((oc) => oc.columns(['plan_code', 'period']).doUpdateSet({ stars: (eb) => eb.ref('excluded.stars') }))
      .execute();
    await sql`delete from assessment_results where plan_code = 'officer_monthly' and period = ${period}`.execute(env.ctx.db);
    await env.ctx.db
      .insertInto('assessment_results')
      .values([world.person.P1!, world.person.P2!].map((id, k) => ({ plan_code: 'officer_monthly', period, subject_id: id, total: 95 - k, rank: k + 1, coverage: 1, note: null, items: '[]' })))
      .execute();
    const get = async (who: string) => ((await a[who]!.get(`/api/assessment?plan=officer_monthly&period=${period}`)).json() as Assessment).stars.find((s) => s.star === 'service')!.subjects;
    const mine = await get('lead1');
    assert.deepEqual(mine.map((s) => [s.subject.id, s.decision?.status]), [[world.person.P1, 'proposed']], 'a station lead sees their own station only');
    const decide = (who: string, body: Record<string, unknown>) => a[who]!.post('/api/assessment/stars/decide', { plan: 'officer_monthly', period, star: 'service', ...body });
    const outside = await decide('lead1', { subjectId: world.person.P2, decision: 'confirmed', version: 0 });
    assert.equal(outside.statusCode, 404);
    assert.equal(outside.json().code, 'NOT_FOUND');
    assert.equal((await decide('lead1', { subjectId: world.person.P1, decision: 'confirmed', version: 0, note: 'x' }).then((r) => r.statusCode)), 200);
    assert.equal((await decide('lead1', { subjectId: world.person.P1, decision: 'rejected', version: 0 })).statusCode, 409, 'stale: decided already');
    const rej = await decide('lead1', { subjectId: world.person.P1, decision: 'rejected', version: 1, note: '群众投诉未核实' });
    assert.equal(rej.statusCode, 200, rej.body);
    const d = rej.json() as StarDecision;
    assert.equal(d.status, 'rejected');
    assert.equal(d.version, 2);
    assert.deepEqual(d.history.map((h) => [h.action, h.by, h.note]), [['confirmed', 'lead1', 'x'], ['rejected', 'lead1', '群众投诉未核实']]);
    assert.equal((await decide('officer1', { subjectId: world.person.P1, decision: 'confirmed', version: 2 })).statusCode, 403);
    assert.equal((await decide('lead1', { subjectId: world.person.P1, star: 'mediation', decision: 'confirmed', version: 0 })).statusCode, 404, 'not proposed');
    const all = await get('district');
    assert.deepEqual(all.map((s) => [s.subject.id, s.decision?.status]), [[world.person.P1, 'rejected'], [world.person.P2, 'proposed']]);
  });
});
