// The discrete-event simulation of one policy under one seed (pure: the seed is the only source of randomness).
//
// Events: call arrivals (in time order) and units clearing a scene (a heap). A call goes to the eligible unit that
// is not on a call (idle, patrolling, or driving back) and is best by the policy: nearest by straight line from its
// post (stations-straight) or the shortest road ETA (posts-road, patrol-road). A unit driving back is placed at its
// destination with the remaining drive added (an upper bound of its true ETA); a patrolling unit at the last route
// stop it reached. If every eligible unit is on a call the call waits in a FIFO queue (one for all in bundled runs,
// one per station otherwise) and the first unit to clear takes it, driving there from the scene it cleared. Categories
// with reinforcement get extra units if any are free at the time (they never queue).
//
// Posts (and patrol bases) are placed each midnight from the calls before the day (prepare.ts); idle units move to
// their new post at the shift change and busy ones return to it.

import { MinHeap } from '../../roads/heap';
import { createRng } from '../rng';
import {
  DEFAULT_DIURNAL_PROFILE,
  DEFAULT_MODE_TIME_FACTOR,
  DEFAULT_PATROL_DWELL_S,
  DEFAULT_PATROL_STOPS,
  DEFAULT_PATROL_TIME_FACTOR,
} from './defaults';
import { callToCall, demandBefore, postsAsList, postsForDay, type PreparedReform } from './prepare';
import type { ReformFigures, ReformPolicy, ReformRun, ReformServiceTime, ReformUnitLoad } from './types';

const DAY_S = 86_400;

function drawService(st: ReformServiceTime, rng: ReturnType<typeof createRng>): number {
  if (st.dist === 'fixed') return st.meanS;
  if (st.dist === 'exponential') return rng.exponential(1 / st.meanS);
  const sd = st.sdS ?? st.meanS;
  const s2 = Math.log(1 + (sd * sd) / (st.meanS * st.meanS));
  return Math.exp(rng.normal(Math.log(st.meanS) - s2 / 2, Math.sqrt(s2)));
}

/** Per-seed draws shared by every policy (common random numbers): call times and service times, in calls order. */
export function drawCallTimes(prep: PreparedReform, seed: number): { time: Float64Array; service: Float64Array } {
  const s = prep.scenario;
  const rng = createRng(seed);
  const tr = rng.fork('time-of-day');
  const sr = rng.fork('service');
  const prof = s.diurnal ?? DEFAULT_DIURNAL_PROFILE;
  const time = new Float64Array(s.calls.length);
  const service = new Float64Array(s.calls.length);
  for (let i = 0; i < s.calls.length; i++) {
    const c = s.calls[i]!;
    if (c.timeOfDayKnown) time[i] = c.timeS;
    else {
      const h = tr.weightedIndex(prof);
      time[i] = Math.min(s.periodS - 1e-6, c.timeS + h * 3600 + tr.float() * 3600);
    }
    service[i] = drawService(s.serviceTime[c.category] ?? s.serviceTime.default, sr);
  }
  return { time, service };
}

function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

/** Simulate one policy under one seed. */
export function simulateReform(prep: PreparedReform, policy: ReformPolicy, seed: number): ReformRun {
  const s = prep.scenario;
  const U = s.units.length;
  const N = s.calls.length;
  const P = prep.pool.length;
  const D = prep.callNodes.length;
  const { fromPool, toPool, poolPool, callK } = prep;
  const road = policy.name !== 'stations-straight';
  const patrol = policy.name === 'patrol-road';
  const turnout = s.turnoutS ?? 0;
  const modeF = { ...DEFAULT_MODE_TIME_FACTOR, ...s.modeTimeFactor };
  const factor = Float64Array.from(s.units, (u) => modeF[u.mode]);
  const patrolF = s.patrolTimeFactor ?? DEFAULT_PATROL_TIME_FACTOR;
  const dwell = s.patrolDwellS ?? DEFAULT_PATROL_DWELL_S;
  const nStops = s.patrolStops ?? DEFAULT_PATROL_STOPS;
  const { time, service } = drawCallTimes(prep, seed);
  const order = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => time[a]! - time[b]! || a - b);

  // unit state
  const home = new Int32Array(U); // pool index of the post / base
  const target = new Int32Array(U); // pool index the unit is at or driving to
  const backAt = new Float64Array(U); // arrival at target (<= now: there)
  const clearAt = new Float64Array(U); // end of the current call (> now: on a call)
  const lastK = new Int32Array(U).fill(-1); // call node of the current / last call
  const busyS = new Float64Array(U);
  const spellStart = new Float64Array(U).fill(NaN); // start of the current busy spell (call, drive back), NaN if none
  const nCalls = new Int32Array(U);
  // patrol routes: stops (pool indices), start of each stop's dwell within the cycle, cycle length, anchor time
  const routes: { stops: number[]; start: number[]; cycle: number }[] = Array.from({ length: U }, () => ({ stops: [], start: [0], cycle: 1 }));
  const anchor = new Float64Array(U);
  const retStop = new Int32Array(U);

  const setDay = (day: number, now: number) => {
    const posts = road ? postsForDay(prep, policy.bundled, day) : Int32Array.from(s.units, (u) => u.station);
    home.set(posts);
    if (patrol) buildRoutes(day, now);
    for (let u = 0; u < U; u++) {
      if (clearAt[u]! > now) continue; // on a call: it returns to the new post when done
      if (backAt[u]! > now && lastK[u]! >= 0) {
        // driving back: now to the new post or route, from the scene it cleared
        const dest = patrol ? nearestStop(u, lastK[u]!) : home[u]!;
        target[u] = dest;
        backAt[u] = clearAt[u]! + toPool[dest * D + lastK[u]!]! * factor[u]!;
        if (patrol) (retStop[u] = routes[u]!.stops.indexOf(dest)), (anchor[u] = backAt[u]! - routes[u]!.start[retStop[u]!]!);
      } else {
        // idle: moves to the new post at the shift change
        target[u] = home[u]!;
        backAt[u] = Math.min(backAt[u]!, now);
        if (patrol) (retStop[u] = 0), (anchor[u] = now);
      }
    }
  };

  const buildRoutes = (day: number, _now: number) => {
    const cands: number[][] = Array.from({ length: U }, () => []);
    const weights: Float64Array[] = [];
    const wAll = policy.bundled ? demandBefore(prep, day) : null;
    for (let st = 0; st < s.stations.length; st++) weights.push(policy.bundled ? wAll! : demandBefore(prep, day, st));
    // each candidate stop goes to the unit whose base reaches it soonest (own: among its station's units)
    for (let q = 0; q < P; q++) {
      if (q >= s.stations.length && q < prep.gridStart) continue;
      let bu = -1;
      let bt = Infinity;
      for (let u = 0; u < U; u++) {
        if (!policy.bundled && s.units[u]!.station !== prep.poolStation[q]) continue;
        const t = poolPool[home[u]! * P + q]!;
        if (t < bt) (bt = t), (bu = u);
      }
      if (bu >= 0 && Number.isFinite(bt) && q !== home[bu]) cands[bu]!.push(q);
    }
    for (let u = 0; u < U; u++) {
      const w = weights[s.units[u]!.station]!;
      const top = cands[u]!.filter((q) => w[q]! > 0).sort((a, b) => w[b]! - w[a]! || a - b).slice(0, nStops);
      // nearest-neighbour tour from the base
      const stops = [home[u]!];
      const left = new Set(top);
      while (left.size > 0) {
        const cur = stops[stops.length - 1]!;
        let bq = -1;
        let bt = Infinity;
        for (const q of left) {
          const t = poolPool[cur * P + q]!;
          if (t < bt || (t === bt && q < bq)) (bt = t), (bq = q);
        }
        // unreachable stops are dropped
        if (!Number.isFinite(bt) || !Number.isFinite(poolPool[bq * P + home[u]!]!)) {
          left.delete(bq);
          continue;
        }
        stops.push(bq);
        left.delete(bq);
      }
      const start = [0];
      for (let i = 1; i <= stops.length; i++) {
        const leg = poolPool[stops[i - 1]! * P + stops[i % stops.length]!]! * patrolF * factor[u]!;
        start.push(start[i - 1]! + dwell + leg);
      }
      routes[u] = { stops, start, cycle: start[stops.length]! };
    }
  };

  const nearestStop = (u: number, k: number): number => {
    const r = routes[u]!;
    let best = r.stops[0]!;
    let bt = Infinity;
    for (const q of r.stops) {
      const t = toPool[q * D + k]!;
      if (t < bt) (bt = t), (best = q);
    }
    return best;
  };

  /** Pool index where the unit is placed at time now (patrol: the last stop reached), and the drive left to get there. */
  const position = (u: number, now: number): [number, number] => {
    if (backAt[u]! > now) return [target[u]!, backAt[u]! - now];
    if (!patrol) return [target[u]!, 0];
    const r = routes[u]!;
    if (r.stops.length === 1) return [r.stops[0]!, 0];
    let ph = (now - anchor[u]!) % r.cycle;
    if (ph < 0) ph += r.cycle;
    let i = 0;
    while (i + 1 < r.stops.length && r.start[i + 1]! <= ph) i++;
    return [r.stops[i]!, 0];
  };

  const responseS = new Float64Array(N).fill(NaN);
  const travelS = new Float64Array(N).fill(NaN);
  const answeredBy = new Int32Array(N).fill(-1);
  let droppedUnreachable = 0;
  let queuedCount = 0;
  let nonNearest = 0;
  let crossBorder = 0;
  const queues: number[][] = policy.bundled ? [[]] : s.stations.map(() => []);
  const qHead = new Int32Array(queues.length);
  const heap = new MinHeap(Math.max(16, U * 2));

  const eligible = (u: number, i: number) => policy.bundled || s.units[u]!.station === s.calls[i]!.station;

  /** Send unit u, free at `now`, to call i from pool position pos with `rest` seconds still to drive there. */
  const send = (u: number, i: number, now: number, travel: number, primary: boolean) => {
    const depart = Math.max(now, time[i]! + turnout);
    const arrive = depart + travel;
    if (primary) {
      responseS[i] = arrive - time[i]!;
      travelS[i] = travel;
      answeredBy[i] = u;
      if (s.units[u]!.station !== s.calls[i]!.station) crossBorder++;
    }
    if (clearAt[u]! <= now) {
      // a unit not on a call: a new busy spell unless it is still driving back (the spell goes on)
      if (!Number.isNaN(spellStart[u]!) && backAt[u]! <= now) closeSpell(u, backAt[u]!);
      if (Number.isNaN(spellStart[u]!)) spellStart[u] = now;
    }
    clearAt[u] = arrive + service[i]!;
    lastK[u] = callK[i]!;
    nCalls[u]!++;
    heap.push(clearAt[u]!, u);
  };

  /** First preference from the homes (hypercube's "nearest"): straight line or road time from each eligible unit's post. */
  const preferred = (i: number): number => {
    const c = s.calls[i]!;
    const k = callK[i]!;
    let bu = -1;
    let bv = Infinity;
    const cc = Math.cos((c.lat * Math.PI) / 180);
    for (let u = 0; u < U; u++) {
      if (!eligible(u, i)) continue;
      const h = home[u]!;
      const v = road ? fromPool[h * D + k]! * factor[u]! : ((prep.poolLon[h]! - c.lon) * cc) ** 2 + (prep.poolLat[h]! - c.lat) ** 2;
      if (v < bv) (bv = v), (bu = u);
    }
    return bu;
  };

  const closeSpell = (u: number, at: number) => {
    busyS[u]! += Math.max(0, Math.min(at, s.periodS) - spellStart[u]!);
    spellStart[u] = NaN;
  };

  const onClear = (u: number, now: number) => {
    // take the oldest waiting call the unit may answer
    const qi = policy.bundled ? 0 : s.units[u]!.station;
    const q = queues[qi]!;
    while (qHead[qi]! < q.length) {
      const i = q[qHead[qi]!++]!;
      const travel = callToCall(prep, lastK[u]!, callK[i]!) * factor[u]!;
      if (!Number.isFinite(travel)) {
        droppedUnreachable++;
        continue;
      }
      if (preferred(i) !== u) nonNearest++;
      backAt[u] = Infinity; // straight on to the next call: the busy spell goes on
      send(u, i, now, travel, true);
      return;
    }
    const dest = patrol ? nearestStop(u, lastK[u]!) : home[u]!;
    target[u] = dest;
    backAt[u] = now + toPool[dest * D + lastK[u]!]! * factor[u]!;
    if (!Number.isFinite(backAt[u]!)) backAt[u] = now; // cannot drive back: treated as at its post
    if (patrol) (retStop[u] = routes[u]!.stops.indexOf(dest)), (anchor[u] = backAt[u]! - routes[u]!.start[retStop[u]!]!);
  };

  const dispatch = (i: number, now: number) => {
    const c = s.calls[i]!;
    const k = callK[i]!;
    const cc = Math.cos((c.lat * Math.PI) / 180);
    const need = Math.max(1, s.reinforce?.[c.category] ?? 1);
    let anyFree = false;
    const pref = preferred(i);
    for (let n = 0; n < need; n++) {
      let bu = -1;
      let bKey = Infinity;
      let bTravel = Infinity;
      for (let u = 0; u < U; u++) {
        if (clearAt[u]! > now || !eligible(u, i)) continue;
        anyFree = true;
        const [p, rest] = position(u, now);
        const travel = rest + fromPool[p * D + k]! * factor[u]!;
        if (!Number.isFinite(travel)) continue;
        const key = road ? travel : ((prep.poolLon[p]! - c.lon) * cc) ** 2 + (prep.poolLat[p]! - c.lat) ** 2;
        if (key < bKey) (bKey = key), (bu = u), (bTravel = travel);
      }
      if (bu < 0) {
        if (n > 0) return; // reinforcement only if free
        if (anyFree) droppedUnreachable++;
        else {
          queuedCount++;
          queues[policy.bundled ? 0 : c.station]!.push(i);
        }
        return;
      }
      if (n === 0 && bu !== pref) nonNearest++;
      send(bu, i, now, bTravel, n === 0);
    }
  };

  let day = 0;
  setDay(0, 0);
  let next = 0;
  for (;;) {
    const tA = next < N ? time[order[next]!]! : Infinity;
    const tC = heap.size > 0 ? heap.peekKey() : Infinity;
    const t = Math.min(tA, tC);
    if (!(t < s.periodS)) break;
    const d = Math.floor(t / DAY_S);
    if (d > day) {
      for (let x = day + 1; x <= d; x++) setDay(x, x * DAY_S);
      day = d;
    }
    if (tC <= tA) {
      const u = heap.pop();
      if (clearAt[u]! !== t) continue; // stale
      onClear(u, t);
    } else {
      dispatch(order[next]!, t);
      next++;
    }
  }
  // close busy spells at the period end
  for (let u = 0; u < U; u++) if (!Number.isNaN(spellStart[u]!)) closeSpell(u, clearAt[u]! > s.periodS ? s.periodS : backAt[u]!);
  let queuedAtEnd = 0;
  for (let qi = 0; qi < queues.length; qi++) queuedAtEnd += queues[qi]!.length - qHead[qi]!;

  const served: number[] = [];
  for (let i = 0; i < N; i++) if (answeredBy[i]! >= 0) served.push(i);
  const within = (lim: number) => (served.length ? served.filter((i) => responseS[i]! <= lim).length / served.length : NaN);
  const trav = Float64Array.from(served, (i) => travelS[i]!).sort();
  const util = Array.from(busyS, (b) => b / s.periodS);
  const um = util.reduce((a, b) => a + b, 0) / U;
  const figures: ReformFigures = {
    calls: N,
    served: served.length,
    droppedUnreachable,
    queuedAtEnd,
    queued: queuedCount,
    within1: within(60),
    within3: within(180),
    within5: within(300),
    meanTravelS: trav.length ? trav.reduce((a, b) => a + b, 0) / trav.length : NaN,
    p90TravelS: quantile(trav, 0.9),
    meanResponseS: served.length ? served.reduce((a, i) => a + responseS[i]!, 0) / served.length : NaN,
    utilisation: { mean: um, sd: Math.sqrt(util.reduce((a, b) => a + (b - um) ** 2, 0) / U), min: Math.min(...util), max: Math.max(...util) },
    crossBorder: served.length ? crossBorder / served.length : 0,
  };
  const units: ReformUnitLoad[] = s.units.map((x, u) => ({ unit: u, station: x.station, homeNode: prep.pool[home[u]!]!, calls: nCalls[u]!, busyS: busyS[u]!, utilisation: util[u]! }));
  const firstPosts = road ? postsForDay(prep, policy.bundled, prep.days > 1 ? 1 : 0) : Int32Array.from(s.units, (x) => x.station);
  return {
    policy: policy.name,
    bundled: policy.bundled,
    seed,
    figures,
    units,
    responseS,
    travelS,
    answeredBy,
    nonNearestShare: served.length ? nonNearest / served.length : 0,
    posts: postsAsList(prep, firstPosts),
    postsPlacement: !road ? 'stations' : s.posts ? 'given' : 'p-median',
  };
}
