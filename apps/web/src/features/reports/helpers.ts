// Pure helpers of the analysis reports (/reports, 分析研判): which area kind a report is made for, who may make one,
// the period in words, table cells and rows, list order. No DOM, no React: tested by helpers.test.ts.
import type { AreaKind, ReportKind, ReportSection, ReportSummary, UserRole } from '@jingwang/contracts';

/** 日提醒 and 周研判 are made for a station (派出所), 月分析 for a district (片区) (server: 422 WRONG_AREA_KIND). */
export const REPORT_AREA_KIND: Readonly<Record<ReportKind, AreaKind>> = { daily: 'station', weekly: 'station', monthly: 'district' };

/** antd Tag colours of the kinds. */
export const REPORT_KIND_TAG: Readonly<Record<ReportKind, string>> = { daily: 'blue', weekly: 'purple', monthly: 'cyan' };

/** Who may generate (and push) a report on demand (server policy report.generate): every role but the officer. */
export function canGenerateReports(role: UserRole | null | undefined): boolean {
  return role === 'admin' || role === 'district_lead' || role === 'station_lead' || role === 'dispatcher';
}

/** Whether an area of this kind can have a report of this kind. */
export function areaFitsKind(kind: ReportKind, areaKind: AreaKind | null | undefined): boolean {
  return areaKind === REPORT_AREA_KIND[kind];
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * A report's period in words: one day "2026-03-01"; a whole calendar month "2026年3月" / "March 2026" style
 * "2026-03"; otherwise "2026-03-02 至 03-08" (the year and month left out of the end when the same).
 */
export function periodText(start: string, end: string, lang: 'zh' | 'en' = 'zh'): string {
  if (!start) return end || '—';
  if (!end || start === end) return start;
  const [ys, ms, ds] = start.split('-').map(Number) as [number, number, number];
  const [ye, me, de] = end.split('-').map(Number) as [number, number, number];
  if (ys === ye && ms === me && ds === 1 && de === lastDayOfMonth(ye, me)) return lang === 'zh' ? `${ys}年${ms}月` : `${ys}-${String(ms).padStart(2, '0')}`;
  const shortEnd = ys === ye ? end.slice(5) : end;
  return lang === 'zh' ? `${start} 至 ${shortEnd}` : `${start} – ${shortEnd}`;
}

/** A table cell: numbers with thousands separators (and at most two decimals), null as a dash. */
export function formatCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '—';
    return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
  return v;
}

/** A column title with its unit: "金额（元）" / "Amount (yuan)". */
export function columnTitle(title: string, unit: string | undefined, lang: 'zh' | 'en' = 'zh'): string {
  if (!unit) return title;
  return lang === 'zh' ? `${title}（${unit}）` : `${title} (${unit})`;
}

type Table = NonNullable<ReportSection['table']>;

/** Whether every non-empty value of a column is a number (right-aligned). */
export function numericColumn(table: Table, key: string): boolean {
  let any = false;
  for (const r of table.rows) {
    const v = r[key];
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'number') return false;
    any = true;
  }
  return any;
}

/** Rows with a stable React key (`__key`) that no column uses. */
export function tableRows(table: Table): (Record<string, string | number | null> & { __key: string })[] {
  return table.rows.map((r, i) => ({ ...r, __key: String(i) }));
}

/** Whether a section has anything to show besides its title. */
export function sectionIsEmpty(s: Pick<ReportSection, 'text' | 'table' | 'chart' | 'note'>): boolean {
  return !s.text.length && !(s.table && s.table.rows.length) && !(s.chart && s.chart.categories.length) && !s.note;
}

/** Newest first: by generation time, then id. */
export function sortReports<T extends Pick<ReportSummary, 'generatedAt' | 'id'>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => b.generatedAt.localeCompare(a.generatedAt) || b.id - a.id);
}

/** The report id of a route parameter ("12" -> 12), null when not a positive integer. */
export function parseReportId(v: string | null | undefined): number | null {
  if (!v || !/^\d{1,12}$/.test(v)) return null;
  const n = Number(v);
  return n > 0 ? n : null;
}
