import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  occurrences,
  openOccurrences,
  validateSchedule,
  localDate,
  localMidnight,
  monthRange,
  dayRange,
  weekdayOfDay,
  parseLocalDate,
  dueFrom,
  type TaskSchedule,
} from '../src/tasks/recurrence';
import {
  newTaskState,
  escalationDue,
  applyEscalations,
  taskTransition,
  supervisionLevel,
  validateEvidence,
  validateEscalationPolicy,
  DEFAULT_ESCALATION_POLICY,
  type TaskState,
  type EscalationPolicy,
  type EvidenceRequirement,
} from '../src/tasks/escalation';
import { parseFormula, evaluate, formulaMeasures, computeIndicator, validateIndicatorDef, roundHalfAway, type IndicatorDef } from '../src/tasks/indicators';
import { indicatorScore, scoreAssessment, competitionRanks, validatePlan, assess, type AssessmentPlan } from '../src/tasks/scoring';
import {
  DEMO_TASK_TEMPLATES,
  TASK_CATEGORIES,
  DEMO_INDICATORS,
  DEMO_MEASURES,
  DEFAULT_ASSESSMENT_PLAN,
  measuresOfSources,
} from '../src/tasks/catalogue';
import * as core from '../src/index';

const CN = 480; // UTC+8
const H = 3_600_000;
const MIN = 60_000;
/** Epoch ms of a local (UTC+8) wall-clock time. */
const cn = (y: number, m: number, d: number, hh = 0, mm = 0) => Date.UTC(y, m - 1, d, hh, mm) - 8 * H;
const keys = (s: TaskSchedule, from: number, to: number, off = CN) => occurrences(s, from, to, off).map((o) => o.key);

// ---------------------------------------------------------------- recurrence

test('local dates follow the UTC offset', () => {
  const t = Date.UTC(2024, 0, 1, 17, 0); // 17:00 UTC on 1 Jan = 01:00 on 2 Jan in China
  assert.equal(localDate(t, 480), '2024-01-02');
  assert.equal(localDate(t, 0), '2024-01-01');
  assert.equal(localDate(t, -300), '2024-01-01');
  assert.equal(localDate(Date.UTC(2024, 0, 1, 3, 0), -300), '2023-12-31');
  assert.equal(localMidnight('2024-01-02', 480), Date.UTC(2024, 0, 1, 16, 0));
  assert.equal(localMidnight('2024-01-02', -300), Date.UTC(2024, 0, 2, 5, 0));
  assert.deepEqual(dayRange(t, 480), { from: Date.UTC(2024, 0, 1, 16), to: Date.UTC(2024, 0, 2, 16) });
  assert.equal(weekdayOfDay(parseLocalDate('2024-01-01')!), 1, '1 Jan 2024 was a Monday');
  assert.equal(weekdayOfDay(parseLocalDate('2000-01-01')!), 6, '1 Jan 2000 was a Saturday');
  assert.equal(weekdayOfDay(parseLocalDate('1969-12-31')!), 3, '31 Dec 1969 was a Wednesday');
  assert.equal(parseLocalDate('2023-02-29'), null);
  assert.notEqual(parseLocalDate('2024-02-29'), null);
});

test('monthRange covers the local month, 29 days for February 2024 and 28 for 2023', () => {
  const feb24 = monthRange('2024-02', CN);
  assert.equal(feb24.from, Date.UTC(2024, 0, 31, 16));
  assert.equal(feb24.to, Date.UTC(2024, 1, 29, 16));
  assert.equal((feb24.to - feb24.from) / (24 * H), 29);
  const feb23 = monthRange('2023-02', CN);
  assert.equal((feb23.to - feb23.from) / (24 * H), 28);
  const dec = monthRange('2024-12', CN);
  assert.equal(dec.to, cn(2025, 1, 1));
  assert.throws(() => monthRange('2024-13', CN), RangeError);
});

test('a daily rule crosses the end of February in a leap year, due at the next local midnight', () => {
  const s: TaskSchedule = { recurrence: { kind: 'daily' }, target: 5, limit: 'period' };
  const occ = occurrences(s, cn(2024, 2, 28), cn(2024, 3, 2), CN);
  assert.deepEqual(occ.map((o) => o.key), ['2024-02-28', '2024-02-29', '2024-03-01']);
  assert.equal(occ[1]!.periodStart, Date.UTC(2024, 1, 28, 16));
  assert.equal(occ[1]!.dueAt, Date.UTC(2024, 1, 29, 16));
  assert.equal(occ[1]!.target, 5);
  assert.deepEqual(keys(s, cn(2023, 2, 28), cn(2023, 3, 2)), ['2023-02-28', '2023-03-01']);
});

test('the range is [from, to) on the period start, with the start minute and a limit in minutes', () => {
  const s: TaskSchedule = { recurrence: { kind: 'daily' }, target: 1, limit: 60, startMinute: 8 * 60 + 30 };
  const at = cn(2024, 3, 10, 8, 30);
  const [o] = occurrences(s, at, at + 1, CN);
  assert.deepEqual(o, { key: '2024-03-10', periodStart: Date.UTC(2024, 2, 10, 0, 30), dueAt: Date.UTC(2024, 2, 10, 1, 30), target: 1 });
  assert.deepEqual(occurrences(s, at + 1, cn(2024, 3, 11), CN), []);
  assert.deepEqual(keys(s, at - 1, at), []);
  // the same rule at UTC-5: 08:30 local is 13:30 UTC
  const [ny] = occurrences(s, Date.UTC(2024, 2, 10), Date.UTC(2024, 2, 11), -300);
  assert.equal(ny!.periodStart, Date.UTC(2024, 2, 10, 13, 30));
});

test('the UTC offset decides which local day an instant range holds', () => {
  const s: TaskSchedule = { recurrence: { kind: 'daily' }, target: 1, limit: 'period' };
  // [12:00 UTC 1 Jan, 12:00 UTC 2 Jan): in China that holds local midnight of 2 Jan (16:00 UTC 1 Jan);
  // at UTC+0 it holds local midnight of 2 Jan (00:00 UTC 2 Jan) too; at UTC-12 midnight of 2 Jan is 12:00 UTC 2 Jan: excluded,
  // but midnight of 1 Jan (12:00 UTC 1 Jan) is included.
  const from = Date.UTC(2024, 0, 1, 12);
  const to = Date.UTC(2024, 0, 2, 12);
  assert.deepEqual(keys(s, from, to, 480), ['2024-01-02']);
  assert.deepEqual(keys(s, from, to, 0), ['2024-01-02']);
  assert.deepEqual(keys(s, from, to, -720), ['2024-01-01']);
});

test('a weekly rule yields the chosen weekdays; with limit period each is due when the next opens', () => {
  const s: TaskSchedule = { recurrence: { kind: 'weekly', weekdays: [1, 3] }, target: 1, limit: 'period' };
  const occ = occurrences(s, cn(2024, 1, 1), cn(2024, 2, 1), CN);
  assert.equal(occ.length, 10, 'January 2024: Mondays 1, 8, 15, 22, 29 and Wednesdays 3, 10, 17, 24, 31');
  assert.deepEqual(occ.slice(0, 4).map((o) => o.key), ['2024-01-01', '2024-01-03', '2024-01-08', '2024-01-10']);
  assert.equal(occ[0]!.dueAt, cn(2024, 1, 3), 'Monday is due on Wednesday');
  assert.equal(occ[1]!.dueAt, cn(2024, 1, 8), 'Wednesday is due on the next Monday');
  assert.equal(occ[9]!.key, '2024-01-31');
  assert.equal(occ[9]!.dueAt, cn(2024, 2, 5));
  const sundays: TaskSchedule = { recurrence: { kind: 'weekly', weekdays: [7] }, target: 1, limit: 24 * 60 };
  assert.deepEqual(keys(sundays, cn(2024, 2, 1), cn(2024, 3, 1)), ['2024-02-04', '2024-02-11', '2024-02-18', '2024-02-25']);
});

test('a monthly rule clamps to the month end, by the leap-year rule (2000 leap, 2100 not)', () => {
  const d31: TaskSchedule = { recurrence: { kind: 'monthly', day: 31 }, target: 1, limit: 'period' };
  assert.deepEqual(keys(d31, cn(2023, 1, 1), cn(2023, 5, 1)), ['2023-01-31', '2023-02-28', '2023-03-31', '2023-04-30']);
  const occ = occurrences(d31, cn(2024, 1, 1), cn(2024, 5, 1), CN);
  assert.deepEqual(occ.map((o) => o.key), ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
  assert.equal(occ[0]!.dueAt, cn(2024, 2, 29), 'due when the next one opens');
  assert.equal(occ[3]!.dueAt, cn(2024, 5, 31));
  const last: TaskSchedule = { recurrence: { kind: 'monthly', day: 'last' }, target: 1, limit: 'period' };
  assert.deepEqual(keys(last, cn(2024, 1, 1), cn(2024, 5, 1)), ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
  const d29: TaskSchedule = { recurrence: { kind: 'monthly', day: 29 }, target: 1, limit: 60 };
  assert.deepEqual(keys(d29, cn(2100, 2, 1), cn(2100, 3, 1)), ['2100-02-28']);
  assert.deepEqual(keys(d29, cn(2000, 2, 1), cn(2000, 3, 1)), ['2000-02-29']);
  assert.deepEqual(keys(d29, cn(2023, 1, 1), cn(2023, 4, 1)), ['2023-01-29', '2023-02-28', '2023-03-29']);
  const d15: TaskSchedule = { recurrence: { kind: 'monthly', day: 15 }, target: 1, limit: 'period' };
  const dec = occurrences(d15, cn(2024, 12, 1), cn(2025, 1, 1), CN);
  assert.equal(dec[0]!.dueAt, cn(2025, 1, 15), 'across the year end');
});

test('a one-off yields on its date only; bounds cut a rule', () => {
  const once: TaskSchedule = { recurrence: { kind: 'once', on: '2024-05-01' }, target: 1, limit: 'period' };
  const occ = occurrences(once, cn(2024, 1, 1), cn(2025, 1, 1), CN);
  assert.equal(occ.length, 1);
  assert.equal(occ[0]!.dueAt, cn(2024, 5, 2));
  assert.deepEqual(occurrences({ recurrence: { kind: 'once' }, target: 1, limit: 60 }, cn(2024, 1, 1), cn(2025, 1, 1), CN), []);
  assert.equal(dueFrom(cn(2024, 5, 1, 10), 3 * 24 * 60, CN), cn(2024, 5, 4, 10));
  assert.equal(dueFrom(cn(2024, 5, 1, 10), 'period', CN), cn(2024, 5, 2));
  const bounded: TaskSchedule = { recurrence: { kind: 'daily' }, target: 1, limit: 'period', startsOn: '2024-03-05', endsOn: '2024-03-07' };
  assert.deepEqual(keys(bounded, cn(2024, 3, 1), cn(2024, 4, 1)), ['2024-03-05', '2024-03-06', '2024-03-07']);
});

test('openOccurrences finds the occurrence open now, several when limits overlap', () => {
  const weekly: TaskSchedule = { recurrence: { kind: 'weekly', weekdays: [1] }, target: 20, limit: 'period' };
  const open = openOccurrences(weekly, cn(2024, 1, 10, 12), CN);
  assert.deepEqual(open.map((o) => o.key), ['2024-01-08']);
  const long: TaskSchedule = { recurrence: { kind: 'daily' }, target: 1, limit: 3 * 24 * 60 };
  assert.deepEqual(openOccurrences(long, cn(2024, 1, 10, 12), CN).map((o) => o.key), ['2024-01-08', '2024-01-09', '2024-01-10']);
  assert.deepEqual(openOccurrences(long, cn(2024, 1, 10), CN).map((o) => o.key), ['2024-01-08', '2024-01-09', '2024-01-10'], 'the 7th is due exactly now: closed');
});

test('invalid schedules give field errors and occurrences refuses them', () => {
  const bad: TaskSchedule = { recurrence: { kind: 'weekly', weekdays: [1, 8 as 1] }, target: 0, limit: -5, startMinute: 1440 };
  const fields = validateSchedule(bad).map((e) => e.field).sort();
  assert.deepEqual(fields, ['/limit', '/recurrence/weekdays/1', '/startMinute', '/target']);
  assert.deepEqual(validateSchedule({ recurrence: { kind: 'monthly', day: 32 }, target: 1, limit: 'period' }).map((e) => e.field), ['/recurrence/day']);
  assert.deepEqual(validateSchedule({ recurrence: { kind: 'once', on: '2023-02-29' }, target: 1, limit: 60 }).map((e) => e.field), ['/recurrence/on']);
  assert.throws(() => occurrences(bad, 0, 1, CN), RangeError);
  assert.throws(() => occurrences({ recurrence: { kind: 'daily' }, target: 1, limit: 60 }, 0, 4000 * 24 * H, CN), RangeError);
});

// ---------------------------------------------------------------- escalation

const DUE = cn(2024, 6, 3, 18); // Monday 18:00
const steps = (t: TaskState, now: number, p: EscalationPolicy = DEFAULT_ESCALATION_POLICY) => escalationDue(t, p, now).map((d) => d.step);

test('the ladder fires at its times under the default policy: heads-up 2 h before, reminder at due, yellow +24 h, red +72 h', () => {
  let t = newTaskState(DUE);
  assert.deepEqual(steps(t, DUE - 2 * H - 1), []);
  assert.deepEqual(escalationDue(t, DEFAULT_ESCALATION_POLICY, DUE - 2 * H), [{ step: 'due_soon', at: DUE - 2 * H }]);
  t = applyEscalations(t, DEFAULT_ESCALATION_POLICY, DUE - H).state;
  assert.equal(t.status, 'open', 'a heads-up does not make it overdue');
  assert.deepEqual(steps(t, DUE - 1), []);
  assert.deepEqual(escalationDue(t, DEFAULT_ESCALATION_POLICY, DUE), [
    { step: 'overdue', at: DUE },
    { step: 'reminder', at: DUE },
  ]);
  t = applyEscalations(t, DEFAULT_ESCALATION_POLICY, DUE + MIN).state;
  assert.equal(t.status, 'overdue');
  assert.equal(supervisionLevel(t), 'reminder');
  assert.deepEqual(steps(t, DUE + 24 * H - 1), []);
  assert.deepEqual(steps(t, DUE + 24 * H), ['yellow']);
  t = applyEscalations(t, DEFAULT_ESCALATION_POLICY, DUE + 25 * H).state;
  assert.equal(supervisionLevel(t), 'yellow');
  assert.deepEqual(steps(t, DUE + 72 * H), ['red']);
  t = applyEscalations(t, DEFAULT_ESCALATION_POLICY, DUE + 72 * H).state;
  assert.equal(supervisionLevel(t), 'red');
  assert.deepEqual(steps(t, DUE + 1000 * H), [], 'nothing after the red card');
  assert.deepEqual(t.fired.map((f) => [f.step, f.at]), [
    ['due_soon', DUE - H],
    ['overdue', DUE + MIN],
    ['reminder', DUE + MIN],
    ['yellow', DUE + 25 * H],
    ['red', DUE + 72 * H],
  ]);
});

test('escalation is idempotent, and a job that was down fires every missed step but the heads-up', () => {
  const t0 = newTaskState(DUE);
  const once = applyEscalations(t0, DEFAULT_ESCALATION_POLICY, DUE + 100 * H);
  assert.deepEqual(once.fired.map((f) => f.step), ['overdue', 'reminder', 'yellow', 'red']);
  assert.deepEqual(once.fired.map((f) => f.at), [DUE, DUE, DUE + 24 * H, DUE + 72 * H]);
  const twice = applyEscalations(once.state, DEFAULT_ESCALATION_POLICY, DUE + 100 * H);
  assert.deepEqual(twice.fired, []);
  assert.deepEqual(twice.state, once.state);
  assert.equal(t0.fired.length, 0, 'the input state is not modified');
  const again = taskTransition(once.state, { type: 'escalate', at: DUE + 100 * H, step: 'yellow' });
  assert.ok(!again.ok && again.code === 'STEP_ALREADY_FIRED');
  const early = taskTransition(t0, { type: 'escalate', at: DUE + H, step: 'yellow' });
  assert.ok(!early.ok && early.code === 'STEP_NOT_DUE');
  const lateHeadsUp = taskTransition(t0, { type: 'escalate', at: DUE, step: 'due_soon' });
  assert.ok(!lateHeadsUp.ok && lateHeadsUp.code === 'STEP_NOT_DUE');
});

test('a custom policy: no heads-up, yellow 2 h and red 6 h after due; a disabled step never fires', () => {
  const p: EscalationPolicy = { dueSoonMinutes: null, reminderMinutes: 30, yellowMinutes: 120, redMinutes: null };
  assert.deepEqual(validateEscalationPolicy(p), []);
  const t = newTaskState(DUE);
  assert.deepEqual(steps(t, DUE - H, p), []);
  assert.deepEqual(steps(t, DUE + 29 * MIN, p), ['overdue']);
  assert.deepEqual(steps(t, DUE + 30 * MIN, p), ['overdue', 'reminder']);
  assert.deepEqual(steps(t, DUE + 1000 * H, p), ['overdue', 'reminder', 'yellow']);
  const noRed = taskTransition(t, { type: 'escalate', at: DUE + 1000 * H, step: 'red' }, p);
  assert.ok(!noRed.ok && noRed.code === 'STEP_NOT_DUE');
  const bad = validateEscalationPolicy({ dueSoonMinutes: -1, reminderMinutes: 300, yellowMinutes: 120, redMinutes: 600 });
  assert.deepEqual(bad.map((e) => [e.field, e.code]), [
    ['/dueSoonMinutes', 'invalid'],
    ['/yellowMinutes', 'out_of_order'],
  ]);
});

test('an approved extension moves the due time and restarts the ladder; the card already given stays', () => {
  let t = newTaskState(DUE);
  const ask = taskTransition(t, { type: 'request_extension', at: DUE - H, until: DUE + 48 * H, reason: '当事人外出，需择期上门' });
  assert.ok(ask.ok);
  t = ask.state;
  const second = taskTransition(t, { type: 'request_extension', at: DUE - H, until: DUE + 72 * H, reason: 'again' });
  assert.ok(!second.ok && second.code === 'EXTENSION_PENDING');
  // the clock does not stop while the request waits
  t = applyEscalations(t, DEFAULT_ESCALATION_POLICY, DUE + MIN).state;
  assert.equal(t.status, 'overdue');
  const approve = taskTransition(t, { type: 'approve_extension', at: DUE + 2 * H, note: '同意' });
  assert.ok(approve.ok);
  t = approve.state;
  assert.equal(t.dueAt, DUE + 48 * H);
  assert.equal(t.originalDueAt, DUE);
  assert.equal(t.status, 'open');
  assert.equal(t.extensions[0]!.status, 'approved');
  assert.equal(t.extensions[0]!.grantedUntil, DUE + 48 * H);
  assert.equal(supervisionLevel(t), 'reminder', 'the reminder already given stays in the record');
  assert.deepEqual(steps(t, DUE + 3 * H), [], 'the old ladder does not fire again');
  assert.deepEqual(steps(t, DUE + 46 * H), ['due_soon']);
  assert.deepEqual(steps(t, DUE + 49 * H), ['overdue', 'reminder']);
  assert.deepEqual(steps(t, DUE + 48 * H + 24 * H), ['overdue', 'reminder', 'yellow']);
});

test('extension requests are validated; a rejection keeps the due time; approval may grant less than asked', () => {
  const t = newTaskState(DUE);
  const notLater = taskTransition(t, { type: 'request_extension', at: DUE - H, until: DUE, reason: 'x' });
  assert.ok(!notLater.ok && notLater.code === 'EXTENSION_NOT_LATER');
  const noReason = taskTransition(t, { type: 'request_extension', at: DUE - H, until: DUE + H, reason: '  ' });
  assert.ok(!noReason.ok && noReason.code === 'REASON_REQUIRED');
  const nothing = taskTransition(t, { type: 'approve_extension', at: DUE });
  assert.ok(!nothing.ok && nothing.code === 'NO_EXTENSION_PENDING');
  const asked = taskTransition(t, { type: 'request_extension', at: DUE - H, until: DUE + 72 * H, reason: '等待鉴定结果' });
  assert.ok(asked.ok);
  const rejected = taskTransition(asked.state, { type: 'reject_extension', at: DUE - 30 * MIN, note: '不同意' });
  assert.ok(rejected.ok);
  assert.equal(rejected.state.dueAt, DUE);
  assert.equal(rejected.state.extensions[0]!.status, 'rejected');
  const tooShort = taskTransition(asked.state, { type: 'approve_extension', at: DUE - 30 * MIN, until: DUE });
  assert.ok(!tooShort.ok && tooShort.code === 'EXTENSION_NOT_LATER');
  const less = taskTransition(asked.state, { type: 'approve_extension', at: DUE - 30 * MIN, until: DUE + 24 * H });
  assert.ok(less.ok);
  assert.equal(less.state.dueAt, DUE + 24 * H);
  // approved to a time already past: still overdue
  const overdue = applyEscalations(asked.state, DEFAULT_ESCALATION_POLICY, DUE + 30 * H).state;
  const past = taskTransition(overdue, { type: 'approve_extension', at: DUE + 30 * H, until: DUE + 29 * H });
  assert.ok(past.ok && past.state.status === 'overdue');
});

const PLACE = { lon: 120.0, lat: 32.5 };
const VISIT: EvidenceRequirement = {
  photos: 1,
  form: [
    { name: 'address', label: '走访地址', type: 'text', required: true },
    { name: 'households', label: '户数', type: 'number', required: true },
    { name: 'kind', label: '对象', type: 'choice', required: true, options: ['常住户', '商户'] },
    { name: 'issue', label: '问题', type: 'text', required: false },
  ],
  location: { radiusMeters: 150 },
  noteMinLength: 5,
};
const GOOD = {
  photos: [{ id: 'p1', takenAt: DUE - H }],
  form: { address: '人民路1号', households: 3, kind: '商户' },
  location: { lon: 120.0, lat: 32.501, accuracyMeters: 20 }, // 0.001° of latitude ≈ 111 m north
  note: '走访正常无异常',
};

test('evidence is checked field by field: photos, form, location within the radius, note', () => {
  assert.deepEqual(validateEvidence(VISIT, GOOD, { place: PLACE }), []);
  const bad = validateEvidence(
    VISIT,
    { photos: [], form: { address: ' ', households: 'three' as unknown as number, kind: '学校' }, location: { lon: 120.0, lat: 32.5015 }, note: '好' },
    { place: PLACE },
  );
  assert.deepEqual(
    bad.map((e) => [e.field, e.code]),
    [
      ['/photos', 'too_few'],
      ['/form/address', 'required'],
      ['/form/households', 'not_a_number'],
      ['/form/kind', 'not_a_choice'],
      ['/location', 'too_far'], // 0.0015° ≈ 167 m > 150 m
      ['/note', 'too_short'],
    ],
  );
  const tight = validateEvidence({ location: { radiusMeters: 100 } }, GOOD, { place: PLACE });
  assert.deepEqual(tight.map((e) => e.code), ['too_far'], '111 m is outside 100 m');
  const own = validateEvidence({ location: { radiusMeters: 150, place: { lon: 121, lat: 31 } } }, GOOD, { place: PLACE });
  assert.deepEqual(own.map((e) => e.code), ['too_far'], "the requirement's own place wins over the assignment's");
  assert.deepEqual(validateEvidence({ location: { radiusMeters: 150 } }, GOOD).map((e) => e.code), ['no_place']);
  assert.deepEqual(validateEvidence({ location: { radiusMeters: 150 } }, { ...GOOD, location: null }, { place: PLACE }).map((e) => e.code), ['required']);
  assert.deepEqual(
    validateEvidence({ location: { radiusMeters: 150 } }, { location: { lon: 120, lat: 32.5, accuracyMeters: 500 } }, { place: PLACE }).map((e) => e.field),
    ['/location/accuracyMeters'],
  );
  const window = { from: DUE - 24 * H, to: DUE };
  const old = validateEvidence({ photos: 2 }, { photos: [{ id: 'a', takenAt: DUE - 2 * H }, { id: 'b', takenAt: DUE - 48 * H }] }, { window });
  assert.deepEqual(old.map((e) => e.field), ['/photos/1/takenAt']);
});

test('completion reports progress towards the target, refuses bad evidence, and marks late work', () => {
  let t = newTaskState(DUE, 3);
  const badEv = taskTransition(t, { type: 'complete', at: DUE - H, amount: 1, evidence: { ...GOOD, photos: [] }, requirement: VISIT, context: { place: PLACE } });
  assert.ok(!badEv.ok && badEv.code === 'EVIDENCE_INVALID');
  assert.ok(!badEv.ok && badEv.errors!.some((e) => e.field === '/photos'));
  const zero = taskTransition(t, { type: 'complete', at: DUE - H, amount: 0, evidence: GOOD, requirement: VISIT, context: { place: PLACE } });
  assert.ok(!zero.ok && zero.code === 'BAD_AMOUNT');
  const two = taskTransition(t, { type: 'complete', at: DUE - H, amount: 2, evidence: GOOD, requirement: VISIT, context: { place: PLACE } });
  assert.ok(two.ok && !two.completed);
  t = two.state;
  assert.equal(t.progress, 2);
  assert.equal(t.status, 'open');
  t = applyEscalations(t, DEFAULT_ESCALATION_POLICY, DUE + H).state;
  const last = taskTransition(t, { type: 'complete', at: DUE + 2 * H, evidence: GOOD, requirement: VISIT, context: { place: PLACE } });
  assert.ok(last.ok && last.completed);
  t = last.state;
  assert.equal(t.status, 'done');
  assert.equal(t.progress, 3);
  assert.equal(t.late, true);
  assert.equal(t.doneAt, DUE + 2 * H);
  assert.deepEqual(escalationDue(t, DEFAULT_ESCALATION_POLICY, DUE + 100 * H), [], 'a done task escalates no further');
  for (const action of [
    { type: 'cancel', at: DUE + 3 * H } as const,
    { type: 'request_extension', at: DUE + 3 * H, until: DUE + 9 * H, reason: 'x' } as const,
    { type: 'escalate', at: DUE + 100 * H, step: 'yellow' } as const,
  ]) {
    const r = taskTransition(t, action);
    assert.ok(!r.ok && r.code === 'TASK_CLOSED', action.type);
  }
  const onTime = taskTransition(newTaskState(DUE), { type: 'complete', at: DUE, evidence: {}, requirement: {} });
  assert.ok(onTime.ok && onTime.state.status === 'done' && onTime.state.late === false, 'done exactly at the due time is on time');
  const cancelled = taskTransition(newTaskState(DUE), { type: 'cancel', at: DUE - H });
  assert.ok(cancelled.ok && cancelled.state.status === 'cancelled');
  assert.deepEqual(escalationDue(cancelled.state, DEFAULT_ESCALATION_POLICY, DUE + 100 * H), []);
});

// ---------------------------------------------------------------- formulas

const value = (src: string, m: Record<string, number | null | undefined> = {}) => {
  const r = evaluate(src, m);
  assert.ok(r.ok, `${src}: ${!r.ok ? r.message : ''}`);
  return r.value;
};

test('formulas evaluate with the usual precedence and associativity', () => {
  assert.equal(value('100 * tasks_done / tasks_due', { tasks_done: 17, tasks_due: 20 }), 85);
  assert.equal(value('(incidents - incidents_last_year) / incidents_last_year * 100', { incidents: 90, incidents_last_year: 120 }), -25);
  assert.equal(value('2 + 3 * 4'), 14);
  assert.equal(value('(2 + 3) * 4'), 20);
  assert.equal(value('2 - 3 - 4'), -5);
  assert.equal(value('8 / 4 / 2'), 1);
  assert.equal(value('-2 * -3'), 6);
  assert.equal(value('- -2'), 2);
  assert.equal(value('-(1 + 2) * 2'), -6);
  assert.equal(value('1.5e2 + .5'), 150.5);
  assert.equal(value(' 7\n'), 7);
  assert.equal(value('zone_days / weeks', { zone_days: 18, weeks: 30 / 7 }), 4.2);
});

test('functions: min, max, abs, round (half away from zero), and a lazy if', () => {
  assert.equal(value('min(3, 1, 2)'), 1);
  assert.equal(value('max(a, b)', { a: -1, b: -4 }), -1);
  assert.equal(value('min(100, 100 * info_collected / info_target)', { info_collected: 330, info_target: 300 }), 100);
  assert.equal(value('abs(-4) + abs(4)'), 8);
  assert.equal(value('round(2.5)'), 3);
  assert.equal(value('round(-2.5)'), -3);
  assert.equal(value('round(2.345, 2)'), 2.35);
  assert.equal(value('round(100 * 2 / 3, 1)'), 66.7);
  assert.equal(roundHalfAway(1.005, 2), 1.01);
  const safe = 'if(tasks_due, 100 * tasks_done / tasks_due, 100)';
  assert.equal(value(safe, { tasks_due: 0, tasks_done: 0 }), 100, 'the division in the branch not taken is not evaluated');
  assert.equal(value(safe, { tasks_due: 4, tasks_done: 3 }), 75);
  assert.equal(value('if(0, missing_measure, 1)'), 1);
  const r = evaluate(safe, { tasks_done: 3 });
  assert.ok(!r.ok && r.reason === 'measure_unavailable' && r.measures.join() === 'tasks_due');
});

test('an unavailable measure makes the result not available, never zero, naming every missing measure', () => {
  for (const m of [{}, { cases: null }, { cases: Number.NaN }, { cases: Number.POSITIVE_INFINITY }]) {
    const r = evaluate('100 * cases_solved / cases', { cases_solved: 3, ...m });
    assert.ok(!r.ok);
    assert.equal(r.reason, 'measure_unavailable');
    assert.deepEqual(r.measures, ['cases']);
  }
  const both = evaluate('min(a, b) + c / d', { d: 1 });
  assert.ok(!both.ok && both.reason === 'measure_unavailable');
  assert.deepEqual(!both.ok && both.measures, ['a', 'b', 'c']);
  const wins = evaluate('a / 0 + b', { a: 1 });
  assert.ok(!wins.ok && wins.reason === 'measure_unavailable', 'a missing measure is the root cause');
  for (const proto of ['constructor', '__proto__', 'toString']) {
    const p = evaluate(`${proto} + 1`, {});
    assert.ok(!p.ok && p.reason === 'measure_unavailable', proto);
  }
  const def = DEMO_INDICATORS.find((d) => d.code === 'case_clearance')!;
  const iv = computeIndicator(def, { incidents: 10 });
  assert.equal(iv.available, false);
  assert.equal(iv.value, null);
});

test('division by zero is not available with its reason', () => {
  const r = evaluate('(incidents - incidents_last_year) / incidents_last_year * 100', { incidents: 5, incidents_last_year: 0 });
  assert.ok(!r.ok);
  assert.equal(r.reason, 'division_by_zero');
  const zeroNum = evaluate('0 / 0', {});
  assert.ok(!zeroNum.ok && zeroNum.reason === 'division_by_zero');
  const big = evaluate('1e308 * 10', {});
  assert.ok(!big.ok && big.reason === 'not_finite');
  assert.equal(value('0 / 5'), 0, 'zero divided is fine');
});

test('parse errors name the code and the position', () => {
  const cases: [string, string, number][] = [
    ['1 + * 2', 'unexpected_token', 4],
    ['(1 + 2', 'unexpected_end', 6],
    ['1 + 2)', 'unexpected_token', 5],
    ['a # b', 'unexpected_char', 2],
    ['a b', 'unexpected_token', 2],
    ['foo(1)', 'unknown_function', 0],
    ['1 + toString(1)', 'unknown_function', 4],
    ['abs(1, 2)', 'arity', 0],
    ['if(1, 2)', 'arity', 0],
    ['min()', 'unexpected_token', 4],
    ['1..2', 'bad_number', 0],
    ['2a', 'bad_number', 0],
    ['', 'empty', 0],
    ['   ', 'empty', 0],
    ['max(1,', 'unexpected_end', 6],
    ['x = 1', 'unexpected_char', 2],
  ];
  for (const [src, code, pos] of cases) {
    const r = parseFormula(src);
    assert.ok(!r.ok, `${src} should not parse`);
    if (!r.ok) assert.deepEqual([r.error.code, r.error.pos], [code, pos], src);
  }
  const deep = parseFormula('('.repeat(200) + '1' + ')'.repeat(200));
  assert.ok(!deep.ok && deep.error.code === 'too_deep');
  const inv = evaluate('1 +', {});
  assert.ok(!inv.ok && inv.reason === 'invalid_formula');
});

test('formulaMeasures lists the measures a formula needs, not its functions', () => {
  assert.deepEqual(formulaMeasures('(incidents - incidents_last_year) / incidents_last_year * 100'), ['incidents', 'incidents_last_year']);
  assert.deepEqual(formulaMeasures('if(b, min(c, a), round(a, 2))'), ['a', 'b', 'c']);
  assert.deepEqual(formulaMeasures('42'), []);
  assert.throws(() => formulaMeasures('1 +'), RangeError);
});

test('indicator definitions are validated: measures known, scale coherent, formula parses', () => {
  const base: IndicatorDef = { code: 'x_rate', name: '比率', nameEn: 'Rate', formula: '100 * a / b', unit: '%', better: 'higher', target: 90, weight: 5 };
  assert.deepEqual(validateIndicatorDef(base, ['a', 'b']), []);
  assert.deepEqual(validateIndicatorDef(base, ['a']).map((e) => e.code), ['unknown_measure']);
  assert.deepEqual(validateIndicatorDef({ ...base, target: 0 }).map((e) => e.code), ['not_positive']);
  assert.deepEqual(validateIndicatorDef({ ...base, better: 'lower', target: -5, zeroAt: -10 }).map((e) => e.code), ['wrong_side']);
  assert.deepEqual(validateIndicatorDef({ ...base, formula: '100 * (a / b' }).map((e) => [e.field, e.code]), [['/formula', 'formula_unexpected_end']]);
  assert.deepEqual(validateIndicatorDef({ ...base, code: 'Bad Code' }).map((e) => e.field), ['/code']);
});

// ---------------------------------------------------------------- scoring

test('indicator scores follow the documented rule for both directions and both scales', () => {
  const hi = { better: 'higher' as const, target: 90 };
  assert.equal(indicatorScore(hi, 81), 90);
  assert.equal(indicatorScore(hi, 99), 100);
  assert.equal(indicatorScore(hi, -5), 0);
  const lo = { better: 'lower' as const, target: 5 };
  assert.equal(indicatorScore(lo, 8), 62.5);
  assert.equal(indicatorScore(lo, 4), 100);
  assert.equal(indicatorScore(lo, 0), 100);
  const yoy = { better: 'lower' as const, target: -5, zeroAt: 15 };
  assert.equal(indicatorScore(yoy, 5), 50);
  assert.equal(indicatorScore(yoy, -10), 100);
  assert.equal(indicatorScore(yoy, 30), 0);
  assert.equal(indicatorScore({ better: 'higher', target: 4, zeroAt: 0 }, 3), 75);
  assert.throws(() => indicatorScore({ better: 'higher', target: 0 }, 3), RangeError);
});

test('competition ranking: 1, 2, 2, 4', () => {
  assert.deepEqual(competitionRanks([10, 9, 9, 7, 7, 7, 1, null, null]), [1, 2, 2, 4, 4, 4, 7, null, null]);
  assert.deepEqual(competitionRanks([]), []);
});

const DEFS: IndicatorDef[] = [
  { code: 'a', name: 'A', nameEn: 'A', formula: 'a', unit: '%', better: 'higher', target: 100, weight: 50 },
  { code: 'b', name: 'B', nameEn: 'B', formula: 'b', unit: '起', better: 'lower', target: 10, weight: 30 },
  { code: 'c', name: 'C', nameEn: 'C', formula: 'c', unit: '%', better: 'higher', target: 80, weight: 20 },
  { code: 'd', name: 'D', nameEn: 'D', formula: 'd', unit: '%', better: 'higher', target: 100, weight: 10 },
  { code: 'e', name: 'E', nameEn: 'E', formula: 'e', unit: '%', better: 'higher', target: 100, weight: 10 },
];
const PLAN: AssessmentPlan = {
  code: 'test',
  name: '测试',
  level: 'officer',
  period: 'month',
  items: [
    { indicator: 'a', weight: 50 },
    { indicator: 'b', weight: 30 },
    { indicator: 'c', weight: 20 },
  ],
  stars: [
    { star: 'service', indicators: ['a'], minScore: 90 },
    { star: 'prevention', indicators: ['b', 'c'], minScore: 99 },
    { star: 'mediation', indicators: ['e'], minScore: 90 },
    { star: 'case_solving', indicators: ['d'], minScore: 90 },
  ],
};

test('assessment: renormalised weights, ties ranked 1, 2, 2, 4, insufficient data unranked, stars proposed', () => {
  assert.deepEqual(validatePlan(PLAN, DEFS), []);
  const r = assess(PLAN, DEFS, [
    { subjectId: 's1', measures: { a: 90, b: 10, c: 80 } }, // 0.5*90 + 0.3*100 + 0.2*100 = 95
    { subjectId: 's2', measures: { a: 100, b: 20, e: 60 } }, // c missing: (50*100 + 30*50) / 80 = 81.25
    { subjectId: 's3', measures: { a: 95, b: 10, c: 76 } }, // (50*95 + 30*100 + 20*95) / 100 = 96.5
    { subjectId: 's4', measures: { c: 40 } }, // 20 % of the weight < 50 %: no total
    { subjectId: 's5', measures: { a: 90, b: 5, c: 100 } }, // 95, tied with s1
    { subjectId: 's6', measures: { e: 100 } }, // none of the plan's indicators: no total, so no star either
  ]);
  assert.deepEqual(
    r.subjects.map((s) => [s.subjectId, s.total, s.rank]),
    [
      ['s3', 96.5, 1],
      ['s1', 95, 2],
      ['s5', 95, 2],
      ['s2', 81.25, 4],
      ['s4', null, null],
      ['s6', null, null],
    ],
  );
  const s2 = r.subjects.find((s) => s.subjectId === 's2')!;
  assert.equal(s2.renormalised, true);
  assert.deepEqual(s2.excluded, ['c']);
  assert.equal(s2.coverage, 0.8);
  assert.deepEqual(s2.items.map((i) => [i.indicator, i.score, i.effectiveWeight]), [
    ['a', 100, 0.625],
    ['b', 50, 0.375],
    ['c', null, 0],
  ]);
  assert.equal(s2.items[2]!.reason, 'measure_unavailable');
  const s4 = r.subjects.find((s) => s.subjectId === 's4')!;
  assert.equal(s4.note, 'insufficient_data');
  assert.equal(s4.coverage, 0.2);
  assert.equal(r.subjects.find((s) => s.subjectId === 's1')!.renormalised, false);

  const star = (k: string) => r.stars.find((s) => s.star === k)!;
  assert.deepEqual(star('service'), { star: 'service', subjects: [{ subjectId: 's2', score: 100 }], bestScore: 100, reason: 'proposed' });
  // prevention over b (30) and c (20): s1 and s5 100, s3 (30*100 + 20*95)/50 = 98, s2 50, s4 50
  assert.deepEqual(star('prevention').subjects, [
    { subjectId: 's1', score: 100 },
    { subjectId: 's5', score: 100 },
  ]);
  // e is outside the plan: scored with its own weight; s2 has it at 60 < 90, and s6's 100 does not count (no total)
  assert.deepEqual(star('mediation'), { star: 'mediation', subjects: [], bestScore: 60, reason: 'below_threshold' });
  assert.deepEqual(star('case_solving'), { star: 'case_solving', subjects: [], bestScore: null, reason: 'no_data' });
});

test('minCoverage 0 ranks anyone with an indicator; plans are validated against the definitions', () => {
  const r = assess({ ...PLAN, minCoverage: 0 }, DEFS, [
    { subjectId: 1, measures: { c: 40 } }, // c alone: 50
    { subjectId: 2, measures: {} },
  ]);
  assert.deepEqual(r.subjects.map((s) => [s.subjectId, s.total, s.rank, s.note]), [
    [1, 50, 1, null],
    [2, null, null, 'insufficient_data'],
  ]);
  const bad: AssessmentPlan = { ...PLAN, items: [{ indicator: 'a', weight: 0 }, { indicator: 'zz', weight: 5 }, { indicator: 'a', weight: 5 }], stars: [{ star: 'service', indicators: [], minScore: 120 }] };
  assert.deepEqual(validatePlan(bad, DEFS).map((e) => [e.field, e.code]), [
    ['/items/0/weight', 'invalid'],
    ['/items/1/indicator', 'unknown_indicator'],
    ['/items/2/indicator', 'duplicate'],
    ['/items', 'weights_not_100'],
    ['/stars/0/indicators', 'empty'],
    ['/stars/0/minScore', 'invalid'],
  ]);
  assert.throws(() => scoreAssessment(bad, DEFS, []), RangeError);
  const wrongLevel = validatePlan({ ...DEFAULT_ASSESSMENT_PLAN, level: 'station' }, DEMO_INDICATORS);
  assert.deepEqual(wrongLevel.map((e) => e.code), ['wrong_level', 'wrong_level'], 'time in zone is for officers only');
});

test('the default plan on the modules present today: absent sources are excluded, never counted as zero', () => {
  const present = measuresOfSources(['incidents', 'dispatch', 'patrol', 'tasks', 'fraud']);
  const all: Record<string, number> = {
    incidents: 44, incidents_last_year: 40, // +10 %: (20 - 10) / (20 + 5) = 40
    arrivals: 50, arrivals_on_target: 45, // 90 %: 100
    patrol_points_planned: 200, patrol_points_visited: 171, // 85.5 / 95 = 90
    tasks_due: 80, tasks_done_on_time: 76, // 95 %: 100
    yellow_cards: 2, red_cards: 2, // 5 per 100: (20 - 5) / (20 - 2) = 83.33
    info_collected: 150, info_target: 200, // 75
    fraud_warnings: 20, fraud_dissuaded: 18, // 90 / 95 = 94.74
    cases: 10, cases_last_year: 12, cases_solved: 7, // from a module not there: must not count
  };
  const measures = Object.fromEntries(Object.entries(all).filter(([k]) => present.includes(k)));
  const r = assess(DEFAULT_ASSESSMENT_PLAN, DEMO_INDICATORS, [{ subjectId: 7, measures }]);
  const s = r.subjects[0]!;
  assert.deepEqual(s.excluded.sort(), ['case_clearance', 'case_on_time', 'case_yoy', 'dispute_resolution', 'followup_satisfaction', 'zone_days_per_week', 'zone_time_share']);
  assert.equal(s.coverage, 0.65);
  assert.ok(s.renormalised);
  // (10*40 + 10*100 + 10*90 + 15*100 + 5*83.333 + 10*75 + 5*94.737) / 65 = 5440.35 / 65 = 83.70
  assert.equal(s.total, 83.7);
  assert.equal(s.rank, 1);
  const byCode = Object.fromEntries(s.items.map((i) => [i.indicator, i.score]));
  assert.equal(byCode.incident_yoy, 40);
  assert.equal(byCode.supervision_rate, 83.33);
  assert.equal(byCode.fraud_dissuasion, 94.74);
  assert.equal(byCode.case_yoy, null);
});

// ---------------------------------------------------------------- the catalogue

test('the catalogue: 83 items in the 8 categories, each with a valid schedule and evidence', () => {
  assert.equal(DEMO_TASK_TEMPLATES.length, 83);
  assert.equal(TASK_CATEGORIES.length, 8);
  const codes = new Set(DEMO_TASK_TEMPLATES.map((t) => t.code));
  assert.equal(codes.size, DEMO_TASK_TEMPLATES.length, 'codes are unique');
  const prefix = new Map<string, string>();
  for (const c of TASK_CATEGORIES) {
    const n = DEMO_TASK_TEMPLATES.filter((t) => t.category === c).length;
    assert.ok(n >= 5, `${c} has ${n} items`);
  }
  const { from, to } = monthRange('2024-02', CN);
  for (const t of DEMO_TASK_TEMPLATES) {
    assert.match(t.name, /[\u4e00-\u9fff]/, `${t.code} has a Chinese name`);
    assert.ok(t.nameEn.trim().length > 3, `${t.code} has an English name`);
    assert.match(t.code, /^[A-Z]{2}\d{2}$/);
    const p = t.code.slice(0, 2);
    if (prefix.has(p)) assert.equal(prefix.get(p), t.category, `${t.code}: one prefix per category`);
    prefix.set(p, t.category);
    assert.deepEqual(validateSchedule(t.schedule), [], t.code);
    const e = t.evidence;
    assert.ok((e.photos ?? 0) > 0 || (e.form ?? []).length > 0 || e.location || (e.noteMinLength ?? 0) > 0, `${t.code} asks for evidence`);
    for (const f of e.form ?? []) if (f.type === 'choice') assert.ok((f.options ?? []).length >= 2, `${t.code}/${f.name} has choices`);
    const occ = occurrences(t.schedule, from, to, CN);
    if (t.schedule.recurrence.kind === 'once') assert.equal(occ.length, 0);
    else assert.ok(occ.length >= 1, `${t.code} recurs in February`);
    for (const o of occ) assert.ok(o.dueAt > o.periodStart);
  }
  assert.equal(prefix.size, 8);
  assert.ok(DEMO_TASK_TEMPLATES.some((t) => t.feeds === 'info'));
});

test('the catalogue: every indicator formula parses and names only defined measures; the plan is valid', () => {
  const known = new Set(DEMO_MEASURES.map((m) => m.name));
  assert.equal(known.size, DEMO_MEASURES.length, 'measure names are unique');
  assert.ok(DEMO_INDICATORS.length >= 12);
  const used = new Set<string>();
  for (const d of DEMO_INDICATORS) {
    assert.deepEqual(validateIndicatorDef(d, known), [], d.code);
    formulaMeasures(d.formula).forEach((m) => used.add(m));
  }
  assert.deepEqual([...known].filter((m) => !used.has(m)), [], 'every measure is used by an indicator');
  assert.equal(new Set(DEMO_INDICATORS.map((d) => d.code)).size, DEMO_INDICATORS.length);
  assert.deepEqual(validatePlan(DEFAULT_ASSESSMENT_PLAN, DEMO_INDICATORS), []);
  assert.equal(DEFAULT_ASSESSMENT_PLAN.items.reduce((s, i) => s + i.weight, 0), 100);
  assert.deepEqual(DEFAULT_ASSESSMENT_PLAN.stars.map((s) => s.star), ['service', 'prevention', 'mediation', 'case_solving']);
  for (const s of DEFAULT_ASSESSMENT_PLAN.stars) assert.ok(s.indicators.length >= 1, s.star);
  // the articles' numbers: 80 % of working time in the zone, at least 4 days a week
  assert.equal(DEMO_INDICATORS.find((d) => d.code === 'zone_time_share')!.target, 80);
  assert.equal(DEMO_INDICATORS.find((d) => d.code === 'zone_days_per_week')!.target, 4);
});

test('the package root exports the tasks engines', () => {
  assert.equal(typeof core.occurrences, 'function');
  assert.equal(typeof core.escalationDue, 'function');
  assert.equal(typeof core.parseFormula, 'function');
  assert.equal(typeof core.scoreAssessment, 'function');
  assert.equal(core.DEMO_TASK_TEMPLATES.length, 83);
});
