// SQL for agencies, teams and people. Phones are stored encrypted with a masked copy for display.
import { sql, type Transaction } from 'kysely';
import type { AgencyKind, OfficerRef, Person, PersonRole, Post, Team } from '@jingwang/contracts';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

export async function officerRefs(db: Db, ids: (number | null)[]): Promise<Map<number, OfficerRef>> {
  const want = [...new Set(ids.filter((x): x is number => x !== null))];
  if (want.length === 0) return new Map();
  const rows = await db.selectFrom('people').select(['id', 'name', 'role', 'phone_masked']).where('id', 'in', want).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, role: r.role as PersonRole, phoneMasked: r.phone_masked }]));
}

export async function listAgencies(db: Db) {
  const rows = await agencyRows(db);
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as AgencyKind, areaId: r.area_id, code: r.code, areaName: r.area_name, version: r.version, active: r.active }));
}

export async function listTeams(db: Db, areaIds: number[] | null): Promise<Team[]> {
  const r = await sql<{
    id: number; code: string; name: string; kind: string; agency_id: number; agency_name: string; area_id: number | null; area_name: string | null; n: number;
    leader_id: number | null; leader_name: string | null; deputy_id: number | null; deputy_name: string | null; version: number;
  }>`
    select t.id, t.code, t.name, t.kind, t.agency_id, ag.name agency_name, t.area_id, a.name area_name,
           (select count(*) from people p where p.team_id = t.id and p.active)::int n,
           t.leader_id, l.name leader_name, t.deputy_id, d.name deputy_name, t.version
      from teams t join agencies ag on ag.id = t.agency_id left join areas a on a.id = t.area_id
           left join people l on l.id = t.leader_id left join people d on d.id = t.deputy_id
     where t.active and (${areaIds}::int[] is null or t.area_id = any(${areaIds}::int[]))
     order by t.id`.execute(db);
  return r.rows.map((t) => ({
    id: t.id,
    name: t.name,
    kind: t.kind as Team['kind'],
    agencyId: t.agency_id,
    agencyName: t.agency_name,
    areaId: t.area_id,
    areaName: t.area_name,
    memberCount: t.n,
    code: t.code,
    leaderId: t.leader_id,
    leaderName: t.leader_name,
    deputyId: t.deputy_id,
    deputyName: t.deputy_name,
    version: t.version,
  }));
}

export async function listPeople(
  db: Db,
  f: { scopeIds: number[] | null; areaIds: number[] | null; role?: PersonRole; q?: string; page: number; pageSize: number; ids?: number[] },
): Promise<{ items: Person[]; total: number }> {
  const where = sql`
    p.active
    and (${f.ids ?? null}::int[] is null or p.id = any(${f.ids ?? null}::int[]))
    and (${f.role ?? null}::text is null or p.role = ${f.role ?? null})
    and (${f.q ?? null}::text is null or p.name like '%' || ${f.q ?? null} || '%' or p.badge_no = ${f.q ?? null})
    and (${f.scopeIds}::int[] is null or exists (select 1 from person_areas pa where pa.person_id = p.id and pa.valid_to is null and pa.area_id = any(${f.scopeIds}::int[]))
         or exists (select 1 from teams t where t.id = p.team_id and t.area_id = any(${f.scopeIds}::int[])))
    and (${f.areaIds}::int[] is null or exists (select 1 from person_areas pa where pa.person_id = p.id and pa.valid_to is null and pa.area_id = any(${f.areaIds}::int[])))`;
  const total = await sql<{ n: number }>`select count(*)::int n from people p where ${where}`.execute(db);
  const rows = await sql<{
    id: number; name: string; role: string; post: string | null; badge_no: string | null; phone_masked: string | null;
    agency_id: number; agency_name: string; team_id: number | null; team_name: string | null; areas: { id: number; code: string; name: string }[] | null;
    code: string; version: number;
  }>`
    select p.id, p.code, p.version, p.name, p.role, p.post, p.badge_no, p.phone_masked, p.agency_id, ag.name agency_name, p.team_id, t.name team_name,
           (select json_agg(json_build_object('id', a.id, 'code', a.code, 'name', a.name) order by a.kind, a.code)
              from person_areas pa join areas a on a.id = pa.area_id
             where pa.person_id = p.id and pa.valid_to is null) areas
      from people p join agencies ag on ag.id = p.agency_id left join teams t on t.id = p.team_id
     where ${where}
     order by p.agency_id, p.role, p.id
     limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db);
  return {
    total: total.rows[0]!.n,
    items: rows.rows.map((p) => ({
      id: p.id,
      name: p.name,
      role: p.role as PersonRole,
      post: p.post as Post | null,
      badgeNo: p.badge_no,
      phoneMasked: p.phone_masked,
      agencyId: p.agency_id,
      agencyName: p.agency_name,
      teamId: p.team_id,
      teamName: p.team_name,
      areas: p.areas ?? [],
      code: p.code,
      version: p.version,
    })),
  };
}

// ------------------------------------------------------------------ administration (issue 12)
// Create, edit (one versioned update), retire (active = false, never deleted) agencies, teams and people; the
// responsibility areas (责任田) of a person over time; what still points to a record before it is retired.

type Q = Db | Transaction<DB>;

export interface AgencyRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  area_id: number | null;
  area_name: string | null;
  version: number;
  active: boolean;
}

export async function agencyRows(db: Q, ids: number[] | null = null): Promise<AgencyRow[]> {
  let q = db
    .selectFrom('agencies as g')
    .leftJoin('areas as a', 'a.id', 'g.area_id')
    .select(['g.id', 'g.code', 'g.name', 'g.kind', 'g.area_id', 'a.name as area_name', 'g.version', 'g.active'])
    .where('g.active', '=', true)
    .orderBy('g.id');
  if (ids !== null) q = q.where('g.id', 'in', ids.length ? ids : [0]);
  return q.execute();
}

export async function codeTaken(db: Q, table: 'agencies' | 'teams' | 'people', code: string): Promise<boolean> {
  return !!(await db.selectFrom(table).select('id').where('code', '=', code).executeTakeFirst());
}

/** The next free code of a table with a prefix (AG-0001, TM-0001, PS-0001). */
export async function nextCode(db: Q, table: 'agencies' | 'teams' | 'people', prefix: string): Promise<string> {
  const r = await sql<{ n: number }>`select coalesce(max(id), 0)::int + 1 n from ${sql.table(table)}`.execute(db);
  for (let n = r.rows[0]!.n; ; n++) {
    const code = `${prefix}-${String(n).padStart(4, '0')}`;
    if (!(await codeTaken(db, table, code))) return code;
  }
}

export async function insertAgency(db: Q, a: { code: string; name: string; kind: string; areaId: number | null }): Promise<number> {
  const r = await db.insertInto('agencies').values({ code: a.code, name: a.name, kind: a.kind, area_id: a.areaId }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function updateAgency(db: Q, id: number, version: number, set: { name?: string; kind?: string; area_id?: number | null }): Promise<number> {
  return updateVersioned(db, 'agencies', id, set, { version });
}

export function retireAgency(db: Q, id: number, version: number, at: string): Promise<number> {
  return updateVersioned(db, 'agencies', id, { active: false, retired_at: at }, { version });
}

export interface TeamRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  agency_id: number;
  area_id: number | null;
  leader_id: number | null;
  deputy_id: number | null;
  version: number;
  active: boolean;
}

export async function teamRows(db: Q, ids: number[]): Promise<TeamRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('teams')
    .select(['id', 'code', 'name', 'kind', 'agency_id', 'area_id', 'leader_id', 'deputy_id', 'version', 'active'])
    .where('id', 'in', ids)
    .where('active', '=', true)
    .execute();
}

export async function insertTeam(
  db: Q,
  t: { code: string; name: string; kind: string; agencyId: number; areaId: number | null; leaderId: number | null; deputyId: number | null },
): Promise<number> {
  const r = await db
    .insertInto('teams')
    .values({ code: t.code, name: t.name, kind: t.kind, agency_id: t.agencyId, area_id: t.areaId, leader_id: t.leaderId, deputy_id: t.deputyId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function updateTeam(
  db: Q,
  id: number,
  version: number,
  set: { name?: string; kind?: string; agency_id?: number; area_id?: number | null; leader_id?: number | null; deputy_id?: number | null },
): Promise<number> {
  return updateVersioned(db, 'teams', id, set, { version });
}

export function retireTeam(db: Q, id: number, version: number, at: string): Promise<number> {
  return updateVersioned(db, 'teams', id, { active: false, retired_at: at }, { version });
}

export interface PersonRow {
  id: number;
  code: string;
  name: string;
  role: string;
  agency_id: number;
  agency_area_id: number | null;
  team_id: number | null;
  team_area_id: number | null;
  version: number;
  area_ids: number[];
}

/** Active people by id with what their scope is made of (agency, team and current responsibility areas). */
export async function personRows(db: Q, ids: number[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  const r = await sql<PersonRow>`
    select p.id, p.code, p.name, p.role, p.agency_id, ag.area_id agency_area_id, p.team_id, t.area_id team_area_id, p.version,
           coalesce((select array_agg(pa.area_id order by pa.area_id) from person_areas pa where pa.person_id = p.id and pa.valid_to is null), '{}') area_ids
      from people p join agencies ag on ag.id = p.agency_id left join teams t on t.id = p.team_id
     where p.active and p.id = any(${ids}::int[])`.execute(db);
  return r.rows;
}

export async function insertPerson(
  db: Q,
  p: { code: string; name: string; role: string; post: string | null; badgeNo: string | null; phoneEnc: string | null; phoneMasked: string | null; agencyId: number; teamId: number | null },
): Promise<number> {
  const r = await db
    .insertInto('people')
    .values({ code: p.code, name: p.name, role: p.role, post: p.post, badge_no: p.badgeNo, phone_enc: p.phoneEnc, phone_masked: p.phoneMasked, agency_id: p.agencyId, team_id: p.teamId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function updatePerson(
  db: Q,
  id: number,
  version: number,
  set: { name?: string; role?: string; post?: string | null; badge_no?: string | null; phone_enc?: string | null; phone_masked?: string | null; agency_id?: number; team_id?: number | null },
): Promise<number> {
  return updateVersioned(db, 'people', id, set, { version });
}

export function retirePerson(db: Q, id: number, version: number, at: string): Promise<number> {
  return updateVersioned(db, 'people', id, { active: false, retired_at: at }, { version });
}

/** Sets a person's current responsibility areas: rows no longer wanted end at `at`, new ones start at `at`. */
export async function setPersonAreas(db: Q, personId: number, areaIds: number[], at: string): Promise<void> {
  const ended = db.updateTable('person_areas').set({ valid_to: at }).where('person_id', '=', personId).where('valid_to', 'is', null);
  await (areaIds.length ? ended.where('area_id', 'not in', areaIds) : ended).execute();
  if (areaIds.length === 0) return;
  const current = await db.selectFrom('person_areas').select('area_id').where('person_id', '=', personId).where('valid_to', 'is', null).execute();
  const have = new Set(current.map((r) => r.area_id));
  const add = areaIds.filter((a) => !have.has(a));
  if (add.length) await db.insertInto('person_areas').values(add.map((a) => ({ person_id: personId, area_id: a, valid_from: at }))).execute();
}

export async function personAreaHistory(db: Q, personId: number) {
  return db
    .selectFrom('person_areas as pa')
    .innerJoin('areas as a', 'a.id', 'pa.area_id')
    .select(['pa.area_id', 'a.name', 'a.kind', 'pa.valid_from', 'pa.valid_to'])
    .where('pa.person_id', '=', personId)
    .orderBy('pa.valid_from', 'desc')
    .orderBy('pa.area_id')
    .execute();
}

/** What still points to a person: active units they are a member of, open tasks, teams they lead. */
export async function personReferences(db: Q, personId: number): Promise<{ units: string[]; openTasks: number; teams: string[] }> {
  const r = await sql<{ units: string[] | null; tasks: number; teams: string[] | null }>`
    select (select array_agg(u.callsign order by u.callsign) from unit_members m join units u on u.id = m.unit_id where m.person_id = ${personId} and u.active) units,
           (select count(*)::int from task_instances i where i.person_id = ${personId} and i.status in ('open','overdue')) tasks,
           (select array_agg(t.name order by t.id) from teams t where t.active and (t.leader_id = ${personId} or t.deputy_id = ${personId})) teams`.execute(db);
  const x = r.rows[0]!;
  return { units: x.units ?? [], openTasks: x.tasks, teams: x.teams ?? [] };
}

/** What still points to a team: its active people and units. */
export async function teamReferences(db: Q, teamId: number): Promise<{ people: number; units: string[] }> {
  const r = await sql<{ people: number; units: string[] | null }>`
    select (select count(*)::int from people p where p.team_id = ${teamId} and p.active) people,
           (select array_agg(u.callsign order by u.callsign) from units u where u.team_id = ${teamId} and u.active) units`.execute(db);
  return { people: r.rows[0]!.people, units: r.rows[0]!.units ?? [] };
}

/** What still points to an agency: its active people and teams. */
export async function agencyReferences(db: Q, agencyId: number): Promise<{ people: number; teams: string[] }> {
  const r = await sql<{ people: number; teams: string[] | null }>`
    select (select count(*)::int from people p where p.agency_id = ${agencyId} and p.active) people,
           (select array_agg(t.name order by t.id) from teams t where t.agency_id = ${agencyId} and t.active) teams`.execute(db);
  return { people: r.rows[0]!.people, teams: r.rows[0]!.teams ?? [] };
}
