// The reform simulator's endpoint (改革推演, issue 20) on the seeded demo county: a run on a past week of the
// county's own calls completes in a worker thread, its figures are sane (shares in [0, 1], within 1 <= 3 <= 5 min,
// every call served, dropped or still waiting at the end), 片区 chosen are simulated, posts set by hand are used, runs are seen in scope only,
// and bad input is refused with a code and the field at fault, writing nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { SimRun, SimRunSummary } from '@jingwang/contracts';
import { T0, createTestEnv, login, type Agent, type TestEnv } from './helpers';
import { seedDemo, DEMO_PASSWORD } from '../src/modules/demo/seed';
import { simIdle } from '../src/modules/sim/service';

let env: TestEnv;
let admin: Agent;
let district: Agent;
let lead: Agent;
let otherLead: Agent;
let dispatcher: Agent;
const area: Record<string, number> = {};
const FROM = '2026-06-01';
const TO = '2026-06-07';

async function runCount(): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int n from sim_runs`.execute(env.ctx.db);
  return r.rows[0]!.n;
}

/** Waits until the run is no longer queued or running (the worker's work is awaited, not timed). */
async function finished(agent: Agent, id: number): Promise<SimRun> {
  await simIdle(env.ctx);
  const r = await agent.get(`/api/sim/runs/${id}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as SimRun;
}

before(async () => {
  env = await createTestEnv({ demo: true });
  await seedDemo(env.ctx, { seed: 7, endAt: T0, months: 1 });
  const rows = await sql<{ id: number; code: string }>`select id, code from areas where valid_to is null and kind in ('county','district','station')`.execute(env.ctx.db);
  for (const r of rows.rows) area[r.code] = r.id;
  admin = await login(env.app, 'admin', DEMO_PASSWORD);
  district = await login(env.app, 'district', DEMO_PASSWORD);
  lead = await login(env.app, 'tianmushan', DEMO_PASSWORD);
  otherLead = await login(env.app, 'louzhuang', DEMO_PASSWORD);
  dispatcher = await login(env.app, 'dispatcher', DEMO_PASSWORD);
});
after(async () => {
  await simIdle(env.ctx);
  await env.close();
});

describe('reform simulator runs', () => {
  let run: SimRun;

  test('a district lead replays a past week of the district under three policies, bundled and not; the run completes', async () => {
    const body = {
      areaId: area['321204D01'],
      from: FROM,
      to: TO,
      units: 6,
      seeds: 3,
      policies: [
        { policy: 'stations-straight', bundled: false },
        { policy: 'posts-road', bundled: true },
        { policy: 'patrol-road', bundled: true },
      ],
      name: '一周回放',
    };
    const r = await district.post('/api/sim/runs', body);
    assert.equal(r.statusCode, 202, r.body);
    const queued = r.json() as SimRun;
    assert.ok(['queued', 'running'].includes(queued.status), queued.status);
    assert.equal(queued.result, null);
    assert.equal(queued.name, '一周回放');
    // the scenario is the district's own calls of the week
    const sc = queued.scenario!;
    const inPeriod = await sql<{ n: number }>`select count(*)::int n from incidents i, areas a where a.id = ${area['321204D01']!} and st_covers(a.geom, i.geom)
      and i.status <> 'cancelled' and i.reported_at >= ${'2026-05-31T16:00:00Z'} and i.reported_at < ${'2026-06-07T16:00:00Z'}`.execute(env.ctx.db);
    assert.equal(sc.calls, inPeriod.rows[0]!.n);
    assert.ok(sc.calls > 20, `calls in the week: ${sc.calls}`);
    assert.equal(sc.replayed + sc.dropped, sc.calls);
    assert.equal(sc.stations.length, 3);
    assert.equal(sc.stations.reduce((a, s) => a + s.units, 0), 6);
    assert.equal(sc.stations.reduce((a, s) => a + s.calls, 0), sc.replayed);

    run = await finished(district, queued.id);
    assert.equal(run.status, 'done', run.error ?? '');
    assert.ok(run.startedAt && run.finishedAt && run.durationMs !== null);
    const res = run.result!;
    assert.deepEqual(res.seeds.length, 3);
    assert.deepEqual(res.policies.map((p) => `${p.policy}|${p.bundled}`), ['stations-straight|false', 'posts-road|true', 'patrol-road|true']);
  });

  test('the figures are sane: shares in [0, 1], within 1 <= 3 <= 5 min, intervals around the mean, calls add up', () => {
    const sc = run.scenario!;
    for (const p of run.result!.policies) {
      for (const k of ['within1', 'within3', 'within5'] as const) {
        const e = p[k];
        assert.ok(e.mean >= 0 && e.mean <= 1, `${p.label} ${k} ${e.mean}`);
        assert.ok(e.ciLow <= e.mean + 1e-9 && e.mean <= e.ciHigh + 1e-9, `${p.label} ${k} interval`);
      }
      assert.ok(p.within1.mean <= p.within3.mean + 1e-9 && p.within3.mean <= p.within5.mean + 1e-9, p.label);
      assert.ok(p.meanTravelS.mean >= 0 && p.p90TravelS.mean >= 0);
      assert.ok(p.utilisation.mean.mean >= 0 && p.utilisation.mean.mean <= 1);
      assert.ok(p.utilisation.min <= p.utilisation.max);
      assert.equal(p.units.length, 6);
      assert.ok(p.queued.mean >= 0 && p.queuedAtEnd.mean >= 0);
      // every replayed call is served, unreachable or still waiting at the end (means over the seeds)
      assert.equal(p.calls, sc.replayed, p.label);
      assert.equal(p.counts, undefined, 'no replication is run again to count');
      const served = p.served!;
      const dropped = p.dropped!;
      assert.ok(Math.abs(served.mean + dropped.mean + p.queuedAtEnd.mean - sc.replayed) < 1e-6, `${p.label}: ${served.mean} + ${dropped.mean} + ${p.queuedAtEnd.mean} != ${sc.replayed}`);
      assert.ok(dropped.mean <= p.droppedUnreachable + 1e-9);
      // count intervals never below 0
      for (const e of [served, dropped, p.queued, p.queuedAtEnd]) assert.ok(e.ciLow >= 0 && e.ciLow <= e.mean + 1e-9 && e.mean <= e.ciHigh + 1e-9, `${p.label} ${JSON.stringify(e)}`);
      // the slow-places map: calls over its cells are the replayed calls (per seed)
      const cellCalls = p.slowCells.reduce((a, c) => a + c.calls, 0);
      assert.ok(cellCalls <= sc.replayed + 1e-6, `${p.label}: ${cellCalls} calls on the map`);
      for (const c of p.slowCells) assert.ok(c.within5 >= 0 && c.within5 <= 1);
    }
    // units wait inside the county
    for (const u of run.result!.policies.flatMap((p) => p.units)) assert.ok(u.lon > 119 && u.lon < 121 && u.lat > 32 && u.lat < 33, `${u.lon},${u.lat}`);
  });

  test('片区 chosen on the page are simulated: a station bundled alone keeps its calls, the others share theirs', async () => {
    const sc = run.scenario!;
    const [a, b, c] = sc.stations.map((x) => x.id) as [number, number, number];
    const r = await district.post('/api/sim/runs', {
      areaId: area['321204D01'],
      from: FROM,
      to: TO,
      units: 6,
      seeds: 3,
      policies: [
        { policy: 'posts-road', bundled: false },
        { policy: 'posts-road', bundled: true },
      ],
      bundles: [[a, b], [c]],
    });
    assert.equal(r.statusCode, 202, r.body);
    const done = await finished(district, (r.json() as SimRun).id);
    assert.equal(done.status, 'done', done.error ?? '');
    assert.deepEqual(done.scenario!.bundles, [[a, b], [c]]);
    assert.ok(done.result!.assumptions.some((x) => x.includes('片区联勤按所选片区推演')), 'the run says which 片区 it simulated');
    const own = done.result!.policies.find((p) => !p.bundled)!;
    const two = done.result!.policies.find((p) => p.bundled)!;
    const one = run.result!.policies.find((p) => p.policy === 'posts-road' && p.bundled)!; // same week, seeds and units, one 片区
    const load = (p: typeof own, st: number) => p.units.filter((u) => u.stationId === st).map((u) => ({ unit: u.unit, lon: u.lon, lat: u.lat, calls: u.calls, utilisation: u.utilisation }));
    // station c is a 片区 of its own: no unit crosses its edge either way, so its units work exactly as in the
    // own-station run (same posts, same calls), which is not so when every station is one 片区
    assert.ok(load(own, c).length > 0);
    assert.deepEqual(load(two, c), load(own, c));
    assert.notDeepEqual(load(one, c), load(own, c));
    // a and b share their calls: answers cross their border, and fewer cross station borders than with one 片区
    assert.ok(two.crossBorder.mean > 0, `cross-border share with two 片区: ${two.crossBorder.mean}`);
    assert.ok(two.crossBorder.mean !== one.crossBorder.mean, `${two.crossBorder.mean} vs ${one.crossBorder.mean}`);
    assert.equal(own.crossBorder.mean, 0);
  });

  test('posts moved on the map are where posts-road units wait', async () => {
    const posts = run.result!.policies.find((p) => p.policy === 'posts-road')!.units.map((u) => [u.lon, u.lat] as [number, number]);
    const moved: [number, number][] = posts.map(([lon, lat], i) => (i === 0 ? [lon + 0.002, lat + 0.001] : [lon, lat]));
    const r = await admin.post('/api/sim/runs', { areaId: area['321204D01'], from: FROM, to: TO, units: 6, seeds: 1, policies: [{ policy: 'posts-road', bundled: true }], posts: moved });
    assert.equal(r.statusCode, 202, r.body);
    const done = await finished(admin, (r.json() as SimRun).id);
    assert.equal(done.status, 'done', done.error ?? '');
    const p = done.result!.policies[0]!;
    assert.equal(p.postsPlacement, 'given');
    // every unit waits at the road node nearest to one of the given posts (within the snapping distance)
    const near = (u: { lon: number; lat: number }, [lon, lat]: [number, number]) => Math.hypot((u.lon - lon) * 94000, (u.lat - lat) * 111000) < 300;
    for (const u of p.units) assert.ok(moved.some((m) => near(u, m)), `unit at ${u.lon},${u.lat}`);
    // as many posts as units: every post is staffed
    for (const m of moved) assert.ok(p.units.some((u) => near(u, m)), `post ${m} has a unit`);
  });

  test('runs are listed and reopened in scope: a station lead sees its own station only, 404 outside', async () => {
    const own = await lead.post('/api/sim/runs', { areaId: area['321204P01'], from: FROM, to: TO, units: 2, seeds: 1, policies: [{ policy: 'stations-straight', bundled: false }] });
    assert.equal(own.statusCode, 202, own.body);
    const ownRun = await finished(lead, (own.json() as SimRun).id);
    assert.equal(ownRun.status, 'done', ownRun.error ?? '');
    assert.equal(ownRun.scenario!.stations.length, 1);

    const mine = (await lead.get('/api/sim/runs')).json() as SimRunSummary[];
    assert.deepEqual(mine.map((x) => x.id), [ownRun.id]);
    assert.equal((mine[0] as unknown as Record<string, unknown>).result, undefined);
    assert.equal((await lead.get(`/api/sim/runs/${run.id}`)).statusCode, 404);
    assert.equal((await otherLead.get(`/api/sim/runs/${ownRun.id}`)).json().code, 'SIM_RUN_NOT_FOUND');
    assert.deepEqual(((await otherLead.get('/api/sim/runs')).json() as SimRunSummary[]).length, 0);
    const all = (await district.get('/api/sim/runs')).json() as SimRunSummary[];
    assert.equal(all.length, 4); // the week, its 片区 variant, the moved posts and the station's own
    assert.equal(all[0]!.id, ownRun.id, 'newest first');
    const byArea = (await admin.get(`/api/sim/runs?areaId=${area['321204P01']}`)).json() as SimRunSummary[];
    assert.deepEqual(byArea.map((x) => x.id), [ownRun.id]);
    // a station lead may not replay another station, nor a dispatcher at all
    const out = await lead.post('/api/sim/runs', { areaId: area['321204P02'], from: FROM, to: TO, units: 2, seeds: 1, policies: [{ policy: 'stations-straight', bundled: false }] });
    assert.equal(out.statusCode, 403);
    assert.equal(out.json().code, 'OUT_OF_SCOPE');
    assert.equal((await dispatcher.post('/api/sim/runs', { areaId: area['321204D01'], from: FROM, to: TO, units: 2, seeds: 1, policies: [{ policy: 'stations-straight', bundled: false }] })).statusCode, 403);
    assert.equal((await dispatcher.get('/api/sim/runs')).statusCode, 403);
  });

  test('bad input: 4xx with its code and the field at fault, nothing written', async () => {
    const ok = { areaId: area['321204D01'], from: FROM, to: TO, units: 4, seeds: 2, policies: [{ policy: 'posts-road', bundled: true }] };
    const before = await runCount();
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ ...ok, seeds: 21 }, 400, 'VALIDATION_FAILED', '/seeds'],
      [{ ...ok, seeds: 0 }, 400, 'VALIDATION_FAILED', '/seeds'],
      [{ ...ok, units: 0 }, 400, 'VALIDATION_FAILED', '/units'],
      [{ ...ok, policies: [] }, 400, 'VALIDATION_FAILED', '/policies'],
      [{ ...ok, policies: [{ policy: 'teleport', bundled: true }] }, 400, 'VALIDATION_FAILED', '/policies/0/policy'],
      [{ ...ok, policies: [{ policy: 'posts-road', bundled: true }, { policy: 'posts-road', bundled: true }] }, 400, 'VALIDATION_FAILED', '/policies/1'],
      [{ ...ok, from: '2026-02-30' }, 400, 'VALIDATION_FAILED', '/from'],
      [{ ...ok, from: '2026-06-08', to: '2026-06-01' }, 400, 'VALIDATION_FAILED', '/to'],
      [{ ...ok, from: '2026-01-01', to: '2026-06-07' }, 400, 'VALIDATION_FAILED', '/to'],
      [{ ...ok, from: '2026-06-10', to: '2026-06-20' }, 400, 'VALIDATION_FAILED', '/to'],
      [{ ...ok, from: '2025-01-01', to: '2025-01-07' }, 422, 'SIM_NO_CALLS', '/from'],
      [{ ...ok, areaId: 999999 }, 404, 'AREA_NOT_FOUND', '/areaId'],
      [{ ...ok, posts: [[0, 0]] }, 422, 'OFF_ROAD', '/posts/0'],
      [{ ...ok, bundles: [[area['321204P01'], 999999]] }, 400, 'VALIDATION_FAILED', '/bundles/0/1'],
      [{ ...ok, bundles: [[area['321204P01']], [area['321204P01']]] }, 400, 'VALIDATION_FAILED', '/bundles/1/0'],
      [{ ...ok, extra: 1 }, 400, 'VALIDATION_FAILED', ''],
    ];
    for (const [body, status, code, field] of cases) {
      const r = await admin.post('/api/sim/runs', body);
      assert.equal(r.statusCode, status, `${JSON.stringify(body)}: ${r.body}`);
      const e = r.json() as { code: string; details?: unknown };
      assert.equal(e.code, code, r.body);
      if (field) assert.ok(JSON.stringify(e.details ?? {}).includes(`"${field}`), `${field} named in ${r.body}`);
    }
    assert.equal((await admin.get('/api/sim/runs/999999')).statusCode, 404);
    assert.equal((await admin.get('/api/sim/runs/abc')).statusCode, 400);
    assert.equal(await runCount(), before);
  });
});
