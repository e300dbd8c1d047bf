// The roster's periods: a week Monday to Sunday (Chinese rosters start on Monday) or a calendar month, local time.
import type { Dayjs } from 'dayjs';

/** Monday of the week of `d`, at 00:00 local. */
export function weekStart(d: Dayjs): Dayjs {
  return d.startOf('day').subtract((d.day() + 6) % 7, 'day');
}

/** The seven days of the week starting `monday`, as YYYY-MM-DD. */
export function weekDays(monday: Dayjs): string[] {
  return Array.from({ length: 7 }, (_, i) => monday.add(i, 'day').format('YYYY-MM-DD'));
}

/** The days of the month of `d`, as YYYY-MM-DD (28 to 31). */
export function monthDays(d: Dayjs): string[] {
  const first = d.startOf('month');
  return Array.from({ length: first.daysInMonth() }, (_, i) => first.add(i, 'day').format('YYYY-MM-DD'));
}

/** The duties another duty can be swapped with: not started at `now`, of another person, by start time. */
export function swapCandidates<S extends { id: number; personId: number; startsAt: string }>(all: readonly S[], of: S, now: number): S[] {
  return all.filter((s) => s.id !== of.id && s.personId !== of.personId && Date.parse(s.startsAt) > now).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id - b.id);
}
