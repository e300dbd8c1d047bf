import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../src/sim/rng';

test('the same seed gives the same sequence, another seed a different one', () => {
  const a = createRng(42);
  const b = createRng(42);
  const c = createRng(43);
  const sa = Array.from({ length: 20 }, () => a.float());
  const sb = Array.from({ length: 20 }, () => b.float());
  const sc = Array.from({ length: 20 }, () => c.float());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
  for (const x of sa) assert.ok(x >= 0 && x < 1);
});

test('fork gives stable, independent streams that do not depend on parent draws', () => {
  const a = createRng(7);
  const f1 = a.fork('areas').float();
  a.float();
  a.float();
  const f2 = a.fork('areas').float();
  assert.equal(f1, f2);
  assert.notEqual(a.fork('areas').float(), a.fork('roads').float());
  assert.notEqual(createRng(7).fork('x').float(), createRng(8).fork('x').float());
});

test('int is inclusive and covers its range uniformly enough', () => {
  const r = createRng(1);
  const counts = new Array(6).fill(0);
  for (let i = 0; i < 60000; i++) {
    const v = r.int(1, 6);
    assert.ok(Number.isInteger(v) && v >= 1 && v <= 6);
    counts[v - 1]++;
  }
  for (const c of counts) assert.ok(c > 9000 && c < 11000, `count ${c}`);
  assert.throws(() => r.int(3, 2));
});

test('weighted follows the weights and skips zero weights', () => {
  const r = createRng(2);
  const seen = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 30000; i++) seen[r.weighted(['a', 'b', 'c'] as const, [1, 0, 3])]++;
  assert.equal(seen.b, 0);
  const ratio = seen.c / seen.a;
  assert.ok(ratio > 2.7 && ratio < 3.3, `ratio ${ratio}`);
  assert.throws(() => r.weighted(['a'], [0]));
});

test('normal and poisson have the right mean and spread', () => {
  const r = createRng(3);
  const n = 20000;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = r.normal(10, 2);
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  const sd = Math.sqrt(s2 / n - mean * mean);
  assert.ok(Math.abs(mean - 10) < 0.1, `mean ${mean}`);
  assert.ok(Math.abs(sd - 2) < 0.1, `sd ${sd}`);
  for (const lambda of [0.7, 4, 60]) {
    let t = 0;
    let t2 = 0;
    for (let i = 0; i < n; i++) {
      const k = r.poisson(lambda);
      assert.ok(Number.isInteger(k) && k >= 0);
      t += k;
      t2 += k * k;
    }
    const m = t / n;
    const v = t2 / n - m * m;
    assert.ok(Math.abs(m - lambda) < 0.05 * lambda + 0.05, `poisson(${lambda}) mean ${m}`);
    assert.ok(Math.abs(v - lambda) < 0.1 * lambda + 0.1, `poisson(${lambda}) variance ${v}`);
  }
  assert.equal(r.poisson(0), 0);
});

test('shuffle is a permutation and pick rejects empty arrays', () => {
  const r = createRng(4);
  const arr = Array.from({ length: 50 }, (_, i) => i);
  const sh = r.shuffle(arr.slice());
  assert.notDeepEqual(sh, arr);
  assert.deepEqual(sh.slice().sort((a, b) => a - b), arr);
  assert.throws(() => r.pick([]));
});
