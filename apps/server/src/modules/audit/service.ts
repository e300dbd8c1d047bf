// The append-only audit log: every read of personal data and every administrative change is written here.
import type { Db } from '../../db/client';
import type { Actor } from '../auth/policy';

export async function audit(
  db: Db,
  actor: Actor,
  action: string,
  resourceType: string,
  resourceId: string | number | null,
  detail: Record<string, unknown> = {},
  ip: string | null = null,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: actor.userId,
      username: actor.username,
      action,
      resource_type: resourceType,
      resource_id: resourceId === null ? null : String(resourceId),
      detail: JSON.stringify(detail),
      ip,
    })
    .execute();
}

export async function listAudit(db: Db, page: number, pageSize: number) {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const total = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
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
