// Administration of units (issue 12): create, edit (versioned), retire (never deleted; refused while the unit is on
// an incident), members from the people the caller may see; the status set by hand (on duty, off duty, meal break,
// busy, out of service) with a reason, through the unit status machine, each change in the unit's history. Station
// leads administer their station's units (a unit outside is 404 UNIT_NOT_FOUND). Every write is audited.
import { unitStatusMachine, type UnitState } from '@jingwang/core';
import type { RetireBody, Unit, UnitBody, UnitPatch, UnitStatusBody, UnitStatusEvent } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso } from '../../lib/format';
import { AppError, validationError } from '../../lib/errors';
import { transition } from '../../lib/transition';
import { publishUnits } from '../../realtime/publish';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { getPerson, teamOf } from '../org/service';
import * as repo from './repo';
import { getUnit } from './service';

const ON_INCIDENT = new Set(['dispatched', 'en_route', 'on_scene']);

async function visibleRow(ctx: Ctx, actor: Actor, id: number): Promise<repo.UnitRow> {
  const [row] = await repo.listUnitRows(ctx.db, scopeIds(actor, ctx.areas.tree()), [id]);
  if (!row) throw new AppError('UNIT_NOT_FOUND', `Unit ${id} not found`, { field: '/id' });
  return row;
}

function homeArea(ctx: Ctx, actor: Actor, id: number): void {
  const tree = ctx.areas.tree();
  const a = tree.get(id);
  if (!a || a.validTo !== null || !inScope(actor, tree, [id])) throw new AppError('AREA_NOT_FOUND', `Area ${id} not found`, { field: '/homeAreaId' });
}

async function checkMembers(ctx: Ctx, actor: Actor, ids: number[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    await getPerson(ctx, actor, id).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'PERSON_NOT_FOUND' ? new AppError('PERSON_NOT_FOUND', `Person ${id} not found`, { field: `/memberIds/${i}` }) : e;
    });
  }
}

/** 城管 emergency teams and youth squads serve in the third echelon only (issue 16 part 4). */
function checkCivicEchelon(type: string, echelon: number): void {
  if ((type === 'urban_mgmt_team' || type === 'youth_squad') && echelon !== 3) throw validationError([{ field: '/echelon', message: `${type} serves in echelon 3 only` }]);
}

async function checkCallsign(ctx: Ctx, callsign: string, except: number | null): Promise<void> {
  if (await repo.callsignTaken(ctx.db, callsign, except)) throw new AppError('DUPLICATE_CODE', `Callsign ${callsign} is taken`, { field: '/callsign' });
}

export async function createUnit(ctx: Ctx, actor: Actor, b: UnitBody): Promise<Unit> {
  authorize(actor, 'unit.admin');
  homeArea(ctx, actor, b.homeAreaId);
  checkCivicEchelon(b.type, b.echelon);
  if (b.teamId !== null) await teamOf(ctx, actor, b.teamId, '/teamId');
  await checkMembers(ctx, actor, b.memberIds);
  const callsign = b.callsign.trim();
  await checkCallsign(ctx, callsign, null);
  const at = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const id = await repo.insertUnit(tx, { callsign, type: b.type, echelon: b.echelon, teamId: b.teamId, homeAreaId: b.homeAreaId, patrolTier: b.patrolTier ?? null, at });
    await repo.setMembers(tx, id, b.memberIds);
    await repo.insertStatusEvent(tx, { unitId: id, from: null, to: 'off_duty', reason: '新建', actorName: actor.displayName, at });
    return id;
  });
  await audit(ctx.db, actor, 'unit.created', 'unit', id, { ...b });
  await publishUnits(ctx, [id]);
  return getUnit(ctx, actor, id);
}

export async function updateUnit(ctx: Ctx, actor: Actor, id: number, p: UnitPatch): Promise<Unit> {
  authorize(actor, 'unit.admin');
  const before = await visibleRow(ctx, actor, id);
  checkCivicEchelon(p.type ?? before.type, p.echelon ?? before.echelon);
  if (p.homeAreaId !== undefined) homeArea(ctx, actor, p.homeAreaId);
  if (p.teamId !== undefined && p.teamId !== null) await teamOf(ctx, actor, p.teamId, '/teamId');
  if (p.memberIds !== undefined) await checkMembers(ctx, actor, p.memberIds);
  const callsign = p.callsign?.trim();
  if (callsign !== undefined) await checkCallsign(ctx, callsign, id);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateUnit(tx, id, p.version, {
      ...(callsign !== undefined ? { callsign } : {}),
      ...(p.type !== undefined ? { type: p.type } : {}),
      ...(p.echelon !== undefined ? { echelon: p.echelon } : {}),
      ...(p.teamId !== undefined ? { team_id: p.teamId } : {}),
      ...(p.homeAreaId !== undefined ? { home_area_id: p.homeAreaId } : {}),
      ...(p.patrolTier !== undefined ? { patrol_tier: p.patrolTier } : {}),
      updated_at: at,
    });
    if (p.memberIds !== undefined) await repo.setMembers(tx, id, p.memberIds);
  });
  await audit(ctx.db, actor, 'unit.updated', 'unit', id, { ...p });
  await publishUnits(ctx, [id]);
  return getUnit(ctx, actor, id);
}

export async function retireUnit(ctx: Ctx, actor: Actor, id: number, b: RetireBody): Promise<void> {
  authorize(actor, 'unit.admin');
  const row = await visibleRow(ctx, actor, id);
  if (row.incident_id !== null || ON_INCIDENT.has(row.status)) {
    throw new AppError('STILL_REFERENCED', `Unit ${row.callsign} is on incident ${row.incident_id}`, { incidentId: row.incident_id, status: row.status });
  }
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.retireUnit(tx, id, b.version, at);
    await repo.insertStatusEvent(tx, { unitId: id, from: row.status, to: 'out_of_service', reason: b.reason ?? '退役', actorName: actor.displayName, at });
  });
  await audit(ctx.db, actor, 'unit.retired', 'unit', id, { reason: b.reason ?? null });
}

/** On duty, off duty, meal break, busy, out of service by hand; a unit on an incident follows it (409). */
export async function setUnitStatusByHand(ctx: Ctx, actor: Actor, id: number, b: UnitStatusBody): Promise<Unit> {
  authorize(actor, 'unit.status');
  const row = await visibleRow(ctx, actor, id);
  const from = row.status as UnitState;
  transition(unitStatusMachine, from, b.status, `Unit ${row.callsign}: ${from} cannot be set to ${b.status} by hand`);
  const at = ctx.clock.now().toISOString();
  const reason = b.reason?.trim() || null;
  await ctx.db.transaction().execute(async (tx) => {
    await repo.setManualStatus(tx, id, b.version, from, b.status, reason, at);
    await repo.insertStatusEvent(tx, { unitId: id, from, to: b.status, reason, actorName: actor.displayName, at });
  });
  await audit(ctx.db, actor, 'unit.status', 'unit', id, { from, to: b.status, reason });
  await publishUnits(ctx, [id]);
  return getUnit(ctx, actor, id);
}

export async function unitStatusHistory(ctx: Ctx, actor: Actor, id: number): Promise<UnitStatusEvent[]> {
  authorize(actor, 'unit.read');
  await visibleRow(ctx, actor, id);
  const rows = await repo.statusHistory(ctx.db, id, 200);
  return rows.map((r) => ({
    at: iso(r.at),
    from: r.from_status as UnitStatusEvent['from'],
    to: r.to_status as UnitStatusEvent['to'],
    reason: r.reason,
    incidentId: r.incident_id,
    actorName: r.actor_name,
  }));
}
