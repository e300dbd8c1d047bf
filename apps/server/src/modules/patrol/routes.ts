import { Type } from '@sinclair/typebox';
import {
  AreaTierQuery,
  CameraCheckBody,
  CameraS,
  CheckinBody,
  CheckinS,
  CreatePatrolLineBody,
  CreatePatrolPointBody,
  CreateVideoRoundBody,
  EditRouteBody,
  FieldViewS,
  FlagListQuery,
  GeneratePlanBody,
  Id,
  PatrolFlagS,
  PatrolForceS,
  PatrolLineListQuery,
  PatrolLineS,
  PatrolPlanS,
  PatrolPlanSummaryS,
  PatrolPointListQuery,
  PatrolPointS,
  PatrolReportS,
  PatrolRetireBody,
  PlanCandidatesS,
  PlanListQuery,
  RollCallS,
  ShiftS,
  SetPatrolForceBody,
  UpdatePatrolLineBody,
  UpdatePatrolPointBody,
  VersionBody,
  VideoRoundListQuery,
  VideoRoundS,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { clientTime } from '../../lib/fieldtime';
import { actor, type App } from '../../lib/http';
import { closePhotoPool } from '../../lib/photo';
import * as ref from './reference';
import * as admin from './admin';
import * as plans from './plans';
import { generatePlan } from './generate';
import { editRoute } from './edit';
import * as field from './field';
import { qrSheet } from './qr';
import { planReport } from './report';
import * as video from './video';

const IdParams = Type.Object({ id: Id });
const PlanRouteParams = Type.Object({ id: Id, routeId: Id });
const RoundCameraParams = Type.Object({ id: Id, cameraId: Id });
const FieldQuery = Type.Object({ unitId: Type.Optional(Id) }, { additionalProperties: false });
const tags = ['patrol'];

export function patrolRoutes(app: App, ctx: Ctx) {
  // the photo watermark worker (check-ins, task evidence) ends with the app
  app.addHook('onClose', async () => closePhotoPool());
  app.get('/api/patrol/shifts', { schema: { tags, response: { 200: Type.Array(ShiftS) } } }, async (req) => ref.listShifts(ctx, actor(req)));
  app.get('/api/patrol/points', { schema: { tags, querystring: PatrolPointListQuery, response: { 200: Type.Array(PatrolPointS) } } }, async (req) =>
    ref.listPoints(ctx, actor(req), req.query),
  );
  app.post('/api/patrol/points', { schema: { tags, body: CreatePatrolPointBody, response: { 201: PatrolPointS } } }, async (req, reply) =>
    reply.code(201).send(await admin.createPoint(ctx, actor(req), req.body)),
  );
  app.patch('/api/patrol/points/:id', { schema: { tags, params: IdParams, body: UpdatePatrolPointBody, response: { 200: PatrolPointS } } }, async (req) =>
    admin.updatePoint(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/patrol/points/:id/retire', { schema: { tags, description: 'Retire a point (version read); 409 STILL_REFERENCED names the published plans of today or later that use it.', params: IdParams, body: PatrolRetireBody, response: { 200: PatrolPointS } } }, async (req) =>
    admin.retirePoint(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/patrol/points/:id/reactivate', { schema: { tags, params: IdParams, body: VersionBody, response: { 200: PatrolPointS } } }, async (req) =>
    admin.reactivatePoint(ctx, actor(req), req.params.id, req.body.version),
  );
  app.get('/api/patrol/points/qr-sheet', { schema: { tags, description: 'Printable HTML page: one QR code per active point.', querystring: AreaTierQuery } }, async (req, reply) => {
    const html = await qrSheet(ctx, actor(req), req.query, `${req.protocol}://${req.headers.host ?? `${ctx.config.host}:${ctx.config.port}`}`);
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });
  app.get('/api/patrol/lines', { schema: { tags, querystring: PatrolLineListQuery, response: { 200: Type.Array(PatrolLineS) } } }, async (req) => ref.listLines(ctx, actor(req), req.query));
  app.post('/api/patrol/lines', { schema: { tags, body: CreatePatrolLineBody, response: { 201: PatrolLineS } } }, async (req, reply) =>
    reply.code(201).send(await admin.createLine(ctx, actor(req), req.body)),
  );
  app.patch('/api/patrol/lines/:id', { schema: { tags, params: IdParams, body: UpdatePatrolLineBody, response: { 200: PatrolLineS } } }, async (req) =>
    admin.updateLine(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/patrol/lines/:id/retire', { schema: { tags, description: 'Retire a line (version read); 409 STILL_REFERENCED names the published plans of today or later that use it.', params: IdParams, body: PatrolRetireBody, response: { 200: PatrolLineS } } }, async (req) =>
    admin.retireLine(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/patrol/lines/:id/reactivate', { schema: { tags, params: IdParams, body: VersionBody, response: { 200: PatrolLineS } } }, async (req) =>
    admin.reactivateLine(ctx, actor(req), req.params.id, req.body.version),
  );
  app.get('/api/patrol/cameras', { schema: { tags, querystring: AreaTierQuery, response: { 200: Type.Array(CameraS) } } }, async (req) => ref.listCameras(ctx, actor(req), req.query));
  app.put('/api/patrol/forces/:id', { schema: { tags, description: 'Put a unit (id) in a patrol tier with its area and base, or take it out (tier null).', params: IdParams, body: SetPatrolForceBody, response: { 200: Type.Union([PatrolForceS, Type.Null()]) } } }, async (req) =>
    ref.setForce(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/patrol/forces', { schema: { tags, querystring: AreaTierQuery, response: { 200: Type.Array(PatrolForceS) } } }, async (req) => ref.listForces(ctx, actor(req), req.query));

  app.get('/api/patrol/plans', { schema: { tags, querystring: PlanListQuery, response: { 200: Type.Array(PatrolPlanSummaryS) } } }, async (req) => plans.listPlans(ctx, actor(req), req.query));
  app.post('/api/patrol/plans/generate', { schema: { tags, body: GeneratePlanBody, response: { 201: PatrolPlanS } } }, async (req, reply) =>
    reply.code(201).send(await generatePlan(ctx, actor(req), req.body)),
  );
  app.get('/api/patrol/plans/:id', { schema: { tags, params: IdParams, response: { 200: PatrolPlanS } } }, async (req) => plans.getPlan(ctx, actor(req), req.params.id));
  app.get('/api/patrol/plans/:id/candidates', { schema: { tags, params: IdParams, response: { 200: PlanCandidatesS } } }, async (req) => plans.planCandidates(ctx, actor(req), req.params.id));
  app.put('/api/patrol/plans/:id/routes/:routeId', { schema: { tags, params: PlanRouteParams, body: EditRouteBody, response: { 200: PatrolPlanS } } }, async (req) =>
    editRoute(ctx, actor(req), req.params.id, req.params.routeId, req.body),
  );
  app.post('/api/patrol/plans/:id/publish', { schema: { tags, params: IdParams, body: VersionBody, response: { 200: PatrolPlanS } } }, async (req) =>
    plans.publishPlan(ctx, actor(req), req.params.id, req.body.version),
  );
  app.post('/api/patrol/plans/:id/cancel', { schema: { tags, params: IdParams, body: VersionBody, response: { 200: PatrolPlanS } } }, async (req) =>
    plans.cancelPlan(ctx, actor(req), req.params.id, req.body.version),
  );
  app.post('/api/patrol/plans/:id/roll-call', { schema: { tags, params: IdParams, response: { 201: RollCallS } } }, async (req, reply) =>
    reply.code(201).send(await field.rollCall(ctx, actor(req), req.params.id)),
  );
  app.get('/api/patrol/plans/:id/roll-calls', { schema: { tags, params: IdParams, response: { 200: Type.Array(RollCallS) } } }, async (req) => field.listRollCalls(ctx, actor(req), req.params.id));
  app.get('/api/patrol/plans/:id/checkins', { schema: { tags, params: IdParams, response: { 200: Type.Array(CheckinS) } } }, async (req) => field.listCheckins(ctx, actor(req), req.params.id));
  app.get('/api/patrol/plans/:id/report', { schema: { tags, params: IdParams, response: { 200: PatrolReportS } } }, async (req) => planReport(ctx, actor(req), req.params.id));

  app.get('/api/patrol/field', { schema: { tags, querystring: FieldQuery, response: { 200: FieldViewS } } }, async (req) => field.fieldView(ctx, actor(req), req.query));
  // a phone photo as a data URL: up to 3 MB of image, about 4 MB of base64
  app.post('/api/patrol/checkins', { bodyLimit: 4_500_000, schema: { tags, body: CheckinBody, response: { 201: CheckinS } } }, async (req, reply) =>
    reply.code(201).send(await field.checkIn(ctx, actor(req), req.body, clientTime(req))),
  );
  app.get('/api/patrol/photos/:id', { schema: { tags, description: 'A check-in photo; every view is audited.', params: IdParams } }, async (req, reply) => {
    const p = await field.readPhoto(ctx, actor(req), req.params.id, req.ip);
    return reply.header('content-type', p.mime).header('cache-control', 'private, no-store').send(p.bytes);
  });
  app.get('/api/patrol/flags', { schema: { tags, querystring: FlagListQuery, response: { 200: Type.Array(PatrolFlagS) } } }, async (req) => field.listFlags(ctx, actor(req), req.query));
  app.post('/api/patrol/flags/:id/acknowledge', { schema: { tags, params: IdParams, body: VersionBody, response: { 200: PatrolFlagS } } }, async (req) =>
    field.acknowledgeFlag(ctx, actor(req), req.params.id, req.body.version),
  );

  app.get('/api/video/rounds', { schema: { tags: ['video'], querystring: VideoRoundListQuery, response: { 200: Type.Array(VideoRoundS) } } }, async (req) => video.listRounds(ctx, actor(req), req.query));
  app.post('/api/video/rounds', { schema: { tags: ['video'], body: CreateVideoRoundBody, response: { 201: VideoRoundS } } }, async (req, reply) =>
    reply.code(201).send(await video.createRound(ctx, actor(req), req.body)),
  );
  app.get('/api/video/rounds/:id', { schema: { tags: ['video'], params: IdParams, response: { 200: VideoRoundS } } }, async (req) => video.getRound(ctx, actor(req), req.params.id));
  app.post('/api/video/rounds/:id/cameras/:cameraId/check', { schema: { tags: ['video'], params: RoundCameraParams, body: CameraCheckBody, response: { 200: VideoRoundS } } }, async (req) =>
    video.checkCamera(ctx, actor(req), req.params.id, req.params.cameraId, req.body),
  );
}
