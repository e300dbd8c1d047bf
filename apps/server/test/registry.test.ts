// 一标三实 (issue 15 parts 1, 2, 6): standard addresses and the gazetteer (part, initials, typo), the import with
// per-cell reasons (GBK, Excel, all or nothing), houses and residents with GB 11643 ID numbers, duplicates refused
// and merged, masking and the audited clear read, history, scope (404 outside), the fraud warning placed by address.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { completeIdNumber } from '@jingwang/core';
import type { FraudIntakeResult } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let admin: Agent;
let lead1: Agent;
let lead2: Agent;
let officer: Agent;
let disp: Agent;

const ID1 = completeIdNumber('51172519800101001'); // a man born 1980-01-01
const ID2 = completeIdNumber('51172520000229002'); // a woman born on a leap day
const patch = (a: Agent, url: string, payload: unknown) => env.app.inject({ method: 'PATCH', url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: payload as string });
const json = <T>(r: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  assert.equal(r.statusCode, status, r.body);
  return r.json() as T;
};
const code = (r: { statusCode: number; body: string; json(): unknown }, status: number, c: string) => {
  assert.equal(r.statusCode, status, r.body);
  assert.equal((r.json() as { code: string }).code, c);
};
const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int n from ${sql.table(table)}`.execute(env.ctx.db)).rows[0]!.n;

const base = { province: '四川省', city: '达州市', county: '测试县', town: '城关镇' };
const ids: Record<string, number> = {};

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  admin = await login(env.app, 'admin');
  lead1 = await login(env.app, 'lead1');
  lead2 = await login(env.app, 'lead2');
  officer = await login(env.app, 'officer1');
  disp = await login(env.app, 'dispatcher');
});
after(async () => env?.close());

describe('standard addresses and the gazetteer', () => {
  test('an address is placed in the area tree at its point; a second one with the same text is refused', async () => {
    const a = json<{ id: number; label: string; gridId: number; stationId: number; policeGridId: number | null }>(
      await lead1.post('/api/registry/addresses', { ...base, community: '西城社区', street: '长安路', doorNo: '12', building: '3', unitNo: '2', room: '501', lon: 120.005, lat: 32.005 }),
    );
    assert.equal(a.label, '四川省达州市测试县城关镇西城社区长安路12号3栋2单元501室');
    assert.equal(a.gridId, world.area.G111);
    assert.equal(a.stationId, world.area.S1);
    assert.equal(a.policeGridId, world.area.PG1);
    ids.a = a.id;
    code(await lead1.post('/api/registry/addresses', { ...base, community: '西城社区', street: '长安路', doorNo: '12', building: '3', unitNo: '2', room: '501', lon: 120.005, lat: 32.005 }), 409, 'ADDRESS_EXISTS');
    code(await lead1.post('/api/registry/addresses', { ...base, street: '长安路', doorNo: '9', lon: 121.5, lat: 32.005 }), 422, 'ADDRESS_OUTSIDE');
    code(await lead1.post('/api/registry/addresses', { ...base, street: '东风路', doorNo: '9', lon: 120.035, lat: 32.005 }), 422, 'ADDRESS_OUTSIDE');
    ids.b = json<{ id: number }>(await lead1.post('/api/registry/addresses', { ...base, street: '长安路', doorNo: '120', lon: 120.006, lat: 32.006 })).id;
    ids.c = json<{ id: number }>(await lead1.post('/api/registry/addresses', { ...base, street: '滨江路', doorNo: '8', lon: 120.012, lat: 32.012 })).id;
    ids.e = json<{ id: number }>(await lead2.post('/api/registry/addresses', { ...base, street: '东风路', doorNo: '9', lon: 120.035, lat: 32.005 })).id;
    code(await lead1.post('/api/registry/addresses', { street: 'x'.repeat(61), lon: 120.005, lat: 32.005 }), 400, 'VALIDATION_FAILED');
  });

  test('search by any part, by pinyin initials and with a typo; scope by area', async () => {
    type Hits = { items: { id: number; label: string; areaId: number | null }[] };
    const q = async (a: Agent, s: string) => json<Hits>(await a.get(`/api/registry/addresses/search?q=${encodeURIComponent(s)}`)).items.map((h) => h.id);
    assert.deepEqual((await q(lead1, '长安路12号')).slice(0, 1), [ids.a]);
    assert.deepEqual(await q(lead1, '滨江'), [ids.c]);
    assert.deepEqual(await q(lead1, 'bjl'), [ids.c], 'pinyin initials of 滨江路');
    assert.ok((await q(lead1, 'cal12')).includes(ids.a!), 'initials and digits');
    assert.deepEqual((await q(lead1, '常安路12号3栋')).slice(0, 1), [ids.a], 'a wrong character: 常 for 长');
    assert.deepEqual((await q(lead1, '长安路１２０号')).slice(0, 1), [ids.b], 'full-width digits');
    assert.deepEqual(await q(lead1, '东风路'), [], 'the east station\'s address is not found from the west');
    assert.deepEqual(await q(lead2, '东风路'), [ids.e]);
    assert.deepEqual(await q(admin, '人民广场'), []);
    const hit = json<Hits>(await officer.get(`/api/registry/addresses/search?q=${encodeURIComponent('滨江路8')}`)).items[0]!;
    assert.equal(hit.areaId, world.area.G122);
    code(await lead1.get('/api/registry/addresses/search?q='), 400, 'VALIDATION_FAILED');
  });

  test('import: a preview names each bad cell in Chinese and writes nothing; GBK CSV and Excel apply in one go', async () => {
    const csv = ['街路巷,门牌,经度,纬度', '人民路,1,120.003,32.003', '人民路,2,abc,32.003', ',3,120.003,32.003', '人民路,1,120.004,32.004', '人民路,5,121.9,32.003', '长安路,12,120.0051,32.0051'].join('\r\n');
    const before = await count('addresses');
    const r = json<{ rows: number; valid: number; applied: boolean; invalid: { row: number; column: string; value: string; reason: string }[] }>(
      await lead1.post('/api/registry/addresses/import', { filename: 'a.csv', data: Buffer.from('\uFEFF' + csv).toString('base64'), apply: true }),
    );
    assert.equal(r.rows, 6);
    assert.equal(r.applied, false);
    assert.deepEqual(
      r.invalid.map((x) => [x.row, x.column, x.reason]),
      [
        [2, '经度', '不是数字'],
        [3, '街路巷', '缺少街路巷或社区(村)'],
        [4, '街路巷', '与第1行地址重复'],
        [5, '经度', '坐标不在辖区内'],
      ],
    );
    assert.equal(await count('addresses'), before, 'nothing written');
    // the same rows without the bad ones, in GBK (bytes of GB18030 written by hand for 人民路 and the headers)
    const gbkBytes = Buffer.concat([
      Buffer.from([0xbd, 0xd6, 0xc2, 0xb7, 0xcf, 0xef]), // 街路巷
      Buffer.from(','),
      Buffer.from([0xc3, 0xc5, 0xc5, 0xc6]), // 门牌
      Buffer.from(','),
      Buffer.from([0xbe, 0xad, 0xb6, 0xc8]), // 经度
      Buffer.from(','),
      Buffer.from([0xce, 0xb3, 0xb6, 0xc8]), // 纬度
      Buffer.from('\r\n'),
      Buffer.from([0xc8, 0xcb, 0xc3, 0xf1, 0xc2, 0xb7]), // 人民路
      Buffer.from(',1,120.003,32.003\r\n'),
      Buffer.from([0xc8, 0xcb, 0xc3, 0xf1, 0xc2, 0xb7]),
      Buffer.from(',2,120.0031,32.0031\r\n'),
    ]);
    const g = json<{ applied: boolean; created: number; invalid: unknown[]; preview: { label: string }[] }>(
      await lead1.post('/api/registry/addresses/import', { filename: 'gbk.csv', data: gbkBytes.toString('base64'), apply: true }),
    );
    assert.deepEqual(g.invalid, []);
    assert.equal(g.applied, true);
    assert.equal(g.created, 2);
    assert.deepEqual(g.preview.map((p) => p.label), ['人民路1号', '人民路2号']);
    const again = json<{ applied: boolean; invalid: { reason: string }[] }>(await lead1.post('/api/registry/addresses/import', { filename: 'gbk.csv', data: gbkBytes.toString('base64'), apply: true }));
    assert.equal(again.applied, false);
    assert.deepEqual(again.invalid.map((x) => x.reason), ['地址已存在', '地址已存在']);
    // Excel: a preview only (apply false) writes nothing, then applied
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('地址');
    ws.addRow(['社区', '街路巷', '门牌', '经度', '纬度']);
    ws.addRow(['西城社区', '和平街', 7, 120.004, 32.004]);
    const data = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const n = await count('addresses');
    const pv = json<{ applied: boolean; valid: number }>(await lead1.post('/api/registry/addresses/import', { filename: 'a.xlsx', data, apply: false }));
    assert.deepEqual([pv.applied, pv.valid, await count('addresses')], [false, 1, n]);
    const ap = json<{ applied: boolean; created: number }>(await lead1.post('/api/registry/addresses/import', { filename: 'a.xlsx', data, apply: true }));
    assert.deepEqual([ap.applied, ap.created, await count('addresses')], [true, 1, n + 1]);
    code(await lead1.post('/api/registry/addresses/import', { filename: 'a.xlsx', data: Buffer.from('not excel').toString('base64'), apply: false }), 400, 'INVALID_IMPORT');
    code(await lead1.post('/api/registry/addresses/import', { filename: 'a.csv', data: Buffer.from('街路巷\n人民路').toString('base64'), apply: false }), 400, 'INVALID_IMPORT');
    code(await officer.post('/api/registry/addresses/import', { filename: 'a.csv', data: Buffer.from(csv).toString('base64'), apply: false }), 403, 'FORBIDDEN');
  });
});

describe('houses, residents, units', () => {
  test('a house and a resident: the ID number checked (check digit, birth date), stored encrypted, shown masked', async () => {
    ids.h = json<{ id: number }>(await officer.post('/api/registry/houses', { addressId: ids.a, use: 'residential', rented: true, ownerName: '张国强' })).id;
    code(await officer.post('/api/registry/residents', { houseId: ids.h, relation: 'living', name: '李秀兰', idNumber: ID1.slice(0, 17) + (ID1[17] === '0' ? '1' : '0') }), 422, 'INVALID_ID_NUMBER');
    const bad = await officer.post('/api/registry/residents', { houseId: ids.h, relation: 'living', name: '李秀兰', idNumber: completeIdNumber('51172520230229001') });
    code(bad, 422, 'INVALID_ID_NUMBER');
    assert.equal((bad.json() as { details: { zh: string } }).details.zh, '身份证号中的出生日期不存在');
    code(await officer.post('/api/registry/residents', { houseId: ids.h, relation: 'living', name: '李秀兰', idNumber: ID1, arrivedOn: '2026-02-30' }), 400, 'VALIDATION_FAILED');
    assert.equal(await count('persons'), 0, 'nothing written by refused requests');
    const r = json<{ id: number; residencyId: number }>(await officer.post('/api/registry/residents', { houseId: ids.h, relation: 'floating', name: '李秀兰', idNumber: ID1, phone: '13912345678', arrivedOn: '2026-03-01' }));
    ids.p1 = r.id;
    ids.r1 = r.residencyId;
    const row = (await sql<Record<string, string>>`select * from persons where id = ${r.id}`.execute(env.ctx.db)).rows[0]!;
    for (const [k, v] of Object.entries(row)) if (typeof v === 'string') for (const clear of [ID1, '李秀兰', '13912345678']) assert.ok(!v.includes(clear), `${k} holds the clear value`);
    const d = json<{ houses: { rented: boolean; ownerName: string; residents: { name: string; idNumber: string; phone: string; relation: string; gender: string; birthDate: string }[] }[] }>(await officer.get(`/api/registry/addresses/${ids.a}`));
    const res = d.houses[0]!.residents[0]!;
    assert.deepEqual([res.name, res.idNumber, res.phone, res.relation, res.gender, res.birthDate], ['李*兰', `511725********${ID1.slice(-4)}`, '139****5678', 'floating', 'male', '1980-01-01']);
    assert.equal(d.houses[0]!.ownerName, '张*强');
  });

  test('a duplicate ID number is refused (offering the existing record), then merged after review', async () => {
    const h2 = json<{ id: number }>(await officer.post('/api/registry/houses', { addressId: ids.c, use: 'residential' })).id;
    const dup = await officer.post('/api/registry/residents', { houseId: h2, relation: 'registered', name: '李秀兰', idNumber: ID1.toLowerCase() });
    code(dup, 409, 'DUPLICATE_ID_NUMBER');
    assert.equal((dup.json() as { details: { residentId: number } }).details.residentId, ids.p1);
    assert.equal(await count('persons'), 1);
    // from the east station the existing record is not named (existence does not leak)
    const hE = json<{ id: number }>(await lead2.post('/api/registry/houses', { addressId: ids.e, use: 'residential' })).id;
    const dupE = await lead2.post('/api/registry/residents', { houseId: hE, relation: 'living', name: '李秀兰', idNumber: ID1 });
    code(dupE, 409, 'DUPLICATE_ID_NUMBER');
    assert.equal((dupE.json() as { details: { residentId: number | null } }).details.residentId, null);
    // the offered action: a residency for the existing record
    json(await officer.post(`/api/registry/residents/${ids.p1}/residencies`, { houseId: h2, relation: 'registered' }));
    // two records of one person written before a fix of the ID (a different number): merged by a lead, kept as merged
    const p2 = json<{ id: number }>(await officer.post('/api/registry/residents', { houseId: h2, relation: 'living', name: '李秀兰', idNumber: ID2 })).id;
    code(await officer.post(`/api/registry/residents/${p2}/merge`, { version: 1, intoId: ids.p1, reason: '同一人' }), 403, 'FORBIDDEN');
    json(await lead1.post(`/api/registry/residents/${p2}/merge`, { version: 1, intoId: ids.p1, reason: '同一人，身份证号录入错误' }));
    const merged = json<{ resident: { status: string; mergedInto: number }; residencies: unknown[] }>(await lead1.get(`/api/registry/residents/${p2}`));
    assert.deepEqual([merged.resident.status, merged.resident.mergedInto, merged.residencies.length], ['merged', ids.p1, 0]);
    const kept = json<{ residencies: { addressLabel: string }[]; history: { action: string }[] }>(await lead1.get(`/api/registry/residents/${ids.p1}`));
    assert.equal(kept.residencies.length, 3);
    assert.ok(kept.history.some((h) => h.action === 'merged_from'));
    code(await lead1.post(`/api/registry/residents/${p2}/residencies`, { houseId: h2, relation: 'living' }), 409, 'RESIDENT_MERGED');
    assert.equal(await count('persons'), 2, 'never deleted');
  });

  test('lookup by ID number, phone and name through blind indexes; the clear read needs a purpose and is audited by person', async () => {
    const look = async (a: Agent, q: string) => json<{ items: { id: number; name: string }[] }>(await a.get(`/api/registry/residents?${q}`)).items.map((x) => x.id);
    assert.deepEqual(await look(officer, `idNumber=${ID1}`), [ids.p1]);
    assert.deepEqual(await look(officer, 'phone=139-1234-5678'), [ids.p1]);
    assert.deepEqual(await look(officer, `name=${encodeURIComponent('李秀兰')}`), [ids.p1]);
    assert.deepEqual(await look(lead2, `idNumber=${ID1}`), [], 'outside the east station');
    code(await officer.post(`/api/registry/residents/${ids.p1}/reveal`, {}), 400, 'VALIDATION_FAILED');
    const clear = json<{ name: string; idNumber: string; phone: string }>(await officer.post(`/api/registry/residents/${ids.p1}/reveal`, { purpose: '入户走访核对身份' }));
    assert.deepEqual(clear, { name: '李秀兰', idNumber: ID1, phone: '13912345678' });
    code(await lead2.post(`/api/registry/residents/${ids.p1}/reveal`, { purpose: '查看' }), 404, 'RESIDENT_NOT_FOUND');
    const log = json<{ items: { username: string; action: string; detail: { purpose?: string } }[] }>(await admin.get(`/api/registry/residents/${ids.p1}/audit`));
    const reveals = log.items.filter((x) => x.action === 'registry.reveal');
    assert.deepEqual(reveals.map((x) => [x.username, x.detail.purpose]), [['officer1', '入户走访核对身份']]);
    code(await officer.get(`/api/registry/residents/${ids.p1}/audit`), 403, 'FORBIDDEN');
  });

  test('changes are kept in the history; leaving marks the person left, never deleted; stale versions refused', async () => {
    json(await patch(officer, `/api/registry/residents/${ids.p1}`, { version: 1, phone: '13700001111' }));
    code(await patch(officer, `/api/registry/residents/${ids.p1}`, { version: 1, phone: '13700002222' }), 409, 'STALE_VERSION');
    json(await patch(officer, `/api/registry/houses/${ids.h}`, { version: 1, rented: false }));
    const rs = json<{ residencies: { id: number; version: number; leftOn: string | null }[] }>(await officer.get(`/api/registry/residents/${ids.p1}`)).residencies;
    for (const r of rs) json(await officer.post(`/api/registry/residencies/${r.id}/leave`, { version: r.version, leftOn: '2026-06-01' }));
    code(await officer.post(`/api/registry/residencies/${rs[0]!.id}/leave`, { version: 1, leftOn: '2026-06-02' }), 409, 'STALE_VERSION');
    const p = json<{ resident: { status: string; phone: string }; history: { action: string; changes: Record<string, unknown> }[] }>(await officer.get(`/api/registry/residents/${ids.p1}`));
    assert.equal(p.resident.status, 'left');
    assert.equal(p.resident.phone, '137****1111');
    const actions = p.history.map((h) => h.action);
    for (const a of ['create', 'update', 'leave', 'left', 'merged_from']) assert.ok(actions.includes(a), a);
    assert.deepEqual(p.history.find((h) => h.action === 'update')!.changes, { phone: ['139****5678', '137****1111'] }, 'masked in the history too');
    const d = json<{ history: { entity: string; action: string; changes: Record<string, unknown> }[] }>(await officer.get(`/api/registry/addresses/${ids.a}`));
    assert.deepEqual(d.history.find((h) => h.entity === 'house' && h.action === 'update')!.changes, { rented: [true, false] });
    await assert.rejects(sql`delete from registry_history`.execute(env.ctx.db), /append-only/);
  });

  test('units with employees', async () => {
    const u = json<{ id: number }>(await officer.post('/api/registry/units', { name: '长安超市', kind: 'shop', addressId: ids.b })).id;
    json(await officer.post(`/api/registry/units/${u}/employees`, { residentId: ids.p1, role: '店员', fromOn: '2026-04-01' }));
    const got = json<{ name: string; employees: { name: string; role: string }[] }>(await officer.get(`/api/registry/units/${u}`));
    assert.deepEqual([got.name, got.employees.map((e) => [e.name, e.role])], ['长安超市', [['李*兰', '店员']]]);
    code(await lead2.get(`/api/registry/units/${u}`), 404, 'REGISTRY_UNIT_NOT_FOUND');
  });

  test('outside the caller\'s area every record is 404 with its own code, like one that does not exist', async () => {
    for (const id of [ids.a, 999_999]) code(await lead2.get(`/api/registry/addresses/${id}`), 404, 'ADDRESS_NOT_FOUND');
    for (const id of [ids.p1, 999_999]) code(await lead2.get(`/api/registry/residents/${id}`), 404, 'RESIDENT_NOT_FOUND');
    code(await lead2.post('/api/registry/houses', { addressId: ids.a, use: 'residential' }), 404, 'ADDRESS_NOT_FOUND');
    code(await lead2.post('/api/registry/residents', { houseId: ids.h, relation: 'living', name: '王五', idNumber: completeIdNumber('51172519900101003') }), 404, 'HOUSE_NOT_FOUND');
    code(await patch(lead2, `/api/registry/houses/${ids.h}`, { version: 2, rented: true }), 404, 'HOUSE_NOT_FOUND');
    json(await disp.get(`/api/registry/addresses/${ids.a}`), 200);
  });
});

describe('anti-fraud warnings with only an address', () => {
  test('are placed by the gazetteer and routed; an unknown or ambiguous address is still no_location', async () => {
    const W = (externalId: string, address: string) => ({ externalId, fraudType: '冒充客服', address, warnedAt: '2026-06-15T01:50:00.000Z' });
    const r = json<FraudIntakeResult>(await disp.post('/api/fraud/warnings', { source: 'fzzx', warnings: [W('A1', '测试县长安路12号3栋2单元501室'), W('A2', '火星路1号'), W('A3', '人民路')] }));
    assert.deepEqual(r.results.map((x) => [x.status, x.reason]), [['accepted', null], ['rejected', 'no_location'], ['rejected', 'no_location']]);
    const w = (await sql<{ grid_id: number; lon: number }>`select grid_id, st_x(geom) lon from fraud_warnings where id = ${r.results[0]!.warningId}`.execute(env.ctx.db)).rows[0]!;
    assert.equal(w.grid_id, world.area.G111);
    assert.equal(w.lon, 120.005);
  });
});
