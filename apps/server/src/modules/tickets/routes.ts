import { Type } from '@sinclair/typebox';
import {
  Id,
  Open311ListQuery,
  Open311PostBody,
  Open311PostedS,
  Open311RequestS,
  Open311ServiceS,
  TicketActionBody,
  TicketCreateBody,
  TicketCreatedS,
  TicketDetailS,
  TicketListQuery,
  TicketRouteBody,
  TicketRuleBody,
  TicketRuleS,
  TicketS,
  TicketStatsQuery,
  TicketStatsS,
  TicketUserActionS,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as open311 from './open311';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });
const ActionParams = Type.Object({ id: Id, action: TicketUserActionS });
const tags = ['tickets'];
const PHOTOS_LIMIT = 4 * 4_600_000;

export function ticketRoutes(app: App, ctx: Ctx) {
  app.get('/api/tickets', { schema: { tags, description: 'Police: the tickets whose place is in their area; liaison / 城管 accounts: their department\'s.', querystring: TicketListQuery, response: { 200: Type.Array(TicketS) } } }, async (req) =>
    svc.listTickets(ctx, actor(req), req.query),
  );
  app.post('/api/tickets', { bodyLimit: PHOTOS_LIMIT, schema: { tags, description: 'Hand a problem to a department (routing table unless agencyId is given). A report of the same category within 100 m of a ticket closed in the last 30 days reopens that ticket (reopened: true).', body: TicketCreateBody, response: { 201: TicketCreatedS } } }, async (req, reply) =>
    reply.code(201).send(await svc.createTicket(ctx, actor(req), req.body)),
  );
  app.get('/api/tickets/rules', { schema: { tags, description: 'The routing table: category [+ area] -> department, receive and resolve hours.', response: { 200: Type.Array(TicketRuleS) } } }, async (req) => svc.listRules(ctx, actor(req)));
  app.post('/api/tickets/rules', { schema: { tags, description: 'Admin: set a category\'s department and time limits (version required to change an existing rule).', body: TicketRuleBody, response: { 200: Type.Array(TicketRuleS) } } }, async (req) =>
    svc.saveRule(ctx, actor(req), req.body),
  );
  app.get('/api/tickets/stats', { schema: { tags, description: 'Per department or station: open, overdue, resolved, on time, on-time rate, returns, recurrences, joint-patrol tickets.', querystring: TicketStatsQuery, response: { 200: TicketStatsS } } }, async (req) =>
    svc.ticketStats(ctx, actor(req), req.query),
  );
  app.get('/api/tickets/photos/:id', { schema: { tags, description: 'A photo of a ticket (whoever sees the ticket).', params: IdParams } }, async (req, reply) => {
    const p = await svc.getPhoto(ctx, actor(req), req.params.id);
    return reply.header('content-type', p.mime).header('cache-control', 'private, no-store').send(p.bytes);
  });
  app.get('/api/tickets/:id', { schema: { tags, params: IdParams, response: { 200: TicketDetailS } } }, async (req) => svc.getTicket(ctx, actor(req), req.params.id));
  app.post('/api/tickets/:id/route', { schema: { tags, description: 'Route a returned ticket again (named department or the routing table).', params: IdParams, body: TicketRouteBody, response: { 200: TicketDetailS } } }, async (req) =>
    svc.reroute(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/tickets/:id/:action', { bodyLimit: PHOTOS_LIMIT, schema: { tags, description: 'Department: receive, start, progress, resolve (note, photos), return (note). Originator\'s side: verify, reject (note), close. 409 INVALID_TRANSITION / STALE_VERSION.', params: ActionParams, body: TicketActionBody, response: { 200: TicketDetailS } } }, async (req) =>
    svc.act(ctx, actor(req), req.params.id, req.params.action, req.body),
  );

  // ---- Open311 GeoReport v2 (session authentication; see open311.ts)
  const o = ['open311'];
  app.get('/api/open311/v2/services.json', { schema: { tags: o, response: { 200: Type.Array(Open311ServiceS) } } }, async (req) => open311.services(ctx, actor(req)));
  app.post('/api/open311/v2/requests.json', { schema: { tags: o, body: Open311PostBody, response: { 201: Open311PostedS } } }, async (req, reply) =>
    reply.code(201).send(await open311.postRequest(ctx, actor(req), req.body)),
  );
  app.get('/api/open311/v2/requests.json', { schema: { tags: o, querystring: Open311ListQuery, response: { 200: Type.Array(Open311RequestS) } } }, async (req) => open311.listRequests(ctx, actor(req), req.query));
  app.get('/api/open311/v2/requests/:id.json', { schema: { tags: o, params: IdParams, response: { 200: Type.Array(Open311RequestS) } } }, async (req) => open311.getRequest(ctx, actor(req), req.params.id));
}
