// Convolutions of a per-cell raster with a kernel over the grid: a separable Gaussian (for KDE and smoothing
// SEPP's background) and a small isotropic disc kernel (for prospective hotspotting). Mass that would spread past
// the grid's edge is lost, as it would be over the city limit.

/** Weights exp(-(k * cellSize)^2 / (2 h^2)) for k = -K..K, K = ceil(3h / cellSize), summing to 1. */
export function gaussianTaps(h: number, cellSize: number): Float64Array {
  if (!(h > 0) || !Number.isFinite(h)) return new Float64Array([1]);
  const K = Math.ceil((3 * h) / cellSize);
  const taps = new Float64Array(2 * K + 1);
  let sum = 0;
  for (let k = -K; k <= K; k++) {
    const d = k * cellSize;
    const w = Math.exp(-(d * d) / (2 * h * h));
    taps[k + K] = w;
    sum += w;
  }
  for (let k = 0; k < taps.length; k++) taps[k]! /= sum;
  return taps;
}

/**
 * Gaussian smoothing of a row-major nx x ny raster with bandwidth h (metres), truncated at 3h: one pass along
 * rows, one along columns, so O(cells x (2K + 1)) rather than O(cells x (2K + 1)^2). Returns a new array.
 */
export function gaussianSmooth(src: Float64Array, nx: number, ny: number, cellSize: number, h: number): Float64Array {
  const taps = gaussianTaps(h, cellSize);
  const K = (taps.length - 1) / 2;
  if (K === 0) return src.slice();
  const rows = new Float64Array(nx * ny);
  for (let iy = 0; iy < ny; iy++) {
    const base = iy * nx;
    for (let ix = 0; ix < nx; ix++) {
      const v = src[base + ix]!;
      if (v === 0) continue; // sparse counts: scatter only from non-empty cells
      const lo = Math.max(0, ix - K);
      const hi = Math.min(nx - 1, ix + K);
      for (let jx = lo; jx <= hi; jx++) rows[base + jx]! += v * taps[jx - ix + K]!;
    }
  }
  const out = new Float64Array(nx * ny);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const v = rows[iy * nx + ix]!;
      if (v === 0) continue;
      const lo = Math.max(0, iy - K);
      const hi = Math.min(ny - 1, iy + K);
      for (let jy = lo; jy <= hi; jy++) out[jy * nx + ix]! += v * taps[jy - iy + K]!;
    }
  }
  return out;
}

/**
 * Spread each cell's value to every cell whose centre is within `radiusCells` cell steps (Euclidean) of its own,
 * with weight w(d) for a centre distance of d cells (d = 0 is the cell itself). Returns a new array.
 */
export function discSpread(src: Float64Array, nx: number, ny: number, radiusCells: number, w: (d: number) => number): Float64Array {
  const R = Math.floor(radiusCells + 1e-9);
  const offsets: { dx: number; dy: number; w: number }[] = [];
  for (let dy = -R; dy <= R; dy++) {
    for (let dx = -R; dx <= R; dx++) {
      const d = Math.hypot(dx, dy);
      if (d <= radiusCells + 1e-9) offsets.push({ dx, dy, w: w(d) });
    }
  }
  const out = new Float64Array(nx * ny);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const v = src[iy * nx + ix]!;
      if (v === 0) continue;
      for (const o of offsets) {
        const jx = ix + o.dx;
        const jy = iy + o.dy;
        if (jx < 0 || jy < 0 || jx >= nx || jy >= ny) continue;
        out[jy * nx + jx]! += v * o.w;
      }
    }
  }
  return out;
}
