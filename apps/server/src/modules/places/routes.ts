// Key places (重点部位) and cameras (视频点位): list (retired ones on request), one, its history, create, edit, retire.
import { Type } from '@sinclair/typebox';
import {
  CameraBody,
  CameraPatch,
  CameraRecordS,
  IdParams,
  KeyPlaceBody,
  KeyPlacePatch,
  KeyPlaceS,
  PlaceChangeS,
  PlaceRetireBody,
  PlacesQuery,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const scopeNote = 'Every police role reads those of its area; admins write all, station leads those in their station (another station\'s is 404; a point outside it 403 OUT_OF_SCOPE; outside every station 422 OUTSIDE_JURISDICTION on /lon).';

export function placeRoutes(app: App, ctx: Ctx) {
  let tags = ['key places'];
  app.get('/api/key-places', { schema: { tags, description: `Key places (重点部位), active ones first; \`retired=true\` adds the retired ones. ${scopeNote}`, querystring: PlacesQuery, response: { 200: Type.Array(KeyPlaceS) } } }, async (req) =>
    svc.listKeyPlaces(ctx, actor(req), req.query),
  );
  app.get('/api/key-places/:id', { schema: { tags, params: IdParams, response: { 200: KeyPlaceS } } }, async (req) => svc.getKeyPlace(ctx, actor(req), req.params.id));
  app.get('/api/key-places/:id/history', { schema: { tags, description: 'Its changes from the audit log, newest first: who, when, the fields before and after, the reason of a retirement.', params: IdParams, response: { 200: Type.Array(PlaceChangeS) } } }, async (req) =>
    svc.keyPlaceHistory(ctx, actor(req), req.params.id),
  );
  app.post('/api/key-places', { schema: { tags, description: `A new key place: its station from the point; radius 10-2000 m, target 30-3600 s; \`409 DUPLICATE_CODE\` on /code. ${scopeNote}`, body: KeyPlaceBody, response: { 200: KeyPlaceS } } }, async (req) =>
    svc.createKeyPlace(ctx, actor(req), req.body),
  );
  app.patch('/api/key-places/:id', { schema: { tags, description: 'Edit with the version read (409 STALE_VERSION); a retired place is 409 INVALID_TRANSITION. Incidents keep the target they had when reported.', params: IdParams, body: KeyPlacePatch, response: { 200: KeyPlaceS } } }, async (req) =>
    svc.updateKeyPlace(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/key-places/:id/retire', { schema: { tags, description: 'Retire with a reason (never deleted); refused with 409 STILL_REFERENCED (details: openIncidents, incidents) while incidents that took their target from it are open. New incidents inside it no longer get its target.', params: IdParams, body: PlaceRetireBody, response: { 200: KeyPlaceS } } }, async (req) =>
    svc.retireKeyPlace(ctx, actor(req), req.params.id, req.body),
  );

  tags = ['cameras'];
  app.get('/api/cameras', { schema: { tags, description: `Cameras (视频点位), active ones first; \`retired=true\` adds the retired ones. ${scopeNote}`, querystring: PlacesQuery, response: { 200: Type.Array(CameraRecordS) } } }, async (req) =>
    svc.listCameraRecords(ctx, actor(req), req.query),
  );
  app.get('/api/cameras/:id', { schema: { tags, params: IdParams, response: { 200: CameraRecordS } } }, async (req) => svc.getCamera(ctx, actor(req), req.params.id));
  app.get('/api/cameras/:id/history', { schema: { tags, description: 'Its changes from the audit log, newest first.', params: IdParams, response: { 200: Type.Array(PlaceChangeS) } } }, async (req) =>
    svc.cameraHistory(ctx, actor(req), req.params.id),
  );
  app.post('/api/cameras', { schema: { tags, description: `A new camera: its station from the point; \`viewUrl\` http(s) only, no credentials; \`409 DUPLICATE_CODE\` on /code. ${scopeNote}`, body: CameraBody, response: { 200: CameraRecordS } } }, async (req) =>
    svc.createCamera(ctx, actor(req), req.body),
  );
  app.patch('/api/cameras/:id', { schema: { tags, description: 'Edit with the version read (409 STALE_VERSION); a retired camera is 409 INVALID_TRANSITION.', params: IdParams, body: CameraPatch, response: { 200: CameraRecordS } } }, async (req) =>
    svc.updateCamera(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/cameras/:id/retire', { schema: { tags, description: 'Retire with a reason (never deleted); refused with 409 STILL_REFERENCED (details: openRounds, videoRounds) while a video round that is not done includes it. New rounds take only active cameras.', params: IdParams, body: PlaceRetireBody, response: { 200: CameraRecordS } } }, async (req) =>
    svc.retireCamera(ctx, actor(req), req.params.id, req.body),
  );
}
