// After intake (issue 14, part 3): remarks (备注) and changes of grade (category, priority), each an event of the
// timeline with who and when, under optimistic concurrency (the incident's version goes up so every screen reloads).
import { INCIDENT_CATEGORY_LABELS, type Incident, type IncidentCategory, type RegradeBody, type RemarkBody } from '@jingwang/contracts';
import { canRegrade, type IncidentStatus } from '@jingwang/core';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { assertVersion } from '../../db/versioned';
import { authorize, type Actor } from '../auth/policy';
import * as repo from './repo';
import { notifyUrgent, publish, visibleRow } from './service';

/** A remark on the call's timeline, at any status (an officer at the scene or the command room). */
export async function addRemark(ctx: Ctx, actor: Actor, id: number, body: RemarkBody): Promise<Incident> {
  authorize(actor, 'incident.progress');
  const text = body.text.trim();
  if (!text) throw validationError([{ field: '/text', message: 'must not be blank' }]);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const row = await visibleRow(ctx, tx, actor, id, true);
    assertVersion(row.version, body.version);
    await repo.touch(tx, id, row.version, now);
    await repo.insertEvent(tx, { incidentId: id, at: now, type: 'remark', from: null, to: null, actorUserId: actor.userId, actorName: actor.displayName, note: text });
  });
  return publish(ctx, id);
}

/** A new category and/or priority while the call is worked, with the reason; the old and new grade go in the event. */
export async function regrade(ctx: Ctx, actor: Actor, id: number, body: RegradeBody): Promise<Incident> {
  authorize(actor, 'incident.dispatch');
  if (body.category === undefined && body.priority === undefined) throw validationError([{ field: '/priority', message: 'give a new category or priority' }]);
  const reason = body.reason.trim();
  if (!reason) throw validationError([{ field: '/reason', message: 'must not be blank' }]);
  const now = ctx.clock.now().toISOString();
  const raised = await ctx.db.transaction().execute(async (tx) => {
    const row = await visibleRow(ctx, tx, actor, id, true);
    assertVersion(row.version, body.version);
    if (!canRegrade(row.status as IncidentStatus)) throw new AppError('INCIDENT_CLOSED', `Incident ${row.number} is ${row.status}: its grade is final`, { status: row.status });
    const to = { category: body.category ?? row.category, priority: body.priority ?? row.priority };
    if (to.category === row.category && to.priority === row.priority) {
      throw validationError([{ field: body.priority !== undefined ? '/priority' : '/category', message: 'is the grade the call already has' }]);
    }
    if (!(to.category in INCIDENT_CATEGORY_LABELS)) throw validationError([{ field: '/category', message: 'unknown category' }]);
    await repo.updateGrade(tx, id, row.version, to, now);
    await repo.insertEvent(tx, {
      incidentId: id,
      at: now,
      type: 'regrade',
      from: null,
      to: null,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: reason,
      data: { from: { category: row.category as IncidentCategory, priority: row.priority }, to },
    });
    return to.priority === 1 && row.priority !== 1 ? { number: row.number, areaIds: row.area_ids, category: to.category, address: row.address } : null;
  });
  const inc = await publish(ctx, id);
  // raised to urgent: the station's duty leader on the roster is told, as for an urgent call at intake
  if (raised) await notifyUrgent(ctx, { id, ...raised });
  return inc;
}
