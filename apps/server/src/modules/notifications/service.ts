// In-app notifications (the bell), and the optional webhook to an SMS or IM gateway (NOTIFY_WEBHOOK_URL).
//
// `notify` writes one row per recipient; a notification with a ref (ref_type, ref_id) is written once per user and
// kind, so a job that runs twice does not notify twice. When a gateway is configured every new notification is also
// POSTed to it as JSON { id, userId, username, kind, title, body, link, createdAt }; the outcome (sent / failed) is
// recorded on the row and a failure never fails the caller. Users see and mark only their own notifications.
import { sql } from 'kysely';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import type { Actor } from '../auth/policy';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  /** In-app path, e.g. /reports/12 */
  link?: string | null;
  refType?: string | null;
  refId?: string | null;
}

export interface NotificationOut {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  refType: string | null;
  refId: string | null;
  createdAt: string;
  readAt: string | null;
}

const WEBHOOK_TIMEOUT_MS = 5000;

/** Notifies each user once (per kind and ref); returns the ids of the rows written. */
export async function notify(ctx: Ctx, userIds: readonly number[], n: NewNotification): Promise<number[]> {
  const users = [...new Set(userIds)];
  if (users.length === 0) return [];
  const now = ctx.clock.now().toISOString();
  const rows = await ctx.db
    .insertInto('notifications')
    .values(
      users.map((u) => ({
        user_id: u,
        kind: n.kind,
        title: n.title.slice(0, 200),
        body: (n.body ?? '').slice(0, 2000),
        link: n.link ?? null,
        ref_type: n.refType ?? null,
        ref_id: n.refId ?? null,
        created_at: now,
        webhook_status: null,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'ref_type', 'ref_id']).where('ref_id', 'is not', null).doNothing())
    .returning(['id', 'user_id'])
    .execute();
  if (ctx.config.notifyWebhookUrl && rows.length) await deliver(ctx, rows.map((r) => ({ id: Number(r.id), userId: r.user_id })), n, now);
  return rows.map((r) => Number(r.id));
}

async function deliver(ctx: Ctx, rows: { id: number; userId: number }[], n: NewNotification, createdAt: string): Promise<void> {
  const url = ctx.config.notifyWebhookUrl!;
  const names = new Map(
    (await ctx.db.selectFrom('users').select(['id', 'username']).where('id', 'in', rows.map((r) => r.userId)).execute()).map((u) => [u.id, u.username]),
  );
  for (const r of rows) {
    let status: 'sent' | 'failed' = 'failed';
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: r.id, userId: r.userId, username: names.get(r.userId) ?? null, kind: n.kind, title: n.title, body: n.body ?? '', link: n.link ?? null, createdAt }),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      status = res.ok ? 'sent' : 'failed';
    } catch {
      status = 'failed';
    }
    await ctx.db.updateTable('notifications').set({ webhook_status: status, webhook_at: ctx.clock.now().toISOString() }).where('id', '=', String(r.id)).execute();
  }
}

function own(actor: Actor): number {
  if (actor.kind !== 'user' || actor.userId === null) throw new AppError('FORBIDDEN');
  return actor.userId;
}

export async function listMine(ctx: Ctx, actor: Actor, q: { unread?: boolean; limit?: number }): Promise<{ unread: number; items: NotificationOut[] }> {
  const userId = own(actor);
  let query = ctx.db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'ref_type', 'ref_id', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit ?? 50);
  if (q.unread) query = query.where('read_at', 'is', null);
  const [rows, count] = await Promise.all([
    query.execute(),
    sql<{ n: number }>`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`.execute(ctx.db),
  ]);
  return {
    unread: count.rows[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      refType: r.ref_type,
      refId: r.ref_id,
      createdAt: new Date(r.created_at).toISOString(),
      readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    })),
  };
}

/** Marks one of the caller's notifications read (idempotent); someone else's is not found. */
export async function markRead(ctx: Ctx, actor: Actor, id: number): Promise<void> {
  const userId = own(actor);
  const row = await ctx.db.selectFrom('notifications').select(['id', 'read_at']).where('id', '=', String(id)).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw new AppError('NOTIFICATION_NOT_FOUND');
  if (!row.read_at) await ctx.db.updateTable('notifications').set({ read_at: ctx.clock.now().toISOString() }).where('id', '=', String(id)).execute();
}

export async function markAllRead(ctx: Ctx, actor: Actor): Promise<number> {
  const userId = own(actor);
  const r = await ctx.db.updateTable('notifications').set({ read_at: ctx.clock.now().toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}
