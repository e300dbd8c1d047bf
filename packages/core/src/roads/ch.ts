// Contraction hierarchies (Geisberger et al. 2008) on a RoadGraph: preprocessing, one-to-one bidirectional queries,
// and PHAST / RPHAST sweeps (Delling et al. 2011) for one-to-all, all-to-one and many-to-one (every unit to one
// incident) with a cutoff.
//
// Preprocessing contracts nodes one at a time in the order of a lazily updated priority
//   edgeDifference (shortcuts added - edges removed) * 2 + deletedNeighbours + level
// and adds a shortcut u -> w through v unless a witness search (a Dijkstra from u that avoids v, stopped after
// `witnessSettledLimit` settled nodes or beyond the shortcut's weight) finds a path no longer than u -> v -> w.
// Stopping a witness search early only adds unnecessary shortcuts; it never loses a shortest path.
//
// Node ids in the hierarchy are ranks (0 = contracted first); `rank` / `order` translate. Every edge leads from a
// lower to a higher rank: `up*` holds u -> w stored at u, `down*` holds u -> w stored at w (u higher), for the
// backward search. Weights are the graph's Float32 seconds widened to Float64; a shortcut's weight is the sum of its
// two halves.
//
// Exactness: a CH query and Dijkstra may add the same edge times in a different order, or find a different path of
// the same length. Both give bit-identical times when every sum is exact, i.e. when all edge times are multiples of
// a power of two 2^q and sums stay below 2^(53+q). `exactArithmetic` records whether that holds for this graph
// (checked against four times the total of all edge times); graphs built with a secondsQuantum (every OSM graph)
// satisfy it. Otherwise times agree to within a few ulps.

import type { RoadGraph } from './graph';
import { MinHeap } from './heap';
import type { PathResult } from './path';

export interface ContractionHierarchy {
  readonly nodeCount: number;
  /** rank[v] for graph node v; order[r] is the graph node of rank r. */
  readonly rank: Int32Array;
  readonly order: Int32Array;
  /** Upward edges by lower endpoint (rank ids): r -> upTargets[e] for e in upOffsets[r] .. upOffsets[r + 1] - 1. */
  readonly upOffsets: Int32Array;
  readonly upTargets: Int32Array;
  readonly upWeights: Float64Array;
  /** Rank of the node a shortcut bypasses; -1 for an original edge. */
  readonly upMiddle: Int32Array;
  /** Edges into r from higher ranks: downTargets[e] -> r. */
  readonly downOffsets: Int32Array;
  readonly downTargets: Int32Array;
  readonly downWeights: Float64Array;
  readonly downMiddle: Int32Array;
  readonly shortcutCount: number;
  /** True when every time sum is exact in Float64 (see the file comment): CH times equal Dijkstra's bit for bit. */
  readonly exactArithmetic: boolean;
}

export interface ChBuildOptions {
  /** Settled-node limit of a witness search when contracting (default 500). */
  witnessSettledLimit?: number;
  /** Settled-node limit when estimating a node's priority (default 100). */
  priorityWitnessSettledLimit?: number;
  /** Weights of the priority terms (edge difference, deleted neighbours, level); defaults 2, 1, 1. */
  priorityWeights?: readonly [number, number, number];
}

/** Lowest set bit of a Float32 value, as a power of two exponent (value > 0). */
function lowestBitExponent(f32: Float32Array, u32: Uint32Array, v: number): number {
  f32[0] = v;
  const bits = u32[0]!;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp !== 0) mant |= 0x800000;
  const ctz = 31 - Math.clz32(mant & -mant);
  return (exp === 0 ? -149 : exp - 150) + ctz;
}

/** Whether all sums of this graph's edge times are exact in Float64 (see the file comment). */
export function hasExactTimeSums(graph: RoadGraph): boolean {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  let low = Infinity;
  let total = 0;
  for (let e = 0; e < graph.edgeCount; e++) {
    const s = graph.seconds[e]!;
    if (!(s >= 0) || !Number.isFinite(s)) return false;
    if (s === 0) continue;
    total += s;
    low = Math.min(low, lowestBitExponent(f32, u32, s));
  }
  return total === 0 || 4 * total < 2 ** (53 + low);
}

/** Build the hierarchy. Deterministic: the same graph gives the same hierarchy. */
export function buildContractionHierarchy(graph: RoadGraph, options: ChBuildOptions = {}): ContractionHierarchy {
  const n = graph.nodeCount;
  const limitContract = options.witnessSettledLimit ?? 500;
  const limitPriority = options.priorityWitnessSettledLimit ?? 100;
  const pw = options.priorityWeights ?? [2, 1, 1];

  // Dynamic adjacency over uncontracted nodes: out[u] and in[u] as parallel arrays (neighbour, weight, middle).
  const outTo: number[][] = [];
  const outW: number[][] = [];
  const outMid: number[][] = [];
  const inFrom: number[][] = [];
  const inW: number[][] = [];
  const inMid: number[][] = [];
  for (let u = 0; u < n; u++) {
    outTo.push([]), outW.push([]), outMid.push([]), inFrom.push([]), inW.push([]), inMid.push([]);
  }
  const setEdge = (u: number, w: number, weight: number, mid: number): void => {
    const to = outTo[u]!;
    const i = to.indexOf(w);
    if (i >= 0) {
      if (weight < outW[u]![i]!) {
        outW[u]![i] = weight;
        outMid[u]![i] = mid;
        const j = inFrom[w]!.indexOf(u);
        inW[w]![j] = weight;
        inMid[w]![j] = mid;
      }
      return;
    }
    to.push(w), outW[u]!.push(weight), outMid[u]!.push(mid);
    inFrom[w]!.push(u), inW[w]!.push(weight), inMid[w]!.push(mid);
  };
  const removeAt = (a: number[], b: number[], c: number[], i: number): void => {
    const last = a.length - 1;
    a[i] = a[last]!, b[i] = b[last]!, c[i] = c[last]!;
    a.pop(), b.pop(), c.pop();
  };
  for (let u = 0; u < n; u++) {
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
      const v = graph.targets[e]!;
      if (v !== u) setEdge(u, v, graph.seconds[e]!, -1);
    }
  }

  // Witness search workspace.
  const wDist = new Float64Array(n).fill(Infinity);
  const wTouched: number[] = [];
  const wHeap = new MinHeap(256);
  const witness = (source: number, avoid: number, maxDist: number, settleLimit: number): void => {
    for (const x of wTouched) wDist[x] = Infinity;
    wTouched.length = 0;
    wHeap.clear();
    wDist[source] = 0;
    wTouched.push(source);
    wHeap.push(0, source);
    let settled = 0;
    while (wHeap.size > 0) {
      const d = wHeap.peekKey();
      const x = wHeap.pop();
      if (d > wDist[x]!) continue;
      if (d > maxDist || ++settled > settleLimit) break;
      const to = outTo[x]!;
      const ws = outW[x]!;
      for (let i = 0; i < to.length; i++) {
        const y = to[i]!;
        if (y === avoid) continue;
        const nd = d + ws[i]!;
        if (nd < wDist[y]!) {
          if (wDist[y] === Infinity) wTouched.push(y);
          wDist[y] = nd;
          wHeap.push(nd, y);
        }
      }
    }
  };

  // The shortcuts that contracting v needs: [u, w, weight] triples, or just their count.
  const shortcutsOf = (v: number, settleLimit: number, out: number[] | null): number => {
    let count = 0;
    const ins = inFrom[v]!;
    const outs = outTo[v]!;
    if (ins.length === 0 || outs.length === 0) return 0;
    for (let i = 0; i < ins.length; i++) {
      const u = ins[i]!;
      const wu = inW[v]![i]!;
      let maxOut = -1;
      for (let j = 0; j < outs.length; j++) if (outs[j] !== u && outW[v]![j]! > maxOut) maxOut = outW[v]![j]!;
      if (maxOut < 0) continue;
      witness(u, v, wu + maxOut, settleLimit);
      for (let j = 0; j < outs.length; j++) {
        const w = outs[j]!;
        if (w === u) continue;
        const via = wu + outW[v]![j]!;
        if (wDist[w]! > via) {
          count++;
          if (out) out.push(u, w, via);
        }
      }
    }
    return count;
  };

  const deleted = new Int32Array(n);
  const level = new Int32Array(n);
  const priority = (v: number): number => {
    const shortcuts = shortcutsOf(v, limitPriority, null);
    const removed = inFrom[v]!.length + outTo[v]!.length;
    return pw[0] * (shortcuts - removed) + pw[1] * deleted[v]! + pw[2] * level[v]!;
  };

  const prio = new Float64Array(n);
  const queue = new MinHeap(n + 16);
  for (let v = 0; v < n; v++) {
    prio[v] = priority(v);
    queue.push(prio[v]!, v);
  }

  const rank = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  // Edges recorded when their lower endpoint is contracted (graph node ids for now).
  const upFrom: number[] = [];
  const upTo: number[] = [];
  const upW: number[] = [];
  const upM: number[] = [];
  const dnAt: number[] = [];
  const dnFrom: number[] = [];
  const dnW: number[] = [];
  const dnM: number[] = [];
  let shortcutCount = 0;
  let next = 0;
  const pending: number[] = [];
  while (queue.size > 0) {
    const key = queue.peekKey();
    const v = queue.pop();
    if (rank[v] !== -1 || key !== prio[v]) continue; // contracted already, or a stale entry
    const p = priority(v);
    if (p > queue.peekKey()) {
      prio[v] = p;
      queue.push(p, v);
      continue;
    }
    pending.length = 0;
    shortcutsOf(v, limitContract, pending);
    rank[v] = next;
    order[next++] = v;
    const outs = outTo[v]!;
    const ins = inFrom[v]!;
    for (let j = 0; j < outs.length; j++) {
      upFrom.push(v), upTo.push(outs[j]!), upW.push(outW[v]![j]!), upM.push(outMid[v]![j]!);
    }
    for (let i = 0; i < ins.length; i++) {
      dnAt.push(v), dnFrom.push(ins[i]!), dnW.push(inW[v]![i]!), dnM.push(inMid[v]![i]!);
    }
    const neighbours = new Set<number>();
    for (const w of outs) {
      const k = inFrom[w]!.indexOf(v);
      removeAt(inFrom[w]!, inW[w]!, inMid[w]!, k);
      neighbours.add(w);
    }
    for (const u of ins) {
      const k = outTo[u]!.indexOf(v);
      removeAt(outTo[u]!, outW[u]!, outMid[u]!, k);
      neighbours.add(u);
    }
    outTo[v] = [], outW[v] = [], outMid[v] = [], inFrom[v] = [], inW[v] = [], inMid[v] = [];
    for (let i = 0; i < pending.length; i += 3) {
      const before = outTo[pending[i]!]!.length;
      setEdge(pending[i]!, pending[i + 1]!, pending[i + 2]!, v);
      if (outTo[pending[i]!]!.length > before) shortcutCount++;
    }
    for (const x of neighbours) {
      deleted[x]!++;
      if (level[x]! < level[v]! + 1) level[x] = level[v]! + 1;
      prio[x] = priority(x);
      queue.push(prio[x]!, x);
    }
  }

  const toCsr = (at: number[], other: number[], w: number[], mid: number[]) => {
    const m = at.length;
    const offsets = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) offsets[rank[at[e]!]! + 1]!++;
    for (let r = 0; r < n; r++) offsets[r + 1]! += offsets[r]!;
    const fill = offsets.slice(0, n);
    const targets = new Int32Array(m);
    const weights = new Float64Array(m);
    const middle = new Int32Array(m);
    for (let e = 0; e < m; e++) {
      const k = fill[rank[at[e]!]!]!++;
      targets[k] = rank[other[e]!]!;
      weights[k] = w[e]!;
      middle[k] = mid[e]! < 0 ? -1 : rank[mid[e]!]!;
    }
    return { offsets, targets, weights, middle };
  };
  const up = toCsr(upFrom, upTo, upW, upM);
  const down = toCsr(dnAt, dnFrom, dnW, dnM);
  return {
    nodeCount: n,
    rank,
    order,
    upOffsets: up.offsets,
    upTargets: up.targets,
    upWeights: up.weights,
    upMiddle: up.middle,
    downOffsets: down.offsets,
    downTargets: down.targets,
    downWeights: down.weights,
    downMiddle: down.middle,
    shortcutCount,
    exactArithmetic: hasExactTimeSums(graph),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

/** Reusable scratch memory for queries on one hierarchy (one per concurrent caller). */
export class ChWorkspace {
  readonly distF: Float64Array;
  readonly distB: Float64Array;
  readonly predF: Int32Array;
  readonly predB: Int32Array;
  readonly heapF = new MinHeap(256);
  readonly heapB = new MinHeap(256);
  readonly touchedF: number[] = [];
  readonly touchedB: number[] = [];
  /** Full-size distance array for sweeps, kept all-Infinity between calls. */
  readonly sweep: Float64Array;

  constructor(readonly ch: ContractionHierarchy) {
    const n = ch.nodeCount;
    this.distF = new Float64Array(n).fill(Infinity);
    this.distB = new Float64Array(n).fill(Infinity);
    this.predF = new Int32Array(n).fill(-1);
    this.predB = new Int32Array(n).fill(-1);
    this.sweep = new Float64Array(n).fill(Infinity);
  }

  reset(): void {
    for (const x of this.touchedF) (this.distF[x] = Infinity), (this.predF[x] = -1);
    for (const x of this.touchedB) (this.distB[x] = Infinity), (this.predB[x] = -1);
    this.touchedF.length = 0;
    this.touchedB.length = 0;
    this.heapF.clear();
    this.heapB.clear();
  }
}

const workspaces = new WeakMap<ContractionHierarchy, ChWorkspace>();
function workspaceOf(ch: ContractionHierarchy, ws: ChWorkspace | undefined): ChWorkspace {
  if (ws) {
    if (ws.ch !== ch) throw new Error('the workspace belongs to another hierarchy');
    return ws;
  }
  let w = workspaces.get(ch);
  if (!w) workspaces.set(ch, (w = new ChWorkspace(ch)));
  return w;
}

function checkNode(ch: ContractionHierarchy, u: number, name: string): void {
  if (!Number.isInteger(u) || u < 0 || u >= ch.nodeCount) throw new RangeError(`${name}: node ${u} is not in the graph`);
}

/** Bidirectional upward search with stall-on-demand; returns [seconds, meeting rank] (meeting -1 if unreachable). */
function bidirectional(ch: ContractionHierarchy, s: number, t: number, w: ChWorkspace): [number, number] {
  w.reset();
  const { upOffsets, upTargets, upWeights, downOffsets, downTargets, downWeights } = ch;
  const { distF, distB, predF, predB, heapF, heapB, touchedF, touchedB } = w;
  distF[s] = 0;
  distB[t] = 0;
  touchedF.push(s);
  touchedB.push(t);
  heapF.push(0, s);
  heapB.push(0, t);
  let best = Infinity;
  let meet = -1;
  for (;;) {
    const kf = heapF.peekKey();
    const kb = heapB.peekKey();
    if (kf >= best && kb >= best) break; // also ends when both heaps are empty
    const forward = kf <= kb;
    if (forward) {
      const u = heapF.pop();
      if (kf > distF[u]!) continue;
      const total = kf + distB[u]!;
      if (total < best) (best = total), (meet = u);
      // stall-on-demand: u is reached more cheaply from a higher node going down, so no shortest path climbs here
      let stalled = false;
      for (let e = downOffsets[u]!; e < downOffsets[u + 1]!; e++) {
        if (distF[downTargets[e]!]! + downWeights[e]! < kf) {
          stalled = true;
          break;
        }
      }
      if (stalled) continue;
      for (let e = upOffsets[u]!; e < upOffsets[u + 1]!; e++) {
        const v = upTargets[e]!;
        const nd = kf + upWeights[e]!;
        if (nd < distF[v]!) {
          if (distF[v] === Infinity) touchedF.push(v);
          distF[v] = nd;
          predF[v] = e;
          heapF.push(nd, v);
        }
      }
    } else {
      const u = heapB.pop();
      if (kb > distB[u]!) continue;
      const total = kb + distF[u]!;
      if (total < best) (best = total), (meet = u);
      let stalled = false;
      for (let e = upOffsets[u]!; e < upOffsets[u + 1]!; e++) {
        if (distB[upTargets[e]!]! + upWeights[e]! < kb) {
          stalled = true;
          break;
        }
      }
      if (stalled) continue;
      for (let e = downOffsets[u]!; e < downOffsets[u + 1]!; e++) {
        const v = downTargets[e]!;
        const nd = kb + downWeights[e]!;
        if (nd < distB[v]!) {
          if (distB[v] === Infinity) touchedB.push(v);
          distB[v] = nd;
          predB[v] = e;
          heapB.push(nd, v);
        }
      }
    }
  }
  return [best, meet];
}

/** Fastest travel time in seconds from graph node `from` to `to`; Infinity if unreachable. */
export function chTravelTime(ch: ContractionHierarchy, from: number, to: number, ws?: ChWorkspace): number {
  checkNode(ch, from, 'from');
  checkNode(ch, to, 'to');
  if (from === to) return 0;
  return bidirectional(ch, ch.rank[from]!, ch.rank[to]!, workspaceOf(ch, ws))[0];
}

/** Index of the up edge a -> b (a lower) or -1. */
function findUp(ch: ContractionHierarchy, a: number, b: number): number {
  for (let e = ch.upOffsets[a]!; e < ch.upOffsets[a + 1]!; e++) if (ch.upTargets[e] === b) return e;
  return -1;
}
/** Index of the down edge a -> b stored at b (a higher) or -1. */
function findDown(ch: ContractionHierarchy, a: number, b: number): number {
  for (let e = ch.downOffsets[b]!; e < ch.downOffsets[b + 1]!; e++) if (ch.downTargets[e] === a) return e;
  return -1;
}

/** Expand the hierarchy edge a -> b (ranks) with middle m into rank nodes after a, appended to out. */
function unpack(ch: ContractionHierarchy, a: number, b: number, m: number, out: number[]): void {
  // stack of [from, to, middle]; process left halves first
  const stack: number[] = [a, b, m];
  while (stack.length > 0) {
    const mid = stack.pop()!;
    const to = stack.pop()!;
    const from = stack.pop()!;
    if (mid < 0) {
      out.push(to);
      continue;
    }
    // from -> mid is stored at mid (from higher); mid -> to is stored at mid as an up edge
    const e1 = findDown(ch, from, mid);
    const e2 = findUp(ch, mid, to);
    if (e1 < 0 || e2 < 0) throw new Error('contraction hierarchy is inconsistent');
    stack.push(mid, to, ch.upMiddle[e2]!);
    stack.push(from, mid, ch.downMiddle[e1]!);
  }
}

/**
 * Fastest path by the hierarchy, unpacked into graph nodes, or null if unreachable. `graph` must be the graph the
 * hierarchy was built from (for metres: the fastest edge between consecutive nodes, as Dijkstra would take).
 */
export function chShortestPath(ch: ContractionHierarchy, graph: RoadGraph, from: number, to: number, ws?: ChWorkspace): PathResult | null {
  checkNode(ch, from, 'from');
  checkNode(ch, to, 'to');
  if (from === to) return { seconds: 0, meters: 0, nodes: [from] };
  const w = workspaceOf(ch, ws);
  const s = ch.rank[from]!;
  const t = ch.rank[to]!;
  const [seconds, meet] = bidirectional(ch, s, t, w);
  if (meet < 0) return null;
  // forward half: edges from s up to meet, collected backwards
  const fEdges: number[] = [];
  for (let x = meet; x !== s; ) {
    const e = w.predF[x]!;
    fEdges.push(e);
    x = sourceOfUp(ch, e);
  }
  fEdges.reverse();
  const ranks: number[] = [s];
  for (const e of fEdges) unpack(ch, sourceOfUp(ch, e), ch.upTargets[e]!, ch.upMiddle[e]!, ranks);
  for (let x = meet; x !== t; ) {
    const e = w.predB[x]!; // down edge x -> y stored at y
    const y = atOfDown(ch, e);
    unpack(ch, x, y, ch.downMiddle[e]!, ranks);
    x = y;
  }
  const nodes = ranks.map((r) => ch.order[r]!);
  let meters = 0;
  for (let i = 1; i < nodes.length; i++) {
    let best = -1;
    const u = nodes[i - 1]!;
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
      if (graph.targets[e] === nodes[i] && (best < 0 || graph.seconds[e]! < graph.seconds[best]!)) best = e;
    }
    meters += graph.meters[best]!;
  }
  return { seconds, meters, nodes };
}

function csrOwner(offsets: Int32Array, e: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
const sourceOfUp = (ch: ContractionHierarchy, e: number): number => csrOwner(ch.upOffsets, e);
const atOfDown = (ch: ContractionHierarchy, e: number): number => csrOwner(ch.downOffsets, e);

// --- PHAST sweeps ------------------------------------------------------------------------------------------------

/** A set of nodes prepared for repeated many-to-one queries (RPHAST selection): their upward closure, by rank. */
export interface ChSourceSelection {
  readonly sources: Int32Array;
  /** Ranks reachable upward from the sources, highest first. */
  readonly ranks: Int32Array;
}

/** Prepare a set of source nodes (e.g. the positions of all available units) for chManyToOne. */
export function chSelectSources(ch: ContractionHierarchy, sources: ArrayLike<number>): ChSourceSelection {
  const mark = new Uint8Array(ch.nodeCount);
  const stack: number[] = [];
  const picked: number[] = [];
  for (let i = 0; i < sources.length; i++) {
    checkNode(ch, sources[i]!, `sources[${i}]`);
    const r = ch.rank[sources[i]!]!;
    if (!mark[r]) (mark[r] = 1), stack.push(r), picked.push(r);
  }
  while (stack.length > 0) {
    const r = stack.pop()!;
    for (let e = ch.upOffsets[r]!; e < ch.upOffsets[r + 1]!; e++) {
      const v = ch.upTargets[e]!;
      if (!mark[v]) (mark[v] = 1), stack.push(v), picked.push(v);
    }
  }
  const ranks = Int32Array.from(picked).sort().reverse();
  return { sources: Int32Array.from(sources), ranks };
}

export interface ChManyToOneOptions {
  /** Times above this are reported as Infinity (and prune the backward search). Default Infinity. */
  cutoffSeconds?: number;
  ws?: ChWorkspace;
}

/** Backward upward search from rank t into w.distB (touchedB lists the reached ranks). */
function backwardUp(ch: ContractionHierarchy, t: number, cutoff: number, w: ChWorkspace): void {
  w.reset();
  const { downOffsets, downTargets, downWeights } = ch;
  const { distB, heapB, touchedB } = w;
  distB[t] = 0;
  touchedB.push(t);
  heapB.push(0, t);
  while (heapB.size > 0) {
    const d = heapB.peekKey();
    const u = heapB.pop();
    if (d > distB[u]!) continue;
    for (let e = downOffsets[u]!; e < downOffsets[u + 1]!; e++) {
      const v = downTargets[e]!;
      const nd = d + downWeights[e]!;
      if (nd <= cutoff && nd < distB[v]!) {
        if (distB[v] === Infinity) touchedB.push(v);
        distB[v] = nd;
        heapB.push(nd, v);
      }
    }
  }
}

/**
 * Travel time in seconds from each source node to the target node (every unit to one incident), in the order of
 * the sources; Infinity where unreachable or above the cutoff. Pass a selection from chSelectSources to reuse the
 * sources' upward closure across calls (RPHAST); with a plain array the closure is computed on each call.
 */
export function chManyToOne(
  ch: ContractionHierarchy,
  sources: ArrayLike<number> | ChSourceSelection,
  target: number,
  options: ChManyToOneOptions = {},
): Float64Array {
  checkNode(ch, target, 'target');
  const sel = 'ranks' in sources && sources.ranks instanceof Int32Array ? (sources as ChSourceSelection) : chSelectSources(ch, sources as ArrayLike<number>);
  const cutoff = options.cutoffSeconds ?? Infinity;
  const w = workspaceOf(ch, options.ws);
  backwardUp(ch, ch.rank[target]!, cutoff, w);
  const dist = w.sweep;
  for (const x of w.touchedB) dist[x] = w.distB[x]!;
  const { upOffsets, upTargets, upWeights } = ch;
  const ranks = sel.ranks;
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i]!;
    let d = dist[r]!;
    for (let e = upOffsets[r]!; e < upOffsets[r + 1]!; e++) {
      const nd = dist[upTargets[e]!]! + upWeights[e]!;
      if (nd < d) d = nd;
    }
    dist[r] = d;
  }
  const out = new Float64Array(sel.sources.length);
  for (let i = 0; i < out.length; i++) {
    const d = dist[ch.rank[sel.sources[i]!]!]!;
    out[i] = d <= cutoff ? d : Infinity;
  }
  for (let i = 0; i < ranks.length; i++) dist[ranks[i]!] = Infinity;
  for (const x of w.touchedB) dist[x] = Infinity;
  return out;
}

/**
 * Travel times in seconds between one node and every node (PHAST): `direction` 'from' gives the time from `node` to
 * each node, 'to' the time from each node to `node`. Indexed by graph node; Infinity where unreachable or above the
 * cutoff. For reach areas (1, 3, 5 minutes) and coverage.
 */
export function chTravelTimesAll(
  ch: ContractionHierarchy,
  node: number,
  direction: 'from' | 'to',
  cutoffSeconds = Infinity,
): Float64Array {
  checkNode(ch, node, 'node');
  const n = ch.nodeCount;
  const dist = new Float64Array(n).fill(Infinity);
  // upward search from node (forward: up edges; 'to': down edges), then a sweep over all ranks, highest first
  const fromDir = direction === 'from';
  const sOff = fromDir ? ch.upOffsets : ch.downOffsets;
  const sTgt = fromDir ? ch.upTargets : ch.downTargets;
  const sW = fromDir ? ch.upWeights : ch.downWeights;
  const heap = new MinHeap(256);
  const start = ch.rank[node]!;
  dist[start] = 0;
  heap.push(0, start);
  while (heap.size > 0) {
    const d = heap.peekKey();
    const u = heap.pop();
    if (d > dist[u]!) continue;
    for (let e = sOff[u]!; e < sOff[u + 1]!; e++) {
      const v = sTgt[e]!;
      const nd = d + sW[e]!;
      if (nd <= cutoffSeconds && nd < dist[v]!) (dist[v] = nd), heap.push(nd, v);
    }
  }
  // sweep: dist(x) = min over edges between x and higher y (x -> y for 'to', y -> x for 'from') of dist(y) + w
  const wOff = fromDir ? ch.downOffsets : ch.upOffsets;
  const wTgt = fromDir ? ch.downTargets : ch.upTargets;
  const wW = fromDir ? ch.downWeights : ch.upWeights;
  for (let r = n - 1; r >= 0; r--) {
    let d = dist[r]!;
    for (let e = wOff[r]!; e < wOff[r + 1]!; e++) {
      const nd = dist[wTgt[e]!]! + wW[e]!;
      if (nd < d) d = nd;
    }
    dist[r] = d;
  }
  const out = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const d = dist[ch.rank[v]!]!;
    out[v] = d <= cutoffSeconds ? d : Infinity;
  }
  return out;
}
