import { Type } from '@sinclair/typebox';
import { Id, NotificationListQuery, NotificationListS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const tags = ['notifications'];
const IdParams = Type.Object({ id: Id });

export function notificationRoutes(app: App, ctx: Ctx) {
  app.get('/api/notifications', { schema: { tags, description: "The caller's notifications, newest first, with the unread count.", querystring: NotificationListQuery, response: { 200: NotificationListS } } }, async (req) =>
    svc.listMine(ctx, actor(req), req.query),
  );
  app.post('/api/notifications/:id/read', { schema: { tags, description: "Marks one of the caller's notifications read; another user's is 404, like one that does not exist.", params: IdParams } }, async (req, reply) => {
    await svc.markRead(ctx, actor(req), req.params.id);
    return reply.code(204).send();
  });
  app.post('/api/notifications/read-all', { schema: { tags, response: { 200: Type.Object({ updated: Type.Integer() }) } } }, async (req) => ({ updated: await svc.markAllRead(ctx, actor(req)) }));
}
