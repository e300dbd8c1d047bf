// Travel times and road paths between the places of a patrol plan, per travel mode: the road graph's contraction
// hierarchy (one PHAST sweep per place), or, when the deployment has no roads for a mode, straight lines at a modest
// speed with a detour factor (the plan says which it used).
import { haversineMeters, snapToRoad, travelTimesFromSnap, sameSegment, sameEdgeSeconds, type RoadProfileName, type Snap } from '@jingwang/core';
import type { UnitType } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { PROFILE_OF_UNIT, type ProfileNetwork } from '../roads/network';
import { routeBetween } from '../dispatch/service';

/** Places farther than this from every road of the mode are joined by straight lines. */
const MAX_SNAP_M = 1000;
/** Straight-line fallback: km/h and the ratio of road to straight distance typical of a county town. */
const FALLBACK_KMH: Record<RoadProfileName, number> = { car: 30, ebike: 15, foot: 4.5 };
const DETOUR = 1.3;

export interface Place {
  lon: number;
  lat: number;
}

export interface ModeTravel {
  profile: RoadProfileName;
  source: 'roads' | 'straight_line';
  /** Row-major n x n seconds. */
  matrix: Float64Array;
  /** Road path (or straight line) and metres between two places. */
  leg(i: number, j: number): { meters: number; coordinates: [number, number][] };
}

const straightSeconds = (a: Place, b: Place, profile: RoadProfileName) => (haversineMeters(a.lon, a.lat, b.lon, b.lat) * DETOUR) / (FALLBACK_KMH[profile] / 3.6);

export const profileOfUnit = (t: UnitType): RoadProfileName => PROFILE_OF_UNIT[t];

export async function travelFor(ctx: Ctx, places: readonly Place[], profile: RoadProfileName): Promise<ModeTravel> {
  const n = places.length;
  const matrix = new Float64Array(n * n);
  const net = (await ctx.roads.get()).profiles[profile];
  if (!net) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) matrix[i * n + j] = i === j ? 0 : straightSeconds(places[i]!, places[j]!, profile);
    return {
      profile,
      source: 'straight_line',
      matrix,
      leg: (i, j) => ({
        meters: haversineMeters(places[i]!.lon, places[i]!.lat, places[j]!.lon, places[j]!.lat) * DETOUR,
        coordinates: [
          [places[i]!.lon, places[i]!.lat],
          [places[j]!.lon, places[j]!.lat],
        ],
      }),
    };
  }
  const snaps = places.map((p) => snapToRoad(net.graph, net.segments, p.lon, p.lat, MAX_SNAP_M));
  for (let i = 0; i < n; i++) {
    const si = snaps[i];
    const times = si ? travelTimesFromSnap(net.ch, si, 'from') : null;
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const sj = snaps[j];
      if (!si || !sj || !times) {
        matrix[i * n + j] = straightSeconds(places[i]!, places[j]!, profile);
        continue;
      }
      let best = sameSegment(si, sj) ? sameEdgeSeconds(si, sj, net.graph) : Infinity;
      for (const e of sj.entries) best = Math.min(best, times[e.node]! + e.seconds);
      // unreachable by road (a one-way trap, an island): fall back to a straight line rather than lose the place
      matrix[i * n + j] = Number.isFinite(best) ? best : straightSeconds(places[i]!, places[j]!, profile);
    }
  }
  return { profile, source: 'roads', matrix, leg: (i, j) => roadLeg(net, snaps, places, i, j) };
}

function roadLeg(net: ProfileNetwork, snaps: readonly (Snap | null)[], places: readonly Place[], i: number, j: number) {
  const a = snaps[i];
  const b = snaps[j];
  const r = a && b ? routeBetween(net, a, b) : null;
  if (!r) {
    return {
      meters: haversineMeters(places[i]!.lon, places[i]!.lat, places[j]!.lon, places[j]!.lat),
      coordinates: [
        [places[i]!.lon, places[i]!.lat],
        [places[j]!.lon, places[j]!.lat],
      ] as [number, number][],
    };
  }
  return { meters: r.meters, coordinates: r.coordinates };
}

/** The path through a sequence of place indexes, joined (shared ends not repeated), with its length. */
export function pathThrough(t: ModeTravel, seq: readonly number[]): { meters: number; coordinates: [number, number][] } {
  const coords: [number, number][] = [];
  let meters = 0;
  for (let k = 0; k + 1 < seq.length; k++) {
    if (seq[k] === seq[k + 1]) continue;
    const leg = t.leg(seq[k]!, seq[k + 1]!);
    meters += leg.meters;
    for (const c of leg.coordinates) {
      const last = coords[coords.length - 1];
      if (!last || last[0] !== c[0] || last[1] !== c[1]) coords.push(c);
    }
  }
  if (coords.length === 0 && seq.length > 0) {
    // nothing to travel: the path is the place itself
    return { meters: 0, coordinates: [] };
  }
  return { meters, coordinates: coords };
}
