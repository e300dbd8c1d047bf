// The outbox's rules without a browser: order, no duplicate, backoff on network errors and 5xx, a refusal stops
// the queue until discarded, a queued status report (or task completion) takes the incident's (task's) version when
// sent; the checklist knows which tasks wait in the queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, classify, pendingTasks, type OutboxStore, type QueuedAction, type SendResult, type VersionRef } from './outbox';

function memoryStore(): OutboxStore & { rows: Map<string, QueuedAction> } {
  const rows = new Map<string, QueuedAction>();
  return { rows, load: async () => [...rows.values()].map((a) => structuredClone(a)), put: async (a) => void rows.set(a.id, structuredClone(a)), remove: async (id) => void rows.delete(id) };
}

function harness(opts: { online?: boolean } = {}) {
  const store = memoryStore();
  let t = Date.parse('2026-12-07T08:00:00Z');
  let n = 0;
  const state = { online: opts.online ?? true, answers: [] as ((a: QueuedAction) => SendResult)[], sent: [] as QueuedAction[], version: 7, versionAsked: [] as VersionRef[] };
  const box = new Outbox(5, {
    store,
    send: async (a) => {
      if (!state.online) return { ok: false, status: 0, code: 'NETWORK', message: 'offline' };
      state.sent.push(structuredClone(a));
      const answer = state.answers.shift();
      return answer ? answer(a) : { ok: true, body: { id: a.id } };
    },
    versionOf: async (of) => {
      state.versionAsked.push(of);
      return state.version;
    },
    now: () => t,
    newId: () => `key-${String(++n).padStart(4, '0')}`,
    rand: () => 0.5,
    online: () => state.online,
  });
  return { box, store, state, advance: (ms: number) => (t += ms) };
}

test('classify: network, 5xx, 429 and in-flight retry; other 4xx block', () => {
  assert.equal(classify({ ok: true, body: null }), 'done');
  for (const [status, code] of [[0, 'NETWORK'], [500, 'INTERNAL'], [503, 'X'], [429, 'RATE_LIMITED'], [409, 'IDEMPOTENCY_IN_FLIGHT']] as const) assert.equal(classify({ ok: false, status, code, message: '' }), 'retry');
  for (const [status, code] of [[400, 'VALIDATION_FAILED'], [404, 'MDT_ASSIGNMENT_NOT_FOUND'], [409, 'STALE_VERSION'], [422, 'IDEMPOTENCY_KEY_REUSED']] as const) assert.equal(classify({ ok: false, status, code, message: '' }), 'blocked');
});

test('online: sent at once and answered; offline: queued, then sent in order on reconnect, each once', async () => {
  const h = harness();
  const now = await h.box.submit({ kind: 'mdt_remark', path: '/api/mdt/assignments/1/remarks', body: { text: 'a' }, label: 'a' });
  assert.deepEqual(now, { sent: true, body: { id: 'key-0001' }, queued: false });
  assert.equal(h.box.list().length, 0);
  h.state.online = false;
  const q1 = await h.box.submit({ kind: 'mdt_ack', path: '/api/mdt/assignments/1/ack', body: {}, label: '收到' });
  h.advance(60_000);
  await h.box.submit({ kind: 'mdt_status', path: '/api/mdt/assignments/1/status', body: { action: 'en_route', version: 3 }, label: '出发', versionOf: { assignmentId: 1 } });
  await h.box.submit({ kind: 'checkin', path: '/api/patrol/checkins', body: { ref: 'p1' }, label: '打卡' });
  assert.equal(q1.queued, true);
  assert.equal(h.box.list().length, 3);
  assert.equal(h.store.rows.size, 3, 'kept in the store');
  assert.equal(h.box.list()[1]!.body.version, undefined, 'a queued status report carries no version yet');
  const sentAnswers: string[] = [];
  h.box.onSent((a) => sentAnswers.push(a.kind));
  h.state.online = true;
  await h.box.drain({ force: true });
  assert.deepEqual(h.state.sent.slice(1).map((a) => a.kind), ['mdt_ack', 'mdt_status', 'checkin'], 'in order');
  assert.deepEqual(sentAnswers, ['mdt_ack', 'mdt_status', 'checkin']);
  assert.equal(h.state.sent[2]!.body.version, 7, 'the version when sent');
  assert.equal(h.state.sent[2]!.at, '2026-12-07T08:01:00.000Z', 'the time the officer acted');
  assert.equal(new Set(h.state.sent.map((a) => a.id)).size, 4, 'a key per action');
  assert.equal(h.box.list().length, 0);
  assert.equal(h.store.rows.size, 0);
});

test('a 5xx or a lost answer is retried with the same key after a backoff; a refusal stops the queue until discarded', async () => {
  const h = harness({ online: false });
  await h.box.submit({ kind: 'mdt_remark', path: '/r', body: { text: '1' }, label: '1' });
  await h.box.submit({ kind: 'mdt_remark', path: '/r', body: { text: '2' }, label: '2' });
  await h.box.submit({ kind: 'mdt_remark', path: '/r', body: { text: '3' }, label: '3' });
  h.state.online = true;
  h.state.answers.push(() => ({ ok: false, status: 502, code: 'HTTP_502', message: 'bad gateway' }));
  await h.box.drain({ force: true });
  assert.equal(h.state.sent.length, 1);
  assert.equal(h.box.list()[0]!.attempts, 1);
  await h.box.drain();
  assert.equal(h.state.sent.length, 1, 'not before the backoff');
  h.advance(3000);
  h.state.answers.push(() => ({ ok: true, body: 1 }), () => ({ ok: false, status: 400, code: 'VALIDATION_FAILED', message: 'text too long' }));
  await h.box.drain();
  assert.deepEqual(h.state.sent.map((a) => a.id), ['key-0001', 'key-0001', 'key-0002'], 'the retry carries the same key');
  const head = h.box.list()[0]!;
  assert.equal(head.state, 'failed');
  assert.equal(head.error!.message, 'text too long');
  await h.box.drain({ force: true });
  assert.equal(h.state.sent.length, 3, 'blocked: nothing after the refused action is sent');
  await h.box.discard(head.id);
  await h.box.drain();
  assert.deepEqual(h.state.sent.map((a) => a.body.text), ['1', '1', '2', '3']);
  assert.equal(h.box.list().length, 0);
});

test('refused while the officer waits: thrown, nothing kept; another officer never sends the queue', async () => {
  const h = harness();
  h.state.answers.push(() => ({ ok: false, status: 404, code: 'MDT_ASSIGNMENT_NOT_FOUND', message: 'gone' }));
  await assert.rejects(h.box.submit({ kind: 'mdt_ack', path: '/a', body: {}, label: 'x' }), (e: Error & { code?: string }) => e.code === 'MDT_ASSIGNMENT_NOT_FOUND');
  assert.equal(h.box.list().length, 0);
  h.state.online = false;
  await h.box.submit({ kind: 'mdt_ack', path: '/a', body: {}, label: 'x' });
  const other = new Outbox(6, { store: h.store, send: async () => assert.fail('not mine'), versionOf: async () => 1, now: () => 0, newId: () => 'zzzzzzzz' });
  await other.load();
  assert.equal(other.list().length, 0);
  await other.drain({ force: true });
});

test('a task completion with photos: online sent at once with the version on screen; offline queued (待上传), its task\'s version read when sent', async () => {
  const h = harness();
  const photo = { dataUrl: 'data:image/jpeg;base64,/9j/AAAA', takenAt: '2026-12-07T07:59:00.000Z' };
  const body = { version: 3, photos: [photo], form: { address: '测试路1号' }, note: '走访' };
  const now = await h.box.submit({ kind: 'task_complete', path: '/api/tasks/41/complete', body, label: '完成：走访', versionOf: { taskId: 41 } });
  assert.equal(now.sent, true);
  assert.equal(h.state.sent[0]!.body.version, 3, 'the version on the screen, no extra request');
  assert.deepEqual(h.state.versionAsked, []);
  // no signal: 41 again (part of it) and 42 whole
  h.state.online = false;
  h.advance(5 * 60_000);
  await h.box.submit({ kind: 'task_complete', path: '/api/tasks/41/complete', body: { ...body, amount: 2 }, label: '进度：走访', versionOf: { taskId: 41 } });
  await h.box.submit({ kind: 'task_complete', path: '/api/tasks/42/complete', body: { version: 9, photos: [photo] }, label: '完成：巡查', versionOf: { taskId: 42 } });
  await h.box.submit({ kind: 'checkin', path: '/api/patrol/checkins', body: { ref: 'p1' }, label: '打卡' });
  assert.deepEqual([...pendingTasks(h.box.list()).entries()], [
    [41, { completes: false, failed: false }],
    [42, { completes: true, failed: false }],
  ]);
  assert.equal(h.box.list()[1]!.body.version, undefined, 'queued: no version yet');
  assert.deepEqual(h.store.rows.get(h.box.list()[1]!.id)!.body.photos, [photo], 'the photo is kept with the action');
  h.state.online = true;
  h.state.answers.push(
    (a) => ({ ok: true, body: { task: { id: 41, version: a.body.version } } }),
    () => ({ ok: false, status: 422, code: 'EVIDENCE_INVALID', message: 'photo too old' }),
  );
  await h.box.drain({ force: true });
  assert.deepEqual(h.state.versionAsked, [{ taskId: 41 }, { taskId: 42 }], 'each read from its task when sent');
  assert.deepEqual(h.state.sent.slice(1).map((a) => [a.path, a.body.version, a.at]), [
    ['/api/tasks/41/complete', 7, '2026-12-07T08:05:00.000Z'],
    ['/api/tasks/42/complete', 7, '2026-12-07T08:05:00.000Z'],
  ]);
  assert.deepEqual(h.state.sent[2]!.body.photos, [photo]);
  // 42 refused: it stays, marked, and the check-in behind it waits
  assert.deepEqual([...pendingTasks(h.box.list()).entries()], [[42, { completes: true, failed: true }]]);
  assert.equal(h.box.list().length, 2);
});
