// Key places (重点部位) and cameras (视频点位) administered by the bureau (issue 12 part 1). A key place's point, radius
// and response target decide the target of incidents reported inside it (dispatch reads only active ones); cameras
// are the stops of video patrol rounds (only active ones). Each record lies in the station its point is in; station
// leads administer their station's, admins everything. Edits carry the version read (409 STALE_VERSION); retiring
// never deletes and needs a reason; every change is in the audit log with the record before and after.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, lit } from './api';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Version = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' });
const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' });

export const KEY_PLACE_KINDS = ['school', 'hospital', 'transport', 'government', 'market', 'finance', 'venue', 'other'] as const;
export type KeyPlaceKind = (typeof KEY_PLACE_KINDS)[number];
export const KEY_PLACE_KIND_LABELS: Record<KeyPlaceKind, { zh: string; en: string }> = {
  school: { zh: '学校', en: 'School' },
  hospital: { zh: '医院', en: 'Hospital' },
  transport: { zh: '交通枢纽', en: 'Transport hub' },
  government: { zh: '党政机关', en: 'Government' },
  market: { zh: '商场市场', en: 'Market' },
  finance: { zh: '金融网点', en: 'Bank' },
  venue: { zh: '人员密集场所', en: 'Crowded venue' },
  other: { zh: '其他', en: 'Other' },
};
export const KeyPlaceKindS = lit(KEY_PLACE_KINDS);

/** Sane ranges: a radius of 10 m to 2 km, a response target of 30 s to 1 h (the database checks the same). */
export const KEY_PLACE_LIMITS = { radiusM: { min: 10, max: 2000 }, targetS: { min: 30, max: 3600 } } as const;
const RadiusM = Type.Integer({ minimum: KEY_PLACE_LIMITS.radiusM.min, maximum: KEY_PLACE_LIMITS.radiusM.max });
const TargetS = Type.Integer({ minimum: KEY_PLACE_LIMITS.targetS.min, maximum: KEY_PLACE_LIMITS.targetS.max });
/** Where the operator opens the picture: http(s) only. */
export const ViewUrl = Type.String({ minLength: 8, maxLength: 500, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$' });

export const PlacesQuery = Type.Object(
  {
    /** Also the retired ones. */
    retired: Type.Optional(Type.Boolean()),
    /** A piece of the name or code. */
    q: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type PlacesQuery = Static<typeof PlacesQuery>;

/** Where the point lies: its station and grid (null outside every current one). */
const Located = {
  stationId: Nullable(Id),
  stationName: Nullable(Type.String()),
  gridId: Nullable(Id),
  gridName: Nullable(Type.String()),
};
const Lifecycle = {
  active: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: IsoTime,
  retiredAt: Nullable(IsoTime),
  retireReason: Nullable(Type.String()),
};

// ---------- key places ----------
export const KeyPlaceS = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  kind: KeyPlaceKindS,
  lon: Type.Number(),
  lat: Type.Number(),
  radiusM: Type.Number(),
  targetS: Type.Integer(),
  ...Located,
  /** Incidents still open whose target came from this place. */
  openIncidents: Type.Integer(),
  ...Lifecycle,
});
export type KeyPlace = Static<typeof KeyPlaceS>;
export const KeyPlaceBody = Type.Object(
  { code: Code, name: Name, kind: KeyPlaceKindS, lon: Lon, lat: Lat, radiusM: RadiusM, targetS: TargetS },
  { additionalProperties: false },
);
export type KeyPlaceBody = Static<typeof KeyPlaceBody>;
export const KeyPlacePatch = Type.Object(
  {
    version: Version,
    code: Type.Optional(Code),
    name: Type.Optional(Name),
    kind: Type.Optional(KeyPlaceKindS),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    radiusM: Type.Optional(RadiusM),
    targetS: Type.Optional(TargetS),
  },
  { additionalProperties: false },
);
export type KeyPlacePatch = Static<typeof KeyPlacePatch>;

// ---------- cameras ----------
export const CameraRecordS = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  viewUrl: Nullable(Type.String()),
  ...Located,
  /** Video rounds not done yet that include the camera. */
  openRounds: Type.Integer(),
  ...Lifecycle,
});
export type CameraRecord = Static<typeof CameraRecordS>;
export const CameraBody = Type.Object(
  { code: Code, name: Name, lon: Lon, lat: Lat, viewUrl: Type.Optional(Type.Union([ViewUrl, Type.Null()])) },
  { additionalProperties: false },
);
export type CameraBody = Static<typeof CameraBody>;
export const CameraPatch = Type.Object(
  {
    version: Version,
    code: Type.Optional(Code),
    name: Type.Optional(Name),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    viewUrl: Type.Optional(Type.Union([ViewUrl, Type.Null()])),
  },
  { additionalProperties: false },
);
export type CameraPatch = Static<typeof CameraPatch>;

// ---------- retire and history ----------
/** Retiring needs the reason (kept on the record and in its history). */
export const PlaceRetireBody = Type.Object(
  { version: Version, reason: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) },
  { additionalProperties: false },
);
export type PlaceRetireBody = Static<typeof PlaceRetireBody>;
export const PLACE_CHANGES = ['created', 'updated', 'retired'] as const;
/** One change of a key place or camera, from the audit log: who, when, the fields before and after. */
export const PlaceChangeS = Type.Object({
  at: IsoTime,
  username: Type.String(),
  change: lit(PLACE_CHANGES),
  before: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  after: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  reason: Nullable(Type.String()),
});
export type PlaceChange = Static<typeof PlaceChangeS>;
