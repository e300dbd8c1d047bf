// SQL of the Excel exchange: the look-ups from the codes and names a file carries to ids, and the rows of an export.
import { sql } from 'kysely';
import type { Db } from '../../db/client';

export interface NamedRow {
  id: number;
  code: string;
  name: string;
}

export async function agencies(db: Db): Promise<NamedRow[]> {
  return db.selectFrom('agencies').select(['id', 'code', 'name']).where('active', '=', true).orderBy('id').execute();
}

export async function teams(db: Db): Promise<NamedRow[]> {
  return db.selectFrom('teams').select(['id', 'code', 'name']).where('active', '=', true).orderBy('id').execute();
}

/** Active people by code (their ids), and the codes of people by id (for exports). */
export async function peopleByCode(db: Db, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const r = await db.selectFrom('people').select(['id', 'code']).where('active', '=', true).where('code', 'in', codes).execute();
  return new Map(r.map((x) => [x.code, x.id]));
}

export async function personCodes(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const r = await db.selectFrom('people').select(['id', 'code']).where('id', 'in', ids).execute();
  return new Map(r.map((x) => [x.id, x.code]));
}

export interface UnitState {
  id: number;
  callsign: string;
  type: string;
  echelon: number;
  team_id: number | null;
  home_area_id: number | null;
  patrol_tier: string | null;
  version: number;
  member_ids: number[];
}

/** Active units by callsign, with what an import may change. */
export async function unitsByCallsign(db: Db, callsigns: string[]): Promise<Map<string, UnitState>> {
  if (callsigns.length === 0) return new Map();
  const r = await sql<UnitState>`
    select u.id, u.callsign, u.type, u.echelon, u.team_id, u.home_area_id, u.patrol_tier, u.version,
           coalesce((select array_agg(m.person_id order by m.person_id) from unit_members m where m.unit_id = u.id), '{}') member_ids
      from units u
     where u.active and u.callsign = any(${callsigns}::text[])`.execute(db);
  return new Map(r.rows.map((x) => [x.callsign, x]));
}

/** Active units whose home area is among `homeAreaIds` (null: all), for the export. */
export async function unitsForExport(db: Db, homeAreaIds: number[] | null): Promise<(UnitState & { member_codes: string[] })[]> {
  const r = await sql<UnitState & { member_codes: string[] }>`
    select u.id, u.callsign, u.type, u.echelon, u.team_id, u.home_area_id, u.patrol_tier, u.version, '{}'::int[] member_ids,
           coalesce((select array_agg(p.code order by p.code) from unit_members m join people p on p.id = m.person_id where m.unit_id = u.id), '{}') member_codes
      from units u
     where u.active and (${homeAreaIds}::int[] is null or u.home_area_id = any(${homeAreaIds}::int[]))
     order by u.echelon, u.callsign`.execute(db);
  return r.rows;
}

export async function unitCallsigns(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const r = await db.selectFrom('units').select(['id', 'callsign']).where('id', 'in', ids).execute();
  return new Map(r.map((x) => [x.id, x.callsign]));
}

/** A savepoint around one row (or roster day) of an import, so a refused row leaves the transaction usable. */
export async function savepoint(tx: Db, what: 'savepoint' | 'release savepoint' | 'rollback to savepoint'): Promise<void> {
  await sql.raw(`${what} exchange_row`).execute(tx);
}
