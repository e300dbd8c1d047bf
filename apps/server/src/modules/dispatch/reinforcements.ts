// Reinforcement requests (梯次增援): an officer at a scene, or a dispatcher, asks for more units of an echelon; the
// command room accepts the request, sends units (ordinary dispatch) and marks it fulfilled, or cancels it.
//   requested -> accepted -> fulfilled;  requested | accepted -> cancelled.  Optimistic concurrency on `version`.
import { sql } from 'kysely';
import type { CreateReinforcementBody, Reinforcement, ReinforcementAction, ReinforcementActionBody, ReinforcementStatus, UnitType } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import * as incidentRepo from '../incidents/repo';
import { publishIncidents } from '../../realtime/publish';

const NEXT: Record<ReinforcementAction, { from: ReinforcementStatus[]; to: ReinforcementStatus; column: 'accepted_at' | 'fulfilled_at' | 'cancelled_at' }> = {
  accept: { from: ['requested'], to: 'accepted', column: 'accepted_at' },
  fulfil: { from: ['requested', 'accepted'], to: 'fulfilled', column: 'fulfilled_at' },
  cancel: { from: ['requested', 'accepted'], to: 'cancelled', column: 'cancelled_at' },
};

interface Row {
  id: number;
  incident_id: number;
  number: string;
  area_ids: number[];
  echelon: number;
  units_needed: number;
  unit_types: string[];
  reason: string;
  status: string;
  version: number;
  requested_by: number | null;
  requested_by_name: string;
  requested_at: string;
  handled_by_name: string | null;
  accepted_at: string | null;
  fulfilled_at: string | null;
  cancelled_at: string | null;
  note: string | null;
}

const present = (r: Row): Reinforcement => ({
  id: r.id,
  incidentId: r.incident_id,
  incidentNumber: r.number,
  echelon: r.echelon as 1 | 2 | 3,
  unitsNeeded: r.units_needed,
  unitTypes: r.unit_types as UnitType[],
  reason: r.reason,
  status: r.status as ReinforcementStatus,
  version: r.version,
  requestedByName: r.requested_by_name,
  requestedAt: r.requested_at,
  handledByName: r.handled_by_name,
  acceptedAt: r.accepted_at,
  fulfilledAt: r.fulfilled_at,
  cancelledAt: r.cancelled_at,
  note: r.note,
});

function query(ctx: Ctx) {
  return ctx.db
    .selectFrom('reinforcement_requests as r')
    .innerJoin('incidents as i', 'i.id', 'r.incident_id')
    .select([
      'r.id', 'r.incident_id', 'i.number', 'i.area_ids', 'r.echelon', 'r.units_needed', 'r.unit_types', 'r.reason', 'r.status', 'r.version',
      'r.requested_by', 'r.requested_by_name', 'r.requested_at', 'r.handled_by_name', 'r.accepted_at', 'r.fulfilled_at', 'r.cancelled_at', 'r.note',
    ]);
}

export async function listReinforcements(ctx: Ctx, actor: Actor, q: { status?: string; incidentId?: number }): Promise<Reinforcement[]> {
  authorize(actor, 'incident.read');
  let s = query(ctx);
  const status = q.status ?? 'open';
  s = status === 'open' ? s.where('r.status', 'in', ['requested', 'accepted']) : s.where('r.status', '=', status);
  if (q.incidentId !== undefined) s = s.where('r.incident_id', '=', q.incidentId);
  const ids = scopeIds(actor, ctx.areas.tree());
  if (ids) s = s.where(sql<boolean>`i.area_ids && ${ids}::int[]`);
  const rows = (await s.orderBy('r.requested_at', 'desc').limit(500).execute()) as Row[];
  const tree = ctx.areas.tree();
  return rows.filter((r) => inScope(actor, tree, r.area_ids)).map(present);
}

export async function requestReinforcement(ctx: Ctx, actor: Actor, incidentId: number, body: CreateReinforcementBody): Promise<Reinforcement> {
  authorize(actor, 'reinforcement.request');
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const inc = await incidentRepo.getIncidentRow(tx, incidentId, true);
    if (!inc || !inScope(actor, ctx.areas.tree(), inc.area_ids)) throw new AppError('INCIDENT_NOT_FOUND', `Incident ${incidentId} not found`);
    if (!['new', 'dispatched', 'en_route', 'on_scene'].includes(inc.status)) {
      throw new AppError('INVALID_TRANSITION', `Incident ${inc.number} is ${inc.status}: no reinforcement`, { from: inc.status, action: 'reinforce' });
    }
    const r = await tx
      .insertInto('reinforcement_requests')
      .values({
        incident_id: incidentId,
        echelon: body.echelon,
        units_needed: body.unitsNeeded,
        unit_types: body.unitTypes ?? [],
        reason: body.reason,
        requested_by: actor.userId,
        requested_by_name: actor.displayName,
        requested_at: now,
        handled_by_name: null,
        accepted_at: null,
        fulfilled_at: null,
        cancelled_at: null,
        note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await incidentRepo.insertEvent(tx, {
      incidentId,
      at: now,
      type: 'reinforcement_requested',
      from: null,
      to: null,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: body.reason,
      data: { requestId: r.id, echelon: body.echelon, unitsNeeded: body.unitsNeeded, unitTypes: body.unitTypes ?? [] },
    });
    return r.id;
  });
  await audit(ctx.db, actor, 'reinforcement.request', 'incident', incidentId, { requestId: id, echelon: body.echelon }, null);
  await publishIncidents(ctx, [incidentId]);
  return getOne(ctx, id);
}

async function getOne(ctx: Ctx, id: number): Promise<Reinforcement> {
  const r = (await query(ctx).where('r.id', '=', id).executeTakeFirst()) as Row | undefined;
  if (!r) throw new AppError('REINFORCEMENT_NOT_FOUND');
  return present(r);
}

export async function actOnReinforcement(ctx: Ctx, actor: Actor, id: number, body: ReinforcementActionBody): Promise<Reinforcement> {
  const now = ctx.clock.now().toISOString();
  const row = (await query(ctx).where('r.id', '=', id).executeTakeFirst()) as Row | undefined;
  if (!row || !inScope(actor, ctx.areas.tree(), row.area_ids)) throw new AppError('REINFORCEMENT_NOT_FOUND', `Reinforcement request ${id} not found`);
  // the requester may withdraw their own request; everything else is the command room's
  const ownCancel = body.action === 'cancel' && actor.userId !== null && row.requested_by === actor.userId;
  if (!ownCancel) authorize(actor, 'reinforcement.handle');
  if (row.version !== body.version) throw new AppError('STALE_VERSION', `Request ${id} is at version ${row.version}, not ${body.version}`, { field: '/version', current: row.version });
  const t = NEXT[body.action];
  if (!t.from.includes(row.status as ReinforcementStatus)) {
    throw new AppError('INVALID_TRANSITION', `Cannot ${body.action} a request that is ${row.status}`, { from: row.status, action: body.action });
  }
  await ctx.db.transaction().execute(async (tx) => {
    const u = await tx
      .updateTable('reinforcement_requests')
      .set({ status: t.to, [t.column]: now, handled_by_name: actor.displayName, note: body.note ?? row.note, version: row.version + 1 })
      .where('id', '=', id)
      .where('version', '=', body.version)
      .executeTakeFirst();
    if (Number(u.numUpdatedRows) !== 1) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
    await incidentRepo.insertEvent(tx, {
      incidentId: row.incident_id,
      at: now,
      type: `reinforcement_${t.to}`,
      from: null,
      to: null,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: body.note ?? null,
      data: { requestId: id },
    });
  });
  await publishIncidents(ctx, [row.incident_id]);
  return getOne(ctx, id);
}

