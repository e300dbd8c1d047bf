// Administration of the bureau's own county (issue 12 parts 1 and 3): agencies, teams, people with their posts and
// responsibility areas (责任田), units with members, users, unit status by hand, and the duty roster (值班表).
// Every edit carries the version read (409 STALE_VERSION); retiring never deletes.
import { Type, type Static } from '@sinclair/typebox';
import { AgencyKindS, Id, IsoTime, PersonRoleS, PostS, TeamKindS, UnitStatusS, UnitTypeS, UserRoleS, lit } from './api';
import { MANUAL_UNIT_STATUSES } from './domain';
import { DateS, PatrolTierS } from './patrol';

const Version = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' });
const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' });
const NullableId = Type.Union([Id, Type.Null()]);
const Reason = Type.String({ maxLength: 200 });
export const IdParams = Type.Object({ id: Id });

// ---------- agencies ----------
export const AgencyBody = Type.Object({ code: Type.Optional(Code), name: Name, kind: AgencyKindS, areaId: NullableId }, { additionalProperties: false });
export type AgencyBody = Static<typeof AgencyBody>;
export const AgencyPatch = Type.Object(
  { version: Version, name: Type.Optional(Name), kind: Type.Optional(AgencyKindS), areaId: Type.Optional(NullableId) },
  { additionalProperties: false },
);
export type AgencyPatch = Static<typeof AgencyPatch>;

// ---------- teams ----------
export const TeamBody = Type.Object(
  {
    code: Type.Optional(Code),
    name: Name,
    kind: TeamKindS,
    agencyId: Id,
    areaId: NullableId,
    leaderId: Type.Optional(NullableId),
    deputyId: Type.Optional(NullableId),
  },
  { additionalProperties: false },
);
export type TeamBody = Static<typeof TeamBody>;
export const TeamPatch = Type.Object(
  {
    version: Version,
    name: Type.Optional(Name),
    kind: Type.Optional(TeamKindS),
    agencyId: Type.Optional(Id),
    areaId: Type.Optional(NullableId),
    leaderId: Type.Optional(NullableId),
    deputyId: Type.Optional(NullableId),
  },
  { additionalProperties: false },
);
export type TeamPatch = Static<typeof TeamPatch>;

// ---------- people ----------
const Phone = Type.String({ pattern: '^[0-9+ -]{5,20}$', maxLength: 20 });
export const PersonBody = Type.Object(
  {
    name: Name,
    role: PersonRoleS,
    post: Type.Optional(Type.Union([PostS, Type.Null()])),
    badgeNo: Type.Optional(Type.Union([Type.String({ maxLength: 32, pattern: '^[A-Za-z0-9_.-]*$' }), Type.Null()])),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    agencyId: Id,
    teamId: Type.Optional(NullableId),
    /** Responsibility areas (责任田): grids for an officer, a community or village for an auxiliary. */
    areaIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type PersonBody = Static<typeof PersonBody>;
export const PersonPatch = Type.Object(
  {
    version: Version,
    name: Type.Optional(Name),
    role: Type.Optional(PersonRoleS),
    post: Type.Optional(Type.Union([PostS, Type.Null()])),
    badgeNo: Type.Optional(Type.Union([Type.String({ maxLength: 32, pattern: '^[A-Za-z0-9_.-]*$' }), Type.Null()])),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    agencyId: Type.Optional(Id),
    teamId: Type.Optional(NullableId),
    areaIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type PersonPatch = Static<typeof PersonPatch>;
export const PersonAreaHistoryS = Type.Object({
  areaId: Id,
  areaName: Type.String(),
  areaKind: Type.String(),
  validFrom: IsoTime,
  validTo: Type.Union([IsoTime, Type.Null()]),
});
export type PersonAreaHistory = Static<typeof PersonAreaHistoryS>;

export const RetireBody = Type.Object({ version: Version, reason: Type.Optional(Reason) }, { additionalProperties: false });
export type RetireBody = Static<typeof RetireBody>;

// ---------- units ----------
export const UnitBody = Type.Object(
  {
    callsign: Type.String({ minLength: 1, maxLength: 32, pattern: '\\S' }),
    type: UnitTypeS,
    echelon: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
    teamId: NullableId,
    homeAreaId: Id,
    patrolTier: Type.Optional(Type.Union([PatrolTierS, Type.Null()])),
    memberIds: Type.Array(Id, { maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type UnitBody = Static<typeof UnitBody>;
export const UnitPatch = Type.Object(
  {
    version: Version,
    callsign: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '\\S' })),
    type: Type.Optional(UnitTypeS),
    echelon: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
    teamId: Type.Optional(NullableId),
    homeAreaId: Type.Optional(Id),
    patrolTier: Type.Optional(Type.Union([PatrolTierS, Type.Null()])),
    memberIds: Type.Optional(Type.Array(Id, { maxItems: 20, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type UnitPatch = Static<typeof UnitPatch>;
export const ManualUnitStatusS = lit(MANUAL_UNIT_STATUSES);
export const UnitStatusBody = Type.Object({ version: Version, status: ManualUnitStatusS, reason: Type.Optional(Reason) }, { additionalProperties: false });
export type UnitStatusBody = Static<typeof UnitStatusBody>;
export const UnitStatusEventS = Type.Object({
  at: IsoTime,
  from: Type.Union([UnitStatusS, Type.Null()]),
  to: Type.Union([UnitStatusS, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  incidentId: NullableId,
  actorName: Type.String(),
});
export type UnitStatusEvent = Static<typeof UnitStatusEventS>;

// ---------- users ----------
export const UserAccountS = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: UserRoleS,
  scopeAreaId: NullableId,
  scopeAreaName: Type.Union([Type.String(), Type.Null()]),
  personId: NullableId,
  active: Type.Boolean(),
  createdAt: IsoTime,
});
export type UserAccount = Static<typeof UserAccountS>;
export const UserBody = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9_.-]+$' }),
    displayName: Type.Optional(Name),
    role: UserRoleS,
    scopeAreaId: NullableId,
    personId: Type.Optional(NullableId),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type UserBody = Static<typeof UserBody>;

// ---------- the duty roster ----------
export const DUTY_KINDS = ['A', 'B', 'patrol', 'community'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];
export const DUTY_KIND_LABELS: Record<DutyKind, { zh: string; en: string }> = {
  A: { zh: 'A岗（主班）', en: 'Post A (lead)' },
  B: { zh: 'B岗（副班）', en: 'Post B (second)' },
  patrol: { zh: '巡逻', en: 'Patrol' },
  community: { zh: '驻社区', en: 'In the community' },
};
export const DutyKindS = lit(DUTY_KINDS);
export const DutyShiftS = Type.Object({
  id: Id,
  personId: Id,
  personName: Type.String(),
  duty: DutyKindS,
  startsAt: IsoTime,
  endsAt: IsoTime,
  unitId: NullableId,
  /** The person has a leave (请假) overlapping the duty: someone must cover it. */
  onLeave: Type.Optional(Type.Boolean()),
});
export const RosterS = Type.Object({
  id: Id,
  stationId: Id,
  stationName: Type.String(),
  day: Type.String(),
  leaderId: NullableId,
  leaderName: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  version: Type.Integer(),
  shifts: Type.Array(DutyShiftS),
});
export type Roster = Static<typeof RosterS>;
export const RosterQuery = Type.Object(
  { stationId: Type.Optional(Id), from: DateS, days: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })) },
  { additionalProperties: false },
);
export const RosterParams = Type.Object({ stationId: Id, day: DateS });
export const RosterPutBody = Type.Object(
  {
    /** The version read; absent when the day has no roster yet. */
    version: Type.Optional(Version),
    leaderId: NullableId,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    shifts: Type.Array(
      Type.Object(
        { personId: Id, duty: DutyKindS, startsAt: IsoTime, endsAt: IsoTime, unitId: Type.Optional(NullableId) },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type RosterPutBody = Static<typeof RosterPutBody>;

// ---------- leave (请假) and swaps (换班) ----------
export const LEAVE_KINDS = ['annual', 'sick', 'personal', 'comp', 'other'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];
export const LEAVE_KIND_LABELS: Record<LeaveKind, { zh: string; en: string }> = {
  annual: { zh: '年休假', en: 'Annual leave' },
  sick: { zh: '病假', en: 'Sick leave' },
  personal: { zh: '事假', en: 'Personal leave' },
  comp: { zh: '调休', en: 'Time off in lieu' },
  other: { zh: '其他', en: 'Other' },
};
export const LeaveKindS = lit(LEAVE_KINDS);
export const LeaveS = Type.Object({
  id: Id,
  personId: Id,
  personName: Type.String(),
  kind: LeaveKindS,
  startsAt: IsoTime,
  endsAt: IsoTime,
  note: Type.String(),
  createdByName: Type.String(),
  createdAt: IsoTime,
  cancelled: Type.Boolean(),
  version: Type.Integer(),
  /** Duties of the person the leave overlaps (to be covered, e.g. by a swap). */
  conflicts: Type.Array(Type.Object({ stationId: Id, day: Type.String(), duty: DutyKindS, startsAt: IsoTime, endsAt: IsoTime })),
});
export type Leave = Static<typeof LeaveS>;
export const LeaveBody = Type.Object(
  { personId: Id, kind: LeaveKindS, startsAt: IsoTime, endsAt: IsoTime, note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type LeaveBody = Static<typeof LeaveBody>;
export const LeaveQuery = Type.Object(
  { from: DateS, days: Type.Optional(Type.Integer({ minimum: 1, maximum: 62 })) },
  { additionalProperties: false },
);
export const LeaveCancelBody = Type.Object({ version: Version }, { additionalProperties: false });
/** Exchange the people of two duties that have not started, with the versions of their two rosters (one if the same day). */
export const SwapBody = Type.Object(
  { aShiftId: Id, bShiftId: Id, aVersion: Version, bVersion: Version, reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type SwapBody = Static<typeof SwapBody>;
export const OnDutyQuery = Type.Object({ stationId: Type.Optional(Id), at: Type.Optional(IsoTime) }, { additionalProperties: false });
export const OnDutyS = Type.Object({
  at: IsoTime,
  stations: Type.Array(
    Type.Object({
      stationId: Id,
      stationName: Type.String(),
      leaderId: NullableId,
      leaderName: Type.Union([Type.String(), Type.Null()]),
      people: Type.Array(Type.Object({ personId: Id, personName: Type.String(), duty: DutyKindS, endsAt: IsoTime, unitId: NullableId })),
    }),
  ),
});
export type OnDuty = Static<typeof OnDutyS>;
