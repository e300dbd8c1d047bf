// The unit status board (issue 14): units grouped by station (their home area) and by status, with the time each
// has been in its status. Pure, so the counts on the board are recomputed from the units in a test.
import { UNIT_STATUSES, type Unit, type UnitStatus } from '@jingwang/contracts';

export interface BoardGroup {
  key: string;
  name: string;
  total: number;
  byStatus: { status: UnitStatus; units: Unit[] }[];
}

/** When the unit entered its status, if the server says (statusSince), else null. */
export const statusSince = (u: Unit): string | null => (u as Unit & { statusSince?: string | null }).statusSince ?? null;

/** Groups by home area name (a unit without one under `none`), statuses in the catalogue's order, units by call sign. */
export function unitBoard(units: Iterable<Unit>, none: string): BoardGroup[] {
  const groups = new Map<string, Unit[]>();
  for (const u of units) {
    const k = u.homeAreaName ?? '';
    groups.set(k, [...(groups.get(k) ?? []), u]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'zh')))
    .map(([k, list]) => ({
      key: k || '-',
      name: k || none,
      total: list.length,
      byStatus: (UNIT_STATUSES as readonly UnitStatus[])
        .map((status) => ({ status, units: list.filter((u) => u.status === status).sort((a, b) => a.callsign.localeCompare(b.callsign)) }))
        .filter((s) => s.units.length > 0),
    }));
}

/** Whole minutes in the status at `now`, or null when unknown. */
export function minutesInStatus(u: Unit, now: number): number | null {
  const s = statusSince(u);
  return s === null ? null : Math.max(0, Math.floor((now - Date.parse(s)) / 60000));
}
