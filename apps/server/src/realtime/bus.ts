// Changes across API nodes: with a PostgreSQL server, each node LISTENs on one channel and NOTIFYs the ids it
// changed; the other nodes reload those rows and feed their own hub (or reload their area tree). Payloads carry
// ids only (NOTIFY payloads are limited to 8000 bytes). The embedded database is one process: no bus there.
import crypto from 'node:crypto';
import pg from 'pg';

export const CHANNEL = 'jw_changes';
const IDS_PER_MESSAGE = 400;

export interface ChangeMessage {
  node: string;
  kind: 'incident' | 'units' | 'areas';
  ids: number[];
}

export interface ChangeBus {
  readonly nodeId: string;
  notify(kind: ChangeMessage['kind'], ids: number[]): void;
  close(): Promise<void>;
}

export async function startPgChangeBus(
  url: string,
  onRemote: (m: ChangeMessage) => Promise<void>,
  log: (msg: string, err?: unknown) => void = (m, e) => console.error(m, e ?? ''),
): Promise<ChangeBus> {
  const nodeId = crypto.randomBytes(6).toString('hex');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`listen ${CHANNEL}`);
  // remote changes are applied one after another, in the order they were sent
  let chain = Promise.resolve();
  client.on('notification', (n) => {
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
  client.on('error', (e) => log('change bus connection failed', e));
  let closed = false;
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
