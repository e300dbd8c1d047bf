// Pure helpers of the forecast page (/forecast, 预测研判): band colours, shares and PAI in words, the cells as GeoJSON,
// the district of an area, where a cell is (the finest area holding its centre), run facts. No DOM, no React:
// tested by helpers.test.ts.
import type { Area, ForecastCell, ForecastRun, UserRole } from '@jingwang/contracts';
import type { DictKey } from '../../app/dict';

/** The translate function of useI18n() (or dict.translate bound to a language): keeps this module free of React. */
export type Translate = (key: DictKey, vars?: Record<string, string | number>) => string;

// ------------------------------------------------------------------ bands

export type Band = ForecastCell['band'];
export const BANDS: readonly Band[] = [1, 2, 5, 10];

/** Hot to warm: the top 1 % of the district in deep red, then 2 %, 5 %, 10 %. Readable on the dark map. */
export const BAND_COLOR: Readonly<Record<Band, string>> = { 1: '#f5222d', 2: '#fa541c', 5: '#fa8c16', 10: '#fadb14' };
/** antd Tag presets matching BAND_COLOR. */
export const BAND_TAG: Readonly<Record<Band, string>> = { 1: 'red', 2: 'volcano', 5: 'orange', 10: 'gold' };

export function bandColor(band: number): string {
  return (BAND_COLOR as Record<number, string>)[band] ?? BAND_COLOR[10];
}

/**
 * Cells in each band and the bands above it (cumulative, like the shares: "前 2%" is the top 2 % of the area, so it
 * holds the top 1 %'s cells too; own-band counts read "前 1% 46 格, 前 2% 46 格", which misleads).
 */
export function bandCounts(cells: readonly Pick<ForecastCell, 'band'>[]): Record<Band, number> {
  const own: Record<Band, number> = { 1: 0, 2: 0, 5: 0, 10: 0 };
  for (const c of cells) if (c.band in own) own[c.band]++;
  let acc = 0;
  const out: Record<Band, number> = { 1: 0, 2: 0, 5: 0, 10: 0 };
  for (const b of BANDS) {
    acc += own[b];
    out[b] = acc;
  }
  return out;
}

/** Share of the district's forecast caught by the cells of each band and the bands above it (cumulative), 0..1. */
export function bandShares(cells: readonly Pick<ForecastCell, 'band' | 'share'>[]): Record<Band, number> {
  const own: Record<Band, number> = { 1: 0, 2: 0, 5: 0, 10: 0 };
  for (const c of cells) if (c.band in own) own[c.band] += c.share;
  let acc = 0;
  const out: Record<Band, number> = { 1: 0, 2: 0, 5: 0, 10: 0 };
  for (const b of BANDS) {
    acc += own[b];
    out[b] = acc;
  }
  return out;
}

// ------------------------------------------------------------------ numbers

/**
 * A share (0..1) as a percentage: one decimal under 10 %, whole above; tiny but non-zero shares as "<0.1%".
 * null / NaN -> "—".
 */
export function formatShare(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const p = v * 100;
  if (p > 0 && p < 0.05) return '<0.1%';
  if (p >= 10) return `${Math.round(p)}%`;
  const r = Math.round(p * 10) / 10;
  return `${Number.isInteger(r) ? r.toFixed(0) : r.toFixed(1)}%`;
}

/** A PAI (prediction accuracy index: share of the incidents caught / share of the area searched) with two digits. */
export function formatPai(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v >= 100 ? v.toFixed(0) : String(Math.round(v * 100) / 100);
}

/** How long a run took, in words the duty officer reads: "850 毫秒" / "12.3 秒" / "2 分 05 秒" (en: ms, s, min). */
export function formatDurationMs(ms: number, lang: 'zh' | 'en' = 'zh'): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return lang === 'zh' ? `${Math.round(ms)} 毫秒` : `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) {
    const r = Math.round(s * 10) / 10;
    const txt = Number.isInteger(r) ? r.toFixed(0) : r.toFixed(1);
    return lang === 'zh' ? `${txt} 秒` : `${txt} s`;
  }
  const m = Math.floor(s / 60);
  const sec = String(Math.round(s % 60)).padStart(2, '0');
  return lang === 'zh' ? `${m} 分 ${sec} 秒` : `${m} min ${sec} s`;
}

/** Whole days between two instants (training window length), at least 0. */
export function daysBetween(fromIso: string, untilIso: string): number {
  const d = (Date.parse(untilIso) - Date.parse(fromIso)) / 86_400_000;
  return Number.isFinite(d) ? Math.max(0, Math.round(d)) : 0;
}

/**
 * The hover popup of a forecast cell (properties of cellsFc), on the forecast page and on the command room map:
 * "第 3 名 · 前 1% 区域", then its share of the district forecast and its past incidents.
 */
export function cellPopupText(p: Record<string, unknown>, t: Translate): { title: string; lines: string[] } {
  return {
    title: t('forecast.popupTitle', { rank: Number(p.rank), band: Number(p.band) }),
    lines: [t('forecast.popupShare', { share: formatShare(Number(p.share)) }), t('forecast.popupHistory', { n: Number(p.history) })],
  };
}

// ------------------------------------------------------------------ run facts

/** A model's name in words ("核密度估计"); the raw name when the dictionary has none. */
export function modelLabel(model: string, t: Translate): string {
  const k = `forecast.model.${model}` as DictKey;
  const s = t(k);
  return s === k ? model : s;
}

export interface Candidate {
  model: string;
  pai5: number | null;
  chosen: boolean;
}

/** Every candidate of a run with its validation PAI at 5 %, best first (no value last), the chosen one marked. */
export function candidates(run: Pick<ForecastRun, 'model' | 'validation'>): Candidate[] {
  const list = Object.entries(run.validation?.pai5 ?? {}).map(([model, v]) => ({ model, pai5: typeof v === 'number' && Number.isFinite(v) ? v : null, chosen: model === run.model }));
  if (!list.some((c) => c.chosen)) list.push({ model: run.model, pai5: null, chosen: true });
  return list.sort((a, b) => (b.pai5 ?? -Infinity) - (a.pai5 ?? -Infinity) || a.model.localeCompare(b.model));
}

/** Who may make a forecast on demand (server policy forecast.run). */
export function canRunForecast(role: UserRole | null | undefined): boolean {
  return role === 'admin' || role === 'district_lead' || role === 'station_lead' || role === 'dispatcher';
}

// ------------------------------------------------------------------ areas

/** The district (片区) an area belongs to: itself when a district, else the first district among its ancestors. */
export function districtOf(areas: readonly Pick<Area, 'id' | 'kind' | 'parentId'>[], areaId: number | null | undefined): number | null {
  if (areaId === null || areaId === undefined) return null;
  const byId = new Map(areas.map((a) => [a.id, a]));
  let cur = byId.get(areaId);
  const seen = new Set<number>();
  while (cur && !seen.has(cur.id)) {
    if (cur.kind === 'district') return cur.id;
    seen.add(cur.id);
    cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
  }
  return null;
}

// ------------------------------------------------------------------ GeoJSON

export interface Fc {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: number; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[];
}

export const emptyFc = (): Fc => ({ type: 'FeatureCollection', features: [] });

/**
 * The cells as squares (Polygon of the ring; closed if the ring is not) with properties id, rank, band, color, share,
 * history, lon, lat (the centre, WGS-84), selected. Ordered from the 10 % band up to the top cell so the hottest are drawn last (on top); cells
 * without a usable ring are left out.
 */
export function cellsFc(cells: readonly ForecastCell[], selectedId: string | null = null): Fc {
  const usable = cells.filter((c) => Array.isArray(c.ring) && c.ring.length >= 3);
  const ordered = [...usable].sort((a, b) => b.rank - a.rank);
  return {
    type: 'FeatureCollection',
    features: ordered.map((c) => {
      const ring = c.ring.map((p) => [p[0], p[1]] as [number, number]);
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
      return {
        type: 'Feature',
        id: c.rank,
        properties: { id: c.id, rank: c.rank, band: c.band, color: bandColor(c.band), share: c.share, history: c.history, lon: c.lon, lat: c.lat, selected: c.id === selectedId },
        geometry: { type: 'Polygon', coordinates: [ring] },
      };
    }),
  };
}

/** Bounding box of the cells' squares: [minLon, minLat, maxLon, maxLat], null when none. */
export function cellsBBox(cells: readonly Pick<ForecastCell, 'ring'>[]): [number, number, number, number] | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const c of cells)
    for (const [x, y] of c.ring) {
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
  return Number.isFinite(x0) ? [x0, y0, x1, y1] : null;
}

/** The top `n` cells by rank. */
export function topCells<T extends Pick<ForecastCell, 'rank'>>(cells: readonly T[], n: number): T[] {
  return [...cells].sort((a, b) => a.rank - b.rank).slice(0, Math.max(0, n));
}

export interface GridRank<C> {
  /** The grid's area id and name. */
  id: number;
  name: string;
  rank: number;
  /** Sum of the shares of the forecast cells whose centre lies in the grid (0..1). */
  share: number;
  /** Incidents of the training data in those cells. */
  history: number;
  /** How many forecast cells that is. */
  cells: number;
  /** The grid's highest-ranked cell: what the map shows when the grid is picked. */
  top: C;
}

/**
 * 重点网格: the real grids (网格, the areas) ranked by the forecast in them, not the 250 m squares of the model. A cell
 * belongs to the grid that holds its centre; cells outside every grid count for none. Ties by the best cell's rank.
 */
export function topGrids<C extends Pick<ForecastCell, 'lon' | 'lat' | 'share' | 'history' | 'rank'>>(cells: readonly C[], areas: readonly AreaFeature[], n: number): GridRank<C>[] {
  const grids = areas.filter((f) => f.properties.kind === 'grid');
  const by = new Map<number, Omit<GridRank<C>, 'rank'>>();
  for (const c of cells) {
    const g = grids.find((f) => pointInGeometry(c.lon, c.lat, f.geometry));
    if (!g) continue;
    const cur = by.get(g.properties.id);
    if (!cur) by.set(g.properties.id, { id: g.properties.id, name: g.properties.name, share: c.share, history: c.history, cells: 1, top: c });
    else {
      cur.share += c.share;
      cur.history += c.history;
      cur.cells += 1;
      if (c.rank < cur.top.rank) cur.top = c;
    }
  }
  return [...by.values()]
    .sort((a, b) => b.share - a.share || a.top.rank - b.top.rank)
    .slice(0, Math.max(0, n))
    .map((g, i) => ({ ...g, rank: i + 1 }));
}

// ------------------------------------------------------------------ where is a cell

type Ring = number[][];

function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!, yi = ring[i]![1]!;
    const xj = ring[j]![0]!, yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Point in a GeoJSON Polygon or MultiPolygon (holes respected). */
export function pointInGeometry(x: number, y: number, g: { type: string; coordinates: unknown } | null | undefined): boolean {
  if (!g) return false;
  const polys: Ring[][] = g.type === 'Polygon' ? [g.coordinates as Ring[]] : g.type === 'MultiPolygon' ? (g.coordinates as Ring[][]) : [];
  for (const rings of polys) {
    if (!rings.length || !inRing(x, y, rings[0]!)) continue;
    if (!rings.slice(1).some((h) => inRing(x, y, h))) return true;
  }
  return false;
}

export interface AreaFeature {
  properties: { id: number; name: string; kind: string };
  geometry: { type: string; coordinates: unknown };
}

/** Finest first: the names a duty officer uses to say where a place is. */
const WHERE_KINDS = ['grid', 'community', 'police_grid', 'station'] as const;

/**
 * Where a point is, in words: the community and grid holding it ("城东社区 · 第3网格", or the grid alone when its name
 * starts with the community's), else the police grid or the station; "" when no area holds it.
 */
export function whereOf(lon: number, lat: number, areas: readonly AreaFeature[]): string {
  const found: Partial<Record<(typeof WHERE_KINDS)[number], string>> = {};
  for (const f of areas) {
    const k = f.properties.kind as (typeof WHERE_KINDS)[number];
    if (!WHERE_KINDS.includes(k) || found[k]) continue;
    if (pointInGeometry(lon, lat, f.geometry)) found[k] = f.properties.name;
  }
  // grid names often repeat their community's ("天目社区第1网格"): then the grid alone says it
  if (found.community && found.grid && found.grid.startsWith(found.community)) return found.grid;
  if (found.community || found.grid) return [found.community, found.grid].filter(Boolean).join(' · ');
  return found.police_grid ?? found.station ?? '';
}
