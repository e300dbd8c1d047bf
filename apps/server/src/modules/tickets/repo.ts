// SQL of the work-handover tickets: the routing table, tickets and their events and photos, the department of an
// account, the places of a point, recurrence candidates, the overdue ladder's work list and the facts of the counts.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

type Conn = Db | Transaction<DB>;

// ---------------------------------------------------------------- routing table and departments

export interface RuleRow {
  id: number;
  category: string;
  area_id: number | null;
  agency_id: number | null;
  agency_name: string | null;
  agency_kind: string | null;
  receive_hours: number;
  resolve_hours: number;
  version: number;
}

export async function listRules(db: Conn): Promise<RuleRow[]> {
  return db
    .selectFrom('ticket_routes as r')
    .leftJoin('agencies as a', 'a.id', 'r.agency_id')
    .select(['r.id', 'r.category', 'r.area_id', 'r.agency_id', 'a.name as agency_name', 'r.agency_kind', 'r.receive_hours', 'r.resolve_hours', 'r.version'])
    .orderBy('r.category')
    .orderBy('r.area_id', 'asc')
    .execute();
}

export async function findRule(db: Conn, category: string, areaId: number | null): Promise<RuleRow | null> {
  const rows = await listRules(db);
  return rows.find((r) => r.category === category && r.area_id === areaId) ?? null;
}

export async function insertRule(db: Conn, r: { category: string; area_id: number | null; agency_id: number; receive_hours: number; resolve_hours: number }): Promise<number> {
  const x = await db.insertInto('ticket_routes').values({ ...r, agency_kind: null }).returning('id').executeTakeFirstOrThrow();
  return x.id;
}

export async function updateRule(db: Conn, id: number, version: number, r: { agency_id: number; receive_hours: number; resolve_hours: number }): Promise<number> {
  return updateVersioned(db, 'ticket_routes', id, { ...r, agency_kind: null }, { version });
}

export interface AgencyRow {
  id: number;
  name: string;
  kind: string;
  area_id: number | null;
}

/** Active agencies (departments). */
export async function activeAgencies(db: Conn): Promise<AgencyRow[]> {
  return db.selectFrom('agencies').select(['id', 'name', 'kind', 'area_id']).where('active', '=', true).orderBy('id').execute();
}

/** The department (people.agency_id) of a user's person, or null. */
export async function agencyOfUser(db: Conn, userId: number): Promise<number | null> {
  const r = await db.selectFrom('users as u').innerJoin('people as p', 'p.id', 'u.person_id').select('p.agency_id').where('u.id', '=', userId).executeTakeFirst();
  return r?.agency_id ?? null;
}

/** The liaison and 城管 accounts of a department (active users). */
export async function departmentUsers(db: Conn, agencyId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('people as p', 'p.id', 'u.person_id')
    .select('u.id')
    .where('p.agency_id', '=', agencyId)
    .where('u.role', 'in', ['liaison', 'urban_mgmt'])
    .where('u.active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

export interface Places {
  county_id: number | null;
  station_id: number | null;
  community_id: number | null;
  grid_id: number | null;
  area_ids: number[];
}

/** The areas holding a point now, from the county down (the order routing relies on). */
export async function locate(db: Conn, lon: number, lat: number, at: string): Promise<Places> {
  const r = await sql<Places>`
    with p as (select st_setsrid(st_point(${lon}, ${lat}), 4326) g, ${at}::timestamptz t),
    a as (select area_at(p.g, 'county', p.t) county_id, area_at(p.g, 'district', p.t) district_id, area_at(p.g, 'station', p.t) station_id,
                 area_at(p.g, 'police_grid', p.t) police_grid_id, area_at(p.g, 'resp_zone', p.t) resp_zone_id,
                 area_at(p.g, 'community', p.t) community_id, area_at(p.g, 'grid', p.t) grid_id from p)
    select county_id, station_id, community_id, grid_id,
           array_remove(array[county_id, district_id, station_id, police_grid_id, resp_zone_id, community_id, grid_id], null) area_ids
      from a`.execute(db);
  const row = r.rows[0]!;
  return { ...row, area_ids: row.area_ids ?? [] };
}

// ---------------------------------------------------------------- tickets

export interface TicketRow {
  id: number;
  status: string;
  version: number;
  category: string;
  title: string;
  description: string;
  source_type: string;
  source_id: number | null;
  external_ref: string | null;
  address: string;
  lon: number;
  lat: number;
  grid_id: number | null;
  station_id: number | null;
  area_ids: number[];
  agency_id: number | null;
  agency_name: string | null;
  originator_user_id: number | null;
  originator_name: string;
  created_at: string;
  sent_at: string | null;
  receive_due_at: string | null;
  due_at: string | null;
  received_at: string | null;
  resolved_at: string | null;
  verified_at: string | null;
  closed_at: string | null;
  updated_at: string;
  return_count: number;
  reopen_count: number;
  earlier_resolved: number;
  earlier_on_time: number;
  fired: string[];
}

function selectTickets(db: Conn) {
  return db
    .selectFrom('tickets as t')
    .leftJoin('agencies as a', 'a.id', 't.agency_id')
    .select([
      't.id',
      't.status',
      't.version',
      't.category',
      't.title',
      't.description',
      't.source_type',
      't.source_id',
      't.external_ref',
      't.address',
      sql<number>`st_x(t.geom)`.as('lon'),
      sql<number>`st_y(t.geom)`.as('lat'),
      't.grid_id',
      't.station_id',
      't.area_ids',
      't.agency_id',
      'a.name as agency_name',
      't.originator_user_id',
      't.originator_name',
      't.created_at',
      't.sent_at',
      't.receive_due_at',
      't.due_at',
      't.received_at',
      't.resolved_at',
      't.verified_at',
      't.closed_at',
      't.updated_at',
      't.return_count',
      't.reopen_count',
      't.earlier_resolved',
      't.earlier_on_time',
      't.fired',
    ]);
}

export interface TicketFilter {
  /** Only tickets with an area among these (police scope). */
  scopeIds?: number[] | null;
  /** Only this department's tickets (0 = none). */
  agencyId?: number;
  status?: string;
  statuses?: readonly string[];
  category?: string;
  sourceType?: string;
  sourceId?: number;
  ids?: number[];
  createdFrom?: string;
  createdTo?: string;
  /** Open and past the due time at this instant. */
  overdueAt?: string;
  limit: number;
}

export async function listTicketRows(db: Conn, f: TicketFilter): Promise<TicketRow[]> {
  let qb = selectTickets(db);
  if (f.scopeIds) qb = qb.where(sql<boolean>`t.area_ids && ${sql.val(f.scopeIds)}::int[]`);
  if (f.agencyId !== undefined) qb = qb.where('t.agency_id', '=', f.agencyId);
  if (f.status) qb = qb.where('t.status', '=', f.status);
  if (f.statuses) qb = qb.where('t.status', 'in', [...f.statuses]);
  if (f.category) qb = qb.where('t.category', '=', f.category);
  if (f.sourceType) qb = qb.where('t.source_type', '=', f.sourceType);
  if (f.sourceId) qb = qb.where('t.source_id', '=', f.sourceId);
  if (f.ids) qb = qb.where('t.id', 'in', f.ids.length ? f.ids : [0]);
  if (f.createdFrom) qb = qb.where('t.created_at', '>=', f.createdFrom);
  if (f.createdTo) qb = qb.where('t.created_at', '<', f.createdTo);
  if (f.overdueAt) qb = qb.where('t.status', 'in', ['sent', 'received', 'in_progress']).where('t.due_at', '<', f.overdueAt);
  return (await qb.orderBy('t.updated_at', 'desc').orderBy('t.id', 'desc').limit(f.limit).execute()) as TicketRow[];
}

export async function getTicketRow(db: Conn, id: number): Promise<TicketRow | null> {
  return ((await selectTickets(db).where('t.id', '=', id).executeTakeFirst()) as TicketRow | undefined) ?? null;
}

export interface NewTicket {
  category: string;
  title: string;
  description: string;
  source_type: string;
  source_id: number | null;
  external_ref: string | null;
  address: string;
  lon: number;
  lat: number;
  grid_id: number | null;
  community_id: number | null;
  station_id: number | null;
  area_ids: number[];
  agency_id: number;
  originator_user_id: number | null;
  originator_name: string;
  at: string;
  receive_due_at: string;
  due_at: string;
}

/** A ticket, created and routed in one step (status sent). */
export async function insertTicket(db: Conn, t: NewTicket): Promise<number> {
  const { lon, lat, at, ...cols } = t;
  const r = await db
    .insertInto('tickets')
    .values({ ...cols, status: 'sent', geom: sql`st_setsrid(st_point(${lon}, ${lat}), 4326)`, created_at: at, sent_at: at, updated_at: at, received_at: null, resolved_at: null, verified_at: null, closed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface TicketChange {
  status: string;
  updated_at: string;
  agency_id?: number;
  sent_at?: string;
  receive_due_at?: string;
  due_at?: string;
  received_at?: string | null;
  resolved_at?: string | null;
  verified_at?: string | null;
  closed_at?: string | null;
  fired?: string[];
  return_count?: number;
  reopen_count?: number;
  earlier_resolved?: number;
  earlier_on_time?: number;
}

export async function updateTicket(db: Conn, id: number, change: TicketChange, where: { version: number; from: string }): Promise<number> {
  return updateVersioned(db, 'tickets', id, change, where);
}

/** The ladder's steps fired (a system mark: the version stays, so nobody's open form goes stale). */
export async function markFired(db: Conn, id: number, fired: string[]): Promise<void> {
  await db.updateTable('tickets').set({ fired }).where('id', '=', id).execute();
}

export async function insertEvent(
  db: Conn,
  e: { ticket_id: number; action: string; from_status: string | null; to_status: string; at: string; user_id: number | null; actor_name: string; agency_id: number | null; note: string; photo_ids: number[] },
): Promise<void> {
  await db.insertInto('ticket_events').values(e).execute();
}

export interface EventRow {
  id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  at: string;
  actor_name: string;
  agency_id: number | null;
  agency_name: string | null;
  note: string;
  photo_ids: number[];
}

export async function listEvents(db: Conn, ticketId: number): Promise<EventRow[]> {
  return db
    .selectFrom('ticket_events as e')
    .leftJoin('agencies as a', 'a.id', 'e.agency_id')
    .select(['e.id', 'e.action', 'e.from_status', 'e.to_status', 'e.at', 'e.actor_name', 'e.agency_id', 'a.name as agency_name', 'e.note', 'e.photo_ids'])
    .where('e.ticket_id', '=', ticketId)
    .orderBy('e.id')
    .execute();
}

export async function insertPhotos(db: Conn, ticketId: number, photos: { mime: string; bytes: Buffer }[], at: string): Promise<number[]> {
  if (photos.length === 0) return [];
  const rows = await db
    .insertInto('ticket_photos')
    .values(photos.map((p) => ({ ticket_id: ticketId, mime: p.mime, bytes: p.bytes, created_at: at })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function photoIdsOf(db: Conn, ticketId: number): Promise<number[]> {
  return (await db.selectFrom('ticket_photos').select('id').where('ticket_id', '=', ticketId).orderBy('id').execute()).map((r) => r.id);
}

export async function getPhoto(db: Conn, id: number): Promise<{ ticket_id: number; mime: string; bytes: Uint8Array } | null> {
  return (await db.selectFrom('ticket_photos').select(['ticket_id', 'mime', 'bytes']).where('id', '=', id).executeTakeFirst()) ?? null;
}

// ---------------------------------------------------------------- recurrence and the ladder

/** Closed tickets of a category closed at or after `since`, with their places. */
export async function closedSince(db: Conn, category: string, since: string): Promise<{ id: number; category: string; lon: number; lat: number; closed_at: string; area_ids: number[] }[]> {
  return db
    .selectFrom('tickets')
    .select(['id', 'category', 'area_ids', sql<number>`st_x(geom)`.as('lon'), sql<number>`st_y(geom)`.as('lat'), sql<string>`closed_at`.as('closed_at')])
    .where('status', '=', 'closed')
    .where('category', '=', category)
    .where('closed_at', '>=', since)
    .execute();
}

/** Open tickets past their due time at `now`, and sent tickets past their receive deadline (the ladders' work list). */
export async function overdueOpen(db: Conn, now: string): Promise<TicketRow[]> {
  const [late, unreceived] = await Promise.all([
    listTicketRows(db, { overdueAt: now, limit: 1000 }),
    selectTickets(db).where('t.status', '=', 'sent').where('t.receive_due_at', '<=', now).orderBy('t.id').limit(1000).execute() as Promise<TicketRow[]>,
  ]);
  const seen = new Set(late.map((r) => r.id));
  return [...late, ...unreceived.filter((r) => !seen.has(r.id))];
}

/** Returns (退回) per department that returned them, among these tickets. */
export async function returnsByAgency(db: Conn, ticketIds: number[]): Promise<Map<number, number>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('ticket_events')
    .select(['agency_id', sql<number>`count(*)::int`.as('n')])
    .where('action', '=', 'return')
    .where('ticket_id', 'in', ticketIds)
    .groupBy('agency_id')
    .execute();
  return new Map(rows.filter((r) => r.agency_id !== null).map((r) => [r.agency_id!, r.n]));
}
