// SQL of the append-only audit log.
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';

export async function insertAudit(
  db: Db | Transaction<DB>,
  e: { userId: number | null; username: string; action: string; resourceType: string; resourceId: string | null; detail: Record<string, unknown>; ip: string | null },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ user_id: e.userId, username: e.username, action: e.action, resource_type: e.resourceType, resource_id: e.resourceId, detail: JSON.stringify(e.detail), ip: e.ip })
    .execute();
}

export async function listAuditRows(db: Db, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The entries of one record, newest first (a record's history when the audit log is its history). */
export async function auditRowsOf(db: Db, resourceType: string, resourceId: string, limit: number) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'at', 'username', 'action', 'detail'])
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
