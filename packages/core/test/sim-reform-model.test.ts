// The reform simulator's model of response (issue 20 follow-up): urban speeds by hour, turnout by where a unit is,
// patrol-road on the patrol planner's timetables from the daily forecast, and shifts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRoadGraph, buildContractionHierarchy, chTravelTime, nearestNode, reachable, type RoadLike } from '../src/roads/index';
import { createRng } from '../src/sim/rng';
import {
  allocateReformShifts,
  allocateReformUnits,
  allReformPolicies,
  DEFAULT_CONGESTION_PROFILE,
  drawCallTimes,
  prepareReform,
  simulateReform,
  type ReformCall,
  type ReformScenario,
  type ReformStation,
} from '../src/sim/reform/index';

const DAY = 86400;

/** A grid town of w x h crossings 200 m apart (30-50 km/h, two-way), and its nodes. */
function town(w: number, h: number) {
  const step = 0.002;
  const roads: RoadLike[] = [];
  let id = 0;
  const p = (i: number, j: number): [number, number] => [120 + i * step, 32 + j * step];
  for (let i = 0; i < w; i++)
    for (let j = 0; j < h; j++) {
      if (i + 1 < w) roads.push({ id: id++, speedKmh: j % 4 === 0 ? 50 : 30, oneway: false, coords: [p(i, j), p(i + 1, j)] });
      if (j + 1 < h) roads.push({ id: id++, speedKmh: i % 5 === 0 ? 50 : 30, oneway: false, coords: [p(i, j), p(i, j + 1)] });
    }
  const graph = buildRoadGraph(roads, { secondsQuantum: 1 / 1024 });
  const ch = buildContractionHierarchy(graph);
  const f = reachable(graph, 0);
  const nodes: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) if (f[v]) nodes.push(v);
  return { graph, ch, nodes, step };
}

const T = town(14, 12);
const midX = 120 + 6.5 * T.step;
/** Two stations, west and east halves. */
const STATIONS: ReformStation[] = [0, 1].map((k) => {
  const node = nearestNode(T.graph, 120 + (k === 0 ? 3 : 10) * T.step, 32 + 5 * T.step);
  const [x0, x1] = k === 0 ? [119, midX] : [midX, 121];
  return { id: `S${k}`, node, lon: T.graph.lon[node]!, lat: T.graph.lat[node]!, areaId: `A${k}`, area: [[[[x0, 31], [x1, 31], [x1, 33], [x0, 33], [x0, 31]]]] };
});

/** Calls at hot spots and elsewhere, one every `gapS` seconds (known times), with days of history. */
function scenario(o: { days: number; gapS: number; units: number; historyDays: number; seed: number; offsetS?: number }): ReformScenario {
  const rng = createRng(o.seed);
  const hot = Array.from({ length: 5 }, () => rng.pick(T.nodes));
  const mk = (id: number, timeS: number, known: boolean): ReformCall => {
    const node = rng.chance(0.6) ? rng.pick(hot) : rng.pick(T.nodes);
    const lon = T.graph.lon[node]!;
    const lat = T.graph.lat[node]!;
    return { id, timeS, timeOfDayKnown: known, node, lon, lat, category: 'other', station: lon < midX ? 0 : 1 };
  };
  const calls: ReformCall[] = [];
  for (let t = o.offsetS ?? 0; t < o.days * DAY; t += o.gapS) calls.push(mk(calls.length, t, true));
  const history: ReformCall[] = [];
  for (let d = -o.historyDays; d < 0; d++) for (let i = 0; i < 30; i++) history.push(mk(history.length, d * DAY, false));
  return {
    periodStartMs: Date.UTC(2016, 7, 1),
    periodS: o.days * DAY,
    stations: STATIONS,
    calls,
    history,
    units: allocateReformUnits(2, o.units, calls),
    serviceTime: { default: { dist: 'fixed', meanS: 1 } },
    postGridM: 400,
  };
}

test('urban speeds: every travel time is the routing engine\'s times the congestion multiplier of the departure hour, exactly', () => {
  // calls 30 s before each hour: a unit in its station house leaves 90 s later, in the next hour
  const sc = scenario({ days: 2, gapS: 3600, units: 4, historyDays: 2, seed: 5, offsetS: 3570 });
  const profile = Array.from({ length: 24 }, (_, h) => 1 + h / 10);
  sc.congestion = profile;
  sc.turnoutAt = { station: 90, post: 15, moving: 0 };
  const prep = prepareReform(sc, T.graph, T.ch);
  const { time } = drawCallTimes(prep, 1);
  let crossed = 0;
  for (const policy of allReformPolicies().filter((p) => p.name !== 'patrol-road')) {
    const r = simulateReform(prep, policy, 1);
    assert.equal(r.figures.served, sc.calls.length);
    for (let i = 0; i < sc.calls.length; i++) {
      const u = r.answeredBy[i]!;
      const day = Math.floor(time[i]! / DAY);
      const homeNode =
        policy.name === 'stations-straight' ? sc.stations[sc.units[u]!.station]!.node : prep.pool[prep.placements.get(`${policy.bundled}:${day}:0`)![u]!]!;
      const turnout = r.responseS[i]! - r.travelS[i]!;
      const depart = time[i]! + turnout;
      const hour = Math.floor((depart % DAY) / 3600);
      if (hour !== Math.floor((time[i]! % DAY) / 3600)) crossed++;
      assert.equal(r.travelS[i], chTravelTime(T.ch, homeNode, sc.calls[i]!.node) * profile[hour]!, `${policy.name} call ${i}`);
    }
  }
  assert.ok(crossed > 0, 'some departures fall in the hour after the call');
  // a uniform factor scales every travel time by exactly that factor
  const one = prepareReform({ ...sc, congestion: new Array(24).fill(1) }, T.graph, T.ch);
  const f17 = prepareReform({ ...sc, congestion: new Array(24).fill(1.7) }, T.graph, T.ch);
  for (const policy of allReformPolicies()) {
    const a = simulateReform(one, policy, 3);
    const b = simulateReform(f17, policy, 3);
    for (let i = 0; i < sc.calls.length; i++) if (a.answeredBy[i] === b.answeredBy[i] && policy.name !== 'patrol-road') assert.equal(b.travelS[i], a.travelS[i]! * 1.7);
  }
  // the default profile is the stated one
  assert.equal(DEFAULT_CONGESTION_PROFILE.length, 24);
  assert.ok(DEFAULT_CONGESTION_PROFILE.every((x) => x >= 1.25));
});

test('turnout by where the unit is: station house, post, driving', () => {
  const sc = scenario({ days: 3, gapS: 5400, units: 4, historyDays: 3, seed: 8 });
  sc.congestion = new Array(24).fill(1);
  sc.turnoutAt = { station: 100, post: 7, moving: 0 };
  sc.turnoutS = 20;
  sc.patrolDwellS = 60; // short stops, each visited once a loop: patrols spend much of their time driving
  sc.patrolPlanner = { maxVisits: 1, minGapS: 0 };
  const prep = prepareReform(sc, T.graph, T.ch);
  for (const policy of allReformPolicies()) {
    const r = simulateReform(prep, policy, 2);
    const gaps = new Set<number>();
    for (let i = 0; i < sc.calls.length; i++) gaps.add(Math.round((r.responseS[i]! - r.travelS[i]!) * 1e6) / 1e6);
    const sf = r.sentFrom!;
    assert.ok(Math.abs(sf.station + sf.post + sf.moving - 1) < 1e-9);
    if (policy.name === 'stations-straight') {
      // light load: every unit waits in its station house when called (or is still driving back: then 0)
      assert.ok([...gaps].every((g) => g === 120 || g === 20), `${[...gaps]}`);
      assert.ok(gaps.has(120));
      assert.ok(sf.station > 0.8);
    } else if (policy.name === 'posts-road') {
      assert.ok([...gaps].every((g) => g === 27 || g === 20), `${[...gaps]}`);
      assert.ok(gaps.has(27));
      assert.equal(sf.station, 0);
    } else {
      assert.ok([...gaps].every((g) => g === 27 || g === 20), `${[...gaps]}`);
      assert.ok(sf.moving > 0, 'some patrol units are sent while driving between stops');
    }
  }
});

test('patrol-road follows the patrol planner\'s timetables from the forecast; units are sent from where the timetable puts them', () => {
  const sc = scenario({ days: 3, gapS: 2 * 3600 + 600, units: 4, historyDays: 4, seed: 11 });
  sc.congestion = new Array(24).fill(1);
  sc.turnoutAt = { station: 0, post: 0, moving: 0 };
  sc.patrolDwellS = 120;
  sc.patrolPlanner = { maxVisits: 1, minGapS: 0 };
  let between = 0;
  for (const bundled of [true, false]) {
    const prep = prepareReform(sc, T.graph, T.ch);
    const r = simulateReform(prep, { name: 'patrol-road', bundled }, 4);
    const { time } = drawCallTimes(prep, 4);
    let checked = 0;
    const seen = new Set<string>();
    for (let day = 0; day < 3; day++) {
      const plans = prep.patrolPlans.get(`${bundled}:${day}:0`)!;
      assert.ok(plans, `plans for day ${day}`);
      for (const tb of plans) {
        assert.ok(tb, 'every unit on duty has a timetable (history gives a forecast)');
        assert.ok(tb.nodes.length > 2, 'the planner routes it through forecast cells');
        for (let j = 1; j < tb.nodes.length - 1; j++) {
          assert.ok(tb.nodes[j]! >= prep.gridStart, 'stops are forecast cells');
          assert.ok(tb.arr[j]! >= tb.dep[j - 1]! - 1e-6 && tb.dep[j]! >= tb.arr[j]!);
        }
        assert.ok(tb.arr[tb.nodes.length - 1]! <= DAY + 1e-6, 'back at the base within the shift');
      }
    }
    for (let i = 0; i < sc.calls.length; i++) {
      const u = r.answeredBy[i]!;
      const t = time[i]!;
      const day = Math.floor(t / DAY);
      const key = `${u}:${day}`;
      const first = !seen.has(key);
      seen.add(key);
      if (!first) continue; // after a call a unit rejoins its timetable where it can: check only first calls of the day
      const tb = prep.patrolPlans.get(`${bundled}:${day}:0`)![u]!;
      const rel = t - day * DAY;
      let k = 0;
      while (k + 1 < tb.nodes.length && tb.arr[k + 1]! <= rel) k++;
      const node = sc.calls[i]!.node;
      if (rel >= tb.dep[k]!) between++;
      const expected =
        rel < tb.dep[k]!
          ? chTravelTime(T.ch, prep.pool[tb.nodes[k]!]!, node)
          : Math.min(tb.arr[k + 1]! - rel + chTravelTime(T.ch, prep.pool[tb.nodes[k + 1]!]!, node), rel - tb.dep[k]! + chTravelTime(T.ch, prep.pool[tb.nodes[k]!]!, node));
      assert.ok(Math.abs(r.travelS[i]! - expected) < 1e-6, `call ${i}: ${r.travelS[i]} vs ${expected}`);
      checked++;
    }
    assert.ok(checked >= 8, `${checked} calls checked`);
    // the plans do not depend on the seed: another seed reuses them, and a fresh preparation makes the same ones
    const fresh = prepareReform(sc, T.graph, T.ch);
    simulateReform(fresh, { name: 'patrol-road', bundled }, 9);
    for (const [k, v] of prep.patrolPlans) assert.deepEqual(fresh.patrolPlans.get(k), v);
  }
  assert.ok(between > 0, 'some checked calls find their unit between two stops');
});

test('shifts: only units on duty answer; night and day staffing differ; calls are conserved', () => {
  const sc = scenario({ days: 2, gapS: 1500, units: 6, historyDays: 2, seed: 13 });
  const alloc = allocateReformShifts(
    2,
    [
      { name: 'day', startHour: 8, hours: 12, units: 5 },
      { name: 'night', startHour: 20, hours: 12, units: 2 },
    ],
    sc.calls,
  );
  sc.units = alloc.units;
  sc.shifts = alloc.shifts;
  assert.equal(alloc.shifts[0]!.units.length, 5);
  assert.equal(alloc.shifts[1]!.units.length, 2);
  assert.ok(alloc.shifts[1]!.units.every((u) => alloc.shifts[0]!.units.includes(u)), 'the night units are among the roster');
  sc.serviceTime = { default: { dist: 'fixed', meanS: 600 } };
  const prep = prepareReform(sc, T.graph, T.ch);
  const { time } = drawCallTimes(prep, 1);
  const dayOn = new Set(alloc.shifts[0]!.units);
  const nightOn = new Set(alloc.shifts[1]!.units);
  for (const policy of allReformPolicies()) {
    const r = simulateReform(prep, policy, 1);
    const f = r.figures;
    assert.equal(f.served + f.droppedUnreachable + f.queuedAtEnd, f.calls);
    for (let i = 0; i < sc.calls.length; i++) {
      const u = r.answeredBy[i]!;
      if (u < 0) continue;
      const h = Math.floor((time[i]! % DAY) / 3600);
      // answered at once (no wait): by a unit of the shift on at the call
      if (r.responseS[i]! <= r.travelS[i]! + 90 + 1e-9) assert.ok((h >= 8 && h < 20 ? dayOn : nightOn).has(u), `${policy.name}: call ${i} at ${h}h by unit ${u}`);
    }
    for (const x of r.units) {
      const expected = (dayOn.has(x.unit) ? 12 : 0) * 2 * 3600 + (nightOn.has(x.unit) ? 12 : 0) * 2 * 3600;
      assert.equal(x.onDutyS, expected, `unit ${x.unit} on duty`);
    }
  }
  // shifts must tile the day
  assert.throws(() => prepareReform({ ...sc, shifts: [{ startHour: 8, hours: 12, units: [0] }] }, T.graph, T.ch), /shifts/);
  assert.throws(() => prepareReform({ ...sc, shifts: [{ startHour: 8, hours: 10, units: [0] }, { startHour: 20, hours: 14, units: [9] }] }, T.graph, T.ch), /shifts/);
});
