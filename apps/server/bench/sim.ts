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
import { compareReform, DEFAULT_CONGESTION_PROFILE, DEFAULT_TURNOUT_AT, withReformSettings, type ReformSettings } from '@jingwang/core';
import { simCompare, simSummaryLines, writeJson, type SimCompareState } from '../src/sim/compare';

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
  ...(args.includes('--shifts') ? { shifts: flag('shifts', '') } : {}),
};
const sensitivitySeeds = Number(flag('sensitivity-seeds', '5'));
const outFile = flag('out', 'apps/server/bench/results/sim-portland.json');

const missing = [o.input, o.osm, o.areas].filter((f) => !fs.existsSync(f));
if (missing.length > 0) {
  console.log(`skipped: ${missing.join(', ')} not found (the shared data are not on this machine)`);
  process.exit(0);
}

const load0 = os.loadavg()[0]!;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const state: Partial<SimCompareState> = {};
const out = simCompare({ ...o, log: (s) => console.log(s) }, state);
const wallS = (performance.now() - t0) / 1000;
const cpu1 = process.cpuUsage(cpu0);
const cpuS = (cpu1.user + cpu1.system) / 1e6;
const load1 = os.loadavg()[0]!;

// sensitivity: the assumptions that move the result most, one at a time, bundled policies, fewer seeds
const variants: { assumption: string; value: string; settings: ReformSettings }[] = [
  ...[0, 60, 120].map((v) => ({ assumption: 'turnout in a station house, s', value: String(v), settings: { turnoutAt: { ...DEFAULT_TURNOUT_AT, station: v } } })),
  ...[0, 30].map((v) => ({ assumption: 'turnout at a post or patrol stop, s', value: String(v), settings: { turnoutAt: { ...DEFAULT_TURNOUT_AT, post: v } } })),
  { assumption: 'speed (travel-time multiplier)', value: 'free-flow (x1)', settings: { congestion: new Array(24).fill(1) } },
  { assumption: 'speed (travel-time multiplier)', value: 'default x1.2', settings: { congestion: DEFAULT_CONGESTION_PROFILE.map((x) => x * 1.2) } },
];
const bundledPolicies = (['stations-straight', 'posts-road', 'patrol-road'] as const).map((name) => ({ name, bundled: true }));
const tS = performance.now();
const sensitivity = variants.map((v) => {
  const prep = withReformSettings(state.prep!, v.settings);
  const cmp = compareReform(prep, { seeds: Array.from({ length: sensitivitySeeds }, (_, i) => i + 1), policies: bundledPolicies });
  const w5 = (l: string) => cmp.policies.find((p) => p.label === l)!.within5;
  const d = (a: string) => cmp.differences.find((x) => x.a === a && x.b === 'stations-straight/bundled' && x.metric === 'within5')!.diff;
  return {
    assumption: v.assumption,
    value: v.value,
    seeds: sensitivitySeeds,
    within5: { stationsStraight: w5('stations-straight/bundled'), postsRoad: w5('posts-road/bundled'), patrolRoad: w5('patrol-road/bundled') },
    patrolMinusStations: d('patrol-road/bundled'),
    postsMinusStations: d('posts-road/bundled'),
  };
});
const sensitivityS = (performance.now() - tS) / 1000;

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
  defaults: { turnoutAt: DEFAULT_TURNOUT_AT, congestion: DEFAULT_CONGESTION_PROFILE },
  sensitivity: { note: 'one assumption changed at a time from the defaults; bundled policies; within 5 min', seconds: Math.round(sensitivityS), rows: sensitivity },
  wall: { seconds: Math.round(wallS * 10) / 10, goalSeconds: 60, met: wallS < 60, cpuSeconds: Math.round(cpuS * 10) / 10, patrolPlanSeconds: Math.round(out.timings.patrolPlanMs / 100) / 10, loadAverage1mBefore: Math.round(load0 * 100) / 100, loadAverage1mAfter: Math.round(load1 * 100) / 100, cpus: os.cpus().length },
};
writeJson(outFile, result);
for (const line of simSummaryLines(out)) console.log(line);
console.log(
  `patrol-road - stations-straight within 5 min: bundled ${(result.goal.bundled.patrolMinusStationsWithin5.mean * 100).toFixed(1)} points, own ${(result.goal.own.patrolMinusStationsWithin5.mean * 100).toFixed(1)} points (goal >= 15: ${result.goal.bundled.atLeast15Points ? 'met' : 'missed'} bundled, ${result.goal.own.atLeast15Points ? 'met' : 'missed'} own)`,
);
const p1 = (x: number) => (x * 100).toFixed(1);
console.log(`sensitivity (${sensitivitySeeds} seeds, bundled, within 5 min): assumption = value: stations / posts / patrol; patrol - stations [95% CI]`);
for (const r of sensitivity)
  console.log(
    `  ${r.assumption} = ${r.value}: ${p1(r.within5.stationsStraight.mean)}% / ${p1(r.within5.postsRoad.mean)}% / ${p1(r.within5.patrolRoad.mean)}%; ${p1(r.patrolMinusStations.mean)} [${p1(r.patrolMinusStations.ciLow)}, ${p1(r.patrolMinusStations.ciHigh)}] points`,
  );
console.log(`patrol planning (forecast + planPatrols, once per day and shift for every seed): ${out.timings.patrolPlanMs} ms of the main run`);
console.log(`cpu ${result.wall.cpuSeconds} s of this process for the main run (load, precompute, 6 policies x ${o.seeds} seeds)`);
console.log(`wall ${result.wall.seconds} s for ${o.seeds} seeds (goal < 60 s), load average ${result.wall.loadAverage1mBefore} -> ${result.wall.loadAverage1mAfter} on ${result.wall.cpus} cores`);
console.log(`wrote ${outFile}`);
