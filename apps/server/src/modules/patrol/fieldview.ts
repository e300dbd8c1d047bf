// The field view of a team (an officer's phone, or the command room looking at one unit): its current route in a
// published plan with the stops visited and missed, the route's check-ins (窗口外 and unverified ones marked), and
// its flags.
import type { FieldView, PatrolTier } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso } from '../../lib/format';
import { AppError } from '../../lib/errors';
import { authorize, inScope, type Actor } from '../auth/policy';
import { presentCheckin, SHIFT_GRACE_MS } from './checkins';
import { presentFlag } from './flags';
import { planRow, planWindowRule, presentRoute } from './plans';
import * as repo from './repo/field';
import * as planRepo from './repo/plans';
import * as refRepo from './repo/reference';
import type { PlanRow } from './repo/plans';

/** The unit the caller serves in (its person's unit), or null. */
export async function unitOfActor(ctx: Ctx, actor: Actor): Promise<repo.UnitLite | null> {
  if (actor.userId === null) return null;
  return (await repo.unitOfUser(ctx.db, actor.userId)) ?? null;
}

/** The unit's route in a published plan: the shift on now, else the next within 18 hours, else today's last one. */
async function currentRouteOf(ctx: Ctx, unitId: number): Promise<{ plan: PlanRow; routeId: number } | null> {
  const now = ctx.clock.now().getTime();
  const rows = await repo.publishedRoutesOfUnit(ctx.db, unitId, now - 18 * 3600_000, now + 18 * 3600_000);
  const span = (r: (typeof rows)[number]) => ({ s: Date.parse(iso(r.shift_start)), e: Date.parse(iso(r.shift_end)) });
  const pick =
    rows.find((r) => span(r).s - SHIFT_GRACE_MS <= now && now <= span(r).e + SHIFT_GRACE_MS) ??
    rows.find((r) => span(r).s > now) ??
    [...rows].reverse().find((r) => span(r).e < now);
  if (!pick) return null;
  return { plan: await planRow(ctx.db, pick.plan_id), routeId: pick.route_id };
}

export async function fieldView(ctx: Ctx, actor: Actor, q: { unitId?: number }): Promise<FieldView> {
  authorize(actor, 'patrol.read');
  let unit: repo.UnitLite | null;
  if (q.unitId !== undefined) {
    authorize(actor, 'patrol.plan');
    const u = await repo.unitWithAreas(ctx.db, q.unitId);
    // a unit outside the caller's area is not found
    if (!u || !inScope(actor, ctx.areas.tree(), [u.home_area_id, u.patrol_area_id])) throw new AppError('UNIT_NOT_FOUND', undefined, { field: '/unitId' });
    unit = u;
  } else unit = await unitOfActor(ctx, actor);
  if (!unit) return { unit: null, plan: null, route: null, checkins: [], flags: [], reason: 'no_unit' };
  const unitOut = { id: unit.id, callsign: unit.callsign, type: unit.type as never, lon: unit.lon, lat: unit.lat };
  const cur = await currentRouteOf(ctx, unit.id);
  if (!cur) return { unit: unitOut, plan: null, route: null, checkins: [], flags: [], reason: 'no_plan' };
  const route = (await planRepo.routeRow(ctx.db, cur.routeId))!;
  const checkins = await planRepo.checkinsOf(ctx.db, cur.plan.id);
  const shift = (await refRepo.shiftRow(ctx.db, cur.plan.shift_id))!;
  const flags = await repo.flagRows(ctx.db, { routeId: cur.routeId, limit: 50 });
  const rule = planWindowRule(cur.plan);
  return {
    unit: unitOut,
    plan: {
      id: cur.plan.id,
      date: cur.plan.plan_date,
      shiftName: shift.name,
      shiftStart: iso(cur.plan.shift_start),
      shiftEnd: iso(cur.plan.shift_end),
      tier: cur.plan.tier as PatrolTier,
      areaName: ctx.areas.tree().get(cur.plan.area_id)?.name ?? '',
    },
    route: presentRoute(route, cur.plan, checkins, ctx.clock.now().getTime()),
    // every check-in of the route (unverified and 窗口外 ones too), with its fit against its stop's window
    checkins: (await repo.checkinRows(ctx.db, { routeId: cur.routeId })).map((r) => presentCheckin(r, rule)),
    flags: flags.map(presentFlag),
    reason: null,
  };
}
