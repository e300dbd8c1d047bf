// Pure helpers of the cases screens (tested in helpers.test.ts).
import type { CaseT, ResidentLookupQuery } from '@jingwang/contracts';

/** Time left to a deadline in words: "剩 2天3小时" / "超期 5小时" (zh) or "2d 3h left" / "5h overdue" (en). */
export function countdown(dueAt: string, now: number, lang: 'zh' | 'en'): { text: string; overdue: boolean } {
  const d = Date.parse(dueAt) - now;
  const overdue = d <= 0;
  const m = Math.floor(Math.abs(d) / 60_000);
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  const zh = days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时${mins}分` : `${mins}分钟`;
  const en = days > 0 ? `${days}d ${hours}h` : hours > 0 ? `${hours}h ${mins}m` : `${mins}m`;
  if (lang === 'zh') return { text: overdue ? `超期 ${zh}` : `剩 ${zh}`, overdue };
  return { text: overdue ? `${en} overdue` : `${en} left`, overdue };
}

/** Cases in hand first, the nearest deadline first; ended ones last, newest first. */
export function sortCases(list: readonly CaseT[]): CaseT[] {
  const due = (c: CaseT) => (c.deadline ? Date.parse(c.deadline.dueAt) : Number.POSITIVE_INFINITY);
  return [...list].sort((a, b) => Number(b.open) - Number(a.open) || (a.open ? due(a) - due(b) : 0) || Date.parse(b.openedAt) - Date.parse(a.openedAt) || b.id - a.id);
}

/** The counts a screen shows, recomputed from the list (the same rules as the server's /api/cases/screen). */
export function screenCounts(list: readonly CaseT[]): { open: number; overdue: number; dueSoon: number } {
  const open = list.filter((c) => c.open);
  return { open: open.length, overdue: open.filter((c) => c.reasons.includes('overdue')).length, dueSoon: open.filter((c) => c.reasons.includes('due_soon')).length };
}

/** Ladder colour: due soon blue, reminder orange, yellow gold, red red. */
export const LADDER_COLOR: Record<CaseT['ladder'], string | undefined> = { none: undefined, due_soon: 'blue', reminder: 'orange', yellow: 'gold', red: 'red' };

/**
 * The registry's exact lookup from what was typed: an ID number (15 or 18 characters, digits and a final X), a phone
 * (digits, 5 to 20 with + - and spaces), else a name; null when nothing was typed.
 */
export function lookupQuery(text: string): ResidentLookupQuery | null {
  const v = text.trim();
  if (!v) return null;
  const compact = v.replace(/\s+/g, '');
  if (/^(\d{15}|\d{17}[\dXx])$/.test(compact)) return { idNumber: compact.toUpperCase() };
  if (/^[\d+\- ]{5,20}$/.test(v) && /\d{5}/.test(compact.replace(/\D/g, ''))) return { phone: compact };
  return { name: v.slice(0, 64) };
}
