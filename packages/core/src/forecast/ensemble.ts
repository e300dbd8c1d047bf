// An ensemble of time scales and of crime types (a stacked forecast in the sense of Smyth and Wolpert 1999, with
// weights chosen on validation periods of the training data as in the NIJ challenge entries of Mohler and Porter
// 2018). The score of a cell is a weighted sum of three surfaces, each normalised to sum 1 over the study area:
//
//   long    the target events of all history, binned and Gaussian-smoothed (a long-term KDE: where crime settles)
//   shared  every event of every category, likewise: a background shared by the categories (Mohler 2014 used
//           other crime types as leading indicators of homicide); only when a target category is given
//   recent  the target events weighted by exp(-age / decayDays), smoothed alike: the short-term, near-repeat
//           part (the integral over the coming period of SEPP's exponential triggering term has this form, with
//           omega = 1 / decayDays; the Gaussian spreads it to neighbouring cells)
//
// Normalising first makes the weights mean the share of the forecast each surface holds, whatever the data's size.
// Every surface sees only events with t < from.

import { applyMask, cellIndex } from './grid';
import { flaggedCount } from './evaluate';
import { gaussianSmooth } from './smooth';
import { DAY_MS, type ForecastEvent, type GridSpec, type ModelParams } from './types';

/** Defaults: half a cell of smoothing, a week of decay, weights long 0.6, shared 0.2, recent 0.2. */
export const ENSEMBLE_DEFAULT_BANDWIDTH_CELLS = 0.5;
export const ENSEMBLE_DEFAULT_DECAY_DAYS = 7;
export const ENSEMBLE_DEFAULT_WEIGHTS: readonly [number, number, number] = [0.6, 0.2, 0.2];

/** The three normalised surfaces (length nx*ny, 0 outside the mask). shared is null without a target category. */
export interface EnsembleSurfaces {
  long: Float64Array;
  shared: Float64Array | null;
  recent: Float64Array;
}

/** Scale a raster in place so its masked cells sum to 1 (left at zero when they sum to 0); cells outside the mask are zeroed. */
function normalise(grid: GridSpec, a: Float64Array): Float64Array {
  applyMask(grid, a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  if (s > 0) for (let i = 0; i < a.length; i++) a[i]! /= s;
  return a;
}

/** Whether an event is one of the target category's (every event when no category is given). */
function isTarget(e: ForecastEvent, category: string | undefined): boolean {
  return category === undefined || e.category === category;
}

/** Raw (unsmoothed, unnormalised) rasters: target counts, all counts, and target counts decayed per decay time. */
interface RawRasters {
  long: Float64Array;
  all: Float64Array;
  recent: Map<number, Float64Array>;
}

function rawRasters(train: readonly ForecastEvent[], grid: GridSpec, from: number, decays: readonly number[], category: string | undefined): RawRasters {
  const n = grid.nx * grid.ny;
  const long = new Float64Array(n);
  const all = new Float64Array(n);
  const recent = new Map<number, Float64Array>();
  for (const tau of decays) recent.set(tau, new Float64Array(n));
  const rates = decays.map((tau) => (tau > 0 ? 1 / (tau * DAY_MS) : Infinity));
  const rasters = decays.map((tau) => recent.get(tau)!);
  for (const e of train) {
    if (!(e.t < from)) continue;
    const i = cellIndex(grid, e.x, e.y);
    if (i < 0) continue;
    all[i]! += 1;
    if (!isTarget(e, category)) continue;
    long[i]! += 1;
    for (let k = 0; k < rates.length; k++) rasters[k]![i]! += Math.exp(-(from - e.t) * rates[k]!);
  }
  return { long, all, recent };
}

function smoothAndNormalise(grid: GridSpec, a: Float64Array, bandwidthMeters: number): Float64Array {
  return normalise(grid, bandwidthMeters > 0 ? gaussianSmooth(a, grid.nx, grid.ny, grid.cellSize, bandwidthMeters) : a.slice());
}

/**
 * The surfaces for a forecast from `from`, with a Gaussian of bandwidthMeters (0 = none) and an exponential decay
 * of decayDays. Events at or after `from` are ignored.
 */
export function ensembleSurfaces(train: readonly ForecastEvent[], grid: GridSpec, from: number, bandwidthMeters: number, decayDays: number, category?: string): EnsembleSurfaces {
  const raw = rawRasters(train, grid, from, [decayDays], category);
  return surfacesOf(grid, raw, bandwidthMeters, decayDays, category !== undefined);
}

function surfacesOf(grid: GridSpec, raw: RawRasters, bandwidthMeters: number, decayDays: number, withShared: boolean): EnsembleSurfaces {
  return {
    long: smoothAndNormalise(grid, raw.long, bandwidthMeters),
    shared: withShared ? smoothAndNormalise(grid, raw.all, bandwidthMeters) : null,
    recent: smoothAndNormalise(grid, raw.recent.get(decayDays)!, bandwidthMeters),
  };
}

/** The weights [long, shared, recent] of params, each >= 0 (defaults ENSEMBLE_DEFAULT_WEIGHTS). */
export function ensembleWeights(params: ModelParams): [number, number, number] {
  const w = params.ensembleWeights ?? ENSEMBLE_DEFAULT_WEIGHTS;
  return [0, 1, 2].map((k) => Math.max(0, Number(w[k]) || 0)) as [number, number, number];
}

/** Mix the surfaces: w_long long + w_shared shared + w_recent recent; without a shared surface its weight goes to long. */
export function mixSurfaces(s: EnsembleSurfaces, weights: readonly [number, number, number]): Float64Array {
  const [wl0, ws0, wr] = weights;
  const wl = s.shared ? wl0 : wl0 + ws0;
  const ws = s.shared ? ws0 : 0;
  const out = new Float64Array(s.long.length);
  const shared = s.shared ?? s.long; // with ws = 0: the same sum, in the same order, as tuneEnsemble's
  for (let i = 0; i < out.length; i++) out[i] = wl * s.long[i]! + ws * shared[i]! + wr * s.recent[i]!;
  return out;
}

/**
 * The ensemble forecast for [from, to): see the file's head. Parameters: ensembleBandwidthMeters (default half a
 * cell), ensembleDecayDays (default 7), ensembleWeights (default [0.6, 0.2, 0.2]) and ensembleCategory (the target
 * category; all other events then only feed the shared surface). The period's length does not change the ranking.
 */
export function ensembleScores(train: readonly ForecastEvent[], grid: GridSpec, from: number, params: ModelParams = {}): Float64Array {
  const h = params.ensembleBandwidthMeters ?? ENSEMBLE_DEFAULT_BANDWIDTH_CELLS * grid.cellSize;
  const tau = params.ensembleDecayDays ?? ENSEMBLE_DEFAULT_DECAY_DAYS;
  return mixSurfaces(ensembleSurfaces(train, grid, from, h, tau, params.ensembleCategory), ensembleWeights(params));
}

/**
 * A scorer of PAI at one coverage for a fixed test set, the same figure as evaluatePeriod's (same ranking, same
 * tie rule: higher score first, then lower cell index; NaN last) in O(cells) per call rather than a sort: the
 * flagged set is every masked cell above the k-th highest score plus the lowest-indexed cells tied with it.
 */
export function paiScorer(grid: GridSpec, test: readonly ForecastEvent[], coverage: number): (scores: Float64Array) => number {
  const maskedCells: number[] = [];
  for (let i = 0; i < grid.mask.length; i++) if (grid.mask[i]) maskedCells.push(i);
  const compact = compactPaiScorer(grid, test, coverage);
  const buf = new Float64Array(maskedCells.length);
  return (scores) => {
    for (let j = 0; j < buf.length; j++) buf[j] = scores[maskedCells[j]!]!;
    return compact(buf);
  };
}

/** paiScorer over scores given only for the masked cells, in cell-index order (length = the number of masked cells). */
function compactPaiScorer(grid: GridSpec, test: readonly ForecastEvent[], coverage: number): (masked: Float64Array) => number {
  const position = new Int32Array(grid.mask.length).fill(-1);
  let M = 0;
  for (let i = 0; i < grid.mask.length; i++) if (grid.mask[i]) position[i] = M++;
  const testPos: number[] = [];
  for (const e of test) {
    const i = cellIndex(grid, e.x, e.y);
    if (i >= 0 && position[i]! >= 0) testPos.push(position[i]!);
  }
  if (test.length === 0 || M === 0) return () => 0;
  const k = flaggedCount(coverage, M);
  const buf = new Float64Array(M);
  const key = (v: number) => (Number.isNaN(v) ? -Infinity : v);
  return (scores) => {
    for (let j = 0; j < M; j++) buf[j] = key(scores[j]!);
    const thr = kthLargest(buf, k);
    let above = 0;
    for (let j = 0; j < M; j++) if (key(scores[j]!) > thr) above++;
    // the tied cells taken: the (k - above) lowest-indexed cells scoring thr; lastTied is the highest of them
    let need = k - above;
    let lastTied = -1;
    for (let j = 0; j < M && need > 0; j++) {
      if (key(scores[j]!) === thr) {
        lastTied = j;
        need--;
      }
    }
    let hits = 0;
    for (const j of testPos) {
      const v = key(scores[j]!);
      if (v > thr || (v === thr && j <= lastTied)) hits++;
    }
    return hits / test.length / (k / M);
  };
}

/** The k-th largest value of a (1 <= k <= a.length), by quickselect; reorders a. */
function kthLargest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1; // index in descending order
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

/** Candidate bandwidths (in cell sides), decays (days) and the weight grid's step tuneEnsemble searches. */
export const ENSEMBLE_BANDWIDTH_CELLS: readonly number[] = [0.25, 0.5, 1];
export const ENSEMBLE_DECAY_DAYS: readonly number[] = [7, 28];
export const ENSEMBLE_WEIGHT_STEP = 0.1;

/**
 * The weight triples [long, shared, recent] on the simplex with step ENSEMBLE_WEIGHT_STEP, long-only first and then
 * by decreasing long weight; without a category, only those with shared weight 0.
 */
export function ensembleWeightGrid(withShared: boolean): [number, number, number][] {
  const steps = Math.round(1 / ENSEMBLE_WEIGHT_STEP);
  const out: [number, number, number][] = [];
  for (let a = steps; a >= 0; a--) {
    for (let b = 0; a + b <= steps; b++) {
      if (!withShared && b > 0) continue;
      out.push([a / steps, b / steps, (steps - a - b) / steps]);
    }
  }
  return out;
}

/** Every candidate parameter set of tuneEnsemble, in order (bandwidth, then decay, then weights). */
export function ensembleCandidates(grid: GridSpec, category?: string): ModelParams[] {
  const out: ModelParams[] = [];
  for (const c of ENSEMBLE_BANDWIDTH_CELLS) {
    for (const tau of ENSEMBLE_DECAY_DAYS) {
      for (const w of ensembleWeightGrid(category !== undefined)) {
        out.push({ ensembleBandwidthMeters: c * grid.cellSize, ensembleDecayDays: tau, ensembleWeights: w, ...(category !== undefined ? { ensembleCategory: category } : {}) });
      }
    }
  }
  return out;
}

/**
 * The ensemble's parameters chosen on training data only, the way tuneModel chooses the other models': the
 * periods of length periodMs from validateFrom to end are each forecast from the events before them, and the
 * candidate of ensembleCandidates with the highest mean PAI at 5 % over the periods that had target events wins
 * (a later candidate must beat the best strictly). With a category, the target is that category's events and all
 * of `train` feeds the shared surface. Events at or after `end` are dropped. With no validation events, the
 * defaults (plus the category).
 */
export function tuneEnsemble(train: readonly ForecastEvent[], grid: GridSpec, validateFrom: number, end: number, periodMs: number, category?: string, report?: { pai5: number | null; periods: number }): ModelParams {
  const events = train.filter((e) => e.t < end).sort((a, b) => a.t - b.t);
  const withCat: ModelParams = category !== undefined ? { ensembleCategory: category } : {};
  const weightsList = ensembleWeightGrid(category !== undefined);
  const totals = new Float64Array(ENSEMBLE_BANDWIDTH_CELLS.length * ENSEMBLE_DECAY_DAYS.length * weightsList.length);
  let counted = 0;
  let cut = 0;
  const maskedCells: number[] = [];
  for (let i = 0; i < grid.mask.length; i++) if (grid.mask[i]) maskedCells.push(i);
  const compact = (a: Float64Array) => Float64Array.from(maskedCells, (i) => a[i]!);
  const mix = new Float64Array(maskedCells.length);
  const periods: [number, number][] = [];
  if (end > validateFrom) {
    if (periodMs > 0) for (let s = validateFrom; s + periodMs <= end; s += periodMs) periods.push([s, s + periodMs]);
    if (periods.length === 0) periods.push([validateFrom, end]);
  }
  for (const [s, e] of periods) {
    while (cut < events.length && events[cut]!.t < s) cut++;
    const test: ForecastEvent[] = [];
    for (let k = cut; k < events.length && events[k]!.t < e; k++) if (isTarget(events[k]!, category)) test.push(events[k]!);
    if (test.length === 0) continue;
    counted++;
    const score = compactPaiScorer(grid, test, 0.05);
    const raw = rawRasters(events.slice(0, cut), grid, s, ENSEMBLE_DECAY_DAYS, category);
    let c = 0;
    for (const cells of ENSEMBLE_BANDWIDTH_CELLS) {
      const h = cells * grid.cellSize;
      const long = compact(smoothAndNormalise(grid, raw.long, h));
      const shared = category !== undefined ? compact(smoothAndNormalise(grid, raw.all, h)) : long;
      for (const tau of ENSEMBLE_DECAY_DAYS) {
        const recent = compact(smoothAndNormalise(grid, raw.recent.get(tau)!, h));
        for (const [wl, ws, wr] of weightsList) {
          for (let j = 0; j < mix.length; j++) mix[j] = wl * long[j]! + ws * shared[j]! + wr * recent[j]!;
          totals[c++]! += score(mix);
        }
      }
    }
  }
  if (counted === 0) return { ...withCat };
  let best = 0;
  for (let c = 1; c < totals.length; c++) if (totals[c]! > totals[best]!) best = c;
  if (report) {
    report.pai5 = totals[best]! / counted;
    report.periods = counted;
  }
  return { ...ensembleCandidates(grid, category)[best]! };
}
