// The weekly analysis (周研判) of a station: the week against the last one and the same week a year before, by day
// and category; hotspot police grids; emerging near-repeat series.
import { comparisonText, nearRepeatSeries, type Comparison } from '@jingwang/core';
import type { ReportContent, ReportSection } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AUDIENCE, KIND_NAME, addDays, areaName, catName, comparer, comparisonNote, counts, dateMs, section, toDate } from './common';

export async function buildWeekly(ctx: Ctx, stationId: number, start: string): Promise<ReportContent> {
  const q = counts(ctx, stationId);
  const name = areaName(ctx, stationId);
  const end = addDays(start, 7);
  const prev = addDays(start, -7);
  const lastYear = addDays(start, -364); // the same weeks (Monday to Sunday) a year before
  const [cur, before, ly, days, prevDays] = await Promise.all([q.byCategory(start, end), q.byCategory(prev, start), q.byCategory(lastYear, addDays(lastYear, 7)), q.byDay(start, end), q.byDay(prev, start)]);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const [tc, tp, tl] = [sum(cur), sum(before), sum(ly)];
  const c = await comparer(ctx);
  const wow = (n: number, p: number) => c.cmp(n, p, prev);
  const yoy = (n: number, l: number) => c.cmp(n, l, lastYear);
  const txt = (x: Comparison) => comparisonText(x);
  const tw = wow(tc, tp);
  const ty = yoy(tc, tl);
  const cats = [...new Set([...cur.keys(), ...before.keys(), ...ly.keys()])].sort((a, b) => (cur.get(b) ?? 0) - (cur.get(a) ?? 0) || a.localeCompare(b));
  const wd = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
  const catCmp = cats.map((cat) => ({ cat, w: wow(cur.get(cat) ?? 0, before.get(cat) ?? 0), y: yoy(cur.get(cat) ?? 0, ly.get(cat) ?? 0) }));
  const sections: ReportSection[] = [];
  sections.push(
    section({
      id: 'trend',
      title: '本周与上周（按日）',
      text: [`本周有效警情 ${tc} 起，上周 ${tp} 起（环比 ${txt(tw)}），去年同期 ${c.complete(lastYear) ? `${tl} 起` : '不在数据内'}（同比 ${txt(ty)}）。`],
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
          ...catCmp.map((x) => ({ category: catName(x.cat), week: cur.get(x.cat) ?? 0, prev: before.get(x.cat) ?? 0, wow: txt(x.w), ly: c.complete(lastYear) ? (ly.get(x.cat) ?? 0) : null, yoy: txt(x.y) })),
          { category: '合计', week: tc, prev: tp, wow: txt(tw), ly: c.complete(lastYear) ? tl : null, yoy: txt(ty) },
        ],
      },
      note: comparisonNote([tw, ty, ...catCmp.flatMap((x) => [x.w, x.y])], c.begin),
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
        rows: hot.map(([id, n]) => ({ grid: areaName(ctx, id), week: n, prev: byPrevGrid.get(id) ?? 0, wow: txt(wow(n, byPrevGrid.get(id) ?? 0)), share: tc ? Math.round((n / tc) * 1000) / 10 : 0 })),
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
    `本周警情 ${tc} 起，环比 ${txt(tw)}，同比 ${txt(ty)}。`,
    hot.length ? `最集中的警格：${hot.slice(0, 3).map(([id, n]) => `${areaName(ctx, id)}（${n} 起）`).join('、')}。` : '本周无有效警情。',
    series.length ? `发现 ${series.length} 个近重复系列，最大一串 ${series[0]!.ids.length} 起（${catName(series[0]!.category)}）。` : '未发现新的近重复系列。',
  ];
  return { title: `${name}${KIND_NAME.weekly}（${start} 至 ${addDays(start, 6)}）`, areaName: name, summary, sections, audience: AUDIENCE.weekly };
}
