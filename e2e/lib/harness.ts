// Shared helpers for the journeys: a server child process on a free port with a fresh database, and Chromium.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const OUT = path.resolve(import.meta.dirname, '..', 'out');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

/**
 * Builds apps/web/dist (the server serves it) when it is missing or older than the web and contracts sources.
 * E2E_FORCE_BUILD=1 always builds; E2E_SKIP_BUILD=1 never does (when a build exists).
 */
export function buildWeb(): void {
  const dist = path.join(ROOT, 'apps/web/dist/index.html');
  if (existsSync(dist) && process.env.E2E_SKIP_BUILD === '1') return;
  const sources = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'packages/contracts/src'].map((p) => path.join(ROOT, p));
  if (existsSync(dist) && process.env.E2E_FORCE_BUILD !== '1' && statSync(dist).mtimeMs >= Math.max(...sources.map(newest))) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: path.join(ROOT, 'apps/web'), stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`web build failed (exit ${r.status})`);
}

export interface RunningServer {
  base: string;
  log: () => string;
  stop: () => Promise<void>;
}

/** A data directory whose demo seed is done: each journey starts on a copy, so the seed runs once per tier. */
const TEMPLATE_SOURCES = ['apps/server/src', 'packages/core/src', 'packages/contracts/src'];
const TEMPLATE_MAX_AGE_MS = 2 * 3600_000;

async function demoTemplate(): Promise<string> {
  // the key changes with the server's and the engines' sources (a seed from older code is not reused) and the day
  const stamp = Math.max(...TEMPLATE_SOURCES.map((p) => newest(path.join(ROOT, p))));
  const key = `${new Date().toISOString().slice(0, 10)}-${Math.round(stamp)}`;
  const dir = path.join(os.tmpdir(), `jw-e2e-template-${key}`);
  const ready = path.join(dir, '.ready');
  const fresh = () => existsSync(ready) && Date.now() - statSync(ready).mtimeMs < TEMPLATE_MAX_AGE_MS;
  if (fresh()) return dir;
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      await mkdir(lock); // one builder at a time; the others wait for it
      break;
    } catch {
      // a builder that died leaves its lock: after 10 minutes it is taken over (the lock may also just have gone)
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 10 * 60_000) await rm(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 1000));
      if (fresh()) return dir;
    }
  }
  try {
    if (fresh()) return dir;
    await rm(dir, { recursive: true, force: true });
    const building = await mkdtemp(path.join(os.tmpdir(), 'jw-e2e-seeding-'));
    const t0 = Date.now();
    const s = await launch(building, { timeoutMs: 600_000 }); // the whole seed, on a machine that may be busy
    await s.stop(false); // a clean shutdown, so the copy opens without recovery
    await rename(building, dir);
    await writeFile(ready, new Date().toISOString());
    console.log(`# e2e: demo county seeded once into ${dir} in ${((Date.now() - t0) / 1000).toFixed(0)} s; journeys start on copies`);
    await pruneTemplates(dir);
    return dir;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Each change of the sources makes a new template (143 MB): the others go once nobody can still be copying them. */
async function pruneTemplates(keep: string): Promise<void> {
  for (const name of readdirSync(os.tmpdir())) {
    const p = path.join(os.tmpdir(), name);
    if (!name.startsWith('jw-e2e-template-') || name.endsWith('.lock') || p === keep) continue;
    try {
      // a journey copies its template in seconds at its start: one untouched for 15 minutes is done with
      if (Date.now() - statSync(p).mtimeMs > 15 * 60_000) await rm(p, { recursive: true, force: true });
    } catch {
      /* gone meanwhile */
    }
  }
}

/**
 * Starts `node --import tsx apps/server/src/main.ts` on a fresh DATA_DIR and waits for /api/health and the demo seed.
 * With no extra env the data directory is a copy of a seeded template (E2E_NO_TEMPLATE=1: seed afresh every time).
 */
export async function startServer(opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const template = !opts.env && process.env.E2E_NO_TEMPLATE !== '1' ? await demoTemplate() : null;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jw-e2e-'));
  if (template) await cp(template, dataDir, { recursive: true });
  // the copy's unit positions were written when the template was seeded, minutes ago: without the live demo nothing
  // moves them, and past STALE_POSITION_SECONDS (120 s) no unit could be recommended. The journeys are not about a
  // position's age (the server tests are), so a copy keeps its positions usable as a fresh seed's are.
  const s = await launch(dataDir, template ? { ...opts, env: { STALE_POSITION_SECONDS: '86400' } } : opts);
  await mkdir(OUT, { recursive: true });
  return { base: s.base, log: s.log, stop: () => s.stop(true) };
}

async function launch(dataDir: string, opts: { timeoutMs?: number; env?: Record<string, string> } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_LIVE: '0', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => {
    output += b.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null = null;
  const exitP = new Promise<void>((resolve) =>
    child.on('exit', (code, sig) => {
      exited = code ?? (sig ? -1 : 0);
      resolve();
    }),
  );

  const stop = async (removeData: boolean) => {
    if (exited === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitP;
      clearTimeout(timer);
    }
    if (removeData) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  for (;;) {
    if (exited !== null) {
      await stop(true);
      throw new Error(`server exited (code ${exited}) before becoming healthy:\n${output.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) {
        const body = (await res.json()) as { ok?: boolean };
        // the server answers while the demo county is being seeded (reads first, writes after): the journeys start
        // on the whole demo, so wait for the seed to be done too (no status route: not a demo, nothing to wait for)
        if (body.ok) {
          const st = await fetch(`${base}/api/demo/status`);
          if (st.status === 404) break;
          if (st.ok && ((await st.json()) as { state?: string }).state === 'done') break;
        }
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop(true);
      throw new Error(`server not healthy after ${(opts.timeoutMs ?? 180_000) / 1000} s:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { base, log: () => output, stop };
}
