// The stacking order of our map layers (pure). Every layer component adds its layers with a z (below); a layer goes
// under the lowest layer already on the map with a higher z, so a component mounted late (an overlay turned on)
// still lands at its place: area fills, forecast cells, roads, area outlines, coverage, reach areas, the forecast
// page's cells, the highlight, recommended routes, patrol layers, incidents, units. The base map's own layers
// (background, raster tiles) have no z and stay at the bottom.

export const Z = {
  areaFill: 10,
  forecastOverlay: 20,
  roads: 30,
  areaLine: 40,
  coverage: 50,
  reach: 55,
  forecastCells: 60,
  highlight: 70,
  routes: 80,
  patrol: 85,
  incidents: 90,
  units: 100,
} as const;

/**
 * The id of the layer a new layer of height `z` goes under: the first layer (bottom to top, `ordered`) whose z is
 * higher; undefined (on top) when there is none. Layers of the same z keep the order they were added in.
 */
export function beforeIdFor(z: number, ordered: readonly string[], zOf: (id: string) => number | undefined): string | undefined {
  for (const id of ordered) {
    const o = zOf(id);
    if (o !== undefined && o > z) return id;
  }
  return undefined;
}

/** Stacks `layers` (each with its z) the way the map does when they are added one by one, in this order. */
export function stack<T extends { z: number; layer: { id: string } }>(layers: readonly T[]): T[] {
  const out: T[] = [];
  for (const l of layers) {
    const before = beforeIdFor(l.z, out.map((o) => o.layer.id), (id) => out.find((o) => o.layer.id === id)?.z);
    const at = before === undefined ? out.length : out.findIndex((o) => o.layer.id === before);
    out.splice(at, 0, l);
  }
  return out;
}
