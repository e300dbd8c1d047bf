// Choosing a model's hyper-parameters on training data only, by rolling-origin validation: the span
// [validateFrom, end) is cut into consecutive periods of periodMs; each period is forecast from the events before
// its start (all before `end`), and the candidate with the highest mean PAI at 5 % over the periods that had events
// wins. Candidates are tried in the documented order and a later one must beat the best so far strictly, so the
// choice is deterministic and, on a tie, the earlier (simpler or default-like) one. Nothing at or after `end` is read.

import { ensembleCandidates, tuneEnsemble } from './ensemble';
import { evaluatePeriod } from './evaluate';
import { forecastScores } from './models';
import { fitSepp, seppExpected, type SeppFit } from './sepp';
import { applyMask } from './grid';
import type { ForecastEvent, GridSpec, ModelName, ModelParams } from './types';

/** KDE: multiples of Silverman's bandwidth x lookback days (undefined = all history). */
export const KDE_MULTIPLES: readonly number[] = [1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1];
export const KDE_LOOKBACK_DAYS: readonly (number | undefined)[] = [undefined, 56, 28, 7];
/** Prospective: spatial bandwidth in cell sides (0 = the event's own cell only) x time bandwidth in weeks. */
export const PROSPECTIVE_CELLS: readonly number[] = [0, 1, 1.5, 2, 3];
export const PROSPECTIVE_WEEKS: readonly number[] = [1, 2, 4, 8, 16];
/** SEPP: smoothing of the background in cell sides (0 = none, the plain model) x lookback days (undefined = all). */
export const SEPP_BACKGROUND_CELLS: readonly number[] = [0, 0.5, 1, 2];
export const SEPP_LOOKBACK_DAYS: readonly (number | undefined)[] = [undefined, 56];

/** The candidate parameter sets tuneModel searches for a model, in order. naive has none to tune ({}). */
export function candidateParams(model: ModelName, grid: GridSpec): ModelParams[] {
  const out: ModelParams[] = [];
  switch (model) {
    case 'naive':
      out.push({});
      break;
    case 'kde':
      for (const days of KDE_LOOKBACK_DAYS) for (const m of KDE_MULTIPLES) out.push(withLookback({ kdeBandwidthMultiple: m }, 'kdeLookbackDays', days));
      break;
    case 'prospective':
      for (const c of PROSPECTIVE_CELLS) for (const w of PROSPECTIVE_WEEKS) out.push({ prospectiveBandwidthMeters: c * grid.cellSize, prospectiveWeeks: w });
      break;
    case 'ensemble':
      out.push(...ensembleCandidates(grid));
      break;
    case 'sepp':
      for (const days of SEPP_LOOKBACK_DAYS) for (const c of SEPP_BACKGROUND_CELLS) out.push(withLookback({ seppBackgroundBandwidthMeters: c * grid.cellSize }, 'seppLookbackDays', days));
      break;
  }
  return out;
}

function withLookback(p: ModelParams, key: 'kdeLookbackDays' | 'seppLookbackDays', days: number | undefined): ModelParams {
  return days === undefined ? p : { ...p, [key]: days };
}

/** The validation periods: consecutive [s, s + periodMs) from validateFrom that end by `end`; if none fits, [validateFrom, end). */
export function validationPeriods(validateFrom: number, end: number, periodMs: number): [number, number][] {
  const out: [number, number][] = [];
  if (!(end > validateFrom)) return out;
  if (periodMs > 0) for (let s = validateFrom; s + periodMs <= end; s += periodMs) out.push([s, s + periodMs]);
  if (out.length === 0) out.push([validateFrom, end]);
  return out;
}

/**
 * Hyper-parameters chosen on training data only: split `train` at `validateFrom`, forecast each period of
 * [validateFrom, end) of length periodMs from the events before it, and maximise mean PAI at 5 % over the
 * candidates of candidateParams (see the constants above). Deterministic. Events at or after `end` are dropped
 * first. When no validation period has events, returns {} (the defaults).
 */
export function tuneModel(model: ModelName, train: readonly ForecastEvent[], grid: GridSpec, validateFrom: number, end: number, periodMs: number, report?: TuneReport): ModelParams {
  if (model === 'ensemble') return tuneEnsemble(train, grid, validateFrom, end, periodMs, undefined, report);
  const events = train.filter((e) => e.t < end).sort((a, b) => a.t - b.t);
  const periods = validationPeriods(validateFrom, end, periodMs);
  const candidates = candidateParams(model, grid);
  if (candidates.length <= 1 || periods.length === 0) return { ...(candidates[0] ?? {}) };
  const totals = new Float64Array(candidates.length);
  let counted = 0;
  let cut = 0; // events[0..cut) have t < period start (events are sorted by time)
  for (const [s, e] of periods) {
    while (cut < events.length && events[cut]!.t < s) cut++;
    const before = events.slice(0, cut);
    const test: ForecastEvent[] = [];
    for (let k = cut; k < events.length && events[k]!.t < e; k++) test.push(events[k]!);
    if (test.length === 0) continue;
    counted++;
    const fits = new Map<string, SeppFit>(); // SEPP's EM depends only on the lookback: fit once per period and lookback
    candidates.forEach((p, c) => {
      let scores: Float64Array;
      if (model === 'sepp') {
        const key = String(p.seppLookbackDays);
        let fit = fits.get(key);
        if (!fit) fits.set(key, (fit = fitSepp(before, grid, s, p)));
        scores = applyMask(grid, seppExpected(fit, grid, s, e, p));
      } else {
        scores = forecastScores(model, before, grid, s, e, p);
      }
      totals[c]! += evaluatePeriod(scores, grid, test, [0.05]).pai[0]!;
    });
  }
  if (counted === 0) return {};
  let best = 0;
  for (let c = 1; c < candidates.length; c++) if (totals[c]! > totals[best]!) best = c;
  if (report) {
    report.pai5 = totals[best]! / counted;
    report.periods = counted;
  }
  return { ...candidates[best]! };
}

/**
 * Filled by tuneModel when it compared candidates: the winner's mean PAI at 5 % over the validation periods that
 * had events, and their number (left untouched when there was nothing to compare, e.g. naive).
 */
export interface TuneReport {
  pai5: number | null;
  periods: number;
}
