import { Type } from '@sinclair/typebox';
import {
  ContactS,
  CreateIncidentBody,
  DispatchBody,
  Id,
  IncidentDetailS,
  IncidentListQuery,
  IncidentListS,
  IncidentS,
  IntakeCheckQuery,
  IntakeCheckS,
  LinkCallBody,
  PlaceHitsS,
  PlaceSearchQuery,
  RegradeBody,
  RemarkBody,
  StatsSummaryS,
  TransitionBody,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';
import { addRemark, regrade } from './lifecycle';
import { checkIntake, linkCall, searchPlaces } from './intake';

const IdParams = Type.Object({ id: Id });

export function incidentRoutes(app: App, ctx: Ctx) {
  app.get('/api/incidents', { schema: { tags: ['incidents'], querystring: IncidentListQuery, response: { 200: IncidentListS } } }, async (req) =>
    svc.listIncidents(ctx, actor(req), req.query),
  );
  app.post('/api/incidents', { schema: { tags: ['incidents'], body: CreateIncidentBody, response: { 201: IncidentS } } }, async (req, reply) => {
    const inc = await svc.createIncident(ctx, actor(req), req.body);
    return reply.code(201).send(inc);
  });
  app.get('/api/incidents/:id', { schema: { tags: ['incidents'], params: IdParams, response: { 200: IncidentDetailS } } }, async (req) =>
    svc.getIncident(ctx, actor(req), req.params.id),
  );
  app.get('/api/incidents/:id/contact', { schema: { tags: ['incidents'], description: 'Clear caller name and phone; every read is audited.', params: IdParams, response: { 200: ContactS } } }, async (req) =>
    svc.readContact(ctx, actor(req), req.params.id, req.ip),
  );
  app.post('/api/incidents/:id/transition', { schema: { tags: ['incidents'], params: IdParams, body: TransitionBody, response: { 200: IncidentS } } }, async (req) =>
    svc.transition(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/incidents/:id/dispatch', { schema: { tags: ['incidents'], params: IdParams, body: DispatchBody, response: { 200: IncidentS } } }, async (req) =>
    svc.dispatch(ctx, actor(req), req.params.id, req.body),
  );
  app.post(
    '/api/incidents/:id/remarks',
    { schema: { tags: ['incidents'], description: 'A remark (备注) on the timeline, with who and when.', params: IdParams, body: RemarkBody, response: { 200: IncidentS } } },
    async (req) => addRemark(ctx, actor(req), req.params.id, req.body),
  );
  app.post(
    '/api/incidents/:id/grade',
    { schema: { tags: ['incidents'], description: 'A new category and/or priority while the call is worked, with the reason (timeline event `regrade`).', params: IdParams, body: RegradeBody, response: { 200: IncidentS } } },
    async (req) => regrade(ctx, actor(req), req.params.id, req.body),
  );
  app.get(
    '/api/intake/places',
    { schema: { tags: ['intake'], description: 'Address search as one types: areas, key places, roads and past call addresses, merged and ranked (exact, prefix, contains).', querystring: PlaceSearchQuery, response: { 200: PlaceHitsS } } },
    async (req) => searchPlaces(ctx, actor(req), req.query),
  );
  app.get(
    '/api/intake/check',
    { schema: { tags: ['intake'], description: "History of the caller's number and of the point (last 90 days), possible duplicates, and whether the point fits the address hit.", querystring: IntakeCheckQuery, response: { 200: IntakeCheckS } } },
    async (req) => checkIntake(ctx, actor(req), req.query),
  );
  app.post(
    '/api/incidents/:id/duplicate-calls',
    { schema: { tags: ['intake'], description: 'A repeated call linked to this incident (重复报警 +1 on its timeline), instead of a new incident; no dispatch.', params: IdParams, body: LinkCallBody, response: { 200: IncidentS } } },
    async (req) => linkCall(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/stats/summary', { schema: { tags: ['incidents'], response: { 200: StatsSummaryS } } }, async (req) => svc.commandSummary(ctx, actor(req)));
}
