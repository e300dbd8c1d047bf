// The field terminal (mobile data terminal, issue 13): a dispatch reaches the phones of the assigned unit's members
// at once over the WebSocket (topic mdt, only to those users), is stored with who acknowledged it and when, and goes
// out once more through the notification webhook (SMS) when nobody acknowledged within MDT_ACK_SECONDS. The phone's
// en route / on scene / clear are the incident's own transitions (incidents service), so their times reach the
// command room, the 1/3/5 compliance and the timeline exactly as the command room's would.
//
// Assignments are recorded by the publisher of incident changes (`onIncidentsChanged`, registered in bootstrap.ts):
// every dispatch, by a dispatcher, the demo or another API node, publishes its incident, and the insert is
// idempotent (one row per incident_units row), so no dispatch path needs to know about phones.
import { INCIDENT_CATEGORY_LABELS, type IncidentCategory, type IncidentStatus, type MdtAckBody, type MdtAckState, type MdtAssignment, type MdtPhoto, type MdtRemark, type MdtRemarkBody, type MdtRoute, type MdtStatusBody, type UnitType } from '@jingwang/contracts';
import { isOpen, wgs84ToGcj02 } from '@jingwang/core';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso, isoN, ms } from '../../lib/format';
import { atFieldTime, fieldTime } from '../../lib/fieldtime';
import { decodePhoto, provePhoto, type ProvenPhoto } from '../../lib/photo';
import { authorize, type Actor } from '../auth/policy';
import { appendFieldEvent, getIncident, readContact, transition } from '../incidents/service';
import { addRemark } from '../incidents/lifecycle';
import { audit } from '../audit/service';
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
export async function acknowledge(ctx: Ctx, actor: Actor, id: number, body: MdtAckBody, claimed: number | null = null): Promise<MdtAssignment> {
  authorize(actor, 'incident.progress');
  const row = await memberAssignment(ctx, actor, id);
  if (row.acked_at !== null) return present(row);
  const t = fieldTime(ctx.clock.now().getTime(), claimed, ms(row.sent_at));
  if (await atFieldTime(ctx, t, (c) => ackNow(c, actor, row, body.idempotencyKey ?? null))) return present((await repo.assignmentById(ctx.db, id))!);
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
export async function reportStatus(ctx: Ctx, actor: Actor, id: number, body: MdtStatusBody, claimed: number | null = null): Promise<MdtAssignment> {
  authorize(actor, 'incident.progress');
  const row = await memberAssignment(ctx, actor, id);
  const status = row.status as IncidentStatus;
  const reached = !isOpen(status) || (RANK[status] ?? 0) >= TARGET[body.action];
  if (!reached) {
    // a late report (offline queue) happened at the phone's time, never before the phase it follows
    const t = fieldTime(ctx.clock.now().getTime(), claimed, lastPhaseMs(row));
    await atFieldTime(ctx, t, async (c) => {
      if (row.acked_at === null) await ackNow(c, actor, row, null);
      await transition(c, actor, row.incident_id, { action: body.action, version: body.version, ...(body.note ? { note: body.note } : {}), ...(body.disposition ? { disposition: body.disposition } : {}) });
    });
  }
  return present((await repo.assignmentById(ctx.db, id))!);
}

/** The latest time the assignment's incident is known to have reached (a late action may not go before it). */
function lastPhaseMs(row: repo.AssignmentRow): number {
  return Math.max(...[row.sent_at, row.acked_at, row.en_route_at, row.on_scene_at].filter((v): v is string => v !== null).map((v) => ms(v)));
}

/**
 * A remark from the scene (the incident's own remark, on its timeline) with up to 4 photos, stored watermarked
 * with the server's receipt time and their EXIF beside it (a gallery photo marked as such), each photo on the
 * timeline as an mdt_photos event. Recorded at the phone's time when plausible (offline queue: 补传).
 */
export async function sceneRemark(ctx: Ctx, actor: Actor, id: number, body: MdtRemarkBody, claimed: number | null = null): Promise<MdtRemark> {
  authorize(actor, 'incident.progress');
  const row = await memberAssignment(ctx, actor, id);
  const text = body.text.trim();
  const decoded = (body.photos ?? []).map((p, i) => ({ photo: decodePhoto(p.dataUrl, `/photos/${i}/dataUrl`), clientTakenAt: p.takenAt ? Date.parse(p.takenAt) : null }));
  if (!text && decoded.length === 0) throw validationError([{ field: '/text', message: 'write a remark or add a photo' }]);
  const received = ctx.clock.now().getTime();
  const t = fieldTime(received, claimed, ms(row.sent_at));
  const proven: ProvenPhoto[] = [];
  for (const d of decoded)
    proven.push(
      await provePhoto(d.photo, {
        receivedAt: received,
        clientTakenAt: d.clientTakenAt,
        utcOffsetMinutes: ctx.config.utcOffsetMinutes,
        maxAgeMs: ctx.config.photoMaxAgeMinutes * 60_000,
        place: `${row.number} ${row.address}`,
        officer: actor.displayName,
      }),
    );
  const isoOrNull = (v: number | null) => (v === null || Number.isNaN(v) ? null : new Date(v).toISOString());
  return atFieldTime(ctx, t, async (c) => {
    if (text) {
      const inc = await getIncident(c, actor, row.incident_id);
      await addRemark(c, actor, row.incident_id, { text, version: inc.version });
    }
    const photoIds: number[] = [];
    for (const p of proven)
      photoIds.push(
        await repo.insertPhoto(c.db, {
          incidentId: row.incident_id,
          userId: actor.userId,
          actorName: actor.displayName,
          mime: p.photo.mime,
          bytes: p.photo.bytes,
          takenAt: new Date(p.proof.takenAt).toISOString(),
          exifTakenAt: isoOrNull(p.proof.exifTakenAt),
          exifLon: p.exifLon,
          exifLat: p.exifLat,
          clientTakenAt: isoOrNull(p.clientTakenAt),
          gallery: p.proof.gallery,
          galleryReason: p.proof.reason,
        }),
      );
    if (photoIds.length) await appendFieldEvent(c, actor, row.incident_id, 'mdt_photos', { assignmentId: row.id, callsign: row.callsign, photoIds });
    return { incidentId: row.incident_id, photoIds, at: t.at, lateSynced: t.late };
  });
}

/** A photo from the scene, for whoever may read its incident (404 otherwise); every view is audited. */
export async function readPhoto(ctx: Ctx, actor: Actor, photoId: number, ip: string | null): Promise<{ mime: string; bytes: Buffer }> {
  const p = await repo.photoById(ctx.db, photoId);
  if (!p) throw new AppError('MDT_PHOTO_NOT_FOUND', `Photo ${photoId} not found`, { field: '/id' });
  try {
    await getIncident(ctx, actor, p.incident_id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw new AppError('MDT_PHOTO_NOT_FOUND', `Photo ${photoId} not found`, { field: '/id' });
    throw e;
  }
  await audit(ctx.db, actor, 'incident_photo.read', 'incident_photo', String(photoId), { incidentId: p.incident_id }, ip);
  return { mime: p.mime, bytes: Buffer.from(p.bytes) };
}

/** The scene photos of an incident (no bytes), for whoever may read the incident (INCIDENT_NOT_FOUND otherwise). */
export async function incidentPhotos(ctx: Ctx, actor: Actor, incidentId: number): Promise<MdtPhoto[]> {
  await getIncident(ctx, actor, incidentId); // authorisation and scope, as the incident itself
  return (await repo.photosOfIncident(ctx.db, incidentId)).map((p) => ({
    id: p.id,
    actor: p.actor_name,
    takenAt: iso(p.taken_at),
    exifTakenAt: isoN(p.exif_taken_at),
    gallery: p.gallery,
    galleryReason: p.gallery_reason,
  }));
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
