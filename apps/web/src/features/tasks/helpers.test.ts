import test from 'node:test';
import assert from 'node:assert/strict';
import {
  canSeeBigScreen,
  completeBody,
  completionRate,
  dueClock,
  dueMoved,
  dueRemaining,
  evidenceDistance,
  evidenceErrors,
  evidenceFormRows,
  checklistCounts,
  formatFormValue,
  lateByMs,
  localDay,
  lonLatText,
  metersText,
  parseLocalDate,
  shiftDay,
  sortEscalations,
  stepKey,
  evidenceNeeds,
  indicatorState,
  indicatorValueText,
  isLeader,
  issueLevel,
  missingEvidence,
  previousMonth,
  progressPercent,
  progressText,
  rankByCompletion,
  renormalisation,
  sortChecklist,
  sortIndicators,
  spanText,
  targetText,
  taskView,
} from './helpers';

const now = new Date(2026, 10, 24, 10, 0, 0).getTime();
const at = (h: number, m = 0, dayOffset = 0) => new Date(2026, 10, 24 + dayOffset, h, m).toISOString();

test('taskView: done and cancelled as such; overdue at or after due; due soon within two hours; open', () => {
  assert.equal(taskView({ status: 'done', dueAt: at(8) }, now), 'done');
  assert.equal(taskView({ status: 'cancelled', dueAt: at(8) }, now), 'cancelled');
  assert.equal(taskView({ status: 'overdue', dueAt: at(18) }, now), 'overdue', 'the server says overdue (extended due kept)');
  assert.equal(taskView({ status: 'open', dueAt: at(10) }, now), 'overdue', 'the minute job has not run yet');
  assert.equal(taskView({ status: 'open', dueAt: at(11, 59) }, now), 'due_soon');
  assert.equal(taskView({ status: 'open', dueAt: at(12, 1) }, now), 'open');
});

test('sortChecklist: overdue (red cards first), due soon, open by due time, done, cancelled', () => {
  const list = [
    { id: 1, status: 'done' as const, dueAt: at(9), supervision: 'none' as const },
    { id: 2, status: 'open' as const, dueAt: at(17), supervision: 'none' as const },
    { id: 3, status: 'overdue' as const, dueAt: at(8), supervision: 'yellow' as const },
    { id: 4, status: 'overdue' as const, dueAt: at(9), supervision: 'red' as const },
    { id: 5, status: 'open' as const, dueAt: at(11), supervision: 'none' as const },
    { id: 6, status: 'cancelled' as const, dueAt: at(9), supervision: 'none' as const },
    { id: 7, status: 'open' as const, dueAt: at(16), supervision: 'none' as const },
  ];
  assert.deepEqual(
    sortChecklist(list, now).map((x) => x.id),
    [4, 3, 5, 7, 2, 1, 6],
  );
});

test('due times and spans in words', () => {
  assert.equal(dueClock(at(17), now), '今天 17:00');
  assert.equal(dueClock(at(9, 5, 1), now, 'en'), 'tomorrow 09:05');
  assert.equal(dueClock(at(23, 0, -1), now), '昨天 23:00');
  assert.equal(dueClock(at(8, 0, 5), now), '11-29 08:00');
  assert.equal(dueClock(new Date(2027, 0, 2, 8, 0).toISOString(), now), '2027-01-02 08:00');
  assert.equal(dueClock('nope', now), '');
  // a daily task due at the end of its day: 今天 24:00, never 明天 00:00
  assert.equal(dueClock(at(0, 0, 1), now), '今天 24:00');
  assert.equal(dueClock(at(0, 0, 1), now, 'en'), 'today 24:00');
  assert.equal(dueClock(at(0, 0, 0), now), '昨天 24:00');
  assert.equal(spanText(5 * 60_000), '5 分钟');
  assert.equal(spanText(125 * 60_000), '2 小时 5 分');
  assert.equal(spanText(3 * 3600_000, 'en'), '3 h');
  assert.equal(spanText(3 * 86_400_000), '3 天');
  assert.equal(dueRemaining({ status: 'open', dueAt: at(12) }, now), '还剩 2 小时');
  assert.equal(dueRemaining({ status: 'overdue', dueAt: at(9, 30) }, now, 'en'), 'overdue by 30 min');
  assert.equal(dueRemaining({ status: 'done', dueAt: at(9) }, now), '');
});

test('progress: text with the unit, percentage capped', () => {
  assert.equal(progressText({ progress: 2, target: 5, template: { unit: '户' } }), '2 / 5 户');
  assert.equal(progressPercent({ progress: 2, target: 5 }), 40);
  assert.equal(progressPercent({ progress: 7, target: 5 }), 100);
  assert.equal(progressPercent({ progress: 0, target: 0 }), 0);
});

const visit = {
  photos: 1,
  form: [
    { name: 'address', label: '走访地址', type: 'text' as const, required: true },
    { name: 'kind', label: '走访对象', type: 'choice' as const, required: true, options: ['常住户', '商户'] },
    { name: 'people', label: '人数', type: 'number' as const, required: false },
    { name: 'hazard', label: '是否发现隐患', type: 'boolean' as const, required: true },
  ],
  location: { radiusMeters: 300 },
  noteMinLength: 10,
};

test('evidenceNeeds lists what a template asks for', () => {
  assert.deepEqual(evidenceNeeds(visit), [
    { key: 'photos', n: 1 },
    { key: 'form', n: 4 },
    { key: 'location', n: 300 },
    { key: 'note', n: 10 },
  ]);
  assert.deepEqual(evidenceNeeds({}), []);
});

test('missingEvidence before sending; false is an answer to a yes/no field', () => {
  const empty = { photos: [], form: {}, location: null, note: '' };
  assert.deepEqual(
    missingEvidence(visit, empty).map((m) => m.field),
    ['photos', 'form.address', 'form.kind', 'form.hazard', 'location', 'note'],
  );
  const full = { photos: [{ dataUrl: 'data:image/jpeg;base64,xx' }], form: { address: '天目路 1 号', kind: '商户', hazard: false }, location: { lon: 119.6, lat: 30.3 }, note: '走访商户三家，无异常情况' };
  assert.deepEqual(missingEvidence(visit, full), []);
});

test('completeBody: only what was entered, numbers as numbers, the version always', () => {
  const b = completeBody(3, visit, {
    photos: [{ dataUrl: 'data:image/jpeg;base64,xx', takenAt: '2026-11-24T01:00:00.000Z' }],
    form: { address: ' 天目路 1 号', kind: '商户', people: '4' as unknown as number, hazard: false },
    location: { lon: 119.6, lat: 30.3, accuracyMeters: 12 },
    note: '  走访商户三家  ',
    amount: 2,
  });
  assert.deepEqual(b, {
    version: 3,
    amount: 2,
    photos: [{ dataUrl: 'data:image/jpeg;base64,xx', takenAt: '2026-11-24T01:00:00.000Z' }],
    form: { address: ' 天目路 1 号', kind: '商户', people: 4, hazard: false },
    location: { lon: 119.6, lat: 30.3, accuracyMeters: 12 },
    note: '走访商户三家',
  });
  assert.deepEqual(completeBody(1, {}, { photos: [], form: {}, location: null, note: ' ' }), { version: 1 });
});

test('evidenceErrors: 422 details keyed by the form field', () => {
  const e = evidenceErrors([
    { field: '/photos', code: 'too_few', message: 'at least 2 photos' },
    { field: '/photos/0/takenAt', code: 'outside_period', message: 'photo taken outside the task period' },
    { field: '/form/attendees', code: 'required', message: 'required' },
    { field: '/location/accuracyMeters', code: 'inaccurate', message: 'x' },
    { field: '/note', code: 'too_short', message: 'y' },
    { field: '/whatever', code: 'odd', message: 'z' },
  ]);
  assert.deepEqual(Object.keys(e).sort(), ['', 'form.attendees', 'location', 'note', 'photos']);
  assert.equal(e.photos!.length, 2);
  assert.equal(e['form.attendees']![0]!.code, 'required');
  assert.deepEqual(evidenceErrors(null), {});
});

const ind = (o: Partial<{ code: string; value: number | null; available: boolean; unit: string; better: 'higher' | 'lower'; target: number; score: number | null }>) => ({
  code: 'x',
  value: null,
  available: false,
  unit: '%',
  better: 'higher' as const,
  target: 95,
  score: null,
  ...o,
});

test('indicators: not available is no value (暂无数据), never 0; states against the target', () => {
  assert.equal(indicatorValueText(ind({})), null);
  assert.equal(indicatorValueText(ind({ value: 0, available: false })), null, 'an unavailable zero stays unavailable');
  assert.equal(indicatorValueText(ind({ value: 0, available: true, score: 0 })), '0%');
  assert.equal(indicatorValueText(ind({ value: 78.505, available: true })), '78.5%');
  assert.equal(indicatorValueText(ind({ value: 3.5, available: true, unit: '天' })), '3.5 天');
  assert.equal(targetText(ind({ better: 'lower', target: -5 })), '≤ -5%');
  assert.equal(targetText(ind({ unit: '天', target: 4 })), '≥ 4 天');
  assert.equal(indicatorState(ind({})), 'na');
  assert.equal(indicatorState(ind({ value: 96, available: true, score: 100 })), 'met');
  assert.equal(indicatorState(ind({ value: 80, available: true, score: 70 })), 'near');
  assert.equal(indicatorState(ind({ value: 40, available: true, score: 20 })), 'below');
  assert.equal(indicatorState(ind({ value: -8, available: true, better: 'lower', target: -5, score: 100 })), 'met');
  assert.deepEqual(
    sortIndicators([ind({ code: 'a' }), ind({ code: 'b', available: true, value: 1, score: 90 }), ind({ code: 'c', available: true, value: 1, score: 10 })]).map((x) => x.code),
    ['c', 'b', 'a'],
  );
});

test('completion and ranking: nothing due is no rate (not 0%) and ranks last', () => {
  assert.equal(completionRate({ due: 0, done: 0 }), null);
  assert.equal(completionRate({ due: 3, done: 1 }), 33.3);
  const r = rankByCompletion([
    { name: '白米', tasks: { due: 0, done: 0, overdue: 0 } },
    { name: '天目山', tasks: { due: 20, done: 7, overdue: 2 } },
    { name: '娄庄', tasks: { due: 10, done: 4, overdue: 0 } },
    { name: '甲', tasks: { due: 10, done: 4, overdue: 1 } },
  ]);
  assert.deepEqual(
    r.map((x) => x.name),
    ['娄庄', '甲', '天目山', '白米'],
  );
  assert.equal(r[3]!.rate, null);
});

test('roles: leaders supervise and assess; officers have no big screen; issue levels', () => {
  assert.equal(isLeader('station_lead'), true);
  assert.equal(isLeader('dispatcher'), false);
  assert.equal(isLeader('officer'), false);
  assert.equal(canSeeBigScreen('dispatcher'), true);
  assert.equal(canSeeBigScreen('officer'), false);
  assert.equal(canSeeBigScreen(undefined), false);
  assert.equal(issueLevel('admin'), 'bureau');
  assert.equal(issueLevel('district_lead'), 'district');
  assert.equal(issueLevel('station_lead'), 'station');
  assert.equal(issueLevel('officer'), null);
});

test('renormalisation: the weight without data and the factor on the rest', () => {
  const r = renormalisation([
    { weight: 10, available: false },
    { weight: 15, available: true },
    { weight: 25, available: true },
  ]);
  assert.deepEqual(r, { excludedWeight: 10, totalWeight: 50, factor: 1.25 });
  assert.equal(renormalisation([{ weight: 5, available: false }]).factor, null);
  assert.equal(previousMonth('2026-01'), '2025-12');
  assert.equal(previousMonth('2026-11'), '2026-10');
});

test('form answers for people: 是/否, numbers, lists, nothing as —', () => {
  assert.equal(formatFormValue(true), '是');
  assert.equal(formatFormValue(false), '否');
  assert.equal(formatFormValue(false, 'en'), 'No');
  assert.equal(formatFormValue('true', 'zh', 'boolean'), '是');
  assert.equal(formatFormValue(12), '12');
  assert.equal(formatFormValue(3.14159), '3.14');
  assert.equal(formatFormValue(1234), '1,234');
  assert.equal(formatFormValue(0), '0', 'zero is an answer');
  assert.equal(formatFormValue(null), '—');
  assert.equal(formatFormValue(undefined), '—');
  assert.equal(formatFormValue('  '), '—');
  assert.equal(formatFormValue(['常住户', '商户']), '常住户、商户');
  assert.equal(formatFormValue(['a', 'b'], 'en'), 'a, b');
  assert.equal(formatFormValue('2026-11-24', 'zh', 'date'), '2026-11-24');
  assert.equal(formatFormValue({ a: 1 }), '{"a":1}');
});

test('evidenceFormRows: the template order and labels, blanks as —, unknown answers under their name', () => {
  const rows = evidenceFormRows({ kind: '商户', hazard: false, address: '天目路 1 号', extra: 5 }, visit.form);
  assert.deepEqual(rows, [
    { name: 'address', label: '走访地址', value: '天目路 1 号' },
    { name: 'kind', label: '走访对象', value: '商户' },
    { name: 'people', label: '人数', value: '—' },
    { name: 'hazard', label: '是否发现隐患', value: '否' },
    { name: 'extra', label: 'extra', value: '5' },
  ]);
  assert.deepEqual(evidenceFormRows({}, undefined), []);
  assert.deepEqual(evidenceFormRows(null, undefined), []);
  assert.deepEqual(evidenceFormRows({ hazard: true }, visit.form, 'en').find((r) => r.name === 'hazard')?.value, 'Yes');
});

test('evidenceDistance: the requirement place first, else the task place; within the radius', () => {
  const place = { lon: 120, lat: 30 };
  const near = { lon: 120, lat: 30.0009 }; // ~100 m north
  const d = evidenceDistance(near, { location: { radiusMeters: 300 } }, place);
  assert.ok(d && d.meters >= 99 && d.meters <= 101, `about 100 m, got ${d?.meters}`);
  assert.equal(d!.within, true);
  assert.equal(d!.radius, 300);
  assert.equal(evidenceDistance(near, { location: { radiusMeters: 50 } }, place)!.within, false);
  const own = evidenceDistance(near, { location: { radiusMeters: 50, place: { lon: 120, lat: 30.0009 } } }, place);
  assert.equal(own!.meters, 0, 'the requirement place wins over the task place');
  assert.equal(evidenceDistance(near, {}, place)!.within, null, 'no radius asked: no verdict');
  assert.equal(evidenceDistance({ lon: null, lat: null }, { location: { radiusMeters: 50 } }, place), null);
  assert.equal(evidenceDistance(near, { location: { radiusMeters: 50 } }, null), null);
  assert.equal(metersText(85.4), '85 米');
  assert.equal(metersText(1234, 'en'), '1.2 km');
  assert.equal(metersText(12_345), '12 公里');
  assert.equal(lonLatText(119.6, 30.3), '119.600000, 30.300000');
});

test('supervision history: step labels, in the order it happened', () => {
  assert.equal(stepKey('yellow'), 'task.step.yellow');
  assert.equal(stepKey('due_soon'), 'task.step.due_soon');
  const s = sortEscalations([
    { step: 'yellow' as const, at: at(12) },
    { step: 'reminder' as const, at: at(11) },
    { step: 'overdue' as const, at: at(10) },
    { step: 'due_soon' as const, at: at(10) },
  ]);
  assert.deepEqual(
    s.map((x) => x.step),
    ['due_soon', 'overdue', 'reminder', 'yellow'],
  );
});

test('late and moved due times', () => {
  assert.equal(lateByMs({ doneAt: at(11), dueAt: at(10), late: true }), 3600_000);
  assert.equal(lateByMs({ doneAt: at(9), dueAt: at(10), late: false }), null);
  assert.equal(lateByMs({ doneAt: null, dueAt: at(10), late: false }), null);
  assert.equal(dueMoved({ dueAt: at(18), originalDueAt: at(17) }), true);
  assert.equal(dueMoved({ dueAt: at(17), originalDueAt: new Date(Date.parse(at(17))).toISOString() }), false);
});

test('checklistCounts: done (late among them), open, overdue, cards; cancelled left out', () => {
  const c = checklistCounts(
    [
      { status: 'done', dueAt: at(8), supervision: 'none', late: false },
      { status: 'done', dueAt: at(8), supervision: 'yellow', late: true },
      { status: 'open', dueAt: at(17), supervision: 'none', late: false },
      { status: 'open', dueAt: at(9), supervision: 'none', late: false },
      { status: 'overdue', dueAt: at(8), supervision: 'red', late: false },
      { status: 'cancelled', dueAt: at(8), supervision: 'none', late: false },
    ],
    now,
  );
  assert.deepEqual(c, { total: 5, done: 2, late: 1, open: 1, overdue: 2, yellow: 1, red: 1 });
});

test('dates in the URL: real local days only; shifting days across months', () => {
  assert.equal(parseLocalDate('2026-11-24'), '2026-11-24');
  assert.equal(parseLocalDate('2026-02-30'), null);
  assert.equal(parseLocalDate('2026-1-5'), null);
  assert.equal(parseLocalDate(null), null);
  assert.equal(parseLocalDate('yesterday'), null);
  assert.equal(shiftDay('2026-11-30', 1), '2026-12-01');
  assert.equal(shiftDay('2026-01-01', -1), '2025-12-31');
  assert.equal(localDay(now), '2026-11-24');
});
