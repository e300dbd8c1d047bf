// Larson's hypercube queueing model (Larson 1974), solved exactly: the 2^N busy/free states of N units, Poisson calls
// from J atoms, each atom with a fixed dispatch preference (the first free unit in its list goes), exponential
// service at rate mu for every unit. With an infinite FIFO line, the states where all units are busy and k calls wait
// form a birth-death tail (rate lambda up, N mu down) hanging off the all-busy state, whose mass is
// P(all busy) * rho / (1 - rho), rho = lambda / (N mu); the cut between them balances on its own, so the 2^N balance
// equations are solved without the tail and normalised with it.

import type { HypercubeModel, HypercubeResult } from './types';

/** Solve A x = b in place by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    const piv = a[c]![c]!;
    if (Math.abs(piv) < 1e-300) throw new RangeError('hypercube: singular balance equations');
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / piv;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r]![k]! -= f * a[c]![k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let v = b[r]!;
    for (let k = r + 1; k < n; k++) v -= a[r]![k]! * x[k]!;
    x[r] = v / a[r]![r]!;
  }
  return x;
}

/** The unit an atom's call goes to in busy state `state`, or -1 when all are busy. */
function firstFree(pref: readonly number[], state: number): number {
  for (const n of pref) if (!(state & (1 << n))) return n;
  return -1;
}

export function solveHypercube(model: HypercubeModel): HypercubeResult {
  const J = model.lambda.length;
  if (J === 0 || model.preference.length !== J) throw new RangeError('hypercube: one preference list per atom');
  const N = model.preference[0]!.length;
  if (N < 1 || N > 12) throw new RangeError('hypercube: 1 to 12 units');
  for (const p of model.preference) if (p.length !== N || new Set(p).size !== N || p.some((n) => !(n >= 0 && n < N))) throw new RangeError('hypercube: each preference lists every unit once');
  if (!(model.mu > 0) || model.lambda.some((l) => !(l >= 0))) throw new RangeError('hypercube: rates must be positive');
  const lambda = model.lambda.reduce((a, b) => a + b, 0);
  const S = 1 << N;
  const full = S - 1;
  const rho = lambda / (N * model.mu);
  if (model.line === 'queue' && rho >= 1) throw new RangeError('hypercube: the queue is unstable (lambda >= N mu)');
  // generator Q (rows: from); balance pi Q = 0 -> Q^T pi = 0
  const qt = Array.from({ length: S }, () => new Float64Array(S));
  for (let st = 0; st < S; st++) {
    for (let j = 0; j < J; j++) {
      const n = firstFree(model.preference[j]!, st);
      if (n < 0) continue; // all busy: to the tail (queue) or lost; cut balances separately
      const to = st | (1 << n);
      qt[to]![st]! += model.lambda[j]!;
      qt[st]![st]! -= model.lambda[j]!;
    }
    for (let n = 0; n < N; n++) {
      if (!(st & (1 << n))) continue;
      const to = st & ~(1 << n);
      qt[to]![st]! += model.mu;
      qt[st]![st]! -= model.mu;
    }
  }
  // replace the last equation by sum pi = 1 (tail mass added for the queue)
  const tailFactor = model.line === 'queue' ? rho / (1 - rho) : 0;
  const b = new Float64Array(S);
  qt[S - 1] = new Float64Array(S).fill(1);
  qt[S - 1]![full] = 1 + tailFactor;
  b[S - 1] = 1;
  const pi = solve(qt, b);
  const tail = pi[full]! * tailFactor;
  const workload = new Array<number>(N).fill(0);
  for (let st = 0; st < S; st++) for (let n = 0; n < N; n++) if (st & (1 << n)) workload[n]! += pi[st]!;
  for (let n = 0; n < N; n++) workload[n]! += tail;
  // calls that find a free unit: non-nearest when the first free is not the atom's first choice
  let nonNearest = 0;
  for (let st = 0; st < full; st++) {
    for (let j = 0; j < J; j++) {
      const n = firstFree(model.preference[j]!, st);
      if (n !== model.preference[j]![0]) nonNearest += pi[st]! * (model.lambda[j]! / lambda);
    }
  }
  const allBusy = pi[full]! + tail;
  // queued calls go to whichever unit clears first: uniform over the N units (equal rates), the first choice 1/N
  const nonNearestShare = model.line === 'queue' ? nonNearest + allBusy * ((N - 1) / N) : nonNearest / (1 - allBusy);
  return { stateProb: pi, queueTailProb: tail, workload, nonNearestShare, allBusyShare: allBusy };
}
