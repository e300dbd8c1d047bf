// Pure helpers of the anti-fraud page (/fraud): deadline countdown, money, task order, intake summary, CSV header check,
// statistics totals. No DOM, no React: tested by helpers.test.ts.
import type { FraudIntakeResult, FraudRejectReason, FraudStats, FraudWarning, UserRole } from '@jingwang/contracts';

/** Who may receive warnings from the anti-fraud centre (server policy fraud.intake). */
export function canImportFraud(role: UserRole | null | undefined): boolean {
  return role === 'admin' || role === 'district_lead' || role === 'dispatcher';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A duration as H:MM:SS (hours may pass 24) or MM:SS under an hour. Negative durations are taken as their size. */
export function formatDuration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
}

export type CountdownState = 'none' | 'ok' | 'soon' | 'overdue';
export interface Countdown {
  state: CountdownState;
  /** deadline - now (negative when overdue) */
  ms: number;
  /** time left, or time past the deadline when overdue */
  text: string;
}

/** The countdown of a dissuasion task. Only open tasks (accepted) count down; `soon` in the last `soonMinutes`. */
export function countdown(w: Pick<FraudWarning, 'status' | 'deadlineAt'>, now: number, soonMinutes = 30): Countdown {
  if (w.status !== 'accepted' || !w.deadlineAt) return { state: 'none', ms: 0, text: '' };
  const ms = Date.parse(w.deadlineAt) - now;
  if (!Number.isFinite(ms)) return { state: 'none', ms: 0, text: '' };
  const state: CountdownState = ms < 0 ? 'overdue' : ms <= soonMinutes * 60_000 ? 'soon' : 'ok';
  return { state, ms, text: formatDuration(ms) };
}

/** Money in yuan: ¥12,345 (cents only when there are any). null -> —. */
export function formatMoney(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const s = Math.abs(v).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  return `${v < 0 ? '-' : ''}¥${s}`;
}

export type FollowupState = 'none' | 'scheduled' | 'due' | 'done';
/** The visit after the outcome: none (no visit planned), scheduled (later), due (the day has come), done. */
export function followupState(w: Pick<FraudWarning, 'status' | 'followupDueAt' | 'followupAt'>, now: number): FollowupState {
  if (w.status === 'followed_up' || w.followupAt) return 'done';
  if (w.status !== 'closed' || !w.followupDueAt) return 'none';
  return Date.parse(w.followupDueAt) <= now ? 'due' : 'scheduled';
}

/** Whether the follow-up form applies (the server takes a follow-up on any handled warning with a visit planned). */
export function canFollowUp(w: Pick<FraudWarning, 'status' | 'followupDueAt'>): boolean {
  return w.status === 'closed' && w.followupDueAt !== null;
}

/** Task order: open tasks by deadline (overdue first), then visits by due date, then the rest newest first. */
export function sortWarnings<T extends Pick<FraudWarning, 'id' | 'status' | 'deadlineAt' | 'followupDueAt' | 'receivedAt'>>(list: readonly T[]): T[] {
  const rank = (w: T) => (w.status === 'accepted' ? 0 : w.status === 'closed' && w.followupDueAt ? 1 : 2);
  const key = (w: T) => {
    const r = rank(w);
    if (r === 0) return w.deadlineAt ? Date.parse(w.deadlineAt) : Infinity;
    if (r === 1) return Date.parse(w.followupDueAt!);
    return -Date.parse(w.receivedAt);
  };
  return [...list].sort((a, b) => rank(a) - rank(b) || key(a) - key(b) || b.id - a.id);
}

export interface IntakeSummary {
  total: number;
  accepted: number;
  rejected: number;
  /** rejections per reason, most frequent first */
  byReason: { reason: FraudRejectReason; n: number }[];
}

/** Summary of an intake answer (JSON or CSV): counts and the reasons of the rejections. */
export function summarizeIntake(r: Pick<FraudIntakeResult, 'results'>): IntakeSummary {
  const counts = new Map<FraudRejectReason, number>();
  let accepted = 0;
  for (const x of r.results) {
    if (x.status === 'accepted') accepted++;
    else if (x.reason) counts.set(x.reason, (counts.get(x.reason) ?? 0) + 1);
  }
  const byReason = [...counts].map(([reason, n]) => ({ reason, n })).sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason));
  return { total: r.results.length, accepted, rejected: r.results.length - accepted, byReason };
}

export const CSV_COLUMNS = ['externalId', 'fraudType', 'personName', 'phone', 'address', 'lon', 'lat', 'amountAtRisk', 'warnedAt'] as const;
export const CSV_REQUIRED = ['externalId', 'fraudType', 'address', 'warnedAt'] as const;

/** Before sending: the data rows of a CSV text and the required columns its header lacks (BOM, quotes, spaces ignored). */
/** The Chinese headers the server also takes for the required columns (as the anti-fraud centre exports them). */
export const CSV_ALIASES: Record<(typeof CSV_REQUIRED)[number], readonly string[]> = {
  externalId: ['外部编号', '预警编号', '编号'],
  fraudType: ['诈骗类型', '预警类型', '类型'],
  address: ['地址', '住址', '现住址'],
  warnedAt: ['预警时间', '时间'],
};

export function checkCsv(text: string): { rows: number; missing: string[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim().length > 0);
  const head = (lines[0] ?? '').split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase());
  const has = (c: (typeof CSV_REQUIRED)[number]) => [c, ...CSV_ALIASES[c]].some((n) => head.includes(n.toLowerCase()));
  return { rows: Math.max(0, lines.length - 1), missing: CSV_REQUIRED.filter((c) => !has(c)) };
}

/** The text of a CSV file's bytes: UTF-8 when valid (BOM dropped), else GBK (GB18030), as the server reads it. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A CSV template with the header and one example row. */
export function csvTemplate(now: number): string {
  const at = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${CSV_COLUMNS.join(',')}\nFZ-0001,冒充客服,张三,13800138000,某某小区3幢2单元,120.23,32.62,50000,${at}\n`;
}

type StatsRow = FraudStats['rows'][number];
export type StatsTotals = Omit<StatsRow, 'areaId' | 'areaName' | 'medianMinutesToOutcome'> & { handled: number };

/** Outcomes recorded in a row: every warning neither rejected nor still open. */
export function handledOf(r: Pick<StatsRow, 'warnings' | 'rejected' | 'open'>): number {
  return Math.max(0, r.warnings - r.rejected - r.open);
}

/** Share of the outcomes recorded before the deadline (null when none). */
export function onTimeRate(r: Pick<StatsRow, 'warnings' | 'rejected' | 'open' | 'onTime'>): number | null {
  const h = handledOf(r);
  return h === 0 ? null : r.onTime / h;
}

/** Sums of the statistics rows (medians do not add up and are left out). */
export function statsTotals(rows: readonly StatsRow[]): StatsTotals {
  const t: StatsTotals = { warnings: 0, rejected: 0, open: 0, overdue: 0, dissuaded: 0, moneyLost: 0, unreachable: 0, lossAmount: 0, lossAvoided: 0, followedUp: 0, onTime: 0, handled: 0 };
  for (const r of rows) {
    t.warnings += r.warnings;
    t.rejected += r.rejected;
    t.open += r.open;
    t.overdue += r.overdue;
    t.dissuaded += r.dissuaded;
    t.moneyLost += r.moneyLost;
    t.unreachable += r.unreachable;
    t.lossAmount += r.lossAmount;
    t.lossAvoided += r.lossAvoided;
    t.followedUp += r.followedUp;
    t.onTime += r.onTime;
    t.handled += handledOf(r);
  }
  return t;
}
