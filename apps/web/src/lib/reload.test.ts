import test from 'node:test';
import assert from 'node:assert/strict';
import { fakeTimers } from './fakeTimers';
import { reloader } from './reload';

/** A load whose answers the test releases by hand, in any order. */
function manualLoad() {
  const calls: { n: number; resolve: (v: number) => void; reject: (e: unknown) => void }[] = [];
  let n = 0;
  const load = () =>
    new Promise<number>((resolve, reject) => {
      calls.push({ n: ++n, resolve, reject });
    });
  return { load, calls };
}
const settle = () => new Promise((r) => setImmediate(r));

test('reloader: signals closer together than a load still finish loads (the old abort-on-signal never did)', async () => {
  const { timers, advance } = fakeTimers();
  const { load, calls } = manualLoad();
  const applied: number[] = [];
  const r = reloader(load, (v) => applied.push(v), 300, timers);
  r.now();
  assert.equal(calls.length, 1, 'the first load at once');
  // a busy command room: a signal every 100 ms while the load takes 2 s
  for (let i = 0; i < 20; i++) {
    r.signal();
    advance(100);
  }
  assert.equal(calls.length, 1, 'no second load while the first is in flight, and the first is not cut off');
  calls[0]!.resolve(1);
  await settle();
  assert.deepEqual(applied, [1], 'the first answer is shown');
  advance(300);
  assert.equal(calls.length, 2, 'one more load follows, for the signals that came meanwhile');
  calls[1]!.resolve(2);
  await settle();
  assert.deepEqual(applied, [1, 2]);
  advance(10_000);
  assert.equal(calls.length, 2, 'quiet: no more loads');
});

test('reloader: signals within the wait join one load; a failed load is retried on the next signal', async () => {
  const { timers, advance } = fakeTimers();
  const { load, calls } = manualLoad();
  const applied: number[] = [];
  const r = reloader(load, (v) => applied.push(v), 300, timers);
  r.signal();
  advance(100);
  r.signal();
  advance(100);
  r.signal();
  assert.equal(calls.length, 0);
  advance(100);
  assert.equal(calls.length, 1, 'three signals, one load, 300 ms after the first');
  calls[0]!.reject(new Error('network'));
  await settle();
  assert.deepEqual(applied, []);
  r.signal();
  advance(300);
  assert.equal(calls.length, 2);
  calls[1]!.resolve(7);
  await settle();
  assert.deepEqual(applied, [7]);
});

test('reloader: after stop, no load starts and a late answer is not applied', async () => {
  const { timers, advance } = fakeTimers();
  const { load, calls } = manualLoad();
  const applied: number[] = [];
  const r = reloader(load, (v) => applied.push(v), 300, timers);
  r.now();
  r.signal();
  r.stop();
  calls[0]!.resolve(1);
  await settle();
  advance(1000);
  r.signal();
  advance(1000);
  assert.deepEqual(applied, [], 'the answer of a panel that is gone is dropped');
  assert.equal(calls.length, 1, 'nothing loads after stop');
});
