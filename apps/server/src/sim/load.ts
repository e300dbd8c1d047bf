// Loading a reform-simulator scenario from files (the `sim compare` CLI and its bench): calls from any CSV through
// the forecast backtest's column mappings, the car road graph from an OSM extract (with its contraction hierarchy, as
// the routing engine builds it), and station areas from GeoJSON.
//
// - Calls are placed at the nearest road node of the extract's main strongly connected part; calls with no such node
//   within dropM metres (outside the extract) are dropped and counted, and so are calls in no station area.
// - The data have no station houses: each station's house is the road node inside its area nearest the mean of the
//   area's road nodes (the area's part inside the extract). Areas with no road node in the extract are left out.
// - Calls without a time of day keep their day; the simulator draws the time within the day (see docs/simulator.md).
// - Units are spread over the stations in proportion to the period's calls (allocateReformUnits).

import zlib from 'node:zlib';
import {
  allocateReformShifts,
  allocateReformUnits,
  buildContractionHierarchy,
  buildOsmGraph,
  DEFAULT_SERVICE_TIME,
  nodesWithin,
  parseOsmPbf,
  parseOsmXml,
  pointInPolygon,
  reachable,
  type ContractionHierarchy,
  type ReformCall,
  type ReformScenario,
  type ReformStation,
  type RoadGraph,
} from '@jingwang/core';
import { loadCsv, MappingError, type CsvMapping } from '../forecast/backtest';

const DAY_MS = 86_400_000;

export interface RoadNetwork {
  graph: RoadGraph;
  ch: ContractionHierarchy;
  buildMs: number;
}

/** Parse an OSM extract (.osm.pbf or .osm XML) and build the car graph and its contraction hierarchy. */
export function loadRoadNetwork(bytes: Uint8Array, pbf: boolean): RoadNetwork {
  const t0 = performance.now();
  const osm = pbf ? parseOsmPbf(bytes, { inflate: (b) => zlib.inflateSync(b) }) : parseOsmXml(bytes);
  const { graph } = buildOsmGraph(osm, 'car');
  const ch = buildContractionHierarchy(graph);
  return { graph, ch, buildMs: performance.now() - t0 };
}

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

export interface LoadScenarioOptions {
  csvText: string;
  mapping: CsvMapping;
  net: RoadNetwork;
  /** A GeoJSON FeatureCollection of station areas (Polygon / MultiPolygon). */
  areas: { type?: string; features?: Feature[] };
  /** Property holding an area's id; default: the first of DISTRICT, id, code, name present, else the feature's index. */
  areaIdProperty?: string;
  /** First and last day of the period, YYYY-MM-DD (inclusive). */
  from: string;
  to: string;
  units: number;
  /** Staffing by shift, e.g. "7:20,15:26,23:14" (start hour : units; each shift runs until the next starts); overrides units. */
  shifts?: string;
  /** Calls farther than this from the road graph are dropped. Default 300 m. */
  dropM?: number;
}

export interface LoadedScenario {
  scenario: ReformScenario;
  input: {
    rows: number;
    inPeriod: number;
    history: number;
    stations: number;
    timeOfDay: 'known' | 'drawn from the diurnal profile';
    dropped: { unreadableTime: number; unreadablePlace: number; outsideRoads: number; outsideAreas: number; afterPeriod: number };
  };
}

function parseDay(s: string, what: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!Number.isFinite(t)) throw new MappingError(`${what} must be a date YYYY-MM-DD, got "${s}"`);
  return t;
}

/** Parse "7:20,15:26,23:14" (start hour : units on duty; each shift runs until the next one starts). */
export function parseShifts(text: string): { startHour: number; hours: number; units: number }[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const list = parts.map((p) => {
    const m = /^(\d{1,2}):(\d+)$/.exec(p);
    const startHour = m ? Number(m[1]) : NaN;
    const units = m ? Number(m[2]) : NaN;
    if (!m || startHour > 23 || !(units >= 1)) throw new MappingError(`--shifts: "${p}" is not START_HOUR:UNITS (hour 0-23, units >= 1), e.g. 7:20,15:26,23:14`);
    return { startHour, units };
  });
  if (list.length === 0) throw new MappingError('--shifts: at least one START_HOUR:UNITS');
  list.sort((a, b) => a.startHour - b.startHour);
  if (new Set(list.map((x) => x.startHour)).size !== list.length) throw new MappingError('--shifts: two shifts start at the same hour');
  return list.map((x, i) => ({ ...x, hours: ((list[(i + 1) % list.length]!.startHour - x.startHour + 23) % 24) + 1 }));
}

/** Build a scenario from files' contents. Throws MappingError on unusable input. */
export function loadReformScenario(o: LoadScenarioOptions): LoadedScenario {
  const { graph } = o.net;
  const start = parseDay(o.from, '--from');
  const end = parseDay(o.to, '--to') + DAY_MS;
  if (!(end > start)) throw new MappingError('--to must not be before --from');
  const shiftSpec = o.shifts ? parseShifts(o.shifts) : null;
  if (!shiftSpec && (!Number.isInteger(o.units) || o.units < 1)) throw new MappingError('--units must be a positive integer');
  const dropM = o.dropM ?? 300;
  const timeKnown = Boolean(o.mapping.time || o.mapping.hour);

  // areas
  const feats = (o.areas.features ?? []).filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'));
  if (feats.length === 0) throw new MappingError('the areas file holds no Polygon or MultiPolygon features');
  const prop =
    o.areaIdProperty ?? ['DISTRICT', 'id', 'code', 'name'].find((p) => feats.every((f) => f.properties && f.properties[p] !== undefined && f.properties[p] !== null));
  const polys = feats.map((f) => (f.geometry!.type === 'Polygon' ? [f.geometry!.coordinates] : f.geometry!.coordinates) as [number, number][][][]);

  // the main strongly connected part: around the node nearest the median call
  const loaded = loadCsv(o.csvText, o.mapping);
  const ev = loaded.events;
  if (ev.length === 0) throw new MappingError('no call with a readable time and place');
  const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const seed = nodesWithin(graph, med(ev.map((e) => e.lon)), med(ev.map((e) => e.lat)), 5000, 1)[0];
  if (seed === undefined) throw new MappingError('the road extract does not cover the calls');
  const f = reachable(graph, seed);
  const b = reachable(graph, seed, true);
  const inMain = (v: number) => f[v] === 1 && b[v] === 1;

  // stations: areas with road nodes of the main part
  const areaNodes: number[][] = polys.map(() => []);
  const bbox = polys.map((mp) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity; // prettier-ignore
    for (const poly of mp) for (const [x, y] of poly[0]!) (x0 = Math.min(x0, x)), (y0 = Math.min(y0, y)), (x1 = Math.max(x1, x)), (y1 = Math.max(y1, y));
    return [x0, y0, x1, y1] as const;
  });
  for (let v = 0; v < graph.nodeCount; v++) {
    if (!inMain(v)) continue;
    const x = graph.lon[v]!;
    const y = graph.lat[v]!;
    for (let a = 0; a < polys.length; a++) {
      const bb = bbox[a]!;
      if (x < bb[0] || x > bb[2] || y < bb[1] || y > bb[3]) continue;
      if (pointInPolygon(x, y, polys[a]!)) {
        areaNodes[a]!.push(v);
        break;
      }
    }
  }
  const stations: ReformStation[] = [];
  const stationOfArea = new Map<number, number>();
  for (let a = 0; a < polys.length; a++) {
    const nodes = areaNodes[a]!;
    if (nodes.length === 0) continue;
    const mx = nodes.reduce((s, v) => s + graph.lon[v]!, 0) / nodes.length;
    const my = nodes.reduce((s, v) => s + graph.lat[v]!, 0) / nodes.length;
    const cos = Math.cos((my * Math.PI) / 180);
    let best = nodes[0]!;
    let bd = Infinity;
    for (const v of nodes) {
      const d = ((graph.lon[v]! - mx) * cos) ** 2 + (graph.lat[v]! - my) ** 2;
      if (d < bd) (bd = d), (best = v);
    }
    const id = prop ? String(feats[a]!.properties![prop]) : String(a);
    stationOfArea.set(a, stations.length);
    stations.push({ id, name: id, node: best, lon: graph.lon[best]!, lat: graph.lat[best]!, areaId: id, area: polys[a]! });
  }
  if (stations.length === 0) throw new MappingError('no station area overlaps the road extract');

  const dropped = { unreadableTime: loaded.skipped.time, unreadablePlace: loaded.skipped.place, outsideRoads: 0, outsideAreas: 0, afterPeriod: 0 };
  const calls: ReformCall[] = [];
  const history: ReformCall[] = [];
  for (const e of ev) {
    if (e.t >= end) {
      dropped.afterPeriod++;
      continue;
    }
    const near = nodesWithin(graph, e.lon, e.lat, dropM, 16).find(inMain);
    if (near === undefined) {
      dropped.outsideRoads++;
      continue;
    }
    let station = -1;
    for (const [a, s] of stationOfArea) {
      const bb = bbox[a]!;
      if (e.lon < bb[0] || e.lon > bb[2] || e.lat < bb[1] || e.lat > bb[3]) continue;
      if (pointInPolygon(e.lon, e.lat, polys[a]!)) {
        station = s;
        break;
      }
    }
    if (station < 0) {
      dropped.outsideAreas++;
      continue;
    }
    const timeS = (e.t - start) / 1000;
    const c: ReformCall = { id: 0, timeS, timeOfDayKnown: timeKnown, node: near, lon: e.lon, lat: e.lat, category: e.category ?? 'unknown', station };
    if (e.t >= start) calls.push({ ...c, id: calls.length });
    else history.push({ ...c, id: history.length });
  }
  if (calls.length === 0) throw new MappingError(`no call inside the road extract between ${o.from} and ${o.to}`);

  const notes = [
    `Calls placed at the nearest road node within ${dropM} m of the car graph's main strongly connected part; ${dropped.outsideRoads} calls outside the road extract and ${dropped.outsideAreas} outside every station area were dropped.`,
    `Station houses are not in the data: each station waits at the road node of its area nearest the mean of the area's road nodes inside the extract.`,
    shiftSpec
      ? `Shifts ${shiftSpec.map((x) => `${x.startHour}:00 ${x.hours} h ${x.units} units`).join(', ')}; each shift's units spread over ${stations.length} stations in proportion to the period's calls.`
      : `${o.units} units spread over ${stations.length} stations in proportion to the period's calls.`,
  ];
  const staffing = shiftSpec ? allocateReformShifts(stations.length, shiftSpec, calls) : { units: allocateReformUnits(stations.length, o.units, calls) };
  const scenario: ReformScenario = {
    periodStartMs: start,
    periodS: (end - start) / 1000,
    stations,
    calls,
    history,
    ...staffing,
    serviceTime: DEFAULT_SERVICE_TIME,
    notes,
  };
  return {
    scenario,
    input: {
      rows: loaded.rows,
      inPeriod: calls.length,
      history: history.length,
      stations: stations.length,
      timeOfDay: timeKnown ? 'known' : 'drawn from the diurnal profile',
      dropped,
    },
  };
}
