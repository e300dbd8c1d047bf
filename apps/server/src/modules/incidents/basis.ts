// Safe dispatch (issue 14, part 2): a dispatch carrying the basis token of the list it was chosen from is refused
// with 409 RECOMMENDATION_STALE when the call or the chosen unit changed since, naming what changed (who sent which
// unit, which unit is now what), unless the dispatcher confirms after seeing it. The token's format and the
// comparison are the engine's (packages/core/src/incident/basis.ts).
import type { Transaction } from 'kysely';
import { basisChanges, decodeBasis } from '@jingwang/core';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../lib/errors';
import * as repo from './repo';

export interface StaleDetails {
  incident: {
    number: string;
    /** The version the list was made from, and the current one. */
    fromVersion: number;
    version: number;
    status: string;
    /** Timeline events since, oldest first: who did what (dispatch, reinforce, status changes, regrade...). */
    changes: { type: string; at: string; by: string; unitId: number | null; callsign: string | null; toStatus: string | null; note: string | null }[];
  } | null;
  unit: { unitId: number; callsign: string; fromVersion: number; version: number; status: string; incidentId: number | null } | null;
}

/** Inside the dispatch transaction, with the incident and the unit locked. */
export async function checkBasis(
  _ctx: Ctx,
  tx: Db | Transaction<DB>,
  row: repo.IncidentRow,
  unit: { id: number; callsign: string; version: number; status: string; incident_id: number | null },
  token: string,
  confirm: boolean,
): Promise<void> {
  const basis = decodeBasis(token);
  if (!basis || basis.incidentId !== row.id) throw validationError([{ field: '/token', message: 'not the basis token of a list for this incident' }]);
  const changed = basisChanges(basis, row.version, { id: unit.id, callsign: unit.callsign, version: unit.version, status: unit.status, incidentId: unit.incident_id });
  if ((!changed.incidentChanged && !changed.unitChanged) || confirm) return;
  const details: StaleDetails = { incident: null, unit: null };
  if (changed.incidentChanged) {
    const events = await repo.eventsAfter(tx as Db, row.id, basis.eventId);
    details.incident = {
      number: row.number,
      fromVersion: basis.incidentVersion,
      version: row.version,
      status: row.status,
      changes: events
        .filter((e) => e.type !== 'created')
        .map((e) => {
          const d = (e.data ?? {}) as { unitId?: number; callsign?: string };
          return {
            type: e.type,
            at: new Date(e.at).toISOString(),
            by: e.actor_name,
            unitId: typeof d.unitId === 'number' ? d.unitId : null,
            callsign: typeof d.callsign === 'string' ? d.callsign : null,
            toStatus: e.to_status,
            note: e.note,
          };
        }),
    };
  }
  if (changed.unitChanged) {
    details.unit = { unitId: unit.id, callsign: unit.callsign, fromVersion: basis.units.get(unit.id)!, version: unit.version, status: unit.status, incidentId: unit.incident_id };
  }
  throw new AppError('RECOMMENDATION_STALE', describe(details), details);
}

function describe(d: StaleDetails): string {
  const parts: string[] = [];
  if (d.incident) {
    const sent = d.incident.changes.filter((c) => c.callsign).map((c) => `${c.by} sent ${c.callsign}`);
    parts.push(sent.length > 0 ? `Since the list was made ${sent.join(', ')}` : `The call changed since the list was made (now ${d.incident.status})`);
  }
  if (d.unit) parts.push(`${d.unit.callsign} is now ${d.unit.status}`);
  return `${parts.join('; ')}: confirm to dispatch anyway, or refresh`;
}
