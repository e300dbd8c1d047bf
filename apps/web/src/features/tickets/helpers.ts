// Pure helpers of the tickets screens (tested in helpers.test.ts).
import type { Ticket, TicketUserAction } from '@jingwang/contracts';

/** The steps that need a note (the server refuses them without: TICKET_NOTE_REQUIRED). */
export const NOTE_ACTIONS: readonly string[] = ['resolve', 'return', 'reject'];
/** Steps that take photos (feedback from the place). */
export const PHOTO_ACTIONS: readonly string[] = ['progress', 'resolve', 'reject', 'verify'];
/** Button order: the forward step first, the backward ones last. */
const ORDER: readonly string[] = ['receive', 'start', 'progress', 'resolve', 'verify', 'close', 'reject', 'return', 'route'];

export function orderedActions(allowed: readonly string[]): string[] {
  return [...allowed].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
}

export function isUserAction(a: string): a is TicketUserAction {
  return ['receive', 'start', 'progress', 'resolve', 'verify', 'reject', 'close', 'return'].includes(a);
}

/** Work first: overdue, then the nearest due time; closed last (newest first). */
export function sortTickets(ts: readonly Ticket[]): Ticket[] {
  const rank = (t: Ticket) => (t.status === 'closed' ? 3 : t.overdue ? 0 : t.status === 'resolved' || t.status === 'verified' ? 2 : 1);
  return [...ts].sort((a, b) => rank(a) - rank(b) || (a.dueAt && b.dueAt ? Date.parse(a.dueAt) - Date.parse(b.dueAt) : 0) || b.id - a.id);
}

/** The time left to the due time (or past it) as a short text in minutes, hours or days. */
export function dueText(dueAt: string | null, now: number, lang: 'zh' | 'en'): { text: string; overdue: boolean } | null {
  if (!dueAt) return null;
  const ms = Date.parse(dueAt) - now;
  const m = Math.abs(ms) / 60_000;
  const zh = lang === 'zh';
  const text = m < 60 ? `${Math.floor(m)}${zh ? ' 分钟' : ' min'}` : m < 48 * 60 ? `${Math.floor(m / 60)}${zh ? ' 小时' : ' h'}` : `${Math.floor(m / 1440)}${zh ? ' 天' : ' d'}`;
  return { text, overdue: ms < 0 };
}

/** The on-time rate as a percentage text; null (no resolved ticket) is "no data", never 0 %. */
export function rateText(rate: number | null): string | null {
  return rate === null ? null : `${Math.round(rate * 1000) / 10}%`;
}

/** The counts of the rows of a stats table, summed (the total line), with the on-time rate recomputed. */
export function totalOf(rows: readonly { tickets: number; open: number; overdue: number; resolved: number; onTime: number; returns: number; recurrences: number; jointPatrol: number }[]) {
  const t = { tickets: 0, open: 0, overdue: 0, resolved: 0, onTime: 0, returns: 0, recurrences: 0, jointPatrol: 0 };
  for (const r of rows) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r[k];
  return { ...t, onTimeRate: t.resolved ? t.onTime / t.resolved : null };
}
