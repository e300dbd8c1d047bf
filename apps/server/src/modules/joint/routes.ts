import { Type } from '@sinclair/typebox';
import { Id, JointBaseBody, JointGroupS, JointHandlingBody, JointHandlingQuery, JointHandlingS, JointPostBody, JointPostPatch, JointPostS, JointStatsQuery, JointStatsS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });
const tags = ['joint'];

export function jointRoutes(app: App, ctx: Ctx) {
  app.get('/api/joint/posts', { schema: { tags, description: '联勤服务站 in the caller\'s area, with the joint groups based there.', response: { 200: Type.Array(JointPostS) } } }, async (req) => svc.listPosts(ctx, actor(req)));
  app.post('/api/joint/posts', { schema: { tags, description: 'Leads: a new service post (a point inside their area; names unique among active posts).', body: JointPostBody, response: { 201: JointPostS } } }, async (req, reply) =>
    reply.code(201).send(await svc.createPost(ctx, actor(req), req.body)),
  );
  app.patch('/api/joint/posts/:id', { schema: { tags, description: 'Leads: edit or retire (active=false; its groups lose their base) a post; versioned.', params: IdParams, body: JointPostPatch, response: { 200: JointPostS } } }, async (req) =>
    svc.updatePost(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/joint/groups', { schema: { tags, description: 'Joint groups (units of type joint_patrol) in the caller\'s area: members and their agencies, whether both sides are present, base.', response: { 200: Type.Array(JointGroupS) } } }, async (req) =>
    svc.listGroups(ctx, actor(req)),
  );
  app.put('/api/joint/groups/:id/base', { schema: { tags, description: 'Leads: the post a group is based at (null: none); the group needs members of both agencies.', params: IdParams, body: JointBaseBody, response: { 200: JointGroupS } } }, async (req) =>
    svc.setBase(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/joint/handlings', { schema: { tags, description: 'On-the-spot simple-procedure records in [from, to) (default: the last 30 days), parties masked.', querystring: JointHandlingQuery, response: { 200: Type.Array(JointHandlingS) } } }, async (req) =>
    svc.listHandlings(ctx, actor(req), req.query),
  );
  app.post('/api/joint/handlings', { bodyLimit: 4_700_000, schema: { tags, description: 'Record an on-the-spot handling (简易程序): outcome corrected, warned, fined (fineYuan), or transferred (a ticket is made).', body: JointHandlingBody, response: { 201: JointHandlingS } } }, async (req, reply) =>
    reply.code(201).send(await svc.recordHandling(ctx, actor(req), req.body)),
  );
  app.get('/api/joint/handlings/:id/photo', { schema: { tags, description: 'The photo of a record (whoever sees the record).', params: IdParams } }, async (req, reply) => {
    const p = await svc.handlingPhoto(ctx, actor(req), req.params.id);
    return reply.header('content-type', p.mime).header('cache-control', 'private, no-store').send(p.bytes);
  });
  app.get('/api/joint/stats', { schema: { tags, description: 'Per station and in total: joint patrols, on-the-spot handlings by outcome, tickets, arrivals and arrivals within 2 minutes.', querystring: JointStatsQuery, response: { 200: JointStatsS } } }, async (req) =>
    svc.jointStats(ctx, actor(req), req.query),
  );
}
