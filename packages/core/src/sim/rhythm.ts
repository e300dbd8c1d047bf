// When incidents happen: the rate of the demo county's incidents over the day, the week and the year.
// Times are instants (ms since epoch); the rhythm follows local time in China (UTC+8, no daylight saving).

/** Average incidents per day for the whole district. */
export const DAILY_MEAN = 24;

const TZ_OFFSET_MS = 8 * 3600 * 1000;

/** Relative rate by local hour: quiet 2-6 am, rising through the day, peaking late afternoon and evening. */
const HOURLY_RAW = [0.55, 0.42, 0.32, 0.26, 0.24, 0.3, 0.48, 0.75, 0.98, 1.08, 1.12, 1.15, 1.1, 1.05, 1.1, 1.2, 1.35, 1.5, 1.55, 1.6, 1.55, 1.38, 1.1, 0.8];
const HOURLY_MEAN = HOURLY_RAW.reduce((a, b) => a + b, 0) / 24;
export const HOURLY = HOURLY_RAW.map((x) => x / HOURLY_MEAN);

export interface LocalTime {
  /** 0-23 */
  hour: number;
  /** 0 = Sunday .. 6 = Saturday */
  dow: number;
  /** 1-based day of the year */
  dayOfYear: number;
  year: number;
  month: number;
  day: number;
}

export function localTime(ms: number): LocalTime {
  const d = new Date(ms + TZ_OFFSET_MS);
  const year = d.getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  return {
    hour: d.getUTCHours(),
    dow: d.getUTCDay(),
    dayOfYear: Math.floor((d.getTime() - start) / 86400000) + 1,
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
  };
}

/** The instant of local midnight (UTC+8) starting the local day that contains ms. */
export function localMidnight(ms: number): number {
  const d = new Date(ms + TZ_OFFSET_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - TZ_OFFSET_MS;
}

/** Shift an instant by whole calendar months (day of month clamped to the target month's length). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** Weekly factor: busier Friday and Saturday evenings (and the small hours after them), a little on Sunday. */
export function weeklyFactor(dow: number, hour: number): number {
  if ((dow === 5 || dow === 6) && hour >= 18) return dow === 6 ? 1.35 : 1.3;
  if ((dow === 6 || dow === 0) && hour < 3) return 1.3;
  if (dow === 0 && hour >= 9 && hour < 18) return 1.05;
  return 0.97;
}

/** Seasonal factor: a mild summer peak (mid July) and winter low, +-12 %. */
export function seasonalFactor(dayOfYear: number): number {
  return 1 + 0.12 * Math.cos((2 * Math.PI * (dayOfYear - 196)) / 365.25);
}

/** Expected incidents per hour at an instant. */
export function ratePerHour(ms: number): number {
  const t = localTime(ms);
  return (DAILY_MEAN / 24) * HOURLY[t.hour]! * weeklyFactor(t.dow, t.hour) * seasonalFactor(t.dayOfYear);
}

/** Parse an ISO instant; throws a RangeError naming the field when it is not a valid date. */
export function parseInstant(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (typeof iso !== 'string' || !Number.isFinite(ms)) throw new RangeError(`${field}: not a valid ISO date-time: ${String(iso)}`);
  return ms;
}
