import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Unit } from '@jingwang/contracts';
import { unitFromMove } from './units';

const unit = { id: 7, callsign: 'W01', lon: 120, lat: 32, positionAt: '2026-11-23T08:00:10.000Z', stale: true, status: 'available', version: 3 } as unknown as Unit;

test('a move updates the position of the unit we have, and only forward in time', () => {
  const moved = unitFromMove(unit, [7, 120.1, 32.1, '2026-11-23T08:00:20.000Z', 30, 90])!;
  assert.deepEqual([moved.lon, moved.lat, moved.positionAt, moved.stale, moved.status, moved.version], [120.1, 32.1, '2026-11-23T08:00:20.000Z', false, 'available', 3]);
  assert.equal(unitFromMove(unit, [7, 120.2, 32.2, '2026-11-23T08:00:05.000Z', null, null]), null, 'an older fix is ignored');
  assert.equal(unitFromMove(undefined, [8, 120.2, 32.2, '2026-11-23T08:00:30.000Z', null, null]), null, 'an unknown unit waits for a resync');
});
