// Everything a service needs, built once at start and passed explicitly (no globals, no process.env).
import type { Config } from './config';
import type { Db } from './db/client';
import type { Clock } from './lib/clock';
import type { FieldCipher } from './lib/crypto';
import type { Hub } from './realtime/hub';
import type { ChangeBus } from './realtime/bus';
import type { Realtime } from './realtime/publish';
import { AreaTree } from './modules/areas/tree';
import { countyBounds, loadAreaNodes } from './modules/areas/repo';
import { expandBbox, insideBbox, type Bbox } from './modules/areas/bounds';
import type { RoadCache } from './modules/roads/network';

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
}

export class AreaCache {
  private current: AreaTree = new AreaTree([]);
  private countyBox: Bbox | null = null;
  constructor(private readonly db: Db) {}
  tree(): AreaTree {
    return this.current;
  }
  /** The deployment's bounds: the live county areas' box widened by the margin; null before a county exists. */
  bounds(): Bbox | null {
    return this.countyBox && expandBbox(this.countyBox);
  }
  /** Is the point inside the deployment's bounds (true while there are none)? */
  inBounds(lon: number, lat: number): boolean {
    const b = this.bounds();
    return !b || insideBbox(b, lon, lat);
  }
  async reload(): Promise<AreaTree> {
    const [nodes, box] = await Promise.all([loadAreaNodes(this.db), countyBounds(this.db)]);
    this.current = new AreaTree(nodes);
    this.countyBox = box;
    return this.current;
  }
}
