// SQL of houses, persons, residencies, units and employees, and the registry's change history.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../../db/client';
import type { DB } from '../../../db/schema';
import { updateVersioned } from '../../../db/versioned';

type Conn = Db | Transaction<DB>;

// ---------------------------------------------------------------- houses
export interface HouseRow {
  id: number;
  address_id: number;
  owner_name_masked: string | null;
  use: string;
  rented: boolean;
  note: string | null;
  version: number;
}

export async function insertHouse(db: Conn, h: { address_id: number; owner_name_enc: string | null; owner_name_masked: string | null; use: string; rented: boolean; note: string | null }): Promise<number> {
  const r = await db.insertInto('houses').values(h).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getHouse(db: Conn, id: number): Promise<HouseRow | null> {
  const r = await db.selectFrom('houses').select(['id', 'address_id', 'owner_name_masked', 'use', 'rented', 'note', 'version']).where('id', '=', id).executeTakeFirst();
  return r ?? null;
}

export async function housesAt(db: Conn, addressId: number): Promise<HouseRow[]> {
  return db.selectFrom('houses').select(['id', 'address_id', 'owner_name_masked', 'use', 'rented', 'note', 'version']).where('address_id', '=', addressId).orderBy('id').execute();
}

export async function updateHouse(
  db: Conn,
  id: number,
  version: number,
  set: { use?: string; rented?: boolean; note?: string | null; owner_name_enc?: string | null; owner_name_masked?: string | null },
): Promise<number> {
  return updateVersioned(db, 'houses', id, { ...set, updated_at: new Date().toISOString() }, { version });
}

// ---------------------------------------------------------------- persons
export interface PersonRow {
  id: number;
  name_masked: string;
  id_no_masked: string;
  phone_masked: string | null;
  gender: string | null;
  birth_date: string | null;
  status: string;
  merged_into: number | null;
  version: number;
}
const personCols = ['id', 'name_masked', 'id_no_masked', 'phone_masked', 'gender', 'birth_date', 'status', 'merged_into', 'version'] as const;

export interface NewPerson {
  name_enc: string;
  name_masked: string;
  name_hash: string;
  id_no_enc: string;
  id_no_masked: string;
  id_no_hash: string;
  phone_enc: string | null;
  phone_masked: string | null;
  phone_hash: string | null;
  gender: string | null;
  birth_date: string | null;
}

/** Inserts a person; null when a live record has this ID number (the unique blind index). */
export async function insertPerson(db: Conn, p: NewPerson): Promise<number | null> {
  const r = await sql<{ id: number }>`
    insert into persons (name_enc, name_masked, name_hash, id_no_enc, id_no_masked, id_no_hash, phone_enc, phone_masked, phone_hash, gender, birth_date)
    values (${p.name_enc}, ${p.name_masked}, ${p.name_hash}, ${p.id_no_enc}, ${p.id_no_masked}, ${p.id_no_hash}, ${p.phone_enc}, ${p.phone_masked},
            ${p.phone_hash}, ${p.gender}, ${p.birth_date}::date)
    on conflict (id_no_hash) where status <> 'merged' do nothing
    returning id`.execute(db);
  return r.rows[0]?.id ?? null;
}

export async function personByIdHash(db: Conn, hash: string): Promise<number | null> {
  const r = await db.selectFrom('persons').select('id').where('id_no_hash', '=', hash).where('status', '<>', 'merged').executeTakeFirst();
  return r?.id ?? null;
}

export async function getPerson(db: Conn, id: number): Promise<PersonRow | null> {
  const r = await db.selectFrom('persons').select([...personCols, sql<string | null>`birth_date::text`.as('birth_date')]).where('id', '=', id).executeTakeFirst();
  return r ?? null;
}

export async function personSecrets(db: Conn, id: number): Promise<{ name_enc: string; id_no_enc: string; phone_enc: string | null } | null> {
  const r = await db.selectFrom('persons').select(['name_enc', 'id_no_enc', 'phone_enc']).where('id', '=', id).executeTakeFirst();
  return r ?? null;
}

/** Persons by blind index (ID number, phone or name), those visible in the scope only (null = all), at most 100. */
export async function findPersons(db: Conn, by: { id_no_hash?: string; phone_hash?: string; name_hash?: string }, scope: readonly number[] | null): Promise<PersonRow[]> {
  let q = db.selectFrom('persons').select([...personCols, sql<string | null>`birth_date::text`.as('birth_date')]);
  if (by.id_no_hash) q = q.where('id_no_hash', '=', by.id_no_hash);
  if (by.phone_hash) q = q.where('phone_hash', '=', by.phone_hash);
  if (by.name_hash) q = q.where('name_hash', '=', by.name_hash);
  if (scope !== null) q = q.where(sql<boolean>`id in (select r.person_id from residencies r join houses h on h.id = r.house_id join addresses a on a.id = h.address_id
                                                 where a.area_ids && ${sql.val([...scope])}::int[]
                                                 union select e.person_id from registry_unit_employees e join registry_units u on u.id = e.unit_id
                                                 join addresses a on a.id = u.address_id where a.area_ids && ${sql.val([...scope])}::int[])`);
  return q.orderBy('id').limit(100).execute();
}

/** The area ids of every address a person lives or lived at or works or worked at (scope of a person). */
export async function personAreaIds(db: Conn, id: number): Promise<number[]> {
  const r = await sql<{ ids: number[] | null }>`
    select array(select distinct unnest(a.area_ids) from addresses a
                  where a.id in (select h.address_id from residencies r join houses h on h.id = r.house_id where r.person_id = ${id}
                                 union select u.address_id from registry_unit_employees e join registry_units u on u.id = e.unit_id where e.person_id = ${id})) ids`.execute(db);
  return r.rows[0]?.ids ?? [];
}

export async function updatePerson(db: Conn, id: number, version: number, set: Partial<Pick<NewPerson, 'name_enc' | 'name_masked' | 'name_hash' | 'phone_enc' | 'phone_masked' | 'phone_hash'>> & { status?: string; merged_into?: number | null }, from?: string): Promise<number> {
  return updateVersioned(db, 'persons', id, { ...set, updated_at: new Date().toISOString() }, { version, ...(from ? { from } : {}) });
}

// ---------------------------------------------------------------- residencies
export interface ResidencyRow {
  id: number;
  person_id: number;
  house_id: number;
  relation: string;
  arrived_on: string | null;
  left_on: string | null;
  version: number;
}
const residencyCols = sql`r.id, r.person_id, r.house_id, r.relation, r.arrived_on::text arrived_on, r.left_on::text left_on, r.version`;

export async function insertResidency(db: Conn, r: { person_id: number; house_id: number; relation: string; arrived_on: string | null }): Promise<number> {
  const x = await db.insertInto('residencies').values(r).returning('id').executeTakeFirstOrThrow();
  return x.id;
}

export async function getResidency(db: Conn, id: number): Promise<ResidencyRow | null> {
  const r = await sql<ResidencyRow>`select ${residencyCols} from residencies r where r.id = ${id}`.execute(db);
  return r.rows[0] ?? null;
}

export async function residenciesOf(db: Conn, personId: number): Promise<(ResidencyRow & { address_label: string })[]> {
  const r = await sql<ResidencyRow & { address_label: string }>`
    select ${residencyCols}, a.label address_label from residencies r join houses h on h.id = r.house_id join addresses a on a.id = h.address_id
     where r.person_id = ${personId} order by r.left_on nulls first, r.id`.execute(db);
  return r.rows;
}

/** The residents of the houses at an address (residency and masked person), current first. */
export async function residentsAt(db: Conn, addressId: number): Promise<(ResidencyRow & Omit<PersonRow, 'id' | 'version'> & { person_version: number })[]> {
  const r = await sql<ResidencyRow & Omit<PersonRow, 'id' | 'version'> & { person_version: number }>`
    select ${residencyCols}, p.name_masked, p.id_no_masked, p.phone_masked, p.gender, p.birth_date::text birth_date, p.status, p.merged_into, p.version person_version
      from residencies r join houses h on h.id = r.house_id join persons p on p.id = r.person_id
     where h.address_id = ${addressId} order by r.left_on nulls first, r.id`.execute(db);
  return r.rows;
}

export async function leaveResidency(db: Conn, id: number, version: number, leftOn: string): Promise<number> {
  return updateVersioned(db, 'residencies', id, { left_on: leftOn, updated_at: new Date().toISOString() }, { version });
}

/** Moves a merged person's residencies and employments to the record kept. */
export async function repointPerson(db: Conn, from: number, to: number): Promise<void> {
  await db.updateTable('residencies').set({ person_id: to }).where('person_id', '=', from).execute();
  await db.updateTable('registry_unit_employees').set({ person_id: to }).where('person_id', '=', from).execute();
}

// ---------------------------------------------------------------- units and employees
export interface UnitRow {
  id: number;
  name: string;
  kind: string;
  credit_code: string | null;
  address_id: number;
  version: number;
}

export async function insertUnit(db: Conn, u: Omit<UnitRow, 'id' | 'version'>): Promise<number> {
  const r = await db.insertInto('registry_units').values(u).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getUnit(db: Conn, id: number): Promise<UnitRow | null> {
  const r = await db.selectFrom('registry_units').select(['id', 'name', 'kind', 'credit_code', 'address_id', 'version']).where('id', '=', id).executeTakeFirst();
  return r ?? null;
}

export async function unitsAt(db: Conn, addressId: number): Promise<UnitRow[]> {
  return db.selectFrom('registry_units').select(['id', 'name', 'kind', 'credit_code', 'address_id', 'version']).where('address_id', '=', addressId).orderBy('id').execute();
}

export interface EmployeeRow {
  id: number;
  unit_id: number;
  person_id: number;
  name_masked: string;
  role: string | null;
  from_on: string | null;
  to_on: string | null;
}

export async function insertEmployee(db: Conn, e: { unit_id: number; person_id: number; role: string | null; from_on: string | null }): Promise<number> {
  const r = await db.insertInto('registry_unit_employees').values(e).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function employeesOf(db: Conn, unitIds: readonly number[]): Promise<EmployeeRow[]> {
  if (!unitIds.length) return [];
  const r = await sql<EmployeeRow>`
    select e.id, e.unit_id, e.person_id, p.name_masked, e.role, e.from_on::text from_on, e.to_on::text to_on
      from registry_unit_employees e join persons p on p.id = e.person_id
     where e.unit_id = any(${sql.val([...unitIds])}::int[]) order by e.id`.execute(db);
  return r.rows;
}

// ---------------------------------------------------------------- history
export interface HistoryRow {
  at: string;
  entity: string;
  entity_id: number;
  action: string;
  changes: unknown;
  username: string;
}

export async function appendHistory(db: Conn, h: { entity: string; entity_id: number; action: string; changes: Record<string, unknown>; user_id: number | null; username: string }): Promise<void> {
  await db.insertInto('registry_history').values({ ...h, changes: JSON.stringify(h.changes) }).execute();
}

export async function appendHistoryMany(db: Conn, rows: readonly { entity: string; entity_id: number; action: string; changes: Record<string, unknown>; user_id: number | null; username: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await db.insertInto('registry_history').values(rows.slice(i, i + 2000).map((h) => ({ ...h, changes: JSON.stringify(h.changes) }))).execute();
  }
}

export async function historyOf(db: Conn, refs: readonly { entity: string; id: number }[]): Promise<HistoryRow[]> {
  if (!refs.length) return [];
  const r = await sql<HistoryRow>`
    select at, entity, entity_id, action, changes, username from registry_history
     where (entity, entity_id) in (${sql.join(refs.map((x) => sql`(${x.entity}, ${x.id})`))})
     order by at desc, id desc limit 200`.execute(db);
  return r.rows;
}

/** The audit log entries about a person (who looked at them, why). */
export async function auditOfPerson(db: Conn, personId: number): Promise<{ at: string; username: string; action: string; detail: unknown }[]> {
  return db
    .selectFrom('audit_log')
    .select(['at', 'username', 'action', 'detail'])
    .where('resource_type', '=', 'resident')
    .where('resource_id', '=', String(personId))
    .orderBy('at', 'desc')
    .limit(500)
    .execute();
}
