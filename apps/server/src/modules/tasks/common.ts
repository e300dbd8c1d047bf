// Helpers shared by the tasks services: who the caller is, the areas a person stands for (scope), area references.
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import type { AreaTree } from '../areas/tree';
import type { Actor } from '../auth/policy';
import { personAreaRows, personIdOfUser } from './repo/people';

/** The person (people.id) the caller is, or null. */
export async function personOf(ctx: Ctx, actor: Actor): Promise<number | null> {
  if (actor.userId === null) return null;
  return personIdOfUser(ctx.db, actor.userId);
}

export interface PersonScope {
  personId: number;
  name: string;
  stationId: number | null;
  /** The person's agency area and live responsibility areas, with all their ancestors. */
  areaIds: number[];
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
  const rows = await personAreaRows(db, personIds);
  const tree = ctx.areas.tree();
  for (const r of rows) {
    const own = [...(r.agency_area !== null ? [r.agency_area] : []), ...(r.areas ?? [])];
    const station = tree.stationOf(r.agency_area) ?? own.map((a) => tree.stationOf(a)).find((x) => x !== null) ?? null;
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
