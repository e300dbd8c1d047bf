// The deployment's road network in memory: one graph, contraction hierarchy and segment index per travel profile
// (car, e-bike, foot), built from the roads table on first use and shared by every request until the roads change.
//
// Rows imported from OpenStreetMap keep their tags, and each profile derives access, one-way rule and speed from them
// with the same wayRule the bench uses; drawn rows (the demo county, hand-made networks) carry a speed per profile.
import {
  buildContractionHierarchy,
  buildRoadGraph,
  buildSegmentIndex,
  OSM_SECONDS_QUANTUM,
  ROAD_PROFILES,
  wayRule,
  type ContractionHierarchy,
  type RoadGraph,
  type RoadLike,
  type RoadProfileName,
  type SegmentIndex,
} from '@jingwang/core';
import type { UnitType } from '@jingwang/contracts';
import type { Db } from '../../db/client';
import { loadRoadRows, type RoadRow } from './repo';

export interface ProfileNetwork {
  profile: RoadProfileName;
  graph: RoadGraph;
  ch: ContractionHierarchy;
  segments: SegmentIndex;
  /** Database road id of each graph road id (RoadLike.id is an index into this). */
  dbRoadId: Int32Array;
  buildMs: number;
}

export interface RoadNetwork {
  /** Profiles with at least one usable road. */
  profiles: Partial<Record<RoadProfileName, ProfileNetwork>>;
  roadCount: number;
  builtAt: string;
}

/** How each kind of unit moves. Joint patrols and SWAT posts drive (their vehicles); foot patrols walk. */
export const PROFILE_OF_UNIT: Record<UnitType, RoadProfileName> = {
  patrol_car: 'car',
  swat_post: 'car',
  joint_patrol: 'car',
  ebike: 'ebike',
  foot: 'foot',
  urban_mgmt_team: 'car',
  youth_squad: 'foot',
};

const COLUMN: Record<RoadProfileName, 'speed_kmh' | 'ebike_kmh' | 'foot_kmh'> = { car: 'speed_kmh', ebike: 'ebike_kmh', foot: 'foot_kmh' };

/** The roads a profile may use, as RoadLike (ids index `dbIds`). Exported for tests. */
export function profileRoads(rows: readonly RoadRow[], profile: RoadProfileName): { roads: RoadLike[]; dbIds: number[] } {
  const p = ROAD_PROFILES[profile];
  const roads: RoadLike[] = [];
  const dbIds: number[] = [];
  const push = (row: RoadRow, coords: [number, number][], kmh: number, oneway: boolean) => {
    roads.push({ id: roads.length, speedKmh: kmh, oneway, coords });
    dbIds.push(row.id);
  };
  for (const row of rows) {
    if (row.coords.length < 2) continue;
    if (row.tags) {
      const rule = wayRule(row.tags, p);
      if (!rule || !(rule.forward || rule.backward)) continue;
      if (rule.forward && rule.backward && rule.forwardKmh === rule.backwardKmh) push(row, row.coords, rule.forwardKmh, false);
      else {
        if (rule.forward) push(row, row.coords, rule.forwardKmh, true);
        if (rule.backward) push(row, row.coords.slice().reverse(), rule.backwardKmh, true);
      }
    } else {
      const kmh = row[COLUMN[profile]];
      if (kmh === null || !(kmh > 0)) continue;
      push(row, row.coords, kmh, profile === 'foot' ? false : row.oneway);
    }
  }
  return { roads, dbIds };
}

export function buildNetwork(rows: readonly RoadRow[], now: Date): RoadNetwork {
  const profiles: RoadNetwork['profiles'] = {};
  for (const profile of ['car', 'ebike', 'foot'] as const) {
    const t0 = performance.now();
    const { roads, dbIds } = profileRoads(rows, profile);
    if (roads.length === 0) continue;
    // edge times on a power-of-two grid: the hierarchy's times are then exactly Dijkstra's (see graph.ts)
    const graph = buildRoadGraph(roads, { secondsQuantum: OSM_SECONDS_QUANTUM });
    const ch = buildContractionHierarchy(graph);
    const segments = buildSegmentIndex(graph);
    profiles[profile] = { profile, graph, ch, segments, dbRoadId: Int32Array.from(dbIds), buildMs: performance.now() - t0 };
  }
  return { profiles, roadCount: rows.length, builtAt: now.toISOString() };
}

/**
 * Builds the network once, on first use (building takes seconds for a city; requests wait for it rather than
 * failing), and again after `invalidate()` (a road import on this node, or a change notification from another).
 */
export class RoadCache {
  private pending: Promise<RoadNetwork> | null = null;
  private generation = 0;
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  get(): Promise<RoadNetwork> {
    if (!this.pending) {
      const gen = this.generation;
      const p = loadRoadRows(this.db).then((rows) => buildNetwork(rows, this.now()));
      this.pending = p;
      p.catch(() => {
        if (this.generation === gen && this.pending === p) this.pending = null; // let the next request retry
      });
    }
    return this.pending;
  }

  invalidate(): void {
    this.generation++;
    this.pending = null;
  }
}
