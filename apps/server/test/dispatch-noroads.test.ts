// Dispatch in a county that has not imported its roads yet (issue 12 part 5: a bureau starts from nothing and roads
// are a later step of the first-run checklist). Without a road network every unit used to be excluded as 无定位 and
// nothing was proposed; now the recommendation ranks the units with fresh positions by a straight-line estimate
// (distance x 1.3 at the profile's street speed), marks each such ETA as an estimate (straight_line), proposes the
// first, draws no route, and the dispatch records that estimate as the ETA promised. A unit without a position is
// still excluded for it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Incident, Recommendation } from '@jingwang/contracts';
import { STRAIGHT_LINE_DETOUR, haversineMeters } from '@jingwang/core';
import { buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let disp: Agent;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env); // no roads
  disp = await login(env.app, 'dispatcher');
});
after(async () => env?.close());

async function place(code: string, lon: number, lat: number) {
  const r = await disp.post('/api/units/positions', { positions: [{ unitId: world.unit[code]!, lon, lat, at: env.clock.now().toISOString() }] });
  assert.equal(r.statusCode, 200, r.body);
}

describe(`dispatch without a road network (${process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  test('the nearest unit by a marked straight-line estimate is proposed; a unit without a position stays excluded', async () => {
    assert.equal((await env.ctx.db.selectFrom('roads').select('id').limit(1).execute()).length, 0, 'no roads imported');
    env.clock.advance(1000);
    await place('W01', 120.005, 32.005);
    await place('W02', 120.013, 32.012);
    // E01 never reported a position
    await sql`update units set lon = null, lat = null, position_at = null where id = ${world.unit.E01!}`.execute(env.ctx.db);
    const scene: [number, number] = [120.012, 32.013];
    const created = await disp.post('/api/incidents', newIncident({ category: 'dispute', priority: 2, lon: scene[0], lat: scene[1] }));
    assert.equal(created.statusCode, 201, created.body);
    const inc = created.json() as Incident;

    const r = await disp.get(`/api/incidents/${inc.id}/recommendation`);
    assert.equal(r.statusCode, 200, r.body);
    const rec = r.json() as Recommendation;
    const by = new Map(rec.ranked.map((x) => [x.unitId, x]));
    const w01 = by.get(world.unit.W01!)!;
    const w02 = by.get(world.unit.W02!)!;
    const e01 = by.get(world.unit.E01!)!;
    // 30 km/h on streets for a patrol car, the distance lengthened by the detour factor
    const expected = (p: [number, number]) => Math.round((haversineMeters(p[0], p[1], scene[0], scene[1]) * STRAIGHT_LINE_DETOUR) / (30 / 3.6));
    assert.equal(w02.etaSeconds, expected([120.013, 32.012]));
    assert.equal(w01.etaSeconds, expected([120.005, 32.005]));
    assert.deepEqual(rec.ranked.slice(0, 2).map((x) => x.unitId), [world.unit.W02, world.unit.W01], 'nearest first');
    assert.deepEqual(rec.proposal, [world.unit.W02], 'the nearest is proposed');
    for (const x of [w01, w02]) {
      assert.equal(x.excluded, false);
      assert.ok(x.reasons.includes('straight_line'), `${x.callsign}: ${x.reasons.join(',')}`);
      assert.ok(!x.reasons.includes('no_position'));
    }
    assert.equal(rec.bestEtaSeconds, w02.etaSeconds);
    assert.deepEqual(rec.routes, [], 'no road route to draw');
    assert.equal(e01.excluded, true);
    assert.ok(e01.reasons.includes('no_position'), e01.reasons.join(','));
    assert.ok(!e01.reasons.includes('straight_line'));
    assert.equal(e01.etaSeconds, null);

    // the proposal is sent: the estimate is the ETA promised
    const d = await disp.post(`/api/incidents/${inc.id}/dispatch`, { unitId: world.unit.W02!, version: inc.version, token: rec.token });
    assert.equal(d.statusCode, 200, d.body);
    const detail = (await disp.get(`/api/incidents/${inc.id}`)).json() as Incident;
    assert.equal(detail.status, 'dispatched');
    assert.ok(detail.response.etaSeconds !== null && Math.abs(detail.response.etaSeconds - w02.etaSeconds!) <= 1, `promised ${detail.response.etaSeconds}`);
  });
});
