// Everything a service needs, built once at start and passed explicitly (no globals, no process.env).
import type { Config } from './config';
import type { Db } from './db/client';
import type { Clock } from './lib/clock';
import type { FieldCipher } from './lib/crypto';
import type { Hub } from './realtime/hub';
import type { ChangeBus } from './realtime/bus';
import type { Realtime } from './realtime/publish';
import type { AreaCache } from './modules/areas/cache';
import type { RoadCache } from './modules/roads/network';
import type { MeasureProviders } from './modules/tasks/sources';

export interface Ctx {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  config: Config;
  clock: Clock;
  cipher: FieldCipher;
  /** Key of the HMAC printed in patrol points' QR codes (derived from the field key; never stored). */
  qrKey: Buffer;
  hub: Hub;
  /** Cross-node change notifications (PostgreSQL server only); null on the embedded database. */
  bus: ChangeBus | null;
  /** Publishers of changes by kind and the watchers of positions, registered at start (bootstrap.ts). */
  realtime: Realtime;
  areas: AreaCache;
  /** The road network per travel profile, built on first use. */
  roads: RoadCache;
  /** Indicator measures counted by other modules (cases), registered at start (bootstrap.ts). */
  measures: MeasureProviders<Ctx>;
}

export { AreaCache } from './modules/areas/cache';
