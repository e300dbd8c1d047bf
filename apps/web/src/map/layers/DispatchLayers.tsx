// The command map's overlays: the 预测热点 forecast cells, live coverage, a reach area and recommended routes
// (GeoJSON made by overlays.ts and features/command/forecastOverlay.ts; WGS-84).
import type { AnyFeatureCollection } from '@jingwang/contracts';
import { coverageLayers, forecastOverlayLayers, reachLayers, routeLayers, withZ } from '../style';
import { Z } from './order';
import { useGeoJsonLayers } from './useGeoJsonLayers';

const FORECAST = withZ(Z.forecastOverlay, forecastOverlayLayers());
const COVERAGE = withZ(Z.coverage, coverageLayers());
const REACH = withZ(Z.reach, reachLayers());
const ROUTES = withZ(Z.routes, routeLayers());

type Props = { fc: AnyFeatureCollection | null | undefined };

export function ForecastOverlayLayer({ fc }: Props) {
  useGeoJsonLayers('forecast', fc, FORECAST);
  return null;
}

export function CoverageLayer({ fc }: Props) {
  useGeoJsonLayers('coverage', fc, COVERAGE);
  return null;
}

export function ReachLayer({ fc }: Props) {
  useGeoJsonLayers('reach', fc, REACH);
  return null;
}

export function RoutesLayer({ fc }: Props) {
  useGeoJsonLayers('routes', fc, ROUTES);
  return null;
}
