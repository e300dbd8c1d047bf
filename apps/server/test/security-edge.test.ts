// A safe edge (issue 19 defects 2, 8, 10): text the database cannot hold is refused at the edge naming the field,
// security headers, photos that only look like images, the API docs behind the login, impossible periods.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWorld, createTestEnv, login, newIncident, PASSWORD, snapshot, type Agent, type TestEnv } from './helpers';
import { contentSecurityPolicy } from '../src/app';
import { decodePhoto } from '../src/lib/photo';
import { loadKey } from '../src/lib/crypto';
import { badlyEncodedQuery, unsafeStrings } from '../src/lib/validation';

let env: TestEnv;
let disp: Agent;

before(async () => {
  env = await createTestEnv();
  await buildWorld(env);
  disp = await login(env.app, 'dispatcher');
});
after(() => env.close());

type Res = { statusCode: number; json(): unknown };
function refused(r: Res, field: string | RegExp) {
  assert.equal(r.statusCode, 400, JSON.stringify(r.json()));
  const body = r.json() as { code: string; details?: { field: string }[] };
  assert.equal(body.code, 'VALIDATION_FAILED');
  const fields = (body.details ?? []).map((d) => d.field);
  assert.ok(fields.some((f) => (typeof field === 'string' ? f === field : field.test(f))), `fields ${fields.join(', ')}`);
}

describe('NUL, lone surrogates and bad UTF-8 are a 400 naming the field, never a 500', () => {
  test('login with a NUL in the user name (unauthenticated)', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a\u0000', password: 'x' } });
    refused(r, '/username');
  });

  test('login with a NUL in the password', async () => {
    const r = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: `${PASSWORD}\u0000` } });
    refused(r, '/password');
  });

  test('a NUL in a search query: incidents and people', async () => {
    refused(await disp.get('/api/incidents?q=%00'), '/q');
    refused(await disp.get('/api/people?q=abc%00def'), '/q');
  });

  test('a NUL in a body field writes nothing', async () => {
    const before = await snapshot(env.ctx);
    refused(await disp.post('/api/incidents', newIncident({ address: '测试路\u00001号' })), '/address');
    assert.deepEqual(await snapshot(env.ctx), before);
  });

  test('a NUL in an object key', async () => {
    refused(await disp.post('/api/incidents', { ...newIncident(), 'x\u0000': 1 }), /^\/x/);
  });

  test('a NUL in a nested string (array item)', async () => {
    const r = await disp.post('/api/fraud/warnings', { source: 'fz', warnings: [{ externalId: 'a\u0000', personName: 'x' }] });
    refused(r, /^\/warnings\/0\//);
  });

  test('a lone surrogate from a JSON escape', async () => {
    const r = await disp.post('/api/incidents', `{"source":"call_110","category":"dispute","priority":2,"lon":120.005,"lat":32.005,"address":"\\ud800","description":"x"}`);
    refused(r, '/address');
  });

  test('a lone surrogate in a query string (%ED%A0%80 is not UTF-8)', async () => {
    refused(await disp.get('/api/incidents?q=%ED%A0%80'), '/q');
  });

  test('bytes that are not UTF-8 in a JSON body', async () => {
    const bytes = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","password":"x"}')]);
    const r = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: bytes });
    refused(r, '/');
  });

  test('percent-encoding that is not UTF-8 in a query string', async () => {
    refused(await disp.get('/api/people?q=%FF'), '/q');
  });

  test('a NUL in a path parameter', async () => {
    const r = await disp.get('/api/incidents/1%00');
    assert.equal(r.statusCode, 400, r.body);
  });

  test('the helpers name every bad field', () => {
    assert.deepEqual(unsafeStrings({ a: ['ok', 'b\u0000'], c: { d: '\udc00x' } }), [
      { field: '/a/1', message: 'must not contain a NUL character (\\u0000)' },
      { field: '/c/d', message: 'must be valid Unicode (a lone surrogate)' },
    ]);
    assert.deepEqual(unsafeStrings({ ok: '😀 警网' }), []);
    assert.deepEqual(badlyEncodedQuery('/x?a=1&b=%E4%B8&c=%E8%AD%A6'), [{ field: '/b', message: 'is not valid UTF-8 percent-encoding' }]);
  });
});

describe('security headers', () => {
  test('CSP, frame refusal and nosniff on the API and the pages', async () => {
    for (const url of ['/api/config', '/api/health']) {
      const r = await env.app.inject({ method: 'GET', url });
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['x-frame-options'], 'DENY');
      const csp = String(r.headers['content-security-policy']);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /worker-src 'self' blob:/);
      assert.match(csp, /style-src 'self' 'unsafe-inline'/);
      assert.match(csp, /img-src 'self' data: blob:/);
      assert.doesNotMatch(csp, /upgrade-insecure-requests/); // plain http on a LAN keeps working
    }
  });

  test('the basemap host is allowed for tiles (fetched and drawn)', () => {
    const d = contentSecurityPolicy('https://{s}.tiles.example.cn/{z}/{x}/{y}.png', true);
    assert.deepEqual(d.imgSrc, ["'self'", 'data:', 'blob:', 'https://*.tiles.example.cn']);
    assert.deepEqual(d.connectSrc, ["'self'", 'https://*.tiles.example.cn']);
    assert.deepEqual(d.upgradeInsecureRequests, []);
  });
});

describe('API docs outside demo mode', () => {
  test('need a login', async () => {
    for (const url of ['/docs', '/docs/json']) {
      const anon = await env.app.inject({ method: 'GET', url });
      assert.equal(anon.statusCode, 401, url);
    }
    const r = await env.app.inject({ method: 'GET', url: '/docs/json', headers: { cookie: disp.cookie } });
    assert.equal(r.statusCode, 200);
    assert.ok((r.json() as { paths: object }).paths);
  });
});

describe('photos are decoded', () => {
  const png1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4AWM4ISf3HwAEugIEzCecNQAAAABJRU5ErkJggg==';
  test('a real PNG passes with its size', () => {
    const p = decodePhoto(`data:image/png;base64,${png1}`, '/photo');
    assert.equal(p.mime, 'image/png');
    assert.deepEqual([p.width, p.height], [1, 1]);
  });
  test('a PNG signature followed by HTML is refused', () => {
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('<html><script>alert(1)</script></html>')]);
    assert.throws(() => decodePhoto(`data:image/png;base64,${bytes.toString('base64')}`, '/photo'), (e: { code: string; details: { field: string }[] }) => e.code === 'VALIDATION_FAILED' && e.details[0]!.field === '/photo');
  });
  test('a real PNG with HTML appended after its end is refused', () => {
    const bytes = Buffer.concat([Buffer.from(png1, 'base64'), Buffer.from('<html></html>')]);
    assert.throws(() => decodePhoto(`data:image/png;base64,${bytes.toString('base64')}`, '/photo'), /Invalid/);
  });
  test('a JPEG signature followed by junk is refused', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html></html>')]);
    assert.throws(() => decodePhoto(`data:image/jpeg;base64,${bytes.toString('base64')}`, '/photos/0'), /Invalid/);
  });
});

describe('periods and dates', () => {
  test('a month before 2000 is refused (period=0000-01 used to become 1899-12-31)', async () => {
    const r = await disp.get('/api/indicators?level=station&subjectId=1&period=0000-01');
    refused(r, '/period');
  });
  test('an impossible day is refused', async () => {
    refused(await disp.get('/api/tasks/mine?date=2026-02-30'), '/date');
    refused(await disp.get('/api/patrol/plans?date=2026-02-30'), '/date');
    refused(await disp.get('/api/patrol/plans?date=0000-01-01'), '/date');
  });
});

describe('secrets on disk', () => {
  test('DATA_DIR is created owner-only (0700)', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jw-mode-')), 'data');
    loadKey(null, dir);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(dir, 'field-key')).mode & 0o777, 0o600);
    fs.rmSync(path.dirname(dir), { recursive: true });
  });
});
