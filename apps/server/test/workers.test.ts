// The worker pool's start-up choices (lib/workers.ts): a warmed pool has its worker before the first job, a pool that
// keeps its workers does not end them when idle, and one that does not, does. Uses the photo watermark worker.
import test from 'node:test';
import assert from 'node:assert/strict';
import jpeg from 'jpeg-js';
import { WorkerPool, workerModule } from '../src/lib/workers';
import type { WatermarkJob, WatermarkOut } from '../src/lib/watermark';

const entry = workerModule(new URL('../src/lib/photo.ts', import.meta.url).href, './photo-worker');
const job = (): WatermarkJob => {
  const bytes = new Uint8Array(jpeg.encode({ data: Buffer.alloc(4 * 4 * 4, 200), width: 4, height: 4 }, 80).data);
  return { mime: 'image/jpeg', bytes, lines: ['2026-12-07 09:00:00', '三水社区', '民警 测试'] };
};
const pool = (keepAlive: boolean) =>
  new WorkerPool<WatermarkJob, WatermarkOut>({ name: 'test', entry, size: 1, maxQueue: 2, busyCode: 'PHOTO_BUSY', idleMs: 1, keepAlive });

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), what);
}

test('warm() starts the worker before any job; keepAlive keeps it after the job, idle or not', async () => {
  const p = pool(true);
  try {
    assert.equal(p.stats().workers, 0);
    p.warm();
    assert.equal(p.stats().workers, 1, 'started by warm, without a job');
    p.warm();
    assert.equal(p.stats().workers, 1, 'no more than the pool size');
    const out = await p.run(job());
    assert.ok(out.bytes.byteLength > 0);
    assert.equal(p.stats().done, 1);
    // idleMs is 1 ms: a pool that ends idle workers ends it within this pause (the next test sees it happen)
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(p.stats().workers, 1, 'kept while idle');
    const again = await p.run(job());
    assert.ok(again.bytes.byteLength > 0);
    assert.equal(p.stats().workers, 1, 'the same worker');
  } finally {
    await p.close();
  }
});

test('without keepAlive an idle worker is ended, and the next job starts another', async () => {
  const p = pool(false);
  try {
    await p.run(job());
    await until(() => p.stats().workers === 0, 'the idle worker is ended');
    await p.run(job());
    assert.equal(p.stats().done, 2);
  } finally {
    await p.close();
  }
});
