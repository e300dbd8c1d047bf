// Pure helpers of tasks (作战小屏), supervision (督办), indicators and assessment (考核): status colours, due times in
// words, indicator display rules (not available = 暂无数据, never 0), evidence requirements and errors, rankings.
// No DOM, no React: tested by helpers.test.ts.
import type { IndicatorValue, TaskInstance, UserRole } from '@jingwang/contracts';
import { haversineMeters } from '../../lib/geo';

type Lang = 'zh' | 'en';
type Evidence = TaskInstance['template']['evidence'];

/** What an officer sees of a task: done, open, due soon, overdue. */
export type TaskView = 'done' | 'open' | 'due_soon' | 'overdue' | 'cancelled';

/** Minutes before the due time when an open task is shown as due soon (the ladder's default heads-up is 120). */
export const DUE_SOON_MINUTES = 120;

export function taskView(t: Pick<TaskInstance, 'status' | 'dueAt'>, now: number): TaskView {
  if (t.status === 'done' || t.status === 'cancelled') return t.status;
  const due = Date.parse(t.dueAt);
  if (t.status === 'overdue' || (Number.isFinite(due) && due <= now)) return 'overdue';
  if (Number.isFinite(due) && due - now <= DUE_SOON_MINUTES * 60_000) return 'due_soon';
  return 'open';
}

/** antd Tag colours per view. */
export const TASK_VIEW_TAG: Readonly<Record<TaskView, string>> = { done: 'green', open: 'blue', due_soon: 'gold', overdue: 'red', cancelled: 'default' };

/** The card a task carries (黄牌 / 红牌), or 催办, or nothing. */
export const CARD_TAG: Readonly<Record<'reminder' | 'yellow' | 'red', string>> = { reminder: 'orange', yellow: 'gold', red: 'red' };
export function cardOf(s: TaskInstance['supervision']): 'reminder' | 'yellow' | 'red' | null {
  return s === 'none' ? null : s;
}

/** Checklist order: overdue (red cards first), due soon, open by due time, then done, then cancelled. */
export function sortChecklist<T extends Pick<TaskInstance, 'id' | 'status' | 'dueAt' | 'supervision'>>(list: readonly T[], now: number): T[] {
  const rank: Record<TaskView, number> = { overdue: 0, due_soon: 1, open: 2, done: 3, cancelled: 4 };
  const card: Record<TaskInstance['supervision'], number> = { red: 0, yellow: 1, reminder: 2, none: 3 };
  return [...list].sort(
    (a, b) =>
      rank[taskView(a, now)] - rank[taskView(b, now)] ||
      card[a.supervision] - card[b.supervision] ||
      Date.parse(a.dueAt) - Date.parse(b.dueAt) ||
      a.id - b.id,
  );
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A span in words: "2 小时 5 分" / "2 h 5 min"; days beyond 48 hours. */
export function spanText(ms: number, lang: Lang = 'zh'): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  if (m < 60) return lang === 'zh' ? `${m} 分钟` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h >= 48) {
    const d = Math.floor(h / 24);
    return lang === 'zh' ? `${d} 天` : `${d} d`;
  }
  const r = m % 60;
  if (lang === 'zh') return r ? `${h} 小时 ${r} 分` : `${h} 小时`;
  return r ? `${h} h ${r} min` : `${h} h`;
}

/** The due time: "今天 17:00" / "明天 09:00" / "03-12 17:00" (local time of the browser), with the year when another. */
export function dueClock(iso: string, now: number, lang: Lang = 'zh'): string {
  let d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const n = new Date(now);
  // a due time at midnight is the end of the day before (a daily task is due 今天 24:00, not 明天 00:00)
  const midnight = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
  if (midnight) d = new Date(d.getTime() - 1);
  const hm = midnight ? '24:00' : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const dayIndex = (x: Date) => Math.round(new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime() / 86_400_000);
  const diff = dayIndex(d) - dayIndex(n);
  if (diff === 0) return lang === 'zh' ? `今天 ${hm}` : `today ${hm}`;
  if (diff === 1) return lang === 'zh' ? `明天 ${hm}` : `tomorrow ${hm}`;
  if (diff === -1) return lang === 'zh' ? `昨天 ${hm}` : `yesterday ${hm}`;
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return d.getFullYear() === n.getFullYear() ? `${md} ${hm}` : `${d.getFullYear()}-${md} ${hm}`;
}

/** "还剩 2 小时" / "已逾期 3 小时" / "" when done. */
export function dueRemaining(t: Pick<TaskInstance, 'status' | 'dueAt'>, now: number, lang: Lang = 'zh'): string {
  if (t.status === 'done' || t.status === 'cancelled') return '';
  const ms = Date.parse(t.dueAt) - now;
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return lang === 'zh' ? `已逾期 ${spanText(-ms, lang)}` : `overdue by ${spanText(-ms, lang)}`;
  return lang === 'zh' ? `还剩 ${spanText(ms, lang)}` : `${spanText(ms, lang)} left`;
}

/** Progress "2 / 5 户" and the percentage for a bar (0..100, capped). */
export function progressText(t: Pick<TaskInstance, 'progress' | 'target'> & { template: { unit: string } }): string {
  return `${t.progress} / ${t.target}${t.template.unit ? ` ${t.template.unit}` : ''}`;
}
export function progressPercent(t: Pick<TaskInstance, 'progress' | 'target'>): number {
  if (!(t.target > 0)) return 0;
  return Math.max(0, Math.min(100, Math.round((100 * t.progress) / t.target)));
}

/** The evidence a template asks for, as keys of the dictionary's 'task.need.*' labels, with counts. */
export function evidenceNeeds(e: Evidence): { key: 'photos' | 'form' | 'location' | 'note'; n?: number }[] {
  const out: { key: 'photos' | 'form' | 'location' | 'note'; n?: number }[] = [];
  if (e.photos && e.photos > 0) out.push({ key: 'photos', n: e.photos });
  if (e.form && e.form.length) out.push({ key: 'form', n: e.form.length });
  if (e.location) out.push({ key: 'location', n: e.location.radiusMeters });
  if (e.noteMinLength && e.noteMinLength > 0) out.push({ key: 'note', n: e.noteMinLength });
  return out;
}

export type FormValue = string | number | boolean | null;

export interface EvidenceDraft {
  photos: { dataUrl: string; takenAt?: string }[];
  form: Record<string, FormValue | undefined>;
  location: { lon: number; lat: number; accuracyMeters?: number } | null;
  note: string;
  amount?: number | null;
}

/** The body of POST /api/tasks/:id/complete from what the officer entered; empty parts are left out. */
export function completeBody(version: number, e: Evidence, d: EvidenceDraft) {
  const body: {
    version: number;
    amount?: number;
    photos?: { dataUrl: string; takenAt?: string }[];
    form?: Record<string, FormValue>;
    location?: { lon: number; lat: number; accuracyMeters?: number };
    note?: string;
  } = { version };
  if (d.amount && d.amount > 0) body.amount = Math.round(d.amount);
  if (d.photos.length) body.photos = d.photos.map((p) => (p.takenAt ? { dataUrl: p.dataUrl, takenAt: p.takenAt } : { dataUrl: p.dataUrl }));
  if (e.form && e.form.length) {
    const form: Record<string, FormValue> = {};
    for (const f of e.form) {
      const v = d.form[f.name];
      if (v === undefined || v === '' || v === null) continue;
      form[f.name] = f.type === 'number' && typeof v === 'string' ? Number(v) : v;
    }
    if (Object.keys(form).length) body.form = form;
  }
  if (d.location) body.location = d.location;
  if (d.note.trim()) body.note = d.note.trim();
  return body;
}

/** What is still missing before sending (checked again by the server): keys of 'task.missing.*'. */
export function missingEvidence(e: Evidence, d: EvidenceDraft): { field: string; key: 'photos' | 'form' | 'location' | 'note'; n?: number; label?: string }[] {
  const out: { field: string; key: 'photos' | 'form' | 'location' | 'note'; n?: number; label?: string }[] = [];
  if (e.photos && d.photos.length < e.photos) out.push({ field: 'photos', key: 'photos', n: e.photos });
  for (const f of e.form ?? []) {
    const v = d.form[f.name];
    if (f.required && f.type !== 'boolean' && (v === undefined || v === null || v === '')) out.push({ field: `form.${f.name}`, key: 'form', label: f.label });
    if (f.required && f.type === 'boolean' && typeof v !== 'boolean') out.push({ field: `form.${f.name}`, key: 'form', label: f.label });
  }
  if (e.location && !d.location) out.push({ field: 'location', key: 'location' });
  if (e.noteMinLength && d.note.trim().length < e.noteMinLength) out.push({ field: 'note', key: 'note', n: e.noteMinLength });
  return out;
}

/**
 * Field errors of a 422 EVIDENCE_INVALID (details [{ field: '/photos/0/takenAt' | '/form/name' | '/location' | '/note',
 * code, message }]) keyed by the form's field: 'photos', 'form.<name>', 'location', 'note', 'amount'; anything else
 * under '' (shown above the form).
 */
export interface EvidenceProblem {
  code: string;
  message: string;
}
export function evidenceErrors(details: unknown): Record<string, EvidenceProblem[]> {
  const out: Record<string, EvidenceProblem[]> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details) {
    if (!d || typeof d !== 'object') continue;
    const raw = (d as { field?: unknown }).field;
    const msg = (d as { message?: unknown }).message;
    const c = (d as { code?: unknown }).code;
    const text = { code: typeof c === 'string' ? c : '', message: typeof msg === 'string' ? msg : '' };
    const parts = typeof raw === 'string' ? raw.replace(/^#/, '').split('/').filter(Boolean) : [];
    if (parts[0] === 'body') parts.shift();
    let key = '';
    if (parts[0] === 'photos') key = 'photos';
    else if (parts[0] === 'form') key = parts[1] ? `form.${parts[1]}` : 'form';
    else if (parts[0] === 'location' || parts[0] === 'note' || parts[0] === 'amount') key = parts[0];
    (out[key] ??= []).push(text);
  }
  return out;
}

// ---------------------------------------------------------------- indicators

/** A number for people: at most one decimal (none when whole), thousands separated. */
export function formatNumber(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** An indicator's value with its unit, or null when not available (shown as 暂无数据, never 0). */
export function indicatorValueText(v: Pick<IndicatorValue, 'value' | 'available' | 'unit'>): string | null {
  if (!v.available || v.value === null || !Number.isFinite(v.value)) return null;
  const n = formatNumber(v.value);
  return v.unit === '%' ? `${n}%` : `${n} ${v.unit}`.trim();
}

/** The target in words: "≥ 95%" for higher-is-better, "≤ -5%" for lower-is-better. */
export function targetText(v: Pick<IndicatorValue, 'target' | 'better' | 'unit'>): string {
  const n = formatNumber(v.target);
  return `${v.better === 'higher' ? '≥' : '≤'} ${n}${v.unit === '%' ? '%' : v.unit ? ` ${v.unit}` : ''}`;
}

export type IndicatorState = 'met' | 'near' | 'below' | 'na';

/** Against the target: met, near (score ≥ 60), below; na when not available. */
export function indicatorState(v: Pick<IndicatorValue, 'value' | 'available' | 'target' | 'better' | 'score'>): IndicatorState {
  if (!v.available || v.value === null) return 'na';
  const met = v.better === 'higher' ? v.value >= v.target : v.value <= v.target;
  if (met) return 'met';
  if (v.score !== null && v.score >= 60) return 'near';
  return 'below';
}

export const INDICATOR_STATE_HEX: Readonly<Record<IndicatorState, string>> = { met: '#52c41a', near: '#faad14', below: '#ff4d4f', na: '#8c8c8c' };

/** Available indicators first (worst score first, so what needs attention is on top), not available last. */
export function sortIndicators<T extends Pick<IndicatorValue, 'available' | 'score' | 'code'>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => {
    if (a.available !== b.available) return a.available ? -1 : 1;
    const sa = a.score ?? 101;
    const sb = b.score ?? 101;
    return sa - sb || a.code.localeCompare(b.code);
  });
}

/** Gauge colour of a score 0..100. */
export function scoreHex(score: number | null): string {
  if (score === null) return INDICATOR_STATE_HEX.na;
  if (score >= 90) return INDICATOR_STATE_HEX.met;
  if (score >= 60) return INDICATOR_STATE_HEX.near;
  return INDICATOR_STATE_HEX.below;
}

// ---------------------------------------------------------------- counts, rankings, roles

/** Share done of what is due, 0..100, or null when nothing is due (not 0). */
export function completionRate(c: { due: number; done: number }): number | null {
  if (!(c.due > 0)) return null;
  return Math.round((1000 * c.done) / c.due) / 10;
}

/** Stations (or officers) ranked by today's completion; those with nothing due last; ties by name. */
export function rankByCompletion<T extends { name: string; tasks: { due: number; done: number; overdue: number } }>(list: readonly T[]): (T & { rate: number | null })[] {
  return list
    .map((x) => ({ ...x, rate: completionRate(x.tasks) }))
    .sort((a, b) => {
      if ((a.rate === null) !== (b.rate === null)) return a.rate === null ? 1 : -1;
      return (b.rate ?? 0) - (a.rate ?? 0) || a.tasks.overdue - b.tasks.overdue || a.name.localeCompare(b.name, 'zh');
    });
}

/** Who may supervise, approve extensions, issue tasks and read the assessment (server: tasks.supervise, assessment.read). */
export function isLeader(role: UserRole | null | undefined): boolean {
  return role === 'admin' || role === 'district_lead' || role === 'station_lead';
}

/** Who may open the district big screen (server: not officers). */
export function canSeeBigScreen(role: UserRole | null | undefined): boolean {
  return !!role && role !== 'officer';
}

/** The level a leader issues at (AssignmentBody.level). */
export function issueLevel(role: UserRole | null | undefined): 'bureau' | 'district' | 'station' | null {
  if (role === 'admin') return 'bureau';
  if (role === 'district_lead') return 'district';
  if (role === 'station_lead') return 'station';
  return null;
}

/** One line on the renormalisation of an assessment's weights when some indicators are not available. */
export function renormalisation(items: readonly { weight: number; available: boolean }[]): { excludedWeight: number; totalWeight: number; factor: number | null } {
  const totalWeight = items.reduce((s, i) => s + i.weight, 0);
  const availableWeight = items.filter((i) => i.available).reduce((s, i) => s + i.weight, 0);
  return { excludedWeight: totalWeight - availableWeight, totalWeight, factor: availableWeight > 0 ? totalWeight / availableWeight : null };
}

/** Local YYYY-MM of a time (the assessment period). */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

/** The month before a YYYY-MM. */
export function previousMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/** A default extension: the due time plus a day, at least an hour from now, as a local "YYYY-MM-DDTHH:mm" for an input. */
export function defaultExtensionUntil(dueAt: string, now: number): string {
  const base = Math.max(Date.parse(dueAt) || now, now);
  const d = new Date(base + 86_400_000);
  d.setMinutes(0, 0, 0);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// ---------------------------------------------------------------- task detail (佐证, 督办 history)

type FormSpec = NonNullable<Evidence['form']>[number];

/** A form answer for people: booleans as 是/否 (Yes/No), numbers without noise, lists joined, nothing as "—". */
export function formatFormValue(v: unknown, lang: Lang = 'zh', type?: FormSpec['type']): string {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return '—';
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'Yes' : 'No';
  if (type === 'boolean' && (v === 'true' || v === 'false')) return formatFormValue(v === 'true', lang);
  if (typeof v === 'number') return formatNumber(v, 2);
  if (Array.isArray(v)) return v.length ? v.map((x) => formatFormValue(x, lang)).join(lang === 'zh' ? '、' : ', ') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * The answers of one report as rows: the template's fields first in its order (with their labels; fields left blank
 * shown as "—", so what was not answered is seen), then any answer the template no longer defines, under its own name.
 */
export function evidenceFormRows(form: Record<string, unknown> | null | undefined, spec: Evidence['form'], lang: Lang = 'zh'): { name: string; label: string; value: string }[] {
  const answers = form ?? {};
  const out: { name: string; label: string; value: string }[] = [];
  const known = new Set<string>();
  for (const f of spec ?? []) {
    known.add(f.name);
    out.push({ name: f.name, label: f.label, value: formatFormValue(answers[f.name], lang, f.type) });
  }
  for (const [k, v] of Object.entries(answers)) if (!known.has(k)) out.push({ name: k, label: k, value: formatFormValue(v, lang) });
  return out;
}

/**
 * Where a report was made against the task's place: the requirement's own place, else the task's; distance in
 * metres (rounded) and whether it lies within the radius asked for. Null without a position or a place.
 */
export function evidenceDistance(
  at: { lon: number | null; lat: number | null },
  e: Evidence,
  place: { lon: number; lat: number } | null | undefined,
): { meters: number; radius: number | null; within: boolean | null } | null {
  const p = e.location?.place ?? place ?? null;
  if (at.lon === null || at.lat === null || !p || !Number.isFinite(at.lon) || !Number.isFinite(at.lat)) return null;
  const meters = Math.round(haversineMeters(at.lon, at.lat, p.lon, p.lat));
  const radius = e.location?.radiusMeters ?? null;
  return { meters, radius, within: radius === null ? null : meters <= radius };
}

/** "85 米" / "1.2 公里" (zh), "85 m" / "1.2 km" (en). */
export function metersText(m: number, lang: Lang = 'zh'): string {
  if (!Number.isFinite(m)) return '—';
  if (m < 1000) return lang === 'zh' ? `${Math.round(m)} 米` : `${Math.round(m)} m`;
  const km = m < 10_000 ? (m / 1000).toFixed(1) : String(Math.round(m / 1000));
  return lang === 'zh' ? `${km} 公里` : `${km} km`;
}

/** "119.601234, 30.301234" (lon, lat; six decimals, about 0.1 m). */
export function lonLatText(lon: number, lat: number): string {
  return `${lon.toFixed(6)}, ${lat.toFixed(6)}`;
}

export type TaskStep = 'due_soon' | 'overdue' | 'reminder' | 'yellow' | 'red';
/** Dictionary key of a step of the supervision ladder: 即将到期 / 已逾期 / 催办 / 黄牌 / 红牌. */
export function stepKey(step: TaskStep): `task.step.${TaskStep}` {
  return `task.step.${step}`;
}
/** Timeline colours per step. */
export const STEP_COLOR: Readonly<Record<TaskStep, string>> = { due_soon: 'blue', overdue: 'red', reminder: 'orange', yellow: '#d4a106', red: '#cf1322' };

/** The supervision history in the order it happened (then the ladder's order). */
export function sortEscalations<T extends { step: TaskStep; at: string }>(list: readonly T[]): T[] {
  const order: Record<TaskStep, number> = { due_soon: 0, overdue: 1, reminder: 2, yellow: 3, red: 4 };
  return [...list].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || order[a.step] - order[b.step]);
}

/** How late a task was done (ms after its due time), or null when on time or not done. */
export function lateByMs(t: Pick<TaskInstance, 'doneAt' | 'dueAt' | 'late'>): number | null {
  if (!t.doneAt || !t.late) return null;
  const ms = Date.parse(t.doneAt) - Date.parse(t.dueAt);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** The due time was moved (an approved extension). */
export function dueMoved(t: Pick<TaskInstance, 'dueAt' | 'originalDueAt'>): boolean {
  return Date.parse(t.dueAt) !== Date.parse(t.originalDueAt);
}

/** Counts of a checklist's items as the officer's day: done, open (not yet due), overdue, cards carried. */
export function checklistCounts(items: readonly Pick<TaskInstance, 'status' | 'dueAt' | 'supervision' | 'late'>[], now: number) {
  const c = { total: 0, done: 0, late: 0, open: 0, overdue: 0, yellow: 0, red: 0 };
  for (const x of items) {
    if (x.status === 'cancelled') continue;
    c.total++;
    const v = taskView(x, now);
    if (v === 'done') {
      c.done++;
      if (x.late) c.late++;
    } else if (v === 'overdue') c.overdue++;
    else c.open++;
    if (x.supervision === 'yellow') c.yellow++;
    if (x.supervision === 'red') c.red++;
  }
  return c;
}

/** A local YYYY-MM-DD from the URL, or null when absent or not a real date. */
export function parseLocalDate(s: string | null | undefined): string | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const dt = new Date(y, m - 1, d);
  return dt.getFullYear() === y && dt.getMonth() === m - 1 && dt.getDate() === d ? s : null;
}

/** The local YYYY-MM-DD of a time, and one shifted by days. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localDay(new Date(y, m - 1, d + days).getTime());
}
