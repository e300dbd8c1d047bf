// Opens the database, applies migrations and builds the service context.
import type { Config } from './config';
import { AreaCache, type Ctx } from './context';
import { openDatabase, type Database } from './db/client';
import { migrate } from './db/migrate';
import { systemClock, type Clock } from './lib/clock';
import { createFieldCipher, loadKey } from './lib/crypto';
import { Hub } from './realtime/hub';

export async function createContext(config: Config, opts: { clock?: Clock; database?: Database; inMemory?: boolean } = {}): Promise<{ ctx: Ctx; database: Database }> {
  const database = opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: opts.inMemory ? null : config.dataDir }));
  await migrate(database.db);
  const areas = new AreaCache(database.db);
  await areas.reload();
  const ctx: Ctx = {
    db: database.db,
    dbKind: database.kind,
    config,
    clock: opts.clock ?? systemClock,
    cipher: createFieldCipher(loadKey(config.encryptionKey, opts.inMemory ? null : config.dataDir)),
    hub: new Hub(),
    areas,
  };
  return { ctx, database };
}
