// Tasks, supervision, indicators and assessment (issue 6: 作战小屏 / 一屏通览). Pure engines on plain data:
//   recurrence.ts  when a template falls due (occurrences in local time)
//   escalation.ts  an assigned task's transitions, the supervision ladder (督办), extensions, evidence checks
//   day.ts         the one definition of a day's tasks and their counts (every screen)
//   machine.ts     the task status machine (defineMachine): which action moves a task from which status to which
//   indicators.ts  indicator formulas (a small hand-written parser and evaluator) and definitions
//   scoring.ts     assessment (考核): scores, weighted totals, rankings, the four stars
//   catalogue.ts   the demo's 83 task templates in 8 categories, measures, indicators and default plan
export * from './recurrence';
export * from './escalation';
export * from './machine';
export * from './day';
export * from './indicators';
export * from './scoring';
export * from './catalogue';
