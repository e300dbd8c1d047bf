// The first run (issue 12 part 5) on an empty database: while no account exists GET /api/setup says so, and POST
// /api/setup, with the one-time token the server prints at start, creates the first administrator and names the
// county in one transaction, once; bad input is refused naming the field and writes nothing; two concurrent calls
// make one administrator; afterwards both routes are closed and the administrator logs in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ClientConfig, SetupStatus } from '@jingwang/contracts';
import { DEMO_COUNTY_CODE } from '@jingwang/core';
import { box, createTestEnv, feature, login, type TestEnv } from './helpers';
import { prepareSetup } from '../src/modules/setup/service';
import { importAreas } from '../src/modules/areas/service';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy';

let env: TestEnv;
let token: string;
const PASSWORD = 'Huanghe-Qiaotou-2026!';

before(async () => {
  env = await createTestEnv(); // DEMO=false, no buildWorld: an empty database
});
after(async () => env?.close());

const body = (over: Record<string, unknown> = {}) => ({ token, username: 'chief', displayName: '王局', password: PASSWORD, countyName: '江堰区', countyCode: '321204', ...over });
const post = (url: string, payload: unknown) => env.app.inject({ method: 'POST', url, payload: payload as object });
const status = async () => (await env.app.inject({ method: 'GET', url: '/api/setup' })).json() as SetupStatus;
/** The county the web shows in its header, on the login page and in the title (public, read before login). */
const countyOf = async (e: TestEnv) => {
  const r = await e.app.inject({ method: 'GET', url: '/api/config' });
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as ClientConfig).county;
};

async function counts(): Promise<{ users: number; audit: number; meta: string }> {
  const r = await sql<{ users: number; audit: number; meta: string | null }>`select (select count(*)::int from users) users,
    (select count(*)::int from audit_log) audit, (select string_agg(key, ',' order by key) from app_meta) meta`.execute(env.ctx.db);
  const row = r.rows[0]!;
  return { users: row.users, audit: row.audit, meta: row.meta ?? '' };
}

describe('first run', () => {
  test('an empty database needs setup; GET /api/setup answers without a session', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/setup' });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { needed: true, county: null, demo: { state: 'idle', step: null, done: 0, steps: 7 } });
    assert.equal(await countyOf(env), null, 'no county to show yet');
  });

  test('without the token printed at start, nothing is created', async () => {
    token = 'not-printed-yet';
    const r = await post('/api/setup', body());
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().code, 'FORBIDDEN');
    assert.deepEqual(r.json().details, [{ field: '/token', message: 'is not the setup token printed in the server log' }]);
    assert.equal((await counts()).users, 0);
  });

  test('the token is made once at start and is the same at the next start until used', async () => {
    token = (await prepareSetup(env.ctx))!;
    assert.match(token, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(await prepareSetup(env.ctx), token);
  });

  test('a wrong token is refused, naming the field, writing nothing', async () => {
    const before = await counts();
    const r = await post('/api/setup', body({ token: token.slice(1) + 'x' }));
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().details[0].field, '/token');
    assert.deepEqual(await counts(), before);
  });

  test('bad input is refused naming the field at fault, writing nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ password: 'short1!' }, 422, 'WEAK_PASSWORD', '/password'],
      [{ password: 'password1234' }, 422, 'WEAK_PASSWORD', '/password'],
      [{ password: 'chief-chief-2026' }, 422, 'WEAK_PASSWORD', '/password'], // contains the user name
      [{ username: 'Wang Ju' }, 400, 'VALIDATION_FAILED', '/username'],
      [{ countyCode: '3212' }, 400, 'VALIDATION_FAILED', '/countyCode'],
      [{ countyName: '   ' }, 400, 'VALIDATION_FAILED', '/countyName'],
      [{ displayName: '' }, 400, 'VALIDATION_FAILED', '/displayName'],
      [{ role: 'admin' }, 400, 'VALIDATION_FAILED', '/role'],
    ];
    for (const [over, code, errCode, field] of cases) {
      const r = await post('/api/setup', body(over));
      assert.equal(r.statusCode, code, `${JSON.stringify(over)}: ${r.body}`);
      const e = r.json() as { code: string; details: { field: string }[] };
      assert.equal(e.code, errCode, JSON.stringify(over));
      assert.ok(e.details.some((d) => d.field === field), `${JSON.stringify(over)} names ${field}: ${r.body}`);
    }
    const { password: _p, ...noPassword } = body();
    const r = await post('/api/setup', noPassword);
    assert.equal(r.statusCode, 400);
    assert.ok((r.json() as { details: { field: string }[] }).details.some((d) => d.field === '/password'), r.body);
    assert.deepEqual(await counts(), before);
    assert.equal((await status()).needed, true);
  });

  test('two concurrent setups create one administrator; the other is refused', async () => {
    const [a, b] = await Promise.all([post('/api/setup', body()), post('/api/setup', body({ username: 'deputy', displayName: '李副局' }))]);
    const codes = [a.statusCode, b.statusCode].sort();
    assert.deepEqual(codes, [201, 409], `${a.body} / ${b.body}`);
    const won = a.statusCode === 201 ? a : b;
    const lost = a.statusCode === 201 ? b : a;
    assert.equal(lost.json().code, 'INVALID_TRANSITION');
    const users = await env.ctx.db.selectFrom('users').select(['username', 'role', 'scope_area_id', 'must_change_password']).execute();
    assert.equal(users.length, 1);
    assert.equal(users[0]!.username, won.json().username);
    assert.equal(users[0]!.role, 'admin');
    assert.equal(users[0]!.scope_area_id, null);
    assert.equal(users[0]!.must_change_password, false, 'the password was just chosen under the strength rules');
    assert.deepEqual(won.json().county, { name: '江堰区', code: '321204' });
    const audit = await env.ctx.db.selectFrom('audit_log').select(['action', 'username']).execute();
    assert.deepEqual(audit, [{ action: 'setup.admin_created', username: users[0]!.username }]);
    // the token is consumed; the county's name is kept
    assert.deepEqual((await counts()).meta, 'county');
  });

  test('afterwards setup is closed for ever, whatever the token', async () => {
    const s = await status();
    assert.equal(s.needed, false);
    assert.deepEqual(s.county, { name: '江堰区', code: '321204' });
    assert.deepEqual(await countyOf(env), { name: '江堰区', code: '321204' }, 'the county named at setup is what the web shows');
    for (const t of [token, 'anything']) {
      const r = await post('/api/setup', body({ token: t, username: 'intruder' }));
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'INVALID_TRANSITION');
      const d = await post('/api/setup/demo', { token: t });
      assert.equal(d.statusCode, 409);
    }
    // a restart prints no token any more
    assert.equal(await prepareSetup(env.ctx), null);
    assert.equal((await counts()).users, 1);
  });

  test('the administrator logs in with the chosen password, and can work at once', async () => {
    const users = await env.ctx.db.selectFrom('users').select('username').execute();
    const admin = await login(env.app, users[0]!.username, PASSWORD);
    const me = await admin.get('/api/auth/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.role, 'admin');
    assert.notEqual(me.json().mustChangePassword, true);
    assert.equal((await admin.get('/api/users')).statusCode, 200);
  });
});

describe('first run: the demo county instead', () => {
  let other: TestEnv;
  before(async () => {
    other = await createTestEnv();
  });
  after(async () => other?.close());

  test('the demo is refused without the token, and into a database that has areas already', async () => {
    const t = (await prepareSetup(other.ctx))!;
    let r = await other.app.inject({ method: 'POST', url: '/api/setup/demo', payload: { token: 'wrong' } });
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().details[0].field, '/token');
    r = await other.app.inject({ method: 'POST', url: '/api/setup/demo', payload: {} });
    assert.equal(r.statusCode, 400);
    // areas imported from the command line before any account: the demo would mix with them
    await importAreas(other.ctx, SYSTEM_ACTOR, { type: 'FeatureCollection', features: [feature('C', '测试县', 'county', null, box(120.0, 32.0, 120.04, 32.02))] });
    r = await other.app.inject({ method: 'POST', url: '/api/setup/demo', payload: { token: t } });
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'INVALID_TRANSITION');
    const meta = await other.ctx.db.selectFrom('app_meta').select('key').execute();
    assert.deepEqual(meta.map((m) => m.key), ['setup_token'], 'nothing written; the token still usable for the setup');
    assert.equal((await other.app.inject({ method: 'GET', url: '/api/setup' })).json().demo.state, 'idle');
    // no name given at setup yet: the web shows the imported county area's
    assert.deepEqual(await countyOf(other), { name: '测试县', code: 'C' });
  });
});

describe('first run: the demo county loaded from the page', () => {
  let third: TestEnv;
  before(async () => {
    third = await createTestEnv();
  });
  after(async () => third?.close());

  test('loads in the background while the rest of the API waits, then setup is closed and the demo admin logs in', { timeout: 900_000 }, async () => {
    const t = (await prepareSetup(third.ctx))!;
    const r = await third.app.inject({ method: 'POST', url: '/api/setup/demo', payload: { token: t } });
    assert.equal(r.statusCode, 202, r.body);
    assert.equal((r.json() as SetupStatus).demo.state, 'seeding');
    // a second request while it loads: refused, nothing started twice
    const again = await third.app.inject({ method: 'POST', url: '/api/setup/demo', payload: { token: t } });
    assert.equal(again.statusCode, 409);
    const admin = await third.app.inject({ method: 'POST', url: '/api/setup', payload: { token: t, username: 'chief', displayName: '王局', password: PASSWORD, countyName: '江堰区', countyCode: '321204' } });
    assert.equal(admin.statusCode, 409, 'no administrator of another county while the demo loads');
    const login503 = await third.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'jingwang' } });
    assert.equal(login503.statusCode, 503);
    assert.equal(login503.json().code, 'DEMO_PREPARING');
    let s: SetupStatus;
    for (;;) {
      s = (await third.app.inject({ method: 'GET', url: '/api/setup' })).json() as SetupStatus;
      if (s.demo.state !== 'seeding') break;
      await new Promise((res) => setTimeout(res, 500));
    }
    assert.equal(s.demo.state, 'done');
    assert.equal(s.needed, false);
    const session = await login(third.app, 'admin', 'jingwang');
    // outside demo mode the demo password must be changed first
    assert.equal((await session.get('/api/auth/me')).json().mustChangePassword, true);
    assert.equal(await prepareSetup(third.ctx), null);
    // the web shows the demo county's name (the demo's own, marked as the demo)
    const area = await third.ctx.db.selectFrom('areas').select(['name', 'code']).where('kind', '=', 'county').executeTakeFirstOrThrow();
    assert.equal(area.code, DEMO_COUNTY_CODE);
    assert.deepEqual(await countyOf(third), { name: `${area.name}（演示）`, code: DEMO_COUNTY_CODE });
  });
});
