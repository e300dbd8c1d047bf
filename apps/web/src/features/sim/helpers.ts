// Pure helpers of the reform simulator's page: labels, figures in words, the slow-places layer, defaults.
import { SIM_POLICY_LABELS, type SimCi, type SimPolicy, type SimPolicyResult, type SimRun } from '@jingwang/contracts';

type Lang = 'zh' | 'en';

/** "posts-road/bundled" → "快反点·路网派警（片区联勤）". */
export function policyName(policy: SimPolicy, bundled: boolean, lang: Lang): string {
  const base = SIM_POLICY_LABELS[policy][lang];
  const b = lang === 'zh' ? (bundled ? '片区联勤' : '各所自管') : bundled ? 'bundled' : 'own station';
  return lang === 'zh' ? `${base}（${b}）` : `${base} (${b})`;
}

/** A label of the engine ('posts-road/bundled') in words. */
export function labelName(label: string, lang: Lang): string {
  const [p, b] = label.split('/');
  if (!p || !(p in SIM_POLICY_LABELS)) return label;
  return policyName(p as SimPolicy, b === 'bundled', lang);
}

export const pct = (v: number, digits = 0) => `${(v * 100).toFixed(digits)}%`;
export const mins = (s: number) => (s / 60).toFixed(1);

/** The CI's bounds formatted like the mean, or null when the interval is a point (one seed). */
export function ciBounds(c: SimCi, f: (v: number) => string): [string, string] | null {
  if (Math.abs(c.ciHigh - c.ciLow) < 1e-9) return null;
  return [f(c.ciLow), f(c.ciHigh)];
}

/** Is the difference's interval clear of 0? */
export const significant = (c: SimCi) => c.ciLow > 0 || c.ciHigh < 0;

/** Colour of a share reached within 5 minutes: red below 50 %, amber below 80 %, green above. */
export function within5Color(w: number): string {
  if (w < 0.5) return '#d4380d';
  if (w < 0.8) return '#fa8c16';
  return '#389e0d';
}

/** The slow-places map of a policy as points (the cells' centres) sized by calls and coloured by the 5-min share. */
export function slowCellsFc(p: SimPolicyResult | null) {
  const cells = p?.slowCells ?? [];
  const max = Math.max(1, ...cells.map((c) => c.calls));
  return {
    type: 'FeatureCollection' as const,
    features: cells.map((c, i) => ({
      type: 'Feature' as const,
      id: i,
      properties: { calls: Math.round(c.calls * 10) / 10, within5: c.within5, resp: c.meanResponseS, color: within5Color(c.within5), r: 5 + 13 * Math.sqrt(c.calls / max) },
      geometry: { type: 'Point' as const, coordinates: [c.lon, c.lat] },
    })),
  };
}

/** Where the policy's units waited, one point per distinct place with how many units wait there. */
export function homesOf(p: SimPolicyResult | null): { lon: number; lat: number; units: number }[] {
  const m = new Map<string, { lon: number; lat: number; units: number }>();
  for (const u of p?.units ?? []) {
    const k = `${u.lon},${u.lat}`;
    const h = m.get(k);
    if (h) h.units++;
    else m.set(k, { lon: u.lon, lat: u.lat, units: 1 });
  }
  return [...m.values()];
}

/** Posts to start editing from: the posts-road result's distinct waiting places (bundled first). */
export function postsFromRun(run: SimRun | null): [number, number][] {
  const ps = run?.result?.policies ?? [];
  const p = ps.find((x) => x.policy === 'posts-road' && x.bundled) ?? ps.find((x) => x.policy === 'posts-road');
  return homesOf(p ?? null).map((h) => [h.lon, h.lat]);
}

/** YYYY-MM-DD of a local date `days` before `today`. */
export function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** The default period: the 7 days before yesterday's end (a full past week). */
export function defaultPeriod(today: string): [string, string] {
  return [daysBefore(today, 7), daysBefore(today, 1)];
}

/**
 * Bundles chosen per station (station id -> bundle number, 0 = alone) as the API's groups; null when every station
 * is in bundle 1 (the default: all the area's stations in one 片区).
 */
export function bundlesOf(choice: Record<number, number>, stationIds: readonly number[]): number[][] | null {
  const groups = new Map<number, number[]>();
  let allOne = true;
  for (const id of stationIds) {
    const g = choice[id] ?? 1;
    if (g !== 1) allOne = false;
    if (g === 0) continue;
    groups.set(g, [...(groups.get(g) ?? []), id]);
  }
  if (allOne) return null;
  const out = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, ids]) => ids);
  for (const id of stationIds) if ((choice[id] ?? 1) === 0) out.push([id]);
  return out.length ? out : null;
}
