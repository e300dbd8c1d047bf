// Shortest paths by plain Dijkstra with a binary heap (lazy deletion). Deterministic: ties in distance are
// settled in node-id order and a node's predecessor only changes on a strict improvement.

import type { RoadGraph } from './graph';
import { MinHeap } from './heap';

export interface PathResult {
  /** Travel time in seconds along the path. */
  seconds: number;
  /** Length in metres along the path. */
  meters: number;
  /** Node ids from `from` to `to`, both included. */
  nodes: number[];
}

function checkNode(graph: RoadGraph, u: number, name: string): void {
  if (!Number.isInteger(u) || u < 0 || u >= graph.nodeCount) throw new RangeError(`${name}: node ${u} is not in the graph`);
}

/** Fastest path from node `from` to node `to`, or null if `to` cannot be reached. */
export function shortestPath(graph: RoadGraph, from: number, to: number): PathResult | null {
  checkNode(graph, from, 'from');
  checkNode(graph, to, 'to');
  if (from === to) return { seconds: 0, meters: 0, nodes: [from] };
  const n = graph.nodeCount;
  const dist = new Float64Array(n).fill(Infinity);
  const predEdge = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const heap = new MinHeap(64);
  dist[from] = 0;
  heap.push(0, from);
  const { offsets, targets, seconds } = graph;
  while (heap.size > 0) {
    const d = heap.peekKey();
    const u = heap.pop();
    if (done[u]) continue;
    done[u] = 1;
    if (u === to) break;
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
      const v = targets[e]!;
      if (done[v]) continue;
      const nd = d + seconds[e]!;
      if (nd < dist[v]!) {
        dist[v] = nd;
        predEdge[v] = e;
        heap.push(nd, v);
      }
    }
  }
  if (!done[to]) return null;
  const edges: number[] = [];
  for (let v = to; v !== from; ) {
    const e = predEdge[v]!;
    edges.push(e);
    v = sourceOfEdge(graph, e);
  }
  edges.reverse();
  const nodes = [from];
  let meters = 0;
  for (const e of edges) {
    nodes.push(graph.targets[e]!);
    meters += graph.meters[e]!;
  }
  return { seconds: dist[to]!, meters, nodes };
}

/** The source node of an edge (binary search in offsets). */
export function sourceOfEdge(graph: RoadGraph, e: number): number {
  const o = graph.offsets;
  let lo = 0;
  let hi = graph.nodeCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (o[mid]! <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Travel times in seconds from node `from` to every node; Infinity where unreachable or beyond cutoffSeconds.
 */
export function travelTimesFrom(graph: RoadGraph, from: number, cutoffSeconds = Infinity): Float64Array {
  checkNode(graph, from, 'from');
  const n = graph.nodeCount;
  const dist = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  const heap = new MinHeap(64);
  dist[from] = 0;
  heap.push(0, from);
  const { offsets, targets, seconds } = graph;
  while (heap.size > 0) {
    const d = heap.peekKey();
    const u = heap.pop();
    if (done[u]) continue;
    if (d > cutoffSeconds) break;
    done[u] = 1;
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
      const v = targets[e]!;
      if (done[v]) continue;
      const nd = d + seconds[e]!;
      if (nd < dist[v]!) {
        dist[v] = nd;
        heap.push(nd, v);
      }
    }
  }
  for (let i = 0; i < n; i++) if (!done[i]) dist[i] = Infinity;
  return dist;
}
