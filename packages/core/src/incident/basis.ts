// What a dispatch recommendation was made from (the "basis token"): the incident's version and the last event of
// its timeline then, and the version of each unit it listed. A dispatch carrying the token is refused when the incident or
// the chosen unit changed since (another dispatcher sent a unit, the unit became busy), unless the dispatcher
// confirms after seeing what changed. The token is a short text, the same on the server and in the web:
//
//   b1.<incidentId>.<incidentVersion>.<last timeline event id>.<unitId>-<unitVersion>_<unitId>-<unitVersion>...

export interface DispatchBasis {
  incidentId: number;
  incidentVersion: number;
  /** The last event of the incident's timeline at that version: later events are the changes. */
  eventId: number;
  /** unit id -> the unit's version when listed */
  units: Map<number, number>;
}

export const BASIS_TOKEN_PATTERN = '^b1\\.\\d{1,10}\\.\\d{1,10}\\.\\d{1,15}\\.(\\d{1,10}-\\d{1,10}(_\\d{1,10}-\\d{1,10}){0,199})?$';
const RE = new RegExp(BASIS_TOKEN_PATTERN);

export function encodeBasis(b: { incidentId: number; incidentVersion: number; eventId: number; units: Iterable<readonly [number, number]> }): string {
  const units = [...b.units].map(([id, v]) => `${id}-${v}`).join('_');
  return `b1.${b.incidentId}.${b.incidentVersion}.${Math.max(0, Math.floor(b.eventId))}.${units}`;
}

/** The basis of a token; null when it is not one. */
export function decodeBasis(token: string): DispatchBasis | null {
  if (!RE.test(token)) return null;
  const [, id, version, at, units] = token.split('.');
  const map = new Map<number, number>();
  for (const pair of units ? units.split('_') : []) {
    const [u, v] = pair.split('-');
    map.set(Number(u), Number(v));
  }
  const basis = { incidentId: Number(id), incidentVersion: Number(version), eventId: Number(at), units: map };
  return Number.isSafeInteger(basis.incidentId) && Number.isSafeInteger(basis.eventId) ? basis : null;
}

export interface BasisUnitNow {
  id: number;
  callsign: string;
  version: number;
  status: string;
  incidentId: number | null;
}

export interface BasisChanges {
  /** The incident's version moved on (its events since are the server's to list). */
  incidentChanged: boolean;
  /** The chosen unit changed since it was listed (or was not listed at all: nothing to compare, not a change). */
  unitChanged: boolean;
}

/** What changed between the basis and now, for the incident and the unit being sent. */
export function basisChanges(basis: DispatchBasis, incidentVersion: number, unit: BasisUnitNow): BasisChanges {
  const listed = basis.units.get(unit.id);
  return { incidentChanged: incidentVersion !== basis.incidentVersion, unitChanged: listed !== undefined && listed !== unit.version };
}
