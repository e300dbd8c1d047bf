import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdOrder } from './holdOrder';

test('holdOrder keeps the held order, keeps rows that left the live list, appends new ones', () => {
  const all = new Map([1, 2, 3, 4].map((id) => [id, { id, s: id === 1 ? 'busy' : 'ok' }]));
  const live = [all.get(3)!, all.get(2)!, all.get(4)!]; // 1 became busy and left; 4 is new; 3 moved ahead of 2
  const get = (id: number) => all.get(id);
  assert.deepEqual(holdOrder(live, (r) => r.id, null, get).map((r) => r.id), [3, 2, 4], 'not holding: the live order');
  assert.deepEqual(holdOrder(live, (r) => r.id, [1, 2, 3], get).map((r) => r.id), [1, 2, 3, 4]);
  assert.equal(holdOrder(live, (r) => r.id, [1, 2, 3], get)[0]!.s, 'busy', 'a held row shows its live state');
  assert.deepEqual(holdOrder(live, (r) => r.id, [9, 2, 2], get).map((r) => r.id), [2, 3, 4], 'unknown and repeated ids are dropped');
});
