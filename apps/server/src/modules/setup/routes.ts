// GET /api/setup, POST /api/setup and POST /api/setup/demo: the first run (public, closed once an account exists).
import { SetupBody, SetupDemoBody, SetupDoneS, SetupStatusS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import type { App } from '../../lib/http';
import * as svc from './service';

const OPEN_WHILE_LOADING = new Set(['/api/setup', '/api/setup/demo', '/api/config', '/api/health']);

export function setupRoutes(app: App, ctx: Ctx) {
  app.addHook('onRequest', async (req) => {
    if (!svc.demoLoading(ctx)) return;
    const url = req.url.split('?')[0]!;
    if ((url.startsWith('/api/') || url === '/ws') && !OPEN_WHILE_LOADING.has(url)) throw new AppError('DEMO_PREPARING');
  });
  app.get('/api/setup', { schema: { tags: ['setup'], security: [], response: { 200: SetupStatusS } } }, async () => svc.setupStatus(ctx));
  app.post('/api/setup', { schema: { tags: ['setup'], security: [], body: SetupBody, response: { 201: SetupDoneS } } }, async (req, reply) => {
    const done = await svc.setUp(ctx, req.body, req.ip);
    return reply.code(201).send(done);
  });
  app.post('/api/setup/demo', { schema: { tags: ['setup'], security: [], body: SetupDemoBody, response: { 202: SetupStatusS } } }, async (req, reply) => {
    const s = await svc.loadDemo(ctx, req.body.token, req.ip);
    return reply.code(202).send(s);
  });
}
