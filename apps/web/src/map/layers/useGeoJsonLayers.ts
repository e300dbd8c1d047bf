// The one wiring of a GeoJSON layer (the way traccar-web's map components do it): on mount the source and its
// layers are added at their place in the stack (order.ts), the data is replaced when it changes (shifted to GCJ-02
// when the base map uses it), visibility follows the props, and on unmount the layers and source are removed.
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { LayerSpecification, Map as MlMap } from 'maplibre-gl';
import type { AnyFeatureCollection } from '@jingwang/contracts';
import { geoShift, setSourceData } from '../base';
import { isRemoved, useMapContext } from '../MapContext';
import { EMPTY_FC, type ZLayer } from '../style';
import { beforeIdFor } from './order';

/** What a layer component draws: any FeatureCollection (null: nothing). */
export type LayerData = AnyFeatureCollection;

/** Visibility: all the layers, or per layer id (a missing id is visible). */
export type LayerVisibility = boolean | Readonly<Record<string, boolean | undefined>>;

const zOfMap = new WeakMap<MlMap, Map<string, number>>();
function zRegistry(map: MlMap): Map<string, number> {
  let r = zOfMap.get(map);
  if (!r) zOfMap.set(map, (r = new Map()));
  return r;
}

const isVisible = (v: LayerVisibility | undefined, id: string) => (v === undefined ? true : typeof v === 'boolean' ? v : v[id] !== false);
const visibility = (on: boolean) => (on ? 'visible' : 'none') as 'visible' | 'none';

export function useGeoJsonLayers(source: string, data: LayerData | null | undefined, layers: readonly ZLayer[], visible?: LayerVisibility): void {
  const { map, gcj } = useMapContext();
  const shift = useMemo(() => geoShift(gcj), [gcj]);
  const drawn = (d: LayerData | null | undefined) => (d ? shift(d) : EMPTY_FC);
  // what the source holds now, so the first data effect after mounting does not shift and send it twice
  const sent = useRef<{ data: unknown; shift: unknown } | null>(null);
  const latest = useRef({ data, visible, drawn });
  latest.current = { data, visible, drawn };
  const layersKey = JSON.stringify(layers);

  useLayoutEffect(() => {
    const reg = zRegistry(map);
    const { data: d, visible: v, drawn: draw } = latest.current;
    map.addSource(source, { type: 'geojson', data: draw(d) as never });
    sent.current = { data: d, shift };
    for (const { z, layer } of layers) {
      const before = beforeIdFor(z, map.getLayersOrder(), (id) => reg.get(id));
      const spec = { ...layer, layout: { ...('layout' in layer ? layer.layout : {}), visibility: visibility(isVisible(v, layer.id)) } } as LayerSpecification;
      map.addLayer(spec, before);
      reg.set(layer.id, z);
    }
    return () => {
      for (const { layer } of layers) reg.delete(layer.id);
      sent.current = null;
      if (isRemoved(map)) return;
      for (const { layer } of [...layers].reverse()) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
      if (map.getSource(source)) map.removeSource(source);
    };
    // the layers are rebuilt when their specs change (layersKey), not when the array is a new one
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, source, layersKey]);

  useEffect(() => {
    if (sent.current && sent.current.data === data && sent.current.shift === shift) return;
    if (!map.getSource(source)) return;
    setSourceData(map, source, latest.current.drawn(data));
    sent.current = { data, shift };
  }, [map, source, data, shift]);

  const visKey = JSON.stringify(visible ?? true);
  useLayoutEffect(() => {
    for (const { layer } of layers) if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', visibility(isVisible(visible, layer.id)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, visKey, layersKey]);
}
