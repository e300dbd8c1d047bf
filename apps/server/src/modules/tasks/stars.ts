// Stars (四星: 服务之星, 防范之星, 调解之星, 破案之星) are only proposed by the assessment: a lead (station lead,
// district lead, admin) confirms or rejects each proposed star of a subject in their scope, with a note; every
// decision is kept (who, when, note). A proposal outside the caller's scope is answered as if it did not exist
// (404 NOT_FOUND), so a station lead sees and decides the proposals of their own station only.
import type { StarDecision, StarDecisionBodyT } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { staleVersion } from '../../db/versioned';
import { AppError } from '../../lib/errors';
import { iso, json } from '../../lib/format';
import { authorize, inScope, type Actor } from '../auth/policy';
import { assessmentPlans } from './catalogue';
import { personScopes } from './common';
import { assessmentRun } from './repo/indicators';
import * as repo from './repo/stars';

const key = (star: string, subjectId: number) => `${star}:${subjectId}`;
const PROPOSED: StarDecision = { status: 'proposed', version: 0, history: [] };

/** The decisions of a plan's month, by star and subject (absent = only proposed). */
export async function decisionsOf(ctx: Ctx, planCode: string, period: string): Promise<(star: string, subjectId: number) => StarDecision> {
  const rows = await repo.decisionsOf(ctx.db, planCode, period);
  const events = await repo.eventsOf(ctx.db, rows.map((r) => r.id));
  const out = new Map<string, StarDecision>();
  for (const r of rows) {
    const history = events
      .filter((e) => e.decision_id === r.id)
      .map((e) => ({ action: e.action as 'confirmed' | 'rejected', at: iso(e.at), by: e.by_name, note: e.note }));
    out.set(key(r.star, r.subject_id), { status: r.status as 'confirmed' | 'rejected', version: r.version, history });
  }
  return (star, subjectId) => out.get(key(star, subjectId)) ?? PROPOSED;
}

/** Confirm or reject a proposed star (the version read: 0 while only proposed; stale: 409 STALE_VERSION). */
export async function decideStar(ctx: Ctx, actor: Actor, b: StarDecisionBodyT): Promise<StarDecision> {
  authorize(actor, 'tasks.supervise');
  const plan = (await assessmentPlans(ctx.db)).find((x) => x.code === b.plan);
  if (!plan) throw new AppError('ASSESSMENT_PLAN_NOT_FOUND', undefined, { field: '/plan' });
  const run = await assessmentRun(ctx.db, b.plan, b.period);
  const stars = run ? json<{ star: string; subjects: { subjectId: number | string; score: number }[] }[]>(run.stars) : [];
  const proposal = stars.find((s) => s.star === b.star)?.subjects.find((x) => Number(x.subjectId) === b.subjectId);
  const notFound = () => new AppError('NOT_FOUND', 'No such proposed star', { field: '/subjectId' });
  if (!proposal) throw notFound();
  const tree = ctx.areas.tree();
  const areas = plan.level === 'officer' ? ((await personScopes(ctx, ctx.db, [b.subjectId])).get(b.subjectId)?.areaIds ?? []) : [b.subjectId];
  if (areas.length === 0 || !inScope(actor, tree, areas)) throw notFound();
  const k = { plan_code: b.plan, period: b.period, star: b.star, subject_id: b.subjectId };
  const now = ctx.clock.now().toISOString();
  const by = actor.displayName || actor.username;
  const values = { status: b.decision, score: proposal.score, decided_at: now, decided_by: actor.userId, decided_by_name: by, note: b.note?.trim() || null };
  await ctx.db.transaction().execute(async (tx) => {
    const cur = await repo.decisionFor(tx, k);
    let id: number;
    if (!cur) {
      if (b.version !== 0) throw staleVersion('/version', 0);
      const inserted = await repo.insertDecision(tx, k, values);
      if (inserted === undefined) throw staleVersion();
      id = inserted;
    } else {
      await repo.updateDecision(tx, cur.id, values, b.version);
      id = cur.id;
    }
    await repo.appendEvent(tx, { decision_id: id, action: b.decision, at: now, by_user: actor.userId, by_name: by, note: values.note });
  });
  return (await decisionsOf(ctx, b.plan, b.period))(b.star, b.subjectId);
}
