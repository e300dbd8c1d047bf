// Reach areas (where can a unit get within 1, 3, 5 minutes; from where can an incident be reached) and coverage
// (the per-node best time from any of several units), on the road graph.
//
// Times live on nodes; a point inside a segment is reached through one of its end nodes and the rest of the way
// along the segment at the segment's speed. For a segment u - v with forward edge u -> v (time s) and budget B, in
// direction 'from' (times from the origin to the nodes):
//   - from u, if T(u) < B, the part [0, min(1, (B - T(u)) / s)] is reached (the whole edge when T(u) + s <= B);
//   - on a two-way road, from v by the reverse edge likewise, measured from the other end;
//   - the reached part of the segment is the union of both pieces (and of the origin's own pieces, see below).
// In direction 'to' (times from the nodes to a destination) each piece is measured from the node the edge ENTERS
// instead: a point on u -> v reaches the destination through v.
// The segment an origin snap lies on is not covered by node times alone (a unit in the middle of a one-way street
// reaches the part ahead of it before any node), so the functions that draw areas take the origin snaps too.

import type { ContractionHierarchy } from './ch';
import { chTravelTimesAll } from './ch';
import { edgeBetween, type RoadGraph } from './graph';
import { MinHeap } from './heap';
import type { Snap } from './snap';
import { metersPerDegree } from '../geo/measure';

export type TravelDirection = 'from' | 'to';

/**
 * Travel time between a snapped point and every node: 'from' (the point to each node, e.g. a unit's reach) or 'to'
 * (each node to the point, e.g. who can reach an incident). One PHAST sweep per exit (entry) node of the snap,
 * taking the minimum with the partial-edge offsets. Indexed by graph node; Infinity where unreachable or above the
 * cutoff. To start at a node instead, call chTravelTimesAll directly.
 */
export function travelTimesFromSnap(ch: ContractionHierarchy, snap: Snap, direction: TravelDirection, cutoffSeconds = Infinity): Float64Array {
  const out = new Float64Array(ch.nodeCount).fill(Infinity);
  const ends = direction === 'from' ? snap.exits : snap.entries;
  for (const { node, seconds: off } of ends) {
    if (!(off <= cutoffSeconds)) continue;
    const t = chTravelTimesAll(ch, node, direction, cutoffSeconds - off);
    for (let v = 0; v < out.length; v++) {
      const d = direction === 'from' ? off + t[v]! : t[v]! + off;
      if (d < out[v]!) out[v] = d;
    }
  }
  for (let v = 0; v < out.length; v++) if (out[v]! > cutoffSeconds) out[v] = Infinity;
  return out;
}

/** Each undirected segment once: its ends u, v, the fastest edge u -> v and the fastest v -> u (or -1). */
function forEachSegment(graph: RoadGraph, cb: (u: number, v: number, f: number, r: number) => void): void {
  for (let u = 0; u < graph.nodeCount; u++) {
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
      const v = graph.targets[e]!;
      if (edgeBetween(graph, u, v) !== e) continue; // a slower parallel edge: the segment comes with the fastest
      const r = edgeBetween(graph, v, u);
      if (r >= 0 && v < u) continue; // two-way: visited from its lower end
      cb(u, v, e, r);
    }
  }
}

/** Key of the undirected pair {u, v}. */
const pairKey = (n: number, u: number, v: number): number => Math.min(u, v) * n + Math.max(u, v);

/** Origin snaps grouped by the segment they lie on. */
function groupOrigins(graph: RoadGraph, origins: readonly Snap[]): Map<number, Snap[]> {
  const m = new Map<number, Snap[]>();
  for (const o of origins) {
    const k = pairKey(graph.nodeCount, o.from, o.to);
    const list = m.get(k);
    if (list) list.push(o);
    else m.set(k, [o]);
  }
  return m;
}

/**
 * The reached parts of segment u - v (parameter 0 at u, 1 at v) within budget B, merged and sorted: a flat list
 * [x1, x2, x1, x2, ...].
 */
function reachedIntervals(
  graph: RoadGraph,
  times: Float64Array,
  B: number,
  direction: TravelDirection,
  u: number,
  v: number,
  f: number,
  r: number,
  /** Origin snaps lying on this segment. */
  origins: readonly Snap[] | undefined,
): number[] {
  const iv: [number, number][] = [];
  // piece that starts at node u: 'from' leaves u by u -> v; 'to' arrives at u by v -> u
  const eU = direction === 'from' ? f : r;
  const eV = direction === 'from' ? r : f;
  const tu = times[u]!;
  const tv = times[v]!;
  if (eU >= 0 && tu <= B) {
    const s = graph.seconds[eU]!;
    iv.push([0, tu + s <= B ? 1 : (B - tu) / s]);
  }
  if (eV >= 0 && tv <= B) {
    const s = graph.seconds[eV]!;
    iv.push([tv + s <= B ? 0 : 1 - (B - tv) / s, 1]);
  }
  if (origins) {
    for (const o of origins) {
      const x0 = o.from === u ? o.t : 1 - o.t;
      // towards v uses u -> v in 'from' (moving away from the origin), v -> u in 'to' (moving towards it)
      const towardsV = direction === 'from' ? f : r;
      const towardsU = direction === 'from' ? r : f;
      if (towardsV >= 0) iv.push([x0, Math.min(1, x0 + B / graph.seconds[towardsV]!)]);
      if (towardsU >= 0) iv.push([Math.max(0, x0 - B / graph.seconds[towardsU]!), x0]);
    }
  }
  if (iv.length === 0) return [];
  iv.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const out: number[] = [];
  let [a, b] = iv[0]!;
  for (let i = 1; i < iv.length; i++) {
    const [c, d] = iv[i]!;
    if (c <= b) b = Math.max(b, d);
    else out.push(a, b), (a = c), (b = d);
  }
  out.push(a, b);
  return out;
}

export interface ReachOptions {
  /** 'from' (default): times are from an origin to the nodes; 'to': from the nodes to a destination. */
  direction?: TravelDirection;
  /** Snapped origin(s) the times were computed from: their own segments are then covered from the snap point. */
  origins?: readonly Snap[];
}

/**
 * Reach area per budget: the road reached within `seconds` as GeoJSON MultiLineString coordinates (one two-point
 * line per reached piece of a segment, partial segments cut where the budget runs out) and its length in metres.
 * `times` is per node (travelTimesFromSnap, coverageTimes, chTravelTimesAll).
 */
export function reachSegments(
  graph: RoadGraph,
  times: Float64Array,
  budgets: readonly number[],
  options: ReachOptions = {},
): { seconds: number; lines: [number, number][][]; meters: number }[] {
  const direction = options.direction ?? 'from';
  const byPair = options.origins && options.origins.length > 0 ? groupOrigins(graph, options.origins) : null;
  const result = budgets.map((seconds) => ({ seconds, lines: [] as [number, number][][], meters: 0 }));
  const { lon, lat } = graph;
  forEachSegment(graph, (u, v, f, r) => {
    const origins = byPair?.get(pairKey(graph.nodeCount, u, v));
    for (const res of result) {
      const iv = reachedIntervals(graph, times, res.seconds, direction, u, v, f, r, origins);
      for (let i = 0; i < iv.length; i += 2) {
        const x1 = iv[i]!;
        const x2 = iv[i + 1]!;
        if (!(x2 > x1)) continue;
        const at = (x: number): [number, number] =>
          x === 0 ? [lon[u]!, lat[u]!] : x === 1 ? [lon[v]!, lat[v]!] : [lon[u]! + x * (lon[v]! - lon[u]!), lat[u]! + x * (lat[v]! - lat[u]!)];
        res.lines.push([at(x1), at(x2)]);
        res.meters += (x2 - x1) * graph.meters[f]!;
      }
    }
  });
  return result;
}

/**
 * An outline of a reach area for display: the convex hull of the points (e.g. the ends of reachSegments' lines),
 * optionally buffered by bufferMeters (each point taken as a 16-gon of that radius, so a single road still gets an
 * area). GeoJSON Polygon coordinates (one closed counter-clockwise ring), or null if the hull has no area (fewer
 * than 3 points, or all on a line, without a buffer). Convex hulls overstate areas along arterials; the reach
 * segments are the exact answer, the polygon is only a shape to shade.
 */
export function reachPolygon(points: readonly (readonly [number, number])[], bufferMeters = 0): [number, number][][] | null {
  let pts: [number, number][] = points.map((p) => [p[0], p[1]]);
  if (bufferMeters > 0) {
    const out: [number, number][] = [];
    for (const [x, y] of pts) {
      const m = metersPerDegree(y);
      for (let k = 0; k < 16; k++) {
        const a = (k * Math.PI) / 8;
        out.push([x + (bufferMeters * Math.cos(a)) / m.lon, y + (bufferMeters * Math.sin(a)) / m.lat]);
      }
    }
    pts = out;
  }
  if (pts.length < 3) return null;
  pts.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  // Andrew's monotone chain: lower then upper hull, counter-clockwise
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  const ring = lower.concat(upper);
  if (ring.length < 3) return null;
  ring.push([ring[0]![0], ring[0]![1]]);
  return [ring];
}

/**
 * Coverage: per node, the minimum travel time from any of the sources (e.g. the exits of every available unit's
 * snap, each with its partial-edge offset); Infinity beyond the cutoff or unreachable. One multi-source Dijkstra on
 * the graph, every source starting at its offset: exact (it is one Dijkstra from a virtual super-source) and cheaper
 * than a PHAST sweep per unit when the cutoff (5 minutes) keeps the search local.
 */
export function coverageTimes(graph: RoadGraph, sources: readonly { node: number; seconds: number }[], cutoffSeconds: number): Float64Array {
  const n = graph.nodeCount;
  const dist = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  const heap = new MinHeap(64);
  for (const { node, seconds } of sources) {
    if (!Number.isInteger(node) || node < 0 || node >= n) throw new RangeError(`source node ${node} is not in the graph`);
    if (seconds <= cutoffSeconds && seconds < dist[node]!) (dist[node] = seconds), heap.push(seconds, node);
  }
  const { offsets, targets, seconds } = graph;
  while (heap.size > 0) {
    const d = heap.peekKey();
    const u = heap.pop();
    if (done[u] || d > dist[u]!) continue;
    done[u] = 1;
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
      const v = targets[e]!;
      const nd = d + seconds[e]!;
      if (nd <= cutoffSeconds && nd < dist[v]!) (dist[v] = nd), heap.push(nd, v);
    }
  }
  return dist;
}

/**
 * Coverage classes for a map. For each edge, the index of the first budget (ascending budgets, e.g. [60, 180, 300])
 * within which its WHOLE segment is reached (both directions of a segment, and parallel edges, get the same class),
 * or -1 if none. metersWithin[i] is the road length (each segment counted once, partial segments in part) reached
 * within budgets[i], cumulative; metersBeyond is the rest of the network. `nodeTimes` are 'from' times by default
 * (coverageTimes); pass the sources' snaps as origins to count their own segments from the snap points.
 */
export function coverageByEdge(
  graph: RoadGraph,
  nodeTimes: Float64Array,
  budgets: readonly number[],
  options: ReachOptions = {},
): { edgeClass: Int8Array; metersWithin: number[]; metersBeyond: number } {
  const direction = options.direction ?? 'from';
  const byPair = options.origins && options.origins.length > 0 ? groupOrigins(graph, options.origins) : null;
  const edgeClass = new Int8Array(graph.edgeCount).fill(-1);
  const metersWithin = budgets.map(() => 0);
  let total = 0;
  forEachSegment(graph, (u, v, f, r) => {
    const len = graph.meters[f]!;
    total += len;
    const origins = byPair?.get(pairKey(graph.nodeCount, u, v));
    let cls = -1;
    for (let i = 0; i < budgets.length; i++) {
      const iv = reachedIntervals(graph, nodeTimes, budgets[i]!, direction, u, v, f, r, origins);
      let frac = 0;
      for (let k = 0; k < iv.length; k += 2) frac += iv[k + 1]! - iv[k]!;
      metersWithin[i]! += frac * len;
      if (cls < 0 && iv.length === 2 && iv[0] === 0 && iv[1] === 1) cls = i;
    }
    if (cls < 0) return;
    for (const [a, b] of [[u, v], [v, u]] as const) {
      for (let e = graph.offsets[a]!; e < graph.offsets[a + 1]!; e++) if (graph.targets[e] === b) edgeClass[e] = cls;
    }
  });
  const within = metersWithin.length > 0 ? metersWithin[metersWithin.length - 1]! : 0;
  return { edgeClass, metersWithin, metersBeyond: Math.max(0, total - within) };
}
