import { Type } from '@sinclair/typebox';
import {
  CaseAddBody,
  CaseCreateBody,
  CaseDetailS,
  CaseFromBody,
  CaseItemBody,
  CaseLimitBody,
  CaseLimitParams,
  CaseLimitS,
  CaseListQuery,
  CaseS,
  CaseScreenQuery,
  CaseScreenS,
  CaseStatsQuery,
  CaseStatsS,
  CaseSupervisionQuery,
  CaseSupervisionS,
  CaseTransitionBody,
  Id,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';
import * as sup from './supervision';

const IdParams = Type.Object({ id: Id });
const PhotoParams = Type.Object({ id: Id, itemId: Id });
const tags = ['cases'];
const scopeDoc = 'A case is seen by its officers, its case team, the leads whose scope holds its station, and admins; for anyone else it is 404 CASE_NOT_FOUND.';

export function caseRoutes(app: App, ctx: Ctx) {
  app.get('/api/cases', { schema: { tags, description: `Cases the caller sees. ${scopeDoc}`, querystring: CaseListQuery, response: { 200: Type.Array(CaseS) } } }, async (req) => svc.listCases(ctx, actor(req), req.query));
  app.post('/api/cases', { schema: { tags, description: 'Open a case directly (or from an incident with incidentId). Officers must be among the officers in charge.', body: CaseCreateBody, response: { 200: CaseDetailS } } }, async (req) =>
    svc.createCase(ctx, actor(req), req.body),
  );
  app.post('/api/incidents/:id/case', { schema: { tags, description: 'Open a case from an incident (criminal by default; the incident\'s station, place and category).', params: IdParams, body: CaseFromBody, response: { 200: CaseDetailS } } }, async (req) =>
    svc.openFromIncident(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/fraud/warnings/:id/case', { schema: { tags, description: 'A warning whose person lost money becomes a fraud case (409 INVALID_TRANSITION otherwise).', params: IdParams, body: CaseFromBody, response: { 200: CaseDetailS } } }, async (req) =>
    svc.openFromWarning(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/cases/supervision', { schema: { tags, description: "The deputy's daily list: deadline within withinDays (default 2), overdue, idle for idleDays (default 7).", querystring: CaseSupervisionQuery, response: { 200: CaseSupervisionS } } }, async (req) =>
    sup.supervisionList(ctx, actor(req), req.query),
  );
  app.get('/api/cases/screen', { schema: { tags, description: 'Cases in hand for 作战小屏 (mine=true) or 所屏: counts and the five nearest deadlines.', querystring: CaseScreenQuery, response: { 200: CaseScreenS } } }, async (req) =>
    sup.casesOnScreen(ctx, actor(req), req.query),
  );
  app.get('/api/cases/stats', { schema: { tags, description: 'Accepted, filed, solved, solving rate, steps due and on time, overdue steps, year on year, per officer / station / district for a month.', querystring: CaseStatsQuery, response: { 200: CaseStatsS } } }, async (req) =>
    sup.caseStats(ctx, actor(req), req.query),
  );
  app.get('/api/cases/limits', { schema: { tags, description: 'The statutory time limits in force.', response: { 200: Type.Array(CaseLimitS) } } }, async (req) => svc.listLimits(ctx, actor(req)));
  app.post('/api/cases/limits/:key', { schema: { tags, description: 'Change a limit (admin, versioned); open steps under it get their deadline recomputed from their stored start.', params: CaseLimitParams, body: CaseLimitBody, response: { 200: CaseLimitS } } }, async (req) =>
    svc.updateLimit(ctx, actor(req), req.params.key, req.body),
  );
  app.get('/api/cases/:id', { schema: { tags, description: scopeDoc, params: IdParams, response: { 200: CaseDetailS } } }, async (req) => svc.getCase(ctx, actor(req), req.params.id));
  app.post('/api/cases/:id/items', { schema: { tags, description: 'Add a document, a photo (signature, scene) or a camera clip (camera, time range, finding).', params: IdParams, body: CaseItemBody, response: { 200: CaseDetailS } } }, async (req) =>
    svc.addItem(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/cases/:id/additions', { schema: { tags, description: 'Add officers in charge, related people (registryPersonId: the registry\'s person, masked; or a typed name), places or disputes (民转刑) to a case in hand. Versioned (409 STALE_VERSION); 409 CASE_ENDED once it has ended; 400 naming each field at fault, nothing written.', params: IdParams, body: CaseAddBody, response: { 200: CaseDetailS } } }, async (req) =>
    svc.addToCase(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/cases/:id/items/:itemId/photo', { schema: { tags, params: PhotoParams } }, async (req, reply) => {
    const p = await svc.casePhoto(ctx, actor(req), req.params.id, req.params.itemId);
    return reply.type(p.mime).header('cache-control', 'private, max-age=3600').send(p.bytes);
  });
  app.post('/api/cases/:id/transition', { schema: { tags, description: 'Pass a step: the kind\'s machine (409 INVALID_TRANSITION), the required items (409 CASE_ITEMS_MISSING with details.missing), the version (409 STALE_VERSION).', params: IdParams, body: CaseTransitionBody, response: { 200: CaseDetailS } } }, async (req) =>
    svc.transitionCase(ctx, actor(req), req.params.id, req.body),
  );
}
