// SQL of the tasks module about people and users: who a user is, people's areas (scope), assignees, recipients.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../../db/client';
import type { DB } from '../../../db/schema';

type Q = Db | Transaction<DB>;

/** The person (people.id) a user is, or null. */
export async function personIdOfUser(db: Q, userId: number): Promise<number | null> {
  const r = await db.selectFrom('users').select('person_id').where('id', '=', userId).executeTakeFirst();
  return r?.person_id ?? null;
}

export interface PersonAreasRow {
  id: number;
  name: string;
  agency_area: number | null;
  areas: number[] | null;
}

/** People with their agency's area and their live responsibility areas. */
export async function personAreaRows(db: Q, personIds: number[]): Promise<PersonAreasRow[]> {
  if (personIds.length === 0) return [];
  const r = await sql<PersonAreasRow>`
    select p.id, p.name, ag.area_id agency_area,
           (select array_agg(pa.area_id) from person_areas pa where pa.person_id = p.id and pa.valid_to is null) areas
      from people p join agencies ag on ag.id = p.agency_id
     where p.id = any(${sql.val(personIds)}::int[])`.execute(db);
  return r.rows;
}

/** Active members of a team. */
export async function activeTeamMembers(db: Q, teamId: number): Promise<number[]> {
  return (await db.selectFrom('people').select('id').where('team_id', '=', teamId).where('active', '=', true).orderBy('id').execute()).map((r) => r.id);
}

/** Active police with a live responsibility for one of the areas. */
export async function policeResponsibleFor(db: Q, areaIds: number[]): Promise<number[]> {
  const r = await sql<{ id: number }>`
    select distinct p.id from people p join person_areas pa on pa.person_id = p.id
     where pa.area_id = any(${sql.val(areaIds)}::int[]) and pa.valid_to is null and p.active and p.role = 'police' order by p.id`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function teamArea(db: Q, teamId: number): Promise<{ id: number; area_id: number | null } | undefined> {
  return db.selectFrom('teams').select(['id', 'area_id']).where('id', '=', teamId).executeTakeFirst();
}

export async function personName(db: Q, personId: number): Promise<string | null> {
  return (await db.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirst())?.name ?? null;
}

/** A person's live responsibility areas (ids). */
export async function liveAreasOf(db: Q, personId: number): Promise<number[]> {
  return (await db.selectFrom('person_areas').select('area_id').where('person_id', '=', personId).where('valid_to', 'is', null).execute()).map((a) => a.area_id);
}

/** Of a person's responsibility areas valid at `at`: how many, and how many cover the point. */
export async function areasCoveringPoint(db: Q, personId: number, lon: number, lat: number, at: string): Promise<{ n: number; areas: number }> {
  const r = await sql<{ n: number; areas: number }>`
    select count(*) filter (where st_covers(a.geom, st_setsrid(st_makepoint(${lon}, ${lat}), 4326)))::int n, count(*)::int areas
      from person_areas pa join areas a on a.id = pa.area_id
     where pa.person_id = ${personId} and pa.valid_from <= ${at}::timestamptz and (pa.valid_to is null or pa.valid_to > ${at}::timestamptz)`.execute(db);
  return r.rows[0]!;
}

/** Active users who are one of the people. */
export async function activeUsersOfPeople(db: Q, personIds: number[]): Promise<number[]> {
  if (personIds.length === 0) return [];
  return (await db.selectFrom('users').select('id').where('person_id', 'in', personIds).where('active', '=', true).execute()).map((u) => u.id);
}

/** Active users of the given roles, with their scope area. */
export async function activeUsersInRoles(db: Q, roles: string[]): Promise<{ id: number; role: string; scope_area_id: number | null }[]> {
  return db.selectFrom('users').select(['id', 'role', 'scope_area_id']).where('active', '=', true).where('role', 'in', roles).execute();
}

/** Officer subjects: active police responsible for a community, grid, zone or police grid, and anyone with tasks. */
export async function officerSubjects(db: Q): Promise<{ id: number; name: string }[]> {
  const r = await sql<{ id: number; name: string }>`
    select p.id, p.name from people p
     where p.active and (
       (p.role = 'police' and exists (select 1 from person_areas pa join areas a on a.id = pa.area_id
                                       where pa.person_id = p.id and pa.valid_to is null and a.kind in ('community','grid','resp_zone','police_grid')))
       or exists (select 1 from task_instances i where i.person_id = p.id))
     order by p.id`.execute(db);
  return r.rows;
}
