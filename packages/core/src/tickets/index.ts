// Work-handover tickets (工作交办单, issue 16 part 2), pure: the workflow as a transition table, routing by a duties
// table, deadlines by category (a time-limit rule such as 邓州's 13710), recurrence (确保问题不反弹), the supervision
// ladder of an overdue ticket (the tasks' ladder) and the per-department counts. The server stores and applies them.
//
//   created ──route──▶ sent ──receive (签收)──▶ received ──start──▶ in_progress ──resolve (feedback, photos)──▶ resolved
//                       │                        │   ╰──────────resolve──────────────────────────────────────▶│
//                       ╰──return (退回)──▶ returned ◀──return──╯                                              │
//                                           ╰──route (re-routed)──▶ sent            verify ◀───────────────────╯
//   resolved ──verify──▶ verified ──close──▶ closed ──reopen (same category, same place, within the window)──▶ sent
//   resolved ──reject (verification fails)──▶ in_progress;   progress notes keep the state (received, in_progress).
import { haversineMeters } from '../geo/measure';
import { DEFAULT_ESCALATION_POLICY, stepTime, type EscalationPolicy } from '../tasks/escalation';
import { defineMachine } from '../workflow/machine';

export const TICKET_STATUSES = ['created', 'sent', 'received', 'in_progress', 'resolved', 'verified', 'closed', 'returned'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_ACTIONS = ['route', 'receive', 'start', 'progress', 'resolve', 'verify', 'reject', 'close', 'return', 'reopen'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

export const ticketMachine = defineMachine<TicketStatus, TicketAction>(
  'ticket',
  {
    created: { route: 'sent' },
    sent: { receive: 'received', return: 'returned' },
    received: { start: 'in_progress', progress: 'received', resolve: 'resolved', return: 'returned' },
    in_progress: { progress: 'in_progress', resolve: 'resolved' },
    resolved: { verify: 'verified', reject: 'in_progress' },
    verified: { close: 'closed' },
    closed: { reopen: 'sent' },
    returned: { route: 'sent' },
  },
  TICKET_ACTIONS,
);

/** The statuses in which the department still owes work (the deadline and the ladder run). */
export const OPEN_TICKET_STATUSES = ['sent', 'received', 'in_progress'] as const satisfies readonly TicketStatus[];
export function isTicketOpen(s: TicketStatus): boolean {
  return (OPEN_TICKET_STATUSES as readonly TicketStatus[]).includes(s);
}

/** Who acts: the department (its liaison / 城管 account), the originator's side (police), or the system. */
export const TICKET_ACTION_SIDE: Record<TicketAction, 'department' | 'police' | 'system'> = {
  route: 'police',
  receive: 'department',
  start: 'department',
  progress: 'department',
  resolve: 'department',
  return: 'department',
  verify: 'police',
  reject: 'police',
  close: 'police',
  reopen: 'system',
};

// ---------------------------------------------------------------- routing by duties

export interface DutyRule {
  category: string;
  /** null: the whole county; otherwise the rule holds inside this area (a town's own 城管 squad). */
  areaId: number | null;
  /** The department (agencies.id); null: the active agency of `agencyKind` holding the place (seeded defaults). */
  agencyId: number | null;
  agencyKind: string | null;
  /** Time to receive (签收) after sending, hours. */
  receiveHours: number;
  /** Time to resolve (办结) after sending, hours. */
  resolveHours: number;
}

/**
 * The duty rule for a category at a place: a rule of an area holding the place (the deepest: `areaIds` lists the
 * place's areas from the county down, so the last match wins) before the county-wide rule; a category without a rule
 * falls back to the rule of 'other'. null: nobody has the duty (the caller must name the department).
 */
export function routeTicket(rules: readonly DutyRule[], category: string, areaIds: readonly number[]): DutyRule | null {
  for (const cat of category === 'other' ? ['other'] : [category, 'other']) {
    const own = rules.filter((r) => r.category === cat);
    let best: DutyRule | null = null;
    let depth = -1;
    for (const r of own) {
      if (r.areaId === null) {
        if (depth < 0 && best === null) best = r;
        continue;
      }
      const d = areaIds.indexOf(r.areaId);
      if (d > depth) {
        best = r;
        depth = d;
      }
    }
    if (best) return best;
  }
  return null;
}

export interface Department {
  id: number;
  kind: string;
  /** The area the agency serves (null: the whole county). */
  areaId: number | null;
}

/**
 * The department a rule sends to: its agency, or for a rule by kind the agency of that kind whose area holds the
 * place (the deepest), else the county-wide one, else the only one of that kind. null: no such department (or two
 * that both could be it).
 */
export function departmentOf(rule: Pick<DutyRule, 'agencyId' | 'agencyKind'>, agencies: readonly Department[], areaIds: readonly number[]): number | null {
  if (rule.agencyId !== null) return agencies.some((a) => a.id === rule.agencyId) ? rule.agencyId : null;
  const ofKind = agencies.filter((a) => a.kind === rule.agencyKind);
  let best: Department | null = null;
  let depth = -1;
  for (const a of ofKind) {
    const d = a.areaId === null ? -1 : areaIds.indexOf(a.areaId);
    if (d > depth) {
      best = a;
      depth = d;
    }
  }
  if (best) return best.id;
  const countyWide = ofKind.filter((a) => a.areaId === null);
  if (countyWide.length === 1) return countyWide[0]!.id;
  return ofKind.length === 1 ? ofKind[0]!.id : null;
}

/** The receive and resolve deadlines of a ticket sent at `sentAt` (ms) under a rule. */
export function ticketDeadlines(rule: Pick<DutyRule, 'receiveHours' | 'resolveHours'>, sentAt: number): { receiveDueAt: number; dueAt: number } {
  return { receiveDueAt: sentAt + rule.receiveHours * 3600_000, dueAt: sentAt + rule.resolveHours * 3600_000 };
}

/** A rule's hours must be positive and the receipt due no later than the resolution. Empty = valid. */
export function validateDutyRule(r: Pick<DutyRule, 'receiveHours' | 'resolveHours'>): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (!(r.receiveHours > 0)) out.push({ field: '/receiveHours', message: 'must be > 0' });
  if (!(r.resolveHours > 0)) out.push({ field: '/resolveHours', message: 'must be > 0' });
  if (out.length === 0 && r.receiveHours > r.resolveHours) out.push({ field: '/receiveHours', message: 'must not be after the resolve deadline' });
  return out;
}

// ---------------------------------------------------------------- recurrence (确保问题不反弹)

export interface ClosedTicket {
  id: number;
  category: string;
  lon: number;
  lat: number;
  /** ms */
  closedAt: number;
}

/**
 * The closed ticket a new report reopens: same category, within `radiusM` metres, closed no more than `windowDays`
 * before `now` (and not after it). The nearest wins, then the most recently closed. null: a new problem.
 */
export function recurrenceOf(
  closed: readonly ClosedTicket[],
  report: { category: string; lon: number; lat: number },
  now: number,
  opts: { radiusM: number; windowDays: number },
): ClosedTicket | null {
  let best: { t: ClosedTicket; d: number } | null = null;
  for (const t of closed) {
    if (t.category !== report.category) continue;
    if (t.closedAt > now || now - t.closedAt > opts.windowDays * 86400_000) continue;
    const d = haversineMeters(t.lon, t.lat, report.lon, report.lat);
    if (d > opts.radiusM) continue;
    if (!best || d < best.d || (d === best.d && t.closedAt > best.t.closedAt)) best = { t, d };
  }
  return best?.t ?? null;
}

// ---------------------------------------------------------------- the supervision ladder of an overdue ticket

export type TicketLadderStep = 'overdue' | 'reminder' | 'yellow' | 'red';
export const TICKET_LADDER: readonly TicketLadderStep[] = ['overdue', 'reminder', 'yellow', 'red'];

/**
 * The ladder steps due at `now` for an open ticket due at `dueAt` (ms) that have not fired yet, in order; the same
 * policy as tasks (reminder at the due time, yellow card 24 h after, red card 72 h after by default). Once the
 * department resolves the ticket (or returns it) nothing more fires.
 */
export function ticketLadderDue(
  // the steps fired so far, of both ladders (a ticket keeps one list; the receipt steps are told apart by name)
  t: { status: TicketStatus; dueAt: number | null; fired: readonly string[] },
  now: number,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): TicketLadderStep[] {
  if (!isTicketOpen(t.status) || t.dueAt === null) return [];
  return TICKET_LADDER.filter((s) => {
    const at = stepTime(s, t.dueAt!, policy);
    return at !== null && at <= now && !t.fired.includes(s);
  });
}

/** The steps of the receipt ladder (签收时限): the same steps, counted from the receive deadline. */
export type TicketReceiptStep = 'receipt_overdue' | 'receipt_reminder' | 'receipt_yellow' | 'receipt_red';
export const TICKET_RECEIPT_LADDER: readonly TicketReceiptStep[] = ['receipt_overdue', 'receipt_reminder', 'receipt_yellow', 'receipt_red'];

/**
 * The receipt ladder of a ticket nobody has received (签收) by its receive deadline (1 hour by default): overdue and
 * 催办 at the receive deadline, yellow and red cards after the policy's offsets, each once, while the ticket waits in
 * 'sent'. Its steps are named apart from the resolve ladder's (receipt_*), so receiving late leaves the resolve
 * ladder whole; a re-routed or reopened ticket starts both afresh (its fired steps are cleared).
 */
export function ticketReceiptLadderDue(
  t: { status: TicketStatus; receiveDueAt: number | null; fired: readonly string[] },
  now: number,
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): TicketReceiptStep[] {
  if (t.status !== 'sent' || t.receiveDueAt === null) return [];
  return TICKET_RECEIPT_LADDER.filter((s) => {
    const at = stepTime(s.slice('receipt_'.length) as TicketLadderStep, t.receiveDueAt!, policy);
    return at !== null && at <= now && !t.fired.includes(s);
  });
}

/** The highest step fired on either ladder (a receipt step counts as its plain step), or 'none'. */
export function ticketSupervision(fired: readonly string[]): TicketLadderStep | 'none' {
  for (const s of ['red', 'yellow', 'reminder', 'overdue'] as const) if (fired.includes(s) || fired.includes(`receipt_${s}`)) return s;
  return 'none';
}

// ---------------------------------------------------------------- counts

export interface TicketFacts {
  status: TicketStatus;
  /** ms or null */
  dueAt: number | null;
  resolvedAt: number | null;
  returns: number;
  reopens: number;
  /** Earlier rounds of a reopened ticket: how many were resolved, and how many of those on time (default 0). */
  earlierResolved?: number;
  earlierOnTime?: number;
}

export interface TicketCounts {
  tickets: number;
  open: number;
  overdue: number;
  resolved: number;
  onTime: number;
  /** onTime / resolved, null when nothing was resolved (unavailable is never zero). */
  onTimeRate: number | null;
  returns: number;
  recurrences: number;
}

/**
 * The counts of a department or area: resolved = resolutions, one per round (a reopening starts a new round with a
 * new deadline; the earlier rounds' resolutions keep counting, with their own on-time figure), on time = resolved no
 * later than that round's due time; returns = 退回 events; recurrences = reopenings.
 */
export function ticketCounts(ts: readonly TicketFacts[], now: number): TicketCounts {
  let open = 0;
  let overdue = 0;
  let resolved = 0;
  let onTime = 0;
  let returns = 0;
  let recurrences = 0;
  for (const t of ts) {
    if (isTicketOpen(t.status)) {
      open++;
      if (t.dueAt !== null && t.dueAt < now) overdue++;
    }
    if (t.resolvedAt !== null) {
      resolved++;
      if (t.dueAt !== null && t.resolvedAt <= t.dueAt) onTime++;
    }
    // a reopened ticket keeps the figures of its earlier rounds
    resolved += t.earlierResolved ?? 0;
    onTime += t.earlierOnTime ?? 0;
    returns += t.returns;
    recurrences += t.reopens;
  }
  return { tickets: ts.length, open, overdue, resolved, onTime, onTimeRate: resolved ? onTime / resolved : null, returns, recurrences };
}
