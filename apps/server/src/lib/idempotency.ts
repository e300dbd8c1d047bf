// Idempotency keys for the phone's offline queue (issue 13 part 5). A state change sent with `Idempotency-Key`
// (8-100 characters of A-Z a-z 0-9 - _) by a logged-in user is handled once: the first answer (status and body) is
// kept per (user, key) and replayed for a repeat with the same request, without a second write; the same key with
// a different request (route, parameters or body) is 422 IDEMPOTENCY_KEY_REUSED; a repeat while the first is still
// in flight is 409 IDEMPOTENCY_IN_FLIGHT (the queue retries). An answer of 5xx is not kept: the retry runs again.
// The hooks run after authentication and validation, so a refused login or a malformed body never claims a key.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../context';
import * as store from '../db/idempotency';
import { AppError } from './errors';
import { ms } from './format';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_RE = /^[A-Za-z0-9_-]{8,100}$/;
/** A key still in flight after this long is taken as abandoned (the server stopped mid-request). */
const ABANDONED_MS = 60_000;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Claim {
  userId: number;
  key: string;
}
const claims = new WeakMap<FastifyRequest, Claim>();

/** The hash of what the request asks: method, route, parameters and body (a repeat must ask the same). */
export function requestHash(method: string, route: string, params: unknown, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([method, route, params ?? null, body ?? null])).digest('hex');
}

/** The key of a request, or null when it carries none; a malformed key is a 400 naming the header. */
export function keyOf(req: FastifyRequest): string | null {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (typeof key !== 'string' || !KEY_RE.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Invalid Idempotency-Key', [{ field: 'idempotency-key', message: 'must be 8-100 characters of A-Z, a-z, 0-9, - and _' }]);
  }
  return key;
}

export function registerIdempotency(app: FastifyInstance, ctx: Ctx): void {
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!MUTATING.has(req.method) || !req.url.startsWith('/api/')) return;
    const key = keyOf(req);
    if (key === null) return;
    const userId = req.actor?.kind === 'user' ? req.actor.userId : null;
    if (userId === null || userId === undefined) return;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    const hash = requestHash(req.method, route, req.params, req.body);
    const now = ctx.clock.now();
    if (await store.claimKey(ctx.db, { userId, key, route, hash, now: now.toISOString() })) {
      claims.set(req, { userId, key });
      return;
    }
    const row = await store.findKey(ctx.db, userId, key);
    if (!row) {
      // released between our insert and read (the first failed with a 5xx): this one is the retry
      if (await store.claimKey(ctx.db, { userId, key, route, hash, now: now.toISOString() })) {
        claims.set(req, { userId, key });
        return;
      }
      throw new AppError('IDEMPOTENCY_IN_FLIGHT');
    }
    if (row.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', undefined, { field: 'idempotency-key', route: row.route });
    if (row.status_code === null || row.response === null) {
      const staleBefore = new Date(now.getTime() - ABANDONED_MS).toISOString();
      if (ms(row.created_at) < Date.parse(staleBefore) && (await store.takeOverKey(ctx.db, userId, key, hash, now.toISOString(), staleBefore))) {
        claims.set(req, { userId, key });
        return;
      }
      throw new AppError('IDEMPOTENCY_IN_FLIGHT');
    }
    return reply.code(row.status_code).header('content-type', 'application/json; charset=utf-8').header('idempotent-replayed', 'true').send(row.response);
  });

  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claim = claims.get(req);
    if (!claim) return payload;
    claims.delete(req);
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await store.releaseKey(ctx.db, claim.userId, claim.key);
    } else {
      await store.completeKey(ctx.db, claim.userId, claim.key, reply.statusCode, payload, ctx.clock.now().toISOString());
    }
    return payload;
  });
}

/** Forgets keys older than `hours` (run by a job; a phone's queue never holds an action that long). */
export async function purgeIdempotencyKeys(ctx: Ctx, hours = 7 * 24): Promise<number> {
  return store.purgeKeys(ctx.db, new Date(ctx.clock.now().getTime() - hours * 3600_000).toISOString());
}
