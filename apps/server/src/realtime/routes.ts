// GET /api/ws: the WebSocket. Authenticated by the session cookie of the upgrade request.
import type { FastifyInstance } from 'fastify';
import type { ClientMessage, ServerMessage, Topic } from '@jingwang/contracts';
import type { Ctx } from '../context';

const TOPICS: readonly Topic[] = ['incidents', 'units'];

export function realtimeRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get('/api/ws', { websocket: true, schema: { hide: true } }, (socket, req) => {
    const a = req.actor;
    const send = (m: ServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    if (!a || a.kind !== 'user') {
      send({ type: 'error', code: 'UNAUTHENTICATED', message: 'Log in first' });
      socket.close(4401, 'unauthenticated');
      return;
    }
    const sub = { visible: null as Set<number> | null, topics: new Set<Topic>(), send };
    const scope = () => (a.scopeAreaId === null ? null : new Set(ctx.areas.tree().descendantsAndSelf(a.scopeAreaId)));
    sub.visible = scope();
    const remove = ctx.hub.add(sub);
    send({ type: 'hello', serverTime: ctx.clock.now().toISOString(), user: a.username });
    socket.on('message', (raw: Buffer) => {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(raw.toString('utf8')) as ClientMessage;
      } catch {
        send({ type: 'error', code: 'MALFORMED_JSON', message: 'Messages are JSON' });
        return;
      }
      if (msg.type === 'ping') return send({ type: 'pong', serverTime: ctx.clock.now().toISOString() });
      if (msg.type !== 'subscribe' || !Array.isArray(msg.topics) || msg.topics.some((t) => !TOPICS.includes(t))) {
        send({ type: 'error', code: 'VALIDATION_FAILED', message: `Send { type: "subscribe", topics: [${TOPICS.join(', ')}], areaId? }` });
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
    });
    socket.on('close', remove);
    socket.on('error', remove);
  });
}
