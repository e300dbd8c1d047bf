// What key places and cameras share: where a point lies (a current station of the county, in the caller's scope),
// the change of a record as before / after of the fields that changed, and a record's history from the audit log.
import type { PlaceChange } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso } from '../../lib/format';
import { auditOf } from '../audit/service';
import { inScope, type Actor } from '../auth/policy';
import * as repo from './repo';

/** The station the point lies in: 422 OUTSIDE_JURISDICTION outside every one, 403 OUT_OF_SCOPE outside the caller's. */
export async function stationOf(ctx: Ctx, actor: Actor, lon: number, lat: number): Promise<number> {
  const id = await repo.stationAt(ctx.db, lon, lat);
  if (id === null) throw new AppError('OUTSIDE_JURISDICTION', `The point ${lon}, ${lat} is outside every station area of the county`, { field: '/lon' });
  if (!inScope(actor, ctx.areas.tree(), [id])) throw new AppError('OUT_OF_SCOPE', 'The point lies outside your station', { field: '/lon' });
  return id;
}

/** What is wrong with a point for the caller, without throwing (the Excel exchange names it with the row's other faults). */
export async function pointProblem(ctx: Ctx, actor: Actor, lon: number, lat: number): Promise<'OUTSIDE_JURISDICTION' | 'OUT_OF_SCOPE' | null> {
  const id = await repo.stationAt(ctx.db, lon, lat);
  if (id === null) return 'OUTSIDE_JURISDICTION';
  return inScope(actor, ctx.areas.tree(), [id]) ? null : 'OUT_OF_SCOPE';
}

/** The fields of `next` that differ from `prev` (numbers within 1e-9), as { before, after } holding only those. */
export function diff<T extends Record<string, unknown>>(prev: T, next: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const before: Partial<T> = {};
  const after: Partial<T> = {};
  for (const k of Object.keys(next) as (keyof T)[]) {
    const a = prev[k];
    const b = next[k];
    if (b === undefined) continue;
    const same = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-9 : a === b;
    if (!same) {
      before[k] = a;
      after[k] = b as T[keyof T];
    }
  }
  return { before, after };
}

export const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

/** A record's changes from the audit log (`<type>.created|updated|retired` with before / after), newest first. */
export async function historyOf(ctx: Ctx, resourceType: 'key_place' | 'camera', id: number): Promise<PlaceChange[]> {
  const rows = await auditOf(ctx, resourceType, id);
  const out: PlaceChange[] = [];
  for (const r of rows) {
    const change = r.action.slice(resourceType.length + 1);
    if (change !== 'created' && change !== 'updated' && change !== 'retired') continue;
    const d = r.detail as { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; reason?: string | null };
    out.push({ at: iso(r.at as string | Date), username: r.username, change, before: d.before ?? null, after: d.after ?? null, reason: d.reason ?? null });
  }
  return out;
}
