// The three screens' data, each in one call: my screen (作战小屏), the station screen, the district big screen
// (一屏通览). Live refresh: the web keeps the existing WebSocket topics (incidents, units) for the map and reloads
// this data on an interval or when a message arrives; tasks have no topic of their own.
import { localDate, localMidnight } from '@jingwang/core';
import type { BigScreen, MyScreen, StationScreen } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso } from '../../lib/format';
import { authorize, inScope, type Actor } from '../auth/policy';
import { areaRef, personOf, personScopes } from './common';
import { checklist, overdueOf, supervision } from './checklists';
import { incidentsBegin, periodOf, subjectIndicators, yearBefore } from './indicators';
import { assessmentRanks, valueHistory } from './repo/indicators';
import { liveAreasOf, personName } from './repo/people';
import * as repo from './repo/screens';

const DAY = 86_400_000;

const brief = (r: repo.IncRow) => ({ id: r.id, number: r.number, category: r.category, priority: r.priority, status: r.status, reportedAt: iso(r.reported_at), address: r.address, lon: r.lon, lat: r.lat });

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
  const areaIds = await liveAreasOf(ctx.db, person);
  const areas = areaIds.map((id) => tree.get(id)).filter((a) => a !== undefined).map((a) => ({ id: a.id, name: a.name, kind: a.kind }));
  const now = ctx.clock.now().getTime();
  let incidents: MyScreen['incidents'] = { open: 0, last24h: 0, items: [] };
  if (areaIds.length) {
    const since = new Date(now - DAY).toISOString();
    const [c, items] = await Promise.all([repo.incidentCountsOfAreas(ctx.db, areaIds, since), repo.incidentsOfAreas(ctx.db, areaIds, since, 50)]);
    incidents = { open: c.open, last24h: c.since, items: items.map(brief) };
  }
  const name = (await personName(ctx.db, person)) ?? String(person);
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
const counts = (r?: repo.CountsRow): Counts => ({
  due: r?.due ?? 0,
  done: r?.done ?? 0,
  onTime: r?.on_time ?? 0,
  overdue: r?.overdue ?? 0,
  yellow: r?.yellow ?? 0,
  red: r?.red ?? 0,
});

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
  const ids = tree.descendantsAndSelf(stationId);
  const since = new Date(day.from).toISOString();
  const [from, to] = [new Date(day.from).toISOString(), new Date(day.to).toISOString()];
  const [today, officers, backlog, inc, items, sup, ranks] = await Promise.all([
    repo.dayCounts(ctx.db, [stationId], from, to),
    repo.dayCountsByOfficer(ctx.db, stationId, from, to),
    // each officer's backlog now, whatever the day shown: tasks of any day still overdue or carrying a card
    repo.backlogByOfficer(ctx.db, stationId),
    repo.incidentCountsOfAreas(ctx.db, ids, since),
    repo.incidentsOfAreas(ctx.db, ids, null, 100),
    supervision(ctx, actor, { filter: 'overdue', areaId: stationId, limit: 50 }),
    assessmentRanks(ctx.db, 'officer_monthly', p.key),
  ]);
  const rank = new Map(ranks.map((r) => [r.subject_id, r]));
  const byPerson = new Map<number, { name: string; today?: (typeof officers)[number]; backlog?: (typeof backlog)[number] }>();
  for (const o of officers) byPerson.set(o.person_id, { name: o.name, today: o });
  for (const b of backlog) byPerson.set(b.person_id, { ...(byPerson.get(b.person_id) ?? { name: b.name }), backlog: b });
  const people = [...byPerson].sort((a, b) => a[1].name.localeCompare(b[1].name, 'zh-CN') || a[0] - b[0]);
  return {
    station: { id: st.id, name: st.name },
    date: day.date,
    today: counts(today),
    officers: people.map(([id, o]) => ({
      person: { id, name: o.name },
      today: counts(o.today),
      backlog: { overdue: o.backlog?.overdue ?? 0, yellow: o.backlog?.yellow ?? 0, red: o.backlog?.red ?? 0 },
      total: rank.get(id)?.total ?? null,
      rank: rank.get(id)?.rank ?? null,
    })),
    supervision: sup,
    incidents: { open: inc.open, today: inc.since, items: items.map(brief) },
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
  const areaIds = tree.descendantsAndSelf(districtId);
  const t30 = today.from - 29 * DAY;
  const ts = (x: number) => new Date(x).toISOString();
  const [live, openBy, byStation, trend, trendLy, units, tasks, tasksBy, backlogBy, begin] = await Promise.all([
    repo.openIncidentsOfDistrict(ctx.db, districtId, 500),
    repo.openIncidentsByStation(ctx.db, districtId),
    repo.incidentsByStationBetween(ctx.db, districtId, ts(today.from), ts(today.to)),
    repo.incidentsPerDay(ctx.db, districtId, ts(t30), ts(today.to), off, false),
    repo.incidentsPerDay(ctx.db, districtId, ts(t30), ts(today.to), off, true),
    repo.unitsByStatus(ctx.db, areaIds, ts(now - ctx.config.stalePositionSeconds * 1000)),
    repo.dayCounts(ctx.db, stationIds, ts(today.from), ts(today.to)),
    repo.dayCountsByStation(ctx.db, stationIds, ts(today.from), ts(today.to)),
    // the open backlog of every day (partial index on open / overdue tasks)
    repo.backlogByStation(ctx.db, stationIds),
    incidentsBegin(ctx),
  ]);
  const p = periodOf(ctx);
  const gauges = await subjectIndicators(ctx, 'district', { id: d.id, name: d.name }, p);
  const hist = await valueHistory(ctx.db, 'district', districtId, 12 * 20);
  const periods = new Map<string, Record<string, number | null>>();
  for (const h of hist) {
    if (!periods.has(h.period)) periods.set(h.period, {});
    periods.get(h.period)![h.code] = h.value;
  }
  const stationOfUnit = (areaId: number | null) => (areaId === null ? null : (stations.find((s) => tree.within(areaId, s.id))?.id ?? null));
  const unitCounts = { total: 0, available: 0, busy: 0, offline: 0 };
  const availBy = new Map<number, number>();
  for (const u of units) {
    unitCounts.total += u.n;
    if (u.status === 'offline' || u.status === 'off_duty') unitCounts.offline += u.n;
    else if (u.status === 'available') {
      unitCounts.available += u.n;
      const s = stationOfUnit(u.station_id);
      if (s !== null) availBy.set(s, (availBy.get(s) ?? 0) + u.n);
    } else unitCounts.busy += u.n;
  }
  const trendMap = new Map(trend.map((r) => [r.day, r.n]));
  const lyMap = new Map(trendLy.map((r) => [r.day, r.n]));
  const days = Array.from({ length: 30 }, (_, k) => localDate(t30 + k * DAY + 1, off));
  // a day a year back before the data begins has no count: null, not 0
  const lastYearOf = (day: string): number | null => (begin !== null && yearBefore(localMidnight(day, off)) >= begin ? (lyMap.get(day) ?? 0) : null);
  const todayLy = lastYearOf(today.date);
  const backlogOf = (rows: { overdue: number; yellow: number; red: number }[]) => ({
    overdue: rows.reduce((n, r) => n + r.overdue, 0),
    yellow: rows.reduce((n, r) => n + r.yellow, 0),
    red: rows.reduce((n, r) => n + r.red, 0),
  });
  const todayTasks = counts(tasks);
  return {
    district: { id: d.id, name: d.name },
    generatedAt: ts(now),
    liveIncidents: live.map(brief),
    incidents: { open: openBy.reduce((n, r) => n + r.n, 0), today: trendMap.get(today.date) ?? 0, sameDayLastYear: todayLy ?? 0, sameDayLastYearOrNull: todayLy },
    units: unitCounts,
    stations: stations.map((s) => ({
      station: { id: s.id, name: s.name },
      incidentsToday: byStation.find((r) => r.station_id === s.id)?.today ?? 0,
      open: openBy.find((r) => r.station_id === s.id)?.n ?? 0,
      unitsAvailable: availBy.get(s.id) ?? 0,
      tasks: counts(tasksBy.find((r) => r.station_id === s.id)),
      tasksToday: counts(tasksBy.find((r) => r.station_id === s.id)),
      backlog: backlogOf(backlogBy.filter((r) => r.station_id === s.id)),
    })),
    tasks: todayTasks,
    tasksToday: todayTasks,
    backlog: backlogOf(backlogBy),
    gauges: gauges.values,
    trend: days.map((day) => {
      const ly = lastYearOf(day);
      return { day, incidents: trendMap.get(day) ?? 0, lastYear: ly ?? 0, lastYearOrNull: ly };
    }),
    indicatorTrend: [...periods.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(-12).map(([period, values]) => ({ period, values })),
  };
}
