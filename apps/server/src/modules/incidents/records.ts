// The incidents module's building blocks for other modules' transactions (dispatch's arrival detection and
// reinforcement requests, the areas' re-cuts): other modules reach incidents through these and the service,
// never through the repository.
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import * as repo from './repo';

type Q = Db | Transaction<DB>;
export type IncidentRow = repo.IncidentRow;

/** The incident, its row locked until the transaction ends (null when there is none). */
export const lockIncident = (tx: Q, id: number): Promise<IncidentRow | null> => repo.getIncidentRow(tx as Db, id, true);

/** A status change under optimistic concurrency (409 STALE_VERSION), with the phase time it starts. */
export const setIncidentStatus = repo.updateIncidentStatus;

/** Appends to the incident's timeline (append-only). */
export const appendIncidentEvent = repo.insertEvent;

/** The unit's (or every active unit's) arrival on the incident. */
export const markArrived = repo.markArrived;
