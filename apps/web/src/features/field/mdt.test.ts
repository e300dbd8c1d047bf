import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MdtAssignment } from '@jingwang/contracts';
import { isNewDispatch, mergeAssignment, nextStep, routeText } from './mdt';

const a = (id: number, over: Partial<MdtAssignment> = {}, status = 'dispatched'): MdtAssignment =>
  ({ id, dispatchedAt: `2026-06-15T02:0${id}:00.000Z`, ackedAt: null, active: true, ...over, incident: { status } }) as unknown as MdtAssignment;

test('the next button follows the incident: 收到, 出发, 到达, 处置完毕, then nothing', () => {
  assert.equal(nextStep(a(1)), 'ack');
  assert.equal(nextStep(a(1, { ackedAt: 'x' })), 'en_route');
  assert.equal(nextStep(a(1, { ackedAt: 'x' }, 'en_route')), 'arrive');
  assert.equal(nextStep(a(1, { ackedAt: 'x' }, 'on_scene')), 'resolve');
  assert.equal(nextStep(a(1, { ackedAt: 'x', active: false }, 'resolved')), null);
  assert.equal(nextStep(a(1, { active: false }, 'cancelled')), null, 'a cancelled dispatch asks for nothing');
});

test('assignments merge newest first; a finished one leaves; only an unseen, unacknowledged one wakes the phone', () => {
  let list = mergeAssignment([], a(1));
  list = mergeAssignment(list, a(2));
  assert.deepEqual(list.map((x) => x.id), [2, 1]);
  list = mergeAssignment(list, a(1, { ackedAt: 'x' }));
  assert.deepEqual(list.map((x) => x.id), [2, 1]);
  assert.equal(list[1]!.ackedAt, 'x');
  assert.equal(isNewDispatch(list, a(3)), true);
  assert.equal(isNewDispatch(list, a(2)), false);
  assert.equal(isNewDispatch(list, a(4, { ackedAt: 'x' })), false);
  list = mergeAssignment(list, a(2, { active: false }, 'resolved'));
  assert.deepEqual(list.map((x) => x.id), [1]);
});

test('route text in km and whole minutes (at least one)', () => {
  assert.deepEqual(routeText({ seconds: 20, meters: 160 }), { km: '0.2', min: 1 });
  assert.deepEqual(routeText({ seconds: 400, meters: 3210 }), { km: '3.2', min: 7 });
});

test('actions waiting in the outbox move the card on: 收到 then 出发 queued offline show 到达 next', async () => {
  const { withQueued } = await import('./mdt');
  const base = a(3);
  const q = [
    { kind: 'mdt_ack', path: '/api/mdt/assignments/3/ack', body: {}, at: '2026-06-15T02:10:00.000Z' },
    { kind: 'mdt_status', path: '/api/mdt/assignments/3/status', body: { action: 'en_route' }, at: '2026-06-15T02:11:00.000Z' },
    { kind: 'mdt_status', path: '/api/mdt/assignments/4/status', body: { action: 'arrive' }, at: '2026-06-15T02:12:00.000Z' },
  ];
  const v = withQueued(base, q);
  assert.equal(v.ackedAt, '2026-06-15T02:10:00.000Z');
  assert.equal(nextStep(v), 'arrive', 'another assignment\'s action does not count');
  assert.equal(withQueued(base, []), base);
  assert.equal(nextStep(withQueued(a(3, { ackedAt: 'x' }, 'on_scene'), [{ ...q[1]!, body: { action: 'resolve' } }])), null, 'a queued clear leaves nothing to press');
});
