// Bench of the reform simulator (issue 20): a month of calls under every policy over 10 seeds, through the same code
// as `npm run cli -- sim compare` (any data: pass the CLI's flags). Defaults: Portland's calls of August 2016 in the
// central OSM extract, police districts as station areas, one car per district overlapping the extract (26).
//
//   npm run bench:sim -- [--input F.csv --mapping M.json --osm F.osm.pbf --areas F.geojson --from D --to D --units N --seeds K] --out FILE.json
//
// Reports per policy the figures with 95% intervals over seeds, whether patrol-road reaches >= 15 points more calls
// within 5 minutes than stations-straight at equal units (as measured, whichever way it goes), posts-road against
// patrol-road, and the wall time of the whole run with the machine's load. Skips when the shared data are absent.

import fs from 'node:fs';
import os from 'node:os';
import { simCompare, simSummaryLines, writeJson } from '../src/sim/compare';

const args = process.argv.slice(2);
const flag = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : def;
};
const SHARED = '../shared/data/portland';
const o = {
  input: flag('input', `${SHARED}/calls_2016_08.csv`),
  mapping: flag('mapping', 'apps/server/src/forecast/mappings/portland-calls.json'),
  osm: flag('osm', `${SHARED}/central.osm.pbf`),
  areas: flag('areas', `${SHARED}/police_districts.geojson`),
  from: flag('from', '2016-08-01'),
  to: flag('to', '2016-08-31'),
  units: Number(flag('units', '26')),
  seeds: Number(flag('seeds', '10')),
};
const outFile = flag('out', 'apps/server/bench/results/sim-portland.json');

const missing = [o.input, o.osm, o.areas].filter((f) => !fs.existsSync(f));
if (missing.length > 0) {
  console.log(`skipped: ${missing.join(', ')} not found (the shared data are not on this machine)`);
  process.exit(0);
}

const load0 = os.loadavg()[0]!;
const t0 = performance.now();
const out = simCompare({ ...o, log: (s) => console.log(s) });
const wallS = (performance.now() - t0) / 1000;
const load1 = os.loadavg()[0]!;

const get = (label: string) => out.policies.find((p) => p.label === label)!;
const diff = (a: string, b: string) => out.differences.find((d) => d.a === a && d.b === b && d.metric === 'within5')!.diff;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const goal = (b: 'bundled' | 'own') => {
  const d = diff(`patrol-road/${b}`, `stations-straight/${b}`);
  return { patrolMinusStationsWithin5: { mean: r4(d.mean), ciLow: r4(d.ciLow), ciHigh: r4(d.ciHigh) }, atLeast15Points: d.mean >= 0.15 };
};
const postsVsPatrol = (b: 'bundled' | 'own') => {
  const d = diff(`patrol-road/${b}`, `posts-road/${b}`);
  return {
    postsRoadWithin5: get(`posts-road/${b}`).within5,
    patrolRoadWithin5: get(`patrol-road/${b}`).within5,
    patrolMinusPosts: d,
    finding: d.ciLow > 0 ? 'patrol-road reaches more calls within 5 min' : d.ciHigh < 0 ? 'posts-road reaches more calls within 5 min' : 'no difference within the 95% interval',
  };
};
const result = {
  ...out,
  // the bench keeps the 20 slowest cells per policy (the CLI writes them all)
  policies: out.policies.map((p) => ({ ...p, slowCells: p.slowCells.filter((c) => c.calls >= 5).slice(0, 20) })),
  goal: { bundled: goal('bundled'), own: goal('own') },
  postsVsPatrol: { bundled: postsVsPatrol('bundled'), own: postsVsPatrol('own') },
  wall: { seconds: Math.round(wallS * 10) / 10, goalSeconds: 60, met: wallS < 60, loadAverage1mBefore: Math.round(load0 * 100) / 100, loadAverage1mAfter: Math.round(load1 * 100) / 100, cpus: os.cpus().length },
};
writeJson(outFile, result);
for (const line of simSummaryLines(out)) console.log(line);
console.log(
  `patrol-road - stations-straight within 5 min: bundled ${(result.goal.bundled.patrolMinusStationsWithin5.mean * 100).toFixed(1)} points, own ${(result.goal.own.patrolMinusStationsWithin5.mean * 100).toFixed(1)} points (goal >= 15: ${result.goal.bundled.atLeast15Points ? 'met' : 'missed'} bundled, ${result.goal.own.atLeast15Points ? 'met' : 'missed'} own)`,
);
console.log(`wall ${result.wall.seconds} s for ${o.seeds} seeds (goal < 60 s), load average ${result.wall.loadAverage1mBefore} -> ${result.wall.loadAverage1mAfter} on ${result.wall.cpus} cores`);
console.log(`wrote ${outFile}`);
