// The response target of an area as the 辖区 page shows it: its own, else the nearest enclosing area's, else the
// default 300 s; and whether the signed-in user may set it (admins anywhere; district and station leads inside their
// own area, not above it).
import type { Area, UserRole } from '@jingwang/contracts';

export const DEFAULT_TARGET_S = 300;
export const TARGET_MIN_S = 60;
export const TARGET_MAX_S = 3600;

export interface EffectiveTarget {
  /** the area's own target, null when not set */
  own: number | null;
  /** the enclosing area whose target applies when the area has none (null: the default) */
  from: Area | null;
  /** the seconds that apply */
  seconds: number;
}

export function effectiveTarget(area: Area, byId: ReadonlyMap<number, Area>): EffectiveTarget {
  if (area.responseTargetS !== null) return { own: area.responseTargetS, from: null, seconds: area.responseTargetS };
  const seen = new Set<number>([area.id]);
  let p = area.parentId !== null ? byId.get(area.parentId) : undefined;
  while (p && !seen.has(p.id)) {
    if (p.responseTargetS !== null) return { own: null, from: p, seconds: p.responseTargetS };
    seen.add(p.id);
    p = p.parentId !== null ? byId.get(p.parentId) : undefined;
  }
  return { own: null, from: null, seconds: DEFAULT_TARGET_S };
}

const SETTERS: ReadonlySet<UserRole> = new Set(['admin', 'district_lead', 'station_lead']);

export function canSetTarget(user: { role: UserRole; scopeAreaId: number | null } | null | undefined, area: Area, byId: ReadonlyMap<number, Area>): boolean {
  if (!user || !SETTERS.has(user.role) || area.validTo !== null) return false;
  if (user.scopeAreaId === null) return true;
  const seen = new Set<number>();
  for (let a: Area | undefined = area; a && !seen.has(a.id); a = a.parentId !== null ? byId.get(a.parentId) : undefined) {
    if (a.id === user.scopeAreaId) return true;
    seen.add(a.id);
  }
  return false;
}
