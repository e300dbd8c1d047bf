import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineMachine, edges } from '../src/workflow/machine';
import { incidentMachine, OPEN_INCIDENT_STATUSES, isOpen } from '../src/incident/index';

type S = 'draft' | 'published' | 'cancelled';
type A = 'publish' | 'cancel';
const m = defineMachine<S, A>('plan', { draft: { publish: 'published', cancel: 'cancelled' }, published: { cancel: 'cancelled' }, cancelled: {} }, ['publish', 'cancel']);

test('a machine answers next, can, allowed and isFinal from its table', () => {
  assert.deepEqual(m.next('draft', 'publish'), { ok: true, from: 'draft', action: 'publish', to: 'published' });
  assert.deepEqual(m.next('published', 'publish'), { ok: false, from: 'published', action: 'publish', allowed: ['cancel'] });
  assert.equal(m.can('cancelled', 'cancel'), false);
  assert.equal(m.isFinal('cancelled'), true);
  assert.equal(m.isFinal('draft'), false);
  assert.deepEqual(edges(m).map((e) => `${e.from}-${e.action}-${e.to}`), ['draft-publish-published', 'draft-cancel-cancelled', 'published-cancel-cancelled']);
});

test('a table naming an unknown target state or action fails at definition', () => {
  assert.throws(() => defineMachine<'a' | 'b', 'go'>('bad', { a: { go: 'c' as 'b' }, b: {} }, ['go']), /not a state/);
  assert.throws(() => defineMachine<'a', 'go'>('bad', { a: { stop: 'a' } as never }, ['go']), /unknown action stop/);
});

test('the incident machine: open statuses are exactly the ones that can still be dispatched to', () => {
  for (const s of incidentMachine.states) assert.equal(isOpen(s), incidentMachine.can(s, 'dispatch'), s);
  assert.deepEqual([...OPEN_INCIDENT_STATUSES], incidentMachine.states.filter((s) => incidentMachine.can(s, 'dispatch')));
});
