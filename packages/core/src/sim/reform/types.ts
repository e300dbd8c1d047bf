// Types of the reform simulator (改革推演): the scenario it replays, the policies it compares and what it reports.
//
// Times inside a scenario are seconds from the start of the simulated period (periodStartMs); calls before the
// period (history) have negative times. Road nodes are node ids of the RoadGraph the scenario was built on (the
// same graph and contraction hierarchy the routing engine uses, so travel times are the routing engine's).
// See docs/simulator.md for the model and its assumptions.

/** The three organisations the simulator compares; the names are the JSON names. */
export type ReformPolicyName = 'stations-straight' | 'posts-road' | 'patrol-road';
export const REFORM_POLICY_NAMES: readonly ReformPolicyName[] = ['stations-straight', 'posts-road', 'patrol-road'];

/**
 * A policy and whether units are bundled across station borders (片区, true: a unit answers the calls of every station
 * of its station's group, ReformStation.group; all stations when no groups are given) or kept to their own station's area.
 */
export interface ReformPolicy {
  name: ReformPolicyName;
  bundled: boolean;
}

/** How units move: car units drive at the graph's speeds; other modes scale the graph's times (modeTimeFactor). */
export type ReformUnitMode = 'car' | 'ebike' | 'foot';

/** A station (派出所) with the road node of its house and the id of its area. */
export interface ReformStation {
  id: string;
  name?: string;
  /** Road node of the station house (where stations-straight units wait). */
  node: number;
  lon: number;
  lat: number;
  /** Id of its area (e.g. the police district); calls in the area belong to this station. */
  areaId: string;
  /** The area's outline (GeoJSON MultiPolygon coordinates), used to give posts and patrol stops to a station in own-station mode. */
  area?: [number, number][][][];
  /**
   * Id of its 片区 (group of stations bundled together). In a bundled policy a unit answers the calls of every
   * station of its own group. When no station has a group all stations form one group; when some have one, a
   * station without a group is a group of its own. Own-station policies ignore groups.
   */
  group?: string;
}

/** A call for service, already placed on the road graph. */
export interface ReformCall {
  /** Index of the call in the input (stable across seeds and policies). */
  id: number;
  /**
   * Seconds from the period start. When timeOfDayKnown is false this is the start of the call's day (local
   * midnight) and the simulator draws the time within the day from the diurnal profile, per seed.
   */
  timeS: number;
  timeOfDayKnown: boolean;
  /** The road node the call is placed at (the node nearest to its point). */
  node: number;
  lon: number;
  lat: number;
  /** Category (lower case), for service times and reinforcement. */
  category: string;
  /** Index into ReformScenario.stations of the station owning the call's place. */
  station: number;
}

/** One unit on duty: which station it belongs to and how it moves. */
export interface ReformUnitSpec {
  /** Index into ReformScenario.stations. */
  station: number;
  mode: ReformUnitMode;
}

/** Service time on scene for a category: a distribution with its mean (seconds). */
export interface ReformServiceTime {
  dist: 'exponential' | 'lognormal' | 'fixed';
  meanS: number;
  /** Standard deviation (lognormal only), seconds. */
  sdS?: number;
}

/** A 快反点 (rapid-response post) placed by hand, e.g. moved on the map; overrides the simulator's placement. */
export interface ReformPost {
  node: number;
  /** Index into ReformScenario.stations of the station whose unit waits there. */
  station: number;
}

/**
 * A shift: from startHour (local, 0..23) for `hours` hours, with the units on duty (indices into
 * ReformScenario.units). The shifts of a scenario tile the day (each starts where the previous one ends, 24 h in all).
 */
export interface ReformShift {
  name?: string;
  startHour: number;
  hours: number;
  units: number[];
}

/**
 * Turnout (出警准备: from the order to the wheels rolling) by where the unit is when it is sent, seconds:
 * `station` = waiting inside a station house (must get to its car), `post` = at a 快反点 or a patrol stop, beside or
 * in its car, `moving` = driving (patrolling between stops, driving back). Defaults in DEFAULT_TURNOUT_AT.
 */
export interface ReformTurnoutAt {
  station: number;
  post: number;
  moving: number;
}

/** Settings of the patrol planner used by patrol-road (see docs/simulator.md). */
export interface ReformPatrolPlanner {
  /** Search iterations of planPatrols per shift plan (fixed, so plans are reproducible). Default 150. */
  maxIterations?: number;
  /** Forecast cells offered to the planner per team (the riskiest). Default 4; at least 12 per plan. */
  candidatesPerTeam?: number;
  /** Visits allowed per stop and shift, and the prize decay of repeat visits. Defaults 3 and 0.5. */
  maxVisits?: number;
  repeatDecay?: number;
  /** Minimum seconds between two visits of one stop. Default 1800. */
  minGapS?: number;
}

/** Everything one simulation needs; built by the loader (CLI or server) from real data. */
export interface ReformScenario {
  /** Epoch ms of the period start (local midnight, UTC as frame) and its length in seconds. */
  periodStartMs: number;
  periodS: number;
  stations: ReformStation[];
  /** Calls inside the period, any order (the simulator sorts by time after drawing times of day). */
  calls: ReformCall[];
  /** Calls before the period (negative timeS), used only to place posts and plan patrols. May be empty. */
  history: ReformCall[];
  units: ReformUnitSpec[];
  /** Service time by category; `default` is used for any category not listed. */
  serviceTime: { default: ReformServiceTime } & Record<string, ReformServiceTime>;
  /** Categories that need a second unit (reinforcement) and how many units in all (2 = one extra). */
  reinforce?: Record<string, number>;
  /** Multiplier on the graph's travel times per mode (car 1 = the routing engine's times exactly). */
  modeTimeFactor?: Partial<Record<ReformUnitMode, number>>;
  /** Multiplier on travel times while patrolling (slower than responding). Default 1.6. */
  patrolTimeFactor?: number;
  /** Seconds a patrol spends at each stop of its route. Default 600. */
  patrolDwellS?: number;
  /** Patrol stops per unit and day besides its base. Default 4. */
  patrolStops?: number;
  /** Relative weight of each hour 0..23 for calls without a time of day. Default DEFAULT_DIURNAL_PROFILE. */
  diurnal?: number[];
  /** Seconds from the call to the dispatch order (call handling), every policy alike. Default 0. */
  turnoutS?: number;
  /** Turnout after the order by where the unit is (station house, post / patrol stop, driving). Default DEFAULT_TURNOUT_AT. */
  turnoutAt?: Partial<ReformTurnoutAt>;
  /**
   * Multiplier on every travel time by hour of the day (24 values, hour of the departure; urban speeds below the
   * graph's free-flow ones), the same for every policy. Default DEFAULT_CONGESTION_PROFILE; all 1 = the routing
   * engine's times exactly.
   */
  congestion?: number[];
  /** Shifts with the units on duty in each; without it every unit is on duty all the time. */
  shifts?: ReformShift[];
  /** Settings of the patrol planner (patrol-road). */
  patrolPlanner?: ReformPatrolPlanner;
  /** Forecast model for patrol-road's daily forecast (prospective hotspotting or KDE). Default 'prospective'. */
  patrolForecast?: 'prospective' | 'kde';
  /** Hand-placed posts (one per unit, in unit order); without it posts-road and patrol-road place their own. */
  posts?: ReformPost[];
  /** Side of the candidate-post grid, metres (one road node per cell). Default 400. */
  postGridM?: number;
  /** Side of the grid cells of the slow-places map, metres. Default 500. */
  mapCellM?: number;
  /** Half-life of the weight of past calls in placement and patrol risk, days. Default 14. */
  riskHalfLifeDays?: number;
  /** Facts the loader wants carried into the output (input files, dropped counts, assumptions). */
  notes?: string[];
}

/** Figures of one run (one policy, one seed) or their mean over seeds. */
export interface ReformFigures {
  /** Calls in the period. */
  calls: number;
  /** Calls a unit was sent to. */
  served: number;
  /** Calls no eligible unit could reach on the road graph. */
  droppedUnreachable: number;
  /** Calls still waiting when the period ended. */
  queuedAtEnd: number;
  /** Calls that waited because every eligible unit was busy. */
  queued: number;
  /** Shares of served calls reached within 1, 3 and 5 minutes of the call (wait + turnout + travel). */
  within1: number;
  within3: number;
  within5: number;
  /** Mean and 90th percentile of the first unit's travel time, seconds (travel only). */
  meanTravelS: number;
  p90TravelS: number;
  /** Mean response time (wait + turnout + travel), seconds. */
  meanResponseS: number;
  /** Mean share of the period units are busy (travel, service, return), and its spread over units. */
  utilisation: { mean: number; sd: number; min: number; max: number };
  /** Share of served calls answered by a unit of another station (bundled runs only; 0 in own-station runs). */
  crossBorder: number;
}

/** Workload of one unit. */
export interface ReformUnitLoad {
  unit: number;
  station: number;
  /** Where it waits (stations-straight: station node; posts-road: its post; patrol-road: its base post). */
  homeNode: number;
  calls: number;
  busyS: number;
  /** Busy share of its time on duty (busyS / onDutyS). */
  utilisation: number;
  /** Seconds on duty in the period (the whole period without shifts). */
  onDutyS?: number;
}

/** A grid cell of the slow-places map. */
export interface ReformSlowCell {
  /** Cell centre. */
  lon: number;
  lat: number;
  calls: number;
  meanResponseS: number;
  within5: number;
}

/** One run: one policy, one seed. */
export interface ReformRun {
  policy: ReformPolicyName;
  bundled: boolean;
  seed: number;
  figures: ReformFigures;
  units: ReformUnitLoad[];
  /** Response time per call, in scenario.calls order (seconds; NaN for calls not served), for paired comparisons and maps. */
  responseS: Float64Array;
  /** Travel time of the first unit per call, in scenario.calls order (NaN when not served). */
  travelS: Float64Array;
  /** Unit that answered each call, in scenario.calls order (-1 when not served). */
  answeredBy: Int32Array;
  /** Calls whose answering unit was not the first in a fixed preference list from homes (hypercube's "non-nearest"). */
  nonNearestShare: number;
  /** Posts (homes) used, in unit order, and how they were placed. */
  posts: ReformPost[];
  postsPlacement: 'stations' | 'given' | 'p-median';
  /** Share of served calls by where the first unit was when sent (station house, post or patrol stop, driving). */
  sentFrom?: { station: number; post: number; moving: number };
}

/** A mean over seeds with a 95% confidence interval (Student t over seeds). */
export interface ReformEstimate {
  mean: number;
  ciLow: number;
  ciHigh: number;
}

/** One policy's result over all seeds. */
export interface ReformPolicyResult {
  /** 'patrol-road' etc. */
  policy: ReformPolicyName;
  bundled: boolean;
  /** 'patrol-road/bundled' or 'patrol-road/own'. */
  label: string;
  within1: ReformEstimate;
  within3: ReformEstimate;
  within5: ReformEstimate;
  meanTravelS: ReformEstimate;
  p90TravelS: ReformEstimate;
  meanResponseS: ReformEstimate;
  utilisation: { mean: ReformEstimate; sd: ReformEstimate; min: number; max: number };
  /** Calls waiting for a unit, and still waiting at the period end (counts: intervals clipped at 0). */
  queued: ReformEstimate;
  queuedAtEnd: ReformEstimate;
  /** The most calls any seed found unreachable. */
  droppedUnreachable: number;
  /** Calls in the period (the same for every seed). */
  calls: number;
  /** Calls a unit was sent to, mean over seeds (interval clipped at 0). served + dropped + queuedAtEnd = calls. */
  served: ReformEstimate;
  /** Calls no eligible unit could reach, mean over seeds (interval clipped at 0). */
  dropped: ReformEstimate;
  crossBorder: ReformEstimate;
  /** Per-unit workload, mean over seeds. */
  units: ReformUnitLoad[];
  /** Where this policy is slow: grid cells with their mean response and share within 5 min over all seeds. */
  slowCells: ReformSlowCell[];
  /** Posts of the first seed's run (seed-independent: placement uses no randomness). */
  posts: ReformPost[];
  postsPlacement: ReformRun['postsPlacement'];
  /** Share of served calls by where the first unit was when sent, mean over seeds. */
  sentFrom?: { station: number; post: number; moving: number };
}

/** A paired difference a - b over seeds (same seed = same call times), with its 95% interval. */
export interface ReformDifference {
  a: string;
  b: string;
  metric: 'within1' | 'within3' | 'within5' | 'meanTravelS' | 'p90TravelS' | 'meanResponseS';
  diff: ReformEstimate;
}

export interface ReformComparison {
  seeds: number[];
  policies: ReformPolicyResult[];
  differences: ReformDifference[];
  /** Assumptions the report must state (drawn times of day, speeds, service times, ...). */
  assumptions: string[];
  /** Wall time of the simulation (precomputation + runs), ms. */
  wallMs: number;
  precomputeMs: number;
  /** Of the wall time, forecasting and patrol planning (patrol-road; once per day and shift, shared by the seeds), ms. */
  patrolPlanMs?: number;
}

export interface ReformCompareOptions {
  seeds: number[];
  /** Default: all three policies, each bundled and own-station. */
  policies?: ReformPolicy[];
  /** Pairs to compare (labels); default: every policy against stations-straight with the same bundling, and patrol-road vs posts-road. */
  pairs?: [string, string][];
}

// ---- Larson's hypercube queueing model (validation) ----

/** A hypercube model: N units, J atoms with Poisson rates, a fixed dispatch preference per atom, exponential service. */
export interface HypercubeModel {
  /** Arrival rate per atom, per second. */
  lambda: number[];
  /** Service rate of every unit, per second (equal rates). */
  mu: number;
  /** preference[j] lists all units, first = the unit sent when free. */
  preference: number[][];
  /** 'queue': calls wait FIFO when all are busy (infinite line); 'loss': they are lost. */
  line: 'queue' | 'loss';
}

export interface HypercubeResult {
  /** Stationary probability of each busy set (bit n = unit n busy), without the queue tail. */
  stateProb: Float64Array;
  /** Probability that all units are busy and at least one call waits (queue only). */
  queueTailProb: number;
  /** Fraction of time each unit is busy. */
  workload: number[];
  /** Share of calls served by a unit other than their atom's first preference (queued calls included). */
  nonNearestShare: number;
  /** Share of calls that find every unit busy. */
  allBusyShare: number;
}
