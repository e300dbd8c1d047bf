// Response times and compliance with the 1/3/5-minute targets, per area (grid, police grid, community, station,
// district or county, as the incident was located when it happened), optionally per day, category and priority.
// Call to dispatch = dispatched_at - reported_at; dispatch to arrival = on_scene_at - dispatched_at (what the
// standard counts: the unit's travel once sent); total = on_scene_at - reported_at. Cancelled incidents are left out.
import { sql, type RawBuilder } from 'kysely';
import type { Compliance, ComplianceLevel } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { validationError } from '../../lib/errors';
import { authorize, scopeIds, type Actor } from '../auth/policy';

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
  const col = sql.ref(`i.${COLUMN[level]}`);
  const day = by.has('day') ? sql`to_char(i.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')` : sql`null::text`;
  const category = by.has('category') ? sql`i.category` : sql`null::text`;
  const priority = by.has('priority') ? sql`i.priority::int` : sql`null::int`;
  const scope = scopeIds(actor, ctx.areas.tree());
  const filters: RawBuilder<unknown>[] = [sql`i.reported_at >= ${from}::timestamptz`, sql`i.reported_at < ${to}::timestamptz`, sql`i.status <> 'cancelled'`];
  if (scope) filters.push(sql`i.area_ids && ${scope}::int[]`);
  if (q.category) filters.push(sql`i.category = ${q.category}`);
  if (q.priority) filters.push(sql`i.priority = ${Number(q.priority)}`);
  const d2a = sql`extract(epoch from i.on_scene_at - i.dispatched_at)`;
  const r = await sql<{
    area_id: number | null;
    area_name: string | null;
    day: string | null;
    category: string | null;
    priority: number | null;
    incidents: number;
    dispatched: number;
    arrived: number;
    met: number;
    c2d: number | null;
    d2a50: number | null;
    d2a90: number | null;
    total: number | null;
    w1: number;
    w3: number;
    w5: number;
  }>`
    select ${col} area_id, a.name area_name, ${day} as day, ${category} as category, ${priority} as priority,
           count(*)::int incidents,
           count(i.dispatched_at)::int dispatched,
           count(*) filter (where i.dispatched_at is not null and i.on_scene_at is not null)::int arrived,
           count(*) filter (where i.dispatched_at is not null and i.on_scene_at is not null and ${d2a} <= coalesce(i.target_s, 300))::int met,
           percentile_cont(0.5) within group (order by extract(epoch from i.dispatched_at - i.reported_at)) c2d,
           percentile_cont(0.5) within group (order by ${d2a}) d2a50,
           percentile_cont(0.9) within group (order by ${d2a}) d2a90,
           percentile_cont(0.5) within group (order by extract(epoch from i.on_scene_at - i.reported_at)) total,
           count(*) filter (where ${d2a} <= 60)::int w1,
           count(*) filter (where ${d2a} <= 180)::int w3,
           count(*) filter (where ${d2a} <= 300)::int w5
      from incidents i left join areas a on a.id = ${col}
     where ${sql.join(filters, sql` and `)}
     group by 1, 2, 3, 4, 5
     order by 2 nulls last, 3, 4, 5`.execute(ctx.db);
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    level,
    from,
    to,
    rows: r.rows.map((x) => ({
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
