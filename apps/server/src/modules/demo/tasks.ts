// Demo tasks: the 83-item catalogue, indicator definitions and plans; daily and weekly work issued by the station
// leads to every community officer of the demo (the A-post officers of the communities and the B-post officers of
// the zones, in all three stations; officer1..3 are three of them) five weeks ago, with a history drawn
// deterministically per officer: each has their own diligence (on-time share 70-97 %), most occurrences done on
// time, some late, a few left undone, and in the last week more left undone, with the cards the ladder gives them by
// now (reminder, yellow, red). Then this month's and last month's indicators and assessments are computed, so the
// three screens and the assessment show realistic data on the first start. No notifications are sent for the
// history. The history is written in a few set-based statements (the embedded database is slow per statement).
import { applyEscalations, createRng, supervisionLevel, type EscalationStep } from '@jingwang/core';
import type { Ctx } from '../../context';
import { ensureDefaults, storePlan, storedPlans as listPlansOf } from '../tasks/catalogue';
import { computeAll } from '../tasks/indicators';
import { generateInstances, monthOf, personScopes, policies } from '../tasks/service';
import * as repo from './repo/tasks';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The demo's plans: the indicators with data in the demo, weights adding up to 100. */
export const DEMO_PLAN_ITEMS = [
  { indicator: 'task_completion', weight: 30 },
  { indicator: 'supervision_rate', weight: 10 },
  { indicator: 'info_collection', weight: 20 },
  { indicator: 'response_135', weight: 20 },
  { indicator: 'fraud_dissuasion', weight: 20 },
];
const DEMO_PLAN_STARS = [
  { star: 'service' as const, indicators: ['response_135', 'info_collection'], minScore: 90 },
  { star: 'prevention' as const, indicators: ['fraud_dissuasion'], minScore: 90 },
];
/** What each demo officer is given (codes of the catalogue). */
const WORK = ['SQ01', 'SQ04', 'SQ12', 'SQ15', 'SQ10', 'JC01', 'AF02', 'MD01', 'SQ06', 'FW03'];

export async function seedTasksDemo(ctx: Ctx, opts: { weeks?: number; seed?: number } = {}): Promise<{ assignments: number; instances: number }> {
  await ensureDefaults(ctx, { templates: true });
  const db = ctx.db;
  // The demo's plans weight only indicators the demo has data for (issue 18): tasks, arrivals and anti-fraud
  // warnings. Left out: cases, disputes and follow-ups (未接入: the modules do not exist), the year on year (the demo
  // has one year of history), the time in the zone (no recorded position track) and patrol coverage (no ended
  // patrol plan on the first start). Saved through the same validation as an administrator's edit (weights add up
  // to 100).
  for (const code of ['officer_monthly', 'station_monthly', 'district_monthly']) {
    const cur = (await listPlansOf(db)).find((x) => x.code === code);
    if (cur) await storePlan(ctx, code, { items: DEMO_PLAN_ITEMS, stars: DEMO_PLAN_STARS, minCoverage: 0.5, version: cur.version });
  }
  const now = ctx.clock.now().getTime();
  const since = now - (opts.weeks ?? 5) * 7 * DAY;
  // the community officers: police responsible for a community, grid, police grid or zone (the officer subjects)
  const people = await repo.communityOfficers(db);
  if (people.length === 0) return { assignments: 0, instances: 0 };
  const tree = ctx.areas.tree();
  const scopes = await personScopes(ctx, db, people);
  const leads = await repo.stationLeads(db);
  const leadOf = new Map(leads.map((l) => [l.scope_area_id, l]));
  // issued by the lead of the officer's station, at the station's level (the station and its ancestors)
  const officers = people.map((person_id) => {
    const station = scopes.get(person_id)?.stationId ?? null;
    const lead = station === null ? undefined : leadOf.get(station);
    return { person_id, station_id: station, areaIds: station === null ? [] : [station, ...tree.ancestors(station).map((a) => a.id)], lead_id: lead?.id ?? null, lead_name: lead?.display_name ?? null };
  });
  const templates = await repo.templatesByCode(db, WORK);
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
  const ids = await repo.insertAssignments(db, values);
  const instances = await generateInstances(ctx, { from: since, to: now + 2 * DAY, assignmentIds: ids });

  // the history: done on time, done late, or left undone with its cards; each officer with their own diligence
  const rng = createRng(opts.seed ?? 20260615);
  const diligence = new Map(officers.map((o) => [o.person_id, 0.7 + 0.27 * rng.fork(`diligence-${o.person_id}`).float()]));
  const policyOf = await policies(db);
  const past = await repo.instancesOfAssignments(db, ids);
  const done: { id: string; done_at: string; late: boolean; amount: number; name: string }[] = [];
  const undone: { id: string; status: string; supervision: string | null }[] = [];
  const escalations: { instance_id: string; step: EscalationStep; at: string; due_at: string }[] = [];
  for (const r of past) {
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
  await repo.writeDone(db, done);
  await repo.writeUndone(db, undone);
  await repo.writeEscalations(db, escalations);
  // indicators and assessments of this month and the last
  await computeAll(ctx);
  const prev = monthOf(now - 28 * DAY, ctx.config.utcOffsetMinutes);
  if (prev !== monthOf(now, ctx.config.utcOffsetMinutes)) await computeAll(ctx, prev);
  return { assignments: ids.length, instances };
}
