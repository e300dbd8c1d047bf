// Log in with argon2id-hashed passwords and an optional TOTP second factor; sessions are random tokens whose
// SHA-256 is stored, with a CSRF token per session (double submit: header x-csrf-token must equal the session's
// token on every state change). Passwords follow the rules of ./passwords.ts; attempts are throttled by
// ./throttle.ts and every one of them is audited.
import crypto from 'node:crypto';
import { USER_ROLES, type Session, type TotpEnrol, type User, type UserRole } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/service';
import { notify } from '../notifications/service';
import { authorize, can, PERSON_ROLES, SCOPED_ROLES, SYSTEM_ACTOR, type Actor } from './policy';
import { hashPassword, passwordFieldErrors, passwordProblems, verifyPassword } from './passwords';
import * as repo from './repo';
import { cachedSessionRow } from './sessionCache';
import { loginThrottle, type Reservation } from './throttle';
import { newTotpSecret, totpQrSvg, totpStep, totpUri } from './totp';

export { hashPassword } from './passwords';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

// a fixed hash to verify against when the user does not exist, so timing does not reveal user names
let dummyHash: Promise<string> | null = null;

function presentUser(ctx: Ctx, u: repo.UserRow): User {
  const area = u.scope_area_id !== null ? ctx.areas.tree().get(u.scope_area_id) : undefined;
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as UserRole,
    scopeAreaId: u.scope_area_id,
    scopeAreaName: area?.name ?? null,
    personId: u.person_id,
  };
}

function presentSession(ctx: Ctx, u: repo.UserRow & { must_change_password: boolean; totp_enabled: boolean }, csrf: string): Session {
  const a = actorOf(u);
  return {
    user: presentUser(ctx, u),
    csrfToken: csrf,
    mustChangePassword: !ctx.config.demo && u.must_change_password,
    totpEnabled: u.totp_enabled,
    totpAllowed: can(a, 'account.totp'),
  };
}

export function actorOf(u: repo.UserRow): Actor {
  return { kind: 'user', userId: u.id, username: u.username, displayName: u.display_name, role: u.role as UserRole, scopeAreaId: u.scope_area_id };
}

const attemptActor = (name: string, id: number | null): Actor => ({ kind: 'user', userId: id, username: name, displayName: name, role: null, scopeAreaId: null });

/** Tell the admins, once per burst, that an account is being guessed at (in-app notification, and the webhook). */
async function alertBurst(ctx: Ctx, name: string, now: number): Promise<void> {
  try {
    const admins = await repo.activeUserIdsByRole(ctx.db, 'admin');
    const failures = loginThrottle(ctx).accountFailures(name, now);
    await notify(ctx, admins, {
      kind: 'security.login_burst',
      title: `账号 ${name} 登录失败激增`,
      body: `15 分钟内 ${failures} 次失败或被限制的登录尝试（账号 ${name}）。请核查审计日志中的来源地址。`,
      refType: 'login_burst',
      refId: `${name}@${Math.floor(now / 900_000)}`,
    });
    await audit(ctx.db, SYSTEM_ACTOR, 'auth.login.burst', 'user', null, { username: name, failures });
  } catch (e) {
    console.error('login burst alert failed:', e);
  }
}

async function failed(ctx: Ctx, name: string, userId: number | null, ip: string | null, reason: string, now: number, delayMs: number): Promise<void> {
  await audit(ctx.db, attemptActor(name, userId), 'auth.login.failed', 'user', userId, { reason, ...(delayMs ? { delayMs } : {}) }, ip);
  if (loginThrottle(ctx).shouldAlert(name, now)) await alertBurst(ctx, name, now);
}

/** Take a throttle slot for an attempt on `name` from `ip`, or refuse it (429, audited). */
async function reserve(ctx: Ctx, name: string, ip: string | null, action: string): Promise<{ token: Reservation; delayMs: number }> {
  const now = ctx.clock.now().getTime();
  const throttle = loginThrottle(ctx);
  const d = throttle.attempt(name, ip ?? '-', now);
  if (!d.ok) {
    await audit(ctx.db, attemptActor(name, null), `${action}.throttled`, 'user', null, { reason: d.reason, retryAfterS: d.retryAfterS }, ip);
    if (throttle.shouldAlert(name, now)) await alertBurst(ctx, name, now);
    throw new AppError('RATE_LIMITED', `Too many attempts; wait ${d.retryAfterS} s`, { retryAfterS: d.retryAfterS });
  }
  if (d.delayMs > 0) await throttle.sleep(d.delayMs);
  return { token: d.token, delayMs: d.delayMs };
}

export async function login(
  ctx: Ctx,
  username: string,
  password: string,
  ip: string | null,
  totp?: string,
): Promise<{ token: string; session: Session }> {
  const now = ctx.clock.now();
  const name = username.trim().toLowerCase();
  const { token: reservation, delayMs } = await reserve(ctx, name, ip, 'auth.login');
  const u = await repo.activeUserByName(ctx.db, name);
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const ok = await verifyPassword(u?.password_hash ?? (await dummyHash), password);
  if (!u || !ok) {
    await failed(ctx, name, u?.id ?? null, ip, u ? 'password' : 'unknown_user', now.getTime(), delayMs);
    throw new AppError('BAD_CREDENTIALS');
  }
  if (u.totp_enabled) {
    if (!totp) {
      // the password was right: this is not a failure, but the session waits for the code
      loginThrottle(ctx).succeeded(reservation);
      await audit(ctx.db, actorOf(u), 'auth.login.totp_required', 'user', u.id, {}, ip);
      throw new AppError('TOTP_REQUIRED');
    }
    if (!(await checkTotp(ctx, u, totp, now.getTime()))) {
      await failed(ctx, name, u.id, ip, 'totp', now.getTime(), delayMs);
      throw new AppError('TOTP_INVALID');
    }
  }
  loginThrottle(ctx).succeeded(reservation);
  // outside demo mode, a password that no longer meets the rules (the demo's, an old one) must be changed first
  if (!ctx.config.demo && !u.must_change_password && passwordProblems(password, { username: u.username, displayName: u.display_name, role: u.role }).length) {
    await repo.setMustChange(ctx.db, u.id);
    u.must_change_password = true;
  }
  await repo.deleteExpiredSessions(ctx.db, now.toISOString());
  const token = crypto.randomBytes(32).toString('base64url');
  const csrf = crypto.randomBytes(24).toString('base64url');
  await repo.insertSession(ctx.db, { id: sha256(token), userId: u.id, csrfToken: csrf, expiresAt: new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000).toISOString() });
  await audit(ctx.db, actorOf(u), 'auth.login', 'user', u.id, { ...(u.totp_enabled ? { totp: true } : {}), ...(delayMs ? { delayMs } : {}) }, ip);
  return { token, session: presentSession(ctx, u, csrf) };
}

async function checkTotp(ctx: Ctx, u: repo.AccountRow, code: string, now: number): Promise<boolean> {
  const secret = ctx.cipher.decrypt(u.totp_secret_enc);
  if (!secret) return false;
  const step = totpStep(secret, code, now);
  return step !== null && (await repo.useTotpStep(ctx.db, u.id, step));
}

export interface ResolvedSession {
  actor: Actor;
  session: Session;
  id: string;
  expiresAt: number;
}

export async function sessionFromToken(ctx: Ctx, token: string | undefined): Promise<ResolvedSession | null> {
  if (!token) return null;
  const id = sha256(token);
  const row = await cachedSessionRow(ctx.db, id, () => repo.sessionWithUser(ctx.db, id));
  const expiresAt = row ? Date.parse(row.expires_at) : 0;
  if (!row || !row.active || expiresAt <= ctx.clock.now().getTime()) return null;
  return { actor: actorOf(row), session: presentSession(ctx, row, row.csrf_token), id, expiresAt };
}

/** Is the session (by its stored id) still valid for an active user? Used to keep long-lived sockets honest. */
export async function sessionStillValid(ctx: Ctx, sessionId: string): Promise<boolean> {
  return (await sessionExpiry(ctx, sessionId)) !== null;
}

/** When the session (by its stored id) ends, in ms since the epoch; null when it already has (or the user is gone). */
export async function sessionExpiry(ctx: Ctx, sessionId: string): Promise<number | null> {
  const row = await repo.sessionWithUser(ctx.db, sessionId);
  const at = row ? Date.parse(row.expires_at) : 0;
  return row && row.active && at > ctx.clock.now().getTime() ? at : null;
}

export async function logout(ctx: Ctx, sessionId: string): Promise<void> {
  await repo.deleteSession(ctx.db, sessionId);
  ctx.hub.closeSession(sessionId);
}

/** Hourly (and at each login): expired sessions are deleted, not kept forever. */
export async function purgeExpiredSessions(ctx: Ctx): Promise<number> {
  return repo.deleteExpiredSessions(ctx.db, ctx.clock.now().toISOString());
}

function closeSessions(ctx: Ctx, ids: string[]): void {
  for (const id of ids) ctx.hub.closeSession(id);
}

function checkStrength(password: string, u: { username: string; displayName?: string | null; role: string }, field: string): void {
  const problems = passwordProblems(password, u);
  if (problems.length) throw new AppError('WEAK_PASSWORD', `The password ${problems.join('; ')}`, passwordFieldErrors(field, problems));
}

/** Change one's own password (old + new); the user's other sessions end. */
export async function changePassword(ctx: Ctx, actor: Actor, sessionId: string | null, oldPassword: string, newPassword: string, ip: string | null): Promise<void> {
  if (actor.kind !== 'user' || actor.userId === null) throw new AppError('FORBIDDEN', 'Only users have passwords');
  const u = await repo.userById(ctx.db, actor.userId);
  if (!u || !u.active) throw new AppError('UNAUTHENTICATED');
  const { token } = await reserve(ctx, u.username, ip, 'auth.password');
  if (!(await verifyPassword(u.password_hash, oldPassword))) {
    await audit(ctx.db, actor, 'auth.password.failed', 'user', u.id, {}, ip);
    throw new AppError('BAD_CREDENTIALS', 'The current password is wrong');
  }
  loginThrottle(ctx).succeeded(token);
  if (newPassword === oldPassword) throw new AppError('WEAK_PASSWORD', 'The new password must differ from the current one', [{ field: '/newPassword', message: 'must differ from the current password' }]);
  checkStrength(newPassword, { username: u.username, displayName: u.display_name, role: u.role }, '/newPassword');
  const hashed = await hashPassword(newPassword);
  const ended = await ctx.db.transaction().execute(async (tx) => {
    await repo.setPassword(tx, u.id, hashed, false, ctx.clock.now().toISOString());
    return repo.deleteSessionsOfUser(tx, u.id, sessionId);
  });
  closeSessions(ctx, ended);
  await audit(ctx.db, actor, 'auth.password.changed', 'user', u.id, { sessionsEnded: ended.length }, ip);
}

/**
 * An administrator sets a user's password: an initial one, which the user must change at the next login (outside
 * demo mode). All the user's sessions end, and the second factor is removed (a lost phone is the usual reason).
 */
export async function resetPassword(ctx: Ctx, actor: Actor, userId: number, newPassword: string, ip: string | null, opts: { mustChange?: boolean } = {}): Promise<void> {
  authorize(actor, 'user.manage');
  const u = await repo.userById(ctx.db, userId);
  if (!u) throw new AppError('USER_NOT_FOUND');
  checkStrength(newPassword, { username: u.username, displayName: u.display_name, role: u.role }, '/newPassword');
  const hashed = await hashPassword(newPassword);
  const ended = await ctx.db.transaction().execute(async (tx) => {
    await repo.setPassword(tx, u.id, hashed, opts.mustChange ?? true, ctx.clock.now().toISOString());
    await repo.clearTotp(tx, u.id);
    return repo.deleteSessionsOfUser(tx, u.id, null);
  });
  closeSessions(ctx, ended);
  await audit(ctx.db, actor, 'auth.password.reset', 'user', u.id, { sessionsEnded: ended.length, totpRemoved: u.totp_enabled }, ip);
}

export async function resetPasswordByName(ctx: Ctx, actor: Actor, username: string, newPassword: string, opts: { mustChange?: boolean } = {}): Promise<void> {
  const u = await repo.activeUserByName(ctx.db, username.toLowerCase());
  if (!u) throw new AppError('USER_NOT_FOUND');
  await resetPassword(ctx, actor, u.id, newPassword, null, opts);
}

export interface NewUser {
  username: string;
  displayName?: string;
  role: string;
  scopeAreaId: number | null;
  personId?: number | null;
  password: string;
  /** The password is an initial one (default): the user must change it at the first login outside demo mode. */
  mustChangePassword?: boolean;
}

/** The id of the person with this code (CLI `user add --person CODE`), or null. */
export function personIdByCode(ctx: Ctx, code: string): Promise<number | null> {
  return repo.personIdByCode(ctx.db, code);
}

/** Create a user (CLI `user add`): a known role, a scope for the scoped roles, a strong password. */
export async function createUser(ctx: Ctx, actor: Actor, n: NewUser): Promise<number> {
  authorize(actor, 'user.manage');
  const username = n.username.trim().toLowerCase();
  if (!/^[a-z0-9_.-]{2,64}$/.test(username)) throw new AppError('VALIDATION_FAILED', 'Invalid user name', [{ field: '/username', message: 'must be 2-64 of a-z, 0-9, _ . -' }]);
  if (!(USER_ROLES as readonly string[]).includes(n.role)) throw new AppError('VALIDATION_FAILED', 'Invalid role', [{ field: '/role', message: `must be one of ${USER_ROLES.join(', ')}` }]);
  if ((SCOPED_ROLES as readonly string[]).includes(n.role) && n.scopeAreaId === null) {
    throw new AppError('SCOPE_REQUIRED', `A ${n.role} needs an area scope (--scope AREA_CODE)`, [{ field: '/scope', message: 'is required for this role' }]);
  }
  if (n.scopeAreaId !== null && !ctx.areas.tree().get(n.scopeAreaId)) throw new AppError('AREA_NOT_FOUND');
  // a department liaison or a 城管 officer reaches their department's work: the account must belong to a person of it
  if ((PERSON_ROLES as readonly string[]).includes(n.role)) {
    if (n.personId == null) throw new AppError('VALIDATION_FAILED', `A ${n.role} account belongs to a person of their department (--person CODE)`, [{ field: '/personId', message: 'is required for this role' }]);
    if ((await repo.agencyOfActivePerson(ctx.db, n.personId)) === null) throw new AppError('VALIDATION_FAILED', 'No active person with this id', [{ field: '/personId', message: 'no active person with this id' }]);
  }
  const displayName = n.displayName?.trim() || username;
  checkStrength(n.password, { username, displayName, role: n.role }, '/password');
  if (await repo.userNameTaken(ctx.db, username)) throw new AppError('DUPLICATE_CODE', `User ${username} already exists`);
  const id = await repo.insertUser(ctx.db, {
    username,
    displayName,
    passwordHash: await hashPassword(n.password),
    role: n.role,
    scopeAreaId: n.scopeAreaId,
    personId: n.personId ?? null,
    mustChangePassword: n.mustChangePassword ?? true,
  });
  await audit(ctx.db, actor, 'user.created', 'user', id, { username, role: n.role, scopeAreaId: n.scopeAreaId });
  return id;
}

// ------------------------------------------------------------------ second factor

/** Start (or restart) enrolment: a new secret, shown once; the factor is on only after a code confirms it. */
export async function enrolTotp(ctx: Ctx, actor: Actor): Promise<TotpEnrol> {
  authorize(actor, 'account.totp');
  const u = await repo.userById(ctx.db, actor.userId!);
  if (!u) throw new AppError('UNAUTHENTICATED');
  if (u.totp_enabled) throw new AppError('INVALID_TRANSITION', 'The second factor is already on; disable it first', { from: 'enabled', action: 'enrol', allowed: ['disable'] });
  const secret = newTotpSecret();
  await repo.setPendingTotp(ctx.db, u.id, ctx.cipher.encrypt(secret)!);
  const uri = totpUri(secret, u.username);
  await audit(ctx.db, actor, 'auth.totp.enrol', 'user', u.id);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

export async function confirmTotp(ctx: Ctx, actor: Actor, code: string): Promise<void> {
  authorize(actor, 'account.totp');
  const u = await repo.userById(ctx.db, actor.userId!);
  if (!u) throw new AppError('UNAUTHENTICATED');
  if (u.totp_enabled || !u.totp_secret_enc) throw new AppError('TOTP_NOT_PENDING');
  const step = totpStep(ctx.cipher.decrypt(u.totp_secret_enc)!, code, ctx.clock.now().getTime());
  if (step === null) throw new AppError('TOTP_INVALID');
  await repo.enableTotp(ctx.db, u.id, step);
  await audit(ctx.db, actor, 'auth.totp.enabled', 'user', u.id);
}

/** Turn the second factor off: the password proves it is the owner. */
export async function disableTotp(ctx: Ctx, actor: Actor, password: string, ip: string | null): Promise<void> {
  if (actor.kind !== 'user' || actor.userId === null) throw new AppError('FORBIDDEN');
  const u = await repo.userById(ctx.db, actor.userId);
  if (!u) throw new AppError('UNAUTHENTICATED');
  const { token } = await reserve(ctx, u.username, ip, 'auth.totp.disable');
  if (!(await verifyPassword(u.password_hash, password))) {
    await audit(ctx.db, actor, 'auth.totp.disable.failed', 'user', u.id, {}, ip);
    throw new AppError('BAD_CREDENTIALS', 'The password is wrong');
  }
  loginThrottle(ctx).succeeded(token);
  await repo.clearTotp(ctx.db, u.id);
  await audit(ctx.db, actor, 'auth.totp.disabled', 'user', u.id, {}, ip);
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// ------------------------------------------------------------------ administration of users (issue 12)

/** Every account (administrators): role, scope, the person it belongs to, active or retired. */
export async function listUsers(ctx: Ctx, actor: Actor) {
  authorize(actor, 'user.manage');
  return repo.listUserRows(ctx.db);
}

/** Retires an account (never deleted: the audit log points to it); its sessions end. One cannot retire oneself. */
export async function retireUser(ctx: Ctx, actor: Actor, userId: number): Promise<void> {
  authorize(actor, 'user.manage');
  const u = await repo.userById(ctx.db, userId);
  if (!u) throw new AppError('USER_NOT_FOUND', `User ${userId} not found`, { field: '/id' });
  if (u.id === actor.userId) throw new AppError('VALIDATION_FAILED', 'You cannot retire your own account', [{ field: '/id', message: 'is your own account' }]);
  if (!u.active) return;
  const ended = await ctx.db.transaction().execute(async (tx) => {
    await repo.setUserActive(tx, userId, false);
    return repo.deleteSessionsOfUser(tx, userId, null);
  });
  closeSessions(ctx, ended);
  await audit(ctx.db, actor, 'user.retired', 'user', userId, { username: u.username, sessionsEnded: ended.length });
}
