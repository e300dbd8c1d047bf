// The phone's offline queue (issue 13 part 5): status, check-ins, task completion and remarks go through an ordered
// outbox. Each action gets an idempotency key and its real time (X-Client-Time) when the officer acts; it is kept
// (IndexedDB in the browser, see idb.ts) until the server answered it, and sent in order, one at a time:
// - 2xx: done, removed (the answer goes to whoever listens, e.g. the dispatch card);
// - no network, 5xx, 429 or IDEMPOTENCY_IN_FLIGHT: kept, retried with backoff (the head blocks the rest: order);
// - any other 4xx: the action is refused; it stays at the head, marked failed with the reason, until the officer
//   discards it (or retries it) - later actions wait behind it.
// The server keeps the first answer per key, so a resend after a lost answer writes nothing twice.
import { backoffDelay } from '../../api/backoff';
import { ApiError } from '../../api/errors';

export type ActionKind = 'mdt_ack' | 'mdt_status' | 'mdt_remark' | 'checkin' | 'task_complete';

/** What a queued action's version is read from when it is sent: a dispatch's incident, or a task. */
export type VersionRef = { assignmentId: number } | { taskId: number };

export interface QueuedAction {
  /** The idempotency key (also the record's key). */
  id: string;
  /** The officer whose action it is: another login on this phone never sends it. */
  userId: number;
  /** Order of the officer's actions. */
  seq: number;
  /** When the officer acted (ISO): sent as X-Client-Time. */
  at: string;
  kind: ActionKind;
  path: string;
  body: Record<string, unknown>;
  /** What the officer sees in the list of pending actions. */
  label: string;
  /**
   * A status report (or a task completion) needs the incident's (task's) version when it is sent, not when it was
   * queued (an earlier queued action changes it): fixed once, before the first send, then kept so that every retry
   * sends the same request.
   */
  versionOf?: VersionRef;
  state: 'pending' | 'failed';
  attempts: number;
  /** Not before (epoch ms): backoff after a network error or 5xx. */
  nextAt: number;
  error?: { status: number; code: string; message: string };
}

export interface OutboxStore {
  load(): Promise<QueuedAction[]>;
  put(a: QueuedAction): Promise<void>;
  remove(id: string): Promise<void>;
}

export type SendResult = { ok: true; body: unknown } | { ok: false; status: number; code: string; message: string; details?: unknown };

export interface OutboxDeps {
  store: OutboxStore;
  send: (a: QueuedAction) => Promise<SendResult>;
  /** The current version of the incident of a status report, or of a task (see versionOf); throws on a network error. */
  versionOf: (of: VersionRef) => Promise<number>;
  now: () => number;
  newId: () => string;
  rand?: () => number;
  online?: () => boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

/** What to do with an answer: done, retry later, or stop and show the officer. */
export function classify(r: SendResult): 'done' | 'retry' | 'blocked' {
  if (r.ok) return 'done';
  if (r.status === 0 || r.status >= 500 || r.status === 429 || r.code === 'IDEMPOTENCY_IN_FLIGHT') return 'retry';
  return 'blocked';
}

export interface Submitted {
  /** Sent now and answered (2xx). */
  sent: boolean;
  /** The server's answer when sent. */
  body?: unknown;
  /** Waiting in the queue (no network, or behind earlier actions). */
  queued: boolean;
}

export class Outbox {
  private items: QueuedAction[] = [];
  private listeners = new Set<(items: readonly QueuedAction[]) => void>();
  private sentListeners = new Set<(a: QueuedAction, body: unknown) => void>();
  private draining: Promise<void> | null = null;
  private again = false;
  private againForce = false;
  private timer = false;
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly userId: number,
    private readonly deps: OutboxDeps,
  ) {}

  /** Loads this officer's stored actions (once). */
  load(): Promise<void> {
    this.loaded ??= this.deps.store.load().then((all) => {
      this.items = all.filter((a) => a.userId === this.userId).sort((a, b) => a.seq - b.seq);
      this.emit();
    });
    return this.loaded;
  }

  list(): readonly QueuedAction[] {
    return this.items;
  }

  subscribe(fn: (items: readonly QueuedAction[]) => void): () => void {
    this.listeners.add(fn);
    fn(this.items);
    return () => this.listeners.delete(fn);
  }

  /** Called with every action the server accepted (now or later) and its answer. */
  onSent(fn: (a: QueuedAction, body: unknown) => void): () => void {
    this.sentListeners.add(fn);
    return () => this.sentListeners.delete(fn);
  }

  private emit(): void {
    const snapshot = [...this.items];
    for (const fn of this.listeners) fn(snapshot);
  }

  /**
   * The officer acts: the action is stored first, then sent if nothing waits before it and the phone is online.
   * Refused at once (4xx while the officer waits): removed and thrown as an ApiError, as an ordinary request would be.
   */
  async submit(input: { kind: ActionKind; path: string; body: Record<string, unknown>; label: string; versionOf?: VersionRef }): Promise<Submitted> {
    await this.load();
    const seq = (this.items.at(-1)?.seq ?? 0) + 1;
    const a: QueuedAction = { id: this.deps.newId(), userId: this.userId, seq, at: new Date(this.deps.now()).toISOString(), state: 'pending', attempts: 0, nextAt: 0, ...input };
    const queued = this.items.length > 0 || (this.deps.online !== undefined && !this.deps.online()) || this.draining !== null;
    // queued behind others or offline: a status report takes the incident's version when it is sent
    if (queued && a.versionOf) a.body = withoutVersion(a.body);
    this.items.push(a);
    await this.deps.store.put(a);
    this.emit();
    if (queued) {
      void this.drain();
      return { sent: false, queued: true };
    }
    // the officer is waiting: the status report's version is the one on the screen (no extra round trip)
    const r = await this.deps.send(a).catch((e: unknown): SendResult => ({ ok: false, status: 0, code: 'NETWORK', message: String(e) }));
    const c = classify(r);
    if (c === 'done') {
      await this.finish(a, (r as { body: unknown }).body);
      void this.drain();
      return { sent: true, body: (r as { body: unknown }).body, queued: false };
    }
    if (c === 'blocked') {
      await this.forget(a.id);
      const f = r as { status: number; code: string; message: string; details?: unknown };
      throw new ApiError(f.status, f.code, f.message, f.details);
    }
    await this.later(a);
    return { sent: false, queued: true };
  }

  private async finish(a: QueuedAction, body: unknown): Promise<void> {
    await this.forget(a.id);
    for (const fn of this.sentListeners) fn(a, body);
  }

  private async forget(id: string): Promise<void> {
    this.items = this.items.filter((x) => x.id !== id);
    await this.deps.store.remove(id);
    this.emit();
  }

  private async later(a: QueuedAction): Promise<void> {
    a.attempts += 1;
    a.nextAt = this.deps.now() + backoffDelay(a.attempts - 1, this.deps.rand?.() ?? Math.random(), 2000, 60_000);
    await this.deps.store.put(a);
    this.emit();
    this.schedule(a.nextAt - this.deps.now());
  }

  private schedule(ms: number): void {
    if (this.timer || !this.deps.setTimer) return;
    this.timer = true;
    this.deps.setTimer(() => {
      this.timer = false;
      void this.drain();
    }, Math.max(0, ms));
  }

  /** Sends the waiting actions in order until the queue is empty, blocked by a refusal, or waiting for a retry. */
  drain(opts: { force?: boolean } = {}): Promise<void> {
    // one run at a time; a request during a run makes it go round once more (it may have looked before the change)
    this.again = true;
    this.againForce ||= opts.force ?? false;
    this.draining ??= (async () => {
      while (this.again) {
        const force = this.againForce;
        this.again = false;
        this.againForce = false;
        await this.run(force);
      }
    })().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async run(force: boolean): Promise<void> {
    await this.load();
    for (;;) {
      const a = this.items[0];
      if (!a || a.state === 'failed') return;
      if (this.deps.online && !this.deps.online()) return;
      if (!force && a.nextAt > this.deps.now()) return this.schedule(a.nextAt - this.deps.now());
      if (a.versionOf && a.body.version === undefined) {
        try {
          a.body = { ...a.body, version: await this.deps.versionOf(a.versionOf) };
          await this.deps.store.put(a);
        } catch (e) {
          const f = e as { status?: unknown; code?: unknown; message?: unknown };
          if (typeof f.status !== 'number' || f.status === 0 || f.status >= 500 || f.status === 429) return this.later(a);
          return this.fail(a, { status: f.status, code: String(f.code ?? `HTTP_${f.status}`), message: String(f.message ?? '') });
        }
      }
      const r = await this.deps.send(a).catch((e: unknown): SendResult => ({ ok: false, status: 0, code: 'NETWORK', message: String(e) }));
      const c = classify(r);
      if (c === 'done') {
        await this.finish(a, (r as { body: unknown }).body);
        continue;
      }
      if (c === 'retry') return this.later(a);
      return this.fail(a, r as { ok: false; status: number; code: string; message: string });
    }
  }

  private async fail(a: QueuedAction, f: { status: number; code: string; message: string }): Promise<void> {
    a.state = 'failed';
    a.error = { status: f.status, code: f.code, message: f.message };
    await this.deps.store.put(a);
    this.emit();
  }

  /** The officer gives up a refused (or any waiting) action; the rest of the queue goes on. */
  async discard(id: string): Promise<void> {
    await this.forget(id);
    void this.drain({ force: true });
  }

  /** The officer sends the queue now (a refused action is tried once more). */
  async retryNow(): Promise<void> {
    for (const a of this.items) {
      if (a.state === 'failed') {
        a.state = 'pending';
        delete a.error;
        await this.deps.store.put(a);
      }
    }
    this.emit();
    await this.drain({ force: true });
  }
}

/**
 * The tasks with a completion or progress report waiting in the queue (作战小屏 shows them 待上传): per task, whether
 * the report completes it (no amount: all that remains) and whether it was refused.
 */
export function pendingTasks(items: readonly QueuedAction[]): Map<number, { completes: boolean; failed: boolean }> {
  const out = new Map<number, { completes: boolean; failed: boolean }>();
  for (const a of items) {
    if (a.kind !== 'task_complete' || !a.versionOf || !('taskId' in a.versionOf)) continue;
    const prev = out.get(a.versionOf.taskId);
    out.set(a.versionOf.taskId, { completes: (prev?.completes ?? false) || a.body.amount === undefined, failed: (prev?.failed ?? false) || a.state === 'failed' });
  }
  return out;
}

function withoutVersion(body: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...body };
  delete rest.version;
  return rest;
}
