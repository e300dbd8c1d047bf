// GeoJSON for the dispatch overlays of the command map (pure): recommended routes, reach areas and live coverage.
// The layers that draw them are in style.ts; the colours of the 1/3/5-minute tiers in lib/dispatch.ts.
import type { AnyFeatureCollection, Route } from '@jingwang/contracts';

export type Fc = AnyFeatureCollection;

export const emptyFc = (): Fc => ({ type: 'FeatureCollection', features: [] });

/**
 * Routes of the recommended units to the scene: one LineString per route (properties unitId, seconds, meters,
 * proposed, emphasis) and a Point at each route's start (kind 'start') to ring the unit. The emphasised route comes
 * last so it is drawn on top.
 */
export function routesFc(routes: readonly Route[], opts: { proposal: readonly number[]; emphasis: number | null; callsigns?: ReadonlyMap<number, string> }): Fc {
  const proposed = new Set(opts.proposal);
  const usable = routes.filter((r) => r.coordinates.length >= 2);
  const ordered = [...usable.filter((r) => r.unitId !== opts.emphasis), ...usable.filter((r) => r.unitId === opts.emphasis)];
  const features: Fc['features'] = [];
  for (const r of ordered) {
    const props = {
      unitId: r.unitId,
      seconds: r.seconds,
      meters: r.meters,
      proposed: proposed.has(r.unitId),
      emphasis: r.unitId === opts.emphasis,
      callsign: opts.callsigns?.get(r.unitId) ?? '',
    };
    features.push({ type: 'Feature', properties: { ...props, kind: 'route' }, geometry: { type: 'LineString', coordinates: r.coordinates } });
  }
  for (const r of ordered) {
    features.push({
      type: 'Feature',
      properties: { unitId: r.unitId, kind: 'start', proposed: proposed.has(r.unitId), emphasis: r.unitId === opts.emphasis },
      geometry: { type: 'Point', coordinates: r.coordinates[0] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * A reach answer (GET /api/roads/reach) ready to draw: the largest budget first so the smaller areas and their roads
 * are drawn over it; features without a usable `seconds` are dropped.
 */
export function reachFc(fc: Fc | null | undefined): Fc {
  if (!fc || !Array.isArray(fc.features)) return emptyFc();
  const features = fc.features
    .filter((f) => typeof f.properties?.seconds === 'number' && (f.properties.kind === 'roads' || f.properties.kind === 'area'))
    .map((f): Fc['features'][number] => ({ ...f, properties: { ...f.properties, minutes: Math.round(((f.properties.seconds as number) / 60) * 10) / 10 } }))
    .sort((a, b) => (b.properties.seconds as number) - (a.properties.seconds as number));
  return { type: 'FeatureCollection', features };
}

/** The budgets (seconds) a reach answer holds, ascending. */
export function reachBudgets(fc: Fc | null | undefined): number[] {
  const s = new Set<number>();
  for (const f of fc?.features ?? []) if (typeof f.properties?.seconds === 'number') s.add(f.properties.seconds as number);
  return [...s].sort((a, b) => a - b);
}

export interface CoverageSummary {
  budgets: number[];
  /** Cumulative share of the road length reached within each budget, 0..1. */
  shares: number[];
  /** Share beyond the last budget (the gaps). */
  gapShare: number;
  units: number;
  kmWithin: number[];
  kmBeyond: number;
  computedAt: string | null;
}

/** The numbers of a coverage answer (GET /api/roads/coverage) for its legend. */
export function coverageSummary(fc: (Fc & { properties?: Record<string, unknown> }) | null | undefined): CoverageSummary | null {
  const p = fc?.properties;
  if (!p || !Array.isArray(p.budgets)) return null;
  const budgets = (p.budgets as number[]).map(Number);
  const shares = Array.isArray(p.shareWithin) ? (p.shareWithin as number[]).map(Number) : budgets.map(() => 0);
  const metersWithin = Array.isArray(p.metersWithin) ? (p.metersWithin as number[]).map(Number) : budgets.map(() => 0);
  const last = shares.length ? shares[shares.length - 1]! : 0;
  return {
    budgets,
    shares,
    gapShare: Math.max(0, Math.round((1 - last) * 1000) / 1000),
    units: Number(p.units ?? 0),
    kmWithin: metersWithin.map((m) => Math.round(m / 100) / 10),
    kmBeyond: Math.round(Number(p.metersBeyond ?? 0) / 100) / 10,
    computedAt: typeof p.computedAt === 'string' ? p.computedAt : null,
  };
}

/** Bounding box of the routes and the scene, for fitting the map to a recommendation. */
export function routesBBox(routes: readonly Route[], scene?: { lon: number; lat: number }): [number, number, number, number] | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const add = (x: number, y: number) => {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  };
  for (const r of routes) for (const [x, y] of r.coordinates) add(x, y);
  if (scene) add(scene.lon, scene.lat);
  return Number.isFinite(x0) ? [x0, y0, x1, y1] : null;
}
