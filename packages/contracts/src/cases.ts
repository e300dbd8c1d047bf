// Schemas of cases in hand (在手案件): stages, legal deadlines, required items, supervision, indicators. The lists of
// kinds, stages, actions and items are core's (packages/core/src/cases); contracts import nothing but TypeBox, so
// they are repeated here and a server test checks that both agree.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, lit } from './api';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const CASE_KINDS = ['criminal', 'administrative'] as const;
export const CASE_STATUSES = [
  'accepted', 'investigating', 'not_filed', 'detained', 'detention_extended', 'solved', 'transferred', 'withdrawn',
  'penalized', 'not_penalized', 'executed', 'closed',
] as const;
export const CASE_ACTIONS = [
  'file', 'decline', 'detain', 'extend', 'release', 'solve', 'transfer', 'withdraw',
  'investigate', 'penalize', 'not_penalize', 'execute', 'close',
] as const;
export const CASE_ITEM_TYPES = [
  'acceptance_receipt', 'filing_decision', 'non_filing_notice', 'detention_warrant', 'detention_notice', 'extension_approval',
  'release_certificate', 'solve_report', 'prosecution_opinion', 'withdrawal_decision', 'notification_signature', 'penalty_decision',
  'no_penalty_decision', 'execution_receipt', 'scene_photo', 'other_document', 'camera_clip',
] as const;
export const CASE_PERSON_ROLES = ['victim', 'suspect', 'witness', 'reporter'] as const;
export const CASE_LADDERS = ['none', 'due_soon', 'reminder', 'yellow', 'red'] as const;
export const CASE_REASONS = ['due_soon', 'overdue', 'idle'] as const;
export const LIMIT_UNITS = ['hour', 'day', 'month'] as const;

export type CaseKind = (typeof CASE_KINDS)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseAction = (typeof CASE_ACTIONS)[number];
export type CaseItemType = (typeof CASE_ITEM_TYPES)[number];

export const CaseKindS = lit(CASE_KINDS);
export const CaseStatusS = lit(CASE_STATUSES);
export const CaseActionS = lit(CASE_ACTIONS);
export const CaseItemTypeS = lit(CASE_ITEM_TYPES);
export const CasePersonRoleS = lit(CASE_PERSON_ROLES);
export const CaseLadderS = lit(CASE_LADDERS);
export const CaseReasonS = lit(CASE_REASONS);
export const LimitUnitS = lit(LIMIT_UNITS);

const PersonIn = Type.Object(
  { role: CasePersonRoleS, name: Text(64, 1), phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' })), note: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
const PlaceIn = Type.Object({ address: Text(256, 1), lon: Type.Optional(Lon), lat: Type.Optional(Lat) }, { additionalProperties: false });

const caseFields = {
  kind: CaseKindS,
  category: Text(40, 1),
  title: Text(100, 1),
  summary: Type.Optional(Text(2000)),
  /** The officers in charge (people ids); the first is the lead. Default: the caller (the warning's officer for a fraud case). */
  officerIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 10 })),
  /** A team of kind case_team that works the case. */
  teamId: Type.Optional(Id),
  /** The station that holds the case (default: the incident's, the warning's, or the caller's). */
  stationId: Type.Optional(Id),
  /** Disputes (民转刑) the case grew from: plain ids (the disputes module keeps them). */
  disputeIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  people: Type.Optional(Type.Array(PersonIn, { maxItems: 20 })),
  places: Type.Optional(Type.Array(PlaceIn, { maxItems: 10 })),
};
export const CaseCreateBody = Type.Object({ ...caseFields, incidentId: Type.Optional(Id) }, { additionalProperties: false });
export type CaseCreateBody = Static<typeof CaseCreateBody>;
/** Opening a case from an incident or a warning: the same fields, kind, category and title optional (defaults given). */
export const CaseFromBody = Type.Object(
  { ...caseFields, kind: Type.Optional(CaseKindS), category: Type.Optional(Text(40, 1)), title: Type.Optional(Text(100, 1)) },
  { additionalProperties: false },
);
export type CaseFromBody = Static<typeof CaseFromBody>;

/**
 * Added to an open case after opening (versioned): officers in charge, related people (from the registry, 一标三实, by
 * its id: the masked name and phone are copied, the clear ones stay in the registry; or typed), places, disputes (民转刑).
 */
const PersonAdd = Type.Object(
  {
    role: CasePersonRoleS,
    registryPersonId: Type.Optional(Id),
    name: Type.Optional(Text(64, 1)),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' })),
    note: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export const CaseAddBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    officerIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 10 })),
    people: Type.Optional(Type.Array(PersonAdd, { minItems: 1, maxItems: 20 })),
    places: Type.Optional(Type.Array(PlaceIn, { minItems: 1, maxItems: 10 })),
    disputeIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type CaseAddBody = Static<typeof CaseAddBody>;

export const CaseTransitionBody = Type.Object({ action: CaseActionS, version: Type.Integer({ minimum: 1, maximum: 2147483647 }), note: Type.Optional(Text(1000)) }, { additionalProperties: false });
export type CaseTransitionBody = Static<typeof CaseTransitionBody>;

export const CaseItemBody = Type.Object(
  {
    itemType: CaseItemTypeS,
    title: Text(100, 1),
    note: Type.Optional(Text(2000)),
    /** A photo (data URL, JPEG or PNG): required for the photo items (signature, scene). */
    photo: Type.Optional(Type.String({ maxLength: 12_000_000 })),
    /** A camera clip (视频侦查): camera, time range and what was found (note). */
    cameraId: Type.Optional(Id),
    clipFrom: Type.Optional(IsoTime),
    clipTo: Type.Optional(IsoTime),
  },
  { additionalProperties: false },
);
export type CaseItemBody = Static<typeof CaseItemBody>;

export const CaseListQuery = Type.Object(
  {
    mine: Type.Optional(Type.Boolean()),
    open: Type.Optional(Type.Boolean()),
    kind: Type.Optional(CaseKindS),
    status: Type.Optional(CaseStatusS),
    q: Type.Optional(Text(40)),
    /** The cases opened from this incident / warning (that the caller sees). */
    incidentId: Type.Optional(Id),
    fraudWarningId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });
export const CaseDeadlineS = Type.Object({ key: Type.String(), stage: CaseStatusS, label: Type.String(), from: Type.String(), dueAt: Type.String() });

export const CaseS = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  kind: CaseKindS,
  category: Type.String(),
  title: Type.String(),
  status: CaseStatusS,
  version: Type.Integer(),
  open: Type.Boolean(),
  station: Nullable(Ref),
  officers: Type.Array(Ref),
  team: Nullable(Ref),
  incidentId: Nullable(Type.Integer()),
  fraudWarningId: Nullable(Type.Integer()),
  disputeIds: Type.Array(Type.Integer()),
  openedAt: Type.String(),
  filedAt: Nullable(Type.String()),
  solvedAt: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
  lastActivityAt: Type.String(),
  deadline: Nullable(CaseDeadlineS),
  ladder: CaseLadderS,
  reasons: Type.Array(CaseReasonS),
});
export type CaseT = Static<typeof CaseS>;

export const CaseDetailS = Type.Intersect([
  CaseS,
  Type.Object({
    summary: Type.String(),
    people: Type.Array(
      Type.Object({
        id: Type.Integer(),
        role: CasePersonRoleS,
        nameMasked: Nullable(Type.String()),
        phoneMasked: Nullable(Type.String()),
        note: Nullable(Type.String()),
        /** The registry's person (一标三实) this one is, when linked. */
        registryPersonId: Nullable(Type.Integer()),
      }),
    ),
    places: Type.Array(Type.Object({ id: Type.Integer(), address: Type.String(), lon: Nullable(Type.Number()), lat: Nullable(Type.Number()) })),
    items: Type.Array(
      Type.Object({
        id: Type.Integer(),
        itemType: CaseItemTypeS,
        title: Type.String(),
        note: Nullable(Type.String()),
        hasPhoto: Type.Boolean(),
        cameraId: Nullable(Type.Integer()),
        clipFrom: Nullable(Type.String()),
        clipTo: Nullable(Type.String()),
        addedAt: Type.String(),
        addedBy: Type.String(),
      }),
    ),
    timeline: Type.Array(Type.Object({ at: Type.String(), action: Type.String(), fromStatus: Nullable(Type.String()), toStatus: Nullable(Type.String()), by: Type.String(), note: Nullable(Type.String()) })),
    stages: Type.Array(Type.Object({ stage: CaseStatusS, enteredAt: Type.String(), leftAt: Nullable(Type.String()), dueAt: Nullable(Type.String()), onTime: Nullable(Type.Boolean()) })),
    /** The actions allowed now, each with the required items still missing (empty: it can be taken). */
    allowed: Type.Array(Type.Object({ action: CaseActionS, missing: Type.Array(CaseItemTypeS) })),
  }),
]);
export type CaseDetailT = Static<typeof CaseDetailS>;

export const CaseLimitS = Type.Object({
  key: Type.String(),
  kind: CaseKindS,
  stage: CaseStatusS,
  base: CaseStatusS,
  unit: LimitUnitS,
  amount: Type.Integer(),
  label: Type.String(),
  version: Type.Integer(),
});
export type CaseLimitT = Static<typeof CaseLimitS>;
export const CaseLimitParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z_.]+$' }) });
export const CaseLimitBody = Type.Object(
  { unit: LimitUnitS, amount: Type.Integer({ minimum: 0, maximum: 1440 }), version: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false },
);
export type CaseLimitBody = Static<typeof CaseLimitBody>;

export const CaseSupervisionQuery = Type.Object(
  { withinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })), idleDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })) },
  { additionalProperties: false },
);
export const CaseSupervisionS = Type.Object({ withinDays: Type.Integer(), idleDays: Type.Integer(), rows: Type.Array(CaseS) });
export type CaseSupervisionT = Static<typeof CaseSupervisionS>;

export const CaseStatsQuery = Type.Object(
  { level: Type.Optional(lit(['officer', 'station', 'district'] as const)), period: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' })) },
  { additionalProperties: false },
);
export const CaseStatsRowS = Type.Object({
  subjectId: Type.Integer(),
  name: Type.String(),
  accepted: Type.Integer(),
  filed: Type.Integer(),
  solved: Type.Integer(),
  /** 100 * solved / filed; null without a case filed. */
  solvingRate: Nullable(Type.Number()),
  stepsDue: Type.Integer(),
  stepsOnTime: Type.Integer(),
  onTimeRate: Nullable(Type.Number()),
  overdueSteps: Type.Integer(),
  /** Cases filed over the same dates a year before; null when the data do not reach back that far (no like base). */
  filedLastYear: Nullable(Type.Integer()),
  yoy: Nullable(Type.Number()),
});
export const CaseStatsS = Type.Object({ period: Type.String(), level: Type.String(), from: Type.String(), until: Type.String(), lastYearComplete: Type.Boolean(), rows: Type.Array(CaseStatsRowS) });
export type CaseStatsT = Static<typeof CaseStatsS>;

export const CaseScreenQuery = Type.Object({ mine: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
/** Cases in hand on a screen: counts (recomputable from the list) and the five nearest deadlines. */
export const CaseScreenS = Type.Object({ open: Type.Integer(), overdue: Type.Integer(), dueSoon: Type.Integer(), next: Type.Array(CaseS) });
export type CaseScreenT = Static<typeof CaseScreenS>;
