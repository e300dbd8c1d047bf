// GET /api/ws: the WebSocket. Authenticated by the session cookie of the upgrade request.
import type { App } from '../lib/http';
import { PositionBatchBody, type ClientMessage, type Position, type ServerMessage, type Topic } from '@jingwang/contracts';
import type { Ctx } from '../context';
import { AppError } from '../lib/errors';
import { fieldErrors, makeAjv } from '../lib/validation';
import { sessionExpiry, sessionStillValid } from '../modules/auth/service';
import { can, type Actor, type Permission } from '../modules/auth/policy';
import { ingestPositions } from '../modules/units/service';

const TOPICS: readonly Topic[] = ['incidents', 'units', 'patrol', 'mdt'];
/** A topic carrying area-scoped records needs the permission to read them (a partner account reads none of these). */
const TOPIC_PERMISSION: Partial<Record<Topic, Permission>> = { incidents: 'incident.read', units: 'unit.read', patrol: 'patrol.read' };
/** How often an open socket re-checks its session (expiry, logout elsewhere, user deactivated). */
export const SESSION_RECHECK_MS = 60_000;

export function realtimeRoutes(app: App, ctx: Ctx) {
  const checkBatch = makeAjv(false).compile(PositionBatchBody);

  /** { type: 'positions', id?, positions } from a gateway or a dispatcher: validated like the HTTP batch. */
  const ingest = (msg: { id?: unknown; positions?: unknown }, send: (m: ServerMessage) => void, actor: Actor) => {
    const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : null;
    if (!checkBatch({ positions: msg.positions })) {
      const details = fieldErrors(checkBatch.errors ?? [], 'body');
      send({ type: 'error', id, code: 'VALIDATION_FAILED', message: `Invalid ${details.map((d) => d.field).join(', ')}`, details });
      return;
    }
    ingestPositions(ctx, actor, msg.positions as Position[])
      .then((r) => send({ type: 'positions_ack', id, ...r }))
      .catch((e: unknown) => {
        if (e instanceof AppError) send({ type: 'error', id, code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) });
        else send({ type: 'error', id, code: 'INTERNAL', message: 'The positions could not be stored' });
      });
  };

  app.get('/api/ws', { websocket: true, schema: { hide: true } }, (socket, req) => {
    const a = req.actor;
    const send = (m: ServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    // an AVL gateway (Bearer AVL_TOKEN): sends positions, subscribes to nothing
    if (a && a.kind === 'device') {
      send({ type: 'hello', serverTime: ctx.clock.now().toISOString(), user: a.username });
      socket.on('message', (raw: Buffer) => {
        let msg: { type?: unknown; id?: unknown; positions?: unknown };
        try {
          msg = JSON.parse(raw.toString('utf8')) as typeof msg;
        } catch {
          return send({ type: 'error', code: 'MALFORMED_JSON', message: 'Messages are JSON' });
        }
        if (msg?.type === 'ping') return send({ type: 'pong', serverTime: ctx.clock.now().toISOString() });
        if (msg?.type !== 'positions') return send({ type: 'error', code: 'VALIDATION_FAILED', message: 'A gateway sends { type: "positions", id?, positions: [...] }' });
        ingest(msg, send, a);
      });
      return;
    }
    if (!a || a.kind !== 'user' || !req.sessionId) {
      send({ type: 'error', code: 'UNAUTHENTICATED', message: 'Log in first' });
      socket.close(4401, 'unauthenticated');
      return;
    }
    // a page of another origin (another port of the same host counts) may not ride on the user's cookie
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let host: string | null = null;
      try {
        host = new URL(origin).host;
      } catch {
        host = null;
      }
      if (host !== req.headers.host) {
        send({ type: 'error', code: 'FORBIDDEN', message: 'Cross-origin WebSocket refused' });
        socket.close(4403, 'cross-origin');
        return;
      }
    }
    const sessionId = req.sessionId;
    const sendText = (text: string) => {
      if (socket.readyState === socket.OPEN) socket.send(text);
    };
    const sub = { sessionId, userId: a.userId, visible: null as Set<number> | null, topics: new Set<Topic>(), send, sendText, close: (code: number, reason: string) => socket.close(code, reason) };
    const scope = () => (a.scopeAreaId === null ? null : new Set(ctx.areas.tree().descendantsAndSelf(a.scopeAreaId)));
    sub.visible = scope();
    const remove = ctx.hub.add(sub);
    send({ type: 'hello', serverTime: ctx.clock.now().toISOString(), user: a.username });
    const recheck = setInterval(() => {
      sessionStillValid(ctx, sessionId)
        .then((ok) => {
          if (!ok) socket.close(4401, 'session ended');
        })
        .catch(() => socket.close(1011, 'session check failed'));
    }, SESSION_RECHECK_MS);
    // close at the session's expiry, not up to a recheck later (setTimeout holds at most ~24.8 days: re-armed)
    let expiry: ReturnType<typeof setTimeout> | null = null;
    let ended = false;
    const armExpiry = (at: number) => {
      if (ended) return;
      const left = at - ctx.clock.now().getTime();
      if (left <= 0) return socket.close(4401, 'session expired');
      const max = 2 ** 31 - 1;
      expiry = setTimeout(() => (left > max ? armExpiry(at) : socket.close(4401, 'session expired')), Math.min(left, max));
    };
    sessionExpiry(ctx, sessionId)
      .then((at) => (at === null ? socket.close(4401, 'session ended') : armExpiry(at)))
      .catch(() => socket.close(1011, 'session check failed'));
    socket.on('message', (raw: Buffer) => {
      try {
        handle(raw);
      } catch (e) {
        req.log.error({ err: e }, 'websocket message failed');
        send({ type: 'error', code: 'INTERNAL', message: 'The message could not be handled' });
      }
    });
    const handle = (raw: Buffer) => {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(raw.toString('utf8')) as ClientMessage;
      } catch {
        send({ type: 'error', code: 'MALFORMED_JSON', message: 'Messages are JSON' });
        return;
      }
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
        send({ type: 'error', code: 'VALIDATION_FAILED', message: 'A message is a JSON object with a type' });
        return;
      }
      if (msg.type === 'ping') return send({ type: 'pong', serverTime: ctx.clock.now().toISOString() });
      if (msg.type === 'positions') return ingest(msg, send, a);
      if (msg.type !== 'subscribe' || !Array.isArray(msg.topics) || msg.topics.some((t) => !TOPICS.includes(t))) {
        send({ type: 'error', code: 'VALIDATION_FAILED', message: `Send { type: "subscribe", topics: [${TOPICS.join(', ')}], areaId? }` });
        return;
      }
      const denied = msg.topics.filter((t) => {
        const perm = TOPIC_PERMISSION[t];
        return perm !== undefined && !can(a, perm);
      });
      if (denied.length) {
        send({ type: 'error', code: 'FORBIDDEN', message: `Role ${a.role ?? a.kind} may not subscribe to ${denied.join(', ')}` });
        return;
      }
      const tree = ctx.areas.tree();
      let visible = scope();
      if (msg.areaId !== undefined && msg.areaId !== null) {
        if (!Number.isInteger(msg.areaId) || !tree.get(msg.areaId) || (visible && !visible.has(msg.areaId))) {
          send({ type: 'error', code: 'AREA_NOT_FOUND', message: `Area ${String(msg.areaId)} not found` });
          return;
        }
        const chosen = new Set(tree.descendantsAndSelf(msg.areaId));
        visible = visible ? new Set([...chosen].filter((id) => visible!.has(id))) : chosen;
      }
      sub.visible = visible;
      sub.topics = new Set(msg.topics);
      send({ type: 'subscribed', topics: msg.topics, areaId: msg.areaId ?? null });
    };
    const end = () => {
      ended = true;
      clearInterval(recheck);
      if (expiry) clearTimeout(expiry);
      remove();
    };
    socket.on('close', end);
    socket.on('error', end);
  });
}
