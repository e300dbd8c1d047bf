// Accounts that hold (issue 19 defects 5, 10): password rules, change and reset ending other sessions, the forced
// change of initial passwords outside demo mode, the TOTP second factor, scoped roles, expired sessions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { sql } from 'kysely';
import { buildWorld, createTestEnv, login, PASSWORD, type TestEnv, type World } from './helpers';
import { passwordProblems } from '../src/modules/auth/passwords';
import { createUser, purgeExpiredSessions } from '../src/modules/auth/service';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy';
import { totpCode } from '../src/modules/auth/totp';
import { loginThrottle } from '../src/modules/auth/throttle';

let env: TestEnv;
let world: World;
const STRONG = 'violet-harbour-quartz-58';

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  loginThrottle(env.ctx).sleep = async () => {};
});
after(() => env.close());

const rawLogin = (username: string, password: string, totp?: string) =>
  env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });

describe('password rules', () => {
  const officer = { username: 'zhangwei', displayName: '张伟', role: 'officer' };
  test('common and repetitive passwords are refused', () => {
    for (const p of ['aaaaaaaaaa', '1234567890', 'qwertyuiop12', 'password1234']) assert.ok(passwordProblems(p, officer).length > 0, p);
  });
  test('passwords made of the user name are refused', () => {
    assert.ok(passwordProblems('zhangwei', officer).length > 0);
    assert.match(passwordProblems('zhangwei-2026-xyz', officer).join(), /user name/);
  });
  test('length by role: 10, and 12 for admins and leaders', () => {
    assert.match(passwordProblems('k7#Rq9!wZ', officer).join(), /at least 10/);
    assert.match(passwordProblems('k7#Rq9!wZp2', { ...officer, role: 'admin' }).join(), /at least 12/);
    assert.deepEqual(passwordProblems('k7#Rq9!wZp2', officer), []);
    assert.deepEqual(passwordProblems(STRONG, { ...officer, role: 'admin' }), []);
  });
  test('leading and trailing spaces count (never trimmed)', () => {
    assert.match(passwordProblems('k7#Rq9!wZ', officer).join(), /at least 10/);
    assert.deepEqual(passwordProblems(' k7#Rq9!wZ', officer), [], 'the space is the tenth character');
  });
});

describe('creating users', () => {
  test('officers and leaders need a scope', async () => {
    await assert.rejects(createUser(env.ctx, SYSTEM_ACTOR, { username: 'noscope', role: 'officer', scopeAreaId: null, password: STRONG }), { code: 'SCOPE_REQUIRED' });
    await assert.rejects(createUser(env.ctx, SYSTEM_ACTOR, { username: 'noscope', role: 'station_lead', scopeAreaId: null, password: STRONG }), { code: 'SCOPE_REQUIRED' });
    const id = await createUser(env.ctx, SYSTEM_ACTOR, { username: 'scoped', role: 'officer', scopeAreaId: world.area.S2!, password: STRONG });
    assert.ok(id > 0);
  });
  test('partner accounts: grid workers, mediators and volunteers need an area; liaisons and 城管 staff a person of their department', async () => {
    await assert.rejects(createUser(env.ctx, SYSTEM_ACTOR, { username: 'gw', role: 'grid_worker', scopeAreaId: null, password: STRONG }), { code: 'SCOPE_REQUIRED' });
    await assert.rejects(createUser(env.ctx, SYSTEM_ACTOR, { username: 'lia', role: 'liaison', scopeAreaId: null, password: STRONG }), (e: { code: string; details: { field: string }[] }) => e.code === 'VALIDATION_FAILED' && e.details[0]!.field === '/personId');
    await assert.rejects(createUser(env.ctx, SYSTEM_ACTOR, { username: 'lia', role: 'liaison', scopeAreaId: null, personId: 999999, password: STRONG }), { code: 'VALIDATION_FAILED' });
    assert.ok((await createUser(env.ctx, SYSTEM_ACTOR, { username: 'gw', role: 'grid_worker', scopeAreaId: world.area.G111!, personId: world.person.W111!, password: STRONG, mustChangePassword: false })) > 0);
    assert.ok((await createUser(env.ctx, SYSTEM_ACTOR, { username: 'lia', role: 'liaison', scopeAreaId: null, personId: world.person.W111!, password: STRONG })) > 0);
  });
  test('a weak password is refused', async () => {
    await assert.rejects(createUser(env.ctx, SYSTEM_ACTOR, { username: 'weakling', role: 'dispatcher', scopeAreaId: null, password: 'aaaaaaaaaa' }), { code: 'WEAK_PASSWORD' });
  });
  test('a user created with an initial password must change it at the first login', async () => {
    const r = await rawLogin('scoped', STRONG);
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().mustChangePassword, true);
  });
});

describe('changing and resetting passwords', () => {
  test('a change needs the old password and a strong new one, and ends the other sessions only', async () => {
    const a = await login(env.app, 'lead2');
    const b = await login(env.app, 'lead2');
    assert.equal((await a.post('/api/auth/password', { oldPassword: 'wrong-one', newPassword: STRONG })).statusCode, 401);
    const weak = await a.post('/api/auth/password', { oldPassword: PASSWORD, newPassword: 'aaaaaaaaaaaa' });
    assert.equal(weak.statusCode, 422);
    assert.equal(weak.json().code, 'WEAK_PASSWORD');
    assert.equal(weak.json().details[0].field, '/newPassword');
    assert.equal((await a.post('/api/auth/password', { oldPassword: PASSWORD, newPassword: STRONG })).statusCode, 200);
    assert.equal((await a.get('/api/auth/me')).statusCode, 200, 'this session stays');
    assert.equal((await b.get('/api/auth/me')).statusCode, 401, 'the other session ended');
    assert.equal((await rawLogin('lead2', PASSWORD)).statusCode, 401);
    assert.equal((await rawLogin('lead2', STRONG)).statusCode, 200);
  });

  test('a session that has just answered is refused at once after logout, a password change or retirement (the remembered session is forgotten)', async () => {
    // each session answers first, so the server has remembered it; the next request must not be served from that
    const id = await createUser(env.ctx, SYSTEM_ACTOR, { username: 'cachelead', role: 'station_lead', scopeAreaId: world.area.S1!, password: STRONG, mustChangePassword: false });
    const NEXT = 'amber-lantern-meadow-73';
    const a = await login(env.app, 'cachelead', STRONG);
    assert.equal((await a.get('/api/auth/me')).statusCode, 200);
    assert.equal((await a.post('/api/auth/logout', {})).statusCode < 300, true);
    assert.equal((await a.get('/api/auth/me')).statusCode, 401, 'logged out');

    const c = await login(env.app, 'cachelead', STRONG);
    const d = await login(env.app, 'cachelead', STRONG);
    assert.equal((await d.get('/api/incidents?pageSize=1')).statusCode, 200);
    assert.equal((await c.post('/api/auth/password', { oldPassword: STRONG, newPassword: NEXT })).statusCode, 200);
    assert.equal((await d.get('/api/incidents?pageSize=1')).statusCode, 401, 'the other session ended with the change');

    const admin = await login(env.app, 'admin');
    const e = await login(env.app, 'cachelead', NEXT);
    assert.equal((await e.get('/api/auth/me')).statusCode, 200);
    assert.equal((await admin.post(`/api/users/${id}/retire`, {})).statusCode, 200);
    assert.equal((await e.get('/api/auth/me')).statusCode, 401, 'retired');
  });

  test('an admin reset ends all the user sessions and forces a change; only admins may reset', async () => {
    const admin = await login(env.app, 'admin');
    const lead1 = await login(env.app, 'lead1');
    const denied = await lead1.post(`/api/users/${world.user.officer1}/password`, { newPassword: STRONG });
    assert.equal(denied.statusCode, 403);
    const officer = await login(env.app, 'officer1');
    assert.equal((await admin.post(`/api/users/999999/password`, { newPassword: STRONG })).json().code, 'USER_NOT_FOUND');
    assert.equal((await admin.post(`/api/users/${world.user.officer1}/password`, { newPassword: STRONG })).statusCode, 200);
    assert.equal((await officer.get('/api/auth/me')).statusCode, 401);

    // the forced change: everything but the change (and me / logout) answers PASSWORD_CHANGE_REQUIRED
    const first = await login(env.app, 'officer1', STRONG);
    assert.equal(((await first.get('/api/auth/me')).json() as { mustChangePassword: boolean }).mustChangePassword, true);
    const blocked = await first.get('/api/incidents');
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().code, 'PASSWORD_CHANGE_REQUIRED');
    const next = 'amber-lantern-otter-91';
    assert.equal((await first.post('/api/auth/password', { oldPassword: STRONG, newPassword: next })).statusCode, 200);
    assert.equal((await first.get('/api/incidents')).statusCode, 200);
    assert.equal(((await first.get('/api/auth/me')).json() as { mustChangePassword: boolean }).mustChangePassword, false);
  });

  test('outside demo mode a password that fails the rules (the demo password) must be changed at login', async () => {
    const { hashPassword } = await import('../src/modules/auth/passwords');
    await env.ctx.db.updateTable('users').set({ password_hash: await hashPassword('jingwang') }).where('username', '=', 'district').execute();
    const r = await rawLogin('district', 'jingwang');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().mustChangePassword, true);
  });
});

describe('the TOTP second factor', () => {
  let secret = '';
  test('officers may not enrol; admins and leaders may', async () => {
    const officer = await login(env.app, 'dispatcher');
    assert.equal((await officer.post('/api/auth/totp/enrol', {})).statusCode, 403);
  });

  test('enrol shows the secret once, a code confirms it, then login asks for a code', async () => {
    const admin = await login(env.app, 'admin');
    const e = await admin.post('/api/auth/totp/enrol', {});
    assert.equal(e.statusCode, 200, e.body);
    const body = e.json() as { secret: string; uri: string; qrSvg: string };
    secret = body.secret;
    assert.match(body.uri, /^otpauth:\/\/totp\//);
    assert.match(body.qrSvg, /<svg/);
    // not on before it is confirmed
    assert.equal((await rawLogin('admin', PASSWORD)).statusCode, 200);
    const now = env.clock.now().getTime();
    assert.equal((await admin.post('/api/auth/totp/confirm', { code: totpCode(secret, now + 5 * 60_000) })).json().code, 'TOTP_INVALID');
    assert.equal((await admin.post('/api/auth/totp/confirm', { code: totpCode(secret, now) })).statusCode, 200);

    const noCode = await rawLogin('admin', PASSWORD);
    assert.equal(noCode.statusCode, 401);
    assert.equal(noCode.json().code, 'TOTP_REQUIRED');
    // the step used to confirm cannot be used again (replay)
    assert.equal((await rawLogin('admin', PASSWORD, totpCode(secret, now))).json().code, 'TOTP_INVALID');
    env.clock.advance(30_000);
    const ok = await rawLogin('admin', PASSWORD, totpCode(secret, env.clock.now().getTime()));
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().totpEnabled, true);
    // a wrong password with a right code is still a wrong password
    assert.equal((await rawLogin('admin', 'not-the-password', totpCode(secret, env.clock.now().getTime()))).json().code, 'BAD_CREDENTIALS');
  });

  test('disable needs the password', async () => {
    env.clock.advance(30_000);
    const admin = await login(env.app, 'admin', PASSWORD).catch(() => null);
    assert.equal(admin, null, 'the helper logs in without a code');
    const r = await rawLogin('admin', PASSWORD, totpCode(secret, env.clock.now().getTime()));
    const cookie = r.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = r.json().csrfToken as string;
    const post = (url: string, body: unknown) => env.app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf }, payload: body as object });
    assert.equal((await post('/api/auth/totp/disable', { password: 'wrong-password' })).statusCode, 401);
    assert.equal((await post('/api/auth/totp/disable', { password: PASSWORD })).statusCode, 200);
    assert.equal((await rawLogin('admin', PASSWORD)).statusCode, 200);
  });
});

describe('expired sessions', () => {
  test('are deleted by the sweep', async () => {
    await login(env.app, 'dispatcher');
    const count = async () => (await sql<{ n: number }>`select count(*)::int n from sessions where expires_at <= ${env.clock.now().toISOString()}`.execute(env.ctx.db)).rows[0]!.n;
    env.clock.advance(env.ctx.config.sessionTtlHours * 3600_000 + 1000);
    assert.ok((await count()) > 0);
    const n = await purgeExpiredSessions(env.ctx);
    assert.ok(n > 0);
    assert.equal(await count(), 0);
  });

  test('a partner account may not subscribe to incidents, units or patrol over the WebSocket', async () => {
    if (!env.app.server.listening) await env.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = env.app.server.address() as { port: number };
    const grid = await login(env.app, 'gw', STRONG);
    const ws = new WebSocket(`ws://127.0.0.1:${addr.port}/api/ws`, { headers: { cookie: grid.cookie } });
    const msgs: { type: string; code?: string; topics?: string[] }[] = [];
    const next = (type: string) =>
      new Promise<{ type: string; code?: string }>((resolve) => {
        const hit = () => msgs.find((m) => m.type === type);
        if (hit()) return resolve(hit()!);
        ws.on('message', () => hit() && resolve(hit()!));
      });
    ws.on('message', (raw) => msgs.push(JSON.parse(String(raw))));
    await next('hello');
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['incidents', 'units'] }));
    assert.equal((await next('error')).code, 'FORBIDDEN');
    assert.ok(!msgs.some((m) => m.type === 'subscribed'));
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['mdt'] }));
    await next('subscribed');
    ws.close();
  });

  test('the WebSocket closes at the session expiry, not a minute later', async () => {
    if (!env.app.server.listening) await env.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = env.app.server.address() as { port: number };
    const agent = await login(env.app, 'dispatcher');
    // 150 ms of the session left
    env.clock.advance(env.ctx.config.sessionTtlHours * 3600_000 - 150);
    const ws = new WebSocket(`ws://127.0.0.1:${addr.port}/api/ws`, { headers: { cookie: agent.cookie } });
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    assert.deepEqual(closed, { code: 4401, reason: 'session expired' });
  });
});
