// Live flags of patrol (off route, missed point, absent at roll call): the list, acknowledging one, and the sweep
// that flags mandatory stops past their deadline without a check-in.
import type { PatrolFlag, PatrolFlagKind, PatrolFlagStatus } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso, isoN, json } from '../../lib/format';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { planAreaIds, planRow, planWindowRule } from './plans';
import * as repo from './repo/field';
import * as planRepo from './repo/plans';
import { checkPlanAreaScope } from './scope';
import { matchCheckins, stopDeadline, type StoredStop } from './stops';

export const presentFlag = (r: repo.FlagRow): PatrolFlag => ({
  id: r.id,
  planId: r.plan_id,
  routeId: r.route_id,
  unitId: r.unit_id,
  callsign: r.callsign,
  kind: r.kind as PatrolFlagKind,
  status: r.status as PatrolFlagStatus,
  raisedAt: iso(r.raised_at),
  clearedAt: isoN(r.cleared_at),
  ref: r.ref,
  detail: r.detail,
  distanceM: r.distance_m === null ? null : Math.round(r.distance_m),
  lon: r.lon,
  lat: r.lat,
  version: r.version,
});

/** Send a flag to the sockets watching its plan's area (and, through the bus, to the other API nodes). */
export async function publishFlag(ctx: Ctx, id: number, areaId: number): Promise<PatrolFlag> {
  const f = presentFlag((await repo.flagRows(ctx.db, { id }))[0]!);
  ctx.hub.publishPatrol({ type: 'patrol_flag', flag: f }, planAreaIds(ctx, areaId));
  ctx.bus?.notify('patrol_flag', [id]);
  return f;
}

/** Raise a flag (unless it is already raised) and publish it; whether it was new. */
export async function raiseFlag(ctx: Ctx, f: repo.NewFlag, areaId: number): Promise<boolean> {
  const id = await repo.insertFlag(ctx.db, f);
  if (id === null) return false;
  await publishFlag(ctx, id, areaId);
  return true;
}

export async function listFlags(ctx: Ctx, actor: Actor, q: { planId?: number; status?: PatrolFlagStatus; date?: string }): Promise<PatrolFlag[]> {
  authorize(actor, 'patrol.read');
  let areaIds: number[] | undefined;
  if (actor.scopeAreaId !== null) {
    const tree = ctx.areas.tree();
    areaIds = [...tree.descendantsAndSelf(actor.scopeAreaId), ...tree.ancestors(actor.scopeAreaId).map((a) => a.id)];
  }
  return (await repo.flagRows(ctx.db, { planId: q.planId, status: q.status, date: q.date, areaIds })).map(presentFlag);
}

export async function acknowledgeFlag(ctx: Ctx, actor: Actor, id: number, version: number): Promise<PatrolFlag> {
  authorize(actor, 'patrol.plan');
  const f = await repo.flagState(ctx.db, id);
  if (!f) throw new AppError('PATROL_FLAG_NOT_FOUND');
  // a flag of a plan outside the caller's area is not found
  checkPlanAreaScope(ctx, actor, f.area_id, 'PATROL_FLAG_NOT_FOUND');
  if (f.status !== 'open') throw new AppError('INVALID_TRANSITION', `The flag is ${f.status}`);
  await repo.acknowledgeFlag(ctx.db, id, actor.displayName, version);
  await audit(ctx.db, actor, 'patrol_flag.acknowledge', 'patrol_flag', id, {});
  return publishFlag(ctx, id, f.area_id);
}

/**
 * Flags every mandatory stop of a published route whose deadline (window end, else shift end) has passed without
 * a check-in inside its window (a check-in before the window opens is 窗口外 and does not count: core matchVisits). Idempotent (one flag per route and stop). Runs every minute; tests call it with a moved clock.
 */
export async function sweepMissed(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().getTime();
  const plans = await planRepo.publishedPlansBetween(ctx.db, now - 24 * 3600_000, now);
  let n = 0;
  for (const { id } of plans) {
    const plan = await planRow(ctx.db, id);
    const rule = planWindowRule(plan);
    const { cands, start, end } = rule;
    const checkins = await planRepo.checkinsOf(ctx.db, id);
    for (const r of await planRepo.routeRows(ctx.db, [id])) {
      const stops = json<StoredStop[]>(r.stops);
      const matched = matchCheckins(stops, checkins.filter((c) => c.route_id === r.id), rule);
      for (let i = 0; i < stops.length; i++) {
        const s = stops[i]!;
        const c = cands.get(`${s.kind}:${s.ref}`);
        if (!c || c.mandatoryVisits === 0 || matched[i]) continue;
        const deadline = stopDeadline(c, start, end);
        if (now <= deadline) continue;
        const occurrence = stops.slice(0, i).filter((x) => x.kind === s.kind && x.ref === s.ref).length + 1;
        const raised = await raiseFlag(
          ctx,
          {
            plan_id: id,
            route_id: r.id,
            unit_id: r.unit_id,
            kind: 'missed_point',
            raised_at: new Date(deadline).toISOString(),
            ref: `${s.kind}:${s.ref}#${occurrence}`,
            detail: `${s.name}（第 ${occurrence} 次）未打卡`,
            distance_m: null,
            lon: s.lon,
            lat: s.lat,
          },
          plan.area_id,
        );
        if (raised) n++;
      }
    }
  }
  return n;
}
