// When a task template falls due: the occurrences of a recurrence rule in a range of time (pure, plain epoch ms).
//
// Local time is UTC shifted by a fixed offset in minutes (the product's UTC_OFFSET_MINUTES; China is +480 and has
// no daylight saving time, so a fixed offset is exact there). A local day runs from local midnight to the next.
//
// An occurrence opens at `startMinute` (minutes after local midnight, default 0) of its day and is due `limit` later:
//   - limit in minutes: due = periodStart + minutes (1440 = by the next midnight when the task opens at midnight);
//   - a daily occurrence belongs to its own day: it is due at the end of that day (the next local midnight, shown as
//     24:00 of the day) with 'period', or at its limit when that comes first (a limit under a day past midnight is cut there;
//     a limit of a day or more is kept as the template's explicit span);
//   - limit 'period': due at the start of the rule's next occurrence (the end of the day for a daily rule, the next
//     chosen weekday for a weekly rule, the next month's chosen day for a monthly rule, the end of that day for a
//     one-off), i.e. "within this period".
// Rules:
//   - daily: every local day;
//   - weekly: the given ISO weekdays (1 = Monday ... 7 = Sunday);
//   - monthly: the given day of the month, clamped to the month's last day (31 -> 30 Apr, 28/29 Feb), or 'last';
//   - once: on the given local date; a one-off template in the catalogue has no date until it is issued, and then
//     yields no occurrence (the issuer sets the date, or computes the due time with `dueFrom`).
// `startsOn` / `endsOn` (local dates, inclusive) bound the days a rule yields.
// An occurrence belongs to the range [from, to) when its periodStart does. Its key is its local date
// ('YYYY-MM-DD'), unique per template: the database can make (template, key) unique so generating twice is harmless.

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** A local calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

export type Recurrence =
  | { kind: 'daily' }
  | { kind: 'weekly'; weekdays: Weekday[] }
  | { kind: 'monthly'; day: number | 'last' }
  | { kind: 'once'; on?: LocalDate | null };

export type TimeLimit = number | 'period';

export interface TaskSchedule {
  recurrence: Recurrence;
  /** Units of work per occurrence (e.g. 5 household visits); at least 1. */
  target: number;
  /** Minutes from the period start to the due time, or 'period' (due when the next occurrence opens). */
  limit: TimeLimit;
  /** Minute of the local day at which an occurrence opens (0..1439); default 0. */
  startMinute?: number;
  /** First and last local dates on which the rule yields (inclusive); unbounded when absent. */
  startsOn?: LocalDate | null;
  endsOn?: LocalDate | null;
}

export interface Occurrence {
  /** Local date of the occurrence, 'YYYY-MM-DD'; unique per template. */
  key: LocalDate;
  /** Epoch ms at which the occurrence opens. */
  periodStart: number;
  /** Epoch ms at which it is due. */
  dueAt: number;
  target: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** A range longer than this (days) is refused: generation is meant for days to a year or so. */
export const MAX_RANGE_DAYS = 3700;

// ---------------------------------------------------------------- local calendar helpers

/** The local day number (days since 1970-01-01 local) of an instant. */
export function localDayNumber(ms: number, offsetMinutes: number): number {
  return Math.floor((ms + offsetMinutes * MINUTE_MS) / DAY_MS);
}

/** Epoch ms of local midnight starting the local day `day`. */
export function dayStartMs(day: number, offsetMinutes: number): number {
  return day * DAY_MS - offsetMinutes * MINUTE_MS;
}

/** Y, M (1-12), D of a local day number (proleptic Gregorian; leap years by the Date arithmetic). */
export function civilOfDay(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** The local day number of Y-M-D (month 1-12). */
export function dayOfCivil(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** Days in month m (1-12) of year y: 28/29 for February by the Gregorian leap-year rule. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** ISO weekday of a local day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): Weekday {
  return ((((day + 3) % 7) + 7) % 7 + 1) as Weekday;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function formatLocalDate(day: number): LocalDate {
  const { y, m, d } = civilOfDay(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The local date of an instant, 'YYYY-MM-DD'. */
export function localDate(ms: number, offsetMinutes: number): LocalDate {
  return formatLocalDate(localDayNumber(ms, offsetMinutes));
}

/** Parse 'YYYY-MM-DD' to a local day number; null when malformed or not a real date (e.g. 2023-02-29). */
export function parseLocalDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayOfCivil(y, mo, d);
}

/** Epoch ms of local midnight at the start of a local date. Throws RangeError on a malformed date. */
export function localMidnight(date: LocalDate, offsetMinutes: number): number {
  const day = parseLocalDate(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  return dayStartMs(day, offsetMinutes);
}

/** [from, to) epoch ms of a local calendar month ('YYYY-MM'), e.g. an assessment period. */
export function monthRange(month: string, offsetMinutes: number): { from: number; to: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? dayOfCivil(y + 1, 1, 1) : dayOfCivil(y, mo + 1, 1);
  return { from: dayStartMs(dayOfCivil(y, mo, 1), offsetMinutes), to: dayStartMs(next, offsetMinutes) };
}

/** [from, to) epoch ms of the local day containing `ms` (e.g. "today's checklist"). */
export function dayRange(ms: number, offsetMinutes: number): { from: number; to: number } {
  const day = localDayNumber(ms, offsetMinutes);
  return { from: dayStartMs(day, offsetMinutes), to: dayStartMs(day + 1, offsetMinutes) };
}

// ---------------------------------------------------------------- validation

export interface TaskFieldError {
  /** JSON pointer of the offending field, as in the API's validation errors. */
  field: string;
  code: string;
  message: string;
}

/** Field-level errors of a schedule (empty when valid). */
export function validateSchedule(s: TaskSchedule): TaskFieldError[] {
  const errors: TaskFieldError[] = [];
  const r = s.recurrence;
  if (!Number.isInteger(s.target) || s.target < 1) errors.push({ field: '/target', code: 'invalid', message: 'target must be an integer >= 1' });
  if (s.limit !== 'period' && (!Number.isFinite(s.limit) || s.limit <= 0)) {
    errors.push({ field: '/limit', code: 'invalid', message: "limit must be a positive number of minutes or 'period'" });
  }
  const sm = s.startMinute ?? 0;
  if (!Number.isInteger(sm) || sm < 0 || sm >= 1440) errors.push({ field: '/startMinute', code: 'invalid', message: 'startMinute must be 0..1439' });
  if (r.kind === 'weekly') {
    if (r.weekdays.length === 0) errors.push({ field: '/recurrence/weekdays', code: 'empty', message: 'at least one weekday' });
    r.weekdays.forEach((w, i) => {
      if (!Number.isInteger(w) || w < 1 || w > 7) errors.push({ field: `/recurrence/weekdays/${i}`, code: 'invalid', message: 'weekday is 1 (Monday) .. 7 (Sunday)' });
    });
  } else if (r.kind === 'monthly') {
    if (r.day !== 'last' && (!Number.isInteger(r.day) || r.day < 1 || r.day > 31)) {
      errors.push({ field: '/recurrence/day', code: 'invalid', message: "day is 1..31 or 'last'" });
    }
  } else if (r.kind === 'once') {
    if (r.on != null && parseLocalDate(r.on) === null) errors.push({ field: '/recurrence/on', code: 'invalid', message: 'on is a date YYYY-MM-DD' });
  } else if (r.kind !== 'daily') {
    errors.push({ field: '/recurrence/kind', code: 'invalid', message: 'kind is daily, weekly, monthly or once' });
  }
  for (const k of ['startsOn', 'endsOn'] as const) {
    const v = s[k];
    if (v != null && parseLocalDate(v) === null) errors.push({ field: `/${k}`, code: 'invalid', message: `${k} is a date YYYY-MM-DD` });
  }
  if (s.startsOn && s.endsOn && parseLocalDate(s.startsOn) !== null && parseLocalDate(s.endsOn) !== null && s.startsOn > s.endsOn) {
    errors.push({ field: '/endsOn', code: 'before_start', message: 'endsOn is before startsOn' });
  }
  return errors;
}

// ---------------------------------------------------------------- occurrences

/** Whether the rule yields on local day `day` (bounds not applied). */
function ruleMatches(r: Recurrence, day: number): boolean {
  switch (r.kind) {
    case 'daily':
      return true;
    case 'weekly':
      return r.weekdays.includes(weekdayOfDay(day));
    case 'monthly': {
      const { y, m, d } = civilOfDay(day);
      const last = daysInMonth(y, m);
      return r.day === 'last' ? d === last : d === Math.min(r.day, last);
    }
    case 'once':
      return r.on != null && parseLocalDate(r.on) === day;
  }
}

/** The next local day after `day` on which the rule yields (bounds not applied), or null (one-off). */
function nextRuleDay(r: Recurrence, day: number): number | null {
  switch (r.kind) {
    case 'daily':
      return day + 1;
    case 'weekly':
      for (let k = 1; k <= 7; k++) if (r.weekdays.includes(weekdayOfDay(day + k))) return day + k;
      return null;
    case 'monthly': {
      const { y, m } = civilOfDay(day);
      const ny = m === 12 ? y + 1 : y;
      const nm = m === 12 ? 1 : m + 1;
      const last = daysInMonth(ny, nm);
      return dayOfCivil(ny, nm, r.day === 'last' ? last : Math.min(r.day, last));
    }
    case 'once':
      return null;
  }
}

function occurrenceOn(s: TaskSchedule, day: number, offsetMinutes: number): Occurrence {
  const sm = s.startMinute ?? 0;
  const periodStart = dayStartMs(day, offsetMinutes) + sm * MINUTE_MS;
  let dueAt: number;
  const endOfDay = dayStartMs(day + 1, offsetMinutes);
  if (s.recurrence.kind === 'daily') {
    // a daily task belongs to its own day: due at the end of it, or at its time limit when that comes first; a limit
    // of a whole day or more is the template's explicit choice of a longer span (e.g. "within 3 days") and is kept
    dueAt = s.limit === 'period' ? endOfDay : s.limit >= 1440 ? periodStart + s.limit * MINUTE_MS : Math.min(endOfDay, periodStart + s.limit * MINUTE_MS);
  } else if (s.limit === 'period') {
    const next = nextRuleDay(s.recurrence, day);
    dueAt = next === null ? endOfDay : dayStartMs(next, offsetMinutes) + sm * MINUTE_MS;
  } else {
    dueAt = periodStart + s.limit * MINUTE_MS;
  }
  return { key: formatLocalDate(day), periodStart, dueAt, target: s.target };
}

function assertValid(s: TaskSchedule): void {
  const errors = validateSchedule(s);
  if (errors.length) throw new RangeError(`invalid schedule: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
}

/**
 * The occurrences whose period starts in [from, to), in time order. Throws RangeError on an invalid schedule or a
 * range over MAX_RANGE_DAYS.
 */
export function occurrences(s: TaskSchedule, from: number, to: number, offsetMinutes: number): Occurrence[] {
  assertValid(s);
  if (!(to > from)) return [];
  const sm = s.startMinute ?? 0;
  // local days whose periodStart could fall in [from, to)
  const first = localDayNumber(from - sm * MINUTE_MS, offsetMinutes);
  const last = localDayNumber(to - 1 - sm * MINUTE_MS, offsetMinutes);
  if (last - first > MAX_RANGE_DAYS) throw new RangeError(`range over ${MAX_RANGE_DAYS} days`);
  const lo = s.startsOn ? parseLocalDate(s.startsOn)! : -Infinity;
  const hi = s.endsOn ? parseLocalDate(s.endsOn)! : Infinity;
  const out: Occurrence[] = [];
  for (let day = Math.max(first, lo); day <= Math.min(last, hi); day++) {
    if (!ruleMatches(s.recurrence, day)) continue;
    const o = occurrenceOn(s, day, offsetMinutes);
    if (o.periodStart >= from && o.periodStart < to) out.push(o);
  }
  return out;
}

/**
 * The occurrences open at `at`: periodStart <= at < dueAt (several when the time limit is longer than the gap
 * between occurrences). Looks back as far as the time limit (at most 62 days for 'period').
 */
export function openOccurrences(s: TaskSchedule, at: number, offsetMinutes: number): Occurrence[] {
  assertValid(s);
  const back = s.limit === 'period' ? 62 * DAY_MS : s.limit * MINUTE_MS;
  if (back / DAY_MS > MAX_RANGE_DAYS) throw new RangeError(`time limit over ${MAX_RANGE_DAYS} days`);
  return occurrences(s, at - back, at + 1, offsetMinutes).filter((o) => o.periodStart <= at && at < o.dueAt);
}

/** The due time of a one-off task issued at `issuedAt` with a time limit in minutes ('period': end of that local day). */
export function dueFrom(issuedAt: number, limit: TimeLimit, offsetMinutes: number): number {
  if (limit === 'period') return dayRange(issuedAt, offsetMinutes).to;
  return issuedAt + limit * MINUTE_MS;
}
