// Issue 12 part 4: Excel as the exchange format. Templates (.xlsx with a 说明 sheet, CSV), a preview that names each
// bad cell (row, column, value, code, Chinese reason) and writes nothing, an apply in one transaction (all or
// nothing: a file with a bad row is 422 and the tables keep their counts), GBK and UTF-8 (BOM) CSV read right and
// garbage refused, Excel dates (date cells and serial numbers), station leads only within their station, and an
// export that re-imports to no change. The rules are the admin forms' own (the services run under the import).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { ExchangeResult, Person, Roster, Unit } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let admin: Agent;
let lead1: Agent;

type Res = { statusCode: number; body: string; json(): unknown; rawPayload: Buffer; headers: Record<string, unknown> };
const ok = <T>(r: Res): T => {
  assert.equal(r.statusCode, 200, r.body.slice(0, 2000));
  return r.json() as T;
};
const b64 = (b: Buffer) => b.toString('base64');
const preview = (a: Agent, kind: string, filename: string, bytes: Buffer) => a.post(`/api/exchange/${kind}/preview`, { filename, data: b64(bytes) });
const apply = (a: Agent, kind: string, filename: string, bytes: Buffer) => a.post(`/api/exchange/${kind}/apply`, { filename, data: b64(bytes) });

/** GBK bytes of a text, from the platform's own GBK decoder run backwards over every two-byte code. */
let gbkTable: Map<string, number[]> | null = null;
function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(Uint8Array.of(a, b));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const bytes = gbkTable.get(ch);
      assert.ok(bytes, `no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

async function xlsx(header: string[], rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (lines: string[]) => lines.join('\r\n') + '\r\n';
const count = async (table: string, where = sql`true`) =>
  (await sql<{ n: number }>`select count(*)::int n from ${sql.table(table)} where ${where}`.execute(env.ctx.db)).rows[0]!.n;
const counts = async () => ({
  people: await count('people'),
  person_areas: await count('person_areas'),
  units: await count('units'),
  unit_members: await count('unit_members'),
  duty_rosters: await count('duty_rosters'),
  duty_shifts: await count('duty_shifts'),
  teams: await count('teams'),
  audit: await count('audit_log'),
});
const personByName = async (name: string) =>
  (await sql<{ id: number; code: string; post: string | null; team_id: number | null; agency_id: number; phone_masked: string | null }>`select id, code, post, team_id, agency_id, phone_masked from people where name = ${name} and active`.execute(env.ctx.db)).rows;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  admin = await login(env.app, 'admin');
  lead1 = await login(env.app, 'lead1');
});
after(async () => env?.close());

describe('templates', () => {
  test('the .xlsx template has Chinese headers and a 说明 sheet with each column\'s rule; the CSV one is UTF-8 with a BOM', async () => {
    const r = await admin.get('/api/exchange/people/template');
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['人员', '说明']);
    const head = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    assert.deepEqual(head, ['编号', '姓名*', '身份*', '岗位', '警号', '电话', '所属单位*', '队组', '责任区']);
    const rules = wb.worksheets[1]!.getColumn(4).values.slice(2).join('\n');
    assert.match(rules, /民警、辅警/);
    assert.match(rules, /GBK/);
    const c = await admin.get('/api/exchange/units/template?format=csv');
    assert.equal(c.statusCode, 200);
    assert.deepEqual([...c.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(c.rawPayload.toString('utf-8'), /呼号\*,类型\*,梯队\*/);
    for (const kind of ['rosters']) assert.equal((await admin.get(`/api/exchange/${kind}/template`)).statusCode, 200);
    assert.equal((await admin.get('/api/exchange/cars/template')).statusCode, 400);
  });
});

describe('people', () => {
  test('a good .xlsx: the preview says what would happen and writes nothing; the apply writes it all, audited', async () => {
    const file = await xlsx(
      ['编号', '姓名', '身份', '岗位', '警号', '电话', '所属单位', '队组', '责任区'],
      [
        ['', '周警官', '民警', 'B', '023456', '13900002222', 'A1', 'T1', 'G111、G112'],
        ['', '吴辅警', '辅警', '', '', '', '西所', '', 'C12'],
        ['P1', '王警官', '民警', 'C', 'P1', '138****1111', 'A1', 'T1', 'C11'],
      ],
    );
    const before = await counts();
    const p = ok<ExchangeResult>(await preview(admin, 'people', 'people.xlsx', file));
    assert.deepEqual(p.problems, []);
    assert.equal(p.rows, 3);
    assert.deepEqual([p.created, p.updated, p.unchanged, p.applied], [2, 1, 0, false]);
    assert.deepEqual(p.items.map((i) => i.action), ['create', 'create', 'update']);
    assert.deepEqual(p.items[2]!.changes, ['岗位'], 'only the post of P1 changes (the masked phone is kept)');
    assert.deepEqual(await counts(), before, 'a preview writes nothing');

    const a = ok<ExchangeResult>(await apply(admin, 'people', 'people.xlsx', file));
    assert.equal(a.applied, true);
    const [zhou] = await personByName('周警官');
    assert.ok(zhou);
    assert.equal(zhou.post, 'B');
    assert.equal(zhou.phone_masked, '139****2222');
    assert.equal(zhou.team_id !== null, true);
    const got = ok<Person>(await admin.get(`/api/people/${zhou.id}`));
    assert.deepEqual(got.areas.map((x) => x.code).sort(), ['G111', 'G112']);
    assert.equal(ok<Person>(await admin.get(`/api/people/${world.person.P1}`)).post, 'C');
    const after = await counts();
    assert.equal(after.people, before.people + 2);
    assert.equal(await count('audit_log', sql`action = 'exchange.applied' and resource_type = 'people'`), 1);
    assert.equal(await count('audit_log', sql`action = 'person.created'`), 2, 'each record is audited by its own service');
  });

  test('a UTF-8 CSV with a BOM and English headers', async () => {
    const text = '\uFEFF' + csv(['name,role,agency,areas', ',,,', '郑网格员,grid_worker,A1,G121']);
    const p = ok<ExchangeResult>(await apply(admin, 'people', 'p.csv', Buffer.from(text, 'utf-8')));
    assert.equal(p.created, 1);
    assert.equal(p.rows, 1, 'a line of empty cells is no record');
    assert.equal(p.items[0]!.row, 3, 'a row is named by its line, as Excel shows it (headers on line 1, the empty-cells line on 2)');
    assert.equal((await personByName('郑网格员')).length, 1);
  });

  test('a GBK CSV is read as Chinese; bytes that are neither UTF-8 nor GBK are refused, never read as garbage', async () => {
    const bytes = gbk(csv(['姓名,身份,所属单位,队组,责任区', '冯调解员,调解员,西所,西所社区队,C11']));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'the test file is not UTF-8');
    const p = ok<ExchangeResult>(await preview(admin, 'people', 'gbk.csv', bytes));
    assert.deepEqual(p.problems, []);
    assert.equal(p.items[0]!.cells['姓名'], '冯调解员');
    assert.equal(p.items[0]!.cells['身份'], '调解员');
    ok(await apply(admin, 'people', 'gbk.csv', bytes));
    const [feng] = await personByName('冯调解员');
    assert.ok(feng, 'the GBK name is stored as Chinese');

    const garbage = Buffer.concat([Buffer.from('姓名,身份\r\n', 'utf-8'), Buffer.from([0xff, 0xfe, 0x81, 0x20, 0x0d, 0x0a])]);
    const g = await preview(admin, 'people', 'bad.csv', garbage);
    assert.equal(g.statusCode, 400);
    assert.equal((g.json() as { code: string }).code, 'IMPORT_ENCODING');
    // Latin-1 bytes that happen to decode as GB18030 give headers nobody knows: refused, naming what was read
    const latin = Buffer.from('Nom,R\xf4le\r\nJ\xe9ro,police\r\n', 'latin1');
    assert.doesNotThrow(() => new TextDecoder('gb18030', { fatal: true }).decode(latin), 'these bytes are valid GB18030');
    const l = await preview(admin, 'people', 'latin.csv', latin);
    assert.equal(l.statusCode, 400, l.body);
    assert.equal((l.json() as { code: string }).code, 'INVALID_IMPORT');
  });

  test('bad rows are named (row, column, value, code, reason in Chinese) and a file with any bad row writes nothing', async () => {
    const file = await xlsx(
      ['编号', '姓名', '身份', '岗位', '电话', '所属单位', '责任区'],
      [
        ['', '好人甲', '民警', 'A', '13900003333', 'A1', 'C11'],
        ['', '坏人乙', '警长', 'A', '', 'A1', 'C11'],
        ['', '坏人丙', '民警', 'D', 'abc', '不存在的所', '火星'],
        ['NOPE', '坏人丁', '民警', '', '', 'A1', ''],
        ['', '', '民警', '', '', 'A1', ''],
        ['', '好人戊', '辅警', '', '', 'A1', 'C12'],
      ],
    );
    const before = await counts();
    const p = ok<ExchangeResult>(await preview(admin, 'people', 'bad.xlsx', file));
    const at = (row: number, column: string) => p.problems.find((x) => x.row === row && x.column === column);
    assert.equal(at(3, '身份')?.code, 'UNKNOWN_VALUE');
    assert.equal(at(3, '身份')?.value, '警长');
    assert.match(at(3, '身份')!.reason, /不是可选的身份/);
    assert.equal(at(4, '岗位')?.code, 'UNKNOWN_VALUE');
    assert.equal(at(4, '所属单位')?.code, 'AGENCY_NOT_FOUND');
    assert.match(at(4, '责任区')!.reason, /火星/);
    assert.equal(at(4, '电话')?.code, 'VALIDATION_FAILED', 'the schema\'s faults are named with the others');
    assert.equal(at(5, '编号')?.code, 'PERSON_NOT_FOUND');
    assert.match(at(5, '编号')!.reason, /新增人员请留空/);
    assert.equal(at(6, '姓名')?.code, 'REQUIRED');
    assert.ok(!p.problems.some((x) => x.row === 2 || x.row === 7), 'the good rows have no problem');
    assert.deepEqual(p.items.map((i) => i.action), ['create', 'error', 'error', 'error', 'error', 'create']);

    // the phone is checked by the contract's own schema (the form's rule), once the other cells are right
    const phone = await xlsx(['姓名', '身份', '电话', '所属单位'], [['坏电话', '民警', 'abc', 'A1']]);
    const ph = ok<ExchangeResult>(await preview(admin, 'people', 'phone.xlsx', phone));
    assert.deepEqual(ph.problems.map((x) => [x.row, x.column, x.code, x.reason]), [[2, '电话', 'VALIDATION_FAILED', '格式不正确']]);

    const r = await apply(admin, 'people', 'bad.xlsx', file);
    assert.equal(r.statusCode, 422);
    const body = r.json() as { code: string; details: ExchangeResult };
    assert.equal(body.code, 'IMPORT_REJECTED');
    assert.ok(body.details.problems.length >= 6);
    assert.deepEqual(await counts(), before, 'nothing was written, not even the good rows');
    assert.equal((await personByName('好人甲')).length, 0);
  });

  test('a duplicate code in the file and a row the service refuses (a team out of a station lead\'s reach) are named', async () => {
    const file = await xlsx(['编号', '姓名', '身份', '所属单位', '队组', '责任区'], [
      ['P1', '王警官', '民警', 'A1', 'T1', 'C11'],
      ['P1', '王警官', '民警', 'A1', 'T1', 'C11'],
    ]);
    const p = ok<ExchangeResult>(await preview(admin, 'people', 'dup.xlsx', file));
    assert.deepEqual(p.problems.map((x) => [x.row, x.column, x.code]), [[3, '编号', 'DUPLICATE_IN_FILE']]);
  });
});

describe('units', () => {
  test('a GBK CSV of units with Chinese values; members by person code; the service\'s echelon rule names the cell', async () => {
    const bytes = gbk(
      csv([
        '呼号,类型,梯队,队组,驻地区域,巡防层级,成员',
        '西巡09,巡逻车,第一梯队,T1,S1,街面巡防,P1、P1B',
        '西突01,青年突击队,1,,S1,,',
      ]),
    );
    const before = await counts();
    const p = ok<ExchangeResult>(await preview(admin, 'units', 'units.csv', bytes));
    assert.equal(p.items[0]!.action, 'create');
    assert.equal(p.items[0]!.key, '西巡09');
    assert.deepEqual(p.problems.map((x) => [x.row, x.column, x.code]), [[3, '梯队', 'VALIDATION_FAILED']]);
    assert.match(p.problems[0]!.reason, /第三梯队/);
    assert.equal((await apply(admin, 'units', 'units.csv', bytes)).statusCode, 422);
    assert.deepEqual(await counts(), before);

    const good = gbk(csv(['呼号,类型,梯队,队组,驻地区域,巡防层级,成员', '西巡09,巡逻车,第一梯队,T1,S1,街面巡防,P1、P1B', '西突01,青年突击队,3,,S1,,']));
    const a = ok<ExchangeResult>(await apply(admin, 'units', 'units.csv', good));
    assert.equal(a.created, 2);
    const units = ok<Unit[]>(await admin.get('/api/units'));
    const u = units.find((x) => x.callsign === '西巡09');
    assert.ok(u);
    assert.deepEqual(u.members.map((m) => m.id).sort(), [world.person.P1!, world.person.P1B!].sort());
    assert.equal(u.echelon, 1);
    assert.equal(u.status, 'off_duty', 'a new unit starts off duty, as from the form');
  });
});

describe('teams', () => {
  test('a GBK CSV of teams: leader and deputy by person code, bad cells named, then created and updated through the service', async () => {
    const head = '编号,名称,类型,所属单位,责任区域,队长,副队长';
    const bad = gbk(csv([head, 'T9,西所社区警务二队,社区警务队,A1,S1,P1,P1', 'T8,夜巡队,夜巡,A9,X1,P404,', 'T1,西所社区队（改）,社区警务队,A1,S1,P1,P1B']));
    const before = await counts();
    const p = ok<ExchangeResult>(await preview(admin, 'teams', 'teams.csv', bad));
    assert.deepEqual(
      p.problems.map((x) => [x.row, x.column, x.code]),
      [
        [2, '副队长', 'SAME_PERSON'],
        [3, '类型', 'UNKNOWN_VALUE'],
        [3, '所属单位', 'AGENCY_NOT_FOUND'],
        [3, '责任区域', 'AREA_NOT_FOUND'],
        [3, '队长', 'PERSON_NOT_FOUND'],
      ],
    );
    assert.equal((await apply(admin, 'teams', 'teams.csv', bad)).statusCode, 422);
    assert.deepEqual(await counts(), before, 'a file with bad rows writes nothing');

    const good = gbk(csv([head, 'T9,西所社区警务二队,社区警务队,A1,S1,P1,P1B', ',西所巡逻队,巡逻队,西所,,,', 'T1,西所社区队（改）,社区警务队,A1,S1,P1,P1B']));
    const a = ok<ExchangeResult>(await apply(admin, 'teams', 'teams.csv', good));
    assert.deepEqual([a.created, a.updated], [2, 1]);
    const teams = ok<{ code?: string; name: string; kind: string; leaderId?: number | null; deputyId?: number | null; agencyId: number }[]>(await admin.get('/api/teams'));
    const t9 = teams.find((t) => t.code === 'T9');
    assert.deepEqual([t9?.name, t9?.kind, t9?.leaderId, t9?.deputyId], ['西所社区警务二队', 'community_team', world.person.P1, world.person.P1B]);
    assert.ok(teams.some((t) => t.name === '西所巡逻队' && t.kind === 'patrol_team' && t.code), 'a blank code: the system gives one');
    assert.equal(teams.find((t) => t.code === 'T1')?.name, '西所社区队（改）');
    // teams are the admin's (as the 队组 tab): a station lead's apply is refused and writes nothing
    const n = await count('teams');
    assert.equal((await apply(lead1, 'teams', 'teams.csv', good)).statusCode, 403);
    assert.equal(await count('teams'), n);
  });
});

describe('duty rosters and Excel dates', () => {
  test('days as date cells and serial numbers, times as text, time cells and fractions; 24-hour duty ends the next day', async () => {
    const file = await xlsx(
      ['派出所', '日期', '值班领导', '人员', '岗位', '开始时间', '结束时间', '单元', '备注'],
      [
        ['S1', new Date(Date.UTC(2026, 5, 15)), 'P1', 'P1B', 'A岗', '08:00', '08:00', '', '端午前'],
        ['S1', 46188, 'P1', 'W111', '巡逻', new Date(Date.UTC(1899, 11, 30, 9, 30)), 0.75, 'W01', ''],
        ['西所', '2026/6/16', '', 'P1', 'B', '2026-06-16 20:00', '次日08:00', '', ''],
      ],
    );
    const p = ok<ExchangeResult>(await preview(admin, 'rosters', 'roster.xlsx', file));
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.items.map((i) => i.key), ['S1 2026-06-15', 'S1 2026-06-15', '西所 2026-06-16']);
    ok(await apply(admin, 'rosters', 'roster.xlsx', file));
    const day = ok<Roster>(await admin.get(`/api/rosters/${world.area.S1}/2026-06-15`));
    assert.equal(day.leaderId, world.person.P1);
    assert.equal(day.note, '端午前');
    const byPerson = new Map(day.shifts.map((s) => [s.personId, s]));
    // local time is UTC+8: 08:00 on the 15th is 00:00Z
    assert.equal(byPerson.get(world.person.P1B!)?.startsAt, '2026-06-15T00:00:00.000Z');
    assert.equal(byPerson.get(world.person.P1B!)?.endsAt, '2026-06-16T00:00:00.000Z');
    assert.equal(byPerson.get(world.person.W111!)?.startsAt, '2026-06-15T01:30:00.000Z');
    assert.equal(byPerson.get(world.person.W111!)?.endsAt, '2026-06-15T10:00:00.000Z');
    assert.equal(byPerson.get(world.person.W111!)?.unitId, world.unit.W01);
    const next = ok<Roster>(await admin.get(`/api/rosters/${world.area.S1}/2026-06-16`));
    assert.equal(next.shifts[0]?.startsAt, '2026-06-16T12:00:00.000Z');
    assert.equal(next.shifts[0]?.endsAt, '2026-06-17T00:00:00.000Z');

    const bad = await xlsx(['派出所', '日期', '人员', '岗位', '开始时间', '结束时间'], [
      ['S1', '2026-02-30', 'P1', 'A', '08:00', '09:00'],
      ['S1', '2026-06-20', 'P1', 'A', '25:00', '09:00'],
      ['S1', '2026-06-21', 'P1', 'A', '2026-06-22 08:00', '2026-06-22 09:00'],
    ]);
    const b = ok<ExchangeResult>(await preview(admin, 'rosters', 'bad.xlsx', bad));
    assert.deepEqual(b.problems.map((x) => [x.row, x.column, x.code]), [
      [2, '日期', 'BAD_DATE'],
      [3, '开始时间', 'BAD_TIME'],
      [4, '开始时间', 'VALIDATION_FAILED'],
    ]);
    assert.match(b.problems[2]!.reason, /当天/);
  });
});

describe('scope', () => {
  test('a station lead imports within their station only; their export holds their station\'s people and units only', async () => {
    const before = await counts();
    const file = await xlsx(['编号', '姓名', '身份', '所属单位', '责任区'], [
      ['', '东所新人', '民警', 'A2', 'C21'],
      ['P2', '李警官', '民警', 'A2', 'C21、C22'],
      ['', '西所新人', '民警', 'A1', 'C11'],
    ]);
    const p = ok<ExchangeResult>(await preview(lead1, 'people', 'scope.xlsx', file));
    assert.deepEqual(p.problems.map((x) => [x.row, x.column, x.code]), [
      [2, '所属单位', 'AGENCY_NOT_FOUND'],
      [3, '编号', 'PERSON_NOT_FOUND'],
    ]);
    assert.equal(p.items[2]!.action, 'create');
    assert.equal((await apply(lead1, 'people', 'scope.xlsx', file)).statusCode, 422);
    const units = await xlsx(['呼号', '类型', '梯队', '驻地区域'], [['东巡09', '步巡', 2, 'S2']]);
    const u = ok<ExchangeResult>(await preview(lead1, 'units', 'u.xlsx', units));
    assert.deepEqual(u.problems.map((x) => [x.row, x.column, x.code]), [[2, '驻地区域', 'AREA_NOT_FOUND']]);
    const r = ok<ExchangeResult>(await preview(lead1, 'rosters', 'r.xlsx', await xlsx(['派出所', '日期', '人员', '岗位', '开始时间', '结束时间'], [['S2', '2026-06-15', 'P1', 'A', '08:00', '20:00']])));
    assert.deepEqual(r.problems.map((x) => [x.row, x.column, x.code]), [[2, '派出所', 'AREA_NOT_FOUND']]);
    assert.deepEqual(await counts(), before);

    const officer = await login(env.app, 'officer1');
    assert.equal((await preview(officer, 'people', 'scope.xlsx', file)).statusCode, 403);

    const ex = await lead1.get('/api/exchange/people/export');
    assert.equal(ex.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ex.rawPayload as unknown as ArrayBuffer);
    const codes = wb.worksheets[0]!.getColumn(1).values.slice(2).map(String);
    assert.ok(codes.includes('P1') && !codes.includes('P2'), `lead1 exports S1's people only: ${codes.join(',')}`);
    const exu = await lead1.get('/api/exchange/units/export');
    const wbu = new ExcelJS.Workbook();
    await wbu.xlsx.load(exu.rawPayload as unknown as ArrayBuffer);
    const calls = wbu.worksheets[0]!.getColumn(1).values.slice(2).map(String);
    assert.ok(calls.includes('W01') && !calls.includes('E01'));
  });
});

describe('export', () => {
  for (const kind of ['people', 'units', 'rosters', 'teams'] as const) {
    test(`an export of ${kind} re-imports to no change`, async () => {
      const ex = await admin.get(`/api/exchange/${kind}/export${kind === 'rosters' ? '?from=2026-06-14&days=7' : ''}`);
      assert.equal(ex.statusCode, 200);
      assert.equal(await count('audit_log', sql`action = 'exchange.exported' and resource_type = ${kind} and username = 'admin'`), 1, 'the export is audited');
      const before = await counts();
      const p = ok<ExchangeResult>(await preview(admin, kind, `${kind}.xlsx`, ex.rawPayload));
      assert.deepEqual(p.problems, []);
      assert.ok(p.rows > 0, 'the export has rows');
      assert.deepEqual([p.created, p.updated, p.unchanged], [0, 0, p.rows], JSON.stringify(p.items.filter((i) => i.action !== 'unchanged')));
      const a = ok<ExchangeResult>(await apply(admin, kind, `${kind}.xlsx`, ex.rawPayload));
      assert.equal(a.applied, true);
      const after = await counts();
      assert.deepEqual({ ...after, audit: 0 }, { ...before, audit: 0 });
      assert.equal(after.audit, before.audit + 1, 'the apply is audited once (exchange.applied) and no record was touched');
    });
  }
});
