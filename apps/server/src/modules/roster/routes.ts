import { Type } from '@sinclair/typebox';
import { OnDutyQuery, OnDutyS, RosterParams, RosterPutBody, RosterQuery, RosterS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const tags = ['roster'];

export function rosterRoutes(app: App, ctx: Ctx) {
  app.get('/api/rosters', { schema: { tags, description: 'Duty rosters of the stations in scope from a day, for up to 31 days.', querystring: RosterQuery, response: { 200: Type.Array(RosterS) } } }, async (req) =>
    svc.listRosters(ctx, actor(req), req.query),
  );
  app.get('/api/rosters/:stationId/:day', { schema: { tags, params: RosterParams, response: { 200: RosterS } } }, async (req) =>
    svc.getRoster(ctx, actor(req), req.params.stationId, req.params.day),
  );
  app.put(
    '/api/rosters/:stationId/:day',
    { schema: { tags, description: 'Save the day whole: the duty leader and every duty (a new day without a version).', params: RosterParams, body: RosterPutBody, response: { 200: RosterS } } },
    async (req) => svc.putRoster(ctx, actor(req), req.params.stationId, req.params.day, req.body),
  );
  app.get('/api/duty/now', { schema: { tags, description: 'Who is on duty at a time (default now), per station in scope.', querystring: OnDutyQuery, response: { 200: OnDutyS } } }, async (req) =>
    svc.onDuty(ctx, actor(req), req.query),
  );
}
