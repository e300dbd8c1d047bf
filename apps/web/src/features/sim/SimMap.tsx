// The map of the reform simulator's page: areas and roads as on every map, the slow places of the policy shown
// (cells' centres as circles: size = calls, colour = share reached within 5 minutes), where its units waited, the
// stations, and the posts set by hand as draggable pins (a click on the map adds one while adding).
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Marker, type LayerSpecification } from 'maplibre-gl';
import type { AreaKind } from '@jingwang/contracts';
import { useClientConfig } from '../../app/config';
import { useI18n } from '../../app/i18n';
import { errorText } from '../../api/errors';
import type { BBox } from '../../lib/geo';
import { fitBBox, popupNode } from '../../map/base';
import { useAreasGeoJson, useRoads } from '../../map/data';
import { useBaseMap } from '../../map/useBaseMap';
import { MapFrame } from '../../map/MapFrame';
import { AreasLayer, HighlightLayer } from '../../map/layers/AreasLayer';
import { RoadsLayer } from '../../map/layers/RoadsLayer';
import { GeoJsonLayer } from '../../map/layers/GeoJsonLayer';
import { Z } from '../../map/layers/order';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../map/gcj02';
import { isRemoved, useMapContext } from '../../map/MapContext';
import { mins, pct, slowCellsFc } from './helpers';

const KINDS: readonly AreaKind[] = ['district', 'station'];

const CELL_LAYERS: LayerSpecification[] = [
  {
    id: 'sim-cells',
    type: 'circle',
    source: 'sim-cells',
    paint: { 'circle-radius': ['get', 'r'], 'circle-color': ['get', 'color'], 'circle-opacity': 0.55, 'circle-stroke-color': ['get', 'color'], 'circle-stroke-width': 1 },
  },
];
const HOME_LAYERS: LayerSpecification[] = [
  {
    id: 'sim-homes',
    type: 'circle',
    source: 'sim-homes',
    paint: { 'circle-radius': 7, 'circle-color': '#1d39c4', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  },
];
const STATION_LAYERS: LayerSpecification[] = [
  {
    id: 'sim-stations',
    type: 'circle',
    source: 'sim-stations',
    paint: { 'circle-radius': 6, 'circle-color': '#ffffff', 'circle-stroke-color': '#141414', 'circle-stroke-width': 3 },
  },
];

const pointsFc = (pts: readonly { lon: number; lat: number; [k: string]: unknown }[]) => ({
  type: 'FeatureCollection' as const,
  features: pts.map((p, i) => ({ type: 'Feature' as const, id: i, properties: { ...p }, geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] } })),
});

/** Posts set by hand as draggable pins (WGS-84 in and out; shown on GCJ-02 when the base map is). */
function PostPins({ posts, onMove, label }: { posts: [number, number][]; onMove: (i: number, at: [number, number]) => void; label: (i: number) => string }) {
  const { map, gcj } = useMapContext();
  const pins = useRef<Marker[]>([]);
  const move = useRef(onMove);
  move.current = onMove;
  useEffect(() => {
    const ms = pins.current;
    while (ms.length > posts.length) ms.pop()!.remove();
    posts.forEach(([lon, lat], i) => {
      const [x, y] = gcj ? wgs84ToGcj02(lon, lat) : [lon, lat];
      let m = ms[i];
      if (!m) {
        const el = document.createElement('div');
        el.className = 'sim-pin';
        el.setAttribute('data-testid', 'sim-post-pin');
        m = new Marker({ element: el, draggable: true, anchor: 'bottom' }).setLngLat([x, y]).addTo(map);
        const k = i;
        m.on('dragend', () => {
          const ll = m!.getLngLat();
          const [wl, wt] = gcj ? gcj02ToWgs84(ll.lng, ll.lat) : [ll.lng, ll.lat];
          move.current(k, [Math.round(wl * 1e6) / 1e6, Math.round(wt * 1e6) / 1e6]);
        });
        ms[i] = m;
      } else m.setLngLat([x, y]);
      m.getElement().textContent = String(i + 1);
      m.getElement().title = label(i);
    });
  }, [map, gcj, posts, label]);
  useEffect(
    () => () => {
      if (!isRemoved(map)) for (const m of pins.current) m.remove();
      pins.current = [];
    },
    [map],
  );
  return null;
}

interface Props {
  policy: Parameters<typeof slowCellsFc>[0];
  homes: { lon: number; lat: number; units: number }[];
  stations: { lon: number; lat: number; name: string }[];
  posts: [number, number][] | null;
  adding: boolean;
  onAdd: (at: [number, number]) => void;
  onMove: (i: number, at: [number, number]) => void;
  areaId: number | null;
  fit: { key: string; bbox: BBox | null } | null;
  children?: ReactNode;
}

export function SimMap(props: Props) {
  const { config } = useClientConfig();
  const i18n = useI18n();
  const { t } = i18n;
  const latest = useRef(props);
  latest.current = props;
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const gcj = !!config.basemapGcj02;
  const gcjRef = useRef(gcj);
  gcjRef.current = gcj;

  const base = useBaseMap({
    picking: props.adding,
    hover: {
      layers: ['sim-cells', 'sim-homes', 'sim-stations'],
      describe: (layer, p) => {
        const tt = i18nRef.current.t;
        if (layer === 'sim-cells') return popupNode(tt('sim.within5'), [tt('sim.cellPopup', { calls: String(p.calls), w5: pct(Number(p.within5)), resp: tt('sim.minutes', { v: mins(Number(p.resp)) }) })]);
        if (layer === 'sim-homes') return popupNode(tt('sim.legendPosts'), [`${p.units} × ${tt('sim.units')}`]);
        if (layer === 'sim-stations') return popupNode(String(p.name), [tt('sim.legendStations')]);
        return null;
      },
      pointer: ['sim-cells'],
    },
    onCreate: (map) => {
      map.on('click', (e) => {
        if (!latest.current.adding) return;
        const [lon, lat] = gcjRef.current ? gcj02ToWgs84(e.lngLat.lng, e.lngLat.lat) : [e.lngLat.lng, e.lngLat.lat];
        latest.current.onAdd([Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6]);
      });
      if (config.bbox) map.fitBounds(config.bbox as [number, number, number, number], { padding: 20, duration: 0 });
    },
  });
  const { map } = base;
  const areas = useAreasGeoJson(KINDS, 0, (e) => base.setFailure(i18nRef.current.t('map.loadFailed', { msg: errorText(e, i18nRef.current.lang) })));
  const roads = useRoads(!config.basemapUrl);

  const fitKey = props.fit?.key ?? null;
  useEffect(() => {
    const b = latest.current.fit?.bbox;
    if (!map || !b) return;
    const el = base.containerRef.current;
    fitBBox(map, b, { gcj: gcjRef.current, padding: el && el.clientWidth < 500 ? 20 : 40, maxZoom: 15, duration: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, fitKey]);

  const cells = useMemo(() => slowCellsFc(props.policy), [props.policy]);
  const stationsFc = useMemo(() => pointsFc(props.stations), [props.stations]);
  const homesFc = useMemo(() => pointsFc(props.homes), [props.homes]);
  return (
    <MapFrame
      testId="sim-map"
      className={props.adding ? 'sim-adding' : ''}
      containerRef={base.containerRef}
      map={map}
      gcj={gcj}
      areasLoaded={!!areas}
      failure={base.failure}
      onCloseFailure={() => base.setFailure(null)}
      data={{ 'data-cells': cells.features.length, 'data-posts': props.posts?.length ?? 0 }}
      layers={
        <>
          <AreasLayer areas={areas} kinds={KINDS} />
          {!config.basemapUrl && <RoadsLayer roads={roads} onBasemap={false} />}
          <GeoJsonLayer source="sim-cells" data={cells} layers={CELL_LAYERS} z={Z.forecastCells} />
          <GeoJsonLayer source="sim-stations" data={stationsFc} layers={STATION_LAYERS} z={Z.patrol} />
          {!props.posts && <GeoJsonLayer source="sim-homes" data={homesFc} layers={HOME_LAYERS} z={Z.units} />}
          <HighlightLayer areas={areas} areaId={props.areaId} />
          {props.posts && <PostPins posts={props.posts} onMove={props.onMove} label={(i) => t('sim.post', { n: i + 1 })} />}
        </>
      }
    >
      {props.children}
    </MapFrame>
  );
}
