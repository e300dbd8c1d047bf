import { Type } from '@sinclair/typebox';
import {
  FraudContactS,
  FraudFollowupBody,
  FraudIntakeBody,
  FraudIntakeResultS,
  FraudListQuery,
  FraudOutcomeBody,
  FraudStatsQuery,
  FraudStatsS,
  FraudWarningIn,
  FraudWarningS,
  Id,
  type FraudFollowupBody as FraudFollowupBodyT,
  type FraudIntakeBody as FraudIntakeBodyT,
  type FraudOutcomeBody as FraudOutcomeBodyT,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import { fieldErrors, makeAjv } from '../../lib/validation';
import { validationError } from '../../lib/errors';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });
const ImportQuery = Type.Object({ source: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }) }, { additionalProperties: false });
const tags = ['fraud'];

export function fraudRoutes(app: App, ctx: Ctx) {
  const id = (req: { params: unknown }) => (req.params as { id: number }).id;
  // CSV bodies arrive as text; the rows are validated like the JSON intake, each field named by row
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  const checkRow = makeAjv(false).compile(FraudWarningIn);

  app.post('/api/fraud/warnings', { schema: { tags, description: 'Warnings from the anti-fraud centre: each accepted (routed to the grid officer with a deadline) or rejected with a reason.', body: FraudIntakeBody, response: { 200: FraudIntakeResultS } } }, async (req) =>
    svc.intake(ctx, actor(req), req.body as FraudIntakeBodyT),
  );
  app.post('/api/fraud/warnings/import', { schema: { tags, description: 'The same intake as a CSV file (content-type text/csv) with the JSON field names as header.', querystring: ImportQuery, response: { 200: FraudIntakeResultS } } }, async (req) => {
    if (typeof req.body !== 'string') throw validationError([{ field: '/', message: 'send the CSV as text/csv' }]);
    const rows = svc.parseWarningsCsv(req.body);
    rows.forEach((r, i) => {
      if (!checkRow(r)) throw validationError(fieldErrors(checkRow.errors ?? [], 'body').map((e) => ({ ...e, field: `/rows/${i + 1}${e.field}` })));
    });
    return svc.intake(ctx, actor(req), { source: (req.query as { source: string }).source, warnings: rows });
  });
  app.get('/api/fraud/warnings', { schema: { tags, querystring: FraudListQuery, response: { 200: Type.Array(FraudWarningS) } } }, async (req) => svc.listWarnings(ctx, actor(req), req.query as Record<string, never>));
  app.get('/api/fraud/warnings/:id', { schema: { tags, params: IdParams, response: { 200: FraudWarningS } } }, async (req) => svc.getWarning(ctx, actor(req), id(req)));
  app.get('/api/fraud/warnings/:id/contact', { schema: { tags, description: 'Clear name and phone of the person warned; every read is audited.', params: IdParams, response: { 200: FraudContactS } } }, async (req) =>
    svc.readContact(ctx, actor(req), id(req), req.ip),
  );
  app.post('/api/fraud/warnings/:id/outcome', { schema: { tags, params: IdParams, body: FraudOutcomeBody, response: { 200: FraudWarningS } } }, async (req) =>
    svc.recordOutcome(ctx, actor(req), id(req), req.body as FraudOutcomeBodyT),
  );
  app.post('/api/fraud/warnings/:id/followup', { schema: { tags, params: IdParams, body: FraudFollowupBody, response: { 200: FraudWarningS } } }, async (req) =>
    svc.recordFollowup(ctx, actor(req), id(req), req.body as FraudFollowupBodyT),
  );
  app.get('/api/stats/fraud', { schema: { tags, querystring: FraudStatsQuery, response: { 200: FraudStatsS } } }, async (req) => svc.fraudStats(ctx, actor(req), req.query as Record<string, never>));
}
