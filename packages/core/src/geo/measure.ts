// Distances, areas and bounding boxes on the sphere (mean Earth radius). Good to a few tenths of a percent,
// which is what a county-scale command platform needs; nothing here depends on a projection library.

import type { BBox, MultiPolygonPolys, PolygonCoords, Position, RingCoords } from './types';

export const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres between two [lon, lat] points given as four numbers. */
export function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const h = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance in metres between two positions. */
export function distanceMeters(a: Position, b: Position): number {
  return haversineMeters(a[0], a[1], b[0], b[1]);
}

/** Metres per degree of longitude and latitude at a latitude (local equirectangular approximation). */
export function metersPerDegree(lat: number): { lon: number; lat: number } {
  const perDegLat = EARTH_RADIUS_M * RAD;
  return { lon: perDegLat * Math.cos(lat * RAD), lat: perDegLat };
}

/** Move a point by east/north offsets in metres (local approximation, fine below tens of kilometres). */
export function offsetMeters(lon: number, lat: number, eastM: number, northM: number): [number, number] {
  const m = metersPerDegree(lat);
  return [lon + eastM / m.lon, lat + northM / m.lat];
}

/** Initial bearing from point 1 to point 2 in degrees clockwise from north, in [0, 360). */
export function bearingDegrees(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const dl = (lon2 - lon1) * RAD;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  const deg = Math.atan2(y, x) / RAD;
  return (deg + 360) % 360;
}

/**
 * Signed spherical area of a ring in km² (Chamberlain & Duquette, as in geojson-area): positive for
 * counter-clockwise rings, negative for clockwise ones. Works for closed or open rings.
 */
export function ringSignedAreaKm2(ring: RingCoords): number {
  const n = closedLength(ring);
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const lower = ring[i]!;
    const middle = ring[(i + 1) % n]!;
    const upper = ring[(i + 2) % n]!;
    total += (upper[0] - lower[0]) * RAD * Math.sin(middle[1] * RAD);
  }
  return (total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2 / 1e6;
}

/** Unsigned area of a ring in km². */
export function ringAreaKm2(ring: RingCoords): number {
  return Math.abs(ringSignedAreaKm2(ring));
}

/** Area of a polygon (outer ring minus holes) in km². */
export function polygonAreaKm2(poly: PolygonCoords): number {
  let a = 0;
  poly.forEach((ring, i) => {
    a += i === 0 ? ringAreaKm2(ring) : -ringAreaKm2(ring);
  });
  return a;
}

/** Area of a MultiPolygon in km². */
export function multiPolygonAreaKm2(mp: MultiPolygonPolys): number {
  let a = 0;
  for (const p of mp) a += polygonAreaKm2(p);
  return a;
}

/** Signed planar area (shoelace, in squared degrees): positive for counter-clockwise rings. */
export function ringSignedAreaPlanar(ring: RingCoords): number {
  const n = closedLength(ring);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** Number of distinct positions of a ring, ignoring a closing repeat of the first one. */
export function closedLength(ring: RingCoords): number {
  const n = ring.length;
  if (n > 1) {
    const f = ring[0]!;
    const l = ring[n - 1]!;
    if (f[0] === l[0] && f[1] === l[1]) return n - 1;
  }
  return n;
}

/** Bounding box of any nesting of positions (a position, a ring, a polygon, a multipolygon...). */
export function bboxOf(coords: unknown): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const x = c[0];
      const y = c[1];
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
      return;
    }
    for (const item of c) visit(item);
  };
  visit(coords);
  return box;
}

/** Area-weighted centroid of a ring (planar, in degrees); the vertex mean for degenerate rings. */
export function ringCentroid(ring: RingCoords): [number, number] {
  const n = closedLength(ring);
  let a = 0;
  let cx = 0;
  let cy = 0;
  const o = ring[0]!;
  for (let i = 0; i < n; i++) {
    const p = ring[i]!;
    const q = ring[(i + 1) % n]!;
    const px = p[0] - o[0];
    const py = p[1] - o[1];
    const qx = q[0] - o[0];
    const qy = q[1] - o[1];
    const f = px * qy - qx * py;
    a += f;
    cx += (px + qx) * f;
    cy += (py + qy) * f;
  }
  if (Math.abs(a) < 1e-18) {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += ring[i]![0];
      sy += ring[i]![1];
    }
    return [sx / n, sy / n];
  }
  return [o[0] + cx / (3 * a), o[1] + cy / (3 * a)];
}
