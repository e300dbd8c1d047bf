// The roster's week: Monday to Sunday, local time (Chinese rosters start on Monday).
import type { Dayjs } from 'dayjs';

/** Monday of the week of `d`, at 00:00 local. */
export function weekStart(d: Dayjs): Dayjs {
  return d.startOf('day').subtract((d.day() + 6) % 7, 'day');
}

/** The seven days of the week starting `monday`, as YYYY-MM-DD. */
export function weekDays(monday: Dayjs): string[] {
  return Array.from({ length: 7 }, (_, i) => monday.add(i, 'day').format('YYYY-MM-DD'));
}
