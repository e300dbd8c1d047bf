// The session behind a cookie, remembered for a moment. Every API request resolves its session; on the embedded
// database each query costs milliseconds of the one thread, so a page's burst of requests (and the command room's
// polling) re-read the same row. Kept exact in this process: any write to users or sessions through the auth repo
// bumps the epoch and forgets everything. Another server process (a second node on PostgreSQL, or the CLI
// deactivating a user) is seen within TTL_MS at most: the same bound as the WebSocket's session check.
import type { SessionUserRow } from './repo';

export const SESSION_CACHE_TTL_MS = 2000;
const MAX_ENTRIES = 10_000;

interface Entry {
  row: SessionUserRow | undefined;
  epoch: number;
  at: number;
}

let epoch = 0;
// per database (a process may hold several: the tests), then per session id
let byDb = new WeakMap<object, Map<string, Entry>>();

/** Called by every write to users or sessions: what was remembered may be stale. */
export function authWritten(): void {
  epoch += 1;
  byDb = new WeakMap();
}

/** The row for a session id: remembered (for at most TTL_MS, and only while nothing was written) or loaded. */
export async function cachedSessionRow(db: object, id: string, load: () => Promise<SessionUserRow | undefined>): Promise<SessionUserRow | undefined> {
  const now = performance.now();
  let entries = byDb.get(db);
  if (!entries) byDb.set(db, (entries = new Map()));
  const hit = entries.get(id);
  if (hit && hit.epoch === epoch && now - hit.at < SESSION_CACHE_TTL_MS) return hit.row;
  const at = epoch; // taken before the read: a write during it makes this entry stale at once
  const row = await load();
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(id, { row, epoch: at, at: now });
  return row;
}
