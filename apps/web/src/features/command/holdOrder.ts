// Stable rows under the pointer (issue 14): while the dispatcher's pointer is on a list of units, the rows keep the
// order they had when the pointer arrived; a unit that changed stays in its row (its new status shown, not
// selectable), new rows go to the end. The live order comes back when the pointer leaves.

/**
 * `live`: the rows as the live ranking has them; `held`: the ids in the order held (null: not holding);
 * `lookup`: every row by id, including those the live list no longer shows (e.g. a unit that became busy).
 */
export function holdOrder<T>(live: readonly T[], idOf: (r: T) => number, held: readonly number[] | null, lookup: (id: number) => T | undefined): T[] {
  if (!held) return [...live];
  const seen = new Set<number>();
  const out: T[] = [];
  for (const id of held) {
    const r = lookup(id);
    if (r !== undefined && !seen.has(id)) {
      seen.add(id);
      out.push(r);
    }
  }
  for (const r of live) if (!seen.has(idOf(r))) out.push(r);
  return out;
}
