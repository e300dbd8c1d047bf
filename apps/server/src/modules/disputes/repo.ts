// SQL of disputes (矛盾纠纷): the dispute row and its parts (parties, sessions, referrals, follow-ups, timeline), the
// areas of a place, the calls at a place (a grading rule), the disputes due to climb a level, the indicators per area.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

type Conn = Db | Transaction<DB>;

export interface DisputeRow {
  id: number;
  status: string;
  version: number;
  source: string;
  incident_id: number | null;
  type: string;
  title: string;
  description: string | null;
  address: string;
  lon: number | null;
  lat: number | null;
  grid_id: number | null;
  community_id: number | null;
  station_id: number | null;
  district_id: number | null;
  county_id: number | null;
  area_ids: number[];
  grade: string;
  grade_reasons: unknown;
  violence_threatened: boolean;
  vulnerable: boolean;
  group_size: number;
  prior_calls: number;
  level: string;
  level_area_id: number | null;
  level_since: string;
  level_due_at: string;
  escalations: number;
  reported_at: string;
  reported_by_user: number | null;
  reported_by_name: string;
  resolved_at: string | null;
  resolved_on_time: boolean | null;
  case_id: number | null;
  ticket_id: number | null;
  party_count: number;
}

function selectDisputes(db: Conn) {
  return db
    .selectFrom('disputes as d')
    .selectAll('d')
    .select([
      sql<number | null>`st_x(d.geom)`.as('lon'),
      sql<number | null>`st_y(d.geom)`.as('lat'),
      sql<number>`(select count(*)::int from dispute_parties p where p.dispute_id = d.id)`.as('party_count'),
    ]);
}

/** Who may see which disputes: an area scope (null = all, 'none' = no area), or else what they reported / were referred. */
export interface Reach {
  scopeIds: number[] | null | 'none';
  orReportedBy?: number;
  orReferredTo?: number;
}

export interface DisputeFilter {
  reach: Reach;
  status?: string;
  level?: string;
  grade?: string;
  overdueAt?: string;
  mineUser?: number;
  areaId?: number;
  limit: number;
}

const referredTo = (userId: number) => sql<boolean>`exists (select 1 from dispute_referrals r where r.dispute_id = d.id and r.to_user_id = ${userId})`;

function reachCondition(reach: Reach) {
  const parts = [];
  if (reach.scopeIds === null) return sql<boolean>`true`;
  if (reach.scopeIds !== 'none') parts.push(sql<boolean>`d.area_ids && ${sql.val(reach.scopeIds)}::int[]`);
  if (reach.orReportedBy !== undefined) parts.push(sql<boolean>`d.reported_by_user = ${reach.orReportedBy}`);
  if (reach.orReferredTo !== undefined) parts.push(referredTo(reach.orReferredTo));
  return parts.length === 0 ? sql<boolean>`false` : sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

export async function listDisputeRows(db: Conn, f: DisputeFilter): Promise<DisputeRow[]> {
  let qb = selectDisputes(db).where(reachCondition(f.reach));
  if (f.status) qb = qb.where('d.status', '=', f.status);
  if (f.level) qb = qb.where('d.level', '=', f.level);
  if (f.grade) qb = qb.where('d.grade', '=', f.grade);
  if (f.areaId) qb = qb.where(sql<boolean>`${f.areaId} = any(d.area_ids)`);
  if (f.overdueAt) qb = qb.where('d.status', 'in', ['open', 'mediating', 'referred']).where('d.level_due_at', '<', f.overdueAt);
  if (f.mineUser !== undefined) qb = qb.where(sql<boolean>`(d.reported_by_user = ${f.mineUser} or ${referredTo(f.mineUser)})`);
  return (await qb.orderBy('d.reported_at', 'desc').orderBy('d.id', 'desc').limit(f.limit).execute()) as DisputeRow[];
}

export async function getDisputeRow(db: Conn, id: number): Promise<DisputeRow | null> {
  return ((await selectDisputes(db).where('d.id', '=', id).executeTakeFirst()) as DisputeRow | undefined) ?? null;
}

/** True when the dispute has a referral to this user. */
export async function isReferredTo(db: Conn, id: number, userId: number): Promise<boolean> {
  const r = await db.selectFrom('dispute_referrals').select('id').where('dispute_id', '=', id).where('to_user_id', '=', userId).executeTakeFirst();
  return r !== undefined;
}

// ---------------------------------------------------------------- parts

export async function partiesOf(db: Conn, id: number) {
  return db.selectFrom('dispute_parties').select(['id', 'role', 'name_masked', 'phone_masked', 'person_ref_id', 'vulnerable']).where('dispute_id', '=', id).orderBy('id').execute();
}

export async function partyContacts(db: Conn, id: number) {
  return db.selectFrom('dispute_parties').select(['id', 'role', 'name_enc', 'phone_enc']).where('dispute_id', '=', id).orderBy('id').execute();
}

export async function sessionsOf(db: Conn, id: number) {
  return db
    .selectFrom('dispute_sessions')
    .select(['id', 'held_at', 'level', 'mediator_name', 'participants', 'outcome', 'note', 'agreement_text', sql<boolean>`photo is not null`.as('has_photo')])
    .where('dispute_id', '=', id)
    .orderBy('held_at')
    .orderBy('id')
    .execute();
}

export async function sessionCount(db: Conn, id: number): Promise<number> {
  const r = await db.selectFrom('dispute_sessions').select(sql<number>`count(*)::int`.as('n')).where('dispute_id', '=', id).executeTakeFirstOrThrow();
  return r.n;
}

export async function sessionPhoto(db: Conn, id: number, sessionId: number): Promise<{ photo_mime: string | null; photo: Uint8Array | null } | null> {
  return (await db.selectFrom('dispute_sessions').select(['photo_mime', 'photo']).where('dispute_id', '=', id).where('id', '=', sessionId).executeTakeFirst()) ?? null;
}

export async function referralsOf(db: Conn, id: number) {
  return db
    .selectFrom('dispute_referrals as r')
    .leftJoin('users as u', 'u.id', 'r.to_user_id')
    .select(['r.id', 'r.kind', 'r.org_name', 'r.to_user_id', 'u.display_name as to_user_name', 'r.referred_at', 'r.referred_by_name', 'r.feedback', 'r.feedback_outcome', 'r.feedback_at'])
    .where('r.dispute_id', '=', id)
    .orderBy('r.id')
    .execute();
}

export async function getReferral(db: Conn, id: number, referralId: number) {
  return (await db.selectFrom('dispute_referrals').select(['id', 'to_user_id', 'feedback_at']).where('dispute_id', '=', id).where('id', '=', referralId).executeTakeFirst()) ?? null;
}

export async function followupsOf(db: Conn, id: number) {
  return db.selectFrom('dispute_followups').select(['id', 'due_at', 'done_at', 'note', 'by_name', 'recurred']).where('dispute_id', '=', id).orderBy('due_at').orderBy('id').execute();
}

export async function eventsOf(db: Conn, id: number) {
  return db.selectFrom('dispute_events').select(['id', 'at', 'kind', 'by_name', 'data']).where('dispute_id', '=', id).orderBy('id').execute();
}

export async function userExists(db: Conn, userId: number): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------- places

export interface Located {
  grid_id: number | null;
  community_id: number | null;
  station_id: number | null;
  district_id: number | null;
  county_id: number | null;
  area_ids: number[];
}

/** The areas of a point as of `at` (the same area functions the incident trigger uses). */
export async function locate(db: Conn, lon: number, lat: number, at: string): Promise<Located> {
  const r = await sql<Located>`
    with p as (select st_setsrid(st_point(${lon}, ${lat}), 4326) g, ${at}::timestamptz t),
    a as (select area_at(p.g, 'county', p.t) county_id, area_at(p.g, 'district', p.t) district_id, area_at(p.g, 'station', p.t) station_id,
                 area_at(p.g, 'police_grid', p.t) police_grid_id, area_at(p.g, 'resp_zone', p.t) resp_zone_id,
                 area_at(p.g, 'community', p.t) community_id, area_at(p.g, 'grid', p.t) grid_id from p)
    select grid_id, community_id, station_id, district_id, county_id,
           array_remove(array[county_id, district_id, station_id, police_grid_id, resp_zone_id, community_id, grid_id], null) area_ids
      from a`.execute(db);
  const row = r.rows[0]!;
  return { ...row, area_ids: row.area_ids ?? [] };
}

/** Calls to the police within `radiusM` of a point since `since` (the dispute's own call left out). */
export async function callsNear(db: Conn, lon: number, lat: number, radiusM: number, since: string, exceptIncident: number | null): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int n from incidents
     where reported_at >= ${since}::timestamptz
       and st_dwithin(geom::geography, st_setsrid(st_point(${lon}, ${lat}), 4326)::geography, ${radiusM})
       ${exceptIncident === null ? sql`` : sql`and id <> ${exceptIncident}`}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function incidentPlace(db: Conn, incidentId: number): Promise<{ lon: number; lat: number; area_ids: number[] } | null> {
  const r = await db
    .selectFrom('incidents')
    .select([sql<number>`st_x(geom)`.as('lon'), sql<number>`st_y(geom)`.as('lat'), 'area_ids'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  return (r as { lon: number; lat: number; area_ids: number[] } | undefined) ?? null;
}

// ---------------------------------------------------------------- writes

export interface NewDispute extends Located {
  status: string;
  source: string;
  incident_id: number | null;
  type: string;
  title: string;
  description: string | null;
  address: string;
  address_norm: string;
  lon: number | null;
  lat: number | null;
  grade: string;
  grade_reasons: unknown;
  violence_threatened: boolean;
  vulnerable: boolean;
  group_size: number;
  prior_calls: number;
  level: string;
  level_area_id: number | null;
  level_since: string;
  level_due_at: string;
  reported_at: string;
  reported_by_user: number | null;
  reported_by_name: string;
}

export async function insertDispute(db: Conn, d: NewDispute): Promise<number> {
  const { lon, lat, grade_reasons, ...cols } = d;
  const r = await db
    .insertInto('disputes')
    .values({
      ...cols,
      grade_reasons: JSON.stringify(grade_reasons),
      geom: lon !== null && lat !== null ? sql`st_setsrid(st_point(${lon}, ${lat}), 4326)` : null,
      resolved_at: null,
      resolved_on_time: null,
      case_id: null,
      ticket_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertParties(
  db: Conn,
  rows: { dispute_id: number; role: string; name_enc: string; name_masked: string; phone_enc: string | null; phone_masked: string | null; person_ref_id: number | null; vulnerable: boolean }[],
): Promise<void> {
  if (rows.length) await db.insertInto('dispute_parties').values(rows).execute();
}

export async function addEvent(db: Conn, e: { dispute_id: number; at: string; kind: string; by_name: string; data?: unknown }): Promise<void> {
  await db.insertInto('dispute_events').values({ ...e, data: JSON.stringify(e.data ?? {}) }).execute();
}

export interface DisputeSet {
  status?: string;
  grade?: string;
  grade_reasons?: unknown;
  violence_threatened?: boolean;
  vulnerable?: boolean;
  group_size?: number;
  level?: string;
  level_area_id?: number | null;
  level_since?: string;
  level_due_at?: string;
  escalations?: number;
  resolved_at?: string | null;
  resolved_on_time?: boolean | null;
  case_id?: number | null;
  ticket_id?: number | null;
}

/** The one versioned change of a dispute (409 STALE_VERSION when someone changed it first). */
export async function updateDispute(db: Conn, id: number, set: DisputeSet, where: { version: number; from?: string }): Promise<number> {
  const { grade_reasons, ...rest } = set;
  return updateVersioned(db, 'disputes', id, { ...rest, ...(grade_reasons !== undefined ? { grade_reasons: JSON.stringify(grade_reasons) } : {}) }, where);
}

export async function insertSession(
  db: Conn,
  s: { dispute_id: number; held_at: string; level: string; mediator_user: number | null; mediator_name: string; participants: string[]; outcome: string; note: string | null; agreement_text: string | null; photo_mime: string | null; photo: Buffer | null },
): Promise<number> {
  const r = await db.insertInto('dispute_sessions').values(s).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertReferral(db: Conn, r: { dispute_id: number; kind: string; org_name: string; to_user_id: number | null; referred_at: string; referred_by_name: string }): Promise<number> {
  const x = await db.insertInto('dispute_referrals').values({ ...r, feedback: null, feedback_outcome: null, feedback_at: null, feedback_by_name: null }).returning('id').executeTakeFirstOrThrow();
  return x.id;
}

export async function setReferralFeedback(db: Conn, referralId: number, f: { feedback: string; outcome: string; at: string; byName: string }): Promise<void> {
  await db.updateTable('dispute_referrals').set({ feedback: f.feedback, feedback_outcome: f.outcome, feedback_at: f.at, feedback_by_name: f.byName }).where('id', '=', referralId).execute();
}

export async function insertFollowups(db: Conn, disputeId: number, dueAts: string[]): Promise<void> {
  if (dueAts.length) await db.insertInto('dispute_followups').values(dueAts.map((due_at) => ({ dispute_id: disputeId, due_at, done_at: null, note: null, by_name: null, recurred: null }))).execute();
}

/** The follow-up visits not made yet, the earliest first. */
export async function pendingFollowups(db: Conn, disputeId: number) {
  return db.selectFrom('dispute_followups').select(['id', 'due_at']).where('dispute_id', '=', disputeId).where('done_at', 'is', null).orderBy('due_at').orderBy('id').execute();
}

export async function markFollowup(db: Conn, id: number, f: { at: string; note: string; byName: string; recurred: boolean }): Promise<void> {
  await db.updateTable('dispute_followups').set({ done_at: f.at, note: f.note, by_name: f.byName, recurred: f.recurred }).where('id', '=', id).execute();
}

/** Drops the visits not made (a dispute reopened or converted needs none of the old schedule). */
export async function dropPendingFollowups(db: Conn, disputeId: number): Promise<void> {
  await db.deleteFrom('dispute_followups').where('dispute_id', '=', disputeId).where('done_at', 'is', null).execute();
}

// ---------------------------------------------------------------- the escalation job

/** Open disputes whose level's time ran out (below the county: nowhere to climb from there). */
export async function overdueOpen(db: Conn, now: string, limit: number): Promise<{ id: number }[]> {
  return db
    .selectFrom('disputes')
    .select('id')
    .where('status', 'in', ['open', 'mediating', 'referred'])
    .where('level_due_at', '<', now)
    .where('level', '<>', 'county')
    .orderBy('level_due_at')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- indicators

export interface IndicatorRow {
  area_id: number | null;
  registered: number;
  open: number;
  resolved: number;
  resolved_on_time: number;
  escalated: number;
  repeat: number;
  converted: number;
  sessions: number;
  agreement: number;
  partial: number;
  no_agreement: number;
  adjourned: number;
}

/**
 * Per area (grid, community or station column) the disputes reported in [from, to): open, resolved (on time),
 * escalated at least once, repeats (an earlier dispute at the same address text or within radiusM), 民转刑, and the
 * outcomes of their mediation sessions.
 */
export async function indicatorRows(
  db: Conn,
  q: { column: 'grid_id' | 'community_id' | 'station_id'; from: string; to: string; radiusM: number; scopeIds: number[] | null },
): Promise<IndicatorRow[]> {
  const r = await sql<IndicatorRow>`
    select d.${sql.ref(q.column)} as area_id,
           count(*)::int as registered,
           count(*) filter (where d.status in ('open','mediating','referred'))::int as open,
           count(*) filter (where d.resolved_at is not null)::int as resolved,
           count(*) filter (where d.resolved_on_time)::int as resolved_on_time,
           count(*) filter (where d.escalations > 0)::int as escalated,
           count(*) filter (where exists (
             select 1 from disputes e
              where e.id <> d.id and (e.reported_at < d.reported_at or (e.reported_at = d.reported_at and e.id < d.id))
                and (e.address_norm = d.address_norm
                     or (e.geom is not null and d.geom is not null and st_dwithin(e.geom::geography, d.geom::geography, ${q.radiusM})))))::int as repeat,
           count(*) filter (where d.status = 'converted' or d.case_id is not null)::int as converted,
           coalesce(sum(s.n), 0)::int as sessions,
           coalesce(sum(s.agreement), 0)::int as agreement,
           coalesce(sum(s.partial), 0)::int as partial,
           coalesce(sum(s.no_agreement), 0)::int as no_agreement,
           coalesce(sum(s.adjourned), 0)::int as adjourned
      from disputes d
      left join lateral (
        select count(*) n,
               count(*) filter (where outcome = 'agreement') agreement,
               count(*) filter (where outcome = 'partial') partial,
               count(*) filter (where outcome = 'no_agreement') no_agreement,
               count(*) filter (where outcome = 'adjourned') adjourned
          from dispute_sessions where dispute_id = d.id) s on true
     where d.reported_at >= ${q.from}::timestamptz and d.reported_at < ${q.to}::timestamptz
       ${q.scopeIds ? sql`and d.area_ids && ${sql.val(q.scopeIds)}::int[]` : sql``}
     group by 1 order by 1 nulls last`.execute(db);
  return r.rows;
}
