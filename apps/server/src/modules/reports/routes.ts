import { Type } from '@sinclair/typebox';
import { GenerateReportBody, Id, ReportListQuery, ReportS, ReportSummaryS, type GenerateReportBody as GenerateReportBodyT, type ReportKind } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import { audit } from '../audit/service';
import * as svc from './service';
import { reportPdf, reportXlsx } from './export';

const tags = ['reports'];
const IdParams = Type.Object({ id: Id });

export function reportRoutes(app: App, ctx: Ctx) {
  const id = (req: { params: unknown }) => (req.params as { id: number }).id;
  app.get('/api/reports', { schema: { tags, querystring: ReportListQuery, response: { 200: Type.Array(ReportSummaryS) } } }, async (req) =>
    svc.listReports(ctx, actor(req), req.query as { kind?: ReportKind; areaId?: number; limit?: number }),
  );
  app.post('/api/reports', { schema: { tags, description: 'Makes a report (daily and weekly: a station; monthly: a district) for the period holding `date` (default: the last complete one), and pushes it to its audience.', body: GenerateReportBody, response: { 200: ReportS } } }, async (req) =>
    svc.generateReport(ctx, actor(req), req.body as GenerateReportBodyT),
  );
  app.get('/api/reports/:id', { schema: { tags, params: IdParams, response: { 200: ReportS } } }, async (req) => svc.getReport(ctx, actor(req), id(req)));
  const fileName = (r: { kind: string; areaName: string; periodStart: string }, ext: string) => encodeURIComponent(`${r.areaName}-${r.kind}-${r.periodStart}.${ext}`);
  app.get('/api/reports/:id/export.pdf', { schema: { tags, params: IdParams, description: 'The report as a PDF (A4, charts included).' } }, async (req, reply) => {
    const a = actor(req);
    const r = await svc.getReport(ctx, a, id(req));
    const pdf = await reportPdf(r, ctx.config.utcOffsetMinutes);
    await audit(ctx.db, a, 'report.export', 'report', String(r.id), { format: 'pdf' }, req.ip);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename*=UTF-8''${fileName(r, 'pdf')}`).send(pdf);
  });
  app.get('/api/reports/:id/export.xlsx', { schema: { tags, params: IdParams, description: 'The report as an Excel workbook: a summary sheet and one sheet per table or chart.' } }, async (req, reply) => {
    const a = actor(req);
    const r = await svc.getReport(ctx, a, id(req));
    const x = await reportXlsx(r);
    await audit(ctx.db, a, 'report.export', 'report', String(r.id), { format: 'xlsx' }, req.ip);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${fileName(r, 'xlsx')}`)
      .send(x);
  });
}
