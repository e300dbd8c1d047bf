// The system endpoints' rules: the health check and the configuration the web client needs at start.
import type { ClientConfig } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { countyBbox } from '../areas/service';
import { countyOf } from '../setup/service';
import { hasBasemap } from '../basemap/service';
import * as repo from './repo';

export const VERSION = '0.1.0';

export async function health(ctx: Ctx): Promise<{ ok: true; db: Ctx['dbKind']; version: string }> {
  await repo.ping(ctx.db);
  return { ok: true, db: ctx.dbKind, version: VERSION };
}

/** The county's box is cached until the areas change. */
const bboxCache = new WeakMap<Ctx, ClientConfig['bbox']>();
const listening = new WeakSet<Ctx>();

export async function clientConfig(ctx: Ctx): Promise<ClientConfig> {
  if (!listening.has(ctx)) {
    listening.add(ctx);
    ctx.hub.onAreasChanged(() => bboxCache.delete(ctx));
  }
  if (!bboxCache.has(ctx)) bboxCache.set(ctx, await countyBbox(ctx));
  return {
    basemapUrl: ctx.config.basemapUrl,
    basemapGcj02: ctx.config.basemapGcj02,
    basemap: hasBasemap(ctx),
    demo: ctx.config.demo,
    stalePositionSeconds: ctx.config.stalePositionSeconds,
    bbox: bboxCache.get(ctx) ?? null,
    version: VERSION,
    county: await countyOf(ctx),
  };
}
