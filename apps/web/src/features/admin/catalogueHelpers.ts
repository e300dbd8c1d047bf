// Pure helpers of the catalogue's administration (任务目录, 督办阶梯, 考核指标, 考核方案): the template drawer's form
// <-> the API's body (schedule, evidence), the server's field pointers -> the form's fields, the server's (core's)
// field messages in Chinese, durations in minutes <-> a value and a unit, the ladder per category, a plan's weights.
// No DOM, no React: tested by catalogueHelpers.test.ts.
import type { AssessmentPlanT, EscalationPolicyT, IndicatorDefBody, IndicatorDefT, TaskTemplate, TaskTemplateBody, TaskTemplatePatchBody } from '@jingwang/contracts';

type Lang = 'zh' | 'en';
type Schedule = TaskTemplate['schedule'];
type Evidence = TaskTemplate['evidence'];
type FormFieldSpec = NonNullable<Evidence['form']>[number];

// ---------------------------------------------------------------- durations

export type DurationUnit = 'minutes' | 'hours' | 'days';
const UNIT_MINUTES: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** Minutes as the largest unit that holds them whole: 1440 -> 1 day, 90 -> 90 minutes, 120 -> 2 hours. */
export function toDuration(minutes: number): { value: number; unit: DurationUnit } {
  if (minutes > 0 && minutes % 1440 === 0) return { value: minutes / 1440, unit: 'days' };
  if (minutes > 0 && minutes % 60 === 0) return { value: minutes / 60, unit: 'hours' };
  return { value: minutes, unit: 'minutes' };
}

/** A value and a unit as whole minutes (rounded), or null when the value is missing or not a number. */
export function fromDuration(value: number | null | undefined, unit: DurationUnit): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Math.round(value * UNIT_MINUTES[unit]);
}

/** 120 -> "2 小时" / "2 h"; 0 -> "0 分钟". */
export function durationText(minutes: number, lang: Lang = 'zh'): string {
  const d = toDuration(minutes);
  const names: Record<DurationUnit, [string, string]> = { minutes: ['分钟', 'min'], hours: ['小时', 'h'], days: ['天', 'd'] };
  return `${d.value} ${names[d.unit][lang === 'zh' ? 0 : 1]}`;
}

/** Minute of the day <-> "HH:mm". */
export function minuteToClock(m: number | undefined | null): string {
  if (m === undefined || m === null || !Number.isInteger(m) || m < 0 || m >= 1440) return '';
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
/** "HH:mm" -> minute of the day; "" -> null (opens at midnight); anything else -> NaN (refused by the form). */
export function clockToMinute(s: string | null | undefined): number | null {
  if (!s) return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return Number.NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : Number.NaN;
}

// ---------------------------------------------------------------- the template's form

export type RecurrenceKind = Schedule['recurrence']['kind'];

export interface FormFieldRow {
  name: string;
  label: string;
  type: FormFieldSpec['type'];
  required: boolean;
  options: string[];
}

/** What the template drawer edits: flat fields, converted to and from the API's nested body. */
export interface TemplateForm {
  code: string;
  category: TaskTemplate['category'];
  name: string;
  nameEn: string;
  unit: string;
  assignee: TaskTemplate['assignee'];
  feedsInfo: boolean;
  active: boolean;
  recurrence: RecurrenceKind;
  weekdays: number[];
  monthDay: number | 'last';
  onDate: string;
  target: number;
  /** true: due when the next occurrence opens ('period'); false: limitValue x limitUnit. */
  limitPeriod: boolean;
  limitValue: number | null;
  limitUnit: DurationUnit;
  /** "HH:mm" or "" (midnight). */
  startTime: string;
  startsOn: string;
  endsOn: string;
  photos: number;
  noteMinLength: number;
  location: boolean;
  radiusMeters: number | null;
  /** The template's own place, kept as it is (the drawer does not edit it; assignments usually name the place). */
  place: { lon: number; lat: number } | null;
  formFields: FormFieldRow[];
}

export const NEW_TEMPLATE_FORM: TemplateForm = {
  code: '',
  category: 'community',
  name: '',
  nameEn: '',
  unit: '次',
  assignee: 'community_officer',
  feedsInfo: false,
  active: true,
  recurrence: 'daily',
  weekdays: [1],
  monthDay: 1,
  onDate: '',
  target: 1,
  limitPeriod: true,
  limitValue: 1,
  limitUnit: 'days',
  startTime: '',
  startsOn: '',
  endsOn: '',
  photos: 0,
  noteMinLength: 0,
  location: false,
  radiusMeters: 200,
  place: null,
  formFields: [],
};

export function templateToForm(t: TaskTemplate | null): TemplateForm {
  if (!t) return { ...NEW_TEMPLATE_FORM, weekdays: [...NEW_TEMPLATE_FORM.weekdays], formFields: [] };
  const s = t.schedule;
  const r = s.recurrence;
  const e = t.evidence;
  const limit = s.limit === 'period' ? null : toDuration(s.limit);
  return {
    code: t.code,
    category: t.category,
    name: t.name,
    nameEn: t.nameEn,
    unit: t.unit,
    assignee: t.assignee,
    feedsInfo: t.feeds === 'info',
    active: t.active,
    recurrence: r.kind,
    weekdays: r.kind === 'weekly' ? [...r.weekdays] : [1],
    monthDay: r.kind === 'monthly' ? r.day : 1,
    onDate: r.kind === 'once' ? (r.on ?? '') : '',
    target: s.target,
    limitPeriod: s.limit === 'period',
    limitValue: limit ? limit.value : 1,
    limitUnit: limit ? limit.unit : 'days',
    startTime: minuteToClock(s.startMinute),
    startsOn: s.startsOn ?? '',
    endsOn: s.endsOn ?? '',
    photos: e.photos ?? 0,
    noteMinLength: e.noteMinLength ?? 0,
    location: !!e.location,
    radiusMeters: e.location?.radiusMeters ?? 200,
    place: e.location?.place ?? null,
    formFields: (e.form ?? []).map((f) => ({ name: f.name, label: f.label, type: f.type, required: f.required, options: [...(f.options ?? [])] })),
  };
}

function recurrenceOf(f: TemplateForm): Schedule['recurrence'] {
  switch (f.recurrence) {
    case 'weekly':
      return { kind: 'weekly', weekdays: [...new Set(f.weekdays)].sort((a, b) => a - b) };
    case 'monthly':
      return { kind: 'monthly', day: f.monthDay };
    case 'once':
      return f.onDate ? { kind: 'once', on: f.onDate } : { kind: 'once' };
    default:
      return { kind: 'daily' };
  }
}

/** The schedule of the API from the form (the limit in whole minutes; empty dates and start left out). */
export function scheduleOf(f: TemplateForm): Schedule {
  const startMinute = clockToMinute(f.startTime);
  const limit = f.limitPeriod ? 'period' : fromDuration(f.limitValue, f.limitUnit);
  return {
    recurrence: recurrenceOf(f),
    target: f.target,
    // a missing limit is sent as 0: the server refuses it on /schedule/limit, at the field
    limit: limit ?? 0,
    ...(startMinute !== null ? { startMinute } : {}),
    ...(f.startsOn ? { startsOn: f.startsOn } : {}),
    ...(f.endsOn ? { endsOn: f.endsOn } : {}),
  };
}

/** The evidence requirement of the API from the form: parts not asked for are left out. */
export function evidenceOf(f: TemplateForm): Evidence {
  const form = f.formFields.map((x) => ({
    name: x.name.trim(),
    label: x.label.trim(),
    type: x.type,
    required: !!x.required,
    ...(x.type === 'choice' ? { options: x.options.map((o) => o.trim()).filter(Boolean) } : {}),
  }));
  return {
    ...(f.photos > 0 ? { photos: f.photos } : {}),
    ...(form.length ? { form } : {}),
    ...(f.location ? { location: { radiusMeters: f.radiusMeters ?? 0, ...(f.place ? { place: f.place } : {}) } } : {}),
    ...(f.noteMinLength > 0 ? { noteMinLength: f.noteMinLength } : {}),
  };
}

/** POST /api/tasks/templates from the form. */
export function templateBody(f: TemplateForm): TaskTemplateBody {
  return {
    code: f.code.trim(),
    category: f.category,
    name: f.name.trim(),
    nameEn: f.nameEn.trim(),
    unit: f.unit.trim(),
    schedule: scheduleOf(f),
    evidence: evidenceOf(f),
    assignee: f.assignee,
    feeds: f.feedsInfo ? 'info' : null,
    active: f.active,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * PATCH /api/tasks/templates/:id from the form: the version read and only the fields that changed (the audit log
 * names them), so a save that changes nothing sends the version alone.
 */
export function templatePatch(orig: TaskTemplate, f: TemplateForm): TaskTemplatePatchBody {
  const b = templateBody(f);
  const out: TaskTemplatePatchBody = { version: orig.version };
  if (b.category !== orig.category) out.category = b.category;
  if (b.name !== orig.name) out.name = b.name;
  if ((b.nameEn ?? '') !== orig.nameEn) out.nameEn = b.nameEn ?? '';
  if (b.unit !== orig.unit) out.unit = b.unit;
  if (b.assignee !== orig.assignee) out.assignee = b.assignee;
  if ((b.feeds ?? null) !== orig.feeds) out.feeds = b.feeds ?? null;
  if (b.active !== orig.active) out.active = b.active;
  if (!same(normSchedule(b.schedule), normSchedule(orig.schedule))) out.schedule = b.schedule;
  if (!same(normEvidence(b.evidence), normEvidence(orig.evidence))) out.evidence = b.evidence;
  return out;
}
// key order and absent-vs-null differences are not changes
function normSchedule(s: Schedule) {
  const r = s.recurrence;
  return {
    r: r.kind === 'weekly' ? ['weekly', [...r.weekdays].sort()] : r.kind === 'monthly' ? ['monthly', r.day] : r.kind === 'once' ? ['once', r.on ?? null] : ['daily'],
    target: s.target,
    limit: s.limit,
    start: s.startMinute ?? 0,
    from: s.startsOn ?? null,
    to: s.endsOn ?? null,
  };
}
function normEvidence(e: Evidence) {
  return {
    photos: e.photos ?? 0,
    note: e.noteMinLength ?? 0,
    loc: e.location ? [e.location.radiusMeters, e.location.place ?? null] : null,
    form: (e.form ?? []).map((x) => [x.name, x.label, x.type, x.required, x.type === 'choice' ? (x.options ?? []) : []]),
  };
}

/**
 * The form field a server field error belongs to: '/schedule/recurrence/weekdays/0' -> ['weekdays'],
 * '/evidence/form/1/options' -> ['formFields', 1, 'options'], '/code' -> ['code']; null when the form has no such
 * field (the message then shows in the toast only).
 */
export function templateFieldPath(pointer: string): (string | number)[] | null {
  const parts = pointer
    .replace(/^#/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === 'body') parts.shift();
  const [a, b, c, d] = parts;
  if (a === 'schedule') {
    if (b === 'recurrence') {
      if (c === 'weekdays') return ['weekdays'];
      if (c === 'day') return ['monthDay'];
      if (c === 'on') return ['onDate'];
      return ['recurrence'];
    }
    const map: Record<string, string> = { target: 'target', limit: 'limitValue', startMinute: 'startTime', startsOn: 'startsOn', endsOn: 'endsOn' };
    return typeof b === 'string' && map[b] ? [map[b]] : null;
  }
  if (a === 'evidence') {
    if (b === 'photos') return ['photos'];
    if (b === 'noteMinLength') return ['noteMinLength'];
    if (b === 'location') return ['radiusMeters'];
    if (b === 'form') {
      if (typeof c === 'number' && typeof d === 'string' && ['name', 'label', 'type', 'required', 'options'].includes(d)) return ['formFields', c, d];
      if (typeof c === 'number') return ['formFields', c, 'name'];
      return null;
    }
    return null;
  }
  if (a === 'feeds') return ['feedsInfo'];
  if (typeof a === 'string' && ['code', 'category', 'name', 'nameEn', 'unit', 'assignee', 'active'].includes(a)) return [a];
  return null;
}

// ---------------------------------------------------------------- the list

export interface TemplateFilter {
  q: string;
  category: TaskTemplate['category'] | null;
  /** 'active' (default), 'retired', 'all' */
  status: 'active' | 'retired' | 'all';
}

/** The templates matching a search (code, name, English name), a category and active / retired. */
export function filterTemplates<T extends Pick<TaskTemplate, 'code' | 'name' | 'nameEn' | 'category' | 'active'>>(list: readonly T[], f: TemplateFilter): T[] {
  const n = f.q.trim().toLowerCase();
  return list.filter(
    (t) =>
      (f.status === 'all' || (f.status === 'active') === t.active) &&
      (!f.category || t.category === f.category) &&
      (!n || t.code.toLowerCase().includes(n) || t.name.toLowerCase().includes(n) || t.nameEn.toLowerCase().includes(n)),
  );
}

/** Templates per category, for the filter's counts. */
export function countByCategory(list: readonly Pick<TaskTemplate, 'category'>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of list) out[t.category] = (out[t.category] ?? 0) + 1;
  return out;
}

const WEEKDAY_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAY_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export function weekdayName(d: number, lang: Lang = 'zh'): string {
  return lang === 'zh' ? `周${WEEKDAY_ZH[d - 1] ?? '?'}` : (WEEKDAY_EN[d - 1] ?? '?');
}

/** The schedule in words: "每周一、三 · 3 户 · 当期内完成" / "Weekly Mon, Wed · 3 · within the period". */
export function scheduleText(s: Schedule, unit: string, lang: Lang = 'zh'): string {
  const r = s.recurrence;
  const zh = lang === 'zh';
  let rec: string;
  if (r.kind === 'daily') rec = zh ? '每日' : 'Daily';
  else if (r.kind === 'weekly') {
    const days = [...r.weekdays].sort((a, b) => a - b);
    rec = zh ? `每周${days.map((d) => WEEKDAY_ZH[d - 1]).join('、')}` : `Weekly ${days.map((d) => WEEKDAY_EN[d - 1]).join(', ')}`;
  }
  else if (r.kind === 'monthly') rec = r.day === 'last' ? (zh ? '每月末' : 'Monthly, last day') : zh ? `每月 ${r.day} 日` : `Monthly, day ${r.day}`;
  else rec = r.on ? (zh ? `一次性（${r.on}）` : `Once (${r.on})`) : zh ? '一次性' : 'Once';
  const start = s.startMinute ? ` ${minuteToClock(s.startMinute)}` : '';
  const amount = `${s.target}${unit ? (zh ? ` ${unit}` : ` ${unit}`) : ''}`;
  const limit = s.limit === 'period' ? (zh ? '当期内完成' : 'within the period') : zh ? `${durationText(s.limit, 'zh')}内完成` : `within ${durationText(s.limit, 'en')}`;
  return `${rec}${start} · ${amount} · ${limit}`;
}

// ---------------------------------------------------------------- the server's field messages in Chinese

type Rule = [RegExp, (m: RegExpExecArray) => string];
/** Core's validators' messages (schedule, ladder, indicator, plan) and the catalogue's own, in Chinese. */
const CATALOGUE_RULES_ZH: Rule[] = [
  [/^target must be an integer >= 1$/, () => '须为不小于 1 的整数'],
  [/^limit must be a positive number of minutes or 'period'$/, () => '时限须大于 0，或选择“当期内完成”'],
  [/^startMinute must be 0\.\.1439$/, () => '开始时间须在 00:00–23:59'],
  [/^at least one weekday$/, () => '至少选择一天'],
  [/^weekday is 1 \(Monday\) \.\. 7 \(Sunday\)$/, () => '须为周一至周日'],
  [/^day is 1\.\.31 or 'last'$/, () => '须为 1–31 日或月末'],
  [/^(on|startsOn|endsOn) is a date YYYY-MM-DD$/, () => '日期格式不正确'],
  [/^endsOn is before startsOn$/, () => '结束日期早于开始日期'],
  [/^\w+ must be >= 0 minutes or null$/, () => '须为不小于 0 的时长，或关闭该步'],
  [/^the ladder goes reminder <= yellow <= red$/, () => '须按 催办 ≤ 黄牌 ≤ 红牌 的先后'],
  [/^code is \[a-z\]/, () => '须以小写字母开头，只含小写字母、数字和下划线'],
  [/^name is required$/, () => '必填'],
  [/^target must be a number$/, () => '须为数字'],
  [/^weight must be >= 0$/, () => '不能小于 0'],
  [/^weight must be > 0$/, () => '须大于 0'],
  [/^the ratio scale needs a positive target/, () => '按比例计分时目标值须大于 0；按线性计分请填写零分值'],
  [/^zeroAt must be worse than the target/, () => '零分值须比目标值差（越高越好时低于目标，越低越好时高于目标）'],
  [/^unknown measure '(.+)'$/, (m) => `未知的计量项“${m[1]}”`],
  [/^unknown function '(.+)' at \d+ \(position (\d+)\)$/, (m) => `未知的函数“${m[1]}”（第 ${Number(m[2]) + 1} 个字符）`],
  [/^the formula is empty/, () => '公式为空'],
  [/^the formula ends too early/, () => '公式不完整'],
  [/^the formula nests too deeply/, () => '公式嵌套过深'],
  [/^a formula is at most (\d+) characters/, (m) => `公式最多 ${m[1]} 个字符`],
  [/^(\w+) takes (\d+) argument\(s\), got (\d+)/, (m) => `${m[1]} 需要 ${m[2]} 个参数，实际 ${m[3]} 个`],
  [/\(position (\d+)\)$/, (m) => `公式有误（第 ${Number(m[1]) + 1} 个字符）`],
  [/^unknown indicator '(.+)'$/, (m) => `未知的指标“${m[1]}”`],
  [/^'(.+)' appears twice$/, (m) => `指标“${m[1]}”重复`],
  [/^'(.+)' is not computed for (\w+)$/, (m) => `指标“${m[1]}”不在该层级计算`],
  [/^a plan weights at least one indicator$/, () => '至少包含一项指标'],
  [/^a star needs indicators$/, () => '至少包含一项指标'],
  [/^minScore is 0\.\.100$/, () => '须在 0–100 之间'],
  [/^minCoverage is 0\.\.1$/, () => '须在 0–100% 之间'],
  [/^a choice needs at least one option$/, () => '选择题至少需要一个选项'],
  [/^the name '(.+)' is used twice$/, (m) => `字段名“${m[1]}”重复`],
  [/^category is one of /, () => '不是已有的任务类别'],
];

/** A field message of the catalogue's endpoints in Chinese when known, else null (the caller's generic rule then). */
export function catalogueMessageZh(raw: string): string | null {
  for (const [re, to] of CATALOGUE_RULES_ZH) {
    const m = re.exec(raw);
    if (m) return to(m);
  }
  return null;
}

// ---------------------------------------------------------------- the ladder

export type LadderKey = 'dueSoonMinutes' | 'reminderMinutes' | 'yellowMinutes' | 'redMinutes';
export const LADDER_KEYS: readonly LadderKey[] = ['dueSoonMinutes', 'reminderMinutes', 'yellowMinutes', 'redMinutes'];

/** The ladder a category runs on: its own row, else the default ('*'), else the project's default 120/0/1440/4320. */
export function effectiveLadder(policies: readonly EscalationPolicyT[], category: string): { policy: EscalationPolicyT; inherited: boolean } {
  const own = policies.find((p) => p.category === category);
  if (own) return { policy: own, inherited: false };
  const def = policies.find((p) => p.category === '*') ?? { category: '*', dueSoonMinutes: 120, reminderMinutes: 0, yellowMinutes: 1440, redMinutes: 4320 };
  return { policy: { ...def, category }, inherited: category !== '*' };
}

/** A step in words: heads-up "提前 2 小时", others "到期时" / "逾期 1 天"; null = "不启用". */
export function ladderStepText(key: LadderKey, minutes: number | null, lang: Lang = 'zh'): string {
  const zh = lang === 'zh';
  if (minutes === null) return zh ? '不启用' : 'off';
  if (key === 'dueSoonMinutes') return zh ? `到期前 ${durationText(minutes, 'zh')}` : `${durationText(minutes, 'en')} before due`;
  if (minutes === 0) return zh ? '到期时' : 'at due';
  return zh ? `逾期 ${durationText(minutes, 'zh')}` : `${durationText(minutes, 'en')} overdue`;
}

/** The ladder's drawer: each step on/off with a value and a unit. */
export type LadderForm = Record<LadderKey, { on: boolean; value: number | null; unit: DurationUnit }>;

export function ladderToForm(p: EscalationPolicyT): LadderForm {
  const one = (m: number | null) => (m === null ? { on: false, value: 0, unit: 'hours' as DurationUnit } : { on: true, ...toDuration(m) });
  return { dueSoonMinutes: one(p.dueSoonMinutes), reminderMinutes: one(p.reminderMinutes), yellowMinutes: one(p.yellowMinutes), redMinutes: one(p.redMinutes) };
}

export function ladderBody(f: LadderForm): Record<LadderKey, number | null> {
  const one = (s: LadderForm[LadderKey]) => (s.on ? (fromDuration(s.value, s.unit) ?? 0) : null);
  return { dueSoonMinutes: one(f.dueSoonMinutes), reminderMinutes: one(f.reminderMinutes), yellowMinutes: one(f.yellowMinutes), redMinutes: one(f.redMinutes) };
}

// ---------------------------------------------------------------- plans

/** The sum of a plan's weights, rounded to 3 decimals (as the server reports it); missing weights count 0. */
export function weightSum(items: readonly { weight?: number | null }[]): number {
  const s = items.reduce((n, i) => n + (typeof i.weight === 'number' && Number.isFinite(i.weight) ? i.weight : 0), 0);
  return Math.round(s * 1000) / 1000;
}

/** Whether a plan may be saved: weights add up to 100 (within the server's 1e-6), every item named, once. */
export function planProblems(items: readonly { indicator?: string | null; weight?: number | null }[]): ('empty' | 'sum' | 'unnamed' | 'duplicate' | 'weight')[] {
  const out: ('empty' | 'sum' | 'unnamed' | 'duplicate' | 'weight')[] = [];
  if (items.length === 0) out.push('empty');
  const raw = items.reduce((n, i) => n + (typeof i.weight === 'number' && Number.isFinite(i.weight) ? i.weight : 0), 0);
  if (items.length > 0 && Math.abs(raw - 100) > 1e-6) out.push('sum');
  if (items.some((i) => !i.indicator)) out.push('unnamed');
  const codes = items.map((i) => i.indicator).filter(Boolean);
  if (new Set(codes).size !== codes.length) out.push('duplicate');
  if (items.some((i) => !(typeof i.weight === 'number' && i.weight > 0))) out.push('weight');
  return out;
}

/** The body of PUT /api/assessment/plans/:code from the edited items (stars and coverage as given). */
export function planBody(plan: Pick<AssessmentPlanT, 'version' | 'stars'>, edit: { name: string; minCoveragePercent: number; items: { indicator: string; weight: number }[] }) {
  return {
    name: edit.name.trim(),
    items: edit.items.map((i) => ({ indicator: i.indicator, weight: i.weight })),
    stars: plan.stars,
    minCoverage: Math.round(edit.minCoveragePercent * 10) / 1000,
    version: plan.version,
  };
}

// ---------------------------------------------------------------- indicator definitions

export interface IndicatorForm {
  code: string;
  name: string;
  nameEn: string;
  formula: string;
  unit: string;
  better: 'higher' | 'lower';
  target: number | null;
  zeroAt: number | null;
  weight: number | null;
  star: IndicatorDefT['star'];
  /** Empty = every level. */
  levels: NonNullable<IndicatorDefT['levels']>;
  description: string;
  active: boolean;
}

export function indicatorToForm(d: IndicatorDefT | null): IndicatorForm {
  if (!d) return { code: '', name: '', nameEn: '', formula: '', unit: '%', better: 'higher', target: 100, zeroAt: null, weight: 10, star: null, levels: [], description: '', active: true };
  return {
    code: d.code,
    name: d.name,
    nameEn: d.nameEn,
    formula: d.formula,
    unit: d.unit,
    better: d.better,
    target: d.target,
    zeroAt: d.zeroAt,
    weight: d.weight,
    star: d.star,
    levels: [...(d.levels ?? [])],
    description: d.description ?? '',
    active: d.active,
  };
}

/**
 * PUT /api/indicators/defs from the form. The endpoint replaces the whole definition, so every field is sent (an
 * absent star or description would clear it); `version` for a change, none for a new one.
 */
export function indicatorBody(f: IndicatorForm, version?: number): IndicatorDefBody {
  return {
    code: f.code.trim(),
    name: f.name.trim(),
    nameEn: f.nameEn.trim(),
    formula: f.formula.trim(),
    unit: f.unit.trim(),
    better: f.better,
    target: f.target ?? Number.NaN,
    zeroAt: f.zeroAt ?? null,
    weight: f.weight ?? 0,
    star: f.star ?? null,
    levels: f.levels.length ? f.levels : null,
    description: f.description.trim() ? f.description.trim() : null,
    active: f.active,
    ...(version !== undefined ? { version } : {}),
  };
}

/** The plans whose items or star rules name an indicator. */
export function plansUsing<P extends Pick<AssessmentPlanT, 'code' | 'name' | 'items' | 'stars'>>(plans: readonly P[], code: string): P[] {
  return plans.filter((p) => p.items.some((i) => i.indicator === code) || p.stars.some((s) => s.indicators.includes(code)));
}
