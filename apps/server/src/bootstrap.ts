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
import { Realtime } from './realtime/publish';
import { publishLocal } from './modules/incidents/service';
import { publishUnitsLocal } from './modules/units/service';
import { RoadCache } from './modules/roads/network';
import { onPositions as patrolOnPositions, publishPatrolLocal } from './modules/patrol/field';
import { invalidateActive } from './modules/patrol/active';
import { detectArrivals } from './modules/dispatch/arrivals';
import { invalidateDispatchUnits } from './modules/dispatch/service';
import { onIncidentsChanged as mdtOnIncidents } from './modules/mdt/service';
import { publishInstructionsLocal } from './modules/instructions/service';
import { MeasureProviders } from './modules/tasks/sources';
import { caseMeasures } from './modules/cases/supervision';

/**
 * Who hears what, in one place: the publishers of each kind of change (this node's sockets and caches; the same
 * ones run for a change heard from another node on the bus) and the watchers of stored positions, in order.
 */
export function registerRealtime(rt: Realtime): Realtime {
  return rt
    .on('incident', async (ctx, ids) => {
      for (const id of ids) await publishLocal(ctx, id);
    })
    // the field terminal: a dispatched unit's members get the assignment (recorded once, sent to their phones)
    .follow('incident', (ctx, ids) => mdtOnIncidents(ctx, ids))
    .on('units', (ctx) => invalidateDispatchUnits(ctx)) // a status or membership may have changed
    .on('units', (ctx, ids) => publishUnitsLocal(ctx, ctx.db, ids))
    .on('roads', (ctx) => ctx.roads.invalidate())
    .on('areas', async (ctx) => {
      await ctx.areas.reload();
      ctx.hub.publishAreasChanged();
    })
    .on('patrol_plan', (ctx, ids) => publishPatrolLocal(ctx, 'patrol_plan', ids))
    .on('patrol_checkin', (ctx, ids) => publishPatrolLocal(ctx, 'patrol_checkin', ids))
    .on('patrol_flag', (ctx, ids) => publishPatrolLocal(ctx, 'patrol_flag', ids))
    // instructions: each recipient's phone gets its own view (topic mdt)
    .on('instruction', (ctx, ids) => publishInstructionsLocal(ctx, ids))
    .onPositions({
      // only units on their way to an incident can arrive
      name: 'arrival detection',
      handle: async (ctx, b) => ({ statusChanged: await detectArrivals(ctx, b.movedEnRoute) }),
    })
    .onPositions({
      // proof of patrol: geofence check-ins and the off-route rule for teams on a published route
      name: 'patrol',
      failSoft: true,
      handle: async (ctx, b) => {
        if (b.inserted > 0) await patrolOnPositions(ctx, b.positions);
      },
    });
}

/** The indicator measures other modules count (the tasks module reads them here, importing none of those modules). */
export function registerMeasures(m: MeasureProviders<Ctx>): MeasureProviders<Ctx> {
  return m.provide('cases', caseMeasures);
}

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
    realtime: registerRealtime(new Realtime()),
    areas,
    roads: new RoadCache(database.db, () => (opts.clock ?? systemClock).now()),
    measures: registerMeasures(new MeasureProviders()),
  };
  // several API nodes on one PostgreSQL server hear each other's changes
  const busUrl = opts.busUrl !== undefined ? opts.busUrl : database.kind === 'postgres' ? config.databaseUrl : null;
  if (busUrl) {
    ctx.bus = await startPgChangeBus(
      busUrl,
      // a change made on another node runs this node's publishers of its kind
      (m) => ctx.realtime.local(ctx, m.kind, m.ids),
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
