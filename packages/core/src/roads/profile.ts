// From OSM ways to roads a given traveller can use: access, one-way rules and speeds, per profile.
//
// Profiles: `car` (patrol cars), `ebike` (e-bikes, 电动自行车: a non-motor vehicle in Chinese traffic law, so bicycle
// rules apply), `foot`. A way is usable when its highway class has a default speed in the profile's table (or, for
// the classes in `explicitOnly`, when the profile's own access tag explicitly allows it), area=yes is absent, and
// the most specific access tag present for the profile (car: access < vehicle < motor_vehicle < motorcar; ebike:
// access < vehicle < bicycle; foot: access < foot) is not one of no/private/agricultural/forestry/discouraged.
//
// One-way (car and e-bike; foot walks both ways): oneway=yes/true/1 forward, -1/reverse backward, no/false/0
// both ways; without the tag, junction=roundabout/circular and highway=motorway imply forward. oneway=reversible or
// alternating makes a way unusable for car and e-bike (its direction depends on the time). E-bikes: oneway:bicycle
// overrides oneway, and cycleway(:left/:right/:both)=opposite* opens the way against the flow.
//
// Speed, km/h: maxspeed (car and e-bike; "50", "50 km/h", "30 mph", "30mph", "10 knots", "walk"; the first of
// "a;b"; zone values such as "DE:urban", "none", "signals" fall back to the table), or maxspeed:forward /
// maxspeed:backward for each direction; else the profile's default for the class (tables below); then capped at the
// profile's maxSpeedKmh. Foot always walks at the table speed.

import { buildRoadGraph, type RoadGraph, type RoadLike } from './graph';
import type { OsmData, OsmWay } from './osm';

export type RoadProfileName = 'car' | 'ebike' | 'foot';

export interface RoadProfile {
  readonly name: RoadProfileName;
  /** Default speed by highway class, km/h. A class not listed is not usable (but see explicitOnly). */
  readonly speeds: Readonly<Record<string, number>>;
  /** Classes usable only with an explicit yes/designated/permissive on the profile's access tags, at this speed. */
  readonly explicitOnly: Readonly<Record<string, number>>;
  /** Access keys, least specific first. */
  readonly accessKeys: readonly string[];
  readonly useMaxspeed: boolean;
  readonly respectOneway: boolean;
  readonly maxSpeedKmh: number;
}

/**
 * Default speeds, km/h, by highway class. Car: typical free-flow speeds of an urban Chinese or US network at the
 * legal limit; e-bike: 25 km/h is the legal top speed of a 电动自行车 (GB 17761-2018), less on shared paths; foot: 5.
 */
export const ROAD_PROFILES: Readonly<Record<RoadProfileName, RoadProfile>> = {
  car: {
    name: 'car',
    speeds: {
      motorway: 100, motorway_link: 60, trunk: 80, trunk_link: 50, primary: 60, primary_link: 40, secondary: 50,
      secondary_link: 40, tertiary: 40, tertiary_link: 30, unclassified: 30, residential: 30, road: 30,
      living_street: 10, service: 15,
    },
    explicitOnly: { track: 15, pedestrian: 10 },
    accessKeys: ['access', 'vehicle', 'motor_vehicle', 'motorcar'],
    useMaxspeed: true,
    respectOneway: true,
    maxSpeedKmh: 130,
  },
  ebike: {
    name: 'ebike',
    speeds: {
      trunk: 20, trunk_link: 20, primary: 22, primary_link: 20, secondary: 22, secondary_link: 20, tertiary: 22,
      tertiary_link: 20, unclassified: 20, residential: 20, road: 20, living_street: 10, service: 15, cycleway: 22,
      track: 12, path: 12,
    },
    explicitOnly: { footway: 8, pedestrian: 8, bridleway: 8 },
    accessKeys: ['access', 'vehicle', 'bicycle'],
    useMaxspeed: true,
    respectOneway: true,
    maxSpeedKmh: 25,
  },
  foot: {
    name: 'foot',
    speeds: {
      trunk: 5, trunk_link: 5, primary: 5, primary_link: 5, secondary: 5, secondary_link: 5, tertiary: 5,
      tertiary_link: 5, unclassified: 5, residential: 5, road: 5, living_street: 5, service: 5, pedestrian: 5,
      footway: 5, path: 5, track: 5, cycleway: 5, bridleway: 5, corridor: 5, steps: 2.5,
    },
    explicitOnly: { motorway: 5, motorway_link: 5 },
    accessKeys: ['access', 'foot'],
    useMaxspeed: false,
    respectOneway: false,
    maxSpeedKmh: 7,
  },
};

const DENY = new Set(['no', 'private', 'agricultural', 'forestry', 'discouraged', 'use_sidepath']);
const EXPLICIT_YES = new Set(['yes', 'designated', 'permissive']);

/** A maxspeed tag value in km/h, or undefined when it gives no number (none, signals, zone codes, garbage). */
export function parseMaxspeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const first = value.split(';')[0]!.trim().toLowerCase();
  if (first === 'walk') return 5;
  const m = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/.exec(first);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!(n > 0)) return undefined;
  const unit = m[2];
  return unit === 'mph' ? n * 1.609344 : unit === 'knots' ? n * 1.852 : n;
}

export interface WayRule {
  /** Usable from the first ref to the last, and back. */
  forward: boolean;
  backward: boolean;
  forwardKmh: number;
  backwardKmh: number;
}

function accessValue(tags: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined {
  let v: string | undefined;
  for (const k of keys) if (tags[k] !== undefined) v = tags[k];
  return v;
}

/** How a profile may use a way with these tags; null when it may not. */
export function wayRule(tags: Readonly<Record<string, string>>, profile: RoadProfile): WayRule | null {
  const highway = tags.highway;
  if (highway === undefined || tags.area === 'yes') return null;
  const access = accessValue(tags, profile.accessKeys);
  let base = profile.speeds[highway];
  if (base === undefined) {
    const explicit = profile.explicitOnly[highway];
    if (explicit === undefined || access === undefined || !EXPLICIT_YES.has(access)) return null;
    base = explicit;
  }
  if (access !== undefined && DENY.has(access)) return null;
  if (profile.name !== 'car' && tags.motorroad === 'yes') return null;

  let forward = true;
  let backward = true;
  if (profile.respectOneway) {
    let oneway = tags.oneway;
    if (profile.name === 'ebike') {
      if (tags['oneway:bicycle'] !== undefined) oneway = tags['oneway:bicycle'];
      else if (['cycleway', 'cycleway:left', 'cycleway:right', 'cycleway:both'].some((k) => tags[k]?.startsWith('opposite'))) oneway = 'no';
    }
    if (oneway === 'reversible' || oneway === 'alternating') return null;
    if (oneway === 'yes' || oneway === 'true' || oneway === '1') backward = false;
    else if (oneway === '-1' || oneway === 'reverse') forward = false;
    else if (oneway === undefined) {
      if (tags.junction === 'roundabout' || tags.junction === 'circular' || highway === 'motorway') backward = false;
    }
  }

  let fwd = base;
  let bwd = base;
  if (profile.useMaxspeed) {
    const both = parseMaxspeed(tags.maxspeed);
    fwd = parseMaxspeed(tags['maxspeed:forward']) ?? both ?? base;
    bwd = parseMaxspeed(tags['maxspeed:backward']) ?? both ?? base;
  }
  return {
    forward,
    backward,
    forwardKmh: Math.min(fwd, profile.maxSpeedKmh),
    backwardKmh: Math.min(bwd, profile.maxSpeedKmh),
  };
}

/** A road made from an OSM way (or from a piece of one, see osmToRoads). */
export interface OsmRoad extends RoadLike {
  osmId: number;
  highway: string;
  name?: string;
}

export interface OsmRoadsResult {
  roads: OsmRoad[];
  /** Ways the profile can use. */
  usableWays: number;
  /** Node refs that were not in the extract (the way is split there). */
  missingNodes: number;
}

/** Node id -> index in the extract's node columns. */
export function osmNodeIndex(osm: OsmData): Map<number, number> {
  const index = new Map<number, number>();
  for (let i = 0; i < osm.nodeIds.length; i++) index.set(osm.nodeIds[i]!, i);
  return index;
}

/**
 * A way's coordinates, split where its node refs are missing from the extract (a clipped extract cuts ways at its
 * edge); pieces of fewer than two nodes are dropped. `missing` counts the refs not found.
 */
export function wayPieces(osm: OsmData, index: ReadonlyMap<number, number>, way: OsmWay): { pieces: [number, number][][]; missing: number } {
  const pieces: [number, number][][] = [[]];
  let missing = 0;
  for (const ref of way.refs) {
    const i = index.get(ref);
    if (i === undefined) {
      missing++;
      if (pieces[pieces.length - 1]!.length > 0) pieces.push([]);
      continue;
    }
    pieces[pieces.length - 1]!.push([osm.lon[i]!, osm.lat[i]!]);
  }
  return { pieces: pieces.filter((c) => c.length >= 2), missing };
}

/**
 * The roads a profile can use, as RoadLike for buildRoadGraph. `id` is the index in `roads` (OSM way ids may not fit
 * in the graph's Int32 road ids); osmId keeps the way id. A way usable in one direction gives one oneway road
 * (reversed for oneway=-1); a two-way road with different speeds per direction gives two oneway roads. A way with
 * refs missing from the extract is split at them, and pieces with fewer than two nodes are dropped.
 */
export function osmToRoads(osm: OsmData, profile: RoadProfile | RoadProfileName): OsmRoadsResult {
  const p = typeof profile === 'string' ? ROAD_PROFILES[profile] : profile;
  const index = osmNodeIndex(osm);
  const roads: OsmRoad[] = [];
  let usableWays = 0;
  let missingNodes = 0;
  const push = (way: OsmWay, coords: [number, number][], kmh: number, oneway: boolean): void => {
    const road: OsmRoad = { id: roads.length, osmId: way.id, highway: way.tags.highway!, speedKmh: kmh, oneway, coords };
    if (way.tags.name !== undefined) road.name = way.tags.name;
    roads.push(road);
  };
  for (const way of osm.ways) {
    const rule = wayRule(way.tags, p);
    if (!rule || !(rule.forward || rule.backward)) continue;
    usableWays++;
    const { pieces, missing } = wayPieces(osm, index, way);
    missingNodes += missing;
    for (const coords of pieces) {
      if (rule.forward && rule.backward && rule.forwardKmh === rule.backwardKmh) push(way, coords, rule.forwardKmh, false);
      else {
        if (rule.forward) push(way, coords, rule.forwardKmh, true);
        if (rule.backward) push(way, coords.slice().reverse(), rule.backwardKmh, true);
      }
    }
  }
  return { roads, usableWays, missingNodes };
}

/** Edge times of OSM graphs are whole multiples of 1/1024 s (see BuildRoadGraphOptions.secondsQuantum). */
export const OSM_SECONDS_QUANTUM = 1 / 1024;

/** osmToRoads then buildRoadGraph (edge times rounded to OSM_SECONDS_QUANTUM): the road graph of an extract. */
export function buildOsmGraph(osm: OsmData, profile: RoadProfile | RoadProfileName): OsmRoadsResult & { graph: RoadGraph } {
  const r = osmToRoads(osm, profile);
  return { ...r, graph: buildRoadGraph(r.roads, { secondsQuantum: OSM_SECONDS_QUANTUM }) };
}
