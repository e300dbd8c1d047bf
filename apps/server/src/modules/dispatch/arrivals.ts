// Arrival detection: a dispatched or en-route unit whose reported position comes within ARRIVAL_RADIUS_M of its
// incident has arrived, at the time of that fix. The unit goes on scene; so does the incident, if it is the first
// unit there. Dispatchers and officers can still report arrival by hand (status), whichever comes first.
import { incidentMachine } from '@jingwang/core';
import type { IncidentStatus } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import * as incidentRecords from '../incidents/records';
import * as unitRecords from '../units/records';
import { transition } from '../../lib/transition';
import * as repo from './repo';
import { publishIncidents, publishUnits } from '../../realtime/publish';

export const ARRIVAL_ACTOR = '到达自动识别';

/**
 * Checks the given units (just moved) for arrival; publishes the units and incidents that changed and returns the
 * units (a position subscriber, registered in bootstrap.ts).
 */
export async function detectArrivals(ctx: Ctx, unitIds: number[]): Promise<number[]> {
  if (unitIds.length === 0) return [];
  const candidates = await repo.arrivalCandidates(ctx.db, unitIds, ctx.config.arrivalRadiusM);
  const incidents = new Set<number>();
  const units: number[] = [];
  const now = ctx.clock.now().toISOString();
  for (const c of candidates) {
    const changed = await ctx.db.transaction().execute(async (tx) => {
      const inc = await incidentRecords.lockIncident(tx, c.incident_id);
      const unit = await unitRecords.lockUnit(tx, c.unit_id);
      // re-check under the locks: a dispatcher may have released or moved the unit meanwhile
      if (!inc || !unit || unit.incident_id !== c.incident_id || !['dispatched', 'en_route'].includes(unit.status) || !unit.position_at) return false;
      const at = unit.position_at < (inc.dispatched_at ?? unit.position_at) ? inc.dispatched_at! : unit.position_at;
      const data = { unitId: unit.id, callsign: unit.callsign, source: 'position', meters: Math.round(c.meters) };
      if (inc.status === 'dispatched' || inc.status === 'en_route') {
        // both rows are locked: the versions read are current
        const from = inc.status as IncidentStatus;
        const to = transition(incidentMachine, from, 'arrive');
        await incidentRecords.setIncidentStatus(tx, inc.id, inc.version, to, { column: 'on_scene_at', at }, now);
        await incidentRecords.appendIncidentEvent(tx, { incidentId: inc.id, at: now, type: 'arrive', from, to, actorUserId: null, actorName: ARRIVAL_ACTOR, data });
      } else if (inc.status === 'on_scene') {
        await incidentRecords.appendIncidentEvent(tx, { incidentId: inc.id, at: now, type: 'unit_arrived', from: null, to: null, actorUserId: null, actorName: ARRIVAL_ACTOR, data });
      } else return false;
      await incidentRecords.markArrived(tx, inc.id, at, unit.id, 'position');
      await unitRecords.setUnitStatus(tx, unit.id, unit.version, 'on_scene', inc.id, now);
      await unitRecords.appendUnitEvent(tx, { unitId: unit.id, from: unit.status, to: 'on_scene', incidentId: inc.id, actorName: ARRIVAL_ACTOR, at: now });
      return true;
    });
    if (changed) {
      incidents.add(c.incident_id);
      units.push(c.unit_id);
    }
  }
  await publishUnits(ctx, units);
  await publishIncidents(ctx, [...incidents]);
  return units;
}
