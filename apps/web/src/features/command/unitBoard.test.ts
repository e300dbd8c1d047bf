import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Unit } from '@jingwang/contracts';
import { minutesInStatus, unitBoard } from './unitBoard';

const u = (id: number, callsign: string, status: string, home: string | null, since: string | null = null) =>
  ({ id, callsign, status, homeAreaName: home, statusSince: since }) as unknown as Unit;

test('the board groups by station and status; every count is the number of its units', () => {
  const units = [u(1, 'W02', 'available', '西所'), u(2, 'W01', 'available', '西所'), u(3, 'W03', 'on_scene', '西所'), u(4, 'E01', 'dispatched', '东所'), u(5, 'X1', 'busy', null)];
  const b = unitBoard(units, '未分配');
  assert.deepEqual(b.map((g) => g.name), ['东所', '西所', '未分配']);
  const west = b.find((g) => g.name === '西所')!;
  assert.equal(west.total, 3);
  assert.deepEqual(west.byStatus.map((s) => [s.status, s.units.map((x) => x.callsign)]), [['available', ['W01', 'W02']], ['on_scene', ['W03']]]);
  // the counts recomputed: every unit once
  assert.equal(b.reduce((n, g) => n + g.byStatus.reduce((m, s) => m + s.units.length, 0), 0), units.length);
  for (const g of b) assert.equal(g.total, g.byStatus.reduce((m, s) => m + s.units.length, 0));
});

test('time in status from statusSince, unknown without it', () => {
  const now = Date.parse('2026-06-15T02:30:00Z');
  assert.equal(minutesInStatus(u(1, 'A', 'on_scene', null, '2026-06-15T02:05:30Z'), now), 24);
  assert.equal(minutesInStatus(u(1, 'A', 'on_scene', null), now), null);
});
