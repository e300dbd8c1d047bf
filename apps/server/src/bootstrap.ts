// Opens the database, applies migrations and builds the service context.
import crypto from 'node:crypto';
import type { Config } from './config';
import { AreaCache, type Ctx } from './context';
import { openDatabase, type Database } from './db/client';
import { migrate } from './db/migrate';
import { systemClock, type Clock } from './lib/clock';
import { createFieldCipher, loadKey } from './lib/crypto';
import { Hub } from './realtime/hub';
import { startPgChangeBus } from './realtime/bus';
import { publishLocal } from './modules/incidents/service';
import { publishUnitsLocal } from './modules/units/service';
import { RoadCache } from './modules/roads/network';
import { publishPatrolLocal } from './modules/patrol/field';
import { invalidateActive } from './modules/patrol/active';

export async function createContext(
  config: Config,
  opts: { clock?: Clock; database?: Database; inMemory?: boolean; busUrl?: string | null } = {},
): Promise<{ ctx: Ctx; database: Database }> {
  const database = opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: opts.inMemory ? null : config.dataDir }));
  await migrate(database.db);
  const key = loadKey(config.encryptionKey, opts.inMemory ? null : config.dataDir);
  const areas = new AreaCache(database.db);
  await areas.reload();
  const ctx: Ctx = {
    db: database.db,
    dbKind: database.kind,
    config,
    clock: opts.clock ?? systemClock,
    cipher: createFieldCipher(key),
    qrKey: Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), 'jingwang patrol qr v1', 32)),
    hub: new Hub(),
    bus: null,
    areas,
    roads: new RoadCache(database.db, () => (opts.clock ?? systemClock).now()),
  };
  // several API nodes on one PostgreSQL server hear each other's changes
  const busUrl = opts.busUrl !== undefined ? opts.busUrl : database.kind === 'postgres' ? config.databaseUrl : null;
  if (busUrl) {
    ctx.bus = await startPgChangeBus(
      busUrl,
      async (m) => {
        if (m.kind === 'incident') for (const id of m.ids) await publishLocal(ctx, id);
        else if (m.kind === 'units') await publishUnitsLocal(ctx, ctx.db, m.ids);
        else if (m.kind === 'roads') ctx.roads.invalidate();
        else if (m.kind === 'patrol_plan' || m.kind === 'patrol_checkin' || m.kind === 'patrol_flag') await publishPatrolLocal(ctx, m.kind, m.ids);
        else {
          await ctx.areas.reload();
          ctx.hub.publishAreasChanged();
        }
      },
      {
        // changes were missed while the LISTEN connection was down: reload the areas, and let browsers resync
        onGap: () => {
          ctx.roads.invalidate();
          invalidateActive(ctx);
          void ctx.areas.reload().then(() => ctx.hub.publishAreasChanged());
          ctx.hub.closeAll(4000, 'resync');
        },
      },
    );
    const close = database.close;
    database.close = async () => {
      await ctx.bus?.close();
      await close();
    };
  }
  return { ctx, database };
}
