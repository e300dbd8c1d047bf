import { Type } from '@sinclair/typebox';
import { Id, SimRunBody, SimRunS, SimRunSummaryS, SimRunsQuery } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const tags = ['sim'];

export function simRoutes(app: App, ctx: Ctx) {
  app.addHook('onReady', async () => {
    await svc.failInterruptedRuns(ctx);
  });
  app.addHook('onClose', async () => svc.closeSimPool(ctx));
  app.post(
    '/api/sim/runs',
    {
      schema: {
        tags,
        description: "Replays an area's past calls under the chosen policies (改革推演). Answers at once with the saved run (status queued); the simulation runs in a worker thread, poll GET /api/sim/runs/:id.",
        body: SimRunBody,
        response: { 202: SimRunS },
      },
    },
    async (req, reply) => reply.code(202).send(await svc.startRun(ctx, actor(req), req.body)),
  );
  app.get('/api/sim/runs', { schema: { tags, description: 'Saved runs of areas in scope, newest first (without results).', querystring: SimRunsQuery, response: { 200: Type.Array(SimRunSummaryS) } } }, async (req) => svc.listRuns(ctx, actor(req), req.query));
  app.get('/api/sim/runs/:id', { schema: { tags, params: Type.Object({ id: Id }), response: { 200: SimRunS } } }, async (req) => svc.getRun(ctx, actor(req), req.params.id));
}
