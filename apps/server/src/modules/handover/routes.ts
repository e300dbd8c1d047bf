import { Type } from '@sinclair/typebox';
import { AckHandoverBody, CreateHandoverBody, HandoverListQuery, HandoverListS, HandoverS, Id } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });

export function handoverRoutes(app: App, ctx: Ctx) {
  app.get('/api/handovers', { schema: { tags: ['handover'], description: "A day's shift handovers (交接班), default today.", querystring: HandoverListQuery, response: { 200: HandoverListS } } }, async (req) =>
    svc.listHandovers(ctx, actor(req), req.query),
  );
  app.post(
    '/api/handovers',
    { schema: { tags: ['handover'], description: 'The duty leader writes the handover: the open calls are summarised when written.', body: CreateHandoverBody, response: { 201: HandoverS } } },
    async (req, reply) => reply.code(201).send(await svc.createHandover(ctx, actor(req), req.body)),
  );
  app.get('/api/handovers/:id', { schema: { tags: ['handover'], params: IdParams, response: { 200: HandoverS } } }, async (req) => svc.getHandover(ctx, actor(req), req.params.id));
  app.post(
    '/api/handovers/:id/acknowledge',
    { schema: { tags: ['handover'], description: 'The next shift acknowledges (once, not the writer).', params: IdParams, body: AckHandoverBody, response: { 200: HandoverS } } },
    async (req) => svc.acknowledgeHandover(ctx, actor(req), req.params.id, req.body),
  );
}
