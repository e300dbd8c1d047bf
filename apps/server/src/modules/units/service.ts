// Units: listing within scope, position ingest (idempotent by unit and time), and publishing changes.
import type { Position, PersonRole, TraccarForwardBody, Unit, UnitStaffing, UnitStatus, UnitType } from '@jingwang/contracts';
import { audit } from '../audit/service';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError, validationError } from '../../lib/errors';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import * as repo from './repo';
import { unitStaffing } from '../roster/service';
import { notifyRemote } from '../../realtime/publish';
import { isoN } from '../../lib/format';

export function presentUnit(r: repo.UnitRow, now: Date, staleSeconds: number): Unit {
  const stale = r.position_at === null || now.getTime() - Date.parse(r.position_at) > staleSeconds * 1000;
  return {
    id: r.id,
    callsign: r.callsign,
    type: r.type as UnitType,
    echelon: r.echelon as 1 | 2 | 3,
    status: r.status as UnitStatus,
    version: r.version,
    teamId: r.team_id,
    teamName: r.team_name,
    homeAreaId: r.home_area_id,
    homeAreaName: r.home_area_name,
    lon: r.lon,
    lat: r.lat,
    positionAt: r.position_at,
    stale,
    incidentId: r.incident_id,
    deviceId: r.device_id,
    members: (r.members ?? []).map((m) => ({ id: m.id, name: m.name, role: m.role as PersonRole })),
    statusReason: r.status_reason,
    statusSince: isoN(r.status_since),
    patrolTier: r.patrol_tier,
  };
}

export async function listUnits(ctx: Ctx, actor: Actor): Promise<Unit[]> {
  authorize(actor, 'unit.read');
  const rows = await repo.listUnitRows(ctx.db, scopeIds(actor, ctx.areas.tree()));
  const now = ctx.clock.now();
  return rows.map((r) => presentUnit(r, now, ctx.config.stalePositionSeconds));
}

/** The roster's word on each unit in scope now (the unit board marks the units nobody is on duty on). */
export async function listStaffing(ctx: Ctx, actor: Actor): Promise<UnitStaffing> {
  authorize(actor, 'unit.read');
  const at = ctx.clock.now();
  const [rows, staffing] = await Promise.all([repo.listDispatchUnits(ctx.db, scopeIds(actor, ctx.areas.tree())), unitStaffing(ctx, at)]);
  return { at: at.toISOString(), units: rows.map((u) => ({ unitId: u.id, rostered: staffing(u) })) };
}

export async function getUnit(ctx: Ctx, actor: Actor, id: number): Promise<Unit> {
  authorize(actor, 'unit.read');
  const [row] = await repo.listUnitRows(ctx.db, scopeIds(actor, ctx.areas.tree()), [id]);
  if (!row) throw new AppError('UNIT_NOT_FOUND', `Unit ${id} not found`, { field: '/id' });
  return presentUnit(row, ctx.clock.now(), ctx.config.stalePositionSeconds);
}

/** Area ids a unit belongs to for realtime filtering: its home area and everything above it. */
export function unitAreaIds(ctx: Ctx, homeAreaId: number | null): number[] {
  if (homeAreaId === null) return [];
  return [homeAreaId, ...ctx.areas.tree().ancestors(homeAreaId).map((a) => a.id)];
}

/**
 * Sends the units to this node's sockets: the publisher of kind `units` (bootstrap.ts), for changes made here
 * (`publishUnits` of realtime/publish.ts) and on another node.
 */
export async function publishUnitsLocal(ctx: Ctx, db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0 || ctx.hub.size() === 0) return;
  const now = ctx.clock.now();
  for (const r of await repo.listUnitRows(db, null, ids)) {
    ctx.hub.publishUnit(presentUnit(r, now, ctx.config.stalePositionSeconds), unitAreaIds(ctx, r.home_area_id));
  }
}

const MAX_FUTURE_MS = 5 * 60_000;

/** The newest fix of each moved unit, to this node's sockets as a unit_moves message (and other nodes via the bus). */
function publishMoves(ctx: Ctx, positions: Position[], moved: number[], units: Map<number, { home_area_id: number | null }>): void {
  if (moved.length === 0) return;
  notifyRemote(ctx, 'units', moved);
  if (ctx.hub.size() === 0) return;
  const newest = new Map<number, Position>();
  for (const p of positions) {
    const prev = newest.get(p.unitId);
    if (!prev || Date.parse(p.at) > Date.parse(prev.at)) newest.set(p.unitId, p);
  }
  for (const id of moved) {
    const p = newest.get(id);
    if (!p) continue;
    ctx.hub.publishUnitMove([id, p.lon, p.lat, new Date(p.at).toISOString(), p.speedKmh ?? null, p.heading ?? null], unitAreaIds(ctx, units.get(id)?.home_area_id ?? null));
  }
}

/** Splits a batch into the fixes inside the deployment's bounds and the refused ones (with their index and reason). */
function withinBounds(ctx: Ctx, positions: Position[]): { kept: Position[]; rejected: { index: number; unitId: number; reason: string }[] } {
  const kept: Position[] = [];
  const rejected: { index: number; unitId: number; reason: string }[] = [];
  positions.forEach((p, index) => {
    if (ctx.areas.inBounds(p.lon, p.lat)) kept.push(p);
    else rejected.push({ index, unitId: p.unitId, reason: `(${p.lon}, ${p.lat}) lies outside the county's bounds` });
  });
  return { kept, rejected };
}

export async function ingestPositions(ctx: Ctx, actor: Actor, positions: Position[]) {
  authorize(actor, 'unit.position');
  const now = ctx.clock.now();
  positions.forEach((p, i) => {
    if (Date.parse(p.at) > now.getTime() + MAX_FUTURE_MS) throw validationError([{ field: `/positions/${i}/at`, message: 'is more than 5 minutes in the future' }]);
  });
  // one read of the units serves three checks: they exist, they are in scope, and which fixes are late
  const ids = [...new Set(positions.map((p) => p.unitId))];
  const units = new Map((await repo.unitPositionsOf(ctx.db, ids)).map((u) => [u.id, u]));
  // a unit outside the caller's area is answered like an unknown one (404: existence does not leak)
  const tree = ctx.areas.tree();
  const visible = (id: number) => units.has(id) && (actor.kind !== 'user' || actor.scopeAreaId === null || inScope(actor, tree, [units.get(id)!.home_area_id]));
  const unknownIdx = positions.findIndex((p) => !visible(p.unitId));
  if (unknownIdx >= 0) {
    throw new AppError('UNIT_NOT_FOUND', `Unit ${positions[unknownIdx]!.unitId} not found`, { field: `/positions/${unknownIdx}/unitId` });
  }
  // a fix far outside the county (a device's bad fix, a unit in the wrong deployment) is refused, not stored
  const { kept, rejected } = withinBounds(ctx, positions);
  const before = new Map([...units.values()].map((u) => [u.id, u.position_at ? Date.parse(u.position_at) : -Infinity]));
  const outOfOrder = kept.filter((p) => Date.parse(p.at) < (before.get(p.unitId) ?? -Infinity)).length;
  const res = await repo.ingestPositions(
    ctx.db,
    kept.map((p) => ({ unitId: p.unitId, lon: p.lon, lat: p.lat, at: new Date(p.at).toISOString(), speedKmh: p.speedKmh ?? null, heading: p.heading ?? null })),
    now.toISOString(),
  );
  // the watchers of positions (arrival detection, patrol, ...: registered in bootstrap.ts) publish what they change;
  // units whose status changed went out whole, the others only moved: a compact move, no DB read
  const changed = await ctx.realtime.positions(ctx, { positions: kept, inserted: res.inserted, movedUnitIds: res.movedUnitIds, movedEnRoute: res.movedEnRoute });
  const whole = new Set(changed);
  publishMoves(ctx, kept, res.movedUnitIds.filter((id) => !whole.has(id)), units);
  return { accepted: res.inserted, duplicates: kept.length - res.inserted, outOfOrder, arrivals: changed.length, ...(rejected.length ? { rejected } : {}) };
}

/**
 * Traccar's position forwarding (forward.type=json, forward.header "Authorization: Bearer <AVL_TOKEN>"): one fix of
 * one device, found by the device id bound to a unit. Fixes the device marks invalid or outdated are acknowledged
 * and dropped (Traccar would otherwise retry them).
 */
export async function ingestTraccar(ctx: Ctx, actor: Actor, body: TraccarForwardBody) {
  authorize(actor, 'unit.position');
  const unit = await repo.unitByDevice(ctx.db, body.device.uniqueId);
  if (!unit) throw new AppError('DEVICE_NOT_FOUND', `No unit has device ${body.device.uniqueId}`, { field: '/device/uniqueId' });
  if (body.position.valid === false || body.position.outdated === true) return { accepted: 0, duplicates: 0, outOfOrder: 0, arrivals: 0, ignored: 1 };
  const at = typeof body.position.fixTime === 'number' ? new Date(body.position.fixTime).toISOString() : body.position.fixTime;
  const r = await ingestPositions(ctx, actor, [
    {
      unitId: unit.id,
      lon: body.position.longitude,
      lat: body.position.latitude,
      at,
      // Traccar reports knots
      ...(body.position.speed !== undefined ? { speedKmh: Math.min(400, Math.round(body.position.speed * 1.852 * 10) / 10) } : {}),
      ...(body.position.course !== undefined ? { heading: body.position.course } : {}),
    },
  ]);
  return { ...r, ignored: r.rejected?.length ?? 0 };
}

/** Binds an AVL device (Traccar uniqueId, JT808 terminal number) to a unit, or unbinds it (null). */
export async function setDevice(ctx: Ctx, actor: Actor, unitId: number, deviceId: string | null): Promise<Unit> {
  authorize(actor, 'unit.manage');
  const [row] = await repo.listUnitRows(ctx.db, scopeIds(actor, ctx.areas.tree()), [unitId]);
  if (!row) throw new AppError('UNIT_NOT_FOUND', `Unit ${unitId} not found`, { field: '/unitId' });
  if (deviceId !== null) {
    const other = await repo.unitByDevice(ctx.db, deviceId);
    if (other && other.id !== unitId) throw new AppError('DUPLICATE_DEVICE', `Device ${deviceId} is bound to ${other.callsign}`, { field: '/deviceId' });
  }
  await repo.setUnitDevice(ctx.db, unitId, deviceId);
  await audit(ctx.db, actor, 'unit.device', 'unit', unitId, { deviceId }, null);
  return getUnit(ctx, actor, unitId);
}
