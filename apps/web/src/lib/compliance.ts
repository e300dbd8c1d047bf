// Response-compliance report helpers (pure): totals over areas, per-day series over a whole period (days without
// incidents included), and the colour of a compliance rate.
import type { ComplianceRow } from '@jingwang/contracts';

const DAY_MS = 86400_000;
/** The server groups days in Asia/Shanghai (UTC+8, no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Every Shanghai day touched by [from, to), in order. */
export function periodDays(fromIso: string, toIso: string): string[] {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return [];
  const out: string[] = [];
  const last = shanghaiDay(to - 1);
  // walk noon to noon (Shanghai) so the day never skips
  let d = Date.parse(`${shanghaiDay(from)}T12:00:00+08:00`);
  for (let i = 0; i < 1000; i++, d += DAY_MS) {
    const day = shanghaiDay(d);
    out.push(day);
    if (day >= last) break;
  }
  return out;
}

export interface Totals {
  incidents: number;
  dispatched: number;
  arrived: number;
  met: number;
  within1: number;
  within3: number;
  within5: number;
  /** met / arrived; null without arrivals */
  complianceRate: number | null;
}

/** Sums of the counts (medians cannot be summed: the caller shows them per row only). */
export function totalsOf(rows: readonly ComplianceRow[]): Totals {
  const t = { incidents: 0, dispatched: 0, arrived: 0, met: 0, within1: 0, within3: 0, within5: 0 };
  for (const r of rows) {
    t.incidents += r.incidents;
    t.dispatched += r.dispatched;
    t.arrived += r.arrived;
    t.met += r.met;
    t.within1 += r.within1;
    t.within3 += r.within3;
    t.within5 += r.within5;
  }
  return { ...t, complianceRate: t.arrived > 0 ? t.met / t.arrived : null };
}

export interface DailySeries {
  days: string[];
  /** All areas together: met / arrived per day; null on a day without arrivals. */
  overall: (number | null)[];
  incidents: number[];
  /** One line per area, in the order the areas first appear. */
  byArea: { areaId: number | null; name: string; rates: (number | null)[]; incidents: number[] }[];
}

/** Per-day compliance from rows split by day (by=day), over every day of the period. */
export function dailySeries(rows: readonly ComplianceRow[], fromIso: string, toIso: string, unnamed = '—'): DailySeries {
  const days = periodDays(fromIso, toIso);
  for (const r of rows) if (r.day && !days.includes(r.day)) days.push(r.day);
  days.sort();
  const idx = new Map(days.map((d, i) => [d, i]));
  const met = days.map(() => 0);
  const arrived = days.map(() => 0);
  const incidents = days.map(() => 0);
  const areas = new Map<string, { areaId: number | null; name: string; met: number[]; arrived: number[]; incidents: number[] }>();
  for (const r of rows) {
    if (!r.day) continue;
    const i = idx.get(r.day)!;
    met[i]! += r.met;
    arrived[i]! += r.arrived;
    incidents[i]! += r.incidents;
    const key = String(r.areaId);
    let a = areas.get(key);
    if (!a) {
      a = { areaId: r.areaId, name: r.areaName ?? unnamed, met: days.map(() => 0), arrived: days.map(() => 0), incidents: days.map(() => 0) };
      areas.set(key, a);
    }
    a.met[i]! += r.met;
    a.arrived[i]! += r.arrived;
    a.incidents[i]! += r.incidents;
  }
  const rate = (m: number, n: number) => (n > 0 ? m / n : null);
  return {
    days,
    overall: days.map((_, i) => rate(met[i]!, arrived[i]!)),
    incidents,
    byArea: [...areas.values()].map((a) => ({ areaId: a.areaId, name: a.name, rates: a.met.map((m, i) => rate(m, a.arrived[i]!)), incidents: a.incidents })),
  };
}

/** Green at 90 % and above, amber from 75 %, red below; grey without data. */
export function rateColor(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '#bfbfbf';
  if (rate >= 0.9) return '#52c41a';
  if (rate >= 0.75) return '#faad14';
  return '#ff4d4f';
}

/** The default period: the last `days` days up to now (the minute is enough: the report is not to the second). */
export function lastDays(days: number, nowMs: number): { from: string; to: string } {
  const to = Math.ceil(nowMs / 60000) * 60000;
  return { from: new Date(to - days * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

/** RFC 4180 CSV (CRLF, quotes doubled), with a BOM so spreadsheet programs read the Chinese right. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\ufeff${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
