#!/usr/bin/env node
// `npm test`: every suite, in order, and one closing line "N passed, N failed, N skipped".
//   lint      the guardrails' own tests (eslint.config.mjs refuses what it exists for), then eslint over the tree
//             and the typecheck of every package (each one pass or one failure)
//   unit      engines (packages/core), contracts and web helpers: no database
//             (lint's and unit's jobs run two at a time, each printed in one block when it ends)
//   db:pglite server services and routes on embedded PGlite + PostGIS
//   db:pg     the same suite on a PostgreSQL + PostGIS server: TEST_DATABASE_URL, or a throwaway server started
//             here on 127.0.0.1 when Debian's PostgreSQL and PostGIS are installed (scripts/pg-server.sh)
//   e2e       Playwright journeys in Debian's Chromium against the real server (builds the web first)
// `npm test -- unit` (or db, e2e) runs one tier. With CI=true a tier that cannot run is a failure, not a skip.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv[2] ?? 'all';
const CI = /^(1|true)$/i.test(process.env.CI ?? '');
const totals = { passed: 0, failed: 0, skipped: 0 };
const tiers = [];

/**
 * Runs a node test command as one tier. `buffered`: its output is printed in one block when it ends (for jobs that
 * run beside each other, so their lines do not interleave).
 */
function run(label, cwd, args, env = {}, { buffered = false } = {}) {
  return new Promise((resolve) => {
    if (!buffered) console.log(`\n=== ${label} ===`);
    const t0 = Date.now();
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', buffered ? 'pipe' : 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      if (!buffered) process.stdout.write(d);
      out += d;
    });
    if (buffered) child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (buffered) process.stdout.write(`\n=== ${label} ===\n${out}`);
      const num = (k) => Number((out.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
      const r = { label, passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') + num('todo'), code, s: (Date.now() - t0) / 1000 };
      if (code !== 0 && r.failed === 0) r.failed = 1; // a crash before any test reported
      totals.passed += r.passed;
      totals.failed += r.failed;
      totals.skipped += r.skipped;
      tiers.push(r);
      resolve(r);
    });
  });
}

function skip(label, why) {
  console.log(`\n=== ${label} ===\nSKIPPED: ${why}`);
  if (CI) {
    console.log(`(CI=true: a tier that cannot run counts as a failure)`);
    totals.failed += 1;
    tiers.push({ label, passed: 0, failed: 1, skipped: 0, code: 1, s: 0, note: why });
  } else tiers.push({ label, passed: 0, failed: 0, skipped: 0, code: 0, s: 0, note: `skipped: ${why}` });
}

// Node 20's runner does not expand globs: list the test files here.
function testFiles(cwd, dir) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(path.join(cwd, d))) return;
    for (const e of fs.readdirSync(path.join(cwd, d), { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(p);
      else if (e.name.endsWith('.test.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
// The server files that take longest, started first so no long file is left running alone at the end of the tier
// (measured per file with both databases, 2026-12-07: the fuzzer alone is about two fifths of the PGlite tier).
const LONGEST_FIRST = ['fuzz', 'kill', 'demo-seed', 'forecast-category', 'joint', 'fraud', 'disputes', 'matrix', 'incidents-dispatch'];
const rank = (f) => {
  const i = LONGEST_FIRST.indexOf(path.basename(f, '.test.ts'));
  return i < 0 ? LONGEST_FIRST.length : i;
};
const nodeTest = (cwd, dir, concurrency = 1) => {
  const files = testFiles(cwd, dir).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=tap', ...files];
};

function findPgBin() {
  try {
    const dirs = fs.readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).filter((d) => fs.existsSync(`${d}/initdb`));
    return dirs.sort().at(-1) ?? null;
  } catch {
    return null;
  }
}

// a command that either passes or fails as one test (eslint, tsc); its output printed in one block when it ends
function check(label, cmd, args) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      process.stdout.write(`\n=== ${label} ===\n${out}`);
      const ok = code === 0;
      if (ok) totals.passed += 1;
      else totals.failed += 1;
      tiers.push({ label, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, code, s: (Date.now() - t0) / 1000 });
      resolve();
    });
  });
}

/** Runs jobs (functions returning promises) two at a time: the machine CI runs on has two cores. */
async function pool(jobs, width = 2) {
  const queue = [...jobs];
  await Promise.all(Array.from({ length: width }, async () => {
    while (queue.length) await queue.shift()();
  }));
}

// lint and unit: small independent jobs, two at a time, the longest first
{
  const jobs = [];
  if (only === 'all' || only === 'lint') {
    const tsc = (p) => () => check(`lint: typecheck ${p}`, 'npx', ['tsc', '-p', p]);
    jobs.push(tsc('apps/web'), tsc('apps/server'));
    jobs.push(() => check('lint: eslint (boundaries, SQL only in repos)', 'npx', ['eslint', '.']));
    jobs.push(() => run('lint: guardrails refuse boundary violations', root, ['--test', '--test-reporter=tap', 'scripts/guardrails.test.mjs'], {}, { buffered: true }));
    jobs.push(tsc('packages/core'), tsc('e2e'), tsc('packages/contracts'));
  }
  if (only === 'all' || only === 'unit') {
    const core = path.join(root, 'packages/core');
    jobs.push(() => run('unit: packages/core', core, nodeTest(core, 'test', 1), {}, { buffered: true }));
    const web = path.join(root, 'apps/web');
    if (testFiles(web, 'src').length) jobs.push(() => run('unit: apps/web helpers', web, nodeTest(web, 'src', 1), {}, { buffered: true }));
    const contracts = path.join(root, 'packages/contracts');
    jobs.push(() => run('unit: packages/contracts', contracts, nodeTest(contracts, 'test', 1), {}, { buffered: true }));
  }
  await pool(jobs);
}

if (only === 'all' || only === 'db') {
  const server = path.join(root, 'apps/server');
  await run('db: server on embedded PGlite + PostGIS', server, nodeTest(server, 'test', 2), { TEST_DATABASE_URL: '' });
  let url = process.env.TEST_DATABASE_URL || null;
  let started = false;
  if (!url && findPgBin() && fs.existsSync('/usr/share/postgresql') && spawnSync('sh', ['-c', 'ls /usr/share/postgresql/*/extension/postgis.control']).status === 0) {
    const r = spawnSync('bash', [path.join(root, 'scripts/pg-server.sh'), 'start'], { encoding: 'utf8' });
    if (r.status === 0) {
      url = r.stdout.trim().split('\n').at(-1);
      started = r.stderr.includes('started'); // stop it afterwards only if this run started it
    } else console.log(r.stdout, r.stderr);
  }
  if (url) {
    // three files at a time: each file's node process waits on the server's backends and they on it, so a third
    // file keeps the two cores busy while the others wait (PGlite runs inside the node process: two files there)
    await run(`db: server on PostgreSQL + PostGIS (${url.replace(/\/\/[^@]*@/, '//')})`, server, nodeTest(server, 'test', 3), { TEST_DATABASE_URL: url });
    if (started) spawnSync('bash', [path.join(root, 'scripts/pg-server.sh'), 'stop'], { stdio: 'inherit' });
  } else {
    skip('db: server on PostgreSQL + PostGIS', 'no TEST_DATABASE_URL and no local PostgreSQL + PostGIS (apt-get install postgresql postgresql-15-postgis-3)');
  }
}

if (only === 'all' || only === 'e2e') {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    skip('e2e: Playwright in Chromium', `no browser at ${chromium} (apt-get install chromium)`);
  } else if (!fs.existsSync(path.join(root, 'e2e'))) {
    skip('e2e: Playwright in Chromium', 'no e2e folder');
  } else {
    console.log('\n=== building the web for the e2e journey ===');
    const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) {
      totals.failed += 1;
      tiers.push({ label: 'e2e: web build', passed: 0, failed: 1, skipped: 0, code: b.status, s: 0 });
    } else {
      const e2e = path.join(root, 'e2e');
      await run('e2e: Playwright in Chromium', e2e, nodeTest(e2e, '.', 1), { CHROMIUM_PATH: chromium });
    }
  }
}

console.log('\n=== summary ===');
for (const t of tiers) console.log(`${t.label}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped (${t.s.toFixed(0)} s)${t.note ? ` — ${t.note}` : ''}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
