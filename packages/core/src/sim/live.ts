// Live demo helpers for the server's demo mode: units that drive along the roads, and new incidents drawn from the
// same model as the demo history.

import { bearingDegrees, haversineMeters } from '../geo/measure';
import { edgeBetween, nearestNode, nodesWithin, type RoadGraph } from '../roads/graph';
import { shortestPath } from '../roads/path';
import { buildIncidentModel, sampleIncident, type IncidentModel } from './incidentModel';
import { parseInstant, ratePerHour } from './rhythm';
import type { Rng } from './rng';
import type { DemoCounty, DemoIncident } from './types';

// ---------------------------------------------------------------------------------------------------------------
// Unit mover

export interface UnitPlaceOptions {
  /** Speed cap for this unit, km/h (e.g. 5 for a foot patrol, 25 for an e-bike). Default: road speed. */
  maxSpeedKmh?: number;
}

export interface UnitMove {
  id: number;
  lon: number;
  lat: number;
  /** Degrees clockwise from north, [0, 360). */
  heading: number;
  /** 0 when standing. */
  speedKmh: number;
  /** True on the step in which the unit reached its target. */
  arrived: boolean;
}

export interface UnitMover {
  /** Put a unit at a position (replaces any previous state). It stands still until given a target. */
  place(id: number, lon: number, lat: number, options?: UnitPlaceOptions): void;
  /** Drive to a position along the fastest road path; it reports arrived once and then stands there. */
  setTarget(id: number, lon: number, lat: number): void;
  /** null: patrol at random along the roads within about 1.5 km of where the unit is now. */
  setTarget(id: number, target: null): void;
  /** Advance every unit by dtSeconds; one entry per unit, in the order they were placed. */
  step(dtSeconds: number): UnitMove[];
  remove(id: number): void;
  has(id: number): boolean;
  /** Current state of a unit, or null if unknown. */
  get(id: number): { lon: number; lat: number; heading: number; mode: 'idle' | 'target' | 'arrived' | 'wander' } | null;
}

interface Route {
  lon: number[];
  lat: number[];
  /** Per leg (i -> i + 1): speed in m/s and length in m. */
  speed: number[];
  len: number[];
}

interface UnitState {
  lon: number;
  lat: number;
  heading: number;
  speedKmh: number;
  maxMps: number;
  mode: 'idle' | 'target' | 'arrived' | 'wander';
  anchor: [number, number] | null;
  route: Route | null;
  leg: number;
  /** Metres travelled along the current leg. */
  along: number;
}

/** Off-road approach speed (from a position to the nearest road node and from the last node to the target). */
const OFFROAD_MPS = 15 / 3.6;
/** Patrolling units drive at this share of the road speed. */
const WANDER_FACTOR = 0.6;
const WANDER_RADIUS_M = 1500;

export function createUnitMover(graph: RoadGraph, rng: Rng): UnitMover {
  const units = new Map<number, UnitState>();

  const buildRoute = (u: UnitState, toLon: number, toLat: number, factor: number): Route => {
    const route: Route = { lon: [u.lon], lat: [u.lat], speed: [], len: [] };
    const push = (lon: number, lat: number, mps: number): void => {
      const pl = route.lon[route.lon.length - 1]!;
      const pt = route.lat[route.lat.length - 1]!;
      const len = haversineMeters(pl, pt, lon, lat);
      if (len < 0.01) return;
      route.lon.push(lon);
      route.lat.push(lat);
      route.speed.push(Math.min(mps * factor, u.maxMps));
      route.len.push(len);
    };
    const from = nearestNode(graph, u.lon, u.lat);
    const to = nearestNode(graph, toLon, toLat);
    const path = from >= 0 && to >= 0 ? shortestPath(graph, from, to) : null;
    if (path) {
      push(graph.lon[from]!, graph.lat[from]!, OFFROAD_MPS / factor);
      for (let k = 1; k < path.nodes.length; k++) {
        const a = path.nodes[k - 1]!;
        const b = path.nodes[k]!;
        const e = edgeBetween(graph, a, b);
        const mps = e >= 0 && graph.seconds[e]! > 0 ? graph.meters[e]! / graph.seconds[e]! : OFFROAD_MPS;
        push(graph.lon[b]!, graph.lat[b]!, mps);
      }
    }
    push(toLon, toLat, OFFROAD_MPS / factor);
    return route;
  };

  const startWander = (u: UnitState): void => {
    const anchor = u.anchor ?? [u.lon, u.lat];
    const near = nodesWithin(graph, anchor[0], anchor[1], WANDER_RADIUS_M);
    const choices = near.length > 1 ? near : [nearestNode(graph, anchor[0], anchor[1])];
    let dest = rng.pick(choices);
    if (choices.length > 1 && graph.lon[dest] === u.lon && graph.lat[dest] === u.lat) dest = rng.pick(choices);
    if (dest < 0) {
      u.route = null;
      return;
    }
    u.route = buildRoute(u, graph.lon[dest]!, graph.lat[dest]!, WANDER_FACTOR);
    u.leg = 0;
    u.along = 0;
  };

  const mustGet = (id: number): UnitState => {
    const u = units.get(id);
    if (!u) throw new RangeError(`unit mover: unknown unit ${id}`);
    return u;
  };

  function setTarget(id: number, lon: number, lat: number): void;
  function setTarget(id: number, target: null): void;
  function setTarget(id: number, lon: number | null, lat?: number): void {
    const u = mustGet(id);
    if (lon === null) {
      u.mode = 'wander';
      u.anchor = [u.lon, u.lat];
      startWander(u);
      return;
    }
    if (!Number.isFinite(lon) || lat === undefined || !Number.isFinite(lat)) throw new RangeError('unit mover: setTarget needs finite lon and lat');
    u.mode = 'target';
    u.anchor = null;
    u.route = buildRoute(u, lon, lat, 1);
    u.leg = 0;
    u.along = 0;
  }

  return {
    place(id, lon, lat, options) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new RangeError('unit mover: place needs finite lon and lat');
      const cap = options?.maxSpeedKmh;
      units.set(id, {
        lon,
        lat,
        heading: 0,
        speedKmh: 0,
        maxMps: cap !== undefined && cap > 0 ? cap / 3.6 : Infinity,
        mode: 'idle',
        anchor: null,
        route: null,
        leg: 0,
        along: 0,
      });
    },
    setTarget,
    step(dtSeconds) {
      if (!(dtSeconds >= 0) || !Number.isFinite(dtSeconds)) throw new RangeError('unit mover: dtSeconds must be a finite number >= 0');
      const out: UnitMove[] = [];
      for (const [id, u] of units) {
        let arrived = false;
        let moving = false;
        let left = dtSeconds;
        let guard = 0;
        while (left > 0 && u.route && (u.mode === 'target' || u.mode === 'wander') && guard++ < 10000) {
          const r = u.route;
          if (u.leg >= r.len.length) {
            // End of the route.
            if (u.mode === 'target') {
              u.mode = 'arrived';
              arrived = true;
              u.route = null;
              break;
            }
            startWander(u);
            if (!u.route || u.route.len.length === 0) break;
            continue;
          }
          const len = r.len[u.leg]!;
          const v = r.speed[u.leg]!;
          const need = (len - u.along) / v;
          u.heading = bearingDegrees(r.lon[u.leg]!, r.lat[u.leg]!, r.lon[u.leg + 1]!, r.lat[u.leg + 1]!);
          u.speedKmh = v * 3.6;
          moving = true;
          if (need <= left) {
            left -= need;
            u.leg++;
            u.along = 0;
            u.lon = r.lon[u.leg]!;
            u.lat = r.lat[u.leg]!;
          } else {
            u.along += v * left;
            left = 0;
            const f = u.along / len;
            u.lon = r.lon[u.leg]! + (r.lon[u.leg + 1]! - r.lon[u.leg]!) * f;
            u.lat = r.lat[u.leg]! + (r.lat[u.leg + 1]! - r.lat[u.leg]!) * f;
          }
        }
        // A target reached exactly at the end of this step's time still counts as arrived now.
        if (!arrived && u.mode === 'target' && u.route && u.leg >= u.route.len.length) {
          u.mode = 'arrived';
          arrived = true;
          u.route = null;
        }
        if (arrived || !moving || u.mode === 'arrived' || u.mode === 'idle') u.speedKmh = 0;
        out.push({ id, lon: u.lon, lat: u.lat, heading: Math.round(u.heading * 10) / 10, speedKmh: Math.round(u.speedKmh * 10) / 10, arrived });
      }
      return out;
    },
    remove(id) {
      units.delete(id);
    },
    has(id) {
      return units.has(id);
    },
    get(id) {
      const u = units.get(id);
      return u ? { lon: u.lon, lat: u.lat, heading: u.heading, mode: u.mode } : null;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Live incidents

const models = new WeakMap<DemoCounty, IncidentModel>();

function modelOf(county: DemoCounty): IncidentModel {
  let m = models.get(county);
  if (!m) {
    m = buildIncidentModel(county);
    models.set(county, m);
  }
  return m;
}

export type LiveIncident = Pick<DemoIncident, 'category' | 'priority' | 'source' | 'lon' | 'lat' | 'address' | 'description' | 'callerName' | 'callerPhone'>;

/**
 * One new incident at atIso, drawn from the same places, categories, sources and hour-of-day mix as the history.
 * The model (road graph, places) is built on first use per county object and cached (weakly).
 */
export function sampleLiveIncident(county: DemoCounty, rng: Rng, atIso: string): LiveIncident {
  const ms = parseInstant(atIso, 'atIso');
  const s = sampleIncident(modelOf(county), rng, ms);
  return {
    category: s.category,
    priority: s.priority,
    source: s.source,
    lon: s.lon,
    lat: s.lat,
    address: s.address,
    description: s.description,
    callerName: s.callerName,
    callerPhone: s.callerPhone,
  };
}

/** Expected incidents per hour for the whole demo county at atIso (the history's rhythm), for Poisson arrivals. */
export function expectedIncidentsPerHour(_county: DemoCounty, atIso: string): number {
  return ratePerHour(parseInstant(atIso, 'atIso'));
}
