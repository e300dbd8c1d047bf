// Map styles and layer definitions. No glyphs, no sprite: only background, raster, fill, line and circle layers
// (symbol layers with text or icons would need a glyph/sprite server we do not have). Names go in HTML popups.
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { AreaKind } from '@jingwang/contracts';
import { AREA_STYLE, PRIORITY_COLOR, UNIT_STATUS_COLOR } from '../app/colors';

export const MAP_BG = '#0f1f35';
const EMPTY = { type: 'FeatureCollection', features: [] } as const;

/** Area kinds drawn on maps, coarse to fine. */
export const MAP_AREA_KINDS: AreaKind[] = ['district', 'station', 'police_grid', 'community', 'grid'];

export function baseStyle(basemapUrl: string | null): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': MAP_BG } }],
  };
  if (basemapUrl) {
    const tiles = /\{s\}/.test(basemapUrl) ? ['a', 'b', 'c'].map((s) => basemapUrl.replace('{s}', s)) : [basemapUrl];
    style.sources.basemap = { type: 'raster', tiles, tileSize: 256, maxzoom: 19 };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.95 } });
  }
  return style;
}

const matchColor = (prop: string, table: Record<string, { hex: string }>, fallback: string): ExpressionSpecification =>
  ['match', ['to-string', ['get', prop]], ...Object.entries(table).flatMap(([k, v]) => [k, v.hex]), fallback] as unknown as ExpressionSpecification;

const ARTERIAL = ['motorway', 'trunk', 'primary', 'arterial', 'expressway', 'highway'];
const COLLECTOR = ['secondary', 'tertiary', 'collector', 'major'];

/** Sources every map has (filled later with setData). */
export const SOURCES = ['areas', 'roads', 'highlight', 'incidents', 'units'] as const;

/**
 * All our layers, bottom to top: area fills, roads, area outlines (fine to coarse so coarse borders stay on top),
 * highlight, incidents, units.
 */
export function overlayLayers(kinds: AreaKind[], opts: { roadsOnBasemap: boolean }): LayerSpecification[] {
  const layers: LayerSpecification[] = [];
  for (const k of kinds) {
    const s = AREA_STYLE[k];
    layers.push({
      id: `area-fill-${k}`,
      type: 'fill',
      source: 'areas',
      filter: ['==', ['get', 'kind'], k],
      paint: { 'fill-color': s.color, 'fill-opacity': s.fillOpacity },
    });
  }
  layers.push({
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
  });
  for (const k of [...kinds].reverse()) {
    const s = AREA_STYLE[k];
    layers.push({
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
    });
  }
  layers.push(
    { id: 'highlight-fill', type: 'fill', source: 'highlight', paint: { 'fill-color': '#ffd666', 'fill-opacity': 0.12 } },
    { id: 'highlight-line', type: 'line', source: 'highlight', paint: { 'line-color': '#fff1b8', 'line-width': 3.5 } },
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
  );
  return layers;
}

export { EMPTY as EMPTY_FC };
