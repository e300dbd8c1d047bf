// The patrol plan workflow: every edge of its table, and what each state refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edges } from '../src/workflow/machine';
import { patrolPlanMachine, PATROL_PLAN_ACTIONS } from '../src/patrol/index';

test('the patrol plan machine has exactly these edges', () => {
  assert.deepEqual(
    edges(patrolPlanMachine).map((e) => `${e.from} --${e.action}--> ${e.to}`),
    [
      'draft --edit--> draft',
      'draft --publish--> published',
      'draft --cancel--> cancelled',
      'draft --supersede--> cancelled',
      'published --edit--> published',
      'published --cancel--> cancelled',
      'published --check_in--> published',
      'published --roll_call--> published',
    ],
  );
  assert.deepEqual(patrolPlanMachine.states, ['draft', 'published', 'cancelled']);
  assert.deepEqual([...patrolPlanMachine.actions], [...PATROL_PLAN_ACTIONS]);
});

test('a published plan is not published again or superseded; a draft takes no check-ins; a cancelled plan takes nothing', () => {
  assert.deepEqual(patrolPlanMachine.next('published', 'publish'), { ok: false, from: 'published', action: 'publish', allowed: ['edit', 'cancel', 'check_in', 'roll_call'] });
  assert.equal(patrolPlanMachine.can('published', 'supersede'), false);
  assert.equal(patrolPlanMachine.can('draft', 'check_in'), false);
  assert.equal(patrolPlanMachine.can('draft', 'roll_call'), false);
  assert.equal(patrolPlanMachine.isFinal('cancelled'), true);
  for (const a of PATROL_PLAN_ACTIONS) assert.equal(patrolPlanMachine.can('cancelled', a), false, a);
});
