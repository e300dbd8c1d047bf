// A pool of the distinct routes met during the search, and their recombination: the m pairwise disjoint routes
// of greatest total prize (a set packing, solved by depth-first branch and bound within a step budget). Good
// routes of different solutions combine into plans that no single ruin-and-recreate step reaches (the idea of
// the route-pool / set-covering phases of Ke et al.'s Pareto mimic algorithm and Kim et al.'s augmented LNS).
//
// Only used when every team is interchangeable (same start, end, shift and travel) and every node is visited at
// most once without gap or mandatory visits: then a route feasible for one team is feasible for all, and routes
// with disjoint node sets always form a feasible plan.

export class RoutePool {
  private readonly words: number;
  private readonly index = new Map<number, number>();
  private seqs: Int32Array[] = [];
  private prizes: number[] = [];
  private bits: Uint32Array[] = [];

  constructor(
    private readonly n: number,
    private readonly capacity: number,
  ) {
    this.words = (n + 31) >>> 5;
  }

  get size(): number {
    return this.seqs.length;
  }

  /** Add a route (its stops, in order) unless a route over the same node set is already there. */
  add(stops: Int32Array, prize: number): void {
    if (stops.length === 0) return;
    // order-independent 53-bit key of the node set
    let h1 = 0;
    let h2 = 0;
    for (let k = 0; k < stops.length; k++) {
      const v = stops[k]!;
      let z = Math.imul(v + 0x9e3779b9, 0x85ebca6b);
      z ^= z >>> 13;
      z = Math.imul(z, 0xc2b2ae35);
      z ^= z >>> 16;
      h1 = (h1 + z) >>> 0;
      h2 = (h2 ^ Math.imul(z, 0x27d4eb2f)) >>> 0;
    }
    const key = h1 * 2097152 + (h2 & 0x1fffff);
    if (this.index.has(key)) return;
    if (this.seqs.length >= this.capacity) this.prune();
    const b = new Uint32Array(this.words);
    for (let k = 0; k < stops.length; k++) b[stops[k]! >>> 5]! |= 1 << (stops[k]! & 31);
    this.index.set(key, this.seqs.length);
    this.seqs.push(stops.slice());
    this.prizes.push(prize);
    this.bits.push(b);
  }

  /** Keep the better half of the pool. */
  private prune(): void {
    const order = this.prizes.map((_, i) => i).sort((a, b) => this.prizes[b]! - this.prizes[a]!);
    const keep = order.slice(0, Math.floor(this.capacity / 2));
    const seqs = keep.map((i) => this.seqs[i]!);
    const prizes = keep.map((i) => this.prizes[i]!);
    this.index.clear();
    // keys are not stored; rebuild them
    this.seqs = [];
    this.prizes = [];
    this.bits = [];
    for (let k = 0; k < seqs.length; k++) this.add(seqs[k]!, prizes[k]!);
  }

  /**
   * The m (at most) pairwise disjoint routes of greatest total prize among the `consider` best routes, searched
   * within `maxSteps` branch-and-bound steps. Returns the routes' stops, or null if nothing beats `floor`.
   */
  pack(m: number, floor: number, consider: number, maxSteps: number): { routes: Int32Array[]; prize: number } | null {
    const order = this.prizes.map((_, i) => i).sort((a, b) => this.prizes[b]! - this.prizes[a]!).slice(0, consider);
    const K = order.length;
    if (K === 0) return null;
    const P = order.map((i) => this.prizes[i]!);
    const B = order.map((i) => this.bits[i]!);
    const W = this.words;
    const used = new Uint32Array(W * (m + 1)); // used sets per depth
    const pick = new Int32Array(m);
    const bestPick = new Int32Array(m);
    let bestLen = 0;
    let best = floor;
    let steps = 0;
    const tol = 1e-9 * Math.max(1, Math.abs(floor));
    const dfs = (depth: number, from: number, total: number): void => {
      if (total > best + tol) {
        best = total;
        bestLen = depth;
        bestPick.set(pick.subarray(0, depth));
      }
      if (depth === m) return;
      const base = depth * W;
      for (let i = from; i < K; i++) {
        if (++steps > maxSteps) return;
        if (total + P[i]! * (m - depth) <= best + tol) return; // sorted: nothing later can do better
        const b = B[i]!;
        let clash = false;
        for (let w = 0; w < W; w++)
          if (used[base + w]! & b[w]!) {
            clash = true;
            break;
          }
        if (clash) continue;
        for (let w = 0; w < W; w++) used[base + W + w] = used[base + w]! | b[w]!;
        pick[depth] = i;
        dfs(depth + 1, i + 1, total + P[i]!);
        if (steps > maxSteps) return;
      }
    };
    dfs(0, 0, 0);
    if (bestLen === 0) return null;
    return { routes: Array.from(bestPick.subarray(0, bestLen), (i) => this.seqs[order[i]!]!), prize: best };
  }
}
