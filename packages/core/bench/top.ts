// Patrol planner bench on the team orienteering benchmark (Chao, Golden & Wasil 1996, and any other instance set
// in the same format):
//
//   npm run bench:top -- --instances DIR --best-known FILE --out FILE.json [--time-ms 2000] [--seed 1]
//     [--filter REGEX] [--stall N] [--no-enumerate]
//   npm run bench:top -- --city [--osm FILE.osm.pbf] [--out FILE.json] [--time-ms 29000] [--seed 1]
//     [--iterations N] [--foot-teams K] [--teams 30] [--mandatory 600] [--cells 2000] [--compare-balance]
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
// chTravelTimesAll), 8-hour shifts; goal: a plan within 30 s. Issue 18 adds two goals: no team below 80 % of its
// shift in use (shift use = (travel + service) / shift: waiting for a window or a gap and the idle end of a route
// do not count), and the prize at least 95 % of the upper bound. The bench reports each team's use (min, p10, mean,
// the teams below 80 %), the prize over the upper bound, and checks the bound two ways (see `boundChecks`):
//   - recomputed here without the planner's code: every allowed visit of every place some team can serve on its own
//     (start -> place -> end inside the shift and the place's window). It is a true upper bound when travel times
//     obey the triangle inequality (shortest paths on a road graph do): then a place no team reaches directly is
//     reached by no route either, and no place earns more than its allowed visits;
//   - a second, tighter bound from the teams' time (`capacityBound`): every visit costs at least its dwell plus the
//     quickest way in from any other place or base (a repeat at the same place: min(that, the gap)); the visits'
//     costs cannot exceed the sum of the shifts; every mandatory visit is paid first (the plans the bench asks
//     for make them all), then the best prize per second fills the rest (a fractional knapsack, which bounds the
//     integral one). When even this bound is below 95 % of the first, the goal is out of reach for any plan.
// --iterations N: stop after N search iterations with no time limit (deterministic for a seed, whatever the load of
// the machine); judge the goals on such a run. --foot-teams K: K more teams on foot (a second travel matrix on the
// foot graph), based at the same stations, as the plans with foot teams. --compare-balance: plan a second
// time with the same seed and balanceTarget 0 (the search alone, as before issue 18) and report it next to the
// balanced plan (`withoutBalance`): with --iterations both runs make the same search, only the balance differs.

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
  const { parseOsmPbf, buildOsmGraph, buildContractionHierarchy, chTravelTimesAll, reachable, nearestNode } = await import('../src/roads/index');
  // the budget covers compiling, construction and search; one iteration may overrun it slightly
  const timeMs = Number(arg('time-ms', '29000'));
  const seed = Number(arg('seed', '1'));
  const TEAMS = Number(arg('teams', '30'));
  const MAND = Number(arg('mandatory', '600'));
  const CELLS = Number(arg('cells', '2000'));
  const SHIFT = Number(arg('shift-hours', '8')) * 3600;
  const FOOT = Number(arg('foot-teams', '0'));
  const iterationsArg = arg('iterations');
  const maxIterations = iterationsArg !== undefined ? Number(iterationsArg) : undefined;
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
  let matrixMs = performance.now() - t0;
  log(`travel matrix ${N} x ${N}: ${(matrixMs / 1000).toFixed(1)} s (${N} PHAST sweeps)`);
  // foot teams: the same places on the foot graph (its nearest node), one more matrix
  let footM: Float32Array | null = null;
  if (FOOT > 0) {
    t0 = performance.now();
    const fg = buildOsmGraph(osm, 'foot').graph;
    const fch = buildContractionHierarchy(fg);
    const fNode = graphNode.map((v) => nearestNode(fg, g.lon[v]!, g.lat[v]!));
    footM = new Float32Array(N * N);
    for (let j = 0; j < N; j++) {
      const to = chTravelTimesAll(fch, fNode[j]!, 'to');
      for (let i = 0; i < N; i++) footM[i * N + j] = i === j ? 0 : to[fNode[i]!]!;
    }
    matrixMs += performance.now() - t0;
    log(`foot graph ${fg.nodeCount} nodes, foot matrix: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

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
  for (let t = 0; t < FOOT; t++) teams.push({ id: `foot${t + 1}`, start: t % stations, end: t % stations, shiftSeconds: SHIFT, mode: 1 });
  const problem: PatrolProblem = { nodes, teams, travel: footM ? [M, footM] : M };
  const load = os.loadavg().map((x) => round(x, 2));
  t0 = performance.now();
  const plan = planPatrols(problem, {
    seed,
    timeBudgetMs: maxIterations !== undefined ? 1e9 : timeMs,
    now: () => performance.now(),
    balanceTarget: 0.8,
    ...(maxIterations !== undefined ? { maxIterations } : {}),
  });
  const planMs = performance.now() - t0;
  let withoutBalance: unknown;
  if (flag('compare-balance')) {
    const t1 = performance.now();
    const off = planPatrols(problem, {
      seed,
      timeBudgetMs: maxIterations !== undefined ? 1e9 : timeMs,
      now: () => performance.now(),
      balanceTarget: 0,
      ...(maxIterations !== undefined ? { maxIterations } : {}),
    });
    const offChk = checkPlan(problem, off, { tolerance: 1e-3 });
    withoutBalance = {
      seconds: round((performance.now() - t1) / 1000),
      totalPrize: round(off.totalPrize),
      prizeOverUpperBound: round(off.totalPrize / off.prizeUpperBound, 4),
      unmetMandatory: off.unmetMandatory.reduce((a, u) => a + u.missing, 0),
      travelHours: round(off.routes.reduce((a, r) => a + r.travel, 0) / 3600, 2),
      feasible: offChk.feasible,
      shiftUse: shiftUse(problem, off).summary,
    };
  }
  const chk = checkPlan(problem, plan, { tolerance: 1e-3 });
  const mandTotal = nodes.reduce((a, v) => a + (v.mandatoryVisits ?? 0), 0);
  const missing = plan.unmetMandatory.reduce((a, u) => a + u.missing, 0);
  const riskVisits = plan.routes.reduce((a, r) => a + r.stops.filter((s) => s.node >= stations + MAND).length, 0);
  const use = shiftUse(problem, plan);
  const ub = independentUpperBound(problem);
  const cap = capacityBound(problem);
  const coverage = plan.prizeUpperBound > 0 ? plan.totalPrize / plan.prizeUpperBound : 1;
  const result = {
    bench: 'top-city',
    osm: path.basename(osmFile),
    seed,
    mode: maxIterations !== undefined ? `deterministic: ${maxIterations} iterations, no time limit` : `time budget ${timeMs} ms`,
    environment: { ...environment(), loadAverageAtPlanStart: load },
    problem: { teams: TEAMS + FOOT, carTeams: TEAMS, footTeams: FOOT, stations, mandatoryPoints: MAND, mandatoryVisits: mandTotal, riskCells: CELLS, shiftSeconds: SHIFT },
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
      prizeOverUpperBound: round(coverage, 4),
      prizeOverCapacityBound: round(plan.totalPrize / cap.bound, 4),
      travelHours: round(plan.routes.reduce((a, r) => a + r.travel, 0) / 3600, 2),
    },
    shiftUse: use.summary,
    ...(withoutBalance ? { withoutBalance } : {}),
    teams: use.teams,
    boundChecks: {
      upperBound: round(plan.prizeUpperBound),
      recomputedHere: round(ub.bound),
      equal: Math.abs(ub.bound - plan.prizeUpperBound) <= 1e-6 * Math.max(1, ub.bound),
      placesNoTeamReaches: ub.unreachable,
      triangleInequality: ub.triangle,
      capacityBound: round(cap.bound),
      capacityBoundOverUpperBound: round(cap.bound / plan.prizeUpperBound, 4),
      capacityNote: cap.note,
      planWithinBounds: chk.totalPrize <= cap.bound + 1e-6 && cap.bound <= ub.bound + 1e-6,
    },
    feasible: chk.feasible,
    errors: chk.errors.slice(0, 5),
    goals: {
      everyTeamBusy: {
        goal: 'no team below 80 % of its shift in use ((travel + service) / shift)',
        measured: { min: use.summary.min, teamsBelow80: use.summary.below80.length },
        met: use.summary.below80.length === 0,
      },
      prizeCoverage: {
        goal: 'prize >= 95 % of the upper bound',
        measured: round(coverage, 4),
        met: coverage >= 0.95,
        reachableAtMost: round(cap.bound / plan.prizeUpperBound, 4),
      },
      planWithin30s:
        maxIterations !== undefined
          ? { goal: '<= 30 s (planning, after the travel matrix)', measured: round(planMs / 1000), met: null, note: 'not judged on an iteration budget: its time depends on the load of the shared machine (see loadAverageAtPlanStart)' }
          : { goal: '<= 30 s (planning, after the travel matrix)', measured: round(planMs / 1000), met: planMs <= 30_000 },
      mandatory: { goal: 'every mandatory visit made', measured: `${mandTotal - missing}/${mandTotal}`, met: missing === 0 },
      feasible: { goal: 'plan passes checkPlan', met: chk.feasible },
    },
  };
  log(JSON.stringify(result, null, 2));
  writeOut(outFile, result);
}

/** Each team's shift in use: (travel + service) / shift, and (arrival at the end) / shift; min, p10, mean. */
export function shiftUse(problem: PatrolProblem, plan: ReturnType<typeof planPatrols>) {
  const teams = plan.routes.map((r) => {
    const team = problem.teams[r.teamIndex]!;
    const service = r.stops.reduce((a, s) => a + (problem.nodes[s.node]!.service ?? 0), 0);
    const busy = (r.travel + service) / team.shiftSeconds;
    return { team: r.team, mode: team.mode ?? 0, stops: r.stops.length, use: round(busy, 4), untilReturn: round(r.duration / team.shiftSeconds, 4), prize: round(r.prize, 2) };
  });
  const xs = teams.map((t) => t.use).sort((a, b) => a - b);
  const q = (p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : 0);
  const byMode: Record<string, { teams: number; min: number; mean: number }> = {};
  for (const m of [...new Set(teams.map((t) => t.mode))]) {
    const u = teams.filter((t) => t.mode === m).map((t) => t.use);
    byMode[m === 0 ? 'car' : 'foot'] = { teams: u.length, min: round(Math.min(...u), 4), mean: round(u.reduce((a, b) => a + b, 0) / u.length, 4) };
  }
  return {
    summary: {
      min: q(0),
      p10: q(0.1),
      mean: round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length), 4),
      below80: teams.filter((t) => t.use < 0.8).map((t) => `${t.team} ${t.use}`),
      byMode,
    },
    teams,
  };
}

function travelOf(problem: PatrolProblem): (i: number, j: number, mode: number) => number {
  const n = problem.nodes.length;
  const tr = problem.travel;
  if (typeof tr === 'function') return tr;
  const list = tr.length > 0 && typeof tr[0] !== 'number' ? (tr as readonly ArrayLike<number>[]) : [tr as ArrayLike<number>];
  return (i, j, mode) => (i === j ? 0 : Number(list[list.length > 1 ? mode : 0]![i * n + j]));
}

/**
 * The upper bound recomputed without the planner's code: every allowed visit of every place with a prize that a
 * team can serve alone. Also samples the triangle inequality of the travel times (what makes it a true bound).
 */
export function independentUpperBound(problem: PatrolProblem) {
  const n = problem.nodes.length;
  const tt = travelOf(problem);
  let bound = 0;
  let unreachable = 0;
  for (let j = 0; j < n; j++) {
    const v = problem.nodes[j]!;
    const mand = v.mandatoryVisits ?? 0;
    const maxV = Math.max(mand, v.maxVisits ?? Math.max(1, mand));
    if (!(v.prize > 0 || mand > 0) || maxV <= 0) continue;
    const ok = problem.teams.some((t) => {
      const st = Math.max(tt(t.start, j, t.mode ?? 0), v.open ?? 0);
      return st <= (v.close ?? Infinity) + 1e-7 && st + (v.service ?? 0) + tt(j, t.end, t.mode ?? 0) <= t.shiftSeconds + 1e-7;
    });
    if (!ok) {
      unreachable++;
      continue;
    }
    let f = 1;
    for (let k = 0; k < maxV; k++, f *= v.repeatDecay ?? 1) bound += v.prize * f;
  }
  // triangle inequality on 200,000 random triples per mode (deterministic sample)
  const rng = createRng(12345);
  const modes = [...new Set(problem.teams.map((t) => t.mode ?? 0))];
  let worst = 0;
  let violations = 0;
  const samples = 200_000;
  for (const m of modes)
    for (let s = 0; s < samples; s++) {
      const a = rng.int(0, n - 1);
      const b = rng.int(0, n - 1);
      const c = rng.int(0, n - 1);
      const direct = tt(a, c, m);
      const via = tt(a, b, m) + tt(b, c, m);
      if (direct > via + 1e-3) {
        violations++;
        worst = Math.max(worst, direct - via);
      }
    }
  return { bound, unreachable, triangle: { triplesSampled: samples * modes.length, violations, worstExcessSeconds: round(worst, 3) } };
}

/**
 * A bound from the teams' time (fractional knapsack; see the comment at the top). Valid for every plan that makes
 * all mandatory visits, whatever the order of visits, windows and gaps (relaxed away).
 */
export function capacityBound(problem: PatrolProblem) {
  const n = problem.nodes.length;
  const tt = travelOf(problem);
  const modes = [...new Set(problem.teams.map((t) => t.mode ?? 0))];
  const starts = [...new Set(problem.teams.map((t) => t.start))];
  const live: number[] = [];
  for (let j = 0; j < n; j++) {
    const v = problem.nodes[j]!;
    if (v.prize > 0 || (v.mandatoryVisits ?? 0) > 0) live.push(j);
  }
  // quickest way into j from any other place a route can come from (a base or a place worth visiting), any mode
  const minIn = new Float64Array(n).fill(Infinity);
  for (const j of live)
    for (const m of modes) {
      for (const i of live) if (i !== j) minIn[j] = Math.min(minIn[j]!, tt(i, j, m));
      for (const i of starts) if (i !== j) minIn[j] = Math.min(minIn[j]!, tt(i, j, m));
    }
  let capacity = problem.teams.reduce((a, t) => a + t.shiftSeconds, 0);
  let bound = 0;
  const items: { value: number; cost: number }[] = [];
  for (const j of live) {
    const v = problem.nodes[j]!;
    const mand = v.mandatoryVisits ?? 0;
    const maxV = Math.max(mand, v.maxVisits ?? Math.max(1, mand));
    const svc = v.service ?? 0;
    let f = 1;
    for (let k = 0; k < maxV; k++, f *= v.repeatDecay ?? 1) {
      const cost = k === 0 ? svc + minIn[j]! : Math.min(svc + minIn[j]!, Math.max(svc, v.minGapSeconds ?? 0));
      const value = v.prize * f;
      if (k < mand) {
        capacity -= cost;
        bound += value;
      } else items.push({ value, cost });
    }
  }
  items.sort((a, b) => b.value / Math.max(b.cost, 1e-9) - a.value / Math.max(a.cost, 1e-9));
  let left = Math.max(0, capacity);
  let usedAll = true;
  for (const it of items) {
    if (left <= 0) {
      usedAll = false;
      break;
    }
    if (it.cost <= left) {
      bound += it.value;
      left -= it.cost;
    } else {
      bound += (it.value * left) / it.cost;
      left = 0;
      usedAll = false;
    }
  }
  const mandatorySeconds = problem.teams.reduce((a, t) => a + t.shiftSeconds, 0) - capacity;
  return {
    bound,
    note:
      `the teams have ${round(problem.teams.reduce((a, t) => a + t.shiftSeconds, 0) / 3600, 1)} h; the mandatory visits need at least ${round(mandatorySeconds / 3600, 1)} h ` +
      `(dwell + quickest way in); every optional visit would need ${round(items.reduce((a, it) => a + it.cost, 0) / 3600, 1)} h more` +
      (usedAll ? '' : ', so not all of them fit'),
  };
}

if (flag('city')) await runCity();
else runTop();
