// Schemas of the patrol API (巡防): shifts, must-patrol points and lines, cameras, patrol forces in three tiers,
// daily plans (generate, edit, publish), the field view, check-ins, flags, roll call, daily reports and video
// patrol rounds. See docs/api.md and docs/patrol.md.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, UnitStatusS, UnitTypeS, IncidentCategoryS, PriorityS, lit } from './api';
import {
  CAMERA_CHECK_RESULTS,
  CHECKIN_METHODS,
  PATROL_FLAG_KINDS,
  PATROL_FLAG_STATUSES,
  PATROL_PLAN_STATUSES,
  PATROL_POINT_KINDS,
  PATROL_STOP_KINDS,
  PATROL_TIERS,
  ROLL_CALL_RESULTS,
  VIDEO_ROUND_STATUSES,
} from './domain';

export const PatrolTierS = lit(PATROL_TIERS);
export const PatrolPointKindS = lit(PATROL_POINT_KINDS);
export const PatrolStopKindS = lit(PATROL_STOP_KINDS);
export const PatrolPlanStatusS = lit(PATROL_PLAN_STATUSES);
export const CheckinMethodS = lit(CHECKIN_METHODS);
export const PatrolFlagKindS = lit(PATROL_FLAG_KINDS);
export const PatrolFlagStatusS = lit(PATROL_FLAG_STATUSES);
export const RollCallResultS = lit(ROLL_CALL_RESULTS);
export const VideoRoundStatusS = lit(VIDEO_ROUND_STATUSES);
export const CameraCheckResultS = lit(CAMERA_CHECK_RESULTS);
const Coord = Type.Tuple([Type.Number(), Type.Number()]);
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** Local wall-clock time of day, HH:MM (the deployment's time zone). */
export const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
/** A calendar date, YYYY-MM-DD (the deployment's time zone). */
/** A calendar day from 2000 on: `format: 'date'` refuses impossible days (02-30), the pattern years before 2000. */
export const DateS = Type.String({ format: 'date', pattern: '^2[0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });

// ---------------------------------------------------------------- reference data
export const ShiftS = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  /** Local start time, HH:MM. */
  startsAt: ClockTime,
  durationMinutes: Type.Integer(),
  /** Roll call (日点名) this many minutes after the shift starts. */
  rollCallOffsetMinutes: Type.Integer(),
});
export type Shift = Static<typeof ShiftS>;

export const PatrolPointS = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  kind: PatrolPointKindS,
  areaId: Nullable(Id),
  tier: PatrolTierS,
  lon: Type.Number(),
  lat: Type.Number(),
  visitsPerShift: Type.Integer(),
  dwellMinutes: Type.Integer(),
  /** Optional local window (HH:MM) in which visits count; null = the whole shift. */
  windowStart: Type.Union([ClockTime, Type.Null()]),
  windowEnd: Type.Union([ClockTime, Type.Null()]),
  /** Minimum minutes between two visits (repeat visits are spread over the shift). */
  minGapMinutes: Type.Integer(),
  /** Geofence radius for automatic check-in, metres. */
  radiusM: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type PatrolPoint = Static<typeof PatrolPointS>;

export const CreatePatrolPointBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    kind: PatrolPointKindS,
    tier: PatrolTierS,
    lon: Lon,
    lat: Lat,
    visitsPerShift: Type.Integer({ minimum: 1, maximum: 12 }),
    dwellMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    windowStart: Type.Optional(Type.Union([ClockTime, Type.Null()])),
    windowEnd: Type.Optional(Type.Union([ClockTime, Type.Null()])),
    minGapMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })),
    radiusM: Type.Optional(Type.Integer({ minimum: 10, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type CreatePatrolPointBody = Static<typeof CreatePatrolPointBody>;

/**
 * Edit a point (the version read). Moving it (lon and lat together) sets its station again; `active` false is a
 * retire (refused while a published plan of today or later uses the point), true a reactivation.
 */
export const UpdatePatrolPointBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    kind: Type.Optional(PatrolPointKindS),
    tier: Type.Optional(PatrolTierS),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    visitsPerShift: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    dwellMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    windowStart: Type.Optional(Type.Union([ClockTime, Type.Null()])),
    windowEnd: Type.Optional(Type.Union([ClockTime, Type.Null()])),
    minGapMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })),
    radiusM: Type.Optional(Type.Integer({ minimum: 10, maximum: 500 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdatePatrolPointBody = Static<typeof UpdatePatrolPointBody>;

export const PatrolPointListQuery = Type.Object(
  { areaId: Type.Optional(Id), tier: Type.Optional(PatrolTierS), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const PatrolLineS = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  areaId: Nullable(Id),
  tier: PatrolTierS,
  visitsPerShift: Type.Integer(),
  lengthM: Type.Number(),
  coordinates: Type.Array(Coord),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type PatrolLine = Static<typeof PatrolLineS>;

export const CreatePatrolLineBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    tier: PatrolTierS,
    visitsPerShift: Type.Integer({ minimum: 1, maximum: 12 }),
    coordinates: Type.Array(Type.Tuple([Lon, Lat]), { minItems: 2, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type CreatePatrolLineBody = Static<typeof CreatePatrolLineBody>;

/** Edit a line (the version read): name, tier, visits, or its course (redrawn: at least 2 distinct vertices). */
export const UpdatePatrolLineBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    tier: Type.Optional(PatrolTierS),
    visitsPerShift: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    coordinates: Type.Optional(Type.Array(Type.Tuple([Lon, Lat]), { minItems: 2, maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type UpdatePatrolLineBody = Static<typeof UpdatePatrolLineBody>;

/** Retire a point or line (the version read): it leaves future plans; history keeps it. */
export const PatrolRetireBody = Type.Object({ version: Type.Integer({ minimum: 1 }), reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export type PatrolRetireBody = Static<typeof PatrolRetireBody>;

/** Lines of an area (by geometry) and tier; `active` filters retired ones. */
export const PatrolLineListQuery = Type.Object(
  { areaId: Type.Optional(Id), tier: Type.Optional(PatrolTierS), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

/** A published plan of today or later that still uses a point or line (the details of 409 STILL_REFERENCED). */
export const PlanUseS = Type.Object({ planId: Id, date: DateS, shiftName: Type.String(), tier: PatrolTierS, areaId: Id, areaName: Nullable(Type.String()) });
export type PlanUse = Static<typeof PlanUseS>;

export const CameraS = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  areaId: Nullable(Id),
  lon: Type.Number(),
  lat: Type.Number(),
  /** Where the operator opens the picture (the video platform's own viewer); null when not configured. */
  viewUrl: Nullable(Type.String()),
  active: Type.Boolean(),
});
export type Camera = Static<typeof CameraS>;

/** A unit in a patrol tier: its area, mode and members (police, auxiliaries, grid workers, urban management, volunteers). */
export const PatrolForceS = Type.Object({
  unitId: Id,
  callsign: Type.String(),
  type: UnitTypeS,
  status: UnitStatusS,
  tier: PatrolTierS,
  areaId: Nullable(Id),
  areaName: Nullable(Type.String()),
  members: Type.Array(Type.Object({ name: Type.String(), role: Type.String() })),
  baseLon: Nullable(Type.Number()),
  baseLat: Nullable(Type.Number()),
});
export type PatrolForce = Static<typeof PatrolForceS>;

/** Put a unit in a patrol tier (or take it out with tier null), with the area it patrols and its base. */
export const SetPatrolForceBody = Type.Object(
  {
    tier: Type.Union([PatrolTierS, Type.Null()]),
    areaId: Type.Optional(Type.Union([Id, Type.Null()])),
    baseLon: Type.Optional(Type.Union([Lon, Type.Null()])),
    baseLat: Type.Optional(Type.Union([Lat, Type.Null()])),
  },
  { additionalProperties: false },
);
export type SetPatrolForceBody = Static<typeof SetPatrolForceBody>;

export const AreaTierQuery = Type.Object({ areaId: Type.Optional(Id), tier: Type.Optional(PatrolTierS) }, { additionalProperties: false });

// ---------------------------------------------------------------- plans
export const PlannedStopS = Type.Object({
  kind: PatrolStopKindS,
  /** Point, line or cell id (cells: "c:<x>:<y>" of the risk grid). */
  ref: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  /** Planned arrival and start of service, ISO times. */
  arriveAt: IsoTime,
  startAt: IsoTime,
  departAt: IsoTime,
  dwellSeconds: Type.Integer(),
  /** Risk (prize) of the visit: the cell's share of the shift's forecast incidents; 0 for points and lines. */
  risk: Type.Number(),
  /** Check-ins that count for this stop (filled on published plans). */
  visitedAt: Nullable(IsoTime),
  visitMethod: Type.Union([CheckinMethodS, Type.Null()]),
  /** Mandatory visit whose window or shift has passed without a check-in. */
  missed: Type.Boolean(),
});
export type PlannedStop = Static<typeof PlannedStopS>;

export const PlanRouteS = Type.Object({
  id: Id,
  unitId: Id,
  callsign: Type.String(),
  unitType: UnitTypeS,
  version: Type.Integer(),
  stops: Type.Array(PlannedStopS),
  /** Road geometry from the start through every stop back to the end. */
  coordinates: Type.Array(Coord),
  travelSeconds: Type.Number(),
  durationSeconds: Type.Number(),
  distanceM: Type.Number(),
  risk: Type.Number(),
  /** Seconds beyond the shift (after a hand edit); 0 when the route fits. */
  overtimeSeconds: Type.Number(),
  /** Window misses created by a hand edit (stop indexes). */
  lateStops: Type.Array(Type.Integer()),
  /** How travel times were measured: the road graph of the unit's mode, or straight lines (no roads imported). */
  travelSource: lit(['roads', 'straight_line'] as const),
});
export type PlanRoute = Static<typeof PlanRouteS>;

export const UnmetVisitS = Type.Object({ kind: PatrolStopKindS, ref: Type.String(), name: Type.String(), missing: Type.Integer() });

export const PatrolPlanS = Type.Object({
  id: Id,
  date: DateS,
  shift: ShiftS,
  tier: PatrolTierS,
  areaId: Id,
  areaName: Type.String(),
  status: PatrolPlanStatusS,
  version: Type.Integer(),
  shiftStart: IsoTime,
  shiftEnd: IsoTime,
  seed: Type.Integer(),
  generatedAt: IsoTime,
  generatedByName: Type.String(),
  publishedAt: Nullable(IsoTime),
  publishedByName: Nullable(Type.String()),
  /** Risk offered by every candidate cell, and the share the routes cover (0..1). */
  riskTotal: Type.Number(),
  riskPlanned: Type.Number(),
  unmet: Type.Array(UnmetVisitS),
  /** Where the risk came from: historic incident density until a forecast exists. */
  riskSource: Type.String(),
  routes: Type.Array(PlanRouteS),
});
export type PatrolPlan = Static<typeof PatrolPlanS>;

export const PatrolPlanSummaryS = Type.Object({
  id: Id,
  date: DateS,
  shiftId: Id,
  shiftName: Type.String(),
  tier: PatrolTierS,
  areaId: Id,
  areaName: Type.String(),
  status: PatrolPlanStatusS,
  version: Type.Integer(),
  teams: Type.Integer(),
  mandatoryStops: Type.Integer(),
  riskTotal: Type.Number(),
  riskPlanned: Type.Number(),
  unmet: Type.Integer(),
  shiftStart: IsoTime,
  shiftEnd: IsoTime,
});
export type PatrolPlanSummary = Static<typeof PatrolPlanSummaryS>;

export const PlanListQuery = Type.Object(
  { date: Type.Optional(DateS), shiftId: Type.Optional(Id), tier: Type.Optional(PatrolTierS), areaId: Type.Optional(Id), status: Type.Optional(PatrolPlanStatusS) },
  { additionalProperties: false },
);

export const GeneratePlanBody = Type.Object(
  {
    date: DateS,
    shiftId: Id,
    tier: PatrolTierS,
    /** A station, district or patrol zone: its patrol forces of the tier and its points are planned together. */
    areaId: Id,
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
    /** Planner budget, milliseconds. */
    timeBudgetMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 30000 })),
    /** Only these units (default: every unit of the tier in the area that is not off duty). */
    unitIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type GeneratePlanBody = Static<typeof GeneratePlanBody>;

export const EditRouteBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    /** The route's stops in their new order: reorder, add (any point, line or cell of the plan's area) and drop. */
    stops: Type.Array(Type.Object({ kind: PatrolStopKindS, ref: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }), { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type EditRouteBody = Static<typeof EditRouteBody>;

export const VersionBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type VersionBody = Static<typeof VersionBody>;

/** Candidates a planner may add to a route by hand: every point, line and cell of the plan. */
export const PlanCandidatesS = Type.Array(
  Type.Object({ kind: PatrolStopKindS, ref: Type.String(), name: Type.String(), lon: Type.Number(), lat: Type.Number(), risk: Type.Number(), mandatoryVisits: Type.Integer() }),
);
export type PlanCandidate = Static<typeof PlanCandidatesS>[number];

// ---------------------------------------------------------------- field view, check-ins, flags, roll call
export const CheckinS = Type.Object({
  id: Id,
  planId: Id,
  routeId: Id,
  unitId: Id,
  callsign: Type.String(),
  kind: PatrolStopKindS,
  ref: Type.String(),
  name: Type.String(),
  method: CheckinMethodS,
  at: IsoTime,
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  note: Nullable(Type.String()),
  photoId: Nullable(Id),
  byName: Type.String(),
  /** verified: counted as a visit; unverified: stored and flagged, never counted (issue 13 part 4). */
  proof: lit(['verified', 'unverified'] as const),
  /** Why: track_near, no_track (no recent position of the unit), claim_far / track_far (kept under the flag policy). */
  proofReason: Nullable(Type.String()),
  /** Distance of the nearest evidence from the place, m. */
  distanceM: Nullable(Type.Number()),
  /** The photo has no EXIF time or one older than the allowed age: a gallery photo. */
  photoGallery: Nullable(Type.Boolean()),
  /** 补传: sent late by the phone's offline queue; `at` is when the officer acted, receivedAt when it arrived. */
  lateSynced: Type.Boolean(),
  receivedAt: Nullable(IsoTime),
  /**
   * Against its stop's time window: inside (counts as the visit); early / late: 窗口外, kept and shown but not the
   * visit (issue 18); null when the stop has no window.
   */
  window: Type.Union([lit(['inside', 'early', 'late'] as const), Type.Null()]),
});
export type Checkin = Static<typeof CheckinS>;

export const CheckinBody = Type.Object(
  {
    routeId: Id,
    kind: PatrolStopKindS,
    ref: Type.String({ minLength: 1, maxLength: 40 }),
    method: lit(['qr', 'manual'] as const),
    /** The token printed in the point's QR code (method qr). */
    token: Type.Optional(Type.String({ minLength: 8, maxLength: 128 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    /** A JPEG or PNG as a data URL (downscale on the phone first), at most about 3 MB. */
    photo: Type.Optional(Type.String({ maxLength: 4_000_000, pattern: '^data:image/(jpeg|png);base64,' })),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    /** The position's reported accuracy, m. */
    accuracyMeters: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
    /** The photo's time as the phone saw it: kept for the record, never the evidence (EXIF and receipt are). */
    takenAt: Type.Optional(IsoTime),
  },
  { additionalProperties: false },
);
export type CheckinBody = Static<typeof CheckinBody>;

export const PatrolFlagS = Type.Object({
  id: Id,
  planId: Id,
  routeId: Id,
  unitId: Id,
  callsign: Type.String(),
  kind: PatrolFlagKindS,
  status: PatrolFlagStatusS,
  raisedAt: IsoTime,
  clearedAt: Nullable(IsoTime),
  /** What it is about: the point missed, the distance off route. */
  ref: Nullable(Type.String()),
  detail: Type.String(),
  distanceM: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  version: Type.Integer(),
});
export type PatrolFlag = Static<typeof PatrolFlagS>;
export const FlagListQuery = Type.Object(
  { planId: Type.Optional(Id), status: Type.Optional(PatrolFlagStatusS), date: Type.Optional(DateS) },
  { additionalProperties: false },
);

/** What a team sees on the phone: its published route for the shift that is on (or the next one). */
export const FieldViewS = Type.Object({
  unit: Type.Union([Type.Object({ id: Id, callsign: Type.String(), type: UnitTypeS, lon: Nullable(Type.Number()), lat: Nullable(Type.Number()) }), Type.Null()]),
  plan: Type.Union([Type.Object({ id: Id, date: DateS, shiftName: Type.String(), shiftStart: IsoTime, shiftEnd: IsoTime, tier: PatrolTierS, areaName: Type.String() }), Type.Null()]),
  route: Type.Union([PlanRouteS, Type.Null()]),
  /**
   * The route's check-ins, oldest first, each with its fit against its stop's window: the phone shows one outside it
   * as 窗口外 (kept, not the visit; issue 18) and an unverified one as such. Empty without a route.
   */
  checkins: Type.Array(CheckinS),
  flags: Type.Array(PatrolFlagS),
  /** Why there is nothing to show, when plan is null. */
  reason: Nullable(lit(['no_unit', 'no_plan'] as const)),
});
export type FieldView = Static<typeof FieldViewS>;

/** How a person or team was found present at roll call. */
export const RollCallSourceS = lit(['gps', 'checkin'] as const);
export type RollCallSource = Static<typeof RollCallSourceS>;
export const RollCallPersonS = Type.Object({
  personId: Id,
  personName: Type.String(),
  duty: Type.String(),
  present: Type.Boolean(),
  source: Nullable(RollCallSourceS),
  /** The person's own verified check-in that made them present (source checkin). */
  checkinAt: Nullable(IsoTime),
});
export type RollCallPerson = Static<typeof RollCallPersonS>;
export const RollCallEntryS = Type.Object({
  unitId: Id,
  callsign: Type.String(),
  result: RollCallResultS,
  /** Distance from where the plan has the team at roll-call time, metres. */
  distanceM: Nullable(Type.Number()),
  positionAt: Nullable(IsoTime),
  expectedLon: Type.Number(),
  expectedLat: Type.Number(),
  /**
   * A verified check-in of the team's route within the last 20 minutes: the team is on its patrol even when its GPS
   * is stale or elsewhere, and answers present (issue 18: roll call from check-ins as well as GPS). Absent on roll
   * calls stored before it.
   */
  checkinAt: Type.Optional(Nullable(IsoTime)),
  /** What made the team present: its GPS at the planned place, else a recent verified check-in; null when not present. */
  source: Type.Optional(Nullable(RollCallSourceS)),
  /**
   * The expected roll of the unit: the people the duty roster (值班表) has on this unit at roll-call time, each present
   * by their own verified check-in or by the unit's GPS (its position at the planned place, or a geofence check-in
   * made from it), else absent. A member not on the roster (on leave, rest day) is not listed. Absent on roll calls
   * stored before it.
   */
  roster: Type.Optional(Type.Array(RollCallPersonS)),
});
export const RollCallS = Type.Object({
  id: Id,
  planId: Id,
  at: IsoTime,
  byName: Type.String(),
  entries: Type.Array(RollCallEntryS),
  present: Type.Integer(),
  absent: Type.Integer(),
  /** People expected by the roster over all teams, and of them present (absent on roll calls stored before it). */
  rosterExpected: Type.Optional(Type.Integer()),
  rosterPresent: Type.Optional(Type.Integer()),
});
export type RollCall = Static<typeof RollCallS>;

// ---------------------------------------------------------------- reports
export const PatrolTeamReportS = Type.Object({
  unitId: Id,
  callsign: Type.String(),
  pointsPlanned: Type.Integer(),
  pointsVisited: Type.Integer(),
  pointsMissed: Type.Integer(),
  riskPlanned: Type.Number(),
  /** Risk of the cells the team's track passed through during the shift. */
  riskCovered: Type.Number(),
  km: Type.Number(),
  hoursOnPatrol: Type.Number(),
  checkins: Type.Object({ geofence: Type.Integer(), qr: Type.Integer(), manual: Type.Integer() }),
  offRouteFlags: Type.Integer(),
});
export const PatrolReportS = Type.Object({
  planId: Id,
  date: DateS,
  shiftName: Type.String(),
  tier: PatrolTierS,
  areaId: Id,
  areaName: Type.String(),
  /** The report covers the shift until this time (the shift's end, or now while it runs). */
  until: IsoTime,
  teams: Type.Array(PatrolTeamReportS),
  totals: Type.Object({
    pointsPlanned: Type.Integer(),
    pointsVisited: Type.Integer(),
    pointsMissed: Type.Integer(),
    riskTotal: Type.Number(),
    riskCovered: Type.Number(),
    km: Type.Number(),
    hoursOnPatrol: Type.Number(),
  }),
  /**
   * 见警率 measure: for each two-hour window of the shift, the share of high-risk cells (the top fifth by risk) that
   * a patrol track passed through.
   */
  visibility: Type.Array(Type.Object({ from: IsoTime, to: IsoTime, highRiskCells: Type.Integer(), patrolled: Type.Integer(), share: Type.Number() })),
  flags: Type.Object({ off_route: Type.Integer(), missed_point: Type.Integer(), absent: Type.Integer() }),
});
export type PatrolReport = Static<typeof PatrolReportS>;

// ---------------------------------------------------------------- video patrol
export const CameraCheckS = Type.Object({
  cameraId: Id,
  code: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  viewUrl: Nullable(Type.String()),
  result: Type.Union([CameraCheckResultS, Type.Null()]),
  note: Nullable(Type.String()),
  checkedAt: Nullable(IsoTime),
  checkedByName: Nullable(Type.String()),
  incidentId: Nullable(Id),
  incidentNumber: Nullable(Type.String()),
});
export const VideoRoundS = Type.Object({
  id: Id,
  areaId: Id,
  areaName: Type.String(),
  scheduledAt: IsoTime,
  status: VideoRoundStatusS,
  version: Type.Integer(),
  checked: Type.Integer(),
  findings: Type.Integer(),
  cameras: Type.Array(CameraCheckS),
});
export type VideoRound = Static<typeof VideoRoundS>;
export const VideoRoundListQuery = Type.Object({ date: Type.Optional(DateS), areaId: Type.Optional(Id), status: Type.Optional(VideoRoundStatusS) }, { additionalProperties: false });
export const CreateVideoRoundBody = Type.Object(
  {
    areaId: Id,
    scheduledAt: IsoTime,
    /** Default: every active camera of the area. */
    cameraIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CreateVideoRoundBody = Static<typeof CreateVideoRoundBody>;
export const CameraCheckBody = Type.Object(
  {
    result: CameraCheckResultS,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    /** With result finding: open an incident (source video_patrol) at the camera in the same step. */
    incident: Type.Optional(Type.Object({ category: IncidentCategoryS, priority: PriorityS, description: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type CameraCheckBody = Static<typeof CameraCheckBody>;
