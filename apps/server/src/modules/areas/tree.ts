// The area hierarchy in memory (a county has a few hundred areas): scope checks and descendant lookups
// without a recursive query on every request. Reloaded after every import or re-cut.
import type { AreaKind } from '@jingwang/contracts';

export interface AreaNode {
  id: number;
  code: string;
  name: string;
  kind: AreaKind;
  parentId: number | null;
  validFrom: string;
  validTo: string | null;
}

export class AreaTree {
  private readonly byId = new Map<number, AreaNode>();
  private readonly children = new Map<number, number[]>();
  private readonly liveByCode = new Map<string, AreaNode>();
  private readonly descCache = new Map<number, number[]>();

  constructor(nodes: AreaNode[]) {
    for (const n of nodes) {
      this.byId.set(n.id, n);
      if (n.validTo === null) this.liveByCode.set(n.code, n);
      if (n.parentId !== null) {
        const list = this.children.get(n.parentId) ?? [];
        list.push(n.id);
        this.children.set(n.parentId, list);
      }
    }
  }

  get(id: number): AreaNode | undefined {
    return this.byId.get(id);
  }
  liveByCodeGet(code: string): AreaNode | undefined {
    return this.liveByCode.get(code);
  }
  all(): AreaNode[] {
    return [...this.byId.values()];
  }
  size(): number {
    return this.byId.size;
  }

  /** The area and all areas below it, live or retired (so old incidents of a retired grid stay in scope). */
  descendantsAndSelf(id: number): number[] {
    const hit = this.descCache.get(id);
    if (hit) return hit;
    const out: number[] = [];
    const seen = new Set<number>();
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop()!;
      if (seen.has(cur)) continue;
      seen.add(cur);
      out.push(cur);
      for (const c of this.children.get(cur) ?? []) stack.push(c);
    }
    this.descCache.set(id, out);
    return out;
  }

  /** Ancestors from the parent up to the root. */
  ancestors(id: number): AreaNode[] {
    const out: AreaNode[] = [];
    let cur = this.byId.get(id);
    const seen = new Set<number>();
    while (cur && cur.parentId !== null && !seen.has(cur.parentId)) {
      seen.add(cur.parentId);
      cur = this.byId.get(cur.parentId);
      if (cur) out.push(cur);
    }
    return out;
  }

  /** Is `id` equal to or below `ancestorId`? */
  within(id: number, ancestorId: number): boolean {
    return id === ancestorId || this.ancestors(id).some((a) => a.id === ancestorId);
  }

  /** The nearest area of `kind` at or above `id` (the station of a grid, the district of a station), or null. */
  enclosing(id: number | null, kind: AreaNode['kind']): number | null {
    if (id === null) return null;
    const n = this.byId.get(id);
    if (!n) return null;
    if (n.kind === kind) return n.id;
    return this.ancestors(id).find((a) => a.kind === kind)?.id ?? null;
  }

  /** The station of an area: itself or its nearest station ancestor (the one definition). */
  stationOf(id: number | null): number | null {
    return this.enclosing(id, 'station');
  }
}
