// The map of the patrol pages: the same base as the command map (areas, roads; style.ts) plus patrol layers — each
// team's route in its own colour, numbered stops (HTML markers: the map has no glyphs for text), must-patrol lines and
// points, team positions. Each is a layer component of map/layers (the patrol layers through GeoJsonLayer).
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Marker, type LayerSpecification } from 'maplibre-gl';
import {
  AREA_KIND_LABELS,
  PATROL_POINT_KIND_LABELS,
  PATROL_STOP_KIND_LABELS,
  UNIT_STATUS_LABELS,
  type AreaKind,
  type PatrolLine,
  type PatrolPoint,
} from '@jingwang/contracts';
import { useClientConfig } from '../../app/config';
import { useI18n, type I18n } from '../../app/i18n';
import { UNIT_STATUS_COLOR } from '../../app/colors';
import { errorText } from '../../api/errors';
import type { BBox } from '../../lib/geo';
import { bboxOf } from '../../lib/geo';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../map/gcj02';
import { MAP_AREA_KINDS } from '../../map/style';
import { fitBBox, popupNode } from '../../map/base';
import { useAreasGeoJson, useRoads } from '../../map/data';
import { useBaseMap } from '../../map/useBaseMap';
import { MapFrame } from '../../map/MapFrame';
import { isRemoved, useMapContext } from '../../map/MapContext';
import { AreasLayer, HighlightLayer } from '../../map/layers/AreasLayer';
import { RoadsLayer } from '../../map/layers/RoadsLayer';
import { UnitsLayer } from '../../map/layers/IncidentsLayer';
import { GeoJsonLayer } from '../../map/layers/GeoJsonLayer';
import { PointMarker } from '../../map/layers/PointMarker';
import { Z } from '../../map/layers/order';
import type { MapUnit } from '../../map/layers/features';
import { LINE_COLOR, linesFc, planRoutesFc, POINT_KIND_COLOR, pointsFc, type MapRoute, type StopMarker } from './helpers';
import './patrol.css';
import { kindBeside } from '../../lib/format';


/** Area outlines shown on patrol maps (police grids are left out: they are the dispatch view's). */
const SHOWN_KINDS: readonly AreaKind[] = MAP_AREA_KINDS.filter((k) => k !== 'police_grid');

const LINE_LAYERS: LayerSpecification[] = [
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
];

const ROUTE_LAYERS: LayerSpecification[] = [
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
];

const POINT_LAYERS: LayerSpecification[] = [
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

/** A line being drawn: its course and its vertices (the first one larger). */
const DRAFT_LAYERS: LayerSpecification[] = [
  {
    id: 'pt-draft-line',
    type: 'line',
    source: 'pt-draft',
    filter: ['==', ['geometry-type'], 'LineString'],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#ffffff', 'line-width': 3, 'line-dasharray': [2, 1.5] },
  },
  {
    id: 'pt-draft-vertex',
    type: 'circle',
    source: 'pt-draft',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': ['case', ['==', ['get', 'first'], true], 7, 5],
      'circle-color': ['case', ['==', ['get', 'first'], true], LINE_COLOR, '#ffffff'],
      'circle-stroke-color': LINE_COLOR,
      'circle-stroke-width': 2,
    },
  },
];

function draftFc(coords: readonly (readonly [number, number])[] | null | undefined) {
  const list = coords ?? [];
  return {
    type: 'FeatureCollection' as const,
    features: [
      ...(list.length >= 2 ? [{ type: 'Feature' as const, properties: {}, geometry: { type: 'LineString', coordinates: list.map((c) => [c[0], c[1]]) } }] : []),
      ...list.map((c, i) => ({ type: 'Feature' as const, properties: { first: i === 0, n: i + 1 }, geometry: { type: 'Point', coordinates: [c[0], c[1]] } })),
    ],
  };
}

export type PatrolMapUnit = MapUnit;

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
  /** A line being drawn by clicking vertices (the lines tab). */
  draft?: readonly (readonly [number, number])[] | null;
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
  if (layer.startsWith('area-fill-') || layer === 'highlight-fill') return popupNode(String(p.name), [kindBeside(String(p.name), label(AREA_KIND_LABELS, p.kind as never))].filter((x): x is string => x !== null));
  return null;
}

const NO_KEYS: ReadonlySet<string> = new Set();

export function PatrolMap(props: Props) {
  const { config } = useClientConfig();
  const i18n = useI18n();
  const latest = useRef(props);
  latest.current = props;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const gcj = config.basemapGcj02;
  const gcjRef = useRef(gcj);
  gcjRef.current = gcj;
  const fitted = useRef(false);

  const base = useBaseMap({
    compact: props.compact,
    picking: props.picking,
    hover: {
      layers: ['units', 'pt-points', 'pt-lines', 'pt-routes', 'highlight-fill', ...[...MAP_AREA_KINDS].reverse().map((k) => `area-fill-${k}`)],
      describe: (layer, p) => describe(layer, p, i18nRef.current),
      pointer: ['pt-points'],
    },
    onCreate: (map) => {
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
      if (config.bbox) map.fitBounds(config.bbox as [number, number, number, number], { padding: 20, duration: 0 });
      return () => {
        if (w.__jwMaps) delete w.__jwMaps[props.testId];
      };
    },
  });
  const { map } = base;

  const areas = useAreasGeoJson(MAP_AREA_KINDS, 0, (e) => base.setFailure(i18nRef.current.t('map.loadFailed', { msg: errorText(e, i18nRef.current.lang) })));
  const roads = useRoads(!config.basemapUrl);

  const fitTo = (b: BBox, animate: boolean) => {
    if (!map) return;
    fitBBox(map, b, { gcj: !!gcjRef.current, padding: latest.current.compact ? 24 : 50, maxZoom: 16, duration: animate ? 500 : 0 });
  };

  // the first view: the areas' box unless the page fits its own
  useEffect(() => {
    if (!map || !areas || fitted.current || latest.current.fit?.bbox) return;
    const b = bboxOf(areas);
    if (b) fitTo(b as BBox, false);
    fitted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, areas]);

  // fit when asked
  const fitKey = props.fit?.key ?? null;
  useEffect(() => {
    const b = latest.current.fit?.bbox;
    if (!map || !b) return;
    fitTo(b, fitted.current);
    fitted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, fitKey]);

  const routesFc = useMemo(() => planRoutesFc(props.routes ?? [], props.focusRouteId ?? null), [props.routes, props.focusRouteId]);
  const linesFcv = useMemo(() => linesFc(props.lines ?? [], props.linesInPlan ?? NO_KEYS, props.linesFocus ?? NO_KEYS), [props.lines, props.linesInPlan, props.linesFocus]);
  const pointsFcv = useMemo(() => pointsFc(props.points ?? [], props.selectedPointId ?? null), [props.points, props.selectedPointId]);
  const draftFcv = useMemo(() => draftFc(props.draft), [props.draft]);

  return (
    <MapFrame
      testId={props.testId}
      className={props.className}
      containerRef={base.containerRef}
      map={map}
      gcj={!!gcj}
      areasLoaded={!!areas}
      failure={base.failure}
      onCloseFailure={() => base.setFailure(null)}
      layers={
        <>
          <AreasLayer areas={areas} kinds={SHOWN_KINDS} />
          {!config.basemapUrl && <RoadsLayer roads={roads} onBasemap={false} />}
          <HighlightLayer areas={areas} areaId={props.highlightAreaId} />
          {/* patrol layers go under the units */}
          <GeoJsonLayer source="pt-lines" data={linesFcv} layers={LINE_LAYERS} z={Z.patrol} />
          <GeoJsonLayer source="pt-routes" data={routesFc} layers={ROUTE_LAYERS} z={Z.patrol} />
          <GeoJsonLayer source="pt-points" data={pointsFcv} layers={POINT_LAYERS} z={Z.patrol} />
          <GeoJsonLayer source="pt-draft" data={draftFcv} layers={DRAFT_LAYERS} z={Z.patrol} />
          <UnitsLayer units={props.units ?? NO_UNITS} />
          <StopMarkers stops={props.stops} onStopClick={(m) => latest.current.onStopClick?.(m)} />
          <PointMarker at={props.self} className="pt-self" testId="map-self" />
          <PointMarker at={props.pin} className="jw-pin" testId="map-pin" anchor="bottom" />
        </>
      }
    >
      {props.children}
    </MapFrame>
  );
}

const NO_UNITS: readonly MapUnit[] = [];

/** Numbered stops: HTML markers (the map has no glyphs for text); dimmed first so the focused route's are on top. */
function StopMarkers({ stops, onStopClick }: { stops: readonly StopMarker[] | undefined; onStopClick: (m: StopMarker) => void }) {
  const { map, gcj } = useMapContext();
  const click = useRef(onStopClick);
  click.current = onStopClick;
  useEffect(() => {
    const list = [...(stops ?? [])].sort((a, b) => Number(b.dim) - Number(a.dim) || Number(b.compact ?? false) - Number(a.compact ?? false));
    const markers: Marker[] = [];
    for (const s of list) {
      const el = document.createElement('div');
      el.className = `pt-stop is-${s.kind} st-${s.status}${s.dim ? ' is-dim' : ''}${s.compact ? ' is-compact' : ''}`;
      el.style.setProperty('--c', s.color);
      if (!s.compact) el.textContent = String(s.n);
      el.title = s.title;
      el.setAttribute('data-testid', `map-stop-${s.routeId}-${s.n}`);
      el.addEventListener('click', (ev) => {
        ev.stopPropagation();
        click.current(s);
      });
      const [x, y] = gcj ? wgs84ToGcj02(s.lon, s.lat) : [s.lon, s.lat];
      markers.push(new Marker({ element: el }).setLngLat([x, y]).addTo(map));
    }
    return () => {
      if (!isRemoved(map)) for (const m of markers) m.remove();
    };
  }, [map, stops, gcj]);
  return null;
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
