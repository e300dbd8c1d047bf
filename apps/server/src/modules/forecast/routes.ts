import { Type } from '@sinclair/typebox';
import { ForecastLayerQuery, ForecastLayerS, ForecastRunBody, ForecastRunS, Id } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const tags = ['forecast'];
const RunsQuery = Type.Object({ districtId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false });

export function forecastRoutes(app: App, ctx: Ctx) {
  app.post('/api/forecast/runs', { schema: { tags, description: "Makes (or remakes) a district's forecast for a date: the model is chosen on the last 28 days of the training data.", body: ForecastRunBody, response: { 200: ForecastRunS } } }, async (req) =>
    svc.runForecast(ctx, actor(req), req.body, 'demand'),
  );
  app.get('/api/forecast/runs', { schema: { tags, querystring: RunsQuery, response: { 200: Type.Array(ForecastRunS) } } }, async (req) => svc.listRuns(ctx, actor(req), req.query));
  app.get('/api/forecast/layer', { schema: { tags, description: 'The top cells of the forecast for an area (a district or inside one), a date and a shift (absent: the whole day).', querystring: ForecastLayerQuery, response: { 200: ForecastLayerS } } }, async (req) =>
    svc.forecastLayer(ctx, actor(req), req.query),
  );
}
