// Excel as the exchange format (issue 12 part 4): template, preview, apply and export per kind.
import { ExchangeExportQuery, ExchangeParams, ExchangeResultS, ExchangeTemplateQuery, ExchangeUploadBody, EXCHANGE_KIND_LABELS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import { authorize } from '../auth/policy';
import { KINDS } from './kinds';
import { exportFile, run, template } from './service';

const tags = ['exchange'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const upload = 'The file in base64: .xlsx (by its name) or CSV in UTF-8 (with or without BOM) or GBK (a file in neither is 400 IMPORT_ENCODING). Headers in Chinese or English; Excel dates as date cells or serial numbers.';

export function exchangeRoutes(app: App, ctx: Ctx) {
  app.get('/api/exchange/:kind/template', { schema: { tags, description: 'The import template: .xlsx with Chinese headers (required ones marked *) and a 说明 sheet with each column\'s rule, or CSV (UTF-8 with BOM).', params: ExchangeParams, querystring: ExchangeTemplateQuery } }, async (req, reply) => {
    const def = KINDS[req.params.kind];
    authorize(actor(req), def.read);
    const format = req.query.format ?? 'xlsx';
    const bytes = await template(def, format);
    const name = `${EXCHANGE_KIND_LABELS[req.params.kind].zh}导入模板.${format}`;
    return reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`).send(bytes);
  });
  app.post('/api/exchange/:kind/preview', { bodyLimit: 15 * 1024 * 1024, schema: { tags, description: `Checks every row through the administration's own rules in a transaction that is rolled back; per row what would be created, updated or left unchanged, and each bad cell (row, column, value, code, reason in Chinese). Writes nothing. ${upload}`, params: ExchangeParams, body: ExchangeUploadBody, response: { 200: ExchangeResultS } } }, async (req) =>
    run(ctx, actor(req), req.params.kind, KINDS[req.params.kind], req.body, false),
  );
  app.post('/api/exchange/:kind/apply', { bodyLimit: 15 * 1024 * 1024, schema: { tags, description: `Applies the file in ONE transaction, all rows or none: any bad cell is 422 IMPORT_REJECTED (details: the preview's result) and nothing is written. Audited (exchange.applied and each record's own entry). ${upload}`, params: ExchangeParams, body: ExchangeUploadBody, response: { 200: ExchangeResultS } } }, async (req) =>
    run(ctx, actor(req), req.params.kind, KINDS[req.params.kind], req.body, true),
  );
  app.get('/api/exchange/:kind/export', { schema: { tags, description: 'The list in the caller\'s scope as .xlsx with the template\'s columns (re-imports to no change); phones masked. Audited.', params: ExchangeParams, querystring: ExchangeExportQuery } }, async (req, reply) => {
    const bytes = await exportFile(ctx, actor(req), req.params.kind, KINDS[req.params.kind], req.query);
    const name = `${EXCHANGE_KIND_LABELS[req.params.kind].zh}.xlsx`;
    return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`).send(bytes);
  });
}
