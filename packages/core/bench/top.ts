// Patrol planner bench on the team orienteering benchmark (Chao, Golden & Wasil 1996, and any other instance set
// in the same format):
//
//   npm run bench:top -- --instances DIR --best-known FILE --out FILE.json [--time-ms 2000] [--seed 1]
//     [--filter REGEX] [--stall N] [--no-enumerate]
//   npm run bench:top -- --city [--osm FILE.osm.pbf] [--out FILE.json] [--time-ms 29000] [--seed 1]
//
// Every instance file under DIR (recursively) is solved once with planPatrols and checked with checkPlan against
// the instance's own travel matrix. The set of an instance is its sub-folder under DIR when there is one, else the
// prefix of its file name before the first '.' (p1 .. p7 for Chao's files). Instances missing from the best-known
// file are reported without a gap. A missing DIR is skipped with a message (exit 0): ../shared/data may be absent.
//
// Floating-point convention (what we chose and why). Travel time = Euclidean distance in doubles, neither rounded
// nor truncated, and a route is feasible when its length is <= tmax + 1e-7 (a tolerance against summation noise
// only). What we checked against best_known.csv:
//   - distances rounded to one decimal were used by some authors; with them the planner beat the listed value on
//     16 of the 150 m = 3, 4 instances of sets 1, 2, 3 and 5 in a 1 s run (p3.3.e 210 > 200, p5.4.m 590 > 555 ...),
//     so the list was not made that way;
//   - the files give tmax with one decimal, which for m = 3 and 4 is a rounded value of the per-vehicle limit
//     (p5.3.e: 12.5 * 2 / 3 = 8.333.. is written 8.3). The list's values look like Chao et al.'s 1996 results, made
//     with the unrounded limit: exhaustive enumeration of all routes (enumerateOptimum below) gives exactly the
//     listed 110 for p5.3.e, 75 for p1.3.h and 215 for p1.3.o with the unrounded limits 25/3, 40/3 and 73/3, but
//     95, 70 and 205 with the files' 8.3, 13.3 and 24.3. p2.3.h (listed 170) is 165 for every tmax from 11.6 to 12.07
//     (then 180), so that value cannot be reproduced at all. The list also holds old values that are beaten today
//     (p4.2.j: 962 listed, 965 found).
// We keep the files as they are (the convention a caller of the planner has: the time limit it is given) and
// report both: `gapPercent` against the list, and, when the planner ends below the list on an instance small
// enough, the optimum proven by enumeration (`provenOptimum`, capped; skip with --no-enumerate), with
// `gapToReference` measured against min(listed, proven optimum). The goals are judged on both; the JSON says which.
//
// City mode (--city): 30 teams, 600 mandatory points (some visited twice with a gap, some with windows) and 2,000
// risk cells on the Columbus road graph: travel times from the contraction hierarchy (one PHAST sweep per place,
// chTravelTimesAll), 8-hour shifts; goal: a plan within 30 s.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  checkPlan,
  chaoToProblem,
  parseChaoInstance,
  planPatrols,
  type ChaoInstance,
  type PatrolNode,
  type PatrolProblem,
  type PatrolTeam,
} from '../src/patrol/index';
import { createRng } from '../src/sim/rng';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const log = (...a: unknown[]) => console.log(...a);
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;
const environment = () => ({
  node: process.version,
  cpu: os.cpus()[0]?.model,
  cpus: os.cpus().length,
  platform: `${os.platform()} ${os.arch()}`,
  date: new Date().toISOString(),
});
function writeOut(file: string | undefined, result: unknown): void {
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${file}`);
}

// -----------------------------------------------------------------------------------------------------------------
// exhaustive optimum of small TOP instances

/**
 * Optimum of a TOP instance by enumerating every elementary route (depth-first, pruned by tmax with the triangle
 * inequality of Euclidean distances, memoised on (visited set, last node)), then choosing m disjoint routes of
 * greatest total score (branch and bound). Returns null when the enumeration exceeds `budget` steps.
 */
export function enumerateOptimum(inst: ChaoInstance, budget = 3_000_000, tolerance = 1e-7): number | null {
  const n = inst.n;
  if (n > 120) return null;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) d[i * n + j] = Math.hypot(inst.x[i]! - inst.x[j]!, inst.y[i]! - inst.y[j]!);
  const T = inst.tmax + tolerance;
  const end = n - 1;
  const useful: number[] = [];
  for (let j = 1; j < n - 1; j++) if (inst.score[j]! > 0 && d[j]! + d[j * n + end]! <= T) useful.push(j);
  const bit = useful.map((j) => 1n << BigInt(j));
  const routeScore = new Map<bigint, number>();
  const memo = new Map<bigint, number>();
  let steps = 0;
  let aborted = false;
  const dfs = (cur: number, len: number, set: bigint, sc: number): void => {
    if (aborted) return;
    if (++steps > budget) {
      aborted = true;
      return;
    }
    if (!routeScore.has(set)) routeScore.set(set, sc);
    for (let k = 0; k < useful.length; k++) {
      const j = useful[k]!;
      const b = bit[k]!;
      if (set & b) continue;
      const l2 = len + d[cur * n + j]!;
      if (l2 + d[j * n + end]! > T) continue;
      const s2 = set | b;
      const key = (s2 << 7n) | BigInt(j);
      const seen = memo.get(key);
      if (seen !== undefined && seen <= l2) continue;
      memo.set(key, l2);
      dfs(j, l2, s2, sc + inst.score[j]!);
    }
  };
  if (d[end]! <= T) dfs(0, 0, 0n, 0);
  if (aborted) return null;
  const routes = [...routeScore.entries()].sort((a, b) => b[1] - a[1]);
  let best = 0;
  const m = inst.m;
  const pick = (k: number, from: number, used: bigint, total: number): void => {
    if (aborted) return;
    if (total > best) best = total;
    if (k === m) return;
    for (let i = from; i < routes.length; i++) {
      const [set, sc] = routes[i]!;
      if (total + sc * (m - k) <= best) return;
      if (++steps > budget * 4) {
        aborted = true;
        return;
      }
      if (set & used) continue;
      pick(k + 1, i + 1, used | set, total + sc);
    }
  };
  pick(0, 0, 0n, 0);
  return aborted ? null : best;
}

// -----------------------------------------------------------------------------------------------------------------
// TOP instance sets

interface InstanceResult {
  name: string;
  set: string;
  n: number;
  m: number;
  tmax: number;
  score: number;
  bestKnown: number | null;
  gapPercent: number | null;
  provenOptimum?: number | null;
  gapToReference: number | null;
  seconds: number;
  feasible: boolean;
  errors?: string[];
  iterations: number;
  bestIteration: number;
  stopReason: string;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.txt$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  const key = (s: string) => s.replace(/\d+/g, (x) => x.padStart(6, '0'));
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function readBestKnown(file: string | undefined): Map<string, number> {
  const map = new Map<string, number>();
  if (!file || !fs.existsSync(file)) return map;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const head = lines[0]!.split(/[,;\t]/).map((h) => h.trim().toLowerCase());
  let nameCol = head.findIndex((h) => /instance|name/.test(h));
  let valCol = head.findIndex((h) => /bks|best|score|value/.test(h));
  let start = 1;
  if (nameCol < 0 || valCol < 0) {
    nameCol = 0;
    valCol = head.length - 1;
    start = 0;
  }
  for (const l of lines.slice(start)) {
    const c = l.split(/[,;\t]/).map((x) => x.trim());
    const v = Number(c[valCol]);
    if (c[nameCol] && Number.isFinite(v)) map.set(c[nameCol]!.replace(/\.txt$/i, ''), v);
  }
  return map;
}

function summarise(rows: InstanceResult[]) {
  const withGap = rows.filter((r) => r.gapPercent !== null);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const gaps = withGap.map((r) => r.gapPercent!);
  const refGaps = withGap.map((r) => r.gapToReference!);
  const worst = withGap.reduce<InstanceResult | null>((w, r) => (w === null || r.gapPercent! > w.gapPercent! ? r : w), null);
  const worstRef = withGap.reduce<InstanceResult | null>((w, r) => (w === null || r.gapToReference! > w.gapToReference! ? r : w), null);
  return {
    instances: rows.length,
    withBestKnown: withGap.length,
    averageGapPercent: gaps.length ? round(mean(gaps)!) : null,
    /** Same, counting scores above the best known as 0 rather than as negative gaps. */
    averageGapPercentClamped: gaps.length ? round(mean(gaps.map((g) => Math.max(0, g)))!) : null,
    averageGapToReferencePercent: refGaps.length ? round(mean(refGaps.map((g) => Math.max(0, g)))!) : null,
    worstGapPercent: worst ? { instance: worst.name, gap: worst.gapPercent } : null,
    worstGapToReferencePercent: worstRef ? { instance: worstRef.name, gap: worstRef.gapToReference } : null,
    atOrAboveBestKnown: withGap.filter((r) => r.gapPercent! <= 1e-9).length,
    aboveBestKnown: withGap.filter((r) => r.gapPercent! < -1e-9).length,
    meanSeconds: round(mean(rows.map((r) => r.seconds)) ?? 0),
    maxSeconds: round(Math.max(0, ...rows.map((r) => r.seconds))),
    feasible: rows.filter((r) => r.feasible).length,
  };
}

function runTop(): void {
  const dir = arg('instances', '../shared/data/top-chao/instances')!;
  if (!fs.existsSync(dir)) {
    log(`SKIPPED: ${dir} not found (the shared open data folder ../shared/data is not present)`);
    process.exit(0);
  }
  const bestKnown = readBestKnown(arg('best-known', path.join(path.dirname(dir), 'best_known.csv')));
  const timeMs = Number(arg('time-ms', '2000'));
  const seed = Number(arg('seed', '1'));
  const stallArg = arg('stall');
  const filter = new RegExp(arg('filter', '.')!);
  const enumerate = !flag('no-enumerate');
  const outFile = arg('out');
  const files = listFiles(dir).filter((f) => filter.test(path.relative(dir, f)));
  log(`${files.length} instances from ${dir}, ${timeMs} ms each, seed ${seed}`);
  const rows: InstanceResult[] = [];
  for (const file of files) {
    const rel = path.relative(dir, file);
    const name = path.basename(file).replace(/\.txt$/i, '');
    const set = rel.includes(path.sep) ? rel.split(path.sep)[0]! : name.split('.')[0]!;
    const inst = parseChaoInstance(fs.readFileSync(file, 'utf8'));
    const problem = chaoToProblem(inst);
    const t0 = performance.now();
    const plan = planPatrols(problem, {
      seed,
      timeBudgetMs: timeMs,
      now: () => performance.now(),
      ...(stallArg !== undefined ? { stallIterations: Number(stallArg) } : {}),
    });
    const seconds = (performance.now() - t0) / 1000;
    const chk = checkPlan(problem, plan);
    const score = round(chk.totalPrize, 6);
    const bk = bestKnown.get(name) ?? null;
    const gap = (ref: number) => (ref > 0 ? round((100 * (ref - score)) / ref, 4) : score >= ref ? 0 : -100);
    const row: InstanceResult = {
      name,
      set,
      n: inst.n,
      m: inst.m,
      tmax: inst.tmax,
      score,
      bestKnown: bk,
      gapPercent: bk === null ? null : gap(bk),
      gapToReference: bk === null ? null : gap(bk),
      seconds: round(seconds),
      feasible: chk.feasible,
      iterations: plan.iterations,
      bestIteration: plan.bestIteration,
      stopReason: plan.stopReason,
    };
    if (!chk.feasible) row.errors = chk.errors.slice(0, 5);
    if (bk !== null && score < bk && enumerate) {
      const opt = enumerateOptimum(inst);
      row.provenOptimum = opt;
      if (opt !== null) row.gapToReference = gap(Math.min(bk, opt));
    }
    rows.push(row);
    const note = row.provenOptimum != null ? ` (proven optimum ${row.provenOptimum})` : '';
    log(
      `${name.padEnd(10)} ${String(score).padStart(6)} / ${bk ?? '-'}  gap ${row.gapPercent ?? '-'}%${note}  ${row.seconds} s  ` +
        `${plan.iterations} it (best at ${plan.bestIteration}, ${plan.stopReason})${chk.feasible ? '' : '  INFEASIBLE ' + chk.errors[0]}`,
    );
  }
  const sets: Record<string, ReturnType<typeof summarise>> = {};
  for (const s of [...new Set(rows.map((r) => r.set))]) sets[s] = summarise(rows.filter((r) => r.set === s));
  const bySetAndTeams: Record<string, ReturnType<typeof summarise>> = {};
  for (const k of [...new Set(rows.map((r) => `${r.set}.m${r.m}`))]) bySetAndTeams[k] = summarise(rows.filter((r) => `${r.set}.m${r.m}` === k));
  const overall = summarise(rows);
  const goals = {
    averageGap: { goal: '<= 0.5 %', measured: overall.averageGapPercent, toReference: overall.averageGapToReferencePercent, met: (overall.averageGapPercent ?? 0) <= 0.5 },
    worstGap: {
      goal: '<= 3 % on every instance',
      measured: overall.worstGapPercent,
      toReference: overall.worstGapToReferencePercent,
      met: (overall.worstGapPercent?.gap ?? 0) <= 3,
      metToReference: (overall.worstGapToReferencePercent?.gap ?? 0) <= 3,
    },
    meanSeconds: { goal: '<= 2 s per instance on average', measured: overall.meanSeconds, met: overall.meanSeconds <= 2 },
    feasible: { goal: 'every plan passes checkPlan', measured: `${overall.feasible}/${overall.instances}`, met: overall.feasible === overall.instances },
  };
  log('sets:');
  for (const [k, v] of Object.entries(sets))
    log(`  ${k}: ${v.instances} instances, average gap ${v.averageGapPercent}% (clamped ${v.averageGapPercentClamped}%, to reference ${v.averageGapToReferencePercent}%), worst ${v.worstGapPercent?.gap}% (${v.worstGapPercent?.instance}), ${v.meanSeconds} s`);
  log(`overall: ${JSON.stringify(overall)}`);
  log(`goals: ${JSON.stringify(goals)}`);
  writeOut(outFile, {
    bench: 'top',
    instancesDir: dir,
    options: { timeMs, seed, stall: stallArg ?? 'default', filter: filter.source },
    convention: 'Euclidean distances in doubles, route length <= tmax + 1e-7 (see the comment at the top of bench/top.ts)',
    environment: environment(),
    overall,
    goals,
    sets,
    bySetAndTeams,
    instances: rows,
  });
}

// -----------------------------------------------------------------------------------------------------------------
// city mode

async function runCity(): Promise<void> {
  const osmFile = arg('osm', '../shared/data/columbus/columbus.osm.pbf')!;
  if (!fs.existsSync(osmFile)) {
    log(`SKIPPED: ${osmFile} not found (the shared open data folder ../shared/data is not present)`);
    process.exit(0);
  }
  const { parseOsmPbf, buildOsmGraph, buildContractionHierarchy, chTravelTimesAll, reachable } = await import('../src/roads/index');
  // the budget covers compiling, construction and search; one iteration may overrun it slightly
  const timeMs = Number(arg('time-ms', '29000'));
  const seed = Number(arg('seed', '1'));
  const TEAMS = Number(arg('teams', '30'));
  const MAND = Number(arg('mandatory', '600'));
  const CELLS = Number(arg('cells', '2000'));
  const SHIFT = Number(arg('shift-hours', '8')) * 3600;
  const outFile = arg('out');
  const rng = createRng(seed);

  let t0 = performance.now();
  const osm = parseOsmPbf(fs.readFileSync(osmFile), { inflate: (b) => zlib.inflateSync(b) });
  const g = buildOsmGraph(osm, 'car').graph;
  const ch = buildContractionHierarchy(g);
  const graphMs = performance.now() - t0;
  log(`${path.basename(osmFile)}: ${g.nodeCount} nodes, graph + CH ${graphMs.toFixed(0)} ms`);
  // places drawn from the largest strongly connected part, so that every pair has a route
  let pool: number[] = [];
  for (let attempt = 0; attempt < 20 && pool.length < g.nodeCount / 2; attempt++) {
    const c = rng.int(0, g.nodeCount - 1);
    const f = reachable(g, c);
    const b = reachable(g, c, true);
    const scc: number[] = [];
    for (let v = 0; v < g.nodeCount; v++) if (f[v] && b[v]) scc.push(v);
    if (scc.length > pool.length) pool = scc;
  }
  const stations = 5;
  const N = stations + MAND + CELLS;
  const graphNode = Array.from({ length: N }, () => pool[rng.int(0, pool.length - 1)]!);
  t0 = performance.now();
  // travel matrix: one backward PHAST sweep per place gives the times from every node to it (column j)
  const M = new Float32Array(N * N);
  for (let j = 0; j < N; j++) {
    const to = chTravelTimesAll(ch, graphNode[j]!, 'to');
    for (let i = 0; i < N; i++) M[i * N + j] = i === j ? 0 : to[graphNode[i]!]!;
  }
  const matrixMs = performance.now() - t0;
  log(`travel matrix ${N} x ${N}: ${(matrixMs / 1000).toFixed(1)} s (${N} PHAST sweeps)`);

  const nodes: PatrolNode[] = [];
  for (let i = 0; i < stations; i++) nodes.push({ id: `station${i}`, prize: 0 });
  for (let i = 0; i < MAND; i++) {
    const node: PatrolNode = { id: `point${i}`, prize: 1, service: rng.int(3, 10) * 60, mandatoryVisits: 1 };
    const kind = rng.float();
    if (kind < 0.2) {
      // a window of 2 hours somewhere in the shift
      const open = rng.int(0, Math.floor((SHIFT - 7200) / 600)) * 600;
      node.open = open;
      node.close = open + 7200;
    } else if (kind < 0.3) {
      // twice per shift, at least 3 hours apart
      node.mandatoryVisits = 2;
      node.minGapSeconds = 3 * 3600;
    }
    nodes.push(node);
  }
  for (let i = 0; i < CELLS; i++) {
    const risk = Math.round(rng.exponential(1) * 100) / 100;
    const hot = risk > 2.5;
    nodes.push({ id: `cell${i}`, prize: risk, service: 5 * 60, ...(hot ? { maxVisits: 3, minGapSeconds: 2 * 3600, repeatDecay: 0.6 } : {}) });
  }
  const teams: PatrolTeam[] = Array.from({ length: TEAMS }, (_, t) => ({ id: `team${t + 1}`, start: t % stations, end: t % stations, shiftSeconds: SHIFT }));
  const problem: PatrolProblem = { nodes, teams, travel: M };
  t0 = performance.now();
  const plan = planPatrols(problem, { seed, timeBudgetMs: timeMs, now: () => performance.now() });
  const planMs = performance.now() - t0;
  const chk = checkPlan(problem, plan, { tolerance: 1e-3 });
  const mandTotal = nodes.reduce((a, v) => a + (v.mandatoryVisits ?? 0), 0);
  const missing = plan.unmetMandatory.reduce((a, u) => a + u.missing, 0);
  const riskVisits = plan.routes.reduce((a, r) => a + r.stops.filter((s) => s.node >= stations + MAND).length, 0);
  const result = {
    bench: 'top-city',
    osm: path.basename(osmFile),
    seed,
    environment: environment(),
    problem: { teams: TEAMS, stations, mandatoryPoints: MAND, mandatoryVisits: mandTotal, riskCells: CELLS, shiftSeconds: SHIFT },
    timingsMs: { graphAndCh: Math.round(graphMs), travelMatrix: Math.round(matrixMs), plan: Math.round(planMs) },
    plan: {
      totalPrize: round(plan.totalPrize),
      prizeUpperBound: round(plan.prizeUpperBound),
      mandatoryVisitsMade: mandTotal - missing,
      unmetMandatory: missing,
      riskCellVisits: riskVisits,
      stops: plan.routes.reduce((a, r) => a + r.stops.length, 0),
      iterations: plan.iterations,
      bestIteration: plan.bestIteration,
      stopReason: plan.stopReason,
      meanRouteHours: round(plan.routes.reduce((a, r) => a + r.duration, 0) / plan.routes.length / 3600),
    },
    feasible: chk.feasible,
    errors: chk.errors.slice(0, 5),
    goals: {
      planWithin30s: { goal: '<= 30 s (planning, after the travel matrix)', measured: round(planMs / 1000), met: planMs <= 30_000 },
      mandatory: { goal: 'every mandatory visit made', measured: `${mandTotal - missing}/${mandTotal}`, met: missing === 0 },
      feasible: { goal: 'plan passes checkPlan', met: chk.feasible },
    },
  };
  log(JSON.stringify(result, null, 2));
  writeOut(outFile, result);
}

if (flag('city')) await runCity();
else runTop();
