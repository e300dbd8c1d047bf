// The dispatcher's intake (issue 14, part 1): address search as one types, history of the caller's number and of
// the place, possible duplicates to link instead of a new incident, and the shift handover log (交接班).
import { Type, type Static } from '@sinclair/typebox';
import { Id, IncidentCategoryS, IncidentSourceS, IncidentStatusS, IsoTime, Lat, Lon, PriorityS, lit } from './api';

/** Where an address hit comes from; `gazetteer` is the registry's standard addresses once they exist. */
export const PLACE_SOURCES = ['gazetteer', 'key_place', 'area', 'road', 'incident'] as const;
export type PlaceSource = (typeof PLACE_SOURCES)[number];
export const PLACE_SOURCE_LABELS: Record<PlaceSource, { zh: string; en: string }> = {
  gazetteer: { zh: '标准地址', en: 'Standard address' },
  key_place: { zh: '重点部位', en: 'Key place' },
  area: { zh: '辖区', en: 'Area' },
  road: { zh: '道路', en: 'Road' },
  incident: { zh: '历史警情地址', en: 'Past call address' },
};
export const PlaceSourceS = lit(PLACE_SOURCES);

const Phone = Type.String({ pattern: '^[0-9+\\- ]{3,20}$' });

export const PlaceSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 64 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
  },
  { additionalProperties: false },
);
export type PlaceSearchQuery = Static<typeof PlaceSearchQuery>;

export const PlaceHitS = Type.Object({
  source: PlaceSourceS,
  /** The record's id in its source (area id, key place id, road id, incident id). */
  id: Type.Integer(),
  name: Type.String(),
  /** A second line: the area's kind and parent, the road's class, how many past calls. */
  detail: Type.String(),
  lon: Lon,
  lat: Lat,
  /** How the name matched: 0 exact, 1 prefix, 2 contains. */
  match: Type.Integer({ minimum: 0, maximum: 2 }),
});
export type PlaceHit = Static<typeof PlaceHitS>;
export const PlaceHitsS = Type.Object({ items: Type.Array(PlaceHitS), tookMs: Type.Number() });
export type PlaceHits = Static<typeof PlaceHitsS>;

export const IntakeCheckQuery = Type.Object(
  {
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    phone: Type.Optional(Phone),
    /** The address hit the point was placed from: checked against the point. */
    hitSource: Type.Optional(PlaceSourceS),
    hitId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type IntakeCheckQuery = Static<typeof IntakeCheckQuery>;

export const CallRefS = Type.Object({
  id: Id,
  number: Type.String(),
  status: IncidentStatusS,
  category: IncidentCategoryS,
  priority: PriorityS,
  reportedAt: IsoTime,
  address: Type.String(),
});
export type CallRef = Static<typeof CallRefS>;

/** Past calls of a number or a place over the last days: counts by grade, the open ones. */
export const CallHistoryS = Type.Object({
  days: Type.Integer(),
  count: Type.Integer(),
  byPriority: Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer() }),
  byCategory: Type.Record(Type.String(), Type.Integer()),
  open: Type.Array(CallRefS),
  recent: Type.Array(CallRefS),
});
export type CallHistory = Static<typeof CallHistoryS>;

export const DuplicateS = Type.Object({
  incident: CallRefS,
  version: Type.Integer(),
  /** Why it may be the same call: the same place (within the radius) and/or the same caller. */
  reasons: Type.Array(lit(['place', 'caller'] as const)),
  distanceM: Type.Union([Type.Number(), Type.Null()]),
  ended: Type.Boolean(),
  duplicates: Type.Integer(),
});
export type Duplicate = Static<typeof DuplicateS>;

export const PlaceMismatchS = Type.Object({
  /** `station`: the point lies in another station than the address; `distance`: too far from the address. */
  reasons: Type.Array(lit(['station', 'distance'] as const)),
  distanceM: Type.Number(),
  pointStation: Type.Union([Type.String(), Type.Null()]),
  placeStation: Type.Union([Type.String(), Type.Null()]),
  placeName: Type.String(),
});
export type PlaceMismatch = Static<typeof PlaceMismatchS>;

export const IntakeCheckS = Type.Object({
  phone: Type.Union([CallHistoryS, Type.Null()]),
  place: Type.Union([CallHistoryS, Type.Null()]),
  duplicates: Type.Array(DuplicateS),
  mismatch: Type.Union([PlaceMismatchS, Type.Null()]),
  rules: Type.Object({ historyDays: Type.Integer(), placeRadiusM: Type.Integer(), duplicateRadiusM: Type.Integer(), duplicateWindowMin: Type.Integer(), mismatchM: Type.Integer() }),
});
export type IntakeCheck = Static<typeof IntakeCheckS>;

/** A repeated call linked to an open (or just ended) incident instead of a new one: 重复报警 +1, no new dispatch. */
export const LinkCallBody = Type.Object(
  {
    source: IncidentSourceS,
    callerName: Type.Optional(Type.String({ maxLength: 64 })),
    callerPhone: Type.Optional(Phone),
    address: Type.Optional(Type.String({ maxLength: 256 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
  },
  { additionalProperties: false },
);
export type LinkCallBody = Static<typeof LinkCallBody>;

// ---------- shift handover (交接班)
export const HANDOVER_STATUSES = ['written', 'acknowledged'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];
export const HANDOVER_STATUS_LABELS: Record<HandoverStatus, { zh: string; en: string }> = {
  written: { zh: '待接班确认', en: 'Awaiting acknowledgement' },
  acknowledged: { zh: '已接班', en: 'Acknowledged' },
};
export const HANDOVER_SHIFTS = ['day', 'night'] as const;
export type HandoverShift = (typeof HANDOVER_SHIFTS)[number];
export const HANDOVER_SHIFT_LABELS: Record<HandoverShift, { zh: string; en: string }> = { day: { zh: '白班', en: 'Day shift' }, night: { zh: '夜班', en: 'Night shift' } };

export const CreateHandoverBody = Type.Object(
  {
    shift: lit(HANDOVER_SHIFTS),
    notes: Type.String({ maxLength: 4000 }),
    /** The area the shift covers (default the writer's scope). */
    areaId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CreateHandoverBody = Static<typeof CreateHandoverBody>;

export const AckHandoverBody = Type.Object(
  { version: Type.Integer({ minimum: 1, maximum: 2147483647 }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type AckHandoverBody = Static<typeof AckHandoverBody>;

export const HandoverListQuery = Type.Object(
  { day: Type.Optional(Type.String({ format: 'date', maxLength: 10 })) },
  { additionalProperties: false },
);
export type HandoverListQuery = Static<typeof HandoverListQuery>;

export const OpenSummaryS = Type.Object({
  total: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  byPriority: Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer() }),
  items: Type.Array(CallRefS),
});
export type OpenSummary = Static<typeof OpenSummaryS>;

export const HandoverS = Type.Object({
  id: Id,
  day: Type.String(),
  shift: lit(HANDOVER_SHIFTS),
  area: Type.Object({ id: Id, name: Type.String() }),
  status: lit(HANDOVER_STATUSES),
  version: Type.Integer(),
  notes: Type.String(),
  open: OpenSummaryS,
  writtenBy: Type.String(),
  writtenAt: IsoTime,
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: Type.Union([IsoTime, Type.Null()]),
  ackNote: Type.Union([Type.String(), Type.Null()]),
});
export type Handover = Static<typeof HandoverS>;
export const HandoverListS = Type.Object({ items: Type.Array(HandoverS), day: Type.String() });
export type HandoverList = Static<typeof HandoverListS>;
