// Place-based forecasts: a risk score per grid cell for a coming period, from the incidents before it. Five
// models, from the baseline a crime analyst would draw by hand to a fitted self-exciting process:
//
//   naive        counts in the last period of the same length
//   kde          retrospective kernel density (Gaussian) of the incidents in a lookback window
//   prospective  prospective hotspotting (Bowers, Johnson and Pease 2004): recent, near incidents weigh most
//   sepp         self-exciting point process fitted by EM (Mohler et al. 2011; grid form of Mohler 2014)
//   ensemble     long-term KDE + a background shared across categories + exponentially decaying recent events,
//                weights chosen on validation periods (ensemble.ts)
//
// Every model sees only events with t < from, so a caller cannot leak the period it forecasts by accident.
// Scores are 0 outside the grid's mask; only their order within the mask matters for hit rate, PAI and PEI*.

import { applyMask, binCounts, cellIndex } from './grid';
import { ensembleScores } from './ensemble';
import { fitSepp, seppExpected } from './sepp';
import { discSpread, gaussianSmooth } from './smooth';
import { WEEK_MS, lookbackMs, type ForecastEvent, type GridSpec, type ModelName, type ModelParams } from './types';

/** Prospective hotspotting defaults (Bowers et al. 2004 used 400 m and two months). */
export const PROSPECTIVE_DEFAULT_METERS = 400;
export const PROSPECTIVE_DEFAULT_WEEKS = 8;

/**
 * Risk score per cell (length nx*ny, 0 outside the mask) for the period [from, to), fitted on `train` (all events
 * with t < from; any with t >= from are ignored).
 */
export function forecastScores(model: ModelName, train: readonly ForecastEvent[], grid: GridSpec, from: number, to: number, params: ModelParams = {}): Float64Array {
  switch (model) {
    case 'naive':
      return applyMask(grid, naiveScores(train, grid, from, to));
    case 'kde':
      return applyMask(grid, kdeScores(train, grid, from, params));
    case 'prospective':
      return applyMask(grid, prospectiveScores(train, grid, from, params));
    case 'sepp':
      return applyMask(grid, seppExpected(fitSepp(train, grid, from, params), grid, from, to, params));
    case 'ensemble':
      return applyMask(grid, ensembleScores(train, grid, from, params));
    default:
      throw new RangeError(`unknown forecast model: ${String(model)}`);
  }
}

/**
 * Naive: each cell's count in the last period as long as the forecast one, [from - (to - from), from). When that
 * period is empty, the counts over the whole training set instead.
 */
export function naiveScores(train: readonly ForecastEvent[], grid: GridSpec, from: number, to: number): Float64Array {
  const last = binCounts(grid, train, from - (to - from), from);
  if (last.some((v) => v > 0)) return last;
  return binCounts(grid, train, -Infinity, from);
}

/**
 * Silverman's rule of thumb for a bivariate Gaussian kernel (Silverman 1986, eq. 4.14 with A(K) = 1 in two
 * dimensions): h = sigma * n^(-1/6), sigma the root mean of the two coordinate variances. With fewer than two
 * points, or all at one place, one cell side.
 */
export function silvermanBandwidth(points: readonly { x: number; y: number }[], fallback: number): number {
  const n = points.length;
  if (n < 2) return fallback;
  let mx = 0;
  let my = 0;
  for (const p of points) {
    mx += p.x;
    my += p.y;
  }
  mx /= n;
  my /= n;
  let vx = 0;
  let vy = 0;
  for (const p of points) {
    vx += (p.x - mx) ** 2;
    vy += (p.y - my) ** 2;
  }
  const sigma = Math.sqrt((vx + vy) / (2 * (n - 1)));
  return sigma > 0 ? sigma * Math.pow(n, -1 / 6) : fallback;
}

/**
 * Retrospective KDE: the training events in [from - lookback, from) (kdeLookbackDays, default all) in the grid,
 * binned to cells, then smoothed by a Gaussian of bandwidth h truncated at 3h, evaluated at cell centres. h is
 * kdeBandwidthMeters, or Silverman's bandwidth on those events times kdeBandwidthMultiple (default 1). Binning
 * first moves each event to its cell's centre (at most half a cell's diagonal), which is below the resolution a
 * grid forecast has anyway, and makes the cost O(events + cells x kernel width). The score is the smoothed
 * count: events per cell over the lookback.
 */
export function kdeScores(train: readonly ForecastEvent[], grid: GridSpec, from: number, params: ModelParams = {}): Float64Array {
  const lo = from - lookbackMs(params.kdeLookbackDays);
  const used: ForecastEvent[] = [];
  for (const e of train) if (e.t >= lo && e.t < from && cellIndex(grid, e.x, e.y) >= 0) used.push(e);
  const h = kdeBandwidth(used, grid, params);
  return gaussianSmooth(binCounts(grid, used), grid.nx, grid.ny, grid.cellSize, h);
}

/** The KDE bandwidth in metres for these (already windowed) events. */
export function kdeBandwidth(used: readonly { x: number; y: number }[], grid: GridSpec, params: ModelParams = {}): number {
  if (params.kdeBandwidthMeters !== undefined) return params.kdeBandwidthMeters;
  return silvermanBandwidth(used, grid.cellSize) * (params.kdeBandwidthMultiple ?? 1);
}

/**
 * Prospective hotspotting (Bowers, Johnson and Pease 2004). Every event in the last prospectiveWeeks weeks
 * (default 8) adds to each cell whose centre is within prospectiveBandwidthMeters (default 400 m) of its own
 * cell's centre the weight
 *
 *   1 / (1 + d) * 1 / (1 + w)
 *
 * d the distance between the two centres in cell steps, w the event's age at `from` in weeks. Bowers et al. count
 * whole weeks; the age is continuous here, so yesterday's burglary weighs more than last Tuesday's in a daily
 * forecast. This is the near-repeat weighting: risk decays with distance and time from each incident.
 */
export function prospectiveScores(train: readonly ForecastEvent[], grid: GridSpec, from: number, params: ModelParams = {}): Float64Array {
  const meters = params.prospectiveBandwidthMeters ?? PROSPECTIVE_DEFAULT_METERS;
  const weeks = params.prospectiveWeeks ?? PROSPECTIVE_DEFAULT_WEEKS;
  const lo = from - weeks * WEEK_MS;
  const w = new Float64Array(grid.nx * grid.ny);
  for (const e of train) {
    if (!(e.t >= lo && e.t < from)) continue;
    const i = cellIndex(grid, e.x, e.y);
    if (i >= 0) w[i]! += 1 / (1 + (from - e.t) / WEEK_MS);
  }
  return discSpread(w, grid.nx, grid.ny, Math.max(0, meters) / grid.cellSize, (d) => 1 / (1 + d));
}
