// Demo tasks: the 83-item catalogue, indicator definitions and plans; daily and weekly work issued by the station
// leads to every community officer of the demo (the A-post officers of the communities and the B-post officers of
// the zones, in all three stations; officer1..3 are three of them) five weeks ago, with a history drawn
// deterministically per officer: each has their own diligence (on-time share 70-97 %), most occurrences done on
// time, some late, a few left undone, and in the last week more left undone, with the cards the ladder gives them by
// now (reminder, yellow, red). Then this month's and last month's indicators and assessments are computed, so the
// three screens and the assessment show realistic data on the first start. No notifications are sent for the
// history. The history is written in a few set-based statements (the embedded database is slow per statement).
import { sql } from 'kysely';
import { applyEscalations, createRng, supervisionLevel, type EscalationStep } from '@jingwang/core';
import type { Ctx } from '../../context';
import { ensureDefaults } from '../tasks/catalogue';
import { computeAll } from '../tasks/indicators';
import { generateInstances, policies } from '../tasks/service';
import { monthOf, personScopes } from '../tasks/common';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** What each demo officer is given (codes of the catalogue). */
const WORK = ['SQ01', 'SQ04', 'SQ12', 'SQ15', 'SQ10', 'JC01', 'AF02', 'MD01', 'SQ06', 'FW03'];

export async function seedTasksDemo(ctx: Ctx, opts: { weeks?: number; seed?: number } = {}): Promise<{ assignments: number; instances: number }> {
  await ensureDefaults(ctx, { templates: true });
  const db = ctx.db;
  // A deployment setting of the demo, not the default: officers are assessed when the available indicators carry 40 %
  // of the plan's weight (the default 50 %). The demo has no case, dispute or follow-up module (25 %), a year of
  // history (no year on year, 10 %), no recorded position track and no ended patrol plan (20 %); its community
  // officers' tasks, arrivals and anti-fraud warnings carry up to 45 %.
  await db.updateTable('assessment_plans').set({ min_coverage: 0.4 }).where('code', '=', 'officer_monthly').execute();
  const now = ctx.clock.now().getTime();
  const since = now - (opts.weeks ?? 5) * 7 * DAY;
  // the community officers: police responsible for a community, grid, police grid or zone (the officer subjects)
  const people = await sql<{ person_id: number }>`
    select p.id person_id from people p
     where p.active and p.role = 'police' and exists (select 1 from person_areas pa join areas a on a.id = pa.area_id
             where pa.person_id = p.id and pa.valid_to is null and a.kind in ('community','grid','resp_zone','police_grid'))
     order by p.id`.execute(db);
  if (people.rows.length === 0) return { assignments: 0, instances: 0 };
  const tree = ctx.areas.tree();
  const scopes = await personScopes(ctx, db, people.rows.map((p) => p.person_id));
  const leads = await sql<{ id: number; display_name: string; scope_area_id: number }>`
    select id, display_name, scope_area_id from users where role = 'station_lead' and scope_area_id is not null order by id`.execute(db);
  const leadOf = new Map(leads.rows.map((l) => [l.scope_area_id, l]));
  // issued by the lead of the officer's station, at the station's level (the station and its ancestors)
  const officers = people.rows.map(({ person_id }) => {
    const station = scopes.get(person_id)?.stationId ?? null;
    const lead = station === null ? undefined : leadOf.get(station);
    return { person_id, station_id: station, areaIds: station === null ? [] : [station, ...tree.ancestors(station).map((a) => a.id)], lead_id: lead?.id ?? null, lead_name: lead?.display_name ?? null };
  });
  const templates = await db.selectFrom('task_templates').select(['id', 'code']).where('code', 'in', WORK).orderBy('code').execute();
  const values = officers.flatMap((o) =>
    templates.map((t) => ({
      template_id: t.id,
      target_kind: 'person' as const,
      person_id: o.person_id,
      level: 'station' as const,
      issuer_area_id: o.station_id,
      area_ids: o.areaIds,
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
    })),
  );
  const ids: number[] = [];
  for (let i = 0; i < values.length; i += 500) {
    const r = await db.insertInto('task_assignments').values(values.slice(i, i + 500)).returning('id').execute();
    ids.push(...r.map((x) => x.id));
  }
  const instances = await generateInstances(ctx, { from: since, to: now + 2 * DAY, assignmentIds: ids });

  // the history: done on time, done late, or left undone with its cards; each officer with their own diligence
  const rng = createRng(opts.seed ?? 20260615);
  const diligence = new Map(officers.map((o) => [o.person_id, 0.7 + 0.27 * rng.fork(`diligence-${o.person_id}`).float()]));
  const policyOf = await policies(db);
  const past = await sql<{ id: string; person_id: number; due_at: string; period_start: string; target: number; category: string; name: string }>`
    select i.id::text id, i.person_id, i.due_at, i.period_start, i.target, t.category, p.name from task_instances i
      join task_templates t on t.id = i.template_id join people p on p.id = i.person_id
     where i.assignment_id = any(${sql.val(ids)}::int[]) order by i.id`.execute(db);
  const done: { id: string; done_at: string; late: boolean; amount: number; name: string }[] = [];
  const undone: { id: string; status: string; supervision: string | null }[] = [];
  const escalations: { instance_id: string; step: EscalationStep; at: string; due_at: string }[] = [];
  for (const r of past.rows) {
    const due = Date.parse(new Date(r.due_at).toISOString());
    const start = Date.parse(new Date(r.period_start).toISOString());
    const x = rng.float();
    const recent = due > now - 7 * DAY;
    const d = diligence.get(r.person_id) ?? 0.82;
    // earlier weeks: on time at the officer's rate, the rest mostly late, a few never done;
    // the last week: a little less on time, and more still undone (the backlog the ladder is chasing)
    const onTime = recent ? d - 0.08 : d;
    const undoneShare = recent ? 0.03 + 0.6 * (1 - d) : 0.15 * (1 - d);
    let doneAt: number | null = null;
    let late = false;
    if (due <= now) {
      if (x < onTime) doneAt = Math.min(now, start + (due - start) * (0.3 + 0.6 * rng.float()));
      else if (x < 1 - undoneShare) {
        doneAt = Math.min(now, due + (2 + 30 * rng.float()) * HOUR);
        late = doneAt > due;
      }
    } else if (start <= now && x < 0.35) {
      doneAt = start + (now - start) * rng.float();
    }
    if (doneAt !== null && doneAt > start) {
      done.push({ id: r.id, done_at: new Date(doneAt).toISOString(), late, amount: r.target, name: r.name });
      // a late one had its reminder at the due time
      if (late) escalations.push({ instance_id: r.id, step: 'reminder', at: new Date(due).toISOString(), due_at: new Date(due).toISOString() });
      continue;
    }
    if (due > now) continue;
    // undone: the ladder's steps at the times they fell due
    const st = { status: 'open' as const, dueAt: due, originalDueAt: due, target: r.target, progress: 0, doneAt: null, late: false, fired: [], extensions: [] };
    const { state, fired } = applyEscalations(st, policyOf(r.category), now);
    for (const f of fired) escalations.push({ instance_id: r.id, step: f.step as EscalationStep, at: new Date(f.at).toISOString(), due_at: new Date(due).toISOString() });
    undone.push({ id: r.id, status: state.status, supervision: supervisionLevel(state) });
  }
  for (let i = 0; i < done.length; i += 2000) {
    const chunk = done.slice(i, i + 2000);
    await sql`update task_instances i set status = 'done', progress = i.target, done_at = (e->>'done_at')::timestamptz, late = (e->>'late')::boolean
                from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) e where i.id = (e->>'id')::bigint`.execute(db);
    await db
      .insertInto('task_evidence')
      .values(chunk.map((c) => ({ instance_id: c.id, at: c.done_at, amount: c.amount, form: '{}', note: '演示数据', lon: null, lat: null, accuracy_m: null, by_user: null, by_name: c.name })))
      .execute();
  }
  for (let i = 0; i < undone.length; i += 2000) {
    await sql`update task_instances i set status = e->>'status', supervision = e->>'supervision'
                from jsonb_array_elements(${JSON.stringify(undone.slice(i, i + 2000))}::jsonb) e where i.id = (e->>'id')::bigint`.execute(db);
  }
  for (let i = 0; i < escalations.length; i += 2000) {
    await db.insertInto('task_escalations').values(escalations.slice(i, i + 2000)).onConflict((oc) => oc.doNothing()).execute();
  }
  // indicators and assessments of this month and the last
  await computeAll(ctx);
  const prev = monthOf(now - 28 * DAY, ctx.config.utcOffsetMinutes);
  if (prev !== monthOf(now, ctx.config.utcOffsetMinutes)) await computeAll(ctx, prev);
  return { assignments: ids.length, instances };
}
