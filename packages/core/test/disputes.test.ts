import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edges } from '../src/workflow/machine';
import {
  disputeMachine,
  escalation,
  followupAction,
  followupSchedule,
  gradeDispute,
  isDisputeOpen,
  levelAbove,
  levelDueAt,
  OPEN_DISPUTE_STATUSES,
  type DisputeStatus,
} from '../src/disputes/index';

const DAY = 86400_000;

test('the dispute machine: every edge, drawn by hand', () => {
  assert.deepEqual(
    edges(disputeMachine).map((e) => `${e.from} -${e.action}-> ${e.to}`),
    [
      'open -mediate-> mediating',
      'open -refer-> referred',
      'open -resolve-> resolved',
      'open -escalate-> open',
      'open -convert-> converted',
      'mediating -mediate-> mediating',
      'mediating -refer-> referred',
      'mediating -resolve-> resolved',
      'mediating -escalate-> mediating',
      'mediating -convert-> converted',
      'referred -mediate-> referred',
      'referred -feedback-> mediating',
      'referred -resolve-> resolved',
      'referred -escalate-> referred',
      'referred -convert-> converted',
      'resolved -followup-> resolved',
      'resolved -close-> closed',
      'resolved -reopen-> mediating',
      'resolved -convert-> converted',
      'closed -convert-> converted',
    ],
  );
  assert.equal(disputeMachine.isFinal('converted'), true);
  assert.equal(disputeMachine.isFinal('closed'), false);
});

test('the dispute machine refuses what a state does not take, naming what is allowed', () => {
  assert.deepEqual(disputeMachine.next('open', 'followup'), { ok: false, from: 'open', action: 'followup', allowed: ['mediate', 'refer', 'resolve', 'escalate', 'convert'] });
  assert.deepEqual(disputeMachine.next('open', 'feedback'), { ok: false, from: 'open', action: 'feedback', allowed: ['mediate', 'refer', 'resolve', 'escalate', 'convert'] });
  assert.deepEqual(disputeMachine.next('resolved', 'escalate'), { ok: false, from: 'resolved', action: 'escalate', allowed: ['followup', 'close', 'reopen', 'convert'] });
  assert.deepEqual(disputeMachine.next('closed', 'reopen'), { ok: false, from: 'closed', action: 'reopen', allowed: ['convert'] });
  assert.deepEqual(disputeMachine.next('converted', 'resolve'), { ok: false, from: 'converted', action: 'resolve', allowed: [] });
});

test('an open dispute is exactly one that can still be resolved and escalated', () => {
  for (const s of disputeMachine.states) {
    assert.equal(isDisputeOpen(s), disputeMachine.can(s, 'resolve'), s);
    assert.equal(isDisputeOpen(s), disputeMachine.can(s, 'escalate'), s);
  }
  assert.deepEqual([...OPEN_DISPUTE_STATUSES], ['open', 'mediating', 'referred']);
});

test('grading: no rule is low with no reasons; each rule sets its grade and says so', () => {
  const base = { violenceThreatened: false, priorCalls: 0, partyCount: 2, vulnerable: false };
  assert.deepEqual(gradeDispute(base), { grade: 'low', reasons: [] });
  assert.deepEqual(gradeDispute({ ...base, violenceThreatened: true }), { grade: 'high', reasons: [{ code: 'violence', grade: 'high' }] });
  assert.deepEqual(gradeDispute({ ...base, priorCalls: 1 }), { grade: 'low', reasons: [] });
  assert.deepEqual(gradeDispute({ ...base, priorCalls: 2 }), { grade: 'medium', reasons: [{ code: 'repeat_calls', grade: 'medium', value: 2 }] });
  assert.deepEqual(gradeDispute({ ...base, priorCalls: 4 }), { grade: 'high', reasons: [{ code: 'repeat_calls_many', grade: 'high', value: 4 }] });
  assert.deepEqual(gradeDispute({ ...base, partyCount: 4 }), { grade: 'low', reasons: [] });
  assert.deepEqual(gradeDispute({ ...base, partyCount: 5 }), { grade: 'medium', reasons: [{ code: 'group', grade: 'medium', value: 5 }] });
  assert.deepEqual(gradeDispute({ ...base, partyCount: 10 }), { grade: 'high', reasons: [{ code: 'mass', grade: 'high', value: 10 }] });
});

test('grading: vulnerable parties raise the grade by one, never past high; reasons add up', () => {
  const base = { violenceThreatened: false, priorCalls: 0, partyCount: 2, vulnerable: true };
  assert.deepEqual(gradeDispute(base), { grade: 'medium', reasons: [{ code: 'vulnerable', grade: 'medium' }] });
  assert.deepEqual(gradeDispute({ ...base, partyCount: 6 }).grade, 'high');
  const all = gradeDispute({ violenceThreatened: true, priorCalls: 3, partyCount: 6, vulnerable: true });
  assert.equal(all.grade, 'high');
  assert.deepEqual(all.reasons.map((r) => r.code), ['violence', 'repeat_calls', 'group', 'vulnerable']);
});

test('levels climb grid -> community -> station -> town -> county, each with its days', () => {
  assert.equal(levelAbove('grid'), 'community');
  assert.equal(levelAbove('town'), 'county');
  assert.equal(levelAbove('county'), null);
  assert.equal(levelDueAt('grid', 0), 3 * DAY);
  assert.equal(levelDueAt('station', 0), 10 * DAY);
});

test('escalation by time: past its level\'s due time an open dispute climbs one level; not before, not at the county, not when resolved', () => {
  const d = { status: 'mediating' as DisputeStatus, level: 'grid' as const, dueAt: 3 * DAY, grade: 'low' as const };
  assert.equal(escalation(d, 3 * DAY), null);
  assert.deepEqual(escalation(d, 3 * DAY + 1), { to: 'community', reason: 'overdue' });
  assert.equal(escalation({ ...d, level: 'county' }, 100 * DAY), null);
  assert.equal(escalation({ ...d, status: 'resolved' }, 100 * DAY), null);
  assert.equal(escalation({ ...d, status: 'closed' }, 100 * DAY), null);
});

test('escalation by grade: a grade that rose moves the dispute to its start level at once, never down', () => {
  const d = { status: 'open' as DisputeStatus, level: 'grid' as const, dueAt: 3 * DAY, grade: 'high' as const };
  assert.deepEqual(escalation(d, 0), { to: 'station', reason: 'grade' });
  assert.deepEqual(escalation({ ...d, grade: 'medium' }, 0), { to: 'community', reason: 'grade' });
  assert.equal(escalation({ ...d, level: 'town', dueAt: 10 * DAY, grade: 'medium' }, 0), null);
});

test('follow-up visits: scheduled after resolution by grade; the last one closes, a flare-up reopens', () => {
  assert.deepEqual(followupSchedule('low', 0), [7 * DAY]);
  assert.deepEqual(followupSchedule('medium', 0), [3 * DAY, 15 * DAY]);
  assert.deepEqual(followupSchedule('high', 1000), [1000 + DAY, 1000 + 7 * DAY, 1000 + 30 * DAY]);
  assert.equal(followupAction(false, 1), 'followup');
  assert.equal(followupAction(false, 0), 'close');
  assert.equal(followupAction(true, 0), 'reopen');
  for (const a of ['followup', 'close', 'reopen'] as const) assert.ok(disputeMachine.can('resolved', a));
});
