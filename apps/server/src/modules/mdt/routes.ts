// The field terminal's API: the caller's live assignments, acknowledgement, status from the phone, the route and
// the caller's clear number (audited) for members of the assigned unit; the command room's acknowledgement view.
import { Type } from '@sinclair/typebox';
import { Id, MdtAckBody, MdtAckStateS, MdtAssignmentS, MdtContactS, MdtPhotoS, MdtRemarkBody, MdtRemarkS, MdtRouteS, MdtStatusBody } from '@jingwang/contracts';
import { clientTime } from '../../lib/fieldtime';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });

export function mdtRoutes(app: App, ctx: Ctx) {
  app.get('/api/mdt/assignments', { schema: { tags: ['mdt'], description: "The caller's live assignments (units they are a member of).", response: { 200: Type.Array(MdtAssignmentS) } } }, async (req) =>
    svc.myAssignments(ctx, actor(req)),
  );
  app.get('/api/mdt/assignments/:id', { schema: { tags: ['mdt'], params: IdParams, response: { 200: MdtAssignmentS } } }, async (req) =>
    svc.getAssignment(ctx, actor(req), req.params.id),
  );
  app.post(
    '/api/mdt/assignments/:id/ack',
    { schema: { tags: ['mdt'], description: '收到: idempotent (a second acknowledgement or a replay changes nothing).', params: IdParams, body: MdtAckBody, response: { 200: MdtAssignmentS } } },
    async (req) => svc.acknowledge(ctx, actor(req), req.params.id, req.body, clientTime(req)),
  );
  app.post(
    '/api/mdt/assignments/:id/status',
    { schema: { tags: ['mdt'], description: "出发 / 到达 / 处置完毕: the incident's transition; a status already reached changes nothing.", params: IdParams, body: MdtStatusBody, response: { 200: MdtAssignmentS } } },
    async (req) => svc.reportStatus(ctx, actor(req), req.params.id, req.body, clientTime(req)),
  );
  app.post(
    '/api/mdt/assignments/:id/remarks',
    {
      bodyLimit: 18_500_000,
      schema: { tags: ['mdt'], description: 'A remark from the scene with up to 4 photos (watermarked); X-Client-Time: the real time of a queued remark (补传 when late).', params: IdParams, body: MdtRemarkBody, response: { 200: MdtRemarkS } },
    },
    async (req) => svc.sceneRemark(ctx, actor(req), req.params.id, req.body, clientTime(req)),
  );
  app.get('/api/mdt/photos/:id', { schema: { tags: ['mdt'], description: 'A photo from the scene; every view is audited.', params: IdParams } }, async (req, reply) => {
    const p = await svc.readPhoto(ctx, actor(req), req.params.id, req.ip);
    return reply.header('content-type', p.mime).header('cache-control', 'private, no-store').send(p.bytes);
  });
  app.get('/api/mdt/assignments/:id/route', { schema: { tags: ['mdt'], params: IdParams, response: { 200: MdtRouteS } } }, async (req) => svc.route(ctx, actor(req), req.params.id));
  app.get(
    '/api/mdt/assignments/:id/contact',
    { schema: { tags: ['mdt'], description: "The caller's clear name and phone for a member of the assigned unit; every read is audited.", params: IdParams, response: { 200: MdtContactS } } },
    async (req) => svc.contact(ctx, actor(req), req.params.id, req.ip),
  );
  app.get(
    '/api/incidents/:id/photos',
    { schema: { tags: ['mdt'], description: 'The scene photos of an incident (who, receipt and EXIF time, gallery mark), oldest first; the bytes at /api/mdt/photos/:id.', params: IdParams, response: { 200: Type.Array(MdtPhotoS) } } },
    async (req) => svc.incidentPhotos(ctx, actor(req), req.params.id),
  );
  app.get('/api/incidents/:id/mdt', { schema: { tags: ['mdt'], description: 'Per unit on the incident: sent to whom, acknowledged by whom and when.', params: IdParams, response: { 200: Type.Array(MdtAckStateS) } } }, async (req) =>
    svc.incidentAcks(ctx, actor(req), req.params.id),
  );
}
