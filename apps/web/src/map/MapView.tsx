// The command map (also the areas page's and the district screen's): areas, roads, incidents, units and the
// dispatch overlays, each drawn by its layer component (layers/) from our own GeoJSON.
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { MapMouseEvent } from 'maplibre-gl';
import type { AnyFeatureCollection, AreaKind, Incident, Unit } from '@jingwang/contracts';
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
import { MAP_AREA_KINDS } from './style';
import { fitBBox, popupNode } from './base';
import { useAreasGeoJson, useRoads } from './data';
import { useBaseMap } from './useBaseMap';
import { MapFrame } from './MapFrame';
import { AreasLayer, HighlightLayer } from './layers/AreasLayer';
import { RoadsLayer } from './layers/RoadsLayer';
import { IncidentsLayer, UnitsLayer } from './layers/IncidentsLayer';
import { CoverageLayer, ForecastOverlayLayer, ReachLayer, RoutesLayer } from './layers/DispatchLayers';
import { PointMarker } from './layers/PointMarker';
import { UnitLabelsLayer } from './layers/UnitLabelsLayer';


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
  routes?: AnyFeatureCollection | null;
  reach?: AnyFeatureCollection | null;
  coverage?: AnyFeatureCollection | null;
  /** The 预测热点 overlay: forecast cells (cellsFc features, WGS-84; see features/command/forecastOverlay.ts). */
  forecast?: AnyFeatureCollection | null;
  /** The popup text of a forecast cell (the forecast page's wording). */
  forecastPopup?: (p: Record<string, unknown>) => { title: string; lines: string[] };
  /** Bumped by the parent to refetch area geometry (after import / re-cut). */
  areasVersion?: number;
  children?: ReactNode;
  className?: string;
}

function describe(layer: string, p: Record<string, unknown>, i18n: I18n, forecastPopup: Props['forecastPopup']): HTMLElement | null {
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
  if (layer === 'forecast-fill' && forecastPopup) {
    const { title, lines } = forecastPopup(p);
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
  const kinds = props.areaKinds ?? MAP_AREA_KINDS;
  const latest = useRef(props);
  latest.current = props;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const gcjRef = useRef(props.gcj);
  gcjRef.current = props.gcj;
  const fitted = useRef(false);

  const base = useBaseMap({
    picking: props.picking,
    hover: {
      layers: ['units', 'incidents', 'routes-main', 'routes-alt', 'forecast-fill', 'highlight-fill', ...kinds.map((k) => `area-fill-${k}`).reverse()],
      describe: (layer, p) => describe(layer, p, i18nRef.current, latest.current.forecastPopup),
      pointer: ['units', 'incidents'],
      maxWidth: '280px',
    },
    onCreate: (map, popup) => {
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
        if (w.__jwMaps) delete w.__jwMaps[props.testId];
      };
    },
  });
  const { map } = base;

  const areas = useAreasGeoJson(kinds, props.areasVersion ?? 0, (e) => base.setFailure(i18nRef.current.t('map.loadFailed', { msg: errorText(e, i18nRef.current.lang) })));
  const roads = useRoads(props.visible.roads !== false);

  // the first view: the areas' box, unless the deployment's box was fitted
  useEffect(() => {
    if (!map || !areas || fitted.current) return;
    const b = bboxOf(areas);
    if (b) {
      fitBBox(map, b, { gcj: !!gcjRef.current, padding: 30, duration: 0 });
      fitted.current = true;
    }
  }, [map, areas]);

  const areaVisible = useMemo(() => Object.fromEntries(kinds.map((k) => [k, props.visible[k as LayerKey]])) as Partial<Record<AreaKind, boolean>>, [kinds, props.visible]);

  return (
    <MapFrame
      testId={props.testId}
      className={props.className}
      containerRef={base.containerRef}
      map={map}
      gcj={!!props.gcj}
      areasLoaded={!!areas}
      failure={base.failure}
      onCloseFailure={() => base.setFailure(null)}
      layers={
        <>
          <AreasLayer areas={areas} kinds={kinds} visible={areaVisible} />
          <RoadsLayer roads={roads} onBasemap={!!config.basemapUrl} visible={props.visible.roads !== false} />
          <ForecastOverlayLayer fc={props.forecast} />
          <CoverageLayer fc={props.coverage} />
          <ReachLayer fc={props.reach} />
          <HighlightLayer areas={areas} areaId={props.highlightAreaId} />
          <RoutesLayer fc={props.routes} />
          <IncidentsLayer incidents={props.incidents ?? NONE} selectedId={props.selectedIncidentId} visible={props.visible.incidents !== false} />
          <UnitsLayer units={props.units ?? NONE} visible={props.visible.units !== false} />
          <UnitLabelsLayer units={props.units ?? NONE} visible={props.visible.units !== false} />
          <PointMarker at={props.pin} className="jw-pin" testId="map-pin" anchor="bottom" />
        </>
      }
    >
      {props.children}
    </MapFrame>
  );
}

const NONE: readonly never[] = [];
