// In-app notifications (the bell), and the optional webhook to an SMS or IM gateway (NOTIFY_WEBHOOK_URL).
//
// `notify` writes one row per recipient; a notification with a ref (ref_type, ref_id) is written once per user and
// kind, so a job that runs twice does not notify twice. When a gateway is configured every new notification is also
// POSTed to it as JSON { id, userId, username, kind, title, body, link, createdAt }; the outcome (sent / failed) is
// recorded on the row and a failure never fails the caller. Users see and mark only their own notifications: another
// user's is not found (404), exactly as one that does not exist.
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso, isoN } from '../../lib/format';
import type { Actor } from '../auth/policy';
import * as repo from './repo';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  /** In-app path, e.g. /reports/12 */
  link?: string | null;
  refType?: string | null;
  refId?: string | null;
  /** false: in-app only, never through the webhook (default true). */
  webhook?: boolean;
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
  const rows = await repo.insertNotifications(
    ctx.db,
    users.map((u) => ({
      user_id: u,
      kind: n.kind,
      title: n.title.slice(0, 200),
      body: (n.body ?? '').slice(0, 2000),
      link: n.link ?? null,
      ref_type: n.refType ?? null,
      ref_id: n.refId ?? null,
      created_at: now,
    })),
  );
  if (ctx.config.notifyWebhookUrl && n.webhook !== false && rows.length) await deliver(ctx, rows.map((r) => ({ id: r.id, userId: r.user_id })), n, now);
  return rows.map((r) => r.id);
}

async function deliver(ctx: Ctx, rows: { id: number; userId: number }[], n: NewNotification, createdAt: string): Promise<void> {
  const url = ctx.config.notifyWebhookUrl!;
  const names = await repo.usernames(ctx.db, rows.map((r) => r.userId));
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
    await repo.setWebhookStatus(ctx.db, r.id, status, ctx.clock.now().toISOString());
  }
}

function own(actor: Actor): number {
  if (actor.kind !== 'user' || actor.userId === null) throw new AppError('FORBIDDEN');
  return actor.userId;
}

export async function listMine(ctx: Ctx, actor: Actor, q: { unread?: boolean; limit?: number }): Promise<{ unread: number; items: NotificationOut[] }> {
  const userId = own(actor);
  const [rows, unread] = await Promise.all([repo.listForUser(ctx.db, userId, { unread: q.unread ?? false, limit: q.limit ?? 50 }), repo.unreadCount(ctx.db, userId)]);
  return {
    unread,
    items: rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      refType: r.ref_type,
      refId: r.ref_id,
      createdAt: iso(r.created_at),
      readAt: isoN(r.read_at),
    })),
  };
}

/** Marks one of the caller's notifications read (idempotent); someone else's is not found (404). */
export async function markRead(ctx: Ctx, actor: Actor, id: number): Promise<void> {
  const userId = own(actor);
  const row = await repo.getForUser(ctx.db, userId, id);
  if (!row) throw new AppError('NOTIFICATION_NOT_FOUND');
  if (!row.read_at) await repo.markRead(ctx.db, userId, id, ctx.clock.now().toISOString());
}

export async function markAllRead(ctx: Ctx, actor: Actor): Promise<number> {
  return repo.markAllRead(ctx.db, own(actor), ctx.clock.now().toISOString());
}
