// Indicators (指标) and assessment (考核). Measures are counted in SQL per subject and period (a local month; the
// month in progress up to now, and the same dates a year earlier for year-on-year); the formulas, scores, ranks and
// stars are core's (computeIndicator, indicatorScore, assess). Measures whose source module is not connected
// (disputes, follow-ups) are null, so their indicators are NOT AVAILABLE, never zero; so is a ratio without data
// (e.g. no task due: task completion is not available rather than 0 % or 100 %). Case measures are counted by
// modules/cases and read through ctx.measures (a provider registered in bootstrap.ts; sources.ts).
//
// Subjects: officer = people.id (police with a responsibility area, or anyone with tasks); grid, station, district =
// areas.id (live areas of that kind). What is counted for whom:
//   incidents, arrivals    officer: incidents whose responsible officer (set at report time) is the person;
//                          areas: incidents located in the area (grid_id / station_id / district_id at report time)
//   patrol points          published plans whose shift ended in the period: their routes' mandatory stops, visited
//                          by patrol's rule (modules/patrol/tally.ts: a verified check-in, inside the stop's time
//                          window when it has one; 窗口外 and unverified ones do not count), the daily report's count;
//                          officer: routes of units the person is a member of now; station / district: plans of
//                          areas inside them; grid: not available (plans are made per station)
//   tasks                  occurrences due in the period (cancelled left out), counted once due or, if done before
//                          their due time, as soon as done; on time = done by the due time (as extended); cards fired
//                          in the period; info = progress on templates feeding info
//   incidents_last_year    null (not available) when the period a year back starts before the data does (the local
//                          day of the earliest incident stored)
//   fraud                  accepted warnings due (deadline passed) or handled (outcome recorded) in the period;
//                          dissuaded = outcome dissuaded
//   positions              officer only, from zone_presence_daily (see rollupZonePresence)
import {
  assess,
  allNotConnected,
  computeIndicator,
  indicatorScore,
  localDate,
  localMidnight,
  measuresOfSources,
  monthRange,
  type AssessmentPlan,
  type IndicatorDef,
  type Measures,
  type SubjectLevel,
} from '@jingwang/core';
import type { Assessment, IndicatorDefT, IndicatorValue, SubjectIndicators } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso, json } from '../../lib/format';
import { authorize, inScope, type Actor } from '../auth/policy';
import { areaRef, monthOf, personOf, personScopes } from './common';
import { assessmentPlans, indicatorDefs, toCoreDef } from './catalogue';
import * as repo from './repo/indicators';
import { routeTallies } from '../patrol/tally';
import { decisionsOf } from './stars';
import { officerSubjects, personName } from './repo/people';

const DAY = 86_400_000;
/** Measures of modules not built yet: always null (not available). Cases come from modules/cases (issue 17). */
export const ABSENT_MEASURES = measuresOfSources(['disputes', 'followups']);
/** Measures other modules count, through the providers registered at start (ctx.measures, see sources.ts): null until one answers. */
const PROVIDED_MEASURES = measuresOfSources(['cases']);

export interface Period {
  key: string;
  from: number;
  to: number;
  /** min(to, now): the end of what can be counted. */
  until: number;
}

export function periodOf(ctx: Ctx, key?: string): Period {
  const off = ctx.config.utcOffsetMinutes;
  const now = ctx.clock.now().getTime();
  const k = key ?? monthOf(now, off);
  let r: { from: number; to: number };
  try {
    r = monthRange(k, off);
  } catch {
    throw validationError([{ field: '/period', message: 'is not a month YYYY-MM' }]);
  }
  if (r.from > now) throw validationError([{ field: '/period', message: 'is in the future' }]);
  return { key: k, from: r.from, to: r.to, until: Math.min(r.to, now) };
}

const t = (x: number) => new Date(x).toISOString();

// ---------------------------------------------------------------- year on year

/** The start of the local day of the earliest incident stored (null: none), when the data begins. */
export async function incidentsBegin(ctx: Ctx): Promise<number | null> {
  const m = await repo.earliestIncident(ctx.db);
  if (m === null) return null;
  const off = ctx.config.utcOffsetMinutes;
  return localMidnight(localDate(new Date(m).getTime(), off), off);
}

/** The same instant a year earlier (calendar year, as SQL's interval '1 year' in UTC). */
export function yearBefore(x: number): number {
  const d = new Date(x);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.getTime();
}

/**
 * Whether the data covers the period a year before one starting at `from`: its start is on or after the local day
 * of the earliest incident. A year back lying (even partly) before the data begins has no comparable count, so
 * year-on-year figures are not available (null) rather than 0 (or a partial count).
 */
export async function lastYearCovered(ctx: Ctx, from: number, begin?: number | null): Promise<boolean> {
  const b = begin === undefined ? await incidentsBegin(ctx) : begin;
  return b !== null && yearBefore(from) >= b;
}

// ---------------------------------------------------------------- measures

/** Measures of several subjects of one level for one period. */
export async function measuresFor(ctx: Ctx, level: SubjectLevel, ids: number[], p: Period): Promise<Map<number, Record<string, number | null>>> {
  const out = new Map<number, Record<string, number | null>>();
  for (const id of ids) {
    const m: Record<string, number | null> = {
      incidents: 0,
      incidents_last_year: 0,
      arrivals: 0,
      arrivals_on_target: 0,
      tasks_due: 0,
      tasks_done_on_time: 0,
      yellow_cards: 0,
      red_cards: 0,
      info_collected: 0,
      info_target: 0,
      fraud_warnings: 0,
      fraud_dissuaded: 0,
      patrol_points_planned: level === 'grid' ? null : 0,
      patrol_points_visited: level === 'grid' ? null : 0,
      duty_minutes: null,
      zone_minutes: null,
      zone_days: null,
      weeks: null,
    };
    for (const a of [...ABSENT_MEASURES, ...PROVIDED_MEASURES]) m[a] = null;
    out.set(id, m);
  }
  if (ids.length === 0) return out;
  // what happened up to now included (a completion at this very instant counts); a closed month ends before `to`
  const span: repo.Span = { from: t(p.from), until: t(p.until), upTo: t(p.until < p.to ? p.until + 1 : p.to), to: t(p.to) };
  const set = (id: number, k: string, v: number | null) => {
    const m = out.get(id);
    if (m) m[k] = v;
  };

  // incidents this period and the same dates a year before; arrivals on the 1/3/5 target
  for (const r of await repo.incidentCounts(ctx.db, level, ids, span)) {
    set(r.k, 'incidents', Number(r.incidents));
    set(r.k, 'incidents_last_year', Number(r.last_year));
    set(r.k, 'arrivals', Number(r.arrivals));
    set(r.k, 'arrivals_on_target', Number(r.on_target));
  }
  // a year back before the data begins: not available (null), not a real zero
  if (!(await lastYearCovered(ctx, p.from))) for (const id of ids) set(id, 'incidents_last_year', null);

  // tasks: a task belongs to the month of its (extended) due time and counts once it is due, or as soon as it is done
  for (const r of await repo.taskCounts(ctx.db, level, ids, span)) {
    set(r.k, 'tasks_due', Number(r.due));
    set(r.k, 'tasks_done_on_time', Number(r.on_time));
    set(r.k, 'info_target', Number(r.info_target));
  }
  for (const r of await repo.cardCounts(ctx.db, level, ids, span)) {
    set(r.k, 'yellow_cards', Number(r.yellow));
    set(r.k, 'red_cards', Number(r.red));
  }
  for (const r of await repo.infoCollected(ctx.db, level, ids, span)) set(r.k, 'info_collected', Number(r.n));

  // anti-fraud warnings
  for (const r of await repo.fraudCounts(ctx.db, level, ids, span)) {
    set(r.k, 'fraud_warnings', Number(r.n));
    set(r.k, 'fraud_dissuaded', Number(r.d));
  }

  // cases (issue 17): filed, filed a year before (null without a like base), solved, steps due and left on time
  // (counted by modules/cases, registered at start as a measure provider)
  await ctx.measures.collect(ctx, level, ids, p, set);

  // patrol: mandatory stops of routes in published plans whose shift ended in the period, planned and visited by
  // patrol's own rule (routeTallies: the count of patrol's daily report and the 分析研判 reports)
  if (level !== 'grid') {
    const tallies = await routeTallies(ctx, { shiftEndAfter: span.from, shiftEndUpTo: span.until });
    const add = (id: number, x: { planned: number; visited: number }) => {
      const m = out.get(id)!;
      m.patrol_points_planned = (m.patrol_points_planned ?? 0) + x.planned;
      m.patrol_points_visited = (m.patrol_points_visited ?? 0) + x.visited;
    };
    if (level === 'officer') {
      const members = new Map<number, number[]>();
      for (const x of await repo.unitMembersOf(ctx.db, [...new Set(tallies.map((x) => x.unitId))], ids)) members.set(x.unit_id, [...(members.get(x.unit_id) ?? []), x.person_id]);
      for (const x of tallies) for (const id of members.get(x.unitId) ?? []) add(id, x);
    } else {
      const tree = ctx.areas.tree();
      for (const x of tallies) for (const id of ids) if (tree.within(x.areaId, id)) add(id, x);
    }
  }

  // time in the assigned zone (officers): the daily rollup; no rollup rows = not available
  if (level === 'officer') {
    const off = ctx.config.utcOffsetMinutes;
    const weeks = Math.max(1, Math.round((p.until - p.from) / DAY)) / 7;
    for (const r of await repo.zonePresence(ctx.db, ids, localDate(p.from, off), localDate(p.until - 1, off))) {
      set(r.k, 'duty_minutes', Number(r.duty));
      set(r.k, 'zone_minutes', Number(r.zone));
      set(r.k, 'zone_days', Number(r.days));
      set(r.k, 'weeks', weeks);
    }
  }
  return out;
}

// ---------------------------------------------------------------- subjects

export async function subjectsOf(ctx: Ctx, level: SubjectLevel): Promise<{ id: number; name: string }[]> {
  if (level !== 'officer') {
    return ctx.areas
      .tree()
      .all()
      .filter((a) => a.kind === level && a.validTo === null)
      .sort((a, b) => a.id - b.id)
      .map((a) => ({ id: a.id, name: a.name }));
  }
  return officerSubjects(ctx.db);
}

// ---------------------------------------------------------------- compute and store

function applicable(defs: IndicatorDef[], level: SubjectLevel): IndicatorDef[] {
  return defs.filter((d) => !d.levels || d.levels.includes(level));
}

/** Why an indicator is not available; 'not_connected' (未接入) when all it misses comes from a module not there yet. */
function reasonOf(v: ReturnType<typeof computeIndicator>): string | null {
  if (v.available) return null;
  return v.reason === 'measure_unavailable' && allNotConnected(v.measures) ? 'not_connected' : v.reason;
}

function valueOut(d: IndicatorDefT, v: ReturnType<typeof computeIndicator>): IndicatorValue {
  let score: number | null = null;
  if (v.available && (d.zeroAt != null || d.target > 0)) score = Math.round(indicatorScore(toCoreDef(d), v.value) * 100) / 100;
  return {
    code: d.code,
    name: d.name,
    unit: d.unit,
    better: d.better,
    target: d.target,
    value: v.available ? Math.round(v.value * 1000) / 1000 : null,
    available: v.available,
    reason: reasonOf(v),
    missing: v.available ? [] : v.measures,
    score,
  };
}

/** Computes and stores the indicators of the given subjects (all of the level when absent) for a period. */
export async function computeIndicators(ctx: Ctx, level: SubjectLevel, p: Period, subjectIds?: number[]): Promise<{ subjects: number; values: number }> {
  const defsT = (await indicatorDefs(ctx.db)).filter((d) => !d.levels || d.levels.includes(level));
  const defs = applicable(defsT.map(toCoreDef), level);
  const ids = subjectIds ?? (await subjectsOf(ctx, level)).map((s) => s.id);
  const measures = await measuresFor(ctx, level, ids, p);
  const now = ctx.clock.now().toISOString();
  const mRows = ids.map((id) => ({ level, subject_id: id, period: p.key, period_start: t(p.from), period_end: t(p.until), measures: JSON.stringify(measures.get(id)), computed_at: now }));
  const vRows = ids.flatMap((id) =>
    defs.map((d) => {
      const v = computeIndicator(d, measures.get(id) as Measures);
      return {
        level,
        subject_id: id,
        period: p.key,
        code: d.code,
        value: v.available ? v.value : null,
        available: v.available,
        reason: reasonOf(v),
        missing: v.available ? [] : v.measures,
        computed_at: now,
      };
    }),
  );
  await ctx.db.transaction().execute((tx) => repo.storeIndicators(tx, level, p.key, ids, mRows, vRows));
  return { subjects: ids.length, values: vRows.length };
}

/**
 * Recomputes this month's stored indicators of one person (officer level) and of the grids, stations and districts
 * among `areaIds`, after a record they count changed (e.g. a fraud outcome): their 劝阻率 shows the outcome at once.
 * Only subjects already computed this month are refreshed (the rest are computed when first read).
 */
export async function refreshIndicatorsOf(ctx: Ctx, s: { personId: number | null; areaIds: readonly number[] }): Promise<void> {
  const p = periodOf(ctx);
  const tree = ctx.areas.tree();
  const subjects: [SubjectLevel, number][] = [];
  if (s.personId !== null) subjects.push(['officer', s.personId]);
  for (const id of s.areaIds) {
    const kind = tree.get(id)?.kind;
    if (kind === 'grid' || kind === 'station' || kind === 'district') subjects.push([kind, id]);
  }
  for (const [level, id] of subjects) if (await repo.storedMeasures(ctx.db, level, id, p.key)) await computeIndicators(ctx, level, p, [id]);
}

/** Everything for a period: indicators at every level, then every active assessment plan. */
export async function computeAll(ctx: Ctx, periodKey?: string, levels: SubjectLevel[] = ['officer', 'grid', 'station', 'district']): Promise<{ period: string; subjects: number; values: number; ms: number }> {
  const t0 = Date.now();
  const p = periodOf(ctx, periodKey);
  let subjects = 0;
  let values = 0;
  for (const level of levels) {
    const r = await computeIndicators(ctx, level, p);
    subjects += r.subjects;
    values += r.values;
  }
  for (const plan of await assessmentPlans(ctx.db)) if (levels.includes(plan.level)) await runAssessment(ctx, plan, p);
  return { period: p.key, subjects, values, ms: Date.now() - t0 };
}

/** POST /api/indicators/compute: admins and leaders recompute a month (every level, or the ones named). */
export async function recompute(ctx: Ctx, actor: Actor, b: { period?: string; levels?: SubjectLevel[] }): Promise<{ period: string; subjects: number; values: number; ms: number }> {
  authorize(actor, 'indicators.compute');
  return computeAll(ctx, b.period, b.levels);
}

/** Reads stored indicators of one subject (computing them when missing or `fresh`). */
export async function subjectIndicators(ctx: Ctx, level: SubjectLevel, subject: { id: number; name: string }, p: Period, fresh = false): Promise<SubjectIndicators> {
  let m = await repo.storedMeasures(ctx.db, level, subject.id, p.key);
  if (!m || fresh) {
    await computeIndicators(ctx, level, p, [subject.id]);
    m = await repo.storedMeasures(ctx.db, level, subject.id, p.key);
    if (!m) throw new Error(`indicators of ${level} ${subject.id} for ${p.key} were not stored`);
  }
  const defs = (await indicatorDefs(ctx.db)).filter((d) => !d.levels || d.levels.includes(level));
  const measures = json<Record<string, number | null>>(m.measures);
  return {
    level,
    subject,
    period: p.key,
    periodStart: iso(m.period_start),
    periodEnd: iso(m.period_end),
    computedAt: iso(m.computed_at),
    measures,
    values: defs.map((d) => valueOut(d, computeIndicator(toCoreDef(d), measures as Measures))),
  };
}

async function subjectName(ctx: Ctx, level: SubjectLevel, id: number): Promise<string> {
  if (level === 'officer') {
    const name = await personName(ctx.db, id);
    if (name === null) throw new AppError('NOT_FOUND', 'Person not found', { field: '/subjectId' });
    return name;
  }
  const a = ctx.areas.tree().get(id);
  if (!a || a.kind !== level) throw new AppError('AREA_NOT_FOUND', `No ${level} with this id`, { field: '/subjectId' });
  return a.name;
}

/** GET /api/indicators: officers may read only their own; leaders the people and areas in scope. */
export async function getIndicators(ctx: Ctx, actor: Actor, q: { level: SubjectLevel; subjectId: number; period?: string; fresh?: boolean }): Promise<SubjectIndicators> {
  authorize(actor, 'indicators.read');
  const tree = ctx.areas.tree();
  const name = await subjectName(ctx, q.level, q.subjectId);
  const me = q.level === 'officer' ? await personOf(ctx, actor) : null;
  // anyone may refresh their OWN indicators (one subject, milliseconds); others' only with indicators.compute
  if (q.fresh && !(q.level === 'officer' && me === q.subjectId)) authorize(actor, 'indicators.compute');
  if (q.level === 'officer') {
    if (me !== q.subjectId) {
      if (actor.role === 'officer' || actor.role === 'dispatcher') throw new AppError('FORBIDDEN', 'Officers see their own indicators only');
      const s = (await personScopes(ctx, ctx.db, [q.subjectId])).get(q.subjectId);
      if (!s || !inScope(actor, tree, s.areaIds)) throw new AppError('OUT_OF_SCOPE');
    }
  } else if (!inScope(actor, tree, [q.subjectId])) {
    throw new AppError('OUT_OF_SCOPE');
  } else if ((actor.role === 'officer' || actor.role === 'dispatcher') && q.level !== 'grid' && actor.scopeAreaId !== null && !tree.within(q.subjectId, actor.scopeAreaId)) {
    throw new AppError('OUT_OF_SCOPE');
  }
  return subjectIndicators(ctx, q.level, { id: q.subjectId, name }, periodOf(ctx, q.period), q.fresh ?? false);
}

// ---------------------------------------------------------------- assessment

export async function runAssessment(ctx: Ctx, plan: AssessmentPlan, p: Period): Promise<void> {
  const defs = (await indicatorDefs(ctx.db)).map(toCoreDef);
  const have = new Set(defs.map((d) => d.code));
  // a plan naming an indicator since removed is scored without it
  const usable: AssessmentPlan = { ...plan, items: plan.items.filter((i) => have.has(i.indicator)), stars: plan.stars.map((s) => ({ ...s, indicators: s.indicators.filter((c) => have.has(c)) })) };
  let rows = await repo.storedMeasuresOfLevel(ctx.db, plan.level, p.key);
  if (rows.length === 0) {
    await computeIndicators(ctx, plan.level, p);
    rows = await repo.storedMeasuresOfLevel(ctx.db, plan.level, p.key);
  }
  const subjects = new Set((await subjectsOf(ctx, plan.level)).map((s) => s.id));
  const result = assess(
    usable,
    defs,
    rows.filter((r) => subjects.has(r.subject_id)).map((r) => ({ subjectId: r.subject_id, measures: json<Measures>(r.measures) })),
  );
  const now = ctx.clock.now().toISOString();
  const run = { plan_code: plan.code, period: p.key, computed_at: now, stars: JSON.stringify(result.stars), subjects: result.subjects.length };
  const results = result.subjects.map((s) => ({
    plan_code: plan.code,
    period: p.key,
    subject_id: Number(s.subjectId),
    total: s.total,
    rank: s.rank,
    coverage: s.coverage,
    note: s.note,
    items: JSON.stringify(s.items.map((it) => ({ indicator: it.indicator, value: it.value === null ? null : Math.round(it.value * 1000) / 1000, score: it.score, weight: it.weight, effectiveWeight: Math.round(it.effectiveWeight * 10000) / 10000, available: it.available }))),
    excluded: s.excluded,
  }));
  await ctx.db.transaction().execute((tx) => repo.storeAssessment(tx, run, results));
}

export async function getAssessment(ctx: Ctx, actor: Actor, q: { plan?: string; period?: string; fresh?: boolean }): Promise<Assessment> {
  authorize(actor, 'assessment.read');
  if (q.fresh) authorize(actor, 'indicators.compute');
  const code = q.plan ?? 'officer_monthly';
  const plan = (await assessmentPlans(ctx.db)).find((x) => x.code === code);
  if (!plan) throw new AppError('ASSESSMENT_PLAN_NOT_FOUND', undefined, { field: '/plan' });
  const p = periodOf(ctx, q.period);
  let run = await repo.assessmentRun(ctx.db, code, p.key);
  if (!run || q.fresh) {
    if (q.fresh) await computeIndicators(ctx, plan.level, p);
    await runAssessment(ctx, plan, p);
    run = await repo.assessmentRun(ctx.db, code, p.key);
    if (!run) throw new Error(`assessment ${code} for ${p.key} was not stored`);
  }
  const results = await repo.assessmentResults(ctx.db, code, p.key);
  const tree = ctx.areas.tree();
  // names, stations and scope
  const names = new Map<number, { name: string; station: number | null; areas: number[] }>();
  if (plan.level === 'officer') {
    const sc = await personScopes(ctx, ctx.db, results.map((r) => r.subject_id));
    for (const [id, s] of sc) names.set(id, { name: s.name, station: s.stationId, areas: s.areaIds });
  } else {
    for (const r of results) {
      const a = tree.get(r.subject_id);
      const station = tree.stationOf(r.subject_id);
      names.set(r.subject_id, { name: a?.name ?? String(r.subject_id), station, areas: [r.subject_id] });
    }
  }
  const visible = (id: number) => inScope(actor, tree, names.get(id)?.areas ?? []);
  const decision = await decisionsOf(ctx, code, p.key);
  const ref = (id: number) => ({ id, name: names.get(id)?.name ?? String(id) });
  const stars = json<{ star: Assessment['stars'][number]['star']; subjects: { subjectId: number; score: number }[]; bestScore: number | null; reason: Assessment['stars'][number]['reason'] }[]>(run.stars);
  return {
    plan: { code: plan.code, name: plan.name, level: plan.level },
    period: p.key,
    computedAt: iso(run.computed_at),
    subjects: results
      .filter((r) => visible(r.subject_id))
      .map((r) => ({
        subject: ref(r.subject_id),
        station: areaRef(tree, names.get(r.subject_id)?.station ?? null),
        total: r.total,
        rank: r.rank,
        coverage: Math.round(r.coverage * 1000) / 1000,
        note: r.note,
        excluded: r.excluded,
        items: json(r.items),
      })),
    stars: stars.map((s) => ({
      star: s.star,
      subjects: s.subjects.filter((x) => visible(Number(x.subjectId))).map((x) => ({ subject: ref(Number(x.subjectId)), score: x.score, decision: decision(s.star, Number(x.subjectId)) })),
      bestScore: s.bestScore,
      reason: s.reason,
    })),
  };
}

// ---------------------------------------------------------------- time in the assigned zone

/**
 * Fills zone_presence_daily for one local day, for each person with live responsibility areas: when the duty roster
 * has duties of theirs that day (source 'roster'), duty minutes = the rostered minutes and zone minutes = those of
 * them with a position of their unit inside one of their areas; otherwise, for a member of a unit (source
 * 'positions'), duty minutes = minutes of the day in which the unit reported a position (a proxy), zone minutes =
 * those of them inside. Positions are kept only
 * POSITION_RETENTION_HOURS, so a day can be rolled up only while its positions are kept (the job does today and
 * yesterday every hour); rows already written stay when the tracks are gone. Returns the rows written.
 */
export async function rollupZonePresence(ctx: Ctx, day: string): Promise<number> {
  const off = ctx.config.utcOffsetMinutes;
  const from = localMidnight(day, off);
  const rows = await repo.zoneMinutes(ctx.db, t(from), t(from + DAY));
  const now = ctx.clock.now().toISOString();
  await repo.storeZonePresence(ctx.db, rows.map((x) => ({ person_id: x.person_id, day, duty_minutes: x.duty, zone_minutes: x.zone, computed_at: now, source: x.rostered ? ('roster' as const) : ('positions' as const) })));
  return rows.length;
}
