// `sim compare`: replay the calls of a period under every policy (stations-straight, posts-road, patrol-road; each
// bundled across station borders and kept to its own station) over K seeds, and write the comparison as JSON.
// Used by the CLI and by apps/server/bench/sim.ts.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareReform, prepareReform, type PreparedReform, type ReformComparison } from '@jingwang/core';
import { MappingError, type CsvMapping } from '../forecast/backtest';
import { loadReformScenario, loadRoadNetwork, type LoadedScenario } from './load';

export interface SimCompareOptions {
  input: string;
  mapping: string;
  osm: string;
  areas: string;
  from: string;
  to: string;
  units: number;
  seeds: number;
  /** Staffing by shift, "7:20,15:26,23:14" (start hour : units); overrides units. */
  shifts?: string;
  areaIdProperty?: string;
  log?: (s: string) => void;
}

export interface SimCompareOutput {
  inputs: { input: string; mapping: string; osm: string; areas: string; from: string; to: string; units: number; seeds: number; shifts?: string; mappingNote?: string };
  calls: LoadedScenario['input'];
  graph: { nodes: number; edges: number; buildMs: number };
  policies: ReformComparison['policies'];
  differences: ReformComparison['differences'];
  assumptions: string[];
  timings: { loadMs: number; precomputeMs: number; simulateMs: number; patrolPlanMs: number; wallMs: number };
  environment: { node: string; cpus: number; loadAverage1m: number; date: string };
}

export interface SimCompareState {
  /** The prepared scenario (for further runs, e.g. the bench's sensitivity table). */
  prep: PreparedReform;
}

export function simCompare(o: SimCompareOptions, state?: Partial<SimCompareState>): SimCompareOutput {
  const log = o.log ?? (() => {});
  if (!Number.isInteger(o.seeds) || o.seeds < 1) throw new MappingError('--seeds must be a positive integer');
  const t0 = performance.now();
  const mapping = JSON.parse(fs.readFileSync(o.mapping, 'utf8')) as CsvMapping;
  const net = loadRoadNetwork(fs.readFileSync(o.osm), o.osm.endsWith('.pbf'));
  log(`roads: ${net.graph.nodeCount} nodes, ${net.graph.edgeCount} edges, graph + CH ${Math.round(net.buildMs)} ms`);
  const loaded = loadReformScenario({
    csvText: fs.readFileSync(o.input, 'utf8'),
    mapping,
    net,
    areas: JSON.parse(fs.readFileSync(o.areas, 'utf8')),
    ...(o.areaIdProperty ? { areaIdProperty: o.areaIdProperty } : {}),
    from: o.from,
    to: o.to,
    units: o.units,
    ...(o.shifts ? { shifts: o.shifts } : {}),
  });
  const loadMs = performance.now() - t0;
  log(`calls: ${loaded.input.inPeriod} in the period, ${loaded.input.history} before, ${loaded.input.stations} stations; dropped ${JSON.stringify(loaded.input.dropped)}`);
  const prep = prepareReform(loaded.scenario, net.graph, net.ch);
  log(`precompute: ${Math.round(prep.precomputeMs)} ms (${prep.pool.length} candidate nodes)`);
  if (state) state.prep = prep;
  const t1 = performance.now();
  const cmp = compareReform(prep, { seeds: Array.from({ length: o.seeds }, (_, i) => i + 1) });
  const simulateMs = performance.now() - t1;
  return {
    inputs: { input: o.input, mapping: o.mapping, osm: o.osm, areas: o.areas, from: o.from, to: o.to, units: o.units, seeds: o.seeds, ...(o.shifts ? { shifts: o.shifts } : {}), ...(mapping.note ? { mappingNote: mapping.note } : {}) },
    calls: loaded.input,
    graph: { nodes: net.graph.nodeCount, edges: net.graph.edgeCount, buildMs: Math.round(net.buildMs) },
    policies: cmp.policies,
    differences: cmp.differences,
    assumptions: cmp.assumptions,
    timings: { loadMs: Math.round(loadMs), precomputeMs: Math.round(prep.precomputeMs), simulateMs: Math.round(simulateMs), patrolPlanMs: Math.round(prep.patrolPlanMs), wallMs: Math.round(performance.now() - t0) },
    environment: { node: process.version, cpus: os.cpus().length, loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100, date: new Date().toISOString() },
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A short table of the comparison for the console. */
export function simSummaryLines(out: SimCompareOutput): string[] {
  const lines = [`${'policy'.padEnd(26)} ${'within1'.padStart(8)} ${'within3'.padStart(8)} ${'within5 (95% CI)'.padStart(24)} ${'mean s'.padStart(7)} ${'p90 s'.padStart(7)} ${'util'.padStart(6)} ${'queued'.padStart(7)}`];
  for (const p of out.policies) {
    lines.push(
      `${p.label.padEnd(26)} ${pct(p.within1.mean).padStart(8)} ${pct(p.within3.mean).padStart(8)} ${`${pct(p.within5.mean)} [${pct(p.within5.ciLow)}, ${pct(p.within5.ciHigh)}]`.padStart(24)} ${p.meanTravelS.mean.toFixed(0).padStart(7)} ${p.p90TravelS.mean.toFixed(0).padStart(7)} ${pct(p.utilisation.mean.mean).padStart(6)} ${p.queued.mean.toFixed(0).padStart(7)}`,
    );
  }
  for (const d of out.differences.filter((x) => x.metric === 'within5'))
    lines.push(`within5 ${d.a} - ${d.b}: ${(d.diff.mean * 100).toFixed(1)} points [${(d.diff.ciLow * 100).toFixed(1)}, ${(d.diff.ciHigh * 100).toFixed(1)}]`);
  return lines;
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}
