// Patrol figures bench (issue 18): `node --import tsx apps/server/bench/patrol-figures.ts [--runs 5] [--out FILE.json]`
//
// The monthly report (月分析, whose 巡防工作 block counts stops planned, visited and missed) and the patrol measures
// of the indicators (every officer, station and district) on a demo-sized month: the demo county seeded (seed 7, a
// month of history) with today's published plans at 天目山, those plans cloned by SQL onto every day of June, every
// shift and each of the three stations (about 500 published plans), and on their routes one check-in per stop
// (every 4th stop none, every 5th an hour early, every 7th unverified; geofence, as the phones send them). On PGlite
// by default; TEST_DATABASE_URL runs it on PostgreSQL (a database copied from the migrated template, dropped after).
// Timing: `runs` calls one after another after one warm-up, median and max.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestEnv, T0 } from '../test/helpers';
import { seedDemo } from '../src/modules/demo/seed';
import { buildMonthly } from '../src/modules/reports/monthly';
import { measuresFor, periodOf } from '../src/modules/tasks/indicators';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const ROOT = path.resolve(import.meta.dirname, '../../..');
const RUNS = Number(arg('runs', '5'));
const OUT = arg('out', '');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r1 = (x: number) => Math.round(x * 10) / 10;

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  let last = await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  return { ms, last };
}

async function main() {
  const env = await createTestEnv();
  const db = env.ctx.db;
  try {
    const t0 = performance.now();
    await seedDemo(env.ctx, { seed: 7, endAt: T0, months: 1 });
    const seeded = performance.now() - t0;
    const base = await sql<{ id: number }>`select id from patrol_plans where status = 'published' order by id`.execute(db);
    const shifts = await sql<{ id: number }>`select id from patrol_shifts order by id`.execute(db);
    const stations = await sql<{ id: number }>`select id from areas where kind = 'station' and valid_to is null order by id`.execute(db);
    const district = (await sql<{ id: number }>`select id from areas where kind = 'district' and valid_to is null order by id limit 1`.execute(db)).rows[0]!.id;
    for (let day = -14; day <= 15; day++) {
      for (const s of shifts.rows) {
        for (const st of stations.rows) {
          for (const b of base.rows) {
            const ins = await sql<{ id: number }>`
              insert into patrol_plans (plan_date, shift_id, tier, area_id, status, shift_start, shift_end, seed, risk_total, risk_source, candidates, unmet, generated_by_name, published_at, published_by_name)
              select plan_date + ${day}::int, ${s.id}, tier, ${st.id}, 'published', shift_start + make_interval(days => ${day}), shift_end + make_interval(days => ${day}),
                     seed, risk_total, risk_source, candidates, unmet, 'bench', published_at, 'bench'
                from patrol_plans where id = ${b.id}
              on conflict do nothing returning id`.execute(db);
            const id = ins.rows[0]?.id;
            if (id === undefined) continue;
            await sql`insert into patrol_routes (plan_id, unit_id, stops, path, travel_s, duration_s, distance_m, risk, travel_source, start_lon, start_lat)
              select ${id}, unit_id, stops, path, travel_s, duration_s, distance_m, risk, travel_source, start_lon, start_lat from patrol_routes where plan_id = ${b.id}`.execute(db);
          }
        }
      }
    }
    await sql`insert into patrol_checkins (plan_id, route_id, unit_id, kind, ref, method, at, by_name, proof)
      select r.plan_id, r.id, r.unit_id, e.s->>'kind', e.s->>'ref', 'geofence',
             p.shift_start + make_interval(secs => (e.s->>'start')::float8) - case when e.n % 5 = 0 then interval '1 hour' else interval '0' end,
             'bench', case when e.n % 7 = 0 then 'unverified' else 'verified' end
        from patrol_routes r join patrol_plans p on p.id = r.plan_id,
             lateral (select s, n from jsonb_array_elements(r.stops) with ordinality x(s, n)) e
       where p.generated_by_name = 'bench' and e.n % 4 <> 0`.execute(db);
    const counts = (await sql<{ plans: number; routes: number; checkins: number }>`select (select count(*)::int from patrol_plans where status = 'published') plans,
      (select count(*)::int from patrol_routes) routes, (select count(*)::int from patrol_checkins) checkins`.execute(db)).rows[0]!;
    env.clock.set(Date.parse('2026-07-01T02:00:00Z'));
    const monthly = await time(() => buildMonthly(env.ctx, district, '2026-06-01'));
    const patrolRows = monthly.last.sections.find((s) => s.id === 'patrol')!.table!.rows;
    const p = periodOf(env.ctx, '2026-06');
    const people = (await sql<{ id: number }>`select id from people order by id`.execute(db)).rows.map((r) => r.id);
    const officers = await time(() => measuresFor(env.ctx, 'officer', people, p));
    const areas = await time(() => measuresFor(env.ctx, 'station', stations.rows.map((r) => r.id), p));
    const res = {
      backend: env.backend,
      runs: RUNS,
      seedMs: Math.round(seeded),
      data: counts,
      monthlyMs: { median: r1(median(monthly.ms)), max: r1(Math.max(...monthly.ms)) },
      officerMeasuresMs: { median: r1(median(officers.ms)), max: r1(Math.max(...officers.ms)), subjects: people.length },
      stationMeasuresMs: { median: r1(median(areas.ms)), max: r1(Math.max(...areas.ms)), subjects: stations.rows.length },
      monthlyPatrol: patrolRows,
      stationPatrol: [...areas.last.entries()].map(([id, m]) => ({ id, planned: m.patrol_points_planned, visited: m.patrol_points_visited })),
    };
    console.log(JSON.stringify(res, null, 2));
    if (OUT) fs.writeFileSync(path.resolve(ROOT, OUT), JSON.stringify(res, null, 2) + '\n');
  } finally {
    await env.close();
  }
}

await main();
