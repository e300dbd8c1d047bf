// Safe dispatch in the engine (issue 14, part 2): the basis token, and the run card filled by the units already sent
// (no automatic escalation once the card is met).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommend, remainingCard, DEFAULT_RESPONSE_POLICY, type DispatchUnit } from '../src/dispatch/index';
import { basisChanges, decodeBasis, encodeBasis } from '../src/incident/index';

const NOW = 1_700_000_000_000;
const unit = (id: number, over: Partial<DispatchUnit> = {}): DispatchUnit => ({
  id,
  callsign: `U${id}`,
  type: 'patrol_car',
  echelon: 1,
  status: 'available',
  positionAt: NOW - 5000,
  homeAreaIds: [],
  members: 2,
  ...over,
});

test('basis token: round trip, strict parsing, and what changed', () => {
  const token = encodeBasis({ incidentId: 7, incidentVersion: 3, eventId: 120, units: [[1, 4], [2, 9]] });
  assert.equal(token, 'b1.7.3.120.1-4_2-9');
  const b = decodeBasis(token)!;
  assert.deepEqual([b.incidentId, b.incidentVersion, b.eventId, [...b.units]], [7, 3, 120, [[1, 4], [2, 9]]]);
  assert.deepEqual([...decodeBasis('b1.7.3.120.')!.units], [], 'a list with no unit');
  for (const bad of ['', 'b1.7.3', 'b2.7.3.1.1-1', 'b1.x.3.1.1-1', 'b1.7.3.1.1-1_', 'b1.7.3.1.1-1;drop']) assert.equal(decodeBasis(bad), null, bad);
  const now = (version: number) => ({ id: 2, callsign: 'U2', version, status: 'available', incidentId: null });
  assert.deepEqual(basisChanges(b, 3, now(9)), { incidentChanged: false, unitChanged: false });
  assert.deepEqual(basisChanges(b, 4, now(9)), { incidentChanged: true, unitChanged: false });
  assert.deepEqual(basisChanges(b, 3, now(10)), { incidentChanged: false, unitChanged: true });
  assert.deepEqual(basisChanges(b, 3, { ...now(1), id: 5 }), { incidentChanged: false, unitChanged: false }, 'a unit not listed: nothing to compare');
});

test('remainingCard: the units already sent fill the most restrictive need first', () => {
  const card = { category: 'fight', priority: 1 as const, needs: [{ types: ['patrol_car' as const, 'swat_post' as const], count: 1 }, { types: ['foot' as const, 'patrol_car' as const], count: 1 }] };
  assert.deepEqual(remainingCard(card, []).needs, card.needs);
  assert.deepEqual(remainingCard(card, [{ unitId: 1, type: 'patrol_car' }]).needs, [{ types: ['foot', 'patrol_car'], count: 1 }]);
  assert.deepEqual(remainingCard(card, [{ unitId: 1, type: 'foot' }, { unitId: 2, type: 'patrol_car' }]).needs, []);
  assert.deepEqual(remainingCard(card, [{ unitId: 1, type: 'ebike' }]).needs, card.needs, 'a unit of no needed type fills nothing');
});

test('a run card already met by the units sent proposes nothing and calls no echelon by itself, even when the target is missed', () => {
  const policy = { ...DEFAULT_RESPONSE_POLICY };
  const incident = { category: 'dispute', priority: 2 as const, areaIds: [], targetSeconds: 60 };
  const units = [unit(1), unit(2, { echelon: 2 }), unit(3, { echelon: 3 })];
  const etas = [400, 100, 50];
  // before any dispatch: echelon 1 misses the 60 s target: 2 and then 3 are called, with the reason
  const first = recommend({ incident, units, etaSeconds: etas, now: NOW, policy });
  assert.deepEqual(first.escalation, [{ echelon: 2, why: 'target_missed' }, { echelon: 3, why: 'target_missed' }]);
  // once a unit is on its way and the card (one unit) is met: nothing more
  const after = recommend({ incident, units: units.slice(1), etaSeconds: etas.slice(1), now: NOW, policy, assigned: [{ unitId: 1, type: 'patrol_car' }] });
  assert.deepEqual(after.escalation, []);
  assert.equal(after.echelonCalled, 1);
  assert.deepEqual(after.proposal, []);
  assert.deepEqual(after.shortfall, []);
  assert.deepEqual(after.runCard.needs, [{ types: ['patrol_car', 'foot', 'ebike', 'joint_patrol'], count: 1 }], 'the card shown is the whole card');
  // a card still short after the units sent: escalate for the missing unit only, and say so
  const two = { ...incident, priority: 1 as const };
  const short = recommend({ incident: two, units: [unit(2, { echelon: 2 })], etaSeconds: [100], now: NOW, policy, assigned: [{ unitId: 1, type: 'patrol_car' }] });
  assert.deepEqual(short.escalation, [{ echelon: 2, why: 'not_enough_units' }]);
  assert.deepEqual(short.proposal, [2]);
});
