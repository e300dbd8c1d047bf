// Schemas of tasks, supervision (督办), indicators, assessment (考核) and the three screens (issue 6). See docs/tasks.md.
// The engines behind them are packages/core/src/tasks; the shapes of schedules and evidence requirements are theirs.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, lit } from './api';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
// years before 2000 (period=0000-01 became 1899-12-31 in PostgreSQL) and impossible days (format: 'date') are refused
const LocalDateS = Type.String({ format: 'date', pattern: '^2\\d{3}-\\d{2}-\\d{2}$' });
const MonthS = Type.String({ pattern: '^2\\d{3}-(0[1-9]|1[0-2])$' });
const Ref = Type.Object({ id: Id, name: Type.String() });

export const TASK_CATEGORY_CODES = ['community', 'basic_control', 'cases', 'performance', 'duty', 'disputes', 'services', 'prevention'] as const;
export const TASK_ASSIGNEE_CODES = ['community_officer', 'auxiliary', 'grid_worker', 'case_team', 'duty_officer', 'station_lead', 'command_room'] as const;
export const TASK_STATUSES = ['open', 'overdue', 'done', 'cancelled'] as const;
export const TASK_STEPS = ['due_soon', 'overdue', 'reminder', 'yellow', 'red'] as const;
export const SUPERVISION_LEVELS = ['none', 'reminder', 'yellow', 'red'] as const;
export const ISSUE_LEVELS = ['bureau', 'district', 'station'] as const;
export const SUBJECT_LEVEL_CODES = ['officer', 'grid', 'station', 'district'] as const;
export const STAR_CODES = ['service', 'prevention', 'mediation', 'case_solving'] as const;

export const TaskCategoryS = lit(TASK_CATEGORY_CODES);
export const TaskStatusS = lit(TASK_STATUSES);
export const TaskStepS = lit(TASK_STEPS);
export const SupervisionLevelS = lit(SUPERVISION_LEVELS);
export const SubjectLevelS = lit(SUBJECT_LEVEL_CODES);

// ---------------------------------------------------------------- catalogue

export const RecurrenceS = Type.Union([
  Type.Object({ kind: Type.Literal('daily') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('weekly'), weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('monthly'), day: Type.Union([Type.Integer({ minimum: 1, maximum: 31 }), Type.Literal('last')]) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('once'), on: Type.Optional(Nullable(LocalDateS)) }, { additionalProperties: false }),
]);
/** core's TaskSchedule: limit in minutes or 'period' (due when the next occurrence opens). */
export const TaskScheduleS = Type.Object(
  {
    recurrence: RecurrenceS,
    target: Type.Integer({ minimum: 1, maximum: 10000 }),
    limit: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 366 * 1440 }), Type.Literal('period')]),
    startMinute: Type.Optional(Type.Integer({ minimum: 0, maximum: 1439 })),
    startsOn: Type.Optional(Nullable(LocalDateS)),
    endsOn: Type.Optional(Nullable(LocalDateS)),
  },
  { additionalProperties: false },
);
export type TaskScheduleT = Static<typeof TaskScheduleS>;

export const FormFieldSpecS = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
    label: Type.String({ minLength: 1, maxLength: 80 }),
    type: lit(['text', 'number', 'date', 'choice', 'boolean'] as const),
    required: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 30 })),
  },
  { additionalProperties: false },
);
/** core's EvidenceRequirement: photos (minimum count), a form, a position near a place, a note. */
export const EvidenceRequirementS = Type.Object(
  {
    photos: Type.Optional(Type.Integer({ minimum: 0, maximum: 6 })),
    form: Type.Optional(Type.Array(FormFieldSpecS, { maxItems: 30 })),
    location: Type.Optional(
      Type.Object(
        { radiusMeters: Type.Number({ minimum: 5, maximum: 50000 }), place: Type.Optional(Nullable(Type.Object({ lon: Lon, lat: Lat }, { additionalProperties: false }))) },
        { additionalProperties: false },
      ),
    ),
    noteMinLength: Type.Optional(Type.Integer({ minimum: 0, maximum: 2000 })),
  },
  { additionalProperties: false },
);

export const TaskTemplateS = Type.Object({
  id: Id,
  code: Type.String(),
  category: TaskCategoryS,
  name: Type.String(),
  nameEn: Type.String(),
  unit: Type.String(),
  schedule: TaskScheduleS,
  evidence: EvidenceRequirementS,
  assignee: lit(TASK_ASSIGNEE_CODES),
  feeds: Nullable(Type.Literal('info')),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type TaskTemplate = Static<typeof TaskTemplateS>;

export const TaskTemplateBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9_-]+$' }),
    category: TaskCategoryS,
    name: Type.String({ minLength: 1, maxLength: 120 }),
    nameEn: Type.Optional(Type.String({ maxLength: 200 })),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
    schedule: TaskScheduleS,
    evidence: EvidenceRequirementS,
    assignee: lit(TASK_ASSIGNEE_CODES),
    feeds: Type.Optional(Nullable(Type.Literal('info'))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TaskTemplateBody = Static<typeof TaskTemplateBody>;

/** A change to a template: the version read and the fields to change (code stays). */
export const TaskTemplatePatchBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    category: Type.Optional(TaskCategoryS),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    nameEn: Type.Optional(Type.String({ maxLength: 200 })),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
    schedule: Type.Optional(TaskScheduleS),
    evidence: Type.Optional(EvidenceRequirementS),
    assignee: Type.Optional(lit(TASK_ASSIGNEE_CODES)),
    feeds: Type.Optional(Nullable(Type.Literal('info'))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TaskTemplatePatchBody = Static<typeof TaskTemplatePatchBody>;

export const TemplateListQuery = Type.Object(
  { category: Type.Optional(TaskCategoryS), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const EscalationPolicyS = Type.Object(
  {
    /** Task category, or '*' for every category without its own row. */
    category: Type.String(),
    dueSoonMinutes: Nullable(Type.Integer({ minimum: 0 })),
    reminderMinutes: Nullable(Type.Integer({ minimum: 0 })),
    yellowMinutes: Nullable(Type.Integer({ minimum: 0 })),
    redMinutes: Nullable(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type EscalationPolicyT = Static<typeof EscalationPolicyS>;
export const EscalationPolicyBody = Type.Object(
  {
    dueSoonMinutes: Nullable(Type.Integer({ minimum: 0, maximum: 100000 })),
    reminderMinutes: Nullable(Type.Integer({ minimum: 0, maximum: 100000 })),
    yellowMinutes: Nullable(Type.Integer({ minimum: 0, maximum: 100000 })),
    redMinutes: Nullable(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);
export type EscalationPolicyBody = Static<typeof EscalationPolicyBody>;

// ---------------------------------------------------------------- assignments

export const AssignmentBody = Type.Object(
  {
    templateId: Id,
    /** person: one officer; team: every active member; area: every police officer responsible for the area. */
    targetKind: lit(['person', 'team', 'area'] as const),
    personId: Type.Optional(Id),
    teamId: Type.Optional(Id),
    areaId: Type.Optional(Id),
    /** The issuer's level: bureau (admin), district (district lead), station (station lead). */
    level: lit(ISSUE_LEVELS),
    place: Type.Optional(Type.Object({ name: Type.String({ minLength: 1, maxLength: 120 }), lon: Lon, lat: Lat }, { additionalProperties: false })),
    startsOn: Type.Optional(LocalDateS),
    endsOn: Type.Optional(LocalDateS),
    /** Due time of a one-off template; default: issue time + the template's limit. */
    dueAt: Type.Optional(IsoTime),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type AssignmentBody = Static<typeof AssignmentBody>;

export const TaskAssignmentS = Type.Object({
  id: Id,
  template: Type.Object({ id: Id, code: Type.String(), name: Type.String(), category: TaskCategoryS }),
  targetKind: lit(['person', 'team', 'area'] as const),
  target: Ref,
  level: lit(ISSUE_LEVELS),
  issuerArea: Nullable(Ref),
  issuedByName: Type.String(),
  issuedAt: IsoTime,
  place: Nullable(Type.Object({ name: Type.String(), lon: Type.Number(), lat: Type.Number() })),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  dueAt: Nullable(IsoTime),
  note: Nullable(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
  /** Occurrences generated so far (for every assignee). */
  instances: Type.Integer(),
});
export type TaskAssignment = Static<typeof TaskAssignmentS>;
export const AssignmentListQuery = Type.Object(
  { templateId: Type.Optional(Id), personId: Type.Optional(Id), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const AssignmentCreatedS = Type.Object({ assignment: TaskAssignmentS, generated: Type.Integer() });

// ---------------------------------------------------------------- occurrences (the checklist)

export const TaskExtensionS = Type.Object({
  id: Type.Integer(),
  requestedAt: IsoTime,
  requestedByName: Type.String(),
  until: IsoTime,
  reason: Type.String(),
  status: lit(['requested', 'approved', 'rejected'] as const),
  decidedAt: Nullable(IsoTime),
  decidedByName: Nullable(Type.String()),
  grantedUntil: Nullable(IsoTime),
  decisionNote: Nullable(Type.String()),
});

export const TaskInstanceS = Type.Object({
  id: Type.Integer(),
  assignmentId: Id,
  template: Type.Object({
    id: Id,
    code: Type.String(),
    name: Type.String(),
    category: TaskCategoryS,
    unit: Type.String(),
    evidence: EvidenceRequirementS,
  }),
  person: Ref,
  station: Nullable(Ref),
  occurrenceKey: Type.String(),
  periodStart: IsoTime,
  dueAt: IsoTime,
  originalDueAt: IsoTime,
  target: Type.Integer(),
  progress: Type.Integer(),
  status: TaskStatusS,
  doneAt: Nullable(IsoTime),
  late: Type.Boolean(),
  /** Highest card carried: none, reminder (催办), yellow (黄牌), red (红牌). */
  supervision: SupervisionLevelS,
  place: Nullable(Type.Object({ name: Type.String(), lon: Type.Number(), lat: Type.Number() })),
  level: lit(ISSUE_LEVELS),
  pendingExtension: Nullable(TaskExtensionS),
  version: Type.Integer(),
});
export type TaskInstance = Static<typeof TaskInstanceS>;

export const TaskDetailS = Type.Object({
  task: TaskInstanceS,
  evidence: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: IsoTime,
      amount: Type.Integer(),
      form: Type.Record(Type.String(), Type.Unknown()),
      note: Nullable(Type.String()),
      lon: Nullable(Type.Number()),
      lat: Nullable(Type.Number()),
      /** Ids for GET /api/tasks/photos/:id (audited). */
      photoIds: Type.Array(Type.Integer()),
      byName: Type.String(),
      /** The position against the officer's unit's recent track: verified, unverified (no recent track), null: no position checked. */
      proof: Nullable(lit(['verified', 'unverified'] as const)),
      proofReason: Nullable(Type.String()),
      /** Photos with no EXIF time or one taken long before receipt (gallery photos). */
      galleryPhotoIds: Type.Array(Type.Integer()),
      /** 补传: sent late by the phone's offline queue; `at` is when the officer acted, receivedAt when it arrived. */
      lateSynced: Type.Boolean(),
      receivedAt: Nullable(IsoTime),
    }),
  ),
  escalations: Type.Array(Type.Object({ step: TaskStepS, at: IsoTime, dueAt: IsoTime })),
  extensions: Type.Array(TaskExtensionS),
});
export type TaskDetail = Static<typeof TaskDetailS>;

export const MyTasksQuery = Type.Object({ date: Type.Optional(LocalDateS) }, { additionalProperties: false });
export const MyTasksS = Type.Object({
  date: Type.String(),
  /** Occurrences open on that local day (period started by its end, due from its start) and those overdue. */
  items: Type.Array(TaskInstanceS),
  counts: Type.Object({ total: Type.Integer(), done: Type.Integer(), open: Type.Integer(), overdue: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() }),
});
export type MyTasks = Static<typeof MyTasksS>;

/** Leaders: one person's checklist for a local day (default today), as that person sees it. */
export const PersonTasksQuery = Type.Object({ personId: Id, date: Type.Optional(LocalDateS) }, { additionalProperties: false });

/** Completion (or partial progress) with evidence. Photos are data URLs (JPEG or PNG, up to 3 MB each). */
export const CompleteTaskBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    /** Units of work done now; default: what remains to the target. */
    amount: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    photos: Type.Optional(Type.Array(Type.Object({ dataUrl: Type.String({ maxLength: 4_500_000 }), takenAt: Type.Optional(IsoTime) }, { additionalProperties: false }), { maxItems: 6 })),
    form: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean(), Type.Null()]))),
    location: Type.Optional(Type.Object({ lon: Lon, lat: Lat, accuracyMeters: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })) }, { additionalProperties: false })),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type CompleteTaskBody = Static<typeof CompleteTaskBody>;

export const ExtensionRequestBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), until: IsoTime, reason: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type ExtensionRequestBody = Static<typeof ExtensionRequestBody>;
export const ExtensionDecisionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), until: Type.Optional(IsoTime), note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type ExtensionDecisionBody = Static<typeof ExtensionDecisionBody>;
export const CancelTaskBody = Type.Object({ version: Type.Integer({ minimum: 1 }), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const SupervisionQuery = Type.Object(
  {
    /** overdue: every overdue task; yellow / red: tasks carrying at least that card; extensions: pending requests. */
    filter: Type.Optional(lit(['overdue', 'yellow', 'red', 'extensions'] as const)),
    areaId: Type.Optional(Id),
    personId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export const SupervisionS = Type.Object({
  counts: Type.Object({ overdue: Type.Integer(), reminder: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), extensions: Type.Integer() }),
  items: Type.Array(TaskInstanceS),
});
export type Supervision = Static<typeof SupervisionS>;

// ---------------------------------------------------------------- indicators

export const IndicatorDefS = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  formula: Type.String(),
  unit: Type.String(),
  better: lit(['higher', 'lower'] as const),
  target: Type.Number(),
  zeroAt: Nullable(Type.Number()),
  weight: Type.Number(),
  star: Nullable(lit(STAR_CODES)),
  levels: Nullable(Type.Array(SubjectLevelS)),
  description: Nullable(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type IndicatorDefT = Static<typeof IndicatorDefS>;
export const IndicatorDefBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$' }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    nameEn: Type.Optional(Type.String({ maxLength: 120 })),
    formula: Type.String({ minLength: 1, maxLength: 2000 }),
    unit: Type.String({ minLength: 1, maxLength: 10 }),
    better: lit(['higher', 'lower'] as const),
    target: Type.Number(),
    zeroAt: Type.Optional(Nullable(Type.Number())),
    weight: Type.Number({ minimum: 0, maximum: 1000 }),
    star: Type.Optional(Nullable(lit(STAR_CODES))),
    levels: Type.Optional(Nullable(Type.Array(SubjectLevelS, { minItems: 1, maxItems: 4 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    active: Type.Optional(Type.Boolean()),
    /** Required when changing an existing definition. */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type IndicatorDefBody = Static<typeof IndicatorDefBody>;

export const IndicatorValueS = Type.Object({
  code: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  better: lit(['higher', 'lower'] as const),
  target: Type.Number(),
  /** null = not available (never zero): see reason and missing. */
  value: Nullable(Type.Number()),
  available: Type.Boolean(),
  reason: Nullable(Type.String()),
  /** Measures whose source is missing or had no data. */
  missing: Type.Array(Type.String()),
  /** 0..100 against the target (scoring.ts), null when not available. */
  score: Nullable(Type.Number()),
});
export type IndicatorValue = Static<typeof IndicatorValueS>;

export const IndicatorsQuery = Type.Object(
  {
    level: SubjectLevelS,
    /** people.id for officers, areas.id for grids, stations and districts. */
    subjectId: Id,
    period: Type.Optional(MonthS),
    /** Recompute now instead of reading the stored values. */
    fresh: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const SubjectIndicatorsS = Type.Object({
  level: SubjectLevelS,
  subject: Ref,
  period: Type.String(),
  periodStart: IsoTime,
  periodEnd: IsoTime,
  computedAt: IsoTime,
  measures: Type.Record(Type.String(), Nullable(Type.Number())),
  values: Type.Array(IndicatorValueS),
});
export type SubjectIndicators = Static<typeof SubjectIndicatorsS>;
export const ComputeIndicatorsBody = Type.Object(
  { period: Type.Optional(MonthS), levels: Type.Optional(Type.Array(SubjectLevelS, { minItems: 1, maxItems: 4 })) },
  { additionalProperties: false },
);
export const ComputeResultS = Type.Object({ period: Type.String(), subjects: Type.Integer(), values: Type.Integer(), ms: Type.Integer() });

// ---------------------------------------------------------------- assessment

export const AssessmentQuery = Type.Object(
  { plan: Type.Optional(Type.String({ maxLength: 40 })), period: Type.Optional(MonthS), fresh: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const STAR_DECISION_STATUSES = ['proposed', 'confirmed', 'rejected'] as const;
export const STAR_DECISION_LABELS: Record<(typeof STAR_DECISION_STATUSES)[number], { zh: string; en: string }> = {
  proposed: { zh: '待确认', en: 'Proposed' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  rejected: { zh: '已驳回', en: 'Rejected' },
};
/** A proposed star's decision: proposed (version 0, nothing decided yet), confirmed or rejected, with its history. */
export const StarDecisionS = Type.Object({
  status: lit(STAR_DECISION_STATUSES),
  /** 0 while only proposed; send it back with a decision. */
  version: Type.Integer({ minimum: 0 }),
  history: Type.Array(Type.Object({ action: lit(['confirmed', 'rejected'] as const), at: IsoTime, by: Type.String(), note: Nullable(Type.String()) })),
});
export type StarDecision = Static<typeof StarDecisionS>;
export const StarDecisionBody = Type.Object(
  {
    plan: Type.String({ minLength: 1, maxLength: 40 }),
    period: MonthS,
    star: lit(STAR_CODES),
    subjectId: Id,
    decision: lit(['confirmed', 'rejected'] as const),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    /** The decision's version read (0 = only proposed so far). */
    version: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type StarDecisionBodyT = Static<typeof StarDecisionBody>;

/** An assessment plan as stored: items whose weights add up to 100, star rules, minimum coverage. */
const PlanItemS = Type.Object({ indicator: Type.String({ minLength: 1, maxLength: 60 }), weight: Type.Number({ exclusiveMinimum: 0, maximum: 100 }) }, { additionalProperties: false });
const StarRuleS = Type.Object(
  { star: lit(STAR_CODES), indicators: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 30 }), minScore: Type.Number({ minimum: 0, maximum: 100 }) },
  { additionalProperties: false },
);
export const AssessmentPlanS = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: SubjectLevelS,
  period: Type.Literal('month'),
  items: Type.Array(Type.Object({ indicator: Type.String(), weight: Type.Number() })),
  stars: Type.Array(Type.Object({ star: lit(STAR_CODES), indicators: Type.Array(Type.String()), minScore: Type.Number() })),
  minCoverage: Type.Number(),
  version: Type.Integer(),
});
export type AssessmentPlanT = Static<typeof AssessmentPlanS>;
export const AssessmentPlanParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
/** Admin: change a plan (weights must add up to 100: 422 PLAN_WEIGHTS_NOT_100 naming /items). */
export const AssessmentPlanBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    items: Type.Array(PlanItemS, { minItems: 1, maxItems: 40 }),
    stars: Type.Optional(Type.Array(StarRuleS, { maxItems: 4 })),
    minCoverage: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type AssessmentPlanBodyT = Static<typeof AssessmentPlanBody>;

export const AssessmentS = Type.Object({
  plan: Type.Object({ code: Type.String(), name: Type.String(), level: SubjectLevelS }),
  period: Type.String(),
  computedAt: IsoTime,
  subjects: Type.Array(
    Type.Object({
      subject: Ref,
      station: Nullable(Ref),
      total: Nullable(Type.Number()),
      rank: Nullable(Type.Integer()),
      coverage: Type.Number(),
      note: Nullable(Type.String()),
      excluded: Type.Array(Type.String()),
      items: Type.Array(
        Type.Object({ indicator: Type.String(), value: Nullable(Type.Number()), score: Nullable(Type.Number()), weight: Type.Number(), effectiveWeight: Type.Number(), available: Type.Boolean() }),
      ),
    }),
  ),
  /** The four stars proposed; a lead confirms or rejects each (decision; history of who, when, note). */
  stars: Type.Array(
    Type.Object({
      star: lit(STAR_CODES),
      subjects: Type.Array(Type.Object({ subject: Ref, score: Type.Number(), decision: Type.Optional(StarDecisionS) })),
      bestScore: Nullable(Type.Number()),
      reason: lit(['proposed', 'below_threshold', 'no_data'] as const),
    }),
  ),
});
export type Assessment = Static<typeof AssessmentS>;

// ---------------------------------------------------------------- screens

const IncidentBrief = Type.Object({
  id: Id,
  number: Type.String(),
  category: Type.String(),
  priority: Type.Integer(),
  status: Type.String(),
  reportedAt: IsoTime,
  address: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
});
export const MyScreenQuery = Type.Object({ date: Type.Optional(LocalDateS) }, { additionalProperties: false });
export const MyScreenS = Type.Object({
  person: Nullable(Ref),
  station: Nullable(Ref),
  /** The areas the officer is responsible for (grids, communities, zones). */
  areas: Type.Array(Type.Object({ id: Id, name: Type.String(), kind: Type.String() })),
  date: Type.String(),
  tasks: MyTasksS,
  /** Overdue tasks of any earlier day still open. */
  overdue: Type.Array(TaskInstanceS),
  /** My grids' incidents: the open ones and the last 24 hours. */
  incidents: Type.Object({ open: Type.Integer(), last24h: Type.Integer(), items: Type.Array(IncidentBrief) }),
  indicators: Nullable(SubjectIndicatorsS),
});
export type MyScreen = Static<typeof MyScreenS>;

const TaskCounts = Type.Object({ due: Type.Integer(), done: Type.Integer(), onTime: Type.Integer(), overdue: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() });
/** Open tasks of any day, now: overdue (status), and open or overdue ones carrying a yellow / red card. */
const TaskBacklog = Type.Object({ overdue: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() });
export const StationScreenQuery = Type.Object({ stationId: Type.Optional(Id), date: Type.Optional(LocalDateS) }, { additionalProperties: false });
export const StationScreenS = Type.Object({
  station: Ref,
  date: Type.String(),
  today: TaskCounts,
  /**
   * Per officer of the station with tasks that day or an open backlog: the day's tasks, the backlog now (tasks of any
   * day still overdue or carrying a card), and the month's total score and rank, if assessed.
   */
  officers: Type.Array(Type.Object({ person: Ref, today: TaskCounts, backlog: TaskBacklog, total: Nullable(Type.Number()), rank: Nullable(Type.Integer()) })),
  supervision: SupervisionS,
  incidents: Type.Object({ open: Type.Integer(), today: Type.Integer(), items: Type.Array(IncidentBrief) }),
  indicators: Nullable(SubjectIndicatorsS),
});
export type StationScreen = Static<typeof StationScreenS>;

export const BigScreenQuery = Type.Object({ districtId: Type.Optional(Id) }, { additionalProperties: false });
export const BigScreenS = Type.Object({
  district: Ref,
  generatedAt: IsoTime,
  /** Live incidents (open) with their points, at most 500, newest first. */
  liveIncidents: Type.Array(IncidentBrief),
  incidents: Type.Object({
    open: Type.Integer(),
    today: Type.Integer(),
    /** Deprecated: 0 also when there is no data a year back; use sameDayLastYearOrNull. */
    sameDayLastYear: Type.Integer(),
    /** The same local day a year before; null when that day lies before the data begins (the earliest incident). */
    sameDayLastYearOrNull: Nullable(Type.Integer()),
  }),
  units: Type.Object({ total: Type.Integer(), available: Type.Integer(), busy: Type.Integer(), offline: Type.Integer() }),
  /** Per station: today's and open incidents, units available, tasks today (`tasks` = `tasksToday`), the open backlog. */
  stations: Type.Array(
    Type.Object({ station: Ref, incidentsToday: Type.Integer(), open: Type.Integer(), unitsAvailable: Type.Integer(), tasks: TaskCounts, tasksToday: TaskCounts, backlog: TaskBacklog }),
  ),
  /** Tasks of today (open during it), as tasksToday: kept for compatibility. */
  tasks: TaskCounts,
  /** Tasks of today: open during the local day (opened by its end, due after its start), not cancelled. */
  tasksToday: TaskCounts,
  /** The open backlog of every day, now: tasks overdue and still open, open tasks carrying a yellow / red card. */
  backlog: TaskBacklog,
  /** The district's indicators this month (gauges). */
  gauges: Type.Array(IndicatorValueS),
  /** Incidents per local day, the last 30 days, with the same days a year before. */
  trend: Type.Array(
    Type.Object({
      day: Type.String(),
      incidents: Type.Integer(),
      /** Deprecated: 0 also when there is no data a year back; use lastYearOrNull. */
      lastYear: Type.Integer(),
      /** The same day a year before; null when it lies before the data begins (the earliest incident). */
      lastYearOrNull: Nullable(Type.Integer()),
    }),
  ),
  /** Monthly district indicator values stored so far (last 12 months). */
  indicatorTrend: Type.Array(Type.Object({ period: Type.String(), values: Type.Record(Type.String(), Nullable(Type.Number())) })),
});
export type BigScreen = Static<typeof BigScreenS>;
