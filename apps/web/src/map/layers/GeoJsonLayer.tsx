// A page's own GeoJSON layers (patrol lines, routes and points; the forecast page's cells) at a height of the stack.
import { useMemo } from 'react';
import type { LayerSpecification } from 'maplibre-gl';
import { withZ } from '../style';
import { useGeoJsonLayers, type LayerData } from './useGeoJsonLayers';

export function GeoJsonLayer({ source, data, layers, z }: { source: string; data: LayerData | null | undefined; layers: readonly LayerSpecification[]; z: number }) {
  const key = JSON.stringify(layers);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const zl = useMemo(() => withZ(z, [...layers]), [key, z]);
  useGeoJsonLayers(source, data, zl);
  return null;
}
