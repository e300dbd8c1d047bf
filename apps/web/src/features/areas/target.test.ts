import test from 'node:test';
import assert from 'node:assert/strict';
import type { Area } from '@jingwang/contracts';
import { canSetTarget, effectiveTarget } from './target';

const a = (id: number, parentId: number | null, responseTargetS: number | null, validTo: string | null = null): Area => ({
  id,
  code: `A${id}`,
  name: `区域${id}`,
  kind: 'grid',
  parentId,
  validFrom: '2026-01-01T00:00:00Z',
  validTo,
  bbox: [0, 0, 1, 1],
  areaKm2: 1,
  responseTargetS,
  version: 1,
});
// county 1 > station 2 (180 s) > community 3 > grid 4; station 5 without a target > grid 6
const list = [a(1, null, null), a(2, 1, 180), a(3, 2, null), a(4, 3, null), a(5, 1, null), a(6, 5, 120), a(7, 5, null, '2026-03-01T00:00:00Z')];
const byId = new Map(list.map((x) => [x.id, x]));

test('the target that applies: its own, else the nearest enclosing area\'s, else 300 s', () => {
  assert.deepEqual(effectiveTarget(byId.get(6)!, byId), { own: 120, from: null, seconds: 120 });
  const g4 = effectiveTarget(byId.get(4)!, byId);
  assert.deepEqual([g4.own, g4.from?.id, g4.seconds], [null, 2, 180]);
  assert.deepEqual(effectiveTarget(byId.get(5)!, byId), { own: null, from: null, seconds: 300 });
});

test('who may set it: admins anywhere; leads inside their own area, not above it; never a retired area', () => {
  assert.equal(canSetTarget({ role: 'admin', scopeAreaId: null }, byId.get(1)!, byId), true);
  assert.equal(canSetTarget({ role: 'station_lead', scopeAreaId: 2 }, byId.get(4)!, byId), true);
  assert.equal(canSetTarget({ role: 'station_lead', scopeAreaId: 2 }, byId.get(2)!, byId), true);
  assert.equal(canSetTarget({ role: 'station_lead', scopeAreaId: 2 }, byId.get(1)!, byId), false);
  assert.equal(canSetTarget({ role: 'station_lead', scopeAreaId: 2 }, byId.get(6)!, byId), false);
  assert.equal(canSetTarget({ role: 'dispatcher', scopeAreaId: null }, byId.get(4)!, byId), false);
  assert.equal(canSetTarget({ role: 'admin', scopeAreaId: null }, byId.get(7)!, byId), false);
  assert.equal(canSetTarget(null, byId.get(4)!, byId), false);
});
