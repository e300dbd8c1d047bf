// Builds the area hierarchy (county > district > station > police grid / community > grid) from a flat list.
import type { Area, AreaKind } from '@jingwang/contracts';

export interface AreaNode {
  area: Area;
  children: AreaNode[];
}

const KIND_ORDER: Record<AreaKind, number> = {
  county: 0,
  district: 1,
  station: 2,
  police_grid: 3,
  resp_zone: 4,
  community: 5,
  grid: 6,
  patrol_zone: 7,
};

function compare(a: AreaNode, b: AreaNode): number {
  const k = KIND_ORDER[a.area.kind] - KIND_ORDER[b.area.kind];
  if (k) return k;
  return a.area.code.localeCompare(b.area.code, 'zh-CN', { numeric: true });
}

/** Roots are areas without a parent or whose parent is not in the list. Children sorted by kind then code. */
export function buildAreaTree(areas: readonly Area[]): AreaNode[] {
  const nodes = new Map<number, AreaNode>();
  for (const a of areas) nodes.set(a.id, { area: a, children: [] });
  const roots: AreaNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.area.parentId != null ? nodes.get(n.area.parentId) : undefined;
    if (parent && parent !== n) parent.children.push(n);
    else roots.push(n);
  }
  const sortRec = (list: AreaNode[]) => {
    list.sort(compare);
    for (const n of list) sortRec(n.children);
  };
  sortRec(roots);
  return roots;
}

/** Ids of the node and all its descendants. */
export function descendantIds(node: AreaNode): number[] {
  const out: number[] = [];
  const walk = (n: AreaNode) => {
    out.push(n.area.id);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}

/** Keeps nodes whose name or code contains `q` (case-insensitive), with their ancestors. */
export function filterAreaTree(roots: AreaNode[], q: string): AreaNode[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return roots;
  const rec = (list: AreaNode[]): AreaNode[] => {
    const out: AreaNode[] = [];
    for (const n of list) {
      const kids = rec(n.children);
      const hit = n.area.name.toLowerCase().includes(needle) || n.area.code.toLowerCase().includes(needle);
      if (hit || kids.length) out.push({ area: n.area, children: hit ? n.children : kids });
    }
    return out;
  };
  return rec(roots);
}
