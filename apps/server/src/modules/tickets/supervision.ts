// The tickets' routing table (admin), the supervision ladder of overdue tickets (a job, every minute) and the counts
// per department and per station (on-time rate, returns, recurrence), computed by core's ticketCounts from the same
// rows the list shows.
import { ticketCounts, ticketLadderDue, ticketReceiptLadderDue, validateDutyRule, type TicketLadderStep, type TicketReceiptStep, type TicketStatus } from '@jingwang/core';
import type { Static } from '@sinclair/typebox';
import type { TicketCategory, TicketRuleBody, TicketRuleS, TicketStats } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso } from '../../lib/format';
import { audit } from '../audit/service';
import { authorize, scopeIds, SYSTEM_ACTOR, type Actor } from '../auth/policy';
import { notify } from '../notifications/service';
import * as repo from './repo';

const STEP_TEXT: Record<TicketLadderStep | TicketReceiptStep, string> = {
  overdue: '交办单已逾期',
  reminder: '交办单催办',
  yellow: '交办单黄牌督办',
  red: '交办单红牌督办',
  receipt_overdue: '交办单逾期未签收',
  receipt_reminder: '交办单签收催办',
  receipt_yellow: '交办单未签收黄牌督办',
  receipt_red: '交办单未签收红牌督办',
};

// ---------------------------------------------------------------- routing table

export async function listRules(ctx: Ctx, actor: Actor): Promise<Static<typeof TicketRuleS>[]> {
  authorize(actor, 'ticket.read');
  const tree = ctx.areas.tree();
  return (await repo.listRules(ctx.db)).map((r) => ({
    id: r.id,
    category: r.category as TicketCategory,
    area: r.area_id === null ? null : { id: r.area_id, name: tree.get(r.area_id)?.name ?? String(r.area_id) },
    agency: r.agency_id === null ? null : { id: r.agency_id, name: r.agency_name ?? String(r.agency_id) },
    agencyKind: r.agency_kind,
    receiveHours: r.receive_hours,
    resolveHours: r.resolve_hours,
    version: r.version,
  }));
}

/** Sets the department and time limits of a category (county-wide or in an area); versioned when it replaces a rule. */
export async function saveRule(ctx: Ctx, actor: Actor, b: TicketRuleBody): Promise<Static<typeof TicketRuleS>[]> {
  authorize(actor, 'ticket.route');
  const errors = validateDutyRule(b);
  if (errors.length) throw validationError(errors);
  const areaId = b.areaId ?? null;
  if (areaId !== null && !ctx.areas.tree().get(areaId)) throw validationError([{ field: '/areaId', message: 'unknown area' }]);
  if (!(await repo.activeAgencies(ctx.db)).some((a) => a.id === b.agencyId)) throw new AppError('TICKET_UNKNOWN_DEPARTMENT', undefined, { field: '/agencyId' });
  const existing = await repo.findRule(ctx.db, b.category, areaId);
  await ctx.db.transaction().execute(async (tx) => {
    const set = { agency_id: b.agencyId, receive_hours: b.receiveHours, resolve_hours: b.resolveHours };
    if (existing) {
      if (b.version === undefined) throw validationError([{ field: '/version', message: 'is required to change an existing rule' }]);
      await repo.updateRule(tx, existing.id, b.version, set);
    } else await repo.insertRule(tx, { category: b.category, area_id: areaId, ...set });
    await audit(tx, actor, 'ticket.rule', 'ticket_route', existing?.id ?? 0, { ...b });
  });
  return listRules(ctx, actor);
}

// ---------------------------------------------------------------- the ladder (job)

/**
 * Fires the ladder steps due now on every open overdue ticket: an event on its timeline and a notification to the
 * department's accounts (yellow and red cards also to the originator). Each step once per due time. A ticket nobody
 * has received by its receive deadline (签收时限, 1 hour by default) climbs the receipt ladder (receipt_* steps, from
 * the receive deadline) as well. Returns the number of steps fired.
 */
export async function ladderTick(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  let n = 0;
  for (const r of await repo.overdueOpen(ctx.db, at)) {
    const status = r.status as TicketStatus;
    const resolveSteps = r.due_at === null ? [] : ticketLadderDue({ status, dueAt: Date.parse(iso(r.due_at)), fired: r.fired as TicketLadderStep[] }, now.getTime());
    const receiptSteps = r.receive_due_at === null ? [] : ticketReceiptLadderDue({ status, receiveDueAt: Date.parse(iso(r.receive_due_at)), fired: r.fired }, now.getTime());
    const steps: string[] = [...receiptSteps, ...resolveSteps];
    if (steps.length === 0) continue;
    await ctx.db.transaction().execute(async (tx) => {
      await repo.markFired(tx, r.id, [...r.fired, ...steps]);
      for (const s of steps) {
        await repo.insertEvent(tx, { ticket_id: r.id, action: s, from_status: r.status, to_status: r.status, at, user_id: null, actor_name: SYSTEM_ACTOR.displayName, agency_id: r.agency_id, note: '', photo_ids: [] });
      }
    });
    const tell = async (top: TicketLadderStep | TicketReceiptStep, refId: string) => {
      const users = r.agency_id === null ? [] : await repo.departmentUsers(ctx.db, r.agency_id);
      if ((top.endsWith('yellow') || top.endsWith('red')) && r.originator_user_id !== null) users.push(r.originator_user_id);
      await notify(ctx, users, { kind: `ticket.${top}`, title: STEP_TEXT[top], body: r.title, link: `/tickets/${r.id}`, refType: 'ticket', refId });
    };
    if (receiptSteps.length) await tell(receiptSteps[receiptSteps.length - 1]!, `${r.id}:receipt:${iso(r.receive_due_at!)}`);
    if (resolveSteps.length) await tell(resolveSteps[resolveSteps.length - 1]!, `${r.id}:${iso(r.due_at!)}`);
    n += steps.length;
  }
  return n;
}

// ---------------------------------------------------------------- counts

/**
 * Per department (by=agency) or per station (by=station), the tickets created in [from, to) that the caller sees:
 * open, overdue, resolved, on time (resolved by the due time), on-time rate, returns (per department: the returns it
 * made, of these tickets; per station: the tickets' returns), recurrences, and how many came
 * from joint police-城管 patrols (城警联勤).
 */
export async function ticketStats(ctx: Ctx, actor: Actor, q: { from?: string; to?: string; by?: 'agency' | 'station' }): Promise<TicketStats> {
  authorize(actor, 'ticket.read');
  const now = ctx.clock.now();
  const to = q.to ?? now.toISOString();
  const from = q.from ?? new Date(Date.parse(to) - 30 * 86400_000).toISOString();
  if (Date.parse(from) >= Date.parse(to)) throw validationError([{ field: '/from', message: 'must be before to' }]);
  const by = q.by ?? 'agency';
  const dept = actor.role === 'liaison' || actor.role === 'urban_mgmt';
  const own = dept && actor.userId !== null ? await repo.agencyOfUser(ctx.db, actor.userId) : null;
  const rows = await repo.listTicketRows(ctx.db, {
    scopeIds: dept ? null : scopeIds(actor, ctx.areas.tree()),
    agencyId: dept ? (own ?? 0) : undefined,
    createdFrom: from,
    createdTo: to,
    limit: 100_000,
  });
  const tree = ctx.areas.tree();
  const groups = new Map<number | null, { name: string; rows: repo.TicketRow[] }>();
  for (const r of rows) {
    const key = by === 'agency' ? r.agency_id : r.station_id;
    const name = key === null ? '未定' : by === 'agency' ? (r.agency_name ?? String(key)) : (tree.get(key)?.name ?? String(key));
    const g = groups.get(key) ?? { name, rows: [] };
    g.rows.push(r);
    groups.set(key, g);
  }
  // a return counts for the department that returned the ticket (it may be with another one now)
  const returnsBy = by === 'agency' ? await repo.returnsByAgency(ctx.db, rows.map((r) => r.id)) : null;
  const ms = (s: string | null) => (s === null ? null : Date.parse(iso(s)));
  return {
    from,
    to,
    by,
    rows: [...groups.entries()]
      .sort((a, b) => (a[0] ?? Infinity) - (b[0] ?? Infinity))
      .map(([key, g]) => ({
        key,
        name: g.name,
        ...ticketCounts(
          g.rows.map((r) => ({ status: r.status as TicketStatus, dueAt: ms(r.due_at), resolvedAt: ms(r.resolved_at), returns: r.return_count, reopens: r.reopen_count, earlierResolved: r.earlier_resolved, earlierOnTime: r.earlier_on_time })),
          now.getTime(),
        ),
        ...(returnsBy ? { returns: key === null ? 0 : (returnsBy.get(key) ?? 0) } : {}),
        jointPatrol: g.rows.filter((r) => r.source_type === 'joint_patrol').length,
      })),
  };
}
