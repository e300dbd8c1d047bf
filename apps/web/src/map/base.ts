// The base map every page's map starts from, and the small helpers the three maps share (popups, GCJ-02 shift,
// source data, fitting a box).
//
// The base map (command room, patrol, forecast): the deployment's base style centred
// on its bounding box, no rotation, zoom buttons and (unless compact) a metric scale. Throws when the browser has
// no WebGL; callers show `map.noWebgl`.
import { Map as MlMap, NavigationControl, ScaleControl, setWorkerUrl, type GeoJSONSource, type MapMouseEvent, type Popup } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { ClientConfig } from '@jingwang/contracts';
import { baseStyle } from './style';
import { transformGeoJson, wgs84ToGcj02 } from './gcj02';

setWorkerUrl(workerUrl);

export function createBaseMap(container: HTMLElement, config: Pick<ClientConfig, 'basemapUrl' | 'bbox'>, opts: { scale?: boolean } = {}): MlMap {
  const map = new MlMap({
    container,
    style: baseStyle(config.basemapUrl),
    center: config.bbox ? [(config.bbox[0] + config.bbox[2]) / 2, (config.bbox[1] + config.bbox[3]) / 2] : [108.3, 22.8],
    zoom: 11,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  if (opts.scale ?? true) map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
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
