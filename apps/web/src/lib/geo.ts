// Straight-line distances on the WGS-84 sphere: the one implementation is the engine package's (core/geo/measure.ts).
export { haversineMeters } from '@jingwang/core/geo';

/** 850 -> "850 m", 1234 -> "1.2 km", 12345 -> "12 km". */
export function formatDistance(m: number): string {
  if (!Number.isFinite(m)) return '—';
  if (m < 1000) return `${Math.round(m)} m`;
  if (m < 10000) return `${(m / 1000).toFixed(1)} km`;
  return `${Math.round(m / 1000)} km`;
}

export type BBox = [number, number, number, number];

/** Bounding box of any GeoJSON geometry or feature collection (null when it has no coordinates). */
export function bboxOf(geo: unknown): BBox | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const x = c[0], y = c[1];
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
      return;
    }
    for (const k of c) visit(k);
  };
  const walk = (g: unknown): void => {
    if (!g || typeof g !== 'object') return;
    const o = g as { type?: string; features?: unknown[]; geometry?: unknown; geometries?: unknown[]; coordinates?: unknown };
    if (o.type === 'FeatureCollection') o.features?.forEach(walk);
    else if (o.type === 'Feature') walk(o.geometry);
    else if (o.type === 'GeometryCollection') o.geometries?.forEach(walk);
    else visit(o.coordinates);
  };
  walk(geo);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}
