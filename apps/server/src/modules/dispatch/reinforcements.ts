// Reinforcement requests (梯次增援): an officer at a scene, or a dispatcher, asks for more units of an echelon; the
// command room accepts the request, sends units (ordinary dispatch) and marks it fulfilled, or cancels it. The
// workflow is `reinforcementMachine` (packages/core/src/dispatch/reinforcement.ts), applied under optimistic
// concurrency; open requests lapse when their incident stops being open (`lapseReinforcements`).
import {
  OPEN_REINFORCEMENT_STATUSES,
  REINFORCEMENT_PHASE,
  isOpen,
  reinforcementMachine,
  type IncidentStatus,
  type ReinforcementAction,
  type ReinforcementStatus as WorkflowStatus,
} from '@jingwang/core';
import type { Transaction } from 'kysely';
import type { CreateReinforcementBody, Reinforcement, ReinforcementActionBody, ReinforcementStatus, UnitType } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { transition } from '../../lib/transition';
import { assertVersion } from '../../db/versioned';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import * as incidentRecords from '../incidents/records';
import { publishIncidents } from '../../realtime/publish';
import * as repo from './repo';

type Row = repo.ReinforcementRow;

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

export async function listReinforcements(ctx: Ctx, actor: Actor, q: { status?: string; incidentId?: number }): Promise<Reinforcement[]> {
  authorize(actor, 'incident.read');
  const status = q.status ?? 'open';
  const rows = await repo.reinforcementRows(ctx.db, {
    statuses: status === 'open' ? OPEN_REINFORCEMENT_STATUSES : [status],
    ...(q.incidentId !== undefined ? { incidentId: q.incidentId } : {}),
    scopeIds: scopeIds(actor, ctx.areas.tree()),
  });
  const tree = ctx.areas.tree();
  return rows.filter((r) => inScope(actor, tree, r.area_ids)).map(present);
}

export async function requestReinforcement(ctx: Ctx, actor: Actor, incidentId: number, body: CreateReinforcementBody): Promise<Reinforcement> {
  authorize(actor, 'reinforcement.request');
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const inc = await incidentRecords.lockIncident(tx, incidentId);
    if (!inc || !inScope(actor, ctx.areas.tree(), inc.area_ids)) throw new AppError('INCIDENT_NOT_FOUND', `Incident ${incidentId} not found`);
    if (!isOpen(inc.status as IncidentStatus)) {
      throw new AppError('INVALID_TRANSITION', `Incident ${inc.number} is ${inc.status}: no reinforcement`, { from: inc.status, action: 'reinforce' });
    }
    const requestId = await repo.insertReinforcement(tx, {
      incidentId,
      echelon: body.echelon,
      unitsNeeded: body.unitsNeeded,
      unitTypes: body.unitTypes ?? [],
      reason: body.reason,
      requestedBy: actor.userId,
      requestedByName: actor.displayName,
      at: now,
    });
    await incidentRecords.appendIncidentEvent(tx, {
      incidentId,
      at: now,
      type: 'reinforcement_requested',
      from: null,
      to: null,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: body.reason,
      data: { requestId, echelon: body.echelon, unitsNeeded: body.unitsNeeded, unitTypes: body.unitTypes ?? [] },
    });
    return requestId;
  });
  await audit(ctx.db, actor, 'reinforcement.request', 'incident', incidentId, { requestId: id, echelon: body.echelon }, null);
  await publishIncidents(ctx, [incidentId]);
  return getOne(ctx, id);
}

async function getOne(ctx: Ctx, id: number): Promise<Reinforcement> {
  const [r] = await repo.reinforcementRows(ctx.db, { id });
  if (!r) throw new AppError('REINFORCEMENT_NOT_FOUND');
  return present(r);
}

export async function actOnReinforcement(ctx: Ctx, actor: Actor, id: number, body: ReinforcementActionBody): Promise<Reinforcement> {
  const now = ctx.clock.now().toISOString();
  const [row] = await repo.reinforcementRows(ctx.db, { id });
  if (!row || !inScope(actor, ctx.areas.tree(), row.area_ids)) throw new AppError('REINFORCEMENT_NOT_FOUND', `Reinforcement request ${id} not found`);
  // the requester may withdraw their own request; everything else is the command room's
  const ownCancel = body.action === 'cancel' && actor.userId !== null && row.requested_by === actor.userId;
  if (!ownCancel) authorize(actor, 'reinforcement.handle');
  assertVersion(row.version, body.version);
  const from = row.status as WorkflowStatus;
  const to = transition(reinforcementMachine, from, body.action, `Cannot ${body.action} a request that is ${row.status}`);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateReinforcementStatus(tx, id, {
      version: body.version,
      from,
      to,
      column: REINFORCEMENT_PHASE[to as Exclude<WorkflowStatus, 'requested'>],
      at: now,
      by: actor.displayName,
      note: body.note ?? row.note,
    });
    await incidentRecords.appendIncidentEvent(tx, {
      incidentId: row.incident_id,
      at: now,
      type: `reinforcement_${to}`,
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

/**
 * Inside the transaction that takes an incident out of the open statuses (resolve, close, cancel, transfer): its
 * open reinforcement requests lapse with it (state cancelled, event `reinforcement_lapsed` on the incident).
 * Returns the ids of the requests that lapsed.
 */
export async function lapseReinforcements(
  tx: Db | Transaction<DB>,
  incident: { id: number; status: IncidentStatus },
  by: { userId: number | null; displayName: string },
  at: string,
): Promise<number[]> {
  if (isOpen(incident.status)) return [];
  const open = await repo.openReinforcementsForUpdate(tx, incident.id);
  const action: ReinforcementAction = 'lapse';
  for (const r of open) {
    const from = r.status as WorkflowStatus;
    const to = transition(reinforcementMachine, from, action);
    await repo.updateReinforcementStatus(tx, r.id, { version: r.version, from, to, column: REINFORCEMENT_PHASE[to as Exclude<WorkflowStatus, 'requested'>], at, by: by.displayName, note: r.note ?? `警情已${incident.status === 'resolved' ? '处置完毕' : '结束'}，增援请求随之关闭` });
    await incidentRecords.appendIncidentEvent(tx, {
      incidentId: incident.id,
      at,
      type: 'reinforcement_lapsed',
      from: null,
      to: null,
      actorUserId: by.userId,
      actorName: by.displayName,
      note: null,
      data: { requestId: r.id, incidentStatus: incident.status },
    });
  }
  return open.map((r) => r.id);
}
