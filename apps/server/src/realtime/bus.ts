// Changes across API nodes: with a PostgreSQL server, each node LISTENs on one channel and NOTIFYs the ids it
// changed; the other nodes reload those rows and feed their own hub (or reload their area tree). Payloads carry
// ids only (NOTIFY payloads are limited to 8000 bytes). The embedded database is one process: no bus there.
import crypto from 'node:crypto';
import pg from 'pg';

export const CHANNEL = 'jw_changes';
const IDS_PER_MESSAGE = 400;

export interface ChangeMessage {
  node: string;
  kind: 'incident' | 'units' | 'areas' | 'roads' | 'patrol_plan' | 'patrol_checkin' | 'patrol_flag' | 'instruction';
  ids: number[];
}

export interface ChangeBus {
  readonly nodeId: string;
  notify(kind: ChangeMessage['kind'], ids: number[]): void;
  close(): Promise<void>;
}

/**
 * `onGap` runs after the LISTEN connection was lost and is back: changes sent meanwhile were missed, so the caller
 * should make its clients resync (the server closes its sockets; browsers reconnect and reload over REST).
 */
export async function startPgChangeBus(
  url: string,
  onRemote: (m: ChangeMessage) => Promise<void>,
  opts: { onGap?: () => void; log?: (msg: string, err?: unknown) => void; retryMs?: number } = {},
): Promise<ChangeBus> {
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  const nodeId = crypto.randomBytes(6).toString('hex');
  let closed = false;
  let client: pg.Client;
  // remote changes are applied one after another, in the order they were sent
  let chain = Promise.resolve();

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
    c.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      let m: ChangeMessage;
      try {
        m = JSON.parse(n.payload) as ChangeMessage;
      } catch {
        return;
      }
      if (m.node === nodeId) return;
      chain = chain.then(() => onRemote(m)).catch((e) => log('applying a remote change failed', e));
    });
    // a dropped connection reports both 'error' and 'end': reconnect once, or a second LISTEN connection would
    // deliver every change twice
    let gone = false;
    const lost = (e?: unknown) => {
      if (gone || closed || c !== client) return;
      gone = true;
      log('change bus connection lost; reconnecting', e);
      void reconnect(0);
    };
    c.on('error', lost);
    c.on('end', () => lost());
    client = c;
  };

  const reconnect = async (attempt: number): Promise<void> => {
    if (closed) return;
    await new Promise((r) => setTimeout(r, Math.min(30_000, (opts.retryMs ?? 500) * 2 ** attempt)));
    if (closed) return; // closed while waiting
    try {
      await connect();
      if (closed) return void (await client.end().catch(() => {})); // closed while connecting
      opts.onGap?.();
    } catch (e) {
      log('change bus reconnect failed', e);
      void reconnect(attempt + 1);
    }
  };

  await connect();
  return {
    nodeId,
    notify(kind, ids) {
      if (closed) return;
      const list = kind === 'areas' ? [0] : ids;
      for (let i = 0; i < list.length; i += IDS_PER_MESSAGE) {
        const payload = JSON.stringify({ node: nodeId, kind, ids: list.slice(i, i + IDS_PER_MESSAGE) } satisfies ChangeMessage);
        client.query('select pg_notify($1, $2)', [CHANNEL, payload]).catch((e) => log('notify failed', e));
      }
    },
    async close() {
      closed = true;
      await client.end().catch(() => {});
    },
  };
}
