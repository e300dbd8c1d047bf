import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allDone, edges, instructionMachine, receiptMachine } from '../src/index';

test('the instruction machine: open -> closed by close, closed is final', () => {
  assert.deepEqual(edges(instructionMachine), [{ from: 'open', action: 'close', to: 'closed' }]);
  assert.ok(instructionMachine.isFinal('closed'));
});

test('the receipt machine, edge by edge: no done unread, nothing after done', () => {
  assert.deepEqual(edges(receiptMachine), [
    { from: 'delivered', action: 'read', to: 'read' },
    { from: 'delivered', action: 'feedback', to: 'feedback' },
    { from: 'read', action: 'feedback', to: 'feedback' },
    { from: 'read', action: 'done', to: 'done' },
    { from: 'feedback', action: 'feedback', to: 'feedback' },
    { from: 'feedback', action: 'done', to: 'done' },
  ]);
  const r = receiptMachine.next('delivered', 'done');
  assert.equal(r.ok, false);
  assert.deepEqual(!r.ok && r.allowed, ['read', 'feedback']);
  assert.equal(receiptMachine.can('read', 'read'), false);
  assert.ok(receiptMachine.isFinal('done'));
});

test('allDone: every receipt done, and at least one', () => {
  assert.equal(allDone([]), false);
  assert.equal(allDone(['done', 'feedback']), false);
  assert.equal(allDone(['done', 'done']), true);
});
