// The task status machine: its edges listed, and taskTransition moving statuses only along them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edges } from '../src/workflow/machine';
import { OPEN_TASK_STATUSES, isTaskOpen, taskMachine, taskStatusesAllowing } from '../src/tasks/machine';
import { newTaskState, taskTransition, type TaskState } from '../src/tasks/escalation';

const HOUR = 3_600_000;

test('the task machine: every edge, listed', () => {
  assert.deepEqual(
    edges(taskMachine).map((e) => `${e.from} -${e.action}-> ${e.to}`),
    [
      'open -report-> open',
      'open -complete-> done',
      'open -heads_up-> open',
      'open -fall_due-> overdue',
      'open -request_extension-> open',
      'open -reject_extension-> open',
      'open -extend-> open',
      'open -extend_lapsed-> overdue',
      'open -cancel-> cancelled',
      'overdue -report-> overdue',
      'overdue -complete-> done',
      'overdue -heads_up-> overdue',
      'overdue -fall_due-> overdue',
      'overdue -request_extension-> overdue',
      'overdue -reject_extension-> overdue',
      'overdue -extend-> open',
      'overdue -extend_lapsed-> overdue',
      'overdue -cancel-> cancelled',
    ],
  );
  assert.deepEqual(taskMachine.states, ['open', 'overdue', 'done', 'cancelled']);
  assert.ok(taskMachine.isFinal('done') && taskMachine.isFinal('cancelled'));
  assert.deepEqual(taskMachine.next('done', 'complete'), { ok: false, from: 'done', action: 'complete', allowed: [] });
});

test('open statuses are exactly the non-final ones, and the ones a task can be completed or cancelled from', () => {
  assert.deepEqual([...OPEN_TASK_STATUSES], taskMachine.states.filter(isTaskOpen));
  assert.deepEqual(taskStatusesAllowing('complete'), [...OPEN_TASK_STATUSES]);
  assert.deepEqual(taskStatusesAllowing('cancel'), [...OPEN_TASK_STATUSES]);
  assert.deepEqual(taskStatusesAllowing('extend'), [...OPEN_TASK_STATUSES]);
});

test('taskTransition moves the status along the machine: partial report stays, overdue, extension reopens, complete, cancel', () => {
  const due = 10 * HOUR;
  const s0 = newTaskState(due, 2);
  const ev = { requirement: {}, evidence: { photos: [], form: {}, location: null, note: null } };
  const part = taskTransition(s0, { type: 'complete', at: HOUR, amount: 1, ...ev });
  assert.ok(part.ok);
  assert.equal(part.state.status, 'open');
  const late = taskTransition(part.state, { type: 'escalate', at: due, step: 'overdue' });
  assert.ok(late.ok);
  assert.equal(late.state.status, 'overdue');
  const asked = taskTransition(late.state, { type: 'request_extension', at: due + HOUR, until: due + 5 * HOUR, reason: '协调' });
  assert.ok(asked.ok);
  assert.equal(asked.state.status, 'overdue');
  const reopened = taskTransition(asked.state, { type: 'approve_extension', at: due + 2 * HOUR });
  assert.ok(reopened.ok);
  assert.equal(reopened.state.status, 'open');
  // approved to a due time already passed: still overdue (extend_lapsed)
  const asked2 = taskTransition(late.state, { type: 'request_extension', at: due + HOUR, until: due + 2 * HOUR, reason: '协调' });
  assert.ok(asked2.ok);
  const lapsed = taskTransition(asked2.state, { type: 'approve_extension', at: due + 3 * HOUR });
  assert.ok(lapsed.ok);
  assert.equal(lapsed.state.status, 'overdue');
  const done = taskTransition(late.state, { type: 'complete', at: due + HOUR, ...ev });
  assert.ok(done.ok);
  assert.deepEqual([done.state.status, done.state.late], ['done', true]);
  const cancelled = taskTransition(s0, { type: 'cancel', at: 0 });
  assert.ok(cancelled.ok);
  assert.equal(cancelled.state.status, 'cancelled');
  for (const closed of [done.state, cancelled.ok ? cancelled.state : (null as unknown as TaskState)]) {
    const r = taskTransition(closed, { type: 'cancel', at: due });
    assert.ok(!r.ok && r.code === 'TASK_CLOSED');
  }
});
