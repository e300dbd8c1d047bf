// The drawn town the reform simulator's tests share: a jittered grid with one-way streets and an island road,
// four quadrant stations, and a scenario of calls on it (hot spots, history). Not a test file itself.
import { buildRoadGraph, buildContractionHierarchy, nearestNode, reachable, type RoadGraph, type RoadLike, type ContractionHierarchy } from '../src/roads/index';
import { createRng } from '../src/sim/rng';
import { allocateReformUnits, type ReformCall, type ReformScenario, type ReformStation } from '../src/sim/reform/index';

export const Q = 1 / 1024;

/** A jittered grid town (w x h crossings, `step` degrees apart), some one-way streets, and an island road far away. */
export function town(seed: number, w: number, h: number, step = 0.002): { graph: RoadGraph; ch: ContractionHierarchy; main: number[]; island: number } {
  const rng = createRng(seed);
  const p = (i: number, j: number): [number, number] => [120 + i * step + rng.range(-0.1, 0.1) * step, 32 + j * step + rng.range(-0.1, 0.1) * step];
  const pts: [number, number][][] = [];
  for (let i = 0; i < w; i++) pts.push(Array.from({ length: h }, (_, j) => p(i, j)));
  const roads: RoadLike[] = [];
  let id = 0;
  for (let i = 0; i < w; i++)
    for (let j = 0; j < h; j++) {
      if (i + 1 < w) roads.push({ id: id++, speedKmh: j % 4 === 0 ? 50 : 30, oneway: j % 3 === 1 && i % 2 === 0, coords: [pts[i]![j]!, pts[i + 1]![j]!] });
      if (j + 1 < h) roads.push({ id: id++, speedKmh: i % 5 === 0 ? 50 : 30, oneway: false, coords: [pts[i]![j]!, pts[i]![j + 1]!] });
    }
  roads.push({ id: id++, speedKmh: 30, oneway: false, coords: [[120 + w * step * 3, 32], [120 + w * step * 3 + step, 32]] });
  const graph = buildRoadGraph(roads, { secondsQuantum: Q });
  const ch = buildContractionHierarchy(graph);
  const start = nearestNode(graph, 120 + (w / 2) * step, 32 + (h / 2) * step);
  const f = reachable(graph, start);
  const b = reachable(graph, start, true);
  const main: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) if (f[v] && b[v]) main.push(v);
  const island = nearestNode(graph, 120 + w * step * 3, 32);
  return { graph, ch, main, island };
}

/** Four stations, one per quadrant of the town (areas as rectangles). */
export function quadrantStations(graph: RoadGraph, w: number, h: number, step = 0.002): ReformStation[] {
  const out: ReformStation[] = [];
  const midX = 120 + ((w - 1) / 2) * step;
  const midY = 32 + ((h - 1) / 2) * step;
  let n = 0;
  for (const [x0, x1] of [
    [119, midX],
    [midX, 121],
  ])
    for (const [y0, y1] of [
      [31, midY],
      [midY, 33],
    ]) {
      const node = nearestNode(graph, (Math.max(x0!, 120) + Math.min(x1!, 120 + (w - 1) * step)) / 2, (Math.max(y0!, 32) + Math.min(y1!, 32 + (h - 1) * step)) / 2);
      out.push({
        id: `S${n}`,
        node,
        lon: graph.lon[node]!,
        lat: graph.lat[node]!,
        areaId: `A${n++}`,
        area: [[[[x0!, y0!], [x1!, y0!], [x1!, y1!], [x0!, y1!], [x0!, y0!]]]],
      });
    }
  return out;
}

export function stationOf(st: ReformStation[], lon: number, lat: number): number {
  const i = st.findIndex((s) => {
    const r = s.area![0]![0]!;
    return lon >= r[0]![0] && lon < r[1]![0] && lat >= r[0]![1] && lat < r[2]![1];
  });
  return i < 0 ? 0 : i;
}

/** Calls at random nodes of the main component, hot spots weighted, `perDay` a day over `days` days, with history. */
export function scenarioOf(
  t: ReturnType<typeof town>,
  stations: ReformStation[],
  o: { days: number; perDay: number; units: number; seed: number; historyDays?: number; island?: boolean; serviceMeanS?: number },
): ReformScenario {
  const rng = createRng(o.seed);
  const hot = Array.from({ length: 6 }, () => rng.pick(t.main));
  const mk = (id: number, day: number, known: boolean): ReformCall => {
    const node = rng.chance(0.5) ? rng.pick(hot) : rng.pick(t.main);
    const lon = t.graph.lon[node]!;
    const lat = t.graph.lat[node]!;
    return { id, timeS: day * 86400 + (known ? rng.range(0, 86400) : 0), timeOfDayKnown: known, node, lon, lat, category: rng.chance(0.1) ? 'fight' : 'other', station: stationOf(stations, lon, lat) };
  };
  const calls: ReformCall[] = [];
  for (let d = 0; d < o.days; d++) for (let i = 0; i < o.perDay; i++) calls.push(mk(calls.length, d, i % 2 === 0));
  if (o.island) calls.push({ ...mk(calls.length, 0, true), node: t.island, lon: t.graph.lon[t.island]!, lat: t.graph.lat[t.island]!, station: 0 });
  const history: ReformCall[] = [];
  for (let d = -(o.historyDays ?? 0); d < 0; d++) for (let i = 0; i < o.perDay; i++) history.push(mk(history.length, d, false));
  return {
    periodStartMs: Date.UTC(2016, 7, 1),
    periodS: o.days * 86400,
    stations,
    calls,
    history,
    units: allocateReformUnits(stations.length, o.units, [...history, ...calls]),
    serviceTime: { default: { dist: 'lognormal', meanS: o.serviceMeanS ?? 1800, sdS: 1200 }, fight: { dist: 'exponential', meanS: 2400 } },
    reinforce: { fight: 2 },
    postGridM: 600,
  };
}
