// Structural checks for polygon coordinates, close to what OGC / PostGIS ST_IsValid requires:
// closed rings of at least 4 positions, no zero-length edges, simple rings (no repeated vertex, no crossing edges),
// shells counter-clockwise and holes clockwise (the GeoJSON RFC 7946 convention), holes inside their shell.
// Quadratic in the number of edges of a ring: meant for tests and for checking imported areas, not for hot paths.

import { ringSignedAreaPlanar } from './measure';
import { pointInRing } from './pip';
import type { MultiPolygonPolys, Position, RingCoords } from './types';

function orient(a: Position, b: Position, c: Position): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** True if closed segments ab and cd share any point. */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}

/** Problems with one closed ring; empty if it is a valid simple ring. */
export function ringProblems(ring: RingCoords): string[] {
  const out: string[] = [];
  const n = ring.length;
  if (n < 4) return [`ring has ${n} positions, needs at least 4`];
  const f = ring[0]!;
  const l = ring[n - 1]!;
  if (f[0] !== l[0] || f[1] !== l[1]) out.push('ring is not closed');
  const seen = new Map<string, number>();
  for (let i = 0; i < n - 1; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    if (p[0] === q[0] && p[1] === q[1]) out.push(`zero-length edge at ${i}`);
    const key = `${p[0]},${p[1]}`;
    const prev = seen.get(key);
    if (prev !== undefined) out.push(`vertex ${i} repeats vertex ${prev} (self-touching ring)`);
    else seen.set(key, i);
  }
  const m = n - 1;
  for (let i = 0; i < m; i++) {
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue; // neighbours through the closing vertex
      if (segmentsIntersect(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) {
        out.push(`edges ${i} and ${j} intersect`);
        if (out.length > 10) return out;
      }
    }
  }
  return out;
}

/** Problems with MultiPolygon coordinates; empty if valid in the sense described at the top of this file. */
export function multiPolygonProblems(mp: MultiPolygonPolys): string[] {
  const out: string[] = [];
  if (mp.length === 0) out.push('no polygons');
  mp.forEach((poly, pi) => {
    if (poly.length === 0) out.push(`polygon ${pi} has no rings`);
    poly.forEach((ring, ri) => {
      for (const p of ringProblems(ring)) out.push(`polygon ${pi} ring ${ri}: ${p}`);
      const a = ringSignedAreaPlanar(ring);
      if (ri === 0 && !(a > 0)) out.push(`polygon ${pi}: shell is not counter-clockwise`);
      if (ri > 0 && !(a < 0)) out.push(`polygon ${pi} ring ${ri}: hole is not clockwise`);
      if (ri > 0) {
        const shell = poly[0]!;
        const h0 = ring[0]!;
        const h1 = ring[1]!;
        if (h1 && !pointInRing((h0[0] + h1[0]) / 2, (h0[1] + h1[1]) / 2, shell)) out.push(`polygon ${pi} ring ${ri}: hole outside shell`);
      }
    });
  });
  return out;
}
