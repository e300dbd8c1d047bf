import { Type } from '@sinclair/typebox';
import {
  Id,
  IdParams,
  OkS,
  PositionBatchBody,
  PositionBatchResultS,
  RetireBody,
  SetDeviceBody,
  TraccarForwardBody,
  UnitBody,
  UnitPatch,
  UnitS,
  UnitStaffingS,
  UnitStatusBody,
  UnitStatusEventS,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as admin from './admin';
import * as svc from './service';

export function unitRoutes(app: App, ctx: Ctx) {
  app.get('/api/units', { schema: { tags: ['units'], response: { 200: Type.Array(UnitS) } } }, async (req) => svc.listUnits(ctx, actor(req)));
  app.get(
    '/api/units/staffing',
    { schema: { tags: ['units'], description: "The duty roster's word on each unit in scope now (true: someone on duty on it; false: its station keeps a roster today and nobody on it is on duty, so dispatch leaves it out; null: no roster applies).", response: { 200: UnitStaffingS } } },
    async (req) => svc.listStaffing(ctx, actor(req)),
  );
  app.get('/api/units/:id', { schema: { tags: ['units'], params: Type.Object({ id: Id }), response: { 200: UnitS } } }, async (req) =>
    svc.getUnit(ctx, actor(req), req.params.id),
  );
  app.post(
    '/api/units/positions',
    {
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        tags: ['units'],
        description: 'Batch of positions; idempotent by unit and time. Devices authenticate with `Authorization: Bearer <AVL_TOKEN>`.',
        body: PositionBatchBody,
        response: { 200: PositionBatchResultS },
      },
    },
    async (req) => svc.ingestPositions(ctx, actor(req), req.body.positions),
  );
  app.post(
    '/api/avl/traccar',
    {
      schema: {
        tags: ['units'],
        description:
          "Traccar position forwarding: set forward.type=json, forward.url to this address and forward.header to 'Authorization: Bearer <AVL_TOKEN>'. The device's uniqueId must be bound to a unit (PUT /api/units/{id}/device).",
        body: TraccarForwardBody,
        response: { 200: Type.Intersect([PositionBatchResultS, Type.Object({ ignored: Type.Integer() })]) },
      },
    },
    async (req) => svc.ingestTraccar(ctx, actor(req), req.body),
  );
  app.put(
    '/api/units/:id/device',
    { schema: { tags: ['units'], description: 'Bind an AVL device id to the unit (admin).', params: Type.Object({ id: Id }), body: SetDeviceBody, response: { 200: UnitS } } },
    async (req) => svc.setDevice(ctx, actor(req), req.params.id, req.body.deviceId),
  );

  // administration (issue 12): create, edit, retire; the status by hand and its history
  const tags = ['units'];
  app.post('/api/units', { schema: { tags, description: 'A new unit starts off duty (下勤).', body: UnitBody, response: { 200: UnitS } } }, async (req) =>
    admin.createUnit(ctx, actor(req), req.body),
  );
  app.patch('/api/units/:id', { schema: { tags, params: IdParams, body: UnitPatch, response: { 200: UnitS } } }, async (req) =>
    admin.updateUnit(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/units/:id/retire', { schema: { tags, params: IdParams, body: RetireBody, response: { 200: OkS } } }, async (req) => {
    await admin.retireUnit(ctx, actor(req), req.params.id, req.body);
    return { ok: true };
  });
  app.post(
    '/api/units/:id/status',
    {
      schema: {
        tags,
        description: 'Status by hand: available (on duty), off_duty, meal_break, busy, out_of_service, with a reason. A unit on an incident follows it (409 INVALID_TRANSITION).',
        params: IdParams,
        body: UnitStatusBody,
        response: { 200: UnitS },
      },
    },
    async (req) => admin.setUnitStatusByHand(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/units/:id/status-history', { schema: { tags, params: IdParams, response: { 200: Type.Array(UnitStatusEventS) } } }, async (req) =>
    admin.unitStatusHistory(ctx, actor(req), req.params.id),
  );
}
