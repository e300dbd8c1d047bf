import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  recommend,
  resolveRunCard,
  tierOf,
  etasToIncident,
  DEFAULT_RESPONSE_POLICY,
  type DispatchUnit,
  type DispatchIncident,
  type ResponsePolicy,
  type RunCard,
} from '../src/dispatch/index';
import {
  buildRoadGraph,
  buildContractionHierarchy,
  buildSegmentIndex,
  snapToRoad,
  snapOnEdge,
  sameEdgeSeconds,
  travelTimesFrom,
  shortestPath,
  nearestNode,
  type RoadGraph,
  type RoadLike,
  type Snap,
} from '../src/roads/index';
import { createRng } from '../src/sim/rng';

const NOW = 1_700_000_000_000;
const policy: ResponsePolicy = { ...DEFAULT_RESPONSE_POLICY, autoEscalate: false };

let nextId = 1;
function unit(over: Partial<DispatchUnit> = {}): DispatchUnit {
  const id = over.id ?? nextId++;
  return { id, callsign: `U${id}`, type: 'patrol_car', echelon: 1, status: 'available', positionAt: NOW - 10_000, homeAreaIds: [], members: 2, ...over };
}
const incident = (over: Partial<DispatchIncident> = {}): DispatchIncident => ({ category: 'other', priority: 2, areaIds: [100, 10, 1], targetSeconds: 180, ...over });

test('tierOf', () => {
  const t: [number, number, number] = [60, 180, 300];
  assert.equal(tierOf(0, t), 1);
  assert.equal(tierOf(60, t), 1);
  assert.equal(tierOf(60.5, t), 3);
  assert.equal(tierOf(180, t), 3);
  assert.equal(tierOf(300, t), 5);
  assert.equal(tierOf(301, t), null);
  assert.equal(tierOf(Infinity, t), null);
  assert.equal(tierOf(NaN, t), null);
});

test('run card: the most specific match wins', () => {
  const cards: RunCard[] = [
    { category: '*', needs: [{ types: ['foot'], count: 1 }] },
    { category: '*', priority: 1, needs: [{ types: ['foot'], count: 2 }] },
    { category: 'theft', needs: [{ types: ['ebike'], count: 1 }] },
    { category: 'theft', priority: 1, needs: [{ types: ['ebike'], count: 2 }] },
  ];
  const p: ResponsePolicy = { ...policy, runCards: cards };
  assert.equal(resolveRunCard(p, 'theft', 1), cards[3]);
  assert.equal(resolveRunCard(p, 'theft', 2), cards[2]);
  assert.equal(resolveRunCard(p, 'noise', 1), cards[1]);
  assert.equal(resolveRunCard(p, 'noise', 3), cards[0]);
  assert.deepEqual(resolveRunCard({ ...policy, runCards: [] }, 'x', 1).needs, [{ types: ['patrol_car', 'foot', 'ebike', 'joint_patrol', 'swat_post', 'urban_mgmt_team', 'youth_squad'], count: 1 }]);
  // the defaults
  const v1 = resolveRunCard(DEFAULT_RESPONSE_POLICY, 'fight', 1);
  assert.equal(v1.needs.reduce((s, n) => s + n.count, 0), 2);
  assert.ok(v1.needs.some((n) => n.types.includes('patrol_car') && n.types.includes('swat_post') && n.types.length === 2));
  assert.deepEqual(resolveRunCard(DEFAULT_RESPONSE_POLICY, 'traffic', 2).needs, [{ types: ['patrol_car'], count: 1 }]);
  assert.equal(resolveRunCard(DEFAULT_RESPONSE_POLICY, 'unknown_code', 2).category, '*');
  for (const c of ['fight', 'theft', 'traffic', 'dispute', 'fire', 'help', 'noise', 'fraud', 'suspicious', 'public_order', 'missing_person', 'other']) {
    assert.equal(resolveRunCard(DEFAULT_RESPONSE_POLICY, c, 2).category, c);
  }
});

test('ranking: ETA, then own grid, then echelon, then id; the same whatever the input order', () => {
  const units = [
    unit({ id: 5 }),
    unit({ id: 3, homeAreaIds: [100] }),
    unit({ id: 4 }),
    unit({ id: 2 }),
    unit({ id: 1, echelon: 2 }),
    unit({ id: 6, echelon: 2, homeAreaIds: [7, 10] }),
  ];
  const etas = [100, 100, 100, 50, 100, 100];
  const r = recommend({ incident: incident(), units, etaSeconds: etas, now: NOW, policy, dispatcherEchelon: 2 });
  assert.deepEqual(r.ranked.map((u) => u.unitId), [2, 3, 6, 4, 5, 1]);
  assert.equal(r.bestEtaSeconds, 50);
  assert.deepEqual(r.ranked[0]!.reasons, ['fastest', 'within_target', 'tier_1']);
  assert.ok(r.ranked[1]!.reasons.includes('own_grid'));
  assert.ok(r.ranked[2]!.reasons.includes('own_grid'), 'own grid through an ancestor area');
  assert.equal(r.ranked[1]!.tier, 3);
  assert.deepEqual(r.proposal, [2]);
  // reversed input order: identical output
  const rev = recommend({ incident: incident(), units: [...units].reverse(), etaSeconds: [...etas].reverse(), now: NOW, policy, dispatcherEchelon: 2 });
  assert.deepEqual(rev, r);
  // own station
  const st = recommend({ incident: incident(), units: [unit({ id: 9, stationAreaId: 10 })], etaSeconds: [30], now: NOW, policy });
  assert.deepEqual(st.ranked[0]!.reasons, ['own_station', 'fastest', 'within_target', 'tier_1']);
});

test('exclusions: not available, no position, stale position, not computed, unreachable', () => {
  const units = [
    unit({ id: 1, status: 'busy' }),
    unit({ id: 2, positionAt: null }),
    unit({ id: 3, positionAt: NOW - (policy.staleAfterSeconds + 1) * 1000 }),
    unit({ id: 4 }),
    unit({ id: 5 }),
    unit({ id: 6 }),
    unit({ id: 7, status: 'off_duty', positionAt: null }),
  ];
  const r = recommend({ incident: incident(), units, etaSeconds: [20, NaN, 10, NaN, Infinity, 200, NaN], now: NOW, policy });
  const by = new Map(r.ranked.map((u) => [u.unitId, u]));
  assert.deepEqual(r.ranked.map((u) => u.unitId).slice(0, 1), [6], 'the only eligible unit first');
  assert.equal(by.get(6)!.excluded, false);
  assert.deepEqual(by.get(6)!.reasons, ['fastest', 'tier_5']);
  assert.equal(by.get(6)!.withinTarget, false);
  assert.deepEqual(by.get(1)!.reasons, ['within_target', 'tier_1', 'not_available']);
  assert.deepEqual(by.get(2)!.reasons, ['no_position']);
  assert.deepEqual(by.get(3)!.reasons, ['position_stale']);
  assert.equal(by.get(3)!.etaSeconds, null, 'an ETA from a stale position is not shown');
  assert.deepEqual(by.get(4)!.reasons, ['no_position']);
  assert.deepEqual(by.get(5)!.reasons, ['unreachable']);
  assert.deepEqual(by.get(7)!.reasons, ['not_available', 'no_position']);
  for (const id of [1, 2, 3, 4, 5, 7]) assert.equal(by.get(id)!.excluded, true);
  assert.deepEqual(r.ranked.map((u) => u.unitId), [6, 1, 2, 3, 4, 5, 7], 'excluded by ETA, unknown last, then id');
  assert.deepEqual(r.proposal, [6]);
  // a busy unit with a fresh position whose ETA was not computed (only available units are routed) is listed as
  // not available, not as having no position
  const busy = recommend({ incident: incident(), units: [unit({ id: 9, status: 'on_scene' })], etaSeconds: [NaN], now: NOW, policy });
  assert.deepEqual(busy.ranked[0]!.reasons, ['not_available']);
  // a position exactly at the limit is still fresh
  const edge = recommend({ incident: incident(), units: [unit({ id: 8, positionAt: NOW - policy.staleAfterSeconds * 1000 })], etaSeconds: [5], now: NOW, policy });
  assert.equal(edge.ranked[0]!.excluded, false);
});

test('the duty roster: a unit left off today\'s roster is excluded (not_rostered); true and null are not checked', () => {
  const units = [unit({ id: 1, rostered: false }), unit({ id: 2, rostered: true }), unit({ id: 3, rostered: null }), unit({ id: 4 })];
  const r = recommend({ incident: incident(), units, etaSeconds: [10, 20, 30, 40], now: NOW, policy });
  const by = new Map(r.ranked.map((u) => [u.unitId, u]));
  assert.equal(by.get(1)!.excluded, true);
  assert.ok(by.get(1)!.reasons.includes('not_rostered'));
  assert.equal(by.get(1)!.etaSeconds, 10, 'its ETA is still shown (the dispatcher can see it would be fastest)');
  for (const id of [2, 3, 4]) assert.equal(by.get(id)!.excluded, false, `unit ${id}`);
  assert.deepEqual(r.ranked.map((u) => u.unitId), [2, 3, 4, 1]);
  assert.equal(r.proposal[0], 2, 'the fastest unit on duty is proposed, not the faster one nobody staffs');
});

test('auto escalation: echelon 2 when echelon 1 misses the target, 3 when 2 does too', () => {
  const auto: ResponsePolicy = { ...DEFAULT_RESPONSE_POLICY, autoEscalate: true };
  const units = [unit({ id: 1, echelon: 1 }), unit({ id: 2, echelon: 2 }), unit({ id: 3, echelon: 3 })];
  // echelon 1 misses, echelon 2 meets
  let r = recommend({ incident: incident(), units, etaSeconds: [250, 150, 20], now: NOW, policy: auto });
  assert.equal(r.echelonCalled, 2);
  assert.deepEqual(r.escalation, [{ echelon: 2, why: 'target_missed' }]);
  assert.deepEqual(r.ranked.map((u) => [u.unitId, u.excluded]), [[2, false], [1, false], [3, true]]);
  assert.ok(r.ranked[2]!.reasons.includes('echelon_not_called'));
  assert.deepEqual(r.proposal, [2]);
  // both miss: echelon 3
  r = recommend({ incident: incident(), units, etaSeconds: [250, 200, 20], now: NOW, policy: auto });
  assert.equal(r.echelonCalled, 3);
  assert.deepEqual(r.escalation, [{ echelon: 2, why: 'target_missed' }, { echelon: 3, why: 'target_missed' }]);
  assert.deepEqual(r.proposal, [3]);
  assert.equal(r.bestEtaSeconds, 20);
  // echelon 1 meets: nothing else called
  r = recommend({ incident: incident(), units, etaSeconds: [100, 10, 10], now: NOW, policy: auto });
  assert.equal(r.echelonCalled, 1);
  assert.deepEqual(r.escalation, []);
  assert.deepEqual(r.proposal, [1]);
  assert.deepEqual(r.ranked.filter((u) => !u.excluded).map((u) => u.unitId), [1]);
  // without autoEscalate echelon 1 stays alone even when late
  r = recommend({ incident: incident(), units, etaSeconds: [250, 10, 10], now: NOW, policy });
  assert.equal(r.echelonCalled, 1);
  assert.deepEqual(r.proposal, [1]);
  // a key place: 60 s target
  r = recommend({ incident: incident({ targetSeconds: 60 }), units, etaSeconds: [100, 50, 10], now: NOW, policy: auto });
  assert.equal(r.echelonCalled, 2);
  assert.equal(r.targetSeconds, 60);
});

test('escalation for a run card that echelon 1 cannot fill, and by the dispatcher', () => {
  const auto: ResponsePolicy = { ...DEFAULT_RESPONSE_POLICY, autoEscalate: true };
  // a violent priority-1 incident needs 2 units, one a car or a SWAT post; echelon 1 has only a foot patrol
  const units = [unit({ id: 1, type: 'foot' }), unit({ id: 2, type: 'patrol_car', echelon: 2 }), unit({ id: 3, echelon: 3 })];
  let r = recommend({ incident: incident({ category: 'fight', priority: 1 }), units, etaSeconds: [30, 200, 100], now: NOW, policy: auto });
  assert.equal(r.echelonCalled, 2);
  assert.deepEqual(r.escalation, [{ echelon: 2, why: 'not_enough_units' }]);
  assert.deepEqual(r.proposal, [1, 2]);
  assert.deepEqual(r.shortfall, []);
  assert.ok(r.ranked.find((u) => u.unitId === 2)!.reasons.includes('type_needed'));
  assert.ok(!r.ranked.find((u) => u.unitId === 1)!.reasons.includes('type_needed'));

  // the dispatcher calls echelon 2: recorded, and auto escalation may still go on to 3
  r = recommend({ incident: incident(), units, etaSeconds: [200, 250, 100], now: NOW, policy: auto, dispatcherEchelon: 2 });
  assert.deepEqual(r.escalation, [{ echelon: 2, why: 'dispatcher' }, { echelon: 3, why: 'target_missed' }]);
  assert.equal(r.echelonCalled, 3);
  r = recommend({ incident: incident(), units, etaSeconds: [30, 250, 100], now: NOW, policy, dispatcherEchelon: 3 });
  assert.deepEqual(r.escalation, [{ echelon: 2, why: 'dispatcher' }, { echelon: 3, why: 'dispatcher' }]);
  assert.deepEqual(r.ranked.map((u) => u.unitId), [1, 3, 2]);
  assert.ok(r.ranked.every((u) => !u.excluded));
});

test('proposal and shortfall: restrictive needs first, one need per unit, maxCandidates', () => {
  // violence P1: [car or SWAT x1, any x1]. The fastest unit is a car: it must not be taken by "any" first
  const units = [unit({ id: 1, type: 'foot' }), unit({ id: 2, type: 'patrol_car' }), unit({ id: 3, type: 'ebike' })];
  let r = recommend({ incident: incident({ category: 'fight', priority: 1 }), units, etaSeconds: [40, 20, 30], now: NOW, policy });
  assert.deepEqual(r.proposal, [2, 3]);
  assert.deepEqual(r.shortfall, []);
  // a traffic accident needs a car; only foot and e-bike units: shortfall
  r = recommend({ incident: incident({ category: 'traffic' }), units: [units[0]!, units[2]!], etaSeconds: [40, 30], now: NOW, policy });
  assert.deepEqual(r.proposal, []);
  assert.deepEqual(r.shortfall, [{ types: ['patrol_car'], count: 1 }]);
  assert.equal(r.bestEtaSeconds, 30);
  // partial shortfall on a count of 2
  const twoFoot: ResponsePolicy = { ...policy, runCards: [{ category: '*', needs: [{ types: ['foot'], count: 2 }, { types: ['ebike'], count: 1 }] }] };
  r = recommend({ incident: incident(), units, etaSeconds: [40, 20, 30], now: NOW, policy: twoFoot });
  assert.deepEqual(r.proposal, [3, 1]);
  assert.deepEqual(r.shortfall, [{ types: ['foot'], count: 1 }]);
  // noise: no SWAT post
  r = recommend({ incident: incident({ category: 'noise' }), units: [unit({ id: 7, type: 'swat_post' }), unit({ id: 8, type: 'foot' })], etaSeconds: [5, 100], now: NOW, policy });
  assert.deepEqual(r.proposal, [8]);
  assert.deepEqual(r.ranked.map((u) => u.unitId), [7, 8]);

  // maxCandidates truncates, but a proposed unit is always listed
  const many = Array.from({ length: 20 }, (_, i) => unit({ id: 100 + i, type: i === 19 ? 'patrol_car' : 'foot' }));
  const etas = many.map((_, i) => 10 + i);
  r = recommend({ incident: incident({ category: 'traffic' }), units: many, etaSeconds: etas, now: NOW, policy: { ...policy, maxCandidates: 5 } });
  assert.deepEqual(r.ranked.map((u) => u.unitId), [100, 101, 102, 103, 104, 119]);
  assert.deepEqual(r.proposal, [119]);
  assert.throws(() => recommend({ incident: incident(), units: many, etaSeconds: [1], now: NOW, policy }), RangeError);
});

// ---------------------------------------------------------------------------------------------------------------
// ETAs with snaps and the hierarchy against Dijkstra

// The drawn map: A => B one-way east, A-C, C-D, D-B two-way; an island X-Y.
const A: [number, number] = [120.0, 32.6];
const B: [number, number] = [120.002, 32.6];
const C: [number, number] = [120.0, 32.602];
const D: [number, number] = [120.002, 32.602];
const drawn: RoadLike[] = [
  { id: 1, speedKmh: 36, oneway: true, coords: [A, B] },
  { id: 2, speedKmh: 36, oneway: false, coords: [A, C] },
  { id: 3, speedKmh: 30, oneway: false, coords: [C, D, B] },
  { id: 4, speedKmh: 20, oneway: false, coords: [[120.01, 32.6], [120.011, 32.6]] },
];

/** Brute force: Dijkstra from every exit, offsets added in the same order as etasToIncident, same-edge too. */
function bruteEta(g: RoadGraph, u: Snap | null, inc: Snap, cutoff = Infinity): number {
  if (!u) return NaN;
  let best = Infinity;
  for (const x of u.exits) {
    const d = travelTimesFrom(g, x.node);
    for (const y of inc.entries) best = Math.min(best, x.seconds + d[y.node]! + y.seconds);
  }
  best = Math.min(best, sameEdgeSeconds(u, inc, g));
  return best <= cutoff ? best : Infinity;
}

/** Independent check: split the roads at both points, rebuild the graph and run Dijkstra between the new nodes. */
function splitEta(g: RoadGraph, roads: RoadLike[], u: Snap, inc: Snap): number {
  const rs = roads.map((r) => ({ ...r, coords: [...r.coords] as [number, number][] }));
  const insert = (s: Snap) => {
    const road = rs.find((r) => r.id === g.roadId[s.edge])!;
    const [fl, fa, tl, ta] = [g.lon[s.from]!, g.lat[s.from]!, g.lon[s.to]!, g.lat[s.to]!];
    for (let i = 1; i < road.coords.length; i++) {
      const [p, q] = [road.coords[i - 1]!, road.coords[i]!];
      const along = (a: [number, number], b: [number, number]) => {
        // a point strictly between a and b on the straight segment
        const t = Math.abs(b[0] - a[0]) > Math.abs(b[1] - a[1]) ? (s.lon - a[0]) / (b[0] - a[0]) : (s.lat - a[1]) / (b[1] - a[1]);
        return t >= 0 && t <= 1 && Math.abs(a[0] + t * (b[0] - a[0]) - s.lon) < 1e-9 && Math.abs(a[1] + t * (b[1] - a[1]) - s.lat) < 1e-9;
      };
      const ends = (p[0] === fl && p[1] === fa && q[0] === tl && q[1] === ta) || (p[0] === tl && p[1] === ta && q[0] === fl && q[1] === fa);
      if (ends || along(p, q)) {
        road.coords.splice(i, 0, [s.lon, s.lat]);
        return;
      }
    }
    throw new Error('segment not found');
  };
  insert(u);
  insert(inc);
  const g2 = buildRoadGraph(rs);
  const p = shortestPath(g2, nearestNode(g2, u.lon, u.lat), nearestNode(g2, inc.lon, inc.lat));
  return p ? p.seconds : Infinity;
}

test('etasToIncident on the drawn map: Dijkstra plus offsets, and a graph split at the points', () => {
  const g = buildRoadGraph(drawn);
  const ch = buildContractionHierarchy(g);
  const idx = buildSegmentIndex(g);
  const rng = createRng(17);
  const pts = () => [119.9995 + rng.float() * 0.003, 32.5995 + rng.float() * 0.003] as const;
  let sameEdge = 0;
  let splits = 0;
  for (let k = 0; k < 60; k++) {
    const inc = snapToRoad(g, idx, ...pts())!;
    const unitSnaps = Array.from({ length: 6 }, (_, i) => (i === 5 ? null : snapToRoad(g, idx, ...pts())));
    // one unit on the incident's own segment, just upstream
    unitSnaps[0] = snapOnEdge(g, inc.edge, inc.from, Math.max(0, inc.t - 0.1));
    const etas = etasToIncident(ch, g, unitSnaps, inc);
    unitSnaps.forEach((u, i) => {
      const ref = bruteEta(g, u, inc);
      if (u === null) return assert.ok(Number.isNaN(etas[i]!));
      assert.ok(Math.abs(etas[i]! - ref) < 1e-9, `case ${k} unit ${i}: ${etas[i]} vs ${ref}`);
      if (sameEdgeSeconds(u, inc, g) === ref && ref > 0) sameEdge++;
      if (i > 0 && i < 5 && u.t > 0.01 && u.t < 0.99 && inc.t > 0.01 && inc.t < 0.99 && u.edge !== inc.edge) {
        const split = splitEta(g, drawn, u, inc);
        splits++;
        assert.ok(Math.abs(etas[i]! - split) < 1e-3, `split: case ${k} unit ${i}: ${etas[i]} vs ${split}`);
      }
    });
  }
  assert.ok(sameEdge > 10, 'the direct same-segment route was exercised');
  assert.ok(splits > 100, `${splits} independent checks`);
  // one-way: a unit just downstream of the incident on A => B goes round the block
  const inc = snapToRoad(g, idx, 120.001, 32.6)!;
  const ahead = snapOnEdge(g, inc.edge, inc.from, inc.t + 0.1);
  assert.equal(ahead.exits.length, 1);
  const [eta] = etasToIncident(ch, g, [ahead], inc);
  assert.ok(eta! > g.seconds[inc.edge]!, 'no driving backwards on a one-way street');
  // island and cutoff
  const island = snapToRoad(g, idx, 120.0105, 32.6)!;
  assert.equal(etasToIncident(ch, g, [island], inc)[0], Infinity);
  const near = snapToRoad(g, idx, 120.0, 32.601)!;
  const full = etasToIncident(ch, g, [near], inc)[0]!;
  assert.equal(etasToIncident(ch, g, [near], inc, full - 0.01)[0], Infinity);
  assert.equal(etasToIncident(ch, g, [near], inc, full + 0.01)[0], full);
});

test('etasToIncident equals brute force on a generated grid over many random point pairs', () => {
  const rng = createRng(23);
  const roads: RoadLike[] = [];
  let id = 0;
  const p = (i: number, j: number): [number, number] => [120 + i * 0.001 + (((i * 7 + j * 13) % 11) / 11 - 0.5) * 0.0002, 32 + j * 0.001];
  for (let i = 0; i < 18; i++) {
    for (let j = 0; j < 14; j++) {
      for (const [di, dj] of [[1, 0], [0, 1]] as const) {
        if (i + di >= 18 || j + dj >= 14 || rng.chance(0.08)) continue;
        const coords = rng.chance(0.5) ? [p(i, j), p(i + di, j + dj)] : [p(i + di, j + dj), p(i, j)];
        roads.push({ id: id++, speedKmh: rng.pick([15, 20, 30, 40, 50]), oneway: rng.chance(0.3), coords });
      }
    }
  }
  const g = buildRoadGraph(roads, { secondsQuantum: 1 / 1024 });
  const ch = buildContractionHierarchy(g);
  const idx = buildSegmentIndex(g);
  const pt = () => [119.999 + rng.float() * 0.019, 31.999 + rng.float() * 0.015] as const;
  let finite = 0;
  for (let k = 0; k < 40; k++) {
    const inc = snapToRoad(g, idx, ...pt())!;
    const unitSnaps = Array.from({ length: 10 }, () => (rng.chance(0.1) ? null : snapToRoad(g, idx, ...pt())));
    const cutoff = k % 3 === 0 ? 120 : Infinity;
    const etas = etasToIncident(ch, g, unitSnaps, inc, cutoff);
    unitSnaps.forEach((u, i) => {
      const ref = bruteEta(g, u, inc, cutoff);
      if (Number.isNaN(ref)) return assert.ok(Number.isNaN(etas[i]!));
      assert.equal(etas[i], ref, `case ${k} unit ${i}`);
      if (Number.isFinite(ref)) finite++;
    });
  }
  assert.ok(finite > 200);
});
