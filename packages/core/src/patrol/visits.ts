// Which check-ins visit which stops of a route (issue 18): a stop with a time window is visited only by a check-in
// inside its window; one outside it (窗口外) is kept and shown but does not satisfy the stop, which stays due and is
// counted missed when its window ends unvisited. Stops without a window take any check-in at their place, as
// before. One rule for the minute job's missed flags, the live view, the field view and the daily report. Pure:
// times are epoch milliseconds passed in.

/**
 * How early before its window opens a check-in still counts for the stop: 5 minutes. A geofence check-in fires when
 * the team enters the fence, and a team arriving for the opening (a school gate at 11:00) enters it a few minutes
 * before (parking, walking up); phones' clocks drift by a minute or two. More would let a team passing by an hour
 * early count again (the fault of issue 18: 09:30 for an 11:00-12:00 window).
 */
export const WINDOW_EARLY_GRACE_MS = 5 * 60_000;

/** When a visit may be made: from the window's opening to the end of the last possible visit (epoch ms). */
export interface VisitWindow {
  from: number;
  to: number;
}

/** A check-in against its stop's window: inside (counts), early or late (窗口外), null when the stop has no window. */
export type WindowFit = 'inside' | 'early' | 'late' | null;

/**
 * A stop's window in time from its planning data (seconds from the shift's start: `open`, `close` bound the start of
 * service, `service` the dwell), clipped to the shift; null when it has none. The visit must end by `close + service`.
 */
export function visitWindow(
  c: { open: number | null; close: number | null; service: number } | undefined,
  shiftStart: number,
  shiftEnd: number,
): VisitWindow | null {
  if (!c || c.open === null || c.close === null) return null;
  return { from: shiftStart + c.open * 1000, to: Math.min(shiftEnd, shiftStart + (c.close + c.service) * 1000) };
}

/** The deadline of a stop: its window's end, else the shift's end (epoch ms). */
export const visitDeadline = (w: VisitWindow | null, shiftEnd: number): number => (w ? w.to : shiftEnd);

/** Where a check-in at `at` falls against a window (the early grace counted inside). */
export function windowFit(w: VisitWindow | null, at: number): WindowFit {
  if (!w) return null;
  if (at < w.from - WINDOW_EARLY_GRACE_MS) return 'early';
  if (at > w.to) return 'late';
  return 'inside';
}

const counts = (f: WindowFit): boolean => f === null || f === 'inside';

/**
 * Match a route's check-ins to its stops. Stops at one place (`place`, e.g. "point:12") are taken in route order,
 * each by the earliest check-in at that place not yet used that fits its window (any, for a stop without one).
 * Check-ins outside the window are skipped, never used: an early pass does not use up the check-in made later in
 * the window. Returns, per stop, the check-in (or null), and per check-in its fit against its place's window.
 */
export function matchVisits<C extends { place: string; at: number }>(
  stops: readonly { place: string; window: VisitWindow | null }[],
  checkins: readonly C[],
): { byStop: (C | null)[]; fit: WindowFit[] } {
  const order = checkins.map((c, i) => ({ c, i })).sort((a, b) => a.c.at - b.c.at || a.i - b.i);
  const used = new Set<number>();
  const byStop = stops.map((s) => {
    const hit = order.find(({ c, i }) => !used.has(i) && c.place === s.place && counts(windowFit(s.window, c.at)));
    if (!hit) return null;
    used.add(hit.i);
    return hit.c;
  });
  const windowOf = new Map<string, VisitWindow | null>();
  for (const s of stops) if (!windowOf.has(s.place)) windowOf.set(s.place, s.window);
  return { byStop, fit: checkins.map((c) => windowFit(windowOf.get(c.place) ?? null, c.at)) };
}
