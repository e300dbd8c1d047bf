// Reading and listing reports. A user reads the reports of the area they work in and of the areas around it (the
// monthly analysis of their station's district); any other report answers 404 REPORT_NOT_FOUND, so that its
// existence does not leak.
import type { Report, ReportContent, ReportKind, ReportSummary } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso, isoN, json } from '../../lib/format';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { areaName } from './common';
import * as repo from './repo';

/** A date column as YYYY-MM-DD (PGlite gives a Date at UTC midnight, node-postgres a Date or a string). */
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

function summaryOf(ctx: Ctx, r: repo.ReportRow): ReportSummary {
  return {
    id: r.id,
    kind: r.kind,
    areaId: r.area_id,
    areaName: areaName(ctx, r.area_id),
    periodStart: day(r.period_start),
    periodEnd: day(r.period_end),
    trigger: r.trigger,
    version: r.version,
    generatedAt: iso(r.generated_at),
    generatedBy: r.generated_by,
    pushedAt: isoN(r.pushed_at),
    pushedTo: r.pushed_to,
  };
}

function canRead(ctx: Ctx, actor: Actor, areaId: number): boolean {
  const tree = ctx.areas.tree();
  // reports of the area the user works in, and of the district around their station (the monthly analysis)
  return inScope(actor, tree, [areaId]) || (actor.scopeAreaId !== null && tree.within(actor.scopeAreaId, areaId));
}

/** The stored snapshot of a report the actor may read (404 REPORT_NOT_FOUND otherwise). */
export async function getReport(ctx: Ctx, actor: Actor, id: number): Promise<Report> {
  authorize(actor, 'report.read');
  const r = await repo.findReport(ctx.db, id);
  if (!r || !canRead(ctx, actor, r.area_id)) throw new AppError('REPORT_NOT_FOUND');
  return { ...summaryOf(ctx, r), content: json<ReportContent>(r.content) };
}

export async function listReports(ctx: Ctx, actor: Actor, q: { kind?: ReportKind; areaId?: number; limit?: number }): Promise<ReportSummary[]> {
  authorize(actor, 'report.read');
  const tree = ctx.areas.tree();
  const scope = scopeIds(actor, tree);
  const around = scope && actor.scopeAreaId !== null ? tree.ancestors(actor.scopeAreaId).map((a) => a.id) : [];
  const rows = await repo.listReports(ctx.db, { kind: q.kind, areaId: q.areaId, areaIds: scope ? [...scope, ...around] : null, limit: q.limit ?? 50 });
  return rows.map((r) => summaryOf(ctx, r));
}
