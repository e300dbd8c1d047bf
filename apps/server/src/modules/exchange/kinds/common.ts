// Cell readers and row helpers shared by the kinds of the Excel exchange.
import type { Ctx } from '../../../context';
import * as repo from '../repo';
import { CellFaults, schemaFaults, type CellFault, type RowIn } from '../service';


// ------------------------------------------------------------------ cell readers

export const norm = (s: string) => s.replace(/[\s()（）]/g, '').toLowerCase();

/** A value of a closed list: its key, its Chinese or English label (with or without the bracketed part). */
export function choice<T extends string>(v: string, keys: readonly T[], labels: Record<T, { zh: string; en: string }>): T | null {
  const n = norm(v);
  for (const k of keys) {
    const l = labels[k];
    if ([k, l.zh, l.en, l.zh.split('（')[0]!].some((x) => norm(x) === n)) return k;
  }
  return null;
}

export const choicesZh = <T extends string>(keys: readonly T[], labels: Record<T, { zh: string }>) => keys.map((k) => labels[k].zh).join('、');
export const split = (v: string) => v.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean);

export class Faults {
  list: CellFault[] = [];
  constructor(readonly row: number) {}
  add(key: string, code: string, reason: string) {
    this.list.push({ row: this.row, key, code, reason });
  }
  throwIfAny() {
    if (this.list.length) throw new CellFaults(this.list);
  }
}

/** Looks up agencies and teams by code or name (active ones), areas by code or unique name (current ones). */
export async function lookups(ctx: Ctx) {
  const [ags, tms] = await Promise.all([repo.agencies(ctx.db), repo.teams(ctx.db)]);
  const by = (rows: repo.NamedRow[]) => (v: string) => rows.find((r) => r.code === v) ?? (rows.filter((r) => r.name === v).length === 1 ? rows.find((r) => r.name === v) : undefined);
  const tree = ctx.areas.tree();
  const live = tree.all().filter((n) => n.validTo === null);
  return {
    agency: by(ags),
    team: by(tms),
    agencyCode: new Map(ags.map((a) => [a.id, a.code])),
    teamCode: new Map(tms.map((t) => [t.id, t.code])),
    area: (v: string) => live.find((n) => n.code === v) ?? (live.filter((n) => n.name === v).length === 1 ? live.find((n) => n.name === v) : undefined),
    areaCode: (id: number | null) => (id === null ? '' : (tree.get(id)?.code ?? '')),
  };
}
export type Lookups = Awaited<ReturnType<typeof lookups>>;

export function duplicates(rows: RowIn[], key: string, keyOf: (r: RowIn) => string): CellFault[] {
  const seen = new Map<string, number>();
  const out: CellFault[] = [];
  for (const r of rows) {
    const k = keyOf(r);
    if (!k) continue;
    const first = seen.get(k);
    if (first !== undefined) out.push({ row: r.row, key, code: 'DUPLICATE_IN_FILE', reason: `与第${first}行重复` });
    else seen.set(k, r.row);
  }
  return out;
}

export const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** The column of a body's field ("/agencyId" -> 'agency') by a kind's map of fields, else `fallback`. */
export const columnOf =
  (fields: Record<string, string>, fallback: string) =>
  (field: string): string =>
    fields[field.split('/')[1] ?? ''] ?? fallback;

/** A body's schema faults as the faults of the row's cells. */
export const schemaCells = (row: number, bad: ReturnType<typeof schemaFaults>, column: (field: string) => string) =>
  new CellFaults(bad.map((b) => ({ row, key: column(b.field), code: b.code, reason: b.reason })));



/**
 * A patch built cell by cell against the record: `set(column, field, value, same)` puts the field in the patch and
 * the column among the changes (once) unless `same`.
 */
export function changeSet() {
  const patch: Record<string, unknown> = {};
  const changes: string[] = [];
  const set = (col: string, k: string, val: unknown, same: boolean) => {
    if (same) return;
    patch[k] = val;
    if (!changes.includes(col)) changes.push(col);
  };
  return { patch, changes, set };
}
