// Work-handover tickets (工作交办单, issue 16 part 2). A problem the police find is handed to the department whose
// duty it is (routing table: category [+ area] -> department, with a receive and a resolve time limit), received and
// handled by that department's liaison / 城管 accounts, verified and closed by the originator's side, or returned
// (退回) and routed again. A report of the same category within RECUR_RADIUS_M of a ticket closed in the last
// RECUR_WINDOW_DAYS reopens that ticket instead of opening a new one (确保问题不反弹). The workflow is `ticketMachine`
// in core; every change is versioned (409 STALE_VERSION) and appended to the ticket's events.
// Scope: police see the tickets whose place lies in their area; a department account only its department's tickets.
// Anything else is TICKET_NOT_FOUND (404), like a ticket that does not exist.
import {
  departmentOf,
  isTicketOpen,
  recurrenceOf,
  routeTicket,
  ticketDeadlines,
  ticketMachine,
  ticketSupervision,
  TICKET_ACTION_SIDE,
  type DutyRule,
  type TicketAction,
  type TicketStatus,
} from '@jingwang/core';
import type { Ticket, TicketActionBody, TicketCategory, TicketCreateBody, TicketDetail, TicketListQuery, TicketRouteBody, TicketSource, TicketUserAction } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso, isoN } from '../../lib/format';
import { decodePhoto } from '../../lib/photo';
import { transition } from '../../lib/transition';
import { audit } from '../audit/service';
import { authorize, can, inScope, scopeIds, type Actor } from '../auth/policy';
import { disputeForTicket, linkTicket } from '../disputes/service';
import { getIncident } from '../incidents/service';
import { notify } from '../notifications/service';
import * as repo from './repo';

/** Recurrence (确保问题不反弹): same category within this many metres ... */
export const RECUR_RADIUS_M = 100;
/** ... of a ticket closed no more than this many days ago. */
export const RECUR_WINDOW_DAYS = 30;
/** The time limits when no rule names the category (nor 'other'). */
const FALLBACK_HOURS = { receiveHours: 24, resolveHours: 240 };

const DEPARTMENT_ROLES = ['liaison', 'urban_mgmt'] as const;
const isDepartment = (a: Actor) => a.role !== null && (DEPARTMENT_ROLES as readonly string[]).includes(a.role);

// ---------------------------------------------------------------- presentation

/** The highest step of either ladder (resolve, receipt). */
function supervisionOf(fired: readonly string[]): Ticket['supervision'] {
  return ticketSupervision(fired);
}

/** What the caller may do now: the machine's actions of their side. */
function allowedFor(actor: Actor, r: repo.TicketRow, ownAgency: number | null): TicketAction[] {
  return ticketMachine.allowed(r.status as TicketStatus).filter((a) => {
    const side = TICKET_ACTION_SIDE[a];
    if (side === 'department') return can(actor, 'ticket.handle') && ownAgency !== null && ownAgency === r.agency_id;
    if (side === 'police') return can(actor, 'ticket.verify') && !isDepartment(actor);
    return false;
  });
}

function present(ctx: Ctx, actor: Actor, r: repo.TicketRow, ownAgency: number | null, now: number): Ticket {
  const tree = ctx.areas.tree();
  const area = (id: number | null) => (id === null ? null : { id, name: tree.get(id)?.name ?? String(id) });
  return {
    id: r.id,
    status: r.status as TicketStatus,
    version: r.version,
    category: r.category as TicketCategory,
    title: r.title,
    description: r.description,
    sourceType: r.source_type as TicketSource,
    sourceId: r.source_id,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    station: area(r.station_id),
    grid: area(r.grid_id),
    agency: r.agency_id === null ? null : { id: r.agency_id, name: r.agency_name ?? String(r.agency_id) },
    originatorName: r.originator_name,
    createdAt: iso(r.created_at),
    sentAt: isoN(r.sent_at),
    receiveDueAt: isoN(r.receive_due_at),
    dueAt: isoN(r.due_at),
    receivedAt: isoN(r.received_at),
    resolvedAt: isoN(r.resolved_at),
    verifiedAt: isoN(r.verified_at),
    closedAt: isoN(r.closed_at),
    updatedAt: iso(r.updated_at),
    overdue: isTicketOpen(r.status as TicketStatus) && r.due_at !== null && now > Date.parse(iso(r.due_at)),
    returnCount: r.return_count,
    reopenCount: r.reopen_count,
    earlierResolved: r.earlier_resolved,
    earlierOnTime: r.earlier_on_time,
    supervision: supervisionOf(r.fired),
    allowed: allowedFor(actor, r, ownAgency),
  };
}

async function ownAgencyOf(ctx: Ctx, actor: Actor): Promise<number | null> {
  return isDepartment(actor) && actor.userId !== null ? repo.agencyOfUser(ctx.db, actor.userId) : null;
}

/** The ticket if the caller may see it; otherwise TICKET_NOT_FOUND, exactly as one that does not exist. */
async function loadFor(ctx: Ctx, actor: Actor, id: number): Promise<{ row: repo.TicketRow; own: number | null }> {
  const row = await repo.getTicketRow(ctx.db, id);
  if (!row) throw new AppError('TICKET_NOT_FOUND');
  const own = await ownAgencyOf(ctx, actor);
  const visible = isDepartment(actor) ? own !== null && row.agency_id === own : inScope(actor, ctx.areas.tree(), row.area_ids);
  if (!visible) throw new AppError('TICKET_NOT_FOUND');
  return { row, own };
}

// ---------------------------------------------------------------- reading

export async function listTickets(ctx: Ctx, actor: Actor, q: TicketListQuery & { ids?: number[]; createdFrom?: string; createdTo?: string; limit?: number }): Promise<Ticket[]> {
  authorize(actor, 'ticket.read');
  const now = ctx.clock.now();
  const own = await ownAgencyOf(ctx, actor);
  const rows = await repo.listTicketRows(ctx.db, {
    scopeIds: isDepartment(actor) ? null : scopeIds(actor, ctx.areas.tree()),
    agencyId: isDepartment(actor) ? (own ?? 0) : q.agencyId,
    status: q.status,
    statuses: q.open ? ['sent', 'received', 'in_progress', 'returned', 'resolved', 'verified'] : undefined,
    category: q.category,
    sourceType: q.sourceType,
    sourceId: q.sourceId,
    ids: q.ids,
    createdFrom: q.createdFrom,
    createdTo: q.createdTo,
    overdueAt: q.overdue ? now.toISOString() : undefined,
    limit: q.limit ?? 500,
  });
  return rows.map((r) => present(ctx, actor, r, own, now.getTime()));
}

export async function getTicket(ctx: Ctx, actor: Actor, id: number): Promise<TicketDetail> {
  authorize(actor, 'ticket.read');
  const { row, own } = await loadFor(ctx, actor, id);
  const [events, photoIds] = await Promise.all([repo.listEvents(ctx.db, id), repo.photoIdsOf(ctx.db, id)]);
  return {
    ...present(ctx, actor, row, own, ctx.clock.now().getTime()),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      at: iso(e.at),
      actorName: e.actor_name,
      agency: e.agency_id === null ? null : { id: e.agency_id, name: e.agency_name ?? String(e.agency_id) },
      note: e.note,
      photoIds: e.photo_ids,
    })),
    photoIds,
  };
}

export async function getPhoto(ctx: Ctx, actor: Actor, photoId: number): Promise<{ mime: string; bytes: Buffer }> {
  authorize(actor, 'ticket.read');
  const p = await repo.getPhoto(ctx.db, photoId);
  if (!p) throw new AppError('PHOTO_NOT_FOUND');
  try {
    await loadFor(ctx, actor, p.ticket_id);
  } catch {
    throw new AppError('PHOTO_NOT_FOUND');
  }
  return { mime: p.mime, bytes: Buffer.from(p.bytes) };
}

// ---------------------------------------------------------------- routing

function ruleOf(r: repo.RuleRow): DutyRule {
  return { category: r.category, areaId: r.area_id, agencyId: r.agency_id, agencyKind: r.agency_kind, receiveHours: r.receive_hours, resolveHours: r.resolve_hours };
}

/**
 * The department and time limits for a category at a place: the named department (it must exist and be active) with
 * the category's time limits, or the routing table's department.
 */
async function routeFor(ctx: Ctx, category: string, areaIds: number[], named: number | undefined): Promise<{ agencyId: number; receiveHours: number; resolveHours: number }> {
  const [rules, agencies] = await Promise.all([repo.listRules(ctx.db), repo.activeAgencies(ctx.db)]);
  const rule = routeTicket(rules.map(ruleOf), category, areaIds);
  const hours = rule ?? FALLBACK_HOURS;
  if (named !== undefined) {
    if (!agencies.some((a) => a.id === named)) throw new AppError('TICKET_UNKNOWN_DEPARTMENT', undefined, { field: '/agencyId' });
    return { agencyId: named, receiveHours: hours.receiveHours, resolveHours: hours.resolveHours };
  }
  const dept = rule && departmentOf(rule, agencies.map((a) => ({ id: a.id, kind: a.kind, areaId: a.area_id })), areaIds);
  if (!rule || dept === null) throw new AppError('TICKET_NO_DEPARTMENT', undefined, { category });
  return { agencyId: dept, receiveHours: rule.receiveHours, resolveHours: rule.resolveHours };
}

async function tellDepartment(ctx: Ctx, agencyId: number, t: { id: number; title: string }, kind: string, title: string, refId = String(t.id)): Promise<void> {
  await notify(ctx, await repo.departmentUsers(ctx.db, agencyId), { kind, title, body: t.title, link: `/tickets/${t.id}`, refType: 'ticket', refId });
}

async function tellOriginator(ctx: Ctx, r: repo.TicketRow, kind: string, title: string, refId = String(r.id)): Promise<void> {
  if (r.originator_user_id !== null) await notify(ctx, [r.originator_user_id], { kind, title, body: r.title, link: `/tickets/${r.id}`, refType: 'ticket', refId });
}

function decodeAll(photos: readonly string[] | undefined): { mime: string; bytes: Buffer }[] {
  return (photos ?? []).map((p, i) => {
    const d = decodePhoto(p, `/photos/${i}`);
    return { mime: d.mime, bytes: d.bytes };
  });
}

// ---------------------------------------------------------------- creating (and recurrence)

/** The transaction a ticket is written in (new or reopened): a caller's own record joins it (all or nothing). */
export type TicketTx = Parameters<typeof repo.insertTicket>[0];

export interface CreateOpts {
  externalRef?: string | null;
  /** Runs inside the ticket's own transaction with its id (e.g. the joint group's record that made it). */
  within?: (tx: TicketTx, ticketId: number) => Promise<void>;
}

/**
 * A new ticket, routed to its department at once; or, when the same category was closed nearby within the window,
 * that ticket reopened (its department told again, the report appended to its timeline).
 */
export async function createTicket(ctx: Ctx, actor: Actor, b: TicketCreateBody, opts: CreateOpts = {}): Promise<{ reopened: boolean; ticket: TicketDetail }> {
  authorize(actor, 'ticket.create');
  const now = ctx.clock.now();
  const at = now.toISOString();
  const places = await repo.locate(ctx.db, b.lon, b.lat, at);
  if (places.county_id === null) throw new AppError('OUTSIDE_JURISDICTION', undefined, { field: '/lon' });
  if (!inScope(actor, ctx.areas.tree(), places.area_ids)) throw new AppError('OUTSIDE_JURISDICTION', 'The place is outside your area', { field: '/lon' });
  if (b.sourceType === 'incident') {
    if (b.sourceId === undefined) throw new AppError('TICKET_SOURCE_NOT_FOUND', undefined, { field: '/sourceId' });
    try {
      await getIncident(ctx, actor, b.sourceId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'INCIDENT_NOT_FOUND') throw new AppError('TICKET_SOURCE_NOT_FOUND', undefined, { field: '/sourceId' });
      throw e;
    }
  }
  if (b.sourceType === 'dispute') {
    // the dispute must be one the caller reaches (its module answers 404 otherwise)
    if (b.sourceId === undefined) throw new AppError('TICKET_SOURCE_NOT_FOUND', undefined, { field: '/sourceId' });
    try {
      await disputeForTicket(ctx, actor, b.sourceId);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'DISPUTE_NOT_FOUND' || e.code === 'FORBIDDEN')) throw new AppError('TICKET_SOURCE_NOT_FOUND', undefined, { field: '/sourceId' });
      throw e;
    }
  }
  const photos = decodeAll(b.photos);
  const note = (b.description ?? '').trim();

  // 确保问题不反弹: the same problem at the same place soon after closure reopens the closed ticket
  const since = new Date(now.getTime() - RECUR_WINDOW_DAYS * 86400_000).toISOString();
  const tree = ctx.areas.tree();
  // only tickets the reporter could see (a reopening never reveals a ticket across the area's edge)
  const closed = (await repo.closedSince(ctx.db, b.category, since)).filter((c) => inScope(actor, tree, c.area_ids));
  const again = recurrenceOf(
    closed.map((c) => ({ id: c.id, category: c.category, lon: c.lon, lat: c.lat, closedAt: Date.parse(iso(c.closed_at)) })),
    { category: b.category, lon: b.lon, lat: b.lat },
    now.getTime(),
    { radiusM: RECUR_RADIUS_M, windowDays: RECUR_WINDOW_DAYS },
  );
  if (again) {
    const r = (await repo.getTicketRow(ctx.db, again.id))!;
    await reopen(ctx, actor, r, { note: `${b.title}${note ? `：${note}` : ''}`, photos, at, within: opts.within });
    return { reopened: true, ticket: await getTicket(ctx, actor, again.id) };
  }

  const route = await routeFor(ctx, b.category, places.area_ids, b.agencyId);
  const d = ticketDeadlines(route, now.getTime());
  const id = await ctx.db.transaction().execute(async (tx) => {
    const id = await repo.insertTicket(tx, {
      category: b.category,
      title: b.title.trim(),
      description: note,
      source_type: b.sourceType,
      source_id: b.sourceId ?? null,
      external_ref: opts.externalRef ?? null,
      address: b.address?.trim() ?? '',
      lon: b.lon,
      lat: b.lat,
      grid_id: places.grid_id,
      community_id: places.community_id,
      station_id: places.station_id,
      area_ids: places.area_ids,
      agency_id: route.agencyId,
      originator_user_id: actor.userId,
      originator_name: actor.displayName,
      at,
      receive_due_at: new Date(d.receiveDueAt).toISOString(),
      due_at: new Date(d.dueAt).toISOString(),
    });
    const photoIds = await repo.insertPhotos(tx, id, photos, at);
    const base = { ticket_id: id, at, user_id: actor.userId, actor_name: actor.displayName };
    await repo.insertEvent(tx, { ...base, action: 'create', from_status: null, to_status: 'created', agency_id: null, note, photo_ids: photoIds });
    await repo.insertEvent(tx, { ...base, action: 'route', from_status: 'created', to_status: 'sent', agency_id: route.agencyId, note: '', photo_ids: [] });
    await audit(tx, actor, 'ticket.create', 'ticket', id, { category: b.category, agencyId: route.agencyId });
    if (opts.within) await opts.within(tx, id);
    return id;
  });
  // the dispute records its ticket (its own versioned write; a concurrent change there does not undo the ticket)
  if (b.sourceType === 'dispute' && b.sourceId !== undefined) await linkTicket(ctx, actor, b.sourceId, id).catch((e) => console.warn('ticket: dispute link failed', e));
  await tellDepartment(ctx, route.agencyId, { id, title: b.title }, 'ticket.sent', '新的工作交办单待签收');
  return { reopened: false, ticket: await getTicket(ctx, actor, id) };
}

async function reopen(ctx: Ctx, actor: Actor, r: repo.TicketRow, x: { note: string; photos: { mime: string; bytes: Buffer }[]; at: string; within?: CreateOpts['within'] }): Promise<void> {
  const from = r.status as TicketStatus;
  const to = transition(ticketMachine, from, 'reopen');
  const rule = await routeFor(ctx, r.category, r.area_ids, r.agency_id ?? undefined).catch(() => ({ ...FALLBACK_HOURS, agencyId: r.agency_id! }));
  const d = ticketDeadlines(rule, Date.parse(x.at));
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateTicket(
      tx,
      r.id,
      {
        status: to,
        updated_at: x.at,
        sent_at: x.at,
        receive_due_at: new Date(d.receiveDueAt).toISOString(),
        due_at: new Date(d.dueAt).toISOString(),
        received_at: null,
        resolved_at: null,
        verified_at: null,
        closed_at: null,
        fired: [],
        reopen_count: r.reopen_count + 1,
        // the round that ends here keeps its figures (resolved, on time) for the on-time rate
        ...(r.resolved_at !== null
          ? {
              earlier_resolved: r.earlier_resolved + 1,
              earlier_on_time: r.earlier_on_time + (r.due_at !== null && Date.parse(iso(r.resolved_at)) <= Date.parse(iso(r.due_at)) ? 1 : 0),
            }
          : {}),
      },
      { version: r.version, from },
    );
    const photoIds = await repo.insertPhotos(tx, r.id, x.photos, x.at);
    await repo.insertEvent(tx, { ticket_id: r.id, action: 'reopen', from_status: from, to_status: to, at: x.at, user_id: actor.userId, actor_name: actor.displayName, agency_id: r.agency_id, note: x.note, photo_ids: photoIds });
    await audit(tx, actor, 'ticket.reopen', 'ticket', r.id, {});
    if (x.within) await x.within(tx, r.id);
  });
  if (r.agency_id !== null) await tellDepartment(ctx, r.agency_id, r, 'ticket.reopened', '问题反弹：交办单已重新打开', `${r.id}:${r.reopen_count + 1}`);
}

// ---------------------------------------------------------------- the department's and the originator's steps

const NOTE_REQUIRED: readonly TicketUserAction[] = ['resolve', 'return', 'reject'];

export async function act(ctx: Ctx, actor: Actor, id: number, action: TicketUserAction, b: TicketActionBody): Promise<TicketDetail> {
  authorize(actor, 'ticket.read');
  const side = TICKET_ACTION_SIDE[action];
  authorize(actor, side === 'department' ? 'ticket.handle' : 'ticket.verify');
  const { row: r, own } = await loadFor(ctx, actor, id);
  // a department acts on its own tickets; the police side never acts for a department (and vice versa)
  if (side === 'department' && own !== r.agency_id) throw new AppError('TICKET_NOT_FOUND');
  if (side === 'police' && isDepartment(actor)) throw new AppError('FORBIDDEN');
  const from = r.status as TicketStatus;
  const to = transition(ticketMachine, from, action);
  const note = (b.note ?? '').trim();
  if (NOTE_REQUIRED.includes(action) && !note) throw new AppError('TICKET_NOTE_REQUIRED', undefined, { field: '/note' });
  const photos = decodeAll(b.photos);
  const at = ctx.clock.now().toISOString();
  const change: repo.TicketChange = { status: to, updated_at: at };
  if (action === 'receive') change.received_at = at;
  if (action === 'resolve') change.resolved_at = at;
  if (action === 'reject') change.resolved_at = null;
  if (action === 'verify') change.verified_at = at;
  if (action === 'close') change.closed_at = at;
  if (action === 'return') change.return_count = r.return_count + 1;
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateTicket(tx, id, change, { version: b.version, from });
    const photoIds = await repo.insertPhotos(tx, id, photos, at);
    await repo.insertEvent(tx, { ticket_id: id, action, from_status: from, to_status: to, at, user_id: actor.userId, actor_name: actor.displayName, agency_id: side === 'department' ? r.agency_id : null, note, photo_ids: photoIds });
    await audit(tx, actor, `ticket.${action}`, 'ticket', id, {});
  });
  const ref = `${id}:${r.version + 1}`;
  if (action === 'receive') await tellOriginator(ctx, r, 'ticket.received', '交办单已签收', ref);
  if (action === 'resolve') await tellOriginator(ctx, r, 'ticket.resolved', '交办单已反馈，请核查', ref);
  if (action === 'return') await tellOriginator(ctx, r, 'ticket.returned', '交办单被退回，请重新交办', ref);
  if (action === 'reject' && r.agency_id !== null) await tellDepartment(ctx, r.agency_id, r, 'ticket.rejected', '交办单核查未通过，请继续办理', ref);
  return getTicket(ctx, actor, id);
}

/** A returned ticket routed again: to the named department or by the routing table; new time limits. */
export async function reroute(ctx: Ctx, actor: Actor, id: number, b: TicketRouteBody): Promise<TicketDetail> {
  authorize(actor, 'ticket.read');
  authorize(actor, 'ticket.verify');
  if (isDepartment(actor)) throw new AppError('FORBIDDEN');
  const { row: r } = await loadFor(ctx, actor, id);
  const from = r.status as TicketStatus;
  const to = transition(ticketMachine, from, 'route');
  const route = await routeFor(ctx, r.category, r.area_ids, b.agencyId);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const d = ticketDeadlines(route, now.getTime());
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateTicket(
      tx,
      id,
      { status: to, updated_at: at, agency_id: route.agencyId, sent_at: at, receive_due_at: new Date(d.receiveDueAt).toISOString(), due_at: new Date(d.dueAt).toISOString(), received_at: null, fired: [] },
      { version: b.version, from },
    );
    await repo.insertEvent(tx, { ticket_id: id, action: 'route', from_status: from, to_status: to, at, user_id: actor.userId, actor_name: actor.displayName, agency_id: route.agencyId, note: (b.note ?? '').trim(), photo_ids: [] });
    await audit(tx, actor, 'ticket.route', 'ticket', id, { agencyId: route.agencyId });
  });
  await tellDepartment(ctx, route.agencyId, r, 'ticket.sent', '新的工作交办单待签收', `${id}:${r.version + 1}`);
  return getTicket(ctx, actor, id);
}

/** The areas holding a point now, from the county down (county_id null: outside the deployment); joint patrol uses it. */
export async function placesOf(ctx: Ctx, lon: number, lat: number): Promise<repo.Places> {
  return repo.locate(ctx.db, lon, lat, ctx.clock.now().toISOString());
}

export { ladderTick, listRules, saveRule, ticketStats } from './supervision';
