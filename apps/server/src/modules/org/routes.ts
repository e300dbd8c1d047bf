import { Type, type Static } from '@sinclair/typebox';
import { AgencyS, PeopleListS, PeopleQuery, TeamS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { actor, type App } from '../../lib/http';
import { authorize, scopeIds } from '../auth/policy';
import { listAudit } from '../audit/service';
import * as repo from './repo';

export function orgRoutes(app: App, ctx: Ctx) {
  app.get('/api/agencies', { schema: { tags: ['organisation'], response: { 200: Type.Array(AgencyS) } } }, async (req) => {
    authorize(actor(req), 'people.read');
    return repo.listAgencies(ctx.db);
  });
  app.get('/api/teams', { schema: { tags: ['organisation'], response: { 200: Type.Array(TeamS) } } }, async (req) => {
    const a = actor(req);
    authorize(a, 'people.read');
    return repo.listTeams(ctx.db, scopeIds(a, ctx.areas.tree()));
  });
  app.get('/api/people', { schema: { tags: ['organisation'], querystring: PeopleQuery, response: { 200: PeopleListS } } }, async (req) => {
    const a = actor(req);
    authorize(a, 'people.read');
    const q = req.query as Static<typeof PeopleQuery>;
    const tree = ctx.areas.tree();
    if (q.areaId !== undefined && !tree.get(q.areaId)) throw new AppError('AREA_NOT_FOUND', `Area ${q.areaId} not found`, { field: '/areaId' });
    return repo.listPeople(ctx.db, {
      scopeIds: scopeIds(a, tree),
      areaIds: q.areaId !== undefined ? tree.descendantsAndSelf(q.areaId) : null,
      role: q.role,
      q: q.q?.trim() || undefined,
      page: q.page ?? 1,
      pageSize: q.pageSize ?? 50,
    });
  });
  app.get(
    '/api/audit',
    { schema: { tags: ['organisation'], querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }) } },
    async (req) => {
      authorize(actor(req), 'audit.read');
      const q = req.query as { page?: number; pageSize?: number };
      return listAudit(ctx.db, q.page ?? 1, q.pageSize ?? 100);
    },
  );
}
