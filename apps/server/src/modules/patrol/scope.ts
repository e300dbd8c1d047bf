// Scope rules of the patrol module. An area named in a query or body must lie in the caller's area (403
// OUT_OF_SCOPE: the caller chose it). A record (plan, route, photo, flag) outside the caller's area is not found:
// 404 with the record's own code, so its existence does not leak (issue 19, defect 7).
import type { ErrorCode } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { inScope, type Actor } from '../auth/policy';

export function checkAreaInScope(ctx: Ctx, actor: Actor, areaId: number, field = '/areaId'): void {
  const tree = ctx.areas.tree();
  if (!tree.get(areaId)) throw new AppError('AREA_NOT_FOUND', `Area ${areaId} not found`, { field });
  if (actor.scopeAreaId === null) return;
  if (!inScope(actor, tree, [areaId])) throw new AppError('OUT_OF_SCOPE', `Area ${areaId} is outside your area`, { field });
}

/**
 * Whether a plan's area is the caller's business: it lies in the caller's scope, or contains it (a station lead may
 * read a district plan that covers the station).
 */
export function planAreaVisible(ctx: Ctx, actor: Actor, areaId: number): boolean {
  if (inScope(actor, ctx.areas.tree(), [areaId])) return true;
  return actor.scopeAreaId !== null && ctx.areas.tree().descendantsAndSelf(areaId).includes(actor.scopeAreaId);
}

/** A record of a plan outside the caller's area: 404 with the record's code (the plan's by default). */
export function checkPlanAreaScope(ctx: Ctx, actor: Actor, areaId: number, notFound: ErrorCode = 'PATROL_PLAN_NOT_FOUND', details?: Record<string, unknown>): void {
  if (!planAreaVisible(ctx, actor, areaId)) throw new AppError(notFound, undefined, details);
}
