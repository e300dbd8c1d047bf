// The areas (fills and outlines per kind) and the one highlighted area.
import { useMemo } from 'react';
import type { AreaFeatureCollection, AreaKind } from '@jingwang/contracts';
import { areaFillLayers, areaLineLayers, highlightLayers, withZ } from '../style';
import { highlightFc } from './features';
import { Z } from './order';
import { useGeoJsonLayers } from './useGeoJsonLayers';

export function AreasLayer({ areas, kinds, visible }: { areas: AreaFeatureCollection | null; kinds: readonly AreaKind[]; visible?: Partial<Record<AreaKind, boolean>> }) {
  const kindsKey = kinds.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layers = useMemo(() => [...withZ(Z.areaFill, areaFillLayers(kinds)), ...withZ(Z.areaLine, areaLineLayers(kinds))], [kindsKey]);
  const visKey = JSON.stringify(visible ?? null);
  const vis = useMemo(
    () => (visible ? Object.fromEntries(kinds.flatMap((k) => [[`area-fill-${k}`, visible[k]], [`area-line-${k}`, visible[k]]])) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [kindsKey, visKey],
  );
  useGeoJsonLayers('areas', areas, layers, vis);
  return null;
}

const HIGHLIGHT = withZ(Z.highlight, highlightLayers());

export function HighlightLayer({ areas, areaId }: { areas: AreaFeatureCollection | null; areaId: number | null | undefined }) {
  const fc = useMemo(() => highlightFc(areas, areaId), [areas, areaId]);
  useGeoJsonLayers('highlight', fc, HIGHLIGHT);
  return null;
}
