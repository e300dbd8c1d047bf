// Every policy over every seed, with means, 95% intervals over seeds and paired differences between policies.

import {
  allReformPolicies,
  DEFAULT_CONGESTION_PROFILE,
  DEFAULT_DIURNAL_PROFILE,
  DEFAULT_MODE_TIME_FACTOR,
  DEFAULT_PATROL_DWELL_S,
  DEFAULT_PATROL_TIME_FACTOR,
  DEFAULT_PLANNER_CANDIDATES_PER_TEAM,
  DEFAULT_PLANNER_ITERATIONS,
  DEFAULT_PLANNER_MAX_VISITS,
  DEFAULT_PLANNER_MIN_GAP_S,
  DEFAULT_PLANNER_REPEAT_DECAY,
  DEFAULT_RISK_HALF_LIFE_DAYS,
  DEFAULT_TURNOUT_AT,
  reformLabel,
} from './defaults';
import { simulateReform } from './engine';
import type { PreparedReform } from './prepare';
import type { ReformComparison, ReformCompareOptions, ReformDifference, ReformEstimate, ReformFigures, ReformPolicyResult, ReformRun, ReformSlowCell, ReformUnitLoad } from './types';

// two-sided 95% Student t quantiles, df 1..30
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Mean over values with a 95% Student-t interval (the mean itself when there is one value). */
export function estimate(values: readonly number[]): ReformEstimate {
  const v = values.filter((x) => Number.isFinite(x));
  const n = v.length;
  if (n === 0) return { mean: NaN, ciLow: NaN, ciHigh: NaN };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, ciLow: mean, ciHigh: mean };
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (n - 1 <= 30 ? T975[n - 2]! : 1.96) * (sd / Math.sqrt(n));
  return { mean, ciLow: mean - half, ciHigh: mean + half };
}

/** estimate() of a count (never below 0): the interval is clipped at 0, the mean is unchanged. */
export function countEstimate(values: readonly number[]): ReformEstimate {
  const e = estimate(values);
  return { mean: e.mean, ciLow: Math.max(0, e.ciLow), ciHigh: Math.max(0, e.ciHigh) };
}

const METRICS = ['within1', 'within3', 'within5', 'meanTravelS', 'p90TravelS', 'meanResponseS'] as const;

function summarise(prep: PreparedReform, runs: ReformRun[]): ReformPolicyResult {
  const f = (pick: (x: ReformFigures) => number) => estimate(runs.map((r) => pick(r.figures)));
  const count = (pick: (x: ReformFigures) => number) => countEstimate(runs.map((r) => pick(r.figures)));
  const first = runs[0]!;
  const U = first.units.length;
  const units: ReformUnitLoad[] = first.units.map((u, i) => {
    const m = (pick: (x: ReformUnitLoad) => number) => runs.reduce((a, r) => a + pick(r.units[i]!), 0) / runs.length;
    return { ...u, calls: m((x) => x.calls), busyS: m((x) => x.busyS), utilisation: m((x) => x.utilisation) };
  });
  const C = prep.cellLon.length;
  const sum = new Float64Array(C);
  const cnt = new Float64Array(C);
  const in5 = new Float64Array(C);
  for (const r of runs) {
    for (let i = 0; i < r.responseS.length; i++) {
      const v = r.responseS[i]!;
      if (!Number.isFinite(v)) continue;
      const c = prep.callCell[i]!;
      sum[c]! += v;
      cnt[c]!++;
      if (v <= 300) in5[c]!++;
    }
  }
  const slowCells: ReformSlowCell[] = [];
  for (let c = 0; c < C; c++) {
    if (cnt[c]! === 0) continue;
    slowCells.push({ lon: prep.cellLon[c]!, lat: prep.cellLat[c]!, calls: cnt[c]! / runs.length, meanResponseS: sum[c]! / cnt[c]!, within5: in5[c]! / cnt[c]! });
  }
  slowCells.sort((a, b) => b.meanResponseS - a.meanResponseS);
  return {
    policy: first.policy,
    bundled: first.bundled,
    label: reformLabel({ name: first.policy, bundled: first.bundled }),
    within1: f((x) => x.within1),
    within3: f((x) => x.within3),
    within5: f((x) => x.within5),
    meanTravelS: f((x) => x.meanTravelS),
    p90TravelS: f((x) => x.p90TravelS),
    meanResponseS: f((x) => x.meanResponseS),
    utilisation: {
      mean: f((x) => x.utilisation.mean),
      sd: f((x) => x.utilisation.sd),
      min: Math.min(...runs.map((r) => r.figures.utilisation.min)),
      max: Math.max(...runs.map((r) => r.figures.utilisation.max)),
    },
    queued: count((x) => x.queued),
    queuedAtEnd: count((x) => x.queuedAtEnd),
    droppedUnreachable: Math.max(...runs.map((r) => r.figures.droppedUnreachable)),
    calls: first.figures.calls,
    served: count((x) => x.served),
    dropped: count((x) => x.droppedUnreachable),
    crossBorder: f((x) => x.crossBorder),
    units: U > 0 ? units : [],
    slowCells,
    posts: first.posts,
    postsPlacement: first.postsPlacement,
    sentFrom: {
      station: runs.reduce((a, r) => a + (r.sentFrom?.station ?? 0), 0) / runs.length,
      post: runs.reduce((a, r) => a + (r.sentFrom?.post ?? 0), 0) / runs.length,
      moving: runs.reduce((a, r) => a + (r.sentFrom?.moving ?? 0), 0) / runs.length,
    },
  };
}

function defaultPairs(labels: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  const has = (l: string) => labels.includes(l);
  for (const b of ['bundled', 'own']) {
    for (const [x, y] of [
      ['patrol-road', 'stations-straight'],
      ['posts-road', 'stations-straight'],
      ['patrol-road', 'posts-road'],
    ]) {
      if (has(`${x}/${b}`) && has(`${y}/${b}`)) pairs.push([`${x}/${b}`, `${y}/${b}`]);
    }
  }
  for (const n of ['stations-straight', 'posts-road', 'patrol-road']) if (has(`${n}/bundled`) && has(`${n}/own`)) pairs.push([`${n}/bundled`, `${n}/own`]);
  return pairs;
}

/** The assumptions a report of this scenario must state. */
export function reformAssumptions(prep: PreparedReform): string[] {
  const s = prep.scenario;
  const out: string[] = [];
  const unknown = s.calls.filter((c) => !c.timeOfDayKnown).length;
  if (unknown > 0)
    out.push(
      `${unknown} of ${s.calls.length} calls carry no time of day; their times within the day are drawn per seed from the diurnal profile [${(s.diurnal ?? DEFAULT_DIURNAL_PROFILE).join(', ')}] (relative weight of hours 0-23).`,
    );
  const svc = Object.entries(s.serviceTime)
    .map(([k, v]) => `${k}: ${v.dist} mean ${Math.round(v.meanS / 60)} min${v.sdS ? ` sd ${Math.round(v.sdS / 60)} min` : ''}`)
    .join('; ');
  out.push(`Time on scene by category: ${svc}.`);
  const mf = { ...DEFAULT_MODE_TIME_FACTOR, ...s.modeTimeFactor };
  const cong = s.congestion ?? DEFAULT_CONGESTION_PROFILE;
  out.push(
    `Travel times are the routing engine's on the road graph (free-flow, posted limits), multiplied by ${JSON.stringify(mf)} per mode and by an urban congestion multiplier by hour of departure, the same for every policy: [${cong.join(', ')}] (hours 0-23${s.congestion ? '' : '; default: 1.25 for signals and turns x (1 + traffic: +5% at night, +25% by day, +45-50% at the peaks)'}).`,
  );
  const ta = { ...DEFAULT_TURNOUT_AT, ...s.turnoutAt };
  out.push(
    `Response = queue wait + call handling ${s.turnoutS ?? 0} s + turnout by where the unit is when sent (inside a station house ${ta.station} s, at a post or patrol stop beside its car ${ta.post} s, driving ${ta.moving} s) + travel; within 1/3/5 minutes counts all of it.`,
  );
  out.push(
    `Posts (快反点) are placed for each day and shift by p-median on the road graph from the calls before that day (weights halve every ${s.riskHalfLifeDays ?? DEFAULT_RISK_HALF_LIFE_DAYS} days; candidates: station houses and one road node per ${prep.postGridM} m cell)${s.posts ? ' — here overridden by the given posts' : ''}; units wait in their station houses on a day with no past calls.`,
  );
  const pp = s.patrolPlanner ?? {};
  out.push(
    `Patrols (patrol-road): each day a ${s.patrolForecast === 'kde' ? 'KDE (28-day lookback)' : 'prospective-hotspotting (400 m, 8 weeks)'} forecast from the calls before the day scores the ${prep.postGridM} m cells; each shift the patrol planner (planPatrols, ${pp.maxIterations ?? DEFAULT_PLANNER_ITERATIONS} iterations) routes the units on duty from their posts through the riskiest cells (${pp.candidatesPerTeam ?? DEFAULT_PLANNER_CANDIDATES_PER_TEAM} per unit offered, ${s.patrolDwellS ?? DEFAULT_PATROL_DWELL_S} s at each, up to ${pp.maxVisits ?? DEFAULT_PLANNER_MAX_VISITS} visits ${pp.minGapS ?? DEFAULT_PLANNER_MIN_GAP_S} s apart, repeat prize x${pp.repeatDecay ?? DEFAULT_PLANNER_REPEAT_DECAY}) and back, driving ${s.patrolTimeFactor ?? DEFAULT_PATROL_TIME_FACTOR}x slower than responding; a unit between two stops is sent from the nearer one in time (the time back to the last stop, or on to the next); after a call it rejoins its timetable at the first stop it can still reach.`,
  );
  out.push('A unit driving back to its post may be sent on; its ETA is then the rest of the drive back plus the drive from the post (an upper bound).');
  out.push(
    s.shifts
      ? `Shifts: ${prep.shifts.map((x) => `${x.name ? x.name + ' ' : ''}${String(x.startHour).padStart(2, '0')}:00 for ${x.hours} h with ${x.units.length} units`).join('; ')}; a unit whose shift ends finishes its call and goes off; a call waits in a FIFO queue when every eligible unit on duty is on a call.`
      : 'Units are on duty all period (no shifts); a call waits in a FIFO queue when every eligible unit is on a call.',
  );
  if (s.reinforce && Object.keys(s.reinforce).length > 0) out.push(`Reinforcement: ${JSON.stringify(s.reinforce)} units in all for these categories, sent only if free.`);
  for (const n of s.notes ?? []) out.push(n);
  return out;
}

/** Run every policy under every seed and compare. */
export function compareReform(prep: PreparedReform, options: ReformCompareOptions): ReformComparison {
  const t0 = performance.now();
  if (options.seeds.length === 0) throw new RangeError('compareReform: at least one seed');
  const policies = options.policies ?? allReformPolicies();
  const runs = new Map<string, ReformRun[]>();
  for (const p of policies) {
    const list: ReformRun[] = [];
    for (const seed of options.seeds) list.push(simulateReform(prep, p, seed));
    runs.set(reformLabel(p), list);
  }
  const results = [...runs.values()].map((r) => summarise(prep, r));
  const pairs = options.pairs ?? defaultPairs([...runs.keys()]);
  const differences: ReformDifference[] = [];
  for (const [a, b] of pairs) {
    const ra = runs.get(a);
    const rb = runs.get(b);
    if (!ra || !rb) throw new RangeError(`compareReform: no policy ${!ra ? a : b} to compare`);
    for (const metric of METRICS) differences.push({ a, b, metric, diff: estimate(ra.map((r, i) => r.figures[metric] - rb[i]!.figures[metric])) });
  }
  return {
    seeds: [...options.seeds],
    policies: results,
    differences,
    assumptions: reformAssumptions(prep),
    wallMs: prep.precomputeMs + (performance.now() - t0),
    precomputeMs: prep.precomputeMs,
    patrolPlanMs: prep.patrolPlanMs,
  };
}
