// Disputes (矛盾纠纷, issue 16), pure: the workflow as a table, the risk grade and its reasons, the level that owns a
// dispute and when it climbs, the follow-up visits after resolution.
//
//   open ──mediate──▶ mediating ──refer──▶ referred ──feedback──▶ mediating
//    │ (refer, resolve, escalate,           │ (mediate, resolve,
//    │  convert)                            │  escalate, convert)
//    └──────────────resolve─────────▶ resolved ──followup──▶ resolved ──close──▶ closed
//                                      │ reopen ──▶ mediating;  convert ──▶ converted (民转刑)
//
// Resolving needs a mediation session (a rule of the server on top of the table: it counts the sessions). A
// resolved dispute is closed by its last follow-up visit; a visit that finds it flared up again reopens it.
import { defineMachine } from '../workflow/machine';

export type DisputeStatus = 'open' | 'mediating' | 'referred' | 'resolved' | 'closed' | 'converted';
export type DisputeAction = 'mediate' | 'refer' | 'feedback' | 'resolve' | 'escalate' | 'followup' | 'close' | 'reopen' | 'convert';

export const DISPUTE_ACTIONS: readonly DisputeAction[] = ['mediate', 'refer', 'feedback', 'resolve', 'escalate', 'followup', 'close', 'reopen', 'convert'];

export const disputeMachine = defineMachine<DisputeStatus, DisputeAction>(
  'dispute',
  {
    open: { mediate: 'mediating', refer: 'referred', resolve: 'resolved', escalate: 'open', convert: 'converted' },
    mediating: { mediate: 'mediating', refer: 'referred', resolve: 'resolved', escalate: 'mediating', convert: 'converted' },
    referred: { mediate: 'referred', feedback: 'mediating', resolve: 'resolved', escalate: 'referred', convert: 'converted' },
    resolved: { followup: 'resolved', close: 'closed', reopen: 'mediating', convert: 'converted' },
    closed: { convert: 'converted' },
    converted: {},
  },
  DISPUTE_ACTIONS,
);

/** The one definition of an open dispute: not yet resolved (counted open, escalated by time). */
export const OPEN_DISPUTE_STATUSES = ['open', 'mediating', 'referred'] as const satisfies readonly DisputeStatus[];

export function isDisputeOpen(status: DisputeStatus): boolean {
  return (OPEN_DISPUTE_STATUSES as readonly DisputeStatus[]).includes(status);
}

// ---------------------------------------------------------------- risk grade

export type DisputeGrade = 'low' | 'medium' | 'high';
export const DISPUTE_GRADES: readonly DisputeGrade[] = ['low', 'medium', 'high'];

export type GradeReasonCode = 'violence' | 'repeat_calls' | 'repeat_calls_many' | 'group' | 'mass' | 'vulnerable';

export interface GradeReason {
  code: GradeReasonCode;
  /** The grade this rule sets (for `vulnerable`: the grade after raising by one). */
  grade: DisputeGrade;
  /** The figure the rule read (calls, parties), when it reads one. */
  value?: number;
}

export interface GradeFacts {
  /** Violence threatened or used, weapons, self-harm threatened. */
  violenceThreatened: boolean;
  /** Calls to the police at the same place within the look-back window (the dispute's own call not counted). */
  priorCalls: number;
  /** People involved (parties, or the size of a group). */
  partyCount: number;
  /** Any party elderly, a minor, disabled, pregnant or otherwise vulnerable. */
  vulnerable: boolean;
}

/** Thresholds of the grading rules (a county may tune them; these are the defaults). */
export const GRADE_RULES = {
  repeatCallsMedium: 2,
  repeatCallsHigh: 4,
  groupMedium: 5,
  groupHigh: 10,
  /** Days back over which calls at the place are counted. */
  repeatCallDays: 90,
} as const;

const rank = (g: DisputeGrade) => DISPUTE_GRADES.indexOf(g);
export const maxGrade = (a: DisputeGrade, b: DisputeGrade): DisputeGrade => (rank(a) >= rank(b) ? a : b);
export const gradeAbove = (a: DisputeGrade, b: DisputeGrade): boolean => rank(a) > rank(b);

/**
 * The risk grade of a dispute and every rule that set it: violence threatened is high; repeated calls at the place
 * medium (high from `repeatCallsHigh`); a group of parties medium (a mass dispute high); vulnerable parties raise the
 * grade by one. No rule: low with no reasons.
 */
export function gradeDispute(f: GradeFacts, rules = GRADE_RULES): { grade: DisputeGrade; reasons: GradeReason[] } {
  const reasons: GradeReason[] = [];
  if (f.violenceThreatened) reasons.push({ code: 'violence', grade: 'high' });
  if (f.priorCalls >= rules.repeatCallsHigh) reasons.push({ code: 'repeat_calls_many', grade: 'high', value: f.priorCalls });
  else if (f.priorCalls >= rules.repeatCallsMedium) reasons.push({ code: 'repeat_calls', grade: 'medium', value: f.priorCalls });
  if (f.partyCount >= rules.groupHigh) reasons.push({ code: 'mass', grade: 'high', value: f.partyCount });
  else if (f.partyCount >= rules.groupMedium) reasons.push({ code: 'group', grade: 'medium', value: f.partyCount });
  let grade: DisputeGrade = reasons.reduce<DisputeGrade>((g, r) => maxGrade(g, r.grade), 'low');
  if (f.vulnerable) {
    grade = DISPUTE_GRADES[Math.min(rank(grade) + 1, DISPUTE_GRADES.length - 1)]!;
    reasons.push({ code: 'vulnerable', grade });
  }
  return { grade, reasons };
}

// ---------------------------------------------------------------- owning level and escalation

export type DisputeLevel = 'grid' | 'community' | 'station' | 'town' | 'county';
/** From the lowest level up: 小事不出网格，大事不出社区，难事不出镇（所），矛盾不上交. */
export const DISPUTE_LEVELS: readonly DisputeLevel[] = ['grid', 'community', 'station', 'town', 'county'];

/** The area kind that stands for each level in the area tree (the town is the 片区 / 乡镇 above the station). */
export const LEVEL_AREA_KIND: Record<DisputeLevel, 'grid' | 'community' | 'station' | 'district' | 'county'> = {
  grid: 'grid',
  community: 'community',
  station: 'station',
  town: 'district',
  county: 'county',
};

/** The level a dispute starts at by its grade: a low one in the grid, a medium one in the community, a high one at the station. */
export const START_LEVEL: Record<DisputeGrade, DisputeLevel> = { low: 'grid', medium: 'community', high: 'station' };

/** Days a level has to resolve a dispute before it climbs to the next one. */
export const LEVEL_DAYS: Record<DisputeLevel, number> = { grid: 3, community: 7, station: 10, town: 15, county: 30 };

export const levelRank = (l: DisputeLevel): number => DISPUTE_LEVELS.indexOf(l);

/** The level above (null at the county: nowhere to climb). */
export function levelAbove(l: DisputeLevel): DisputeLevel | null {
  return DISPUTE_LEVELS[levelRank(l) + 1] ?? null;
}

/** When a level that took the dispute at `since` must have resolved it. */
export function levelDueAt(level: DisputeLevel, since: number): number {
  return since + LEVEL_DAYS[level] * 86400_000;
}

export type EscalationReason = 'overdue' | 'grade';

/**
 * Where an open dispute belongs now: one level up when its level's time ran out (`now` past `dueAt`), or the start
 * level of a grade that rose (never down). null when it stays where it is.
 */
export function escalation(
  d: { status: DisputeStatus; level: DisputeLevel; dueAt: number; grade: DisputeGrade },
  now: number,
): { to: DisputeLevel; reason: EscalationReason } | null {
  if (!isDisputeOpen(d.status)) return null;
  const byGrade = START_LEVEL[d.grade];
  if (levelRank(byGrade) > levelRank(d.level)) return { to: byGrade, reason: 'grade' };
  if (now > d.dueAt) {
    const up = levelAbove(d.level);
    if (up) return { to: up, reason: 'overdue' };
  }
  return null;
}

// ---------------------------------------------------------------- follow-up visits

/** Days after resolution at which the follow-up visits (回访) are due, by grade. */
export const FOLLOWUP_DAYS: Record<DisputeGrade, readonly number[]> = { low: [7], medium: [3, 15], high: [1, 7, 30] };

/** The due times of the follow-up visits of a dispute resolved at `resolvedAt`. */
export function followupSchedule(grade: DisputeGrade, resolvedAt: number): number[] {
  return FOLLOWUP_DAYS[grade].map((d) => resolvedAt + d * 86400_000);
}

/** The action a follow-up visit takes: reopen when it flared up again, close when it is the last one due, else followup. */
export function followupAction(recurred: boolean, visitsLeftAfterThis: number): DisputeAction {
  if (recurred) return 'reopen';
  return visitsLeftAfterThis <= 0 ? 'close' : 'followup';
}
