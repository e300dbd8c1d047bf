import test from 'node:test';
import assert from 'node:assert/strict';
import {
  budgetColor,
  canDispatch,
  debounceMaxWait,
  describeNeeds,
  emphasisedUnit,
  formatRate,
  formatSeconds,
  isAnyType,
  needsCount,
  reinforcementActions,
  remainingProposal,
  sortReinforcements,
  targetMinutes,
  TIER_HEX,
  unitsSignature,
  upsertByVersion,
} from './dispatch';
import { fakeTimers } from './fakeTimers';

test('formatSeconds: mm:ss, h:mm:ss past an hour, dash when unknown', () => {
  assert.equal(formatSeconds(0), '00:00');
  assert.equal(formatSeconds(59.4), '00:59');
  assert.equal(formatSeconds(59.6), '01:00');
  assert.equal(formatSeconds(75), '01:15');
  assert.equal(formatSeconds(600), '10:00');
  assert.equal(formatSeconds(3599), '59:59');
  assert.equal(formatSeconds(3725), '1:02:05');
  assert.equal(formatSeconds(-5), '00:00');
  assert.equal(formatSeconds(null), '—');
  assert.equal(formatSeconds(undefined), '—');
  assert.equal(formatSeconds(Number.NaN), '—');
  assert.equal(formatSeconds(Infinity), '—');
});

test('targetMinutes and formatRate', () => {
  assert.equal(targetMinutes(60), '1');
  assert.equal(targetMinutes(180), '3');
  assert.equal(targetMinutes(300), '5');
  assert.equal(targetMinutes(90), '1.5');
  assert.equal(formatRate(0.857), '85.7%');
  assert.equal(formatRate(1), '100%');
  assert.equal(formatRate(0), '0%');
  assert.equal(formatRate(0.4444), '44.4%');
  assert.equal(formatRate(null), '—');
});

test('budgetColor follows the 1/3/5-minute tiers', () => {
  assert.equal(budgetColor(30), TIER_HEX[1]);
  assert.equal(budgetColor(60), TIER_HEX[1]);
  assert.equal(budgetColor(61), TIER_HEX[3]);
  assert.equal(budgetColor(180), TIER_HEX[3]);
  assert.equal(budgetColor(300), TIER_HEX[5]);
  assert.equal(budgetColor(301), TIER_HEX.beyond);
  assert.equal(budgetColor(null), TIER_HEX.beyond);
});

test('run-card needs: any type, counts and words', () => {
  assert.equal(isAnyType([]), true);
  assert.equal(isAnyType(['patrol_car', 'foot', 'ebike', 'joint_patrol', 'swat_post', 'urban_mgmt_team', 'youth_squad']), true);
  assert.equal(isAnyType(['patrol_car', 'swat_post']), false);
  const needs = [
    { types: ['patrol_car', 'swat_post'] as const, count: 1 },
    { types: [] as const, count: 2 },
  ].map((n) => ({ types: [...n.types], count: n.count }));
  assert.equal(needsCount(needs), 3);
  const zh = { patrol_car: '巡逻车', swat_post: '特警岗' } as Record<string, string>;
  assert.equal(
    describeNeeds(needs, (t) => zh[t] ?? t, '任意类型', '，'),
    '巡逻车/特警岗 ×1，任意类型 ×2',
  );
});

test('emphasisedUnit: pointed, else first proposed, else fastest eligible', () => {
  const rec = {
    proposal: [7, 3],
    ranked: [
      { unitId: 9, excluded: true, etaSeconds: 20 },
      { unitId: 7, excluded: false, etaSeconds: 90 },
      { unitId: 3, excluded: false, etaSeconds: 120 },
    ],
  };
  assert.equal(emphasisedUnit(rec, null), 7);
  assert.equal(emphasisedUnit(rec, 3), 3);
  assert.equal(emphasisedUnit({ ...rec, proposal: [] }, null), 7);
  assert.equal(emphasisedUnit({ proposal: [], ranked: [{ unitId: 9, excluded: true, etaSeconds: 20 }] }, null), null);
  assert.equal(emphasisedUnit(null, 3), null);
});

test('unitsSignature ignores order and movement, sees status changes', () => {
  const a = { id: 1, status: 'available' as const, echelon: 1 as const, stale: false };
  const b = { id: 2, status: 'on_scene' as const, echelon: 2 as const, stale: true };
  assert.equal(unitsSignature([a, b]), unitsSignature([b, a]));
  assert.notEqual(unitsSignature([a, b]), unitsSignature([{ ...a, status: 'dispatched' }, b]));
  assert.notEqual(unitsSignature([a, b]), unitsSignature([a, { ...b, stale: false }]));
});

test('roles: dispatchers, leads and admins dispatch; officers do not', () => {
  assert.equal(canDispatch('dispatcher'), true);
  assert.equal(canDispatch('station_lead'), true);
  assert.equal(canDispatch('admin'), true);
  assert.equal(canDispatch('officer'), false);
  assert.equal(canDispatch(null), false);
});

test('reinforcement actions by status, work order, version-safe upsert', () => {
  assert.deepEqual(reinforcementActions('requested'), ['accept', 'fulfil', 'cancel']);
  assert.deepEqual(reinforcementActions('accepted'), ['fulfil', 'cancel']);
  assert.deepEqual(reinforcementActions('fulfilled'), []);
  assert.deepEqual(reinforcementActions('cancelled'), []);
  const r = (id: number, status: 'requested' | 'accepted' | 'fulfilled' | 'cancelled', at: string, version = 1) => ({ id, status, requestedAt: at, version });
  const list = [r(1, 'accepted', '2026-11-23T08:00:00Z'), r(2, 'requested', '2026-11-23T08:05:00Z'), r(3, 'requested', '2026-11-23T08:01:00Z'), r(4, 'fulfilled', '2026-11-23T07:00:00Z')];
  assert.deepEqual(sortReinforcements(list).map((x) => x.id), [3, 2, 1, 4]);
  const up = upsertByVersion(list, r(2, 'accepted', '2026-11-23T08:05:00Z', 2));
  assert.equal(up.find((x) => x.id === 2)?.status, 'accepted');
  const stale = upsertByVersion(up, r(2, 'requested', '2026-11-23T08:05:00Z', 1));
  assert.equal(stale.find((x) => x.id === 2)?.status, 'accepted', 'an older version does not win');
  assert.equal(upsertByVersion(list, r(9, 'requested', '2026-11-23T09:00:00Z')).length, 5);
});

test('debounceMaxWait: fires after a quiet spell, and at the latest after maxWait while calls keep coming', () => {
  const { timers, advance } = fakeTimers();
  let fired = 0;
  const d = debounceMaxWait(() => fired++, 1000, 5000, timers);
  d.call();
  advance(500);
  d.call();
  advance(900);
  assert.equal(fired, 0, 'still inside the quiet spell');
  advance(200);
  assert.equal(fired, 1, 'fired 1 s after the last call');
  assert.equal(d.pending(), false);
  // a steady stream every 250 ms: fires at 5 s, not never
  for (let i = 0; i < 24; i++) {
    d.call();
    advance(250);
  }
  assert.equal(fired, 2, 'maxWait bounds the delay');
  d.call();
  d.cancel();
  advance(10_000);
  assert.equal(fired, 2, 'cancelled');
});

test('remainingProposal: only what the run card still lacks, only available units', () => {
  const avail = (id: number) => id !== 5;
  assert.deepEqual(remainingProposal([7, 3], 2, 0, avail), [7, 3]);
  assert.deepEqual(remainingProposal([7, 3], 2, 1, avail), [7]);
  assert.deepEqual(remainingProposal([7, 3], 2, 2, avail), []);
  assert.deepEqual(remainingProposal([5, 3], 2, 0, avail), [3], 'a unit taken meanwhile is not proposed');
  assert.deepEqual(remainingProposal([], 1, 0, avail), []);
});
