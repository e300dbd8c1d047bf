// All SQL of the auth module: users, sessions and the second factor. Plain rows in, plain rows out.
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { authWritten } from './sessionCache';

type Q = Db | Transaction<DB>;

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  scope_area_id: number | null;
  person_id: number | null;
}

export interface AccountRow extends UserRow {
  password_hash: string;
  active: boolean;
  must_change_password: boolean;
  totp_secret_enc: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
}

const ACCOUNT = [
  'id',
  'username',
  'display_name',
  'role',
  'scope_area_id',
  'person_id',
  'password_hash',
  'active',
  'must_change_password',
  'totp_secret_enc',
  'totp_enabled',
  'totp_last_step',
] as const;

export function activeUserByName(db: Q, username: string): Promise<AccountRow | undefined> {
  return db.selectFrom('users').select(ACCOUNT).where('username', '=', username).where('active', '=', true).executeTakeFirst();
}

export function userById(db: Q, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('users').select(ACCOUNT).where('id', '=', id).executeTakeFirst();
}

/** The agency (department) of an active person, or null when there is no such active person. */
export async function agencyOfActivePerson(db: Q, personId: number): Promise<number | null> {
  const r = await db.selectFrom('people').select('agency_id').where('id', '=', personId).where('active', '=', true).executeTakeFirst();
  return r?.agency_id ?? null;
}

export async function personIdByCode(db: Q, code: string): Promise<number | null> {
  const r = await db.selectFrom('people').select('id').where('code', '=', code).executeTakeFirst();
  return r?.id ?? null;
}

export async function userNameTaken(db: Q, username: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export async function insertUser(
  db: Q,
  u: { username: string; displayName: string; passwordHash: string; role: string; scopeAreaId: number | null; personId: number | null; mustChangePassword: boolean },
): Promise<number> {
  const r = await db
    .insertInto('users')
    .values({
      username: u.username,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      role: u.role,
      scope_area_id: u.scopeAreaId,
      person_id: u.personId,
      must_change_password: u.mustChangePassword,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function setPassword(db: Q, userId: number, passwordHash: string, mustChange: boolean, at: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, must_change_password: mustChange, password_changed_at: at }).where('id', '=', userId).execute();
  authWritten();
}

export async function setMustChange(db: Q, userId: number): Promise<void> {
  await db.updateTable('users').set({ must_change_password: true }).where('id', '=', userId).execute();
  authWritten();
}

/** A pending (not yet confirmed) second factor replaces any pending one; an enabled one stays until disabled. */
export async function setPendingTotp(db: Q, userId: number, secretEnc: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret_enc: secretEnc, totp_enabled: false, totp_last_step: null }).where('id', '=', userId).where('totp_enabled', '=', false).execute();
  authWritten();
}

export async function enableTotp(db: Q, userId: number, step: number): Promise<void> {
  await db.updateTable('users').set({ totp_enabled: true, totp_last_step: step }).where('id', '=', userId).execute();
  authWritten();
}

export async function clearTotp(db: Q, userId: number): Promise<void> {
  await db.updateTable('users').set({ totp_secret_enc: null, totp_enabled: false, totp_last_step: null }).where('id', '=', userId).execute();
  authWritten();
}

/** Records the time step of an accepted code; false when that step (or a later one) was already used (a replay). */
export async function useTotpStep(db: Q, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function activeUserIdsByRole(db: Q, role: string): Promise<number[]> {
  return (await db.selectFrom('users').select('id').where('role', '=', role).where('active', '=', true).orderBy('id').execute()).map((r) => r.id);
}

// ------------------------------------------------------------------ sessions

export async function insertSession(db: Q, s: { id: string; userId: number; csrfToken: string; expiresAt: string }): Promise<void> {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, expires_at: s.expiresAt }).execute();
  authWritten();
}

export interface SessionUserRow extends UserRow {
  sid: string;
  csrf_token: string;
  expires_at: string;
  active: boolean;
  must_change_password: boolean;
  totp_enabled: boolean;
}

export function sessionWithUser(db: Q, sessionId: string): Promise<SessionUserRow | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as sid',
      's.csrf_token',
      's.expires_at',
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.scope_area_id',
      'u.person_id',
      'u.active',
      'u.must_change_password',
      'u.totp_enabled',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
}

export async function deleteSession(db: Q, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  authWritten();
}

/** Deletes the user's sessions (but `keep`); returns the ids deleted, so their sockets can be closed. */
export async function deleteSessionsOfUser(db: Q, userId: number, keep: string | null): Promise<string[]> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id', '<>', keep);
  const ids = (await q.returning('id').execute()).map((r) => r.id);
  authWritten();
  return ids;
}

export async function deleteExpiredSessions(db: Q, now: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  authWritten();
  return Number(r.numDeletedRows);
}

// ------------------------------------------------------------------ administration of users (issue 12)

export interface UserListRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  scope_area_id: number | null;
  scope_area_name: string | null;
  person_id: number | null;
  active: boolean;
  created_at: string;
}

/** Every user, with the name of its scope area; newest last. */
export function listUserRows(db: Q): Promise<UserListRow[]> {
  return db
    .selectFrom('users as u')
    .leftJoin('areas as a', 'a.id', 'u.scope_area_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.scope_area_id', 'a.name as scope_area_name', 'u.person_id', 'u.active', 'u.created_at'])
    .orderBy('u.id')
    .execute() as Promise<UserListRow[]>;
}

export async function setUserActive(db: Q, userId: number, active: boolean): Promise<void> {
  await db.updateTable('users').set({ active }).where('id', '=', userId).execute();
  authWritten();
}
