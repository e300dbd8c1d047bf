// The discrete-event simulation of one policy under one seed (pure: the seed is the only source of randomness).
//
// Events: call arrivals (in time order) and units clearing a scene (a heap). A call goes to the eligible unit that
// is not on a call (idle, patrolling, or driving back) and is best by the policy: nearest by straight line from its
// post (stations-straight) or the shortest road ETA (posts-road, patrol-road). A unit driving back is placed at its
// destination with the remaining drive added (an upper bound of its true ETA); a patrolling unit at the last route
// stop it reached. Eligible: a unit of the call's station, or in bundled runs of any station of its 片区 (group; all
// stations when the scenario gives none). If every eligible unit is on a call the call waits in a FIFO queue (one per
// 片区 in bundled runs, one per station otherwise) and the first unit to clear takes it, driving there from the scene it cleared. Categories
// with reinforcement get extra units if any are free at the time (they never queue).
//
// Posts (and patrol bases) are placed for each day and shift from the calls before the day (prepare.ts); patrol-road
// units follow the patrol planner's timetable for their shift (patrols.ts). Idle units move to their new post at the
// shift change and busy ones return to it; units off duty finish their call and go off. Response = queue wait + call
// handling (turnoutS) + turnout by where the unit is (station house, post / patrol stop, driving) + travel, and every
// travel time is the routing engine's times the mode's factor times the congestion multiplier of the departure hour.

import { MinHeap } from '../../roads/heap';
import { createRng } from '../rng';
import { DEFAULT_CONGESTION_PROFILE, DEFAULT_DIURNAL_PROFILE, DEFAULT_MODE_TIME_FACTOR, DEFAULT_TURNOUT_AT } from './defaults';
import { patrolPlanFor } from './patrols';
import { blockKey, callToCall, postsAsList, postsForDay, type PreparedReform, type ReformTimetable } from './prepare';
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

/** Where a unit is sent from: 0 station house, 1 post or patrol stop (beside its car), 2 driving. */
const AT_STATION = 0;
const AT_POST = 1;
const MOVING = 2;

/** Simulate one policy under one seed. */
export function simulateReform(prep: PreparedReform, policy: ReformPolicy, seed: number): ReformRun {
  const s = prep.scenario;
  const U = s.units.length;
  const N = s.calls.length;
  const D = prep.callNodes.length;
  const { fromPool, toPool, callK, blocks } = prep;
  const road = policy.name !== 'stations-straight';
  const patrol = policy.name === 'patrol-road';
  const handling = s.turnoutS ?? 0;
  const tAt = { ...DEFAULT_TURNOUT_AT, ...s.turnoutAt };
  const turnoutOf = [tAt.station, tAt.post, tAt.moving];
  const cong = s.congestion ?? DEFAULT_CONGESTION_PROFILE;
  const congAt = (t: number) => cong[Math.floor((((t % DAY_S) + DAY_S) % DAY_S) / 3600)]!;
  const modeF = { ...DEFAULT_MODE_TIME_FACTOR, ...s.modeTimeFactor };
  const factor = Float64Array.from(s.units, (u) => modeF[u.mode]);
  const { time, service } = drawCallTimes(prep, seed);
  const order = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => time[a]! - time[b]! || a - b);

  // unit state
  const onDuty = new Uint8Array(U);
  const home = new Int32Array(U); // pool index of the post / base
  const homeAtStation = new Uint8Array(U); // waits inside its station house
  const target = new Int32Array(U); // pool index the unit is at or driving to
  const backAt = new Float64Array(U); // arrival at target (<= now: there)
  const clearAt = new Float64Array(U); // end of the current call (> now: on a call)
  const lastK = new Int32Array(U).fill(-1); // call node of the current / last call
  const busyS = new Float64Array(U);
  const spellStart = new Float64Array(U).fill(NaN); // start of the current busy spell (call, drive back), NaN if none
  const nCalls = new Int32Array(U);
  const onDutyS = new Float64Array(U);
  // patrol timetables (seconds from tStart), and the timetable index the unit follows from
  const table: (ReformTimetable | null)[] = new Array(U).fill(null);
  const tStart = new Float64Array(U);
  const tj = new Int32Array(U);

  const closeSpell = (u: number, at: number) => {
    busyS[u]! += Math.max(0, Math.min(at, s.periodS) - spellStart[u]!);
    spellStart[u] = NaN;
  };

  /** After a call cleared at t0 at call node k: the unit heads home, or rejoins its timetable at the first stop it can reach before the stop ends. */
  const headBack = (u: number, t0: number, k: number) => {
    const f = factor[u]! * congAt(t0);
    const tb = patrol ? table[u] : null;
    if (tb && tb.nodes.length > 1) {
      let j = Math.max(1, tj[u]!);
      for (; j < tb.nodes.length; j++) {
        const drive = toPool[tb.nodes[j]! * D + k]! * f;
        if (tStart[u]! + tb.dep[j]! > t0 + drive) break;
      }
      j = Math.min(j, tb.nodes.length - 1);
      tj[u] = j;
      target[u] = tb.nodes[j]!;
    } else target[u] = home[u]!;
    backAt[u] = t0 + toPool[target[u]! * D + k]! * f;
    if (!Number.isFinite(backAt[u]!)) backAt[u] = t0; // cannot drive back: treated as there
  };

  const setBlock = (b: number, now: number) => {
    const blk = blocks[b]!;
    const on = new Uint8Array(U);
    for (const u of prep.shifts[blk.shift]!.units) on[u] = 1;
    const posts = road ? postsForDay(prep, policy.bundled, blk.day, blk.shift) : Int32Array.from(s.units, (u) => u.station);
    const atSt = road ? prep.placementAtStation.get(blockKey(policy.bundled, blk.day, blk.shift))! : new Uint8Array(U).fill(1);
    const tables = patrol ? patrolPlanFor(prep, policy.bundled, blk.day, blk.shift) : null;
    const span = Math.min(blk.end, s.periodS) - Math.max(blk.start, 0);
    for (let u = 0; u < U; u++) {
      const was = onDuty[u]!;
      onDuty[u] = on[u]!;
      home[u] = posts[u]!;
      homeAtStation[u] = atSt[u]!;
      if (tables) (table[u] = tables[u]!), (tStart[u] = blk.start), (tj[u] = 0);
      if (!on[u]) {
        if (clearAt[u]! <= now) {
          // off duty: a drive back ends here
          if (!Number.isNaN(spellStart[u]!)) closeSpell(u, Math.min(now, backAt[u]!));
          target[u] = home[u]!;
          backAt[u] = Math.min(backAt[u]!, now);
        }
        continue;
      }
      onDutyS[u]! += span;
      if (clearAt[u]! > now) continue; // on a call: it heads to the new post or route when done
      if (was && backAt[u]! > now && lastK[u]! >= 0) headBack(u, clearAt[u]!, lastK[u]!);
      else {
        // idle, or coming on duty: at its post at the shift change
        target[u] = home[u]!;
        backAt[u] = Math.min(backAt[u]!, now);
      }
    }
  };

  // where a unit is: at pool node locA with restA seconds to get there, or (between two patrol stops) alternatively
  // back at locB, restB seconds behind it (the nearer end counts)
  let locA = 0;
  let restA = 0;
  let locB = -1;
  let restB = 0;
  let place = AT_POST;
  const locate = (u: number, now: number) => {
    locB = -1;
    if (backAt[u]! > now) {
      locA = target[u]!;
      restA = backAt[u]! - now;
      place = MOVING;
      return;
    }
    restA = 0;
    const tb = patrol ? table[u] : null;
    if (!tb || tb.nodes.length === 1) {
      locA = target[u]!;
      place = homeAtStation[u] && target[u] === home[u] ? AT_STATION : AT_POST;
      return;
    }
    const rel = now - tStart[u]!;
    let i = tj[u]!;
    while (i + 1 < tb.nodes.length && tb.arr[i + 1]! <= rel) i++;
    tj[u] = i;
    if (rel < tb.dep[i]!) {
      locA = tb.nodes[i]!;
      place = AT_POST;
      return;
    }
    // driving from stop i to stop i + 1
    locA = tb.nodes[i + 1]!;
    restA = tb.arr[i + 1]! - rel;
    locB = tb.nodes[i]!;
    restB = rel - tb.dep[i]!;
    place = MOVING;
  };

  const responseS = new Float64Array(N).fill(NaN);
  const travelS = new Float64Array(N).fill(NaN);
  const answeredBy = new Int32Array(N).fill(-1);
  const sentFrom = [0, 0, 0];
  let droppedUnreachable = 0;
  let queuedCount = 0;
  let nonNearest = 0;
  let crossBorder = 0;
  // the queue (and the units) a call belongs to: its station's 片区 in bundled runs, its station otherwise
  const sg = prep.stationGroup;
  const lane = (station: number) => (policy.bundled ? sg[station]! : station);
  const queues: number[][] = Array.from({ length: policy.bundled ? prep.groupCount : s.stations.length }, () => []);
  const qHead = new Int32Array(queues.length);
  const heap = new MinHeap(Math.max(16, U * 2));

  const eligible = (u: number, i: number) => onDuty[u] === 1 && lane(s.units[u]!.station) === lane(s.calls[i]!.station);

  /** Send unit u, free at `now`, to call i: it leaves after the call handling and its turnout, and drives `travel`. */
  const send = (u: number, i: number, now: number, depart: number, travel: number, primary: boolean, from: number) => {
    const arrive = depart + travel;
    if (primary) {
      responseS[i] = arrive - time[i]!;
      travelS[i] = travel;
      answeredBy[i] = u;
      sentFrom[from]!++;
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

  // the best free eligible unit for call i at `now` (road: earliest arrival; straight: nearest by straight line)
  let pickU = -1;
  let pickDepart = 0;
  let pickTravel = 0;
  let pickFrom = 0;
  let pickAnyFree = false;
  const pick = (i: number, now: number, taken: Set<number> | null) => {
    const c = s.calls[i]!;
    const k = callK[i]!;
    const cc = Math.cos((c.lat * Math.PI) / 180);
    const ready = Math.max(now, time[i]! + handling);
    pickU = -1;
    pickAnyFree = false;
    let bKey = Infinity;
    for (let u = 0; u < U; u++) {
      if (clearAt[u]! > now || !eligible(u, i) || taken?.has(u)) continue;
      pickAnyFree = true;
      locate(u, now);
      const depart = ready + turnoutOf[place]!;
      const f = factor[u]! * congAt(depart);
      let travel = restA + fromPool[locA * D + k]! * f;
      if (locB >= 0) travel = Math.min(travel, restB + fromPool[locB * D + k]! * f);
      if (!Number.isFinite(travel)) continue;
      const key = road ? depart + travel : ((prep.poolLon[locA]! - c.lon) * cc) ** 2 + (prep.poolLat[locA]! - c.lat) ** 2;
      if (key < bKey) (bKey = key), (pickU = u), (pickDepart = depart), (pickTravel = travel), (pickFrom = place);
    }
  };

  const dispatch = (i: number, now: number) => {
    const c = s.calls[i]!;
    const need = Math.max(1, s.reinforce?.[c.category] ?? 1);
    const pref = preferred(i);
    const taken = new Set<number>();
    for (let n = 0; n < need; n++) {
      pick(i, now, taken);
      if (pickU < 0) {
        if (n > 0) return; // reinforcement only if free
        if (pickAnyFree) droppedUnreachable++;
        else {
          queuedCount++;
          queues[lane(c.station)]!.push(i);
        }
        return;
      }
      if (n === 0 && pickU !== pref) nonNearest++;
      taken.add(pickU);
      send(pickU, i, now, pickDepart, pickTravel, n === 0, pickFrom);
    }
  };

  /** Units coming on duty take waiting calls (oldest first). */
  const drainQueues = (now: number) => {
    for (let qi = 0; qi < queues.length; qi++) {
      const q = queues[qi]!;
      while (qHead[qi]! < q.length) {
        const i = q[qHead[qi]!]!;
        pick(i, now, null);
        if (pickU < 0) {
          if (!pickAnyFree) break;
          droppedUnreachable++;
          qHead[qi]!++;
          continue;
        }
        qHead[qi]!++;
        if (preferred(i) !== pickU) nonNearest++;
        send(pickU, i, now, pickDepart, pickTravel, true, pickFrom);
      }
    }
  };

  const onClear = (u: number, now: number) => {
    if (!onDuty[u]) {
      // its shift is over: it goes off duty
      closeSpell(u, now);
      target[u] = home[u]!;
      backAt[u] = now;
      return;
    }
    // take the oldest waiting call the unit may answer
    const qi = lane(s.units[u]!.station);
    const q = queues[qi]!;
    while (qHead[qi]! < q.length) {
      const i = q[qHead[qi]!++]!;
      const depart = Math.max(now, time[i]! + handling) + tAt.post;
      const travel = callToCall(prep, lastK[u]!, callK[i]!) * factor[u]! * congAt(depart);
      if (!Number.isFinite(travel)) {
        droppedUnreachable++;
        continue;
      }
      if (preferred(i) !== u) nonNearest++;
      backAt[u] = Infinity; // straight on to the next call: the busy spell goes on
      send(u, i, now, depart, travel, true, AT_POST);
      return;
    }
    headBack(u, now, lastK[u]!);
  };

  let b = 0;
  while (b + 1 < blocks.length && blocks[b + 1]!.start <= 0) b++;
  setBlock(b, 0);
  let next = 0;
  for (;;) {
    const tA = next < N ? time[order[next]!]! : Infinity;
    const tC = heap.size > 0 ? heap.peekKey() : Infinity;
    const t = Math.min(tA, tC);
    if (!(t < s.periodS)) break;
    while (b + 1 < blocks.length && blocks[b + 1]!.start <= t) {
      b++;
      setBlock(b, blocks[b]!.start);
      drainQueues(blocks[b]!.start);
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
  // shift changes after the last event
  while (b + 1 < blocks.length && blocks[b + 1]!.start < s.periodS) {
    b++;
    setBlock(b, blocks[b]!.start);
    drainQueues(blocks[b]!.start);
  }
  // close busy spells at the period end
  for (let u = 0; u < U; u++) if (!Number.isNaN(spellStart[u]!)) closeSpell(u, clearAt[u]! > s.periodS ? s.periodS : backAt[u]!);
  let queuedAtEnd = 0;
  for (let qi = 0; qi < queues.length; qi++) queuedAtEnd += queues[qi]!.length - qHead[qi]!;

  const served: number[] = [];
  for (let i = 0; i < N; i++) if (answeredBy[i]! >= 0) served.push(i);
  const within = (lim: number) => (served.length ? served.filter((i) => responseS[i]! <= lim).length / served.length : NaN);
  const trav = Float64Array.from(served, (i) => travelS[i]!).sort();
  const util = Array.from(busyS, (x, u) => (onDutyS[u]! > 0 ? x / onDutyS[u]! : 0));
  const um = util.reduce((a, x) => a + x, 0) / U;
  const figures: ReformFigures = {
    calls: N,
    served: served.length,
    droppedUnreachable,
    queuedAtEnd,
    queued: queuedCount,
    within1: within(60),
    within3: within(180),
    within5: within(300),
    meanTravelS: trav.length ? trav.reduce((a, x) => a + x, 0) / trav.length : NaN,
    p90TravelS: quantile(trav, 0.9),
    meanResponseS: served.length ? served.reduce((a, i) => a + responseS[i]!, 0) / served.length : NaN,
    utilisation: { mean: um, sd: Math.sqrt(util.reduce((a, x) => a + (x - um) ** 2, 0) / U), min: Math.min(...util), max: Math.max(...util) },
    crossBorder: served.length ? crossBorder / served.length : 0,
  };
  const firstDay = prep.days > 1 ? 1 : 0;
  const firstPosts = road ? postsForDay(prep, policy.bundled, firstDay, 0) : Int32Array.from(s.units, (x) => x.station);
  const units: ReformUnitLoad[] = s.units.map((x, u) => ({
    unit: u,
    station: x.station,
    homeNode: prep.pool[home[u]!]!,
    calls: nCalls[u]!,
    busyS: busyS[u]!,
    utilisation: util[u]!,
    onDutyS: onDutyS[u]!,
  }));
  const nServed = Math.max(1, served.length);
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
    sentFrom: { station: sentFrom[AT_STATION]! / nServed, post: sentFrom[AT_POST]! / nServed, moving: sentFrom[MOVING]! / nServed },
  };
}
