// Incidents: intake, lists, detail, state transitions and dispatch, under optimistic concurrency.
// Every change appends an event with who and when; units follow their incident's state.
import {
  INCIDENT_STATUSES,
  maskName,
  maskPhone,
  type CancelReason,
  type CreateIncidentBody,
  type DispatchBody,
  type Disposition,
  type Incident,
  type IncidentCategory,
  type IncidentDetail,
  type IncidentListQuery,
  type IncidentSource,
  type IncidentStatus,
  type TransitionBody,
  type UnitType,
} from '@jingwang/contracts';
import { ACTION_REQUIRES, OPEN_INCIDENT_STATUSES, PHASE_OF_STATUS, incidentMachine, isOpen, unitStatusAfter, type IncidentAction } from '@jingwang/core';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError, validationError } from '../../lib/errors';
import { isoN } from '../../lib/format';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { locationAreas } from '../areas/service';
import { officerRefs } from '../org/service';
import * as unitRecords from '../units/records';
import { notifyRemote, publishUnits } from '../../realtime/publish';
import { unitEta } from '../dispatch/service';
import { lapseReinforcements } from '../dispatch/reinforcements';
import { transition as applyTransition } from '../../lib/transition';
import { assertVersion } from '../../db/versioned';
import * as repo from './repo';
import { notifyDutyLeader } from '../roster/service';
import { checkBasis } from './basis';

/** Leaving the open statuses (resolved, closed, cancelled, transferred) releases the units. */
const releasesUnits = (to: IncidentStatus): boolean => !isOpen(to);

const PHASE_COLUMN = {
  dispatchedAt: 'dispatched_at',
  enRouteAt: 'en_route_at',
  onSceneAt: 'on_scene_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
} as const;

const secondsBetween = (a: string | null, b: string | null): number | null =>
  a !== null && b !== null ? Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 100) / 10) : null;

/** Response times of an incident against its 1/3/5-minute target (dispatch to arrival, as the standard counts it). */
export function responseOf(r: repo.IncidentRow): Incident['response'] {
  const dispatchToArrival = secondsBetween(r.dispatched_at, r.on_scene_at);
  return {
    targetSeconds: r.target_s,
    keyPlace: r.key_place_id !== null ? { id: r.key_place_id, name: r.key_place_name ?? '' } : null,
    etaSeconds: r.eta_s === null ? null : Math.round(r.eta_s),
    callToDispatchS: secondsBetween(r.reported_at, r.dispatched_at),
    dispatchToArrivalS: dispatchToArrival,
    totalS: secondsBetween(r.reported_at, r.on_scene_at),
    met: dispatchToArrival === null || r.target_s === null ? null : dispatchToArrival <= r.target_s,
  };
}

async function present(ctx: Ctx, db: Db, rows: repo.IncidentRow[]): Promise<Incident[]> {
  const tree = ctx.areas.tree();
  const people = await officerRefs(db, rows.map((r) => r.officer_id));
  const assigns = await repo.assignments(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    source: r.source as IncidentSource,
    category: r.category as IncidentCategory,
    priority: r.priority as 1 | 2 | 3,
    status: r.status as IncidentStatus,
    version: r.version,
    lon: r.lon,
    lat: r.lat,
    address: r.address,
    description: r.description,
    callerName: r.caller_name_masked,
    callerPhone: r.caller_phone_masked,
    areas: locationAreas(tree, r),
    officer: r.officer_id !== null ? (people.get(r.officer_id) ?? null) : null,
    reportedAt: r.reported_at,
    dispatchedAt: r.dispatched_at,
    enRouteAt: r.en_route_at,
    onSceneAt: r.on_scene_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
    response: responseOf(r),
    assignments: assigns
      .filter((a) => a.incident_id === r.id)
      .map((a) => ({
        unitId: a.unit_id,
        callsign: a.callsign,
        unitType: a.type as UnitType,
        dispatchedAt: a.dispatched_at,
        arrivedAt: a.arrived_at,
        releasedAt: a.released_at,
        etaSeconds: a.eta_s,
        arrivalSource: a.arrival_source as 'position' | 'status' | null,
      })),
    endedAt: r.ended_at,
    disposition: r.disposition as Disposition | null,
    dispositionNote: r.disposition_note,
    cancelReason: r.cancel_reason as CancelReason | null,
    transfer: r.transfer_centre !== null ? { centre: r.transfer_centre, reference: r.transfer_ref ?? '' } : null,
  }));
}

/**
 * Sends the incident to this node's sockets: the publisher of kind `incident` (bootstrap.ts), for changes made here
 * and on another node. Other modules publish incidents with `publishIncidents` (realtime/publish.ts).
 */
export async function publishLocal(ctx: Ctx, id: number): Promise<Incident | null> {
  const row = await repo.getIncidentRow(ctx.db, id);
  if (!row) return null;
  const [inc] = await present(ctx, ctx.db, [row]);
  ctx.hub.publishIncident(inc!, row.area_ids);
  return inc!;
}

/** A change made here: this node's sockets and the other nodes; returns the incident as presented. */
export async function publish(ctx: Ctx, id: number): Promise<Incident> {
  const inc = await publishLocal(ctx, id);
  notifyRemote(ctx, 'incident', [id]);
  await ctx.realtime.followLocal(ctx, 'incident', [id]); // e.g. the field terminal: a dispatch reaches the phones
  return inc!;
}

/** Reads a row the actor may see; outside scope looks the same as not found. */
export async function visibleRow(ctx: Ctx, db: Db, actor: Actor, id: number, forUpdate = false): Promise<repo.IncidentRow> {
  const row = await repo.getIncidentRow(db, id, forUpdate);
  if (!row || !inScope(actor, ctx.areas.tree(), row.area_ids)) throw new AppError('INCIDENT_NOT_FOUND', `Incident ${id} not found`, { field: '/id' });
  return row;
}

export async function createIncident(ctx: Ctx, actor: Actor, body: CreateIncidentBody): Promise<Incident> {
  authorize(actor, 'incident.create');
  const now = ctx.clock.now();
  let reportedAt = now.toISOString();
  if (body.reportedAt) {
    const t = Date.parse(body.reportedAt);
    if (t > now.getTime() + 60_000) throw validationError([{ field: '/reportedAt', message: 'must not be in the future' }]);
    if (t < now.getTime() - 7 * 86400_000) throw validationError([{ field: '/reportedAt', message: 'must be within the last 7 days' }]);
    reportedAt = new Date(t).toISOString();
  }
  const id = await ctx.db.transaction().execute(async (tx) => {
    const row = await repo.insertIncident(tx, {
      source: body.source,
      category: body.category,
      priority: body.priority,
      lon: body.lon,
      lat: body.lat,
      address: body.address.trim(),
      description: body.description?.trim() ?? '',
      callerNameEnc: ctx.cipher.encrypt(body.callerName?.trim()),
      callerNameMasked: maskName(body.callerName?.trim()),
      callerPhoneEnc: ctx.cipher.encrypt(body.callerPhone?.trim()),
      callerPhoneMasked: maskPhone(body.callerPhone),
      callerPhoneHash: phoneHash(ctx, body.callerPhone),
      reportedAt,
      createdBy: actor.userId,
    });
    if (row.county_id === null) {
      throw new AppError('OUTSIDE_JURISDICTION', 'The location lies outside every area of this deployment', { field: '/lon' });
    }
    if (!inScope(actor, ctx.areas.tree(), row.area_ids)) {
      throw new AppError('OUT_OF_SCOPE', 'The location lies outside your area', { field: '/lon' });
    }
    await repo.insertEvent(tx, {
      incidentId: row.id,
      at: now.toISOString(),
      type: 'created',
      from: null,
      to: 'new',
      actorUserId: actor.userId,
      actorName: actor.displayName,
      data: { source: body.source, category: body.category, priority: body.priority, gridId: row.grid_id, officerId: row.officer_id },
    });
    return { id: row.id, number: row.number, areaIds: row.area_ids };
  });
  const inc = await publish(ctx, id.id);
  if (body.priority === 1) await notifyUrgent(ctx, { ...id, category: body.category, address: body.address.trim() });
  return inc;
}

/** An urgent call reaches the duty leader on the roster of its station (a failure is logged; the call stands). */
export async function notifyUrgent(ctx: Ctx, inc: { id: number; number: string; areaIds: number[]; category: string; address: string }): Promise<void> {
  const tree = ctx.areas.tree();
  const stationId = inc.areaIds.find((a) => tree.get(a)?.kind === 'station') ?? null;
  await notifyDutyLeader(ctx, { ...inc, stationId }).catch((e: unknown) => console.error(`incident ${inc.number}: the duty leader was not notified:`, e));
}

/** The keyed hash a phone is searched by: its digits only, so that spaces and dashes do not matter. */
export function phoneHash(ctx: Ctx, phone: string | undefined): string | null {
  const digits = phone?.replace(/[^0-9]/g, '') ?? '';
  return digits ? ctx.cipher.blindIndex(digits) : null;
}

function parseStatuses(s: string | undefined): string[] | null {
  if (!s) return null;
  if (s === 'open') return [...OPEN_INCIDENT_STATUSES];
  const list = s.split(',');
  const bad = list.find((x) => !(INCIDENT_STATUSES as readonly string[]).includes(x));
  if (bad) throw validationError([{ field: '/status', message: `unknown status ${bad}` }]);
  return list;
}

export async function listIncidents(ctx: Ctx, actor: Actor, q: IncidentListQuery) {
  authorize(actor, 'incident.read');
  const tree = ctx.areas.tree();
  if (q.areaId !== undefined && !tree.get(q.areaId)) throw new AppError('AREA_NOT_FOUND', `Area ${q.areaId} not found`, { field: '/areaId' });
  if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) throw validationError([{ field: '/to', message: 'must be after from' }]);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const { rows, total } = await repo.listIncidentRows(ctx.db, {
    statuses: parseStatuses(q.status),
    category: q.category ?? null,
    priority: q.priority ?? null,
    scopeIds: scopeIds(actor, tree),
    areaIds: q.areaId !== undefined ? tree.descendantsAndSelf(q.areaId) : null,
    from: q.from ?? null,
    to: q.to ?? null,
    q: q.q?.trim() || null,
    number: q.number?.trim() || null,
    address: q.address?.trim() || null,
    disposition: q.disposition ?? null,
    phoneHash: q.phone ? phoneHash(ctx, q.phone) : null,
    phoneMasked: q.phone ? maskPhone(q.phone) : null,
    // a search (any of the history filters) lists by time; the command room's queue puts new calls first
    history: !!(q.number || q.phone || q.address || q.disposition),
    page,
    pageSize,
  });
  return { items: await present(ctx, ctx.db, rows), total, page, pageSize };
}

export async function getIncident(ctx: Ctx, actor: Actor, id: number): Promise<IncidentDetail> {
  authorize(actor, 'incident.read');
  const row = await visibleRow(ctx, ctx.db, actor, id);
  const [inc] = await present(ctx, ctx.db, [row]);
  const events = await repo.listEvents(ctx.db, id);
  return {
    ...inc!,
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      type: e.type,
      fromStatus: e.from_status as IncidentStatus | null,
      toStatus: e.to_status as IncidentStatus | null,
      actor: e.actor_name,
      note: e.note,
      data: e.data,
      ...(e.late_synced ? { lateSynced: true, receivedAt: isoN(e.received_at) } : {}),
    })),
  };
}

export async function readContact(ctx: Ctx, actor: Actor, id: number, ip: string | null) {
  authorize(actor, 'incident.contact');
  const row = await visibleRow(ctx, ctx.db, actor, id);
  await audit(ctx.db, actor, 'incident.contact.read', 'incident', id, { number: row.number }, ip);
  return { callerName: ctx.cipher.decrypt(row.caller_name_enc), callerPhone: ctx.cipher.decrypt(row.caller_phone_enc) };
}

const ACTION_PERMISSION: Record<Exclude<IncidentAction, 'dispatch'>, 'incident.progress' | 'incident.close'> = {
  en_route: 'incident.progress',
  arrive: 'incident.progress',
  resolve: 'incident.progress',
  close: 'incident.close',
  cancel: 'incident.close',
  transfer: 'incident.close',
};

export async function transition(ctx: Ctx, actor: Actor, id: number, body: TransitionBody): Promise<Incident> {
  authorize(actor, ACTION_PERMISSION[body.action]);
  const now = ctx.clock.now().toISOString();
  const unitIds = await ctx.db.transaction().execute(async (tx) => {
    const row = await visibleRow(ctx, tx, actor, id, true);
    assertVersion(row.version, body.version); // the row is locked: the version read is current
    const from = row.status as IncidentStatus;
    const to = applyTransition(incidentMachine, from, body.action, `Cannot ${body.action} an incident that is ${row.status}`);
    const outcome = outcomeOf(body);
    const phase = PHASE_OF_STATUS[to];
    await repo.updateIncidentStatus(tx, id, body.version, to, phase ? { column: PHASE_COLUMN[phase], at: now } : null, now, {
      ...outcome,
      ended: isOpen(from) && !isOpen(to),
    });
    const data = outcome.disposition ? { disposition: outcome.disposition } : outcome.cancelReason ? { reason: outcome.cancelReason } : outcome.transfer ? { transfer: outcome.transfer } : {};
    await repo.insertEvent(tx, { incidentId: id, at: now, type: body.action, from, to, actorUserId: actor.userId, actorName: actor.displayName, note: body.note ?? null, data });
    // an incident that is over takes its open reinforcement requests with it
    await lapseReinforcements(tx, { id, status: to }, actor, now);
    if (body.action === 'arrive') await repo.markArrived(tx, id, now, undefined, 'status');
    const unitStatus = unitStatusAfter(body.action);
    let touched: number[] = [];
    if (unitStatus) {
      touched = await unitRecords.unitsFollowIncident(tx, id, unitStatus, releasesUnits(to), actor.displayName, now);
    }
    if (releasesUnits(to)) await repo.releaseAll(tx, id, now);
    return touched;
  });
  await publishUnits(ctx, unitIds);
  return publish(ctx, id);
}

/**
 * What the action records and requires: a disposition to resolve, a reason to cancel, the receiving centre to
 * transfer (400 naming the field when missing); fields that belong to another action are refused too.
 */
function outcomeOf(body: TransitionBody): repo.Outcome {
  const need = ACTION_REQUIRES[body.action];
  const given = { disposition: body.disposition, reason: body.reason, transfer: body.transfer };
  for (const [k, v] of Object.entries(given)) {
    if (v !== undefined && k !== need) throw validationError([{ field: `/${k}`, message: `not expected for ${body.action}` }]);
  }
  if (need && given[need] === undefined) throw validationError([{ field: `/${need}`, message: `required to ${body.action}` }]);
  if (body.action === 'transfer' && (!body.transfer!.centre.trim() || !body.transfer!.reference.trim())) {
    throw validationError([{ field: body.transfer!.centre.trim() ? '/transfer/reference' : '/transfer/centre', message: 'must not be blank' }]);
  }
  if (body.disposition) return { disposition: body.disposition, dispositionNote: body.note?.trim() || null };
  if (body.reason) return { cancelReason: body.reason };
  if (body.transfer) return { transfer: { centre: body.transfer.centre.trim(), reference: body.transfer.reference.trim() } };
  return {};
}

export async function dispatch(ctx: Ctx, actor: Actor, id: number, body: DispatchBody): Promise<Incident> {
  authorize(actor, 'incident.dispatch');
  const now = ctx.clock.now().toISOString();
  // the travel time promised: computed from the unit's position before the locks are taken (a road query)
  const eta = await promisedEta(ctx, id, body.unitId);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await visibleRow(ctx, tx, actor, id, true);
    // with a basis token the token says which version the dispatcher saw; without one, the version sent
    if (body.token === undefined) assertVersion(row.version, body.version);
    const from = row.status as IncidentStatus;
    const to = applyTransition(incidentMachine, from, 'dispatch', `Cannot dispatch to an incident that is ${row.status}`);
    const unit = await unitRecords.lockUnit(tx, body.unitId);
    const tree = ctx.areas.tree();
    if (!unit || !inScope(actor, tree, [unit.home_area_id])) throw new AppError('UNIT_NOT_FOUND', `Unit ${body.unitId} not found`, { field: '/unitId' });
    if (body.token !== undefined) await checkBasis(ctx, tx, row, unit, body.token, body.confirm === true);
    if (unit.incident_id === id) throw new AppError('UNIT_ALREADY_ASSIGNED', `Unit ${unit.callsign} is already on this incident`, { field: '/unitId' });
    if (unit.status !== 'available') {
      throw new AppError('UNIT_NOT_AVAILABLE', `Unit ${unit.callsign} is ${unit.status}`, { field: '/unitId', unitStatus: unit.status, incidentId: unit.incident_id });
    }
    // the unit row is locked; the version check also guards a database without row locks
    await unitRecords.setUnitStatus(tx, unit.id, unit.version, 'dispatched', id, now).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'STALE_VERSION' ? new AppError('UNIT_NOT_AVAILABLE', `Unit ${unit.callsign} was just taken`, { field: '/unitId' }) : e;
    });
    await repo.updateIncidentStatus(tx, id, row.version, to, { column: 'dispatched_at', at: now }, now);
    await repo.insertAssignment(tx, id, unit.id, now, eta);
    await repo.insertEvent(tx, {
      incidentId: id,
      at: now,
      type: from === 'new' ? 'dispatch' : 'reinforce',
      from,
      to,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: body.note ?? null,
      data: { unitId: unit.id, callsign: unit.callsign, etaSeconds: eta, ...(body.token !== undefined && body.confirm ? { confirmedStale: true } : {}) },
    });
    await unitRecords.appendUnitEvent(tx, { unitId: unit.id, from: unit.status, to: 'dispatched', incidentId: id, actorName: actor.displayName, at: now });
  });
  await publishUnits(ctx, [body.unitId]);
  return publish(ctx, id);
}

async function promisedEta(ctx: Ctx, incidentId: number, unitId: number): Promise<number | null> {
  const [unit] = await unitRecords.unitRows(ctx.db, null, [unitId]);
  const inc = await repo.getIncidentRow(ctx.db, incidentId);
  if (!unit || !inc) return null; // the transaction reports what is missing
  try {
    return await unitEta(ctx, unit, inc.lon, inc.lat);
  } catch (e) {
    console.warn('no ETA: the road network could not be built', e);
    return null;
  }
}

export async function commandSummary(ctx: Ctx, actor: Actor) {
  authorize(actor, 'incident.read');
  const ids = scopeIds(actor, ctx.areas.tree());
  const s = await repo.summary(ctx.db, ids, ctx.clock.now().toISOString());
  const unitCounts = await unitRecords.unitStatusCounts(ctx.db, ids);
  const today = Object.fromEntries(s.today.map((r) => [r.category, r.n]));
  return {
    openByStatus: Object.fromEntries(s.open.map((r) => [r.status, r.n])),
    today: { total: s.today.reduce((a, r) => a + r.n, 0), byCategory: today },
    last24h: s.hours.map((h) => ({ hour: h.hour, count: h.n })),
    units: Object.fromEntries(unitCounts.map((r) => [r.status, r.n])),
    medianResponseMin7d: s.medianMin === null ? null : Math.round(s.medianMin * 10) / 10,
  };
}

/**
 * A report from the field that is not a status change (the field terminal's acknowledgement of a dispatch): one
 * event on the incident's timeline, and the incident goes out again so that open views reload.
 */
export async function appendFieldEvent(ctx: Ctx, actor: Actor, id: number, type: string, data: Record<string, unknown>): Promise<void> {
  await repo.insertEvent(ctx.db, { incidentId: id, at: ctx.clock.now().toISOString(), type, from: null, to: null, actorUserId: actor.userId, actorName: actor.displayName, data });
  await publish(ctx, id);
}
