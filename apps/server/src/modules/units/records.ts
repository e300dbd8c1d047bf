// The units module's building blocks for other modules (incidents' state changes, dispatch, arrival detection,
// the retention job): other modules reach units through these and the service, never through the repository.
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import * as repo from './repo';

type Q = Db | Transaction<DB>;
export type UnitRow = repo.UnitRow;
export type DispatchUnitRow = repo.DispatchUnitRow;

/** The unit row, locked until the transaction ends. */
export const lockUnit = (tx: Q, id: number) => repo.getUnitForUpdate(tx as Db, id);
/** A unit's status under optimistic concurrency (409 STALE_VERSION on /unitId). */
export const setUnitStatus = repo.setUnitStatus;
/** Appends to the unit's status history. */
export const appendUnitEvent = repo.insertUnitEvent;
/** Units by home area (null: all) and ids (null: all), with team, home area and members. */
export const unitRows = repo.listUnitRows;
/** What a recommendation needs of the units in scope. */
export const dispatchUnitRows = repo.listDispatchUnits;
export const unitStatusCounts = repo.unitStatusCounts;

/**
 * Units follow their incident: every unit on it takes `status` (and leaves it when `release`), each change in its
 * history. Returns the units that changed.
 */
export async function unitsFollowIncident(tx: Q, incidentId: number, status: string, release: boolean, actorName: string, at: string): Promise<number[]> {
  const ids = await repo.setStatusForIncident(tx as Db, incidentId, status, release, at);
  for (const u of ids) await repo.insertUnitEvent(tx as Db, { unitId: u, from: null, to: status, incidentId, actorName, at });
  return ids;
}

/** Deletes track points older than `before`; returns how many (the retention job). */
export const prunePositions = repo.prunePositions;
