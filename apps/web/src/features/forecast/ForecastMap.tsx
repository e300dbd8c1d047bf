// The map of the forecast page: the same base as the other maps (areas, roads; map/style.ts) plus the forecast
// cells as squares coloured by band (top 1 / 2 / 5 / 10 % of the district). Hover (tap on a phone) shows a cell's
// rank, share and history; a click selects it. Each is a layer component of map/layers (the cells through GeoJsonLayer).
import { useEffect, useRef, type ReactNode } from 'react';
import type { LayerSpecification } from 'maplibre-gl';
import { AREA_KIND_LABELS, type AreaKind } from '@jingwang/contracts';
import { useClientConfig } from '../../app/config';
import { useI18n, type I18n } from '../../app/i18n';
import { errorText } from '../../api/errors';
import { bboxOf, type BBox } from '../../lib/geo';
import { MAP_AREA_KINDS } from '../../map/style';
import { fitBBox, popupNode } from '../../map/base';
import { useAreasGeoJson, useRoads } from '../../map/data';
import { useBaseMap } from '../../map/useBaseMap';
import { MapFrame } from '../../map/MapFrame';
import { AreasLayer, HighlightLayer } from '../../map/layers/AreasLayer';
import { RoadsLayer } from '../../map/layers/RoadsLayer';
import { GeoJsonLayer } from '../../map/layers/GeoJsonLayer';
import { Z } from '../../map/layers/order';
import { cellPopupText, type Fc } from './helpers';
import { kindBeside } from '../../lib/format';


/** Area outlines on the forecast map: the cells are the grid, so grids and police grids are left out. */
const SHOWN_KINDS: readonly AreaKind[] = MAP_AREA_KINDS.filter((k) => k === 'district' || k === 'station' || k === 'community');

/** The cells: above the area fills, roads and outlines, under the highlight. */
const CELL_LAYERS: LayerSpecification[] = [
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
  if (layer.startsWith('area-fill-') || layer === 'highlight-fill') return popupNode(String(p.name), [kindBeside(String(p.name), label(AREA_KIND_LABELS, p.kind as never))].filter((x): x is string => x !== null));
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
  const latest = useRef(props);
  latest.current = props;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const gcj = config.basemapGcj02;
  const gcjRef = useRef(gcj);
  gcjRef.current = gcj;
  const fitted = useRef(false);

  const base = useBaseMap({
    hover: {
      layers: ['fc-cells-fill', 'highlight-fill', ...[...MAP_AREA_KINDS].reverse().map((k) => `area-fill-${k}`)],
      describe: (layer, p) => describe(layer, p, i18nRef.current, latest.current.where),
      pointer: ['fc-cells-fill'],
    },
    onCreate: (map) => {
      map.on('click', (e) => {
        const hits = map.getLayer('fc-cells-fill') ? map.queryRenderedFeatures(e.point, { layers: ['fc-cells-fill'] }) : [];
        latest.current.onCellClick?.(hits[0] ? String(hits[0].properties.id) : null);
      });
      if (config.bbox) map.fitBounds(config.bbox as [number, number, number, number], { padding: 20, duration: 0 });
    },
  });
  const { map } = base;

  const areas = useAreasGeoJson(MAP_AREA_KINDS, 0, (e) => base.setFailure(i18nRef.current.t('map.loadFailed', { msg: errorText(e, i18nRef.current.lang) })));
  const roads = useRoads(!config.basemapUrl);

  const fitTo = (b: BBox, animate: boolean) => {
    if (!map) return;
    const el = base.containerRef.current;
    fitBBox(map, b, { gcj: !!gcjRef.current, padding: el && el.clientWidth < 500 ? 24 : 50, maxZoom: 16, duration: animate ? 500 : 0 });
  };

  // the first view: the areas' box unless the page fits its own
  useEffect(() => {
    if (!map || !areas || fitted.current || latest.current.fit?.bbox) return;
    const b = bboxOf(areas);
    if (b) fitTo(b as BBox, false);
    fitted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, areas]);

  const fitKey = props.fit?.key ?? null;
  useEffect(() => {
    const b = latest.current.fit?.bbox;
    if (!map || !b) return;
    fitTo(b, fitted.current);
    fitted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, fitKey]);

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
      data={{ 'data-cells': props.cells?.features.length ?? 0 }}
      layers={
        <>
          <AreasLayer areas={areas} kinds={SHOWN_KINDS} />
          {!config.basemapUrl && <RoadsLayer roads={roads} onBasemap={false} />}
          <GeoJsonLayer source="fc-cells" data={props.cells} layers={CELL_LAYERS} z={Z.forecastCells} />
          <HighlightLayer areas={areas} areaId={props.highlightAreaId} />
        </>
      }
    >
      {props.children}
    </MapFrame>
  );
}
