// buildApp() wires the HTTP server; it does not listen (tests use inject(); main.ts listens).
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBodyS } from '@jingwang/contracts';
import { badlyEncodedQuery, fieldErrors, makeAjv, strictUtf8, unsafeStrings } from './lib/validation';
export { isUsableTime } from './lib/validation';
import type { Ctx } from './context';
import { AppError } from './lib/errors';
import type { App } from './lib/http';
import { registerIdempotency } from './lib/idempotency';
import { DEVICE_ACTOR } from './modules/auth/policy';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, SESSION_COOKIE, authRoutes } from './modules/auth/routes';
import { safeEqual, sessionFromToken } from './modules/auth/service';
import { areaRoutes } from './modules/areas/routes';
import { systemRoutes } from './modules/system/routes';
import { VERSION } from './modules/system/service';
import { incidentRoutes } from './modules/incidents/routes';
import { unitRoutes } from './modules/units/routes';
import { dispatchRoutes } from './modules/dispatch/routes';
import { orgRoutes } from './modules/org/routes';
import { rosterRoutes } from './modules/roster/routes';
import { placeRoutes } from './modules/places/routes';
import { exchangeRoutes } from './modules/exchange/routes';
import { patrolRoutes } from './modules/patrol/routes';
import { fraudRoutes } from './modules/fraud/routes';
import { registryRoutes } from './modules/registry/routes';
import { disputeRoutes } from './modules/disputes/routes';
import { caseRoutes } from './modules/cases/routes';
import { taskRoutes } from './modules/tasks/routes';
import { forecastRoutes } from './modules/forecast/routes';
import { simRoutes } from './modules/sim/routes';
import { reportRoutes } from './modules/reports/routes';
import { notificationRoutes } from './modules/notifications/routes';
import { mdtRoutes } from './modules/mdt/routes';
import { handoverRoutes } from './modules/handover/routes';
import { instructionRoutes } from './modules/instructions/routes';
import { ticketRoutes } from './modules/tickets/routes';
import { jointRoutes } from './modules/joint/routes';
import { realtimeRoutes } from './realtime/routes';
import { setupRoutes } from './modules/setup/routes';
import { basemapRoutes } from './modules/basemap/routes';

export { VERSION };


const PUBLIC = new Set(['/api/auth/login', '/api/config', '/api/health', '/api/demo/status', '/api/setup', '/api/setup/demo']);

/**
 * Content Security Policy: scripts only from this origin; inline styles (Ant Design's CSS-in-JS); MapLibre's
 * workers from blob: URLs, its images from data: and blob:, and the configured basemap's host for tiles (fetched:
 * connect-src; drawn: img-src); no framing (clickjacking).
 */
export function contentSecurityPolicy(basemapUrl: string | null, https: boolean): Record<string, string[] | null> {
  const basemap = basemapUrl ? /^(https?:\/\/[^/]+)/.exec(basemapUrl)?.[1]?.replace(/\{[a-z]+\}/gi, '*') : undefined;
  const extra = basemap ? [basemap] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...extra],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", ...extra],
    workerSrc: ["'self'", 'blob:'],
    childSrc: ["'self'", 'blob:'],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    scriptSrcAttr: ["'none'"],
    // a plain-http deployment on a LAN address must not have its requests upgraded to https
    upgradeInsecureRequests: https ? [] : null,
  };
}

export async function buildApp(ctx: Ctx, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // structured logs (pino): each request at info, every 5xx at error with its request id and stack
    logger: opts.logger ? { level: ctx.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    ajv: { customOptions: { coerceTypes: 'array' } },
  });
  const bodyAjv = makeAjv(false);
  const queryAjv = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : queryAjv).compile(schema));

  app.addSchema({ $id: 'ErrorBody', ...ErrorBodyS });
  // JSON bodies must be valid UTF-8: bad bytes are refused, not silently replaced by U+FFFD
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const text = strictUtf8(body as Buffer);
    if (text === null) {
      done(new AppError('VALIDATION_FAILED', 'The request body is not valid UTF-8', [{ field: '/', message: 'must be valid UTF-8' }]), undefined);
      return;
    }
    parseJson(req, text, done);
  });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(ctx.config.basemapUrl, ctx.config.cookieSecure) },
    frameguard: { action: 'deny' },
    hsts: ctx.config.cookieSecure ? { maxAge: 15552000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Jingwang (警网) API', version: VERSION, description: 'Grid-policing command platform. Errors are { code, message, details? }; see docs/api.md.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, avl: { type: 'http', scheme: 'bearer' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('jwSession', null);

  // who is calling, and CSRF for state changes made with a cookie
  app.addHook('onRequest', async (req) => {
    const url = req.url.split('?')[0]!;
    // the API documentation lists every route and schema: outside demo mode, for logged-in users only
    const docs = url === '/docs' || url.startsWith('/docs/');
    if (!url.startsWith('/api/') && !(docs && !ctx.config.demo)) return;
    const s = await sessionFromToken(ctx, req.cookies[SESSION_COOKIE]);
    if (s) {
      req.actor = s.actor;
      req.sessionId = s.id;
      req.jwSession = s.session;
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS' && url !== '/api/auth/login') {
        const header = req.headers['x-csrf-token'];
        if (typeof header !== 'string' || !safeEqual(header, s.session.csrfToken)) throw new AppError('CSRF_FAILED');
      }
      // an initial or demo password (outside demo mode): nothing but changing it, until it is changed
      if (s.session.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(url) && url !== '/api/auth/login') throw new AppError('PASSWORD_CHANGE_REQUIRED');
      return;
    }
    if (docs) throw new AppError('UNAUTHENTICATED');
    const auth = req.headers.authorization;
    if (ctx.config.avlToken && auth?.startsWith('Bearer ') && safeEqual(auth.slice(7), ctx.config.avlToken)) {
      req.actor = DEVICE_ACTOR;
      return;
    }
    if (!PUBLIC.has(url)) throw new AppError('UNAUTHENTICATED');
  });

  // text the database cannot hold (NUL, lone surrogates, bad UTF-8) is refused at the edge, naming the field
  app.addHook('preValidation', async (req) => {
    const fields = [...badlyEncodedQuery(req.url), ...unsafeStrings(req.query), ...unsafeStrings(req.params), ...unsafeStrings(req.body)];
    if (fields.length) throw new AppError('VALIDATION_FAILED', `Invalid ${fields.map((f) => f.field).join(', ')}`, fields);
  });

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      const retry = (err.details as { retryAfterS?: unknown } | undefined)?.retryAfterS;
      if (err.code === 'RATE_LIMITED' && typeof retry === 'number') reply.header('retry-after', String(retry));
      return reply.code(err.status).send({ code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) });
    }
    const e = err as FastifyError;
    if (e.validation) {
      const fields = fieldErrors(e.validation, e.validationContext ?? 'body');
      return reply.code(400).send({ code: 'VALIDATION_FAILED', message: `Invalid ${fields.map((f) => f.field).join(', ')}`, details: fields });
    }
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e instanceof SyntaxError && e.statusCode === 400)) {
      return reply.code(400).send({ code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' });
    }
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.code(400).send({ code: 'VALIDATION_FAILED', message: 'The request body is empty', details: [{ field: '/', message: 'a JSON body is required' }] });
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' });
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ code: 'VALIDATION_FAILED', message: 'Send application/json', details: [{ field: 'content-type', message: 'must be application/json' }] });
    }
    // a database constraint is the last line of defence against bad input: still a 4xx, never a 500
    const pgCode = (e as unknown as { code?: string }).code;
    if (pgCode === '23505') return reply.code(409).send({ code: 'DUPLICATE_CODE', message: 'A record with this key already exists' });
    if (['22P02', '22023', '23514', 'XX000', '22003', '22007', '22008'].includes(pgCode ?? '')) {
      req.log.warn({ err: e }, 'database refused a value');
      return reply.code(400).send({ code: 'VALIDATION_FAILED', message: 'The database refused a value', details: [{ field: '/', message: 'a value is out of range or malformed' }] });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ code: 'VALIDATION_FAILED', message: e.message });
    }
    req.log.error({ err: e, reqId: req.id, method: req.method, url: req.url.split('?')[0] }, 'unhandled error');
    return reply.code(500).send({ code: 'INTERNAL', message: `Internal error (request ${req.id})` });
  });


  // the phone's offline queue: a state change with an Idempotency-Key is handled once, its first answer replayed
  registerIdempotency(app, ctx);

  const typed: App = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const routes of [systemRoutes, setupRoutes, authRoutes, areaRoutes, incidentRoutes, unitRoutes, orgRoutes, rosterRoutes, placeRoutes, exchangeRoutes, patrolRoutes, fraudRoutes, registryRoutes, disputeRoutes, caseRoutes, taskRoutes, forecastRoutes, simRoutes, reportRoutes, notificationRoutes, mdtRoutes, instructionRoutes, ticketRoutes, jointRoutes, handoverRoutes, dispatchRoutes, realtimeRoutes, basemapRoutes]) {
    routes(typed, ctx);
  }

  // the built web UI, with client-side routes falling back to index.html
  const index = path.join(ctx.config.webDist, 'index.html');
  if (fs.existsSync(index)) {
    // wildcard: files are looked up per request, so a rebuilt web is served without a restart; a missing file
    // falls through to the not-found handler below (index.html for client routes, JSON 404 for the API)
    await app.register(fastifyStatic, { root: ctx.config.webDist, wildcard: true, maxAge: '1h' });
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/docs')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.code(404).send({ code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` });
    });
  } else {
    app.setNotFoundHandler((req, reply) => reply.code(404).send({ code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` }));
  }
  return app;
}
