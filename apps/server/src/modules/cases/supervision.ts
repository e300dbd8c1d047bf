// Supervision of cases in hand and their indicators.
//   - the deputy's daily list (防错、忘、漏): cases in hand with a deadline within N days, a step overdue, or no
//     activity for N days, in the caller's reach;
//   - the ladder (reminder at the deadline, yellow card 24 h after, red card 72 h after, as tasks): notifications to
//     the officers in charge and, from the yellow card, the station's leads; once per user, rung and step;
//   - indicators per officer / station / district and month: accepted (opened), filed (立案: criminal at the decision
//     to file, administrative when accepted), solved (of those filed in the month, solved by its end, or by now),
//     solving rate = 100 * solved / filed, steps due (deadline in the month, up to now), on time (left before the
//     deadline), overdue steps = due - on time, filed over the same dates a year earlier (null when the case data do
//     not reach back that far: no like-with-like base, as the reports mark an incomplete base period).
//   These are the measures cases, cases_last_year, cases_solved, cases_due, cases_closed_on_time of the task
//   indicators (破案率, 按期办结率, 发案同比) and so of the assessment plans and the 破案之星.
import { caseLadder, localDate, localDayNumber, dayStartMs, monthRange, type CaseLadder } from '@jingwang/core';
import type { CaseScreenT, CaseSupervisionT, CaseStatsT, CaseT } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { validationError } from '../../lib/errors';
import { ms } from '../../lib/format';
import { authorize, inScope, type Actor } from '../auth/policy';
import { notify } from '../notifications/service';
import * as repo from './repo';
import { personOf, presentRows, supervisionPolicy, visibility } from './service';

const DAY = 86_400_000;

// ---------------------------------------------------------------- the deputy's list

export async function supervisionList(ctx: Ctx, actor: Actor, q: { withinDays?: number; idleDays?: number }): Promise<CaseSupervisionT> {
  authorize(actor, 'cases.supervise');
  const p = supervisionPolicy(ctx, q);
  const now = ctx.clock.now().getTime();
  const rows = await repo.listCaseRows(ctx.db, { ...(await visibility(ctx, actor)), open: true, limit: 2000 });
  const out: CaseT[] = [];
  for (const c of await presentRows(ctx, rows)) {
    const dueAt = c.deadline ? Date.parse(c.deadline.dueAt) : null;
    const reasons: CaseT['reasons'] = [];
    const rung = caseLadder(dueAt, now, p);
    if (rung === 'due_soon') reasons.push('due_soon');
    else if (rung !== 'none') reasons.push('overdue');
    if (now - Date.parse(c.lastActivityAt) >= p.idleDays * DAY) reasons.push('idle');
    if (reasons.length) out.push({ ...c, ladder: rung, reasons });
  }
  // overdue first (the oldest deadline first), then due soon, then idle
  const rank = (c: CaseT) => (c.reasons.includes('overdue') ? 0 : c.reasons.includes('due_soon') ? 1 : 2);
  out.sort((a, b) => rank(a) - rank(b) || (a.deadline ? Date.parse(a.deadline.dueAt) : Infinity) - (b.deadline ? Date.parse(b.deadline.dueAt) : Infinity) || a.id - b.id);
  return { withinDays: p.dueWithinDays, idleDays: p.idleDays, rows: out };
}

// ---------------------------------------------------------------- the ladder (job)

const RUNG_TITLE: Record<Exclude<CaseLadder, 'none'>, string> = { due_soon: '办案期限即将到期', reminder: '办案期限已到（催办）', yellow: '案件黄牌督办', red: '案件红牌督办' };

/** Fires the ladder's notifications for every open step with a deadline; returns how many were written. */
export async function superviseCases(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().getTime();
  const rows = await repo.listCaseRows(ctx.db, { open: true, limit: 5000 });
  const officers = await repo.officersOf(ctx.db, rows.map((r) => r.id));
  let n = 0;
  for (const r of rows) {
    if (!r.due_at) continue;
    const rung = caseLadder(ms(r.due_at), now);
    if (rung === 'none') continue;
    const users = await repo.usersOfPeople(ctx.db, officers.filter((o) => o.case_id === r.id).map((o) => o.person_id));
    if (rung === 'yellow' || rung === 'red') users.push(...(await repo.leadUsersOf(ctx.db, r.station_id === null ? [] : [r.station_id])));
    const ids = await notify(ctx, users, {
      kind: `case_${rung}`,
      title: `${RUNG_TITLE[rung]}：${r.case_no} ${r.title}`.slice(0, 200),
      body: `期限 ${new Date(ms(r.due_at) + ctx.config.utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ')}`,
      link: `/cases?id=${r.id}`,
      refType: 'case_step',
      refId: `${r.id}:${ms(r.due_at)}`,
    });
    n += ids.length;
  }
  return n;
}

// ---------------------------------------------------------------- indicators

export type CaseLevel = 'officer' | 'station' | 'district' | 'grid';
export interface CaseCounts {
  accepted: number;
  filed: number;
  solved: number;
  stepsDue: number;
  stepsOnTime: number;
  filedLastYear: number | null;
}

function yearBefore(x: number): number {
  const d = new Date(x);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.getTime();
}

/** Whether the case data reach back to a year before `from` (the local day of the earliest case opened). */
async function lastYearCovered(ctx: Ctx, from: number): Promise<boolean> {
  const m = await repo.earliestCase(ctx.db);
  if (m === null) return false;
  const off = ctx.config.utcOffsetMinutes;
  return yearBefore(from) >= dayStartMs(localDayNumber(ms(m), off), off);
}

/** Counts per subject over [from, until) (see the header); the same numbers feed the stats and the task measures. */
export async function caseCounts(ctx: Ctx, level: CaseLevel, ids: readonly number[], span: { from: number; until: number }): Promise<Map<number, CaseCounts>> {
  const out = new Map<number, CaseCounts>();
  const covered = await lastYearCovered(ctx, span.from);
  for (const id of ids) out.set(id, { accepted: 0, filed: 0, solved: 0, stepsDue: 0, stepsOnTime: 0, filedLastYear: covered ? 0 : null });
  if (ids.length === 0 || level === 'grid') return out;
  const tree = ctx.areas.tree();
  const holds = (f: { station_id: number | null; officer_ids: number[] }, id: number) =>
    level === 'officer' ? f.officer_ids.includes(id) : f.station_id !== null && (f.station_id === id || tree.within(f.station_id, id));
  const t = (x: number) => new Date(x).toISOString();
  const inSpan = (v: string | null, a: number, b: number) => v !== null && ms(v) >= a && ms(v) < b;
  const ly = { from: yearBefore(span.from), until: yearBefore(span.until) };
  for (const f of await repo.caseFacts(ctx.db, t(span.from), t(span.until), t(ly.from), t(ly.until))) {
    for (const id of ids) {
      if (!holds(f, id)) continue;
      const c = out.get(id)!;
      if (inSpan(f.opened_at, span.from, span.until)) c.accepted++;
      if (inSpan(f.filed_at, span.from, span.until)) {
        c.filed++;
        if (f.solved_at !== null && ms(f.solved_at) < span.until) c.solved++;
      }
      if (c.filedLastYear !== null && inSpan(f.filed_at, ly.from, ly.until)) c.filedLastYear++;
    }
  }
  for (const s of await repo.stepFacts(ctx.db, t(span.from), t(span.until))) {
    for (const id of ids) {
      if (!holds(s, id)) continue;
      const c = out.get(id)!;
      c.stepsDue++;
      if (s.left_at !== null && ms(s.left_at) < ms(s.due_at)) c.stepsOnTime++;
    }
  }
  return out;
}

/** The task indicators' case measures over a period [from, to) counted up to `until` (now) included; null for grids (cases are held by stations). */
export async function caseMeasures(ctx: Ctx, level: CaseLevel, ids: readonly number[], p: { from: number; until: number; to: number }): Promise<Map<number, Record<string, number | null>>> {
  const out = new Map<number, Record<string, number | null>>();
  const counts = await caseCounts(ctx, level, ids, { from: p.from, until: p.until < p.to ? p.until + 1 : p.to });
  for (const id of ids) {
    const c = counts.get(id)!;
    out.set(
      id,
      level === 'grid'
        ? { cases: null, cases_last_year: null, cases_solved: null, cases_due: null, cases_closed_on_time: null }
        : { cases: c.filed, cases_last_year: c.filedLastYear, cases_solved: c.solved, cases_due: c.stepsDue, cases_closed_on_time: c.stepsOnTime },
    );
  }
  return out;
}

const rate = (a: number, b: number) => (b === 0 ? null : Math.round((1000 * a) / b) / 10);

export async function caseStats(ctx: Ctx, actor: Actor, q: { level?: 'officer' | 'station' | 'district'; period?: string }): Promise<CaseStatsT> {
  authorize(actor, 'cases.supervise');
  const off = ctx.config.utcOffsetMinutes;
  const now = ctx.clock.now().getTime();
  const period = q.period ?? localDate(now, off).slice(0, 7);
  let range: { from: number; to: number };
  try {
    range = monthRange(period, off);
  } catch {
    throw validationError([{ field: '/period', message: 'is not a month YYYY-MM' }]);
  }
  if (range.from > now) throw validationError([{ field: '/period', message: 'is in the future' }]);
  // what happened up to now included (a step passed at this very instant counts); a closed month ends before `to`
  const until = Math.min(range.to, now + 1);
  const level = q.level ?? 'station';
  const tree = ctx.areas.tree();
  let subjects: { id: number; name: string }[];
  if (level === 'officer') {
    const rows = await repo.listCaseRows(ctx.db, { ...(await visibility(ctx, actor)), limit: 5000 });
    const officers = await repo.officersOf(ctx.db, rows.map((r) => r.id));
    const seen = new Map<number, string>();
    for (const o of officers) seen.set(o.person_id, o.name);
    subjects = [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id);
  } else {
    subjects = tree
      .all()
      .filter((a) => a.kind === level && a.validTo === null && inScope(actor, tree, [a.id, ...tree.descendantsAndSelf(a.id)]))
      .sort((a, b) => a.id - b.id)
      .map((a) => ({ id: a.id, name: a.name }));
  }
  const counts = await caseCounts(ctx, level, subjects.map((s) => s.id), { from: range.from, until });
  return {
    period,
    level,
    from: new Date(range.from).toISOString(),
    until: new Date(until).toISOString(),
    lastYearComplete: await lastYearCovered(ctx, range.from),
    rows: subjects.map((s) => {
      const c = counts.get(s.id)!;
      return {
        subjectId: s.id,
        name: s.name,
        accepted: c.accepted,
        filed: c.filed,
        solved: c.solved,
        solvingRate: rate(c.solved, c.filed),
        stepsDue: c.stepsDue,
        stepsOnTime: c.stepsOnTime,
        onTimeRate: rate(c.stepsOnTime, c.stepsDue),
        overdueSteps: c.stepsDue - c.stepsOnTime,
        filedLastYear: c.filedLastYear,
        yoy: c.filedLastYear === null || c.filedLastYear === 0 ? null : Math.round((1000 * (c.filed - c.filedLastYear)) / c.filedLastYear) / 10,
      };
    }),
  };
}

// ---------------------------------------------------------------- screens

/** Cases in hand for a screen: the caller's own (作战小屏, mine) or all they see (所屏); counts and nearest deadlines. */
export async function casesOnScreen(ctx: Ctx, actor: Actor, q: { mine?: boolean }): Promise<CaseScreenT> {
  authorize(actor, 'cases.read');
  const vis = await visibility(ctx, actor);
  const mine = q.mine ? { personId: (await personOf(ctx, actor)) ?? 0, scopeIds: null, personOrScope: false } : {};
  const cases = await presentRows(ctx, await repo.listCaseRows(ctx.db, { ...vis, ...mine, open: true, limit: 2000 }));
  const withDue = cases.filter((c) => c.deadline).sort((a, b) => Date.parse(a.deadline!.dueAt) - Date.parse(b.deadline!.dueAt) || a.id - b.id);
  return {
    open: cases.length,
    overdue: cases.filter((c) => c.reasons.includes('overdue')).length,
    dueSoon: cases.filter((c) => c.reasons.includes('due_soon')).length,
    next: withDue.slice(0, 5),
  };
}
