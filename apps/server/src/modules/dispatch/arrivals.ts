// Arrival detection: a dispatched or en-route unit whose reported position comes within ARRIVAL_RADIUS_M of its
// incident has arrived, at the time of that fix. The unit goes on scene; so does the incident, if it is the first
// unit there. Dispatchers and officers can still report arrival by hand (status), whichever comes first.
import { sql } from 'kysely';
import { nextStatus } from '@jingwang/core';
import type { IncidentStatus } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import * as incidentRepo from '../incidents/repo';
import * as unitRepo from '../units/repo';
import { publishIncidents, publishUnits } from '../../realtime/publish';

export const ARRIVAL_ACTOR = '到达自动识别';

interface Candidate {
  unit_id: number;
  incident_id: number;
  meters: number;
}

/**
 * Checks the given units (just moved) for arrival; publishes the units and incidents that changed and returns the
 * units (a position subscriber, registered in bootstrap.ts).
 */
export async function detectArrivals(ctx: Ctx, unitIds: number[]): Promise<number[]> {
  if (unitIds.length === 0) return [];
  const r = await sql<Candidate>`
    select u.id unit_id, u.incident_id, st_distance(i.geom::geography, st_setsrid(st_point(u.lon, u.lat), 4326)::geography) meters
      from units u join incidents i on i.id = u.incident_id
     where u.id = any(${unitIds}::int[]) and u.status in ('dispatched', 'en_route') and u.lon is not null
       and st_dwithin(i.geom::geography, st_setsrid(st_point(u.lon, u.lat), 4326)::geography, ${ctx.config.arrivalRadiusM})`.execute(ctx.db);
  const incidents = new Set<number>();
  const units: number[] = [];
  const now = ctx.clock.now().toISOString();
  for (const c of r.rows) {
    const changed = await ctx.db.transaction().execute(async (tx) => {
      const inc = await incidentRepo.getIncidentRow(tx, c.incident_id, true);
      const unit = await unitRepo.getUnitForUpdate(tx, c.unit_id);
      // re-check under the locks: a dispatcher may have released or moved the unit meanwhile
      if (!inc || !unit || unit.incident_id !== c.incident_id || !['dispatched', 'en_route'].includes(unit.status) || !unit.position_at) return false;
      const at = unit.position_at < (inc.dispatched_at ?? unit.position_at) ? inc.dispatched_at! : unit.position_at;
      const data = { unitId: unit.id, callsign: unit.callsign, source: 'position', meters: Math.round(c.meters) };
      if (inc.status === 'dispatched' || inc.status === 'en_route') {
        const t = nextStatus(inc.status as IncidentStatus, 'arrive');
        if (t.ok && (await incidentRepo.updateIncidentStatus(tx, inc.id, inc.version, t.to, { column: 'on_scene_at', at }, now))) {
          await incidentRepo.insertEvent(tx, { incidentId: inc.id, at: now, type: 'arrive', from: t.from, to: t.to, actorUserId: null, actorName: ARRIVAL_ACTOR, data });
        }
      } else if (inc.status === 'on_scene') {
        await incidentRepo.insertEvent(tx, { incidentId: inc.id, at: now, type: 'unit_arrived', from: null, to: null, actorUserId: null, actorName: ARRIVAL_ACTOR, data });
      } else return false;
      await incidentRepo.markArrived(tx, inc.id, at, unit.id, 'position');
      if (!(await unitRepo.setUnitStatus(tx, unit.id, unit.version, 'on_scene', inc.id, now))) return false;
      await unitRepo.insertUnitEvent(tx, { unitId: unit.id, from: unit.status, to: 'on_scene', incidentId: inc.id, actorName: ARRIVAL_ACTOR, at: now });
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
