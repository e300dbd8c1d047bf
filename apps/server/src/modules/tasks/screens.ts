// The three screens' data, each in one call: my screen (作战小屏), the station screen, the district big screen
// (一屏通览). Live refresh: the web keeps the existing WebSocket topics (incidents, units) for the map and reloads
// this data on an interval or when a message arrives; tasks have no topic of their own.
import { sql } from 'kysely';
import { localDate, localMidnight } from '@jingwang/core';
import type { BigScreen, MyScreen, StationScreen } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { authorize, inScope, type Actor } from '../auth/policy';
import { areaRef, iso, personOf, personScopes } from './common';
import { checklist, overdueOf, supervision } from './service';
import { incidentsBegin, periodOf, subjectIndicators, yearBefore } from './indicators';

const DAY = 86_400_000;
const OPEN = sql`('new','dispatched','en_route','on_scene')`;

interface IncRow {
  id: number;
  number: string;
  category: string;
  priority: number;
  status: string;
  reported_at: string;
  address: string;
  lon: number;
  lat: number;
}
const brief = (r: IncRow) => ({ id: r.id, number: r.number, category: r.category, priority: r.priority, status: r.status, reportedAt: iso(r.reported_at), address: r.address, lon: r.lon, lat: r.lat });
const incCols = sql`i.id, i.number, i.category, i.priority, i.status, i.reported_at, i.address, st_x(i.geom) lon, st_y(i.geom) lat`;

function dayOf(ctx: Ctx, date?: string): { date: string; from: number; to: number } {
  const off = ctx.config.utcOffsetMinutes;
  const d = date ?? localDate(ctx.clock.now().getTime(), off);
  try {
    const from = localMidnight(d, off);
    return { date: d, from, to: from + DAY };
  } catch {
    throw validationError([{ field: '/date', message: 'is not a date' }]);
  }
}

export async function myScreen(ctx: Ctx, actor: Actor, q: { date?: string }): Promise<MyScreen> {
  authorize(actor, 'tasks.read');
  const tree = ctx.areas.tree();
  const day = dayOf(ctx, q.date);
  const person = await personOf(ctx, actor);
  const tasks = await checklist(ctx, person, day.date, day.from, day.to);
  if (person === null) {
    return { person: null, station: null, areas: [], date: day.date, tasks, overdue: [], incidents: { open: 0, last24h: 0, items: [] }, indicators: null };
  }
  const scope = (await personScopes(ctx, ctx.db, [person])).get(person)!;
  const own = await ctx.db.selectFrom('person_areas').select('area_id').where('person_id', '=', person).where('valid_to', 'is', null).execute();
  const areaIds = own.map((a) => a.area_id);
  const areas = areaIds.map((id) => tree.get(id)).filter((a) => a !== undefined).map((a) => ({ id: a.id, name: a.name, kind: a.kind }));
  const now = ctx.clock.now().getTime();
  let incidents: MyScreen['incidents'] = { open: 0, last24h: 0, items: [] };
  if (areaIds.length) {
    const ids = sql.val(areaIds);
    const since = new Date(now - DAY).toISOString();
    const [c, items] = await Promise.all([
      sql<{ open: number; last: number }>`
        select count(*) filter (where status in ${OPEN})::int open, count(*) filter (where reported_at >= ${since}::timestamptz)::int last
          from incidents where area_ids && ${ids}::int[] and (status in ${OPEN} or reported_at >= ${since}::timestamptz)`.execute(ctx.db),
      sql<IncRow>`select ${incCols} from incidents i where i.area_ids && ${ids}::int[] and (i.status in ${OPEN} or i.reported_at >= ${since}::timestamptz)
                   order by i.reported_at desc limit 50`.execute(ctx.db),
    ]);
    incidents = { open: c.rows[0]!.open, last24h: c.rows[0]!.last, items: items.rows.map(brief) };
  }
  const name = (await ctx.db.selectFrom('people').select('name').where('id', '=', person).executeTakeFirstOrThrow()).name;
  return {
    person: { id: person, name },
    station: areaRef(tree, scope.stationId),
    areas,
    date: day.date,
    tasks,
    overdue: await overdueOf(ctx, person),
    incidents,
    indicators: await subjectIndicators(ctx, 'officer', { id: person, name }, periodOf(ctx)),
  };
}

interface Counts {
  due: number;
  done: number;
  onTime: number;
  overdue: number;
  yellow: number;
  red: number;
}
const countsSql = sql`count(*)::int due, count(*) filter (where i.status = 'done')::int done,
  count(*) filter (where i.status = 'done' and not i.late)::int on_time, count(*) filter (where i.status = 'overdue')::int overdue,
  count(*) filter (where i.supervision = 'yellow')::int yellow, count(*) filter (where i.supervision = 'red')::int red`;
const counts = (r?: { due: number; done: number; on_time: number; overdue: number; yellow: number; red: number }): Counts => ({
  due: r?.due ?? 0,
  done: r?.done ?? 0,
  onTime: r?.on_time ?? 0,
  overdue: r?.overdue ?? 0,
  yellow: r?.yellow ?? 0,
  red: r?.red ?? 0,
});

/** Tasks "of the day", as on the checklist: open during it (opened by its end, due after its start), not cancelled. */
const dueIn = (from: number, to: number) => sql`i.status <> 'cancelled' and i.period_start < ${new Date(to).toISOString()}::timestamptz and i.due_at > ${new Date(from).toISOString()}::timestamptz`;

export async function stationScreen(ctx: Ctx, actor: Actor, q: { stationId?: number; date?: string }): Promise<StationScreen> {
  authorize(actor, 'tasks.supervise');
  const tree = ctx.areas.tree();
  let stationId = q.stationId;
  if (stationId === undefined) {
    const s = actor.scopeAreaId === null ? null : tree.get(actor.scopeAreaId);
    if (s?.kind === 'station') stationId = s.id;
    else throw validationError([{ field: '/stationId', message: 'is required (your scope is not one station)' }]);
  }
  const st = tree.get(stationId);
  if (!st || st.kind !== 'station') throw new AppError('AREA_NOT_FOUND', 'No station with this id', { field: '/stationId' });
  if (!inScope(actor, tree, [stationId])) throw new AppError('OUT_OF_SCOPE', undefined, { field: '/stationId' });
  const day = dayOf(ctx, q.date);
  const p = periodOf(ctx);
  const ids = sql.val(tree.descendantsAndSelf(stationId));
  const since = new Date(day.from).toISOString();
  const [today, officers, backlog, inc, items, sup, ranks] = await Promise.all([
    sql<{ due: number; done: number; on_time: number; overdue: number; yellow: number; red: number }>`
      select ${countsSql} from task_instances i where i.station_id = ${stationId} and ${dueIn(day.from, day.to)}`.execute(ctx.db),
    sql<{ person_id: number; name: string; due: number; done: number; on_time: number; overdue: number; yellow: number; red: number }>`
      select i.person_id, p.name, ${countsSql} from task_instances i join people p on p.id = i.person_id
       where i.station_id = ${stationId} and ${dueIn(day.from, day.to)} group by 1, 2`.execute(ctx.db),
    // each officer's backlog now, whatever the day shown: tasks of any day still overdue or carrying a card
    sql<{ person_id: number; name: string; overdue: number; yellow: number; red: number }>`
      select i.person_id, p.name, count(*) filter (where i.status = 'overdue')::int overdue,
             count(*) filter (where i.supervision = 'yellow')::int yellow, count(*) filter (where i.supervision = 'red')::int red
        from task_instances i join people p on p.id = i.person_id
       where i.station_id = ${stationId} and i.status in ('open','overdue') and (i.status = 'overdue' or i.supervision in ('yellow','red'))
       group by 1, 2`.execute(ctx.db),
    sql<{ open: number; today: number }>`
      select count(*) filter (where status in ${OPEN})::int open, count(*) filter (where reported_at >= ${since}::timestamptz)::int today
        from incidents where area_ids && ${ids}::int[] and (status in ${OPEN} or reported_at >= ${since}::timestamptz)`.execute(ctx.db),
    sql<IncRow>`select ${incCols} from incidents i where i.area_ids && ${ids}::int[] and i.status in ${OPEN} order by i.reported_at desc limit 100`.execute(ctx.db),
    supervision(ctx, actor, { filter: 'overdue', areaId: stationId, limit: 50 }),
    ctx.db.selectFrom('assessment_results').select(['subject_id', 'total', 'rank']).where('plan_code', '=', 'officer_monthly').where('period', '=', p.key).execute(),
  ]);
  const rank = new Map(ranks.map((r) => [r.subject_id, r]));
  const byPerson = new Map<number, { name: string; today?: (typeof officers.rows)[number]; backlog?: (typeof backlog.rows)[number] }>();
  for (const o of officers.rows) byPerson.set(o.person_id, { name: o.name, today: o });
  for (const b of backlog.rows) byPerson.set(b.person_id, { ...(byPerson.get(b.person_id) ?? { name: b.name }), backlog: b });
  const people = [...byPerson].sort((a, b) => a[1].name.localeCompare(b[1].name, 'zh-CN') || a[0] - b[0]);
  return {
    station: { id: st.id, name: st.name },
    date: day.date,
    today: counts(today.rows[0]),
    officers: people.map(([id, o]) => ({
      person: { id, name: o.name },
      today: counts(o.today),
      backlog: { overdue: o.backlog?.overdue ?? 0, yellow: o.backlog?.yellow ?? 0, red: o.backlog?.red ?? 0 },
      total: rank.get(id)?.total ?? null,
      rank: rank.get(id)?.rank ?? null,
    })),
    supervision: sup,
    incidents: { open: inc.rows[0]!.open, today: inc.rows[0]!.today, items: items.rows.map(brief) },
    indicators: await subjectIndicators(ctx, 'station', { id: st.id, name: st.name }, p),
  };
}

/**
 * The district big screen. Bounded queries only: open incidents (partial index on status), today's and the same
 * day last year's (reported_at index), 30 days of daily counts and the same 30 days a year before (null for a day
 * before the data begins), units by status, today's tasks per station, the open backlog (overdue, cards) per
 * station, and the indicators stored by the job (computed here only when the month has none yet).
 */
export async function bigScreen(ctx: Ctx, actor: Actor, q: { districtId?: number }): Promise<BigScreen> {
  authorize(actor, 'tasks.read');
  authorize(actor, 'stats.read');
  if (actor.role === 'officer') throw new AppError('FORBIDDEN', 'The big screen is for the command room and leaders');
  const tree = ctx.areas.tree();
  let districtId = q.districtId;
  if (districtId === undefined) {
    const s = actor.scopeAreaId === null ? null : tree.get(actor.scopeAreaId);
    districtId = s?.kind === 'district' ? s.id : tree.all().find((a) => a.kind === 'district' && a.validTo === null && inScope(actor, tree, [a.id]))?.id;
    if (districtId === undefined) throw validationError([{ field: '/districtId', message: 'is required' }]);
  }
  const d = tree.get(districtId);
  if (!d || d.kind !== 'district') throw new AppError('AREA_NOT_FOUND', 'No district with this id', { field: '/districtId' });
  if (!inScope(actor, tree, [districtId])) throw new AppError('OUT_OF_SCOPE', undefined, { field: '/districtId' });
  const off = ctx.config.utcOffsetMinutes;
  const now = ctx.clock.now().getTime();
  const today = dayOf(ctx);
  const stations = tree.all().filter((a) => a.kind === 'station' && a.validTo === null && tree.within(a.id, districtId));
  const stationIds = stations.map((s) => s.id);
  const areaIds = sql.val(tree.descendantsAndSelf(districtId));
  const t30 = today.from - 29 * DAY;
  const ts = (x: number) => new Date(x).toISOString();
  const dayExpr = sql`to_char(reported_at + ${`${off} minutes`}::interval, 'YYYY-MM-DD')`;
  const stationsV = sql.val(stationIds.length ? stationIds : [0]);
  const [live, openBy, byStation, trend, trendLy, units, tasks, tasksBy, backlogBy, begin] = await Promise.all([
    sql<IncRow & { station_id: number | null }>`
      select ${incCols}, i.station_id from incidents i where i.status in ${OPEN} and i.district_id = ${districtId}
       order by i.reported_at desc limit 500`.execute(ctx.db),
    sql<{ station_id: number | null; n: number }>`
      select station_id, count(*)::int n from incidents where status in ${OPEN} and district_id = ${districtId} group by 1`.execute(ctx.db),
    sql<{ station_id: number | null; today: number }>`
      select station_id, count(*)::int today from incidents
       where district_id = ${districtId} and reported_at >= ${ts(today.from)}::timestamptz and reported_at < ${ts(today.to)}::timestamptz and status <> 'cancelled'
       group by 1`.execute(ctx.db),
    sql<{ day: string; n: number }>`
      select ${dayExpr} as day, count(*)::int n from incidents
       where district_id = ${districtId} and reported_at >= ${ts(t30)}::timestamptz and reported_at < ${ts(today.to)}::timestamptz and status <> 'cancelled'
       group by 1`.execute(ctx.db),
    sql<{ day: string; n: number }>`
      select to_char((reported_at + interval '1 year') + ${`${off} minutes`}::interval, 'YYYY-MM-DD') as day, count(*)::int n from incidents
       where district_id = ${districtId} and reported_at >= ${ts(t30)}::timestamptz - interval '1 year' and reported_at < ${ts(today.to)}::timestamptz - interval '1 year'
         and status <> 'cancelled'
       group by 1`.execute(ctx.db),
    sql<{ station_id: number | null; status: string; n: number; stale: number }>`
      select home_area_id station_id, status, count(*)::int n,
             count(*) filter (where position_at is null or position_at < ${ts(now - ctx.config.stalePositionSeconds * 1000)}::timestamptz)::int stale
        from units where home_area_id = any(${areaIds}::int[]) group by 1, 2`.execute(ctx.db),
    sql<{ due: number; done: number; on_time: number; overdue: number; yellow: number; red: number }>`
      select ${countsSql} from task_instances i where i.station_id = any(${stationsV}::int[]) and ${dueIn(today.from, today.to)}`.execute(ctx.db),
    sql<{ station_id: number; due: number; done: number; on_time: number; overdue: number; yellow: number; red: number }>`
      select i.station_id, ${countsSql} from task_instances i where i.station_id = any(${stationsV}::int[]) and ${dueIn(today.from, today.to)}
       group by 1`.execute(ctx.db),
    // the open backlog of every day (partial index on open / overdue tasks)
    sql<{ station_id: number; overdue: number; yellow: number; red: number }>`
      select i.station_id, count(*) filter (where i.status = 'overdue')::int overdue,
             count(*) filter (where i.supervision = 'yellow')::int yellow, count(*) filter (where i.supervision = 'red')::int red
        from task_instances i
       where i.status in ('open','overdue') and i.station_id = any(${stationsV}::int[])
         and (i.status = 'overdue' or i.supervision in ('yellow','red'))
       group by 1`.execute(ctx.db),
    incidentsBegin(ctx),
  ]);
  const p = periodOf(ctx);
  const gauges = await subjectIndicators(ctx, 'district', { id: d.id, name: d.name }, p);
  const hist = await ctx.db.selectFrom('indicator_values').select(['period', 'code', 'value']).where('level', '=', 'district').where('subject_id', '=', districtId).orderBy('period', 'desc').limit(12 * 20).execute();
  const periods = new Map<string, Record<string, number | null>>();
  for (const h of hist) {
    if (!periods.has(h.period)) periods.set(h.period, {});
    periods.get(h.period)![h.code] = h.value;
  }
  const stationOfUnit = (areaId: number | null) => (areaId === null ? null : (stations.find((s) => tree.within(areaId, s.id))?.id ?? null));
  const unitCounts = { total: 0, available: 0, busy: 0, offline: 0 };
  const availBy = new Map<number, number>();
  for (const u of units.rows) {
    unitCounts.total += u.n;
    if (u.status === 'offline' || u.status === 'off_duty') unitCounts.offline += u.n;
    else if (u.status === 'available') {
      unitCounts.available += u.n;
      const s = stationOfUnit(u.station_id);
      if (s !== null) availBy.set(s, (availBy.get(s) ?? 0) + u.n);
    } else unitCounts.busy += u.n;
  }
  const trendMap = new Map(trend.rows.map((r) => [r.day, r.n]));
  const lyMap = new Map(trendLy.rows.map((r) => [r.day, r.n]));
  const days = Array.from({ length: 30 }, (_, k) => localDate(t30 + k * DAY + 1, off));
  // a day a year back before the data begins has no count: null, not 0
  const lastYearOf = (day: string): number | null => (begin !== null && yearBefore(localMidnight(day, off)) >= begin ? (lyMap.get(day) ?? 0) : null);
  const todayLy = lastYearOf(today.date);
  const backlogOf = (rows: { overdue: number; yellow: number; red: number }[]) => ({
    overdue: rows.reduce((n, r) => n + r.overdue, 0),
    yellow: rows.reduce((n, r) => n + r.yellow, 0),
    red: rows.reduce((n, r) => n + r.red, 0),
  });
  const todayTasks = counts(tasks.rows[0]);
  return {
    district: { id: d.id, name: d.name },
    generatedAt: ts(now),
    liveIncidents: live.rows.map(brief),
    incidents: { open: openBy.rows.reduce((n, r) => n + r.n, 0), today: trendMap.get(today.date) ?? 0, sameDayLastYear: todayLy ?? 0, sameDayLastYearOrNull: todayLy },
    units: unitCounts,
    stations: stations.map((s) => ({
      station: { id: s.id, name: s.name },
      incidentsToday: byStation.rows.find((r) => r.station_id === s.id)?.today ?? 0,
      open: openBy.rows.find((r) => r.station_id === s.id)?.n ?? 0,
      unitsAvailable: availBy.get(s.id) ?? 0,
      tasks: counts(tasksBy.rows.find((r) => r.station_id === s.id)),
      tasksToday: counts(tasksBy.rows.find((r) => r.station_id === s.id)),
      backlog: backlogOf(backlogBy.rows.filter((r) => r.station_id === s.id)),
    })),
    tasks: todayTasks,
    tasksToday: todayTasks,
    backlog: backlogOf(backlogBy.rows),
    gauges: gauges.values,
    trend: days.map((day) => {
      const ly = lastYearOf(day);
      return { day, incidents: trendMap.get(day) ?? 0, lastYear: ly ?? 0, lastYearOrNull: ly };
    }),
    indicatorTrend: [...periods.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(-12).map(([period, values]) => ({ period, values })),
  };
}
