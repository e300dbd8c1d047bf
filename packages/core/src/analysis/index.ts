// Analysis for the reports (日提醒 / 周研判 / 月分析): anomalies against the same weekday's history, change rates,
// and emerging near-repeat series. Pure functions over places and times; never about people.

import { haversineMeters } from '../geo/measure';

/** (cur - prev) / prev as a percentage rounded to one decimal; null when there is no base (prev 0). */
export function changePct(cur: number, prev: number): number | null {
  if (!(prev > 0)) return null;
  return Math.round(((cur - prev) / prev) * 1000) / 10;
}

/** (count - mean) / sqrt(max(mean, 0.5)): how many Poisson standard deviations a count lies from its expected mean. */
export function poissonZ(count: number, mean: number): number {
  return (count - mean) / Math.sqrt(Math.max(mean, 0.5));
}

export type ComparisonStatus = 'ok' | 'incomplete' | 'small';

export interface Comparison {
  cur: number;
  base: number;
  status: ComparisonStatus;
  /** The change in percent (one decimal); null unless status is 'ok'. */
  pct: number | null;
  /** Poisson z of cur against base taken as the expected mean (the anomalies' test); null unless status is 'ok'. */
  z: number | null;
  /** |z| < minZ: the change may be chance alone. False unless status is 'ok'. */
  withinChance: boolean;
}

export interface ComparisonOptions {
  /** False when the data does not cover the whole base period (e.g. a year back before the data begins). Default true. */
  baseComplete?: boolean;
  /** A base below this many events is too small to give a percentage. Default 5. */
  minBase?: number;
  /** A change within this many Poisson standard deviations is within chance. Default 2 (the anomalies' threshold). */
  minZ?: number;
}

/**
 * Compares like with like: a count against its base period (the week before, the same week a year back). The
 * comparison is unavailable ('incomplete') when the data does not cover the whole base period, or ('small') when the
 * base has fewer than minBase events, instead of a misleading +486.7 %; otherwise the change in percent and whether
 * it lies within chance (the same Poisson z as the anomalies, base taken as the mean).
 */
export function compareCounts(cur: number, base: number, o: ComparisonOptions = {}): Comparison {
  const minBase = o.minBase ?? 5;
  const minZ = o.minZ ?? 2;
  if (o.baseComplete === false) return { cur, base, status: 'incomplete', pct: null, z: null, withinChance: false };
  if (!(base >= minBase)) return { cur, base, status: 'small', pct: null, z: null, withinChance: false };
  const z = Math.round(poissonZ(cur, base) * 100) / 100;
  return { cur, base, status: 'ok', pct: changePct(cur, base), z, withinChance: Math.abs(z) < minZ };
}

/** The text of a comparison in a report: '+12.5%', '+3.1%（变化在随机波动内）', '不可比（基期数据不全）', '不可比（基数过小）'. */
export function comparisonText(c: Comparison): string {
  if (c.status === 'incomplete') return '不可比（基期数据不全）';
  if (c.status === 'small') return '不可比（基数过小）';
  const v = c.pct!;
  return `${v > 0 ? '+' : ''}${v}%${c.withinChance ? '（变化在随机波动内）' : ''}`;
}

export interface AnomalyInput {
  key: string;
  /** The count of the day (or period) under review. */
  count: number;
  /** Counts of the comparable earlier periods (e.g. the same weekday of the last 8 weeks). */
  history: readonly number[];
}

export interface Anomaly {
  key: string;
  count: number;
  /** Mean of the history. */
  mean: number;
  /** (count - mean) / sqrt(max(mean, 0.5)): a Poisson z-score. */
  z: number;
  /** count / mean, null when the mean is 0. */
  ratio: number | null;
}

export interface AnomalyOptions {
  /** A rise is an anomaly only from this many incidents. Default 3. */
  minCount?: number;
  /** ... and this many Poisson standard deviations above the mean. Default 2. */
  minZ?: number;
}

/**
 * Rises above the usual: each key whose count is at least minCount and at least minZ Poisson standard deviations
 * above the mean of its history. Sorted by z, highest first. Falls are not anomalies here (fewer incidents is good
 * news; the reports show them in the trend tables).
 */
export function anomalies(inputs: readonly AnomalyInput[], o: AnomalyOptions = {}): Anomaly[] {
  const minCount = o.minCount ?? 3;
  const minZ = o.minZ ?? 2;
  const out: Anomaly[] = [];
  for (const x of inputs) {
    const mean = x.history.length ? x.history.reduce((a, b) => a + b, 0) / x.history.length : 0;
    const z = poissonZ(x.count, mean);
    if (x.count >= minCount && z >= minZ) out.push({ key: x.key, count: x.count, mean: Math.round(mean * 100) / 100, z: Math.round(z * 100) / 100, ratio: mean > 0 ? Math.round((x.count / mean) * 100) / 100 : null });
  }
  return out.sort((a, b) => b.z - a.z || a.key.localeCompare(b.key));
}

export interface SeriesEvent {
  id: number | string;
  lon: number;
  lat: number;
  /** Epoch ms. */
  t: number;
  category: string;
}

export interface NearRepeatOptions {
  /** Two incidents of the same category this close in space ... Default 200 m. */
  distanceM?: number;
  /** ... and in time are linked. Default 7 days. */
  days?: number;
  /** A series has at least this many incidents. Default 3. */
  minSize?: number;
  /** Only series with an incident at or after this time are emerging (epoch ms). Default: all. */
  since?: number;
}

export interface NearRepeatSeries {
  category: string;
  ids: (number | string)[];
  first: number;
  last: number;
  /** Mean position. */
  lon: number;
  lat: number;
  /** Largest distance from the mean position, metres. */
  radiusM: number;
}

/**
 * Near-repeat series: incidents of the same category chained by links (within distanceM and days of each other),
 * kept when a chain has at least minSize incidents and one at or after `since`. Sorted by size, then by the latest
 * incident. O(n log n + links) with a time-sorted sweep per category.
 */
export function nearRepeatSeries(events: readonly SeriesEvent[], o: NearRepeatOptions = {}): NearRepeatSeries[] {
  const dMax = o.distanceM ?? 200;
  const tMax = (o.days ?? 7) * 86_400_000;
  const minSize = o.minSize ?? 3;
  const since = o.since ?? -Infinity;
  const byCat = new Map<string, SeriesEvent[]>();
  for (const e of events) {
    if (!Number.isFinite(e.lon) || !Number.isFinite(e.lat) || !Number.isFinite(e.t)) continue;
    let l = byCat.get(e.category);
    if (!l) byCat.set(e.category, (l = []));
    l.push(e);
  }
  const out: NearRepeatSeries[] = [];
  for (const [category, list] of byCat) {
    list.sort((a, b) => a.t - b.t || String(a.id).localeCompare(String(b.id)));
    const parent = list.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
      return i;
    };
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length && list[j]!.t - list[i]!.t <= tMax; j++) {
        if (haversineMeters(list[i]!.lon, list[i]!.lat, list[j]!.lon, list[j]!.lat) <= dMax) {
          const a = find(i), b = find(j);
          if (a !== b) parent[b] = a;
        }
      }
    }
    const groups = new Map<number, SeriesEvent[]>();
    list.forEach((e, i) => {
      const r = find(i);
      let g = groups.get(r);
      if (!g) groups.set(r, (g = []));
      g.push(e);
    });
    for (const g of groups.values()) {
      if (g.length < minSize) continue;
      const last = Math.max(...g.map((e) => e.t));
      if (last < since) continue;
      const lon = g.reduce((a, e) => a + e.lon, 0) / g.length;
      const lat = g.reduce((a, e) => a + e.lat, 0) / g.length;
      out.push({
        category,
        ids: g.map((e) => e.id),
        first: Math.min(...g.map((e) => e.t)),
        last,
        lon: Math.round(lon * 1e6) / 1e6,
        lat: Math.round(lat * 1e6) / 1e6,
        radiusM: Math.round(Math.max(...g.map((e) => haversineMeters(lon, lat, e.lon, e.lat)))),
      });
    }
  }
  return out.sort((a, b) => b.ids.length - a.ids.length || b.last - a.last || a.category.localeCompare(b.category));
}
