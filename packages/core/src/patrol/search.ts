// The planner's search: an adaptive large neighbourhood search in the spirit of the TOP literature.
//
//   construction  greedy insertion: missing mandatory visits first (cheapest), then the best value^a / delay
//                 ratio (Vansteenwegen et al.'s ILS ratio with a = 1 or 2), until nothing fits;
//   iteration     copy the current solution; ruin it (random stops, strings of consecutive stops around a random
//                 place as in Christiaens & Vanden Berghe's SISR, one segment per route as in Vansteenwegen et
//                 al.'s ILS, or the worst value per second saved, randomised as in Ropke & Pisinger); repair by
//                 the greedy insertion with noise, half of the time without the nodes just removed; then local
//                 search: 2-opt and or-opt inside routes, relocate, swap and 2-opt* between routes (total travel
//                 down), insertions, and "replace a visited stop by a better unvisited visit" (Archetti et al.,
//                 Vansteenwegen et al.), until nothing changes;
//   acceptance    simulated annealing on (mandatory visits, prize); epochs of a fixed number of iterations cool
//                 the temperature from 3 to 0.3 mean prizes, and each epoch restarts from the best solution;
//   route pool    when the teams are interchangeable and visits single (the classic TOP), every route met is
//                 pooled and every 100 iterations the best set of disjoint pooled routes is tried (pool.ts);
//   balance       at the end, teams below a share of their shift in use (PlanOptions.balanceTarget, off by default) take stops of busier
//                 teams within their reach, and the givers are refilled with unvisited work (balance below);
//   large plans   from 400 stops on, insertions, relocations, swaps and replacements only look next to a node's
//                 40 nearest neighbours (granular neighbourhoods) and ruins stay local, so that an iteration on
//                 30 teams and 2,600 places costs tens of milliseconds rather than seconds.
//
// Objective, lexicographic: mandatory visits done (more is better), then prize (more), then total travel (less).
//
// Determinism: the only randomness is the seeded stream; every parameter is a function of the problem's size
// (never of the clock), so the sequence of solutions depends on (problem, seed) only and the time budget only
// decides where it stops.

import { createRng, type Rng } from '../sim/rng';
import type { Model } from './model';
import { RoutePool } from './pool';
import { Sol, Work } from './solution';

export interface SearchLimits {
  deadline: number;
  now: () => number;
  maxIterations: number;
  stallIterations: number;
  /** Share of its shift every team should have in use; the best plan is balanced towards it at the end (0: off). */
  balanceTarget?: number;
}

export interface SearchResult {
  best: Sol;
  iterations: number;
  bestIteration: number;
  stopReason: 'time' | 'iterations' | 'stall' | 'optimal' | 'empty';
}

/** Default stall limit: iterations without a new best before stopping. */
export function defaultStall(md: Model): number {
  return Math.max(5000, 100 * md.candidates.length);
}

/** Above this many (candidate, position) pairs, repair refreshes its cache around the last insertion only. */
const FULL_REFRESH = 50_000;

/** From this many stops on, relocate and swap only try routes and stops near the moved node (its neighbours). */
const GRANULAR_STOPS = 400;

const RUIN_RANDOM = 0;
const RUIN_STRING = 1;
const RUIN_SEGMENT = 2;
const RUIN_WORST = 3;
const RUIN_KINDS = 4;

/** Internal knobs of the search (the defaults are the planner's; change them here to experiment). */
const TUNE = {
  t0: 3,
  t1: 0.3,
  epochBase: 300,
  epochPerNode: 10,
  epochMax: 2000,
  qCapStops: 100,
  qFrac: 0.3,
  qBase: 3,
  tabuProb: 0.5,
  noiseProb: 0.5,
  noise: 0.3,
  maskedRepair: true,
  poolEvery: 100,
  poolConsider: 3000,
  poolSteps: 300000,
};

export class Search {
  readonly md: Model;
  readonly w: Work;
  readonly rng: Rng;
  /** k nearest candidates of each candidate node, by travel in both directions (team 0's matrix). */
  readonly nbr: Int32Array[];
  // repair cache: best insertion delay / position of candidate u in route r at u * m + r
  private bd = new Float64Array(0);
  private bp = new Int32Array(0);
  private act = new Int32Array(0);
  private readonly d0: number;
  private readonly eps2: number;
  private removed: number[] = [];
  private readonly tabu: Uint8Array;
  private readonly snapA: Int32Array;
  private readonly snapB: Int32Array;
  private readonly minVal: Float64Array;
  private tmpB = new Int32Array(64);
  private readonly mark: Int32Array;
  private markStamp = 0;
  // granular inter-route moves on large plans: the route and position of every visited node
  private readonly routeOf: Int32Array;
  private readonly posOf: Int32Array;
  private readonly routeMark: Int32Array;
  private readonly satVer: Int32Array;
  private readonly mask: Uint8Array;
  /** Nodes removed by this iteration's ruin. */
  private readonly fresh: Uint8Array;

  constructor(md: Model, seed: number) {
    this.md = md;
    this.w = new Work(md);
    this.rng = createRng(seed);
    this.d0 = Math.max(1e-9, md.meanTravel * 1e-3);
    this.eps2 = Math.max(1e-12, md.meanTravel * 1e-9);
    this.nbr = this.neighbours(Math.min(md.candidates.length - 1, 40));
    this.tabu = new Uint8Array(md.n);
    this.snapA = new Int32Array(md.m);
    this.snapB = new Int32Array(md.m);
    this.minVal = new Float64Array(md.m);
    this.mark = new Int32Array(md.n);
    this.routeOf = new Int32Array(md.n);
    this.posOf = new Int32Array(md.n);
    this.routeMark = new Int32Array(md.m);
    this.satVer = new Int32Array(md.m);
    this.mask = new Uint8Array(md.m);
    this.fresh = new Uint8Array(md.n);
  }

  private indexRoute(s: Sol, r: number): void {
    const seq = s.seq[r]!;
    const L = s.len[r]! - 1;
    for (let p = 1; p < L; p++) {
      this.routeOf[seq[p]!] = r;
      this.posOf[seq[p]!] = p;
    }
  }

  private neighbours(k: number): Int32Array[] {
    const md = this.md;
    const n = md.n;
    const out: Int32Array[] = new Array(n);
    const cand = md.candidates;
    const M = md.mat[0];
    const empty = new Int32Array(0);
    for (let j = 0; j < n; j++) out[j] = empty;
    if (!M || k <= 0) return out;
    const bestD = new Float64Array(k);
    const bestI = new Int32Array(k);
    for (const j of cand) {
      let cnt = 0;
      for (const v of cand) {
        if (v === j) continue;
        const d = M[j * n + v]! + M[v * n + j]!;
        if (cnt === k && d >= bestD[k - 1]!) continue;
        let pos = cnt < k ? cnt++ : k - 1;
        while (pos > 0 && bestD[pos - 1]! > d) {
          bestD[pos] = bestD[pos - 1]!;
          bestI[pos] = bestI[pos - 1]!;
          pos--;
        }
        bestD[pos] = d;
        bestI[pos] = v;
      }
      out[j] = bestI.slice(0, cnt);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // comparison

  /** a is better than b (mandatory visits, prize, travel). */
  better(a: Sol, b: Sol): boolean {
    if (a.mandMet !== b.mandMet) return a.mandMet > b.mandMet;
    const pe = 1e-9 * Math.max(1, Math.abs(b.prize));
    if (a.prize > b.prize + pe) return true;
    if (a.prize < b.prize - pe) return false;
    return a.totalTravel < b.totalTravel - this.eps2 * 10;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // insertion

  /** Cheapest feasible insertion of j into route r: stores delay and position at cache index k. */
  private bestIns(s: Sol, j: number, r: number, k: number): void {
    const md = this.md;
    const n = md.n;
    let best = Infinity;
    let bpos = -1;
    if (md.reach[r * n + j]) {
      const L = s.len[r]! - 1;
      if (md.isGap[j] !== 0) {
        // f / q: the visits of j in this route just before / after the insertion place
        const seq = s.seq[r]!;
        const inRoute = s.gapIn(j, r);
        let f = -1;
        let q = -1;
        if (inRoute) for (let x = 1; x < L && q < 0; x++) if (seq[x] === j) q = x;
        for (let p = 0; p < L; p++) {
          if (inRoute && p >= 1 && seq[p] === j) {
            f = p;
            q = -1;
            for (let x = p + 1; x < L; x++)
              if (seq[x] === j) {
                q = x;
                break;
              }
          }
          const d = s.placeDelta(r, p, p + 1, j, f, q);
          if (d < best) {
            best = d;
            bpos = p;
          }
        }
      } else {
        const M = md.mat[r]!;
        const seq = s.seq[r]!;
        const dep = s.dep[r]!;
        const arr = s.arr[r]!;
        const room = s.room[r]!;
        const oj = md.open[j]!;
        const cj = md.close[j]! + md.eps;
        const sj = md.service[j]!;
        const eps = md.eps;
        const jr = j * n;
        let i = seq[0]!;
        for (let p = 0; p < L; p++) {
          const k2 = seq[p + 1]!;
          const a = dep[p]! + M[i * n + j]!;
          const st = a < oj ? oj : a;
          if (st <= cj) {
            const d = st + sj + M[jr + k2]! - arr[p + 1]!;
            if (d < best && d <= room[p + 1]! + eps) {
              best = d;
              bpos = p;
            }
          }
          i = k2;
        }
      }
    }
    this.bd[k] = best;
    this.bp[k] = bpos;
  }

  /**
   * Granular best insertion of candidate u (node j), with routeOf / posOf up to date: the places next to j's
   * visited neighbours and the first and last place of every route; in the routes marked in `routes` (all if
   * null), or only in route `only` (>= 0). Sets the cache entries it searched.
   */
  private insNear(s: Sol, j: number, u: number, routes: Uint8Array | null, only: number): void {
    const md = this.md;
    const m = md.m;
    const n = md.n;
    const bd = this.bd;
    const bp = this.bp;
    const base = u * m;
    const reach = md.reach;
    for (let r = 0; r < m; r++) {
      if (only >= 0 ? r !== only : routes !== null && !routes[r]) continue;
      bd[base + r] = Infinity;
      bp[base + r] = -1;
      if (!reach[r * n + j]) continue;
      const last = s.len[r]! - 2;
      for (let p = 0; p <= last; p += last > 0 ? last : 1) {
        const d = s.insDelta(r, p, j);
        if (d < bd[base + r]!) {
          bd[base + r] = d;
          bp[base + r] = p;
        }
      }
    }
    for (const v of this.nbr[j]!) {
      if (s.count[v] === 0) continue;
      const r = this.routeOf[v]!;
      if (only >= 0 ? r !== only : routes !== null && !routes[r]) continue;
      if (!reach[r * n + j]) continue;
      const at = this.posOf[v]!;
      if (at >= s.len[r]! - 1 || s.seq[r]![at] !== v) continue;
      // the places just before and just after v (the route ends are done above)
      for (let p = at - 1; p <= at; p++) {
        if (p <= 0 || p >= s.len[r]! - 2) continue;
        const d = s.insDelta(r, p, j);
        if (d < bd[base + r]!) {
          bd[base + r] = d;
          bp[base + r] = p;
        }
      }
    }
  }

  /**
   * Greedy insertion of unvisited visits until nothing fits. Mandatory visits still missing come first (cheapest
   * first); then the best ratio value^alpha / delay. noise in [0, 1) scales keys by (1 - noise * u). Nodes marked
   * in tabu are left out (unless a mandatory visit of theirs is missing). With `routes`, only those routes (and
   * every route for the nodes marked in `fresh`) are searched at first: the others are known to be full.
   */
  repair(s: Sol, alpha: number, noise: number, tabu?: Uint8Array, routes?: Uint8Array | null, fresh?: Uint8Array | null): boolean {
    const md = this.md;
    const m = md.m;
    const cand = md.candidates;
    if (this.act.length < cand.length) {
      this.act = new Int32Array(cand.length);
      this.bd = new Float64Array(cand.length * m);
      this.bp = new Int32Array(cand.length * m);
    }
    const act = this.act;
    let na = 0;
    for (let u = 0; u < cand.length; u++) {
      const j = cand[u]!;
      if (s.count[j]! >= md.maxVisits[j]!) continue;
      if (!(md.prize[j]! > 0) && s.count[j]! >= md.mand[j]!) continue;
      if (tabu && tabu[j] && s.count[j]! >= md.mand[j]!) continue;
      act[na++] = u;
    }
    if (na === 0) return false;
    const bd = this.bd;
    const bp = this.bp;
    // Routes outside `routes` are taken as saturated (nothing fitted in them and they have not changed since),
    // except for the `fresh` nodes (just removed): they are tried everywhere.
    // Large plans: only the places next to a node's neighbours (and at both ends of a route) are tried
    // (granular insertion).
    let gran = s.stops >= GRANULAR_STOPS;
    if (gran) for (let r = 0; r < m; r++) this.indexRoute(s, r);
    for (let a = 0; a < na; a++) {
      const u = act[a]!;
      const j = cand[u]!;
      const everywhere = !routes || (fresh && fresh[j]);
      const near = gran;
      for (let r = 0; r < m; r++) {
        if (!near && (everywhere || routes![r])) this.bestIns(s, j, r, u * m + r);
        else {
          bd[u * m + r] = Infinity;
          bp[u * m + r] = -1;
        }
      }
      if (near) this.insNear(s, j, u, everywhere ? null : routes!, -1);
    }
    const rng = this.rng;
    const d0 = this.d0;
    let changed = false;
    for (;;) {
      let bTier = -1;
      let bKey = -Infinity;
      let bu = -1;
      let br = -1;
      for (let a = 0; a < na; a++) {
        const u = act[a]!;
        const j = cand[u]!;
        const need = s.count[j]! < md.mand[j]!;
        const tier = need ? 1 : 0;
        if (tier < bTier) continue;
        let gain = 0;
        if (!need) {
          gain = s.addValue(j);
          if (!(gain > 0)) continue;
          if (alpha !== 1) gain = alpha === 2 ? gain * gain : Math.pow(gain, alpha);
        }
        const base = u * m;
        for (let r = 0; r < m; r++) {
          const d = bd[base + r]!;
          if (d === Infinity) continue;
          const dd = (d > 0 ? d : 0) + d0;
          let key = need ? -dd : gain / dd;
          if (noise > 0) key = need ? key * (1 + noise * rng.float()) : key * (1 - noise * rng.float());
          if (tier > bTier || key > bKey) {
            bTier = tier;
            bKey = key;
            bu = u;
            br = r;
          }
        }
      }
      if (bu < 0) break;
      const j = cand[bu]!;
      const pos = bp[bu * m + br]!;
      // cached entries of gap nodes may be stale (other routes moved): verify
      if (md.hasGap && s.insDelta(br, pos, j) === Infinity) {
        this.bestIns(s, j, br, bu * m + br);
        continue;
      }
      s.insert(br, pos, j);
      changed = true;
      if (gran) this.indexRoute(s, br);
      else if (s.stops >= GRANULAR_STOPS) {
        gran = true;
        for (let r = 0; r < m; r++) this.indexRoute(s, r);
      }
      // Refresh route br for everyone and drop exhausted nodes. On large problems only the neighbours of j (whose
      // best place may now be next to j) and nodes whose cached place is gone or no longer fits are searched
      // again; the others keep their place in br (shifted), with its delay re-evaluated.
      const full = na * s.len[br]! <= FULL_REFRESH;
      const stamp = ++this.markStamp;
      if (!full) for (const v of this.nbr[j]!) this.mark[v] = stamp;
      let k = 0;
      for (let a = 0; a < na; a++) {
        const u = act[a]!;
        const v = cand[u]!;
        if (s.count[v]! >= md.maxVisits[v]! || (!(md.prize[v]! > 0) && s.count[v]! >= md.mand[v]!)) continue;
        act[k++] = u;
        const idx = u * m + br;
        if (gran && (v === j || this.mark[v] === stamp || bp[idx] === pos)) this.insNear(s, v, u, null, br);
        else if (full || v === j || this.mark[v] === stamp) this.bestIns(s, v, br, idx);
        else {
          let at = bp[idx]!;
          if (at === pos) this.bestIns(s, v, br, idx);
          else if (at >= 0) {
            if (at > pos) at++;
            const d = s.insDelta(br, at, v);
            if (d === Infinity) {
              if (gran) this.insNear(s, v, u, null, br);
              else this.bestIns(s, v, br, idx);
            }
            else {
              bd[idx] = d;
              bp[idx] = at;
            }
          }
        }
        // a gap node's places in the other routes depend on its visits in br, which may have moved
        if (md.hasGap && md.isGap[v] && (v === j || (full && s.gapIn(v, br)))) {
          if (gran) this.insNear(s, v, u, null, -1);
          else for (let r = 0; r < m; r++) if (r !== br) this.bestIns(s, v, r, u * m + r);
        }
      }
      na = k;
      if (na === 0) break;
    }
    return changed;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // route-length moves inside a route

  /** 2-opt and or-opt inside route r until no move shortens its travel. */
  intra(s: Sol, r: number): void {
    for (let guard = 0; guard < 1000; guard++) {
      const a = this.twoOpt(s, r);
      const b = this.orOpt(s, r);
      if (!a && !b) break;
    }
  }

  private twoOpt(s: Sol, r: number): boolean {
    const md = this.md;
    const n = md.n;
    const M = md.mat[r]!;
    const plain = md.plain;
    const eps2 = this.eps2;
    let any = false;
    let L = s.len[r]!;
    if (L < 4) return false;
    let seq = s.seq[r]!;
    let cf = s.cf[r]!;
    let cb = s.cb[r]!;
    for (let a = 1; a < L - 2; a++) {
      const pa = seq[a - 1]!;
      const va = seq[a]!;
      const base = M[pa * n + va]!;
      for (let b = a + 1; b < L - 1; b++) {
        const vb = seq[b]!;
        const nb = seq[b + 1]!;
        const delta = M[pa * n + vb]! + M[va * n + nb]! + (cb[b]! - cb[a]!) - base - M[vb * n + nb]! - (cf[b]! - cf[a]!);
        if (delta < -eps2) {
          if (plain) {
            for (let x = a, y = b; x < y; x++, y--) {
              const t = seq[x]!;
              seq[x] = seq[y]!;
              seq[y] = t;
            }
            s.recompute(r);
          } else {
            this.w.ensure(L);
            const t2 = this.w.tmp;
            t2.set(seq.subarray(0, L));
            for (let x = a, y = b; x < y; x++, y--) {
              const t = t2[x]!;
              t2[x] = t2[y]!;
              t2[y] = t;
            }
            if (s.evalSeq(r, t2, L) < 0) continue;
            s.setStops(r, t2, L);
          }
          any = true;
          seq = s.seq[r]!;
          cf = s.cf[r]!;
          cb = s.cb[r]!;
          L = s.len[r]!;
          a--; // retry the same a (its node changed)
          break;
        }
      }
    }
    return any;
  }

  private orOpt(s: Sol, r: number): boolean {
    const md = this.md;
    const n = md.n;
    const M = md.mat[r]!;
    const eps2 = this.eps2;
    let any = false;
    for (let sl = 1; sl <= 3; sl++) {
      for (let a = 1; a + sl - 1 <= s.len[r]! - 2; a++) {
        const L = s.len[r]!;
        const seq = s.seq[r]!;
        const cf = s.cf[r]!;
        const cb = s.cb[r]!;
        const b = a + sl - 1;
        const pv = seq[a - 1]!;
        const nx = seq[b + 1]!;
        const va = seq[a]!;
        const vb = seq[b]!;
        const remGain = M[pv * n + va]! + M[vb * n + nx]! - M[pv * n + nx]!;
        if (!(remGain > eps2)) continue;
        const revIn = sl > 1 ? cb[b]! - cb[a]! - (cf[b]! - cf[a]!) : 0;
        let bestAdd = remGain - eps2;
        let bestC = -1;
        let bestRev = false;
        for (let c = 0; c < L - 1; c++) {
          if (c >= a - 1 && c <= b) continue;
          const x = seq[c]!;
          const y = seq[c + 1]!;
          const xy = M[x * n + y]!;
          const fwd = M[x * n + va]! + M[vb * n + y]! - xy;
          if (fwd < bestAdd) {
            bestAdd = fwd;
            bestC = c;
            bestRev = false;
          }
          if (sl > 1) {
            const rv = M[x * n + vb]! + M[va * n + y]! - xy + revIn;
            if (rv < bestAdd) {
              bestAdd = rv;
              bestC = c;
              bestRev = true;
            }
          }
        }
        if (bestC >= 0 && this.applyOr(s, r, a, b, bestC, bestRev)) any = true;
      }
    }
    return any;
  }

  /** Move segment a..b of route r after position c (reversed if rev), if feasible. */
  private applyOr(s: Sol, r: number, a: number, b: number, c: number, rev: boolean): boolean {
    const L = s.len[r]!;
    const seq = s.seq[r]!;
    this.w.ensure(L);
    const t = this.w.tmp;
    let k = 0;
    if (c < a) {
      for (let x = 0; x <= c; x++) t[k++] = seq[x]!;
      if (rev) for (let x = b; x >= a; x--) t[k++] = seq[x]!;
      else for (let x = a; x <= b; x++) t[k++] = seq[x]!;
      for (let x = c + 1; x < a; x++) t[k++] = seq[x]!;
      for (let x = b + 1; x < L; x++) t[k++] = seq[x]!;
    } else {
      for (let x = 0; x < a; x++) t[k++] = seq[x]!;
      for (let x = b + 1; x <= c; x++) t[k++] = seq[x]!;
      if (rev) for (let x = b; x >= a; x--) t[k++] = seq[x]!;
      else for (let x = a; x <= b; x++) t[k++] = seq[x]!;
      for (let x = c + 1; x < L; x++) t[k++] = seq[x]!;
    }
    if (!this.md.plain && s.evalSeq(r, t, L) < 0) return false;
    s.setStops(r, t, L);
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // route-length moves between routes

  /** Relocate, swap and 2-opt* between two routes (one of them dirty) while total travel drops. */
  inter(s: Sol, dirty: Uint8Array): void {
    const md = this.md;
    const m = md.m;
    if (m < 2) return;
    if (s.stops >= GRANULAR_STOPS) for (let r = 0; r < m; r++) this.indexRoute(s, r);
    for (let pass = 0; pass < 50; pass++) {
      let any = this.relocate(s, dirty);
      if (this.swap(s, dirty)) any = true;
      if (md.plain && this.twoOptStar(s, dirty)) any = true;
      if (!any) break;
    }
  }

  private relocate(s: Sol, dirty: Uint8Array): boolean {
    const md = this.md;
    const m = md.m;
    const n = md.n;
    const eps2 = this.eps2;
    const granular = s.stops >= GRANULAR_STOPS;
    let any = false;
    for (let r1 = 0; r1 < m; r1++) {
      if (granular && !dirty[r1]) continue; // large plans: only stops of changed routes move
      const M1 = md.mat[r1]!;
      for (let q = 1; q < s.len[r1]! - 1; q++) {
        const seq1 = s.seq[r1]!;
        const j = seq1[q]!;
        const p1 = seq1[q - 1]!;
        const k1 = seq1[q + 1]!;
        const gain = M1[p1 * n + j]! + M1[j * n + k1]! - M1[p1 * n + k1]!;
        if (!(gain > eps2)) continue;
        let bestAdd = gain - eps2;
        let bestR = -1;
        let bestP = -1;
        if (granular) {
          // only next to j's visited neighbours in other routes
          for (const v of this.nbr[j]!) {
            if (s.count[v] === 0) continue;
            const r2 = this.routeOf[v]!;
            if (r2 === r1 || (!dirty[r1] && !dirty[r2]) || !md.reach[r2 * n + j]) continue;
            const at = this.posOf[v]!;
            const seq2 = s.seq[r2]!;
            if (at >= s.len[r2]! - 1 || seq2[at] !== v) continue;
            const M2 = md.mat[r2]!;
            for (let p = at - 1; p <= at; p++) {
              const x = seq2[p]!;
              const y = seq2[p + 1]!;
              const add = M2[x * n + j]! + M2[j * n + y]! - M2[x * n + y]!;
              if (add < bestAdd && s.insDelta(r2, p, j) !== Infinity) {
                bestAdd = add;
                bestR = r2;
                bestP = p;
              }
            }
          }
        } else
        for (let r2 = 0; r2 < m; r2++) {
          if (r2 === r1 || (!dirty[r1] && !dirty[r2]) || !md.reach[r2 * n + j]) continue;
          const M2 = md.mat[r2]!;
          const seq2 = s.seq[r2]!;
          const L2 = s.len[r2]! - 1;
          for (let p = 0; p < L2; p++) {
            const x = seq2[p]!;
            const y = seq2[p + 1]!;
            const add = M2[x * n + j]! + M2[j * n + y]! - M2[x * n + y]!;
            if (add < bestAdd && s.insDelta(r2, p, j) !== Infinity) {
              bestAdd = add;
              bestR = r2;
              bestP = p;
            }
          }
        }
        if (bestR < 0 || s.remDelta(r1, q) === Infinity) continue;
        s.remove(r1, q);
        // with gap nodes, rescheduling r1 may have tightened the other routes: check again, else undo
        if (md.hasGap && s.insDelta(bestR, bestP, j) === Infinity) {
          s.insert(r1, q - 1, j);
          continue;
        }
        s.insert(bestR, bestP, j);
        dirty[r1] = 1;
        dirty[bestR] = 1;
        any = true;
        if (granular) {
          this.indexRoute(s, r1);
          this.indexRoute(s, bestR);
        }
        q--; // the next stop moved to position q
      }
    }
    return any;
  }

  private swap(s: Sol, dirty: Uint8Array): boolean {
    if (s.stops >= GRANULAR_STOPS) return this.swapNear(s, dirty);
    const md = this.md;
    const m = md.m;
    const n = md.n;
    const eps2 = this.eps2;
    let any = false;
    for (let r1 = 0; r1 < m; r1++) {
      const M1 = md.mat[r1]!;
      for (let r2 = r1 + 1; r2 < m; r2++) {
        if (!dirty[r1] && !dirty[r2]) continue;
        const M2 = md.mat[r2]!;
        const seq1 = s.seq[r1]!;
        const seq2 = s.seq[r2]!;
        const L1 = s.len[r1]! - 1;
        const L2 = s.len[r2]! - 1;
        for (let q1 = 1; q1 < L1; q1++) {
          const i = seq1[q1]!;
          if (!md.reach[r2 * n + i]) continue;
          const a1 = seq1[q1 - 1]!;
          const b1 = seq1[q1 + 1]!;
          const old1 = M1[a1 * n + i]! + M1[i * n + b1]!;
          for (let q2 = 1; q2 < L2; q2++) {
            const j = seq2[q2]!;
            if (j === i) continue;
            const a2 = seq2[q2 - 1]!;
            const b2 = seq2[q2 + 1]!;
            const d1 = M1[a1 * n + j]! + M1[j * n + b1]! - old1;
            const d2 = M2[a2 * n + i]! + M2[i * n + b2]! - M2[a2 * n + j]! - M2[j * n + b2]!;
            if (d1 + d2 < -eps2 && md.reach[r1 * n + j]) {
              if (s.repDelta(r1, q1, j) === Infinity || s.repDelta(r2, q2, i) === Infinity) continue;
              s.replaceAt(r1, q1, j);
              if (md.hasGap && s.repDelta(r2, q2, i) === Infinity) {
                s.replaceAt(r1, q1, i); // rescheduling r1 tightened r2: undo
                continue;
              }
              s.replaceAt(r2, q2, i);
              dirty[r1] = 1;
              dirty[r2] = 1;
              any = true;
              break; // seq1[q1] changed: next q1
            }
          }
        }
      }
    }
    return any;
  }

  /** swap, on large plans: each stop only with the visited stops among its neighbours. */
  private swapNear(s: Sol, dirty: Uint8Array): boolean {
    const md = this.md;
    const m = md.m;
    const n = md.n;
    const eps2 = this.eps2;
    let any = false;
    for (let r1 = 0; r1 < m; r1++) {
      if (!dirty[r1]) continue; // only stops of changed routes, with any of their neighbours
      const M1 = md.mat[r1]!;
      for (let q1 = 1; q1 < s.len[r1]! - 1; q1++) {
        const seq1 = s.seq[r1]!;
        const i = seq1[q1]!;
        const a1 = seq1[q1 - 1]!;
        const b1 = seq1[q1 + 1]!;
        const old1 = M1[a1 * n + i]! + M1[i * n + b1]!;
        for (const j of this.nbr[i]!) {
          if (s.count[j] === 0 || j === i) continue;
          const r2 = this.routeOf[j]!;
          const q2 = this.posOf[j]!;
          if (r2 === r1 || q2 >= s.len[r2]! - 1 || s.seq[r2]![q2] !== j) continue;
          if (!md.reach[r2 * n + i] || !md.reach[r1 * n + j]) continue;
          const M2 = md.mat[r2]!;
          const seq2 = s.seq[r2]!;
          const a2 = seq2[q2 - 1]!;
          const b2 = seq2[q2 + 1]!;
          const d1 = M1[a1 * n + j]! + M1[j * n + b1]! - old1;
          const d2 = M2[a2 * n + i]! + M2[i * n + b2]! - M2[a2 * n + j]! - M2[j * n + b2]!;
          if (!(d1 + d2 < -eps2)) continue;
          if (s.repDelta(r1, q1, j) === Infinity || s.repDelta(r2, q2, i) === Infinity) continue;
          s.replaceAt(r1, q1, j);
          if (md.hasGap && s.repDelta(r2, q2, i) === Infinity) {
            s.replaceAt(r1, q1, i);
            continue;
          }
          s.replaceAt(r2, q2, i);
          this.indexRoute(s, r1);
          this.indexRoute(s, r2);
          dirty[r1] = 1;
          dirty[r2] = 1;
          any = true;
          break; // seq1[q1] changed: next q1
        }
      }
    }
    return any;
  }

  /** Exchange the tails of two routes that end at the same node (plain problems only: O(1) checks). */
  private twoOptStar(s: Sol, dirty: Uint8Array): boolean {
    const md = this.md;
    const m = md.m;
    const n = md.n;
    const eps = md.eps;
    const eps2 = this.eps2;
    let any = false;
    for (let r1 = 0; r1 < m; r1++) {
      for (let r2 = r1 + 1; r2 < m; r2++) {
        if ((!dirty[r1] && !dirty[r2]) || md.teamEnd[r1] !== md.teamEnd[r2] || md.mat[r1] !== md.mat[r2]) continue;
        const M = md.mat[r1]!;
        const seq1 = s.seq[r1]!;
        const seq2 = s.seq[r2]!;
        const L1 = s.len[r1]!;
        const L2 = s.len[r2]!;
        const dep1 = s.dep[r1]!;
        const dep2 = s.dep[r2]!;
        const arr1 = s.arr[r1]!;
        const arr2 = s.arr[r2]!;
        const end1 = arr1[L1 - 1]!;
        const end2 = arr2[L2 - 1]!;
        const cap1 = md.shift[r1]! + eps;
        const cap2 = md.shift[r2]! + eps;
        let bestD = -eps2;
        let bA = -1;
        let bB = -1;
        for (let a = 0; a < L1 - 1; a++) {
          const x1 = seq1[a]!;
          const y1 = seq1[a + 1]!;
          const e1 = M[x1 * n + y1]!;
          const tail1 = end1 - arr1[a + 1]!;
          for (let b = 0; b < L2 - 1; b++) {
            if (a === L1 - 2 && b === L2 - 2) continue;
            if (a === 0 && b === 0) continue;
            const x2 = seq2[b]!;
            const y2 = seq2[b + 1]!;
            const n1 = M[x1 * n + y2]!;
            const n2 = M[x2 * n + y1]!;
            const delta = n1 + n2 - e1 - M[x2 * n + y2]!;
            if (delta >= bestD) continue;
            if (dep1[a]! + n1 + (end2 - arr2[b + 1]!) > cap1) continue;
            if (dep2[b]! + n2 + tail1 > cap2) continue;
            bestD = delta;
            bA = a;
            bB = b;
          }
        }
        if (bA < 0) continue;
        // apply
        const need = L1 + L2;
        if (this.tmpB.length < need) this.tmpB = new Int32Array(need * 2);
        this.w.ensure(need);
        const t1 = this.w.tmp;
        const t2 = this.tmpB;
        let k1 = 0;
        let k2 = 0;
        for (let x = 0; x <= bA; x++) t1[k1++] = seq1[x]!;
        for (let x = bB + 1; x < L2; x++) t1[k1++] = seq2[x]!;
        for (let x = 0; x <= bB; x++) t2[k2++] = seq2[x]!;
        for (let x = bA + 1; x < L1; x++) t2[k2++] = seq1[x]!;
        s.setStops(r1, t1, k1);
        s.setStops(r2, t2, k2);
        if (s.stops >= GRANULAR_STOPS) {
          this.indexRoute(s, r1);
          this.indexRoute(s, r2);
        }
        dirty[r1] = 1;
        dirty[r2] = 1;
        any = true;
      }
    }
    return any;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // replace a visited node by a better unvisited one

  /** Lowest value a stop of route r would lose if removed (Infinity if all its stops are needed mandatory visits). */
  private routeMinVal(s: Sol, r: number): number {
    const md = this.md;
    const seq = s.seq[r]!;
    const L = s.len[r]! - 1;
    let mv = Infinity;
    for (let q = 1; q < L; q++) {
      const i = seq[q]!;
      if (s.count[i]! <= md.mand[i]!) continue;
      const v = s.remValue(i);
      if (v < mv) mv = v;
    }
    return mv;
  }

  /**
   * Replace a visited stop by an unvisited visit worth more (lexicographically: mandatory visits, then prize): in
   * place, or (plain problems) removing the stop and inserting the new visit at its best place in the same route.
   */
  replace(s: Sol): boolean {
    if (s.stops >= GRANULAR_STOPS) return this.replaceNear(s);
    const md = this.md;
    const m = md.m;
    const n = md.n;
    const cand = md.candidates;
    const eps = md.eps;
    const minVal = this.minVal;
    for (let r = 0; r < m; r++) minVal[r] = this.routeMinVal(s, r);
    let any = false;
    for (let u = 0; u < cand.length; u++) {
      const j = cand[u]!;
      if (s.count[j]! >= md.maxVisits[j]!) continue;
      const needJ = s.count[j]! < md.mand[j]! ? 1 : 0;
      const gainJ = s.addValue(j);
      if (!needJ && !(gainJ > 0)) continue;
      const gainTol = 1e-9 * Math.max(1, gainJ);
      let bMand = 0;
      let bGain = 0;
      let bCost = Infinity;
      let bR = -1;
      let bQ = -1;
      let bP = -1; // -1: in place; else insert after p in the route without q
      for (let r = 0; r < m; r++) {
        if (!md.reach[r * n + j]) continue;
        if (!needJ && !(gainJ > minVal[r]! + gainTol)) continue;
        const M = md.mat[r]!;
        const seq = s.seq[r]!;
        const L = s.len[r]!;
        const dur = s.end(r);
        const cap = md.shift[r]! + eps - dur;
        // three cheapest insertion places (plain problems: by added duration)
        let p1 = -1;
        let p2 = -1;
        let p3 = -1;
        let c1 = Infinity;
        let c2 = Infinity;
        let c3 = Infinity;
        const sj = md.service[j]!;
        if (md.plain) {
          for (let p = 0; p < L - 1; p++) {
            const x = seq[p]!;
            const y = seq[p + 1]!;
            const c = M[x * n + j]! + sj + M[j * n + y]! - M[x * n + y]!;
            if (c < c3) {
              if (c < c2) {
                p3 = p2;
                c3 = c2;
                if (c < c1) {
                  p2 = p1;
                  c2 = c1;
                  p1 = p;
                  c1 = c;
                } else {
                  p2 = p;
                  c2 = c;
                }
              } else {
                p3 = p;
                c3 = c;
              }
            }
          }
        }
        for (let q = 1; q < L - 1; q++) {
          const i = seq[q]!;
          if (i === j) continue;
          const lossMand = s.count[i]! <= md.mand[i]! ? 1 : 0;
          const dm = needJ - lossMand;
          if (dm < bMand) continue;
          const dg = gainJ - s.remValue(i);
          if (dm === 0 && !(dg > gainTol)) continue;
          if (dm === bMand && dg < bGain - 1e-12) continue;
          let cost = Infinity;
          let pAt = -1;
          const pv = seq[q - 1]!;
          const nx = seq[q + 1]!;
          if (md.plain) {
            const oldIn = M[pv * n + i]! + md.service[i]! + M[i * n + nx]!;
            const pvnx = M[pv * n + nx]!;
            const sigma = oldIn - pvnx;
            const inPlace = M[pv * n + j]! + sj + M[j * n + nx]! - oldIn;
            if (inPlace <= cap) cost = inPlace;
            let pc = c1;
            let pp = p1;
            if (p1 === q - 1 || p1 === q) {
              if (p2 !== q - 1 && p2 !== q) {
                pc = c2;
                pp = p2;
              } else {
                pc = c3;
                pp = p3;
              }
            }
            if (pp >= 0 && pc - sigma <= cap && pc - sigma < cost) {
              cost = pc - sigma;
              pAt = pp;
            }
          } else if (s.repDelta(r, q, j) !== Infinity) {
            cost = M[pv * n + j]! + M[j * n + nx]! - M[pv * n + i]! - M[i * n + nx]!;
          }
          if (cost === Infinity) continue;
          if (dm > bMand || dg > bGain + 1e-12 || cost < bCost) {
            bMand = dm;
            bGain = dg;
            bCost = cost;
            bR = r;
            bQ = q;
            bP = pAt;
          }
        }
      }
      if (bR < 0) continue;
      if (bP < 0) s.replaceAt(bR, bQ, j);
      else {
        s.remove(bR, bQ);
        s.insert(bR, bP < bQ ? bP : bP - 1, j);
      }
      minVal[bR] = this.routeMinVal(s, bR);
      any = true;
    }
    return any;
  }

  /** replace, on large plans: an unvisited visit takes the place of one of its visited neighbours. */
  private replaceNear(s: Sol): boolean {
    const md = this.md;
    const m = md.m;
    const n = md.n;
    const cand = md.candidates;
    for (let r = 0; r < m; r++) this.indexRoute(s, r);
    let any = false;
    for (let u = 0; u < cand.length; u++) {
      const j = cand[u]!;
      if (s.count[j]! >= md.maxVisits[j]!) continue;
      const needJ = s.count[j]! < md.mand[j]! ? 1 : 0;
      const gainJ = s.addValue(j);
      if (!needJ && !(gainJ > 0)) continue;
      const gainTol = 1e-9 * Math.max(1, gainJ);
      let bMand = 0;
      let bGain = 0;
      let bCost = Infinity;
      let bR = -1;
      let bQ = -1;
      for (const i of this.nbr[j]!) {
        if (s.count[i] === 0) continue;
        const r = this.routeOf[i]!;
        const q = this.posOf[i]!;
        const seq = s.seq[r]!;
        if (q >= s.len[r]! - 1 || seq[q] !== i || !md.reach[r * n + j]) continue;
        const lossMand = s.count[i]! <= md.mand[i]! ? 1 : 0;
        const dm = needJ - lossMand;
        if (dm < bMand) continue;
        const dg = gainJ - s.remValue(i);
        if (dm === 0 && !(dg > gainTol)) continue;
        if (dm === bMand && dg < bGain - 1e-12) continue;
        if (s.repDelta(r, q, j) === Infinity) continue;
        const M = md.mat[r]!;
        const pv = seq[q - 1]!;
        const nx = seq[q + 1]!;
        const cost = M[pv * n + j]! + M[j * n + nx]! - M[pv * n + i]! - M[i * n + nx]!;
        if (dm > bMand || dg > bGain + 1e-12 || cost < bCost) {
          bMand = dm;
          bGain = dg;
          bCost = cost;
          bR = r;
          bQ = q;
        }
      }
      if (bR < 0) continue;
      s.replaceAt(bR, bQ, j);
      this.indexRoute(s, bR);
      any = true;
    }
    return any;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // local search

  /**
   * Route-length moves on the dirty routes (and between them and the others), then insertions and replacements,
   * until nothing changes. The solution must be full (nothing fits) except for the nodes marked in this.fresh when
   * `fresh` is set. Clears dirty.
   */
  localSearch(s: Sol, dirty: Uint8Array, alpha: number, fresh = false): void {
    const m = this.md.m;
    const snapA = this.snapA;
    const snapB = this.snapB;
    const sat = this.satVer;
    const mask = this.mask;
    sat.set(s.ver);
    for (let round = 0; round < 100; round++) {
      snapA.set(s.ver);
      for (let r = 0; r < m; r++) if (dirty[r]) this.intra(s, r);
      snapB.set(s.ver);
      this.inter(s, dirty);
      for (let r = 0; r < m; r++) if (s.ver[r] !== snapB[r]) this.intra(s, r);
      // insertions where routes changed since they were last full, and for fresh nodes everywhere
      let anyMask = false;
      for (let r = 0; r < m; r++) {
        mask[r] = s.ver[r] !== sat[r] ? 1 : 0;
        if (mask[r]) anyMask = true;
      }
      const useFresh = fresh && round === 0;
      snapB.set(s.ver);
      if (anyMask || useFresh) this.repair(s, alpha, 0, undefined, mask, useFresh ? this.fresh : null);
      sat.set(s.ver);
      this.replace(s);
      let changed = false;
      for (let r = 0; r < m; r++) {
        dirty[r] = s.ver[r] !== snapB[r] ? 1 : 0;
        if (dirty[r]) changed = true;
      }
      if (!changed) break;
    }
    dirty.fill(0);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // ruin

  private ruin(s: Sol, kind: number, q: number, dirty: Uint8Array): void {
    const md = this.md;
    const m = md.m;
    const rng = this.rng;
    const removed = this.removed;
    removed.length = 0;
    if (s.stops === 0) return;
    q = Math.min(q, s.stops);
    if (s.stops >= GRANULAR_STOPS && kind !== RUIN_STRING) {
      this.ruinLocal(s, kind, q, dirty);
      return;
    }
    if (kind === RUIN_RANDOM) {
      for (let k = 0; k < q && s.stops > 0; k++) {
        let t = rng.int(0, s.stops - 1);
        for (let r = 0; r < m; r++) {
          const c = s.len[r]! - 2;
          if (t < c) {
            removed.push(s.remove(r, t + 1));
            dirty[r] = 1;
            break;
          }
          t -= c;
        }
      }
    } else if (kind === RUIN_STRING) {
      // strings of consecutive stops around the visited neighbours of a random seed node
      const cand = md.candidates;
      const seedNode = cand[rng.int(0, cand.length - 1)]!;
      const nb = this.nbr[seedNode]!;
      const maxRoutes = 1 + Math.floor(rng.float() * Math.min(m, 3));
      const avgLen = s.stops / m;
      const lmax = Math.max(1, Math.min(q, Math.round(avgLen / 2) + 1));
      let hit = 0; // routes ruined, as bits for the first 31 routes; others tracked by dirty
      let routes = 0;
      let left = q;
      for (let x = -1; x < nb.length && routes < maxRoutes && left > 0; x++) {
        const v = x < 0 ? seedNode : nb[x]!;
        if (s.count[v] === 0) continue;
        for (let r = 0; r < m; r++) {
          if (r < 31 ? hit & (1 << r) : dirty[r]) continue;
          const seq = s.seq[r]!;
          const L = s.len[r]!;
          let pos = -1;
          for (let p = 1; p < L - 1; p++)
            if (seq[p] === v) {
              pos = p;
              break;
            }
          if (pos < 0) continue;
          const len = Math.min(L - 2, rng.int(1, Math.min(lmax, left)));
          let from = pos - rng.int(0, len - 1);
          if (from < 1) from = 1;
          if (from + len > L - 1) from = L - 1 - len;
          for (let k = 0; k < len; k++) removed.push(s.remove(r, from, false));
          s.recompute(r);
          left -= len;
          if (r < 31) hit |= 1 << r;
          dirty[r] = 1;
          routes++;
          break;
        }
      }
    } else if (kind === RUIN_SEGMENT) {
      // one consecutive segment per route (Vansteenwegen et al.'s ILS perturbation), random lengths
      const per = Math.max(1, Math.ceil(q / m));
      for (let r = 0; r < m; r++) {
        const L = s.len[r]!;
        if (L <= 2) continue;
        const len = rng.int(1, Math.min(per, L - 2));
        const from = rng.int(1, L - 1 - len);
        for (let k = 0; k < len; k++) removed.push(s.remove(r, from, false));
        s.recompute(r);
        dirty[r] = 1;
      }
    } else {
      // lowest value per second saved, randomised (Ropke & Pisinger's worst removal, p = 3)
      const n = md.n;
      const keys: number[] = [];
      const who: number[] = [];
      for (let r = 0; r < m; r++) {
        const seq = s.seq[r]!;
        const M = md.mat[r]!;
        const L = s.len[r]!;
        for (let p = 1; p < L - 1; p++) {
          const v = seq[p]!;
          const a = seq[p - 1]!;
          const b = seq[p + 1]!;
          const saved = M[a * n + v]! + md.service[v]! + M[v * n + b]! - M[a * n + b]!;
          const val = s.remValue(v) + (s.count[v]! <= md.mand[v]! ? md.prizeUpperBound + 1 : 0);
          keys.push(val / (Math.max(saved, 0) + this.d0));
          who.push(r * md.n + v);
        }
      }
      const order = keys.map((_, i) => i).sort((x, y) => keys[x]! - keys[y]!);
      for (let k = 0; k < q && order.length > 0; k++) {
        const idx = Math.floor(Math.pow(rng.float(), 3) * order.length);
        const code = who[order[idx]!]!;
        order.splice(idx, 1);
        const r = Math.floor(code / n);
        const v = code - r * n;
        const seq = s.seq[r]!;
        const L = s.len[r]!;
        for (let p = 1; p < L - 1; p++)
          if (seq[p] === v) {
            removed.push(s.remove(r, p));
            dirty[r] = 1;
            break;
          }
      }
    }
  }

  /**
   * Ruin on large plans: confined to the visited nodes near a random visited stop, so that few routes change
   * (random, worst, or segments of the routes passing there).
   */
  private ruinLocal(s: Sol, kind: number, q: number, dirty: Uint8Array): void {
    const md = this.md;
    const m = md.m;
    const n = md.n;
    const rng = this.rng;
    const removed = this.removed;
    // a random visited stop
    let t = rng.int(0, s.stops - 1);
    let seedNode = -1;
    for (let r = 0; r < m && seedNode < 0; r++) {
      const c = s.len[r]! - 2;
      if (t < c) seedNode = s.seq[r]![t + 1]!;
      else t -= c;
    }
    const region = [seedNode];
    for (const v of this.nbr[seedNode]!) if (s.count[v]! > 0) region.push(v);
    const find = (v: number): [number, number] => {
      for (let r = 0; r < m; r++) {
        const seq = s.seq[r]!;
        const L = s.len[r]! - 1;
        for (let p = 1; p < L; p++) if (seq[p] === v) return [r, p];
      }
      return [-1, -1];
    };
    if (kind === RUIN_SEGMENT) {
      const routes: number[] = [];
      for (const v of region) {
        const [r] = find(v);
        if (r >= 0 && !routes.includes(r)) routes.push(r);
        if (routes.length >= 3) break;
      }
      const per = Math.max(1, Math.ceil(q / routes.length));
      for (const r of routes) {
        const L = s.len[r]!;
        if (L <= 2) continue;
        const len = rng.int(1, Math.min(per, L - 2));
        const from = rng.int(1, L - 1 - len);
        for (let k = 0; k < len; k++) removed.push(s.remove(r, from, false));
        s.recompute(r);
        dirty[r] = 1;
      }
      return;
    }
    let order: number[];
    if (kind === RUIN_WORST) {
      const key = (v: number): number => {
        const [r, p] = find(v);
        if (r < 0) return Infinity;
        const seq = s.seq[r]!;
        const M = md.mat[r]!;
        const a = seq[p - 1]!;
        const b = seq[p + 1]!;
        const saved = M[a * n + v]! + md.service[v]! + M[v * n + b]! - M[a * n + b]!;
        const val = s.remValue(v) + (s.count[v]! <= md.mand[v]! ? md.prizeUpperBound + 1 : 0);
        return val / (Math.max(saved, 0) + this.d0);
      };
      const keys = new Map(region.map((v) => [v, key(v)]));
      const sorted = region.slice().sort((x, y) => keys.get(x)! - keys.get(y)!);
      order = [];
      while (sorted.length > 0) order.push(sorted.splice(Math.floor(Math.pow(rng.float(), 3) * sorted.length), 1)[0]!);
    } else order = rng.shuffle(region.slice());
    for (let k = 0; k < order.length && removed.length < q; k++) {
      const [r, p] = find(order[k]!);
      if (r < 0) continue;
      removed.push(s.remove(r, p));
      dirty[r] = 1;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // route pool

  /** Interchangeable teams, single visits, no gaps, no mandatory visits: see pool.ts. */
  private poolUsable(): boolean {
    const md = this.md;
    if (md.m < 2 || md.hasGap || md.mandReachable > 0) return false;
    for (const j of md.candidates) if (md.maxVisits[j]! > 1) return false;
    for (let r = 1; r < md.m; r++)
      if (md.teamStart[r] !== md.teamStart[0] || md.teamEnd[r] !== md.teamEnd[0] || md.shift[r] !== md.shift[0] || md.mat[r] !== md.mat[0])
        return false;
    return true;
  }

  private poolAdd(pool: RoutePool, s: Sol): void {
    const md = this.md;
    for (let r = 0; r < md.m; r++) {
      const L = s.len[r]!;
      if (L <= 2) continue;
      const stops = s.seq[r]!.subarray(1, L - 1);
      let pz = 0;
      for (let k = 0; k < stops.length; k++) pz += md.prize[stops[k]!]!;
      pool.add(stops, pz);
    }
  }

  /** Best packing of pooled routes, completed by the local search, into rec; true if it beats best. */
  private recombine(pool: RoutePool, rec: Sol, best: Sol): boolean {
    const md = this.md;
    const res = pool.pack(md.m, best.prize, TUNE.poolConsider, TUNE.poolSteps);
    if (!res) return false;
    const empty = new Sol(md, this.w);
    rec.copyFrom(empty);
    res.routes.forEach((stops, r) => {
      for (let k = 0; k < stops.length; k++) rec.insert(r, k, stops[k]!);
    });
    const dirty = new Uint8Array(md.m).fill(1);
    this.repair(rec, 1, 0);
    this.localSearch(rec, dirty, 1);
    rec.resum();
    return this.better(rec, best);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // balance (issue 18: every team on duty busy for its shift)

  /** Seconds route r is in use: travel plus service (0 for a team without stops, which stays at its base). */
  busy(s: Sol, r: number): number {
    const L = s.len[r]!;
    if (L <= 2) return 0;
    const seq = s.seq[r]!;
    let svc = 0;
    for (let q = 1; q < L - 1; q++) svc += this.md.service[seq[q]!]!;
    return s.travel[r]! + svc;
  }

  /**
   * Give work to the teams below `target` of their shift in use. The search's objective stops caring once every
   * reachable visit is made (or nothing more fits anywhere): a slow or far team can then stay idle while another
   * does the work it could do. Repeatedly, the least used team takes a stop of a busier team such that both
   * end above its present use, choosing the move that adds the least travel over the two (use is not bought with
   * detours), provided the stop is within its reach and fits its shift, windows and gaps; the giving team is then refilled with unvisited work that now fits. Every visit is kept
   * (mandatory visits and prize never go down); travel may grow. Each move raises the sorted vector of uses, so it
   * ends; `maxMoves` bounds it anyway. Returns the moves made.
   */
  balance(s: Sol, target: number, maxMoves = 10_000): number {
    const md = this.md;
    const m = md.m;
    const n = md.n;
    if (m < 2) return 0;
    const use = new Float64Array(m);
    const stuck = new Uint8Array(m);
    const one = new Uint8Array(m);
    let moves = 0;
    for (let r = 0; r < m; r++) use[r] = md.shift[r]! > 0 ? this.busy(s, r) / md.shift[r]! : 1;
    while (moves < maxMoves) {
      // the least used team below the target that may still take something
      let r = -1;
      for (let x = 0; x < m; x++) if (!stuck[x] && use[x]! < target && (r < 0 || use[x]! < use[r]!)) r = x;
      if (r < 0) break;
      const Mr = md.mat[r]!;
      const seqR = s.seq[r]!;
      const Lr = s.len[r]! - 1;
      const shiftR = md.shift[r]!;
      const busyR = use[r]! * shiftR;
      const emptyR = s.len[r]! <= 2;
      const floor = use[r]! + 1e-9;
      let bestScore = floor;
      let bestAdd = Infinity;
      let bR2 = -1;
      let bQ = -1;
      let bP = -1;
      for (let r2 = 0; r2 < m; r2++) {
        if (r2 === r || !(use[r2]! > use[r]!)) continue;
        const M2 = md.mat[r2]!;
        const seq2 = s.seq[r2]!;
        const L2 = s.len[r2]! - 1;
        const shift2 = md.shift[r2]!;
        const busy2 = use[r2]! * shift2;
        for (let q = 1; q < L2; q++) {
          const j = seq2[q]!;
          if (!md.reach[r * n + j]) continue;
          const svc = md.service[j]!;
          // the giver's use after: its travel without j (an emptied route stays at its base)
          const saved = M2[seq2[q - 1]! * n + j]! + M2[j * n + seq2[q + 1]!]! - M2[seq2[q - 1]! * n + seq2[q + 1]!]!;
          const after2 = L2 === 2 ? 0 : (busy2 - saved - svc) / shift2;
          if (!(after2 > floor)) continue;
          for (let p = 0; p < Lr; p++) {
            const x = seqR[p]!;
            const y = seqR[p + 1]!;
            // a team without stops: its travel becomes base -> j -> end
            const addT = emptyR ? Mr[x * n + j]! + Mr[j * n + y]! : Mr[x * n + j]! + Mr[j * n + y]! - Mr[x * n + y]!;
            const afterR = (busyR + addT + svc) / shiftR;
            const score = Math.min(afterR, after2);
            if (!(score > floor)) continue;
            // the least travel added over both teams (use is not bought with detours), then the higher lesser use
            const add = addT - saved;
            if (add > bestAdd + 1e-9 || (add >= bestAdd - 1e-9 && score <= bestScore)) continue;
            if (s.insDelta(r, p, j) === Infinity) continue;
            bestScore = score;
            bestAdd = add;
            bR2 = r2;
            bQ = q;
            bP = p;
          }
        }
      }
      if (bR2 < 0 || s.remDelta(bR2, bQ) === Infinity) {
        stuck[r] = 1;
        continue;
      }
      const j = s.remove(bR2, bQ);
      // with gap nodes, rescheduling the giver may have tightened r: check again, else undo
      if (md.hasGap && s.insDelta(r, bP, j) === Infinity) {
        s.insert(bR2, bQ - 1, j);
        stuck[r] = 1;
        continue;
      }
      s.insert(r, bP, j);
      moves++;
      // the giver has room now: unvisited work that fits goes there (prize only goes up)
      one.fill(0);
      one[bR2] = 1;
      this.repair(s, 1, 0, undefined, one, null);
      for (let x = 0; x < m; x++) use[x] = md.shift[x]! > 0 ? this.busy(s, x) / md.shift[x]! : 1;
      stuck.fill(0);
    }
    s.resum();
    return moves;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // driver

  run(lim: SearchLimits): SearchResult {
    const md = this.md;
    const m = md.m;
    const rng = this.rng;
    const cur = new Sol(md, this.w);
    const dirty = new Uint8Array(m).fill(1);
    if (m === 0 || md.candidates.length === 0) return { best: cur, iterations: 0, bestIteration: 0, stopReason: 'empty' };
    this.repair(cur, 1, 0);
    this.localSearch(cur, dirty.fill(1), 1);
    cur.resum();
    const best = new Sol(md, this.w);
    best.copyFrom(cur);
    const cand = new Sol(md, this.w);
    const ubPrize = md.prizeUpperBound;
    const optimal = (x: Sol) => x.mandMet >= md.mandReachable && x.prize >= ubPrize - 1e-9 * Math.max(1, ubPrize);
    const target = lim.balanceTarget ?? 0;
    if (optimal(best)) {
      if (target > 0) this.balance(best, target);
      return { best, iterations: 0, bestIteration: 0, stopReason: 'optimal' };
    }

    // parameters: functions of the problem size only
    const nc = md.candidates.length;
    const epoch = Math.min(TUNE.epochMax, Math.max(TUNE.epochBase, TUNE.epochPerNode * nc));
    const T0 = TUNE.t0 * md.meanPrize;
    const T1 = TUNE.t1 * md.meanPrize;
    const cool = Math.pow(T1 / T0, 1 / epoch);
    let T = T0;
    let epochStart = 0;
    let it = 0;
    let bestIt = 0;
    let reason: SearchResult['stopReason'] = 'time';
    const tabu = this.tabu;
    const pool = this.poolUsable() ? new RoutePool(md.n, 20000) : null;
    const rec = pool ? new Sol(md, this.w) : null;
    for (;;) {
      if (it >= lim.maxIterations) {
        reason = 'iterations';
        break;
      }
      if (lim.stallIterations > 0 && it - bestIt >= lim.stallIterations) {
        reason = 'stall';
        break;
      }
      if (lim.now() >= lim.deadline) {
        reason = 'time';
        break;
      }
      it++;
      cand.copyFrom(cur);
      const kind = rng.int(0, RUIN_KINDS - 1);
      const qmax = Math.max(2, Math.min(cand.stops, Math.round(TUNE.qBase + TUNE.qFrac * Math.min(cand.stops, TUNE.qCapStops))));
      const q = rng.int(1, qmax);
      dirty.fill(0);
      this.ruin(cand, kind, q, dirty);
      const alpha = rng.chance(0.5) ? 1 : 2;
      const useTabu = rng.chance(TUNE.tabuProb);
      const fresh = this.fresh;
      for (const v of this.removed) fresh[v] = 1;
      if (useTabu) for (const v of this.removed) tabu[v] = 1;
      const before = cand.ver.slice();
      const noise = rng.chance(TUNE.noiseProb) ? TUNE.noise * rng.float() : 0;
      this.repair(cand, alpha, noise, useTabu ? tabu : undefined, TUNE.maskedRepair ? dirty : null, fresh);
      if (useTabu) for (const v of this.removed) tabu[v] = 0;
      for (let r = 0; r < m; r++) if (cand.ver[r] !== before[r]) dirty[r] = 1;
      this.localSearch(cand, dirty, alpha, true);
      for (const v of this.removed) fresh[v] = 0;
      cand.resum();
      if (pool) {
        this.poolAdd(pool, cand);
        if (it % TUNE.poolEvery === 0 && this.recombine(pool, rec!, best)) {
          best.copyFrom(rec!);
          cur.copyFrom(rec!);
          bestIt = it;
          if (optimal(best)) {
            reason = 'optimal';
            break;
          }
        }
      }
      if (this.better(cand, best)) {
        best.copyFrom(cand);
        bestIt = it;
        if (optimal(best)) {
          reason = 'optimal';
          break;
        }
      }
      // simulated annealing on (mandatory visits, prize)
      let accept: boolean;
      if (cand.mandMet !== cur.mandMet) accept = cand.mandMet > cur.mandMet;
      else {
        const d = cand.prize - cur.prize;
        accept = d >= -1e-9 || rng.float() < Math.exp(d / T);
      }
      if (accept) cur.copyFrom(cand);
      T *= cool;
      if (it - epochStart >= epoch) {
        epochStart = it;
        T = T0;
        cur.copyFrom(best);
      }
    }
    if (target > 0) this.balance(best, target);
    return { best, iterations: it, bestIteration: bestIt, stopReason: reason };
  }
}
