// SQL of the three screens: incidents of areas and districts (brief rows, counts, daily trends), units by status,
// and task counts per station and officer for a day and for the open backlog.
import { sql, type Transaction } from 'kysely';
import { OPEN_INCIDENT_STATUSES } from '@jingwang/core';
import type { Db } from '../../../db/client';
import type { DB } from '../../../db/schema';

type Q = Db | Transaction<DB>;

const OPEN = sql`(${sql.join(OPEN_INCIDENT_STATUSES.map((s) => sql.lit(s)))})`;

export interface IncRow {
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
const incCols = sql`i.id, i.number, i.category, i.priority, i.status, i.reported_at, i.address, st_x(i.geom) lon, st_y(i.geom) lat`;

// ---------------------------------------------------------------- incidents

/** Incidents of the areas open now, and those reported since `since`. */
export async function incidentCountsOfAreas(db: Q, areaIds: number[], since: string): Promise<{ open: number; since: number }> {
  const r = await sql<{ open: number; since: number }>`
    select count(*) filter (where status in ${OPEN})::int open, count(*) filter (where reported_at >= ${since}::timestamptz)::int since
      from incidents where area_ids && ${sql.val(areaIds)}::int[] and (status in ${OPEN} or reported_at >= ${since}::timestamptz)`.execute(db);
  return r.rows[0]!;
}

/** Incidents of the areas open now (and, with `since`, those reported since then), newest first. */
export async function incidentsOfAreas(db: Q, areaIds: number[], since: string | null, limit: number): Promise<IncRow[]> {
  const r = await sql<IncRow>`select ${incCols} from incidents i where i.area_ids && ${sql.val(areaIds)}::int[]
                 and (i.status in ${OPEN} ${since === null ? sql`` : sql`or i.reported_at >= ${since}::timestamptz`})
               order by i.reported_at desc limit ${limit}`.execute(db);
  return r.rows;
}

export async function openIncidentsOfDistrict(db: Q, districtId: number, limit = 500): Promise<(IncRow & { station_id: number | null })[]> {
  const r = await sql<IncRow & { station_id: number | null }>`
    select ${incCols}, i.station_id from incidents i where i.status in ${OPEN} and i.district_id = ${districtId}
     order by i.reported_at desc limit ${limit}`.execute(db);
  return r.rows;
}

export async function openIncidentsByStation(db: Q, districtId: number): Promise<{ station_id: number | null; n: number }[]> {
  const r = await sql<{ station_id: number | null; n: number }>`
    select station_id, count(*)::int n from incidents where status in ${OPEN} and district_id = ${districtId} group by 1`.execute(db);
  return r.rows;
}

export async function incidentsByStationBetween(db: Q, districtId: number, from: string, to: string): Promise<{ station_id: number | null; today: number }[]> {
  const r = await sql<{ station_id: number | null; today: number }>`
    select station_id, count(*)::int today from incidents
     where district_id = ${districtId} and reported_at >= ${from}::timestamptz and reported_at < ${to}::timestamptz and status <> 'cancelled'
     group by 1`.execute(db);
  return r.rows;
}

/** Incidents per local day (YYYY-MM-DD) of [from, to); with `yearBack`, those of the same span a year before, dated a year later. */
export async function incidentsPerDay(db: Q, districtId: number, from: string, to: string, offsetMinutes: number, yearBack: boolean): Promise<{ day: string; n: number }[]> {
  const off = `${offsetMinutes} minutes`;
  const r = yearBack
    ? await sql<{ day: string; n: number }>`
        select to_char((reported_at + interval '1 year') + ${off}::interval, 'YYYY-MM-DD') as day, count(*)::int n from incidents
         where district_id = ${districtId} and reported_at >= ${from}::timestamptz - interval '1 year' and reported_at < ${to}::timestamptz - interval '1 year'
           and status <> 'cancelled'
         group by 1`.execute(db)
    : await sql<{ day: string; n: number }>`
        select to_char(reported_at + ${off}::interval, 'YYYY-MM-DD') as day, count(*)::int n from incidents
         where district_id = ${districtId} and reported_at >= ${from}::timestamptz and reported_at < ${to}::timestamptz and status <> 'cancelled'
         group by 1`.execute(db);
  return r.rows;
}

/** Units whose home area is one of the areas, by home area and status; stale = no position since `staleBefore`. */
export async function unitsByStatus(db: Q, areaIds: number[], staleBefore: string): Promise<{ station_id: number | null; status: string; n: number; stale: number }[]> {
  const r = await sql<{ station_id: number | null; status: string; n: number; stale: number }>`
    select home_area_id station_id, status, count(*)::int n,
           count(*) filter (where position_at is null or position_at < ${staleBefore}::timestamptz)::int stale
      from units where home_area_id = any(${sql.val(areaIds)}::int[]) group by 1, 2`.execute(db);
  return r.rows;
}

// ---------------------------------------------------------------- tasks

export interface CountsRow {
  due: number;
  done: number;
  on_time: number;
  overdue: number;
  yellow: number;
  red: number;
}
const countsSql = sql`count(*)::int due, count(*) filter (where i.status = 'done')::int done,
  count(*) filter (where i.status = 'done' and not i.late)::int on_time, count(*) filter (where i.status = 'overdue')::int overdue,
  count(*) filter (where i.supervision = 'yellow')::int yellow, count(*) filter (where i.supervision = 'red')::int red`;

/**
 * THE definition of the tasks of a local day [from, to), for every screen (checklist, station rows, the drawer, the
 * big screen): core's `isTaskOfDay`. Not cancelled, opened by the day's end, not done before the day, and due after
 * its start or done during it (a task completed today counts for today; one done on an earlier day does not).
 */
export const ofDaySql = (from: string, to: string) =>
  sql`(i.status <> 'cancelled' and i.period_start < ${to}::timestamptz
       and (i.done_at is null or i.done_at >= ${from}::timestamptz)
       and (i.due_at > ${from}::timestamptz or i.done_at < ${to}::timestamptz))`;
const dueIn = ofDaySql;
const ofStations = (stationIds: number[]) => sql`i.station_id = any(${sql.val(stationIds.length ? stationIds : [0])}::int[])`;

/** Counts of the tasks of the day of the stations, in total. */
export async function dayCounts(db: Q, stationIds: number[], from: string, to: string): Promise<CountsRow | undefined> {
  return (await sql<CountsRow>`select ${countsSql} from task_instances i where ${ofStations(stationIds)} and ${dueIn(from, to)}`.execute(db)).rows[0];
}

export async function dayCountsByStation(db: Q, stationIds: number[], from: string, to: string): Promise<(CountsRow & { station_id: number })[]> {
  const r = await sql<CountsRow & { station_id: number }>`
    select i.station_id, ${countsSql} from task_instances i where ${ofStations(stationIds)} and ${dueIn(from, to)} group by 1`.execute(db);
  return r.rows;
}

export async function dayCountsByOfficer(db: Q, stationId: number, from: string, to: string): Promise<(CountsRow & { person_id: number; name: string })[]> {
  const r = await sql<CountsRow & { person_id: number; name: string }>`
    select i.person_id, p.name, ${countsSql} from task_instances i join people p on p.id = i.person_id
     where i.station_id = ${stationId} and ${dueIn(from, to)} group by 1, 2`.execute(db);
  return r.rows;
}

export interface BacklogRow {
  overdue: number;
  yellow: number;
  red: number;
}

/** Each officer's backlog now, whatever the day: tasks of any day still overdue or carrying a yellow or red card. */
export async function backlogByOfficer(db: Q, stationId: number): Promise<(BacklogRow & { person_id: number; name: string })[]> {
  const r = await sql<BacklogRow & { person_id: number; name: string }>`
    select i.person_id, p.name, count(*) filter (where i.status = 'overdue')::int overdue,
           count(*) filter (where i.supervision = 'yellow')::int yellow, count(*) filter (where i.supervision = 'red')::int red
      from task_instances i join people p on p.id = i.person_id
     where i.station_id = ${stationId} and i.status in ('open','overdue') and (i.status = 'overdue' or i.supervision in ('yellow','red'))
     group by 1, 2`.execute(db);
  return r.rows;
}

/** The open backlog of every day per station (partial index on open / overdue tasks). */
export async function backlogByStation(db: Q, stationIds: number[]): Promise<(BacklogRow & { station_id: number })[]> {
  const r = await sql<BacklogRow & { station_id: number }>`
    select i.station_id, count(*) filter (where i.status = 'overdue')::int overdue,
           count(*) filter (where i.supervision = 'yellow')::int yellow, count(*) filter (where i.supervision = 'red')::int red
      from task_instances i
     where i.status in ('open','overdue') and ${ofStations(stationIds)}
       and (i.status = 'overdue' or i.supervision in ('yellow','red'))
     group by 1`.execute(db);
  return r.rows;
}
