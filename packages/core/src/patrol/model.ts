// The problem compiled into typed arrays for the search (and the checker).

import type { PatrolProblem, TravelMatrix } from './types';

export type Matrix = Float64Array | Float32Array;

export interface Model {
  n: number;
  m: number;
  prize: Float64Array;
  service: Float64Array;
  open: Float64Array;
  close: Float64Array;
  mand: Int32Array;
  maxVisits: Int32Array;
  gap: Float64Array;
  decay: Float64Array;
  /** 1 when a node has a minimum gap between visits and may be visited more than once. */
  isGap: Uint8Array;
  teamStart: Int32Array;
  teamEnd: Int32Array;
  shift: Float64Array;
  /** Travel matrix of each team (shared objects between teams of the same mode). */
  mat: Matrix[];
  /** Some node has a binding window (open > 0 or a finite close). */
  hasTW: boolean;
  /** Some node has gap-constrained repeat visits. */
  hasGap: boolean;
  /** Neither: route feasibility is duration <= shift, and every move is checked in O(1). */
  plain: boolean;
  eps: number;
  /** Nodes worth scheduling (prize > 0 or mandatory) that at least one team can reach and serve in its shift. */
  candidates: Int32Array;
  /** Team t can serve node j (alone on its route): reach[t * n + j]. */
  reach: Uint8Array;
  /** Total mandatory visits asked for. */
  mandTotal: number;
  /** Mandatory visits of candidate nodes (an upper bound on the mandatory visits a plan can make). */
  mandReachable: number;
  /** Prize of every allowed visit to every candidate node. */
  prizeUpperBound: number;
  /** Mean travel time between candidate nodes (a scale for the search's parameters). */
  meanTravel: number;
  meanPrize: number;
}

const num = (x: number | undefined, d: number): number => (x === undefined || Number.isNaN(x) ? d : x);

function toMatrix(t: TravelMatrix, n: number, what: string): Matrix {
  if (t.length !== n * n) throw new RangeError(`${what}: expected ${n * n} entries (n = ${n}), got ${t.length}`);
  if (t instanceof Float64Array || t instanceof Float32Array) return t;
  return Float64Array.from(t);
}

/** Compile a problem; throws RangeError on malformed input (bad indices, sizes, negative values). */
export function compile(p: PatrolProblem, tolerance = 1e-7): Model {
  const n = p.nodes.length;
  const m = p.teams.length;
  const prize = new Float64Array(n);
  const service = new Float64Array(n);
  const open = new Float64Array(n);
  const close = new Float64Array(n);
  const mand = new Int32Array(n);
  const maxVisits = new Int32Array(n);
  const gap = new Float64Array(n);
  const decay = new Float64Array(n);
  const isGap = new Uint8Array(n);
  let hasTW = false;
  let hasGap = false;
  for (let i = 0; i < n; i++) {
    const v = p.nodes[i]!;
    prize[i] = num(v.prize, 0);
    service[i] = num(v.service, 0);
    open[i] = num(v.open, 0);
    close[i] = num(v.close, Infinity);
    mand[i] = Math.max(0, Math.floor(num(v.mandatoryVisits, 0)));
    maxVisits[i] = Math.max(mand[i]!, Math.floor(num(v.maxVisits, Math.max(1, mand[i]!))));
    gap[i] = num(v.minGapSeconds, 0);
    decay[i] = num(v.repeatDecay, 1);
    if (!(prize[i]! >= 0) || !Number.isFinite(prize[i]!)) throw new RangeError(`node ${v.id}: prize must be finite and >= 0`);
    if (!(service[i]! >= 0) || !Number.isFinite(service[i]!)) throw new RangeError(`node ${v.id}: service must be finite and >= 0`);
    if (!(decay[i]! >= 0)) throw new RangeError(`node ${v.id}: repeatDecay must be >= 0`);
    if (!(gap[i]! >= 0)) throw new RangeError(`node ${v.id}: minGapSeconds must be >= 0`);
    if (open[i]! > 0 || close[i]! < Infinity) hasTW = true;
    if (gap[i]! > 0 && maxVisits[i]! > 1) {
      isGap[i] = 1;
      hasGap = true;
    }
  }
  const teamStart = new Int32Array(m);
  const teamEnd = new Int32Array(m);
  const shift = new Float64Array(m);
  const modes = new Int32Array(m);
  for (let t = 0; t < m; t++) {
    const tm = p.teams[t]!;
    if (!Number.isInteger(tm.start) || tm.start < 0 || tm.start >= n) throw new RangeError(`team ${tm.id}: bad start node ${tm.start}`);
    if (!Number.isInteger(tm.end) || tm.end < 0 || tm.end >= n) throw new RangeError(`team ${tm.id}: bad end node ${tm.end}`);
    if (!(tm.shiftSeconds >= 0)) throw new RangeError(`team ${tm.id}: shiftSeconds must be >= 0`);
    teamStart[t] = tm.start;
    teamEnd[t] = tm.end;
    shift[t] = tm.shiftSeconds;
    modes[t] = tm.mode ?? 0;
  }
  // travel matrices per mode
  const byMode = new Map<number, Matrix>();
  const tr = p.travel;
  for (let t = 0; t < m; t++) {
    const mode = modes[t]!;
    if (byMode.has(mode)) continue;
    let mat: Matrix;
    if (typeof tr === 'function') {
      mat = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mat[i * n + j] = i === j ? 0 : tr(i, j, mode);
    } else if (tr.length > 0 && typeof tr[0] !== 'number') {
      const list = tr as readonly TravelMatrix[];
      const x = list[mode];
      if (!x) throw new RangeError(`team mode ${mode}: no travel matrix`);
      mat = toMatrix(x, n, `travel[${mode}]`);
    } else mat = toMatrix(tr as TravelMatrix, n, 'travel');
    byMode.set(mode, mat);
  }
  const mat: Matrix[] = [];
  for (let t = 0; t < m; t++) mat.push(byMode.get(modes[t]!)!);

  // reachability: team t alone can serve j inside its shift
  const reach = new Uint8Array(m * n);
  const eps = tolerance;
  for (let t = 0; t < m; t++) {
    const M = mat[t]!;
    const s = teamStart[t]!;
    const e = teamEnd[t]!;
    for (let j = 0; j < n; j++) {
      const a = M[s * n + j]!;
      const st = Math.max(a, open[j]!);
      if (!(st <= close[j]! + eps)) continue;
      if (!(st + service[j]! + M[j * n + e]! <= shift[t]! + eps)) continue;
      reach[t * n + j] = 1;
    }
  }
  const cand: number[] = [];
  let ub = 0;
  let mandTotal = 0;
  let mandReachable = 0;
  for (let j = 0; j < n; j++) {
    mandTotal += mand[j]!;
    if (!(prize[j]! > 0 || mand[j]! > 0) || maxVisits[j]! <= 0) continue;
    let ok = false;
    for (let t = 0; t < m && !ok; t++) if (reach[t * n + j]) ok = true;
    if (!ok) continue;
    cand.push(j);
    mandReachable += mand[j]!;
    ub += prizeOfVisits(prize[j]!, decay[j]!, maxVisits[j]!);
  }
  let sumT = 0;
  let cntT = 0;
  let sumP = 0;
  const M0 = mat[0];
  if (M0) {
    const step = Math.max(1, Math.floor(cand.length / 200));
    for (let a = 0; a < cand.length; a += step)
      for (let b = 0; b < cand.length; b += step) {
        if (a === b) continue;
        const x = M0[cand[a]! * n + cand[b]!]!;
        if (Number.isFinite(x)) {
          sumT += x;
          cntT++;
        }
      }
  }
  for (const j of cand) sumP += prize[j]!;
  return {
    n,
    m,
    prize,
    service,
    open,
    close,
    mand,
    maxVisits,
    gap,
    decay,
    isGap,
    teamStart,
    teamEnd,
    shift,
    mat,
    hasTW,
    hasGap,
    plain: !hasTW && !hasGap,
    eps,
    candidates: Int32Array.from(cand),
    reach,
    mandTotal,
    mandReachable,
    prizeUpperBound: ub,
    meanTravel: cntT ? sumT / cntT : 1,
    meanPrize: cand.length && sumP > 0 ? sumP / cand.length : 1,
  };
}

/** Prize of `count` visits to a node: prize * (1 + decay + ... + decay^(count-1)). */
export function prizeOfVisits(prize: number, decay: number, count: number): number {
  if (count <= 0) return 0;
  if (decay === 1) return prize * count;
  let s = 0;
  let f = 1;
  for (let k = 0; k < count; k++, f *= decay) s += f;
  return prize * s;
}
