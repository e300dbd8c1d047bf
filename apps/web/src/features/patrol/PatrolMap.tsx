// The map of the patrol pages: the same base as the command map (areas, roads; style.ts) plus patrol layers — each
// team's route in its own colour, numbered stops (HTML markers: the map has no glyphs for text), must-patrol lines and
// points, team positions. Sources are created once on load; props only feed data (setData) and markers.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Map as MlMap, Marker, Popup, type LayerSpecification, type MapMouseEvent } from 'maplibre-gl';
import { Alert } from 'antd';
import {
  AREA_KIND_LABELS,
  PATROL_POINT_KIND_LABELS,
  PATROL_STOP_KIND_LABELS,
  UNIT_STATUS_LABELS,
  type AreaKind,
  type PatrolLine,
  type PatrolPoint,
  type UnitStatus,
} from '@jingwang/contracts';
import { useClientConfig } from '../../app/config';
import { useI18n, type I18n } from '../../app/i18n';
import { UNIT_STATUS_COLOR } from '../../app/colors';
import { errorText } from '../../api/errors';
import type { BBox } from '../../lib/geo';
import { bboxOf } from '../../lib/geo';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../map/gcj02';
import { EMPTY_FC, MAP_AREA_KINDS, overlayLayers, SOURCES } from '../../map/style';
import { createBaseMap, hoverAndTapPopups, fitBBox, geoShift, popupNode, setSourceData } from '../../map/base';
import { loadAreasGeoJson, loadRoads } from '../../map/data';
import type { AreaFeatureProps, FeatureCollection } from '../../api/endpoints';
import { LINE_COLOR, linesFc, planRoutesFc, POINT_KIND_COLOR, pointsFc, type MapRoute, type StopMarker } from './helpers';
import './patrol.css';


const PT_SOURCES = ['pt-lines', 'pt-routes', 'pt-points'] as const;
/** Area outlines shown on patrol maps (police grids are left out: they are the dispatch view's). */
const SHOWN_KINDS: ReadonlySet<AreaKind> = new Set(['district', 'station', 'community', 'grid']);

function patrolLayers(): LayerSpecification[] {
  return [
    {
      id: 'pt-lines-casing',
      type: 'line',
      source: 'pt-lines',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#0b1a2e', 'line-width': ['case', ['==', ['get', 'inPlan'], true], 8, 5], 'line-opacity': 0.6 },
    },
    {
      id: 'pt-lines',
      type: 'line',
      source: 'pt-lines',
      layout: { 'line-cap': 'butt', 'line-join': 'round' },
      paint: {
        'line-color': LINE_COLOR,
        'line-width': ['case', ['==', ['get', 'focus'], true], 6, ['==', ['get', 'inPlan'], true], 4, 2.5],
        'line-opacity': ['case', ['==', ['get', 'active'], false], 0.35, ['==', ['get', 'inPlan'], true], 1, 0.7],
        'line-dasharray': [2, 1.2],
      },
    },
    {
      id: 'pt-routes-casing',
      type: 'line',
      source: 'pt-routes',
      filter: ['!=', ['get', 'preview'], true],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#0b1a2e', 'line-width': ['case', ['==', ['get', 'focus'], true], 9, 6], 'line-opacity': ['case', ['==', ['get', 'dim'], true], 0.25, 0.7] },
    },
    {
      id: 'pt-routes',
      type: 'line',
      source: 'pt-routes',
      filter: ['!=', ['get', 'preview'], true],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['get', 'color'],
        'line-width': ['case', ['==', ['get', 'focus'], true], 5, 3.2],
        'line-opacity': ['case', ['==', ['get', 'dim'], true], 0.3, 0.95],
      },
    },
    {
      id: 'pt-routes-preview',
      type: 'line',
      source: 'pt-routes',
      filter: ['==', ['get', 'preview'], true],
      layout: { 'line-cap': 'butt', 'line-join': 'round' },
      paint: { 'line-color': ['get', 'color'], 'line-width': 3, 'line-dasharray': [1.5, 1.5] },
    },
    {
      id: 'pt-points',
      type: 'circle',
      source: 'pt-points',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 5, 15, 9],
        'circle-color': ['get', 'color'],
        'circle-opacity': ['case', ['==', ['get', 'active'], false], 0.3, 1],
        'circle-stroke-color': ['case', ['==', ['get', 'selected'], true], '#ffffff', '#0b1a2e'],
        'circle-stroke-width': ['case', ['==', ['get', 'selected'], true], 4, 2],
      },
    },
  ];
}

export interface PatrolMapUnit {
  id: number;
  callsign: string;
  status: UnitStatus;
  lon: number | null;
  lat: number | null;
  stale?: boolean;
}

export interface PatrolMapClick {
  lon: number;
  lat: number;
  pointId: number | null;
}

interface Props {
  testId: string;
  routes?: readonly MapRoute[];
  focusRouteId?: number | null;
  stops?: readonly StopMarker[];
  lines?: readonly PatrolLine[];
  linesInPlan?: ReadonlySet<string>;
  linesFocus?: ReadonlySet<string>;
  points?: readonly PatrolPoint[];
  selectedPointId?: number | null;
  units?: readonly PatrolMapUnit[];
  /** The caller's own team (field view): a pulsing dot. */
  self?: { lon: number; lat: number } | null;
  pin?: { lon: number; lat: number } | null;
  picking?: boolean;
  highlightAreaId?: number | null;
  /** Fit the map to `bbox` each time `key` changes. */
  fit?: { key: string; bbox: BBox | null } | null;
  onClick?: (c: PatrolMapClick) => void;
  onStopClick?: (m: StopMarker) => void;
  /** Fewer controls (the small map of the field view). */
  compact?: boolean;
  children?: ReactNode;
  className?: string;
}

type Fc = { type: 'FeatureCollection'; features: unknown[] };


function describe(layer: string, p: Record<string, unknown>, i18n: I18n): HTMLElement | null {
  const { label, t } = i18n;
  if (layer === 'pt-points') {
    const lines = [`${label(PATROL_POINT_KIND_LABELS, p.kind as never)} · ${String(p.code ?? '')}`];
    if (p.active === false) lines.push(t('points.inactive'));
    return popupNode(String(p.name), lines);
  }
  if (layer === 'pt-lines') return popupNode(String(p.name), [label(PATROL_STOP_KIND_LABELS, 'line')]);
  if (layer === 'pt-routes') return popupNode(String(p.callsign), [t('patrol.route')]);
  if (layer === 'units') return popupNode(String(p.callsign), [label(UNIT_STATUS_LABELS, p.status as never)]);
  if (layer.startsWith('area-fill-') || layer === 'highlight-fill') return popupNode(String(p.name), [label(AREA_KIND_LABELS, p.kind as never)]);
  return null;
}

function unitsFc(list: readonly PatrolMapUnit[]): Fc {
  return {
    type: 'FeatureCollection',
    features: list
      .filter((u) => u.lon != null && u.lat != null)
      .map((u) => ({
        type: 'Feature',
        id: u.id,
        properties: { id: u.id, callsign: u.callsign, status: u.status, stale: !!u.stale },
        geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
      })),
  };
}

export function PatrolMap(props: Props) {
  const { config } = useClientConfig();
  const i18n = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [areas, setAreas] = useState<FeatureCollection<AreaFeatureProps> | null>(null);
  const [roads, setRoads] = useState<Fc | null>(null);
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
      map = createBaseMap(el, config, { scale: !latest.current.compact });
    } catch {
      setFailure(i18nRef.current.t('map.noWebgl'));
      return;
    }
    mapRef.current = map;
    map.on('load', () => {
      for (const s of SOURCES) map.addSource(s, { type: 'geojson', data: EMPTY_FC as never });
      for (const s of PT_SOURCES) map.addSource(s, { type: 'geojson', data: EMPTY_FC as never });
      for (const l of overlayLayers(MAP_AREA_KINDS, { roadsOnBasemap: !!config.basemapUrl })) map.addLayer(l);
      // patrol layers go under incidents and units
      for (const l of patrolLayers()) map.addLayer(l, 'incidents-halo');
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
      ['units', 'pt-points', 'pt-lines', 'pt-routes', 'highlight-fill', ...[...MAP_AREA_KINDS].reverse().map((k) => `area-fill-${k}`)].filter(
        (id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none',
      );
    const order = (id: string) => (id === 'units' ? 0 : id === 'pt-points' ? 1 : id === 'pt-lines' ? 2 : id === 'pt-routes' ? 3 : id === 'highlight-fill' ? 4 : 5 + (10 - MAP_AREA_KINDS.indexOf(id.replace('area-fill-', '') as AreaKind)));
    const showAt = (e: MapMouseEvent) => {
      const layers = hoverLayers();
      const feats = layers.length ? map.queryRenderedFeatures(e.point, { layers }) : [];
      feats.sort((a, b) => order(a.layer.id) - order(b.layer.id));
      const f = feats[0];
      const node = f ? describe(f.layer.id, f.properties as Record<string, unknown>, i18nRef.current) : null;
      map.getCanvas().style.cursor = latest.current.picking ? 'crosshair' : f && f.layer.id === 'pt-points' ? 'pointer' : '';
      if (!f || !node) {
        popup.remove();
        return;
      }
      popup.setLngLat(e.lngLat).setDOMContent(node).addTo(map);
    };
    hoverAndTapPopups(map, popup, showAt);
    map.on('click', (e) => {
      const hits = map.getLayer('pt-points')
        ? map.queryRenderedFeatures(
            [
              [e.point.x - 5, e.point.y - 5],
              [e.point.x + 5, e.point.y + 5],
            ],
            { layers: ['pt-points'] },
          )
        : [];
      const [lon, lat] = gcjRef.current ? gcj02ToWgs84(e.lngLat.lng, e.lngLat.lat) : [e.lngLat.lng, e.lngLat.lat];
      latest.current.onClick?.({
        lon: Math.round(lon * 1e6) / 1e6,
        lat: Math.round(lat * 1e6) / 1e6,
        pointId: hits[0] ? Number(hits[0].properties.id) : null,
      });
    });
    const w = window as unknown as { __jwMaps?: Record<string, unknown> };
    w.__jwMaps = {
      ...(w.__jwMaps ?? {}),
      [props.testId]: {
        project: (lon: number, lat: number) => {
          const [x, y] = gcjRef.current ? wgs84ToGcj02(lon, lat) : [lon, lat];
          const p = map.project([x, y]);
          return { x: p.x, y: p.y };
        },
      },
    };
    if (config.bbox) {
      map.fitBounds(config.bbox as [number, number, number, number], { padding: 20, duration: 0 });
    }
    return () => {
      ro.disconnect();
      popup.remove();
      map.remove();
      mapRef.current = null;
      if (w.__jwMaps) delete w.__jwMaps[props.testId];
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
      .then((fc) => alive && setRoads(fc as Fc))
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
    fitBBox(map, b, { gcj: !!gcjRef.current, padding: latest.current.compact ? 24 : 50, maxZoom: 16, duration: animate ? 500 : 0 });
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
    if (ready) setData('pt-routes', shift(planRoutesFc(props.routes ?? [], props.focusRouteId ?? null)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, props.routes, props.focusRouteId, shift]);

  useEffect(() => {
    if (ready) setData('pt-lines', shift(linesFc(props.lines ?? [], props.linesInPlan ?? new Set(), props.linesFocus ?? new Set())));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, props.lines, props.linesInPlan, props.linesFocus, shift]);

  useEffect(() => {
    if (ready) setData('pt-points', shift(pointsFc(props.points ?? [], props.selectedPointId ?? null)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, props.points, props.selectedPointId, shift]);

  useEffect(() => {
    if (ready) setData('units', shift(unitsFc(props.units ?? [])));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, props.units, shift]);

  // fit when asked
  const fitKey = props.fit?.key ?? null;
  useEffect(() => {
    const b = latest.current.fit?.bbox;
    if (!ready || !b) return;
    fitTo(b, fitted.current);
    fitted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, fitKey]);

  // numbered stops: HTML markers
  const stopMarkers = useRef<Marker[]>([]);
  useEffect(() => {
    const map = mapRef.current;
    for (const m of stopMarkers.current) m.remove();
    stopMarkers.current = [];
    if (!ready || !map) return;
    // dimmed first so the focused route's numbers are on top
    const list = [...(props.stops ?? [])].sort((a, b) => Number(b.dim) - Number(a.dim) || Number(b.compact ?? false) - Number(a.compact ?? false));
    for (const s of list) {
      const el = document.createElement('div');
      el.className = `pt-stop is-${s.kind} st-${s.status}${s.dim ? ' is-dim' : ''}${s.compact ? ' is-compact' : ''}`;
      el.style.setProperty('--c', s.color);
      if (!s.compact) el.textContent = String(s.n);
      el.title = s.title;
      el.setAttribute('data-testid', `map-stop-${s.routeId}-${s.n}`);
      el.addEventListener('click', (ev) => {
        ev.stopPropagation();
        latest.current.onStopClick?.(s);
      });
      const [x, y] = gcj ? wgs84ToGcj02(s.lon, s.lat) : [s.lon, s.lat];
      stopMarkers.current.push(new Marker({ element: el }).setLngLat([x, y]).addTo(map));
    }
    return () => {
      for (const m of stopMarkers.current) m.remove();
      stopMarkers.current = [];
    };
  }, [ready, props.stops, gcj]);

  // the caller's team (field view)
  const selfRef = useRef<Marker | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !props.self) {
      selfRef.current?.remove();
      selfRef.current = null;
      return;
    }
    const [x, y] = gcj ? wgs84ToGcj02(props.self.lon, props.self.lat) : [props.self.lon, props.self.lat];
    if (!selfRef.current) {
      const el = document.createElement('div');
      el.className = 'pt-self';
      el.setAttribute('data-testid', 'map-self');
      selfRef.current = new Marker({ element: el }).setLngLat([x, y]).addTo(map);
    } else selfRef.current.setLngLat([x, y]);
  }, [ready, props.self, gcj]);

  // the placed pin (new point)
  const pinRef = useRef<Marker | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map || !props.pin) {
      pinRef.current?.remove();
      pinRef.current = null;
      return;
    }
    const [x, y] = gcj ? wgs84ToGcj02(props.pin.lon, props.pin.lat) : [props.pin.lon, props.pin.lat];
    if (!pinRef.current) {
      const el = document.createElement('div');
      el.className = 'jw-pin';
      el.setAttribute('data-testid', 'map-pin');
      pinRef.current = new Marker({ element: el, anchor: 'bottom' }).setLngLat([x, y]).addTo(map);
    } else pinRef.current.setLngLat([x, y]);
  }, [ready, props.pin, gcj]);

  useEffect(
    () => () => {
      selfRef.current?.remove();
      pinRef.current?.remove();
    },
    [],
  );

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

/** A legend card: stop kinds, must-patrol lines and the teams' colours. */
export function PatrolLegend({ teams, points }: { teams?: { id: number; callsign: string; color: string }[]; points?: boolean }) {
  const { t, label } = useI18n();
  if (points)
    return (
      <div className="jw-map-card pt-legend" data-testid="patrol-legend">
        <div className="jw-legend-row">
          {(Object.keys(POINT_KIND_COLOR) as (keyof typeof POINT_KIND_COLOR)[]).map((k) => (
            <span key={k} className="jw-legend-item">
              <span className="jw-dot" style={{ background: POINT_KIND_COLOR[k] }} />
              {label(PATROL_POINT_KIND_LABELS, k)}
            </span>
          ))}
          <span className="jw-legend-item">
            <span className="jw-swatch jw-swatch-line pt-swatch-dash" style={{ background: LINE_COLOR }} />
            {label(PATROL_STOP_KIND_LABELS, 'line')}
          </span>
          <span className="jw-legend-item">
            <span className="jw-dot" style={{ background: POINT_KIND_COLOR.must_patrol, opacity: 0.3 }} />
            {t('points.inactive')}
          </span>
        </div>
      </div>
    );
  return (
    <div className="jw-map-card pt-legend" data-testid="patrol-legend">
      <div className="jw-legend-row">
        <span className="jw-legend-item">
          <span className="pt-stop is-point is-legend" style={{ ['--c' as string]: '#ffd666' }}>1</span>
          {label(PATROL_STOP_KIND_LABELS, 'point')}
        </span>
        <span className="jw-legend-item">
          <span className="pt-stop is-cell is-legend" style={{ ['--c' as string]: '#ffd666' }}>2</span>
          {label(PATROL_STOP_KIND_LABELS, 'cell')}
        </span>
        <span className="jw-legend-item">
          <span className="jw-swatch jw-swatch-line pt-swatch-dash" style={{ background: LINE_COLOR }} />
          {label(PATROL_STOP_KIND_LABELS, 'line')}
        </span>
        <span className="jw-legend-item">
          <span className="jw-dot" style={{ background: UNIT_STATUS_COLOR.available.hex }} />
          {t('patrol.legendUnit')}
        </span>
      </div>
      {teams && teams.length > 0 && (
        <div className="jw-legend-row">
          {teams.map((tm) => (
            <span key={tm.id} className="jw-legend-item">
              <span className="jw-swatch jw-swatch-line" style={{ background: tm.color }} />
              {tm.callsign}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
