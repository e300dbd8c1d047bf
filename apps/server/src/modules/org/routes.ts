import { Type } from '@sinclair/typebox';
import {
  AgencyBody,
  AgencyPatch,
  AgencyS,
  IdParams,
  OkS,
  PeopleListS,
  PeopleQuery,
  PersonAreaHistoryS,
  PersonBody,
  PersonPatch,
  PersonS,
  RetireBody,
  TeamBody,
  TeamPatch,
  TeamS,
  UserAccountS,
  UserBody,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import { listAudit } from '../audit/service';
import * as svc from './service';

const AuditQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
const tags = ['organisation'];

export function orgRoutes(app: App, ctx: Ctx) {
  app.get('/api/agencies', { schema: { tags, response: { 200: Type.Array(AgencyS) } } }, async (req) => svc.listAgencies(ctx, actor(req)));
  app.get('/api/teams', { schema: { tags, response: { 200: Type.Array(TeamS) } } }, async (req) => svc.listTeams(ctx, actor(req)));
  app.get('/api/people', { schema: { tags, querystring: PeopleQuery, response: { 200: PeopleListS } } }, async (req) =>
    svc.listPeople(ctx, actor(req), req.query),
  );
  app.get('/api/audit', { schema: { tags, querystring: AuditQuery } }, async (req) => listAudit(ctx, actor(req), req.query));

  // administration (issue 12): create, edit (versioned), retire
  app.post('/api/agencies', { schema: { tags, body: AgencyBody, response: { 200: AgencyS } } }, async (req) => svc.createAgency(ctx, actor(req), req.body));
  app.patch('/api/agencies/:id', { schema: { tags, params: IdParams, body: AgencyPatch, response: { 200: AgencyS } } }, async (req) =>
    svc.updateAgency(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/agencies/:id/retire', { schema: { tags, params: IdParams, body: RetireBody, response: { 200: OkS } } }, async (req) => {
    await svc.retireAgency(ctx, actor(req), req.params.id, req.body);
    return { ok: true };
  });
  app.post('/api/teams', { schema: { tags, body: TeamBody, response: { 200: TeamS } } }, async (req) => svc.createTeam(ctx, actor(req), req.body));
  app.patch('/api/teams/:id', { schema: { tags, params: IdParams, body: TeamPatch, response: { 200: TeamS } } }, async (req) =>
    svc.updateTeam(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/teams/:id/retire', { schema: { tags, params: IdParams, body: RetireBody, response: { 200: OkS } } }, async (req) => {
    await svc.retireTeam(ctx, actor(req), req.params.id, req.body);
    return { ok: true };
  });
  app.get('/api/people/:id', { schema: { tags, params: IdParams, response: { 200: PersonS } } }, async (req) => svc.getPerson(ctx, actor(req), req.params.id));
  app.get('/api/people/:id/areas', { schema: { tags, description: 'Responsibility areas (责任田) of the person over time, newest first.', params: IdParams, response: { 200: Type.Array(PersonAreaHistoryS) } } }, async (req) =>
    svc.personAreaHistory(ctx, actor(req), req.params.id),
  );
  app.post('/api/people', { schema: { tags, body: PersonBody, response: { 200: PersonS } } }, async (req) => svc.createPerson(ctx, actor(req), req.body));
  app.patch('/api/people/:id', { schema: { tags, params: IdParams, body: PersonPatch, response: { 200: PersonS } } }, async (req) =>
    svc.updatePerson(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/people/:id/retire', { schema: { tags, params: IdParams, body: RetireBody, response: { 200: OkS } } }, async (req) => {
    await svc.retirePerson(ctx, actor(req), req.params.id, req.body);
    return { ok: true };
  });

  app.get('/api/users', { schema: { tags, response: { 200: Type.Array(UserAccountS) } } }, async (req) => svc.listUsers(ctx, actor(req)));
  app.post('/api/users', { schema: { tags, body: UserBody, response: { 200: UserAccountS } } }, async (req) => svc.createUser(ctx, actor(req), req.body));
  app.post('/api/users/:id/retire', { schema: { tags, params: IdParams, response: { 200: UserAccountS } } }, async (req) => svc.retireUser(ctx, actor(req), req.params.id));
}
