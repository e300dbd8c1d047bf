import type { App } from '../../lib/http';
import { LoginBody, SessionS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { login, logout } from './service';

export const SESSION_COOKIE = 'jw_session';
export const CSRF_COOKIE = 'jw_csrf';

export function authRoutes(app: App, ctx: Ctx) {
  const cookieOpts = (maxAge: number, httpOnly: boolean) => ({
    path: '/',
    httpOnly,
    sameSite: 'strict' as const,
    secure: ctx.config.cookieSecure,
    maxAge,
  });

  app.post('/api/auth/login', { schema: { tags: ['auth'], body: LoginBody, response: { 200: SessionS } } }, async (req, reply) => {
    const { username, password } = req.body as LoginBody;
    const { token, session } = await login(ctx, username, password, req.ip);
    const maxAge = ctx.config.sessionTtlHours * 3600;
    reply.setCookie(SESSION_COOKIE, token, cookieOpts(maxAge, true));
    reply.setCookie(CSRF_COOKIE, session.csrfToken, cookieOpts(maxAge, false));
    return session;
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    if (req.sessionId) {
      await logout(ctx.db, req.sessionId);
      ctx.hub.closeSession(req.sessionId);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: SessionS } } }, async (req) => {
    if (!req.jwSession) throw new AppError('UNAUTHENTICATED');
    return req.jwSession;
  });
}
