import test from 'node:test';
import assert from 'node:assert/strict';
import type { AssessmentPlanT, IndicatorDefT, TaskTemplate } from '@jingwang/contracts';
import {
  catalogueMessageZh,
  clockToMinute,
  durationText,
  effectiveLadder,
  filterTemplates,
  fromDuration,
  indicatorBody,
  indicatorToForm,
  ladderBody,
  ladderStepText,
  ladderToForm,
  minuteToClock,
  planBody,
  planProblems,
  plansUsing,
  scheduleText,
  templateBody,
  templateFieldPath,
  templatePatch,
  templateToForm,
  toDuration,
  weightSum,
} from './catalogueHelpers';

const tpl = (over: Partial<TaskTemplate> = {}): TaskTemplate => ({
  id: 7,
  code: 'SQ01',
  category: 'community',
  name: '入户走访',
  nameEn: 'Household visits',
  unit: '户',
  schedule: { recurrence: { kind: 'weekly', weekdays: [3, 1] }, target: 5, limit: 'period', startMinute: 480 },
  evidence: { photos: 1, form: [{ name: 'kind', label: '类型', type: 'choice', required: true, options: ['走访', '电话'] }], location: { radiusMeters: 300, place: { lon: 112.1, lat: 32.7 } } },
  assignee: 'community_officer',
  feeds: 'info',
  active: true,
  version: 4,
  ...over,
});

test('durations: the largest whole unit, and back to minutes', () => {
  assert.deepEqual(toDuration(1440), { value: 1, unit: 'days' });
  assert.deepEqual(toDuration(4320), { value: 3, unit: 'days' });
  assert.deepEqual(toDuration(120), { value: 2, unit: 'hours' });
  assert.deepEqual(toDuration(90), { value: 90, unit: 'minutes' });
  assert.deepEqual(toDuration(0), { value: 0, unit: 'minutes' });
  assert.equal(fromDuration(2, 'hours'), 120);
  assert.equal(fromDuration(1.5, 'hours'), 90);
  assert.equal(fromDuration(3, 'days'), 4320);
  assert.equal(fromDuration(null, 'days'), null);
  assert.equal(durationText(1440), '1 天');
  assert.equal(durationText(90, 'en'), '90 min');
});

test('clock times: minute of the day <-> HH:mm; empty is midnight, garbage is NaN', () => {
  assert.equal(minuteToClock(480), '08:00');
  assert.equal(minuteToClock(1439), '23:59');
  assert.equal(minuteToClock(undefined), '');
  assert.equal(clockToMinute('08:30'), 510);
  assert.equal(clockToMinute(''), null);
  assert.ok(Number.isNaN(clockToMinute('25:00')));
  assert.ok(Number.isNaN(clockToMinute('8h')));
});

test('a template round-trips through the form: same body, and an unchanged save patches nothing but the version', () => {
  const t = tpl();
  const f = templateToForm(t);
  assert.equal(f.recurrence, 'weekly');
  assert.deepEqual(f.weekdays, [3, 1]);
  assert.equal(f.startTime, '08:00');
  assert.equal(f.feedsInfo, true);
  const body = templateBody(f);
  assert.deepEqual(body.schedule, { recurrence: { kind: 'weekly', weekdays: [1, 3] }, target: 5, limit: 'period', startMinute: 480 });
  // the template's own place is kept although the drawer does not edit it
  assert.deepEqual(body.evidence.location, { radiusMeters: 300, place: { lon: 112.1, lat: 32.7 } });
  assert.equal(body.feeds, 'info');
  assert.deepEqual(templatePatch(t, f), { version: 4 });
});

test('the patch names only what changed: a limit in hours becomes minutes, retiring sends active alone', () => {
  const t = tpl();
  const f = { ...templateToForm(t), limitPeriod: false, limitValue: 4, limitUnit: 'hours' as const };
  assert.deepEqual(templatePatch(t, f), { version: 4, schedule: { recurrence: { kind: 'weekly', weekdays: [1, 3] }, target: 5, limit: 240, startMinute: 480 } });
  assert.deepEqual(templatePatch(t, { ...templateToForm(t), active: false }), { version: 4, active: false });
  const noPhotos = templatePatch(t, { ...templateToForm(t), photos: 0, name: ' 走访 ' });
  assert.equal(noPhotos.name, '走访');
  assert.equal(noPhotos.evidence?.photos, undefined);
  assert.ok(noPhotos.evidence?.form);
});

test('recurrences from the form: hidden sections do not leak into the body', () => {
  const base = templateToForm(null);
  assert.deepEqual(templateBody({ ...base, recurrence: 'daily', weekdays: [1, 2] }).schedule.recurrence, { kind: 'daily' });
  assert.deepEqual(templateBody({ ...base, recurrence: 'monthly', monthDay: 'last' }).schedule.recurrence, { kind: 'monthly', day: 'last' });
  assert.deepEqual(templateBody({ ...base, recurrence: 'once', onDate: '' }).schedule.recurrence, { kind: 'once' });
  assert.deepEqual(templateBody({ ...base, recurrence: 'once', onDate: '2027-01-05' }).schedule.recurrence, { kind: 'once', on: '2027-01-05' });
  assert.deepEqual(templateBody({ ...base, recurrence: 'weekly', weekdays: [5, 1, 5] }).schedule.recurrence, { kind: 'weekly', weekdays: [1, 5] });
  // no evidence asked: an empty requirement; a choice keeps its trimmed options, other types none
  const b = templateBody({
    ...base,
    formFields: [
      { name: 'a', label: ' A ', type: 'text', required: true, options: ['x'] },
      { name: 'b', label: 'B', type: 'choice', required: false, options: [' 是 ', ''] },
    ],
  });
  assert.deepEqual(b.evidence, { form: [{ name: 'a', label: 'A', type: 'text', required: true }, { name: 'b', label: 'B', type: 'choice', required: false, options: ['是'] }] });
  assert.deepEqual(templateBody(base).evidence, {});
  // a limit left empty goes as 0, for the server to refuse at the field
  assert.equal(templateBody({ ...base, limitPeriod: false, limitValue: null }).schedule.limit, 0);
});

test("server field pointers land on the drawer's fields", () => {
  assert.deepEqual(templateFieldPath('/schedule/recurrence/weekdays'), ['weekdays']);
  assert.deepEqual(templateFieldPath('/schedule/recurrence/weekdays/0'), ['weekdays']);
  assert.deepEqual(templateFieldPath('/schedule/recurrence/day'), ['monthDay']);
  assert.deepEqual(templateFieldPath('/schedule/limit'), ['limitValue']);
  assert.deepEqual(templateFieldPath('/schedule/startMinute'), ['startTime']);
  assert.deepEqual(templateFieldPath('/schedule/endsOn'), ['endsOn']);
  assert.deepEqual(templateFieldPath('/evidence/form/1/options'), ['formFields', 1, 'options']);
  assert.deepEqual(templateFieldPath('/evidence/location/radiusMeters'), ['radiusMeters']);
  assert.deepEqual(templateFieldPath('/body/code'), ['code']);
  assert.deepEqual(templateFieldPath('/feeds'), ['feedsInfo']);
  assert.equal(templateFieldPath('/version'), null);
  assert.equal(templateFieldPath('/evidence'), null);
});

test("the server's messages in Chinese; unknown ones left to the generic rule", () => {
  assert.equal(catalogueMessageZh('at least one weekday'), '至少选择一天');
  assert.equal(catalogueMessageZh('endsOn is before startsOn'), '结束日期早于开始日期');
  assert.equal(catalogueMessageZh('the ladder goes reminder <= yellow <= red'), '须按 催办 ≤ 黄牌 ≤ 红牌 的先后');
  assert.equal(catalogueMessageZh("unknown measure 'foo'"), '未知的计量项“foo”');
  assert.equal(catalogueMessageZh("unexpected character '#' at 4 (position 4)"), '公式有误（第 5 个字符）');
  assert.equal(catalogueMessageZh("unknown function 'sqrt' at 0 (position 0)"), '未知的函数“sqrt”（第 1 个字符）');
  assert.equal(catalogueMessageZh('a choice needs at least one option'), '选择题至少需要一个选项');
  assert.equal(catalogueMessageZh("the name 'kind' is used twice"), '字段名“kind”重复');
  assert.equal(catalogueMessageZh('must be >= 1'), null);
});

test('the list: search by code or name, filter by category and status', () => {
  const list = [tpl(), tpl({ id: 8, code: 'JC02', category: 'basic_control', name: '重点人员见面', nameEn: 'Meet', active: false }), tpl({ id: 9, code: 'FF01', category: 'prevention', name: '反诈宣传', nameEn: 'Anti-fraud talk' })];
  const codes = (f: Parameters<typeof filterTemplates>[1]) => filterTemplates(list, f).map((t) => t.code);
  assert.deepEqual(codes({ q: '', category: null, status: 'active' }), ['SQ01', 'FF01']);
  assert.deepEqual(codes({ q: '', category: null, status: 'retired' }), ['JC02']);
  assert.deepEqual(codes({ q: 'fraud', category: null, status: 'all' }), ['FF01']);
  assert.deepEqual(codes({ q: 'jc0', category: null, status: 'all' }), ['JC02']);
  assert.deepEqual(codes({ q: '', category: 'community', status: 'all' }), ['SQ01']);
});

test('the schedule in words', () => {
  assert.equal(scheduleText(tpl().schedule, '户'), '每周一、三 08:00 · 5 户 · 当期内完成');
  assert.equal(scheduleText({ recurrence: { kind: 'monthly', day: 'last' }, target: 1, limit: 1440 }, '次'), '每月末 · 1 次 · 1 天内完成');
  assert.equal(scheduleText({ recurrence: { kind: 'daily' }, target: 2, limit: 120 }, '次', 'en'), 'Daily · 2 次 · within 2 h');
});

test('the ladder: own row, else the default, else the built-in default; steps off are null', () => {
  const ps = [
    { category: '*', dueSoonMinutes: 60, reminderMinutes: 0, yellowMinutes: 1440, redMinutes: 4320 },
    { category: 'cases', dueSoonMinutes: null, reminderMinutes: 30, yellowMinutes: 120, redMinutes: 240 },
  ];
  assert.deepEqual(effectiveLadder(ps, 'cases'), { policy: ps[1], inherited: false });
  assert.deepEqual(effectiveLadder(ps, 'community'), { policy: { ...ps[0]!, category: 'community' }, inherited: true });
  assert.equal(effectiveLadder([], '*').policy.redMinutes, 4320);
  assert.equal(effectiveLadder([], '*').inherited, false);
  const f = ladderToForm(ps[1]!);
  assert.deepEqual(f.dueSoonMinutes.on, false);
  assert.deepEqual(f.yellowMinutes, { on: true, value: 2, unit: 'hours' });
  assert.deepEqual(ladderBody(f), { dueSoonMinutes: null, reminderMinutes: 30, yellowMinutes: 120, redMinutes: 240 });
  assert.deepEqual(ladderBody({ ...f, redMinutes: { on: true, value: 1, unit: 'days' } }).redMinutes, 1440);
  assert.equal(ladderStepText('dueSoonMinutes', 120), '到期前 2 小时');
  assert.equal(ladderStepText('reminderMinutes', 0), '到期时');
  assert.equal(ladderStepText('redMinutes', 4320), '逾期 3 天');
  assert.equal(ladderStepText('yellowMinutes', null), '不启用');
});

test('plan weights: the live sum, and a plan is savable only at exactly 100 with each indicator once', () => {
  const items = [
    { indicator: 'a', weight: 30 },
    { indicator: 'b', weight: 60 },
  ];
  assert.equal(weightSum(items), 90);
  assert.deepEqual(planProblems(items), ['sum']);
  assert.deepEqual(planProblems([...items, { indicator: 'c', weight: 10 }]), []);
  // floating point: 33.3 + 33.3 + 33.4 is 100 for the server (1e-6) and here
  assert.equal(weightSum([{ weight: 33.3 }, { weight: 33.3 }, { weight: 33.4 }]), 100);
  assert.deepEqual(planProblems([{ indicator: 'a', weight: 33.3 }, { indicator: 'b', weight: 33.3 }, { indicator: 'c', weight: 33.4 }]), []);
  assert.deepEqual(planProblems([{ indicator: 'a', weight: 50 }, { indicator: 'a', weight: 50 }]), ['duplicate']);
  assert.deepEqual(planProblems([{ indicator: '', weight: 100 }]), ['unnamed']);
  assert.deepEqual(planProblems([{ indicator: 'a', weight: 100 }, { indicator: 'b', weight: null }]), ['weight']);
  assert.deepEqual(planProblems([{ indicator: 'a', weight: 110 }, { indicator: 'b', weight: -10 }]), ['weight']);
  assert.deepEqual(planProblems([]), ['empty']);
  assert.equal(weightSum([{ weight: null }, { weight: 20 }]), 20);
});

test('plan body: version and stars as read, coverage from percent', () => {
  const plan = { version: 3, stars: [{ star: 'service' as const, indicators: ['a'], minScore: 90 }] };
  assert.deepEqual(planBody(plan, { name: ' 方案 ', minCoveragePercent: 50, items: [{ indicator: 'a', weight: 100 }] }), {
    name: '方案',
    items: [{ indicator: 'a', weight: 100 }],
    stars: plan.stars,
    minCoverage: 0.5,
    version: 3,
  });
  assert.equal(planBody(plan, { name: 'x', minCoveragePercent: 33.3, items: [] }).minCoverage, 0.333);
});

test('indicators: the whole definition is sent (star and description kept), version only for a change; plans using it', () => {
  const d: IndicatorDefT = { code: 'task_completion', name: '任务完成率', nameEn: 'Tasks on time', formula: '100 * tasks_done_on_time / tasks_due', unit: '%', better: 'higher', target: 95, zeroAt: 60, weight: 30, star: 'service', levels: ['officer', 'station'], description: '按时', active: true, version: 2 };
  const body = indicatorBody(indicatorToForm(d), d.version);
  assert.deepEqual(body, { code: d.code, name: d.name, nameEn: d.nameEn, formula: d.formula, unit: '%', better: 'higher', target: 95, zeroAt: 60, weight: 30, star: 'service', levels: ['officer', 'station'], description: '按时', active: true, version: 2 });
  const fresh = indicatorBody({ ...indicatorToForm(null), code: 'x', name: 'X', formula: 'incidents' });
  assert.equal(fresh.version, undefined);
  assert.equal(fresh.levels, null);
  assert.equal(fresh.description, null);
  const plans = [
    { code: 'p1', name: 'P1', items: [{ indicator: 'task_completion', weight: 100 }], stars: [] },
    { code: 'p2', name: 'P2', items: [{ indicator: 'other', weight: 100 }], stars: [{ star: 'service', indicators: ['task_completion'], minScore: 90 }] },
    { code: 'p3', name: 'P3', items: [{ indicator: 'other', weight: 100 }], stars: [] },
  ] as Pick<AssessmentPlanT, 'code' | 'name' | 'items' | 'stars'>[];
  assert.deepEqual(plansUsing(plans, 'task_completion').map((p) => p.code), ['p1', 'p2']);
});
