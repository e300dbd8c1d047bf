// Analysis reports, kept as snapshots: the daily reminder (日提醒) per station, the weekly analysis (周研判) per station,
// the monthly analysis (月分析) per district. Made by the nightly job for the last complete period and on demand for
// any period; each is pushed as a notification to its audience (docs/reports.md says who). Counts are of incidents
// as they were located when they happened (incidents.area_ids), cancelled ones left out; days are local days.
//
// The module: builders in daily.ts, weekly.ts, monthly.ts (shared helpers in common.ts), reading and listing in
// reading.ts, exports in exporting.ts (rendered by export.ts in worker threads), all SQL in repo.ts; this file makes,
// stores and pushes reports.
import type { GenerateReportBody, Report, ReportKind } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { SYSTEM_ACTOR, authorize, inScope, type Actor } from '../auth/policy';
import { notify } from '../notifications/service';
import { localDate } from '../patrol/reference';
import { AUDIENCE, KIND_AREA, periodOf, dateMs, toDate } from './common';
import { buildDaily } from './daily';
import { buildMonthly } from './monthly';
import { getReport } from './reading';
import * as repo from './repo';
import { buildWeekly } from './weekly';

export { BASELINE_WEEKS, periodOf } from './common';
export { getReport, listReports } from './reading';
export { exportReport, exportPoolStats } from './exporting';

/** Users a report is pushed to (see AUDIENCE in common.ts). */
export async function audienceOf(ctx: Ctx, kind: ReportKind, areaId: number): Promise<number[]> {
  const inside = ctx.areas.tree().descendantsAndSelf(areaId);
  if (kind === 'daily') return repo.dailyAudience(ctx.db, inside);
  if (kind === 'weekly') return repo.usersByRole(ctx.db, ['station_lead', 'officer'], inside);
  return repo.usersByRole(ctx.db, ['district_lead'], inside);
}

function checkArea(ctx: Ctx, kind: ReportKind, areaId: number): void {
  const node = ctx.areas.tree().get(areaId);
  if (!node) throw new AppError('AREA_NOT_FOUND', `Area ${areaId} not found`, { field: '/areaId' });
  if (node.kind !== KIND_AREA[kind]) throw new AppError('WRONG_AREA_KIND', `A ${kind} report is made for a ${KIND_AREA[kind]}, not a ${node.kind}`, { field: '/areaId', expected: KIND_AREA[kind] });
}

/** Makes (or remakes, as a new version) the report of a period and pushes it to its audience when asked. */
export async function generateReport(ctx: Ctx, actor: Actor, b: GenerateReportBody, trigger: 'schedule' | 'demand' = 'demand'): Promise<Report> {
  authorize(actor, 'report.generate');
  checkArea(ctx, b.kind, b.areaId);
  if (!inScope(actor, ctx.areas.tree(), [b.areaId])) throw new AppError('OUT_OF_SCOPE');
  if (b.date !== undefined) {
    const ms = dateMs(b.date);
    if (!Number.isFinite(ms) || toDate(ms) !== b.date) throw new AppError('VALIDATION_FAILED', `Not a date: ${b.date}`, [{ field: '/date', message: 'must be a real calendar date YYYY-MM-DD' }]);
  }
  const today = localDate(ctx.clock.now().getTime(), ctx.config.utcOffsetMinutes);
  const p = periodOf(b.kind, b.date, today);
  if (p.start >= today) throw new AppError('VALIDATION_FAILED', 'The period has not begun', [{ field: '/date', message: 'must be in a period that has begun before today' }]);
  const content = b.kind === 'daily' ? await buildDaily(ctx, b.areaId, p.start) : b.kind === 'weekly' ? await buildWeekly(ctx, b.areaId, p.start) : await buildMonthly(ctx, b.areaId, p.start);
  const now = ctx.clock.now().toISOString();
  const id = await repo.upsertReport(ctx.db, { kind: b.kind, areaId: b.areaId, periodStart: p.start, periodEnd: p.end, trigger, content, generatedAt: now, generatedBy: actor.displayName });
  if (b.push ?? true) {
    const users = await audienceOf(ctx, b.kind, b.areaId);
    await notify(ctx, users, { kind: `report.${b.kind}`, title: content.title, body: content.summary.join(' '), link: `/reports/${id}`, refType: 'report', refId: `${id}` });
    const pushed = await repo.countPushed(ctx.db, id);
    await repo.markPushed(ctx.db, id, now, pushed);
    // nobody to read it is a fault to fix (accounts, unit members), not a silent "已推送 0 人": the admins are told
    if (users.length === 0) {
      await notify(ctx, await repo.activeAdmins(ctx.db), {
        kind: 'report.no_audience',
        title: `${content.title}无人接收`,
        body: `${content.title}没有可推送的对象（${AUDIENCE[b.kind]}）：请为该单位开通账号或配置巡逻力量成员。`,
        link: `/reports/${id}`,
        refType: 'report_audience',
        refId: `${id}`,
      });
    }
  }
  return getReport(ctx, actor, id);
}

/**
 * The scheduled reports due at `now` (local time): for every live station yesterday's daily reminder and the last
 * complete week's analysis, for every live district the last complete month's analysis; each made once (an
 * existing report is kept). Not only on Mondays and the 1st: a server that was down that day catches up.
 */
export async function scheduledReports(ctx: Ctx, now: number): Promise<number> {
  const today = localDate(now, ctx.config.utcOffsetMinutes);
  const tree = ctx.areas.tree();
  const live = (k: 'station' | 'district') => tree.all().filter((a) => a.kind === k && a.validTo === null).map((a) => a.id);
  const due: { kind: ReportKind; areaId: number }[] = [
    ...live('station').map((id) => ({ kind: 'daily' as const, areaId: id })),
    ...live('station').map((id) => ({ kind: 'weekly' as const, areaId: id })),
    ...live('district').map((id) => ({ kind: 'monthly' as const, areaId: id })),
  ];
  let made = 0;
  for (const d of due) {
    const p = periodOf(d.kind, undefined, today);
    if (await repo.reportExists(ctx.db, d.kind, d.areaId, p.start)) continue;
    await generateReport(ctx, { ...SYSTEM_ACTOR, displayName: '定时生成' }, { kind: d.kind, areaId: d.areaId, push: true }, 'schedule');
    made++;
  }
  return made;
}
