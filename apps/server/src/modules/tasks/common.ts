// Helpers shared by the tasks modules: conversions, who the caller is, the areas a person stands for (scope).
import { sql } from 'kysely';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import type { AreaTree } from '../areas/tree';
import type { Actor } from '../auth/policy';

export const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
export const iso = (v: string | Date): string => (v instanceof Date ? v : new Date(v)).toISOString();
export const isoN = (v: string | Date | null): string | null => (v === null ? null : iso(v));
export const ms = (v: string | Date): number => (v instanceof Date ? v.getTime() : Date.parse(v));

/** The person (people.id) the caller is, or null. */
export async function personOf(ctx: Ctx, actor: Actor): Promise<number | null> {
  if (actor.userId === null) return null;
  const r = await ctx.db.selectFrom('users').select('person_id').where('id', '=', actor.userId).executeTakeFirst();
  return r?.person_id ?? null;
}

export interface PersonScope {
  personId: number;
  name: string;
  stationId: number | null;
  /** The person's agency area and live responsibility areas, with all their ancestors. */
  areaIds: number[];
}

/** The station of an area: itself or its nearest station ancestor. */
export function stationOf(tree: AreaTree, areaId: number | null): number | null {
  if (areaId === null) return null;
  const n = tree.get(areaId);
  if (!n) return null;
  if (n.kind === 'station') return n.id;
  return tree.ancestors(areaId).find((a) => a.kind === 'station')?.id ?? null;
}

function withAncestors(tree: AreaTree, ids: number[]): number[] {
  const out = new Set<number>();
  for (const id of ids) {
    out.add(id);
    for (const a of tree.ancestors(id)) out.add(a.id);
  }
  return [...out].sort((a, b) => a - b);
}

/** Scope data of people: station (agency's area, else a responsibility area's station) and area ids. */
export async function personScopes(ctx: Ctx, db: Db, personIds: number[]): Promise<Map<number, PersonScope>> {
  const out = new Map<number, PersonScope>();
  if (personIds.length === 0) return out;
  const rows = await sql<{ id: number; name: string; agency_area: number | null; areas: number[] | null }>`
    select p.id, p.name, ag.area_id agency_area,
           (select array_agg(pa.area_id) from person_areas pa where pa.person_id = p.id and pa.valid_to is null) areas
      from people p join agencies ag on ag.id = p.agency_id
     where p.id = any(${sql.val(personIds)}::int[])`.execute(db);
  const tree = ctx.areas.tree();
  for (const r of rows.rows) {
    const own = [...(r.agency_area !== null ? [r.agency_area] : []), ...(r.areas ?? [])];
    const station = stationOf(tree, r.agency_area) ?? own.map((a) => stationOf(tree, a)).find((x) => x !== null) ?? null;
    out.set(r.id, { personId: r.id, name: r.name, stationId: station, areaIds: withAncestors(tree, own) });
  }
  return out;
}

export function areaRef(tree: AreaTree, id: number | null): { id: number; name: string } | null {
  return id === null ? null : { id, name: tree.get(id)?.name ?? String(id) };
}

/** Local date 'YYYY-MM' of the month containing `t`. */
export function monthOf(t: number, offsetMinutes: number): string {
  const d = new Date(t + offsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
