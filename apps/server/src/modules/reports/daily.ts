// The daily reminder (日提醒) of a station: yesterday by police grid against the same weekday of the last
// BASELINE_WEEKS weeks, anomalies (Poisson z), yesterday by category, and today's top forecast cells.
import { anomalies, compareCounts, comparisonText } from '@jingwang/core';
import type { ReportContent, ReportSection } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { SYSTEM_ACTOR } from '../auth/policy';
import { forecastLayer } from '../forecast/service';
import * as repo from './repo';
import { AUDIENCE, BASELINE_WEEKS, KIND_NAME, addDays, areaName, catName, comparer, comparisonNote, counts, round1, section } from './common';

export async function buildDaily(ctx: Ctx, stationId: number, day: string): Promise<ReportContent> {
  const q = counts(ctx, stationId);
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
  // against the mean of the same weekdays: comparable only when all BASELINE_WEEKS of them are in the data
  const c = await comparer(ctx);
  const vsMean = (n: number, mean: number) => compareCounts(n, mean, { baseComplete: c.complete(histFrom), minBase: 1 });
  const totalCmp = vsMean(total, meanTotal);
  const gridCmp = new Map(gridRows.map((g) => [g.id, vsMean(g.today, g.rawMean)]));

  const sections: ReportSection[] = [];
  sections.push(
    section({
      id: 'by_grid',
      title: '昨日警情（按警格）',
      text: [`${day} 全所接报有效警情 ${total} 起；近 ${BASELINE_WEEKS} 周同一星期几平均 ${round1(meanTotal)} 起（${comparisonText(totalCmp)}）。`],
      table: {
        columns: [
          { key: 'grid', title: '警格' },
          { key: 'count', title: '昨日', unit: '起' },
          { key: 'mean', title: `近${BASELINE_WEEKS}周同日均值`, unit: '起' },
          { key: 'change', title: '变化' },
          { key: 'flag', title: '提示' },
        ],
        rows: gridRows.map((g) => ({ grid: g.name, count: g.today, mean: g.mean, change: comparisonText(gridCmp.get(g.id)!), flag: flagged.has(String(g.id)) ? '异常升高' : '' })),
      },
      chart: gridRows.length
        ? { kind: 'bar', categories: gridRows.slice(0, 12).map((g) => g.name), series: [{ name: '昨日', data: gridRows.slice(0, 12).map((g) => g.today) }, { name: '同日均值', data: gridRows.slice(0, 12).map((g) => g.mean) }], unit: '起' }
        : null,
      note: comparisonNote([totalCmp, ...gridCmp.values()], c.begin),
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
    `昨日警情 ${total} 起，近 ${BASELINE_WEEKS} 周同日均值 ${round1(meanTotal)} 起（${comparisonText(totalCmp)}）。`,
    found.length ? `${found.length} 个警格警情异常升高：${found.slice(0, 3).map((a) => areaName(ctx, a.key === 'null' ? null : Number(a.key))).join('、')}${found.length > 3 ? '等' : ''}。` : '各警格未见异常升高。',
  ];
  if (catFound.length) summary.push(`异常升高的类别：${catFound.map((a) => `${catName(a.key)}（${a.count} 起，均值 ${a.mean}）`).join('、')}。`);
  const cells = sections.at(-1)!;
  if (cells.table?.rows.length) summary.push(`今日重点巡防区块 ${cells.table.rows.length} 个，见“今日高风险区块”。`);
  return { title: `${name}${KIND_NAME.daily}（${day}）`, areaName: name, summary, sections, audience: AUDIENCE.daily };
}

/** '人民路 · 近 人民路88号' / '人民路附近' / '近 xx小区' / '（无道路和地址信息）'. */
export function blockPlace(p: { road: string | null; address: string | null }): string {
  if (p.road && p.address) return `${p.road} · 近 ${p.address}`;
  if (p.road) return `${p.road}附近`;
  if (p.address) return `近 ${p.address}`;
  return '（无道路和地址信息）';
}

async function topCellsSection(ctx: Ctx, areaId: number, date: string): Promise<ReportSection> {
  try {
    const layer = await forecastLayer(ctx, SYSTEM_ACTOR, { areaId, date });
    const top = layer.cells.slice(0, 10);
    // a block is named by its police grid, the nearest road and the nearest known address, never by its raw id
    const where = await Promise.all(top.map((c) => repo.placeAt(ctx.db, c.lon, c.lat)));
    return section({
      id: 'top_cells',
      title: '今日高风险区块',
      text: [`${date} 全天预测（模型 ${layer.run.model}，${layer.run.cellM} 米方格（区块），按本所范围内排序；片区排名为在全片区中的名次）。当日新生成的巡逻计划以此预测为风险来源；地图见“预测研判”。`],
      table: {
        columns: [
          { key: 'rank', title: '片区排名' },
          { key: 'where', title: '所在警格' },
          { key: 'place', title: '位置（道路、附近地址）' },
          { key: 'share', title: '预测占比', unit: '%' },
          { key: 'history', title: '一年内警情', unit: '起' },
        ],
        rows: top.map((c, k) => ({ rank: c.rank, where: areaName(ctx, where[k]!.grid_id), place: blockPlace(where[k]!), share: Math.round(c.share * 10000) / 100, history: c.history })),
      },
      note: top.length ? null : '预测中本所范围内没有高风险区块。',
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'FORECAST_NOT_FOUND') return section({ id: 'top_cells', title: '今日高风险区块', note: `${date} 尚无预测（每晚自动生成，也可在“预测热点”中手动生成）。` });
    throw e;
  }
}
