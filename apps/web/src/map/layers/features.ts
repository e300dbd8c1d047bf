// GeoJSON of the things the maps draw as points (pure): incidents, units, and the one highlighted area.
import type { AnyFeatureCollection, AreaFeatureCollection, Incident, Unit, UnitStatus } from '@jingwang/contracts';

type Feature = AnyFeatureCollection['features'][number];

/** Incidents at their scene; `selected` rings one. */
export function incidentsFc(list: readonly Incident[], selectedId: number | null | undefined): AnyFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: list.map(
      (i): Feature => ({
        type: 'Feature',
        id: i.id,
        properties: {
          id: i.id,
          number: i.number,
          priority: i.priority,
          status: i.status,
          category: i.category,
          address: i.address,
          reportedAt: i.reportedAt,
          selected: i.id === selectedId,
        },
        geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
      }),
    ),
  };
}

/** A unit as the maps draw it: the command map's live units (all fields) or the patrol map's teams. */
export type MapUnit = Pick<Unit, 'id' | 'callsign' | 'lon' | 'lat'> & { status: UnitStatus; stale?: boolean } & Partial<Pick<Unit, 'type' | 'positionAt' | 'teamName'>>;

/** Units with a position (the others are not drawn). */
export function unitsFc(list: readonly MapUnit[]): AnyFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: list
      .filter((u) => u.lon != null && u.lat != null)
      .map(
        (u): Feature => ({
          type: 'Feature',
          id: u.id,
          properties: {
            id: u.id,
            callsign: u.callsign,
            status: u.status,
            stale: !!u.stale,
            ...('type' in u ? { type: u.type } : {}),
            ...('positionAt' in u ? { positionAt: u.positionAt } : {}),
            ...('teamName' in u ? { teamName: u.teamName } : {}),
          },
          geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
        }),
      ),
  };
}

/** The area `areaId` alone (null when not there or not asked). */
export function highlightFc(areas: AreaFeatureCollection | null, areaId: number | null | undefined): AreaFeatureCollection | null {
  if (areaId == null || !areas) return null;
  const f = areas.features.find((x) => x.properties.id === areaId);
  return f ? { type: 'FeatureCollection', features: [f] } : null;
}
