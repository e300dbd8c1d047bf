// Road-graph bench: `npm run bench:roads -- --osm FILE.osm.pbf --out FILE.json [--profile car] [--seed 1]
//   [--pairs 10000] [--timed 1000] [--units 2000] [--incidents 200]`
//
// On one extract, in one process: parse and graph build time and memory; contraction hierarchy build; one-to-one
// query times (p50/p99) of plain Dijkstra (shortestPath), the CH (time only, and with the path unpacked) and
// ngraph.path (A* without heuristic, i.e. Dijkstra, on an ngraph.graph copy of the same edges); exact equality of CH
// and Dijkstra times on `pairs` random pairs; many-to-one (every unit to one incident) with `units` sources.
// Random nodes are drawn (seeded) from the largest strongly connected part, so that every pair has a route.
// A missing file is skipped with a message (exit 0): the shared open data may not be mounted.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import createGraph from 'ngraph.graph';
import ngraphPath from 'ngraph.path';
import {
  parseOsmPbf,
  parseOsmXml,
  buildOsmGraph,
  buildContractionHierarchy,
  chTravelTime,
  chShortestPath,
  chManyToOne,
  chSelectSources,
  chTravelTimesAll,
  ChWorkspace,
  shortestPath,
  travelTimesFrom,
  reachable,
  reverseAdjacency,
  type RoadGraph,
  type RoadProfileName,
} from '../src/roads/index';
import { createRng } from '../src/sim/rng';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const osmFile = arg('osm');
if (!osmFile) {
  console.error('usage: npm run bench:roads -- --osm FILE.osm.pbf|FILE.osm [--out FILE.json] [--profile car|ebike|foot]');
  process.exit(2);
}
if (!fs.existsSync(osmFile)) {
  console.log(`SKIPPED: ${osmFile} not found (the shared open data folder ../shared/data is not present)`);
  process.exit(0);
}
const outFile = arg('out');
const profile = (arg('profile', 'car') as RoadProfileName);
const seed = Number(arg('seed', '1'));
const PAIRS = Number(arg('pairs', '10000'));
const TIMED = Number(arg('timed', '1000'));
const UNITS = Number(arg('units', '2000'));
const INCIDENTS = Number(arg('incidents', '200'));

const gc = (globalThis as { gc?: () => void }).gc;
const heap = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
};
const mb = (b: number): number => Math.round((b / 1048576) * 10) / 10;
const ms = (x: number): number => Math.round(x * 1000) / 1000;
function stats(samples: number[]): { p50: number; p99: number; mean: number; n: number } {
  const s = samples.slice().sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: ms(q(0.5)), p99: ms(q(0.99)), mean: ms(s.reduce((a, b) => a + b, 0) / s.length), n: s.length };
}
function typedBytes(o: object): number {
  let b = 0;
  for (const v of Object.values(o)) if (ArrayBuffer.isView(v)) b += v.byteLength;
  return b;
}
const log = (...a: unknown[]) => console.log(...a);

// --- parse and build ---------------------------------------------------------------------------------------------
const bytes = fs.readFileSync(osmFile);
const heap0 = heap();
let t0 = performance.now();
const osm = osmFile.endsWith('.pbf') ? parseOsmPbf(bytes, { inflate: (b) => zlib.inflateSync(b) }) : parseOsmXml(bytes);
const parseMs = performance.now() - t0;
t0 = performance.now();
const built = buildOsmGraph(osm, profile);
const buildMs = performance.now() - t0;
const g = built.graph;
const heapGraph = heap() - heap0;
log(`${path.basename(osmFile)} [${profile}]: parse ${parseMs.toFixed(0)} ms (${osm.nodeIds.length} nodes, ${osm.ways.length} highway ways), graph ${buildMs.toFixed(0)} ms: ${g.nodeCount} nodes, ${g.edgeCount} edges`);

t0 = performance.now();
const ch = buildContractionHierarchy(g);
const chMs = performance.now() - t0;
log(`CH ${chMs.toFixed(0)} ms: ${ch.shortcutCount} shortcuts, exact arithmetic: ${ch.exactArithmetic}`);

// --- nodes of the largest strongly connected part ------------------------------------------------------------------
const rng = createRng(seed);
let pool: number[] = [];
for (let attempt = 0; attempt < 20 && pool.length < g.nodeCount / 2; attempt++) {
  const c = rng.int(0, g.nodeCount - 1);
  const f = reachable(g, c);
  const b = reachable(g, c, true);
  const scc: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) if (f[v] && b[v]) scc.push(v);
  if (scc.length > pool.length) pool = scc;
}
log(`strongly connected part used for random nodes: ${pool.length} of ${g.nodeCount} nodes`);
const pick = (r: ReturnType<typeof createRng>) => pool[r.int(0, pool.length - 1)]!;
const pairRng = rng.fork('pairs');
const pairs: [number, number][] = Array.from({ length: PAIRS }, () => [pick(pairRng), pick(pairRng)]);

// --- ngraph copy -------------------------------------------------------------------------------------------------
t0 = performance.now();
const ng = createGraph<undefined, number>({ multigraph: true });
for (let u = 0; u < g.nodeCount; u++) ng.addNode(u);
for (let u = 0; u < g.nodeCount; u++) for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) ng.addLink(u, g.targets[e]!, g.seconds[e]!);
const ngBuildMs = performance.now() - t0;
const ngFinder = ngraphPath.aStar(ng, { oriented: true, distance: (_a, _b, link) => link.data });
function ngSeconds(s: number, t: number): number {
  if (s === t) return 0;
  const p = ngFinder.find(s, t); // nodes from t back to s
  if (p.length === 0) return Infinity;
  let sum = 0;
  for (let i = p.length - 1; i > 0; i--) {
    const a = p[i]!.id as number;
    const b = p[i - 1]!.id as number;
    let best = Infinity;
    for (let e = g.offsets[a]!; e < g.offsets[a + 1]!; e++) if (g.targets[e] === b && g.seconds[e]! < best) best = g.seconds[e]!;
    sum += best;
  }
  return sum;
}

// --- one-to-one ----------------------------------------------------------------------------------------------------
const ws = new ChWorkspace(ch);
const timedPairs = pairs.slice(0, TIMED);
// Each timed phase starts after a full collection (when --expose-gc is on), so that garbage left by an earlier
// phase (the equality check, ngraph) is not charged to the next one; garbage a phase makes itself still counts.
function timeAll(fn: (s: number, t: number) => unknown, list: [number, number][]): number[] {
  gc?.();
  for (const [s, t] of list.slice(0, 300)) fn(s, t); // warm-up (JIT)
  return list.map(([s, t]) => {
    const a = performance.now();
    fn(s, t);
    return performance.now() - a;
  });
}
const dijkstraTimes = timeAll((s, t) => shortestPath(g, s, t), timedPairs);
const chTimes = timeAll((s, t) => chTravelTime(ch, s, t, ws), timedPairs);
const chPathTimes = timeAll((s, t) => chShortestPath(ch, g, s, t, ws), timedPairs);
const ngTimes = timeAll((s, t) => ngSeconds(s, t), timedPairs);
const oneToOne = { dijkstra: stats(dijkstraTimes), ch: stats(chTimes), chWithPath: stats(chPathTimes), ngraphPath: stats(ngTimes) };
const speedupP50 = Math.round((oneToOne.dijkstra.p50 / oneToOne.ch.p50) * 10) / 10;
log(`one-to-one ms (p50/p99): Dijkstra ${oneToOne.dijkstra.p50}/${oneToOne.dijkstra.p99}, CH ${oneToOne.ch.p50}/${oneToOne.ch.p99} (with path ${oneToOne.chWithPath.p50}/${oneToOne.chWithPath.p99}), ngraph.path ${oneToOne.ngraphPath.p50}/${oneToOne.ngraphPath.p99}; CH p50 speed-up x${speedupP50}`);

// --- equality on all pairs -------------------------------------------------------------------------------------------
t0 = performance.now();
let chMismatches = 0;
let ngMismatches = 0;
let maxAbsDiff = 0;
const NG_CHECK = Math.min(PAIRS, 1000);
for (let i = 0; i < pairs.length; i++) {
  const [s, t] = pairs[i]!;
  const ref = shortestPath(g, s, t);
  const d = ref ? ref.seconds : Infinity;
  const c = chTravelTime(ch, s, t, ws);
  if (c !== d) {
    chMismatches++;
    if (Number.isFinite(c - d)) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(c - d));
  }
  if (i < NG_CHECK && ngSeconds(s, t) !== d) ngMismatches++;
}
const equalityMs = performance.now() - t0;
log(`equality: CH vs Dijkstra ${chMismatches} mismatches in ${PAIRS} pairs (max |diff| ${maxAbsDiff}); ngraph.path vs Dijkstra ${ngMismatches} in ${NG_CHECK}`);

// --- many-to-one ---------------------------------------------------------------------------------------------------
const unitRng = rng.fork('units');
const units = Array.from({ length: UNITS }, () => pick(unitRng));
const incidentRng = rng.fork('incidents');
const incidents = Array.from({ length: INCIDENTS }, () => pick(incidentRng));
t0 = performance.now();
const selection = chSelectSources(ch, units);
const selectMs = performance.now() - t0;
const selectTimes: number[] = [];
for (let k = 0; k < 20; k++) {
  const a = performance.now();
  chSelectSources(ch, units);
  selectTimes.push(performance.now() - a);
}
function timeManyToOne(fn: (t: number) => unknown): number[] {
  gc?.();
  for (const t of incidents.slice(0, 10)) fn(t);
  return incidents.map((t) => {
    const a = performance.now();
    fn(t);
    return performance.now() - a;
  });
}
const m2o = {
  units: UNITS,
  incidents: INCIDENTS,
  selectionNodes: selection.ranks.length,
  /** Preparing the units' upward closure once (RPHAST selection), reusable until units move. */
  selection: stats(selectTimes),
  preparedNoCutoff: stats(timeManyToOne((t) => chManyToOne(ch, selection, t, { ws }))),
  prepared300s: stats(timeManyToOne((t) => chManyToOne(ch, selection, t, { ws, cutoffSeconds: 300 }))),
  /** Selection computed inside every call (units moved since the last query). */
  unpreparedNoCutoff: stats(timeManyToOne((t) => chManyToOne(ch, units, t, { ws }))),
  /** Full PHAST: times from every node of the graph to the incident. */
  allNodesPhast: stats(timeManyToOne((t) => chTravelTimesAll(ch, t, 'to'))),
};
// check against Dijkstra on the reversed graph (times from every node to the incident)
const rev = reverseAdjacency(g);
const revSeconds = new Float32Array(g.edgeCount);
for (let i = 0; i < g.edgeCount; i++) revSeconds[i] = g.seconds[rev.edge[i]!]!;
const reversed: RoadGraph = { ...g, offsets: rev.offsets, targets: rev.targets, seconds: revSeconds };
let m2oMismatches = 0;
let m2oChecked = 0;
for (const t of incidents.slice(0, 20)) {
  const ref = travelTimesFrom(reversed, t);
  const got = chManyToOne(ch, selection, t, { ws });
  for (let i = 0; i < units.length; i++, m2oChecked++) if (got[i] !== ref[units[i]!]) m2oMismatches++;
}
log(`many-to-one ${UNITS} units ms (p50/p99): prepared ${m2o.preparedNoCutoff.p50}/${m2o.preparedNoCutoff.p99}, with 300 s cutoff ${m2o.prepared300s.p50}/${m2o.prepared300s.p99}, unprepared ${m2o.unpreparedNoCutoff.p50}/${m2o.unpreparedNoCutoff.p99}, full PHAST ${m2o.allNodesPhast.p50}/${m2o.allNodesPhast.p99}; selection ${m2o.selection.p50} ms; ${m2oMismatches} mismatches in ${m2oChecked} unit-incident times`);

const heapAll = heap() - heap0;
const result = {
  file: path.basename(osmFile),
  profile,
  seed,
  environment: { node: process.version, cpu: os.cpus()[0]?.model, cpus: os.cpus().length, platform: `${os.platform()} ${os.arch()}`, gcExposed: !!gc, date: new Date().toISOString() },
  osm: { nodes: osm.nodeIds.length, highwayWays: osm.ways.length, usableWays: built.usableWays, missingNodes: built.missingNodes },
  graph: { nodes: g.nodeCount, edges: g.edgeCount, stronglyConnectedPoolNodes: pool.length, typedArrayMB: mb(typedBytes(g)), heapAfterBuildMB: mb(heapGraph) },
  timingsMs: { parse: Math.round(parseMs), buildGraph: Math.round(buildMs), buildCh: Math.round(chMs), buildNgraph: Math.round(ngBuildMs), selection: Math.round(selectMs), equalityCheck: Math.round(equalityMs) },
  ch: { shortcuts: ch.shortcutCount, upEdges: ch.upTargets.length, downEdges: ch.downTargets.length, typedArrayMB: mb(typedBytes(ch)), exactArithmetic: ch.exactArithmetic },
  heapAfterAllMB: mb(heapAll),
  oneToOneMs: oneToOne,
  chSpeedupP50: speedupP50,
  equality: { pairs: PAIRS, chMismatches, maxAbsDiffSeconds: maxAbsDiff, ngraphChecked: NG_CHECK, ngraphMismatches: ngMismatches },
  manyToOneMs: m2o,
  manyToOneCheck: { checked: m2oChecked, mismatches: m2oMismatches },
  goals: {
    chIdenticalToDijkstra: { goal: '0 mismatches', measured: chMismatches, met: chMismatches === 0 },
    oneToOneP50Speedup: { goal: '>= 100x Dijkstra', measured: speedupP50, met: speedupP50 >= 100 },
    manyToOne2000P99: { goal: '< 5 ms', measuredPrepared: m2o.preparedNoCutoff.p99, measuredUnprepared: m2o.unpreparedNoCutoff.p99, met: m2o.preparedNoCutoff.p99 < 5 },
  },
};
if (outFile) {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${outFile}`);
}
