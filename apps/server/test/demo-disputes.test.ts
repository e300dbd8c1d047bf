// The demo's disputes (issue 16): registered through the disputes service on grid1's grid at their own times, so the
// grid worker and the officer find them at real stages (an adjourned one, one resolved with follow-ups due, a
// high-grade one at the station, a group's one without agreement).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dispute, DisputeSummary } from '@jingwang/contracts';
import { seedDisputesDemo } from '../src/modules/demo/disputes';
import { addPartners, buildWorld, createTestEnv, login, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await addPartners(env, world);
});
after(async () => env?.close());

test('four demo disputes on grid1\'s grid, seen by the grid worker and officer1 at their stages', async () => {
  assert.deepEqual(await seedDisputesDemo(env.ctx), { disputes: 4 });
  const grid = await login(env.app, 'grid1');
  const officer = await login(env.app, 'officer1');
  const mine = (await grid.get('/api/disputes')).json() as DisputeSummary[];
  assert.equal(mine.length, 4);
  const list = (await officer.get('/api/disputes')).json() as DisputeSummary[];
  assert.equal(list.length, 4);
  const byTitle = (t: string) => list.find((d) => d.title === t)!;
  const resolved = (await officer.get(`/api/disputes/${byTitle('物业费与停车位纠纷').id}`)).json() as Dispute;
  assert.equal(resolved.status, 'resolved');
  assert.ok(resolved.followups.length > 0, 'follow-up visits scheduled');
  assert.ok(resolved.followups.every((f) => Date.parse(f.dueAt) > Date.parse(resolved.resolvedAt!)));
  const family = byTitle('家庭矛盾扬言动手');
  assert.equal(family.level, 'station', 'violence threatened: high grade, owned by the station');
  const noise = (await officer.get(`/api/disputes/${byTitle('楼上夜间噪音扰民').id}`)).json() as Dispute;
  assert.equal(noise.sessions.length, 1);
  assert.equal(noise.sessions[0]!.outcome, 'adjourned');
  assert.equal(noise.sessions[0]!.mediatorName, 'officer1');
  assert.equal(noise.reportedByName, 'grid1');
});
