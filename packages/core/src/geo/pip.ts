// Point in polygon for GeoJSON Polygon and MultiPolygon coordinates, holes included (even-odd ray casting).
// Points exactly on an edge may fall either way; callers that care about boundaries should not rely on it.

import type { MultiPolygonPolys, PolygonCoords, RingCoords } from './types';

/** True if (lon, lat) is inside the ring (closed or open). */
export function pointInRing(lon: number, lat: number, ring: RingCoords): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    const ay = a[1];
    const by = b[1];
    if (ay > lat !== by > lat) {
      const x = ((b[0] - a[0]) * (lat - ay)) / (by - ay) + a[0];
      if (lon < x) inside = !inside;
    }
  }
  return inside;
}

function inPolygon(lon: number, lat: number, poly: PolygonCoords): boolean {
  const outer = poly[0];
  if (!outer || !pointInRing(lon, lat, outer)) return false;
  for (let h = 1; h < poly.length; h++) if (pointInRing(lon, lat, poly[h]!)) return false;
  return true;
}

function isMulti(coords: PolygonCoords | MultiPolygonPolys): coords is MultiPolygonPolys {
  const first = coords[0];
  if (!first) return false;
  const firstOfFirst = first[0];
  if (!firstOfFirst) return false;
  return Array.isArray(firstOfFirst[0]);
}

/**
 * True if (lon, lat) lies inside the Polygon or MultiPolygon coordinates (and not in a hole).
 * The nesting depth tells the two apart.
 */
export function pointInPolygon(lon: number, lat: number, coords: PolygonCoords | MultiPolygonPolys): boolean {
  if (isMulti(coords)) {
    for (const poly of coords) if (inPolygon(lon, lat, poly)) return true;
    return false;
  }
  return inPolygon(lon, lat, coords);
}
