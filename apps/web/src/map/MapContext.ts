// The map a layer component draws on: provided by the map components (MapFrame) once the base map has loaded.
import { createContext, useContext } from 'react';
import type { Map as MlMap } from 'maplibre-gl';

export interface MapCtx {
  map: MlMap;
  /** The base map uses GCJ-02: our WGS-84 GeoJSON is shifted before it is drawn. */
  gcj: boolean;
}

export const MapContext = createContext<MapCtx | null>(null);

export function useMapContext(): MapCtx {
  const c = useContext(MapContext);
  if (!c) throw new Error('a map layer outside a map (MapFrame)');
  return c;
}

const removed = new WeakSet<MlMap>();

/** Called before map.remove(): the layers' cleanups run after it and must leave the map alone. */
export function markRemoved(map: MlMap): void {
  removed.add(map);
}

export function isRemoved(map: MlMap): boolean {
  return removed.has(map);
}
