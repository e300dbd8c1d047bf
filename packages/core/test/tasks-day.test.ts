// The one definition of a day's tasks (every screen), daily tasks due within their own day, plan weights adding up
// to 100, and the sources not connected yet (未接入).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allNotConnected,
  dayCounts,
  DEFAULT_ASSESSMENT_PLAN,
  DEMO_INDICATORS,
  DEMO_TASK_TEMPLATES,
  isTaskOfDay,
  localMidnight,
  occurrences,
  usesNotConnected,
  validatePlan,
  weightsTo100,
  type DayTask,
  type TaskSchedule,
} from '../src/tasks/index';

const CN = 480;
const H = 3_600_000;
const D = 24 * H;
const day = localMidnight('2026-12-07', CN);
const [from, to] = [day, day + D];

test('a day’s tasks: open today, done today (early, on time or late), not the backlog nor what was done before', () => {
  const t = (x: Partial<DayTask>): DayTask => ({ status: 'open', periodStart: from, dueAt: to, doneAt: null, late: false, supervision: 'none', ...x });
  const cases: [string, DayTask, boolean][] = [
    ['open today', t({}), true],
    ['done today on time', t({ status: 'done', doneAt: from + 9 * H }), true],
    ['of yesterday, done late today', t({ status: 'done', periodStart: from - D, dueAt: from, doneAt: from + 2 * H, late: true }), true],
    ['of yesterday, still overdue (backlog)', t({ status: 'overdue', periodStart: from - D, dueAt: from, supervision: 'yellow' }), false],
    ['weekly, due Sunday, done early yesterday', t({ status: 'done', periodStart: from - 2 * D, dueAt: from + 4 * D, doneAt: from - 3 * H }), false],
    ['weekly, due Sunday, still open', t({ periodStart: from - 2 * D, dueAt: from + 4 * D }), true],
    ['weekly, done early today', t({ status: 'done', periodStart: from - 2 * D, dueAt: from + 4 * D, doneAt: from + H }), true],
    ['of tomorrow', t({ periodStart: to, dueAt: to + D }), false],
    ['cancelled', t({ status: 'cancelled' }), false],
    ['of yesterday, done late tomorrow', t({ status: 'done', periodStart: from - D, dueAt: from, doneAt: to + H, late: true }), false],
    ['due today, overdue now', t({ status: 'overdue', dueAt: from + 10 * H, supervision: 'red' }), true],
  ];
  for (const [name, x, want] of cases) assert.equal(isTaskOfDay(x, from, to), want, name);
  const c = dayCounts(cases.map((x) => x[1]), from, to);
  assert.deepEqual(c, { total: 6, done: 3, onTime: 2, late: 1, open: 2, overdue: 1, yellow: 0, red: 1 });
});

test('a daily task is due within its own day: at its end, or at its limit when earlier (never tomorrow)', () => {
  const end = (s: TaskSchedule) => occurrences(s, from, to, CN)[0]!;
  assert.equal(end({ recurrence: { kind: 'daily' }, target: 1, limit: 'period' }).dueAt, to);
  assert.equal(end({ recurrence: { kind: 'daily' }, target: 1, limit: 'period', startMinute: 18 * 60 }).dueAt, to, 'opens 18:00, due at 24:00 of the day');
  assert.equal(end({ recurrence: { kind: 'daily' }, target: 1, limit: 360, startMinute: 21 * 60 }).dueAt, to, '21:00 + 6 h is cut at midnight');
  assert.equal(end({ recurrence: { kind: 'daily' }, target: 1, limit: 60, startMinute: 8 * 60 }).dueAt, from + 9 * H);
  // every daily template of the catalogue falls due by the end of its own day
  for (const tpl of DEMO_TASK_TEMPLATES.filter((x) => x.schedule.recurrence.kind === 'daily')) {
    const o = end(tpl.schedule);
    assert.ok(o.dueAt <= to && o.dueAt > o.periodStart, `${tpl.code} due ${(o.dueAt - from) / H} h`);
  }
});

test('plan weights add up to 100: refused otherwise, and a cut-down plan is rescaled to 100', () => {
  assert.deepEqual(validatePlan(DEFAULT_ASSESSMENT_PLAN, DEMO_INDICATORS), []);
  const ninety = { ...DEFAULT_ASSESSMENT_PLAN, items: DEFAULT_ASSESSMENT_PLAN.items.slice(1) };
  assert.deepEqual(validatePlan(ninety, DEMO_INDICATORS).map((e) => [e.field, e.code]), [['/items', 'weights_not_100']]);
  assert.deepEqual(weightsTo100([10, 10, 10, 15, 5, 10, 5, 5, 5, 5, 5]), [12, 12, 12, 17, 6, 11, 6, 6, 6, 6, 6]);
  for (const w of [[10, 10, 10, 15, 5, 10, 5, 5, 5, 5, 5], [1, 1, 1], [15, 5, 10, 10, 5], [90]]) {
    const r = weightsTo100(w);
    assert.equal(r.reduce((a, b) => a + b, 0), 100, String(w));
    assert.ok(r.every((x) => x >= 1));
  }
  assert.deepEqual(weightsTo100([1, 1, 1]), [34, 33, 33]);
});

test('disputes and follow-ups are not connected (未接入), the others are (cases since issue 17)', () => {
  const off = DEMO_INDICATORS.filter((d) => usesNotConnected(d.formula)).map((d) => d.code);
  assert.deepEqual(off, ['dispute_resolution', 'followup_satisfaction']);
  assert.ok(!allNotConnected(['cases', 'cases_last_year']));
  assert.ok(allNotConnected(['disputes_received', 'followups']));
  assert.ok(!allNotConnected(['incidents_last_year']));
  assert.ok(!allNotConnected([]));
});
