import { Type } from '@sinclair/typebox';
import {
  ComplianceQuery,
  ComplianceS,
  CoverageQuery,
  CreateReinforcementBody,
  Id,
  ReachQuery,
  RecommendationQuery,
  RecommendationS,
  ReinforcementActionBody,
  ReinforcementListQuery,
  ReinforcementS,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';
import { compliance } from './stats';
import { actOnReinforcement, listReinforcements, requestReinforcement } from './reinforcements';

const IdParams = Type.Object({ id: Id });

export function dispatchRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/incidents/:id/recommendation',
    {
      schema: {
        tags: ['dispatch'],
        description: 'Units ranked by road travel time to the scene, with reasons, the run card, echelon escalation and routes.',
        params: IdParams,
        querystring: RecommendationQuery,
        response: { 200: RecommendationS },
      },
    },
    async (req) => svc.recommendation(ctx, actor(req), req.params.id, req.query),
  );
  app.get(
    '/api/roads/reach',
    { schema: { tags: ['dispatch'], description: 'Reach area (roads and outline) of a point or unit within each budget (seconds).', querystring: ReachQuery } },
    async (req) => svc.reachArea(ctx, actor(req), req.query),
  );
  app.get(
    '/api/roads/coverage',
    { schema: { tags: ['dispatch'], description: 'Roads that available units reach within each budget now; the rest are gaps.', querystring: CoverageQuery } },
    async (req) => svc.coverage(ctx, actor(req), req.query),
  );
  app.get('/api/stats/response', { schema: { tags: ['dispatch'], querystring: ComplianceQuery, response: { 200: ComplianceS } } }, async (req) =>
    compliance(ctx, actor(req), req.query),
  );
  app.get('/api/reinforcements', { schema: { tags: ['dispatch'], querystring: ReinforcementListQuery, response: { 200: Type.Array(ReinforcementS) } } }, async (req) =>
    listReinforcements(ctx, actor(req), req.query),
  );
  app.post(
    '/api/incidents/:id/reinforcements',
    { schema: { tags: ['dispatch'], params: IdParams, body: CreateReinforcementBody, response: { 201: ReinforcementS } } },
    async (req, reply) => reply.code(201).send(await requestReinforcement(ctx, actor(req), req.params.id, req.body)),
  );
  app.post('/api/reinforcements/:id/action', { schema: { tags: ['dispatch'], params: IdParams, body: ReinforcementActionBody, response: { 200: ReinforcementS } } }, async (req) =>
    actOnReinforcement(ctx, actor(req), req.params.id, req.body),
  );
}
