// Forecasts in the product: per district and local date, a nightly job (and anyone allowed, on demand) fits the
// forecast models on the district's incidents of the last FORECAST_TRAIN_DAYS, picks the model with the best mean
// PAI at 5 % over the last 28 days of that training data (each day forecast from the days before it), and stores
// the top cells of the day and of each patrol shift. Shift forecasts are fitted on the incidents whose local time of
// day falls in the shift (the whole day's when a shift has fewer than MIN_SHIFT_EVENTS of its own).
//
// Cells are the deployment's fixed grid (packages/core/src/patrol/risk.ts: side FORECAST_CELL_M, scale fixed by the
// district's latitude rounded to a degree, anchored at lon 0 / lat 0): a forecast cell and a patrol plan's risk
// cell have the same id, which is how the forecast feeds the planner (`forecastRiskCells`).
import {
  DAY_MS,
  MODEL_NAMES,
  binCounts,
  metersPerDegree,
  pointInPolygon,
  riskGrid,
  type ForecastEvent,
  type GridSpec,
  type ModelName,
  type ModelParams,
} from '@jingwang/core';
import { INCIDENT_CATEGORIES, type ForecastCell, type ForecastLayer, type ForecastRun } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso, json } from '../../lib/format';
import { authorize, inScope, SYSTEM_ACTOR, type Actor } from '../auth/policy';
import { getShift, listShifts, localDate, minutesOf } from '../patrol/reference';
import { runInWorker } from './compute';
import * as repo from './repo';

/** Days at the end of the training data on which the model is chosen. */
export const VALIDATION_DAYS = 28;
/** Cells kept per shift: the top 10 % of the district, at least 20, at most 600. */
const KEEP_SHARE = 0.1;
const KEEP_MIN = 20;
const KEEP_MAX = 600;
/**
 * Candidate models of the product: KDE, the self-exciting process and the ensemble. The naive baseline and
 * prospective hotspotting stay in the backtest table: prospective never beat the tuned KDE there (docs/forecast.md)
 * and its tuning costs a third of the weekly tuning time.
 */
export function candidateModels(): ModelName[] {
  return MODEL_NAMES.filter((m) => m !== 'naive' && m !== 'prospective');
}

export interface RunOptions {
  /** Models to choose from (default candidateModels()). */
  models?: ModelName[];
  /** Days of validation at the end of the training data (default VALIDATION_DAYS). */
  validationDays?: number;
  /**
   * Tune and choose the model again (default: on demand always; on schedule only when the district's last tuning
   * is RETUNE_DAYS old or more; in between the nightly run refits the chosen model with its tuned parameters).
   */
  retune?: boolean;
}

/** The nightly run tunes again when the last tuning is this old. Tuning every model is the costly part. */
export const RETUNE_DAYS = 7;

interface DistrictInfo {
  id: number;
  name: string;
  refLat: number;
  polygons: number[][][][];
}

async function districtOf(ctx: Ctx, areaId: number, field: string): Promise<DistrictInfo> {
  const tree = ctx.areas.tree();
  const node = tree.get(areaId);
  if (!node) throw new AppError('AREA_NOT_FOUND', `Area ${areaId} not found`, { field });
  const d = node.kind === 'district' ? node : tree.ancestors(areaId).find((a) => a.kind === 'district');
  if (!d) throw new AppError('NOT_A_DISTRICT', `Area ${areaId} is not in a district`, { field });
  const row = (await repo.areaShape(ctx.db, d.id))!;
  const g = JSON.parse(row.gj) as { type: string; coordinates: number[][][] | number[][][][] };
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
  return { id: d.id, name: d.name, refLat: Math.round(row.lat), polygons };
}

/** Epoch ms of local midnight starting `date` (YYYY-MM-DD). */
export function localMidnight(date: string, utcOffsetMinutes: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - utcOffsetMinutes * 60_000;
}

/** An incident category of the dictionary, or undefined (all incidents); 400 with the field otherwise. */
export function checkCategory(category: string | undefined, field = '/category'): string | undefined {
  if (category === undefined) return undefined;
  if (!(INCIDENT_CATEGORIES as readonly string[]).includes(category)) throw new AppError('VALIDATION_FAILED', `Unknown incident category: ${category}`, [{ field, message: `must be one of ${INCIDENT_CATEGORIES.join(', ')}` }]);
  return category;
}

function checkDate(date: string, field = '/date'): void {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new AppError('VALIDATION_FAILED', `Not a date: ${date}`, [{ field, message: 'must be a real calendar date YYYY-MM-DD' }]);
}

/** The grid of a district on the deployment's fixed cells: aligned to multiples of the cell side, mask = centre in the district. */
export function districtGrid(polygons: number[][][][], refLat: number, cellM: number): { grid: GridSpec; project: (lon: number, lat: number) => [number, number]; ix0: number; iy0: number } {
  const m = metersPerDegree(refLat);
  const project = (lon: number, lat: number): [number, number] => [lon * m.lon, lat * m.lat];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polygons) for (const [lon, lat] of poly[0]!) {
    const [x, y] = project(lon!, lat!);
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const ix0 = Math.floor(minX / cellM) - 1;
  const iy0 = Math.floor(minY / cellM) - 1;
  const nx = Math.floor(maxX / cellM) + 2 - ix0;
  const ny = Math.floor(maxY / cellM) + 2 - iy0;
  const grid: GridSpec = { x0: ix0 * cellM, y0: iy0 * cellM, cellSize: cellM, nx, ny, mask: new Uint8Array(nx * ny) };
  const rg = riskGrid(refLat, cellM);
  for (let iy = 0; iy < ny; iy++) for (let ix = 0; ix < nx; ix++) {
    const [lon, lat] = rg.centre(ix + ix0, iy + iy0);
    if (pointInPolygon(lon, lat, polygons as never)) grid.mask[iy * nx + ix] = 1;
  }
  return { grid, project, ix0, iy0 };
}

/**
 * Makes (or remakes) the forecast of a district for a local date. Deterministic for the same incidents and
 * options. Replaces an earlier run for the same district and date.
 */
export async function runForecast(ctx: Ctx, actor: Actor, b: { districtId: number; date?: string; category?: string }, trigger: 'schedule' | 'demand', opts: RunOptions = {}): Promise<ForecastRun> {
  authorize(actor, 'forecast.run');
  const t0 = Date.now();
  const off = ctx.config.utcOffsetMinutes;
  const date = b.date ?? localDate(ctx.clock.now().getTime(), off);
  checkDate(date);
  const category = checkCategory(b.category);
  const node = ctx.areas.tree().get(b.districtId);
  if (!node) throw new AppError('AREA_NOT_FOUND', `Area ${b.districtId} not found`, { field: '/districtId' });
  if (node.kind !== 'district') throw new AppError('NOT_A_DISTRICT', undefined, { field: '/districtId' });
  if (!inScope(actor, ctx.areas.tree(), [b.districtId])) throw new AppError('OUT_OF_SCOPE');
  const d = await districtOf(ctx, b.districtId, '/districtId');
  const cellM = ctx.config.forecastCellM;
  const until = localMidnight(date, off);
  const from = until - ctx.config.forecastTrainDays * DAY_MS;
  const rows = await repo.trainingIncidents(ctx.db, d.id, new Date(from).toISOString(), new Date(until).toISOString());
  const { grid, project, ix0, iy0 } = districtGrid(d.polygons, d.refLat, cellM);
  const events: (ForecastEvent & { minute: number })[] = rows.map((r) => {
    const [x, y] = project(r.lon, r.lat);
    const local = new Date(r.at + off * 60_000);
    return { x, y, t: r.at, category: r.category, minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
  });

  // keep the model chosen at the district's last tuning when it is recent (nightly), else choose and tune again
  const retune = opts.retune ?? trigger === 'demand';
  const last = retune ? null : await repo.lastRunBefore(ctx.db, d.id, date, category ?? null);
  const lastV = last ? json<{ pai5?: Record<string, number | null>; periods?: number; tunedOn?: string; note?: string | null }>(last.validation) : null;
  const keep = last && lastV?.tunedOn && !lastV.note && dateMs(date) - dateMs(lastV.tunedOn) < RETUNE_DAYS * DAY_MS ? { model: last.model as ModelName, params: json<ModelParams>(last.params) } : null;
  const shifts = await listShifts(ctx, SYSTEM_ACTOR);
  const out = await runInWorker({
    events,
    grid,
    until,
    validateFrom: until - (opts.validationDays ?? VALIDATION_DAYS) * DAY_MS,
    models: opts.models ?? candidateModels(),
    keep,
    shifts: shifts.map((s) => ({ id: s.id, startMinute: minutesOf(s.startsAt), durationMin: s.durationMinutes })),
    ...(category !== undefined ? { category } : {}),
  });
  const { model, params, note, layers } = out;
  const kept = !out.tuned && keep !== null && out.model === keep.model;
  const pai5 = kept ? (lastV!.pai5 ?? {}) : out.pai5;
  const periods = kept ? (lastV!.periods ?? 0) : out.periods;
  const tunedOn = kept ? lastV!.tunedOn! : date;
  const targets = category === undefined ? events : events.filter((e) => e.category === category);
  const history = binCounts(grid, targets);
  const masked = grid.mask.reduce((a, v) => a + v, 0);
  const keepCells = Math.min(KEEP_MAX, Math.max(KEEP_MIN, Math.ceil(masked * KEEP_SHARE)));
  const cells: { shift_id: number | null; ix: number; iy: number; score: number; share: number; rank: number; history: number }[] = [];
  for (const l of layers) {
    let total = 0;
    const order: number[] = [];
    for (let i = 0; i < l.scores.length; i++) {
      if (!grid.mask[i]) continue;
      total += l.scores[i]!;
      if (l.scores[i]! > 0) order.push(i);
    }
    order.sort((a, c) => l.scores[c]! - l.scores[a]! || a - c);
    order.slice(0, keepCells).forEach((i, k) => {
      const ix = i % grid.nx;
      const iy = (i - ix) / grid.nx;
      cells.push({ shift_id: l.shiftId, ix: ix + ix0, iy: iy + iy0, score: l.scores[i]!, share: total > 0 ? l.scores[i]! / total : 0, rank: k + 1, history: history[i]! });
    });
  }
  const fallbacks = layers.filter((l) => l.fallback).map((l) => l.shiftId);
  const validation = { pai5, note, periods, tunedOn, shiftFallback: fallbacks };
  const durationMs = Date.now() - t0;
  const runId = await ctx.db.transaction().execute((tx) =>
    repo.replaceRun(
      tx,
      {
        district_id: d.id,
        for_date: date,
        category: category ?? null,
        trigger,
        model,
        params: JSON.stringify(params),
        validation: JSON.stringify(validation),
        cell_m: cellM,
        ref_lat: d.refLat,
        train_from: new Date(from).toISOString(),
        train_until: new Date(until).toISOString(),
        events: targets.length,
        cells: masked,
        duration_ms: durationMs,
        created_at: ctx.clock.now().toISOString(),
        created_by: actor.displayName,
      },
      cells,
    ),
  );
  return getRun(ctx, runId);
}

type RunRow = repo.RunRow;

const dateMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const dateStr = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

function present(ctx: Ctx, r: RunRow): ForecastRun {
  const v = json<{ pai5: Record<string, number | null>; note: string | null; periods: number; tunedOn?: string }>(r.validation);
  return {
    id: r.id,
    districtId: r.district_id,
    districtName: ctx.areas.tree().get(r.district_id)?.name ?? '',
    date: dateStr(r.for_date),
    category: r.category ?? null,
    trigger: r.trigger,
    model: r.model,
    params: json<Record<string, unknown>>(r.params),
    validation: { pai5: v.pai5 ?? {}, note: v.note ?? null, periods: v.periods ?? 0, tunedOn: v.tunedOn ?? dateStr(r.for_date) },
    cellM: r.cell_m,
    trainFrom: iso(r.train_from),
    trainUntil: iso(r.train_until),
    events: r.events,
    cells: r.cells,
    durationMs: r.duration_ms,
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
  };
}

async function getRun(ctx: Ctx, id: number): Promise<ForecastRun> {
  const r = await repo.getRunRow(ctx.db, id);
  if (!r) throw new AppError('FORECAST_NOT_FOUND');
  return present(ctx, r);
}

export async function listRuns(ctx: Ctx, actor: Actor, q: { districtId?: number; limit?: number }): Promise<ForecastRun[]> {
  authorize(actor, 'forecast.read');
  const rows = await repo.listRunRows(ctx.db, { districtId: q.districtId, limit: q.limit ?? 30 });
  const tree = ctx.areas.tree();
  // a station lead sees the forecast of the district around the station (its cells are filtered to the area by the layer)
  return rows.filter((r) => inScope(actor, tree, [r.district_id]) || (actor.scopeAreaId !== null && tree.within(actor.scopeAreaId, r.district_id))).map((r) => present(ctx, r));
}

/** Squares of the fixed grid as closed rings. */
function ringOf(refLat: number, cellM: number, ix: number, iy: number): [number, number][] {
  const m = metersPerDegree(refLat);
  const dLon = cellM / m.lon;
  const dLat = cellM / m.lat;
  const x0 = ix * dLon, y0 = iy * dLat;
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  return [[r(x0), r(y0)], [r(x0 + dLon), r(y0)], [r(x0 + dLon), r(y0 + dLat)], [r(x0), r(y0 + dLat)], [r(x0), r(y0)]];
}

export function bandOf(rank: number, cells: number): 1 | 2 | 5 | 10 {
  for (const b of [1, 2, 5] as const) if (rank <= Math.max(1, Math.ceil((cells * b) / 100))) return b;
  return 10;
}

/** The stored cells of the run for the district holding `areaId`, for a date and shift, inside `areaId`. */
export async function forecastLayer(ctx: Ctx, actor: Actor, q: { areaId: number; date?: string; shiftId?: number; category?: string }): Promise<ForecastLayer> {
  authorize(actor, 'forecast.read');
  const tree = ctx.areas.tree();
  if (!tree.get(q.areaId)) throw new AppError('AREA_NOT_FOUND', `Area ${q.areaId} not found`, { field: '/areaId' });
  if (!inScope(actor, tree, [q.areaId])) throw new AppError('OUT_OF_SCOPE');
  const date = q.date ?? localDate(ctx.clock.now().getTime(), ctx.config.utcOffsetMinutes);
  checkDate(date, '/date');
  const category = checkCategory(q.category);
  const d = await districtOf(ctx, q.areaId, '/areaId');
  let shiftName: string | null = null;
  if (q.shiftId !== undefined) shiftName = (await getShift(ctx, q.shiftId)).name;
  const run = await repo.runFor(ctx.db, d.id, date, category ?? null);
  if (!run) throw new AppError('FORECAST_NOT_FOUND', `No forecast for ${d.name} on ${date}${category ? ` (${category})` : ''}`);
  const cells = await cellsOf(ctx, run, q.shiftId ?? null, q.areaId === d.id ? null : q.areaId);
  const v = json<{ shiftFallback?: (number | null)[] }>(run.validation);
  return {
    run: present(ctx, run),
    shiftId: q.shiftId ?? null,
    shiftName,
    shiftFallback: q.shiftId !== undefined && (v.shiftFallback ?? []).includes(q.shiftId),
    cells,
  };
}

async function cellsOf(ctx: Ctx, run: RunRow, shiftId: number | null, withinAreaId: number | null): Promise<ForecastCell[]> {
  const rows = await repo.cellRows(ctx.db, run.id, shiftId);
  const rg = riskGrid(run.ref_lat, run.cell_m);
  let out: ForecastCell[] = rows.map((c) => {
    const [lon, lat] = rg.centre(c.ix, c.iy);
    return {
      id: `c:${c.ix}:${c.iy}`,
      lon: Math.round(lon * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      ring: ringOf(run.ref_lat, run.cell_m, c.ix, c.iy),
      score: c.score,
      share: c.share,
      rank: c.rank,
      band: bandOf(c.rank, run.cells),
      history: c.history,
    };
  });
  if (withinAreaId !== null && out.length) {
    const g = JSON.parse((await repo.areaShape(ctx.db, withinAreaId))!.gj) as { type: string; coordinates: unknown };
    const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as never;
    out = out.filter((c) => pointInPolygon(c.lon, c.lat, polys));
  }
  return out;
}

/** A patrol plan's risk cells: id, centre, risk (sums to 1 over the cells) and training incidents in the cell. */
export interface RiskCells {
  model: string;
  cells: { id: string; lon: number; lat: number; risk: number; count: number }[];
  /** With category weights: the categories whose forecast was used, and those asked for that had none for the date. */
  categories?: { used: string[]; missing: string[] };
}

/**
 * Risk cells for a patrol plan from the forecast of the plan's district, date and shift, inside the plan's area;
 * null when there is no forecast, or it was made on another grid (cell side or scale) than the planner's.
 *
 * `categoryWeights` (optional, category -> weight >= 0): risk = sum over the weighted categories of weight x the
 * category forecast's risk (each normalised to 1 inside the area), over the weights of the categories that have a
 * forecast for the date on the same grid; categories without one are listed in `categories.missing`. When none has
 * one, the all-incident forecast as without weights. Unknown categories are a 400 naming the field.
 */
export async function forecastRiskCells(ctx: Ctx, areaId: number, date: string, shiftId: number, grid: { refLat: number; cellM: number }, categoryWeights?: Record<string, number>): Promise<RiskCells | null> {
  let d: DistrictInfo;
  try {
    d = await districtOf(ctx, areaId, '/areaId');
  } catch {
    return null;
  }
  const within = areaId === d.id ? null : areaId;
  const layerOf = async (category: string | null) => {
    const run = await repo.runFor(ctx.db, d.id, date, category);
    if (!run || run.ref_lat !== grid.refLat || run.cell_m !== grid.cellM) return null;
    const cells = await cellsOf(ctx, run, shiftId, within);
    const total = cells.reduce((a, c) => a + c.share, 0);
    return cells.length && total > 0 ? { model: run.model, cells, total } : null;
  };
  // the all-incident forecast's cells as risk (with what became of the categories asked for, when some were)
  const allIncidents = async (categories?: { used: string[]; missing: string[] }): Promise<RiskCells | null> => {
    const all = await layerOf(null);
    if (!all) return null;
    const cells = all.cells.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, risk: c.share / all.total, count: c.history }));
    return { model: all.model, cells, ...(categories ? { categories } : {}) };
  };
  const weighted = Object.entries(categoryWeights ?? {});
  for (const [c, w] of weighted) {
    checkCategory(c, `/categoryWeights/${c}`);
    if (!(Number.isFinite(w) && w >= 0)) throw new AppError('VALIDATION_FAILED', undefined, [{ field: `/categoryWeights/${c}`, message: 'must be a number >= 0' }]);
  }
  if (weighted.some(([, w]) => w > 0)) {
    const used: string[] = [];
    const missing: string[] = [];
    const acc = new Map<string, { id: string; lon: number; lat: number; risk: number; count: number }>();
    const models = new Set<string>();
    let wSum = 0;
    for (const [c, w] of weighted) {
      if (!(w > 0)) continue;
      const l = await layerOf(c);
      if (!l) {
        missing.push(c);
        continue;
      }
      used.push(c);
      models.add(l.model);
      wSum += w;
      for (const cell of l.cells) {
        const a = acc.get(cell.id) ?? { id: cell.id, lon: cell.lon, lat: cell.lat, risk: 0, count: 0 };
        a.risk += (w * cell.share) / l.total;
        a.count += cell.history;
        acc.set(cell.id, a);
      }
    }
    if (used.length) {
      const cells = [...acc.values()].map((c) => ({ ...c, risk: c.risk / wSum })).sort((a, b) => b.risk - a.risk || a.id.localeCompare(b.id));
      return { model: `by_category_${[...models].sort().join('+')}`, cells, categories: { used, missing } };
    }
    return allIncidents({ used, missing });
  }
  return allIncidents();
}

/** Whether the district has its forecast for the local date (the nightly job makes each once). */
export async function hasForecast(ctx: Ctx, districtId: number, date: string): Promise<boolean> {
  return repo.hasRun(ctx.db, districtId, date);
}

/** Districts live now (the nightly job forecasts each). */
export function liveDistricts(ctx: Ctx): number[] {
  return ctx.areas
    .tree()
    .all()
    .filter((a) => a.kind === 'district' && a.validTo === null)
    .map((a) => a.id);
}
