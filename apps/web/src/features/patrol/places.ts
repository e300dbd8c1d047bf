// Pure helpers of the points-and-lines administration (必巡点位、必巡线路): reading pasted coordinates, a drawn
// course's vertices and length, and the published plans a refused retirement names.
import type { PlanUse } from '@jingwang/contracts';
import { haversineMeters } from '../../lib/geo';

export type Coord = [number, number];

const validLon = (x: number) => Number.isFinite(x) && x >= -180 && x <= 180;
const validLat = (y: number) => Number.isFinite(y) && y >= -90 && y <= 90;

/**
 * Coordinates pasted by hand: a GeoJSON coordinate array ([[lon, lat], …], or a LineString / Feature holding one),
 * or one "lon,lat" (or "lon lat", "lon，lat") per line. Returns the course, or the 1-based number of the first bad
 * point.
 */
export function parseCoordinates(text: string): { coords: Coord[] } | { bad: number } {
  const s = text.trim();
  if (!s) return { coords: [] };
  if (/^[[{]/.test(s)) {
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch {
      return { bad: 1 };
    }
    const o = v as { type?: string; coordinates?: unknown; geometry?: { coordinates?: unknown } };
    const arr = Array.isArray(v) ? v : (o.geometry?.coordinates ?? o.coordinates);
    if (!Array.isArray(arr)) return { bad: 1 };
    const out: Coord[] = [];
    for (const [i, p] of arr.entries()) {
      if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !validLon(p[0]) || !validLat(p[1])) return { bad: i + 1 };
      out.push([p[0], p[1]]);
    }
    return { coords: out };
  }
  const out: Coord[] = [];
  const lines = s.split(/\r?\n|;|；/).map((l) => l.trim()).filter(Boolean);
  for (const [i, l] of lines.entries()) {
    const m = /^(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)$/.exec(l);
    const x = m ? Number(m[1]) : NaN;
    const y = m ? Number(m[2]) : NaN;
    if (!validLon(x) || !validLat(y)) return { bad: i + 1 };
    out.push([x, y]);
  }
  return { coords: out };
}

/** The course without vertices repeated one after the other (a double click, a pasted duplicate). */
export function distinctCourse(coords: readonly Coord[]): Coord[] {
  const out: Coord[] = [];
  for (const c of coords) {
    const last = out[out.length - 1];
    if (!last || last[0] !== c[0] || last[1] !== c[1]) out.push([c[0], c[1]]);
  }
  return out;
}

/** The length in metres along the course (great circle between vertices; the server measures it on the spheroid). */
export function courseMeters(coords: readonly Coord[]): number {
  let m = 0;
  for (let i = 1; i < coords.length; i++) m += haversineMeters(coords[i - 1]![0], coords[i - 1]![1], coords[i]![0], coords[i]![1]);
  return m;
}

/** The coordinates as text, one "lon,lat" a line (for the paste box). */
export function coordinatesText(coords: readonly Coord[]): string {
  return coords.map((c) => `${c[0]},${c[1]}`).join('\n');
}

/** The plans a 409 STILL_REFERENCED names (details.plans), or null when the error is something else. */
export function planUses(e: unknown): PlanUse[] | null {
  const x = e as { code?: string; details?: { plans?: unknown } } | null;
  if (!x || x.code !== 'STILL_REFERENCED' || !Array.isArray(x.details?.plans)) return null;
  return x.details.plans as PlanUse[];
}

/** A list's rows: the tier's (all when none), matching the search in the name or code, active first, then by code. */
export function placeRows<T extends { tier: string; name: string; code: string; active: boolean }>(items: readonly T[], tier: string | null | undefined, q: string): T[] {
  const needle = q.trim().toLowerCase();
  return items
    .filter((x) => !tier || x.tier === tier)
    .filter((x) => !needle || x.name.toLowerCase().includes(needle) || x.code.toLowerCase().includes(needle))
    .sort((a, b) => Number(b.active) - Number(a.active) || a.code.localeCompare(b.code, 'zh-CN', { numeric: true }));
}
