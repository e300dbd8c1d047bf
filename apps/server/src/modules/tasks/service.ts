// Tasks: assignments, occurrences (the checklist), completion with evidence, extensions, supervision (督办) and the
// escalation ladder. The rules are core's (packages/core/src/tasks): recurrence gives the occurrences, the task
// machine (`taskMachine`) and `taskTransition` decide every change and `applyEscalations` what the clock fires; the
// services store the state through the repositories (repo/*.ts). One service per sub-domain:
//   assignments.ts  issuing (scope by level) and the idempotent generation of occurrences
//   checklists.ts   one task, the checklist of a day, what is overdue, the supervision list
//   completion.ts   completion with evidence and photos; reading a photo (audited)
//   supervision.ts  extensions, cancellation, the ladder run by the job
//   instance.ts     presentation, core's state of a row, who may read or work a task (404 outside scope)
//   notices.ts      who is notified
// This file is the module's service entry point: routes, jobs, the demo and other modules import from here.
export { createAssignment, endAssignment, generateDue, generateInstances, listAssignments } from './assignments';
export { checklist, getTask, myTasks, overdueOf, personTasks, supervision } from './checklists';
export { completeTask, readPhoto } from './completion';
export { cancelTask, decideExtension, escalate, requestExtension, urgeTask } from './supervision';
export { policies, presentInstance } from './instance';
export { personOf, personScopes, monthOf, type PersonScope } from './common';
