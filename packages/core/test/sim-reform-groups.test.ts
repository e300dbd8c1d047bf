// 片区 groups in the reform simulator (ReformStation.group) and the served counts of a policy's result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allReformPolicies,
  compareReform,
  prepareReform,
  reformCountEstimate,
  simulateReform,
  type ReformRun,
  type ReformScenario,
} from '../src/sim/reform/index';
import { scenarioOf, town, quadrantStations } from './sim-town';

// A drawn map: a 12 x 10 town, four stations (quadrants: 0 south-west, 1 north-west, 2 south-east, 3 north-east),
// busy enough that bundled units often cross station borders.
const W = 12;
const H = 10;
const t = town(7, W, H);
const base = scenarioOf(t, quadrantStations(t.graph, W, H), { days: 3, perDay: 60, units: 8, seed: 11, historyDays: 7 });
const withGroups = (groups: (string | undefined)[]): ReformScenario => ({
  ...base,
  stations: base.stations.map((s, i) => (groups[i] === undefined ? { ...s } : { ...s, group: groups[i] })),
});
const SEEDS = [1, 2, 3];
const plain = (r: ReformRun) => ({ ...r, responseS: Array.from(r.responseS), travelS: Array.from(r.travelS), answeredBy: Array.from(r.answeredBy) });

test('two 片区: in a bundled run no unit answers a call outside its group, yet units cross station borders inside it', () => {
  const s = withGroups(['west', 'west', 'east', 'east']);
  const grp = (st: number) => (st < 2 ? 'west' : 'east');
  const prep = prepareReform(s, t.graph, t.ch);
  let inside = 0;
  for (const policy of allReformPolicies().filter((p) => p.bundled)) {
    for (const seed of SEEDS) {
      const r = simulateReform(prep, policy, seed);
      let served = 0;
      r.answeredBy.forEach((u, i) => {
        if (u < 0) return;
        served++;
        const unitSt = s.units[u]!.station;
        const callSt = s.calls[i]!.station;
        assert.equal(grp(unitSt), grp(callSt), `${policy.name} seed ${seed}: call ${i} (station ${callSt}) answered by unit ${u} (station ${unitSt})`);
        if (unitSt !== callSt) inside++;
      });
      assert.equal(served + r.figures.droppedUnreachable + r.figures.queuedAtEnd, r.figures.calls);
      // posts placed by the simulator stay inside the unit's 片区
      if (r.postsPlacement === 'p-median') r.posts.forEach((p, u) => assert.equal(grp(p.station), grp(s.units[u]!.station), `${policy.name}: post of unit ${u}`));
    }
  }
  assert.ok(inside > 0, 'bundled units answer calls of the other station of their 片区');
  // with one 片区 for all the same runs do cross the west/east edge
  const one = prepareReform(base, t.graph, t.ch);
  let crossing = 0;
  for (const seed of SEEDS) {
    const r = simulateReform(one, { name: 'posts-road', bundled: true }, seed);
    r.answeredBy.forEach((u, i) => {
      if (u >= 0 && grp(s.units[u]!.station) !== grp(s.calls[i]!.station)) crossing++;
    });
  }
  assert.ok(crossing > 0, 'one 片区: some answers cross the west/east edge');
});

test('one group for every station gives the same runs as no groups, bit for bit; own-station runs ignore groups', () => {
  const a = prepareReform(base, t.graph, t.ch);
  const b = prepareReform(withGroups(['g', 'g', 'g', 'g']), t.graph, t.ch);
  const c = prepareReform(withGroups(['west', 'west', 'east', undefined]), t.graph, t.ch);
  for (const policy of allReformPolicies()) {
    for (const seed of [1, 2]) {
      const ra = plain(simulateReform(a, policy, seed));
      assert.deepEqual(plain(simulateReform(b, policy, seed)), ra, `${policy.name}/${policy.bundled} seed ${seed}`);
      if (!policy.bundled) assert.deepEqual(plain(simulateReform(c, policy, seed)), ra, `${policy.name}/own ignores groups`);
    }
  }
});

test('a station without a group is a 片区 of its own; a bad group is refused', () => {
  const s = withGroups(['west', 'west', 'east', undefined]);
  const prep = prepareReform(s, t.graph, t.ch);
  const lane = (st: number) => (st < 2 ? 0 : st === 2 ? 1 : 2);
  const r = simulateReform(prep, { name: 'stations-straight', bundled: true }, 1);
  r.answeredBy.forEach((u, i) => {
    if (u >= 0) assert.equal(lane(s.units[u]!.station), lane(s.calls[i]!.station));
  });
  assert.throws(() => prepareReform(withGroups(['', 'a', 'a', 'a']), t.graph, t.ch), /stations\[0\]: group/);
});

test('a policy result counts the calls: served + dropped + queued at the end = calls; count intervals never below 0', () => {
  const prep = prepareReform(withGroups(['west', 'west', 'east', 'east']), t.graph, t.ch);
  const out = compareReform(prep, { seeds: SEEDS });
  for (const p of out.policies) {
    assert.equal(p.calls, base.calls.length);
    const runs = SEEDS.map((seed) => simulateReform(prep, { name: p.policy, bundled: p.bundled }, seed).figures);
    const mean = (k: 'served' | 'droppedUnreachable' | 'queuedAtEnd') => runs.reduce((x, f) => x + f[k], 0) / runs.length;
    assert.equal(p.served.mean, mean('served'), p.label);
    assert.equal(p.dropped.mean, mean('droppedUnreachable'), p.label);
    assert.ok(Math.abs(p.served.mean + p.dropped.mean + p.queuedAtEnd.mean - p.calls) < 1e-9, p.label);
    for (const e of [p.served, p.dropped, p.queued, p.queuedAtEnd]) assert.ok(e.ciLow >= 0 && e.ciHigh >= e.ciLow, `${p.label} ${JSON.stringify(e)}`);
  }
  // the clipping itself: a count interval that would reach below 0
  const e = reformCountEstimate([0, 0, 2]);
  assert.equal(e.ciLow, 0);
  assert.ok(Math.abs(e.mean - 2 / 3) < 1e-12 && e.ciHigh > 2);
});
