// What happens on the street against a plan: timing a hand-edited route, where the plan has a team at a given
// moment (roll call), how far a position is from the planned road path (deviation), what a track covered
// (kilometres, hours on patrol, cells passed) and the 见警率 measure. Pure: plain data in, plain data out.

import { haversineMeters, metersPerDegree } from '../geo/measure';

// ---------------------------------------------------------------- timing a sequence of stops

export interface TimedNode {
  /** Dwell at the node, seconds. */
  service: number;
  /** Window on the start of service, seconds from shift start (null = none). */
  open: number | null;
  close: number | null;
  /** Minimum seconds between two visits to this node within the route. */
  minGapSeconds: number;
}

export interface TimedStop {
  node: number;
  arrive: number;
  start: number;
  depart: number;
  /** Service starts after the window closed. */
  late: boolean;
}

export interface TimedRoute {
  stops: TimedStop[];
  travel: number;
  /** Arrival at the end node. */
  duration: number;
  /** max(0, duration - shiftSeconds). */
  overtime: number;
  /** Indexes (into stops) of late stops. */
  lateStops: number[];
  /** A leg with no road connection (travel time not finite). */
  unreachable: boolean;
}

/**
 * Time a route that visits `sequence` in order from `start` to `end`: the team waits for a window to open and for
 * a repeat visit's minimum gap, never skips a stop. Used to re-time a route after a hand edit, which may make it
 * late or too long; the result says so instead of refusing.
 */
export function timeSequence(
  nodes: readonly TimedNode[],
  sequence: readonly number[],
  start: number,
  end: number,
  shiftSeconds: number,
  travel: (from: number, to: number) => number,
): TimedRoute {
  let t = 0;
  let at = start;
  let total = 0;
  let unreachable = false;
  const lastStart = new Map<number, number>();
  const stops: TimedStop[] = [];
  const lateStops: number[] = [];
  for (const node of sequence) {
    const n = nodes[node]!;
    const leg = travel(at, node);
    if (!Number.isFinite(leg)) unreachable = true;
    const d = Number.isFinite(leg) ? leg : 0;
    total += d;
    const arrive = t + d;
    let s = Math.max(arrive, n.open ?? 0);
    const prev = lastStart.get(node);
    if (prev !== undefined && n.minGapSeconds > 0) s = Math.max(s, prev + n.minGapSeconds);
    const late = n.close !== null && s > n.close + 1e-6;
    if (late) lateStops.push(stops.length);
    stops.push({ node, arrive, start: s, depart: s + n.service, late });
    lastStart.set(node, s);
    t = s + n.service;
    at = node;
  }
  const back = travel(at, end);
  if (!Number.isFinite(back)) unreachable = true;
  const b = Number.isFinite(back) ? back : 0;
  total += b;
  const duration = t + b;
  return { stops, travel: total, duration, overtime: Math.max(0, duration - shiftSeconds), lateStops, unreachable };
}

// ---------------------------------------------------------------- where the plan has a team

export interface Waypoint {
  lon: number;
  lat: number;
  /** Seconds from shift start: arrival and departure (equal for the start and end places). */
  arrive: number;
  depart: number;
}

/**
 * Where the plan has the team at `t` seconds after the shift start: at a stop while it dwells there, on the straight
 * line between two stops in proportion to the time (a simplification: the road path is not timed), at the start
 * before the shift and at the end after it. `waypoints` holds the start, the stops in order and the end.
 */
export function expectedPosition(waypoints: readonly Waypoint[], t: number): [number, number] {
  if (waypoints.length === 0) throw new Error('expectedPosition: no waypoints');
  const first = waypoints[0]!;
  if (t <= first.depart) return [first.lon, first.lat];
  for (let i = 0; i < waypoints.length - 1; i++) {
    const a = waypoints[i]!;
    const b = waypoints[i + 1]!;
    if (t <= b.arrive) {
      const span = b.arrive - a.depart;
      const f = span > 0 ? Math.min(1, Math.max(0, (t - a.depart) / span)) : 1;
      return [a.lon + (b.lon - a.lon) * f, a.lat + (b.lat - a.lat) * f];
    }
    if (t <= b.depart) return [b.lon, b.lat];
  }
  const last = waypoints[waypoints.length - 1]!;
  return [last.lon, last.lat];
}

// ---------------------------------------------------------------- deviation

/** Shortest distance in metres from a point to a polyline (local planar approximation around the point). */
export function distanceToPolylineMeters(lon: number, lat: number, coords: readonly (readonly [number, number])[]): number {
  if (coords.length === 0) return Infinity;
  const m = metersPerDegree(lat);
  const px = (c: readonly [number, number]) => (c[0] - lon) * m.lon;
  const py = (c: readonly [number, number]) => (c[1] - lat) * m.lat;
  if (coords.length === 1) return Math.hypot(px(coords[0]!), py(coords[0]!));
  let best = Infinity;
  for (let i = 0; i < coords.length - 1; i++) {
    const ax = px(coords[i]!);
    const ay = py(coords[i]!);
    const bx = px(coords[i + 1]!);
    const by = py(coords[i + 1]!);
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const f = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0;
    const d = Math.hypot(ax + f * dx, ay + f * dy);
    if (d < best) best = d;
  }
  return best;
}

export interface DeviationOptions {
  /** Farther than this from the planned path counts as off route. */
  offRouteMeters: number;
  /** ... for at least this long (positions spanning it, none back on route) before a flag is raised. */
  minSeconds: number;
}

/**
 * Decide on the newest positions of a team whether it is off its route: returns 'off' when every position of the
 * last `minSeconds` (and at least two) is farther than offRouteMeters from the path, 'on' when the newest is within
 * it, 'unknown' otherwise (too few positions to say). Positions are ordered by time (epoch ms).
 */
export function deviationState(
  positions: readonly { lon: number; lat: number; at: number }[],
  path: readonly (readonly [number, number])[],
  o: DeviationOptions,
): { state: 'on' | 'off' | 'unknown'; distanceM: number } {
  if (positions.length === 0) return { state: 'unknown', distanceM: NaN };
  const newest = positions[positions.length - 1]!;
  const dNewest = distanceToPolylineMeters(newest.lon, newest.lat, path);
  if (dNewest <= o.offRouteMeters) return { state: 'on', distanceM: dNewest };
  let i = positions.length - 1;
  let n = 0;
  while (i >= 0) {
    const p = positions[i]!;
    if (distanceToPolylineMeters(p.lon, p.lat, path) <= o.offRouteMeters) break;
    n++;
    if (newest.at - p.at >= o.minSeconds * 1000 && n >= 2) return { state: 'off', distanceM: dNewest };
    i--;
  }
  return { state: 'unknown', distanceM: dNewest };
}

// ---------------------------------------------------------------- what a track covered

export interface TrackPoint {
  lon: number;
  lat: number;
  /** Epoch ms. */
  at: number;
}

export interface TrackOptions {
  /** A gap longer than this between two positions is not counted as patrol (device off, station break). Default 600 s. */
  maxGapSeconds?: number;
  /** A leg faster than this is a position jump, not travel. Default 160 km/h. */
  maxSpeedKmh?: number;
}

/** Kilometres travelled and hours on patrol between `from` and `to` (epoch ms) along a time-ordered track. */
export function trackSummary(track: readonly TrackPoint[], from: number, to: number, o: TrackOptions = {}): { km: number; hours: number } {
  const maxGap = (o.maxGapSeconds ?? 600) * 1000;
  const maxSpeed = o.maxSpeedKmh ?? 160;
  let m = 0;
  let ms = 0;
  for (let i = 1; i < track.length; i++) {
    const a = track[i - 1]!;
    const b = track[i]!;
    if (a.at < from || b.at > to) continue;
    const dt = b.at - a.at;
    if (dt <= 0 || dt > maxGap) continue;
    const d = haversineMeters(a.lon, a.lat, b.lon, b.lat);
    if (d / 1000 / (dt / 3_600_000) > maxSpeed) continue;
    m += d;
    ms += dt;
  }
  return { km: m / 1000, hours: ms / 3_600_000 };
}

/**
 * Cells a track passed through, by time window: for each window [from + k * windowMs, ...) the set of cell ids with
 * a position inside. Between two positions closer than maxGap the straight segment is sampled every sampleMeters so
 * that a car crossing a cell between two fixes still counts.
 */
export function cellsByWindow(
  track: readonly TrackPoint[],
  cellOf: (lon: number, lat: number) => string,
  from: number,
  to: number,
  windowMs: number,
  o: TrackOptions & { sampleMeters?: number } = {},
): Set<string>[] {
  const windows = Math.max(1, Math.ceil((to - from) / windowMs));
  const out = Array.from({ length: windows }, () => new Set<string>());
  const maxGap = (o.maxGapSeconds ?? 600) * 1000;
  const step = o.sampleMeters ?? 50;
  const add = (lon: number, lat: number, at: number) => {
    if (at < from || at >= to) return;
    out[Math.floor((at - from) / windowMs)]!.add(cellOf(lon, lat));
  };
  for (let i = 0; i < track.length; i++) {
    const b = track[i]!;
    add(b.lon, b.lat, b.at);
    if (i === 0) continue;
    const a = track[i - 1]!;
    const dt = b.at - a.at;
    if (dt <= 0 || dt > maxGap) continue;
    const d = haversineMeters(a.lon, a.lat, b.lon, b.lat);
    const k = Math.floor(d / step);
    for (let j = 1; j < k; j++) {
      const f = j / k;
      add(a.lon + (b.lon - a.lon) * f, a.lat + (b.lat - a.lat) * f, a.at + dt * f);
    }
  }
  return out;
}
