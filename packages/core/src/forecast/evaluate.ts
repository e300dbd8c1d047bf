// Scoring a forecast against what happened: hit rate, PAI (Chainey et al. 2008) and PEI* (Hunt 2016, the
// penalised PEI of Mohler et al. 2020) at a few coverages of the study area.

import { cellIndex } from './grid';
import type { ForecastEvent, GridSpec } from './types';

/** Shares of the masked area flagged: 1, 2, 5 and 10 %. */
export const COVERAGES: readonly number[] = [0.01, 0.02, 0.05, 0.1];

/** One entry per coverage in hitRate, pai and peiStar. */
export interface PeriodMetrics {
  events: number;
  hitRate: number[];
  pai: number[];
  peiStar: number[];
}

/**
 * Masked cells ordered by score, highest first, ties broken by cell index (lowest first). A NaN score ranks
 * below everything.
 */
export function rankCells(scores: Float64Array, grid: GridSpec): number[] {
  const cells: number[] = [];
  for (let i = 0; i < grid.mask.length; i++) if (grid.mask[i]) cells.push(i);
  const key = (i: number): number => {
    const s = scores[i]!;
    return Number.isNaN(s) ? -Infinity : s;
  };
  cells.sort((a, b) => key(b) - key(a) || a - b);
  return cells;
}

/** How many cells a coverage flags among `masked` cells: round(coverage * masked), at least 1, at most masked. */
export function flaggedCount(coverage: number, masked: number): number {
  return Math.min(masked, Math.max(1, Math.round(coverage * masked)));
}

/**
 * Flag the top `coverage` share of masked cells by score (ties broken by cell index, lowest first; the number of
 * flagged cells is round(coverage * maskedCells), at least 1), then: hit rate = share of test events in flagged
 * cells; PAI = hitRate / (flaggedArea / maskedArea); PEI* = events captured / the most events any set of the same
 * number of cells could have captured (the top masked cells by actual count). Events outside the grid or mask
 * count in the denominator of the hit rate.
 *
 * A period with no test events (or no masked cells) gives zeros everywhere with events = 0: callers averaging
 * over periods should skip those. PEI* is 0 when no event fell in the mask.
 */
export function evaluatePeriod(scores: Float64Array, grid: GridSpec, test: readonly ForecastEvent[], coverages: readonly number[] = COVERAGES): PeriodMetrics {
  const n = grid.nx * grid.ny;
  const counts = new Float64Array(n);
  for (const e of test) {
    const i = cellIndex(grid, e.x, e.y);
    if (i >= 0 && grid.mask[i]) counts[i]! += 1;
  }
  const out: PeriodMetrics = { events: test.length, hitRate: [], pai: [], peiStar: [] };
  const ranked = rankCells(scores, grid);
  const masked = ranked.length;
  if (test.length === 0 || masked === 0) {
    for (const _ of coverages) {
      out.hitRate.push(0);
      out.pai.push(0);
      out.peiStar.push(0);
    }
    return out;
  }
  // the best possible set of k cells: masked counts, largest first
  const best: number[] = [];
  for (let i = 0; i < n; i++) if (grid.mask[i]) best.push(counts[i]!);
  best.sort((a, b) => b - a);
  for (const c of coverages) {
    const k = flaggedCount(c, masked);
    let hits = 0;
    let bestHits = 0;
    for (let j = 0; j < k; j++) {
      hits += counts[ranked[j]!]!;
      bestHits += best[j]!;
    }
    const hitRate = hits / test.length;
    out.hitRate.push(hitRate);
    out.pai.push(hitRate / (k / masked));
    out.peiStar.push(bestHits > 0 ? hits / bestHits : 0);
  }
  return out;
}
