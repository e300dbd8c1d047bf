// Big-screen bench: `npm run bench:bigscreen -- [--incidents 1000000] [--tasks 100000] [--runs 60] [--out FILE.json]`
//
// The district big screen's data (GET /api/screens/district, one call) on PostgreSQL + PostGIS with a history of
// `incidents` incidents over two years (so that the same days last year have data) and `tasks` task occurrences,
// in the drawn test county (two stations, one district). BENCH_DATABASE_URL names the server (a database is created
// on it and dropped afterwards); without it, the throwaway server of scripts/pg-server.sh is started on
// 127.0.0.1:54329 and stopped at the end if this run started it. The bulk rows are written by SQL (the incident
// trigger is bypassed for the bulk insert and the located columns are set directly, as the trigger would).
// Timing: `runs` requests one after another after 5 warm-ups, each the whole HTTP round trip through app.inject
// (session check, every query of the screen, serialisation); p50 / p95 / max. Bounded: the run stops after
// --max-seconds (default 900) whatever the stage.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/config';
import { createContext } from '../src/bootstrap';
import { buildApp } from '../src/app';
import { openDatabase } from '../src/db/client';
import { ManualClock } from '../src/lib/clock';
import { ensureDefaults } from '../src/modules/tasks/catalogue';
import { computeAll } from '../src/modules/tasks/indicators';
import { buildWorld, login, T0, type TestEnv } from '../test/helpers';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const ROOT = path.resolve(import.meta.dirname, '../../..');
const INCIDENTS = Number(arg('incidents', '1000000'));
const TASKS = Number(arg('tasks', '100000'));
const RUNS = Number(arg('runs', '60'));
const MAX_S = Number(arg('max-seconds', '900'));
const out = path.resolve(ROOT, arg('out', 'apps/server/bench/results/bigscreen.json'));
const pct = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
/** An integer written into the SQL text (ids and counts; never user input). */
const L = (x: number) => sql.raw(String(Math.trunc(x)));

async function main() {
  const t0 = performance.now();
  const deadline = setTimeout(() => {
    console.error(`bench stopped: over ${MAX_S} s`);
    process.exit(3);
  }, MAX_S * 1000);
  deadline.unref();
  let serverUrl = process.env.BENCH_DATABASE_URL || null;
  let started = false;
  if (!serverUrl) {
    const r = spawnSync('bash', [path.join(ROOT, 'scripts/pg-server.sh'), 'start'], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(`SKIPPED: no BENCH_DATABASE_URL and no local PostgreSQL + PostGIS (${r.stderr.trim()})`);
      return;
    }
    serverUrl = r.stdout.trim().split('\n').at(-1)!;
    started = r.stderr.includes('started');
  }
  const name = `jw_bench_bigscreen_${process.pid}_${crypto.randomBytes(2).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: null });
  const clock = new ManualClock(Date.parse(T0));
  const config = { ...loadConfig({ DEMO: 'false', DEMO_LIVE: 'false', DATA_DIR: '/tmp/jingwang-bench-unused' }), logLevel: 'warn' };
  const { ctx } = await createContext(config, { clock, database, inMemory: true });
  const app = await buildApp(ctx);
  await app.ready();
  const env = { ctx, app, clock, backend: 'postgres', databaseUrl: url.toString(), close: async () => {} } as unknown as TestEnv;
  try {
    const world = await buildWorld(env);
    await ensureDefaults(ctx, { templates: true });
    const pgVersion = (await sql<{ v: string }>`select version() v`.execute(ctx.db)).rows[0]!.v;

    // ---- 1,000,000 incidents over two years before T0, half in each station, 300 of them still open
    const tSetup = performance.now();
    const a = world.area;
    // bulk load: the trigger bypassed (located columns set below), the GIN and GiST indexes rebuilt afterwards
    await sql`alter table incidents disable trigger user`.execute(ctx.db);
    await sql`drop index incidents_area_ids`.execute(ctx.db);
    await sql`drop index incidents_geom`.execute(ctx.db);
    const cats = ['dispute', 'theft', 'traffic', 'noise', 'help', 'fraud', 'fight'];
    for (let i = 0; i < INCIDENTS; i += 100_000) {
      const n = Math.min(100_000, INCIDENTS - i);
      await sql`
        insert into incidents (number, source, category, priority, status, geom, address, description, county_id, district_id, station_id,
                               community_id, grid_id, area_ids, reported_at, dispatched_at, on_scene_at, resolved_at, closed_at, target_s, updated_at)
        select 'B' || lpad(g::text, 8, '0'), 'call_110', (${sql.val(cats)}::text[])[1 + g % 7], 1 + g % 3,
               case when g > ${L(INCIDENTS - 300)} then 'dispatched' else 'closed' end,
               st_setsrid(st_point(x, y), 4326), '测试路', '', ${L(a.C!)}, ${L(a.D!)}, st, cm, gr, array[${L(a.C!)}, ${L(a.D!)}, st, cm, gr],
               t, t + interval '60 seconds', case when g > ${L(INCIDENTS - 300)} then null else t + make_interval(secs => 60 + (g::bigint * 7919) % 400) end,
               case when g > ${L(INCIDENTS - 300)} then null else t + interval '40 minutes' end,
               case when g > ${L(INCIDENTS - 300)} then null else t + interval '60 minutes' end, 300, t
          from (select g, ${T0}::timestamptz - make_interval(secs => (${L(INCIDENTS)} - g) * (730.0 * 86400 / ${L(INCIDENTS)})) t,
                       120.0005 + ((g::bigint * 48271) % 39990) / 1000000.0 x, 32.0005 + ((g::bigint * 16807) % 19990) / 1000000.0 y
                  from generate_series(${L(i + 1)}, ${L(i + n)}) g) s
          cross join lateral (select case when x < 120.02 then ${L(a.S1!)} else ${L(a.S2!)} end st,
                                     case when x < 120.01 then ${L(a.C11!)} when x < 120.02 then ${L(a.C12!)} when x < 120.03 then ${L(a.C21!)} else ${L(a.C22!)} end cm,
                                     case when x < 120.01 then (case when y < 32.01 then ${L(a.G111!)} else ${L(a.G112!)} end)
                                          when x < 120.02 then (case when y < 32.01 then ${L(a.G121!)} else ${L(a.G122!)} end)
                                          when x < 120.03 then (case when y < 32.01 then ${L(a.G211!)} else ${L(a.G212!)} end)
                                          else (case when y < 32.01 then ${L(a.G221!)} else ${L(a.G222!)} end) end gr) l`.execute(ctx.db);
      process.stdout.write(`incidents ${i + n}\r`);
    }
    await sql`alter table incidents enable trigger user`.execute(ctx.db);
    await sql`create index incidents_area_ids on incidents using gin (area_ids)`.execute(ctx.db);
    await sql`create index incidents_geom on incidents using gist (geom)`.execute(ctx.db);
    console.log(`\n${INCIDENTS} incidents in ${r1((performance.now() - tSetup) / 1000)} s`);

    // ---- 100,000 task occurrences: 100 officers x 1000 days of one daily item, the last days partly open
    const t1 = performance.now();
    const people = Math.max(1, Math.min(100, TASKS));
    const days = Math.ceil(TASKS / people);
    const agencies = await ctx.db.selectFrom('agencies').select(['id', 'area_id']).where('kind', '=', 'station').orderBy('id').execute();
    const tpl = await ctx.db.selectFrom('task_templates').select('id').where('code', '=', 'SQ12').executeTakeFirstOrThrow();
    await sql`
      insert into people (code, name, role, post, agency_id)
      select 'BP' || g, '民警' || g, 'police', 'A', (${sql.val(agencies.map((x) => x.id))}::int[])[1 + g % 2] from generate_series(1, ${L(people)}) g`.execute(ctx.db);
    await sql`
      insert into task_assignments (template_id, target_kind, person_id, level, issuer_area_id, area_ids, issued_by_name, issued_at)
      select ${tpl.id}, 'person', p.id, 'station', ag.area_id, array[${L(a.C!)}, ${L(a.D!)}, ag.area_id], 'bench', ${T0}::timestamptz - interval '1000 days'
        from people p join agencies ag on ag.id = p.agency_id where p.code like 'BP%'`.execute(ctx.db);
    await sql`
      insert into task_instances (assignment_id, template_id, person_id, occurrence_key, period_start, due_at, original_due_at, target, progress,
                                  status, done_at, late, supervision, station_id, area_ids)
      select ta.id, ta.template_id, ta.person_id, 'k' || d, ${T0}::timestamptz - make_interval(days => d), ${T0}::timestamptz - make_interval(days => d - 1),
             ${T0}::timestamptz - make_interval(days => d - 1), 1,
             case when d <= 0 or (ta.id + d) % 9 = 0 then 0 else 1 end,
             case when d <= 0 then 'open' when (ta.id + d) % 9 = 0 then 'overdue' else 'done' end,
             case when d <= 0 or (ta.id + d) % 9 = 0 then null else ${T0}::timestamptz - make_interval(days => d - 1, hours => 3 - (ta.id + d) % 5) end,
             d > 0 and (ta.id + d) % 9 <> 0 and 3 - (ta.id + d) % 5 < 0,
             case when d <= 0 then 'none' when (ta.id + d) % 9 = 0 then (case when d > 3 then 'red' when d > 1 then 'yellow' else 'reminder' end) else 'none' end,
             ta.issuer_area_id, ta.area_ids
        from task_assignments ta cross join generate_series(-1, ${L(days - 2)}) d
       where ta.issued_by_name = 'bench'`.execute(ctx.db);
    const nTasks = (await sql<{ n: number }>`select count(*)::int n from task_instances`.execute(ctx.db)).rows[0]!.n;
    console.log(`${nTasks} task occurrences in ${r1((performance.now() - t1) / 1000)} s`);
    await sql`analyze`.execute(ctx.db);
    // the job's hourly work, once: this month's indicators at every level (stored, read by the screen)
    const t2 = performance.now();
    const comp = await computeAll(ctx);
    const computeMs = performance.now() - t2;
    console.log(`indicators and assessments for ${comp.period}: ${comp.subjects} subjects in ${r1(computeMs / 1000)} s`);
    const setupS = (performance.now() - tSetup) / 1000;

    // ---- the endpoint
    const district = await login(app, 'district');
    const call = async () => {
      const s = performance.now();
      const r = await district.get(`/api/screens/district?districtId=${a.D}`);
      if (r.statusCode !== 200) throw new Error(`big screen ${r.statusCode}: ${r.body.slice(0, 300)}`);
      return { ms: performance.now() - s, bytes: r.body.length, body: r.json() as { incidents: { open: number; today: number }; trend: unknown[] } };
    };
    for (let i = 0; i < 5; i++) await call();
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | null = null;
    for (let i = 0; i < RUNS; i++) {
      last = await call();
      times.push(last.ms);
    }
    const result = {
      bench: 'district big screen (GET /api/screens/district), one request at a time',
      date: new Date().toISOString(),
      backend: pgVersion.split(',')[0],
      incidents: INCIDENTS,
      taskOccurrences: nTasks,
      runs: RUNS,
      p50Ms: r1(pct(times, 50)),
      p95Ms: r1(pct(times, 95)),
      maxMs: r1(Math.max(...times)),
      targetP95Ms: 500,
      pass: pct(times, 95) < 500,
      responseBytes: last?.bytes ?? 0,
      openIncidents: last?.body.incidents.open ?? 0,
      incidentsToday: last?.body.incidents.today ?? 0,
      indicatorsComputeS: r1(computeMs / 1000),
      setupS: r1(setupS),
      totalS: r1((performance.now() - t0) / 1000),
      node: process.version,
    };
    console.log(result);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    console.log(`written to ${path.relative(ROOT, out)}`);
  } finally {
    await app.close();
    ctx.hub.close();
    await database.close();
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
    if (started) spawnSync('bash', [path.join(ROOT, 'scripts/pg-server.sh'), 'stop'], { stdio: 'inherit' });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
