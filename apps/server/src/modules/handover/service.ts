// The shift handover log (交接班, issue 14): the duty leader writes the handover of a shift (the open calls of the
// area summarised when written, and notes); someone of the next shift acknowledges it once (not its writer).
// Listed by day. A handover outside the caller's area is answered 404 HANDOVER_NOT_FOUND.
import type { AckHandoverBody, CreateHandoverBody, Handover, HandoverList, HandoverListQuery, OpenSummary } from '@jingwang/contracts';
import { handoverMachine, type HandoverState } from '@jingwang/core';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso, isoN, json } from '../../lib/format';
import { transition } from '../../lib/transition';
import { assertVersion } from '../../db/versioned';
import { authorize, scopeIds, type Actor } from '../auth/policy';
import { openCallsSummary } from '../incidents/intake';
import * as repo from './repo';

/** The day in China (UTC+8, no daylight saving) of an instant, YYYY-MM-DD. */
export const chinaDay = (t: number): string => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);

function present(ctx: Ctx, r: repo.HandoverRow): Handover {
  return {
    id: r.id,
    day: r.day,
    shift: r.shift as Handover['shift'],
    area: { id: r.area_id, name: ctx.areas.tree().get(r.area_id)?.name ?? '' },
    status: r.status as HandoverState,
    version: r.version,
    notes: r.notes,
    open: json<OpenSummary>(r.open_summary),
    writtenBy: r.written_by_name,
    writtenAt: iso(r.written_at),
    acknowledgedBy: r.acknowledged_by_name,
    acknowledgedAt: isoN(r.acknowledged_at),
    ackNote: r.ack_note,
  };
}

function visible(ctx: Ctx, actor: Actor, r: repo.HandoverRow | null, id: number): repo.HandoverRow {
  const scope = scopeIds(actor, ctx.areas.tree());
  if (!r || (scope !== null && !scope.includes(r.area_id))) throw new AppError('HANDOVER_NOT_FOUND', `Handover ${id} not found`, { field: '/id' });
  return r;
}

export async function createHandover(ctx: Ctx, actor: Actor, body: CreateHandoverBody): Promise<Handover> {
  authorize(actor, 'incident.dispatch');
  const tree = ctx.areas.tree();
  const scope = scopeIds(actor, tree);
  const areaId = body.areaId ?? actor.scopeAreaId ?? tree.all().find((n) => n.kind === 'county' && n.validTo === null)?.id;
  if (areaId === undefined || !tree.get(areaId) || (scope !== null && !scope.includes(areaId))) {
    throw new AppError('AREA_NOT_FOUND', `Area ${areaId ?? ''} not found`, { field: '/areaId' });
  }
  const notes = body.notes.trim();
  const open = await openCallsSummary(ctx, tree.descendantsAndSelf(areaId));
  if (!notes && open.total === 0) throw validationError([{ field: '/notes', message: 'write the notes of a shift without open calls' }]);
  const now = ctx.clock.now().getTime();
  const id = await repo.insertHandover(ctx.db, {
    areaId,
    day: chinaDay(now),
    shift: body.shift,
    notes,
    openSummary: open,
    writtenBy: actor.userId,
    writtenByName: actor.displayName,
    writtenAt: new Date(now).toISOString(),
  });
  return present(ctx, (await repo.getHandover(ctx.db, id))!);
}

export async function listHandovers(ctx: Ctx, actor: Actor, q: HandoverListQuery): Promise<HandoverList> {
  authorize(actor, 'incident.dispatch');
  const day = q.day ?? chinaDay(ctx.clock.now().getTime());
  const rows = await repo.listHandovers(ctx.db, day, scopeIds(actor, ctx.areas.tree()));
  return { day, items: rows.map((r) => present(ctx, r)) };
}

export async function getHandover(ctx: Ctx, actor: Actor, id: number): Promise<Handover> {
  authorize(actor, 'incident.dispatch');
  return present(ctx, visible(ctx, actor, await repo.getHandover(ctx.db, id), id));
}

export async function acknowledgeHandover(ctx: Ctx, actor: Actor, id: number, body: AckHandoverBody): Promise<Handover> {
  authorize(actor, 'incident.dispatch');
  await ctx.db.transaction().execute(async (tx) => {
    const row = visible(ctx, actor, await repo.getHandover(tx, id), id);
    assertVersion(row.version, body.version);
    transition(handoverMachine, row.status as HandoverState, 'acknowledge', `Handover ${id} is ${row.status}`);
    if (row.written_by !== null && row.written_by === actor.userId) throw new AppError('HANDOVER_OWN', 'The next shift acknowledges the handover', { field: '/version' });
    await repo.acknowledge(tx, id, body.version, { by: actor.userId, byName: actor.displayName, at: ctx.clock.now().toISOString(), note: body.note?.trim() || null });
  });
  return getHandover(ctx, actor, id);
}
