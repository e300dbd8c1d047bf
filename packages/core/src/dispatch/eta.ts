// Travel times from every unit to one incident, both snapped to road segments (pure; the hierarchy and the graph
// are built by the caller).
//
// A unit at snap a reaches an incident at snap b by leaving a through one of its exits x (offset ox), driving
// x -> y between nodes, and arriving at b through one of its entries y (offset oy): min over x, y of
// ox + d(x, y) + oy; or, when both lie on the same segment, directly along it (sameEdgeSeconds). The node-to-node
// part is one RPHAST many-to-one sweep per entry node of the incident (at most two), with the exit nodes of all
// units selected once.

import { chManyToOne, chSelectSources, type ChSourceSelection, type ContractionHierarchy } from '../roads/ch';
import type { RoadGraph } from '../roads/graph';
import { sameEdgeSeconds, type Snap } from '../roads/snap';
import { ROAD_PROFILES, type RoadProfileName } from '../roads/profile';
import { haversineMeters } from '../geo/measure';

/**
 * ETA in seconds of each unit (by its snap, null when it has no usable position) to the incident: NaN for a null
 * snap, Infinity when unreachable or above the cutoff.
 */
export function etasToIncident(
  ch: ContractionHierarchy,
  graph: RoadGraph,
  unitSnaps: readonly (Snap | null)[],
  incidentSnap: Snap,
  cutoffSeconds = Infinity,
  /** Where the caller keeps selections between calls (the units' exit nodes change only when they move). */
  select: (ch: ContractionHierarchy, sources: number[]) => ChSourceSelection = chSelectSources,
): Float64Array {
  const out = new Float64Array(unitSnaps.length).fill(NaN);
  const slot = new Map<number, number>(); // exit node -> index in sources
  const sources: number[] = [];
  unitSnaps.forEach((s, i) => {
    if (!s) return;
    out[i] = Infinity;
    for (const x of s.exits) {
      if (!slot.has(x.node)) slot.set(x.node, sources.length), sources.push(x.node);
    }
  });
  if (sources.length > 0) {
    const selection = select(ch, sources);
    for (const y of incidentSnap.entries) {
      const rest = cutoffSeconds - y.seconds;
      if (!(rest >= 0)) continue;
      const d = chManyToOne(ch, selection, y.node, { cutoffSeconds: rest });
      unitSnaps.forEach((s, i) => {
        if (!s) return;
        for (const x of s.exits) {
          const t = x.seconds + d[slot.get(x.node)!]! + y.seconds;
          if (t < out[i]!) out[i] = t;
        }
      });
    }
  }
  unitSnaps.forEach((s, i) => {
    if (!s) return;
    const direct = sameEdgeSeconds(s, incidentSnap, graph);
    if (direct < out[i]!) out[i] = direct;
    if (out[i]! > cutoffSeconds) out[i] = Infinity;
  });
  return out;
}

/** How much longer than the straight line a trip through a town's streets is taken to be (a rule of thumb). */
export const STRAIGHT_LINE_DETOUR = 1.3;

/**
 * A travel time estimated along the straight line, for a county without a road network for the unit's profile (no
 * roads imported yet): the distance times STRAIGHT_LINE_DETOUR at the profile's speed on residential streets (car 30,
 * e-bike 20, foot 5 km/h). An estimate, not a route: the recommendation marks it (reason straight_line).
 */
export function straightLineSeconds(profile: RoadProfileName, from: readonly [number, number], to: readonly [number, number]): number {
  const kmh = ROAD_PROFILES[profile].speeds.residential!;
  return (haversineMeters(from[0], from[1], to[0], to[1]) * STRAIGHT_LINE_DETOUR) / (kmh / 3.6);
}
