// Statutory time limits of case stages as data, the deadline of a stage computed from stored times, the items each
// step requires, and the supervision of a case (due soon, overdue with the reminder / yellow / red ladder, idle).
//
// Limits count as the law counts them (公安机关办理刑事案件程序规定, 治安管理处罚法):
//   hour   base + n hours, to the minute (detention);
//   day    the day the period starts is not counted: it ends at 24:00 (local) of the n-th day after the base's day;
//   month  it ends at 24:00 of the same day of the month n months later; when that month has no such day (31 January
//          + 1 month) at 24:00 of its last day.
// A stage's deadline runs from the (latest) entry into its base stage: the detention's extension runs from the
// detention, an administrative case's handling limit from its acceptance.
import { civilOfDay, dayOfCivil, dayStartMs, daysInMonth, localDayNumber } from '../tasks/recurrence';
import type { CaseAction, CaseKind, CaseStatus } from './machine';

export type LimitUnit = 'hour' | 'day' | 'month';
export const LIMIT_UNITS: readonly LimitUnit[] = ['hour', 'day', 'month'];

export interface CaseLimit {
  key: string;
  kind: CaseKind;
  /** The stage the limit applies to (the case must leave it by the deadline). */
  stage: CaseStatus;
  /** The stage whose latest entry starts the period (often the stage itself). */
  base: CaseStatus;
  unit: LimitUnit;
  amount: number;
  zh: string;
  en: string;
}

/** The defaults the migration seeds (table case_limits; an administrator edits amount and unit). */
export const DEFAULT_CASE_LIMITS: readonly CaseLimit[] = [
  { key: 'criminal.filing', kind: 'criminal', stage: 'accepted', base: 'accepted', unit: 'day', amount: 3, zh: '受案后作出立案决定', en: 'Filing decision after acceptance' },
  { key: 'criminal.investigation', kind: 'criminal', stage: 'investigating', base: 'investigating', unit: 'month', amount: 2, zh: '立案后侦查期限', en: 'Investigation after filing' },
  { key: 'criminal.detention', kind: 'criminal', stage: 'detained', base: 'detained', unit: 'hour', amount: 72, zh: '拘留后提请批准逮捕', en: 'Arrest request after detention' },
  { key: 'criminal.detention_extended', kind: 'criminal', stage: 'detention_extended', base: 'detained', unit: 'hour', amount: 168, zh: '延长拘留期限（自拘留起）', en: 'Extended detention (from detention)' },
  { key: 'criminal.transfer', kind: 'criminal', stage: 'solved', base: 'solved', unit: 'month', amount: 1, zh: '破案后移送审查起诉', en: 'Transfer for prosecution after solving' },
  { key: 'administrative.acceptance', kind: 'administrative', stage: 'accepted', base: 'accepted', unit: 'day', amount: 3, zh: '受案后开始调查', en: 'Investigation begun after acceptance' },
  { key: 'administrative.handling', kind: 'administrative', stage: 'investigating', base: 'accepted', unit: 'day', amount: 30, zh: '治安案件办理期限（自受案起）', en: 'Handling limit (from acceptance)' },
  { key: 'administrative.execution', kind: 'administrative', stage: 'penalized', base: 'penalized', unit: 'day', amount: 15, zh: '处罚决定执行', en: 'Execution of the penalty' },
  { key: 'administrative.closing_executed', kind: 'administrative', stage: 'executed', base: 'executed', unit: 'day', amount: 7, zh: '执行后结案', en: 'Closing after execution' },
  { key: 'administrative.closing_no_penalty', kind: 'administrative', stage: 'not_penalized', base: 'not_penalized', unit: 'day', amount: 7, zh: '不予处罚后结案', en: 'Closing after no penalty' },
];

/** Largest amount a limit may have per unit (a typo of 3000 days is refused). */
export const LIMIT_MAX: Record<LimitUnit, number> = { hour: 24 * 60, day: 365, month: 36 };

/** The deadline (epoch ms, exclusive end) of a period of `amount` `unit`s starting at `base`. */
export function limitDeadline(base: number, unit: LimitUnit, amount: number, offsetMinutes: number): number {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`not a limit: ${amount}`);
  if (unit === 'hour') return base + amount * 3_600_000;
  const day = localDayNumber(base, offsetMinutes);
  if (unit === 'day') return dayStartMs(day + amount + 1, offsetMinutes);
  const { y, m, d } = civilOfDay(day);
  const months = y * 12 + (m - 1) + amount;
  const ty = Math.floor(months / 12);
  const tm = (months % 12) + 1;
  const td = Math.min(d, daysInMonth(ty, tm));
  return dayStartMs(dayOfCivil(ty, tm, td) + 1, offsetMinutes);
}

export interface StageDeadline {
  key: string;
  stage: CaseStatus;
  zh: string;
  en: string;
  /** The instant the period started (latest entry into the base stage). */
  from: number;
  dueAt: number;
}

/**
 * The deadline of the stage a case is in, from the stored entry times of its stages (latest entry per stage) and the
 * limits in force; null when the stage has no limit (or its base was never entered).
 */
export function stageDeadline(
  kind: CaseKind,
  stage: CaseStatus,
  entries: Readonly<Partial<Record<CaseStatus, number>>>,
  limits: readonly CaseLimit[],
  offsetMinutes: number,
): StageDeadline | null {
  const l = limits.find((x) => x.kind === kind && x.stage === stage);
  if (!l) return null;
  const from = entries[l.base];
  if (from === undefined) return null;
  return { key: l.key, stage, zh: l.zh, en: l.en, from, dueAt: limitDeadline(from, l.unit, l.amount, offsetMinutes) };
}

// ---------------------------------------------------------------- required items

export type CaseItemType =
  | 'acceptance_receipt'
  | 'filing_decision'
  | 'non_filing_notice'
  | 'detention_warrant'
  | 'detention_notice'
  | 'extension_approval'
  | 'release_certificate'
  | 'solve_report'
  | 'prosecution_opinion'
  | 'withdrawal_decision'
  | 'notification_signature'
  | 'penalty_decision'
  | 'no_penalty_decision'
  | 'execution_receipt'
  | 'scene_photo'
  | 'other_document'
  | 'camera_clip';

export const CASE_ITEM_TYPES: readonly CaseItemType[] = [
  'acceptance_receipt', 'filing_decision', 'non_filing_notice', 'detention_warrant', 'detention_notice', 'extension_approval',
  'release_certificate', 'solve_report', 'prosecution_opinion', 'withdrawal_decision', 'notification_signature', 'penalty_decision',
  'no_penalty_decision', 'execution_receipt', 'scene_photo', 'other_document', 'camera_clip',
];

/** Items that are photos (a signature photographed, a scene); the rest are documents, and clips are camera clips. */
export const PHOTO_ITEM_TYPES: readonly CaseItemType[] = ['notification_signature', 'scene_photo'];

export const CASE_ITEM_LABELS: Record<CaseItemType, { zh: string; en: string }> = {
  acceptance_receipt: { zh: '受案回执', en: 'Acceptance receipt' },
  filing_decision: { zh: '立案决定书', en: 'Filing decision' },
  non_filing_notice: { zh: '不予立案通知书', en: 'Notice of non-filing' },
  detention_warrant: { zh: '拘留证', en: 'Detention warrant' },
  detention_notice: { zh: '拘留通知书（家属）', en: 'Detention notice to the family' },
  extension_approval: { zh: '延长拘留期限审批表', en: 'Extension approval' },
  release_certificate: { zh: '释放证明书/变更强制措施决定', en: 'Release certificate' },
  solve_report: { zh: '破案报告', en: 'Solving report' },
  prosecution_opinion: { zh: '起诉意见书', en: 'Prosecution opinion' },
  withdrawal_decision: { zh: '撤销案件决定书', en: 'Withdrawal decision' },
  notification_signature: { zh: '处罚前告知笔录签字照片', en: 'Signed notification (photo)' },
  penalty_decision: { zh: '行政处罚决定书', en: 'Penalty decision' },
  no_penalty_decision: { zh: '不予行政处罚决定书', en: 'No-penalty decision' },
  execution_receipt: { zh: '执行回执', en: 'Execution receipt' },
  scene_photo: { zh: '现场照片', en: 'Scene photo' },
  other_document: { zh: '其他文书', en: 'Other document' },
  camera_clip: { zh: '视频片段', en: 'Camera clip' },
};

/** What each step needs on the case before it is passed. */
export const REQUIRED_ITEMS: Record<CaseKind, Partial<Record<CaseAction, readonly CaseItemType[]>>> = {
  criminal: {
    file: ['acceptance_receipt', 'filing_decision'],
    decline: ['acceptance_receipt', 'non_filing_notice'],
    detain: ['detention_warrant', 'detention_notice'],
    extend: ['extension_approval'],
    release: ['release_certificate'],
    solve: ['solve_report'],
    transfer: ['prosecution_opinion'],
    withdraw: ['withdrawal_decision'],
  },
  administrative: {
    investigate: ['acceptance_receipt'],
    penalize: ['notification_signature', 'penalty_decision'],
    not_penalize: ['no_penalty_decision'],
    execute: ['execution_receipt'],
    close: [],
  },
};

/**
 * The items a step still misses. `items` are the case's items with the time each was added; `since` (the latest
 * entry into the stage the step leaves from) makes a repeated step need fresh items: a second detention needs a new
 * warrant, not the first one's.
 */
export function missingItems(
  kind: CaseKind,
  action: CaseAction,
  items: readonly { type: CaseItemType; at: number }[],
  since?: number,
): CaseItemType[] {
  const need = REQUIRED_ITEMS[kind][action] ?? [];
  const fresh = new Set(items.filter((i) => since === undefined || repeatable(action) === false || i.at >= since).map((i) => i.type));
  return need.filter((t) => !fresh.has(t));
}

/** Steps that can happen more than once in a case (their items must be newer than the stage they leave). */
function repeatable(action: CaseAction): boolean {
  return action === 'detain' || action === 'extend' || action === 'release';
}

// ---------------------------------------------------------------- supervision

export type CaseLadder = 'none' | 'due_soon' | 'reminder' | 'yellow' | 'red';

export interface CaseSupervisionPolicy {
  /** A deadline within this many days is on the deputy's list (due soon). */
  dueWithinDays: number;
  /** A case in hand without activity for this many days is on the list (idle). */
  idleDays: number;
  /** Hours after the deadline: reminder (at it), yellow, red. */
  yellowHours: number;
  redHours: number;
}

export const DEFAULT_CASE_SUPERVISION: CaseSupervisionPolicy = { dueWithinDays: 2, idleDays: 7, yellowHours: 24, redHours: 72 };

/** The rung of the ladder a deadline is on at `now`. */
export function caseLadder(dueAt: number | null, now: number, p: CaseSupervisionPolicy = DEFAULT_CASE_SUPERVISION): CaseLadder {
  if (dueAt === null) return 'none';
  if (now < dueAt) return now >= dueAt - p.dueWithinDays * 86_400_000 ? 'due_soon' : 'none';
  if (now >= dueAt + p.redHours * 3_600_000) return 'red';
  if (now >= dueAt + p.yellowHours * 3_600_000) return 'yellow';
  return 'reminder';
}

export type SupervisionReason = 'due_soon' | 'overdue' | 'idle';

/** Why a case in hand is on the deputy's daily list (empty: it is not). */
export function supervisionReasons(
  c: { open: boolean; dueAt: number | null; lastActivityAt: number },
  now: number,
  p: CaseSupervisionPolicy = DEFAULT_CASE_SUPERVISION,
): SupervisionReason[] {
  if (!c.open) return [];
  const out: SupervisionReason[] = [];
  const rung = caseLadder(c.dueAt, now, p);
  if (rung === 'due_soon') out.push('due_soon');
  else if (rung !== 'none') out.push('overdue');
  if (now - c.lastActivityAt >= p.idleDays * 86_400_000) out.push('idle');
  return out;
}
