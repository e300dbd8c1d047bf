// A working solution: one route per team in typed arrays, with its schedule and the forward time slack that makes
// insertion, removal and in-place replacement checks O(1).
//
// Route r is seq[r][0 .. len[r]-1]: the team's start node, the stops, the team's end node. For position p:
//   arr[p]  arrival time,
//   st[p]   start of service: the earliest time >= max(arr, open) that keeps the node's minimum gap to every other
//           visit of the same node (the team waits as long as needed),
//   dep[p]  departure = st[p] + service (position 0: 0),
//   cl[p]   latest start: the window's close, and for a gap node also the next visit of the node by another team
//           minus the gap,
//   room[p] how far the arrival at p may be delayed without breaking anything at p or later (Savelsbergh's forward
//           time slack plus the wait at p): room[last] = shift - arr[last],
//           room[p] = (st[p] - arr[p]) + min(cl[p] - st[p], room[p+1], pair bound), where the pair bound keeps a
//           later visit of the same node in the same route at least a gap after this one,
//   cf[p]   travel from position 0 to p along the route, cb[p] the same edges taken backwards (for 2-opt on
//           asymmetric matrices: a reversed segment a..b costs cb[b] - cb[a]).
//
// Gap nodes (a minimum gap between visits, more than one visit allowed): every visit is registered with its start
// time (tagged with the route's version, so entries of a rescheduled route go stale by themselves). Rescheduling
// a route only ever moves its visits to conflict-free times; afterwards the other routes holding gap visits get
// their latest starts (cl, room) refreshed without being rescheduled, so the O(1) checks stay exact everywhere.
// A move that changes two routes must check the second change after making the first (and undo it if need be):
// rescheduling one route can tighten the others.

import type { Model } from './model';

/** Scratch space shared by the solutions of one planner run. */
export class Work {
  sArr = new Float64Array(64);
  sSt = new Float64Array(64);
  tmp = new Int32Array(64);
  /** travel of the last evalSeq. */
  travel = 0;
  lastStart: Float64Array;
  lastLim: Float64Array;
  stamp: Int32Array;
  stampNow = 1;
  constructor(readonly md: Model) {
    this.lastStart = new Float64Array(md.n);
    this.lastLim = new Float64Array(md.n);
    this.stamp = new Int32Array(md.n);
  }
  ensure(size: number): void {
    if (this.tmp.length >= size) return;
    let c = this.tmp.length;
    while (c < size) c *= 2;
    this.sArr = new Float64Array(c);
    this.sSt = new Float64Array(c);
    this.tmp = new Int32Array(c);
  }
}

const EMPTY_I = new Int32Array(0);
const EMPTY_F = new Float64Array(0);

export class Sol {
  readonly md: Model;
  readonly w: Work;
  seq: Int32Array[] = [];
  arr: Float64Array[] = [];
  st: Float64Array[] = [];
  dep: Float64Array[] = [];
  cl: Float64Array[] = [];
  room: Float64Array[] = [];
  cf: Float64Array[] = [];
  cb: Float64Array[] = [];
  len: Int32Array;
  travel: Float64Array;
  /** Visits to gap nodes per route. */
  sens: Int32Array;
  /** Visits per node. */
  count: Int32Array;
  /** Bumped whenever route r is rescheduled (lets the search see which routes a move changed). */
  ver: Int32Array;
  prize = 0;
  mandMet = 0;
  /** Sum of route travel. */
  totalTravel = 0;
  stops = 0;
  // registered visits of gap node v: route, route version, start (entries with an old version are stale)
  private gR: Int32Array[] = [];
  private gV: Int32Array[] = [];
  private gS: Float64Array[] = [];
  private gN: Int32Array;

  constructor(md: Model, w: Work) {
    this.md = md;
    this.w = w;
    const m = md.m;
    this.len = new Int32Array(m);
    this.travel = new Float64Array(m);
    this.sens = new Int32Array(m);
    this.count = new Int32Array(md.n);
    this.ver = new Int32Array(m);
    this.gN = new Int32Array(md.n);
    for (let v = 0; v < md.n; v++) {
      const big = md.isGap[v] !== 0;
      this.gR.push(big ? new Int32Array(4) : EMPTY_I);
      this.gV.push(big ? new Int32Array(4) : EMPTY_I);
      this.gS.push(big ? new Float64Array(4) : EMPTY_F);
    }
    for (let r = 0; r < m; r++) {
      const cap = 16;
      this.seq.push(new Int32Array(cap));
      this.arr.push(new Float64Array(cap));
      this.st.push(new Float64Array(cap));
      this.dep.push(new Float64Array(cap));
      this.cl.push(new Float64Array(cap));
      this.room.push(new Float64Array(cap));
      this.cf.push(new Float64Array(cap));
      this.cb.push(new Float64Array(cap));
      this.seq[r]![0] = md.teamStart[r]!;
      this.seq[r]![1] = md.teamEnd[r]!;
      this.len[r] = 2;
      this.recompute(r);
    }
  }

  private grow(r: number, size: number): void {
    let c = this.seq[r]!.length;
    if (c >= size) return;
    while (c < size) c *= 2;
    const g = <T extends Int32Array | Float64Array>(a: T, ctor: new (n: number) => T): T => {
      const b = new ctor(c);
      b.set(a);
      return b;
    };
    this.seq[r] = g(this.seq[r]!, Int32Array);
    this.arr[r] = g(this.arr[r]!, Float64Array);
    this.st[r] = g(this.st[r]!, Float64Array);
    this.dep[r] = g(this.dep[r]!, Float64Array);
    this.cl[r] = g(this.cl[r]!, Float64Array);
    this.room[r] = g(this.room[r]!, Float64Array);
    this.cf[r] = g(this.cf[r]!, Float64Array);
    this.cb[r] = g(this.cb[r]!, Float64Array);
  }

  copyFrom(o: Sol): void {
    const md = this.md;
    const m = md.m;
    for (let r = 0; r < m; r++) {
      const L = o.len[r]!;
      this.grow(r, L);
      this.seq[r]!.set(o.seq[r]!.subarray(0, L));
      this.arr[r]!.set(o.arr[r]!.subarray(0, L));
      this.st[r]!.set(o.st[r]!.subarray(0, L));
      this.dep[r]!.set(o.dep[r]!.subarray(0, L));
      this.cl[r]!.set(o.cl[r]!.subarray(0, L));
      this.room[r]!.set(o.room[r]!.subarray(0, L));
      this.cf[r]!.set(o.cf[r]!.subarray(0, L));
      this.cb[r]!.set(o.cb[r]!.subarray(0, L));
    }
    this.len.set(o.len);
    this.travel.set(o.travel);
    this.sens.set(o.sens);
    this.count.set(o.count);
    this.ver.set(o.ver);
    this.prize = o.prize;
    this.mandMet = o.mandMet;
    this.totalTravel = o.totalTravel;
    this.stops = o.stops;
    if (md.hasGap) {
      this.gN.fill(0);
      for (let r = 0; r < m; r++) {
        if (this.sens[r] === 0) continue;
        const seq = this.seq[r]!;
        const st = this.st[r]!;
        const L = this.len[r]! - 1;
        for (let p = 1; p < L; p++) if (md.isGap[seq[p]!]) this.gapAdd(seq[p]!, r, st[p]!);
      }
    }
  }

  end(r: number): number {
    return this.st[r]![this.len[r]! - 1]!;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // gap registry

  private gapAdd(v: number, r: number, s: number): void {
    let k = this.gN[v]!;
    let R = this.gR[v]!;
    const V = this.gV[v]!;
    const S = this.gS[v]!;
    // drop stale entries first
    let w = 0;
    for (let x = 0; x < k; x++) {
      const rr = R[x]!;
      if (V[x] !== this.ver[rr]) continue;
      R[w] = rr;
      V[w] = V[x]!;
      S[w] = S[x]!;
      w++;
    }
    k = w;
    if (k === R.length) {
      const R2 = new Int32Array(k * 2);
      const V2 = new Int32Array(k * 2);
      const S2 = new Float64Array(k * 2);
      R2.set(R);
      V2.set(V);
      S2.set(S);
      this.gR[v] = R = R2;
      this.gV[v] = V2;
      this.gS[v] = S2;
    }
    this.gR[v]![k] = r;
    this.gV[v]![k] = this.ver[r]!;
    this.gS[v]![k] = s;
    this.gN[v] = k + 1;
  }

  /** Earliest start >= x for node v that keeps the gap to every visit of v by a route other than r. */
  gapShift(v: number, r: number, x: number): number {
    const k = this.gN[v]!;
    if (k === 0) return x;
    const R = this.gR[v]!;
    const V = this.gV[v]!;
    const S = this.gS[v]!;
    const g = this.md.gap[v]!;
    const eps = this.md.eps;
    for (let guard = 0; guard <= k; guard++) {
      let moved = false;
      for (let e = 0; e < k; e++) {
        const rr = R[e]!;
        if (rr === r || V[e] !== this.ver[rr]) continue;
        const o = S[e]!;
        if (x > o - g + eps && x < o + g - eps) {
          x = o + g;
          moved = true;
        }
      }
      if (!moved) break;
    }
    return x;
  }

  /** Latest start for a visit of v at x: before the next visit of v by another route, less the gap. */
  gapClose(v: number, r: number, x: number): number {
    const k = this.gN[v]!;
    let next = Infinity;
    const R = this.gR[v]!;
    const V = this.gV[v]!;
    const S = this.gS[v]!;
    for (let e = 0; e < k; e++) {
      const rr = R[e]!;
      if (rr === r || V[e] !== this.ver[rr]) continue;
      const o = S[e]!;
      if (o > x && o < next) next = o;
    }
    return next - this.md.gap[v]!;
  }

  /** Route r holds a visit to v (gap nodes only). */
  gapIn(v: number, r: number): boolean {
    const k = this.gN[v]!;
    const R = this.gR[v]!;
    const V = this.gV[v]!;
    for (let e = 0; e < k; e++) if (R[e] === r && V[e] === this.ver[r]) return true;
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // schedule

  /** Reschedule route r: times, latest starts, slack, cumulative travel; then refresh the other gap routes. */
  recompute(r: number): void {
    const md = this.md;
    const n = md.n;
    const M = md.mat[r]!;
    const seq = this.seq[r]!;
    const arr = this.arr[r]!;
    const st = this.st[r]!;
    const dep = this.dep[r]!;
    const cl = this.cl[r]!;
    const cf = this.cf[r]!;
    const cb = this.cb[r]!;
    const open = md.open;
    const close = md.close;
    const service = md.service;
    const L = this.len[r]!;
    const useGap = this.sens[r]! > 0;
    const w = this.w;
    if (useGap) w.stampNow++;
    this.ver[r]!++;
    arr[0] = 0;
    st[0] = 0;
    dep[0] = 0;
    cf[0] = 0;
    cb[0] = 0;
    let prev = seq[0]!;
    let d = 0;
    for (let p = 1; p < L; p++) {
      const v = seq[p]!;
      const t = M[prev * n + v]!;
      cf[p] = cf[p - 1]! + t;
      cb[p] = cb[p - 1]! + M[v * n + prev]!;
      const a = d + t;
      arr[p] = a;
      if (p === L - 1) {
        st[p] = a;
        dep[p] = a;
        break;
      }
      let x = a < open[v]! ? open[v]! : a;
      let c = close[v]!;
      if (useGap && md.isGap[v]) {
        if (w.stamp[v] === w.stampNow) {
          const g = w.lastStart[v]! + md.gap[v]!;
          if (x < g) x = g;
        }
        x = this.gapShift(v, r, x);
        const c2 = this.gapClose(v, r, x);
        if (c2 < c) c = c2;
        w.stamp[v] = w.stampNow;
        w.lastStart[v] = x;
      }
      st[p] = x;
      cl[p] = c;
      d = x + service[v]!;
      dep[p] = d;
      prev = v;
    }
    this.totalTravel += cf[L - 1]! - this.travel[r]!;
    this.travel[r] = cf[L - 1]!;
    this.backward(r);
    if (md.hasGap) {
      if (useGap) for (let p = 1; p < L - 1; p++) if (md.isGap[seq[p]!]) this.gapAdd(seq[p]!, r, st[p]!);
      for (let r2 = 0; r2 < md.m; r2++) if (r2 !== r && this.sens[r2]! > 0) this.refreshRoom(r2);
    }
  }

  /** Latest starts and slack of route r from its current times (other routes' gap visits may have moved). */
  private refreshRoom(r: number): void {
    const md = this.md;
    const seq = this.seq[r]!;
    const st = this.st[r]!;
    const cl = this.cl[r]!;
    const L = this.len[r]! - 1;
    for (let p = 1; p < L; p++) {
      const v = seq[p]!;
      if (!md.isGap[v]) continue;
      const c = this.gapClose(v, r, st[p]!);
      cl[p] = c < md.close[v]! ? c : md.close[v]!;
    }
    this.backward(r);
  }

  private backward(r: number): void {
    const md = this.md;
    const seq = this.seq[r]!;
    const arr = this.arr[r]!;
    const st = this.st[r]!;
    const cl = this.cl[r]!;
    const room = this.room[r]!;
    const L = this.len[r]!;
    const pairs = this.sens[r]! > 1;
    const w = this.w;
    if (pairs) w.stampNow++;
    room[L - 1] = md.shift[r]! - arr[L - 1]!;
    for (let p = L - 2; p >= 1; p--) {
      const sp = st[p]!;
      let lim = cl[p]! - sp;
      const b = room[p + 1]!;
      if (b < lim) lim = b;
      if (pairs) {
        const v = seq[p]!;
        if (md.isGap[v]) {
          if (w.stamp[v] === w.stampNow) {
            // the next visit of v in this route must stay a gap after this one
            const pb = w.lastStart[v]! + w.lastLim[v]! - sp - md.gap[v]!;
            if (pb < lim) lim = pb;
          }
          w.stamp[v] = w.stampNow;
          w.lastStart[v] = sp;
          w.lastLim[v] = lim;
        }
      }
      room[p] = sp - arr[p]! + lim;
    }
    room[0] = L > 1 ? room[1]! : 0;
  }

  /** Prize a further visit to j would earn. */
  addValue(j: number): number {
    const md = this.md;
    const c = this.count[j]!;
    const d = md.decay[j]!;
    return c === 0 || d === 1 ? md.prize[j]! : md.prize[j]! * Math.pow(d, c);
  }
  /** Prize removing one visit to j would lose. */
  remValue(j: number): number {
    const md = this.md;
    const c = this.count[j]! - 1;
    const d = md.decay[j]!;
    return c === 0 || d === 1 ? md.prize[j]! : md.prize[j]! * Math.pow(d, c);
  }

  /** Insert node j after position p of route r. */
  insert(r: number, p: number, j: number): void {
    const L = this.len[r]!;
    this.grow(r, L + 1);
    const seq = this.seq[r]!;
    seq.copyWithin(p + 2, p + 1, L);
    seq[p + 1] = j;
    this.len[r] = L + 1;
    this.prize += this.addValue(j);
    if (this.count[j]! < this.md.mand[j]!) this.mandMet++;
    this.count[j]!++;
    if (this.md.isGap[j]) this.sens[r]!++;
    this.stops++;
    this.recompute(r);
  }

  /** Remove the stop at position q (1 <= q <= len-2) of route r; returns its node. */
  remove(r: number, q: number, recompute = true): number {
    const L = this.len[r]!;
    const seq = this.seq[r]!;
    const j = seq[q]!;
    this.prize -= this.remValue(j);
    this.count[j]!--;
    if (this.count[j]! < this.md.mand[j]!) this.mandMet--;
    if (this.md.isGap[j]) this.sens[r]!--;
    this.stops--;
    seq.copyWithin(q, q + 1, L);
    this.len[r] = L - 1;
    if (recompute) this.recompute(r);
    return j;
  }

  /** Put node x at position q of route r in place of the stop there (prize and counts updated). */
  replaceAt(r: number, q: number, x: number): void {
    const md = this.md;
    const seq = this.seq[r]!;
    const i = seq[q]!;
    this.prize -= this.remValue(i);
    this.count[i]!--;
    if (this.count[i]! < md.mand[i]!) this.mandMet--;
    if (md.isGap[i]) this.sens[r]!--;
    this.prize += this.addValue(x);
    if (this.count[x]! < md.mand[x]!) this.mandMet++;
    this.count[x]!++;
    if (md.isGap[x]) this.sens[r]!++;
    seq[q] = x;
    this.recompute(r);
  }

  /** Replace the whole stop list of route r (same multiset of nodes, or sens and counts fixed by the caller). */
  setStops(r: number, src: Int32Array, L: number): void {
    this.grow(r, L);
    this.seq[r]!.set(src.subarray(0, L));
    this.len[r] = L;
    this.recompute(r);
  }

  /** Recount prize, mandatory visits and travel from the routes (removes drift of the incremental sums). */
  resum(): void {
    const md = this.md;
    let pz = 0;
    let mm = 0;
    for (let j = 0; j < md.n; j++) {
      const c = this.count[j]!;
      if (c === 0) continue;
      const d = md.decay[j]!;
      if (d === 1) pz += md.prize[j]! * c;
      else for (let k = 0, f = 1; k < c; k++, f *= d) pz += md.prize[j]! * f;
      mm += Math.min(c, md.mand[j]!);
    }
    this.prize = pz;
    this.mandMet = mm;
    let tt = 0;
    for (let r = 0; r < md.m; r++) tt += this.travel[r]!;
    this.totalTravel = tt;
  }

  /**
   * Schedule route r as the sequence src[0 .. L-1] (start and end nodes included) into w.sArr / w.sSt with the
   * same rules as recompute, against the other routes' gap visits as they stand. Returns the arrival at the end
   * node, or -1 if a window or the shift is broken. w.travel gets the route's travel.
   */
  evalSeq(r: number, src: Int32Array, L: number): number {
    const md = this.md;
    const n = md.n;
    const M = md.mat[r]!;
    const w = this.w;
    w.ensure(L);
    const arr = w.sArr;
    const st = w.sSt;
    const eps = md.eps;
    const hasGap = md.hasGap;
    if (hasGap) w.stampNow++;
    arr[0] = 0;
    st[0] = 0;
    let prev = src[0]!;
    let dep = 0;
    let travel = 0;
    for (let p = 1; p < L; p++) {
      const v = src[p]!;
      const t = M[prev * n + v]!;
      travel += t;
      const a = dep + t;
      arr[p] = a;
      if (p === L - 1) {
        st[p] = a;
        w.travel = travel;
        return a <= md.shift[r]! + eps ? a : -1;
      }
      let s = a < md.open[v]! ? md.open[v]! : a;
      if (hasGap && md.isGap[v]) {
        if (w.stamp[v] === w.stampNow) {
          const g = w.lastStart[v]! + md.gap[v]!;
          if (s < g) s = g;
        }
        s = this.gapShift(v, r, s);
        w.stamp[v] = w.stampNow;
        w.lastStart[v] = s;
      }
      if (s > md.close[v]! + eps) return -1;
      st[p] = s;
      dep = s + md.service[v]!;
      prev = v;
    }
    w.travel = travel;
    return L === 1 ? 0 : -1;
  }

  /**
   * Inserting j after position p of route r: the delay of the arrival at the next stop, or Infinity if the route
   * would break a window, a gap or the shift.
   */
  insDelta(r: number, p: number, j: number): number {
    const md = this.md;
    if (md.isGap[j] && this.gapIn(j, r)) {
      // the nearest visits of j in this route before and after the new one
      const seq = this.seq[r]!;
      const L = this.len[r]! - 1;
      let f = -1;
      let q = -1;
      for (let x = 1; x <= p; x++) if (seq[x] === j) f = x;
      for (let x = p + 1; x < L; x++)
        if (seq[x] === j) {
          q = x;
          break;
        }
      return this.placeDelta(r, p, p + 1, j, f, q);
    }
    return this.placeDelta(r, p, p + 1, j, -1, -1);
  }

  /**
   * Node x placed between positions a and b of route r (b = a + 1: an insertion; b = a + 2: replacing the stop at
   * a + 1). f / q: the positions of the nearest visits of x in this route before / after (-1: none). Returns the
   * arrival delay at b, or Infinity.
   */
  placeDelta(r: number, a: number, b: number, x: number, f: number, q: number): number {
    const md = this.md;
    const n = md.n;
    const M = md.mat[r]!;
    const seq = this.seq[r]!;
    const i = seq[a]!;
    const k = seq[b]!;
    const t = this.dep[r]![a]! + M[i * n + x]!;
    let s = t < md.open[x]! ? md.open[x]! : t;
    let c = md.close[x]!;
    const eps = md.eps;
    if (md.isGap[x]) {
      const g = md.gap[x]!;
      if (f >= 0) {
        const lb = this.st[r]![f]! + g;
        if (s < lb) s = lb;
      }
      s = this.gapShift(x, r, s);
      const c2 = this.gapClose(x, r, s);
      if (c2 < c) c = c2;
      // the next visit in this route must start a gap later, within its own latest start
      if (q >= 0 && s + g > this.arr[r]![q]! + this.room[r]![q]! + eps) return Infinity;
    }
    if (s > c + eps) return Infinity;
    const d = s + md.service[x]! + M[x * n + k]! - this.arr[r]![b]!;
    if (d > this.room[r]![b]! + eps) return Infinity;
    return d;
  }

  /** Replacing the stop at position q of route r by node x: arrival delay at the next stop, or Infinity. */
  repDelta(r: number, q: number, x: number): number {
    const md = this.md;
    let f = -1;
    let nq = -1;
    if (md.isGap[x] && this.gapIn(x, r)) {
      const seq = this.seq[r]!;
      const L = this.len[r]! - 1;
      for (let y = 1; y < q; y++) if (seq[y] === x) f = y;
      for (let y = q + 1; y < L; y++)
        if (seq[y] === x) {
          nq = y;
          break;
        }
    }
    return this.placeDelta(r, q - 1, q + 1, x, f, nq);
  }

  /** Removing the stop at position q of route r: arrival change at the next stop, or Infinity if infeasible. */
  remDelta(r: number, q: number): number {
    const md = this.md;
    const seq = this.seq[r]!;
    const n = md.n;
    const M = md.mat[r]!;
    const d = this.dep[r]![q - 1]! + M[seq[q - 1]! * n + seq[q + 1]!]! - this.arr[r]![q + 1]!;
    if (d > 0 && d > this.room[r]![q + 1]! + md.eps) return Infinity;
    return d;
  }
}
