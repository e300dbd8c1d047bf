// Demo tasks: the 83-item catalogue, indicator definitions and plans; daily and weekly work issued by the station
// leads to the demo's community officers (officer1..3) five weeks ago, with a history drawn deterministically: most
// occurrences done on time, some late, and in the last week some left undone with the cards the ladder gives them by
// now (reminder, yellow, red). Then this month's and last month's indicators and assessments are computed, so the
// three screens show realistic data on the first start. No notifications are sent for the history.
import { sql } from 'kysely';
import { applyEscalations, createRng, supervisionLevel, type EscalationStep } from '@jingwang/core';
import type { Ctx } from '../../context';
import { ensureDefaults } from '../tasks/catalogue';
import { computeAll } from '../tasks/indicators';
import { generateInstances, policies } from '../tasks/service';
import { monthOf } from '../tasks/common';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** What each demo officer is given (codes of the catalogue). */
const WORK = ['SQ01', 'SQ04', 'SQ12', 'SQ15', 'SQ10', 'JC01', 'AF02', 'MD01', 'SQ06', 'FW03'];

export async function seedTasksDemo(ctx: Ctx, opts: { weeks?: number; seed?: number } = {}): Promise<{ assignments: number; instances: number }> {
  await ensureDefaults(ctx, { templates: true });
  const db = ctx.db;
  const now = ctx.clock.now().getTime();
  const since = now - (opts.weeks ?? 5) * 7 * DAY;
  const officers = await sql<{ person_id: number; name: string; station_id: number | null; lead_id: number | null; lead_name: string | null }>`
    select u.person_id, p.name, u.scope_area_id station_id, l.id lead_id, l.display_name lead_name
      from users u join people p on p.id = u.person_id
      left join users l on l.role = 'station_lead' and l.scope_area_id = u.scope_area_id
     where u.role = 'officer' and u.person_id is not null order by u.username`.execute(db);
  if (officers.rows.length === 0) return { assignments: 0, instances: 0 };
  const templates = await db.selectFrom('task_templates').select(['id', 'code']).where('code', 'in', WORK).execute();
  const tree = ctx.areas.tree();
  const ids: number[] = [];
  for (const o of officers.rows) {
    const areaIds = o.station_id === null ? [] : [o.station_id, ...tree.ancestors(o.station_id).map((a) => a.id)];
    for (const t of templates) {
      const r = await db
        .insertInto('task_assignments')
        .values({
          template_id: t.id,
          target_kind: 'person',
          person_id: o.person_id,
          level: 'station',
          issuer_area_id: o.station_id,
          area_ids: areaIds,
          issued_by: o.lead_id,
          issued_by_name: o.lead_name ?? '所领导',
          issued_at: new Date(since).toISOString(),
          place_name: null,
          place_lon: null,
          place_lat: null,
          starts_on: null,
          ends_on: null,
          due_at: null,
          note: '演示：社区民警日常工作',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(r.id);
    }
  }
  const instances = await generateInstances(ctx, { from: since, to: now + 2 * DAY, assignmentIds: ids });

  // the history: done on time, done late, or (last week) left undone with its cards
  const rng = createRng(opts.seed ?? 20260615);
  const policyOf = await policies(db);
  const past = await sql<{ id: string; due_at: string; period_start: string; target: number; category: string; name: string }>`
    select i.id::text id, i.due_at, i.period_start, i.target, t.category, p.name from task_instances i
      join task_templates t on t.id = i.template_id join people p on p.id = i.person_id
     where i.assignment_id = any(${sql.val(ids)}::int[]) order by i.id`.execute(db);
  for (const r of past.rows) {
    const due = Date.parse(new Date(r.due_at).toISOString());
    const start = Date.parse(new Date(r.period_start).toISOString());
    const x = rng.float();
    const recent = due > now - 7 * DAY;
    let doneAt: number | null = null;
    let late = false;
    if (due <= now) {
      if (x < (recent ? 0.7 : 0.82)) doneAt = Math.min(now, start + (due - start) * (0.3 + 0.6 * rng.float()));
      else if (x < (recent ? 0.8 : 1)) {
        doneAt = Math.min(now, due + (2 + 30 * rng.float()) * HOUR);
        late = doneAt > due;
      }
    } else if (start <= now && x < 0.35) {
      doneAt = start + (now - start) * rng.float();
    }
    if (doneAt !== null && doneAt > start) {
      await db.updateTable('task_instances').set({ status: 'done', progress: r.target, done_at: new Date(doneAt).toISOString(), late }).where('id', '=', r.id).execute();
      await db
        .insertInto('task_evidence')
        .values({ instance_id: r.id, at: new Date(doneAt).toISOString(), amount: r.target, form: '{}', note: '演示数据', lon: null, lat: null, accuracy_m: null, by_user: null, by_name: r.name })
        .execute();
      // a late one had its reminder at the due time
      if (late) await db.insertInto('task_escalations').values({ instance_id: r.id, step: 'reminder', at: new Date(due).toISOString(), due_at: new Date(due).toISOString() }).execute();
      continue;
    }
    if (due > now) continue;
    // undone: the ladder's steps at the times they fell due
    const st = { status: 'open' as const, dueAt: due, originalDueAt: due, target: r.target, progress: 0, doneAt: null, late: false, fired: [], extensions: [] };
    const { state, fired } = applyEscalations(st, policyOf(r.category), now);
    if (fired.length) {
      await db
        .insertInto('task_escalations')
        .values(fired.map((f) => ({ instance_id: r.id, step: f.step as EscalationStep, at: new Date(f.at).toISOString(), due_at: new Date(due).toISOString() })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await db.updateTable('task_instances').set({ status: state.status, supervision: supervisionLevel(state) }).where('id', '=', r.id).execute();
  }
  // indicators and assessments of this month and the last
  await computeAll(ctx);
  const prev = monthOf(now - 28 * DAY, ctx.config.utcOffsetMinutes);
  if (prev !== monthOf(now, ctx.config.utcOffsetMinutes)) await computeAll(ctx, prev);
  return { assignments: ids.length, instances };
}
