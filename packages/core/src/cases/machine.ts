// The case workflows (在手案件), pure: one state machine per case kind, the statutory time limit of each stage as
// configurable data, and the items (documents, photos) each step requires before it is passed (the 错 and 漏 checks).
//
// Criminal (刑事):
//   accepted ──file (立案)──▶ investigating ──detain──▶ detained ──extend──▶ detention_extended
//      │                        │  ▲                      │  release ▲            │ release / solve
//      └─decline (不立案)─▶ not_filed                    └──release──┘
//   investigating / detained / detention_extended ──solve (破案)──▶ solved ──transfer (移送起诉)──▶ transferred
//   investigating / solved ──withdraw (撤案)──▶ withdrawn
// Administrative (行政/治安):
//   accepted ──investigate──▶ investigating ──penalize (处罚)──▶ penalized ──execute──▶ executed ──close──▶ closed
//                                        └──not_penalize (不予处罚)──▶ not_penalized ──close──▶ closed
import { defineMachine, type Machine } from '../workflow/machine';

export type CaseKind = 'criminal' | 'administrative';
export const CASE_KINDS: readonly CaseKind[] = ['criminal', 'administrative'];

export type CriminalStatus = 'accepted' | 'investigating' | 'not_filed' | 'detained' | 'detention_extended' | 'solved' | 'transferred' | 'withdrawn';
export type CriminalAction = 'file' | 'decline' | 'detain' | 'extend' | 'release' | 'solve' | 'transfer' | 'withdraw';
export type AdministrativeStatus = 'accepted' | 'investigating' | 'penalized' | 'not_penalized' | 'executed' | 'closed';
export type AdministrativeAction = 'investigate' | 'penalize' | 'not_penalize' | 'execute' | 'close';
export type CaseStatus = CriminalStatus | AdministrativeStatus;
export type CaseAction = CriminalAction | AdministrativeAction;

export const CRIMINAL_ACTIONS: readonly CriminalAction[] = ['file', 'decline', 'detain', 'extend', 'release', 'solve', 'transfer', 'withdraw'];
export const ADMINISTRATIVE_ACTIONS: readonly AdministrativeAction[] = ['investigate', 'penalize', 'not_penalize', 'execute', 'close'];
export const CASE_STATUSES: readonly CaseStatus[] = [
  'accepted', 'investigating', 'not_filed', 'detained', 'detention_extended', 'solved', 'transferred', 'withdrawn',
  'penalized', 'not_penalized', 'executed', 'closed',
];
export const CASE_ACTIONS: readonly CaseAction[] = [...CRIMINAL_ACTIONS, ...ADMINISTRATIVE_ACTIONS];

export const criminalCaseMachine = defineMachine<CriminalStatus, CriminalAction>(
  'criminal_case',
  {
    accepted: { file: 'investigating', decline: 'not_filed' },
    investigating: { detain: 'detained', solve: 'solved', withdraw: 'withdrawn' },
    detained: { extend: 'detention_extended', release: 'investigating', solve: 'solved' },
    detention_extended: { release: 'investigating', solve: 'solved' },
    solved: { transfer: 'transferred', withdraw: 'withdrawn' },
    not_filed: {},
    transferred: {},
    withdrawn: {},
  },
  CRIMINAL_ACTIONS,
);

export const administrativeCaseMachine = defineMachine<AdministrativeStatus, AdministrativeAction>(
  'administrative_case',
  {
    accepted: { investigate: 'investigating' },
    investigating: { penalize: 'penalized', not_penalize: 'not_penalized' },
    penalized: { execute: 'executed' },
    not_penalized: { close: 'closed' },
    executed: { close: 'closed' },
    closed: {},
  },
  ADMINISTRATIVE_ACTIONS,
);

/** The machine of a case kind (typed loosely: the server holds statuses and actions as strings of both kinds). */
export function caseMachine(kind: CaseKind): Machine<CaseStatus, CaseAction> {
  return (kind === 'criminal' ? criminalCaseMachine : administrativeCaseMachine) as unknown as Machine<CaseStatus, CaseAction>;
}

/** A case in hand (在手): not in a final state of its kind. */
export function isCaseOpen(kind: CaseKind, status: CaseStatus): boolean {
  const m = caseMachine(kind);
  return m.states.includes(status) && !m.isFinal(status);
}

/**
 * Solved (破案 / 查处) = the case reached a state that means it was solved: criminal solved (and transferred after it),
 * administrative a decision to penalize (and executed after it). The action that solves sets the case's solved time.
 */
export const SOLVING_ACTIONS: readonly CaseAction[] = ['solve', 'penalize'];
/** Filed (立案): a criminal case at the action `file`; an administrative (public-order) case when accepted. */
export const FILING_ACTION: CaseAction = 'file';

export const CASE_KIND_LABELS: Record<CaseKind, { zh: string; en: string }> = {
  criminal: { zh: '刑事案件', en: 'Criminal' },
  administrative: { zh: '行政（治安）案件', en: 'Administrative' },
};

export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  accepted: { zh: '已受案', en: 'Accepted' },
  investigating: { zh: '侦查/调查中', en: 'Investigating' },
  not_filed: { zh: '不予立案', en: 'Not filed' },
  detained: { zh: '刑事拘留', en: 'Detained' },
  detention_extended: { zh: '延长拘留', en: 'Detention extended' },
  solved: { zh: '已破案', en: 'Solved' },
  transferred: { zh: '移送起诉', en: 'Transferred for prosecution' },
  withdrawn: { zh: '已撤案', en: 'Withdrawn' },
  penalized: { zh: '已作出处罚决定', en: 'Penalty decided' },
  not_penalized: { zh: '不予处罚', en: 'No penalty' },
  executed: { zh: '已执行', en: 'Executed' },
  closed: { zh: '已结案', en: 'Closed' },
};

export const CASE_ACTION_LABELS: Record<CaseAction, { zh: string; en: string }> = {
  file: { zh: '立案', en: 'File' },
  decline: { zh: '不予立案', en: 'Decline to file' },
  detain: { zh: '刑事拘留', en: 'Detain' },
  extend: { zh: '延长拘留期限', en: 'Extend detention' },
  release: { zh: '释放/变更强制措施', en: 'Release' },
  solve: { zh: '破案', en: 'Solve' },
  transfer: { zh: '移送审查起诉', en: 'Transfer for prosecution' },
  withdraw: { zh: '撤销案件', en: 'Withdraw' },
  investigate: { zh: '开始调查', en: 'Investigate' },
  penalize: { zh: '作出处罚决定', en: 'Penalize' },
  not_penalize: { zh: '不予处罚', en: 'No penalty' },
  execute: { zh: '执行完毕', en: 'Executed' },
  close: { zh: '结案', en: 'Close' },
};

/** The main line of stages of a kind, for the stage bar (branches and final states outside it are shown as reached). */
export const CASE_STAGE_LINE: Record<CaseKind, readonly CaseStatus[]> = {
  criminal: ['accepted', 'investigating', 'detained', 'solved', 'transferred'],
  administrative: ['accepted', 'investigating', 'penalized', 'executed', 'closed'],
};
