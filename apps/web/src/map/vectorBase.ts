// The offline vector basemap (GET /api/basemap.pmtiles, built from the county's OSM extract with tilemaker; see
// docs/map.md): read with the pmtiles package's MapLibre protocol by HTTP range requests, drawn under our layers in a
// day style and a night style (the command room's dark screens). Labels (streets, places) use `name_zh`, else `name`,
// drawn by the browser from its local fonts: the style has no `glyphs` URL, so MapLibre rasterises every label with
// TinySDF on a canvas in the font stack below (no glyph server, nothing from the internet).
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';

export type MapTheme = 'day' | 'night';

export const BASEMAP_SOURCE = 'basemap';
/** The archive's URL for the pmtiles protocol (absolute, on this origin: the session cookie goes with it). */
export const basemapPmtilesUrl = (origin: string): string => `pmtiles://${origin}/api/basemap.pmtiles`;

/** Local fonts with Chinese glyphs, most specific first (Debian/Linux, Windows, macOS), then the browser's sans-serif. */
export const LABEL_FONTS = ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei'];

interface Palette {
  background: string;
  water: string;
  waterway: string;
  park: string;
  wood: string;
  farmland: string;
  builtUp: string;
  building: string;
  buildingLine: string;
  minor: string;
  major: string;
  motorway: string;
  casing: string;
  path: string;
  label: string;
  labelHalo: string;
  place: string;
}

export const PALETTES: Record<MapTheme, Palette> = {
  day: {
    background: '#f2efe9',
    water: '#a8cbe8',
    waterway: '#8ab8de',
    park: '#cfe6c1',
    wood: '#b9d7a6',
    farmland: '#eaeed0',
    builtUp: '#e8e2da',
    building: '#d9d0c6',
    buildingLine: '#c4b8ab',
    minor: '#ffffff',
    major: '#fbe3a1',
    motorway: '#f3b56b',
    casing: '#c9c0b4',
    path: '#b8ab9a',
    label: '#3d3a35',
    labelHalo: '#ffffff',
    place: '#1f1d1a',
  },
  night: {
    background: '#0f1f35',
    water: '#0a2e4f',
    waterway: '#104066',
    park: '#12301f',
    wood: '#0f2a1b',
    farmland: '#142536',
    builtUp: '#14263d',
    building: '#1d3350',
    buildingLine: '#27426a',
    minor: '#2a4166',
    major: '#41608f',
    motorway: '#6b7fa3',
    casing: '#0b1729',
    path: '#2b3f5c',
    label: '#b8c7dc',
    labelHalo: '#0b1729',
    place: '#e3ebf5',
  },
};

const zoomLine = (stops: [number, number][]): ExpressionSpecification =>
  ['interpolate', ['exponential', 1.5], ['zoom'], ...stops.flat()] as unknown as ExpressionSpecification;
const cls = (...c: string[]): ExpressionSpecification => ['match', ['get', 'class'], c, true, false] as unknown as ExpressionSpecification;
const label: ExpressionSpecification = ['coalesce', ['get', 'name_zh'], ['get', 'name']] as unknown as ExpressionSpecification;

const MAJOR = ['primary', 'secondary', 'tertiary'];
const MOTOR = ['motorway', 'trunk'];
const MINOR = ['minor', 'service', 'track'];

/** The basemap's layers, bottom to top (ids start with `bm-`; they have no z and stay under ours). */
export function vectorBasemapLayers(theme: MapTheme): LayerSpecification[] {
  const p = PALETTES[theme];
  const src = { source: BASEMAP_SOURCE };
  return [
    { id: 'bm-landuse-builtup', type: 'fill', ...src, 'source-layer': 'landuse', filter: cls('residential', 'commercial', 'industrial', 'school', 'hospital'), paint: { 'fill-color': p.builtUp } },
    { id: 'bm-landuse-farmland', type: 'fill', ...src, 'source-layer': 'landuse', filter: cls('farmland', 'grass', 'cemetery'), paint: { 'fill-color': p.farmland } },
    { id: 'bm-landuse-park', type: 'fill', ...src, 'source-layer': 'landuse', filter: cls('park'), paint: { 'fill-color': p.park } },
    { id: 'bm-landuse-wood', type: 'fill', ...src, 'source-layer': 'landuse', filter: cls('wood'), paint: { 'fill-color': p.wood } },
    { id: 'bm-water', type: 'fill', ...src, 'source-layer': 'water', paint: { 'fill-color': p.water } },
    { id: 'bm-waterway', type: 'line', ...src, 'source-layer': 'waterway', paint: { 'line-color': p.waterway, 'line-width': zoomLine([[11, 0.6], [16, 3]]) } },
    { id: 'bm-building', type: 'fill', ...src, 'source-layer': 'building', minzoom: 14, paint: { 'fill-color': p.building, 'fill-outline-color': p.buildingLine } },
    { id: 'bm-path', type: 'line', ...src, 'source-layer': 'transportation', filter: cls('path'), minzoom: 14, paint: { 'line-color': p.path, 'line-width': 1, 'line-dasharray': [2, 1.5] } },
    {
      id: 'bm-road-casing',
      type: 'line',
      ...src,
      'source-layer': 'transportation',
      filter: cls(...MOTOR, ...MAJOR, ...MINOR),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': p.casing,
        'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], 10, ['match', ['get', 'class'], MOTOR, 2.5, MAJOR, 1.6, 0.6], 16, ['match', ['get', 'class'], MOTOR, 16, MAJOR, 13, 8], 18, ['match', ['get', 'class'], MOTOR, 32, MAJOR, 26, 18]] as unknown as ExpressionSpecification,
      },
    },
    {
      id: 'bm-road',
      type: 'line',
      ...src,
      'source-layer': 'transportation',
      filter: cls(...MOTOR, ...MAJOR, ...MINOR),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'class'], MOTOR, p.motorway, MAJOR, p.major, p.minor] as unknown as ExpressionSpecification,
        'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], 10, ['match', ['get', 'class'], MOTOR, 1.5, MAJOR, 0.9, 0.3], 16, ['match', ['get', 'class'], MOTOR, 13, MAJOR, 10.5, 6], 18, ['match', ['get', 'class'], MOTOR, 28, MAJOR, 22, 15]] as unknown as ExpressionSpecification,
      },
    },
    {
      id: 'bm-road-label',
      type: 'symbol',
      ...src,
      'source-layer': 'transportation',
      filter: ['all', cls(...MOTOR, ...MAJOR, 'minor'), ['has', 'name']] as unknown as ExpressionSpecification,
      minzoom: 13,
      layout: {
        'symbol-placement': 'line',
        'text-field': label,
        'text-font': LABEL_FONTS,
        'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 17, 14] as unknown as ExpressionSpecification,
        'text-max-angle': 30,
        'symbol-spacing': 320,
      },
      paint: { 'text-color': p.label, 'text-halo-color': p.labelHalo, 'text-halo-width': 1.4 },
    },
    {
      id: 'bm-place-label',
      type: 'symbol',
      ...src,
      'source-layer': 'place',
      layout: {
        'text-field': label,
        'text-font': LABEL_FONTS,
        'text-size': ['match', ['get', 'rank'], 1, 18, 2, 16, 3, 14, 12] as unknown as ExpressionSpecification,
        'symbol-sort-key': ['get', 'rank'] as unknown as ExpressionSpecification,
        'text-padding': 6,
      },
      paint: { 'text-color': p.place, 'text-halo-color': p.labelHalo, 'text-halo-width': 1.8 },
    },
  ];
}

const THEME_KEY = 'jw.mapTheme';

/** The map theme: the one picked on this browser (the map's ☀/☾ button), else day from 07:00 to 19:00, night otherwise. */
export function initialMapTheme(now: Date = new Date(), stored: string | null = readStoredTheme()): MapTheme {
  if (stored === 'day' || stored === 'night') return stored;
  const h = now.getHours();
  return h >= 7 && h < 19 ? 'day' : 'night';
}

function readStoredTheme(): string | null {
  try {
    return localStorage.getItem(THEME_KEY);
  } catch {
    return null;
  }
}

export function storeMapTheme(t: MapTheme): void {
  try {
    localStorage.setItem(THEME_KEY, t);
  } catch {
    // private mode: the choice lasts this page only
  }
}
