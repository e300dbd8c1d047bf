// The road network (decoration: warmer colours over a raster base map).
import { useMemo } from 'react';
import type { RoadFeatureCollection } from '@jingwang/contracts';
import { roadLayers, withZ } from '../style';
import { Z } from './order';
import { useGeoJsonLayers } from './useGeoJsonLayers';

export function RoadsLayer({ roads, onBasemap, visible = true }: { roads: RoadFeatureCollection | null; onBasemap: boolean; visible?: boolean }) {
  const layers = useMemo(() => withZ(Z.roads, roadLayers({ roadsOnBasemap: onBasemap })), [onBasemap]);
  useGeoJsonLayers('roads', roads, layers, visible);
  return null;
}
