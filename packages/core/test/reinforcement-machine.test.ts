// The reinforcement request workflow: every edge of its table, and what each state refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edges } from '../src/workflow/machine';
import { OPEN_REINFORCEMENT_STATUSES, REINFORCEMENT_WORKFLOW_ACTIONS, reinforcementMachine } from '../src/dispatch/index';

test('the reinforcement machine has exactly these edges', () => {
  assert.deepEqual(
    edges(reinforcementMachine).map((e) => `${e.from} --${e.action}--> ${e.to}`),
    [
      'requested --accept--> accepted',
      'requested --fulfil--> fulfilled',
      'requested --cancel--> cancelled',
      'requested --lapse--> cancelled',
      'accepted --fulfil--> fulfilled',
      'accepted --cancel--> cancelled',
      'accepted --lapse--> cancelled',
    ],
  );
  assert.deepEqual(reinforcementMachine.states, ['requested', 'accepted', 'fulfilled', 'cancelled']);
  assert.deepEqual([...reinforcementMachine.actions], [...REINFORCEMENT_WORKFLOW_ACTIONS]);
});

test('open requests are the ones that can still lapse; fulfilled and cancelled take nothing', () => {
  for (const s of reinforcementMachine.states) {
    assert.equal(reinforcementMachine.can(s, 'lapse'), (OPEN_REINFORCEMENT_STATUSES as readonly string[]).includes(s), s);
  }
  assert.deepEqual(reinforcementMachine.next('accepted', 'accept'), { ok: false, from: 'accepted', action: 'accept', allowed: ['fulfil', 'cancel', 'lapse'] });
  assert.equal(reinforcementMachine.isFinal('fulfilled'), true);
  assert.equal(reinforcementMachine.isFinal('cancelled'), true);
});
