// Schemas of disputes (矛盾纠纷, issue 16): registration, grade with reasons, owning level, mediation sessions,
// referral to people's / administrative / judicial mediation, follow-up visits, 民转刑 link, indicators per area.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, lit } from './api';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const DISPUTE_STATUSES = ['open', 'mediating', 'referred', 'resolved', 'closed', 'converted'] as const;
export type DisputeStatusT = (typeof DISPUTE_STATUSES)[number];
export const DISPUTE_STATUS_LABELS: Record<DisputeStatusT, { zh: string; en: string }> = {
  open: { zh: '待调处', en: 'Open' },
  mediating: { zh: '调解中', en: 'Mediating' },
  referred: { zh: '已移交调解', en: 'Referred' },
  resolved: { zh: '已化解（回访中）', en: 'Resolved (follow-up)' },
  closed: { zh: '已办结', en: 'Closed' },
  converted: { zh: '已转刑事案件', en: 'Became a criminal case' },
};

export const DISPUTE_SOURCES = ['call', 'visit', 'patrol', 'grid_report', 'walk_in'] as const;
export const DISPUTE_SOURCE_LABELS: Record<(typeof DISPUTE_SOURCES)[number], { zh: string; en: string }> = {
  call: { zh: '110 警情', en: 'Call' },
  visit: { zh: '走访排查', en: 'Visit' },
  patrol: { zh: '巡逻发现', en: 'Patrol' },
  grid_report: { zh: '网格员上报', en: 'Grid worker report' },
  walk_in: { zh: '群众来访', en: 'Walk-in' },
};

export const DISPUTE_TYPES = ['neighbour', 'family', 'land', 'labour', 'debt', 'property_mgmt', 'other'] as const;
export const DISPUTE_TYPE_LABELS: Record<(typeof DISPUTE_TYPES)[number], { zh: string; en: string }> = {
  neighbour: { zh: '邻里纠纷', en: 'Neighbours' },
  family: { zh: '婚姻家庭', en: 'Family' },
  land: { zh: '土地山林', en: 'Land' },
  labour: { zh: '劳资纠纷', en: 'Labour' },
  debt: { zh: '债务纠纷', en: 'Debt' },
  property_mgmt: { zh: '物业纠纷', en: 'Property management' },
  other: { zh: '其他', en: 'Other' },
};

export const DISPUTE_GRADES_C = ['low', 'medium', 'high'] as const;
export const DISPUTE_GRADE_LABELS: Record<(typeof DISPUTE_GRADES_C)[number], { zh: string; en: string }> = {
  low: { zh: '一般', en: 'Low' },
  medium: { zh: '较大', en: 'Medium' },
  high: { zh: '重大', en: 'High' },
};

export const DISPUTE_GRADE_REASONS = ['violence', 'repeat_calls', 'repeat_calls_many', 'group', 'mass', 'vulnerable'] as const;
export const DISPUTE_GRADE_REASON_LABELS: Record<(typeof DISPUTE_GRADE_REASONS)[number], { zh: string; en: string }> = {
  violence: { zh: '扬言或已有暴力', en: 'Violence threatened' },
  repeat_calls: { zh: '同一地点多次报警', en: 'Repeated calls at the place' },
  repeat_calls_many: { zh: '同一地点反复报警', en: 'Many calls at the place' },
  group: { zh: '涉及多方当事人', en: 'A group of parties' },
  mass: { zh: '群体性纠纷', en: 'Mass dispute' },
  vulnerable: { zh: '涉及老幼病残孕等弱势人员', en: 'Vulnerable parties' },
};

export const DISPUTE_LEVELS_C = ['grid', 'community', 'station', 'town', 'county'] as const;
export const DISPUTE_LEVEL_LABELS: Record<(typeof DISPUTE_LEVELS_C)[number], { zh: string; en: string }> = {
  grid: { zh: '网格', en: 'Grid' },
  community: { zh: '社区（村）', en: 'Community' },
  station: { zh: '派出所', en: 'Station' },
  town: { zh: '乡镇（街道）', en: 'Town' },
  county: { zh: '县级', en: 'County' },
};

export const MEDIATION_OUTCOMES = ['agreement', 'partial', 'no_agreement', 'adjourned'] as const;
export const MEDIATION_OUTCOME_LABELS: Record<(typeof MEDIATION_OUTCOMES)[number], { zh: string; en: string }> = {
  agreement: { zh: '达成协议', en: 'Agreement' },
  partial: { zh: '部分达成', en: 'Partial agreement' },
  no_agreement: { zh: '未达成', en: 'No agreement' },
  adjourned: { zh: '择期再调', en: 'Adjourned' },
};

export const REFERRAL_KINDS = ['people', 'administrative', 'judicial'] as const;
export const REFERRAL_KIND_LABELS: Record<(typeof REFERRAL_KINDS)[number], { zh: string; en: string }> = {
  people: { zh: '人民调解', en: "People's mediation" },
  administrative: { zh: '行政调解', en: 'Administrative mediation' },
  judicial: { zh: '司法调解（庭所对接）', en: 'Judicial mediation' },
};

export const PARTY_ROLES = ['applicant', 'respondent', 'other'] as const;
export const PARTY_ROLE_LABELS: Record<(typeof PARTY_ROLES)[number], { zh: string; en: string }> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  respondent: { zh: '被申请人', en: 'Respondent' },
  other: { zh: '其他当事人', en: 'Other party' },
};

export const DisputeStatusS = lit(DISPUTE_STATUSES);
export const DisputeSourceS = lit(DISPUTE_SOURCES);
export const DisputeTypeS = lit(DISPUTE_TYPES);
export const DisputeGradeS = lit(DISPUTE_GRADES_C);
export const DisputeLevelS = lit(DISPUTE_LEVELS_C);
export const MediationOutcomeS = lit(MEDIATION_OUTCOMES);
export const ReferralKindS = lit(REFERRAL_KINDS);
export const PartyRoleS = lit(PARTY_ROLES);
const Version = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Phone = Type.String({ pattern: '^[0-9+\\- ]{3,20}$' });
/** A photo as a data URL (JPEG or PNG), checked on the server. */
const PhotoDataUrl = Type.String({ maxLength: 4_500_000, pattern: '^data:image/(jpeg|png);base64,' });

export const DisputePartyIn = Type.Object(
  {
    name: Text(64, 1),
    phone: Type.Optional(Phone),
    role: PartyRoleS,
    /** The person in the registry, when known (no link is checked: the registry is another module). */
    personRefId: Type.Optional(Id),
    vulnerable: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const DisputeCreateBody = Type.Object(
  {
    source: DisputeSourceS,
    incidentId: Type.Optional(Id),
    type: DisputeTypeS,
    title: Text(80, 1),
    description: Type.Optional(Text(2000)),
    address: Text(256, 1),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    /** Without a point: the grid (or community) the dispute is in. */
    areaId: Type.Optional(Id),
    violenceThreatened: Type.Optional(Type.Boolean()),
    /** People involved when more than the named parties (a group). */
    groupSize: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    parties: Type.Array(DisputePartyIn, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type DisputeCreateBody = Static<typeof DisputeCreateBody>;

export const DisputeListQuery = Type.Object(
  {
    status: Type.Optional(DisputeStatusS),
    level: Type.Optional(DisputeLevelS),
    grade: Type.Optional(DisputeGradeS),
    /** Only the open ones past their level's due time. */
    overdue: Type.Optional(Type.Boolean()),
    /** Only the ones the caller reported or was referred. */
    mine: Type.Optional(Type.Boolean()),
    areaId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type DisputeListQuery = Static<typeof DisputeListQuery>;

const AreaRefS = Nullable(Type.Object({ id: Id, name: Type.String() }));

export const DisputeSummaryS = Type.Object({
  id: Id,
  status: DisputeStatusS,
  version: Type.Integer(),
  source: DisputeSourceS,
  type: DisputeTypeS,
  title: Type.String(),
  address: Type.String(),
  grade: DisputeGradeS,
  level: DisputeLevelS,
  levelArea: AreaRefS,
  levelDueAt: IsoTime,
  overdue: Type.Boolean(),
  escalations: Type.Integer(),
  reportedAt: IsoTime,
  reportedByName: Type.String(),
  resolvedAt: Nullable(IsoTime),
  caseId: Nullable(Type.Integer()),
});
export type DisputeSummary = Static<typeof DisputeSummaryS>;

export const DisputeSessionS = Type.Object({
  id: Id,
  heldAt: IsoTime,
  level: DisputeLevelS,
  mediatorName: Type.String(),
  participants: Type.Array(Type.String()),
  outcome: MediationOutcomeS,
  note: Nullable(Type.String()),
  agreementText: Nullable(Type.String()),
  hasPhoto: Type.Boolean(),
});

export const DisputeReferralS = Type.Object({
  id: Id,
  kind: ReferralKindS,
  orgName: Type.String(),
  toUser: Nullable(Type.Object({ id: Id, name: Type.String() })),
  referredAt: IsoTime,
  referredByName: Type.String(),
  feedback: Nullable(Type.String()),
  feedbackOutcome: Nullable(MediationOutcomeS),
  feedbackAt: Nullable(IsoTime),
});

export const DisputeFollowupS = Type.Object({
  id: Id,
  dueAt: IsoTime,
  doneAt: Nullable(IsoTime),
  note: Nullable(Type.String()),
  byName: Nullable(Type.String()),
  recurred: Nullable(Type.Boolean()),
});

export const DisputeEventS = Type.Object({ id: Id, at: IsoTime, kind: Type.String(), byName: Type.String(), data: Type.Unknown() });

export const DisputeS = Type.Composite([
  DisputeSummaryS,
  Type.Object({
    incidentId: Nullable(Type.Integer()),
    description: Nullable(Type.String()),
    lon: Nullable(Type.Number()),
    lat: Nullable(Type.Number()),
    grid: AreaRefS,
    community: AreaRefS,
    station: AreaRefS,
    gradeReasons: Type.Array(Type.Object({ code: lit(DISPUTE_GRADE_REASONS), grade: DisputeGradeS, value: Type.Optional(Type.Number()) })),
    violenceThreatened: Type.Boolean(),
    priorCalls: Type.Integer(),
    partyCount: Type.Integer(),
    levelSince: IsoTime,
    resolvedOnTime: Nullable(Type.Boolean()),
    ticketId: Nullable(Type.Integer()),
    parties: Type.Array(
      Type.Object({ id: Id, role: PartyRoleS, nameMasked: Type.String(), phoneMasked: Nullable(Type.String()), personRefId: Nullable(Type.Integer()), vulnerable: Type.Boolean() }),
    ),
    sessions: Type.Array(DisputeSessionS),
    referrals: Type.Array(DisputeReferralS),
    followups: Type.Array(DisputeFollowupS),
    events: Type.Array(DisputeEventS),
    /** The actions the machine allows now (the server still checks the caller's role and the rules). */
    allowed: Type.Array(Type.String()),
  }),
]);
export type Dispute = Static<typeof DisputeS>;

export const DisputeSessionBody = Type.Object(
  {
    version: Version,
    heldAt: Type.Optional(IsoTime),
    participants: Type.Array(Text(64, 1), { minItems: 1, maxItems: 30 }),
    outcome: MediationOutcomeS,
    note: Type.Optional(Text(1000)),
    agreementText: Type.Optional(Text(4000)),
    agreementPhoto: Type.Optional(PhotoDataUrl),
  },
  { additionalProperties: false },
);
export type DisputeSessionBody = Static<typeof DisputeSessionBody>;

export const DisputeReferBody = Type.Object(
  { version: Version, kind: ReferralKindS, orgName: Text(80, 1), toUserId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type DisputeReferBody = Static<typeof DisputeReferBody>;

export const DisputeFeedbackBody = Type.Object(
  { version: Version, referralId: Id, outcome: MediationOutcomeS, feedback: Text(2000, 1) },
  { additionalProperties: false },
);
export type DisputeFeedbackBody = Static<typeof DisputeFeedbackBody>;

export const DisputeResolveBody = Type.Object({ version: Version, note: Type.Optional(Text(1000)) }, { additionalProperties: false });
export type DisputeResolveBody = Static<typeof DisputeResolveBody>;

export const DisputeEscalateBody = Type.Object({ version: Version, reason: Text(500, 1) }, { additionalProperties: false });
export type DisputeEscalateBody = Static<typeof DisputeEscalateBody>;

/** New facts that may raise the grade (it never goes down by hand: a lower risk is shown by resolving). */
export const DisputeRegradeBody = Type.Object(
  {
    version: Version,
    violenceThreatened: Type.Optional(Type.Boolean()),
    vulnerable: Type.Optional(Type.Boolean()),
    groupSize: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);
export type DisputeRegradeBody = Static<typeof DisputeRegradeBody>;

export const DisputeFollowupBody = Type.Object(
  { version: Version, note: Text(1000, 1), recurred: Type.Boolean() },
  { additionalProperties: false },
);
export type DisputeFollowupBody = Static<typeof DisputeFollowupBody>;

export const DisputeCaseBody = Type.Object({ version: Version, caseId: Id }, { additionalProperties: false });
export type DisputeCaseBody = Static<typeof DisputeCaseBody>;

export const DisputeIndicatorsQuery = Type.Object(
  {
    level: Type.Optional(lit(['station', 'community', 'grid'] as const)),
    from: Type.Optional(IsoTime),
    to: Type.Optional(IsoTime),
    /** Disputes within this many metres of an earlier one (or at the same address text) are repeats. */
    radiusM: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  },
  { additionalProperties: false },
);
export type DisputeIndicatorsQuery = Static<typeof DisputeIndicatorsQuery>;

export const DisputeIndicatorRowS = Type.Object({
  areaId: Nullable(Type.Integer()),
  areaName: Type.String(),
  registered: Type.Integer(),
  open: Type.Integer(),
  resolved: Type.Integer(),
  resolvedOnTime: Type.Integer(),
  escalated: Type.Integer(),
  repeat: Type.Integer(),
  converted: Type.Integer(),
  sessions: Type.Integer(),
  agreement: Type.Integer(),
  partial: Type.Integer(),
  noAgreement: Type.Integer(),
  adjourned: Type.Integer(),
});
export const DisputeIndicatorsS = Type.Object({ from: IsoTime, to: IsoTime, level: Type.String(), radiusM: Type.Integer(), rows: Type.Array(DisputeIndicatorRowS) });
export type DisputeIndicators = Static<typeof DisputeIndicatorsS>;
