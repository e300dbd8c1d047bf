// All SQL of the duty roster (值班表): one roster per station and day (duty leader, note, version) and its duties
// (person x duty x time window), replaced as a whole on each save.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

type Q = Db | Transaction<DB>;

export interface RosterRow {
  id: number;
  station_id: number;
  day: string;
  leader_id: number | null;
  leader_name: string | null;
  note: string;
  version: number;
}

export interface ShiftRow {
  id: number;
  roster_id: number;
  person_id: number;
  person_name: string;
  duty: string;
  starts_at: string;
  ends_at: string;
  unit_id: number | null;
}

/** Rosters of the stations (null: all) from `from` for `days` days. */
export async function rosters(db: Q, stationIds: number[] | null, from: string, days: number): Promise<RosterRow[]> {
  const r = await sql<RosterRow>`
    select r.id, r.station_id, to_char(r.day, 'YYYY-MM-DD') as day, r.leader_id, p.name leader_name, r.note, r.version
      from duty_rosters r left join people p on p.id = r.leader_id
     where r.day >= ${from}::date and r.day < ${from}::date + ${days}::int
       and (${stationIds}::int[] is null or r.station_id = any(${stationIds}::int[]))
     order by r.day, r.station_id`.execute(db);
  return r.rows;
}

export async function rosterOf(db: Q, stationId: number, day: string): Promise<RosterRow | undefined> {
  const r = await sql<RosterRow>`
    select r.id, r.station_id, to_char(r.day, 'YYYY-MM-DD') as day, r.leader_id, p.name leader_name, r.note, r.version
      from duty_rosters r left join people p on p.id = r.leader_id
     where r.station_id = ${stationId} and r.day = ${day}::date`.execute(db);
  return r.rows[0];
}

export async function shiftsOf(db: Q, rosterIds: number[]): Promise<ShiftRow[]> {
  if (rosterIds.length === 0) return [];
  const r = await sql<ShiftRow>`
    select s.id, s.roster_id, s.person_id, p.name person_name, s.duty, s.starts_at, s.ends_at, s.unit_id
      from duty_shifts s join people p on p.id = s.person_id
     where s.roster_id = any(${rosterIds}::int[])
     order by s.starts_at, s.duty, s.id`.execute(db);
  return r.rows;
}

export async function insertRoster(db: Q, r: { stationId: number; day: string; leaderId: number | null; note: string; at: string }): Promise<number> {
  const row = await db
    .insertInto('duty_rosters')
    .values({ station_id: r.stationId, day: r.day, leader_id: r.leaderId, note: r.note, updated_at: r.at })
    .onConflict((oc) => oc.columns(['station_id', 'day']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? 0;
}

export function updateRoster(db: Q, id: number, version: number, set: { leader_id: number | null; note: string; updated_at: string }): Promise<number> {
  return updateVersioned(db, 'duty_rosters', id, set, { version });
}

export async function replaceShifts(
  db: Q,
  rosterId: number,
  shifts: { personId: number; duty: string; startsAt: string; endsAt: string; unitId: number | null }[],
): Promise<void> {
  await db.deleteFrom('duty_shifts').where('roster_id', '=', rosterId).execute();
  if (shifts.length === 0) return;
  await db
    .insertInto('duty_shifts')
    .values(shifts.map((s) => ({ roster_id: rosterId, person_id: s.personId, duty: s.duty, starts_at: s.startsAt, ends_at: s.endsAt, unit_id: s.unitId })))
    .execute();
}

/** Duties running at `at` in the stations (null: all), with their roster's station and leader. */
export async function onDutyAt(db: Q, stationIds: number[] | null, at: string) {
  const r = await sql<ShiftRow & { station_id: number; leader_id: number | null; leader_name: string | null }>`
    select s.id, s.roster_id, s.person_id, p.name person_name, s.duty, s.starts_at, s.ends_at, s.unit_id,
           r.station_id, r.leader_id, l.name leader_name
      from duty_shifts s join duty_rosters r on r.id = s.roster_id join people p on p.id = s.person_id
      left join people l on l.id = r.leader_id
     where s.starts_at <= ${at}::timestamptz and s.ends_at > ${at}::timestamptz
       and (${stationIds}::int[] is null or r.station_id = any(${stationIds}::int[]))
     order by r.station_id, s.duty, p.name`.execute(db);
  return r.rows;
}

/** Duties tied to any of the units running at `at` (the roll call's expected people of those units). */
export async function unitDutiesAt(db: Q, unitIds: number[], at: string) {
  if (unitIds.length === 0) return [];
  const r = await sql<{ person_id: number; person_name: string; duty: string; starts_at: string; ends_at: string; unit_id: number }>`
    select s.person_id, p.name person_name, s.duty, s.starts_at, s.ends_at, s.unit_id
      from duty_shifts s join people p on p.id = s.person_id
     where s.unit_id = any(${unitIds}::int[]) and s.starts_at <= ${at}::timestamptz and s.ends_at > ${at}::timestamptz
     order by s.unit_id, p.name, s.person_id`.execute(db);
  return r.rows;
}

/**
 * The staffing of units at `at`: the stations that keep a roster on the local day `day`, and the units someone is
 * on duty on at `at` (a duty naming the unit, or a duty naming no unit of a person who is one of its members).
 */
export async function staffingAt(db: Q, day: string, at: string): Promise<{ stations: number[]; units: number[] }> {
  const [st, un] = await Promise.all([
    sql<{ station_id: number }>`select distinct station_id from duty_rosters where day = ${day}::date`.execute(db),
    sql<{ unit_id: number }>`
      select distinct coalesce(s.unit_id, m.unit_id) unit_id
        from duty_shifts s left join unit_members m on s.unit_id is null and m.person_id = s.person_id
       where s.starts_at <= ${at}::timestamptz and s.ends_at > ${at}::timestamptz
         and coalesce(s.unit_id, m.unit_id) is not null`.execute(db),
  ]);
  return { stations: st.rows.map((r) => r.station_id), units: un.rows.map((r) => r.unit_id) };
}

/**
 * The duty leader (值班领导) of a station at `at`: the leader of the roster (of the local day `day` or the day before)
 * whose duties are running then, else the leader of the day's roster; null if none is named.
 */
export async function dutyLeaderAt(db: Q, stationId: number, day: string, at: string): Promise<number | null> {
  const r = await sql<{ leader_id: number }>`
    select r.leader_id from duty_rosters r
     where r.station_id = ${stationId} and r.leader_id is not null and r.day between ${day}::date - 1 and ${day}::date
     order by exists (select 1 from duty_shifts s where s.roster_id = r.id and s.starts_at <= ${at}::timestamptz and s.ends_at > ${at}::timestamptz) desc,
              (r.day = ${day}::date) desc
     limit 1`.execute(db);
  return r.rows[0]?.leader_id ?? null;
}
