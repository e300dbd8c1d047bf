import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MyInstruction, Receipt } from '@jingwang/contracts';
import { countsOf, mergeMine, pending, receiptActions, wakesPhone } from './helpers';

const receipt = (id: number, status: Receipt['status']): Receipt => ({
  id,
  userId: id,
  name: `r${id}`,
  status,
  version: 1,
  deliveredAt: '2026-06-15T02:00:00.000Z',
  readAt: null,
  feedbackAt: null,
  doneAt: null,
  fallbackAt: null,
  feedback: [],
});
const mine = (id: number, over: Partial<MyInstruction> = {}, status: Receipt['status'] = 'delivered'): MyInstruction => ({
  id,
  sender: { userId: 1, name: 'lead1' },
  target: { kind: 'person', id: 1, name: 'P1' },
  text: `i${id}`,
  priority: 'normal',
  dueAt: null,
  link: null,
  photoIds: [],
  status: 'open',
  closedAt: null,
  closedByName: null,
  createdAt: `2026-06-15T02:0${id}:00.000Z`,
  version: 1,
  receipt: receipt(id, status),
  ...over,
});

test('countsOf recomputes the sender counts from the receipts; seen = every receipt past delivered', () => {
  const c = countsOf([receipt(1, 'delivered'), receipt(2, 'read'), receipt(3, 'feedback'), receipt(4, 'done'), receipt(5, 'done')]);
  assert.deepEqual(c, { total: 5, delivered: 1, read: 1, feedback: 1, done: 2, seen: 4 });
  assert.deepEqual(countsOf([]), { total: 0, delivered: 0, read: 0, feedback: 0, done: 0, seen: 0 });
});

test('receiptActions follows the receipt machine: no done unread, nothing once done or closed', () => {
  assert.deepEqual(receiptActions('delivered', true), ['read', 'feedback']);
  assert.deepEqual(receiptActions('read', true), ['feedback', 'done']);
  assert.deepEqual(receiptActions('feedback', true), ['feedback', 'done']);
  assert.deepEqual(receiptActions('done', true), []);
  assert.deepEqual(receiptActions('read', false), []);
});

test('an urgent, open, unread instruction not seen before wakes the phone, once', () => {
  const u = mine(1, { priority: 'urgent' });
  assert.equal(wakesPhone([], u), true);
  assert.equal(wakesPhone([u], u), false);
  assert.equal(wakesPhone([], mine(2)), false);
  assert.equal(wakesPhone([], mine(3, { priority: 'urgent' }, 'read')), false);
  assert.equal(wakesPhone([], mine(4, { priority: 'urgent', status: 'closed' })), false);
});

test('mergeMine replaces by id, newest first; pending puts urgent first and drops done or closed', () => {
  const a = mine(1);
  const b = mine(2);
  const list = mergeMine(mergeMine([], a), b);
  assert.deepEqual(list.map((x) => x.id), [2, 1]);
  assert.deepEqual(mergeMine(list, { ...a, text: 'changed' }).map((x) => [x.id, x.text]), [[2, 'i2'], [1, 'changed']]);
  const p = pending([mine(1), mine(2, { priority: 'urgent' }), mine(3, {}, 'done'), mine(4, { status: 'closed' }), mine(5)]);
  assert.deepEqual(p.map((x) => x.id), [2, 5, 1]);
});
