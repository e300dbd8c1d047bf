// Schemas of the dispatch API: recommendations, routes, reach areas, coverage, response compliance, reinforcement
// requests and AVL gateway input (Traccar). See docs/api.md.
import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, UnitStatusS, UnitTypeS, IncidentCategoryS, lit } from './api';
import {
  COMPLIANCE_LEVELS,
  DISPATCH_REASONS,
  ESCALATION_REASONS,
  REINFORCEMENT_ACTIONS,
  REINFORCEMENT_STATUSES,
  ROAD_PROFILE_NAMES,
} from './domain';


export const EchelonS = lit([1, 2, 3] as const);
export const DispatchReasonS = lit(DISPATCH_REASONS);
export const RoadProfileS = lit(ROAD_PROFILE_NAMES);
const Coord = Type.Tuple([Type.Number(), Type.Number()]);

export const RunCardNeedS = Type.Object({ types: Type.Array(UnitTypeS), count: Type.Integer() });
export const RankedUnitS = Type.Object({
  unitId: Id,
  callsign: Type.String(),
  type: UnitTypeS,
  echelon: EchelonS,
  status: UnitStatusS,
  profile: RoadProfileS,
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  positionAt: Type.Union([IsoTime, Type.Null()]),
  /** Travel time by road, seconds; null when unknown (no position, stale, unreachable). */
  etaSeconds: Type.Union([Type.Number(), Type.Null()]),
  /** 1, 3 or 5: the smallest response tier (minutes) the unit reaches; null beyond 5 minutes or unknown. */
  tier: Type.Union([lit([1, 3, 5] as const), Type.Null()]),
  withinTarget: Type.Boolean(),
  reasons: Type.Array(DispatchReasonS),
  excluded: Type.Boolean(),
});
export type RankedUnit = Static<typeof RankedUnitS>;

export const RouteS = Type.Object({
  unitId: Id,
  seconds: Type.Number(),
  meters: Type.Number(),
  coordinates: Type.Array(Coord),
});
export type Route = Static<typeof RouteS>;

export const RecommendationS = Type.Object({
  incidentId: Id,
  targetSeconds: Type.Integer(),
  keyPlace: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
  runCard: Type.Object({ category: Type.String(), priority: Type.Optional(lit([1, 2, 3] as const)), needs: Type.Array(RunCardNeedS) }),
  echelonCalled: EchelonS,
  escalation: Type.Array(Type.Object({ echelon: lit([2, 3] as const), why: lit(ESCALATION_REASONS) })),
  ranked: Type.Array(RankedUnitS),
  proposal: Type.Array(Id),
  shortfall: Type.Array(RunCardNeedS),
  bestEtaSeconds: Type.Union([Type.Number(), Type.Null()]),
  /** Road routes of the proposed units (and the fastest ones), unit -> scene. */
  routes: Type.Array(RouteS),
  computedAt: IsoTime,
  /** The incident's version the recommendation was made from. */
  incidentVersion: Type.Integer(),
  /** Units already on the incident: they fill the run card first (the proposal and shortfall are what is missing). */
  assigned: Type.Array(Type.Object({ unitId: Id, callsign: Type.String(), type: UnitTypeS })),
  /** What it was made from (incident and unit versions): send it with the dispatch (`DispatchBody.token`). */
  token: Type.String(),
});
export type Recommendation = Static<typeof RecommendationS>;

export const RecommendationQuery = Type.Object(
  {
    /** Call this echelon (and the ones below) even if the lower ones could meet the target. */
    echelon: Type.Optional(lit([1, 2, 3] as const)),
  },
  { additionalProperties: false },
);

export const ReachQuery = Type.Object(
  {
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    unitId: Type.Optional(Id),
    profile: Type.Optional(RoadProfileS),
    /** Comma-separated seconds, ascending, at most 4; default 60,180,300. */
    budgets: Type.Optional(Type.String({ pattern: '^\\d{1,4}(,\\d{1,4}){0,3}$' })),
  },
  { additionalProperties: false },
);

export const CoverageQuery = Type.Object(
  {
    /** Comma-separated seconds, ascending, at most 3; default 180,300. */
    budgets: Type.Optional(Type.String({ pattern: '^\\d{1,4}(,\\d{1,4}){0,2}$' })),
  },
  { additionalProperties: false },
);

export const ComplianceQuery = Type.Object(
  {
    level: Type.Optional(lit(COMPLIANCE_LEVELS)),
    from: Type.Optional(IsoTime),
    to: Type.Optional(IsoTime),
    /** Also split by day (Asia/Shanghai), category and/or priority: comma-separated. */
    by: Type.Optional(Type.String({ pattern: '^(day|category|priority)(,(day|category|priority)){0,2}$' })),
    category: Type.Optional(IncidentCategoryS),
    priority: Type.Optional(lit(['1', '2', '3'] as const)),
  },
  { additionalProperties: false },
);

export const ComplianceRowS = Type.Object({
  areaId: Type.Union([Id, Type.Null()]),
  areaName: Type.Union([Type.String(), Type.Null()]),
  day: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([Type.String(), Type.Null()]),
  priority: Type.Union([Type.Integer(), Type.Null()]),
  /** Incidents reported in the period (not cancelled). */
  incidents: Type.Integer(),
  dispatched: Type.Integer(),
  arrived: Type.Integer(),
  /** Arrived within their target (dispatch to arrival <= target). */
  met: Type.Integer(),
  /** met / arrived; null without arrivals. */
  complianceRate: Type.Union([Type.Number(), Type.Null()]),
  medianCallToDispatchS: Type.Union([Type.Number(), Type.Null()]),
  medianDispatchToArrivalS: Type.Union([Type.Number(), Type.Null()]),
  p90DispatchToArrivalS: Type.Union([Type.Number(), Type.Null()]),
  medianTotalS: Type.Union([Type.Number(), Type.Null()]),
  /** Arrivals within 1, 3 and 5 minutes of dispatch. */
  within1: Type.Integer(),
  within3: Type.Integer(),
  within5: Type.Integer(),
});
export type ComplianceRow = Static<typeof ComplianceRowS>;
export const ComplianceS = Type.Object({ level: lit(COMPLIANCE_LEVELS), from: IsoTime, to: IsoTime, rows: Type.Array(ComplianceRowS) });
export type Compliance = Static<typeof ComplianceS>;

export const ReinforcementS = Type.Object({
  id: Id,
  incidentId: Id,
  incidentNumber: Type.String(),
  echelon: EchelonS,
  unitsNeeded: Type.Integer(),
  unitTypes: Type.Array(UnitTypeS),
  reason: Type.String(),
  status: lit(REINFORCEMENT_STATUSES),
  version: Type.Integer(),
  requestedByName: Type.String(),
  requestedAt: IsoTime,
  handledByName: Type.Union([Type.String(), Type.Null()]),
  acceptedAt: Type.Union([IsoTime, Type.Null()]),
  fulfilledAt: Type.Union([IsoTime, Type.Null()]),
  cancelledAt: Type.Union([IsoTime, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type Reinforcement = Static<typeof ReinforcementS>;

export const CreateReinforcementBody = Type.Object(
  {
    echelon: EchelonS,
    unitsNeeded: Type.Integer({ minimum: 1, maximum: 20 }),
    unitTypes: Type.Optional(Type.Array(UnitTypeS, { maxItems: 5, uniqueItems: true })),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type CreateReinforcementBody = Static<typeof CreateReinforcementBody>;

export const ReinforcementActionBody = Type.Object(
  {
    action: lit(REINFORCEMENT_ACTIONS),
    version: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ReinforcementActionBody = Static<typeof ReinforcementActionBody>;

export const ReinforcementListQuery = Type.Object(
  {
    /** "open" (requested or accepted), or one status. Default open. */
    status: Type.Optional(Type.Union([Type.Literal('open'), lit(REINFORCEMENT_STATUSES)])),
    incidentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  },
  { additionalProperties: false },
);

/**
 * Traccar's position forwarding (`forward.type = json`): one position and its device per request. Only the fields
 * Jingwang reads are checked; Traccar sends more (attributes, accuracy, ...), which are ignored.
 */
export const TraccarForwardBody = Type.Object({
  position: Type.Object({
    /** ISO 8601, or epoch milliseconds (some Traccar versions send numbers) */
    fixTime: Type.Union([IsoTime, Type.Integer({ minimum: 946684800000, maximum: 4102444800000 })]),
    latitude: Lat,
    longitude: Lon,
    valid: Type.Optional(Type.Boolean()),
    /** knots, as Traccar reports it */
    speed: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    course: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    outdated: Type.Optional(Type.Boolean()),
  }),
  device: Type.Object({ uniqueId: Type.String({ minLength: 1, maxLength: 64 }), name: Type.Optional(Type.String()) }),
});
export type TraccarForwardBody = Static<typeof TraccarForwardBody>;

export const SetDeviceBody = Type.Object(
  { deviceId: Type.Union([Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' }), Type.Null()]) },
  { additionalProperties: false },
);
export type SetDeviceBody = Static<typeof SetDeviceBody>;

