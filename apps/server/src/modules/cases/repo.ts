// SQL of cases in hand (issue 17): cases, their officers, people, places, items, steps (stage entries with their
// deadlines), timeline, the configurable statutory limits, and the counts behind the indicators.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

type Conn = Db | Transaction<DB>;

export interface CaseRow {
  id: number;
  case_no: string;
  kind: string;
  category: string;
  title: string;
  summary: string;
  status: string;
  version: number;
  incident_id: number | null;
  fraud_warning_id: number | null;
  dispute_ids: number[];
  station_id: number | null;
  area_ids: number[];
  team_id: number | null;
  team_name: string | null;
  opened_at: string;
  filed_at: string | null;
  solved_at: string | null;
  ended_at: string | null;
  last_activity_at: string;
  /** The open step's deadline (null: none). */
  due_at: string | null;
  step_from: string | null;
  limit_key: string | null;
}

function selectCases(db: Conn) {
  return db
    .selectFrom('cases as c')
    .leftJoin('teams as t', 't.id', 'c.team_id')
    .leftJoin('case_steps as s', (j) => j.onRef('s.case_id', '=', 'c.id').on('s.left_at', 'is', null))
    .select([
      'c.id', 'c.case_no', 'c.kind', 'c.category', 'c.title', 'c.summary', 'c.status', 'c.version', 'c.incident_id', 'c.fraud_warning_id',
      'c.dispute_ids', 'c.station_id', 'c.area_ids', 'c.team_id', 't.name as team_name', 'c.opened_at', 'c.filed_at', 'c.solved_at', 'c.ended_at',
      'c.last_activity_at', 's.due_at', 's.base_at as step_from', 's.limit_key',
    ]);
}

export interface CaseFilter {
  /** Cases this person works (officer of the case or member of its team). */
  personId?: number;
  /** Cases whose station or areas lie among these (null: all). */
  scopeIds?: number[] | null;
  /** Either the person's cases or the scope's (a lead sees their station's and the cases they work). */
  personOrScope?: boolean;
  kind?: string;
  status?: string;
  /** Still in hand (not ended) or ended. */
  open?: boolean;
  q?: string;
  incidentId?: number;
  fraudWarningId?: number;
  limit: number;
}

function worksOn(personId: number) {
  return sql<boolean>`(exists (select 1 from case_officers o where o.case_id = c.id and o.person_id = ${personId})
    or (c.team_id is not null and exists (select 1 from people p where p.id = ${personId} and p.team_id = c.team_id)))`;
}

export async function listCaseRows(db: Conn, f: CaseFilter): Promise<CaseRow[]> {
  let qb = selectCases(db);
  const scope = f.scopeIds ? sql<boolean>`c.area_ids && ${sql.val(f.scopeIds)}::int[]` : null;
  if (f.personOrScope && f.personId !== undefined) qb = qb.where(scope ? sql<boolean>`(${worksOn(f.personId)} or ${scope})` : sql<boolean>`true`);
  else {
    if (f.personId !== undefined) qb = qb.where(worksOn(f.personId));
    if (scope) qb = qb.where(scope);
  }
  if (f.kind) qb = qb.where('c.kind', '=', f.kind);
  if (f.status) qb = qb.where('c.status', '=', f.status);
  if (f.open !== undefined) qb = qb.where('c.ended_at', f.open ? 'is' : 'is not', null);
  if (f.incidentId !== undefined) qb = qb.where('c.incident_id', '=', f.incidentId);
  if (f.fraudWarningId !== undefined) qb = qb.where('c.fraud_warning_id', '=', f.fraudWarningId);
  if (f.q) qb = qb.where((eb) => eb.or([eb('c.title', 'like', `%${f.q}%`), eb('c.case_no', 'like', `%${f.q}%`), eb('c.category', 'like', `%${f.q}%`)]));
  return (await qb.orderBy('c.opened_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute()) as CaseRow[];
}

export async function getCaseRow(db: Conn, id: number): Promise<CaseRow | null> {
  return ((await selectCases(db).where('c.id', '=', id).executeTakeFirst()) as CaseRow | undefined) ?? null;
}

/** Whether the person works the case (officer in charge, or member of its case team). */
export async function personWorksOn(db: Conn, caseId: number, personId: number): Promise<boolean> {
  const r = await db.selectFrom('cases as c').select('c.id').where('c.id', '=', caseId).where(worksOn(personId)).executeTakeFirst();
  return !!r;
}

export async function officersOf(db: Conn, caseIds: number[]): Promise<{ case_id: number; person_id: number; name: string; lead: boolean }[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('case_officers as o')
    .innerJoin('people as p', 'p.id', 'o.person_id')
    .select(['o.case_id', 'o.person_id', 'p.name', 'o.lead'])
    .where('o.case_id', 'in', caseIds)
    .orderBy('o.case_id')
    .orderBy('o.lead', 'desc')
    .orderBy('p.id')
    .execute();
}

/** The user accounts of people (for notifications). */
export async function usersOfPeople(db: Conn, personIds: number[]): Promise<number[]> {
  if (personIds.length === 0) return [];
  return (await db.selectFrom('users').select('id').where('person_id', 'in', personIds).execute()).map((r) => r.id);
}

/** Station leads whose scope holds the station (and the district leads above it are left to their lists). */
export async function leadUsersOf(db: Conn, areaIds: number[]): Promise<number[]> {
  if (areaIds.length === 0) return [];
  return (await db.selectFrom('users').select('id').where('role', '=', 'station_lead').where('scope_area_id', 'in', areaIds).execute()).map((r) => r.id);
}

export async function personOfUser(db: Conn, userId: number): Promise<number | null> {
  const r = await db.selectFrom('users').select('person_id').where('id', '=', userId).executeTakeFirst();
  return r?.person_id ?? null;
}

export async function peopleExist(db: Conn, ids: number[]): Promise<{ id: number; active: boolean; team_id: number | null }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('people').select(['id', 'active', 'team_id']).where('id', 'in', ids).execute();
}

export async function teamOf(db: Conn, id: number): Promise<{ id: number; kind: string; area_id: number | null } | null> {
  return (await db.selectFrom('teams').select(['id', 'kind', 'area_id']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function cameraExists(db: Conn, id: number): Promise<boolean> {
  return !!(await db.selectFrom('cameras').select('id').where('id', '=', id).executeTakeFirst());
}

/** Areas (station, community, grid) holding a point. */
export async function areasAt(db: Conn, lon: number, lat: number): Promise<number[]> {
  const r = await sql<{ id: number }>`select id from areas where valid_to is null and st_intersects(geom, st_setsrid(st_makepoint(${lon}, ${lat}), 4326))`.execute(db);
  return r.rows.map((x) => x.id);
}

// ---------------------------------------------------------------- writes

export interface NewCase {
  kind: string;
  category: string;
  title: string;
  summary: string;
  status: string;
  incident_id: number | null;
  fraud_warning_id: number | null;
  dispute_ids: number[];
  station_id: number | null;
  area_ids: number[];
  team_id: number | null;
  opened_at: string;
  filed_at: string | null;
  created_by: number | null;
}

export async function insertCase(db: Conn, c: NewCase): Promise<number> {
  const r = await db.insertInto('cases').values({ ...c, last_activity_at: c.opened_at }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Officers in charge; the first is the lead unless they join a case that has one (`lead: false`). */
export async function insertOfficers(db: Conn, caseId: number, personIds: number[], lead = true): Promise<void> {
  if (personIds.length === 0) return;
  await db.insertInto('case_officers').values(personIds.map((p, i) => ({ case_id: caseId, person_id: p, lead: lead && i === 0 }))).execute();
}

export async function insertPeople(
  db: Conn,
  rows: { case_id: number; role: string; name_enc: string | null; name_masked: string | null; phone_enc: string | null; phone_masked: string | null; note: string | null; registry_person_id?: number | null }[],
): Promise<void> {
  if (rows.length) await db.insertInto('case_people').values(rows).execute();
}

export async function insertPlaces(db: Conn, caseId: number, rows: { address: string; lon?: number; lat?: number }[]): Promise<void> {
  for (const p of rows) {
    const geom = p.lon !== undefined && p.lat !== undefined ? sql`st_setsrid(st_makepoint(${p.lon}, ${p.lat}), 4326)` : null;
    await db.insertInto('case_places').values({ case_id: caseId, address: p.address, geom }).execute();
  }
}

export async function insertEvent(db: Conn, e: { case_id: number; at: string; action: string; from_status: string | null; to_status: string | null; by_user: number | null; by_name: string; note: string | null }): Promise<void> {
  await db.insertInto('case_events').values(e).execute();
}

export async function openStep(db: Conn, s: { case_id: number; stage: string; entered_at: string; limit_key: string | null; base_at: string | null; due_at: string | null }): Promise<void> {
  await db.insertInto('case_steps').values(s).execute();
}

export async function closeOpenStep(db: Conn, caseId: number, at: string): Promise<void> {
  await db.updateTable('case_steps').set({ left_at: at }).where('case_id', '=', caseId).where('left_at', 'is', null).execute();
}

/** A versioned change of the case's stage (409 STALE_VERSION when someone moved it first). */
export async function setStatus(db: Conn, id: number, v: { version: number; from: string; to: string; at: string; filed?: boolean; solved?: boolean; ended?: boolean }): Promise<number> {
  return updateVersioned(
    db,
    'cases',
    id,
    {
      status: v.to,
      last_activity_at: v.at,
      ...(v.filed ? { filed_at: v.at } : {}),
      ...(v.solved ? { solved_at: v.at } : {}),
      ...(v.ended ? { ended_at: v.at } : {}),
    },
    { version: v.version, from: v.from },
  );
}

/** A versioned change after opening (officers, people, places or disputes added): the activity time and the dispute links. */
export async function bumpCase(db: Conn, id: number, v: { version: number; at: string; disputeIds: number[] }): Promise<number> {
  return updateVersioned(db, 'cases', id, { last_activity_at: v.at, dispute_ids: v.disputeIds }, { version: v.version });
}

/** Registry persons already related to the case. */
export async function registryPeopleOf(db: Conn, caseId: number): Promise<number[]> {
  const r = await db.selectFrom('case_people').select('registry_person_id').where('case_id', '=', caseId).where('registry_person_id', 'is not', null).execute();
  return r.map((x) => x.registry_person_id!);
}

export async function touch(db: Conn, id: number, at: string): Promise<void> {
  await db.updateTable('cases').set({ last_activity_at: at }).where('id', '=', id).execute();
}

export async function insertItem(db: Conn, i: { case_id: number; item_type: string; title: string; note: string | null; photo: Uint8Array | null; photo_mime: string | null; camera_id: number | null; clip_from: string | null; clip_to: string | null; added_at: string; added_by: number | null; added_by_name: string }): Promise<number> {
  return (await db.insertInto('case_items').values(i).returning('id').executeTakeFirstOrThrow()).id;
}

// ---------------------------------------------------------------- detail

export async function peopleOf(db: Conn, caseId: number) {
  return db.selectFrom('case_people').select(['id', 'role', 'name_masked', 'phone_masked', 'note', 'registry_person_id']).where('case_id', '=', caseId).orderBy('id').execute();
}

export async function placesOf(db: Conn, caseId: number) {
  return db
    .selectFrom('case_places')
    .select(['id', 'address', sql<number | null>`st_x(geom)`.as('lon'), sql<number | null>`st_y(geom)`.as('lat')])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

export async function itemsOf(db: Conn, caseId: number) {
  return db
    .selectFrom('case_items')
    .select(['id', 'item_type', 'title', 'note', sql<boolean>`photo is not null`.as('has_photo'), 'camera_id', 'clip_from', 'clip_to', 'added_at', 'added_by_name'])
    .where('case_id', '=', caseId)
    .orderBy('added_at')
    .orderBy('id')
    .execute();
}

export async function photoOf(db: Conn, caseId: number, itemId: number): Promise<{ photo: Uint8Array | null; photo_mime: string | null } | null> {
  return (await db.selectFrom('case_items').select(['photo', 'photo_mime']).where('case_id', '=', caseId).where('id', '=', itemId).executeTakeFirst()) ?? null;
}

export async function eventsOf(db: Conn, caseId: number) {
  return db.selectFrom('case_events').select(['at', 'action', 'from_status', 'to_status', 'by_name', 'note']).where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
}

export async function stepsOf(db: Conn, caseId: number) {
  return db.selectFrom('case_steps').select(['id', 'stage', 'entered_at', 'left_at', 'limit_key', 'base_at', 'due_at']).where('case_id', '=', caseId).orderBy('entered_at').orderBy('id').execute();
}

// ---------------------------------------------------------------- limits

export async function limits(db: Conn) {
  return db.selectFrom('case_limits').selectAll().orderBy('id').execute();
}

export async function updateLimit(db: Conn, id: number, set: { unit: string; amount: number }, version: number): Promise<number> {
  return updateVersioned(db, 'case_limits', id, set, { version });
}

/** Open steps under a limit (to recompute their deadline after the limit changed). */
export async function openStepsOfLimit(db: Conn, key: string) {
  return db.selectFrom('case_steps').select(['id', 'base_at']).where('limit_key', '=', key).where('left_at', 'is', null).execute();
}

export async function setStepDue(db: Conn, id: number, dueAt: string): Promise<void> {
  await db.updateTable('case_steps').set({ due_at: dueAt }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- indicators

export interface CaseFacts {
  id: number;
  kind: string;
  station_id: number | null;
  area_ids: number[];
  opened_at: string;
  filed_at: string | null;
  solved_at: string | null;
  officer_ids: number[];
}

/** Cases opened, filed or solved in [from, to), or filed in the same span a year earlier (facts only; counted in the service). */
export async function caseFacts(db: Conn, from: string, to: string, lyFrom: string, lyTo: string): Promise<CaseFacts[]> {
  const r = await sql<CaseFacts>`
    select c.id, c.kind, c.station_id, c.area_ids, c.opened_at, c.filed_at, c.solved_at,
      coalesce((select array_agg(o.person_id order by o.person_id) from case_officers o where o.case_id = c.id), '{}') officer_ids
    from cases c
    where (c.opened_at >= ${from} and c.opened_at < ${to})
       or (c.filed_at >= ${from} and c.filed_at < ${to})
       or (c.solved_at >= ${from} and c.solved_at < ${to})
       or (c.filed_at >= ${lyFrom} and c.filed_at < ${lyTo})`.execute(db);
  return r.rows;
}

export interface StepFacts {
  case_id: number;
  station_id: number | null;
  area_ids: number[];
  due_at: string;
  left_at: string | null;
  officer_ids: number[];
}

/** Steps whose deadline fell in [from, until). */
export async function stepFacts(db: Conn, from: string, until: string): Promise<StepFacts[]> {
  const r = await sql<StepFacts>`
    select s.case_id, c.station_id, c.area_ids, s.due_at, s.left_at,
      coalesce((select array_agg(o.person_id order by o.person_id) from case_officers o where o.case_id = c.id), '{}') officer_ids
    from case_steps s join cases c on c.id = s.case_id
    where s.due_at >= ${from} and s.due_at < ${until}`.execute(db);
  return r.rows;
}

/** The earliest case opened (when the case data begin), null without cases. */
export async function earliestCase(db: Conn): Promise<string | null> {
  const r = await db.selectFrom('cases').select(sql<string | null>`min(opened_at)`.as('m')).executeTakeFirst();
  return r?.m ?? null;
}
