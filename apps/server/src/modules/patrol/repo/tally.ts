// SQL of the stop counts over many published plans (tally.ts): the plans with only their mandatory candidates, their
// routes' stops, and the verified check-ins at those candidates' places. Read in three queries whatever the number
// of plans (a month of a district is about 500 plans and 90 000 check-ins in the demo's shape; most check-ins are
// geofence ones in risk cells, which no mandatory stop needs, so they stay in the database).
import { sql } from 'kysely';
import type { CheckinLite } from '../stops';
import type { Conn } from './reference';

/** Which published plans: of areas over local plan dates [from, toExcl), or whose shift ended in (after, upTo]. */
export type PlanSelection = { areaIds: readonly number[]; from: string; toExcl: string } | { shiftEndAfter: string; shiftEndUpTo: string };

export interface TallyPlanRow {
  id: number;
  area_id: number;
  shift_start: string;
  shift_end: string;
  /** The plan's candidates with at least one mandatory visit (the others count for nothing here). */
  candidates: unknown;
}

/** A route's stops as the count needs them (place, planned times): columns of the stored stops, in route order. */
export interface TallyRouteRow {
  id: number;
  plan_id: number;
  unit_id: number;
  kind: unknown;
  ref: unknown;
  arrive: unknown;
  depart: unknown;
  dwell: unknown;
}

const planWhere = (by: PlanSelection) =>
  'areaIds' in by
    ? sql`p.status = 'published' and p.area_id = any(${sql.val([...by.areaIds])}::int[]) and p.plan_date >= ${by.from}::date and p.plan_date < ${by.toExcl}::date`
    : sql`p.status = 'published' and p.shift_end > ${by.shiftEndAfter}::timestamptz and p.shift_end <= ${by.shiftEndUpTo}::timestamptz`;

/** The candidates of a plan with at least one mandatory visit (a jsonb path: much quicker than unnesting them). */
const MANDATORY = sql.lit('$[*] ? (@.mandatoryVisits > 0)');

export async function tallyPlans(db: Conn, by: PlanSelection): Promise<TallyPlanRow[]> {
  const r = await sql<TallyPlanRow>`
    select p.id, p.area_id, p.shift_start, p.shift_end, jsonb_path_query_array(p.candidates, ${MANDATORY}) candidates
      from patrol_plans p where ${planWhere(by)} order by p.id`.execute(db);
  return r.rows;
}

/**
 * The routes of the plans with the fields of their stops the count reads, each as an array in route order (jsonb
 * paths: the stops' names, positions and risks stay in the database; on PGlite that halves the time of a month).
 */
export async function tallyRoutes(db: Conn, planIds: readonly number[]): Promise<TallyRouteRow[]> {
  if (planIds.length === 0) return [];
  const col = (f: string) => sql`jsonb_path_query_array(r.stops, ${sql.lit(`$[*].${f}`)})`;
  const r = await sql<TallyRouteRow>`
    select r.id, r.plan_id, r.unit_id, ${col('kind')} kind, ${col('ref')} ref, ${col('arrive')} arrive, ${col('depart')} depart, ${col('dwell')} dwell
      from patrol_routes r where r.plan_id = any(${sql.val([...planIds])}::int[]) order by r.id`.execute(db);
  return r.rows;
}

/** Verified check-ins of the plans at places of their mandatory candidates, oldest first (as checkinsOf). */
export async function tallyCheckins(db: Conn, planIds: readonly number[]): Promise<CheckinLite[]> {
  if (planIds.length === 0) return [];
  const r = await sql<CheckinLite>`
    with m as (select distinct p.id plan_id, e->>'kind' kind, e->>'ref' ref
                 from patrol_plans p, jsonb_path_query(p.candidates, ${MANDATORY}) e
                where p.id = any(${sql.val([...planIds])}::int[]))
    select c.route_id, c.kind, c.ref, c.method, c.at
      from patrol_checkins c join m on m.plan_id = c.plan_id and m.kind = c.kind and m.ref = c.ref
     where c.proof = 'verified'
     order by c.at, c.id`.execute(db);
  return r.rows;
}
