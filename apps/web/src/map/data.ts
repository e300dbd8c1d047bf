// Geometry loaded once per session and shared by every map (command room, areas page).
import type { AreaKind } from '@jingwang/contracts';
import { api, type AreaFeatureProps, type FeatureCollection, type RoadProps } from '../api/endpoints';

const areaCache = new Map<string, Promise<FeatureCollection<AreaFeatureProps>>>();
let roadsCache: Promise<FeatureCollection<RoadProps>> | null = null;

/** `version` lets a caller force a reload after an import or a re-cut. */
export function loadAreasGeoJson(kinds: AreaKind[], version = 0): Promise<FeatureCollection<AreaFeatureProps>> {
  const key = `${[...kinds].sort().join(',')}@${version}`;
  let p = areaCache.get(key);
  if (!p) {
    p = api.areasGeoJson(kinds);
    p.catch(() => areaCache.delete(key));
    areaCache.set(key, p);
  }
  return p;
}

export function loadRoads(): Promise<FeatureCollection<RoadProps>> {
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
