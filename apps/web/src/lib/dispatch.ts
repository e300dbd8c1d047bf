// Dispatch helpers for the command room (pure): time formats, response tiers and their colours, run-card wording,
// who may do what, reinforcement request actions, and a debouncer with a maximum wait for live refreshes.
import { UNIT_TYPES, type ReinforcementAction, type ReinforcementStatus, type Reinforcement, type Unit, type UnitType, type UserRole } from '@jingwang/contracts';

/** 75 -> "01:15", 3725 -> "1:02:05", null -> "—". Rounds to whole seconds; negative counts as 0. */
export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '—';
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Minutes of a target in words: 60 -> "1", 180 -> "3", 90 -> "1.5". */
export function targetMinutes(seconds: number): string {
  const m = seconds / 60;
  return Number.isInteger(m) ? String(m) : String(Math.round(m * 10) / 10);
}

/** 0.857 -> "85.7%", 1 -> "100%", null -> "—". */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—';
  const p = Math.round(r * 1000) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** Colours of the 1/3/5-minute tiers (map lines, badges, legends) and of a gap (beyond the last budget). */
export const TIER_HEX = { 1: '#36cfc9', 3: '#73d13d', 5: '#ffc53d', beyond: '#ff4d4f' } as const;
/** antd preset tag colours matching TIER_HEX. */
export const TIER_TAG = { 1: 'cyan', 3: 'green', 5: 'gold', beyond: 'red' } as const;

/** Colour of a travel-time budget in seconds: <= 1 min, <= 3 min, <= 5 min, beyond. */
export function budgetColor(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return TIER_HEX.beyond;
  if (seconds <= 60) return TIER_HEX[1];
  if (seconds <= 180) return TIER_HEX[3];
  if (seconds <= 300) return TIER_HEX[5];
  return TIER_HEX.beyond;
}

/** A run-card need that accepts any unit type (empty list, or every type). */
export function isAnyType(types: readonly UnitType[]): boolean {
  return types.length === 0 || UNIT_TYPES.every((t) => types.includes(t));
}

export function needsCount(needs: readonly { count: number }[]): number {
  return needs.reduce((a, n) => a + n.count, 0);
}

/** "巡逻车/特警岗 ×1，任意类型 ×2" style text of a run card's needs, with the caller's labels. */
export function describeNeeds(needs: readonly { types: UnitType[]; count: number }[], typeLabel: (t: UnitType) => string, anyLabel: string, sep: string): string {
  return needs.map((n) => `${isAnyType(n.types) ? anyLabel : n.types.map(typeLabel).join('/')} ×${n.count}`).join(sep);
}

/** The unit whose route is drawn emphasised: the one pointed at, else the first proposed, else the fastest eligible. */
export function emphasisedUnit(
  rec: { proposal: number[]; ranked: { unitId: number; excluded: boolean; etaSeconds: number | null }[] } | null,
  hovered: number | null,
): number | null {
  if (!rec) return null;
  if (hovered !== null) return hovered;
  if (rec.proposal.length) return rec.proposal[0]!;
  return rec.ranked.find((r) => !r.excluded && r.etaSeconds !== null)?.unitId ?? null;
}

/**
 * The part of the proposal still to send: units that are still available, no more than the run card lacks once the
 * units already on the incident are counted (the server proposes a whole run card each time).
 */
export function remainingProposal(proposal: readonly number[], needed: number, activeAssigned: number, isAvailable: (unitId: number) => boolean): number[] {
  const left = Math.max(0, needed - activeAssigned);
  return proposal.filter(isAvailable).slice(0, left);
}

/**
 * What of the units matters to a recommendation apart from their positions: status, echelon, staleness. A change
 * here should refresh it soon; mere movement can wait for the debouncer's maximum wait.
 */
export function unitsSignature(units: Iterable<Pick<Unit, 'id' | 'status' | 'echelon' | 'stale'>>): string {
  return [...units]
    .map((u) => `${u.id}:${u.status}:${u.echelon}:${u.stale ? 1 : 0}`)
    .sort()
    .join('|');
}

// ------------------------------------------------------------------ roles (mirrors the server's policy; the server decides)

const DISPATCHERS: ReadonlySet<UserRole> = new Set(['admin', 'district_lead', 'station_lead', 'dispatcher']);

/** May ask for a recommendation and send units (incident.dispatch). */
export function canDispatch(role: UserRole | null | undefined): boolean {
  return !!role && DISPATCHERS.has(role);
}

/** May accept, fulfil or cancel any reinforcement request (reinforcement.handle). */
export const canHandleReinforcements = canDispatch;

// ------------------------------------------------------------------ reinforcement requests

const NEXT_ACTIONS: Record<ReinforcementStatus, ReinforcementAction[]> = {
  requested: ['accept', 'fulfil', 'cancel'],
  accepted: ['fulfil', 'cancel'],
  fulfilled: [],
  cancelled: [],
};

/** Actions a request allows in its status (requested -> accepted -> fulfilled; open ones can be cancelled). */
export function reinforcementActions(status: ReinforcementStatus): ReinforcementAction[] {
  return NEXT_ACTIONS[status] ?? [];
}

/** Work order of the open list: waiting (requested) before accepted, oldest first; closed ones last, newest first. */
export function sortReinforcements<T extends Pick<Reinforcement, 'status' | 'requestedAt' | 'id'>>(list: readonly T[]): T[] {
  const rank: Record<ReinforcementStatus, number> = { requested: 0, accepted: 1, fulfilled: 2, cancelled: 2 };
  return [...list].sort((a, b) => {
    const ra = rank[a.status] ?? 3;
    const rb = rank[b.status] ?? 3;
    if (ra !== rb) return ra - rb;
    const ta = Date.parse(a.requestedAt);
    const tb = Date.parse(b.requestedAt);
    if (ta !== tb) return ra < 2 ? ta - tb : tb - ta;
    return a.id - b.id;
  });
}

/** Keeps the row with the higher version when the same request comes back from an action and a reload. */
export function upsertByVersion<T extends { id: number; version: number }>(list: readonly T[], row: T): T[] {
  const i = list.findIndex((x) => x.id === row.id);
  if (i < 0) return [...list, row];
  if (list[i]!.version > row.version) return [...list];
  const out = [...list];
  out[i] = row;
  return out;
}

// ------------------------------------------------------------------ debouncing with a maximum wait

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (h: unknown) => void;
  now: () => number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/**
 * Calls `fn` once the calls stop for `wait` ms, but no later than `maxWait` ms after the first call of a burst (units
 * report all the time: a plain debounce would never fire).
 */
export function debounceMaxWait(fn: () => void, wait: number, maxWait: number, timers: Timers = realTimers) {
  let handle: unknown = null;
  let firstAt: number | null = null;
  const fire = () => {
    handle = null;
    firstAt = null;
    fn();
  };
  return {
    call(): void {
      const now = timers.now();
      firstAt ??= now;
      if (handle !== null) timers.clearTimeout(handle);
      const delay = Math.max(0, Math.min(wait, firstAt + maxWait - now));
      handle = timers.setTimeout(fire, delay);
    },
    cancel(): void {
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
      firstAt = null;
    },
    pending: () => handle !== null,
  };
}
