// The append-only audit log: every read of personal data and every administrative change is written here.
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { authorize, type Actor } from '../auth/policy';
import * as repo from './repo';

export async function audit(
  db: Db,
  actor: Actor,
  action: string,
  resourceType: string,
  resourceId: string | number | null,
  detail: Record<string, unknown> = {},
  ip: string | null = null,
): Promise<void> {
  await repo.insertAudit(db, {
    userId: actor.userId,
    username: actor.username,
    action,
    resourceType,
    resourceId: resourceId === null ? null : String(resourceId),
    detail,
    ip,
  });
}

/** A page of the log, newest first (auditors and administrators). */
export async function listAudit(ctx: Ctx, actor: Actor, q: { page?: number; pageSize?: number }) {
  authorize(actor, 'audit.read');
  const { rows, total } = await repo.listAuditRows(ctx.db, q.page ?? 1, q.pageSize ?? 100);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      username: r.username,
      action: r.action,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      detail: r.detail,
      ip: r.ip,
    })),
    total,
  };
}

/** One record's entries, newest first; the caller has authorised the read of the record. */
export async function auditOf(ctx: Ctx, resourceType: string, resourceId: number, limit = 200) {
  const rows = await repo.auditRowsOf(ctx.db, resourceType, String(resourceId), limit);
  return rows.map((r) => ({ at: r.at, username: r.username, action: r.action, detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown> }));
}
