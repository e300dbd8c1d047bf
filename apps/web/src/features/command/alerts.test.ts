import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Incident } from '@jingwang/contracts';
import { arrivals, shortcutOf, stepQueue } from './alerts';

const inc = (id: number, priority: 1 | 2 | 3, status = 'new') => ({ id, priority, status }) as unknown as Incident;
const key = (k: string, tag = 'body', mods: Partial<{ ctrlKey: boolean }> = {}) => ({ key: k, ctrlKey: false, altKey: false, metaKey: false, ...mods, target: { tagName: tag } as unknown as EventTarget });

test('a tone for calls not seen before: none on the first look, urgent for grade 1, none for a call that is not new', () => {
  const seen = new Set<number>();
  assert.deepEqual(arrivals(seen, [inc(1, 1), inc(2, 2)], true), { tone: null, ids: [] });
  assert.deepEqual(arrivals(seen, [inc(1, 1), inc(2, 2), inc(3, 2)], false), { tone: 'new', ids: [3] });
  assert.deepEqual(arrivals(seen, [inc(3, 2), inc(4, 3), inc(5, 1)], false), { tone: 'urgent', ids: [4, 5] });
  assert.deepEqual(arrivals(seen, [inc(6, 1, 'dispatched')], false), { tone: null, ids: [] });
  assert.deepEqual(arrivals(seen, [inc(5, 1)], false), { tone: null, ids: [] }, 'an update is not a new call');
});

test('shortcuts: N D J K ?, never while typing or with a modifier', () => {
  assert.equal(shortcutOf(key('n')), 'new');
  assert.equal(shortcutOf(key('D')), 'dispatch');
  assert.equal(shortcutOf(key('j')), 'next');
  assert.equal(shortcutOf(key('k')), 'prev');
  assert.equal(shortcutOf(key('?')), 'help');
  assert.equal(shortcutOf(key('n', 'INPUT')), null);
  assert.equal(shortcutOf(key('n', 'textarea')), null);
  assert.equal(shortcutOf(key('n', 'body', { ctrlKey: true })), null);
  assert.equal(shortcutOf(key('x')), null);
});

test('J/K step through the queue, wrapping', () => {
  const q = [{ id: 5 }, { id: 7 }, { id: 9 }];
  assert.equal(stepQueue(q, null, 1), 5);
  assert.equal(stepQueue(q, null, -1), 9);
  assert.equal(stepQueue(q, 5, 1), 7);
  assert.equal(stepQueue(q, 9, 1), 5);
  assert.equal(stepQueue(q, 5, -1), 9);
  assert.equal(stepQueue(q, 42, 1), 5);
  assert.equal(stepQueue([], 5, 1), null);
});
