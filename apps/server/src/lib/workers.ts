// A bounded pool of worker threads for CPU-heavy work that must never run on the API's event loop (report exports:
// pdfkit, ECharts SSR, exceljs). At most `size` jobs run at once, one per worker; further jobs wait in a FIFO queue
// of at most `maxQueue`, and one more is refused with the pool's busy error (a 503 with a stable code). Workers are
// started on demand, kept for the next job (fonts and modules load once) and ended after `idleMs` without work; a
// worker that crashes fails its job and is replaced by the next one. Workers never keep the process alive.
//
// A worker module calls `serveWorker(handler)`. Under tsx (the server runs its TypeScript directly, in tests and in
// `npm start`) the worker is started through `worker-boot.mjs`, which registers tsx's loader for its own thread
// first, as modules/forecast does; compiled JavaScript starts the module itself.
import { Worker, parentPort, type Transferable } from 'node:worker_threads';
import type { ErrorCode } from '@jingwang/contracts';
import { AppError } from './errors';

export interface PoolStats {
  /** Most jobs that may run at once. */
  size: number;
  maxQueue: number;
  /** Jobs running now / waiting now. */
  running: number;
  queued: number;
  /** The most that ever ran at once / waited at once. */
  peakRunning: number;
  peakQueued: number;
  done: number;
  failed: number;
  /** Jobs refused because the queue was full. */
  refused: number;
  /** Worker threads alive now. */
  workers: number;
}

export interface PoolOptions {
  /** For messages. */
  name: string;
  /** The worker module: `workerModule(import.meta.url, './x-worker')`. */
  entry: URL;
  size: number;
  maxQueue: number;
  /** Error code of a refused job (status from the catalogue). */
  busyCode: ErrorCode;
  idleMs?: number;
  /** Workers are never ended for idleness (a pool used all day whose worker takes seconds to start). */
  keepAlive?: boolean;
}

/** The worker module `rel` (without extension) next to the module at `base`, as .ts under tsx and .js compiled. */
export function workerModule(base: string, rel: string): URL {
  return new URL(`${rel}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

type Reply<O> = { id: number; ok: true; out: O } | { id: number; ok: false; error: string };
interface Job<I, O> {
  id: number;
  input: I;
  transfer: Transferable[];
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}
interface Slot<I, O> {
  worker: Worker;
  job: Job<I, O> | null;
  idle: NodeJS.Timeout | null;
}

export class WorkerPool<I, O> {
  private readonly slots = new Set<Slot<I, O>>();
  private readonly queue: Job<I, O>[] = [];
  private nextId = 1;
  private closed = false;
  private readonly s = { peakRunning: 0, peakQueued: 0, done: 0, failed: 0, refused: 0 };

  constructor(private readonly opts: PoolOptions) {
    if (!(opts.size >= 1)) throw new Error(`${opts.name} pool: size must be at least 1`);
  }

  stats(): PoolStats {
    return { size: this.opts.size, maxQueue: this.opts.maxQueue, running: this.running(), queued: this.queue.length, ...this.s, workers: this.slots.size };
  }

  /** Runs `input` on a worker; `transfer` moves buffers of the input instead of copying them. */
  run(input: I, transfer: Transferable[] = []): Promise<O> {
    if (this.closed) return Promise.reject(new Error(`${this.opts.name} pool is closed`));
    if (this.running() >= this.opts.size && this.queue.length >= this.opts.maxQueue) {
      this.s.refused++;
      return Promise.reject(new AppError(this.opts.busyCode, undefined, { running: this.running(), queued: this.queue.length }));
    }
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, transfer, resolve, reject });
      this.s.peakQueued = Math.max(this.s.peakQueued, this.queue.length);
      this.pump();
    });
  }

  /**
   * Starts the pool's workers now, without a job, so that the first job does not wait for a worker to load its
   * modules (under tsx a worker compiles them first: 7 s on a quiet 2-core machine, half a minute on a busy one).
   */
  warm(): void {
    if (this.closed) return;
    while (this.slots.size < this.opts.size) this.idle(this.spawn());
  }

  /** Ends every worker; queued and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new Error(`${this.opts.name} pool closed`));
    await Promise.all([...this.slots].map((sl) => this.end(sl, new Error(`${this.opts.name} pool closed`))));
  }

  private running(): number {
    let n = 0;
    for (const sl of this.slots) if (sl.job) n++;
    return n;
  }

  private pump(): void {
    while (this.queue.length && this.running() < this.opts.size) {
      const job = this.queue.shift()!;
      const slot = [...this.slots].find((sl) => !sl.job) ?? this.spawn();
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.job = job;
      this.s.peakRunning = Math.max(this.s.peakRunning, this.running());
      slot.worker.postMessage({ id: job.id, input: job.input }, job.transfer);
    }
  }

  private spawn(): Slot<I, O> {
    const entry = this.opts.entry;
    const ts = entry.pathname.endsWith('.ts');
    const worker = ts
      ? new Worker(new URL('./worker-boot.mjs', import.meta.url), { execArgv: [], workerData: { entry: entry.href } })
      : new Worker(entry, { execArgv: [] });
    worker.unref();
    const slot: Slot<I, O> = { worker, job: null, idle: null };
    this.slots.add(slot);
    worker.on('message', (m: Reply<O>) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      slot.job = null;
      if (m.ok) {
        this.s.done++;
        job.resolve(m.out);
      } else {
        this.s.failed++;
        job.reject(new Error(`${this.opts.name} worker: ${m.error}`));
      }
      if (!this.closed) this.idle(slot);
      this.pump();
    });
    worker.on('error', (e) => void this.end(slot, e));
    worker.on('exit', (code) => void this.end(slot, new Error(`${this.opts.name} worker exited with code ${code}`)));
    return slot;
  }

  /** A worker without a job: ended after idleMs, unless the pool keeps its workers. */
  private idle(slot: Slot<I, O>): void {
    if (this.opts.keepAlive) return;
    slot.idle = setTimeout(() => void this.end(slot, null), this.opts.idleMs ?? 60_000);
    slot.idle.unref();
  }

  /** Removes a worker; its job (if any) fails with `why`. */
  private async end(slot: Slot<I, O>, why: unknown): Promise<void> {
    if (!this.slots.delete(slot)) return;
    if (slot.idle) clearTimeout(slot.idle);
    const job = slot.job;
    slot.job = null;
    if (job) {
      this.s.failed++;
      job.reject(why ?? new Error(`${this.opts.name} worker ended`));
    }
    await slot.worker.terminate();
    if (!this.closed) this.pump();
  }
}

/**
 * The worker side: answers each job with `handler(input)`. Buffers in the result (ArrayBuffer, typed arrays) that
 * `transferOf` names are moved to the main thread instead of copied.
 */
export function serveWorker<I, O>(handler: (input: I) => O | Promise<O>, transferOf: (out: O) => Transferable[] = () => []): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs in a worker thread');
  port.on('message', async ({ id, input }: { id: number; input: I }) => {
    try {
      const out = await handler(input);
      port.postMessage({ id, ok: true, out }, transferOf(out));
    } catch (e) {
      port.postMessage({ id, ok: false, error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
    }
  });
}
