// Starts Jingwang: configuration, database (embedded or server), demo seed on first start, HTTP + WebSocket.
import { loadConfig, ConfigError } from './config';
import { buildApp } from './app';
import { createContext } from './bootstrap';
import { isSeeded, seedDemo } from './modules/demo/seed';
import { startDemoLive } from './modules/demo/live';
import { startRetention } from './jobs/retention';
import { startPatrolJobs } from './jobs/patrol';
import { startAnalysisJobs } from './jobs/analysis';
import { startTasksJobs } from './jobs/tasks';
import { startMdtJobs } from './jobs/mdt';
import { ensureDemoPlans } from './modules/demo/patrol';
import { DEMO_STATIONS } from '@jingwang/core';

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
  if (config.demo && !(await isSeeded(ctx.db))) {
    console.log('seeding the demo county (first start only)...');
    const s = await seedDemo(ctx, { seed: config.demoSeed, endAt: ctx.clock.now().toISOString() });
    console.log(`seeded: ${s.areas} areas, ${s.roads} roads, ${s.people} people, ${s.units} units, ${s.incidents} incidents in ${(s.ms / 1000).toFixed(1)} s`);
  }
  const app = await buildApp(ctx, { logger: true }); // pino: requests at info, 5xx with request id and stack
  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const stopLive = config.demo && config.demoLive ? await startDemoLive(ctx, { seed: config.demoSeed, rate: config.demoRate }) : () => {};
  const stopRetention = startRetention(ctx);
  const stopAnalysis = startAnalysisJobs(ctx);
  const stopPatrol = startPatrolJobs(ctx, config.demo ? { extra: () => ensureDemoPlans(ctx, DEMO_STATIONS[0]!.code) } : {});
  const stopTasks = startTasksJobs(ctx);
  const stopMdt = startMdtJobs(ctx);
  console.log(`\n  警网 Jingwang is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s:  http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/`);
  if (config.demo) console.log('  demo logins: dispatcher / jingwang (also admin, district, tianmushan, officer1)');
  console.log(`  API docs: http://${config.host}:${port}/docs\n`);
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
    await app.close();
    ctx.hub.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
