// Log in with argon2id-hashed passwords; sessions are random tokens whose SHA-256 is stored, with a CSRF token
// per session (double submit: header x-csrf-token must equal the session's token on every state change).
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Session, User, UserRole } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/service';
import type { Actor } from './policy';

// Argon2id (Algorithm.Argon2id = 2; the enum is an ambient const enum), OWASP's minimum parameters: 19 MiB, 2 passes.
const ARGON = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(pw: string): Promise<string> {
  return hash(pw, ARGON);
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

// a fixed hash to verify against when the user does not exist, so timing does not reveal user names
let dummyHash: Promise<string> | null = null;

/**
 * Login throttling. Every attempt is counted before the (slow) password check, so parallel guesses cannot slip
 * through, and uncounted again when it succeeds. Limits per minute: 5 per user name from one address (guessing one
 * account), 30 per address (guessing many), 100 per user name from anywhere (a distributed guess). A stranger can
 * therefore not lock a named account out with a handful of requests from one address.
 */
const WINDOW_MS = 60_000;
const LIMITS = { nameIp: 5, ip: 30, name: 100 } as const;
const attempts = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (attempts.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length) attempts.set(key, list);
  else attempts.delete(key);
  return list;
}

function reserveAttempt(name: string, ip: string, now: number): string[] | null {
  if (attempts.size > 50_000) for (const k of [...attempts.keys()]) recent(k, now); // drop stale keys
  const keys: [string, number][] = [
    [`n:${name}|${ip}`, LIMITS.nameIp],
    [`ip:${ip}`, LIMITS.ip],
    [`n:${name}`, LIMITS.name],
  ];
  if (keys.some(([k, limit]) => recent(k, now).length >= limit)) return null;
  for (const [k] of keys) attempts.set(k, [...recent(k, now), now]);
  return keys.map(([k]) => k);
}

function releaseAttempt(keys: string[], at: number): void {
  for (const k of keys) {
    const list = attempts.get(k);
    const i = list?.lastIndexOf(at) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  scope_area_id: number | null;
  person_id: number | null;
}

function presentUser(ctx: Ctx, u: UserRow): User {
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

export function actorOf(u: UserRow): Actor {
  return { kind: 'user', userId: u.id, username: u.username, displayName: u.display_name, role: u.role as UserRole, scopeAreaId: u.scope_area_id };
}

export async function login(ctx: Ctx, username: string, password: string, ip: string | null): Promise<{ token: string; session: Session }> {
  const now = ctx.clock.now();
  const name = username.trim().toLowerCase();
  const reserved = reserveAttempt(name, ip ?? '-', now.getTime());
  if (!reserved) throw new AppError('RATE_LIMITED', 'Too many login attempts; wait a minute');
  const u = await ctx.db.selectFrom('users').selectAll().where('username', '=', name).where('active', '=', true).executeTakeFirst();
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const ok = await verify(u?.password_hash ?? (await dummyHash), password);
  if (!u || !ok) {
    await audit(ctx.db, { kind: 'user', userId: u?.id ?? null, username: name, displayName: name, role: null, scopeAreaId: null }, 'auth.login.failed', 'user', u?.id ?? null, {}, ip);
    throw new AppError('BAD_CREDENTIALS');
  }
  releaseAttempt(reserved, now.getTime());
  const token = crypto.randomBytes(32).toString('base64url');
  const csrf = crypto.randomBytes(24).toString('base64url');
  await ctx.db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: u.id, csrf_token: csrf, expires_at: new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000).toISOString() })
    .execute();
  await audit(ctx.db, actorOf(u), 'auth.login', 'user', u.id, {}, ip);
  return { token, session: { user: presentUser(ctx, u), csrfToken: csrf } };
}

export async function sessionFromToken(ctx: Ctx, token: string | undefined): Promise<{ actor: Actor; session: Session; id: string } | null> {
  if (!token) return null;
  const id = sha256(token);
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as sid', 's.csrf_token', 's.expires_at', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.scope_area_id', 'u.person_id', 'u.active'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.active || Date.parse(row.expires_at) <= ctx.clock.now().getTime()) return null;
  return { actor: actorOf(row), session: { user: presentUser(ctx, row), csrfToken: row.csrf_token }, id };
}

/** Is the session (by its stored id) still valid for an active user? Used to keep long-lived sockets honest. */
export async function sessionStillValid(ctx: Ctx, sessionId: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.expires_at', 'u.active'])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  return !!row && row.active && Date.parse(row.expires_at) > ctx.clock.now().getTime();
}

export async function logout(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
