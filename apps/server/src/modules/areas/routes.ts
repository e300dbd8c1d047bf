import { Type } from '@sinclair/typebox';
import { AreaGeoJsonQuery, AreaHistoryS, AreaResponseTargetBody, AreaImportPreviewS, AreaImportResultS, AreaKindS, AreaListQuery, AreaS, Id, LocateQuery, LocateResultS, RecutBody, RecutResultS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, sendJsonText, type App } from '../../lib/http';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });

export function areaRoutes(app: App, ctx: Ctx) {
  app.get('/api/areas', { schema: { tags: ['areas'], querystring: AreaListQuery, response: { 200: Type.Array(AreaS) } } }, async (req) => svc.listAreas(ctx, actor(req), req.query));

  app.get('/api/areas/geojson', { schema: { tags: ['areas'], querystring: AreaGeoJsonQuery } }, async (req, reply) =>
    sendJsonText(reply, await svc.areasGeoJson(ctx, actor(req), req.query)),
  );

  app.get('/api/areas/export', { schema: { tags: ['areas'], querystring: Type.Object({ kind: Type.Optional(AreaKindS) }, { additionalProperties: false }) } }, async (req, reply) => {
    const text = await svc.exportAreas(ctx, actor(req), req.query.kind);
    reply.header('content-disposition', `attachment; filename="areas${req.query.kind ? '-' + req.query.kind : ''}.geojson"`);
    return sendJsonText(reply, text);
  });

  app.get('/api/areas/:id', { schema: { tags: ['areas'], params: IdParams, response: { 200: AreaS } } }, async (req) => svc.getArea(ctx, actor(req), req.params.id));

  app.get('/api/areas/:id/history', { schema: { tags: ['areas'], params: IdParams, response: { 200: AreaHistoryS } } }, async (req) =>
    svc.areaHistory(ctx, actor(req), req.params.id),
  );

  app.post(
    '/api/areas/import',
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags: ['areas'],
        description: 'GeoJSON FeatureCollection; each feature has properties { code, name, kind, parentCode? } and a Polygon or MultiPolygon.',
        body: Type.Object({ type: Type.String() }, { additionalProperties: true }),
        response: { 200: AreaImportResultS },
      },
    },
    async (req) => svc.importAreas(ctx, actor(req), req.body),
  );

  app.post(
    '/api/areas/import/preview',
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags: ['areas'],
        description:
          'The same body as POST /api/areas/import, checked the same way (bad input is the same 4xx), nothing written: per feature new / unchanged / differs and its parent; per parent and kind the overlaps between siblings, the gaps and the children outside their parent, with geometry and m² (slivers under 0.01 % of the parent, at least 1 m², left out).',
        body: Type.Object({ type: Type.String() }, { additionalProperties: true }),
        response: { 200: AreaImportPreviewS },
      },
    },
    async (req) => svc.previewImport(ctx, actor(req), req.body),
  );

  app.put(
    '/api/areas/:id/response-target',
    { schema: { tags: ['areas'], description: 'Set (60-3600 s) or clear (null) the response target of a live area, with the version read; leads in their own area. Audited.', params: IdParams, body: AreaResponseTargetBody, response: { 200: AreaS } } },
    async (req) => svc.setResponseTarget(ctx, actor(req), req.params.id, req.body),
  );

  app.post('/api/areas/recut', { schema: { tags: ['areas'], body: RecutBody, response: { 200: RecutResultS } } }, async (req) => svc.recut(ctx, actor(req), req.body));

  app.get('/api/locate', { schema: { tags: ['areas'], querystring: LocateQuery, response: { 200: LocateResultS } } }, async (req) =>
    svc.locateForUser(ctx, actor(req), req.query.lon, req.query.lat),
  );

  app.get('/api/roads/geojson', { schema: { tags: ['areas'] } }, async (req, reply) => {
    const text = await svc.roadsGeoJson(ctx, actor(req));
    reply.header('cache-control', 'private, max-age=300');
    return sendJsonText(reply, text);
  });
}
