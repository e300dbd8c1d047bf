// Proof of patrol, by sub-domain: the field view (fieldview.ts), check-ins by QR code, by hand and their photos
// (checkins.ts), geofence and off-route checks of positions (positions.ts), flags and the missed-point sweep
// (flags.ts), roll call (rollcall.ts). This file keeps the module's entry points importable from one path
// (units, jobs, bootstrap) and relays the changes made on another API node to this node's sockets.
import type { Ctx } from '../../context';
import { invalidateActive } from './active';
import { presentCheckin } from './checkins';
import { presentFlag } from './flags';
import { planAreaIds, planWindowRule } from './plans';
import * as repo from './repo/field';
import * as planRepo from './repo/plans';

export { onPositions } from './positions';
export { checkIn, listCheckins, readPhoto } from './checkins';
export { acknowledgeFlag, listFlags, sweepMissed } from './flags';
export { listRollCalls, rollCall, sweepRollCalls, waypointsOf } from './rollcall';
export { fieldView, unitOfActor } from './fieldview';

/** A flag, check-in or plan change made on another API node: send it to this node's sockets. */
export async function publishPatrolLocal(ctx: Ctx, kind: 'patrol_flag' | 'patrol_checkin' | 'patrol_plan', ids: number[]): Promise<void> {
  if (kind === 'patrol_plan') invalidateActive(ctx);
  if (ctx.hub.size() === 0) return;
  for (const id of ids) {
    if (kind === 'patrol_flag') {
      const r = (await repo.flagRows(ctx.db, { id }))[0];
      if (!r) continue;
      const plan = await planRepo.planRow(ctx.db, r.plan_id);
      if (!plan) continue;
      ctx.hub.publishPatrol({ type: 'patrol_flag', flag: presentFlag(r) }, planAreaIds(ctx, plan.area_id));
    } else if (kind === 'patrol_checkin') {
      const r = (await repo.checkinRows(ctx.db, { id }))[0];
      if (!r) continue;
      const plan = await planRepo.planRow(ctx.db, r.plan_id);
      if (!plan) continue;
      ctx.hub.publishPatrol({ type: 'patrol_checkin', checkin: presentCheckin(r, planWindowRule(plan)) }, planAreaIds(ctx, plan.area_id));
    } else {
      const plan = await planRepo.planRow(ctx.db, id);
      if (!plan) continue;
      ctx.hub.publishPatrol({ type: 'patrol_plan', planId: id, status: plan.status as never, version: plan.version, areaId: plan.area_id }, planAreaIds(ctx, plan.area_id));
    }
  }
}
