// Map styles and layer definitions. No sprite and no `glyphs` URL: our layers are background, raster, fill, line and
// circle layers (names go in HTML popups); the offline vector basemap's labels (vectorBase.ts) are drawn by MapLibre
// from the browser's local fonts, which it does for every character when the style has no glyphs URL.
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { AreaKind } from '@jingwang/contracts';
import { AREA_STYLE, PRIORITY_COLOR, UNIT_STATUS_COLOR } from '../app/colors';
import { TIER_HEX } from '../lib/dispatch';
import { stack, Z } from './layers/order';
import { BASEMAP_SOURCE, PALETTES, vectorBasemapLayers, type MapTheme } from './vectorBase';

export const MAP_BG = '#0f1f35';
const EMPTY = { type: 'FeatureCollection', features: [] } as const;

/** Area kinds drawn on maps, coarse to fine. */
export const MAP_AREA_KINDS: AreaKind[] = ['district', 'station', 'police_grid', 'community', 'grid'];

/**
 * The base style: BASEMAP_URL's raster tiles when configured; else the offline vector basemap when it exists
 * (`vector`: the pmtiles:// URL of the archive, drawn in `theme`); else the background alone.
 */
export function baseStyle(basemapUrl: string | null, vector: { url: string; theme: MapTheme } | null = null): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': vector && !basemapUrl ? PALETTES[vector.theme].background : MAP_BG } }],
  };
  if (basemapUrl) {
    const tiles = /\{s\}/.test(basemapUrl) ? ['a', 'b', 'c'].map((s) => basemapUrl.replace('{s}', s)) : [basemapUrl];
    style.sources.basemap = { type: 'raster', tiles, tileSize: 256, maxzoom: 19 };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.95 } });
  } else if (vector) {
    style.sources[BASEMAP_SOURCE] = { type: 'vector', url: vector.url, attribution: '© OpenStreetMap' };
    style.layers.push(...vectorBasemapLayers(vector.theme));
  }
  return style;
}

const matchColor = (prop: string, table: Record<string, { hex: string }>, fallback: string): ExpressionSpecification =>
  ['match', ['to-string', ['get', prop]], ...Object.entries(table).flatMap(([k, v]) => [k, v.hex]), fallback] as unknown as ExpressionSpecification;

const ARTERIAL = ['motorway', 'trunk', 'primary', 'arterial', 'expressway', 'highway'];
const COLLECTOR = ['secondary', 'tertiary', 'collector', 'major'];

/** The GeoJSON sources of the command map (one per layer component, MapView.tsx). */
export const SOURCES = ['areas', 'roads', 'forecast', 'coverage', 'reach', 'highlight', 'routes', 'incidents', 'units'] as const;

/** Colour by a travel time in seconds (property `prop`): 1, 3, 5 minutes, beyond. Mirrors budgetColor(). */
export function budgetColorExpr(prop = 'seconds'): ExpressionSpecification {
  return ['step', ['to-number', ['get', prop]], TIER_HEX[1], 60.5, TIER_HEX[3], 180.5, TIER_HEX[5], 300.5, TIER_HEX.beyond] as unknown as ExpressionSpecification;
}

const byZoom = (a: number, b: number): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], 10, a, 15, b] as unknown as ExpressionSpecification;

/**
 * The 预测热点 overlay of the command map: forecast cells (features of cellsFc, coloured by their `color`, the band
 * colour of the forecast page) as translucent squares, hotter bands more opaque, with a thin outline in the same
 * colour. Drawn over the area fills and under the roads, outlines, dispatch overlays and markers, so roads stay
 * readable and incidents and units stay clickable.
 */
export function forecastOverlayLayers(): LayerSpecification[] {
  return [
    {
      id: 'forecast-fill',
      type: 'fill',
      source: 'forecast',
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': ['match', ['get', 'band'], 1, 0.58, 2, 0.5, 5, 0.42, 0.34] },
    },
    {
      id: 'forecast-line',
      type: 'line',
      source: 'forecast',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ['get', 'color'], 'line-width': byZoom(0.4, 1.2), 'line-opacity': 0.75 },
    },
  ];
}

/** Live coverage (roads reached within 3 and 5 minutes; gaps in red) and reach areas. */
export function dispatchLayers(): LayerSpecification[] {
  return [...coverageLayers(), ...reachLayers()];
}

/** Live coverage (source `coverage`): roads reached within each budget, the gaps in red. */
export function coverageLayers(): LayerSpecification[] {
  return [
    {
      id: 'coverage-covered',
      type: 'line',
      source: 'coverage',
      filter: ['==', ['get', 'kind'], 'covered'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': budgetColorExpr(), 'line-width': byZoom(1.6, 4.5), 'line-opacity': 0.9 },
    },
    {
      id: 'coverage-gap',
      type: 'line',
      source: 'coverage',
      filter: ['==', ['get', 'kind'], 'gap'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': TIER_HEX.beyond, 'line-width': byZoom(1.8, 5), 'line-opacity': 0.85 },
    },
  ];
}

/** A reach area (source `reach`): the area within each budget and its roads. */
export function reachLayers(): LayerSpecification[] {
  return [
    { id: 'reach-fill', type: 'fill', source: 'reach', filter: ['==', ['get', 'kind'], 'area'], paint: { 'fill-color': budgetColorExpr(), 'fill-opacity': 0.1 } },
    {
      id: 'reach-roads',
      type: 'line',
      source: 'reach',
      filter: ['==', ['get', 'kind'], 'roads'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': budgetColorExpr(), 'line-width': byZoom(1.8, 5), 'line-opacity': 0.9 },
    },
    {
      id: 'reach-outline',
      type: 'line',
      source: 'reach',
      filter: ['==', ['get', 'kind'], 'area'],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': budgetColorExpr(), 'line-width': 2.5, 'line-dasharray': [3, 1.5] },
    },
  ];
}

/** Routes of the recommended units (drawn under incidents and units). */
export function routeLayers(): LayerSpecification[] {
  return [
    {
      id: 'routes-casing',
      type: 'line',
      source: 'routes',
      filter: ['==', ['get', 'kind'], 'route'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#0b1a2e', 'line-width': ['case', ['==', ['get', 'emphasis'], true], 10, 5], 'line-opacity': 0.75 },
    },
    {
      id: 'routes-alt',
      type: 'line',
      source: 'routes',
      filter: ['all', ['==', ['get', 'kind'], 'route'], ['!=', ['get', 'emphasis'], true]],
      layout: { 'line-cap': 'butt', 'line-join': 'round' },
      paint: {
        'line-color': ['case', ['==', ['get', 'proposed'], true], '#69b1ff', '#9fb0c7'],
        'line-width': 3,
        'line-dasharray': [2, 1.5],
      },
    },
    {
      id: 'routes-main',
      type: 'line',
      source: 'routes',
      filter: ['all', ['==', ['get', 'kind'], 'route'], ['==', ['get', 'emphasis'], true]],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffd666', 'line-width': 6 },
    },
    {
      id: 'route-starts',
      type: 'circle',
      source: 'routes',
      filter: ['==', ['get', 'kind'], 'start'],
      paint: {
        'circle-radius': ['case', ['==', ['get', 'emphasis'], true], 13, 10],
        'circle-opacity': 0,
        'circle-stroke-color': ['case', ['==', ['get', 'emphasis'], true], '#ffd666', '#69b1ff'],
        'circle-stroke-width': ['case', ['==', ['get', 'emphasis'], true], 3.5, 2],
      },
    },
  ];
}

/** The fills of the areas (source `areas`), one layer per kind, coarse to fine. */
export function areaFillLayers(kinds: readonly AreaKind[]): LayerSpecification[] {
  return kinds.map((k) => ({
    id: `area-fill-${k}`,
    type: 'fill',
    source: 'areas',
    filter: ['==', ['get', 'kind'], k],
    paint: { 'fill-color': AREA_STYLE[k].color, 'fill-opacity': AREA_STYLE[k].fillOpacity },
  }));
}

/** The outlines of the areas, fine to coarse so coarse borders stay on top. */
export function areaLineLayers(kinds: readonly AreaKind[]): LayerSpecification[] {
  return [...kinds].reverse().map((k) => {
    const s = AREA_STYLE[k];
    return {
      id: `area-line-${k}`,
      type: 'line',
      source: 'areas',
      filter: ['==', ['get', 'kind'], k],
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': s.color,
        'line-width': s.width,
        'line-opacity': 0.9,
        ...(s.dash ? { 'line-dasharray': s.dash } : {}),
      },
    };
  });
}

/** The road network (source `roads`): warmer colours over a raster base map. */
export function roadLayers(opts: { roadsOnBasemap: boolean }): LayerSpecification[] {
  return [
    {
      id: 'roads',
      type: 'line',
      source: 'roads',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': [
          'match',
          ['get', 'class'],
          ARTERIAL,
          opts.roadsOnBasemap ? '#d9822b' : '#7d93b2',
          COLLECTOR,
          opts.roadsOnBasemap ? '#e0a458' : '#566d8c',
          opts.roadsOnBasemap ? '#c9a27a' : '#3b5170',
        ],
        'line-width': [
          'interpolate',
          ['linear'],
          ['zoom'],
          10,
          ['match', ['get', 'class'], ARTERIAL, 1.6, COLLECTOR, 0.9, 0.4],
          14,
          ['match', ['get', 'class'], ARTERIAL, 4, COLLECTOR, 2.4, 1.2],
          17,
          ['match', ['get', 'class'], ARTERIAL, 10, COLLECTOR, 6, 3],
        ],
      },
    },
  ];
}

/** The area picked in a list (source `highlight`). */
export function highlightLayers(): LayerSpecification[] {
  return [
    { id: 'highlight-fill', type: 'fill', source: 'highlight', paint: { 'fill-color': '#ffd666', 'fill-opacity': 0.12 } },
    { id: 'highlight-line', type: 'line', source: 'highlight', paint: { 'line-color': '#fff1b8', 'line-width': 3.5 } },
  ];
}

/** Incidents (source `incidents`): a halo (stronger while new) and the dot, by priority; the selected one ringed. */
export function incidentLayers(): LayerSpecification[] {
  return [
    {
      id: 'incidents-halo',
      type: 'circle',
      source: 'incidents',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 13, 15, 20],
        'circle-color': matchColor('priority', PRIORITY_COLOR, '#ff4d4f'),
        'circle-opacity': ['case', ['==', ['get', 'status'], 'new'], 0.35, 0.18],
        'circle-blur': 0.3,
      },
    },
    {
      id: 'incidents',
      type: 'circle',
      source: 'incidents',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 7, 15, 11],
        'circle-color': matchColor('priority', PRIORITY_COLOR, '#ff4d4f'),
        'circle-stroke-color': ['case', ['==', ['get', 'selected'], true], '#ffe58f', '#ffffff'],
        'circle-stroke-width': ['case', ['==', ['get', 'selected'], true], 4, 2],
      },
    },
  ];
}

/** Units (source `units`) by status; a stale position hollow. */
export function unitLayers(): LayerSpecification[] {
  return [
    {
      id: 'units',
      type: 'circle',
      source: 'units',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 15, 7],
        'circle-color': matchColor('status', UNIT_STATUS_COLOR, '#8c8c8c'),
        'circle-opacity': ['case', ['==', ['get', 'stale'], true], 0.15, 1],
        'circle-stroke-color': ['case', ['==', ['get', 'stale'], true], matchColor('status', UNIT_STATUS_COLOR, '#8c8c8c'), '#0b1a2e'],
        'circle-stroke-width': ['case', ['==', ['get', 'stale'], true], 2, 1.5],
        'circle-stroke-opacity': ['case', ['==', ['get', 'stale'], true], 0.7, 1],
      },
    },
  ];
}

/** A layer with its height in the stack (layers/order.ts). */
export interface ZLayer {
  z: number;
  layer: LayerSpecification;
}

export const withZ = (z: number, layers: LayerSpecification[]): ZLayer[] => layers.map((layer) => ({ z, layer }));

/** Every layer of the command map with its z, in the order the map's layer components add them. */
export function commandMapLayers(kinds: readonly AreaKind[], opts: { roadsOnBasemap: boolean }): ZLayer[] {
  return [
    ...withZ(Z.areaFill, areaFillLayers(kinds)),
    ...withZ(Z.areaLine, areaLineLayers(kinds)),
    ...withZ(Z.roads, roadLayers(opts)),
    ...withZ(Z.highlight, highlightLayers()),
    ...withZ(Z.forecastOverlay, forecastOverlayLayers()),
    ...withZ(Z.coverage, coverageLayers()),
    ...withZ(Z.reach, reachLayers()),
    ...withZ(Z.routes, routeLayers()),
    ...withZ(Z.incidents, incidentLayers()),
    ...withZ(Z.units, unitLayers()),
  ];
}

/**
 * All our layers, bottom to top (as the map stacks them): area fills, forecast cells, roads, area outlines (fine to
 * coarse so coarse borders stay on top), coverage and reach areas, highlight, recommended routes, incidents, units.
 */
export function overlayLayers(kinds: AreaKind[], opts: { roadsOnBasemap: boolean }): LayerSpecification[] {
  return stack(commandMapLayers(kinds, opts)).map((l) => l.layer);
}

export { EMPTY as EMPTY_FC };
