import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edges } from '../src/workflow/machine';
import { fraudWarningMachine, isFraudWarningOpen, OPEN_FRAUD_STATUSES } from '../src/fraud/index';

test('the fraud warning machine: accepted -> closed (outcome) -> followed_up; rejected and followed_up are final', () => {
  assert.deepEqual(
    edges(fraudWarningMachine).map((e) => `${e.from} -${e.action}-> ${e.to}`),
    ['accepted -outcome-> closed', 'closed -followup-> followed_up'],
  );
  assert.deepEqual([...fraudWarningMachine.states].sort(), ['accepted', 'closed', 'followed_up', 'rejected']);
  assert.equal(fraudWarningMachine.isFinal('rejected'), true);
  assert.equal(fraudWarningMachine.isFinal('followed_up'), true);
  assert.equal(fraudWarningMachine.isFinal('accepted'), false);
});

test('the fraud warning machine refuses a second outcome and a follow-up before the outcome, naming what is allowed', () => {
  assert.deepEqual(fraudWarningMachine.next('closed', 'outcome'), { ok: false, from: 'closed', action: 'outcome', allowed: ['followup'] });
  assert.deepEqual(fraudWarningMachine.next('accepted', 'followup'), { ok: false, from: 'accepted', action: 'followup', allowed: ['outcome'] });
  assert.deepEqual(fraudWarningMachine.next('rejected', 'outcome'), { ok: false, from: 'rejected', action: 'outcome', allowed: [] });
});

test('an open warning is exactly one that still takes an outcome', () => {
  for (const s of fraudWarningMachine.states) assert.equal(isFraudWarningOpen(s), fraudWarningMachine.can(s, 'outcome'), s);
  assert.deepEqual([...OPEN_FRAUD_STATUSES], ['accepted']);
});
