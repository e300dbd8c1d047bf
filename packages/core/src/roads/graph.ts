// Road graph in compressed sparse row form (typed arrays), built from road polylines.
//
// Every polyline vertex becomes a node; vertices that coincide after rounding to 1e-7 degrees (about 1 cm) are the
// same node, so roads join where they share a vertex (and only there: crossing without a shared vertex is an
// overpass). Each consecutive vertex pair gives one edge per allowed direction with its length and its free-flow
// travel time (length / speed). Edges keep the id of their road.
//
// The layout is meant to grow: an OSM importer can produce the same arrays, and a contraction hierarchy or a
// degree-2 contraction can be built on top of offsets/targets/seconds without changing callers.

import Flatbush from 'flatbush';
import { haversineMeters } from '../geo/measure';

/** The minimum a road needs to enter the graph (DemoRoad and imported OSM ways both fit). */
export interface RoadLike {
  id: number;
  speedKmh: number;
  oneway: boolean;
  coords: readonly (readonly [number, number])[];
}

export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Node coordinates, WGS-84 degrees. */
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** CSR: the edges leaving node u are offsets[u] .. offsets[u + 1] - 1. Length nodeCount + 1. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** Free-flow travel time per edge, seconds. */
  readonly seconds: Float32Array;
  /** Length per edge, metres. */
  readonly meters: Float32Array;
  /** Road id (RoadLike.id) per edge. */
  readonly roadId: Int32Array;
  /** Spatial index over the nodes in scaled coordinates (lon * lonScale, lat); null for an empty graph. */
  readonly index: Flatbush | null;
  /** cos(mean latitude): makes the index's plane locally isotropic, so its nearest neighbour is the true one. */
  readonly lonScale: number;
}

const ROUND = 1e7;

export interface BuildRoadGraphOptions {
  /**
   * Round every edge's travel time to a multiple of this many seconds (at least one quantum), e.g. 1 / 1024.
   * With a power-of-two quantum every sum of edge times below 2^53 quanta is exact in Float64, so any two
   * algorithms that find a shortest path (Dijkstra, contraction hierarchies) return bit-identical times whatever
   * order they add in. Default: no rounding.
   */
  secondsQuantum?: number;
}

/** Build the road graph. Throws on a road with a non-positive speed. */
export function buildRoadGraph(roads: readonly RoadLike[], options: BuildRoadGraphOptions = {}): RoadGraph {
  const q = options.secondsQuantum;
  if (q !== undefined && !(q > 0)) throw new RangeError('secondsQuantum must be > 0');
  const nodeOf = new Map<string, number>();
  const lonList: number[] = [];
  const latList: number[] = [];
  const node = (p: readonly [number, number]): number => {
    const key = `${Math.round(p[0] * ROUND)},${Math.round(p[1] * ROUND)}`;
    let id = nodeOf.get(key);
    if (id === undefined) {
      id = lonList.length;
      nodeOf.set(key, id);
      lonList.push(p[0]);
      latList.push(p[1]);
    }
    return id;
  };

  const src: number[] = [];
  const dst: number[] = [];
  const sec: number[] = [];
  const len: number[] = [];
  const rid: number[] = [];
  for (const road of roads) {
    if (!(road.speedKmh > 0)) throw new RangeError(`road ${road.id}: speedKmh must be > 0`);
    const mps = road.speedKmh / 3.6;
    let prev = -1;
    for (const p of road.coords) {
      const cur = node(p);
      if (prev >= 0 && cur !== prev) {
        const m = haversineMeters(lonList[prev]!, latList[prev]!, lonList[cur]!, latList[cur]!);
        const s = q === undefined ? m / mps : Math.max(1, Math.round(m / mps / q)) * q;
        src.push(prev), dst.push(cur), sec.push(s), len.push(m), rid.push(road.id);
        if (!road.oneway) src.push(cur), dst.push(prev), sec.push(s), len.push(m), rid.push(road.id);
      }
      prev = cur;
    }
  }

  const n = lonList.length;
  const m = src.length;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) offsets[src[e]! + 1]!++;
  for (let u = 0; u < n; u++) offsets[u + 1]! += offsets[u]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(m);
  const seconds = new Float32Array(m);
  const meters = new Float32Array(m);
  const roadId = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const at = fill[src[e]!]!++;
    targets[at] = dst[e]!;
    seconds[at] = sec[e]!;
    meters[at] = len[e]!;
    roadId[at] = rid[e]!;
  }

  const lon = Float64Array.from(lonList);
  const lat = Float64Array.from(latList);
  let meanLat = 0;
  for (let i = 0; i < n; i++) meanLat += lat[i]!;
  meanLat = n > 0 ? meanLat / n : 0;
  const lonScale = Math.cos((meanLat * Math.PI) / 180);
  let index: Flatbush | null = null;
  if (n > 0) {
    index = new Flatbush(n);
    for (let i = 0; i < n; i++) index.add(lon[i]! * lonScale, lat[i]!, lon[i]! * lonScale, lat[i]!);
    index.finish();
  }
  return { nodeCount: n, edgeCount: m, lon, lat, offsets, targets, seconds, meters, roadId, index, lonScale };
}

/** The node nearest to (lon, lat), or -1 if the graph is empty or nothing lies within maxMeters. */
export function nearestNode(graph: RoadGraph, lon: number, lat: number, maxMeters = Infinity): number {
  if (!graph.index) return -1;
  const maxDeg = Number.isFinite(maxMeters) ? maxMeters / 111195 : Infinity;
  const found = graph.index.neighbors(lon * graph.lonScale, lat, 1, maxDeg);
  return found.length > 0 ? found[0]! : -1;
}

/** Nodes within radiusMeters of (lon, lat), nearest first. */
export function nodesWithin(graph: RoadGraph, lon: number, lat: number, radiusMeters: number, maxResults = Infinity): number[] {
  if (!graph.index) return [];
  return graph.index.neighbors(lon * graph.lonScale, lat, maxResults, radiusMeters / 111195);
}

/** The fastest edge from u to v, or -1 if there is none. */
export function edgeBetween(graph: RoadGraph, u: number, v: number): number {
  let best = -1;
  for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
    if (graph.targets[e] === v && (best < 0 || graph.seconds[e]! < graph.seconds[best]!)) best = e;
  }
  return best;
}

/** Coordinates of a node path. */
export function pathCoords(graph: RoadGraph, nodes: readonly number[]): [number, number][] {
  return nodes.map((u) => [graph.lon[u]!, graph.lat[u]!]);
}

/** Weakly connected components (edges taken as undirected): a label per node and the number of components. */
export function connectedComponents(graph: RoadGraph): { labels: Int32Array; count: number; sizes: number[] } {
  const n = graph.nodeCount;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let u = 0; u < n; u++) {
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
      const a = find(u);
      const b = find(graph.targets[e]!);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const labels = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  for (let u = 0; u < n; u++) {
    const r = find(u);
    if (labels[r] === -1) {
      labels[r] = sizes.length;
      sizes.push(0);
    }
    labels[u] = labels[r]!;
    sizes[labels[u]!]!++;
  }
  return { labels, count: sizes.length, sizes };
}

/** Nodes reachable from `from` following edge directions (or against them when reverse is true). */
export function reachable(graph: RoadGraph, from: number, reverse = false): Uint8Array {
  const n = graph.nodeCount;
  const seen = new Uint8Array(n);
  if (from < 0 || from >= n) return seen;
  let offsets = graph.offsets;
  let targets = graph.targets;
  if (reverse) {
    const r = reverseAdjacency(graph);
    offsets = r.offsets;
    targets = r.targets;
  }
  const stack = [from];
  seen[from] = 1;
  while (stack.length > 0) {
    const u = stack.pop()!;
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
      const v = targets[e]!;
      if (!seen[v]) {
        seen[v] = 1;
        stack.push(v);
      }
    }
  }
  return seen;
}

/** The reversed CSR (edges into each node), with the index of the original edge. */
export function reverseAdjacency(graph: RoadGraph): { offsets: Int32Array; targets: Int32Array; edge: Int32Array } {
  const n = graph.nodeCount;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < graph.edgeCount; e++) offsets[graph.targets[e]! + 1]!++;
  for (let u = 0; u < n; u++) offsets[u + 1]! += offsets[u]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(graph.edgeCount);
  const edge = new Int32Array(graph.edgeCount);
  for (let u = 0; u < n; u++) {
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
      const at = fill[graph.targets[e]!]!++;
      targets[at] = u;
      edge[at] = e;
    }
  }
  return { offsets, targets, edge };
}

/** True if every node can reach every other node along edge directions. */
export function isStronglyConnected(graph: RoadGraph): boolean {
  if (graph.nodeCount === 0) return true;
  const f = reachable(graph, 0);
  const b = reachable(graph, 0, true);
  for (let i = 0; i < graph.nodeCount; i++) if (!f[i] || !b[i]) return false;
  return true;
}
