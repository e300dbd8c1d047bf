// SQL of indicators and assessment: measures counted per subject and period (incidents, tasks, cards, info, fraud
// warnings, the members of patrol units; the patrol stops themselves are patrol's count, modules/patrol/tally.ts),
// the stored measures and values, assessment runs and results, and the daily rollup of time in the assigned zone. Counts come back as numbers (or numeric text: the caller converts).
import { sql, type Insertable, type Transaction } from 'kysely';
import type { SubjectLevel } from '@jingwang/core';
import type { Db } from '../../../db/client';
import type { AssessmentResultsTable, AssessmentRunsTable, DB, IndicatorMeasuresTable, IndicatorValuesTable } from '../../../db/schema';

type Q = Db | Transaction<DB>;

const AREA_COLUMN: Record<Exclude<SubjectLevel, 'officer'>, string> = { grid: 'grid_id', station: 'station_id', district: 'district_id' };
const YEAR_SHIFT = sql`interval '1 year'`;

/** The span counted: [from, until) now and a year before; `upTo` = what happened up to now included; `to` = month end. */
export interface Span {
  from: string;
  until: string;
  upTo: string;
  to: string;
}

/** The earliest incident's report time, or null. */
export async function earliestIncident(db: Q): Promise<string | Date | null> {
  const r = await sql<{ m: string | Date | null }>`select min(reported_at) m from incidents`.execute(db);
  return r.rows[0]?.m ?? null;
}

/** Incidents this period and the same dates a year before; arrivals, and arrivals on the 1/3/5 target. */
export async function incidentCounts(db: Q, level: SubjectLevel, ids: number[], s: Span) {
  const key = level === 'officer' ? sql.ref('officer_id') : sql.ref(AREA_COLUMN[level]);
  const r = await sql<{ k: number; incidents: number; last_year: number; arrivals: number; on_target: number }>`
    select ${key} k,
           count(*) filter (where reported_at >= ${s.from}::timestamptz) incidents,
           count(*) filter (where reported_at < ${s.from}::timestamptz) last_year,
           count(*) filter (where reported_at >= ${s.from}::timestamptz and dispatched_at is not null and on_scene_at is not null) arrivals,
           count(*) filter (where reported_at >= ${s.from}::timestamptz and dispatched_at is not null and on_scene_at is not null
                              and extract(epoch from on_scene_at - dispatched_at) <= coalesce(target_s, 300)) on_target
      from incidents
     where ${key} = any(${sql.val(ids)}::int[]) and status <> 'cancelled'
       and ((reported_at >= ${s.from}::timestamptz and reported_at < ${s.until}::timestamptz)
         or (reported_at >= ${s.from}::timestamptz - ${YEAR_SHIFT} and reported_at < ${s.until}::timestamptz - ${YEAR_SHIFT}))
     group by 1`.execute(db);
  return r.rows;
}

/** Join of task instances to the subjects: officers by person, areas by the instance's areas. */
const subjectJoin = (level: SubjectLevel, ids: number[]) =>
  level === 'officer' ? sql`join unnest(${sql.val(ids)}::int[]) s(id) on s.id = i.person_id` : sql`join unnest(${sql.val(ids)}::int[]) s(id) on s.id = any(i.area_ids)`;

/**
 * Tasks of the month of their (extended) due time, counted once due or as soon as done (done early, before a due time
 * still ahead: done on time, in both the numerator and the denominator); cancelled left out.
 */
export async function taskCounts(db: Q, level: SubjectLevel, ids: number[], s: Span) {
  const r = await sql<{ k: number; due: number; on_time: number; info_target: number }>`
    select s.id k, count(*) due, count(*) filter (where i.status = 'done' and i.done_at <= i.due_at) on_time,
           coalesce(sum(i.target) filter (where t.feeds = 'info'), 0) info_target
      from task_instances i ${subjectJoin(level, ids)} join task_templates t on t.id = i.template_id
     where i.due_at >= ${s.from}::timestamptz and i.due_at < ${s.to}::timestamptz and i.status <> 'cancelled'
       and (i.due_at < ${s.until}::timestamptz or (i.status = 'done' and i.done_at < ${s.upTo}::timestamptz))
     group by 1`.execute(db);
  return r.rows;
}

/** Yellow and red cards fired in the period. */
export async function cardCounts(db: Q, level: SubjectLevel, ids: number[], s: Span) {
  const r = await sql<{ k: number; yellow: number; red: number }>`
    select s.id k, count(*) filter (where e.step = 'yellow') yellow, count(*) filter (where e.step = 'red') red
      from task_escalations e join task_instances i on i.id = e.instance_id ${subjectJoin(level, ids)}
     where e.step in ('yellow','red') and e.at >= ${s.from}::timestamptz and e.at < ${s.until}::timestamptz
     group by 1`.execute(db);
  return r.rows;
}

/** Progress reported in the period on templates feeding info. */
export async function infoCollected(db: Q, level: SubjectLevel, ids: number[], s: Span) {
  const r = await sql<{ k: number; n: number }>`
    select s.id k, sum(ev.amount) n
      from task_evidence ev join task_instances i on i.id = ev.instance_id join task_templates t on t.id = i.template_id ${subjectJoin(level, ids)}
     where t.feeds = 'info' and ev.at >= ${s.from}::timestamptz and ev.at < ${s.upTo}::timestamptz
     group by 1`.execute(db);
  return r.rows;
}

/**
 * Anti-fraud warnings routed to the subject that were due or handled in the period (deadline passed, or an outcome
 * recorded, in [from, until)), and of those the dissuaded: a dissuasion counts as soon as it is recorded, not only
 * after its deadline has passed.
 */
export async function fraudCounts(db: Q, level: SubjectLevel, ids: number[], s: Span) {
  const idsV = sql.val(ids);
  const fkey = level === 'officer' ? sql`join unnest(${idsV}::int[]) s(id) on s.id = w.officer_id` : sql`join unnest(${idsV}::int[]) s(id) on s.id = any(w.area_ids)`;
  const r = await sql<{ k: number; n: number; d: number }>`
    select s.id k, count(*) n, count(*) filter (where w.outcome = 'dissuaded') d
      from fraud_warnings w ${fkey}
     where w.status <> 'rejected'
       and ((w.deadline_at >= ${s.from}::timestamptz and w.deadline_at < ${s.until}::timestamptz)
         or (w.outcome_at >= ${s.from}::timestamptz and w.outcome_at < ${s.upTo}::timestamptz))
     group by 1`.execute(db);
  return r.rows;
}

/** The people who are members of these units now, by unit (patrol stops count for the members of the route's unit). */
export async function unitMembersOf(db: Q, unitIds: number[], personIds: number[]) {
  if (unitIds.length === 0 || personIds.length === 0) return [];
  const r = await sql<{ unit_id: number; person_id: number }>`
    select m.unit_id, m.person_id from unit_members m
     where m.unit_id = any(${sql.val(unitIds)}::int[]) and m.person_id = any(${sql.val(personIds)}::int[])`.execute(db);
  return r.rows;
}

/** Officers' duty and zone minutes over local days d0..d1, and the days with at least 4 hours in the zone. */
export async function zonePresence(db: Q, ids: number[], d0: string, d1: string) {
  const r = await sql<{ k: number; duty: number; zone: number; days: number }>`
    select person_id k, sum(duty_minutes) duty, sum(zone_minutes) zone, count(*) filter (where zone_minutes >= 240) days
      from zone_presence_daily where person_id = any(${sql.val(ids)}::int[]) and day >= ${d0}::date and day <= ${d1}::date group by 1`.execute(db);
  return r.rows;
}

// ---------------------------------------------------------------- stored measures and values

export async function storeIndicators(db: Q, level: SubjectLevel, period: string, ids: number[], measures: Insertable<IndicatorMeasuresTable>[], values: Insertable<IndicatorValuesTable>[]): Promise<void> {
  for (let i = 0; i < measures.length; i += 500) {
    await db
      .insertInto('indicator_measures')
      .values(measures.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['level', 'subject_id', 'period']).doUpdateSet((eb) => ({ period_start: eb.ref('excluded.period_start'), period_end: eb.ref('excluded.period_end'), measures: eb.ref('excluded.measures'), computed_at: eb.ref('excluded.computed_at') })))
      .execute();
  }
  if (ids.length) await db.deleteFrom('indicator_values').where('level', '=', level).where('period', '=', period).where('subject_id', 'in', ids).execute();
  for (let i = 0; i < values.length; i += 1000) await db.insertInto('indicator_values').values(values.slice(i, i + 1000)).execute();
}

export async function storedMeasures(db: Q, level: SubjectLevel, subjectId: number, period: string) {
  return db.selectFrom('indicator_measures').selectAll().where('level', '=', level).where('subject_id', '=', subjectId).where('period', '=', period).executeTakeFirst();
}

export async function storedMeasuresOfLevel(db: Q, level: SubjectLevel, period: string) {
  return db.selectFrom('indicator_measures').select(['subject_id', 'measures']).where('level', '=', level).where('period', '=', period).execute();
}

/** Stored values of one subject, newest period first. */
export async function valueHistory(db: Q, level: SubjectLevel, subjectId: number, limit: number) {
  return db.selectFrom('indicator_values').select(['period', 'code', 'value']).where('level', '=', level).where('subject_id', '=', subjectId).orderBy('period', 'desc').limit(limit).execute();
}

// ---------------------------------------------------------------- assessment

export async function storeAssessment(db: Q, run: Insertable<AssessmentRunsTable>, results: Insertable<AssessmentResultsTable>[]): Promise<void> {
  await db.deleteFrom('assessment_runs').where('plan_code', '=', run.plan_code).where('period', '=', run.period).execute();
  await db.insertInto('assessment_runs').values(run).execute();
  for (let i = 0; i < results.length; i += 500) await db.insertInto('assessment_results').values(results.slice(i, i + 500)).execute();
}

export async function assessmentRun(db: Q, planCode: string, period: string) {
  return db.selectFrom('assessment_runs').selectAll().where('plan_code', '=', planCode).where('period', '=', period).executeTakeFirst();
}

export async function assessmentResults(db: Q, planCode: string, period: string) {
  return db.selectFrom('assessment_results').selectAll().where('plan_code', '=', planCode).where('period', '=', period).orderBy(sql`rank nulls last`).orderBy('subject_id').execute();
}

export async function assessmentRanks(db: Q, planCode: string, period: string) {
  return db.selectFrom('assessment_results').select(['subject_id', 'total', 'rank']).where('plan_code', '=', planCode).where('period', '=', period).execute();
}

// ---------------------------------------------------------------- time in the assigned zone

/**
 * Per person with live areas, over [from, to). A person with duties on the roster in that span (`rostered`): duty =
 * the rostered minutes (overlapping duties once), zone = those of them in which the unit they are on (the duty's
 * unit, or a unit they are a member of) reported a position inside their areas. Anyone else, with a unit: duty = the
 * minutes with a position of the unit (a proxy: no roster says when they worked), zone = those of them inside.
 */
export async function zoneMinutes(db: Q, from: string, to: string): Promise<{ person_id: number; duty: number; zone: number; rostered: boolean }[]> {
  const r = await sql<{ person_id: number; duty: number; zone: number; rostered: boolean }>`
    with zoned as (select distinct person_id from person_areas where valid_to is null),
    duties as (
      select s.person_id, s.unit_id, date_trunc('minute', greatest(s.starts_at, ${from}::timestamptz)) a, date_trunc('minute', least(s.ends_at, ${to}::timestamptz)) b
        from duty_shifts s where s.person_id in (select person_id from zoned)
         and s.starts_at < ${to}::timestamptz and s.ends_at > ${from}::timestamptz),
    leave as (
      select person_id, starts_at, ends_at from person_leaves
       where cancelled_at is null and starts_at < ${to}::timestamptz and ends_at > ${from}::timestamptz),
    -- a minute of a duty spent on leave (请假) is not duty time
    duty_min as (
      select d.person_id, count(distinct m) filter (where not exists (select 1 from leave l where l.person_id = d.person_id and l.starts_at <= m and l.ends_at > m))::int n
        from duties d cross join lateral generate_series(d.a, d.b - interval '1 minute', interval '1 minute') m group by 1),
    mine as (
      select m.person_id, m.unit_id from unit_members m where m.person_id in (select person_id from zoned)
      union
      select person_id, unit_id from duties where unit_id is not null),
    minutes as (
      select distinct on (p.unit_id, date_trunc('minute', p.at)) p.unit_id, date_trunc('minute', p.at) t, p.lon, p.lat
        from unit_positions p where p.unit_id in (select unit_id from mine)
         and p.at >= ${from}::timestamptz and p.at < ${to}::timestamptz
       order by p.unit_id, date_trunc('minute', p.at), p.at),
    per as (
      select mi.person_id, x.t,
             bool_or(exists (select 1 from person_areas pa join areas a on a.id = pa.area_id
                              where pa.person_id = mi.person_id and pa.valid_to is null
                                and st_covers(a.geom, st_setsrid(st_point(x.lon, x.lat), 4326)))) inside
        from minutes x join mine mi on mi.unit_id = x.unit_id
       -- a rostered person's minutes count only inside their duties
       where not exists (select 1 from duty_min dm where dm.person_id = mi.person_id)
          or (exists (select 1 from duties d where d.person_id = mi.person_id and x.t >= d.a and x.t < d.b)
              and not exists (select 1 from leave l where l.person_id = mi.person_id and l.starts_at <= x.t and l.ends_at > x.t))
       group by 1, 2),
    tally as (select person_id, count(*)::int duty, count(*) filter (where inside)::int zone from per group by 1)
    select coalesce(dm.person_id, t.person_id) person_id, coalesce(dm.n, t.duty) duty, coalesce(t.zone, 0) zone, dm.person_id is not null rostered
      from tally t full join duty_min dm on dm.person_id = t.person_id`.execute(db);
  return r.rows;
}

export async function storeZonePresence(db: Q, rows: { person_id: number; day: string; duty_minutes: number; zone_minutes: number; computed_at: string; source: 'positions' | 'roster' }[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('zone_presence_daily')
    .values(rows)
    .onConflict((oc) => oc.columns(['person_id', 'day']).doUpdateSet((eb) => ({ duty_minutes: eb.ref('excluded.duty_minutes'), zone_minutes: eb.ref('excluded.zone_minutes'), computed_at: eb.ref('excluded.computed_at'), source: eb.ref('excluded.source') })))
    .execute();
}
