// The outbox in the browser: kept in IndexedDB (plain API, one object store), sent with fetch carrying the
// Idempotency-Key and X-Client-Time headers, drained when the phone comes back online or the app is shown again.
import { currentCsrfToken, http } from '../../api/client';
import { Outbox, type OutboxStore, type QueuedAction, type SendResult } from './outbox';

const DB_NAME = 'jingwang-offline';
const STORE = 'outbox';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

/** The actions in IndexedDB; without IndexedDB (private mode of some browsers) in memory only. */
export function indexedDbStore(): OutboxStore {
  let db: Promise<IDBDatabase> | null = null;
  const memory = new Map<string, QueuedAction>();
  const tx = async <T,>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    db ??= openDb();
    const d = await db;
    return new Promise<T>((resolve, reject) => {
      const t = d.transaction(STORE, mode);
      const r = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(r.result);
      t.onerror = () => reject(t.error ?? new Error('IndexedDB write failed'));
    });
  };
  const usable = typeof indexedDB !== 'undefined';
  return {
    load: async () => (usable ? ((await tx('readonly', (s) => s.getAll())) as QueuedAction[]) : [...memory.values()]),
    put: async (a) => {
      if (usable) await tx('readwrite', (s) => s.put(structuredClone(a)));
      else memory.set(a.id, a);
    },
    remove: async (id) => {
      if (usable) await tx('readwrite', (s) => s.delete(id));
      else memory.delete(id);
    },
  };
}

/** A random idempotency key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export async function sendAction(a: QueuedAction): Promise<SendResult> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': a.id, 'x-client-time': a.at };
  const csrf = currentCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(a.path, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(a.body) });
  } catch (e) {
    return { ok: false, status: 0, code: 'NETWORK', message: e instanceof Error ? e.message : String(e) };
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (res.ok) return { ok: true, body };
  const b = (body && typeof body === 'object' ? body : {}) as { code?: unknown; message?: unknown; details?: unknown };
  return { ok: false, status: res.status, code: typeof b.code === 'string' ? b.code : `HTTP_${res.status}`, message: typeof b.message === 'string' ? b.message : res.statusText, details: b.details };
}

const outboxes = new Map<number, Outbox>();

/** The officer's outbox (one per user on this phone), drained on reconnect and when the app is shown again. */
export function outboxFor(userId: number): Outbox {
  let o = outboxes.get(userId);
  if (o) return o;
  o = new Outbox(userId, {
    store: indexedDbStore(),
    send: sendAction,
    versionOf: async (of) =>
      'taskId' in of
        ? (await http.get<{ task: { version: number } }>(`/api/tasks/${of.taskId}`)).task.version
        : (await http.get<{ incident: { version: number } }>(`/api/mdt/assignments/${of.assignmentId}`)).incident.version,
    now: () => Date.now(),
    newId: newKey,
    online: () => navigator.onLine,
    setTimer: (fn, ms) => setTimeout(fn, ms),
  });
  outboxes.set(userId, o);
  const box = o;
  window.addEventListener('online', () => void box.drain({ force: true }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void box.drain();
  });
  void box.load().then(() => box.drain());
  return o;
}
