// Schemas of the reform simulator in the product (改革推演, issue 20): a leader replays the calls of a past period in
// an area under several organisations and patrol policies and compares what each buys. The engine is
// packages/core/src/sim/reform; the server builds the scenario from the county's own data (docs/simulator.md).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, lit } from './api';
import { DateS } from './patrol';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The policies to compare (names as in the engine's JSON). */
export const SIM_POLICIES = ['stations-straight', 'posts-road', 'patrol-road'] as const;
export type SimPolicy = (typeof SIM_POLICIES)[number];
export const SIM_POLICY_LABELS: Record<SimPolicy, { zh: string; en: string }> = {
  'stations-straight': { zh: '所内待警·直线派警', en: 'At stations, nearest by straight line' },
  'posts-road': { zh: '快反点·路网派警', en: 'Rapid-response posts, road ETA' },
  'patrol-road': { zh: '风险巡逻·路网派警', en: 'Risk-driven patrol, road ETA' },
};
export const SIM_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type SimRunStatus = (typeof SIM_RUN_STATUSES)[number];
export const SIM_RUN_STATUS_LABELS: Record<SimRunStatus, { zh: string; en: string }> = {
  queued: { zh: '排队中', en: 'Queued' },
  running: { zh: '推演中', en: 'Running' },
  done: { zh: '已完成', en: 'Done' },
  failed: { zh: '失败', en: 'Failed' },
};

/** Limits of one run (the engine's cost grows with calls x seeds x policies). */
export const SIM_LIMITS = { maxDays: 92, maxUnits: 300, maxSeeds: 20, maxPolicies: 6, maxPosts: 300, maxBundles: 50 } as const;

export const SimPolicyChoiceS = Type.Object(
  {
    policy: lit(SIM_POLICIES),
    /** true: units are bundled across station borders (片区); false: each station's units answer its own area only. */
    bundled: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SimPolicyChoice = Static<typeof SimPolicyChoiceS>;

const LonLatS = Type.Tuple([Lon, Lat]);

export const SimRunBody = Type.Object(
  {
    /** The area whose calls are replayed: the county, a district or a station area in the caller's scope. */
    areaId: Id,
    /** The past period, local dates, both included; at most 92 days, ending before today. */
    from: DateS,
    to: DateS,
    /** Units on duty, shared out over the stations by their calls. */
    units: Type.Integer({ minimum: 1, maximum: SIM_LIMITS.maxUnits }),
    /** Replications (random service times, times of day where the data have none); intervals are over seeds. */
    seeds: Type.Integer({ minimum: 1, maximum: SIM_LIMITS.maxSeeds }),
    policies: Type.Array(SimPolicyChoiceS, { minItems: 1, maxItems: SIM_LIMITS.maxPolicies }),
    /** Posts (快反点) set by hand, [lon, lat]; absent: the simulator places them from the calls before the period. */
    posts: Type.Optional(Type.Array(LonLatS, { minItems: 1, maxItems: SIM_LIMITS.maxPosts })),
    /** Station areas bundled into 片区 for the bundled policies: groups of station area ids (absent: all stations of the area in one). */
    bundles: Type.Optional(Type.Array(Type.Array(Id, { minItems: 1, maxItems: 50 }), { minItems: 1, maxItems: SIM_LIMITS.maxBundles })),
    /** A label for the saved run. */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type SimRunBody = Static<typeof SimRunBody>;

/** A mean over seeds with its 95 % confidence interval (Student t over seeds; low = high = mean with one seed). */
export const SimCiS = Type.Object({ mean: Type.Number(), ciLow: Type.Number(), ciHigh: Type.Number() });
export type SimCi = Static<typeof SimCiS>;

/** A cell of the slow-places map (cellM metres), over all seeds. */
export const SimSlowCellS = Type.Object({
  lon: Type.Number(),
  lat: Type.Number(),
  /** Calls in the cell over all seeds' replays, divided by the seeds. */
  calls: Type.Number(),
  meanResponseS: Type.Number(),
  /** Share of its calls reached within 5 minutes. */
  within5: Type.Number(),
});
export type SimSlowCell = Static<typeof SimSlowCellS>;

/** Where a unit waited (station house, post or the base of its patrol) and its workload, mean over seeds. */
export const SimUnitLoadS = Type.Object({
  unit: Type.Integer(),
  /** Station area id. */
  stationId: Id,
  lon: Type.Number(),
  lat: Type.Number(),
  calls: Type.Number(),
  utilisation: Type.Number(),
});
export type SimUnitLoad = Static<typeof SimUnitLoadS>;

export const SimPolicyResultS = Type.Object({
  policy: lit(SIM_POLICIES),
  bundled: Type.Boolean(),
  /** 'posts-road/bundled', 'posts-road/own' ... */
  label: Type.String(),
  /** Shares of the served calls reached within 1, 3 and 5 minutes of the call (wait + turnout + travel), 0..1. */
  within1: SimCiS,
  within3: SimCiS,
  within5: SimCiS,
  /** Travel time of the first unit, seconds: mean and 90th percentile. */
  meanTravelS: SimCiS,
  p90TravelS: SimCiS,
  meanResponseS: SimCiS,
  /** Busy share of the period per unit: mean over units, its spread (sd) between units, least and most busy. */
  utilisation: Type.Object({ mean: SimCiS, sd: SimCiS, min: Type.Number(), max: Type.Number() }),
  /** Calls that waited for a free unit; calls still waiting at the end of the period. */
  queued: SimCiS,
  queuedAtEnd: SimCiS,
  /** Calls no eligible unit could reach on the roads. */
  droppedUnreachable: Type.Number(),
  /** Calls replayed (the same for every seed); each is served, unreachable or still waiting at the end. Absent in runs saved before it was reported. */
  calls: Type.Optional(Type.Integer()),
  /** Calls a unit was sent to, mean over seeds (null in runs saved before it was reported). served + dropped + queuedAtEnd = calls. */
  served: Type.Union([SimCiS, Type.Null()]),
  /** Calls no eligible unit could reach, mean over seeds. Absent in runs saved before it was reported. */
  dropped: Type.Optional(SimCiS),
  /** Runs saved before served counts were reported: the first seed's count of the calls (no longer produced). */
  counts: Type.Optional(Type.Object({ seed: Type.Integer(), calls: Type.Integer(), served: Type.Integer(), droppedUnreachable: Type.Integer(), queuedAtEnd: Type.Integer() })),
  /** Share answered by a unit of another station (bundled policies). */
  crossBorder: SimCiS,
  units: Type.Array(SimUnitLoadS),
  slowCells: Type.Array(SimSlowCellS),
  /** How the waiting places were chosen: station houses, given by hand, or placed from past calls (p-median). */
  postsPlacement: lit(['stations', 'given', 'p-median'] as const),
});
export type SimPolicyResult = Static<typeof SimPolicyResultS>;

export const SimDiffS = Type.Object({
  /** Labels of the two policies; diff = a - b, paired over seeds. */
  a: Type.String(),
  b: Type.String(),
  metric: lit(['within1', 'within3', 'within5', 'meanTravelS', 'p90TravelS', 'meanResponseS'] as const),
  diff: SimCiS,
});
export type SimDiff = Static<typeof SimDiffS>;

export const SimResultS = Type.Object({
  seeds: Type.Array(Type.Integer()),
  policies: Type.Array(SimPolicyResultS),
  differences: Type.Array(SimDiffS),
  /** Assumptions the page states (times of day drawn, speeds, service times ...). */
  assumptions: Type.Array(Type.String()),
  /** Cell side of the slow-places map, metres. */
  cellM: Type.Number(),
  wallMs: Type.Number(),
});
export type SimResult = Static<typeof SimResultS>;

export const SimScenarioS = Type.Object({
  /** Calls of the period in the area (not cancelled), those replayed and those dropped off the road network. */
  calls: Type.Integer(),
  replayed: Type.Integer(),
  dropped: Type.Integer(),
  /** Calls before the period used to place posts and plan patrols. */
  history: Type.Integer(),
  stations: Type.Array(Type.Object({ id: Id, name: Type.String(), lon: Type.Number(), lat: Type.Number(), calls: Type.Integer(), units: Type.Integer() })),
  bundles: Type.Array(Type.Array(Id)),
  profile: Type.String(),
});
export type SimScenario = Static<typeof SimScenarioS>;

export const SimRunS = Type.Object({
  id: Id,
  areaId: Id,
  areaName: Type.String(),
  name: Nullable(Type.String()),
  status: lit(SIM_RUN_STATUSES),
  input: SimRunBody,
  scenario: Nullable(SimScenarioS),
  result: Nullable(SimResultS),
  error: Nullable(Type.String()),
  createdAt: IsoTime,
  createdBy: Type.String(),
  startedAt: Nullable(IsoTime),
  finishedAt: Nullable(IsoTime),
  durationMs: Nullable(Type.Integer()),
});
export type SimRun = Static<typeof SimRunS>;

/** A run in the list: without its result's places. */
export const SimRunSummaryS = Type.Omit(SimRunS, ['result', 'scenario']);
export type SimRunSummary = Static<typeof SimRunSummaryS>;

export const SimRunsQuery = Type.Object(
  {
    areaId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
