// A MapLibre map with our layers (areas, roads, incidents, units), drawn from our own GeoJSON.
// Sources are created once on load; props only feed data (setData) and toggle visibility.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Map as MlMap, Marker, Popup, type MapMouseEvent } from 'maplibre-gl';
import { Alert } from 'antd';
import type { AreaKind, Incident, Unit } from '@jingwang/contracts';
import {
  AREA_KIND_LABELS,
  INCIDENT_CATEGORY_LABELS,
  INCIDENT_STATUS_LABELS,
  PRIORITY_LABELS,
  UNIT_STATUS_LABELS,
  UNIT_TYPE_LABELS,
} from '@jingwang/contracts';
import { useClientConfig } from '../app/config';
import { useI18n, type I18n } from '../app/i18n';
import { errorText } from '../api/errors';
import { bboxOf, type BBox } from '../lib/geo';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02';
import { EMPTY_FC, MAP_AREA_KINDS, overlayLayers, SOURCES } from './style';
import { createBaseMap, hoverAndTapPopups, fitBBox, geoShift, popupNode, setSourceData } from './base';
import { loadAreasGeoJson, loadRoads } from './data';
import type { AreaFeatureProps, FeatureCollection } from '../api/endpoints';
import { cellPopupText } from '../features/forecast/helpers';


export type LayerKey = 'grid' | 'police_grid' | 'community' | 'station' | 'district' | 'roads' | 'units' | 'incidents';

export interface MapApi {
  flyTo: (lon: number, lat: number, zoom?: number) => void;
  fitBBox: (b: BBox, maxZoom?: number, opts?: { padding?: number | { top: number; bottom: number; left: number; right: number }; animate?: boolean }) => void;
  /** Screen position (px, relative to the map container) of a WGS-84 point. */
  project: (lon: number, lat: number) => { x: number; y: number };
  resize: () => void;
}

export interface MapClick {
  lon: number;
  lat: number;
  incidentId: number | null;
  unitId: number | null;
}

/** A right-click (or long press): the point, what is under it, and where on the map container (px). */
export interface MapContextClick extends MapClick {
  x: number;
  y: number;
}

interface Props {
  testId: string;
  visible: Partial<Record<LayerKey, boolean>>;
  gcj: boolean;
  areaKinds?: AreaKind[];
  incidents?: readonly Incident[];
  selectedIncidentId?: number | null;
  units?: readonly Unit[];
  highlightAreaId?: number | null;
  /** A placed point (intake), drawn as a pin. */
  pin?: { lon: number; lat: number } | null;
  /** Crosshair cursor (picking a point). */
  picking?: boolean;
  onClick?: (c: MapClick) => void;
  /** Right-click / long press on the map. */
  onContextMenu?: (c: MapContextClick) => void;
  /** Any map move (pan, zoom): lets floating menus close. */
  onMoveStart?: () => void;
  onReady?: (api: MapApi) => void;
  /** Dispatch overlays (WGS-84 GeoJSON; see overlays.ts): recommended routes, reach areas, live coverage. */
  routes?: unknown;
  reach?: unknown;
  coverage?: unknown;
  /** The 预测热点 overlay: forecast cells (cellsFc features, WGS-84; see features/command/forecastOverlay.ts). */
  forecast?: unknown;
  /** Bumped by the parent to refetch area geometry (after import / re-cut). */
  areasVersion?: number;
  children?: ReactNode;
  className?: string;
}

type Fc = { type: 'FeatureCollection'; features: unknown[] };

function incidentsFc(list: readonly Incident[], selectedId: number | null | undefined): Fc {
  return {
    type: 'FeatureCollection',
    features: list.map((i) => ({
      type: 'Feature',
      id: i.id,
      properties: {
        id: i.id,
        number: i.number,
        priority: i.priority,
        status: i.status,
        category: i.category,
        address: i.address,
        reportedAt: i.reportedAt,
        selected: i.id === selectedId,
      },
      geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
    })),
  };
}

function unitsFc(list: readonly Unit[]): Fc {
  return {
    type: 'FeatureCollection',
    features: list
      .filter((u) => u.lon != null && u.lat != null)
      .map((u) => ({
        type: 'Feature',
        id: u.id,
        properties: { id: u.id, callsign: u.callsign, status: u.status, stale: u.stale, type: u.type, positionAt: u.positionAt, teamName: u.teamName },
        geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
      })),
  };
}


function describe(layer: string, p: Record<string, unknown>, i18n: I18n): HTMLElement | null {
  const { label, t } = i18n;
  if (layer === 'incidents') {
    return popupNode(`${String(p.number)} · ${label(INCIDENT_CATEGORY_LABELS, p.category as never)}`, [
      `${label(INCIDENT_STATUS_LABELS, p.status as never)} · ${label(PRIORITY_LABELS, Number(p.priority) as never)}`,
      String(p.address ?? ''),
    ]);
  }
  if (layer === 'units') {
    const lines = [`${label(UNIT_STATUS_LABELS, p.status as never)} · ${label(UNIT_TYPE_LABELS, p.type as never)}`];
    if (p.teamName && p.teamName !== 'null') lines.push(String(p.teamName));
    if (p.stale === true) lines.push(t('layers.stale'));
    return popupNode(String(p.callsign), lines);
  }
  if (layer === 'routes-main' || layer === 'routes-alt') {
    const secs = Number(p.seconds);
    const mmss = `${String(Math.floor(secs / 60)).padStart(2, '0')}:${String(Math.round(secs % 60)).padStart(2, '0')}`;
    const km = Number(p.meters) >= 1000 ? `${(Number(p.meters) / 1000).toFixed(1)} km` : `${Math.round(Number(p.meters))} m`;
    return popupNode(String(p.callsign || ''), [t('rec.routePopup', { eta: mmss, dist: km })]);
  }
  if (layer === 'forecast-fill') {
    const { title, lines } = cellPopupText(p, t);
    if (p.district) lines.push(String(p.district));
    return popupNode(title, lines);
  }
  if (layer.startsWith('area-') || layer === 'highlight-fill') {
    return popupNode(String(p.name), [`${label(AREA_KIND_LABELS, p.kind as never)} · ${String(p.code)}`]);
  }
  return null;
}

export function MapView(props: Props) {
  const { config } = useClientConfig();
  const i18n = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [areas, setAreas] = useState<FeatureCollection<AreaFeatureProps> | null>(null);
  const [roads, setRoads] = useState<Fc | null>(null);
  const kinds = props.areaKinds ?? MAP_AREA_KINDS;
  const kindsKey = kinds.join(',');
  const latest = useRef(props);
  latest.current = props;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const gcjRef = useRef(props.gcj);
  gcjRef.current = props.gcj;
  const fitted = useRef(false);

  // create the map once
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
      for (const l of overlayLayers(kinds, { roadsOnBasemap: !!config.basemapUrl })) map.addLayer(l);
      setReady(true);
    });
    const ro = new ResizeObserver(() => map.resize());
    ro.observe(el);

    // hover popup (mouse) / tap popup (touch) with names: there are no text layers on the map
    const popup = new Popup({ closeButton: false, closeOnClick: false, offset: 10, maxWidth: '280px', className: 'jw-map-popup' });
    const hoverLayers = () => ['units', 'incidents', 'routes-main', 'routes-alt', 'forecast-fill', 'highlight-fill', ...kinds.map((k) => `area-fill-${k}`).reverse()].filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
    const showAt = (e: MapMouseEvent) => {
      const layers = hoverLayers();
      const feats = layers.length ? map.queryRenderedFeatures(e.point, { layers }) : [];
      // the finest thing under the pointer: units / incidents first, then routes, forecast cells, the smallest area
      const order = (id: string) =>
        id === 'units'
          ? 0
          : id === 'incidents'
            ? 1
            : id.startsWith('routes-')
              ? 2
              : id === 'forecast-fill'
                ? 3
                : id === 'highlight-fill'
                  ? 4
                  : 5 + (10 - kinds.indexOf(id.replace('area-fill-', '') as AreaKind));
      feats.sort((a, b) => order(a.layer.id) - order(b.layer.id));
      const f = feats[0];
      const node = f ? describe(f.layer.id, f.properties as Record<string, unknown>, i18nRef.current) : null;
      if (!f || !node) {
        popup.remove();
        map.getCanvas().style.cursor = latest.current.picking ? 'crosshair' : '';
        return;
      }
      map.getCanvas().style.cursor = latest.current.picking ? 'crosshair' : f.layer.id === 'units' || f.layer.id === 'incidents' ? 'pointer' : '';
      popup.setLngLat(e.lngLat).setDOMContent(node).addTo(map);
    };
    hoverAndTapPopups(map, popup, showAt);
    const hitAt = (e: MapMouseEvent): MapClick => {
      const layers = ['incidents', 'units'].filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
      const hits = layers.length ? map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers }) : [];
      const inc = hits.find((h) => h.layer.id === 'incidents');
      const unit = hits.find((h) => h.layer.id === 'units');
      const [lon, lat] = gcjRef.current ? gcj02ToWgs84(e.lngLat.lng, e.lngLat.lat) : [e.lngLat.lng, e.lngLat.lat];
      return {
        lon: Math.round(lon * 1e6) / 1e6,
        lat: Math.round(lat * 1e6) / 1e6,
        incidentId: inc ? Number(inc.properties.id) : null,
        unitId: unit ? Number(unit.properties.id) : null,
      };
    };
    map.on('click', (e) => {
      latest.current.onClick?.(hitAt(e));
    });
    map.on('contextmenu', (e) => {
      if (!latest.current.onContextMenu) return;
      e.preventDefault();
      e.originalEvent?.preventDefault?.();
      popup.remove();
      latest.current.onContextMenu({ ...hitAt(e), x: e.point.x, y: e.point.y });
    });
    map.on('movestart', () => latest.current.onMoveStart?.());

    const apiObj: MapApi = {
      flyTo: (lon, lat, zoom) => {
        const [x, y] = gcjRef.current ? wgs84ToGcj02(lon, lat) : [lon, lat];
        map.easeTo({ center: [x, y], zoom: Math.max(map.getZoom(), zoom ?? 14), duration: 600 });
      },
      fitBBox: (b, maxZoom = 16, opts = {}) => {
        fitBBox(map, b, { gcj: !!gcjRef.current, padding: opts.padding ?? 30, maxZoom, duration: opts.animate ? 600 : 0 });
      },
      project: (lon, lat) => {
        const [x, y] = gcjRef.current ? wgs84ToGcj02(lon, lat) : [lon, lat];
        const p = map.project([x, y]);
        return { x: p.x, y: p.y };
      },
      resize: () => map.resize(),
    };
    // test hook: lets the e2e journey click a known coordinate
    const w = window as unknown as { __jwMaps?: Record<string, MapApi> };
    w.__jwMaps = { ...(w.__jwMaps ?? {}), [props.testId]: apiObj };
    if (config.bbox) {
      apiObj.fitBBox(config.bbox as BBox);
      fitted.current = true;
    }
    latest.current.onReady?.(apiObj);

    return () => {
      ro.disconnect();
      popup.remove();
      map.remove();
      mapRef.current = null;
      if (w.__jwMaps) delete w.__jwMaps[props.testId];
      setReady(false);
    };
    // The map is created once per basemap; data and visibility are fed by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config.basemapUrl, kindsKey]);

  // geometry (cached across pages)
  useEffect(() => {
    const ac = new AbortController();
    loadAreasGeoJson(kinds, props.areasVersion ?? 0)
      .then((fc) => !ac.signal.aborted && setAreas(fc))
      .catch((e) => !ac.signal.aborted && setFailure(i18nRef.current.t('map.loadFailed', { msg: errorText(e, i18nRef.current.lang) })));
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kindsKey, props.areasVersion]);

  const wantRoads = props.visible.roads !== false;
  useEffect(() => {
    if (!wantRoads || roads) return;
    let alive = true;
    loadRoads()
      .then((fc) => alive && setRoads(fc as Fc))
      .catch(() => {
        /* roads are decoration: the map still works without them */
      });
    return () => {
      alive = false;
    };
  }, [wantRoads, roads]);

  const shift = useMemo(() => geoShift(!!props.gcj), [props.gcj]);

  const setData = (id: string, data: unknown) => setSourceData(mapRef.current, id, data);

  useEffect(() => {
    if (!ready || !areas) return;
    setData('areas', shift(areas));
    if (!fitted.current) {
      const b = bboxOf(areas);
      if (b && mapRef.current) {
        fitBBox(mapRef.current, b, { gcj: !!props.gcj, padding: 30, duration: 0 });
        fitted.current = true;
      }
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, areas, shift]);

  useEffect(() => {
    if (ready && roads) setData('roads', shift(roads));
  }, [ready, roads, shift]);

  useEffect(() => {
    if (ready) setData('incidents', shift(incidentsFc(props.incidents ?? [], props.selectedIncidentId)));
  }, [ready, props.incidents, props.selectedIncidentId, shift]);

  useEffect(() => {
    if (ready) setData('units', shift(unitsFc(props.units ?? [])));
  }, [ready, props.units, shift]);

  useEffect(() => {
    if (ready) setData('routes', props.routes ? shift(props.routes) : EMPTY_FC);
  }, [ready, props.routes, shift]);

  useEffect(() => {
    if (ready) setData('reach', props.reach ? shift(props.reach) : EMPTY_FC);
  }, [ready, props.reach, shift]);

  useEffect(() => {
    if (ready) setData('coverage', props.coverage ? shift(props.coverage) : EMPTY_FC);
  }, [ready, props.coverage, shift]);

  useEffect(() => {
    if (ready) setData('forecast', props.forecast ? shift(props.forecast) : EMPTY_FC);
  }, [ready, props.forecast, shift]);

  useEffect(() => {
    if (!ready) return;
    const f = areas?.features.find((x) => x.properties.id === props.highlightAreaId);
    setData('highlight', f ? shift({ type: 'FeatureCollection', features: [f] }) : EMPTY_FC);
  }, [ready, areas, props.highlightAreaId, shift]);

  // layer visibility
  const visKey = JSON.stringify(props.visible);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const vis = (on: boolean | undefined) => (on === false ? 'none' : 'visible');
    for (const k of kinds) {
      const on = props.visible[k as LayerKey];
      map.setLayoutProperty(`area-fill-${k}`, 'visibility', vis(on));
      map.setLayoutProperty(`area-line-${k}`, 'visibility', vis(on));
    }
    map.setLayoutProperty('roads', 'visibility', vis(props.visible.roads));
    map.setLayoutProperty('units', 'visibility', vis(props.visible.units));
    map.setLayoutProperty('incidents', 'visibility', vis(props.visible.incidents));
    map.setLayoutProperty('incidents-halo', 'visibility', vis(props.visible.incidents));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, visKey, kindsKey]);

  // the placed pin (intake)
  const markerRef = useRef<Marker | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    if (!props.pin) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    const [x, y] = props.gcj ? wgs84ToGcj02(props.pin.lon, props.pin.lat) : [props.pin.lon, props.pin.lat];
    if (!markerRef.current) {
      const el = document.createElement('div');
      el.className = 'jw-pin';
      el.setAttribute('data-testid', 'map-pin');
      markerRef.current = new Marker({ element: el, anchor: 'bottom' }).setLngLat([x, y]).addTo(map);
    } else markerRef.current.setLngLat([x, y]);
  }, [ready, props.pin, props.gcj]);

  useEffect(() => {
    const map = mapRef.current;
    if (map) map.getCanvas().style.cursor = props.picking ? 'crosshair' : '';
  }, [props.picking, ready]);

  return (
    <div className={`jw-map ${props.className ?? ''}`} data-testid={props.testId} data-ready={ready ? '1' : '0'} data-areas={ready && areas ? '1' : '0'}>
      <div ref={containerRef} className="jw-map-canvas" />
      {failure && <Alert className="jw-map-alert" type="error" showIcon title={failure} closable={{ onClose: () => setFailure(null) }} />}
      {props.children}
    </div>
  );
}
