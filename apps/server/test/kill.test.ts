// kill -9 (issue 19, permanent tests): the real server in a child process, set up from an empty database the way an
// operator does (CLI: areas import, user add), is killed with SIGKILL in the middle of writes and in the middle of
// the first-start demo seed; after a restart every acknowledged write is there, and the server starts again.
// Runs on the tier's database: embedded PGlite in a data folder, or a fresh database on the PostgreSQL server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { box, feature } from './helpers';

const serverDir = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'Kill-test-pw-8431!';
const serverUrl = process.env.TEST_DATABASE_URL || null;

interface Db {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function freshDatabase(tag: string): Promise<Db> {
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jw-kill-${tag}-`));
    return { env: { DATA_DIR: dir, DATABASE_URL: '' }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `jw_kill_${tag}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jw-kill-${tag}-`));
  return {
    env: { DATABASE_URL: url.toString(), DATA_DIR: dir },
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const baseEnv = (db: Db, extra: Record<string, string> = {}) => ({
  ...process.env,
  TEST_DATABASE_URL: '',
  DEMO: 'false',
  DEMO_LIVE: 'false',
  HOST: '127.0.0.1',
  ENCRYPTION_KEY: crypto.createHash('sha256').update('kill-test').digest('hex'),
  ...db.env,
  ...extra,
});

function cli(db: Db, args: string[], extra: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { cwd: serverDir, env: baseEnv(db, extra), encoding: 'utf8', input: '' });
  assert.equal(r.status, 0, `cli ${args.join(' ')} failed: ${r.stdout}\n${r.stderr}`);
}

interface Server {
  child: ChildProcess;
  url: string;
  out: () => string;
}

const children = new Set<ChildProcess>();

/** Start the server; resolve when it prints its URL (or when `until` matches the output, with url ''). */
function start(db: Db, extra: Record<string, string> = {}, until?: RegExp, timeoutMs = 600_000): Promise<Server> {
  const port = String(20000 + ((process.pid * 7 + Math.floor(Math.random() * 5000)) % 20000));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: serverDir, env: baseEnv(db, { PORT: port, ...extra }), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not get ready in ${timeoutMs} ms:\n${text.slice(-3000)}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      text += d.toString();
      if (until?.test(text)) {
        clearTimeout(timer);
        resolve({ child, url: '', out: () => text });
        return;
      }
      const m = /is ready in [\d.]+ s:\s+(http:\/\/[^\s/]+)\//.exec(text);
      if (m && !until) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, out: () => text });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? sig}) before it was ready:\n${text.slice(-3000)}`));
    });
  });
}

function kill9(s: Server): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.removeAllListeners('exit');
    s.child.on('exit', () => resolve());
    s.child.kill('SIGKILL');
  });
}

async function loginAt(url: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  const text = await r.text();
  assert.equal(r.status, 200, `login: ${r.status} ${text}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(text) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

let db: Db;
before(async () => {
  db = await freshDatabase('w');
  const county = { type: 'FeatureCollection', features: [feature('K', '测试县', 'county', null, box(120.0, 32.0, 120.04, 32.02)), feature('KS1', '西所', 'station', 'K', box(120.0, 32.0, 120.04, 32.02))] };
  const file = path.join(os.tmpdir(), `jw-kill-areas-${process.pid}.geojson`);
  fs.writeFileSync(file, JSON.stringify(county));
  cli(db, ['areas', 'import', file]);
  cli(db, ['user', 'add', 'admin', '--role', 'admin', '--final'], { JW_PASSWORD: PASSWORD });
  fs.rmSync(file);
});
after(async () => {
  // a failed test must not leave a server behind
  for (const c of children) c.kill('SIGKILL');
  await db?.drop();
});

describe(`kill -9 on ${serverUrl ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  test('every acknowledged incident survives kill -9 during a stream of writes (2 cycles)', async () => {
    const acked: number[] = [];
    for (let cycle = 0; cycle < 2; cycle++) {
      const s = await start(db);
      const who = await loginAt(s.url);
      // writes in flight: 4 at a time; the kill comes while requests are still open
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const r = await fetch(`${s.url}/api/incidents`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrf },
              body: JSON.stringify({ source: 'call_110', category: 'dispute', priority: 2, lon: 120.001 + (i % 30) * 0.001, lat: 32.005, address: `测试路${cycle}-${w}-${i}号`, description: '压力测试' }),
            });
            const text = await r.text();
            if (r.status === 200 || r.status === 201) acked.push((JSON.parse(text) as { id: number }).id);
            else assert.fail(`write refused: ${r.status} ${text}`);
          } catch (e) {
            if (stop) return;
            throw e;
          }
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      const target = acked.length + 40;
      while (acked.length < target) await new Promise((r) => setTimeout(r, 20));
      stop = true;
      await kill9(s);
      await Promise.allSettled(writers);
    }
    const s = await start(db);
    try {
      const who = await loginAt(s.url);
      const missing: number[] = [];
      for (const id of acked) {
        const r = await fetch(`${s.url}/api/incidents/${id}`, { headers: { cookie: who.cookie } });
        if (r.status !== 200) missing.push(id);
      }
      assert.ok(acked.length >= 80, `${acked.length} writes acknowledged`);
      assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged incidents lost`);
    } finally {
      await kill9(s);
    }
  });

  test('a server killed during the first-start demo seed starts again and finishes the seed', async () => {
    const seedDb = await freshDatabase('s');
    try {
      const demo = { DEMO: 'true', DEMO_LIVE: 'false' };
      // kill it a few seconds into the seed
      const s = await start(seedDb, demo, /seeding the demo county/);
      await new Promise((r) => setTimeout(r, 8000));
      await kill9(s);
      assert.ok(!/is ready in/.test(s.out()), 'the seed was still running when the server was killed');
      const again = await start(seedDb, demo);
      try {
        const r = await fetch(`${again.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'jingwang' }) });
        const text = await r.text();
        assert.equal(r.status, 200, `the demo dispatcher logs in after the restart: ${r.status} ${text}`);
        const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
        const inc = await fetch(`${again.url}/api/incidents?pageSize=5`, { headers: { cookie } });
        const list = await inc.text();
        assert.equal(inc.status, 200, list);
        assert.ok((JSON.parse(list) as { total: number }).total > 1000, `the demo history is there: ${list.slice(0, 200)}`);
      } finally {
        await kill9(again);
      }
    } finally {
      await seedDb.drop();
    }
  });
});
