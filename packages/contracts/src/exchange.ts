// Excel as the exchange format (issue 12 part 4): templates, a preview naming each bad cell, an all-or-nothing
// apply, and exports that re-import to no change. Kinds: people, units, duty rosters, teams, patrol points, key places, cameras.
import { Type, type Static } from '@sinclair/typebox';
import { lit } from './api';
import { DateS } from './patrol';

export const EXCHANGE_KINDS = ['people', 'units', 'rosters', 'teams', 'keyplaces', 'cameras', 'patrolpoints'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];
export const EXCHANGE_KIND_LABELS: Record<ExchangeKind, { zh: string; en: string }> = {
  people: { zh: '人员', en: 'People' },
  units: { zh: '警力单元', en: 'Units' },
  rosters: { zh: '值班表', en: 'Duty rosters' },
  teams: { zh: '队组', en: 'Teams' },
  keyplaces: { zh: '重点部位', en: 'Key places' },
  cameras: { zh: '视频点位', en: 'Cameras' },
  patrolpoints: { zh: '必巡点位', en: 'Patrol points' },
};
export const ExchangeKindS = lit(EXCHANGE_KINDS);
export const ExchangeParams = Type.Object({ kind: ExchangeKindS });
/** The export of rosters covers `days` days from `from` (default: today, 31 days); other kinds ignore both. */
export const ExchangeExportQuery = Type.Object(
  { from: Type.Optional(DateS), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 62 })) },
  { additionalProperties: false },
);
export const ExchangeTemplateQuery = Type.Object({ format: Type.Optional(lit(['xlsx', 'csv'] as const)) }, { additionalProperties: false });
/** The file in base64 (.xlsx by its name, else CSV in UTF-8 with or without BOM, or GBK). */
export const ExchangeUploadBody = Type.Object(
  { filename: Type.String({ minLength: 1, maxLength: 200 }), data: Type.String({ minLength: 1, maxLength: 14_000_000 }) },
  { additionalProperties: false },
);
export type ExchangeUploadBody = Static<typeof ExchangeUploadBody>;

export const EXCHANGE_ACTIONS = ['create', 'update', 'unchanged', 'error'] as const;
export type ExchangeAction = (typeof EXCHANGE_ACTIONS)[number];
/** One bad cell: the file's row as Excel numbers it (the headers are row 1), its column header, the value, why. */
export const ExchangeProblemS = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  value: Type.String(),
  /** A stable code (the error code of the rule that refused it, or a cell code such as REQUIRED). */
  code: Type.String(),
  /** Why, in Chinese. */
  reason: Type.String(),
});
export type ExchangeProblem = Static<typeof ExchangeProblemS>;
export const ExchangeRowS = Type.Object({
  row: Type.Integer(),
  /** The record's key in the file (person code or name, callsign, station and day). */
  key: Type.String(),
  action: lit(EXCHANGE_ACTIONS),
  /** The columns that would change (update) or are set (create). */
  changes: Type.Array(Type.String()),
  /** The row's cells by column header, as read (for the preview table). */
  cells: Type.Record(Type.String(), Type.String()),
});
export type ExchangeRow = Static<typeof ExchangeRowS>;
export const ExchangeResultS = Type.Object({
  kind: ExchangeKindS,
  columns: Type.Array(Type.String()),
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  problems: Type.Array(ExchangeProblemS),
  /** The first 500 rows. */
  items: Type.Array(ExchangeRowS),
  applied: Type.Boolean(),
});
export type ExchangeResult = Static<typeof ExchangeResultS>;
