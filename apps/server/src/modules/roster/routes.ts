import { Type } from '@sinclair/typebox';
import { Id, LeaveBody, LeaveCancelBody, LeaveQuery, LeaveS, OnDutyQuery, OnDutyS, RosterParams, RosterPutBody, RosterQuery, RosterS, SwapBody } from '@jingwang/contracts';
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
  app.post(
    '/api/rosters/swap',
    { schema: { tags, description: '换班: the people of two duties not yet started change places (versions of their rosters as read); 409 ON_LEAVE, DUTY_STARTED, STALE_VERSION.', body: SwapBody, response: { 200: Type.Array(RosterS) } } },
    async (req) => svc.swapDuties(ctx, actor(req), req.body),
  );
  app.get('/api/leaves', { schema: { tags, description: 'Leaves (请假) overlapping the days from `from`, of the people in scope, with the duties each overlaps.', querystring: LeaveQuery, response: { 200: Type.Array(LeaveS) } } }, async (req) =>
    svc.listLeaves(ctx, actor(req), req.query),
  );
  app.post('/api/leaves', { schema: { tags, description: 'Record a leave; the person is off duty for its span (who is on duty, roll call, unit staffing, time in the zone).', body: LeaveBody, response: { 200: LeaveS } } }, async (req) =>
    svc.createLeave(ctx, actor(req), req.body),
  );
  app.post('/api/leaves/:id/cancel', { schema: { tags, params: Type.Object({ id: Id }), body: LeaveCancelBody, response: { 200: LeaveS } } }, async (req) =>
    svc.cancelLeave(ctx, actor(req), req.params.id, req.body.version),
  );
  app.get('/api/duty/now', { schema: { tags, description: 'Who is on duty at a time (default now), per station in scope.', querystring: OnDutyQuery, response: { 200: OnDutyS } } }, async (req) =>
    svc.onDuty(ctx, actor(req), req.query),
  );
}
