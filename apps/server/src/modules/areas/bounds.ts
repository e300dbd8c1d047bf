// The deployment's bounds: the bounding box of its live county area(s), widened by COUNTY_MARGIN_M. Area imports
// and positions far outside are refused (issue 19 defect 9: a county in New York, an AVL fix in New York). Before
// any county is imported there are no bounds (the first county import sets them).
import { COUNTY_MARGIN_M } from '@jingwang/contracts';

/** [west, south, east, north] in degrees (WGS-84). */
export type Bbox = [number, number, number, number];

const M_PER_DEG_LAT = 111_320;

/** The box widened by `marginM` metres on every side (longitude degrees shrink with latitude: the widest is used). */
export function expandBbox(b: Bbox, marginM = COUNTY_MARGIN_M): Bbox {
  const dLat = marginM / M_PER_DEG_LAT;
  const lat = Math.min(89, Math.max(Math.abs(b[1]), Math.abs(b[3])) + dLat);
  const dLon = Math.min(180, marginM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)));
  return [b[0] - dLon, b[1] - dLat, b[2] + dLon, b[3] + dLat];
}

export function insideBbox(b: Bbox, lon: number, lat: number): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/** Is `inner` wholly inside `outer`? */
export function bboxWithin(inner: Bbox, outer: Bbox): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** The box of a list of [lon, lat] positions, or null when empty. */
export function bboxOf(points: Iterable<readonly number[]>): Bbox | null {
  let b: Bbox | null = null;
  for (const p of points) {
    const [x, y] = p as [number, number];
    if (!b) b = [x, y, x, y];
    else b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  }
  return b;
}

export function unionBbox(a: Bbox | null, b: Bbox | null): Bbox | null {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

export const formatBbox = (b: Bbox): string => `[${b.map((v) => v.toFixed(3)).join(', ')}]`;
