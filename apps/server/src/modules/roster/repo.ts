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

export async function shiftsOf(db: Q, rosterIds: number[]): Promise<(ShiftRow & { on_leave: boolean })[]> {
  if (rosterIds.length === 0) return [];
  const r = await sql<ShiftRow & { on_leave: boolean }>`
    select s.id, s.roster_id, s.person_id, p.name person_name, s.duty, s.starts_at, s.ends_at, s.unit_id,
           exists (select 1 from person_leaves l where l.person_id = s.person_id and l.cancelled_at is null
                      and l.starts_at < s.ends_at and l.ends_at > s.starts_at) on_leave
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
     where s.starts_at <= ${at}::timestamptz and s.ends_at > ${at}::timestamptz and not exists (select 1 from person_leaves l where l.person_id = s.person_id and l.cancelled_at is null and l.starts_at <= ${at}::timestamptz and l.ends_at > ${at}::timestamptz)
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
       and not exists (select 1 from person_leaves l where l.person_id = s.person_id and l.cancelled_at is null and l.starts_at <= ${at}::timestamptz and l.ends_at > ${at}::timestamptz)
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
         and coalesce(s.unit_id, m.unit_id) is not null and not exists (select 1 from person_leaves l where l.person_id = s.person_id and l.cancelled_at is null and l.starts_at <= ${at}::timestamptz and l.ends_at > ${at}::timestamptz)`.execute(db),
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

// ---------------------------------------------------------------- leave and swaps

export interface LeaveRow {
  id: number;
  person_id: number;
  person_name: string;
  kind: string;
  starts_at: string;
  ends_at: string;
  note: string;
  created_by_name: string;
  created_at: string;
  cancelled_at: string | null;
  version: number;
}

const LEAVE_COLS = sql`l.id, l.person_id, p.name person_name, l.kind, l.starts_at, l.ends_at, l.note, l.created_by_name, l.created_at, l.cancelled_at, l.version`;

/** Leaves overlapping [from, to) of the people given (null: everyone), newest start first. */
export async function leavesBetween(db: Q, personIds: number[] | null, from: string, to: string): Promise<LeaveRow[]> {
  const r = await sql<LeaveRow>`
    select ${LEAVE_COLS} from person_leaves l join people p on p.id = l.person_id
     where l.starts_at < ${to}::timestamptz and l.ends_at > ${from}::timestamptz
       and (${personIds}::int[] is null or l.person_id = any(${personIds}::int[]))
     order by l.starts_at desc, l.id desc`.execute(db);
  return r.rows;
}

export async function leaveRow(db: Q, id: number): Promise<LeaveRow | undefined> {
  const r = await sql<LeaveRow>`select ${LEAVE_COLS} from person_leaves l join people p on p.id = l.person_id where l.id = ${id}`.execute(db);
  return r.rows[0];
}

export async function insertLeave(db: Q, l: { personId: number; kind: string; startsAt: string; endsAt: string; note: string; by: string; at: string }): Promise<number> {
  const r = await db
    .insertInto('person_leaves')
    .values({ person_id: l.personId, kind: l.kind, starts_at: l.startsAt, ends_at: l.endsAt, note: l.note, created_by_name: l.by, created_at: l.at, cancelled_at: null, cancelled_by_name: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function cancelLeave(db: Q, id: number, version: number, by: string, at: string): Promise<number> {
  return updateVersioned(db, 'person_leaves', id, { cancelled_at: at, cancelled_by_name: by }, { version });
}

/** Live (not cancelled) leaves of a person overlapping [from, to). */
export async function overlappingLeaves(db: Q, personId: number, from: string, to: string): Promise<{ id: number }[]> {
  return db.selectFrom('person_leaves').select('id').where('person_id', '=', personId).where('cancelled_at', 'is', null).where('starts_at', '<', to).where('ends_at', '>', from).execute();
}

/** The duties of a person overlapping [from, to), with their roster's station and day. */
export async function dutiesOverlapping(db: Q, personId: number, from: string, to: string) {
  const r = await sql<{ station_id: number; day: string; duty: string; starts_at: string; ends_at: string }>`
    select r.station_id, to_char(r.day, 'YYYY-MM-DD') as day, s.duty, s.starts_at, s.ends_at
      from duty_shifts s join duty_rosters r on r.id = s.roster_id
     where s.person_id = ${personId} and s.starts_at < ${to}::timestamptz and s.ends_at > ${from}::timestamptz
     order by s.starts_at`.execute(db);
  return r.rows;
}

/** A duty with its roster (locked for the swap). */
export async function shiftForUpdate(db: Q, id: number) {
  const r = await sql<{ id: number; roster_id: number; person_id: number; starts_at: string; ends_at: string; station_id: number; day: string; version: number }>`
    select s.id, s.roster_id, s.person_id, s.starts_at, s.ends_at, r.station_id, to_char(r.day, 'YYYY-MM-DD') as day, r.version
      from duty_shifts s join duty_rosters r on r.id = s.roster_id where s.id = ${id} for update of s, r`.execute(db);
  return r.rows[0];
}

export async function setShiftPerson(db: Q, id: number, personId: number): Promise<void> {
  await db.updateTable('duty_shifts').set({ person_id: personId }).where('id', '=', id).execute();
}

export async function bumpRoster(db: Q, id: number, version: number, at: string): Promise<number> {
  return updateVersioned(db, 'duty_rosters', id, { updated_at: at }, { version });
}

export async function insertSwap(db: Q, s: { aRoster: number; bRoster: number; aPerson: number; bPerson: number; aStarts: string; bStarts: string; reason: string; by: string; at: string }): Promise<void> {
  await db
    .insertInto('duty_swaps')
    .values({ a_roster_id: s.aRoster, b_roster_id: s.bRoster, a_person_id: s.aPerson, b_person_id: s.bPerson, a_starts_at: s.aStarts, b_starts_at: s.bStarts, reason: s.reason, created_by_name: s.by, created_at: s.at })
    .execute();
}
