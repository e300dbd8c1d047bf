// WGS-84 <-> GCJ-02 ("Mars coordinates") used by Chinese basemaps (AMap, Tencent, Tianditu in some modes).
// The point transforms come from the pure engine package (packages/core/src/geo/gcj02.ts); this module adds
// the GeoJSON walker the maps need.
export { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from '@jingwang/core/geo';

type Pt = (lon: number, lat: number) => [number, number];

/** Applies a point transform to every coordinate of a GeoJSON object (returns a new object). */
export function transformGeoJson<T>(geo: T, f: Pt): T {
  const mapCoords = (c: unknown): unknown => {
    if (!Array.isArray(c)) return c;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [x, y] = f(c[0], c[1]);
      return c.length > 2 ? [x, y, ...c.slice(2)] : [x, y];
    }
    return c.map(mapCoords);
  };
  const walk = (g: unknown): unknown => {
    if (!g || typeof g !== 'object') return g;
    const o = g as Record<string, unknown>;
    switch (o.type) {
      case 'FeatureCollection':
        return { ...o, features: (o.features as unknown[]).map(walk) };
      case 'Feature':
        return { ...o, geometry: walk(o.geometry) };
      case 'GeometryCollection':
        return { ...o, geometries: (o.geometries as unknown[]).map(walk) };
      default:
        return 'coordinates' in o ? { ...o, coordinates: mapCoords(o.coordinates) } : o;
    }
  };
  return walk(geo) as T;
}
