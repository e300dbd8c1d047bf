// What the registry's services share: scope checks (a record outside the caller's area is 404 with its own code),
// history entries, calendar dates.
import { isCalendarDay } from '@jingwang/core';
import type { ErrorCode } from '@jingwang/contracts';
import type { Transaction } from 'kysely';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../lib/errors';
import { inScope, type Actor } from '../auth/policy';
import * as addresses from './repo/addresses';
import * as records from './repo/records';

export type Conn = Db | Transaction<DB>;

/** 404 (with the record's code) unless the areas lie in the caller's scope. */
export function assertInScope(ctx: Ctx, actor: Actor, areaIds: readonly number[], code: ErrorCode): void {
  if (!inScope(actor, ctx.areas.tree(), areaIds)) throw new AppError(code);
}

export async function addressInScope(ctx: Ctx, db: Conn, actor: Actor, id: number): Promise<addresses.AddressRow> {
  const a = await addresses.getAddress(db, id);
  if (!a) throw new AppError('ADDRESS_NOT_FOUND');
  assertInScope(ctx, actor, a.area_ids, 'ADDRESS_NOT_FOUND');
  return a;
}

export async function houseInScope(ctx: Ctx, db: Conn, actor: Actor, id: number): Promise<{ house: records.HouseRow; address: addresses.AddressRow }> {
  const house = await records.getHouse(db, id);
  if (!house) throw new AppError('HOUSE_NOT_FOUND');
  const address = (await addresses.getAddress(db, house.address_id))!;
  assertInScope(ctx, actor, address.area_ids, 'HOUSE_NOT_FOUND');
  return { house, address };
}

export async function personInScope(ctx: Ctx, db: Conn, actor: Actor, id: number): Promise<records.PersonRow> {
  const p = await records.getPerson(db, id);
  if (!p) throw new AppError('RESIDENT_NOT_FOUND');
  if (actor.scopeAreaId !== null) {
    // a merged record is where the record it was merged into is
    const areas = await records.personAreaIds(db, id);
    if (p.merged_into !== null) areas.push(...(await records.personAreaIds(db, p.merged_into)));
    assertInScope(ctx, actor, areas, 'RESIDENT_NOT_FOUND');
  }
  return p;
}

export function history(db: Conn, actor: Actor, entity: string, id: number, action: string, changes: Record<string, unknown> = {}): Promise<void> {
  return records.appendHistory(db, { entity, entity_id: id, action, changes, user_id: actor.userId, username: actor.username });
}

/** A YYYY-MM-DD that is a real day and not after today (400 naming the field otherwise). */
export function pastDate(ctx: Ctx, v: string | undefined, field: string): string | null {
  if (v === undefined) return null;
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  if (!isCalendarDay(y, m, d)) throw validationError([{ field, message: 'is not a real calendar date (日期不存在)' }]);
  if (v > ctx.clock.now().toISOString().slice(0, 10)) throw validationError([{ field, message: 'is in the future (日期在将来)' }]);
  return v;
}
