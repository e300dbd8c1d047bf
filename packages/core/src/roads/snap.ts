// Snapping a point (a unit's GPS fix, an incident's address) to the nearest road SEGMENT rather than the nearest
// node: a point beside a long straight road belongs to that road even when the nearest vertex is on a side street.
//
// Geometry is done in the graph's locally isotropic plane (lon * lonScale, lat) in degrees, where one degree is
// DEG_M metres in every direction (the same approximation graph.ts uses for its node index). Segments are straight
// between consecutive nodes, so the projection is exact in that plane; `Snap.meters` is the haversine distance
// from the query point to the projected point.
//
// The index holds one entry per undirected segment {u, v} (both directions of a two-way road share it; parallel
// edges between the same nodes, e.g. two roads drawn over each other, too). A snap is always oriented along a real
// edge (from -> to); times along it use the fastest edge in each direction, as Dijkstra would.

import Flatbush from 'flatbush';
import { haversineMeters } from '../geo/measure';
import { edgeBetween, type RoadGraph } from './graph';

/** Metres per degree of latitude (mean Earth radius), as graph.ts's 111195. */
const DEG_M = (6371008.8 * Math.PI) / 180;

export interface SegmentIndex {
  /** Flatbush over the segments' bounding boxes in scaled coordinates; null when the graph has no edges. */
  readonly tree: Flatbush | null;
  /** Per entry: its end nodes a, b (the snap is oriented a -> b when that edge exists, else b -> a). */
  readonly segA: Int32Array;
  readonly segB: Int32Array;
}

/** Build the segment index (one entry per undirected node pair joined by at least one edge). */
export function buildSegmentIndex(graph: RoadGraph): SegmentIndex {
  const seen = new Set<number>();
  const a: number[] = [];
  const b: number[] = [];
  const n = graph.nodeCount;
  for (let u = 0; u < n; u++) {
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
      const v = graph.targets[e]!;
      const key = Math.min(u, v) * n + Math.max(u, v);
      if (seen.has(key)) continue;
      seen.add(key);
      a.push(u), b.push(v);
    }
  }
  const segA = Int32Array.from(a);
  const segB = Int32Array.from(b);
  if (a.length === 0) return { tree: null, segA, segB };
  const s = graph.lonScale;
  const tree = new Flatbush(a.length);
  for (let i = 0; i < a.length; i++) {
    const x1 = graph.lon[a[i]!]! * s;
    const y1 = graph.lat[a[i]!]!;
    const x2 = graph.lon[b[i]!]! * s;
    const y2 = graph.lat[b[i]!]!;
    tree.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
  }
  tree.finish();
  return { tree, segA, segB };
}

export interface Snap {
  /** An edge from -> to of the graph containing the projection (the fastest one if there are parallel edges). */
  edge: number;
  from: number;
  to: number;
  /** Position along from -> to, 0..1. */
  t: number;
  /** The projected point. */
  lon: number;
  lat: number;
  /** Distance from the query point to the projected point, metres. */
  meters: number;
  /** Ways to leave the snapped point: `to` along the rest of the edge; `from` by the reverse edge if it exists. */
  exits: { node: number; seconds: number }[];
  /** Ways to arrive at the snapped point: from `from` along the edge; from `to` by the reverse edge if it exists. */
  entries: { node: number; seconds: number }[];
}

/** Parameter (0..1) of the projection of (px, py) on segment (x1, y1)-(x2, y2) and the squared distance to it. */
function project(px: number, py: number, x1: number, y1: number, x2: number, y2: number): [number, number] {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - x1) * dx + (py - y1) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = x1 + t * dx - px;
  const qy = y1 + t * dy - py;
  return [t, qx * qx + qy * qy];
}

/** Squared distance from (px, py) to the bounding box of segment entry i (scaled plane). */
function boxDistance2(graph: RoadGraph, index: SegmentIndex, i: number, px: number, py: number): number {
  const s = graph.lonScale;
  const x1 = graph.lon[index.segA[i]!]! * s;
  const x2 = graph.lon[index.segB[i]!]! * s;
  const y1 = graph.lat[index.segA[i]!]!;
  const y2 = graph.lat[index.segB[i]!]!;
  const dx = Math.max(Math.min(x1, x2) - px, px - Math.max(x1, x2), 0);
  const dy = Math.max(Math.min(y1, y2) - py, py - Math.max(y1, y2), 0);
  return dx * dx + dy * dy;
}

/** A snap on edge `edge` (from -> to) at parameter t, with its exits and entries. */
export function snapOnEdge(graph: RoadGraph, edge: number, from: number, t: number, queryLon?: number, queryLat?: number): Snap {
  const to = graph.targets[edge]!;
  const rev = edgeBetween(graph, to, from);
  const lon = graph.lon[from]! + t * (graph.lon[to]! - graph.lon[from]!);
  const lat = graph.lat[from]! + t * (graph.lat[to]! - graph.lat[from]!);
  const sec = graph.seconds[edge]!;
  const exits = [{ node: to, seconds: (1 - t) * sec }];
  const entries = [{ node: from, seconds: t * sec }];
  if (rev >= 0) {
    exits.push({ node: from, seconds: t * graph.seconds[rev]! });
    entries.push({ node: to, seconds: (1 - t) * graph.seconds[rev]! });
  }
  const meters = queryLon === undefined || queryLat === undefined ? 0 : haversineMeters(queryLon, queryLat, lon, lat);
  return { edge, from, to, t, lon, lat, meters, exits, entries };
}

/**
 * Snap (lon, lat) to the nearest road segment, or null if the graph has no edges or the nearest segment is farther
 * than maxMeters. Exact: candidates come from the index in order of their bounding box's distance, in growing
 * batches, until the next box is farther than the best exact distance found. Ties go to the first candidate found.
 */
export function snapToRoad(graph: RoadGraph, index: SegmentIndex, lon: number, lat: number, maxMeters = Infinity): Snap | null {
  const tree = index.tree;
  if (!tree) return null;
  const s = graph.lonScale;
  const px = lon * s;
  const py = lat;
  // maxMeters is checked on the haversine distance at the end; the planar bound is slightly widened for the search.
  const maxDeg = Number.isFinite(maxMeters) ? (maxMeters / DEG_M) * 1.01 + 1e-9 : Infinity;
  let best = -1;
  let bestD2 = Infinity;
  let bestT = 0;
  const done = new Set<number>();
  for (let k = 8; ; k *= 2) {
    const bound = Math.min(maxDeg, Math.sqrt(bestD2));
    const found = tree.neighbors(px, py, k, bound);
    for (const i of found) {
      if (done.has(i)) continue;
      done.add(i);
      const a = index.segA[i]!;
      const b = index.segB[i]!;
      const [t, d2] = project(px, py, graph.lon[a]! * s, graph.lat[a]!, graph.lon[b]! * s, graph.lat[b]!);
      if (d2 < bestD2) (bestD2 = d2), (best = i), (bestT = t);
    }
    // fewer than k boxes within the bound: every box that could hold a nearer segment has been examined
    if (found.length < k) break;
    // the k-th box (the farthest so far) is already beyond the best exact distance: so are all the others
    const last = found[found.length - 1]!;
    if (boxDistance2(graph, index, last, px, py) > bestD2) break;
  }
  if (best < 0) return null;
  const a = index.segA[best]!;
  const b = index.segB[best]!;
  const fwd = edgeBetween(graph, a, b);
  const snap = fwd >= 0 ? snapOnEdge(graph, fwd, a, bestT, lon, lat) : snapOnEdge(graph, edgeBetween(graph, b, a), b, 1 - bestT, lon, lat);
  return snap.meters <= maxMeters ? snap : null;
}

/** Whether two snaps lie on the same segment (same end nodes, either orientation). */
export function sameSegment(a: Snap, b: Snap): boolean {
  return (a.from === b.from && a.to === b.to) || (a.from === b.to && a.to === b.from);
}

/**
 * Travel time from snap `a` to snap `b` directly along their common segment (a unit just upstream of an incident on
 * the same road), or Infinity if they are on different segments or the only way is against a one-way street.
 * Paths that leave the segment are not considered here (etasToIncident takes the minimum with those).
 */
export function sameEdgeSeconds(a: Snap, b: Snap, graph: RoadGraph): number {
  if (!sameSegment(a, b)) return Infinity;
  // b's position in a's orientation
  const tb = b.from === a.from && b.to === a.to ? b.t : 1 - b.t;
  if (tb >= a.t) {
    const e = edgeBetween(graph, a.from, a.to);
    return e < 0 ? Infinity : (tb - a.t) * graph.seconds[e]!;
  }
  const r = edgeBetween(graph, a.to, a.from);
  return r < 0 ? Infinity : (a.t - tb) * graph.seconds[r]!;
}
