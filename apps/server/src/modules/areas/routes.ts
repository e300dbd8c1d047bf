import { Type, type Static } from '@sinclair/typebox';
import {
  AreaGeoJsonQuery,
  AreaHistoryS,
  AreaImportResultS,
  AreaKindS,
  AreaListQuery,
  AreaS,
  AREA_KINDS,
  Id,
  LocateQuery,
  LocateResultS,
  RecutBody,
  RecutResultS,
  type AreaKind,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, sendJsonText, type App } from '../../lib/http';
import { AppError, validationError } from '../../lib/errors';
import { authorize, inScope } from '../auth/policy';
import * as repo from './repo';
import { exportAreas, importAreas, locatePoint, recut, scopedAreaIds } from './service';

const IdParams = Type.Object({ id: Id });

export function areaRoutes(app: App, ctx: Ctx) {
  app.get('/api/areas', { schema: { tags: ['areas'], querystring: AreaListQuery, response: { 200: Type.Array(AreaS) } } }, async (req) => {
    const a = actor(req);
    authorize(a, 'area.read');
    const q = req.query as Static<typeof AreaListQuery>;
    return repo.listAreas(ctx.db, {
      kind: q.kind,
      at: q.at ?? ctx.clock.now().toISOString(),
      includeRetired: q.includeRetired ?? false,
      ids: scopedAreaIds(ctx, a),
    });
  });

  app.get('/api/areas/geojson', { schema: { tags: ['areas'], querystring: AreaGeoJsonQuery } }, async (req, reply) => {
    const a = actor(req);
    authorize(a, 'area.read');
    const q = req.query as Static<typeof AreaGeoJsonQuery>;
    let kinds: AreaKind[] | null = null;
    if (q.kinds) {
      kinds = q.kinds.split(',') as AreaKind[];
      const bad = kinds.find((k) => !(AREA_KINDS as readonly string[]).includes(k));
      if (bad) throw validationError([{ field: '/kinds', message: `unknown kind ${bad}` }]);
    }
    return sendJsonText(reply, await repo.areasGeoJson(ctx.db, kinds, q.at ?? ctx.clock.now().toISOString(), scopedAreaIds(ctx, a)));
  });

  app.get('/api/areas/export', { schema: { tags: ['areas'], querystring: Type.Object({ kind: Type.Optional(AreaKindS) }, { additionalProperties: false }) } }, async (req, reply) => {
    const q = req.query as { kind?: AreaKind };
    reply.header('content-disposition', `attachment; filename="areas${q.kind ? '-' + q.kind : ''}.geojson"`);
    return sendJsonText(reply, await exportAreas(ctx, actor(req), q.kind));
  });

  app.get('/api/areas/:id', { schema: { tags: ['areas'], params: IdParams, response: { 200: AreaS } } }, async (req) => {
    const a = actor(req);
    authorize(a, 'area.read');
    const { id } = req.params as { id: number };
    const area = await repo.getArea(ctx.db, id);
    const visible = scopedAreaIds(ctx, a);
    if (!area || (visible && !visible.includes(id))) throw new AppError('AREA_NOT_FOUND', `Area ${id} not found`, { field: '/id' });
    return area;
  });

  app.get('/api/areas/:id/history', { schema: { tags: ['areas'], params: IdParams, response: { 200: AreaHistoryS } } }, async (req) => {
    const a = actor(req);
    authorize(a, 'area.read');
    const { id } = req.params as { id: number };
    const visible = scopedAreaIds(ctx, a);
    if (!ctx.areas.tree().get(id) || (visible && !visible.includes(id))) throw new AppError('AREA_NOT_FOUND', `Area ${id} not found`, { field: '/id' });
    return repo.areaHistory(ctx.db, id);
  });

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
    async (req) => importAreas(ctx, actor(req), req.body),
  );

  app.post('/api/areas/recut', { schema: { tags: ['areas'], body: RecutBody, response: { 200: RecutResultS } } }, async (req) =>
    recut(ctx, actor(req), req.body as RecutBody),
  );

  app.get('/api/locate', { schema: { tags: ['areas'], querystring: LocateQuery, response: { 200: LocateResultS } } }, async (req) => {
    const a = actor(req);
    const { lon, lat } = req.query as { lon: number; lat: number };
    const r = await locatePoint(ctx, a, lon, lat);
    const ids = Object.values(r.areas).map((x) => x?.id ?? null);
    if (!inScope(a, ctx.areas.tree(), ids) && ids.some((x) => x !== null)) {
      // outside the user's area: say which areas, but not who is responsible there
      return { ...r, officer: null, gridWorker: null };
    }
    return r;
  });

  app.get('/api/roads/geojson', { schema: { tags: ['areas'] } }, async (req, reply) => {
    authorize(actor(req), 'area.read');
    reply.header('cache-control', 'private, max-age=300');
    return sendJsonText(reply, await repo.roadsGeoJson(ctx.db));
  });
}
