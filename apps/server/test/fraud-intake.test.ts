// Issue 19 defect 6: a JSON batch of warnings is all or nothing. `[valid, bad]` where "bad" passes the schema but would
// fail further down (a NUL character PostgreSQL text cannot hold, a time in the future, half a coordinate, a value the
// database refuses) is a 400 naming `/warnings/<i>/<field>`, never a 500, and the valid one is not written either.
// Within an accepted batch each warning still gets its own answer.
// Issue 18: the CSV import is per row: the good rows are taken, each written whole or not at all, and each bad one
// is reported (row, column, value, why in Chinese); Chinese headers, local "2026-12-07 07:30:00" times, GBK files.
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
const postCsv = (agent: Agent, csv: string | Buffer) =>
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

  test('every field at fault is named, in one answer: half a coordinate, a time in the future', async () => {
    const send = () => disp.post('/api/fraud/warnings', {
      source: 'fzzx',
      warnings: [W({ lat: undefined }), W({ externalId: 'FZ-002' }), W({ externalId: 'FZ-003', warnedAt: '2027-01-01T00:00:00.000Z' })],
    });
    await refusedWhole(send, ['/warnings/0/lat', '/warnings/2/warnedAt']);
  });

  test('a day that does not exist is refused by the schema (every date-time of the API), naming the field', async () => {
    await refusedWhole(() => disp.post('/api/fraud/warnings', { source: 'fzzx', warnings: [W(), W({ externalId: 'FZ-004', warnedAt: '2026-04-31T08:00:00+08:00' })] }), ['/warnings/1/warnedAt']);
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

/** A CSV file taken per row: a 200, the good rows written, the bad ones listed; returns the answer. */
async function takenPerRow(csv: string | Buffer, good: number, invalid: [number, string, string][]): Promise<FraudIntakeResult> {
  const [warnings, audits] = [await written(), await intakesAudited()];
  const res = await postCsv(disp, csv);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as FraudIntakeResult;
  assert.equal(body.results.length, good);
  assert.deepEqual(body.invalidRows!.map((x) => [x.row, x.column, x.message]), invalid);
  // written: exactly the accepted and rejected-with-reason answers that carry a warning id of this file
  assert.equal(await written(), warnings + body.results.filter((r) => r.warningId !== null && r.reason !== 'duplicate').length);
  assert.equal(await intakesAudited(), audits + 1);
  return body;
}

describe('fraud CSV import is per row: good rows taken, each bad one reported', () => {
  test('[valid row, NUL in a text]: the valid row written, the bad one reported by row and column', async () => {
    const r = await takenPerRow(HEADER + row('FZ-101') + row('FZ-102', { address: 'x\u0000y' }), 1, [[2, 'address', '含有非法的空字符']]);
    assert.equal(r.results[0]!.externalId, 'FZ-101');
  });

  test('[valid row, a time refused]: the valid row written; a day that does not exist and a time in the future reported', async () => {
    await takenPerRow(HEADER + row('FZ-103') + row('FZ-104', { warnedAt: '2026-02-30T00:00:00Z' }) + row('FZ-105', { warnedAt: '2027-01-01T00:00:00Z' }), 1, [
      [2, 'warnedAt', '不是有效的时间（应为 2026-12-07 07:30:00 或 ISO 8601，且日期存在）'],
      [3, 'warnedAt', '时间在将来'],
    ]);
    const r = await postCsv(disp, HEADER + row('FZ-106', { warnedAt: 'yesterday' }));
    const bad = (r.json() as FraudIntakeResult).invalidRows![0]!;
    assert.deepEqual([bad.row, bad.column, bad.value], [1, 'warnedAt', 'yesterday']);
    assert.match(bad.message, /不是有效的时间/);
  });

  test('a value the database refuses in the last row: that row not written (not half of it), the others are', async () => {
    await sql`alter table fraud_warnings add constraint test_no_boom check (address <> 'BOOM')`.execute(env.ctx.db);
    try {
      const before = await written();
      const res = await postCsv(disp, HEADER + row('FZ-107') + row('FZ-108') + row('FZ-109', { address: 'BOOM' }));
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as FraudIntakeResult;
      assert.deepEqual(body.results.map((x) => x.externalId), ['FZ-107', 'FZ-108']);
      assert.deepEqual(body.invalidRows!.map((x) => [x.row, x.value]), [[3, 'FZ-109']]);
      assert.equal(await written(), before + 2);
      assert.equal((await sql<{ n: number }>`select count(*)::int n from fraud_warnings where external_id = 'FZ-109'`.execute(env.ctx.db)).rows[0]!.n, 0);
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

  test('a file without a required column, or no rows, is refused whole (INVALID_CSV), nothing written', async () => {
    const before = await written();
    for (const csv of ['编号,地址\n1,x\n', HEADER]) {
      const r = await postCsv(disp, csv);
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().code, 'INVALID_CSV');
    }
    assert.equal(await written(), before);
  });

  test('Chinese headers, local times "2026-06-15 09:30:00", GBK and UTF-8 with BOM read alike', async () => {
    const zh = '外部编号,诈骗类型,姓名,电话,地址,经度,纬度,涉案金额,预警时间\n';
    const line = (id: string) => `${id},刷单返利,李四,13900001111,测试路9号,120.006,32.006,"8,000",2026-06-15 09:30:00\n`;
    // GBK bytes (外 is CD E2), not valid UTF-8
    const gbkBytes = encodeGbk(zh + line('FZ-201'));
    assert.deepEqual([...gbkBytes.subarray(0, 2)], [0xcd, 0xe2]);
    const a = await takenPerRow(gbkBytes, 1, []);
    const w = (await disp.get(`/api/fraud/warnings/${a.results[0]!.warningId}`)).json() as { warnedAt: string; amountAtRisk: number; fraudType: string; address: string };
    // 09:30 local (UTC+8) is 01:30 UTC
    assert.deepEqual([w.warnedAt, w.amountAtRisk, w.fraudType, w.address], ['2026-06-15T01:30:00.000Z', 8000, '刷单返利', '测试路9号']);
    const b = await takenPerRow(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zh + line('FZ-202'), 'utf8')]), 1, []);
    assert.equal(b.results[0]!.status, 'accepted');
    // a bad number under a Chinese header is reported under that header
    const c = await takenPerRow(zh + line('FZ-203').replace('120.006', '东经120'), 0, [[1, '经度', '不是数字']]);
    assert.deepEqual(c.results, []);
  });

  test('a file that passes: every row written, with an in-file duplicate answered as such', async () => {
    const before = await written();
    const r = await postCsv(disp, HEADER + row('FZ-301') + row('FZ-302') + row('FZ-301'));
    assert.equal(r.statusCode, 200, r.body);
    const res = r.json() as FraudIntakeResult;
    assert.deepEqual(res.results.map((x) => x.status), ['accepted', 'accepted', 'rejected']);
    assert.equal(res.results[2]!.reason, 'duplicate');
    assert.deepEqual(res.invalidRows, []);
    assert.equal(await written(), before + 2);
  });
});

/** GBK bytes of a text (Node's TextDecoder reads GBK but has no encoder): built by decoding every 2-byte GBK code once. */
function encodeGbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) {
    if (lo === 0x7f) continue;
    const ch = dec.decode(new Uint8Array([hi, lo]));
    if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...(table.get(ch) ?? (() => { throw new Error(`no GBK code for ${ch}`); })()));
  }
  return Buffer.from(out);
}
