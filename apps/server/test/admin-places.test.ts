// Issue 12 part 1: key places (重点部位) and cameras (视频点位) administered by the bureau, on the drawn county (S1 west,
// S2 east). Create, edit with the version read, retire with a reason (never deleted) under the scope rule (admins all,
// station leads their station's: another station's record is 404, a point outside their station 403 OUT_OF_SCOPE,
// other roles 403 FORBIDDEN); bad input is a 4xx naming the field and writes nothing; retiring is refused while open
// work points to the record; a retired key place no longer gives new incidents its target (the recommendation reads
// the incident's target) and a retired camera is no stop of a new video round; the audit rows are the history; the
// Excel exchange (templates, a bad row refusing the whole file, a good file, an export that re-imports to no change).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { CameraRecord, ExchangeResult, Incident, KeyPlace, PlaceChange, Recommendation, VideoRound } from '@jingwang/contracts';
import { addPartners, buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
const A = {} as Record<'admin' | 'lead1' | 'lead2' | 'officer1' | 'dispatcher' | 'grid1', Agent>;

type Res = { statusCode: number; body: string; json(): unknown; rawPayload: Buffer };
const ok = <T>(r: Res, status = 200): T => {
  assert.equal(r.statusCode, status, r.body.slice(0, 2000));
  return r.json() as T;
};
const err = (r: Res, status: number, code: string, field?: string) => {
  assert.equal(r.statusCode, status, r.body);
  const b = r.json() as { code: string; details?: unknown };
  assert.equal(b.code, code, r.body);
  if (field !== undefined) assert.match(JSON.stringify(b.details), new RegExp(`"${field.replace(/\//g, '\\/')}"`), r.body);
  return b;
};
const patch = (a: Agent, url: string, body: unknown) =>
  env.app.inject({ method: 'PATCH', url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: body as object });

/** Row counts and version sums of the tables these routes write. */
async function state() {
  const r = await sql<{ t: string; n: number; v: number }>`
    select 'key_places' t, count(*)::int n, coalesce(sum(version), 0)::int v from key_places
    union all select 'cameras', count(*)::int, coalesce(sum(version), 0)::int from cameras
    union all select 'audit', count(*)::int, 0 from audit_log where resource_type in ('key_place', 'camera')`.execute(env.ctx.db);
  return Object.fromEntries(r.rows.map((x) => [x.t, [x.n, x.v]]));
}

const kp = (over: Record<string, unknown> = {}) => ({ code: 'KP-W1', name: '西关小学', kind: 'school', lon: 120.005, lat: 32.005, radiusM: 200, targetS: 60, ...over });
const cam = (over: Record<string, unknown> = {}) => ({ code: 'CAM-W1', name: '西关路口', lon: 120.006, lat: 32.006, viewUrl: 'https://video.example.cn/play?id=1', ...over });

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await addPartners(env, world);
  // one road along the east station so that a recommendation can be made there
  await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
    values (1, '东路', 'street', 36, 18, 5, false, st_setsrid(st_geomfromgeojson(${JSON.stringify({ type: 'LineString', coordinates: [[120.021, 32.005], [120.039, 32.005]] })}), 4326))`.execute(env.ctx.db);
  for (const u of ['admin', 'lead1', 'lead2', 'officer1', 'dispatcher', 'grid1'] as const) A[u] = await login(env.app, u);
});
after(async () => env?.close());

describe('key places: create, edit, retire within scope', () => {
  let west: KeyPlace;

  test('an admin adds a key place: its station and grid from the point; audited as the history', async () => {
    west = ok<KeyPlace>(await A.admin.post('/api/key-places', kp()));
    assert.equal(west.stationId, world.area.S1);
    assert.equal(west.stationName, '西所');
    assert.equal(west.gridId, world.area.G111);
    assert.deepEqual([west.radiusM, west.targetS, west.version, west.active, west.openIncidents], [200, 60, 1, true, 0]);
    const h = ok<PlaceChange[]>(await A.admin.get(`/api/key-places/${west.id}/history`));
    assert.equal(h.length, 1);
    assert.equal(h[0]!.change, 'created');
    assert.equal(h[0]!.username, 'admin');
    assert.equal((h[0]!.after as { targetS: number }).targetS, 60);
  });

  test('a station lead administers their station\'s only: the other lead gets 404, a point outside 403, an officer 403', async () => {
    const mine = ok<KeyPlace>(await A.lead1.post('/api/key-places', kp({ code: 'KP-W2', name: '西关医院', kind: 'hospital', lon: 120.012, lat: 32.012 })));
    assert.equal(mine.stationId, world.area.S1);
    const s0 = await state();
    err(await A.lead2.get(`/api/key-places/${mine.id}`), 404, 'KEY_PLACE_NOT_FOUND');
    err(await patch(A.lead2, `/api/key-places/${mine.id}`, { version: 1, name: '改名' }), 404, 'KEY_PLACE_NOT_FOUND');
    err(await A.lead2.post(`/api/key-places/${mine.id}/retire`, { version: 1, reason: '撤销' }), 404, 'KEY_PLACE_NOT_FOUND');
    err(await A.lead1.post('/api/key-places', kp({ code: 'KP-E9', lon: 120.03, lat: 32.01 })), 403, 'OUT_OF_SCOPE', '/lon');
    err(await patch(A.lead1, `/api/key-places/${mine.id}`, { version: 1, lon: 120.03 }), 403, 'OUT_OF_SCOPE', '/lon');
    err(await A.officer1.post('/api/key-places', kp({ code: 'KP-W9' })), 403, 'FORBIDDEN');
    err(await patch(A.officer1, `/api/key-places/${mine.id}`, { version: 1, name: 'x' }), 403, 'FORBIDDEN');
    err(await A.dispatcher.post(`/api/key-places/${mine.id}/retire`, { version: 1, reason: 'x' }), 403, 'FORBIDDEN');
    err(await A.grid1.get('/api/key-places'), 403, 'FORBIDDEN');
    assert.deepEqual(await state(), s0, 'nothing written by the refused requests');
    // reads: the officer of S1 and the dispatcher of the district see them, the other lead does not
    assert.deepEqual(ok<KeyPlace[]>(await A.officer1.get('/api/key-places')).map((k) => k.code), ['KP-W1', 'KP-W2']);
    assert.deepEqual(ok<KeyPlace[]>(await A.dispatcher.get('/api/key-places?q=医院')).map((k) => k.code), ['KP-W2']);
    assert.deepEqual(ok<KeyPlace[]>(await A.lead2.get('/api/key-places')), []);
    // the admin may edit any
    const edited = ok<KeyPlace>(await patch(A.admin, `/api/key-places/${mine.id}`, { version: 1, targetS: 90 }));
    assert.deepEqual([edited.targetS, edited.version], [90, 2]);
  });

  test('a stale version is 409 and writes nothing; an edit is in the history with the fields before and after', async () => {
    const e1 = ok<KeyPlace>(await patch(A.lead1, `/api/key-places/${west.id}`, { version: 1, name: '西关中心小学', radiusM: 250 }));
    assert.deepEqual([e1.name, e1.radiusM, e1.version], ['西关中心小学', 250, 2]);
    const s0 = await state();
    err(await patch(A.admin, `/api/key-places/${west.id}`, { version: 1, targetS: 45 }), 409, 'STALE_VERSION');
    err(await patch(A.admin, `/api/key-places/${west.id}`, { version: 1 }), 409, 'STALE_VERSION', '/version');
    assert.deepEqual(await state(), s0);
    assert.equal(ok<KeyPlace>(await A.admin.get(`/api/key-places/${west.id}`)).targetS, 60);
    const h = ok<PlaceChange[]>(await A.admin.get(`/api/key-places/${west.id}/history`));
    assert.deepEqual(h.map((x) => x.change), ['updated', 'created']);
    assert.deepEqual(h[0]!.before, { name: '西关小学', radiusM: 200 });
    assert.deepEqual(h[0]!.after, { name: '西关中心小学', radiusM: 250 });
    assert.equal(h[0]!.username, 'lead1');
    west = e1;
  });

  test('bad input is a 4xx naming the field and writes nothing', async () => {
    const s0 = await state();
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-X1', lon: 121.5, lat: 31.2 })), 422, 'OUTSIDE_JURISDICTION', '/lon');
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-X2', radiusM: 5 })), 400, 'VALIDATION_FAILED', '/radiusM');
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-X3', radiusM: 5000 })), 400, 'VALIDATION_FAILED', '/radiusM');
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-X4', targetS: 10 })), 400, 'VALIDATION_FAILED', '/targetS');
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-X5', targetS: 7200 })), 400, 'VALIDATION_FAILED', '/targetS');
    err(await A.admin.post('/api/key-places', kp({ code: 'KP X6' })), 400, 'VALIDATION_FAILED', '/code');
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-X7', kind: 'castle' })), 400, 'VALIDATION_FAILED', '/kind');
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-X8', name: '   ' })), 400, 'VALIDATION_FAILED', '/name');
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-X9', lat: 95 })), 400, 'VALIDATION_FAILED', '/lat');
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-X10', extra: 1 })), 400, 'VALIDATION_FAILED');
    err(await A.admin.post('/api/key-places', kp()), 409, 'DUPLICATE_CODE', '/code');
    err(await patch(A.admin, `/api/key-places/${west.id}`, { version: west.version, code: 'KP-W2' }), 409, 'DUPLICATE_CODE', '/code');
    err(await patch(A.admin, `/api/key-places/${west.id}`, { version: west.version, radiusM: 0 }), 400, 'VALIDATION_FAILED', '/radiusM');
    err(await A.admin.post(`/api/key-places/${west.id}/retire`, { version: west.version }), 400, 'VALIDATION_FAILED', '/reason');
    err(await A.admin.post(`/api/key-places/${west.id}/retire`, { version: west.version, reason: '  ' }), 400, 'VALIDATION_FAILED', '/reason');
    err(await A.admin.get('/api/key-places/999999'), 404, 'KEY_PLACE_NOT_FOUND');
    assert.deepEqual(await state(), s0);
  });
});

describe('a retired key place no longer sets the target of new incidents', () => {
  test('retire is refused while an incident inside it is open; after, new incidents and the recommendation use the area default', async () => {
    const school = ok<KeyPlace>(await A.lead2.post('/api/key-places', kp({ code: 'KP-E1', name: '东关小学', lon: 120.03, lat: 32.005, radiusM: 300, targetS: 45 })));
    const at = { lon: 120.0305, lat: 32.0052 };
    const inc = ok<Incident>(await A.dispatcher.post('/api/incidents', newIncident(at)), 201);
    assert.equal(inc.response.targetSeconds, 45);
    assert.deepEqual(inc.response.keyPlace, { id: school.id, name: '东关小学' });
    const rec = ok<Recommendation>(await A.dispatcher.get(`/api/incidents/${inc.id}/recommendation`));
    assert.equal(rec.targetSeconds, 45);
    assert.equal(rec.keyPlace?.id, school.id);
    assert.equal(ok<KeyPlace>(await A.lead2.get(`/api/key-places/${school.id}`)).openIncidents, 1);
    const found = ok<{ items: { source: string; id: number }[] }>(await A.dispatcher.get(`/api/intake/places?q=${encodeURIComponent('东关小学')}`));
    assert.ok(found.items.some((h) => h.source === 'key_place' && h.id === school.id), 'the intake offers an active key place');

    const s0 = await state();
    const refused = err(await A.lead2.post(`/api/key-places/${school.id}/retire`, { version: 1, reason: '学校搬迁' }), 409, 'STILL_REFERENCED');
    const d = refused.details as { openIncidents: number; incidents: { id: number; number: string; status: string }[] };
    assert.equal(d.openIncidents, 1);
    assert.deepEqual(d.incidents.map((x) => [x.id, x.status]), [[inc.id, 'new']]);
    assert.deepEqual(await state(), s0, 'a refused retirement writes nothing');

    ok(await A.dispatcher.post(`/api/incidents/${inc.id}/transition`, { action: 'cancel', version: inc.version, reason: 'entry_error' }));
    const retired = ok<KeyPlace>(await A.lead2.post(`/api/key-places/${school.id}/retire`, { version: 1, reason: '学校搬迁' }));
    assert.deepEqual([retired.active, retired.retireReason, retired.version], [false, '学校搬迁', 2]);
    assert.ok(retired.retiredAt);
    // never deleted: the old incident keeps its key place and target
    const old = ok<Incident>(await A.dispatcher.get(`/api/incidents/${inc.id}`));
    assert.deepEqual([old.response.targetSeconds, old.response.keyPlace?.id], [45, school.id]);
    // a new call at the same point: the default target (the areas have none), no key place
    const next = ok<Incident>(await A.dispatcher.post('/api/incidents', newIncident(at)), 201);
    assert.equal(next.response.targetSeconds, 300);
    assert.equal(next.response.keyPlace, null);
    const rec2 = ok<Recommendation>(await A.dispatcher.get(`/api/incidents/${next.id}/recommendation`));
    assert.deepEqual([rec2.targetSeconds, rec2.keyPlace], [300, null]);
    // the intake's address search no longer offers it
    const hits = ok<{ items: { source: string; id: number }[] }>(await A.dispatcher.get(`/api/intake/places?q=${encodeURIComponent('东关小学')}`));
    assert.ok(!hits.items.some((h) => h.source === 'key_place'), JSON.stringify(hits));

    // lists: gone by default, there on request; a retired place is not edited nor retired again
    assert.ok(!ok<KeyPlace[]>(await A.admin.get('/api/key-places')).some((k) => k.id === school.id));
    assert.ok(ok<KeyPlace[]>(await A.admin.get('/api/key-places?retired=true')).some((k) => k.id === school.id && !k.active));
    err(await patch(A.admin, `/api/key-places/${school.id}`, { version: 2, targetS: 60 }), 409, 'INVALID_TRANSITION');
    err(await A.admin.post(`/api/key-places/${school.id}/retire`, { version: 2, reason: '再次' }), 409, 'INVALID_TRANSITION');
    const h = ok<PlaceChange[]>(await A.lead2.get(`/api/key-places/${school.id}/history`));
    assert.deepEqual(h.map((x) => [x.change, x.reason]), [['retired', '学校搬迁'], ['created', null]]);
    // the code stays taken (history points to it)
    err(await A.admin.post('/api/key-places', kp({ code: 'KP-E1', lon: 120.03, lat: 32.005 })), 409, 'DUPLICATE_CODE', '/code');
  });
});

describe('cameras', () => {
  let c1: CameraRecord;

  test('create, edit, stale version, scope and bad addresses', async () => {
    c1 = ok<CameraRecord>(await A.lead1.post('/api/cameras', cam()));
    assert.deepEqual([c1.stationId, c1.gridId, c1.viewUrl, c1.version], [world.area.S1, world.area.G111, 'https://video.example.cn/play?id=1', 1]);
    const e = ok<CameraRecord>(await patch(A.lead1, `/api/cameras/${c1.id}`, { version: 1, viewUrl: null, name: '西关路口东' }));
    assert.deepEqual([e.viewUrl, e.name, e.version], [null, '西关路口东', 2]);
    const s0 = await state();
    err(await patch(A.lead1, `/api/cameras/${c1.id}`, { version: 1, name: '旧版本' }), 409, 'STALE_VERSION');
    err(await patch(A.lead2, `/api/cameras/${c1.id}`, { version: 2, name: '别所' }), 404, 'CAMERA_NOT_FOUND');
    err(await A.lead2.post('/api/cameras', cam({ code: 'CAM-E9' })), 403, 'OUT_OF_SCOPE', '/lon');
    err(await A.officer1.post('/api/cameras', cam({ code: 'CAM-W9' })), 403, 'FORBIDDEN');
    for (const viewUrl of ['javascript:alert(1)', 'ftp://video.example.cn/1', 'http://user:secret@video.example.cn/1', 'https:// spaced', 'rtsp://10.0.0.1/live']) {
      err(await A.admin.post('/api/cameras', cam({ code: 'CAM-X1', viewUrl })), 400, 'VALIDATION_FAILED', '/viewUrl');
    }
    err(await A.admin.post('/api/cameras', cam({ code: 'CAM-X2', lon: 119.5 })), 422, 'OUTSIDE_JURISDICTION', '/lon');
    err(await A.admin.post('/api/cameras', cam()), 409, 'DUPLICATE_CODE', '/code');
    assert.deepEqual(await state(), s0);
    const h = ok<PlaceChange[]>(await A.lead1.get(`/api/cameras/${c1.id}/history`));
    assert.deepEqual(h[0]!.before, { name: '西关路口', viewUrl: 'https://video.example.cn/play?id=1' });
    assert.deepEqual(h[0]!.after, { name: '西关路口东', viewUrl: null });
    c1 = e;
  });

  test('retire is refused while a video round not done includes it; a retired camera is no stop of a new round', async () => {
    const c2 = ok<CameraRecord>(await A.admin.post('/api/cameras', cam({ code: 'CAM-W2', name: '西关市场', lon: 120.008, lat: 32.012 })));
    const round = ok<VideoRound>(await A.dispatcher.post('/api/video/rounds', { areaId: world.area.S1, scheduledAt: new Date().toISOString() }), 201);
    assert.deepEqual(round.cameras.map((x) => x.cameraId).sort(), [c1.id, c2.id].sort());
    assert.equal(ok<CameraRecord>(await A.admin.get(`/api/cameras/${c1.id}`)).openRounds, 1);
    const s0 = await state();
    const refused = err(await A.lead1.post(`/api/cameras/${c1.id}/retire`, { version: c1.version, reason: '拆除' }), 409, 'STILL_REFERENCED');
    assert.deepEqual((refused.details as { videoRounds: { id: number }[] }).videoRounds.map((r) => r.id), [round.id]);
    assert.deepEqual(await state(), s0);
    for (const x of [c1, c2]) ok(await A.dispatcher.post(`/api/video/rounds/${round.id}/cameras/${x.id}/check`, { result: 'normal' }));
    const retired = ok<CameraRecord>(await A.lead1.post(`/api/cameras/${c1.id}/retire`, { version: c1.version, reason: '拆除' }));
    assert.deepEqual([retired.active, retired.retireReason], [false, '拆除']);
    // new rounds: not by default, and not when named
    const r2 = ok<VideoRound>(await A.dispatcher.post('/api/video/rounds', { areaId: world.area.S1, scheduledAt: new Date().toISOString() }), 201);
    assert.deepEqual(r2.cameras.map((x) => x.cameraId), [c2.id]);
    err(await A.dispatcher.post('/api/video/rounds', { areaId: world.area.S1, scheduledAt: new Date().toISOString(), cameraIds: [c2.id, c1.id] }), 404, 'CAMERA_NOT_FOUND', '/cameraIds/1');
    assert.ok(!ok<CameraRecord[]>(await A.admin.get('/api/cameras')).some((x) => x.id === c1.id));
    assert.ok(ok<CameraRecord[]>(await A.admin.get('/api/cameras?retired=true')).some((x) => x.id === c1.id));
    // the old round still shows the retired camera (history)
    assert.ok(ok<VideoRound>(await A.dispatcher.get(`/api/video/rounds/${round.id}`)).cameras.some((x) => x.cameraId === c1.id));
  });
});

// ------------------------------------------------------------------ Excel exchange

const b64 = (b: Buffer) => b.toString('base64');
async function xlsx(header: string[], rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel exchange of key places and cameras', () => {
  test('the templates carry the Chinese headers and a 说明 sheet', async () => {
    for (const [kind, head] of [
      ['keyplaces', ['编码*', '名称*', '类别*', '经度*', '纬度*', '半径（米）*', '响应目标（秒）*']],
      ['cameras', ['编码*', '名称*', '经度*', '纬度*', '查看地址']],
    ] as const) {
      const r = await A.admin.get(`/api/exchange/${kind}/template`);
      assert.equal(r.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      assert.equal(wb.worksheets[1]!.name, '说明');
      assert.deepEqual((wb.worksheets[0]!.getRow(1).values as string[]).slice(1), head);
    }
  });

  test('a file with bad rows names each bad cell and writes nothing; the good file is applied in one go', async () => {
    const header = ['编码', '名称', '类别', '经度', '纬度', '半径（米）', '响应目标（秒）'];
    const bad = await xlsx(header, [
      ['KP-I1', '城西农贸市场', '商场市场', 120.004, 32.015, 150, '1分钟'],
      ['KP-I2', '西关银行', '银行', 120.009, 32.009, 100, 60],
      ['KP-I3', '东郊车站', '交通枢纽', 121.5, 32.0, 5000, 10],
      ['KP-W2', '西关医院', '医院', 120.012, 32.012, 200, 120],
      ['KP-E1', '东关小学', '学校', 120.03, 32.005, 300, 45],
      ['KP-I1', '重复', '其他', 120.001, 32.001, 100, 60],
    ]);
    const s0 = await state();
    const p = ok<ExchangeResult>(await A.admin.post('/api/exchange/keyplaces/preview', { filename: 'kp.xlsx', data: b64(bad) }));
    const at = (row: number, column: string) => p.problems.find((x) => x.row === row && x.column === column);
    assert.equal(at(3, '类别')?.code, 'UNKNOWN_VALUE');
    assert.equal(at(3, '类别')?.value, '银行');
    assert.equal(at(4, '半径（米）')?.code, 'VALIDATION_FAILED');
    assert.match(at(4, '半径（米）')!.reason, /10 到 2000/);
    assert.match(at(4, '响应目标（秒）')!.reason, /30 到 3600/);
    assert.equal(at(4, '经度')?.code, 'OUTSIDE_JURISDICTION', 'the point is named with the row\'s other faults');
    assert.equal(at(6, '编码')?.code, 'INVALID_TRANSITION', 'a retired key place is not edited by a file');
    assert.equal(at(7, '编码')?.code, 'DUPLICATE_IN_FILE');
    assert.ok(!p.problems.some((x) => x.row === 2 || x.row === 5), JSON.stringify(p.problems));
    assert.deepEqual(p.items.map((i) => i.action), ['create', 'error', 'error', 'update', 'error', 'error']);
    assert.deepEqual(p.items[3]!.changes, ['响应目标（秒）']);
    // the point outside the county alone
    const outside = await xlsx(header, [['KP-I3', '东郊车站', '交通枢纽', 121.5, 32.0, 250, 60]]);
    const po = ok<ExchangeResult>(await A.admin.post('/api/exchange/keyplaces/preview', { filename: 'kp.xlsx', data: b64(outside) }));
    assert.deepEqual(po.problems.map((x) => [x.column, x.code]), [['经度', 'OUTSIDE_JURISDICTION']]);
    assert.match(po.problems[0]!.reason, /不在本县/);

    const r = await A.admin.post('/api/exchange/keyplaces/apply', { filename: 'kp.xlsx', data: b64(bad) });
    err(r, 422, 'IMPORT_REJECTED');
    assert.deepEqual(await state(), s0, 'a file with a bad row writes nothing');

    const good = await xlsx(header, [
      ['KP-I1', '城西农贸市场', '商场市场', 120.004, 32.015, 150, '1分钟'],
      ['KP-I2', '西关银行', '金融网点', '120.009', '32.009', '100', '90秒'],
      ['KP-W2', '西关医院', '医院', 120.012, 32.012, 200, 120],
    ]);
    const a = ok<ExchangeResult>(await A.admin.post('/api/exchange/keyplaces/apply', { filename: 'kp.xlsx', data: b64(good) }));
    assert.deepEqual([a.applied, a.created, a.updated, a.unchanged], [true, 2, 1, 0]);
    const list = ok<KeyPlace[]>(await A.admin.get('/api/key-places'));
    const by = (code: string) => list.find((k) => k.code === code)!;
    assert.deepEqual([by('KP-I1').targetS, by('KP-I1').kind, by('KP-I1').stationId], [60, 'market', world.area.S1]);
    assert.deepEqual([by('KP-I2').targetS, by('KP-I2').radiusM], [90, 100]);
    assert.equal(by('KP-W2').targetS, 120);
    // each record audited by its own service, so the history of the import's edit is there
    const h = ok<PlaceChange[]>(await A.admin.get(`/api/key-places/${by('KP-W2').id}/history`));
    assert.deepEqual(h[0]!.after, { targetS: 120 });
  });

  test('a station lead\'s file: a point in another station and another station\'s code are refused', async () => {
    const s0 = await state();
    const f = await xlsx(['编码', '名称', '类别', '经度', '纬度', '半径', '响应目标'], [
      ['KP-L1', '东边的点', '其他', 120.03, 32.015, 100, 60],
      ['KP-W1', '西关中心小学', '学校', 120.005, 32.005, 250, 60],
    ]);
    const p = ok<ExchangeResult>(await A.lead2.post('/api/exchange/keyplaces/preview', { filename: 'l.xlsx', data: b64(f) }));
    assert.deepEqual(p.problems.map((x) => [x.row, x.column, x.code]).sort(), [[3, '经度', 'OUT_OF_SCOPE'], [3, '编码', 'DUPLICATE_CODE']].sort(), JSON.stringify(p.problems));
    const p1 = ok<ExchangeResult>(await A.lead1.post('/api/exchange/keyplaces/preview', { filename: 'l.xlsx', data: b64(f) }));
    assert.deepEqual(p1.problems.map((x) => [x.row, x.column, x.code]), [[2, '经度', 'OUT_OF_SCOPE']]);
    assert.deepEqual(p1.items[1]!.action, 'unchanged');
    err(await A.officer1.post('/api/exchange/keyplaces/preview', { filename: 'l.xlsx', data: b64(f) }), 403, 'FORBIDDEN');
    assert.deepEqual(await state(), s0);
  });

  test('cameras: a UTF-8 CSV with a bad address is refused whole, then applied', async () => {
    const s0 = await state();
    const bad = '\uFEFF编码,名称,经度,纬度,查看地址\r\nCAM-I1,城西路口,120.003,32.003,https://video.example.cn/a\r\nCAM-I2,城西桥,120.004,32.004,javascript:alert(1)\r\n';
    const p = ok<ExchangeResult>(await A.admin.post('/api/exchange/cameras/preview', { filename: 'c.csv', data: b64(Buffer.from(bad, 'utf-8')) }));
    assert.deepEqual(p.problems.map((x) => [x.row, x.column, x.code]), [[3, '查看地址', 'VALIDATION_FAILED']]);
    // an address the service refuses (credentials in it) is named at its cell, in the places' own Chinese
    const creds = bad.replace('javascript:alert(1)', 'http://user:secret@10.1.2.3/b');
    const pc = ok<ExchangeResult>(await A.admin.post('/api/exchange/cameras/preview', { filename: 'c.csv', data: b64(Buffer.from(creds, 'utf-8')) }));
    assert.deepEqual(pc.problems.map((x) => [x.row, x.column, x.code, x.reason]), [[3, '查看地址', 'VALIDATION_FAILED', '查看地址不能包含用户名或密码']]);
    err(await A.admin.post('/api/exchange/cameras/apply', { filename: 'c.csv', data: b64(Buffer.from(bad, 'utf-8')) }), 422, 'IMPORT_REJECTED');
    assert.deepEqual(await state(), s0);
    const good = bad.replace('javascript:alert(1)', 'http://10.1.2.3/b');
    const a = ok<ExchangeResult>(await A.admin.post('/api/exchange/cameras/apply', { filename: 'c.csv', data: b64(Buffer.from(good, 'utf-8')) }));
    assert.deepEqual([a.created, a.updated], [2, 0]);
  });

  for (const kind of ['keyplaces', 'cameras'] as const) {
    test(`an export of ${kind} re-imports to no change`, async () => {
      const ex = await A.admin.get(`/api/exchange/${kind}/export`);
      assert.equal(ex.statusCode, 200);
      const s0 = await state();
      const a = ok<ExchangeResult>(await A.admin.post(`/api/exchange/${kind}/apply`, { filename: `${kind}.xlsx`, data: b64(ex.rawPayload) }));
      assert.ok(a.rows >= 3, `${a.rows} rows`);
      assert.deepEqual([a.created, a.updated, a.unchanged, a.problems.length], [0, 0, a.rows, 0]);
      const s1 = await state();
      assert.deepEqual([s1.key_places, s1.cameras], [s0.key_places, s0.cameras], 'no record changed');
      // the export of a station lead holds their station's only
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await A.lead2.get(`/api/exchange/${kind}/export`)).rawPayload as unknown as ArrayBuffer);
      const codes = wb.worksheets[0]!.getColumn(1).values.slice(2).map(String);
      assert.ok(codes.every((c) => !c.includes('-W') && !c.includes('-I')), codes.join(','));
    });
  }
});
