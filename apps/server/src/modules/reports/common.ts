// What the report builders (daily.ts, weekly.ts, monthly.ts) and the service share: the local calendar as
// YYYY-MM-DD strings, periods, names, the shape of a section, and the incident counts of one area.
import { compareCounts, comparisonText, type Comparison } from '@jingwang/core';
import { INCIDENT_CATEGORY_LABELS, type ReportKind, type ReportSection } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import * as repo from './repo';

const DAY = 86_400_000;
/** The same weekday of this many earlier weeks is the daily reminder's baseline. */
export const BASELINE_WEEKS = 8;
export const KIND_AREA: Record<ReportKind, 'station' | 'district'> = { daily: 'station', weekly: 'station', monthly: 'district' };
export const KIND_NAME: Record<ReportKind, string> = { daily: '日提醒', weekly: '周研判', monthly: '月分析' };
export const AUDIENCE: Record<ReportKind, string> = {
  daily: '本所网格级巡逻力量（网格、社区巡逻组成员）和社区民警',
  weekly: '本所所领导和社区民警',
  monthly: '片区领导',
};

export const catName = (c: string) => (INCIDENT_CATEGORY_LABELS as Record<string, { zh: string }>)[c]?.zh ?? c;

// ---------------------------------------------------------------- dates (local calendar, as YYYY-MM-DD strings)
export const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const dateMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
export const addDays = (d: string, n: number) => toDate(dateMs(d) + n * DAY);
/** Monday of the week holding d. */
export function weekStart(d: string): string {
  const wd = (new Date(dateMs(d)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(d, -wd);
}
export function monthStart(d: string): string {
  return `${d.slice(0, 7)}-01`;
}
export function addMonths(d: string, n: number): string {
  const [y, m] = d.split('-').map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  return toDate(t.getTime());
}

/** The period of a report holding `date`, or the last complete one before `today`. */
export function periodOf(kind: ReportKind, date: string | undefined, today: string): { start: string; end: string } {
  if (kind === 'daily') {
    const d = date ?? addDays(today, -1);
    return { start: d, end: d };
  }
  if (kind === 'weekly') {
    const s = date ? weekStart(date) : addDays(weekStart(today), -7);
    return { start: s, end: addDays(s, 6) };
  }
  const s = date ? monthStart(date) : addMonths(monthStart(today), -1);
  return { start: s, end: addDays(addMonths(s, 1), -1) };
}

// ---------------------------------------------------------------- presentation
export function areaName(ctx: Ctx, id: number | null): string {
  if (id === null) return '（未落格）';
  return ctx.areas.tree().get(id)?.name ?? `#${id}`;
}

export const pct = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v}%`);
export const round1 = (v: number) => Math.round(v * 10) / 10;
export const section = (s: Partial<ReportSection> & { id: string; title: string }): ReportSection => ({ text: [], table: null, chart: null, note: null, ...s });

// ---------------------------------------------------------------- comparisons, like with like

/**
 * Comparisons of a report: `complete(d)` says whether the data covers every day from local day `d` on (the data
 * begins on the local day of the earliest incident); `cmp(cur, base, baseStart)` compares a count with its base
 * period, unavailable when that period is not fully in the data or its count is too small (core compareCounts).
 */
export async function comparer(ctx: Ctx) {
  const first = await repo.earliestIncident(ctx.db);
  const begin = first === null ? null : toDate(first + ctx.config.utcOffsetMinutes * 60_000);
  const complete = (d: string) => begin !== null && begin <= d;
  const cmp = (cur: number, base: number, baseStart: string): Comparison => compareCounts(cur, base, { baseComplete: complete(baseStart) });
  return { begin, complete, cmp, text: (cur: number, base: number, baseStart: string) => comparisonText(cmp(cur, base, baseStart)) };
}

/** A note under a table when some of its comparisons are unavailable or within chance. */
export function comparisonNote(cs: readonly Comparison[], begin: string | null): string | null {
  const notes: string[] = [];
  if (cs.some((c) => c.status === 'incomplete')) notes.push(`不可比：基期不完全在数据内（数据自 ${begin ?? '—'} 起），不计算变化率。`);
  if (cs.some((c) => c.status === 'small')) notes.push('不可比：基期不足 5 起，变化率没有意义。');
  if (cs.some((c) => c.withinChance)) notes.push('“变化在随机波动内”：与基期之差不到 2 个泊松标准差，可能只是随机波动。');
  return notes.length ? notes.join('') : null;
}

// ---------------------------------------------------------------- counts of one area over local days [from, toExcl)
export function counts(ctx: Ctx, areaId: number) {
  const span = (from: string, toExcl: string): repo.Span => ({ areaId, from, toExcl, offsetMin: ctx.config.utcOffsetMinutes });
  return {
    byAreaDay: (col: 'police_grid_id' | 'station_id', from: string, toExcl: string) => repo.countByAreaDay(ctx.db, span(from, toExcl), col),
    byCategory: (from: string, toExcl: string) => repo.countByCategory(ctx.db, span(from, toExcl)),
    byDay: (from: string, toExcl: string) => repo.countByDay(ctx.db, span(from, toExcl)),
    byMonthCategory: (from: string, toExcl: string) => repo.countByMonthCategory(ctx.db, span(from, toExcl)),
    events: (from: string, toExcl: string) => repo.incidentPoints(ctx.db, span(from, toExcl)),
    response: (from: string, toExcl: string) => repo.responseByStation(ctx.db, span(from, toExcl)),
  };
}
