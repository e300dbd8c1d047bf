// The field terminal (mobile data terminal, issue 13): a dispatch reaches the phones of the assigned unit's
// members, who acknowledge it and report en route / on scene / clear through the incident's own transitions.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DispositionS, IncidentCategoryS, IncidentStatusS, IsoTime, Lat, Lon, UnitTypeS, lit } from './api';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** What the phone may report: the incident's own actions (same state machine as the command room). */
export const MDT_ACTIONS = ['en_route', 'arrive', 'resolve'] as const;
export type MdtAction = (typeof MDT_ACTIONS)[number];

export const MdtPersonS = Type.Object({ userId: Type.Integer(), name: Type.String() });

/** One assignment of a unit to an incident as its members see it. */
export const MdtAssignmentS = Type.Object({
  id: Type.Integer(),
  incidentId: Type.Integer(),
  unitId: Type.Integer(),
  callsign: Type.String(),
  unitType: UnitTypeS,
  dispatchedAt: IsoTime,
  sentAt: IsoTime,
  /** The unit's members with an account it was sent to. */
  recipients: Type.Array(MdtPersonS),
  ackedAt: Nullable(IsoTime),
  ackedBy: Nullable(MdtPersonS),
  /** When the notification webhook (SMS) was used because nobody acknowledged in time. */
  fallbackAt: Nullable(IsoTime),
  /** The unit is still on the incident (not released) and the incident is open. */
  active: Type.Boolean(),
  incident: Type.Object({
    number: Type.String(),
    status: IncidentStatusS,
    version: Type.Integer(),
    category: IncidentCategoryS,
    priority: lit([1, 2, 3] as const),
    address: Type.String(),
    description: Type.String(),
    lon: Lon,
    lat: Lat,
    /** Masked; the clear number is asked for through GET /api/mdt/assignments/:id/contact (audited). */
    callerPhone: Nullable(Type.String()),
    reportedAt: IsoTime,
    enRouteAt: Nullable(IsoTime),
    onSceneAt: Nullable(IsoTime),
    resolvedAt: Nullable(IsoTime),
  }),
});
export type MdtAssignment = Static<typeof MdtAssignmentS>;

export const MdtAckBody = Type.Object(
  { idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' })) },
  { additionalProperties: false },
);
export type MdtAckBody = Static<typeof MdtAckBody>;

export const MdtStatusBody = Type.Object(
  {
    action: lit(MDT_ACTIONS),
    /** The incident's version the phone read. */
    version: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** 处警结果: required with resolve (as in the command room). */
    disposition: Type.Optional(DispositionS),
  },
  { additionalProperties: false },
);
export type MdtStatusBody = Static<typeof MdtStatusBody>;

/** A remark from the scene with up to 4 photos (data URLs, as task photos); text or a photo is required. */
export const MdtRemarkBody = Type.Object(
  {
    text: Type.String({ maxLength: 2000 }),
    photos: Type.Optional(Type.Array(Type.Object({ dataUrl: Type.String({ maxLength: 4_500_000 }), takenAt: Type.Optional(IsoTime) }, { additionalProperties: false }), { maxItems: 4 })),
  },
  { additionalProperties: false },
);
export type MdtRemarkBody = Static<typeof MdtRemarkBody>;

/** What the remark added: the incident's event ids and the stored photos (GET /api/mdt/photos/:id). */
export const MdtRemarkS = Type.Object({
  incidentId: Type.Integer(),
  photoIds: Type.Array(Type.Integer()),
  /** The time the remark is recorded at (the phone's, when plausible) and whether it came late (补传). */
  at: IsoTime,
  lateSynced: Type.Boolean(),
});
export type MdtRemark = Static<typeof MdtRemarkS>;

/** A scene photo of an incident for the command room (the bytes at GET /api/mdt/photos/:id). */
export const MdtPhotoS = Type.Object({
  id: Type.Integer(),
  /** Who sent it (the officer's display name). */
  actor: Type.String(),
  /** The server's receipt time (the watermark's). */
  takenAt: IsoTime,
  /** The image's own EXIF time, when it has one. */
  exifTakenAt: Nullable(IsoTime),
  /** From the gallery rather than the camera now (old or missing EXIF time), with the reason. */
  gallery: Type.Boolean(),
  galleryReason: Nullable(Type.String()),
});
export type MdtPhoto = Static<typeof MdtPhotoS>;

/** The road route from the unit's last position to the scene, with navigation hand-off links. */
export const MdtRouteS = Type.Object({
  /** null: no usable position or no road. */
  route: Nullable(Type.Object({ seconds: Type.Number(), meters: Type.Number(), coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()])) })),
  /** geo: URI (WGS-84) for the phone's own map app. */
  geoUri: Type.String(),
  /** AMap (高德) navigation URI with GCJ-02 coordinates. */
  amapUri: Type.String(),
});
export type MdtRoute = Static<typeof MdtRouteS>;

export const MdtContactS = Type.Object({ callerName: Nullable(Type.String()), callerPhone: Nullable(Type.String()) });

/** The command room's view: per unit on an incident, who it was sent to and whether it was acknowledged. */
export const MdtAckStateS = Type.Object({
  assignmentId: Type.Integer(),
  unitId: Type.Integer(),
  callsign: Type.String(),
  dispatchedAt: IsoTime,
  sentAt: IsoTime,
  recipients: Type.Array(MdtPersonS),
  ackedAt: Nullable(IsoTime),
  ackedBy: Nullable(MdtPersonS),
  fallbackAt: Nullable(IsoTime),
  active: Type.Boolean(),
});
export type MdtAckState = Static<typeof MdtAckStateS>;
