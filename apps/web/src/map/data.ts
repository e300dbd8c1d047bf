// Geometry loaded once per session and shared by every map (command room, areas page, patrol, forecast).
import { useEffect, useRef, useState } from 'react';
import type { AreaFeatureCollection, AreaKind, RoadFeatureCollection } from '@jingwang/contracts';
import { api } from '../api/endpoints';

const areaCache = new Map<string, Promise<AreaFeatureCollection>>();
let roadsCache: Promise<RoadFeatureCollection> | null = null;

/** `version` lets a caller force a reload after an import or a re-cut. */
export function loadAreasGeoJson(kinds: AreaKind[], version = 0): Promise<AreaFeatureCollection> {
  const key = `${[...kinds].sort().join(',')}@${version}`;
  let p = areaCache.get(key);
  if (!p) {
    p = api.areasGeoJson(kinds);
    p.catch(() => areaCache.delete(key));
    areaCache.set(key, p);
  }
  return p;
}

export function loadRoads(): Promise<RoadFeatureCollection> {
  if (!roadsCache) {
    roadsCache = api.roads();
    roadsCache.catch(() => {
      roadsCache = null;
    });
  }
  return roadsCache;
}

export function invalidateAreas(): void {
  areaCache.clear();
}

/** The areas of `kinds` (null until loaded); `onError` when they cannot be loaded. */
export function useAreasGeoJson(kinds: readonly AreaKind[], version: number, onError: (e: unknown) => void): AreaFeatureCollection | null {
  const [areas, setAreas] = useState<AreaFeatureCollection | null>(null);
  const err = useRef(onError);
  err.current = onError;
  const kindsKey = kinds.join(',');
  useEffect(() => {
    let alive = true;
    loadAreasGeoJson(kindsKey.split(',') as AreaKind[], version)
      .then((fc) => alive && setAreas(fc))
      .catch((e) => alive && err.current(e));
    return () => {
      alive = false;
    };
  }, [kindsKey, version]);
  return areas;
}

/** The road network once `want` (roads are decoration: a failure leaves the map without them). */
export function useRoads(want: boolean): RoadFeatureCollection | null {
  const [roads, setRoads] = useState<RoadFeatureCollection | null>(null);
  useEffect(() => {
    if (!want || roads) return;
    let alive = true;
    loadRoads()
      .then((fc) => alive && setRoads(fc))
      .catch(() => {
        /* roads are decoration: the map still works without them */
      });
    return () => {
      alive = false;
    };
  }, [want, roads]);
  return roads;
}
