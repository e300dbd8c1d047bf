// SQL of instructions (指令一键直达): the targets and who they reach, the instruction, one receipt per recipient user,
// feedback, photos, and the SMS fallback's claim.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

type Conn = Db | Transaction<DB>;

// ---------------------------------------------------------------- targets

/** A person with their agency's area and live responsibility areas (null when there is no such active person). */
export async function personTarget(db: Conn, id: number): Promise<{ name: string; areaIds: number[] } | null> {
  const r = await sql<{ name: string; agency_area: number | null; areas: number[] | null }>`
    select p.name, ag.area_id agency_area,
           (select array_agg(pa.area_id) from person_areas pa where pa.person_id = p.id and pa.valid_to is null) areas
      from people p join agencies ag on ag.id = p.agency_id
     where p.id = ${id} and p.active`.execute(db);
  const row = r.rows[0];
  if (!row) return null;
  return { name: row.name, areaIds: [...(row.areas ?? []), ...(row.agency_area !== null ? [row.agency_area] : [])] };
}

/** A team with its area (or its agency's). */
export async function teamTarget(db: Conn, id: number): Promise<{ name: string; areaIds: number[] } | null> {
  const r = await sql<{ name: string; area_id: number | null; agency_area: number | null }>`
    select t.name, t.area_id, ag.area_id agency_area from teams t join agencies ag on ag.id = t.agency_id where t.id = ${id}`.execute(db);
  const row = r.rows[0];
  if (!row) return null;
  const area = row.area_id ?? row.agency_area;
  return { name: row.name, areaIds: area !== null ? [area] : [] };
}

/** A unit with its home area (and its team's). */
export async function unitTarget(db: Conn, id: number): Promise<{ name: string; areaIds: number[] } | null> {
  const r = await sql<{ callsign: string; home_area_id: number | null; team_area: number | null }>`
    select u.callsign, u.home_area_id, t.area_id team_area from units u left join teams t on t.id = u.team_id where u.id = ${id}`.execute(db);
  const row = r.rows[0];
  if (!row) return null;
  return { name: row.callsign, areaIds: [row.home_area_id, row.team_area].filter((x): x is number => x !== null) };
}

export async function teamMembers(db: Conn, teamId: number): Promise<number[]> {
  return (await db.selectFrom('people').select('id').where('team_id', '=', teamId).where('active', '=', true).execute()).map((r) => r.id);
}

export async function unitMembers(db: Conn, unitId: number): Promise<number[]> {
  return (await db.selectFrom('unit_members').select('person_id').where('unit_id', '=', unitId).execute()).map((r) => r.person_id);
}

/** Active police with a live responsibility for one of the areas. */
export async function responsibleFor(db: Conn, areaIds: number[]): Promise<number[]> {
  if (areaIds.length === 0) return [];
  const r = await sql<{ id: number }>`
    select distinct p.id from people p join person_areas pa on pa.person_id = p.id
     where pa.area_id = any(${sql.val(areaIds)}::int[]) and pa.valid_to is null and p.active and p.role = 'police'`.execute(db);
  return r.rows.map((x) => x.id);
}

/** The active users who are these people, with their names. */
export async function usersOfPeople(db: Conn, personIds: number[]): Promise<{ id: number; name: string }[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('people as p', 'p.id', 'u.person_id')
    .select(['u.id', 'p.name'])
    .where('u.person_id', 'in', [...new Set(personIds)])
    .where('u.active', '=', true)
    .orderBy('u.id')
    .execute();
  return rows;
}

/** A task instance's areas (for the scope of a link). */
export async function taskAreas(db: Conn, id: number): Promise<number[] | null> {
  const r = await db.selectFrom('task_instances').select(['area_ids', 'station_id']).where('id', '=', String(id)).executeTakeFirst();
  if (!r) return null;
  return [...r.area_ids, ...(r.station_id !== null ? [r.station_id] : [])];
}

// ---------------------------------------------------------------- writing

export async function insertPhotos(db: Conn, photos: { mime: string; bytes: Buffer }[], at: string): Promise<number[]> {
  if (photos.length === 0) return [];
  const rows = await db
    .insertInto('instruction_photos')
    .values(photos.map((p) => ({ mime: p.mime, bytes: p.bytes, created_at: at })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface NewInstruction {
  sender_user_id: number;
  sender_name: string;
  target_kind: string;
  target_id: number;
  target_name: string;
  area_ids: number[];
  body: string;
  priority: string;
  due_at: string | null;
  link_type: string | null;
  link_id: number | null;
  photo_ids: number[];
  created_at: string;
}

export async function insertInstruction(db: Conn, row: NewInstruction, recipients: { id: number; name: string }[]): Promise<number> {
  const { id } = await db.insertInto('instructions').values(row).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('instruction_receipts')
    .values(recipients.map((u) => ({ instruction_id: id, user_id: u.id, name: u.name, delivered_at: row.created_at })))
    .execute();
  return id;
}

export async function updateReceipt(db: Conn, id: number, set: { status: string; read_at?: string; feedback_at?: string; done_at?: string }, version: number, from: string): Promise<number> {
  return updateVersioned(db, 'instruction_receipts', id, set, { version, from });
}

export async function insertFeedback(db: Conn, receiptId: number, at: string, text: string, photoIds: number[]): Promise<void> {
  await db.insertInto('instruction_feedback').values({ receipt_id: receiptId, at, text, photo_ids: photoIds }).execute();
}

export async function closeInstruction(db: Conn, id: number, at: string, byName: string, version: number): Promise<number> {
  return updateVersioned(db, 'instructions', id, { status: 'closed', closed_at: at, closed_by_name: byName }, { version, from: 'open' });
}

/** Locks the instruction's row for the transaction (receipts of one instruction change one at a time). */
export async function lockInstruction(db: Conn, id: number): Promise<{ status: string; version: number } | null> {
  return (await db.selectFrom('instructions').select(['status', 'version']).where('id', '=', id).forUpdate().executeTakeFirst()) ?? null;
}

// ---------------------------------------------------------------- reading

export interface InstructionRow {
  id: number;
  sender_user_id: number;
  sender_name: string;
  target_kind: string;
  target_id: number;
  target_name: string;
  area_ids: number[];
  body: string;
  priority: string;
  due_at: string | Date | null;
  link_type: string | null;
  link_id: number | null;
  photo_ids: number[];
  status: string;
  closed_at: string | Date | null;
  closed_by_name: string | null;
  created_at: string | Date;
  version: number;
}

const INSTRUCTION_COLUMNS = [
  'id',
  'sender_user_id',
  'sender_name',
  'target_kind',
  'target_id',
  'target_name',
  'area_ids',
  'body',
  'priority',
  'due_at',
  'link_type',
  'link_id',
  'photo_ids',
  'status',
  'closed_at',
  'closed_by_name',
  'created_at',
  'version',
] as const;

export async function instructionById(db: Conn, id: number): Promise<InstructionRow | null> {
  return ((await db.selectFrom('instructions').select(INSTRUCTION_COLUMNS).where('id', '=', id).executeTakeFirst()) as InstructionRow | undefined) ?? null;
}

/** Instructions the user sent, or (scope given) about areas inside the scope; null scope = all. Newest first. */
export async function listInstructions(db: Conn, q: { senderUserId: number; scope: number[] | null; status?: string; limit: number }): Promise<InstructionRow[]> {
  let query = db.selectFrom('instructions').select(INSTRUCTION_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.scope !== null) {
    const scope = q.scope;
    query = query.where((eb) => eb.or([eb('sender_user_id', '=', q.senderUserId), sql<boolean>`area_ids && ${sql.val(scope)}::int[]`]));
  }
  if (q.status) query = query.where('status', '=', q.status);
  return (await query.execute()) as InstructionRow[];
}

export interface ReceiptRow {
  id: number;
  instruction_id: number;
  user_id: number;
  name: string;
  status: string;
  version: number;
  delivered_at: string | Date;
  read_at: string | Date | null;
  feedback_at: string | Date | null;
  done_at: string | Date | null;
  fallback_at: string | Date | null;
}

const RECEIPT_COLUMNS = ['id', 'instruction_id', 'user_id', 'name', 'status', 'version', 'delivered_at', 'read_at', 'feedback_at', 'done_at', 'fallback_at'] as const;

export async function receiptsOf(db: Conn, instructionIds: number[]): Promise<ReceiptRow[]> {
  if (instructionIds.length === 0) return [];
  return db.selectFrom('instruction_receipts').select(RECEIPT_COLUMNS).where('instruction_id', 'in', instructionIds).orderBy('id').execute();
}

export async function receiptById(db: Conn, id: number): Promise<ReceiptRow | null> {
  return (await db.selectFrom('instruction_receipts').select(RECEIPT_COLUMNS).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The user's receipts of open instructions, and of closed ones of the last `sinceClosed`; newest first. */
export async function receiptsOfUser(db: Conn, userId: number, closedSince: string, limit: number): Promise<ReceiptRow[]> {
  const rows = await db
    .selectFrom('instruction_receipts as r')
    .innerJoin('instructions as i', 'i.id', 'r.instruction_id')
    .select(RECEIPT_COLUMNS.map((c) => `r.${c}` as const))
    .where('r.user_id', '=', userId)
    .where((eb) => eb.or([eb('i.status', '=', 'open'), eb('i.closed_at', '>=', closedSince)]))
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
  return rows as ReceiptRow[];
}

export interface FeedbackRow {
  receipt_id: number;
  at: string | Date;
  text: string;
  photo_ids: number[];
}

export async function feedbackOf(db: Conn, receiptIds: number[]): Promise<FeedbackRow[]> {
  if (receiptIds.length === 0) return [];
  return db.selectFrom('instruction_feedback').select(['receipt_id', 'at', 'text', 'photo_ids']).where('receipt_id', 'in', receiptIds).orderBy('id').execute();
}

/** A photo and the instruction it belongs to (attached to it, or to a feedback on it). */
export async function photoById(db: Conn, id: number): Promise<{ mime: string; bytes: Uint8Array; instruction_id: number } | null> {
  const r = await sql<{ mime: string; bytes: Uint8Array; instruction_id: number }>`
    select p.mime, p.bytes,
           coalesce((select i.id from instructions i where ${id} = any(i.photo_ids) limit 1),
                    (select r.instruction_id from instruction_feedback f join instruction_receipts r on r.id = f.receipt_id where ${id} = any(f.photo_ids) limit 1)) instruction_id
      from instruction_photos p where p.id = ${id}`.execute(db);
  const row = r.rows[0];
  return row && row.instruction_id !== null ? row : null;
}

// ---------------------------------------------------------------- SMS fallback

/** Receipts still unread since before `before`, of open instructions, not yet sent the fallback. */
export async function unreadSince(db: Conn, before: string): Promise<{ id: number }[]> {
  return db
    .selectFrom('instruction_receipts as r')
    .innerJoin('instructions as i', 'i.id', 'r.instruction_id')
    .select('r.id')
    .where('r.status', '=', 'delivered')
    .where('r.fallback_at', 'is', null)
    .where('r.delivered_at', '<=', before)
    .where('i.status', '=', 'open')
    .orderBy('r.id')
    .limit(1000)
    .execute();
}

/** Claims the fallback of one receipt (true once, whatever the number of nodes running the job). */
export async function claimFallback(db: Conn, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('instruction_receipts').set({ fallback_at: at }).where('id', '=', id).where('fallback_at', 'is', null).where('status', '=', 'delivered').executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0) > 0;
}
