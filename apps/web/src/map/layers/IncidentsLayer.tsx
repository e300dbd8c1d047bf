// Incidents (halo and dot by priority, the selected one ringed) and units (by status, stale ones hollow).
import { useMemo } from 'react';
import type { Incident } from '@jingwang/contracts';
import { incidentLayers, unitLayers, withZ } from '../style';
import { incidentsFc, unitsFc, type MapUnit } from './features';
import { Z } from './order';
import { useGeoJsonLayers } from './useGeoJsonLayers';

const INCIDENTS = withZ(Z.incidents, incidentLayers());
const UNITS = withZ(Z.units, unitLayers());

export function IncidentsLayer({ incidents, selectedId, visible = true }: { incidents: readonly Incident[]; selectedId?: number | null; visible?: boolean }) {
  const fc = useMemo(() => incidentsFc(incidents, selectedId), [incidents, selectedId]);
  useGeoJsonLayers('incidents', fc, INCIDENTS, visible);
  return null;
}

export function UnitsLayer({ units, visible = true }: { units: readonly MapUnit[]; visible?: boolean }) {
  const fc = useMemo(() => unitsFc(units), [units]);
  useGeoJsonLayers('units', fc, UNITS, visible);
  return null;
}
