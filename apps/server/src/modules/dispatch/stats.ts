// Response times and compliance with the 1/3/5-minute targets, per area (grid, police grid, community, station,
// district or county, as the incident was located when it happened), optionally per day, category and priority.
// Call to dispatch = dispatched_at - reported_at; dispatch to arrival = on_scene_at - dispatched_at (what the
// standard counts: the unit's travel once sent); total = on_scene_at - reported_at. Cancelled incidents are left out.
import type { Compliance, ComplianceLevel } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { validationError } from '../../lib/errors';
import { authorize, scopeIds, type Actor } from '../auth/policy';
import * as repo from './repo';

const COLUMN: Record<ComplianceLevel, string> = {
  grid: 'grid_id',
  police_grid: 'police_grid_id',
  community: 'community_id',
  station: 'station_id',
  district: 'district_id',
  county: 'county_id',
};

export interface ComplianceQueryIn {
  level?: ComplianceLevel;
  from?: string;
  to?: string;
  by?: string;
  category?: string;
  priority?: string;
}

export async function compliance(ctx: Ctx, actor: Actor, q: ComplianceQueryIn): Promise<Compliance> {
  authorize(actor, 'stats.read');
  const level = q.level ?? 'station';
  const now = ctx.clock.now().getTime();
  const to = q.to ? new Date(q.to).toISOString() : new Date(now).toISOString();
  const from = q.from ? new Date(q.from).toISOString() : new Date(Date.parse(to) - 7 * 86400_000).toISOString();
  if (!(Date.parse(from) < Date.parse(to))) throw validationError([{ field: '/from', message: 'must be before to' }]);
  if (Date.parse(to) - Date.parse(from) > 400 * 86400_000) throw validationError([{ field: '/from', message: 'the period is at most 400 days' }]);
  const by = new Set((q.by ?? '').split(',').filter(Boolean));
  const rows = await repo.complianceRows(ctx.db, {
    column: COLUMN[level],
    from,
    to,
    byDay: by.has('day'),
    byCategory: by.has('category'),
    byPriority: by.has('priority'),
    scopeIds: scopeIds(actor, ctx.areas.tree()),
    ...(q.category ? { category: q.category } : {}),
    ...(q.priority ? { priority: Number(q.priority) } : {}),
  });
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    level,
    from,
    to,
    rows: rows.map((x) => ({
      areaId: x.area_id,
      areaName: x.area_name,
      day: x.day,
      category: x.category,
      priority: x.priority,
      incidents: x.incidents,
      dispatched: x.dispatched,
      arrived: x.arrived,
      met: x.met,
      complianceRate: x.arrived > 0 ? Math.round((x.met / x.arrived) * 1000) / 1000 : null,
      medianCallToDispatchS: round(x.c2d),
      medianDispatchToArrivalS: round(x.d2a50),
      p90DispatchToArrivalS: round(x.d2a90),
      medianTotalS: round(x.total),
      within1: x.w1,
      within3: x.w3,
      within5: x.w5,
    })),
  };
}
