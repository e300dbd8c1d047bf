// Patrol route planning (issue 4): the public data types.
//
// A team orienteering problem with mandatory visits, time windows and repeat visits. Every team leaves its start
// node at time 0 (the start of its shift) and must reach its end node by `shiftSeconds`. A stop at a node waits
// (if it arrives early) until the node's window opens, serves for `service` seconds and leaves. A node with a
// minimum gap is visited at least that long after any other visit to it (the team waits if need be). The planner
// maximises, lexicographically, (1) the number of mandatory visits done and (2) the prize collected, and among
// equal plans prefers less travel. Mandatory visits that cannot all be fitted are reported, never thrown.
//
// Usage: planPatrols(problem, { seed, timeBudgetMs, now: () => performance.now() }) -> PatrolPlan, then
// checkPlan(problem, plan) to verify any plan independently. Times are seconds from the start of the shift. All
// inputs are plain data; nothing here reads a clock (except the `now` given) or Math.random().

/** A place a team can visit: a mandatory point, a risk cell, a hot spot. */
export interface PatrolNode {
  id: string;
  /** Prize of the first visit (e.g. the forecast risk). >= 0. A node with prize 0 is visited only if mandatory. */
  prize: number;
  /** Seconds spent at the node per visit (dwell). Default 0. */
  service?: number;
  /** Earliest start of service, seconds from shift start (arriving earlier means waiting). Default 0. */
  open?: number;
  /** Latest start of service. Default: no limit (only the shift length). */
  close?: number;
  /** Visits required per shift (a mandatory point). Default 0. */
  mandatoryVisits?: number;
  /** Visits allowed per shift. Default max(1, mandatoryVisits). */
  maxVisits?: number;
  /**
   * Minimum seconds between the starts of two visits to this node, whichever teams make them. Within one route the
   * team waits as needed; between routes the planner only keeps plans that respect it. Default 0.
   */
  minGapSeconds?: number;
  /** The k-th visit (k = 0, 1, ...) earns prize * repeatDecay^k. Default 1 (every visit earns the full prize). */
  repeatDecay?: number;
}

export interface PatrolTeam {
  id: string;
  /** Node index the team leaves from at time 0. */
  start: number;
  /** Node index the team must reach by shiftSeconds (may equal start). */
  end: number;
  shiftSeconds: number;
  /** Index of the travel matrix this team uses (car, e-bike, foot ...). Default 0. */
  mode?: number;
}

/** Travel seconds from node i to node j at [i * n + j] (row-major, n = number of nodes). */
export type TravelMatrix = Float64Array | Float32Array | readonly number[];

/** Travel seconds from node `from` to node `to` for a team of the given mode. */
export type TravelFunction = (from: number, to: number, mode: number) => number;

export interface PatrolProblem {
  nodes: readonly PatrolNode[];
  teams: readonly PatrolTeam[];
  /**
   * One matrix (every team), one matrix per mode (team.mode indexes it), or a function: a function is evaluated
   * once for every ordered pair of nodes and every mode in use (n^2 calls per mode) and kept as a matrix.
   * Times need not be symmetric nor satisfy the triangle inequality.
   */
  travel: TravelMatrix | readonly TravelMatrix[] | TravelFunction;
}

export interface PlanOptions {
  /** Seed of the random stream: the same problem, seed and iteration count give the same plan. */
  seed: number;
  /** Wall-clock budget in milliseconds (measured with `now`). The best plan found so far is returned. */
  timeBudgetMs: number;
  /** A monotonic clock in milliseconds (e.g. performance.now); only used for the budget. */
  now: () => number;
  /** Stop after this many search iterations (one iteration = ruin, repair, local search). Default: no limit. */
  maxIterations?: number;
  /**
   * Stop when the best plan has not improved for this many iterations. Default max(5000, 100 x the number of
   * places worth visiting); 0 disables the rule.
   */
  stallIterations?: number;
  /**
   * Share of its shift (travel + service) every team should have in use. At the end the best plan is balanced:
   * a team below it takes stops of busier teams that are within its reach and fit its shift (the teams that gave
   * them are refilled with unvisited work), keeping every visit; travel may grow. Default 0 (off); 0.8 is what the
   * bench and tests use (the server does not turn it on yet: see docs/patrol.md).
   */
  balanceTarget?: number;
  /** Slack (seconds) allowed on shift lengths, windows and gaps, against floating-point noise. Default 1e-7. */
  tolerance?: number;
}

export interface PatrolStop {
  node: number;
  /** Arrival time at the node. */
  arrive: number;
  /** Start of service (>= arrive, >= open). */
  start: number;
  /** start + service. */
  depart: number;
}

/** A team's route. A route without stops means the team stays idle (duration 0, travel 0). */
export interface PatrolRoute {
  team: string;
  teamIndex: number;
  /** Visits in order, without the start and end nodes. */
  stops: PatrolStop[];
  /** Prize earned by this route's visits (repeat visits in the order of their start times across the plan). */
  prize: number;
  /** Arrival time at the end node (route duration from shift start). */
  duration: number;
  /** Sum of travel seconds. */
  travel: number;
}

export interface UnmetMandatory {
  node: number;
  id: string;
  /** Mandatory visits that the plan does not make. */
  missing: number;
}

export interface PatrolPlan {
  routes: PatrolRoute[];
  totalPrize: number;
  /** Mandatory visits that could not be fitted (empty when every mandatory visit is planned). */
  unmetMandatory: UnmetMandatory[];
  /** Search iterations run. */
  iterations: number;
  /** Iteration at which the returned plan was found (0 = construction and its local search). */
  bestIteration: number;
  /** Why the search stopped. */
  stopReason: 'time' | 'iterations' | 'stall' | 'optimal' | 'empty';
  /** Upper bound on the prize: every reachable visit made. */
  prizeUpperBound: number;
}

export interface PlanCheck {
  /** Routes respect travel times, windows, shift lengths, visit limits and gaps, and the plan's claims match. */
  feasible: boolean;
  /** feasible and every mandatory visit made. */
  complete: boolean;
  errors: string[];
  /** Prize recomputed from the routes. */
  totalPrize: number;
  unmetMandatory: UnmetMandatory[];
}
