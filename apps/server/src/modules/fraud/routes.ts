import { Type } from '@sinclair/typebox';
import { FraudContactS, FraudFollowupBody, FraudIntakeBody, FraudIntakeResultS, FraudListQuery, FraudOutcomeBody, FraudStatsQuery, FraudStatsS, FraudWarningS, Id } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import { validationError } from '../../lib/errors';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });
const ImportQuery = Type.Object({ source: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }) }, { additionalProperties: false });
const tags = ['fraud'];
const intakeDoc = 'All or nothing: a field at fault refuses the whole batch (400 naming /warnings/<i>/<field>) and writes nothing; otherwise each warning is accepted (routed to the grid officer with a deadline) or rejected with a reason.';

export function fraudRoutes(app: App, ctx: Ctx) {
  // CSV bodies arrive as bytes: the intake reads UTF-8 (with or without BOM) or else GBK
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.post('/api/fraud/warnings', { schema: { tags, description: `Warnings from the anti-fraud centre. ${intakeDoc}`, body: FraudIntakeBody, response: { 200: FraudIntakeResultS } } }, async (req) =>
    svc.intake(ctx, actor(req), req.body),
  );
  app.post('/api/fraud/warnings/import', { schema: { tags, description: 'The same intake as a CSV file (content-type text/csv, UTF-8 with or without BOM, or GBK), the header in the JSON field names or in Chinese (外部编号, 诈骗类型, 姓名, 电话, 地址, 经度, 纬度, 涉案金额, 预警时间), times as ISO 8601 or local "2026-12-07 07:30:00". Per row: the good rows are taken, each written whole or not at all; each bad one is listed in invalidRows with its row (from 1 after the header), column, value and reason in Chinese. The file is refused (400 INVALID_CSV) only when unreadable, empty or without a required column.', querystring: ImportQuery, response: { 200: FraudIntakeResultS } } }, async (req) => {
    if (!Buffer.isBuffer(req.body)) throw validationError([{ field: '/', message: 'send the CSV as text/csv' }]);
    return svc.importCsv(ctx, actor(req), req.query.source, req.body);
  });
  app.get('/api/fraud/warnings', { schema: { tags, querystring: FraudListQuery, response: { 200: Type.Array(FraudWarningS) } } }, async (req) => svc.listWarnings(ctx, actor(req), req.query));
  app.get('/api/fraud/warnings/:id', { schema: { tags, description: 'A warning outside the caller\'s tasks or scope is 404, like one that does not exist.', params: IdParams, response: { 200: FraudWarningS } } }, async (req) =>
    svc.getWarning(ctx, actor(req), req.params.id),
  );
  app.get('/api/fraud/warnings/:id/contact', { schema: { tags, description: 'Clear name and phone of the person warned; every read is audited.', params: IdParams, response: { 200: FraudContactS } } }, async (req) =>
    svc.readContact(ctx, actor(req), req.params.id, req.ip),
  );
  app.post('/api/fraud/warnings/:id/outcome', { schema: { tags, params: IdParams, body: FraudOutcomeBody, response: { 200: FraudWarningS } } }, async (req) =>
    svc.recordOutcome(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/fraud/warnings/:id/followup', { schema: { tags, params: IdParams, body: FraudFollowupBody, response: { 200: FraudWarningS } } }, async (req) =>
    svc.recordFollowup(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/stats/fraud', { schema: { tags, querystring: FraudStatsQuery, response: { 200: FraudStatsS } } }, async (req) => svc.fraudStats(ctx, actor(req), req.query));
}
