import type { App } from '../../lib/http';
import { actor } from '../../lib/http';
import { ChangePasswordBody, LoginBody, OkS, ResetPasswordBody, SessionS, TotpCodeBody, TotpDisableBody, TotpEnrolS, UserIdParams } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { changePassword, confirmTotp, disableTotp, enrolTotp, login, logout, resetPassword } from './service';

export const SESSION_COOKIE = 'jw_session';
export const CSRF_COOKIE = 'jw_csrf';

/** What a user who must change an initial password may still call (everything else: 403 PASSWORD_CHANGE_REQUIRED). */
export const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/password', '/api/config', '/api/health']);

export function authRoutes(app: App, ctx: Ctx) {
  const cookieOpts = (maxAge: number, httpOnly: boolean) => ({
    path: '/',
    httpOnly,
    sameSite: 'strict' as const,
    secure: ctx.config.cookieSecure,
    maxAge,
  });

  app.post('/api/auth/login', { schema: { tags: ['auth'], body: LoginBody, response: { 200: SessionS } } }, async (req, reply) => {
    const { username, password, totp } = req.body;
    const { token, session } = await login(ctx, username, password, req.ip, totp);
    const maxAge = ctx.config.sessionTtlHours * 3600;
    reply.setCookie(SESSION_COOKIE, token, cookieOpts(maxAge, true));
    reply.setCookie(CSRF_COOKIE, session.csrfToken, cookieOpts(maxAge, false));
    return session;
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 200: OkS } } }, async (req, reply) => {
    if (req.sessionId) await logout(ctx, req.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: SessionS } } }, async (req) => {
    if (!req.jwSession) throw new AppError('UNAUTHENTICATED');
    return req.jwSession;
  });

  // one's own password: the other sessions of the user end, this one stays
  app.post('/api/auth/password', { schema: { tags: ['auth'], body: ChangePasswordBody, response: { 200: OkS } } }, async (req) => {
    await changePassword(ctx, actor(req), req.sessionId, req.body.oldPassword, req.body.newPassword, req.ip);
    return { ok: true };
  });

  // an administrator sets an initial password (to be changed at the next login); the user's sessions end
  app.post('/api/users/:id/password', { schema: { tags: ['auth'], params: UserIdParams, body: ResetPasswordBody, response: { 200: OkS } } }, async (req) => {
    await resetPassword(ctx, actor(req), req.params.id, req.body.newPassword, req.ip);
    return { ok: true };
  });

  app.post('/api/auth/totp/enrol', { schema: { tags: ['auth'], response: { 200: TotpEnrolS } } }, async (req) => enrolTotp(ctx, actor(req)));

  app.post('/api/auth/totp/confirm', { schema: { tags: ['auth'], body: TotpCodeBody, response: { 200: OkS } } }, async (req) => {
    await confirmTotp(ctx, actor(req), req.body.code);
    return { ok: true };
  });

  app.post('/api/auth/totp/disable', { schema: { tags: ['auth'], body: TotpDisableBody, response: { 200: OkS } } }, async (req) => {
    await disableTotp(ctx, actor(req), req.body.password, req.ip);
    return { ok: true };
  });
}
