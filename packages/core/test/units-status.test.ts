// The unit status set by hand: the edges of the machine, drawn by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edges } from '../src/workflow/machine';
import { unitStatusMachine } from '../src/units/status';

test('every manual status reaches every other, never itself', () => {
  const manual = ['available', 'off_duty', 'meal_break', 'busy', 'out_of_service'] as const;
  for (const from of manual) assert.deepEqual(unitStatusMachine.allowed(from).sort(), manual.filter((s) => s !== from).sort());
  assert.equal(edges(unitStatusMachine).length, 5 * 4);
  assert.equal(unitStatusMachine.next('available', 'meal_break').ok, true);
  assert.equal(unitStatusMachine.next('meal_break', 'meal_break').ok, false);
});

test('a unit on an incident follows it: no status by hand until released', () => {
  for (const s of ['dispatched', 'en_route', 'on_scene'] as const) {
    assert.equal(unitStatusMachine.isFinal(s), true);
    const r = unitStatusMachine.next(s, 'off_duty');
    assert.equal(r.ok, false);
  }
});
