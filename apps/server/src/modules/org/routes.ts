import { Type } from '@sinclair/typebox';
import { AgencyS, PeopleListS, PeopleQuery, TeamS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import { listAudit } from '../audit/service';
import * as svc from './service';

const AuditQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);

export function orgRoutes(app: App, ctx: Ctx) {
  app.get('/api/agencies', { schema: { tags: ['organisation'], response: { 200: Type.Array(AgencyS) } } }, async (req) => svc.listAgencies(ctx, actor(req)));
  app.get('/api/teams', { schema: { tags: ['organisation'], response: { 200: Type.Array(TeamS) } } }, async (req) => svc.listTeams(ctx, actor(req)));
  app.get('/api/people', { schema: { tags: ['organisation'], querystring: PeopleQuery, response: { 200: PeopleListS } } }, async (req) =>
    svc.listPeople(ctx, actor(req), req.query),
  );
  app.get('/api/audit', { schema: { tags: ['organisation'], querystring: AuditQuery } }, async (req) => listAudit(ctx, actor(req), req.query));
}
