// The hourly housekeeping (jobs/retention.ts) forgets the offline outbox's idempotency keys older than the replay
// window (IDEMPOTENCY_REPLAY_HOURS, 7 days) and keeps the recent ones, which still replay their first answer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Incident } from '@jingwang/contracts';
import { T0, buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv } from './helpers';
import { IDEMPOTENCY_REPLAY_HOURS, housekeep } from '../src/jobs/retention';

let env: TestEnv;
let dispatcher: Agent;

before(async () => {
  env = await createTestEnv();
  await buildWorld(env);
  dispatcher = await login(env.app, 'dispatcher');
});
after(async () => env.close());

const keys = async () => (await sql<{ key: string }>`select key from idempotency_keys order by key`.execute(env.ctx.db)).rows.map((r) => r.key);

describe('hourly housekeeping', () => {
  test('idempotency keys older than the replay window go, recent ones stay and still replay', async () => {
    assert.equal(IDEMPOTENCY_REPLAY_HOURS, 7 * 24);
    env.clock.set(T0);
    const create = (key: string) => dispatcher.post('/api/incidents', newIncident({ address: key }), { 'idempotency-key': key });
    assert.equal((await create('old-key-00001')).statusCode, 201);
    env.clock.advance(6 * 24 * 3600_000); // six days later (a new session: the first one has expired)
    dispatcher = await login(env.app, 'dispatcher');
    const recent = await create('recent-key-01');
    assert.equal(recent.statusCode, 201);
    env.clock.advance(2 * 24 * 3600_000); // the first is now 8 days old, the second 2 days
    dispatcher = await login(env.app, 'dispatcher');
    assert.deepEqual(await keys(), ['old-key-00001', 'recent-key-01']);

    await housekeep(env.ctx); // one round of the hourly job
    assert.deepEqual(await keys(), ['recent-key-01']);

    // the recent key still replays its first answer (no second incident)
    const n = async () => (await sql<{ n: number }>`select count(*)::int n from incidents`.execute(env.ctx.db)).rows[0]!.n;
    const count = await n();
    const again = await create('recent-key-01');
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal((again.json() as Incident).id, (recent.json() as Incident).id);
    assert.equal(await n(), count);
    env.clock.set(T0);
  });
});
