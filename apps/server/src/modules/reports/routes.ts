import { Type } from '@sinclair/typebox';
import { GenerateReportBody, Id, ReportListQuery, ReportS, ReportSummaryS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';
import { closeExportPool, type ExportFormat } from './exporting';

const tags = ['reports'];
const IdParams = Type.Object({ id: Id });

export function reportRoutes(app: App, ctx: Ctx) {
  app.addHook('onClose', async () => closeExportPool(ctx));
  app.get('/api/reports', { schema: { tags, querystring: ReportListQuery, response: { 200: Type.Array(ReportSummaryS) } } }, async (req) => svc.listReports(ctx, actor(req), req.query));
  app.post('/api/reports', { schema: { tags, description: 'Makes a report (daily and weekly: a station; monthly: a district) for the period holding `date` (default: the last complete one), and pushes it to its audience.', body: GenerateReportBody, response: { 200: ReportS } } }, async (req) =>
    svc.generateReport(ctx, actor(req), req.body),
  );
  app.get('/api/reports/:id', { schema: { tags, params: IdParams, response: { 200: ReportS } } }, async (req) => svc.getReport(ctx, actor(req), req.params.id));
  const exportRoute = (format: ExportFormat, description: string) =>
    app.get(`/api/reports/:id/export.${format}`, { schema: { tags, params: IdParams, description } }, async (req, reply) => {
      const f = await svc.exportReport(ctx, actor(req), req.params.id, format, req.ip);
      return reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`).send(f.bytes);
    });
  exportRoute('pdf', 'The report as a PDF (A4, charts included), rendered in a worker thread; 503 EXPORT_BUSY when too many exports wait.');
  exportRoute('xlsx', 'The report as an Excel workbook: a summary sheet and one sheet per table or chart; rendered in a worker thread; 503 EXPORT_BUSY when too many exports wait.');
}
