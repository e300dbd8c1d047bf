// Starts Jingwang: configuration, database (embedded or server), demo seed on first start, HTTP + WebSocket.
import fs from 'node:fs';
import { loadConfig, ConfigError } from './config';
import { buildApp } from './app';
import { createContext } from './bootstrap';
import { isSeeded, seedDemo } from './modules/demo/seed';
import { startDemoLive } from './modules/demo/live';
import { onSeedProgress, seedFinished, seedState, serveWhileSeeding } from './modules/demo/preparing';
import { startRetention } from './jobs/retention';
import { startPatrolJobs } from './jobs/patrol';
import { startAnalysisJobs } from './jobs/analysis';
import { startTasksJobs } from './jobs/tasks';
import { startMdtJobs } from './jobs/mdt';
import { startDisputeJobs } from './jobs/disputes';
import { startInstructionJobs } from './jobs/instructions';
import { startTicketJobs } from './jobs/tickets';
import { ensureDemoPlans } from './modules/demo/patrol';
import { DEMO_STATIONS } from '@jingwang/core';
import { warmPhotoPool } from './lib/photo';
import { prepareSetup } from './modules/setup/service';

async function main() {
  const t0 = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  console.log(`Jingwang (警网) starting: database ${config.databaseUrl ? 'PostgreSQL server' : `embedded PGlite in ${config.dataDir}`}`);
  const { ctx, database } = await createContext(config);
  console.log(`database ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // the server listens before the demo seed (first start): a page says how far the seed is, the map and logins work
  // as soon as areas, units and users are in, writes once the history is in (modules/demo/preparing.ts)
  const seeding = config.demo && !(await isSeeded(ctx.db));
  const state = seedState(seeding);
  // the first run (no account yet, no demo seed coming): the one-time setup token for the first-run page
  const setupToken = seeding ? null : await prepareSetup(ctx);
  await webBuilt(); // `npm start` builds the web UI while the database starts
  const app = await buildApp(ctx, { logger: true }); // pino: requests at info, 5xx with request id and stack
  serveWhileSeeding(app, state);
  await app.listen({ host: config.host, port: config.port });
  warmPhotoPool(); // the first photo of the day does not wait seconds for the watermark worker to start
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/`;
  if (seeding) {
    console.log(`seeding the demo county (first start only); serving ${url} meanwhile`);
    let usable = false;
    const s = await seedDemo(ctx, {
      seed: config.demoSeed,
      endAt: ctx.clock.now().toISOString(),
      onProgress: (p) => {
        onSeedProgress(state, p);
        if (p.usable && !usable) {
          usable = true;
          console.log(`  the demo county can be used in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${url} (its history is still being written)`);
        }
      },
    }).catch((e: unknown) => {
      seedFinished(state, false);
      throw e;
    });
    seedFinished(state, true);
    console.log(`seeded: ${s.areas} areas, ${s.roads} roads, ${s.people} people, ${s.units} units, ${s.incidents} incidents in ${(s.ms / 1000).toFixed(1)} s`);
    console.log(`  seed steps: ${s.steps.map(([n, t]) => `${n} ${t.toFixed(1)} s`).join(', ')}`);
  }
  const stopLive = config.demo && config.demoLive ? await startDemoLive(ctx, { seed: config.demoSeed, rate: config.demoRate }) : () => {};
  const stopRetention = startRetention(ctx);
  const stopAnalysis = startAnalysisJobs(ctx);
  const stopPatrol = startPatrolJobs(ctx, config.demo ? { extra: () => ensureDemoPlans(ctx, DEMO_STATIONS[0]!.code) } : {});
  const stopTasks = startTasksJobs(ctx);
  const stopMdt = startMdtJobs(ctx);
  const stopDisputes = startDisputeJobs(ctx);
  const stopInstructions = startInstructionJobs(ctx);
  const stopTickets = startTicketJobs(ctx);
  console.log(`\n  警网 Jingwang is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s:  ${url}`);
  if (config.demo) console.log('  demo logins: dispatcher / jingwang (also admin, district, tianmushan, officer1)');
  console.log(`  API docs: http://${config.host}:${port}/docs\n`);
  if (setupToken) {
    console.log('  first run: no account exists yet. Open this address to create the administrator and name the county');
    console.log(`  (the setup token after #setup= is asked for once; it is kept until the setup is done):\n  ${url}setup#setup=${setupToken}\n`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    stopLive();
    stopRetention();
    stopPatrol();
    stopAnalysis();
    stopTasks();
    stopMdt();
    stopDisputes();
    stopInstructions();
    stopTickets();
    await app.close();
    ctx.hub.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Waits for the web UI build that scripts/start.mjs runs alongside (JW_WEB_BUILD: the file its exit code goes to). */
async function webBuilt(): Promise<void> {
  const flag = process.env.JW_WEB_BUILD;
  if (!flag) return;
  while (!fs.existsSync(flag)) await new Promise((r) => setTimeout(r, 100));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
