// Server bench: `npm run bench:dispatch -- [--osm FILE.osm.pbf] [--units 2000] [--requests 300] [--clients 100]
//   [--seconds 10] [--batch 500] [--out FILE.json]`
//
// On a real server (Fastify on 127.0.0.1; in-memory embedded PGlite, or BENCH_DATABASE_URL naming an empty PostGIS db):
//  1. recommendation over HTTP: the OSM extract imported as the road network, one county area around it, `units`
//     available patrol cars at random road points; GET /api/incidents/:id/recommendation for random incidents,
//     one request at a time after a warm-up; p50 and p99 of the whole round trip.
//  2. position ingest: `clients` WebSocket clients subscribed to unit changes; batches of `batch` positions posted
//     back to back for `seconds`; positions stored per second, and per client the delay from the batch's sending to
//     the arrival of the unit changes it caused (p50, p99 over every client and batch). The clients run in a worker
//     thread, so that their parsing does not share the server's thread.
// Results go to apps/server/bench/results/*.json. A missing extract is skipped with a message (exit 0).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { createRng } from '@jingwang/core';
import { loadConfig } from '../src/config';
import { createContext } from '../src/bootstrap';
import { buildApp } from '../src/app';
import { openDatabase } from '../src/db/client';
import { importAreas } from '../src/modules/areas/service';
import { importRoads } from '../src/modules/roads/import';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy';
import { hashPassword } from '../src/modules/auth/service';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const ROOT = path.resolve(import.meta.dirname, '../../..');
const osmFile = path.resolve(ROOT, arg('osm', '../shared/data/columbus/columbus.osm.pbf'));
const UNITS = Number(arg('units', '2000'));
const REQUESTS = Number(arg('requests', '300'));
const CLIENTS = Number(arg('clients', '100'));
const SECONDS = Number(arg('seconds', '10'));
const BATCH = Number(arg('batch', '500'));
const out = path.resolve(ROOT, arg('out', 'apps/server/bench/results/dispatch-columbus.json'));

const pct = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const ms = (x: number) => Math.round(x * 100) / 100;

async function main() {
  if (!fs.existsSync(osmFile)) {
    console.log(`SKIPPED: ${osmFile} not found (the shared open data is not mounted); pass --osm FILE`);
    return;
  }
  const t0 = performance.now();
  // an EMPTY PostgreSQL + PostGIS database may be given; by default an in-memory embedded one
  const databaseUrl = process.env.BENCH_DATABASE_URL || null;
  const config = { ...loadConfig({ DEMO: 'false', DEMO_LIVE: 'false', DATA_DIR: '/tmp/jingwang-bench-unused' }), logLevel: 'warn' };
  const database = await openDatabase({ databaseUrl, dataDir: null });
  const { ctx } = await createContext(config, { database, inMemory: true });
  const imp = await importRoads(ctx, SYSTEM_ACTOR, fs.readFileSync(osmFile), { replace: true });
  const net = await ctx.roads.get();
  const car = net.profiles.car!;
  const g = car.graph;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let v = 0; v < g.nodeCount; v++) {
    minX = Math.min(minX, g.lon[v]!); maxX = Math.max(maxX, g.lon[v]!);
    minY = Math.min(minY, g.lat[v]!); maxY = Math.max(maxY, g.lat[v]!);
  }
  const box = [[[minX - 0.01, minY - 0.01], [maxX + 0.01, minY - 0.01], [maxX + 0.01, maxY + 0.01], [minX - 0.01, maxY + 0.01], [minX - 0.01, minY - 0.01]]];
  await importAreas(ctx, SYSTEM_ACTOR, { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'BENCH', name: 'bench county', kind: 'county', parentCode: null }, geometry: { type: 'Polygon', coordinates: box } }] }, { validFrom: '2020-01-01T00:00:00Z' });
  await ctx.areas.reload();
  const county = ctx.areas.tree().liveByCodeGet('BENCH')!.id;
  const rng = createRng(20261123);
  const node = () => rng.int(0, g.nodeCount - 1);
  const now = new Date().toISOString();
  const units: { id: number }[] = [];
  for (let i = 0; i < UNITS; i += 500) {
    const rows = Array.from({ length: Math.min(500, UNITS - i) }, (_, k) => {
      const v = node();
      return { callsign: `B${String(i + k).padStart(5, '0')}`, type: 'patrol_car', echelon: 1 + ((i + k) % 10 === 0 ? 1 : 0), team_id: null, home_area_id: county, incident_id: null, lon: g.lon[v]!, lat: g.lat[v]!, heading: null, speed_kmh: null, position_at: now };
    });
    units.push(...(await ctx.db.insertInto('units').values(rows).returning('id').execute()));
  }
  await ctx.db.insertInto('users').values({ username: 'bench', display_name: 'bench', password_hash: await hashPassword('bench-password'), role: 'admin', scope_area_id: null, person_id: null }).execute();
  const app = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const post = (url: string, body: unknown) => fetch(`${base}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const setupS = (performance.now() - t0) / 1000;
  console.log(`setup ${setupS.toFixed(1)} s: ${imp.roads} roads, car graph ${g.nodeCount} nodes, ${UNITS} units`);

  // 1. recommendations over HTTP
  const incidents: number[] = [];
  for (let i = 0; i < 50; i++) {
    const v = node();
    const r = await post('/api/incidents', { source: 'call_110', category: i % 5 === 0 ? 'fight' : 'dispute', priority: 1 + (i % 3), lon: g.lon[v], lat: g.lat[v], address: 'bench' });
    incidents.push(((await r.json()) as { id: number }).id);
  }
  const times: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < REQUESTS + 20; i++) {
    const id = incidents[i % incidents.length]!;
    const s = performance.now();
    const r = await fetch(`${base}/api/incidents/${id}/recommendation`, { headers: { cookie } });
    const body = (await r.json()) as { ranked: unknown[] };
    const t = performance.now() - s;
    if (r.status !== 200) throw new Error(`recommendation ${r.status}`);
    if (i >= 20) times.push(t), sizes.push(body.ranked.length);
  }
  const rec = { units: UNITS, requests: times.length, p50Ms: ms(pct(times, 50)), p99Ms: ms(pct(times, 99)), maxMs: ms(Math.max(...times)), goalP99Ms: 30 };
  console.log(`recommendation over HTTP, ${UNITS} units: p50 ${rec.p50Ms} ms, p99 ${rec.p99Ms} ms (goal p99 < 30 ms)`);

  // 2. position ingest with subscribed WebSocket clients, in a worker thread (the other core): the clients' JSON
  // parsing must not run on the server's thread. Each batch has one fix time; the main thread tells the worker when
  // it sent the batch of that time (absolute ms: timeOrigin + now), the worker measures each delivery against it.
  const wsUrl = base.replace('http', 'ws') + '/api/ws';
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const WebSocket = require(workerData.ws);
     const abs = () => performance.timeOrigin + performance.now();
     const sent = new Map(); const delays = []; let open = 0;
     parentPort.on('message', (m) => {
       if (m.sent) sent.set(m.sent.at, m.sent.t);
       if (m.done) { for (const ws of socks) ws.close(); parentPort.postMessage({ delays }); }
     });
     const socks = [];
     for (let c = 0; c < workerData.clients; c++) {
       const ws = new WebSocket(workerData.url, { headers: { cookie: workerData.cookie } });
       ws.on('open', () => { ws.send(JSON.stringify({ type: 'subscribe', topics: ['units'] })); if (++open === workerData.clients) parentPort.postMessage({ ready: true }); });
       ws.on('message', (raw) => {
         const m = JSON.parse(String(raw)); const t = abs();
         const ats = m.type === 'units' ? m.units.map((u) => u.positionAt) : m.type === 'unit_moves' ? m.moves.map((x) => x[3]) : [];
         for (const at of ats) { const s = sent.get(at); if (s !== undefined) delays.push(t - s); }
       });
       socks.push(ws);
     }`,
    { eval: true, workerData: { ws: createRequire(import.meta.url).resolve('ws'), url: wsUrl, cookie, clients: CLIENTS } },
  );
  const abs = () => performance.timeOrigin + performance.now();
  await new Promise<void>((r) => worker.on('message', (m: { ready?: boolean }) => m.ready && r()));
  await new Promise((r) => setTimeout(r, 500));
  let stored = 0;
  let batches = 0;
  let clock = Date.now() + 1000; // after the units' initial positions: every fix moves its unit
  const ingestStart = performance.now();
  while (performance.now() - ingestStart < SECONDS * 1000) {
    const at = new Date((clock += 1000)).toISOString();
    const positions = Array.from({ length: BATCH }, () => {
      const u = units[rng.int(0, units.length - 1)]!;
      const v = node();
      return { unitId: u.id, lon: g.lon[v]!, lat: g.lat[v]!, at };
    });
    worker.postMessage({ sent: { at, t: abs() } });
    const r = await post('/api/units/positions', { positions });
    const j = (await r.json()) as { accepted: number };
    stored += j.accepted;
    batches++;
  }
  const ingestS = (performance.now() - ingestStart) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const delays = await new Promise<number[]>((r) => {
    worker.on('message', (m: { delays?: number[] }) => m.delays && r(m.delays));
    worker.postMessage({ done: true });
  });
  await worker.terminate();
  const ingest = {
    clients: CLIENTS,
    batch: BATCH,
    seconds: Math.round(ingestS * 10) / 10,
    batches,
    stored,
    perSecond: Math.round(stored / ingestS),
    deliveries: delays.length,
    delayP50Ms: ms(pct(delays, 50)),
    delayP99Ms: ms(pct(delays, 99)),
    goalPerSecond: 20000,
    goalDelayP99Ms: 250,
  };
  console.log(`ingest: ${ingest.perSecond} positions/s with ${CLIENTS} clients; delivery p50 ${ingest.delayP50Ms} ms, p99 ${ingest.delayP99Ms} ms (goals >= 20,000/s, p99 < 250 ms)`);
  await app.close();
  ctx.hub.close();
  await database.close();
  const result = {
    extract: path.relative(ROOT, osmFile),
    database: databaseUrl ? 'postgresql' : 'pglite',
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    at: new Date().toISOString(),
    setupSeconds: Math.round(setupS * 10) / 10,
    roads: imp.roads,
    carGraphNodes: g.nodeCount,
    recommendation: rec,
    ingest,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`written ${path.relative(ROOT, out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
