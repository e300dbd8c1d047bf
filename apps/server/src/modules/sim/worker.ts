// Worker thread of the reform simulator (see service.ts, lib/workers.ts): one comparison per job, off the API's event
// loop, answered as the API presents it (SimResult: places as lon/lat, stations by area id). The road graph and its
// contraction hierarchy arrive as plain typed arrays (structured clone); the graph's spatial index does not cross
// threads and is not needed here (every call and post is already on a road node).
import { compareReform, prepareReform, type ContractionHierarchy, type ReformCompareOptions, type ReformEstimate, type ReformScenario, type RoadGraph } from '@jingwang/core';
import type { SimCi, SimResult } from '@jingwang/contracts';
import { serveWorker } from '../../lib/workers';

export interface SimJob {
  scenario: ReformScenario;
  graph: Omit<RoadGraph, 'index'>;
  ch: ContractionHierarchy;
  options: ReformCompareOptions;
  /** Station area id of each scenario station. */
  stationIds: number[];
}

export type SimJobResult = SimResult;

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const ci = (e: ReformEstimate): SimCi => ({ mean: r6(e.mean), ciLow: r6(e.ciLow), ciHigh: r6(e.ciHigh) });

export function simulate(job: SimJob): SimJobResult {
  const graph: RoadGraph = { ...job.graph, index: null };
  const prep = prepareReform(job.scenario, graph, job.ch);
  const out = compareReform(prep, job.options);
  const at = (node: number) => ({ lon: r6(graph.lon[node]!), lat: r6(graph.lat[node]!) });
  return {
    seeds: out.seeds,
    policies: out.policies.map((p) => {
      return {
        policy: p.policy,
        bundled: p.bundled,
        label: p.label,
        within1: ci(p.within1),
        within3: ci(p.within3),
        within5: ci(p.within5),
        meanTravelS: ci(p.meanTravelS),
        p90TravelS: ci(p.p90TravelS),
        meanResponseS: ci(p.meanResponseS),
        utilisation: { mean: ci(p.utilisation.mean), sd: ci(p.utilisation.sd), min: r6(p.utilisation.min), max: r6(p.utilisation.max) },
        queued: ci(p.queued),
        queuedAtEnd: ci(p.queuedAtEnd),
        droppedUnreachable: p.droppedUnreachable,
        calls: p.calls,
        served: ci(p.served),
        dropped: ci(p.dropped),
        crossBorder: ci(p.crossBorder),
        units: p.units.map((u) => ({ unit: u.unit, stationId: job.stationIds[u.station]!, ...at(u.homeNode), calls: r6(u.calls), utilisation: r6(u.utilisation) })),
        slowCells: p.slowCells.map((c) => ({ lon: r6(c.lon), lat: r6(c.lat), calls: r6(c.calls), meanResponseS: r6(c.meanResponseS), within5: r6(c.within5) })),
        postsPlacement: p.postsPlacement,
      };
    }),
    differences: out.differences.map((d) => ({ a: d.a, b: d.b, metric: d.metric, diff: ci(d.diff) })),
    assumptions: out.assumptions,
    cellM: job.scenario.mapCellM ?? 500,
    wallMs: Math.round(out.wallMs),
  };
}

serveWorker<SimJob, SimJobResult>(simulate);
