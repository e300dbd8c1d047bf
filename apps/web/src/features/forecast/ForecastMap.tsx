// The map of the forecast page: the same base as the other maps (areas, roads; map/style.ts) plus the forecast
// cells as squares coloured by band (top 1 / 2 / 5 / 10 % of the district). Hover (tap on a phone) shows a cell's
// rank, share and history; a click selects it. Sources are created once on load; props only feed data.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Map as MlMap, Popup, type LayerSpecification, type MapMouseEvent } from 'maplibre-gl';
import { Alert } from 'antd';
import { AREA_KIND_LABELS, type AreaKind } from '@jingwang/contracts';
import { useClientConfig } from '../../app/config';
import { useI18n, type I18n } from '../../app/i18n';
import { errorText } from '../../api/errors';
import { bboxOf, type BBox } from '../../lib/geo';
import { EMPTY_FC, MAP_AREA_KINDS, overlayLayers, SOURCES } from '../../map/style';
import { createBaseMap, hoverAndTapPopups, fitBBox, geoShift, popupNode, setSourceData } from '../../map/base';
import { loadAreasGeoJson, loadRoads } from '../../map/data';
import type { AreaFeatureProps, FeatureCollection } from '../../api/endpoints';
import { cellPopupText, type Fc } from './helpers';


/** Area outlines on the forecast map: the cells are the grid, so grids and police grids are left out. */
const SHOWN_KINDS: ReadonlySet<AreaKind> = new Set(['district', 'station', 'community']);

function forecastLayers(): LayerSpecification[] {
  return [
    {
      id: 'fc-cells-fill',
      type: 'fill',
      source: 'fc-cells',
      paint: {
        'fill-color': ['get', 'color'],
        'fill-opacity': ['case', ['==', ['get', 'selected'], true], 0.85, ['==', ['get', 'band'], 1], 0.7, 0.55],
      },
    },
    {
      id: 'fc-cells-line',
      type: 'line',
      source: 'fc-cells',
      paint: {
        'line-color': ['case', ['==', ['get', 'selected'], true], '#ffffff', ['get', 'color']],
        'line-width': ['case', ['==', ['get', 'selected'], true], 3, 1],
        'line-opacity': 0.95,
      },
    },
  ];
}


export type WhereFn = (lon: number, lat: number) => string;

function describe(layer: string, p: Record<string, unknown>, i18n: I18n, where: WhereFn | undefined): HTMLElement | null {
  const { label, t } = i18n;
  if (layer === 'fc-cells-fill') {
    const { title, lines } = cellPopupText(p, t);
    // the cell's centre in WGS-84 (properties are not shifted to GCJ-02)
    const w = where?.(Number(p.lon), Number(p.lat));
    if (w) lines.push(w);
    return popupNode(title, lines);
  }
  if (layer.startsWith('area-fill-') || layer === 'highlight-fill') return popupNode(String(p.name), [label(AREA_KIND_LABELS, p.kind as never)]);
  return null;
}

interface Props {
  testId: string;
  /** cellsFc() of the layer */
  cells: Fc | null;
  highlightAreaId?: number | null;
  /** Fit the map to `bbox` each time `key` changes. */
  fit?: { key: string; bbox: BBox | null } | null;
  onCellClick?: (cellId: string | null) => void;
  /** Where a point is (for the popup). */
  where?: WhereFn;
  children?: ReactNode;
  className?: string;
}

export function ForecastMap(props: Props) {
  const { config } = useClientConfig();
  const i18n = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [areas, setAreas] = useState<FeatureCollection<AreaFeatureProps> | null>(null);
  const [roads, setRoads] = useState<unknown>(null);
  const latest = useRef(props);
  latest.current = props;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const gcj = config.basemapGcj02;
  const gcjRef = useRef(gcj);
  gcjRef.current = gcj;
  const fitted = useRef(false);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    let map: MlMap;
    try {
      map = createBaseMap(el, config);
    } catch {
      setFailure(i18nRef.current.t('map.noWebgl'));
      return;
    }
    mapRef.current = map;
    map.on('load', () => {
      for (const s of SOURCES) map.addSource(s, { type: 'geojson', data: EMPTY_FC as never });
      map.addSource('fc-cells', { type: 'geojson', data: EMPTY_FC as never });
      for (const l of overlayLayers(MAP_AREA_KINDS, { roadsOnBasemap: !!config.basemapUrl })) map.addLayer(l);
      // cells above the area fills and roads, under the outlines' highlight and the points
      for (const l of forecastLayers()) map.addLayer(l, 'highlight-fill');
      for (const k of MAP_AREA_KINDS) {
        if (SHOWN_KINDS.has(k)) continue;
        map.setLayoutProperty(`area-fill-${k}`, 'visibility', 'none');
        map.setLayoutProperty(`area-line-${k}`, 'visibility', 'none');
      }
      if (config.basemapUrl) map.setLayoutProperty('roads', 'visibility', 'none');
      setReady(true);
    });
    const ro = new ResizeObserver(() => map.resize());
    ro.observe(el);

    const popup = new Popup({ closeButton: false, closeOnClick: false, offset: 10, maxWidth: '260px', className: 'jw-map-popup' });
    const hoverLayers = () =>
      ['fc-cells-fill', 'highlight-fill', ...[...MAP_AREA_KINDS].reverse().map((k) => `area-fill-${k}`)].filter(
        (id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none',
      );
    const order = (id: string) => (id === 'fc-cells-fill' ? 0 : id === 'highlight-fill' ? 1 : 2 + (10 - MAP_AREA_KINDS.indexOf(id.replace('area-fill-', '') as AreaKind)));
    const showAt = (e: MapMouseEvent) => {
      const layers = hoverLayers();
      const feats = layers.length ? map.queryRenderedFeatures(e.point, { layers }) : [];
      feats.sort((a, b) => order(a.layer.id) - order(b.layer.id));
      const f = feats[0];
      const node = f ? describe(f.layer.id, f.properties as Record<string, unknown>, i18nRef.current, latest.current.where) : null;
      map.getCanvas().style.cursor = f && f.layer.id === 'fc-cells-fill' ? 'pointer' : '';
      if (!f || !node) {
        popup.remove();
        return;
      }
      popup.setLngLat(e.lngLat).setDOMContent(node).addTo(map);
    };
    hoverAndTapPopups(map, popup, showAt);
    map.on('click', (e) => {
      const hits = map.getLayer('fc-cells-fill') ? map.queryRenderedFeatures(e.point, { layers: ['fc-cells-fill'] }) : [];
      latest.current.onCellClick?.(hits[0] ? String(hits[0].properties.id) : null);
    });
    if (config.bbox) map.fitBounds(config.bbox as [number, number, number, number], { padding: 20, duration: 0 });
    return () => {
      ro.disconnect();
      popup.remove();
      map.remove();
      mapRef.current = null;
      setReady(false);
    };
    // created once per basemap; data is fed by the effects below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config.basemapUrl]);

  useEffect(() => {
    let alive = true;
    loadAreasGeoJson(MAP_AREA_KINDS)
      .then((fc) => alive && setAreas(fc))
      .catch((e) => alive && setFailure(i18nRef.current.t('map.loadFailed', { msg: errorText(e, i18nRef.current.lang) })));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (config.basemapUrl || roads) return;
    let alive = true;
    loadRoads()
      .then((fc) => alive && setRoads(fc))
      .catch(() => {
        /* roads are decoration */
      });
    return () => {
      alive = false;
    };
  }, [config.basemapUrl, roads]);

  const shift = useMemo(() => geoShift(!!gcj), [gcj]);
  const setData = (id: string, data: unknown) => setSourceData(mapRef.current, id, data);
  const fitTo = (b: BBox, animate: boolean) => {
    const map = mapRef.current;
    if (!map) return;
    const el = containerRef.current;
    fitBBox(map, b, { gcj: !!gcjRef.current, padding: el && el.clientWidth < 500 ? 24 : 50, maxZoom: 16, duration: animate ? 500 : 0 });
  };

  useEffect(() => {
    if (!ready || !areas) return;
    setData('areas', shift(areas));
    if (!fitted.current && !latest.current.fit?.bbox) {
      const b = bboxOf(areas);
      if (b) fitTo(b as BBox, false);
      fitted.current = true;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, areas, shift]);

  useEffect(() => {
    if (ready && roads) setData('roads', shift(roads));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, roads, shift]);

  useEffect(() => {
    if (!ready) return;
    const f = areas?.features.find((x) => x.properties.id === props.highlightAreaId);
    setData('highlight', f ? shift({ type: 'FeatureCollection', features: [f] }) : EMPTY_FC);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, areas, props.highlightAreaId, shift]);

  useEffect(() => {
    if (ready) setData('fc-cells', props.cells ? shift(props.cells) : EMPTY_FC);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, props.cells, shift]);

  const fitKey = props.fit?.key ?? null;
  useEffect(() => {
    const b = latest.current.fit?.bbox;
    if (!ready || !b) return;
    fitTo(b, fitted.current);
    fitted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, fitKey]);

  return (
    <div
      className={`jw-map ${props.className ?? ''}`}
      data-testid={props.testId}
      data-ready={ready ? '1' : '0'}
      data-areas={ready && areas ? '1' : '0'}
      data-cells={props.cells?.features.length ?? 0}
    >
      <div ref={containerRef} className="jw-map-canvas" />
      {failure && <Alert className="jw-map-alert" type="error" showIcon title={failure} closable={{ onClose: () => setFailure(null) }} />}
      {props.children}
    </div>
  );
}
