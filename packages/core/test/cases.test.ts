import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edges } from '../src/workflow/machine';
import {
  administrativeCaseMachine,
  caseLadder,
  caseMachine,
  criminalCaseMachine,
  DEFAULT_CASE_LIMITS,
  isCaseOpen,
  limitDeadline,
  missingItems,
  REQUIRED_ITEMS,
  stageDeadline,
  supervisionReasons,
  type CaseLimit,
} from '../src/cases/index';

const OFF = 480; // Asia/Shanghai
const at = (s: string) => Date.parse(s);
const edgeList = (m: typeof criminalCaseMachine | typeof administrativeCaseMachine) => edges(m as never).map((e: { from: string; action: string; to: string }) => `${e.from} -${e.action}-> ${e.to}`);

test('criminal case: every edge of the table', () => {
  assert.deepEqual(edgeList(criminalCaseMachine), [
    'accepted -file-> investigating',
    'accepted -decline-> not_filed',
    'investigating -detain-> detained',
    'investigating -solve-> solved',
    'investigating -withdraw-> withdrawn',
    'detained -extend-> detention_extended',
    'detained -release-> investigating',
    'detained -solve-> solved',
    'detention_extended -release-> investigating',
    'detention_extended -solve-> solved',
    'solved -transfer-> transferred',
    'solved -withdraw-> withdrawn',
  ]);
  for (const s of ['not_filed', 'transferred', 'withdrawn'] as const) assert.equal(criminalCaseMachine.isFinal(s), true, s);
  assert.deepEqual(criminalCaseMachine.next('accepted', 'solve'), { ok: false, from: 'accepted', action: 'solve', allowed: ['file', 'decline'] });
  assert.deepEqual(criminalCaseMachine.next('investigating', 'extend'), { ok: false, from: 'investigating', action: 'extend', allowed: ['detain', 'solve', 'withdraw'] });
});

test('administrative case: every edge of the table', () => {
  assert.deepEqual(edgeList(administrativeCaseMachine), [
    'accepted -investigate-> investigating',
    'investigating -penalize-> penalized',
    'investigating -not_penalize-> not_penalized',
    'penalized -execute-> executed',
    'not_penalized -close-> closed',
    'executed -close-> closed',
  ]);
  assert.equal(administrativeCaseMachine.isFinal('closed'), true);
  assert.equal(caseMachine('administrative').can('accepted', 'file'), false);
  assert.equal(caseMachine('criminal').can('accepted', 'file'), true);
});

test('a case is open exactly when its kind has an action left', () => {
  for (const s of criminalCaseMachine.states) assert.equal(isCaseOpen('criminal', s), criminalCaseMachine.allowed(s).length > 0, s);
  for (const s of administrativeCaseMachine.states) assert.equal(isCaseOpen('administrative', s), administrativeCaseMachine.allowed(s).length > 0, s);
  assert.equal(isCaseOpen('administrative', 'detained'), false); // not a state of the kind
});

test('every action of each kind has its required items listed, and every limit names states of its kind', () => {
  for (const a of criminalCaseMachine.actions) assert.ok(REQUIRED_ITEMS.criminal[a], a);
  for (const a of administrativeCaseMachine.actions) assert.ok(REQUIRED_ITEMS.administrative[a], a);
  for (const l of DEFAULT_CASE_LIMITS) {
    const m = caseMachine(l.kind);
    assert.ok(m.states.includes(l.stage) && m.states.includes(l.base), l.key);
    assert.equal(m.isFinal(l.stage), false, l.key);
  }
});

test('days: the first day is not counted, the period ends at local midnight after the n-th day', () => {
  // accepted 2026-12-07 10:00 Beijing (02:00Z): 3 days -> ends 2026-12-10 24:00 Beijing = 2026-12-10T16:00Z
  assert.equal(limitDeadline(at('2026-12-07T02:00:00Z'), 'day', 3, OFF), at('2026-12-10T16:00:00Z'));
  // 23:30 Beijing is still the 7th locally (15:30Z), although in UTC it is the 7th too; 00:30 Beijing on the 8th is 16:30Z on the 7th
  assert.equal(limitDeadline(at('2026-12-07T15:30:00Z'), 'day', 3, OFF), at('2026-12-10T16:00:00Z'));
  assert.equal(limitDeadline(at('2026-12-07T16:30:00Z'), 'day', 3, OFF), at('2026-12-11T16:00:00Z'));
  // over a year end
  assert.equal(limitDeadline(at('2026-12-30T02:00:00Z'), 'day', 30, OFF), at('2027-01-29T16:00:00Z'));
  assert.equal(limitDeadline(at('2026-12-30T02:00:00Z'), 'day', 0, OFF), at('2026-12-30T16:00:00Z'));
});

test('months: same day n months later; without that day, the last day of the month (incl. leap years)', () => {
  assert.equal(limitDeadline(at('2026-03-15T02:00:00Z'), 'month', 2, OFF), at('2026-05-15T16:00:00Z'));
  assert.equal(limitDeadline(at('2027-01-31T02:00:00Z'), 'month', 1, OFF), at('2027-02-28T16:00:00Z'));
  assert.equal(limitDeadline(at('2028-01-31T02:00:00Z'), 'month', 1, OFF), at('2028-02-29T16:00:00Z'));
  assert.equal(limitDeadline(at('2026-12-31T02:00:00Z'), 'month', 2, OFF), at('2027-02-28T16:00:00Z'));
  assert.equal(limitDeadline(at('2026-08-31T02:00:00Z'), 'month', 1, OFF), at('2026-09-30T16:00:00Z'));
  assert.equal(limitDeadline(at('2026-11-30T02:00:00Z'), 'month', 3, OFF), at('2027-02-28T16:00:00Z'));
  // 31 Dec 23:00 Beijing is 15:00Z on the 31st: local month end; 31 Jan 00:30 Beijing is 30 Jan 16:30Z: local date counts
  assert.equal(limitDeadline(at('2027-01-30T16:30:00Z'), 'month', 1, OFF), at('2027-02-28T16:00:00Z'));
  assert.equal(limitDeadline(at('2026-12-31T02:00:00Z'), 'month', 12, OFF), at('2027-12-31T16:00:00Z'));
});

test('hours: to the minute (detention)', () => {
  assert.equal(limitDeadline(at('2026-12-07T02:17:00Z'), 'hour', 72, OFF), at('2026-12-10T02:17:00Z'));
  assert.throws(() => limitDeadline(0, 'hour', -1, OFF), RangeError);
  assert.throws(() => limitDeadline(0, 'day', 1.5, OFF), RangeError);
});

test('stage deadlines run from the latest entry into the base stage, with the limits given', () => {
  const entries = { accepted: at('2026-12-01T02:00:00Z'), investigating: at('2026-12-02T02:00:00Z'), detained: at('2026-12-03T04:00:00Z') };
  assert.deepEqual(stageDeadline('criminal', 'accepted', entries, DEFAULT_CASE_LIMITS, OFF)?.dueAt, at('2026-12-04T16:00:00Z'));
  assert.equal(stageDeadline('criminal', 'investigating', entries, DEFAULT_CASE_LIMITS, OFF)?.dueAt, at('2027-02-02T16:00:00Z'));
  assert.equal(stageDeadline('criminal', 'detained', entries, DEFAULT_CASE_LIMITS, OFF)?.dueAt, at('2026-12-06T04:00:00Z'));
  // the extension runs from the detention, not from the extension
  const ext = stageDeadline('criminal', 'detention_extended', { ...entries, detention_extended: at('2026-12-05T00:00:00Z') }, DEFAULT_CASE_LIMITS, OFF);
  assert.equal(ext?.dueAt, at('2026-12-10T04:00:00Z'));
  assert.equal(ext?.key, 'criminal.detention_extended');
  // administrative handling from acceptance: 30 days
  assert.equal(stageDeadline('administrative', 'investigating', { accepted: at('2026-12-01T02:00:00Z'), investigating: at('2026-12-05T02:00:00Z') }, DEFAULT_CASE_LIMITS, OFF)?.dueAt, at('2026-12-31T16:00:00Z'));
  // a configured limit replaces the default
  const custom: CaseLimit[] = DEFAULT_CASE_LIMITS.map((l) => (l.key === 'criminal.filing' ? { ...l, amount: 7 } : l));
  assert.equal(stageDeadline('criminal', 'accepted', entries, custom, OFF)?.dueAt, at('2026-12-08T16:00:00Z'));
  // final stages and stages without a limit have none
  assert.equal(stageDeadline('criminal', 'transferred', entries, DEFAULT_CASE_LIMITS, OFF), null);
  assert.equal(stageDeadline('administrative', 'investigating', {}, DEFAULT_CASE_LIMITS, OFF), null);
});

test('required items: what is missing is named; repeated steps need items newer than the stage', () => {
  assert.deepEqual(missingItems('criminal', 'file', []), ['acceptance_receipt', 'filing_decision']);
  assert.deepEqual(missingItems('criminal', 'file', [{ type: 'acceptance_receipt', at: 1 }]), ['filing_decision']);
  assert.deepEqual(missingItems('criminal', 'file', [{ type: 'acceptance_receipt', at: 1 }, { type: 'filing_decision', at: 2 }]), []);
  assert.deepEqual(missingItems('administrative', 'penalize', [{ type: 'penalty_decision', at: 1 }]), ['notification_signature']);
  assert.deepEqual(missingItems('administrative', 'close', []), []);
  // a second detention: the first warrant (before the stage was entered again) does not count
  const items = [{ type: 'detention_warrant' as const, at: 10 }, { type: 'detention_notice' as const, at: 10 }];
  assert.deepEqual(missingItems('criminal', 'detain', items, 5), []);
  assert.deepEqual(missingItems('criminal', 'detain', items, 20), ['detention_warrant', 'detention_notice']);
  // a non-repeatable step counts any item of the case
  assert.deepEqual(missingItems('criminal', 'solve', [{ type: 'solve_report', at: 1 }], 20), []);
});

test('the ladder and the deputy list: due soon, reminder at the deadline, yellow after 24 h, red after 72 h, idle', () => {
  const due = at('2026-12-10T16:00:00Z');
  const h = 3_600_000;
  assert.equal(caseLadder(null, due), 'none');
  assert.equal(caseLadder(due, due - 49 * h), 'none');
  assert.equal(caseLadder(due, due - 48 * h), 'due_soon');
  assert.equal(caseLadder(due, due - 1), 'due_soon');
  assert.equal(caseLadder(due, due), 'reminder');
  assert.equal(caseLadder(due, due + 24 * h - 1), 'reminder');
  assert.equal(caseLadder(due, due + 24 * h), 'yellow');
  assert.equal(caseLadder(due, due + 72 * h), 'red');
  assert.deepEqual(supervisionReasons({ open: true, dueAt: due, lastActivityAt: due - 10 * 24 * h }, due + h), ['overdue', 'idle']);
  assert.deepEqual(supervisionReasons({ open: true, dueAt: due, lastActivityAt: due }, due - h), ['due_soon']);
  assert.deepEqual(supervisionReasons({ open: true, dueAt: null, lastActivityAt: due - 7 * 24 * h }, due), ['idle']);
  assert.deepEqual(supervisionReasons({ open: true, dueAt: null, lastActivityAt: due - 7 * 24 * h + 1 }, due), []);
  assert.deepEqual(supervisionReasons({ open: false, dueAt: due, lastActivityAt: 0 }, due + 100 * h), []);
});
