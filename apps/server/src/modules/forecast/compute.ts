// The CPU-heavy part of a district's forecast, as a pure function of plain data: choose and tune the model (or keep
// a recent choice), then score the whole day and each shift. Runs in a worker thread (worker.ts) so that tuning,
// which takes tens of seconds on a county's year, never stalls the API and the command room.
import { DAY_MS, MODEL_NAMES, evaluatePeriod, forecastScores, inDailyWindow, tuneEnsemble, tuneModel, type ForecastEvent, type GridSpec, type ModelName, type ModelParams } from '@jingwang/core';

/** Below this many incidents in the training data the forecast is plain KDE with its default bandwidth. */
export const MIN_TRAIN_EVENTS = 50;
/** A shift forecast uses its own hours' incidents only when it has at least this many. */
export const MIN_SHIFT_EVENTS = 30;

export interface ComputeInput {
  /** Training incidents, sorted by time; minute = local minute of the day. */
  events: (ForecastEvent & { minute: number })[];
  grid: GridSpec;
  /** Start of the forecast day (local midnight), epoch ms; every event is before it. */
  until: number;
  validateFrom: number;
  models: ModelName[];
  /** Keep this model and its parameters instead of tuning (a choice made at the last tuning). */
  keep: { model: ModelName; params: ModelParams } | null;
  shifts: { id: number; startMinute: number; durationMin: number }[];
  /**
   * Forecast this incident category alone (absent: every incident). The ensemble then reads every incident (its
   * shared surface, whose weight is tuned on the validation days) and the other models the category's only.
   */
  category?: string;
}

export interface ComputeOutput {
  model: ModelName;
  params: ModelParams;
  /** Validation PAI at 5 % per candidate; empty when the model was kept or the data too small. */
  pai5: Record<string, number | null>;
  periods: number;
  note: string | null;
  tuned: boolean;
  layers: { shiftId: number | null; fallback: boolean; scores: Float64Array }[];
}

/**
 * Mean PAI at 5 % of `params` over consecutive days of [from, end), each forecast from the events before it; with a
 * category, scored on that category's events only.
 */
export function validationPai(model: ModelName, events: readonly ForecastEvent[], grid: GridSpec, from: number, end: number, params: ModelParams, category?: string): { pai: number | null; periods: number } {
  let total = 0;
  let n = 0;
  for (let s = from; s + DAY_MS <= end; s += DAY_MS) {
    const test = events.filter((e) => e.t >= s && e.t < s + DAY_MS && (category === undefined || e.category === category));
    if (!test.length) continue;
    const before = events.filter((e) => e.t < s);
    total += evaluatePeriod(forecastScores(model, before, grid, s, s + DAY_MS, params), grid, test, [0.05]).pai[0]!;
    n++;
  }
  return { pai: n ? total / n : null, periods: n };
}

/** The events a model reads: with a category, the ensemble reads every incident and the others the category's. */
function inputOf<E extends ForecastEvent>(model: ModelName, all: readonly E[], category: string | undefined): readonly E[] {
  return category === undefined || model === 'ensemble' ? all : all.filter((e) => e.category === category);
}

export function computeForecast(inp: ComputeInput): ComputeOutput {
  const { events, grid, until, category } = inp;
  const targets = category === undefined ? events : events.filter((e) => e.category === category);
  let model: ModelName = 'kde';
  let params: ModelParams = {};
  const pai5: Record<string, number | null> = {};
  let periods = 0;
  let note: string | null = null;
  let tuned = false;
  if (category !== undefined && targets.length < MIN_TRAIN_EVENTS && events.length >= MIN_TRAIN_EVENTS) {
    // too few of the category to tune on: its own surface mixed with every incident's, default weights
    model = 'ensemble';
    params = { ensembleCategory: category };
    note = `该类警情训练数据只有 ${targets.length} 起（少于 ${MIN_TRAIN_EVENTS} 起），使用默认权重的分类组合模型（借用全部警情的分布）`;
  } else if (targets.length < MIN_TRAIN_EVENTS) {
    note = `训练数据只有 ${targets.length} 起警情（少于 ${MIN_TRAIN_EVENTS} 起），使用默认带宽的核密度`;
  } else if (inp.keep && (MODEL_NAMES as readonly string[]).includes(inp.keep.model)) {
    model = inp.keep.model;
    params = inp.keep.params;
  } else {
    tuned = true;
    let best = -Infinity;
    for (const m of inp.models) {
      // the tuning's own score of the winner over the validation days (computed again only for a model with
      // nothing to tune)
      const rep = { pai5: null as number | null, periods: 0 };
      const p = m === 'ensemble' && category !== undefined ? tuneEnsemble(events, grid, inp.validateFrom, until, DAY_MS, category, rep) : tuneModel(m, inputOf(m, events, category), grid, inp.validateFrom, until, DAY_MS, rep);
      const v = rep.periods > 0 ? { pai: rep.pai5, periods: rep.periods } : validationPai(m, inputOf(m, events, category), grid, inp.validateFrom, until, p, category);
      pai5[m] = v.pai === null ? null : Math.round(v.pai * 1000) / 1000;
      periods = Math.max(periods, v.periods);
      if (v.pai !== null && v.pai > best) {
        best = v.pai;
        model = m;
        params = p;
      }
    }
    if (best === -Infinity) note = '验证期内没有警情，使用默认带宽的核密度';
  }
  const input = inputOf(model, events, category);
  const layers: ComputeOutput['layers'] = [{ shiftId: null, fallback: false, scores: forecastScores(model, input, grid, until, until + DAY_MS, params) }];
  for (const s of inp.shifts) {
    const own = input.filter((e) => inDailyWindow(e.minute, s.startMinute, s.durationMin));
    const ownTargets = category === undefined ? own.length : own.filter((e) => e.category === category).length;
    const fallback = ownTargets < MIN_SHIFT_EVENTS;
    const span0 = until + s.startMinute * 60_000;
    layers.push({ shiftId: s.id, fallback, scores: forecastScores(model, fallback ? input : own, grid, span0, span0 + s.durationMin * 60_000, params) });
  }
  return { model, params, pai5, periods, note, tuned, layers };
}

/**
 * computeForecast in a worker thread (a fresh one per call: a forecast is made a few times a night, and the
 * worker's memory goes with it). Under tsx (the server runs its TypeScript directly) the worker loads tsx too.
 */
export async function runInWorker(inp: ComputeInput): Promise<ComputeOutput> {
  const { Worker } = await import('node:worker_threads');
  const ts = import.meta.url.endsWith('.ts');
  const w = new Worker(new URL(ts ? './worker-boot.mjs' : './worker.js', import.meta.url), { execArgv: [] });
  try {
    return await new Promise<ComputeOutput>((resolve, reject) => {
      w.once('message', (m: { ok: true; out: ComputeOutput } | { ok: false; error: string }) => (m.ok ? resolve(m.out) : reject(new Error(`forecast worker: ${m.error}`))));
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`forecast worker exited with code ${code}`)));
      w.postMessage(inp);
    });
  } finally {
    await w.terminate();
  }
}
