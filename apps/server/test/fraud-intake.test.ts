// Issue 19 defect 6: a batch of warnings is all or nothing. `[valid, bad]` where "bad" passes the schema but would
// fail further down (a NUL character PostgreSQL text cannot hold, a time in the future, half a coordinate, a value the
// database refuses) is a 400 naming `/warnings/<i>/<field>` (`/rows/<n>/<field>` in a CSV), never a 500, and the
// valid one is not written either. Within an accepted batch each warning still gets its own answer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { FraudIntakeResult } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, type Agent, type TestEnv } from './helpers';

let env: TestEnv;
let disp: Agent;

const W = (over: Record<string, unknown> = {}) => ({
  externalId: 'FZ-001',
  fraudType: '冒充客服',
  personName: '张秀英',
  phone: '13812345678',
  address: '测试路1号3幢',
  lon: 120.005,
  lat: 32.005,
  amountAtRisk: 50000,
  warnedAt: '2026-06-15T01:50:00.000Z',
  ...over,
});
const HEADER = 'externalId,fraudType,personName,phone,address,lon,lat,amountAtRisk,warnedAt\n';
const row = (id: string, over: { address?: string; warnedAt?: string } = {}) =>
  `${id},刷单返利,李四,13900001111,${over.address ?? '测试路9号'},120.006,32.006,8000,${over.warnedAt ?? '2026-06-15T01:40:00.000Z'}\n`;

const written = async () => (await sql<{ n: number }>`select count(*)::int n from fraud_warnings`.execute(env.ctx.db)).rows[0]!.n;
const intakesAudited = async () => (await sql<{ n: number }>`select count(*)::int n from audit_log where action = 'fraud.intake'`.execute(env.ctx.db)).rows[0]!.n;
const postCsv = (agent: Agent, csv: string) =>
  env.app.inject({ method: 'POST', url: '/api/fraud/warnings/import?source=fzzx', headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': 'text/csv' }, payload: csv });

/** A refused batch: a 400 (never a 500) naming the fields, and nothing written (no warning, no audit entry). */
async function refusedWhole(send: () => Promise<{ statusCode: number; body: string; json(): unknown }>, fields: string[] | null): Promise<void> {
  const [warnings, audits] = [await written(), await intakesAudited()];
  const res = await send();
  assert.equal(res.statusCode, 400, res.body);
  const body = res.json() as { code: string; details?: { field: string }[] };
  assert.equal(body.code, 'VALIDATION_FAILED');
  if (fields) assert.deepEqual(body.details!.map((d) => d.field), fields);
  assert.equal(await written(), warnings);
  assert.equal(await intakesAudited(), audits);
}

before(async () => {
  env = await createTestEnv();
  const world = await buildWorld(env);
  await sql`update users set person_id = ${world.person.P1!} where username = 'officer1'`.execute(env.ctx.db);
  disp = await login(env.app, 'dispatcher');
});
after(async () => env?.close());

describe('fraud intake is all or nothing (JSON)', () => {
  test('[valid, NUL in a text field]: 400 naming /warnings/1/<field>, the valid one not written', async () => {
    for (const field of ['address', 'personName', 'fraudType', 'externalId']) {
      await refusedWhole(() => disp.post('/api/fraud/warnings', { source: 'fzzx', warnings: [W(), W({ externalId: 'FZ-002', [field]: 'a\u0000b' })] }), [`/warnings/1/${field}`]);
    }
  });

  test('every field at fault is named, in one answer: half a coordinate, a time in the future, a day that does not exist', async () => {
    const send = () => disp.post('/api/fraud/warnings', {
      source: 'fzzx',
      warnings: [W({ lat: undefined }), W({ externalId: 'FZ-002' }), W({ externalId: 'FZ-003', warnedAt: '2027-01-01T00:00:00.000Z' }), W({ externalId: 'FZ-004', warnedAt: '2026-04-31T08:00:00+08:00' })],
    });
    await refusedWhole(send, ['/warnings/0/lat', '/warnings/2/warnedAt', '/warnings/3/warnedAt']);
  });

  test('a time JavaScript or PostgreSQL cannot hold (leap second, 30 February) is refused, nothing written', async () => {
    await refusedWhole(() => disp.post('/api/fraud/warnings', { source: 'fzzx', warnings: [W(), W({ externalId: 'FZ-002', warnedAt: '2026-06-14T23:59:60Z' })] }), ['/warnings/1/warnedAt']);
    await refusedWhole(() => disp.post('/api/fraud/warnings', { source: 'fzzx', warnings: [W(), W({ externalId: 'FZ-002', warnedAt: '2026-02-30T00:00:00Z' })] }), ['/warnings/1/warnedAt']);
  });

  test('a value the database refuses half-way through the batch: a 4xx and the rows before it rolled back', async () => {
    await sql`alter table fraud_warnings add constraint test_no_boom check (address <> 'BOOM')`.execute(env.ctx.db);
    try {
      await refusedWhole(() => disp.post('/api/fraud/warnings', { source: 'fzzx', warnings: [W(), W({ externalId: 'FZ-002', lon: undefined, lat: undefined }), W({ externalId: 'FZ-003', address: 'BOOM' })] }), null);
    } finally {
      await sql`alter table fraud_warnings drop constraint test_no_boom`.execute(env.ctx.db);
    }
  });

  test('a batch that passes: each warning its own answer (a duplicate inside the batch too), all written at once', async () => {
    const r = await disp.post('/api/fraud/warnings', { source: 'fzzx', warnings: [W(), W({ externalId: 'FZ-002', lon: undefined, lat: undefined }), W()] });
    assert.equal(r.statusCode, 200, r.body);
    const res = r.json() as FraudIntakeResult;
    assert.deepEqual(res.results.map((x) => [x.externalId, x.status, x.reason]), [
      ['FZ-001', 'accepted', null],
      ['FZ-002', 'rejected', 'no_location'],
      ['FZ-001', 'rejected', 'duplicate'],
    ]);
    assert.equal(await written(), 2);
    assert.equal(await intakesAudited(), 1);
  });
});

describe('fraud intake is all or nothing (CSV)', () => {
  test('[valid row, NUL in a text]: 400, the valid row not written', async () => {
    // named /rows/2/address by the intake, or refused whole by the HTTP edge's check of text bodies: either way a 400
    await refusedWhole(() => postCsv(disp, HEADER + row('FZ-101') + row('FZ-102', { address: 'x\u0000y' })), null);
  });

  test('[valid row, a time refused]: 400 naming /rows/2/warnedAt; a time in the future too', async () => {
    await refusedWhole(() => postCsv(disp, HEADER + row('FZ-101') + row('FZ-102', { warnedAt: '2026-02-30T00:00:00Z' })), ['/rows/2/warnedAt']);
    await refusedWhole(() => postCsv(disp, HEADER + row('FZ-101') + row('FZ-102', { warnedAt: '2027-01-01T00:00:00Z' })), ['/rows/2/warnedAt']);
  });

  test('a value the database refuses in the last row: a 4xx and nothing written', async () => {
    await sql`alter table fraud_warnings add constraint test_no_boom check (address <> 'BOOM')`.execute(env.ctx.db);
    try {
      await refusedWhole(() => postCsv(disp, HEADER + row('FZ-101') + row('FZ-102') + row('FZ-103', { address: 'BOOM' })), null);
    } finally {
      await sql`alter table fraud_warnings drop constraint test_no_boom`.execute(env.ctx.db);
    }
  });

  test('a role that may not take warnings is refused before the file is read', async () => {
    const officer = await login(env.app, 'officer1');
    const r = await postCsv(officer, 'not,a,csv\n"');
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().code, 'FORBIDDEN');
  });

  test('a file that passes: every row written, with an in-file duplicate answered as such', async () => {
    const r = await postCsv(disp, HEADER + row('FZ-101') + row('FZ-102') + row('FZ-101'));
    assert.equal(r.statusCode, 200, r.body);
    const res = r.json() as FraudIntakeResult;
    assert.deepEqual(res.results.map((x) => x.status), ['accepted', 'accepted', 'rejected']);
    assert.equal(res.results[2]!.reason, 'duplicate');
    assert.equal(await written(), 4);
  });
});
