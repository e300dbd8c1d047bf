// GET /api/health (public: load balancers) and GET /api/config (public: the web reads it before login).
import { ClientConfigS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { App } from '../../lib/http';
import * as svc from './service';

export function systemRoutes(app: App, ctx: Ctx) {
  app.get('/api/health', { schema: { tags: ['system'] } }, async () => svc.health(ctx));
  app.get('/api/config', { schema: { tags: ['system'], response: { 200: ClientConfigS } } }, async () => svc.clientConfig(ctx));
}
