// The monthly analysis (月分析) of a district: twelve months by category, the month against the last one and the same
// month a year before, response to calls (1/3/5 minutes) and patrol work per station.
import { comparisonText } from '@jingwang/core';
import type { ReportContent, ReportSection } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { routeTallies, type RouteTally } from '../patrol/tally';
import * as repo from './repo';
import { AUDIENCE, KIND_NAME, addMonths, areaName, catName, comparer, comparisonNote, counts, section } from './common';

export async function buildMonthly(ctx: Ctx, districtId: number, start: string): Promise<ReportContent> {
  const q = counts(ctx, districtId);
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
  const c = await comparer(ctx);
  const prevStart = addMonths(start, -1);
  const lyStart = addMonths(start, -12);
  const mom = (v: number, p: number) => c.cmp(v, p, prevStart);
  const yoy = (v: number, l: number) => c.cmp(v, l, lyStart);
  const [tm, ty] = [mom(tot(mk), tot(pk)), yoy(tot(mk), lyTotal)];
  const lyIn = c.complete(lyStart);
  const catCmp = cats.map((cat) => ({ cat, m: mom(byCat.get(cat)!.get(mk) ?? 0, byCat.get(cat)!.get(pk) ?? 0), y: yoy(byCat.get(cat)!.get(mk) ?? 0, lyRows.get(cat) ?? 0) }));
  const sections: ReportSection[] = [];
  sections.push(
    section({
      id: 'trend',
      title: '近 12 个月分类趋势',
      text: [`本月有效警情 ${tot(mk)} 起，上月 ${tot(pk)} 起（环比 ${comparisonText(tm)}），去年同月 ${lyIn ? `${lyTotal} 起` : '不在数据内'}（同比 ${comparisonText(ty)}）。`],
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
        rows: catCmp.map((x) => ({ category: catName(x.cat), month: x.m.cur, prev: x.m.base, mom: comparisonText(x.m), ly: lyIn ? x.y.base : null, yoy: comparisonText(x.y) })),
      },
      note: comparisonNote([tm, ty, ...catCmp.flatMap((x) => [x.m, x.y])], c.begin),
    }),
  );
  // response to calls (1/3/5 minutes) per station
  const resp = await q.response(start, end);
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
        rows: resp.map((r) => ({ station: areaName(ctx, r.station_id), incidents: r.incidents, arrived: r.arrived, rate: share(r.met, r.arrived), w1: r.w1, w3: r.w3, w5: r.w5, median: r.med === null ? null : Math.round(r.med) })),
      },
      note: resp.length ? null : '本月无有效警情。',
    }),
  );
  // patrol: plans published in the month, mandatory stops planned, visited and missed by patrol's own rule (one
  // count with patrol's daily report and the indicators: routeTallies), check-ins, flags, per station
  const tree = ctx.areas.tree();
  const stations = tree.descendantsAndSelf(districtId).filter((id) => tree.get(id)?.kind === 'station');
  const tallies = await routeTallies(ctx, { areaIds: tree.descendantsAndSelf(districtId), from: start, toExcl: end });
  const patrolRows = [];
  for (const st of stations) {
    const inside = tree.descendantsAndSelf(st);
    const x = await repo.patrolFigures(ctx.db, inside, { from: start, toExcl: end, offsetMin: ctx.config.utcOffsetMinutes });
    const mine = tallies.filter((t) => tree.within(t.areaId, st));
    const sum = (f: (t: RouteTally) => number) => mine.reduce((a, t) => a + f(t), 0);
    const [stops, visited, missed] = [sum((t) => t.planned), sum((t) => t.visited), sum((t) => t.missed)];
    patrolRows.push({ station: areaName(ctx, st), plans: x.plans, stops, visited, missed, rate: share(visited, stops), checkins: x.checkins, flags: x.flags, rounds: x.rounds });
  }
  sections.push(
    section({
      id: 'patrol',
      title: '巡防工作',
      text: ['必巡点位按每次应到计，与巡防日报同一口径：有巡防时段的点位，只有时段内（可提前 5 分钟）的有效打卡算到位；时段外（窗口外）和未核验的打卡只计入“打卡”次数。漏巡：时段或班次已过、或剩余时间已来不及的未到点位。'],
      table: {
        columns: [
          { key: 'station', title: '派出所' },
          { key: 'plans', title: '发布计划', unit: '份' },
          { key: 'stops', title: '必巡点位', unit: '次' },
          { key: 'visited', title: '已到点位', unit: '次' },
          { key: 'missed', title: '漏巡点位', unit: '次' },
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
  // a rise worth telling: at least 20 %, comparable, and beyond chance
  const rising = top.filter((cat) => {
    const x = mom(byCat.get(cat)!.get(mk) ?? 0, byCat.get(cat)!.get(pk) ?? 0);
    return x.status === 'ok' && !x.withinChance && (x.pct ?? 0) >= 20;
  });
  const summary = [
    `本月警情 ${tot(mk)} 起，环比 ${comparisonText(tm)}，同比 ${comparisonText(ty)}。`,
    rising.length ? `环比上升 20% 以上（超出随机波动）的主要类别：${rising.map(catName).join('、')}。` : '主要类别未见超出随机波动的环比上升 20% 以上。',
    `各所警情：${[...perStation.entries()].sort((x, y) => y[1] - x[1]).map(([id, n]) => `${areaName(ctx, id)} ${n} 起`).join('，') || '无'}。`,
  ];
  return { title: `${name}${KIND_NAME.monthly}（${mk}）`, areaName: name, summary, sections, audience: AUDIENCE.monthly };
}
