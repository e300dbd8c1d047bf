#!/usr/bin/env node
// `npm start`: starts the server (embedded database under DATA_DIR, demo county seeded on first start, serving while
// it is seeded), which serves the UI and the API. The web UI is built when it is missing or older than its sources,
// at the same time as the database starts: the server waits for the build (JW_WEB_BUILD names the file the build's
// end is written to) only when it sets up its routes.
import { spawn } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'apps/web/dist/index.html');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

const sources = ['apps/web/src', 'apps/web/index.html', 'packages/contracts/src'].map((p) => path.join(root, p));
const srcTime = Math.max(...sources.filter((p) => fs.existsSync(p)).map((p) => (fs.statSync(p).isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)));
const env = { ...process.env };
if (!fs.existsSync(dist) || fs.statSync(dist).mtimeMs < srcTime) {
  console.log('building the web UI (while the database starts)...');
  const flag = path.join(os.tmpdir(), `jingwang-web-build-${process.pid}`);
  fs.rmSync(flag, { force: true });
  env.JW_WEB_BUILD = flag;
  const t0 = Date.now();
  const build = spawn('npm', ['run', 'build', '-w', 'apps/web', '--', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  build.on('exit', (code) => {
    if (code === 0) console.log(`web UI built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    fs.writeFileSync(flag, String(code ?? 1));
    if (code !== 0) {
      console.error('the web UI build failed');
      process.exit(code ?? 1);
    }
  });
  process.on('exit', () => fs.rmSync(flag, { force: true }));
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], { cwd: root, stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
