// Plain data shared by the forecasting engines: incidents in a local planar frame, the square grid they are
// scored on, and the hyper-parameters of every model (all optional, each with its default documented here).

/** An incident: projected metres (x east, y north) in any local planar frame, epoch ms, optional category. */
export interface ForecastEvent {
  x: number;
  y: number;
  t: number;
  category?: string;
}

/**
 * Square grid over the study area. mask[i] = 1 when cell i is in the study area (e.g. it or a neighbour had any
 * event in the whole data set, or all ones). Cells are row-major: i = iy * nx + ix; cell (ix, iy) covers
 * [x0 + ix * cellSize, x0 + (ix + 1) * cellSize) x [y0 + iy * cellSize, y0 + (iy + 1) * cellSize).
 */
export interface GridSpec {
  x0: number;
  y0: number;
  cellSize: number;
  nx: number;
  ny: number;
  mask: Uint8Array;
}

export type ModelName = 'naive' | 'kde' | 'prospective' | 'sepp' | 'ensemble';

export const MODEL_NAMES: readonly ModelName[] = ['naive', 'kde', 'prospective', 'sepp', 'ensemble'];

/**
 * Union of every model's hyper-parameters. All optional; a model ignores the others' keys. "All history" is
 * spelt by leaving a lookback out (or giving 0, a negative number or Infinity), so tuned parameters stay
 * JSON-safe.
 */
export interface ModelParams {
  /** kde: bandwidth in metres. Default: Silverman's rule on the training points in the lookback, times kdeBandwidthMultiple. */
  kdeBandwidthMeters?: number;
  /** kde: multiple of Silverman's bandwidth (ignored when kdeBandwidthMeters is given). Default 1. */
  kdeBandwidthMultiple?: number;
  /** kde: only events in the last this many days before `from` count. Default: all. */
  kdeLookbackDays?: number;
  /** prospective: spatial bandwidth in metres, between cell centres. Default 400. */
  prospectiveBandwidthMeters?: number;
  /** prospective: time bandwidth in weeks. Default 8. */
  prospectiveWeeks?: number;
  /** sepp: maximum EM iterations. Default 100. */
  seppIterations?: number;
  /** sepp: EM stops when theta and omega both change by less than this share in one iteration. Default 1e-6. */
  seppTolerance?: number;
  /** sepp: only events in the last this many days before `from` are fitted and used. Default: all. */
  seppLookbackDays?: number;
  /**
   * sepp: bandwidth in metres of a Gaussian smoothing of the fitted background rates mu over the grid (mass kept
   * per cell, so the expected counts still add up). Default 0: no smoothing, the plain per-cell model of Mohler 2014.
   */
  seppBackgroundBandwidthMeters?: number;
  /** ensemble: bandwidth in metres of the Gaussian applied to each surface (0 = none). Default half a cell side. */
  ensembleBandwidthMeters?: number;
  /** ensemble: decay time in days of the recent surface's exp(-age / decay) weights. Default 7. */
  ensembleDecayDays?: number;
  /** ensemble: weights of the long-term, shared (all categories) and recent surfaces. Default [0.6, 0.2, 0.2]. */
  ensembleWeights?: [number, number, number];
  /**
   * ensemble: the category forecast. The long and recent surfaces then use only its events, and every event feeds
   * the shared surface. Default: none (every event is a target; the shared weight goes to the long surface).
   */
  ensembleCategory?: string;
}

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** A lookback in days as milliseconds, Infinity for "all history" (absent, non-positive or non-finite). */
export function lookbackMs(days: number | undefined): number {
  return days !== undefined && Number.isFinite(days) && days > 0 ? days * DAY_MS : Infinity;
}
