// The status of an assigned task (task_instances.status) as one state machine (packages/core/src/workflow): the
// table below is the only place that says which action may move a task from which status to which. The rules that
// decide WHICH action an event is (evidence, progress against the target, the ladder's clock, an extension's new due
// time) stay in `taskTransition` (escalation.ts), which asks this machine for the resulting status.
//
//   open ──complete──▶ done            open ──report (progress short of the target)──▶ open
//    │ ╰──fall_due (the ladder: overdue, reminder, yellow, red)──▶ overdue ──complete──▶ done (late)
//    │                                                              │ ╰──extend (new due time ahead)──▶ open
//    ╰──cancel──▶ cancelled ◀──cancel───────────────────────────────╯
//   heads_up (due_soon), extension requests and rejections keep the status (the ladder's clock refuses a heads-up once
//   the task is due); an approval whose new due time has already passed is `extend_lapsed` (to overdue). done and
//   cancelled are final.
import { defineMachine } from '../workflow/machine';
import type { TaskStatus } from './escalation';

export type TaskMachineAction =
  | 'report'
  | 'complete'
  | 'heads_up'
  | 'fall_due'
  | 'request_extension'
  | 'reject_extension'
  | 'extend'
  | 'extend_lapsed'
  | 'cancel';

export const TASK_ACTIONS: readonly TaskMachineAction[] = ['report', 'complete', 'heads_up', 'fall_due', 'request_extension', 'reject_extension', 'extend', 'extend_lapsed', 'cancel'];

export const taskMachine = defineMachine<TaskStatus, TaskMachineAction>(
  'task',
  {
    open: {
      report: 'open',
      complete: 'done',
      heads_up: 'open',
      fall_due: 'overdue',
      request_extension: 'open',
      reject_extension: 'open',
      extend: 'open',
      extend_lapsed: 'overdue',
      cancel: 'cancelled',
    },
    overdue: {
      report: 'overdue',
      complete: 'done',
      heads_up: 'overdue',
      fall_due: 'overdue',
      request_extension: 'overdue',
      reject_extension: 'overdue',
      extend: 'open',
      extend_lapsed: 'overdue',
      cancel: 'cancelled',
    },
    done: {},
    cancelled: {},
  },
  TASK_ACTIONS,
);

/** The statuses a task can still be worked in (the ladder runs, evidence is accepted): every non-final status. */
export const OPEN_TASK_STATUSES = ['open', 'overdue'] as const satisfies readonly TaskStatus[];

export function isTaskOpen(status: TaskStatus): boolean {
  return !taskMachine.isFinal(status);
}

/** The statuses from which `action` is allowed (the `from` of a guarded update). */
export function taskStatusesAllowing(action: TaskMachineAction): TaskStatus[] {
  return taskMachine.states.filter((s) => taskMachine.can(s, action));
}
