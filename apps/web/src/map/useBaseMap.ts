// The base map of a map component: created once per base style in `containerRef`, resized with its box, with the
// hover (mouse) / tap (touch) popups of the layers the component names. `map` is set once the style has loaded:
// the layer components (layers/) are mounted from then on (MapFrame).
import { useEffect, useRef, useState } from 'react';
import { Popup, type Map as MlMap, type MapMouseEvent } from 'maplibre-gl';
import { useClientConfig } from '../app/config';
import { useI18n } from '../app/i18n';
import { createBaseMap, hoverAndTapPopups } from './base';
import { markRemoved } from './MapContext';

export interface HoverSpec {
  /** Layers with a popup; when several are under the pointer the first in this list wins. */
  layers: readonly string[];
  /** The popup of a feature of `layer` (null: none). */
  describe: (layer: string, p: Record<string, unknown>) => HTMLElement | null;
  /** Layers whose features show a pointer cursor. */
  pointer?: readonly string[];
  maxWidth?: string;
}

export interface BaseMapOptions {
  hover: HoverSpec;
  /** Crosshair cursor (picking a point). */
  picking?: boolean;
  /** No scale bar (the small map of the field view). */
  compact?: boolean;
  /** Once the map exists (before its style loads): events, test hooks, the first view. The cleanup runs before the map is removed. */
  onCreate?: (map: MlMap, popup: Popup) => (() => void) | void;
}

/** The hover layers that are on the map and shown, in the spec's order. */
export function shownHoverLayers(map: Pick<MlMap, 'getLayer' | 'getLayoutProperty'>, layers: readonly string[]): string[] {
  return layers.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
}

export function useBaseMap(opts: BaseMapOptions) {
  const { config } = useClientConfig();
  const i18n = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MlMap | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const latest = useRef(opts);
  latest.current = opts;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    let m: MlMap;
    try {
      m = createBaseMap(el, config, { scale: !latest.current.compact, themeTitles: { day: i18nRef.current.t('map.themeDay'), night: i18nRef.current.t('map.themeNight') } });
    } catch {
      setFailure(i18nRef.current.t('map.noWebgl'));
      return;
    }
    m.on('load', () => setMap(m));
    const ro = new ResizeObserver(() => m.resize());
    ro.observe(el);

    // hover popup (mouse) / tap popup (touch) with names: there are no text layers on the map
    const popup = new Popup({ closeButton: false, closeOnClick: false, offset: 10, maxWidth: latest.current.hover.maxWidth ?? '260px', className: 'jw-map-popup' });
    const showAt = (e: MapMouseEvent) => {
      const { hover, picking } = latest.current;
      const layers = shownHoverLayers(m, hover.layers);
      const feats = layers.length ? m.queryRenderedFeatures(e.point, { layers }) : [];
      // the finest thing under the pointer: the first of the spec's layers
      feats.sort((a, b) => layers.indexOf(a.layer.id) - layers.indexOf(b.layer.id));
      const f = feats[0];
      const node = f ? hover.describe(f.layer.id, f.properties as Record<string, unknown>) : null;
      m.getCanvas().style.cursor = picking ? 'crosshair' : f && hover.pointer?.includes(f.layer.id) ? 'pointer' : '';
      if (!f || !node) {
        popup.remove();
        return;
      }
      popup.setLngLat(e.lngLat).setDOMContent(node).addTo(m);
    };
    hoverAndTapPopups(m, popup, showAt);
    const done = latest.current.onCreate?.(m, popup);

    return () => {
      done?.();
      ro.disconnect();
      popup.remove();
      markRemoved(m);
      m.remove();
      setMap(null);
    };
    // The map is created once per base map; layers and data come from the layer components.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config.basemapUrl, config.basemap]);

  useEffect(() => {
    if (map) map.getCanvas().style.cursor = opts.picking ? 'crosshair' : '';
  }, [opts.picking, map]);

  return { containerRef, map, failure, setFailure };
}
