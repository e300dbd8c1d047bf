// The field terminal (mobile data terminal, issue 13): a dispatch reaches the phones of the assigned unit's members
// at once over the WebSocket (topic mdt, only to those users), is stored with who acknowledged it and when, and goes
// out once more through the notification webhook (SMS) when nobody acknowledged within MDT_ACK_SECONDS. The phone's
// en route / on scene / clear are the incident's own transitions (incidents service), so their times reach the
// command room, the 1/3/5 compliance and the timeline exactly as the command room's would.
//
// Assignments are recorded by the publisher of incident changes (`onIncidentsChanged`, registered in bootstrap.ts):
// every dispatch, by a dispatcher, the demo or another API node, publishes its incident, and the insert is
// idempotent (one row per incident_units row), so no dispatch path needs to know about phones.
import { INCIDENT_CATEGORY_LABELS, type IncidentCategory, type IncidentStatus, type MdtAckBody, type MdtAckState, type MdtAssignment, type MdtRoute, type MdtStatusBody, type UnitType } from '@jingwang/contracts';
import { isOpen, wgs84ToGcj02 } from '@jingwang/core';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso, isoN } from '../../lib/format';
import { authorize, type Actor } from '../auth/policy';
import { appendFieldEvent, getIncident, readContact, transition } from '../incidents/service';
import { etasTo, routeBetween } from '../dispatch/service';
import { notify } from '../notifications/service';
import * as repo from './repo';

function present(r: repo.AssignmentRow): MdtAssignment {
  return {
    id: r.id,
    incidentId: r.incident_id,
    unitId: r.unit_id,
    callsign: r.callsign,
    unitType: r.unit_type as UnitType,
    dispatchedAt: iso(r.dispatched_at),
    sentAt: iso(r.sent_at),
    recipients: r.recipients.map((userId, i) => ({ userId, name: r.recipient_names[i] ?? '' })),
    ackedAt: isoN(r.acked_at),
    ackedBy: r.acked_by !== null ? { userId: r.acked_by, name: r.acked_by_name ?? '' } : null,
    fallbackAt: isoN(r.fallback_at),
    active: r.released_at === null && isOpen(r.status as IncidentStatus),
    incident: {
      number: r.number,
      status: r.status as IncidentStatus,
      version: r.version,
      category: r.category as IncidentCategory,
      priority: r.priority as 1 | 2 | 3,
      address: r.address,
      description: r.description,
      lon: r.lon,
      lat: r.lat,
      callerPhone: r.caller_phone_masked,
      reportedAt: iso(r.reported_at),
      enRouteAt: isoN(r.en_route_at),
      onSceneAt: isoN(r.on_scene_at),
      resolvedAt: isoN(r.resolved_at),
    },
  };
}

/**
 * The publisher of incident changes (this node's, and those heard from other nodes): records the assignments of
 * newly dispatched units (idempotent) and sends every assignment of these incidents to its members' sockets.
 */
export async function onIncidentsChanged(ctx: Ctx, incidentIds: number[]): Promise<void> {
  await repo.ensureAssignments(ctx.db, incidentIds, ctx.clock.now().toISOString());
  for (const r of await repo.assignmentsOfIncidents(ctx.db, incidentIds)) {
    ctx.hub.publishToUsers(r.recipients, { type: 'mdt_assignment', assignment: present(r) });
  }
}

function userOf(actor: Actor): number {
  if (actor.kind !== 'user' || actor.userId === null) throw new AppError('FORBIDDEN', 'The field terminal is for logged-in users');
  return actor.userId;
}

/** An assignment of a unit the caller belongs to (or was sent to); any other is not found (existence does not leak). */
async function memberAssignment(ctx: Ctx, actor: Actor, id: number): Promise<repo.AssignmentRow> {
  const userId = userOf(actor);
  const row = await repo.assignmentById(ctx.db, id);
  if (!row || !(row.recipients.includes(userId) || (await repo.isMember(ctx.db, userId, row.unit_id)))) {
    throw new AppError('MDT_ASSIGNMENT_NOT_FOUND', `Assignment ${id} not found`, { field: '/id' });
  }
  return row;
}

/** The caller's live assignments (the units they are a member of, still on their incidents), newest first. */
export async function myAssignments(ctx: Ctx, actor: Actor): Promise<MdtAssignment[]> {
  authorize(actor, 'incident.read');
  return (await repo.activeAssignmentsOfUser(ctx.db, userOf(actor))).map(present);
}

export async function getAssignment(ctx: Ctx, actor: Actor, id: number): Promise<MdtAssignment> {
  authorize(actor, 'incident.read');
  return present(await memberAssignment(ctx, actor, id));
}

/**
 * 收到: the first acknowledgement by a member is stored with who and when and goes on the incident's timeline; a
 * second one, or a replay with the same idempotency key, changes nothing and answers the state as it is.
 */
export async function acknowledge(ctx: Ctx, actor: Actor, id: number, body: MdtAckBody): Promise<MdtAssignment> {
  authorize(actor, 'incident.progress');
  const row = await memberAssignment(ctx, actor, id);
  if (row.acked_at === null && (await ackNow(ctx, actor, row, body.idempotencyKey ?? null))) return present((await repo.assignmentById(ctx.db, id))!);
  return present(row);
}

async function ackNow(ctx: Ctx, actor: Actor, row: repo.AssignmentRow, key: string | null): Promise<boolean> {
  const claimed = await repo.acknowledge(ctx.db, row.id, { userId: userOf(actor), name: actor.displayName, key }, ctx.clock.now().toISOString());
  if (claimed) await appendFieldEvent(ctx, actor, row.incident_id, 'mdt_ack', { assignmentId: row.id, unitId: row.unit_id, callsign: row.callsign });
  return claimed;
}

/** How far along an incident is, for replays: a status the incident has reached (or passed) is not asked again. */
const RANK: Partial<Record<IncidentStatus, number>> = { new: 0, dispatched: 1, en_route: 2, on_scene: 3, resolved: 4, closed: 5 };
const TARGET: Record<MdtStatusBody['action'], number> = { en_route: 2, arrive: 3, resolve: 4 };

/**
 * 出发 / 到达 / 处置完毕 from the phone: the incident's own transition (same rules, times, events and unit statuses
 * as the command room's). Reporting en route acknowledges the dispatch if nobody had. A report the incident has
 * already reached or passed (a replay, or a colleague was quicker) changes nothing.
 */
export async function reportStatus(ctx: Ctx, actor: Actor, id: number, body: MdtStatusBody): Promise<MdtAssignment> {
  authorize(actor, 'incident.progress');
  const row = await memberAssignment(ctx, actor, id);
  const status = row.status as IncidentStatus;
  const reached = !isOpen(status) || (RANK[status] ?? 0) >= TARGET[body.action];
  if (!reached) {
    if (row.acked_at === null) await ackNow(ctx, actor, row, null);
    await transition(ctx, actor, row.incident_id, { action: body.action, version: body.version, ...(body.note ? { note: body.note } : {}), ...(body.disposition ? { disposition: body.disposition } : {}) });
  }
  return present((await repo.assignmentById(ctx.db, id))!);
}

/** The caller's clear name and phone for a member of the assigned unit, through the incidents' audited read. */
export async function contact(ctx: Ctx, actor: Actor, id: number, ip: string | null) {
  const row = await memberAssignment(ctx, actor, id);
  return readContact(ctx, actor, row.incident_id, ip);
}

/** Navigation hand-off: a geo: URI (WGS-84) and an AMap URI (GCJ-02), named by the address. */
export function navigationLinks(lon: number, lat: number, name: string): { geoUri: string; amapUri: string } {
  const [glon, glat] = wgs84ToGcj02(lon, lat);
  const f = (v: number) => v.toFixed(6);
  return {
    geoUri: `geo:${f(lat)},${f(lon)}?q=${f(lat)},${f(lon)}(${encodeURIComponent(name)})`,
    amapUri: `https://uri.amap.com/navigation?to=${f(glon)},${f(glat)},${encodeURIComponent(name)}&mode=car&coordinate=gaode&callnative=1`,
  };
}

/** The road route from the unit's last fresh position to the scene (the dispatch service's routing) and links. */
export async function route(ctx: Ctx, actor: Actor, id: number): Promise<MdtRoute> {
  authorize(actor, 'roads.read');
  const row = await memberAssignment(ctx, actor, id);
  const links = navigationLinks(row.lon, row.lat, row.address);
  const fresh = row.unit_position_at !== null && ctx.clock.now().getTime() - Date.parse(iso(row.unit_position_at)) <= ctx.config.stalePositionSeconds * 1000;
  if (!fresh || row.unit_lon === null || row.unit_lat === null) return { route: null, ...links };
  try {
    const network = await ctx.roads.get();
    const { routed, target } = etasTo(network, [{ id: row.unit_id, type: row.unit_type, lon: row.unit_lon, lat: row.unit_lat }], row.lon, row.lat, true);
    const r = routed[0];
    const t = Object.values(target)[0];
    const path = r?.snap && r.net && t ? routeBetween(r.net, r.snap, t) : null;
    return { route: path ? { seconds: Math.round(path.seconds), meters: path.meters, coordinates: path.coordinates } : null, ...links };
  } catch (e) {
    console.warn('no route: the road network could not be built', e);
    return { route: null, ...links };
  }
}

/** The command room's view of an incident: per unit, who it went to and who acknowledged (404 outside scope). */
export async function incidentAcks(ctx: Ctx, actor: Actor, incidentId: number): Promise<MdtAckState[]> {
  await getIncident(ctx, actor, incidentId); // authorisation and scope: outside it is INCIDENT_NOT_FOUND
  return (await repo.assignmentsOfIncidents(ctx.db, [incidentId])).map((r) => {
    const a = present(r);
    return {
      assignmentId: a.id,
      unitId: a.unitId,
      callsign: a.callsign,
      dispatchedAt: a.dispatchedAt,
      sentAt: a.sentAt,
      recipients: a.recipients,
      ackedAt: a.ackedAt,
      ackedBy: a.ackedBy,
      fallbackAt: a.fallbackAt,
      active: a.active,
    };
  });
}

/**
 * SMS fallback (the mdt job): each assignment not acknowledged MDT_ACK_SECONDS after it was sent, its unit still on
 * the incident, is claimed once and notified to its recipients (in-app and through the webhook). Returns how many.
 */
export async function fallbackDue(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - ctx.config.mdtAckSeconds * 1000).toISOString();
  let fired = 0;
  for (const { id } of await repo.waitingSince(ctx.db, before)) {
    if (!(await repo.claimFallback(ctx.db, id, now.toISOString()))) continue;
    const r = await repo.assignmentById(ctx.db, id);
    if (!r) continue;
    fired++;
    const category = INCIDENT_CATEGORY_LABELS[r.category as IncidentCategory]?.zh ?? r.category;
    await notify(ctx, r.recipients, {
      kind: 'mdt_dispatch',
      title: `派警未确认：${r.callsign} ${category}（${r.priority}级）`,
      body: `${r.number} ${r.address}。请立即打开警网确认收到。`,
      link: '/',
      refType: 'mdt_assignment',
      refId: String(r.id),
    });
  }
  return fired;
}
