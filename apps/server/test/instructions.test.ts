// Instructions (issue 13 part 3) on the real database: delivery to a person, a team, a unit and an area (one receipt
// per recipient with an account, their socket and bell), the sender's scope (404 outside it), read / feedback /
// done through the receipt machine (409 on an invalid step or a stale version), closing by hand and by the last done,
// photos, the SMS fallback once when unread; the note of a task assignment reaching the officer; 催办; and the
// supervision ladder notifying each step exactly once however often the job runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Instruction, MyInstruction, ServerMessage } from '@jingwang/contracts';
import { PASSWORD, buildWorld, createTestEnv, login, type Agent, type TestEnv, type World } from './helpers';
import { hashPassword } from '../src/modules/auth/service';
import { ensureDefaults } from '../src/modules/tasks/catalogue';
import { escalate } from '../src/modules/tasks/service';
import { instructionsTick } from '../src/jobs/instructions';
import { ms } from '../src/lib/format';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4AWM4ISf3HwAEugIEzCecNQAAAABJRU5ErkJggg==';
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('instructions: delivery, scope, receipts, fallback, task notes, 催办, the ladder', () => {
  let env: TestEnv;
  let world: World;
  let team: Record<string, number>;
  const a: Record<string, Agent> = {};
  const sockets: { userId: number; msg: ServerMessage }[] = [];
  const hooked: { userId: number; kind: string; title: string }[] = [];
  let hook: http.Server;

  const relogin = async () => {
    for (const u of ['admin', 'dispatcher', 'district', 'lead1', 'lead2', 'officer1', 'officer1b', 'officer2']) a[u] = await login(env.app, u);
  };
  const at = async (t: number) => {
    env.clock.set(t);
    await relogin();
  };
  const mine = async (who: string) => (await a[who]!.get('/api/instructions/mine')).json() as MyInstruction[];
  const send = (who: string, body: Record<string, unknown>) => a[who]!.post('/api/instructions', body);
  const notes = async (user: string, kind: string) =>
    (await env.ctx.db.selectFrom('notifications as n').innerJoin('users as u', 'u.id', 'n.user_id').select(['n.kind', 'n.ref_id']).where('u.username', '=', user).where('n.kind', 'like', kind).execute()).length;

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
    env = await createTestEnv({ notifyWebhookUrl: `http://127.0.0.1:${(hook.address() as { port: number }).port}/sms`, instructionReadSeconds: 60 });
    world = await buildWorld(env);
    await ensureDefaults(env.ctx, { templates: true });
    const db = env.ctx.db;
    await db.updateTable('users').set({ person_id: world.person.P1! }).where('id', '=', world.user.officer1!).execute();
    const hash = await hashPassword(PASSWORD);
    for (const [username, person, scope] of [
      ['officer1b', 'P1B', 'S1'],
      ['officer2', 'P2', 'S2'],
    ] as const) {
      const u = await db.insertInto('users').values({ username, display_name: username, password_hash: hash, role: 'officer', scope_area_id: world.area[scope]!, person_id: world.person[person]! }).returning('id').executeTakeFirstOrThrow();
      world.user[username] = u.id;
    }
    await db
      .insertInto('unit_members')
      .values([
        { unit_id: world.unit.W01!, person_id: world.person.P1! },
        { unit_id: world.unit.W02!, person_id: world.person.P1B! },
        { unit_id: world.unit.E01!, person_id: world.person.P2! },
      ])
      .execute();
    team = Object.fromEntries((await db.selectFrom('teams').select(['code', 'id']).execute()).map((t) => [t.code, t.id]));
    // the hub's delivery to users' sockets, as the phones would receive it
    const hub = env.ctx.hub;
    const original = hub.publishToUsers.bind(hub);
    hub.publishToUsers = (userIds, msg) => {
      for (const userId of userIds) sockets.push({ userId, msg });
      original(userIds, msg);
    };
    await relogin();
  });
  after(async () => {
    await env?.close();
    await new Promise((r) => hook.close(r));
  });

  test('delivery to a person, a team, a unit and an area: one receipt per recipient with an account, socket and bell', async () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['person', { targetKind: 'person', targetId: world.person.P1 }, ['officer1']],
      ['team', { targetKind: 'team', targetId: team.T1 }, ['officer1', 'officer1b']], // W111 (grid worker) has no account
      ['unit', { targetKind: 'unit', targetId: world.unit.W01 }, ['officer1']],
      ['area', { targetKind: 'area', targetId: world.area.C11 }, ['officer1', 'officer1b']],
    ];
    for (const [kind, target, users] of cases) {
      sockets.length = 0;
      const r = await send('lead1', { ...target, text: `${kind}：今晚加强巡逻`, priority: 'urgent' });
      assert.equal(r.statusCode, 201, r.body);
      const i = r.json() as Instruction;
      assert.equal(i.target.kind, kind);
      assert.deepEqual(i.receipts.map((x) => x.name).length, users.length);
      assert.deepEqual(i.receipts.map((x) => x.userId).sort(), users.map((u) => world.user[u]!).sort());
      assert.deepEqual(i.counts, { total: users.length, delivered: users.length, read: 0, feedback: 0, done: 0 });
      // each recipient's phone got its own view, once
      const got = sockets.filter((s) => s.msg.type === 'instruction' && s.msg.instruction.id === i.id);
      assert.deepEqual(got.map((s) => s.userId).sort(), users.map((u) => world.user[u]!).sort());
      for (const s of got) assert.equal(s.msg.type === 'instruction' && s.msg.instruction.receipt.userId, s.userId);
      for (const u of users) assert.ok((await mine(u)).some((m) => m.id === i.id && m.receipt.status === 'delivered' && m.priority === 'urgent'));
    }
    assert.equal(await notes('officer1', 'instruction'), 4);
    assert.equal(hooked.length, 0); // the bell only: the webhook is the fallback
    assert.ok(!(await mine('officer2')).some((m) => m.text.includes('今晚')));
  });

  test('scope: a sender reaches only targets in their area (404 otherwise), officers may not send, leads see only their area', async () => {
    const out = [
      [{ targetKind: 'person', targetId: world.person.P2 }, 'NOT_FOUND'],
      [{ targetKind: 'team', targetId: team.T2 }, 'NOT_FOUND'],
      [{ targetKind: 'unit', targetId: world.unit.E01 }, 'UNIT_NOT_FOUND'],
      [{ targetKind: 'area', targetId: world.area.S2 }, 'AREA_NOT_FOUND'],
      [{ targetKind: 'area', targetId: world.area.D }, 'AREA_NOT_FOUND'], // above the lead's station
      [{ targetKind: 'person', targetId: 999999 }, 'NOT_FOUND'],
    ] as const;
    for (const [target, code] of out) {
      const r = await send('lead1', { ...target, text: '越界' });
      assert.equal(r.statusCode, 404, `${JSON.stringify(target)} ${r.body}`);
      assert.equal(r.json().code, code);
      assert.equal(r.json().details.field, '/targetId');
    }
    assert.equal((await send('officer1', { targetKind: 'person', targetId: world.person.P1, text: '自己' })).statusCode, 403);
    assert.equal((await a.officer1!.get('/api/instructions')).statusCode, 403);
    // nobody with an account: 422, nothing written
    const before = await env.ctx.db.selectFrom('instructions').select(env.ctx.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const none = await send('lead1', { targetKind: 'area', targetId: world.area.G112, text: '无人' });
    assert.equal(none.statusCode, 422, none.body);
    assert.equal(none.json().code, 'NO_RECIPIENTS');
    const after = await env.ctx.db.selectFrom('instructions').select(env.ctx.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    // a bad photo: 400 naming it, nothing written
    const bad = await send('lead1', { targetKind: 'person', targetId: world.person.P1, text: '带图', photos: [PNG, 'data:image/png;base64,AAAA'] });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().details[0].field, '/photos/1');
    // the dispatcher (district scope) reaches the east station; lead1 does not see that instruction, lead2 does
    const east = await send('dispatcher', { targetKind: 'person', targetId: world.person.P2, text: '东所协查', link: { type: 'task', id: 2147483647 } });
    assert.equal(east.statusCode, 404);
    assert.equal(east.json().details.field, '/link/id');
    const ok = await send('dispatcher', { targetKind: 'person', targetId: world.person.P2, text: '东所协查' });
    assert.equal(ok.statusCode, 201, ok.body);
    const id = (ok.json() as Instruction).id;
    assert.equal((await a.lead1!.get(`/api/instructions/${id}`)).json().code, 'INSTRUCTION_NOT_FOUND');
    assert.ok(!((await a.lead1!.get('/api/instructions')).json() as Instruction[]).some((i) => i.id === id));
    assert.equal((await a.lead2!.get(`/api/instructions/${id}`)).statusCode, 200);
    assert.ok(((await a.lead2!.get('/api/instructions')).json() as Instruction[]).some((i) => i.id === id));
    assert.ok(((await a.dispatcher!.get('/api/instructions')).json() as Instruction[]).some((i) => i.id === id));
  });

  test('receipts: read, feedback with photos, done through the machine; invalid steps and stale versions 409; the last done closes', async () => {
    const r = await send('lead1', { targetKind: 'person', targetId: world.person.P1, text: '核查幸福路12号出租屋', photos: [PNG] });
    const sent = r.json() as Instruction;
    assert.equal(sent.photoIds.length, 1);
    let m = (await mine('officer1')).find((x) => x.id === sent.id)!;
    const rid = m.receipt.id;
    const url = (step: string) => `/api/instruction-receipts/${rid}/${step}`;
    // done unread: refused, naming what is allowed
    const early = await a.officer1!.post(url('done'), { version: m.receipt.version });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'INVALID_TRANSITION');
    assert.deepEqual(early.json().details.allowed, ['read', 'feedback']);
    // someone else's receipt is not found
    assert.equal((await a.officer2!.post(url('read'), { version: 1 })).json().code, 'INSTRUCTION_RECEIPT_NOT_FOUND');
    m = (await a.officer1!.post(url('read'), { version: 1 })).json() as MyInstruction;
    assert.equal(m.receipt.status, 'read');
    assert.ok(m.receipt.readAt);
    assert.equal((await a.officer1!.post(url('read'), { version: m.receipt.version })).statusCode, 409); // read twice
    const stale = await a.officer1!.post(url('feedback'), { version: 1, text: '已到场' });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'STALE_VERSION');
    m = (await a.officer1!.post(url('feedback'), { version: m.receipt.version, text: '已到场核查，房东在家', photos: [PNG] })).json() as MyInstruction;
    assert.equal(m.receipt.status, 'feedback');
    m = (await a.officer1!.post(url('feedback'), { version: m.receipt.version, text: '已登记' })).json() as MyInstruction;
    assert.equal(m.receipt.feedback.length, 2);
    // the sender sees it, with the photo; another station's lead does not
    let view = (await a.lead1!.get(`/api/instructions/${sent.id}`)).json() as Instruction;
    assert.deepEqual(view.receipts[0]!.feedback.map((f) => f.text), ['已到场核查，房东在家', '已登记']);
    assert.deepEqual(view.counts, { total: 1, delivered: 0, read: 0, feedback: 1, done: 0 });
    const photoId = view.receipts[0]!.feedback[0]!.photoIds[0]!;
    assert.equal((await a.lead1!.get(`/api/instructions/photos/${photoId}`)).statusCode, 200);
    assert.equal((await a.officer1!.get(`/api/instructions/photos/${sent.photoIds[0]}`)).statusCode, 200);
    assert.equal((await a.lead2!.get(`/api/instructions/photos/${photoId}`)).statusCode, 404);
    assert.equal((await a.officer2!.get(`/api/instructions/photos/${sent.photoIds[0]}`)).statusCode, 404);
    assert.equal(await notes('lead1', 'instruction_feedback'), 2);
    m = (await a.officer1!.post(url('done'), { version: m.receipt.version })).json() as MyInstruction;
    assert.equal(m.receipt.status, 'done');
    assert.equal(m.status, 'closed'); // the only recipient is done
    view = (await a.lead1!.get(`/api/instructions/${sent.id}`)).json() as Instruction;
    assert.equal(view.status, 'closed');
    assert.equal(view.counts.done, 1);
    assert.equal((await a.officer1!.post(url('feedback'), { version: m.receipt.version, text: '补充' })).statusCode, 409);
  });

  test('closing by hand: with the version read; after it, the receipts take no step', async () => {
    const sent = (await send('lead1', { targetKind: 'team', targetId: team.T1, text: '周五前完成走访' })).json() as Instruction;
    const stale = await a.lead1!.post(`/api/instructions/${sent.id}/close`, { version: sent.version + 1 });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'STALE_VERSION');
    assert.equal((await a.lead2!.post(`/api/instructions/${sent.id}/close`, { version: sent.version })).statusCode, 404);
    const closed = (await a.lead1!.post(`/api/instructions/${sent.id}/close`, { version: sent.version })).json() as Instruction;
    assert.equal(closed.status, 'closed');
    const again = await a.lead1!.post(`/api/instructions/${sent.id}/close`, { version: closed.version });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'INVALID_TRANSITION');
    const m = (await mine('officer1b')).find((x) => x.id === sent.id)!;
    assert.equal(m.status, 'closed');
    assert.equal((await a.officer1b!.post(`/api/instruction-receipts/${m.receipt.id}/read`, { version: m.receipt.version })).statusCode, 409);
  });

  test('SMS fallback: a receipt unread INSTRUCTION_READ_SECONDS after delivery goes through the webhook once', async () => {
    await instructionsTick(env.ctx); // what the earlier tests left unread at this instant is not due yet
    const t0 = env.clock.now().getTime();
    await at(t0 + 61 * MIN); // everything earlier is now due: fire it, then start clean
    await instructionsTick(env.ctx);
    hooked.length = 0;
    const sent = (await send('lead1', { targetKind: 'area', targetId: world.area.C11, text: '紧急：C11 协查可疑车辆', priority: 'urgent' })).json() as Instruction;
    const r1 = (await mine('officer1')).find((x) => x.id === sent.id)!;
    await a.officer1!.post(`/api/instruction-receipts/${r1.receipt.id}/read`, { version: r1.receipt.version });
    await at(env.clock.now().getTime() + 59_000);
    assert.equal(await instructionsTick(env.ctx), 0);
    await at(env.clock.now().getTime() + 2_000);
    assert.equal(await instructionsTick(env.ctx), 1); // officer1b only: officer1 read it
    assert.equal(await instructionsTick(env.ctx), 0);
    assert.deepEqual(hooked.map((h) => [h.userId, h.kind]), [[world.user.officer1b, 'instruction_unread']]);
    const view = (await a.lead1!.get(`/api/instructions/${sent.id}`)).json() as Instruction;
    assert.ok(view.receipts.find((x) => x.userId === world.user.officer1b)!.fallbackAt);
    assert.equal(view.receipts.find((x) => x.userId === world.user.officer1)!.fallbackAt, null);
  });

  test("a task assignment's note reaches the officer as an instruction linked to it; 催办 by hand", async () => {
    const templateId = (await env.ctx.db.selectFrom('task_templates').select('id').where('code', '=', 'SQ12').executeTakeFirstOrThrow()).id;
    const r = await a.lead1!.post('/api/tasks/assignments', { templateId, targetKind: 'person', personId: world.person.P1, level: 'station', note: '重点记录幸福小区的出租屋' });
    assert.equal(r.statusCode, 201, r.body);
    const assignmentId = r.json().assignment.id as number;
    const m = (await mine('officer1')).find((x) => x.link?.type === 'task_assignment' && x.link.id === assignmentId);
    assert.ok(m, 'the note did not reach the officer');
    assert.match(m.text, /重点记录幸福小区的出租屋/);
    assert.equal(m.sender.userId, world.user.lead1);
    // without a note nothing is sent
    const n0 = (await mine('officer1')).length;
    await a.lead1!.post('/api/tasks/assignments', { templateId: (await env.ctx.db.selectFrom('task_templates').select('id').where('code', '=', 'JC10').executeTakeFirstOrThrow()).id, targetKind: 'person', personId: world.person.P1, level: 'station' });
    assert.equal((await mine('officer1')).length, n0);

    const task = ((await a.officer1!.get('/api/tasks/mine')).json() as { items: { id: number; template: { code: string }; version: number }[] }).items.find((i) => i.template.code === 'SQ12')!;
    assert.equal((await a.lead2!.post(`/api/tasks/${task.id}/urge`, {})).json().code, 'TASK_NOT_FOUND');
    assert.equal((await a.officer1!.post(`/api/tasks/${task.id}/urge`, {})).statusCode, 403);
    const urged = await a.lead1!.post(`/api/tasks/${task.id}/urge`, { text: '今天下班前完成' });
    assert.equal(urged.statusCode, 200, urged.body);
    assert.equal(urged.json().recipients, 1);
    const u = (await mine('officer1')).find((x) => x.id === urged.json().instructionId)!;
    assert.equal(u.priority, 'urgent');
    assert.deepEqual(u.link, { type: 'task', id: task.id });
    assert.match(u.text, /催办.*今天下班前完成/);
    // a finished task is not urged
    const done = await a.officer1!.post(`/api/tasks/${task.id}/complete`, { version: task.version, note: '今日走访辖区三户居民，排查出租房隐患一处，已登记台账并上报所里，明日继续跟进整改。' });
    assert.equal(done.statusCode, 200, done.body);
    const late = await a.lead1!.post(`/api/tasks/${task.id}/urge`, {});
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'INVALID_TRANSITION');
  });

  test('the ladder: each step notifies the officer and the leads exactly once, however often the job runs', async () => {
    const templateId = (await env.ctx.db.selectFrom('task_templates').select('id').where('code', '=', 'SQ12').executeTakeFirstOrThrow()).id;
    // three officers' daily logs on one station: P1, P1B (team T1) via the team
    const r = await a.lead1!.post('/api/tasks/assignments', { templateId, targetKind: 'team', teamId: team.T1, level: 'station' });
    assert.equal(r.statusCode, 201, r.body);
    const ids = (await env.ctx.db.selectFrom('task_instances').select(['id', 'due_at']).where('assignment_id', '=', r.json().assignment.id).execute()).map((x) => ({ id: String(x.id), due: ms(x.due_at) }));
    // today's and tomorrow's occurrences: follow tomorrow's, whose steps come one run at a time
    const due = Math.max(...ids.map((x) => x.due));
    const tomorrow = ids.filter((x) => x.due === due);
    assert.ok(tomorrow.length >= 2);
    const kinds = async (user: string) =>
      (await env.ctx.db.selectFrom('notifications as n').innerJoin('users as u', 'u.id', 'n.user_id').select(['n.kind', 'n.ref_id']).where('u.username', '=', user).where('n.kind', 'like', 'task_%').execute())
        .filter((n) => tomorrow.some((x) => n.ref_id?.startsWith(`${x.id}@`)))
        .map((n) => n.kind)
        .sort();
    for (const t of [due, due + 24 * HOUR, due + 72 * HOUR]) {
      await at(t);
      assert.ok((await escalate(env.ctx)) > 0);
      for (let k = 0; k < 2; k++) assert.equal(await escalate(env.ctx), 0); // the job runs again and again
    }
    // per task: reminder (officer), yellow (officer + station lead), red (officer + station + district leads)
    const n = tomorrow.length;
    const per = (k: string[]) => Object.fromEntries(['task_reminder', 'task_yellow', 'task_red'].map((s) => [s, k.filter((x) => x === s).length]));
    const o1 = await kinds('officer1');
    assert.deepEqual(per(o1), { task_reminder: 1, task_yellow: 1, task_red: 1 });
    assert.deepEqual(per(await kinds('lead1')), { task_reminder: 0, task_yellow: n, task_red: n });
    assert.deepEqual(per(await kinds('district')), { task_reminder: 0, task_yellow: 0, task_red: n });
    assert.deepEqual(per(await kinds('lead2')), { task_reminder: 0, task_yellow: 0, task_red: 0 });
    // a run a week later notifies nothing more about these tasks
    await at(due + 7 * 24 * HOUR);
    await escalate(env.ctx);
    assert.deepEqual(await kinds('officer1'), o1);
  });
});
