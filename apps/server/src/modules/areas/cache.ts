// The live area tree and the deployment's bounds, held in memory and reloaded when areas change (ctx.areas).
import type { Db } from '../../db/client';
import { AreaTree } from './tree';
import { countyBounds, loadAreaNodes } from './repo';
import { expandBbox, insideBbox, type Bbox } from './bounds';

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
