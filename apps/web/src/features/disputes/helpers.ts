// Pure helpers of the disputes screens: which actions a role is offered on a dispute (the server decides: these only
// hide buttons that would be refused), the next follow-up visit, the order of the list, and the indicators' totals.
import type { Dispute, DisputeIndicators, DisputeSummary } from '@jingwang/contracts';

export type UiAction = 'mediate' | 'refer' | 'feedback' | 'resolve' | 'escalate' | 'followup' | 'convert' | 'grade';

const POLICE = ['admin', 'district_lead', 'station_lead', 'dispatcher', 'officer'];
/** The roles of each permission, as the server's policy grants them (apps/server/src/modules/auth/policy.ts). */
export const canReport = (role: string | null | undefined) => [...POLICE, 'grid_worker', 'mediator'].includes(role ?? '');
const canMediate = (role: string) => [...POLICE, 'grid_worker', 'mediator', 'urban_mgmt', 'liaison'].includes(role);
const canManage = (role: string) => [...POLICE, 'mediator'].includes(role);

/** The actions to offer: the machine's allowed ones the role may take, with the rules the server adds. */
export function actionsFor(role: string | null | undefined, d: Pick<Dispute, 'allowed' | 'level' | 'referrals' | 'followups' | 'status'>): UiAction[] {
  const r = role ?? '';
  const out: UiAction[] = [];
  const allowed = new Set(d.allowed);
  if (allowed.has('mediate') && canMediate(r)) out.push('mediate');
  if (allowed.has('feedback') && canMediate(r) && d.referrals.some((x) => x.feedbackAt === null)) out.push('feedback');
  if (allowed.has('refer') && canManage(r)) out.push('refer');
  if (allowed.has('resolve') && canManage(r)) out.push('resolve');
  if (allowed.has('escalate') && canManage(r) && d.level !== 'county') out.push('escalate');
  if (allowed.has('escalate') && canManage(r)) out.push('grade');
  if (d.status === 'resolved' && canMediate(r) && d.followups.some((f) => f.doneAt === null)) out.push('followup');
  if (allowed.has('convert') && canManage(r)) out.push('convert');
  return out;
}

/** The follow-up visit to make next (the earliest not made), and whether it is due at `now`. */
export function nextFollowup(d: Pick<Dispute, 'followups'>, now: number): { id: number; dueAt: string; due: boolean } | null {
  const f = d.followups.filter((x) => x.doneAt === null).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
  return f ? { id: f.id, dueAt: f.dueAt, due: Date.parse(f.dueAt) <= now } : null;
}

const GRADE_RANK = { high: 0, medium: 1, low: 2 } as const;

/** Overdue first, then the higher grade, then the earlier due time; the finished ones last, newest first. */
export function sortDisputes(list: DisputeSummary[]): DisputeSummary[] {
  const open = (d: DisputeSummary) => ['open', 'mediating', 'referred'].includes(d.status);
  return [...list].sort((a, b) => {
    if (open(a) !== open(b)) return open(a) ? -1 : 1;
    if (!open(a)) return Date.parse(b.reportedAt) - Date.parse(a.reportedAt);
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.grade !== b.grade) return GRADE_RANK[a.grade] - GRADE_RANK[b.grade];
    return Date.parse(a.levelDueAt) - Date.parse(b.levelDueAt);
  });
}

/** The indicators' total row: the sum of the area rows (each area's figures are counted from the records on the server). */
export function indicatorTotals(ind: DisputeIndicators): Omit<DisputeIndicators['rows'][number], 'areaId' | 'areaName'> {
  const keys = ['registered', 'open', 'resolved', 'resolvedOnTime', 'escalated', 'repeat', 'converted', 'sessions', 'agreement', 'partial', 'noAgreement', 'adjourned'] as const;
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<(typeof keys)[number], number>;
  for (const r of ind.rows) for (const k of keys) out[k] += r[k];
  return out;
}

/** Participants typed as one line: split on Chinese or Latin commas and 、, trimmed, empty ones dropped. */
export function splitParticipants(s: string): string[] {
  return s
    .split(/[,，、;；]/)
    .map((x) => x.trim())
    .filter(Boolean)
    .slice(0, 30);
}
