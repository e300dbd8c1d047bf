// Load held (issue 19): 50 clients read the command room's main endpoints for 60 s against the real server in a child
// process, on the embedded database and on PostgreSQL in one run, three runs each; p50/p95/p99, requests per second,
// errors, and the server's memory (RSS) after each run, to see growth across runs. Loopback only, bounded in time.
//   npm run bench:load -- [--clients 50] [--seconds 60] [--runs 3] [--out apps/server/bench/results/load.json]
//                         [--backends pglite,postgres]
// The demo county is seeded once per backend into a bench data folder (/tmp/jingwang-bench-*) and reused.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const CLIENTS = Number(arg('clients', '50'));
const SECONDS = Number(arg('seconds', '60'));
const RUNS = Number(arg('runs', '3'));
const OUT = arg('out', path.resolve(import.meta.dirname, 'results/load.json'));
const BACKENDS = arg('backends', 'pglite,postgres').split(',');
const GOALS = { pglite: 600, postgres: 300 } as Record<string, number>;
const root = path.resolve(import.meta.dirname, '../../..');
const serverDir = path.resolve(import.meta.dirname, '..');

interface Server {
  child: ChildProcess;
  url: string;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const port = String(18000 + Math.floor(Math.random() * 1000));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, HOST: '127.0.0.1', PORT: port, DEMO: 'true', DEMO_LIVE: 'false', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  return new Promise((resolve, reject) => {
    const on = (d: Buffer) => {
      text += d.toString();
      const m = /is ready in [\d.]+ s:\s+(http:\/\/[^\s/]+)\//.exec(text);
      if (m) {
        child.stdout!.off('data', on);
        child.stderr!.off('data', on);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve({ child, url: m[1]! });
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (c) => reject(new Error(`server exited ${c}:\n${text.slice(-2000)}`)));
  });
}

function rssMb(pid: number): number {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024);
}

/** CPU time (user + system) the process has used, in ms: per request, it measures work, not the machine's load. */
function cpuMs(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function run(url: string): Promise<{ requests: number; errors: number; rps: number; p50: number; p95: number; p99: number; byPath: Record<string, { n: number; p99: number }> }> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'jingwang' }) });
  if (login.status !== 200) throw new Error(`login ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const open = (await (await fetch(`${url}/api/incidents?status=open&pageSize=200`, { headers: { cookie } })).json()) as { items: { id: number }[] };
  const ids = open.items.map((i) => i.id);
  const recent = (await (await fetch(`${url}/api/incidents?pageSize=50`, { headers: { cookie } })).json()) as { items: { id: number }[] };
  ids.push(...recent.items.map((i) => i.id));
  // what the command room reads: the queue, units, map areas, counters, reinforcements, an incident's detail
  const paths = [
    '/api/incidents?status=open&pageSize=200',
    '/api/units',
    '/api/areas/geojson?kinds=station,police_grid,community',
    '/api/stats/summary',
    '/api/reinforcements?status=open',
    '/api/auth/me',
    '/api/config',
    () => `/api/incidents/${ids[Math.floor(Math.random() * ids.length)]}`,
  ];
  const lat: number[] = [];
  const byPath: Record<string, number[]> = {};
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  const client = async (c: number) => {
    for (let i = c; performance.now() < end; i++) {
      const p = paths[i % paths.length]!;
      const u = typeof p === 'function' ? p() : p;
      const t0 = performance.now();
      try {
        const r = await fetch(url + u, { headers: { cookie } });
        await r.arrayBuffer();
        if (r.status !== 200) errors++;
      } catch {
        errors++;
      }
      const ms = performance.now() - t0;
      lat.push(ms);
      const key = typeof p === 'function' ? '/api/incidents/:id' : p;
      (byPath[key] ??= []).push(ms);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: lat.length,
    errors,
    rps: r1(lat.length / secs),
    p50: r1(pct(lat, 50)),
    p95: r1(pct(lat, 95)),
    p99: r1(pct(lat, 99)),
    byPath: Object.fromEntries(Object.entries(byPath).map(([k, v]) => [k, { n: v.length, p99: r1(pct(v.sort((a, b) => a - b), 99)) }])),
  };
}

async function pgUrl(): Promise<string | null> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const r = spawnSync('bash', [path.join(root, 'scripts/pg-server.sh'), 'start'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const base = r.stdout.trim().split('\n').at(-1)!;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  const exists = await c.query(`select 1 from pg_database where datname = 'jw_bench'`);
  if (!exists.rowCount) await c.query('create database jw_bench');
  await c.end();
  const u = new URL(base);
  u.pathname = '/jw_bench';
  return u.toString();
}

const results: Record<string, unknown> = { clients: CLIENTS, seconds: SECONDS, runs: RUNS, goalsP99Ms: GOALS, machine: `${(await import('node:os')).cpus().length} cores`, at: new Date().toISOString(), backends: {} };
for (const backend of BACKENDS) {
  let env: Record<string, string>;
  if (backend === 'pglite') env = { DATA_DIR: '/tmp/jingwang-bench-pglite', DATABASE_URL: '' };
  else {
    const url = await pgUrl();
    if (!url) {
      console.log('postgres: skipped (no PostgreSQL + PostGIS server; apt-get install postgresql postgresql-15-postgis-3)');
      (results.backends as Record<string, unknown>)[backend] = { skipped: 'no PostgreSQL server' };
      continue;
    }
    env = { DATABASE_URL: url, DATA_DIR: '/tmp/jingwang-bench-pg-data' };
  }
  console.log(`${backend}: starting (the first start seeds the demo county)...`);
  const s = await startServer(env);
  const runs = [];
  try {
    const rss0 = rssMb(s.child.pid!);
    for (let i = 0; i < RUNS; i++) {
      const cpu0 = cpuMs(s.child.pid!);
      const r = await run(s.url);
      const rss = rssMb(s.child.pid!);
      // the server's CPU per request: on a shared machine the latencies move with the load, this hardly does
      const serverCpuMsPerRequest = Math.round(((cpuMs(s.child.pid!) - cpu0) / r.requests) * 100) / 100;
      runs.push({ ...r, rssMb: rss, serverCpuMsPerRequest, loadAverage: (await import('node:os')).loadavg()[0] });
      console.log(`${backend} run ${i + 1}: ${r.rps} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ${r.errors} errors, RSS ${rss} MB, server CPU ${serverCpuMsPerRequest} ms/request`);
    }
    const p99 = Math.max(...runs.map((r) => r.p99));
    (results.backends as Record<string, unknown>)[backend] = {
      rssStartMb: rss0,
      runs,
      worstP99Ms: p99,
      goalMet: p99 < GOALS[backend]!,
      rssGrowthMb: runs.at(-1)!.rssMb - runs[0]!.rssMb,
    };
  } finally {
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
  }
}
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n');
console.log(`written ${path.relative(root, OUT)}`);
