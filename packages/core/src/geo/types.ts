// Coordinate types for the geo engines. Positions are [lon, lat] in degrees, as in GeoJSON.
// Inputs are read-only so callers may pass any tuple arrays; outputs are fresh mutable arrays.

export type Position = readonly [number, number];
/** A closed or open ring of positions (functions accept both unless they say otherwise). */
export type RingCoords = readonly Position[];
/** GeoJSON Polygon coordinates: the outer ring first, then holes. */
export type PolygonCoords = readonly RingCoords[];
/** GeoJSON MultiPolygon coordinates. */
export type MultiPolygonPolys = readonly PolygonCoords[];
/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];
