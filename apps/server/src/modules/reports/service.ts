// Analysis reports, kept as snapshots: the daily reminder (日提醒) per station, the weekly analysis (周研判) per station,
// the monthly analysis (月分析) per district. Made by the nightly job for the last complete period and on demand for
// any period; each is pushed as a notification to its audience (docs/reports.md says who). Counts are of incidents
// as they were located when they happened (incidents.area_ids), cancelled ones left out; days are local days.
import { sql } from 'kysely';
import { anomalies, changePct, nearRepeatSeries } from '@jingwang/core';
import { INCIDENT_CATEGORY_LABELS, type GenerateReportBody, type Report, type ReportContent, type ReportKind, type ReportSection, type ReportSummary } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { localDate } from '../patrol/reference';
import { forecastLayer } from '../forecast/service';
import { notify } from '../notifications/service';
import { SYSTEM_ACTOR } from '../auth/policy';

const DAY = 86_400_000;
/** The same weekday of this many earlier weeks is the daily reminder's baseline. */
export const BASELINE_WEEKS = 8;
const KIND_AREA: Record<ReportKind, 'station' | 'district'> = { daily: 'station', weekly: 'station', monthly: 'district' };
const KIND_NAME: Record<ReportKind, string> = { daily: '日提醒', weekly: '周研判', monthly: '月分析' };
const AUDIENCE: Record<ReportKind, string> = {
  daily: '本所网格级巡逻力量（网格、社区巡逻组成员）和社区民警',
  weekly: '本所所领导和社区民警',
  monthly: '片区领导',
};

const catName = (c: string) => (INCIDENT_CATEGORY_LABELS as Record<string, { zh: string }>)[c]?.zh ?? c;

// ---------------------------------------------------------------- dates (local calendar, as YYYY-MM-DD strings)
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dateMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
export const addDays = (d: string, n: number) => toDate(dateMs(d) + n * DAY);
/** Monday of the week holding d. */
export function weekStart(d: string): string {
  const wd = (new Date(dateMs(d)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(d, -wd);
}
export function monthStart(d: string): string {
  return `${d.slice(0, 7)}-01`;
}
export function addMonths(d: string, n: number): string {
  const [y, m] = d.split('-').map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  return toDate(t.getTime());
}

/** The period of a report holding `date`, or the last complete one before `today`. */
export function periodOf(kind: ReportKind, date: string | undefined, today: string): { start: string; end: string } {
  if (kind === 'daily') {
    const d = date ?? addDays(today, -1);
    return { start: d, end: d };
  }
  if (kind === 'weekly') {
    const s = date ? weekStart(date) : addDays(weekStart(today), -7);
    return { start: s, end: addDays(s, 6) };
  }
  const s = date ? monthStart(date) : addMonths(monthStart(today), -1);
  return { start: s, end: addDays(addMonths(s, 1), -1) };
}

// ---------------------------------------------------------------- queries
class Q {
  constructor(
    private readonly ctx: Ctx,
    readonly areaId: number,
  ) {}
  private get off() {
    return this.ctx.config.utcOffsetMinutes;
  }
  /** SQL for an incident's local date. */
  private localDay() {
    return sql`((i.reported_at at time zone 'UTC') + make_interval(mins => ${this.off}))::date`;
  }
  private span(from: string, toExcl: string) {
    const a = new Date(dateMs(from) - this.off * 60_000).toISOString();
    const b = new Date(dateMs(toExcl) - this.off * 60_000).toISOString();
    return sql`i.reported_at >= ${a}::timestamptz and i.reported_at < ${b}::timestamptz and i.status <> 'cancelled' and i.area_ids @> array[${this.areaId}]::int[]`;
  }
  async total(from: string, toExcl: string): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int n from incidents i where ${this.span(from, toExcl)}`.execute(this.ctx.db);
    return r.rows[0]!.n;
  }
  /** Counts per child area (police grid under a station, station under a district) and per local day. */
  async byAreaDay(col: 'police_grid_id' | 'station_id', from: string, toExcl: string): Promise<{ area_id: number | null; day: string; n: number }[]> {
    const r = await sql<{ area_id: number | null; day: string; n: number }>`
      select i.${sql.ref(col)} area_id, to_char(${this.localDay()}, 'YYYY-MM-DD') as day, count(*)::int n
        from incidents i where ${this.span(from, toExcl)} group by 1, 2`.execute(this.ctx.db);
    return r.rows;
  }
  async byCategory(from: string, toExcl: string): Promise<Map<string, number>> {
    const r = await sql<{ category: string; n: number }>`select i.category, count(*)::int n from incidents i where ${this.span(from, toExcl)} group by 1`.execute(this.ctx.db);
    return new Map(r.rows.map((x) => [x.category, x.n]));
  }
  async byDay(from: string, toExcl: string): Promise<Map<string, number>> {
    const r = await sql<{ day: string; n: number }>`select to_char(${this.localDay()}, 'YYYY-MM-DD') as day, count(*)::int n from incidents i where ${this.span(from, toExcl)} group by 1`.execute(this.ctx.db);
    return new Map(r.rows.map((x) => [x.day, x.n]));
  }
  async byMonthCategory(from: string, toExcl: string): Promise<{ month: string; category: string; n: number }[]> {
    const r = await sql<{ month: string; category: string; n: number }>`
      select to_char(${this.localDay()}, 'YYYY-MM') as month, i.category, count(*)::int n from incidents i where ${this.span(from, toExcl)} group by 1, 2`.execute(this.ctx.db);
    return r.rows;
  }
  async events(from: string, toExcl: string): Promise<{ id: number; lon: number; lat: number; t: number; category: string; address: string; police_grid_id: number | null }[]> {
    const r = await sql<{ id: number; lon: number; lat: number; t: number; category: string; address: string; police_grid_id: number | null }>`
      select i.id, st_x(i.geom) lon, st_y(i.geom) lat, (extract(epoch from i.reported_at) * 1000)::float8 t, i.category, i.address, i.police_grid_id
        from incidents i where ${this.span(from, toExcl)} order by i.reported_at`.execute(this.ctx.db);
    return r.rows;
  }
}

function areaName(ctx: Ctx, id: number | null): string {
  if (id === null) return '（未落格）';
  return ctx.areas.tree().get(id)?.name ?? `#${id}`;
}

const pct = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v}%`);
const round1 = (v: number) => Math.round(v * 10) / 10;
const section = (s: Partial<ReportSection> & { id: string; title: string }): ReportSection => ({ text: [], table: null, chart: null, note: null, ...s });

// ---------------------------------------------------------------- daily reminder (日提醒)
async function buildDaily(ctx: Ctx, stationId: number, day: string): Promise<ReportContent> {
  const q = new Q(ctx, stationId);
  const name = areaName(ctx, stationId);
  const next = addDays(day, 1);
  const histFrom = addDays(day, -7 * BASELINE_WEEKS);
  const rows = await q.byAreaDay('police_grid_id', histFrom, next);
  const sameWeekdays = Array.from({ length: BASELINE_WEEKS }, (_, k) => addDays(day, -7 * (k + 1)));
  const grids = new Map<number | null, { today: number; hist: number[] }>();
  // every police grid of the station appears, with or without incidents
  for (const id of ctx.areas.tree().descendantsAndSelf(stationId)) {
    const a = ctx.areas.tree().get(id);
    if (a?.kind === 'police_grid' && a.validTo === null) grids.set(id, { today: 0, hist: sameWeekdays.map(() => 0) });
  }
  for (const r of rows) {
    let g = grids.get(r.area_id);
    if (!g) grids.set(r.area_id, (g = { today: 0, hist: sameWeekdays.map(() => 0) }));
    if (r.day === day) g.today += r.n;
    const k = sameWeekdays.indexOf(r.day);
    if (k >= 0) g.hist[k]! += r.n;
  }
  const yCats = await q.byCategory(day, next);
  const total = [...grids.values()].reduce((a, g) => a + g.today, 0);
  const histTotals = sameWeekdays.map((_, k) => [...grids.values()].reduce((a, g) => a + g.hist[k]!, 0));
  const meanTotal = histTotals.reduce((a, b) => a + b, 0) / BASELINE_WEEKS;
  const gridRows = [...grids.entries()]
    .map(([id, g]) => ({ id, name: areaName(ctx, id), today: g.today, rawMean: g.hist.reduce((a, b) => a + b, 0) / BASELINE_WEEKS, mean: round1(g.hist.reduce((a, b) => a + b, 0) / BASELINE_WEEKS), hist: g.hist }))
    .sort((a, b) => b.today - a.today || b.mean - a.mean || a.name.localeCompare(b.name, 'zh'));
  const found = anomalies(gridRows.map((g) => ({ key: String(g.id), count: g.today, history: g.hist })));
  const catHist = await Promise.all(sameWeekdays.map((d) => q.byCategory(d, addDays(d, 1))));
  const catFound = anomalies([...new Set([...yCats.keys(), ...catHist.flatMap((m) => [...m.keys()])])].map((c) => ({ key: c, count: yCats.get(c) ?? 0, history: catHist.map((m) => m.get(c) ?? 0) })));
  const flagged = new Set(found.map((a) => a.key));

  const sections: ReportSection[] = [];
  sections.push(
    section({
      id: 'by_grid',
      title: '昨日警情（按警格）',
      text: [`${day} 全所接报有效警情 ${total} 起；近 ${BASELINE_WEEKS} 周同一星期几平均 ${round1(meanTotal)} 起（${pct(changePct(total, meanTotal))}）。`],
      table: {
        columns: [
          { key: 'grid', title: '警格' },
          { key: 'count', title: '昨日', unit: '起' },
          { key: 'mean', title: `近${BASELINE_WEEKS}周同日均值`, unit: '起' },
          { key: 'change', title: '变化' },
          { key: 'flag', title: '提示' },
        ],
        rows: gridRows.map((g) => ({ grid: g.name, count: g.today, mean: g.mean, change: pct(changePct(g.today, g.rawMean)), flag: flagged.has(String(g.id)) ? '异常升高' : '' })),
      },
      chart: gridRows.length
        ? { kind: 'bar', categories: gridRows.slice(0, 12).map((g) => g.name), series: [{ name: '昨日', data: gridRows.slice(0, 12).map((g) => g.today) }, { name: '同日均值', data: gridRows.slice(0, 12).map((g) => g.mean) }], unit: '起' }
        : null,
    }),
  );
  sections.push(
    section({
      id: 'anomalies',
      title: '异常提示',
      text: found.length || catFound.length
        ? [
            ...found.map((a) => `${areaName(ctx, a.key === 'null' ? null : Number(a.key))}：昨日 ${a.count} 起，同日均值 ${a.mean} 起，高出 ${a.z} 个标准差。`),
            ...catFound.map((a) => `${catName(a.key)}类：昨日 ${a.count} 起，同日均值 ${a.mean} 起，高出 ${a.z} 个标准差。`),
          ]
        : ['昨日各警格、各类警情均未见异常升高（至少 3 起且高出同日均值 2 个标准差以上才提示）。'],
    }),
  );
  sections.push(
    section({
      id: 'by_category',
      title: '昨日警情（按类别）',
      table: {
        columns: [
          { key: 'category', title: '类别' },
          { key: 'count', title: '起数', unit: '起' },
        ],
        rows: [...yCats.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => ({ category: catName(c), count: n })),
      },
      note: yCats.size ? null : '昨日无有效警情。',
    }),
  );
  sections.push(await topCellsSection(ctx, stationId, next));
  const summary = [
    `昨日警情 ${total} 起，近 ${BASELINE_WEEKS} 周同日均值 ${round1(meanTotal)} 起（${pct(changePct(total, meanTotal))}）。`,
    found.length ? `${found.length} 个警格警情异常升高：${found.slice(0, 3).map((a) => areaName(ctx, a.key === 'null' ? null : Number(a.key))).join('、')}${found.length > 3 ? '等' : ''}。` : '各警格未见异常升高。',
  ];
  if (catFound.length) summary.push(`异常升高的类别：${catFound.map((a) => `${catName(a.key)}（${a.count} 起，均值 ${a.mean}）`).join('、')}。`);
  const cells = sections.at(-1)!;
  if (cells.table?.rows.length) summary.push(`今日重点巡防区块 ${cells.table.rows.length} 个，见“今日高风险区块”。`);
  return { title: `${name}${KIND_NAME.daily}（${day}）`, areaName: name, summary, sections, audience: AUDIENCE.daily };
}

async function topCellsSection(ctx: Ctx, areaId: number, date: string): Promise<ReportSection> {
  try {
    const layer = await forecastLayer(ctx, SYSTEM_ACTOR, { areaId, date });
    const top = layer.cells.slice(0, 10);
    const where = await Promise.all(
      top.map(async (c) => {
        const r = await sql<{ id: number | null }>`select area_at(st_setsrid(st_makepoint(${c.lon}, ${c.lat}), 4326), 'police_grid', now()) id`.execute(ctx.db);
        return areaName(ctx, r.rows[0]?.id ?? null);
      }),
    );
    return section({
      id: 'top_cells',
      title: '今日高风险区块',
      text: [`${date} 全天预测（模型 ${layer.run.model}，${layer.run.cellM} 米方格，按本所范围内排序；片区排名为在全片区中的名次）。当日新生成的巡逻计划以此预测为风险来源；地图见“预测研判”。`],
      table: {
        columns: [
          { key: 'rank', title: '片区排名' },
          { key: 'cell', title: '区块' },
          { key: 'where', title: '所在警格' },
          { key: 'share', title: '预测占比', unit: '%' },
          { key: 'history', title: '一年内警情', unit: '起' },
        ],
        rows: top.map((c, k) => ({ rank: c.rank, cell: c.id, where: where[k]!, share: Math.round(c.share * 10000) / 100, history: c.history })),
      },
      note: top.length ? null : '预测中本所范围内没有高风险区块。',
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'FORECAST_NOT_FOUND') return section({ id: 'top_cells', title: '今日高风险区块', note: `${date} 尚无预测（每晚自动生成，也可在“预测热点”中手动生成）。` });
    throw e;
  }
}

// ---------------------------------------------------------------- weekly analysis (周研判)
async function buildWeekly(ctx: Ctx, stationId: number, start: string): Promise<ReportContent> {
  const q = new Q(ctx, stationId);
  const name = areaName(ctx, stationId);
  const end = addDays(start, 7);
  const prev = addDays(start, -7);
  const lastYear = addDays(start, -364); // the same weeks (Monday to Sunday) a year before
  const [cur, before, ly, days, prevDays] = await Promise.all([q.byCategory(start, end), q.byCategory(prev, start), q.byCategory(lastYear, addDays(lastYear, 7)), q.byDay(start, end), q.byDay(prev, start)]);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const [tc, tp, tl] = [sum(cur), sum(before), sum(ly)];
  const cats = [...new Set([...cur.keys(), ...before.keys(), ...ly.keys()])].sort((a, b) => (cur.get(b) ?? 0) - (cur.get(a) ?? 0) || a.localeCompare(b));
  const wd = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
  const sections: ReportSection[] = [];
  sections.push(
    section({
      id: 'trend',
      title: '本周与上周（按日）',
      text: [`本周有效警情 ${tc} 起，上周 ${tp} 起（环比 ${pct(changePct(tc, tp))}），去年同期 ${tl} 起（同比 ${pct(changePct(tc, tl))}）。`],
      chart: { kind: 'line', categories: wd, series: [{ name: '本周', data: wd.map((_, k) => days.get(addDays(start, k)) ?? 0) }, { name: '上周', data: wd.map((_, k) => prevDays.get(addDays(prev, k)) ?? 0) }], unit: '起' },
    }),
  );
  sections.push(
    section({
      id: 'by_category',
      title: '分类趋势（环比、同比）',
      table: {
        columns: [
          { key: 'category', title: '类别' },
          { key: 'week', title: '本周', unit: '起' },
          { key: 'prev', title: '上周', unit: '起' },
          { key: 'wow', title: '环比' },
          { key: 'ly', title: '去年同期', unit: '起' },
          { key: 'yoy', title: '同比' },
        ],
        rows: [
          ...cats.map((c) => ({ category: catName(c), week: cur.get(c) ?? 0, prev: before.get(c) ?? 0, wow: pct(changePct(cur.get(c) ?? 0, before.get(c) ?? 0)), ly: ly.get(c) ?? 0, yoy: pct(changePct(cur.get(c) ?? 0, ly.get(c) ?? 0)) })),
          { category: '合计', week: tc, prev: tp, wow: pct(changePct(tc, tp)), ly: tl, yoy: pct(changePct(tc, tl)) },
        ],
      },
      note: tl === 0 ? '去年同期没有警情记录（系统启用前的数据未导入时同比不可用）。' : null,
    }),
  );
  const grids = await q.byAreaDay('police_grid_id', start, end);
  const byGrid = new Map<number | null, number>();
  for (const r of grids) byGrid.set(r.area_id, (byGrid.get(r.area_id) ?? 0) + r.n);
  const prevGrids = await q.byAreaDay('police_grid_id', prev, start);
  const byPrevGrid = new Map<number | null, number>();
  for (const r of prevGrids) byPrevGrid.set(r.area_id, (byPrevGrid.get(r.area_id) ?? 0) + r.n);
  const hot = [...byGrid.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  sections.push(
    section({
      id: 'hotspots',
      title: '热点警格',
      table: {
        columns: [
          { key: 'grid', title: '警格' },
          { key: 'week', title: '本周', unit: '起' },
          { key: 'prev', title: '上周', unit: '起' },
          { key: 'wow', title: '环比' },
          { key: 'share', title: '占全所', unit: '%' },
        ],
        rows: hot.map(([id, n]) => ({ grid: areaName(ctx, id), week: n, prev: byPrevGrid.get(id) ?? 0, wow: pct(changePct(n, byPrevGrid.get(id) ?? 0)), share: tc ? Math.round((n / tc) * 1000) / 10 : 0 })),
      },
      note: hot.length ? null : '本周无有效警情。',
    }),
  );
  // emerging near-repeat series: chains that have an incident this week (looking back four weeks for their start)
  const evs = await q.events(addDays(start, -28), end);
  const series = nearRepeatSeries(evs.map((e) => ({ id: e.id, lon: e.lon, lat: e.lat, t: e.t, category: e.category })), { since: dateMs(start) - ctx.config.utcOffsetMinutes * 60_000 });
  const byId = new Map(evs.map((e) => [e.id, e]));
  const off = ctx.config.utcOffsetMinutes * 60_000;
  sections.push(
    section({
      id: 'series',
      title: '近重复系列（新出现）',
      text: ['同一类别警情在 200 米、7 天内相继发生并连成串（至少 3 起），且本周仍有发生：可能是同一伙人或同一诱因，建议串并研判、加密巡逻。'],
      table: {
        columns: [
          { key: 'category', title: '类别' },
          { key: 'count', title: '起数', unit: '起' },
          { key: 'first', title: '首起' },
          { key: 'last', title: '最近' },
          { key: 'where', title: '地点' },
          { key: 'radius', title: '范围', unit: '米' },
        ],
        rows: series.slice(0, 10).map((s) => ({
          category: catName(s.category),
          count: s.ids.length,
          first: toDate(s.first + off),
          last: toDate(s.last + off),
          where: `${areaName(ctx, byId.get(Number(s.ids.at(-1)))?.police_grid_id ?? null)} ${byId.get(Number(s.ids.at(-1)))?.address ?? ''}`.trim(),
          radius: s.radiusM,
        })),
      },
      note: series.length ? null : '本周没有新出现的近重复系列。',
    }),
  );
  const summary = [
    `本周警情 ${tc} 起，环比 ${pct(changePct(tc, tp))}，同比 ${pct(changePct(tc, tl))}。`,
    hot.length ? `最集中的警格：${hot.slice(0, 3).map(([id, n]) => `${areaName(ctx, id)}（${n} 起）`).join('、')}。` : '本周无有效警情。',
    series.length ? `发现 ${series.length} 个近重复系列，最大一串 ${series[0]!.ids.length} 起（${catName(series[0]!.category)}）。` : '未发现新的近重复系列。',
  ];
  return { title: `${name}${KIND_NAME.weekly}（${start} 至 ${addDays(start, 6)}）`, areaName: name, summary, sections, audience: AUDIENCE.weekly };
}

// ---------------------------------------------------------------- monthly analysis (月分析)
async function buildMonthly(ctx: Ctx, districtId: number, start: string): Promise<ReportContent> {
  const q = new Q(ctx, districtId);
  const name = areaName(ctx, districtId);
  const end = addMonths(start, 1);
  const from12 = addMonths(start, -11);
  const months = Array.from({ length: 12 }, (_, k) => addMonths(from12, k).slice(0, 7));
  const rows = await q.byMonthCategory(from12, end);
  const lyRows = await q.byCategory(addMonths(start, -12), addMonths(start, -11));
  const byCat = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let m = byCat.get(r.category);
    if (!m) byCat.set(r.category, (m = new Map()));
    m.set(r.month, r.n);
  }
  const mk = start.slice(0, 7);
  const pk = addMonths(start, -1).slice(0, 7);
  const cats = [...byCat.keys()].sort((a, b) => (byCat.get(b)!.get(mk) ?? 0) - (byCat.get(a)!.get(mk) ?? 0) || a.localeCompare(b));
  const top = cats.slice(0, 5);
  const tot = (m: string) => rows.filter((r) => r.month === m).reduce((a, r) => a + r.n, 0);
  const lyTotal = [...lyRows.values()].reduce((a, b) => a + b, 0);
  const sections: ReportSection[] = [];
  sections.push(
    section({
      id: 'trend',
      title: '近 12 个月分类趋势',
      text: [`本月有效警情 ${tot(mk)} 起，上月 ${tot(pk)} 起（环比 ${pct(changePct(tot(mk), tot(pk)))}），去年同月 ${lyTotal} 起（同比 ${pct(changePct(tot(mk), lyTotal))}）。`],
      chart: { kind: 'line', categories: months, series: [{ name: '合计', data: months.map(tot) }, ...top.map((c) => ({ name: catName(c), data: months.map((m) => byCat.get(c)!.get(m) ?? 0) }))], unit: '起' },
    }),
  );
  sections.push(
    section({
      id: 'by_category',
      title: '分类对比',
      table: {
        columns: [
          { key: 'category', title: '类别' },
          { key: 'month', title: '本月', unit: '起' },
          { key: 'prev', title: '上月', unit: '起' },
          { key: 'mom', title: '环比' },
          { key: 'ly', title: '去年同月', unit: '起' },
          { key: 'yoy', title: '同比' },
        ],
        rows: cats.map((c) => {
          const v = byCat.get(c)!.get(mk) ?? 0;
          const p = byCat.get(c)!.get(pk) ?? 0;
          const l = lyRows.get(c) ?? 0;
          return { category: catName(c), month: v, prev: p, mom: pct(changePct(v, p)), ly: l, yoy: pct(changePct(v, l)) };
        }),
      },
      note: lyTotal === 0 ? '去年同月没有警情记录，同比不可用。' : null,
    }),
  );
  // response to calls (1/3/5 minutes) per station
  const off = ctx.config.utcOffsetMinutes * 60_000;
  const a = new Date(dateMs(start) - off).toISOString();
  const b = new Date(dateMs(end) - off).toISOString();
  const d2a = sql`extract(epoch from i.on_scene_at - i.dispatched_at)`;
  const resp = await sql<{ station_id: number | null; incidents: number; arrived: number; met: number; w1: number; w3: number; w5: number; med: number | null }>`
    select i.station_id, count(*)::int incidents,
           count(*) filter (where i.dispatched_at is not null and i.on_scene_at is not null)::int arrived,
           count(*) filter (where i.dispatched_at is not null and i.on_scene_at is not null and ${d2a} <= coalesce(i.target_s, 300))::int met,
           count(*) filter (where ${d2a} <= 60)::int w1, count(*) filter (where ${d2a} <= 180)::int w3, count(*) filter (where ${d2a} <= 300)::int w5,
           percentile_cont(0.5) within group (order by ${d2a}) med
      from incidents i
     where i.reported_at >= ${a}::timestamptz and i.reported_at < ${b}::timestamptz and i.status <> 'cancelled' and i.area_ids @> array[${districtId}]::int[]
     group by 1 order by 1`.execute(ctx.db);
  const share = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);
  sections.push(
    section({
      id: 'response',
      title: '接处警响应（1/3/5 分钟）',
      text: ['到场率按派警到到场计；“达标”指到场时间不超过该警情的响应目标（1、3、5 分钟圈）。'],
      table: {
        columns: [
          { key: 'station', title: '派出所' },
          { key: 'incidents', title: '警情', unit: '起' },
          { key: 'arrived', title: '到场', unit: '起' },
          { key: 'rate', title: '达标率', unit: '%' },
          { key: 'w1', title: '1分钟内', unit: '起' },
          { key: 'w3', title: '3分钟内', unit: '起' },
          { key: 'w5', title: '5分钟内', unit: '起' },
          { key: 'median', title: '到场中位', unit: '秒' },
        ],
        rows: resp.rows.map((r) => ({ station: areaName(ctx, r.station_id), incidents: r.incidents, arrived: r.arrived, rate: share(r.met, r.arrived), w1: r.w1, w3: r.w3, w5: r.w5, median: r.med === null ? null : Math.round(r.med) })),
      },
      note: resp.rows.length ? null : '本月无有效警情。',
    }),
  );
  // patrol: plans published in the month, mandatory stops and check-ins, flags, per station
  const stations = ctx.areas.tree().descendantsAndSelf(districtId).filter((id) => ctx.areas.tree().get(id)?.kind === 'station');
  const patrolRows = [];
  for (const st of stations) {
    const inside = ctx.areas.tree().descendantsAndSelf(st);
    const p = await sql<{ plans: number; stops: number; visited: number; checkins: number; flags: number; rounds: number }>`
      select (select count(*)::int from patrol_plans p where p.status = 'published' and p.area_id = any(${inside}::int[]) and p.plan_date >= ${start}::date and p.plan_date < ${end}::date) plans,
             (select count(*)::int from (select distinct r.id, e->>'kind', e->>'ref' from patrol_routes r join patrol_plans p on p.id = r.plan_id, jsonb_array_elements(r.stops) e
               where p.status = 'published' and e->>'kind' in ('point','line') and p.area_id = any(${inside}::int[]) and p.plan_date >= ${start}::date and p.plan_date < ${end}::date) x) stops,
             (select count(*)::int from (select distinct c.route_id, c.kind, c.ref from patrol_checkins c join patrol_plans p on p.id = c.plan_id
               where p.status = 'published' and c.kind in ('point','line') and p.area_id = any(${inside}::int[]) and p.plan_date >= ${start}::date and p.plan_date < ${end}::date) x) visited,
             (select count(*)::int from patrol_checkins c join patrol_plans p on p.id = c.plan_id
               where p.area_id = any(${inside}::int[]) and p.plan_date >= ${start}::date and p.plan_date < ${end}::date) checkins,
             (select count(*)::int from patrol_flags f join patrol_plans p on p.id = f.plan_id
               where p.area_id = any(${inside}::int[]) and p.plan_date >= ${start}::date and p.plan_date < ${end}::date) flags,
             (select count(*)::int from video_rounds v where v.area_id = any(${inside}::int[]) and v.scheduled_at >= ${a}::timestamptz and v.scheduled_at < ${b}::timestamptz) rounds`.execute(ctx.db);
    const x = p.rows[0]!;
    patrolRows.push({ station: areaName(ctx, st), plans: x.plans, stops: x.stops, visited: x.visited, rate: share(x.visited, x.stops), checkins: x.checkins, flags: x.flags, rounds: x.rounds });
  }
  sections.push(
    section({
      id: 'patrol',
      title: '巡防工作',
      table: {
        columns: [
          { key: 'station', title: '派出所' },
          { key: 'plans', title: '发布计划', unit: '份' },
          { key: 'stops', title: '必巡点位', unit: '个' },
          { key: 'visited', title: '已到点位', unit: '个' },
          { key: 'rate', title: '完成率', unit: '%' },
          { key: 'checkins', title: '打卡', unit: '次' },
          { key: 'flags', title: '预警', unit: '条' },
          { key: 'rounds', title: '视频巡查', unit: '轮' },
        ],
        rows: patrolRows,
      },
      note: patrolRows.some((r) => r.plans > 0) ? null : '本月没有发布的巡逻计划。',
    }),
  );
  const stationTotals = await q.byAreaDay('station_id', start, end);
  const perStation = new Map<number | null, number>();
  for (const r of stationTotals) perStation.set(r.area_id, (perStation.get(r.area_id) ?? 0) + r.n);
  const rising = top.filter((c) => (changePct(byCat.get(c)!.get(mk) ?? 0, byCat.get(c)!.get(pk) ?? 0) ?? 0) >= 20);
  const summary = [
    `本月警情 ${tot(mk)} 起，环比 ${pct(changePct(tot(mk), tot(pk)))}，同比 ${pct(changePct(tot(mk), lyTotal))}。`,
    rising.length ? `环比上升 20% 以上的主要类别：${rising.map(catName).join('、')}。` : '主要类别未见环比上升 20% 以上。',
    `各所警情：${[...perStation.entries()].sort((x, y) => y[1] - x[1]).map(([id, n]) => `${areaName(ctx, id)} ${n} 起`).join('，') || '无'}。`,
  ];
  return { title: `${name}${KIND_NAME.monthly}（${mk}）`, areaName: name, summary, sections, audience: AUDIENCE.monthly };
}

// ---------------------------------------------------------------- storage, push, reads
type Row = { id: number; kind: ReportKind; area_id: number; period_start: unknown; period_end: unknown; trigger: 'schedule' | 'demand'; version: number; content: unknown; generated_at: string; generated_by: string; pushed_at: string | null; pushed_to: number };
const dstr = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

function summaryOf(ctx: Ctx, r: Row): ReportSummary {
  return {
    id: r.id,
    kind: r.kind,
    areaId: r.area_id,
    areaName: areaName(ctx, r.area_id),
    periodStart: dstr(r.period_start),
    periodEnd: dstr(r.period_end),
    trigger: r.trigger,
    version: r.version,
    generatedAt: new Date(r.generated_at).toISOString(),
    generatedBy: r.generated_by,
    pushedAt: r.pushed_at ? new Date(r.pushed_at).toISOString() : null,
    pushedTo: r.pushed_to,
  };
}

/** Users a report is pushed to (see AUDIENCE). */
export async function audienceOf(ctx: Ctx, kind: ReportKind, areaId: number): Promise<number[]> {
  const tree = ctx.areas.tree();
  const inside = tree.descendantsAndSelf(areaId);
  if (kind === 'daily') {
    const r = await sql<{ id: number }>`
      select u.id from users u
       where u.active and (
             (u.role = 'officer' and u.scope_area_id = any(${inside}::int[]))
          or u.person_id in (select m.person_id from unit_members m join units un on un.id = m.unit_id
                              where un.patrol_tier in ('grid','community') and coalesce(un.patrol_area_id, un.home_area_id) = any(${inside}::int[])))
       order by u.id`.execute(ctx.db);
    return r.rows.map((x) => x.id);
  }
  if (kind === 'weekly') {
    const r = await sql<{ id: number }>`select u.id from users u where u.active and u.role in ('station_lead','officer') and u.scope_area_id = any(${inside}::int[]) order by u.id`.execute(ctx.db);
    return r.rows.map((x) => x.id);
  }
  const r = await sql<{ id: number }>`select u.id from users u where u.active and u.role = 'district_lead' and u.scope_area_id = any(${inside}::int[]) order by u.id`.execute(ctx.db);
  return r.rows.map((x) => x.id);
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
    const ms = Date.parse(`${b.date}T00:00:00Z`);
    if (!Number.isFinite(ms) || toDate(ms) !== b.date) throw new AppError('VALIDATION_FAILED', `Not a date: ${b.date}`, [{ field: '/date', message: 'must be a real calendar date YYYY-MM-DD' }]);
  }
  const today = localDate(ctx.clock.now().getTime(), ctx.config.utcOffsetMinutes);
  const p = periodOf(b.kind, b.date, today);
  if (p.start >= today) throw new AppError('VALIDATION_FAILED', 'The period has not begun', [{ field: '/date', message: 'must be in a period that has begun before today' }]);
  const content = b.kind === 'daily' ? await buildDaily(ctx, b.areaId, p.start) : b.kind === 'weekly' ? await buildWeekly(ctx, b.areaId, p.start) : await buildMonthly(ctx, b.areaId, p.start);
  const now = ctx.clock.now().toISOString();
  const row = await ctx.db
    .insertInto('reports')
    .values({ kind: b.kind, area_id: b.areaId, period_start: p.start, period_end: p.end, trigger, content: JSON.stringify(content), generated_at: now, generated_by: actor.displayName })
    .onConflict((oc) =>
      oc.columns(['kind', 'area_id', 'period_start']).doUpdateSet({ content: JSON.stringify(content), generated_at: now, generated_by: actor.displayName, trigger, version: sql`reports.version + 1` }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  if (b.push ?? true) {
    const users = await audienceOf(ctx, b.kind, b.areaId);
    await notify(ctx, users, {
      kind: `report.${b.kind}`,
      title: content.title,
      body: content.summary.join(' '),
      link: `/reports/${row.id}`,
      refType: 'report',
      refId: `${row.id}`,
    });
    const pushed = await sql<{ n: number }>`select count(*)::int n from notifications where ref_type = 'report' and ref_id = ${String(row.id)}`.execute(ctx.db);
    await ctx.db.updateTable('reports').set({ pushed_at: now, pushed_to: pushed.rows[0]!.n }).where('id', '=', row.id).execute();
  }
  return getReport(ctx, actor, row.id);
}

function canRead(ctx: Ctx, actor: Actor, areaId: number): boolean {
  const tree = ctx.areas.tree();
  // reports of the area the user works in, and of the district around their station (the monthly analysis)
  return inScope(actor, tree, [areaId]) || (actor.scopeAreaId !== null && tree.within(actor.scopeAreaId, areaId));
}

export async function getReport(ctx: Ctx, actor: Actor, id: number): Promise<Report> {
  authorize(actor, 'report.read');
  const r = (await ctx.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
  if (!r || !canRead(ctx, actor, r.area_id)) throw new AppError('REPORT_NOT_FOUND');
  return { ...summaryOf(ctx, r), content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as ReportContent };
}

export async function listReports(ctx: Ctx, actor: Actor, q: { kind?: ReportKind; areaId?: number; limit?: number }): Promise<ReportSummary[]> {
  authorize(actor, 'report.read');
  let query = ctx.db
    .selectFrom('reports')
    .select(['id', 'kind', 'area_id', 'period_start', 'period_end', 'trigger', 'version', 'generated_at', 'generated_by', 'pushed_at', 'pushed_to'])
    .orderBy('period_start', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit ?? 50);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.areaId !== undefined) query = query.where('area_id', '=', q.areaId);
  const scope = scopeIds(actor, ctx.areas.tree());
  if (scope) {
    const around = actor.scopeAreaId !== null ? ctx.areas.tree().ancestors(actor.scopeAreaId).map((a) => a.id) : [];
    query = query.where('area_id', 'in', [...scope, ...around]);
  }
  const rows = (await query.execute()) as unknown as Row[];
  return rows.map((r) => summaryOf(ctx, r));
}

/**
 * The scheduled reports due at `now` (local time): yesterday's daily reminder for every station, last week's
 * analysis on Mondays, last month's on the first of the month; each made once (an existing report is kept).
 */
export async function scheduledReports(ctx: Ctx, now: number): Promise<number> {
  const today = localDate(now, ctx.config.utcOffsetMinutes);
  const tree = ctx.areas.tree();
  const live = (k: 'station' | 'district') => tree.all().filter((a) => a.kind === k && a.validTo === null).map((a) => a.id);
  const due: { kind: ReportKind; areaId: number }[] = live('station').map((id) => ({ kind: 'daily' as const, areaId: id }));
  if (new Date(dateMs(today)).getUTCDay() === 1) due.push(...live('station').map((id) => ({ kind: 'weekly' as const, areaId: id })));
  if (today.endsWith('-01')) due.push(...live('district').map((id) => ({ kind: 'monthly' as const, areaId: id })));
  let made = 0;
  for (const d of due) {
    const p = periodOf(d.kind, undefined, today);
    const exists = await ctx.db.selectFrom('reports').select('id').where('kind', '=', d.kind).where('area_id', '=', d.areaId).where('period_start', '=', p.start).executeTakeFirst();
    if (exists) continue;
    await generateReport(ctx, { ...SYSTEM_ACTOR, displayName: '定时生成' }, { kind: d.kind, areaId: d.areaId, push: true }, 'schedule');
    made++;
  }
  return made;
}
