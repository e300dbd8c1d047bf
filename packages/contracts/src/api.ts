// Request and response schemas of the HTTP API (TypeBox: JSON Schema + static types).
// The server validates with them and serves them as OpenAPI at /docs; the web imports the static types.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  AREA_KINDS,
  CANCEL_REASONS,
  DISPOSITIONS,
  INCIDENT_ACTIONS,
  INCIDENT_CATEGORIES,
  INCIDENT_SOURCES,
  INCIDENT_STATUSES,
  PERSON_ROLES,
  POSTS,
  RECUT_OPS,
  TEAM_KINDS,
  AGENCY_KINDS,
  UNIT_STATUSES,
  UNIT_TYPES,
  USER_ROLES,
} from './domain';

/** A union of literals (enum) as a TypeBox schema with the literal type. */
export const lit = <T extends readonly (string | number)[]>(values: T, opts: object = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    opts,
  ) as unknown as TSchema & { static: T[number] };

export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const Lon = Type.Number({ minimum: -180, maximum: 180 });
export const Lat = Type.Number({ minimum: -90, maximum: 90 });
export const IsoTime = Type.String({ format: 'date-time' });

export const AreaKindS = lit(AREA_KINDS);
export const IncidentStatusS = lit(INCIDENT_STATUSES);
export const IncidentCategoryS = lit(INCIDENT_CATEGORIES);
export const IncidentSourceS = lit(INCIDENT_SOURCES);
export const IncidentActionS = lit(INCIDENT_ACTIONS);
export const DispositionS = lit(DISPOSITIONS);
export const CancelReasonS = lit(CANCEL_REASONS);
export const UnitStatusS = lit(UNIT_STATUSES);
export const UnitTypeS = lit(UNIT_TYPES);
export const UserRoleS = lit(USER_ROLES);
export const PersonRoleS = lit(PERSON_ROLES);
export const PostS = lit(POSTS);
export const TeamKindS = lit(TEAM_KINDS);
export const AgencyKindS = lit(AGENCY_KINDS);
export const PriorityS = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]);
export const RecutOpS = lit(RECUT_OPS);

export const ErrorBodyS = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
});

// ---------- auth ----------
export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    /** The 6-digit code of the authenticator app, for users with a second factor (asked by TOTP_REQUIRED). */
    totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** Change one's own password: the old one proves it is the owner; the new one must pass the strength rules. */
export const ChangePasswordBody = Type.Object(
  { oldPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;
/** An administrator sets an initial password: the user must change it at the next login. */
export const ResetPasswordBody = Type.Object({ newPassword: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
export type ResetPasswordBody = Static<typeof ResetPasswordBody>;
export const UserIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false });
export type UserIdParams = Static<typeof UserIdParams>;
/** The second factor's secret, shown once at enrolment (as text and as a QR code of the otpauth:// URI). */
export const TotpEnrolS = Type.Object({ secret: Type.String(), uri: Type.String(), qrSvg: Type.String() });
export type TotpEnrol = Static<typeof TotpEnrolS>;
export const TotpCodeBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
export type TotpCodeBody = Static<typeof TotpCodeBody>;
export const TotpDisableBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
export type TotpDisableBody = Static<typeof TotpDisableBody>;
export const OkS = Type.Object({ ok: Type.Boolean() });

export const UserS = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: UserRoleS,
  scopeAreaId: Type.Union([Id, Type.Null()]),
  scopeAreaName: Type.Union([Type.String(), Type.Null()]),
  personId: Type.Union([Id, Type.Null()]),
});
export type User = Static<typeof UserS>;

export const SessionS = Type.Object({
  user: UserS,
  csrfToken: Type.String(),
  /** Outside demo mode, a user on an initial or demo password may only change it (PASSWORD_CHANGE_REQUIRED). */
  mustChangePassword: Type.Optional(Type.Boolean()),
  /** The account has a TOTP second factor. */
  totpEnabled: Type.Optional(Type.Boolean()),
  /** The role may enrol a second factor (admins and leaders). */
  totpAllowed: Type.Optional(Type.Boolean()),
});
export type Session = Static<typeof SessionS>;

// ---------- config ----------
export const ClientConfigS = Type.Object({
  basemapUrl: Type.Union([Type.String(), Type.Null()]),
  /** true when BASEMAP_URL is a Chinese (GCJ-02) basemap: the web shifts our WGS-84 coordinates to draw on it. */
  basemapGcj02: Type.Boolean(),
  /** true when the offline vector basemap (GET /api/basemap.pmtiles, built from the OSM extract) exists. */
  basemap: Type.Boolean(),
  demo: Type.Boolean(),
  /** A unit position older than this is stale (drawn faded, last in dispatch lists); clients re-check it as time passes. */
  stalePositionSeconds: Type.Integer(),
  bbox: Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]), Type.Null()]),
  version: Type.String(),
  /**
   * The county this deployment serves, shown in the header, on the login page and in the browser's title: as named
   * at the first run, else the demo's name, else the live county area's; null before any of them exists.
   */
  county: Type.Union([Type.Object({ name: Type.String(), code: Type.String() }), Type.Null()]),
});
export type ClientConfig = Static<typeof ClientConfigS>;

// ---------- areas ----------
export const AreaS = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  kind: AreaKindS,
  parentId: Type.Union([Id, Type.Null()]),
  validFrom: IsoTime,
  validTo: Type.Union([IsoTime, Type.Null()]),
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
  areaKm2: Type.Number(),
  /** The response target (seconds, dispatch to arrival) of incidents in this area; null: the parent's, else 300. */
  responseTargetS: Type.Union([Type.Integer(), Type.Null()]),
  /** Changes with each edit in place (the response target). */
  version: Type.Integer(),
});
export type Area = Static<typeof AreaS>;

/** Set (60-3600 s) or clear (null) an area's response target, with the version read. */
export const AreaResponseTargetBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), targetS: Type.Union([Type.Integer({ minimum: 60, maximum: 3600 }), Type.Null()]) },
  { additionalProperties: false },
);
export type AreaResponseTargetBody = Static<typeof AreaResponseTargetBody>;

export const AreaListQuery = Type.Object(
  {
    kind: Type.Optional(AreaKindS),
    /** Areas valid at this time (default now). */
    at: Type.Optional(IsoTime),
    includeRetired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AreaGeoJsonQuery = Type.Object(
  {
    /** Comma-separated kinds, e.g. "grid,police_grid". */
    kinds: Type.Optional(Type.String({ pattern: '^[a-z_]+(,[a-z_]+)*$' })),
    at: Type.Optional(IsoTime),
  },
  { additionalProperties: false },
);

/** Properties every imported feature must carry. */
export const AreaFeaturePropsS = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  kind: AreaKindS,
  parentCode: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

export const AreaImportResultS = Type.Object({
  imported: Type.Integer(),
  overlaps: Type.Array(
    Type.Object({ a: Type.String(), b: Type.String(), overlapKm2: Type.Number() }),
  ),
});
export type AreaImportResult = Static<typeof AreaImportResultS>;

/** Slivers left out of an import preview: a piece smaller than this share of its parent's area, and never under 1 m². */
export const AREA_PREVIEW_SLIVER = { share: 0.0001, minM2: 1 } as const;

const PreviewGeometryS = Type.Object({ type: Type.String(), coordinates: Type.Unknown() });

/**
 * POST /api/areas/import/preview: what the import of the same file would do, with nothing written. Each feature:
 * `new`, or a code already live (`unchanged`: same name, kind, parent and boundary; `differs`), which the import
 * refuses (DUPLICATE_CODE); its parent in the file, live in the database, missing (UNKNOWN_PARENT) or none. Per
 * parent and child kind: overlaps between siblings, gaps (the parent not covered by its children of the kind) and
 * children outside their parent, each with its geometry (MultiPolygon) and area; slivers under AREA_PREVIEW_SLIVER
 * are left out. `importable`: no feature is blocked.
 */
export const AreaImportPreviewS = Type.Object({
  importable: Type.Boolean(),
  counts: Type.Object({
    features: Type.Integer(),
    new: Type.Integer(),
    unchanged: Type.Integer(),
    differs: Type.Integer(),
    missingParent: Type.Integer(),
    overlaps: Type.Integer(),
    gaps: Type.Integer(),
    outside: Type.Integer(),
  }),
  features: Type.Array(
    Type.Object({
      index: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      kind: AreaKindS,
      parentCode: Type.Union([Type.String(), Type.Null()]),
      status: lit(['new', 'unchanged', 'differs'] as const),
      parent: lit(['file', 'live', 'missing', 'none'] as const),
      blockedBy: Type.Union([Type.Literal('DUPLICATE_CODE'), Type.Literal('UNKNOWN_PARENT'), Type.Null()]),
      areaM2: Type.Number(),
    }),
  ),
  overlaps: Type.Array(
    Type.Object({ parentCode: Type.Union([Type.String(), Type.Null()]), kind: AreaKindS, a: Type.String(), b: Type.String(), areaM2: Type.Number(), geometry: PreviewGeometryS }),
  ),
  gaps: Type.Array(
    Type.Object({ parentCode: Type.String(), kind: AreaKindS, areaM2: Type.Number(), parentAreaM2: Type.Number(), geometry: PreviewGeometryS }),
  ),
  outside: Type.Array(Type.Object({ parentCode: Type.String(), code: Type.String(), kind: AreaKindS, areaM2: Type.Number(), geometry: PreviewGeometryS })),
});
export type AreaImportPreview = Static<typeof AreaImportPreviewS>;

export const RecutBody = Type.Union([
  Type.Object(
    {
      op: Type.Literal('merge'),
      /** Codes of the areas to merge (e.g. responsibility zones). */
      sourceCodes: Type.Array(Type.String(), { minItems: 2, maxItems: 200 }),
      target: Type.Object({ code: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }), kind: AreaKindS }),
      /** Parent of the new area; default the common parent of the sources. */
      parentCode: Type.Optional(Type.String()),
      /** Keep the sources alive (as children of the new area) instead of retiring them. */
      keepSources: Type.Optional(Type.Boolean()),
      effectiveAt: Type.Optional(IsoTime),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      op: Type.Literal('bundle'),
      /** Codes of the areas (e.g. station areas) placed under a new parent (e.g. a district). */
      memberCodes: Type.Array(Type.String(), { minItems: 1, maxItems: 200 }),
      target: Type.Object({ code: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }), kind: AreaKindS }),
      parentCode: Type.Optional(Type.String()),
      effectiveAt: Type.Optional(IsoTime),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      op: Type.Literal('split'),
      sourceCode: Type.String(),
      /** A line (WGS-84 [lon,lat] pairs) that cuts the area in two or more parts. */
      blade: Type.Array(Type.Tuple([Lon, Lat]), { minItems: 2, maxItems: 1000 }),
      /** Codes and names for the parts, ordered west to east then south to north by centroid. */
      parts: Type.Array(Type.Object({ code: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }) }), { minItems: 2 }),
      effectiveAt: Type.Optional(IsoTime),
    },
    { additionalProperties: false },
  ),
]);
export type RecutBody = Static<typeof RecutBody>;

export const RecutResultS = Type.Object({
  op: RecutOpS,
  created: Type.Array(AreaS),
  retired: Type.Array(Type.String()),
  reparented: Type.Array(Type.String()),
});
export type RecutResult = Static<typeof RecutResultS>;

export const AreaHistoryS = Type.Array(
  Type.Object({
    id: Id,
    at: IsoTime,
    op: Type.String(),
    actor: Type.String(),
    detail: Type.Unknown(),
  }),
);

// ---------- locate: which areas and officer a point belongs to ----------
export const LocateQuery = Type.Object({ lon: Lon, lat: Lat }, { additionalProperties: false });
export const AreaRefS = Type.Object({ id: Id, code: Type.String(), name: Type.String() });
export type AreaRef = Static<typeof AreaRefS>;
export const OfficerRefS = Type.Object({ id: Id, name: Type.String(), role: PersonRoleS, phoneMasked: Type.Union([Type.String(), Type.Null()]) });
export type OfficerRef = Static<typeof OfficerRefS>;
export const LocationAreasS = Type.Object({
  grid: Type.Union([AreaRefS, Type.Null()]),
  policeGrid: Type.Union([AreaRefS, Type.Null()]),
  respZone: Type.Union([AreaRefS, Type.Null()]),
  community: Type.Union([AreaRefS, Type.Null()]),
  station: Type.Union([AreaRefS, Type.Null()]),
  district: Type.Union([AreaRefS, Type.Null()]),
});
export type LocationAreas = Static<typeof LocationAreasS>;
export const LocateResultS = Type.Object({
  areas: LocationAreasS,
  officer: Type.Union([OfficerRefS, Type.Null()]),
  gridWorker: Type.Union([OfficerRefS, Type.Null()]),
});
export type LocateResult = Static<typeof LocateResultS>;

// ---------- incidents ----------
export const CreateIncidentBody = Type.Object(
  {
    source: IncidentSourceS,
    category: IncidentCategoryS,
    priority: PriorityS,
    lon: Lon,
    lat: Lat,
    address: Type.String({ maxLength: 256 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    callerName: Type.Optional(Type.String({ maxLength: 64 })),
    callerPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' })),
    /** When the call was received; default now. */
    reportedAt: Type.Optional(IsoTime),
  },
  { additionalProperties: false },
);
export type CreateIncidentBody = Static<typeof CreateIncidentBody>;

export const AssignmentS = Type.Object({
  unitId: Id,
  callsign: Type.String(),
  unitType: UnitTypeS,
  dispatchedAt: IsoTime,
  arrivedAt: Type.Union([IsoTime, Type.Null()]),
  releasedAt: Type.Union([IsoTime, Type.Null()]),
  /** Travel time promised when this unit was sent, seconds. */
  etaSeconds: Type.Union([Type.Number(), Type.Null()]),
  /** How the arrival was known: a position inside the scene, or a status change. */
  arrivalSource: Type.Union([Type.Literal('position'), Type.Literal('status'), Type.Null()]),
});

export const IncidentResponseS = Type.Object({
  /** The response target that applied when the incident was reported (60 key place, 180 town, 300 elsewhere). */
  targetSeconds: Type.Union([Type.Integer(), Type.Null()]),
  keyPlace: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
  /** The travel time promised when the first unit was sent. */
  etaSeconds: Type.Union([Type.Number(), Type.Null()]),
  callToDispatchS: Type.Union([Type.Number(), Type.Null()]),
  dispatchToArrivalS: Type.Union([Type.Number(), Type.Null()]),
  totalS: Type.Union([Type.Number(), Type.Null()]),
  /** Dispatch to arrival within the target; null until arrival. */
  met: Type.Union([Type.Boolean(), Type.Null()]),
});
export type IncidentResponse = Static<typeof IncidentResponseS>;

export const IncidentS = Type.Object({
  id: Id,
  number: Type.String(),
  source: IncidentSourceS,
  category: IncidentCategoryS,
  priority: PriorityS,
  status: IncidentStatusS,
  version: Type.Integer(),
  lon: Type.Number(),
  lat: Type.Number(),
  address: Type.String(),
  description: Type.String(),
  callerName: Type.Union([Type.String(), Type.Null()]),
  /** Masked (138****1234) unless read through the audited contact endpoint. */
  callerPhone: Type.Union([Type.String(), Type.Null()]),
  areas: LocationAreasS,
  officer: Type.Union([OfficerRefS, Type.Null()]),
  reportedAt: IsoTime,
  dispatchedAt: Type.Union([IsoTime, Type.Null()]),
  enRouteAt: Type.Union([IsoTime, Type.Null()]),
  onSceneAt: Type.Union([IsoTime, Type.Null()]),
  resolvedAt: Type.Union([IsoTime, Type.Null()]),
  closedAt: Type.Union([IsoTime, Type.Null()]),
  updatedAt: IsoTime,
  response: IncidentResponseS,
  assignments: Type.Array(AssignmentS),
  /** When the call stopped being worked (resolved, cancelled or transferred): 已历时 stops there. */
  endedAt: Type.Optional(Type.Union([IsoTime, Type.Null()])),
  /** The disposition code given at resolve (处警结果), with its note. */
  disposition: Type.Optional(Type.Union([DispositionS, Type.Null()])),
  dispositionNote: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Why it was cancelled. */
  cancelReason: Type.Optional(Type.Union([CancelReasonS, Type.Null()])),
  /** The neighbouring centre it was transferred to, and that centre's reference. */
  transfer: Type.Optional(Type.Union([Type.Object({ centre: Type.String(), reference: Type.String() }), Type.Null()])),
});
export type Incident = Static<typeof IncidentS>;

export const IncidentEventS = Type.Object({
  id: Id,
  at: IsoTime,
  type: Type.String(),
  fromStatus: Type.Union([IncidentStatusS, Type.Null()]),
  toStatus: Type.Union([IncidentStatusS, Type.Null()]),
  actor: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  data: Type.Unknown(),
  /** 补传: the phone's action reached the server late (offline queue); `at` is its real time, receivedAt the receipt. */
  lateSynced: Type.Optional(Type.Boolean()),
  receivedAt: Type.Optional(Type.Union([IsoTime, Type.Null()])),
});
export type IncidentEvent = Static<typeof IncidentEventS>;

export const IncidentDetailS = Type.Intersect([IncidentS, Type.Object({ events: Type.Array(IncidentEventS) })]);
export type IncidentDetail = Static<typeof IncidentDetailS>;

export const IncidentListQuery = Type.Object(
  {
    /** Comma-separated statuses, or "open" for new..on_scene. */
    status: Type.Optional(Type.String({ pattern: '^(open|[a-z_]+(,[a-z_]+)*)$' })),
    category: Type.Optional(IncidentCategoryS),
    priority: Type.Optional(PriorityS),
    areaId: Type.Optional(Id),
    from: Type.Optional(IsoTime),
    to: Type.Optional(IsoTime),
    q: Type.Optional(Type.String({ maxLength: 64 })),
    /** Exact incident number (JQ...). */
    number: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    /** Caller phone: matched on its keyed hash (never by decrypting rows), or on the masked form for older rows. */
    phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' })),
    /** Part of the address text. */
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    disposition: Type.Optional(DispositionS),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type IncidentListQuery = Static<typeof IncidentListQuery>;

export const IncidentListS = Type.Object({
  items: Type.Array(IncidentS),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type IncidentList = Static<typeof IncidentListS>;

export const TransferS = Type.Object(
  {
    /** The receiving centre (e.g. 邻县公安局指挥中心). */
    centre: Type.String({ minLength: 1, maxLength: 100 }),
    /** The receiving centre's reference for the call. */
    reference: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    action: IncidentActionS,
    version: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** Required to resolve. */
    disposition: Type.Optional(DispositionS),
    /** Required to cancel (the note says more). */
    reason: Type.Optional(CancelReasonS),
    /** Required to transfer. */
    transfer: Type.Optional(TransferS),
  },
  { additionalProperties: false },
);
export type TransitionBody = Static<typeof TransitionBody>;

export const DispatchBody = Type.Object(
  {
    unitId: Id,
    version: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /**
     * The basis token of the recommendation or list the unit was chosen from (`Recommendation.token`). When the
     * incident or the unit changed since, the dispatch is refused with 409 RECOMMENDATION_STALE saying what changed.
     */
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, pattern: '^b1\\.' })),
    /** Dispatch even though the basis changed: the dispatcher saw the changes (the 409's details) and confirms. */
    confirm: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DispatchBody = Static<typeof DispatchBody>;

/** A remark (备注) added to the call's timeline. */
export const RemarkBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    text: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
export type RemarkBody = Static<typeof RemarkBody>;

/** A change of grade after intake: the category and/or the priority, with the reason. */
export const RegradeBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    category: Type.Optional(IncidentCategoryS),
    priority: Type.Optional(PriorityS),
    reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
export type RegradeBody = Static<typeof RegradeBody>;

export const ContactS = Type.Object({ callerName: Type.Union([Type.String(), Type.Null()]), callerPhone: Type.Union([Type.String(), Type.Null()]) });

// ---------- units and positions ----------
export const UnitS = Type.Object({
  id: Id,
  callsign: Type.String(),
  type: UnitTypeS,
  echelon: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
  status: UnitStatusS,
  version: Type.Integer(),
  teamId: Type.Union([Id, Type.Null()]),
  teamName: Type.Union([Type.String(), Type.Null()]),
  homeAreaId: Type.Union([Id, Type.Null()]),
  homeAreaName: Type.Union([Type.String(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  positionAt: Type.Union([IsoTime, Type.Null()]),
  /** True when the last position is older than the stale threshold. */
  stale: Type.Boolean(),
  incidentId: Type.Union([Id, Type.Null()]),
  /** The AVL device (Traccar uniqueId, JT808 terminal) that reports its position. */
  deviceId: Type.Union([Type.String(), Type.Null()]),
  members: Type.Array(Type.Object({ id: Id, name: Type.String(), role: PersonRoleS })),
  /** Why the unit has its status when set by hand (meal break, out of service, ...), and since when. */
  statusReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  statusSince: Type.Optional(Type.Union([IsoTime, Type.Null()])),
  patrolTier: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type Unit = Static<typeof UnitS>;

/**
 * What the duty roster says of each unit in scope now: true, someone is on duty on it; false, its station keeps a
 * roster for today and nobody on the unit is on duty (dispatch leaves it out: not_rostered); null, no roster applies.
 */
export const UnitStaffingS = Type.Object({
  at: IsoTime,
  units: Type.Array(Type.Object({ unitId: Id, rostered: Type.Union([Type.Boolean(), Type.Null()]) })),
});
export type UnitStaffing = Static<typeof UnitStaffingS>;

export const PositionS = Type.Object(
  {
    unitId: Id,
    lon: Lon,
    lat: Lat,
    at: IsoTime,
    speedKmh: Type.Optional(Type.Number({ minimum: 0, maximum: 400 })),
    heading: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
  },
  { additionalProperties: false },
);
export type Position = Static<typeof PositionS>;
export const PositionBatchBody = Type.Object(
  { positions: Type.Array(PositionS, { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: false },
);
export const PositionBatchResultS = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  outOfOrder: Type.Integer(),
  /** Units found at their scene by these positions (arrival detection). */
  arrivals: Type.Integer(),
  /** Positions refused and not stored (e.g. far outside the county), by their index in the batch; absent when none. */
  rejected: Type.Optional(Type.Array(Type.Object({ index: Type.Integer(), unitId: Type.Integer(), reason: Type.String() }))),
});

// ---------- organisation ----------
export const AgencyS = Type.Object({
  id: Id,
  name: Type.String(),
  kind: AgencyKindS,
  areaId: Type.Union([Id, Type.Null()]),
  // administration (issue 12)
  code: Type.Optional(Type.String()),
  areaName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  version: Type.Optional(Type.Integer()),
  active: Type.Optional(Type.Boolean()),
});
export const TeamS = Type.Object({
  id: Id,
  name: Type.String(),
  kind: TeamKindS,
  agencyId: Id,
  agencyName: Type.String(),
  areaId: Type.Union([Id, Type.Null()]),
  areaName: Type.Union([Type.String(), Type.Null()]),
  memberCount: Type.Integer(),
  // administration (issue 12): leader and deputy, version
  code: Type.Optional(Type.String()),
  leaderId: Type.Optional(Type.Union([Id, Type.Null()])),
  leaderName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  deputyId: Type.Optional(Type.Union([Id, Type.Null()])),
  deputyName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  version: Type.Optional(Type.Integer()),
});
export type Team = Static<typeof TeamS>;
export const PersonS = Type.Object({
  id: Id,
  name: Type.String(),
  role: PersonRoleS,
  post: Type.Union([PostS, Type.Null()]),
  badgeNo: Type.Union([Type.String(), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  agencyId: Id,
  agencyName: Type.String(),
  teamId: Type.Union([Id, Type.Null()]),
  teamName: Type.Union([Type.String(), Type.Null()]),
  areas: Type.Array(AreaRefS),
  // administration (issue 12)
  code: Type.Optional(Type.String()),
  version: Type.Optional(Type.Integer()),
});
export type Person = Static<typeof PersonS>;
export const PeopleQuery = Type.Object(
  {
    areaId: Type.Optional(Id),
    role: Type.Optional(PersonRoleS),
    q: Type.Optional(Type.String({ maxLength: 64 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export const PeopleListS = Type.Object({ items: Type.Array(PersonS), total: Type.Integer() });

// ---------- stats for the command room ----------
export const StatsSummaryS = Type.Object({
  openByStatus: Type.Record(Type.String(), Type.Integer()),
  today: Type.Object({ total: Type.Integer(), byCategory: Type.Record(Type.String(), Type.Integer()) }),
  /** Incidents per hour over the last 24 hours, oldest first. */
  last24h: Type.Array(Type.Object({ hour: IsoTime, count: Type.Integer() })),
  units: Type.Record(Type.String(), Type.Integer()),
  /** Median minutes from report to arrival over the last 7 days, null when none. */
  medianResponseMin7d: Type.Union([Type.Number(), Type.Null()]),
});
export type StatsSummary = Static<typeof StatsSummaryS>;
