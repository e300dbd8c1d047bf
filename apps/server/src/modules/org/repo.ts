// SQL for agencies, teams and people. Phones are stored encrypted with a masked copy for display.
import { sql } from 'kysely';
import type { OfficerRef, Person, PersonRole, Post, Team } from '@jingwang/contracts';
import type { Db } from '../../db/client';

export async function officerRefs(db: Db, ids: (number | null)[]): Promise<Map<number, OfficerRef>> {
  const want = [...new Set(ids.filter((x): x is number => x !== null))];
  if (want.length === 0) return new Map();
  const rows = await db.selectFrom('people').select(['id', 'name', 'role', 'phone_masked']).where('id', 'in', want).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, role: r.role as PersonRole, phoneMasked: r.phone_masked }]));
}

export async function listAgencies(db: Db) {
  const rows = await db.selectFrom('agencies').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as 'psb', areaId: r.area_id }));
}

export async function listTeams(db: Db, areaIds: number[] | null): Promise<Team[]> {
  const r = await sql<{ id: number; name: string; kind: string; agency_id: number; agency_name: string; area_id: number | null; area_name: string | null; n: number }>`
    select t.id, t.name, t.kind, t.agency_id, ag.name agency_name, t.area_id, a.name area_name,
           (select count(*) from people p where p.team_id = t.id and p.active)::int n
      from teams t join agencies ag on ag.id = t.agency_id left join areas a on a.id = t.area_id
     where ${areaIds}::int[] is null or t.area_id = any(${areaIds}::int[])
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
  }));
}

export async function listPeople(
  db: Db,
  f: { scopeIds: number[] | null; areaIds: number[] | null; role?: PersonRole; q?: string; page: number; pageSize: number },
): Promise<{ items: Person[]; total: number }> {
  const where = sql`
    p.active
    and (${f.role ?? null}::text is null or p.role = ${f.role ?? null})
    and (${f.q ?? null}::text is null or p.name like '%' || ${f.q ?? null} || '%' or p.badge_no = ${f.q ?? null})
    and (${f.scopeIds}::int[] is null or exists (select 1 from person_areas pa where pa.person_id = p.id and pa.valid_to is null and pa.area_id = any(${f.scopeIds}::int[]))
         or exists (select 1 from teams t where t.id = p.team_id and t.area_id = any(${f.scopeIds}::int[])))
    and (${f.areaIds}::int[] is null or exists (select 1 from person_areas pa where pa.person_id = p.id and pa.valid_to is null and pa.area_id = any(${f.areaIds}::int[])))`;
  const total = await sql<{ n: number }>`select count(*)::int n from people p where ${where}`.execute(db);
  const rows = await sql<{
    id: number; name: string; role: string; post: string | null; badge_no: string | null; phone_masked: string | null;
    agency_id: number; agency_name: string; team_id: number | null; team_name: string | null; areas: { id: number; code: string; name: string }[] | null;
  }>`
    select p.id, p.name, p.role, p.post, p.badge_no, p.phone_masked, p.agency_id, ag.name agency_name, p.team_id, t.name team_name,
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
    })),
  };
}
