// The square grid forecasts are scored on: projecting lon/lat to local metres, building a grid around a set of
// incidents with a study-area mask, locating points in it, and binning events to cells.

import type { ForecastEvent, GridSpec } from './types';

const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

/**
 * Local equirectangular projection: metres east and north of (refLon, refLat), with the east scale fixed at
 * refLat. Good to a fraction of a percent across a city, which is all a grid of a few hundred metres needs.
 */
export function projectLonLat(lon: number, lat: number, refLon: number, refLat: number): [number, number] {
  const perDeg = EARTH_RADIUS_M * RAD;
  return [(lon - refLon) * perDeg * Math.cos(refLat * RAD), (lat - refLat) * perDeg];
}

/**
 * A grid over the bounding box of `events` (non-finite points skipped), padded by one cell on every side, so
 * each event lies at least one cell from the edge and kernels have room to spread.
 *
 * The mask is the study area used for PAI: every cell within `maskRadiusCells` (default 1) of a cell holding an
 * event, in the Chebyshev sense (the (2r+1) x (2r+1) square around it). One cell of slack keeps the denominator
 * from being just the cells that happened to have incidents (which would flatter every model) while leaving out
 * the empty fields, water and countryside inside a city's bounding box (which would flatter every model more).
 * maskRadiusCells < 0 gives an all-ones mask. With no finite events the grid is one unmasked cell at the origin.
 */
export function gridFor(events: readonly { x: number; y: number }[], cellSize: number, opts: { maskRadiusCells?: number } = {}): GridSpec {
  if (!(cellSize > 0) || !Number.isFinite(cellSize)) throw new RangeError(`cellSize must be a positive number, got ${cellSize}`);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const e of events) {
    if (!Number.isFinite(e.x) || !Number.isFinite(e.y)) continue;
    if (e.x < minX) minX = e.x;
    if (e.x > maxX) maxX = e.x;
    if (e.y < minY) minY = e.y;
    if (e.y > maxY) maxY = e.y;
  }
  if (minX === Infinity) return { x0: 0, y0: 0, cellSize, nx: 1, ny: 1, mask: new Uint8Array([1]) };
  const x0 = minX - cellSize;
  const y0 = minY - cellSize;
  // the cell holding maxX is floor((maxX - x0) / cellSize); one more cell after it
  const nx = Math.floor((maxX - x0) / cellSize) + 2;
  const ny = Math.floor((maxY - y0) / cellSize) + 2;
  const grid: GridSpec = { x0, y0, cellSize, nx, ny, mask: new Uint8Array(nx * ny) };
  const r = Math.floor(opts.maskRadiusCells ?? 1);
  if (r < 0) {
    grid.mask.fill(1);
    return grid;
  }
  const seen = new Uint8Array(nx * ny);
  for (const e of events) {
    const i = cellIndex(grid, e.x, e.y);
    if (i >= 0) seen[i] = 1;
  }
  grid.mask.set(dilate(seen, nx, ny, r));
  return grid;
}

/** Square (Chebyshev) dilation of a 0/1 raster by r cells, done separably: rows, then columns. */
function dilate(src: Uint8Array, nx: number, ny: number, r: number): Uint8Array {
  if (r === 0) return src.slice();
  const rows = new Uint8Array(nx * ny);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      if (!src[iy * nx + ix]) continue;
      const lo = Math.max(0, ix - r);
      const hi = Math.min(nx - 1, ix + r);
      rows.fill(1, iy * nx + lo, iy * nx + hi + 1);
    }
  }
  const out = new Uint8Array(nx * ny);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      if (!rows[iy * nx + ix]) continue;
      const lo = Math.max(0, iy - r);
      const hi = Math.min(ny - 1, iy + r);
      for (let jy = lo; jy <= hi; jy++) out[jy * nx + ix] = 1;
    }
  }
  return out;
}

/** Index of the cell holding (x, y), -1 outside the grid (or for a non-finite point). The mask is not consulted. */
export function cellIndex(grid: GridSpec, x: number, y: number): number {
  const fx = (x - grid.x0) / grid.cellSize;
  const fy = (y - grid.y0) / grid.cellSize;
  if (!(fx >= 0 && fy >= 0)) return -1; // also rejects NaN
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  if (ix >= grid.nx || iy >= grid.ny) return -1;
  return iy * grid.nx + ix;
}

/** Centre of cell i, metres. */
export function cellCentre(grid: GridSpec, i: number): [number, number] {
  const ix = i % grid.nx;
  const iy = (i - ix) / grid.nx;
  return [grid.x0 + (ix + 0.5) * grid.cellSize, grid.y0 + (iy + 0.5) * grid.cellSize];
}

/** Events per cell among those with lo <= t < hi (events outside the grid are dropped). */
export function binCounts(grid: GridSpec, events: readonly ForecastEvent[], lo = -Infinity, hi = Infinity): Float64Array {
  const out = new Float64Array(grid.nx * grid.ny);
  for (const e of events) {
    if (!(e.t >= lo && e.t < hi)) continue;
    const i = cellIndex(grid, e.x, e.y);
    if (i >= 0) out[i]! += 1;
  }
  return out;
}

/** Zero every cell outside the mask, in place; returns the same array. */
export function applyMask(grid: GridSpec, scores: Float64Array): Float64Array {
  for (let i = 0; i < scores.length; i++) if (!grid.mask[i]) scores[i] = 0;
  return scores;
}
