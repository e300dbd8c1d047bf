// SQL of the anti-fraud warning loop: warnings (read, intake, versioned changes), the location and routing of a
// point at intake, the counts per area, and the places of recent calls the demo's warnings are made at.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

type Conn = Db | Transaction<DB>;

export interface WarningRow {
  id: number;
  source: string;
  external_id: string;
  status: string;
  reject_reason: string | null;
  version: number;
  fraud_type: string;
  amount_at_risk: string | null;
  warned_at: string;
  received_at: string;
  person_name_masked: string | null;
  phone_masked: string | null;
  address: string;
  lon: number | null;
  lat: number | null;
  grid_id: number | null;
  station_id: number | null;
  area_ids: number[];
  officer_id: number | null;
  officer_name: string | null;
  deadline_at: string | null;
  outcome: string | null;
  loss_amount: string | null;
  outcome_note: string | null;
  outcome_at: string | null;
  outcome_by_name: string | null;
  followup_due_at: string | null;
  followup_at: string | null;
  followup_note: string | null;
}

function selectWarnings(db: Conn) {
  return db
    .selectFrom('fraud_warnings as w')
    .leftJoin('people as p', 'p.id', 'w.officer_id')
    .select([
      'w.id',
      'w.source',
      'w.external_id',
      'w.status',
      'w.reject_reason',
      'w.version',
      'w.fraud_type',
      'w.amount_at_risk',
      'w.warned_at',
      'w.received_at',
      'w.person_name_masked',
      'w.phone_masked',
      'w.address',
      sql<number | null>`st_x(w.geom)`.as('lon'),
      sql<number | null>`st_y(w.geom)`.as('lat'),
      'w.grid_id',
      'w.station_id',
      'w.area_ids',
      'w.officer_id',
      'p.name as officer_name',
      'w.deadline_at',
      'w.outcome',
      'w.loss_amount',
      'w.outcome_note',
      'w.outcome_at',
      'w.outcome_by_name',
      'w.followup_due_at',
      'w.followup_at',
      'w.followup_note',
    ]);
}

export interface WarningFilter {
  /** Only the tasks of this person (0 = nobody). */
  officerId?: number;
  /** Only warnings with an area among these (the caller's scope). */
  scopeIds?: number[] | null;
  areaId?: number;
  status?: string;
  source?: string;
  externalId?: string;
  /** Open and past the deadline at this instant. */
  overdueAt?: string;
  limit: number;
}

export async function listWarningRows(db: Conn, f: WarningFilter): Promise<WarningRow[]> {
  let qb = selectWarnings(db);
  if (f.officerId !== undefined) qb = qb.where('w.officer_id', '=', f.officerId);
  if (f.scopeIds) qb = qb.where(sql<boolean>`w.area_ids && ${sql.val(f.scopeIds)}::int[]`);
  if (f.areaId) qb = qb.where(sql<boolean>`${f.areaId} = any(w.area_ids)`);
  if (f.status) qb = qb.where('w.status', '=', f.status);
  if (f.source) qb = qb.where('w.source', '=', f.source);
  if (f.externalId) qb = qb.where('w.external_id', '=', f.externalId);
  if (f.overdueAt) qb = qb.where('w.status', '=', 'accepted').where('w.deadline_at', '<', f.overdueAt);
  return (await qb.orderBy('w.received_at', 'desc').limit(f.limit).execute()) as WarningRow[];
}

export async function getWarningRow(db: Conn, id: number): Promise<WarningRow | null> {
  return ((await selectWarnings(db).where('w.id', '=', id).executeTakeFirst()) as WarningRow | undefined) ?? null;
}

/** The encrypted contact of a warning. */
export async function warningContact(db: Conn, id: number): Promise<{ person_name_enc: string | null; phone_enc: string | null }> {
  return db.selectFrom('fraud_warnings').select(['person_name_enc', 'phone_enc']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** The person (people.id) a user is. */
export async function personOfUser(db: Conn, userId: number): Promise<number | null> {
  const r = await db.selectFrom('users').select('person_id').where('id', '=', userId).executeTakeFirst();
  return r?.person_id ?? null;
}

// ---------------------------------------------------------------- intake

export async function findBySourceAndExternalId(db: Conn, source: string, externalId: string): Promise<number | null> {
  const r = await db.selectFrom('fraud_warnings').select('id').where('source', '=', source).where('external_id', '=', externalId).executeTakeFirst();
  return r?.id ?? null;
}

export interface Location {
  grid_id: number | null;
  community_id: number | null;
  station_id: number | null;
  area_ids: number[];
  officer_id: number | null;
}

/**
 * The areas of a point and its responsible police officer as of `at`, by the same functions the incident trigger
 * uses (grid, community, police grid, responsibility zone; post A first). `county_id` null: outside the county.
 */
export async function locate(db: Conn, lon: number, lat: number, at: string): Promise<Location & { county_id: number | null }> {
  const r = await sql<Location & { county_id: number | null }>`
    with p as (select st_setsrid(st_point(${lon}, ${lat}), 4326) g, ${at}::timestamptz t),
    a as (select area_at(p.g, 'county', p.t) county_id, area_at(p.g, 'district', p.t) district_id, area_at(p.g, 'station', p.t) station_id,
                 area_at(p.g, 'police_grid', p.t) police_grid_id, area_at(p.g, 'resp_zone', p.t) resp_zone_id,
                 area_at(p.g, 'community', p.t) community_id, area_at(p.g, 'grid', p.t) grid_id, p.t from p)
    select grid_id, community_id, station_id, county_id,
           array_remove(array[county_id, district_id, station_id, police_grid_id, resp_zone_id, community_id, grid_id], null) area_ids,
           responsible_person(array_remove(array[grid_id, community_id, police_grid_id, resp_zone_id], null), 'police', t) officer_id
      from a`.execute(db);
  const row = r.rows[0]!;
  return { ...row, area_ids: row.area_ids ?? [] };
}

export interface NewWarning extends Location {
  source: string;
  external_id: string;
  status: 'accepted' | 'rejected';
  reject_reason: string | null;
  fraud_type: string;
  amount_at_risk: number | null;
  warned_at: string;
  received_at: string;
  person_name_enc: string | null;
  person_name_masked: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  address: string;
  lon: number | null;
  lat: number | null;
  deadline_at: string | null;
}

/** Inserts a warning; null when the source already sent this external id (a concurrent intake won). */
export async function insertWarning(db: Conn, w: NewWarning): Promise<number | null> {
  const { lon, lat, ...cols } = w;
  const ins = await db
    .insertInto('fraud_warnings')
    .values({
      ...cols,
      geom: lon !== null && lat !== null ? sql`st_setsrid(st_point(${lon}, ${lat}), 4326)` : null,
      outcome: null,
      loss_amount: null,
      outcome_note: null,
      outcome_at: null,
      outcome_by_name: null,
      followup_due_at: null,
      followup_at: null,
      followup_note: null,
    })
    .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return ins?.id ?? null;
}

// ---------------------------------------------------------------- outcome and follow-up

export async function setOutcome(
  db: Conn,
  id: number,
  v: { version: number; from: string; to: string; outcome: string; lossAmount: number | null; note: string | null; at: string; byName: string; followupDueAt: string | null },
): Promise<number> {
  return updateVersioned(
    db,
    'fraud_warnings',
    id,
    { status: v.to, outcome: v.outcome, loss_amount: v.lossAmount, outcome_note: v.note, outcome_at: v.at, outcome_by_name: v.byName, followup_due_at: v.followupDueAt },
    { version: v.version, from: v.from },
  );
}

export async function setFollowup(db: Conn, id: number, v: { version: number; from: string; to: string; note: string; at: string; byName: string }): Promise<number> {
  return updateVersioned(db, 'fraud_warnings', id, { status: v.to, followup_at: v.at, followup_note: v.note, followup_by_name: v.byName }, { version: v.version, from: v.from });
}

// ---------------------------------------------------------------- counts per area

export interface StatsRow {
  area_id: number | null;
  warnings: number;
  rejected: number;
  open: number;
  overdue: number;
  dissuaded: number;
  money_lost: number;
  unreachable: number;
  loss_amount: string;
  loss_avoided: string;
  followed_up: number;
  median_min: number | null;
  on_time: number;
}

export async function statsRows(
  db: Conn,
  q: { column: 'grid_id' | 'community_id' | 'station_id'; from: string; to: string; now: string; scopeIds: number[] | null },
): Promise<StatsRow[]> {
  const r = await sql<StatsRow>`
    select ${sql.ref(q.column)} as area_id,
           count(*)::int as warnings,
           count(*) filter (where status = 'rejected')::int as rejected,
           count(*) filter (where status = 'accepted')::int as open,
           count(*) filter (where status = 'accepted' and deadline_at < ${q.now}::timestamptz)::int as overdue,
           count(*) filter (where outcome = 'dissuaded')::int as dissuaded,
           count(*) filter (where outcome = 'money_lost')::int as money_lost,
           count(*) filter (where outcome = 'unreachable')::int as unreachable,
           coalesce(sum(loss_amount), 0)::text as loss_amount,
           coalesce(sum(amount_at_risk) filter (where outcome = 'dissuaded'), 0)::text as loss_avoided,
           count(*) filter (where status = 'followed_up')::int as followed_up,
           (percentile_cont(0.5) within group (order by extract(epoch from outcome_at - received_at) / 60) filter (where outcome_at is not null))::float8 as median_min,
           count(*) filter (where outcome_at is not null and outcome_at <= deadline_at)::int as on_time
      from fraud_warnings
     where received_at >= ${q.from}::timestamptz and received_at < ${q.to}::timestamptz
       ${q.scopeIds ? sql`and (area_ids && ${sql.val(q.scopeIds)}::int[] or (status = 'rejected' and cardinality(area_ids) = 0))` : sql``}
     group by 1 order by 1 nulls last`.execute(db);
  return r.rows;
}

// ---------------------------------------------------------------- demo

/** Places of the latest calls (up to `perCommunity`) of each community, for the demo's warnings. */
export async function recentCallPlaces(db: Conn, perCommunity: number): Promise<{ community_id: number; lon: number; lat: number; address: string }[]> {
  const r = await sql<{ community_id: number; lon: number; lat: number; address: string }>`
    select community_id, lon, lat, address from (
      select community_id, st_x(geom) lon, st_y(geom) lat, address, row_number() over (partition by community_id order by reported_at desc, id desc) rn
        from incidents where community_id is not null) x
     where rn <= ${perCommunity} order by community_id, rn`.execute(db);
  return r.rows;
}
