// Unit helpers: merging bursts of updates, ranking available units for dispatch.
import type { Unit, UnitMove } from '@jingwang/contracts';
import { haversineMeters } from './geo';

/** True when `b` is at least as new as `a` (higher version, or same version with a later position). */
export function isNewerOrSame(a: Unit, b: Unit): boolean {
  if (b.version !== a.version) return b.version > a.version;
  const ta = a.positionAt ? Date.parse(a.positionAt) : -Infinity;
  const tb = b.positionAt ? Date.parse(b.positionAt) : -Infinity;
  return tb >= ta;
}

/** Folds a burst of unit updates into a pending map, keeping only the newest row per unit id. */
export function collectUnitUpdates(pending: Map<number, Unit>, updates: Iterable<Unit>): Map<number, Unit> {
  for (const u of updates) {
    const prev = pending.get(u.id);
    if (!prev || isNewerOrSame(prev, u)) pending.set(u.id, u);
  }
  return pending;
}

/**
 * A unit that only moved (a unit_moves entry), on top of the newest copy we have (pending or current); null when we
 * do not know the unit yet (the next resync brings it) or the move is older than what we have.
 */
export function unitFromMove(base: Unit | undefined, move: UnitMove): Unit | null {
  const [, lon, lat, at] = move;
  if (!base) return null;
  if (base.positionAt && Date.parse(base.positionAt) > Date.parse(at)) return null;
  return { ...base, lon, lat, positionAt: at, stale: false };
}

/** Applies merged updates to the current units; returns the same map when nothing changed. */
export function applyUnitUpdates(current: ReadonlyMap<number, Unit>, updates: Iterable<Unit>): ReadonlyMap<number, Unit> {
  let out: Map<number, Unit> | null = null;
  for (const u of updates) {
    const prev = current.get(u.id);
    if (prev && !isNewerOrSame(prev, u)) continue;
    out ??= new Map(current);
    out.set(u.id, u);
  }
  return out ?? current;
}

export interface RankedUnit {
  unit: Unit;
  /** metres, Infinity when the unit has no position */
  distance: number;
}

/**
 * Units that can be dispatched to a point, nearest first. Units without a position or with a stale
 * one go last (a stale position says little about where the unit is now).
 */
export function rankUnitsForDispatch(units: Iterable<Unit>, lon: number, lat: number, opts: { includeBusy?: boolean } = {}): RankedUnit[] {
  const out: RankedUnit[] = [];
  for (const unit of units) {
    if (!opts.includeBusy && unit.status !== 'available') continue;
    const distance = unit.lon != null && unit.lat != null ? haversineMeters(lon, lat, unit.lon, unit.lat) : Infinity;
    out.push({ unit, distance });
  }
  return out.sort((a, b) => {
    const sa = a.unit.stale ? 1 : 0;
    const sb = b.unit.stale ? 1 : 0;
    if (sa !== sb) return sa - sb;
    if (a.distance !== b.distance) return a.distance - b.distance;
    return a.unit.callsign.localeCompare(b.unit.callsign);
  });
}

export function countUnitsByStatus(units: Iterable<Unit>): Record<string, number> {
  const c: Record<string, number> = {};
  for (const u of units) c[u.status] = (c[u.status] ?? 0) + 1;
  return c;
}

/**
 * Re-derives each unit's `stale` flag from the age of its position: the server sets it when it sends a unit, but a
 * unit that stops reporting sends nothing more, so the screen must age it by itself. Returns the same map when
 * nothing changed (cheap to call on a timer).
 */
export function markStale(units: ReadonlyMap<number, Unit>, nowMs: number, staleSeconds: number): ReadonlyMap<number, Unit> {
  let out: Map<number, Unit> | null = null;
  for (const [id, u] of units) {
    const stale = u.positionAt === null || nowMs - Date.parse(u.positionAt) > staleSeconds * 1000;
    if (stale !== u.stale) {
      out ??= new Map(units);
      out.set(id, { ...u, stale });
    }
  }
  return out ?? units;
}
