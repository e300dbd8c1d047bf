// The command room's incident queue: which incidents, in what order, how old.
import type { Incident, IncidentStatus } from '@jingwang/contracts';

const OPEN: ReadonlySet<IncidentStatus> = new Set(['new', 'dispatched', 'en_route', 'on_scene']);

export function isOpenStatus(s: IncidentStatus): boolean {
  return OPEN.has(s);
}

/**
 * Queue order: incidents still waiting for a unit ("new") first, then by priority (1 = most urgent),
 * then newest first. Ties broken by id so the order is stable between renders.
 */
export function compareQueue(a: Incident, b: Incident): number {
  const an = a.status === 'new' ? 0 : 1;
  const bn = b.status === 'new' ? 0 : 1;
  if (an !== bn) return an - bn;
  if (a.priority !== b.priority) return a.priority - b.priority;
  const at = Date.parse(a.reportedAt);
  const bt = Date.parse(b.reportedAt);
  if (at !== bt) return bt - at;
  return b.id - a.id;
}

export function sortQueue(incidents: Iterable<Incident>): Incident[] {
  return [...incidents].filter((i) => isOpenStatus(i.status)).sort(compareQueue);
}

/** Whole minutes since `iso` at time `now` (ms), never negative. */
export function ageMinutes(iso: string, now: number): number {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return 0;
  return Math.max(0, Math.floor((now - t) / 60000));
}

/** "3 min" / "1 h 05 min" style age, localised by the caller's unit words. */
export function formatAge(min: number, lang: 'zh' | 'en'): string {
  if (min < 60) return lang === 'zh' ? `${min}分钟` : `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (h < 24) return lang === 'zh' ? `${h}小时${m}分` : `${h} h ${String(m).padStart(2, '0')} min`;
  const d = Math.floor(h / 24);
  return lang === 'zh' ? `${d}天${h % 24}小时` : `${d} d ${h % 24} h`;
}

/**
 * Response-time warning for the 1/3/5-minute rapid-response standard: an incident still "new" after
 * 3 minutes is late (warn), after 5 minutes overdue.
 */
export function waitLevel(i: Pick<Incident, 'status' | 'reportedAt'>, now: number): 'ok' | 'warn' | 'overdue' {
  if (i.status !== 'new') return 'ok';
  const m = ageMinutes(i.reportedAt, now);
  return m >= 5 ? 'overdue' : m >= 3 ? 'warn' : 'ok';
}

/** Counts of open incidents by status. */
export function countByStatus(incidents: Iterable<Incident>): Record<'new' | 'dispatched' | 'en_route' | 'on_scene', number> {
  const c = { new: 0, dispatched: 0, en_route: 0, on_scene: 0 };
  for (const i of incidents) if (i.status in c) c[i.status as keyof typeof c]++;
  return c;
}

/**
 * Applies an incident change to the open-incident map. Older versions never overwrite newer ones;
 * incidents that left the open states are removed. Returns the same map when nothing changed.
 */
export function applyIncident(current: ReadonlyMap<number, Incident>, next: Incident): ReadonlyMap<number, Incident> {
  const prev = current.get(next.id);
  if (prev && prev.version > next.version) return current;
  if (prev && prev.version === next.version && prev.updatedAt === next.updatedAt && prev.status === next.status) return current;
  const out = new Map(current);
  if (isOpenStatus(next.status)) out.set(next.id, next);
  else if (prev) out.delete(next.id);
  else return current;
  return out;
}

/**
 * After a reconnect: the REST list is the truth for which incidents are open, but a change pushed
 * over the socket while the request was in flight may be newer than the listed row; keep the newer.
 */
export function resyncIncidents(current: ReadonlyMap<number, Incident>, listed: Incident[]): Map<number, Incident> {
  const out = new Map<number, Incident>();
  for (const i of listed) {
    const mine = current.get(i.id);
    const pick = mine && mine.version > i.version ? mine : i;
    if (isOpenStatus(pick.status)) out.set(pick.id, pick);
  }
  return out;
}
