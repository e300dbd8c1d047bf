// The base map every page's map starts from, and the small helpers the three maps share (popups, GCJ-02 shift,
// source data, fitting a box).
//
// The base map (command room, patrol, forecast): the deployment's base style centred
// on its bounding box, no rotation, zoom buttons and (unless compact) a metric scale. Throws when the browser has
// no WebGL; callers show `map.noWebgl`.
import { addProtocol, Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl, type GeoJSONSource, type IControl, type MapMouseEvent, type Popup } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { ClientConfig } from '@jingwang/contracts';
import { baseStyle } from './style';
import { basemapPmtilesUrl, initialMapTheme, PALETTES, storeMapTheme, vectorBasemapLayers, type MapTheme } from './vectorBase';
import { transformGeoJson, wgs84ToGcj02 } from './gcj02';

setWorkerUrl(workerUrl);
// the offline basemap's archive, read by HTTP range requests (pmtiles://https://host/api/basemap.pmtiles)
addProtocol('pmtiles', new Protocol().tile);

/** Switches the vector basemap's layers (and the background) to a theme's colours, in place. */
export function applyMapTheme(map: MlMap, theme: MapTheme): void {
  map.setPaintProperty('background', 'background-color', PALETTES[theme].background);
  for (const l of vectorBasemapLayers(theme)) {
    if (!map.getLayer(l.id) || !('paint' in l) || !l.paint) continue;
    for (const [k, v] of Object.entries(l.paint)) map.setPaintProperty(l.id, k as Parameters<MlMap['setPaintProperty']>[1], v);
  }
}

/** The ☀/☾ button of a map on the vector basemap: day and night styles, the choice kept on this browser. */
class ThemeControl implements IControl {
  private el: HTMLDivElement | null = null;
  constructor(
    private theme: MapTheme,
    private readonly titles: Record<MapTheme, string>,
  ) {}
  onAdd(map: MlMap): HTMLElement {
    const el = document.createElement('div');
    el.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'jw-map-theme';
    b.dataset.testid = 'map-theme';
    const show = () => {
      b.textContent = this.theme === 'day' ? '☾' : '☀';
      b.title = this.titles[this.theme === 'day' ? 'night' : 'day'];
      b.setAttribute('aria-label', b.title);
      b.dataset.theme = this.theme;
    };
    b.addEventListener('click', () => {
      this.theme = this.theme === 'day' ? 'night' : 'day';
      storeMapTheme(this.theme);
      applyMapTheme(map, this.theme);
      show();
    });
    show();
    el.appendChild(b);
    this.el = el;
    return el;
  }
  onRemove(): void {
    this.el?.remove();
  }
}

export function createBaseMap(
  container: HTMLElement,
  config: Pick<ClientConfig, 'basemapUrl' | 'bbox' | 'basemap'>,
  opts: { scale?: boolean; themeTitles?: Record<MapTheme, string> } = {},
): MlMap {
  // BASEMAP_URL (a raster tile server) wins over the offline vector basemap
  const vector = !config.basemapUrl && config.basemap ? { url: basemapPmtilesUrl(window.location.origin), theme: initialMapTheme() } : null;
  const map = new MlMap({
    container,
    style: baseStyle(config.basemapUrl, vector),
    center: config.bbox ? [(config.bbox[0] + config.bbox[2]) / 2, (config.bbox[1] + config.bbox[3]) / 2] : [108.3, 22.8],
    zoom: 11,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  if (opts.scale ?? true) map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  if (vector) map.addControl(new ThemeControl(vector.theme, opts.themeTitles ?? { day: 'Day map', night: 'Night map' }), 'bottom-right');
  return map;
}

/** A popup's content: a title line and plain text lines (text only, never HTML). */
/**
 * The popups of a map: on hover with a mouse, on a tap with a finger or a pen. A browser follows a tap with
 * compatibility mouse events, and Chrome ends them with a mouseout on the canvas: that mouseout must not close the
 * popup the tap has just opened, so the kind of the last pointer is kept and only a mouse's mouseout closes it.
 */
export function hoverAndTapPopups(map: MlMap, popup: Popup, showAt: (e: MapMouseEvent) => void): void {
  let pointer = 'mouse';
  const track = (ev: PointerEvent) => {
    pointer = ev.pointerType || 'mouse';
  };
  const el = map.getCanvasContainer();
  el.addEventListener('pointerdown', track, true);
  el.addEventListener('pointermove', track, true);
  map.on('mousemove', showAt);
  map.on('mouseout', () => {
    if (pointer === 'mouse') popup.remove();
  });
  map.on('click', (e) => {
    if (pointer !== 'mouse') showAt(e);
  });
}

export function popupNode(title: string, lines: string[]): HTMLElement {
  const root = document.createElement('div');
  root.className = 'jw-popup';
  const h = document.createElement('div');
  h.className = 'jw-popup-title';
  h.textContent = title;
  root.appendChild(h);
  for (const l of lines) {
    const d = document.createElement('div');
    d.textContent = l;
    root.appendChild(d);
  }
  return root;
}

/** GeoJSON as the base map draws it: shifted to GCJ-02 when the base map uses it, else as is. */
export function geoShift(gcj: boolean): <T>(g: T) => T {
  return gcj ? <T,>(g: T): T => transformGeoJson(g, wgs84ToGcj02) : <T,>(g: T): T => g;
}

/** Replaces a GeoJSON source's data (nothing when the map or source is not there yet). */
export function setSourceData(map: MlMap | null, id: string, data: unknown): void {
  const src = map?.getSource(id) as GeoJSONSource | undefined;
  if (src) void src.setData(data as never);
}

/** Fits the map to a WGS84 box [w, s, e, n], shifted to GCJ-02 when the base map uses it. */
export function fitBBox(map: MlMap, b: readonly [number, number, number, number], o: { gcj: boolean; padding: number | { top: number; bottom: number; left: number; right: number }; maxZoom?: number; duration: number }): void {
  const [x0, y0] = o.gcj ? wgs84ToGcj02(b[0], b[1]) : [b[0], b[1]];
  const [x1, y1] = o.gcj ? wgs84ToGcj02(b[2], b[3]) : [b[2], b[3]];
  map.fitBounds([x0, y0, x1, y1], { padding: o.padding, duration: o.duration, ...(o.maxZoom !== undefined ? { maxZoom: o.maxZoom } : {}) });
}
