import test from 'node:test';
import assert from 'node:assert/strict';
import { withParams } from './useUrlMirror';

test('withParams sets and removes keys and keeps the others', () => {
  const prev = new URLSearchParams('plan=3&tab=map&date=2026-01-02');
  const next = withParams(prev, { plan: '4', tab: null, unit: '7' });
  assert.equal(next.toString(), 'plan=4&date=2026-01-02&unit=7');
  assert.equal(prev.toString(), 'plan=3&tab=map&date=2026-01-02', 'prev is left as it was');
});
