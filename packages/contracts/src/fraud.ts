// Schemas of the anti-fraud warning loop (预警 -> 劝阻 -> 回访). See docs/fraud.md.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, lit } from './api';
import { FRAUD_OUTCOMES, FRAUD_REJECT_REASONS, FRAUD_STATUSES } from './domain';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const FraudStatusS = lit(FRAUD_STATUSES);
export const FraudOutcomeS = lit(FRAUD_OUTCOMES);
export const FraudRejectReasonS = lit(FRAUD_REJECT_REASONS);

/** One warning as the anti-fraud centre sends it (API body item, or a CSV row with the same column names). */
export const FraudWarningIn = Type.Object(
  {
    externalId: Type.String({ minLength: 1, maxLength: 64 }),
    fraudType: Type.String({ minLength: 1, maxLength: 40 }),
    personName: Type.Optional(Type.String({ maxLength: 64 })),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' })),
    address: Type.String({ minLength: 1, maxLength: 256 }),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    amountAtRisk: Type.Optional(Type.Number({ minimum: 0, maximum: 1e10 })),
    warnedAt: IsoTime,
  },
  { additionalProperties: false },
);
export type FraudWarningIn = Static<typeof FraudWarningIn>;

export const FraudIntakeBody = Type.Object(
  { source: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }), warnings: Type.Array(FraudWarningIn, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export type FraudIntakeBody = Static<typeof FraudIntakeBody>;

/** Per warning, what the centre gets back: accepted with the task, or rejected with a reason. */
export const FraudIntakeResultS = Type.Object({
  results: Type.Array(
    Type.Object({
      externalId: Type.String(),
      status: lit(['accepted', 'rejected'] as const),
      reason: Nullable(FraudRejectReasonS),
      warningId: Nullable(Id),
      deadlineAt: Nullable(IsoTime),
    }),
  ),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  /**
   * CSV import only: the rows not taken, each with why (in Chinese). A row is written whole or not at all: the good
   * rows of a file are taken, each bad one is listed here (row n from 1 after the header, the column as headed in the file).
   */
  invalidRows: Type.Optional(Type.Array(Type.Object({ row: Type.Integer(), column: Type.String(), value: Type.String(), message: Type.String() }))),
});
export type FraudIntakeResult = Static<typeof FraudIntakeResultS>;
export type FraudInvalidRow = NonNullable<FraudIntakeResult['invalidRows']>[number];

export const FraudWarningS = Type.Object({
  id: Id,
  source: Type.String(),
  externalId: Type.String(),
  status: FraudStatusS,
  rejectReason: Nullable(FraudRejectReasonS),
  version: Type.Integer(),
  fraudType: Type.String(),
  amountAtRisk: Nullable(Type.Number()),
  warnedAt: IsoTime,
  receivedAt: IsoTime,
  personNameMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  address: Type.String(),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  grid: Nullable(Type.Object({ id: Id, name: Type.String() })),
  station: Nullable(Type.Object({ id: Id, name: Type.String() })),
  officer: Nullable(Type.Object({ id: Id, name: Type.String() })),
  deadlineAt: Nullable(IsoTime),
  overdue: Type.Boolean(),
  outcome: Type.Union([FraudOutcomeS, Type.Null()]),
  lossAmount: Nullable(Type.Number()),
  outcomeNote: Nullable(Type.String()),
  outcomeAt: Nullable(IsoTime),
  outcomeByName: Nullable(Type.String()),
  followupDueAt: Nullable(IsoTime),
  followupAt: Nullable(IsoTime),
  followupNote: Nullable(Type.String()),
});
export type FraudWarning = Static<typeof FraudWarningS>;

export const FraudListQuery = Type.Object(
  {
    status: Type.Optional(FraudStatusS),
    /** Only the caller's own tasks (officers see only theirs anyway). */
    mine: Type.Optional(Type.Boolean()),
    overdue: Type.Optional(Type.Boolean()),
    areaId: Type.Optional(Id),
    source: Type.Optional(Type.String({ maxLength: 40 })),
    externalId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const FraudOutcomeBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    outcome: FraudOutcomeS,
    lossAmount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e10 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type FraudOutcomeBody = Static<typeof FraudOutcomeBody>;

export const FraudFollowupBody = Type.Object({ version: Type.Integer({ minimum: 1 }), note: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });
export type FraudFollowupBody = Static<typeof FraudFollowupBody>;

export const FraudContactS = Type.Object({ personName: Nullable(Type.String()), phone: Nullable(Type.String()) });

export const FraudStatsQuery = Type.Object(
  { from: Type.Optional(IsoTime), to: Type.Optional(IsoTime), level: Type.Optional(lit(['station', 'community', 'grid'] as const)) },
  { additionalProperties: false },
);
export const FraudStatsS = Type.Object({
  from: IsoTime,
  to: IsoTime,
  level: Type.String(),
  rows: Type.Array(
    Type.Object({
      areaId: Nullable(Id),
      areaName: Type.String(),
      warnings: Type.Integer(),
      rejected: Type.Integer(),
      open: Type.Integer(),
      overdue: Type.Integer(),
      dissuaded: Type.Integer(),
      moneyLost: Type.Integer(),
      unreachable: Type.Integer(),
      lossAmount: Type.Number(),
      /** Amount at risk of the warnings dissuaded. */
      lossAvoided: Type.Number(),
      followedUp: Type.Integer(),
      /** Median minutes from receipt to outcome. */
      medianMinutesToOutcome: Nullable(Type.Number()),
      onTime: Type.Integer(),
    }),
  ),
});
export type FraudStats = Static<typeof FraudStatsS>;
