// SQL of the in-app notifications: written once per user, kind and ref; the webhook's outcome per row; the caller's
// list, unread count and read marks.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';

type Conn = Db | Transaction<DB>;

export interface NewNotificationRow {
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  ref_type: string | null;
  ref_id: string | null;
  created_at: string;
}

/** Inserts the rows, skipping a user already notified of the same kind and ref; returns the rows written. */
export async function insertNotifications(db: Conn, rows: NewNotificationRow[]): Promise<{ id: number; user_id: number }[]> {
  const out = await db
    .insertInto('notifications')
    .values(rows.map((r) => ({ ...r, webhook_status: null })))
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'ref_type', 'ref_id']).where('ref_id', 'is not', null).doNothing())
    .returning(['id', 'user_id'])
    .execute();
  return out.map((r) => ({ id: Number(r.id), user_id: r.user_id }));
}

export async function usernames(db: Conn, userIds: number[]): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', userIds).execute();
  return new Map(rows.map((u) => [u.id, u.username]));
}

export async function setWebhookStatus(db: Conn, id: number, status: 'sent' | 'failed', at: string): Promise<void> {
  await db.updateTable('notifications').set({ webhook_status: status, webhook_at: at }).where('id', '=', String(id)).execute();
}

export interface NotificationRow {
  id: string | number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  ref_type: string | null;
  ref_id: string | null;
  created_at: string | Date;
  read_at: string | Date | null;
}

export async function listForUser(db: Conn, userId: number, q: { unread: boolean; limit: number }): Promise<NotificationRow[]> {
  let query = db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'ref_type', 'ref_id', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.unread) query = query.where('read_at', 'is', null);
  return query.execute();
}

export async function unreadCount(db: Conn, userId: number): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** The user's notification (null when there is none with that id, or it is someone else's). */
export async function getForUser(db: Conn, userId: number, id: number): Promise<{ read_at: string | Date | null } | null> {
  return (await db.selectFrom('notifications').select(['read_at']).where('id', '=', String(id)).where('user_id', '=', userId).executeTakeFirst()) ?? null;
}

export async function markRead(db: Conn, userId: number, id: number, at: string): Promise<void> {
  await db.updateTable('notifications').set({ read_at: at }).where('id', '=', String(id)).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

export async function markAllRead(db: Conn, userId: number, at: string): Promise<number> {
  const r = await db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}
