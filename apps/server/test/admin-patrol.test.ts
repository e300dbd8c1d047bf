// Issue 12 part 1 (and part 4 for points): the bureau administers its must-patrol points and lines and its areas'
// response targets. Create, edit with the version read, retire and reactivate; a station lead inside the station
// only (a record outside is 404, a place outside 403), admins everywhere; bad input 4xx naming the field and writing
// nothing; retiring refused while a published plan of today or later uses the place (409 naming the plans); every
// change audited. A response target changed by a lead is the target dispatch compliance counts against. Points come
// and go through Excel too: a file with a bad row writes nothing, a good one is applied, an export re-imports to no
// change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Area, Compliance, ExchangeResult, Incident, PatrolLine, PatrolPlan, PatrolPoint } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let admin: Agent;
let lead1: Agent;
let lead2: Agent;
let officer: Agent;
let disp: Agent;
let shiftId: number;

type Res = { statusCode: number; body: string; json(): unknown; rawPayload: Buffer };
const ok = <T>(r: Res, status = 200): T => {
  assert.equal(r.statusCode, status, r.body.slice(0, 2000));
  return r.json() as T;
};
const code = (r: Res, status: number, c: string): { code: string; details?: unknown } => {
  assert.equal(r.statusCode, status, r.body.slice(0, 2000));
  const b = r.json() as { code: string; details?: unknown };
  assert.equal(b.code, c, r.body.slice(0, 2000));
  return b;
};
/** The field named by an error (details.field, or the first entry of a validation list). */
const fieldOf = (b: { details?: unknown }): string | undefined => (Array.isArray(b.details) ? (b.details[0] as { field?: string })?.field : (b.details as { field?: string } | undefined)?.field);
const send = (a: Agent, method: 'PATCH' | 'PUT', url: string, body: unknown) =>
  env.app.inject({ method, url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: body as string });

const count = async (table: string, where = sql`true`) => (await sql<{ n: number }>`select count(*)::int n from ${sql.table(table)} where ${where}`.execute(env.ctx.db)).rows[0]!.n;
/** Every row of the tables these writes touch, with its version: a refused request leaves them exactly as they were. */
const state = async () => ({
  points: (await sql<{ s: string }>`select coalesce(string_agg(id || ':' || version || ':' || active, ',' order by id), '') s from patrol_points`.execute(env.ctx.db)).rows[0]!.s,
  lines: (await sql<{ s: string }>`select coalesce(string_agg(id || ':' || version || ':' || active, ',' order by id), '') s from patrol_lines`.execute(env.ctx.db)).rows[0]!.s,
  areas: (await sql<{ s: string }>`select string_agg(id || ':' || version || ':' || coalesce(response_target_s, 0), ',' order by id) s from areas`.execute(env.ctx.db)).rows[0]!.s,
  audit: await count('audit_log'),
});
const auditOf = async (entity: string, id: number) =>
  (await sql<{ action: string; detail: Record<string, unknown>; actor: string }>`select action, detail, username actor from audit_log where resource_type = ${entity} and resource_id = ${String(id)} order by id`.execute(env.ctx.db)).rows;

const POINT = { code: 'XS-SCH-01', name: '实验小学门口', kind: 'must_arrive', tier: 'street', lon: 120.006, lat: 32.006, visitsPerShift: 1, dwellMinutes: 10, windowStart: '07:30', windowEnd: '08:30', minGapMinutes: 0, radiusM: 60 };
const LINE = { code: 'XS-L-01', name: '南路西段', tier: 'street', visitsPerShift: 1, coordinates: [[120.003, 32.005], [120.008, 32.005], [120.012, 32.0052]] };

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  shiftId = (await env.ctx.db.insertInto('patrol_shifts').values({ code: 'day', name: '早班', starts_at: '08:00', duration_min: 480 }).returning('id').executeTakeFirstOrThrow()).id;
  await sql`update units set patrol_tier = 'street', patrol_area_id = ${world.area.S1!}, base_lon = lon, base_lat = lat where callsign in ('W01','W02')`.execute(env.ctx.db);
  admin = await login(env.app, 'admin');
  lead1 = await login(env.app, 'lead1');
  lead2 = await login(env.app, 'lead2');
  officer = await login(env.app, 'officer1');
  disp = await login(env.app, 'dispatcher');
});
after(async () => env?.close());

describe('must-patrol points', () => {
  let p: PatrolPoint;
  test('a station lead creates a point in the station (audited); outside it, outside the county or bad values write nothing', async () => {
    const before = await state();
    code(await lead1.post('/api/patrol/points', { ...POINT, lon: 120.03 }), 403, 'OUT_OF_SCOPE');
    assert.equal(fieldOf(code(await admin.post('/api/patrol/points', { ...POINT, lon: 120.2 }), 422, 'OUTSIDE_JURISDICTION')), '/lon');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/points', { ...POINT, windowEnd: undefined }), 400, 'VALIDATION_FAILED')), '/windowEnd');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/points', { ...POINT, windowStart: '25:00' }), 400, 'VALIDATION_FAILED')), '/windowStart');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/points', { ...POINT, windowStart: '08:00', windowEnd: '08:05' }), 400, 'VALIDATION_FAILED')), '/dwellMinutes');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/points', { ...POINT, visitsPerShift: 13 }), 400, 'VALIDATION_FAILED')), '/visitsPerShift');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/points', { ...POINT, radiusM: 5 }), 400, 'VALIDATION_FAILED')), '/radiusM');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/points', { ...POINT, visitsPerShift: 4, minGapMinutes: 500, windowStart: null, windowEnd: null }), 400, 'VALIDATION_FAILED')), '/minGapMinutes');
    code(await officer.post('/api/patrol/points', POINT), 403, 'FORBIDDEN');
    code(await disp.post('/api/patrol/points', POINT), 403, 'FORBIDDEN');
    assert.deepEqual(await state(), before);

    p = ok<PatrolPoint>(await lead1.post('/api/patrol/points', POINT), 201);
    assert.deepEqual([p.areaId, p.windowStart, p.windowEnd, p.radiusM, p.active, p.version], [world.area.S1, '07:30', '08:30', 60, true, 1]);
    const dup = code(await admin.post('/api/patrol/points', { ...POINT, name: '别的' }), 409, 'DUPLICATE_PATROL_CODE');
    assert.equal(fieldOf(dup), '/code');
    const [a] = await auditOf('patrol_point', p.id);
    assert.deepEqual([a!.action, a!.actor, a!.detail.code], ['patrol_point.create', 'lead1', 'XS-SCH-01']);
  });

  test('edit with the version read: what changed is audited; a stale version, another station or a move out of the station write nothing', async () => {
    const e = ok<PatrolPoint>(await send(lead1, 'PATCH', `/api/patrol/points/${p.id}`, { version: p.version, name: '实验小学南门', dwellMinutes: 15, kind: 'must_patrol', lon: 120.0065, lat: 32.0061 }));
    assert.deepEqual([e.name, e.dwellMinutes, e.kind, e.lon, e.lat, e.version], ['实验小学南门', 15, 'must_patrol', 120.0065, 32.0061, 2]);
    const audits = await auditOf('patrol_point', p.id);
    assert.equal(audits.at(-1)!.action, 'patrol_point.update');
    assert.deepEqual(audits.at(-1)!.detail.changes, { name: ['实验小学门口', '实验小学南门'], kind: ['must_arrive', 'must_patrol'], lon: [120.006, 120.0065], lat: [32.006, 32.0061], dwellMinutes: [10, 15] });

    const before = await state();
    code(await send(lead1, 'PATCH', `/api/patrol/points/${p.id}`, { version: p.version, name: '旧版本' }), 409, 'STALE_VERSION');
    code(await send(lead2, 'PATCH', `/api/patrol/points/${p.id}`, { version: e.version, name: '东所改' }), 404, 'PATROL_POINT_NOT_FOUND');
    code(await lead2.post(`/api/patrol/points/${p.id}/retire`, { version: e.version }), 404, 'PATROL_POINT_NOT_FOUND');
    code(await send(lead1, 'PATCH', `/api/patrol/points/${p.id}`, { version: e.version, lon: 120.03, lat: 32.006 }), 403, 'OUT_OF_SCOPE');
    assert.equal(fieldOf(code(await send(lead1, 'PATCH', `/api/patrol/points/${p.id}`, { version: e.version, lon: 120.007 }), 400, 'VALIDATION_FAILED')), '/lat');
    assert.equal(fieldOf(code(await send(lead1, 'PATCH', `/api/patrol/points/${p.id}`, { version: e.version, windowStart: null }), 400, 'VALIDATION_FAILED')), '/windowStart');
    code(await send(officer, 'PATCH', `/api/patrol/points/${p.id}`, { version: e.version, name: 'x' }), 403, 'FORBIDDEN');
    code(await send(lead1, 'PATCH', `/api/patrol/points/${p.id}`, { version: e.version, code: 'NEW' }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(await state(), before);
    p = e;
  });

  test('retire and reactivate (versioned, audited); twice is 409 INVALID_TRANSITION; a retired point stays listed as inactive', async () => {
    const r = ok<PatrolPoint>(await lead1.post(`/api/patrol/points/${p.id}/retire`, { version: p.version, reason: '学校搬迁' }));
    assert.deepEqual([r.active, r.version], [false, p.version + 1]);
    code(await lead1.post(`/api/patrol/points/${p.id}/retire`, { version: r.version }), 409, 'INVALID_TRANSITION');
    const listed = ok<PatrolPoint[]>(await lead1.get(`/api/patrol/points?areaId=${world.area.S1}&active=false`));
    assert.deepEqual(listed.map((x) => x.id), [p.id]);
    const back = ok<PatrolPoint>(await lead1.post(`/api/patrol/points/${p.id}/reactivate`, { version: r.version }));
    assert.deepEqual([back.active, back.version], [true, r.version + 1]);
    code(await lead1.post(`/api/patrol/points/${p.id}/reactivate`, { version: back.version }), 409, 'INVALID_TRANSITION');
    const acts = (await auditOf('patrol_point', p.id)).map((a) => a.action);
    assert.deepEqual(acts.slice(-2), ['patrol_point.retire', 'patrol_point.reactivate']);
    assert.equal((await auditOf('patrol_point', p.id)).at(-2)!.detail.reason, '学校搬迁');
    // an admin moves it into the east station: its area follows
    const moved = ok<PatrolPoint>(await send(admin, 'PATCH', `/api/patrol/points/${p.id}`, { version: back.version, lon: 120.025, lat: 32.006 }));
    assert.equal(moved.areaId, world.area.S2);
    code(await send(lead1, 'PATCH', `/api/patrol/points/${p.id}`, { version: moved.version, name: 'x' }), 404, 'PATROL_POINT_NOT_FOUND');
    ok(await send(admin, 'PATCH', `/api/patrol/points/${p.id}`, { version: moved.version, lon: 120.0065, lat: 32.0061 }));
  });
});

describe('must-patrol lines', () => {
  let l: PatrolLine;
  test('create: at least two distinct vertices, each in the county and in the caller\'s station, of a sane length; nothing written otherwise', async () => {
    const before = await state();
    code(await lead1.post('/api/patrol/lines', { ...LINE, coordinates: [[120.003, 32.005]] }), 400, 'VALIDATION_FAILED');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/lines', { ...LINE, coordinates: [[120.003, 32.005], [120.003, 32.005]] }), 400, 'VALIDATION_FAILED')), '/coordinates');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/lines', { ...LINE, coordinates: [[120.003, 32.005], [120.00305, 32.005]] }), 400, 'VALIDATION_FAILED')), '/coordinates', 'about 5 m: too short');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/lines', { ...LINE, coordinates: [[120.003, 32.005], [120.003, 32.05]] }), 422, 'OUTSIDE_JURISDICTION')), '/coordinates/1');
    assert.equal(fieldOf(code(await lead1.post('/api/patrol/lines', { ...LINE, coordinates: [[120.003, 32.005], [120.015, 32.005], [120.025, 32.005]] }), 403, 'OUT_OF_SCOPE')), '/coordinates/2');
    // a zigzag of 21 vertices across the west station: about 35 km
    const zigzag = Array.from({ length: 21 }, (_, i) => [i % 2 ? 120.019 : 120.001, 32.001 + i * 0.0009]);
    const long = code(await lead1.post('/api/patrol/lines', { ...LINE, coordinates: zigzag }), 400, 'VALIDATION_FAILED');
    assert.equal(fieldOf(long), '/coordinates');
    assert.match(JSON.stringify(long.details), /at most 30 km/);
    code(await lead1.post('/api/patrol/lines', { ...LINE, coordinates: [[120.003, 200], [120.008, 32.005]] }), 400, 'VALIDATION_FAILED');
    code(await officer.post('/api/patrol/lines', LINE), 403, 'FORBIDDEN');
    assert.deepEqual(await state(), before);

    l = ok<PatrolLine>(await lead1.post('/api/patrol/lines', { ...LINE, coordinates: [[120.003, 32.005], [120.003, 32.005], ...LINE.coordinates.slice(1)] }), 201);
    assert.deepEqual(l.coordinates, LINE.coordinates, 'a repeated vertex is dropped');
    assert.deepEqual([l.areaId, l.version, l.active], [world.area.S1, 1, true]);
    assert.ok(Math.abs(l.lengthM - 852) < 15, `${l.lengthM} m`);
    assert.equal((await auditOf('patrol_line', l.id))[0]!.action, 'patrol_line.create');
  });

  test('edit the name and the course with the version read; stale, another station\'s lead, a course leaving the station: nothing written', async () => {
    const course = [[120.003, 32.015], [120.015, 32.015]];
    const e = ok<PatrolLine>(await send(lead1, 'PATCH', `/api/patrol/lines/${l.id}`, { version: l.version, name: '北路西段', visitsPerShift: 2, coordinates: course }));
    assert.deepEqual([e.name, e.visitsPerShift, e.coordinates, e.version], ['北路西段', 2, course, 2]);
    const au = (await auditOf('patrol_line', l.id)).at(-1)!;
    assert.equal(au.action, 'patrol_line.update');
    assert.deepEqual(Object.keys(au.detail.changes as object).sort(), ['coordinates', 'name', 'visitsPerShift']);
    const before = await state();
    code(await send(lead1, 'PATCH', `/api/patrol/lines/${l.id}`, { version: l.version, name: '旧' }), 409, 'STALE_VERSION');
    code(await send(lead2, 'PATCH', `/api/patrol/lines/${l.id}`, { version: e.version, name: '东' }), 404, 'PATROL_LINE_NOT_FOUND');
    code(await lead2.post(`/api/patrol/lines/${l.id}/retire`, { version: e.version }), 404, 'PATROL_LINE_NOT_FOUND');
    assert.equal(fieldOf(code(await send(lead1, 'PATCH', `/api/patrol/lines/${l.id}`, { version: e.version, coordinates: [[120.003, 32.015], [120.035, 32.015]] }), 403, 'OUT_OF_SCOPE')), '/coordinates/1');
    code(await send(lead1, 'PATCH', `/api/patrol/lines/${l.id}`, { version: e.version, coordinates: [[120.003, 32.015]] }), 400, 'VALIDATION_FAILED');
    code(await send(lead1, 'PATCH', `/api/patrol/lines/${999999}`, { version: 1, name: 'x' }), 404, 'PATROL_LINE_NOT_FOUND');
    assert.deepEqual(await state(), before);
    const r = ok<PatrolLine>(await lead1.post(`/api/patrol/lines/${l.id}/retire`, { version: e.version }));
    assert.equal(r.active, false);
    assert.deepEqual(ok<PatrolLine[]>(await lead1.get(`/api/patrol/lines?areaId=${world.area.S1}&active=true`)).map((x) => x.id), []);
    const back = ok<PatrolLine>(await lead1.post(`/api/patrol/lines/${l.id}/reactivate`, { version: r.version }));
    assert.deepEqual([back.active, back.version], [true, 4]);
  });
});

describe('retiring what a published plan uses', () => {
  test('a point and a line of today\'s published plan cannot be retired (409 naming the plan, nothing written); once the plan is cancelled they can', async () => {
    const pt = ok<PatrolPoint>(await lead1.post('/api/patrol/points', { ...POINT, code: 'XS-BANK', name: '农商行', lon: 120.012, lat: 32.012, windowStart: null, windowEnd: null }), 201);
    const ln = ok<PatrolLine[]>(await lead1.get(`/api/patrol/lines?areaId=${world.area.S1}&active=true`))[0]!;
    // 10:00 local on 2026-06-15: the day shift (08:00-16:00) of today
    const plan = ok<PatrolPlan>(await lead1.post('/api/patrol/plans/generate', { date: '2026-06-15', shiftId, tier: 'street', areaId: world.area.S1, timeBudgetMs: 300 }), 201);
    const uses = (kind: string, ref: number) => plan.routes.some((r) => r.stops.some((s) => s.kind === kind && s.ref === String(ref))) || plan.unmet.some((u) => u.kind === kind && u.ref === String(ref));
    assert.ok(uses('point', pt.id) && uses('line', ln.id), 'the plan has both');
    // a draft does not hold them
    const pub = ok<PatrolPlan>(await lead1.post(`/api/patrol/plans/${plan.id}/publish`, { version: plan.version }));
    const before = await state();
    const refused = code(await lead1.post(`/api/patrol/points/${pt.id}/retire`, { version: pt.version }), 409, 'STILL_REFERENCED');
    const plans = (refused.details as { plans: { planId: number; date: string; shiftName: string; areaName: string }[] }).plans;
    assert.deepEqual(plans.map((x) => [x.planId, x.date, x.shiftName, x.areaName]), [[plan.id, '2026-06-15', '早班', '西所']]);
    assert.match((refused as unknown as { message: string }).message, new RegExp(`#${plan.id} 2026-06-15 早班`));
    code(await send(lead1, 'PATCH', `/api/patrol/points/${pt.id}`, { version: pt.version, active: false }), 409, 'STILL_REFERENCED');
    code(await lead1.post(`/api/patrol/lines/${ln.id}/retire`, { version: ln.version }), 409, 'STILL_REFERENCED');
    assert.deepEqual(await state(), before, 'nothing written, not even an audit row');
    ok(await lead1.post(`/api/patrol/plans/${plan.id}/cancel`, { version: pub.version }));
    assert.equal(ok<PatrolLine>(await lead1.post(`/api/patrol/lines/${ln.id}/retire`, { version: ln.version })).active, false);
    // a published plan of a past day is history: it does not hold the point
    const past = ok<PatrolPlan>(await lead1.post('/api/patrol/plans/generate', { date: '2026-06-13', shiftId, tier: 'street', areaId: world.area.S1, timeBudgetMs: 300 }), 201);
    assert.ok(past.routes.some((r) => r.stops.some((s) => s.kind === 'point' && s.ref === String(pt.id))) || past.unmet.some((u) => u.ref === String(pt.id)));
    ok(await lead1.post(`/api/patrol/plans/${past.id}/publish`, { version: past.version }));
    const retired = ok<PatrolPoint>(await lead1.post(`/api/patrol/points/${pt.id}/retire`, { version: pt.version }));
    assert.equal(retired.active, false);
    ok(await lead1.post(`/api/patrol/points/${pt.id}/reactivate`, { version: retired.version }));
  });
});

describe('area response targets', () => {
  const areaOf = async (a: Agent, id: number) => ok<Area>(await a.get(`/api/areas/${id}`));
  test('a station lead sets the station\'s target (audited); the county above, another station, bad values and stale versions write nothing', async () => {
    const s1 = await areaOf(lead1, world.area.S1!);
    assert.deepEqual([s1.responseTargetS, s1.version], [null, 1]);
    const before = await state();
    assert.equal(fieldOf(code(await send(lead1, 'PUT', `/api/areas/${world.area.S1}/response-target`, { version: 1, targetS: 59 }), 400, 'VALIDATION_FAILED')), '/targetS');
    assert.equal(fieldOf(code(await send(lead1, 'PUT', `/api/areas/${world.area.S1}/response-target`, { version: 1, targetS: 3601 }), 400, 'VALIDATION_FAILED')), '/targetS');
    code(await send(lead1, 'PUT', `/api/areas/${world.area.S1}/response-target`, { version: 1, targetS: 120.5 }), 400, 'VALIDATION_FAILED');
    code(await send(lead1, 'PUT', `/api/areas/${world.area.S2}/response-target`, { version: 1, targetS: 120 }), 404, 'AREA_NOT_FOUND');
    code(await send(lead1, 'PUT', `/api/areas/${world.area.C}/response-target`, { version: 1, targetS: 120 }), 403, 'OUT_OF_SCOPE');
    code(await send(officer, 'PUT', `/api/areas/${world.area.S1}/response-target`, { version: 1, targetS: 120 }), 403, 'FORBIDDEN');
    code(await send(disp, 'PUT', `/api/areas/${world.area.S1}/response-target`, { version: 1, targetS: 120 }), 403, 'FORBIDDEN');
    code(await send(lead1, 'PUT', `/api/areas/${world.area.S1}/response-target`, { version: 2, targetS: 120 }), 409, 'STALE_VERSION');
    // a retired area (Z1 and Z2 are live; the bundle left none retired: use an unknown id)
    code(await send(admin, 'PUT', `/api/areas/999999/response-target`, { version: 1, targetS: 120 }), 404, 'AREA_NOT_FOUND');
    assert.deepEqual(await state(), before);
    const set = ok<Area>(await send(lead1, 'PUT', `/api/areas/${world.area.S1}/response-target`, { version: 1, targetS: 600 }));
    assert.deepEqual([set.responseTargetS, set.version], [600, 2]);
    const cleared = ok<Area>(await send(admin, 'PUT', `/api/areas/${world.area.S1}/response-target`, { version: 2, targetS: null }));
    assert.deepEqual([cleared.responseTargetS, cleared.version], [null, 3]);
    const au = await auditOf('area', world.area.S1!);
    assert.deepEqual(au.map((a) => [a.action, a.actor, a.detail.from, a.detail.to]), [
      ['area.response_target', 'lead1', null, 600],
      ['area.response_target', 'admin', 600, null],
    ]);
    assert.equal(ok<Area[]>(await lead1.get('/api/areas?kind=station')).find((a) => a.id === world.area.S1)!.responseTargetS, null);
  });

  test('dispatch compliance counts against the target the area had when the call came: 150 s meets 300 s, not 120 s; the most specific area wins', async () => {
    const respond = async (lon: number, lat: number): Promise<Incident> => {
      const inc = ok<Incident>(await disp.post('/api/incidents', newIncident({ lon, lat })), 201);
      const unit = lon < 120.01 ? world.unit.W01 : world.unit.W02;
      const d = ok<Incident>(await disp.post(`/api/incidents/${inc.id}/dispatch`, { unitId: unit, version: inc.version }));
      env.clock.advance(150_000);
      const a = ok<Incident>(await disp.post(`/api/incidents/${inc.id}/transition`, { action: 'arrive', version: d.version }));
      const done = ok<Incident>(await disp.post(`/api/incidents/${inc.id}/transition`, { action: 'resolve', version: a.version, disposition: 'handled' }));
      env.clock.advance(60_000);
      return done;
    };
    const from = env.clock.now().toISOString();
    const first = await respond(120.005, 32.005);
    assert.deepEqual([first.response.targetSeconds, first.response.dispatchToArrivalS, first.response.met], [300, 150, true]);
    const s1 = await areaOf(lead1, world.area.S1!);
    ok(await send(lead1, 'PUT', `/api/areas/${world.area.S1}/response-target`, { version: s1.version, targetS: 120 }));
    const g121 = await areaOf(lead1, world.area.G121!);
    ok(await send(lead1, 'PUT', `/api/areas/${world.area.G121}/response-target`, { version: g121.version, targetS: 180 }));
    const second = await respond(120.005, 32.005);
    assert.deepEqual([second.response.targetSeconds, second.response.met], [120, false]);
    const third = await respond(120.015, 32.005);
    assert.deepEqual([third.response.targetSeconds, third.response.met], [180, true], 'the grid\'s own target before the station\'s');
    const stats = ok<Compliance>(await disp.get(`/api/stats/response?level=station&from=${encodeURIComponent(from)}`));
    const row = stats.rows.find((r) => r.areaId === world.area.S1)!;
    assert.deepEqual([row.arrived, row.met, row.complianceRate], [3, 2, 0.667]);
  });
});

// ------------------------------------------------------------------ Excel

const b64 = (b: Buffer) => b.toString('base64');
const HEAD = ['编号', '名称', '类型', '巡防层级', '经度', '纬度', '每班次数', '停留分钟', '时间窗开始', '时间窗结束', '最小间隔分钟', '签到半径米', '状态'];
async function xlsx(rows: ExcelJS.CellValue[][], head = HEAD): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('必巡点位');
  ws.addRow(head);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = (a: Agent, what: 'preview' | 'apply', bytes: Buffer) => a.post(`/api/exchange/patrolpoints/${what}`, { filename: 'points.xlsx', data: b64(bytes) });

describe('Excel exchange of patrol points', () => {
  test('the template has the Chinese headers and a 说明 sheet', async () => {
    const r = await lead1.get('/api/exchange/patrolpoints/template');
    assert.equal(r.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['必巡点位', '说明']);
    assert.deepEqual((wb.worksheets[0]!.getRow(1).values as string[]).slice(1), ['编号*', '名称*', '类型*', '巡防层级*', '经度*', '纬度*', '每班次数*', '停留分钟*', '时间窗开始', '时间窗结束', '最小间隔分钟', '签到半径米', '状态']);
    assert.match(wb.worksheets[1]!.getColumn(4).values.slice(2).join('\n'), /必巡点、必到点/);
  });

  test('a file with bad rows names each bad cell and writes nothing; the good file is applied through the services, audited', async () => {
    const good = ['XS-MKT', '农贸市场', '必巡点', '街面巡防', '120.011', '32.013', '2', '5', '', '', '90', '', '在用'];
    // an Excel time cell (a Date at 1899-12-30) for a window
    const windowed = ['XS-KG', '幼儿园', '必到点', '街面', '120.004', '32.016', 1, 10, new Date(Date.UTC(1899, 11, 30, 16, 20)), '17:00', '', '80', ''];
    const bad = [
      ['XS-OUT', '县外', '必巡点', '街面巡防', '121.5', '32.013', '1', '5', '', '', '', '', ''],
      ['XS-E', '东所的点', '必巡点', '街面巡防', '120.03', '32.013', '1', '5', '', '', '', '', ''],
      ['XS-W', '窗口坏', '必到点', '街面巡防', '120.012', '32.011', '1', '30', '08:00', '08:10', '', '', ''],
      ['XS-T', '类型坏', '必看点', '街面巡防', '120.012', '32.011', '0', '5', '8点', '', '', '', '作废'],
      ['XS-MKT', '重复', '必巡点', '街面巡防', '120.011', '32.013', '1', '5', '', '', '', '', ''],
    ];
    const file = await xlsx([good, windowed, ...bad]);
    const before = await state();
    const pv = ok<ExchangeResult>(await upload(lead1, 'preview', file));
    const cells = pv.problems.map((p) => [p.row, p.column, p.code]);
    assert.deepEqual(cells, [
      [4, '经度', 'OUTSIDE_JURISDICTION'],
      [5, '经度', 'OUT_OF_SCOPE'],
      [6, '停留分钟', 'VALIDATION_FAILED'],
      [7, '类型', 'UNKNOWN_VALUE'],
      [7, '每班次数', 'OUT_OF_RANGE'],
      [7, '时间窗开始', 'BAD_TIME'],
      [7, '时间窗结束', 'REQUIRED'],
      [7, '状态', 'UNKNOWN_VALUE'],
      [8, '编号', 'DUPLICATE_IN_FILE'],
    ]);
    assert.equal(pv.problems.find((p) => p.row === 6)!.reason, '停留时间超过了时间窗的长度');
    assert.equal(pv.problems.find((p) => p.row === 4)!.value, '121.5');
    assert.deepEqual([pv.created, pv.applied], [2, false]);
    const rej = code(await upload(lead1, 'apply', file), 422, 'IMPORT_REJECTED');
    assert.equal((rej.details as ExchangeResult).problems.length, 9);
    assert.deepEqual(await state(), before, 'nothing written');

    const a = ok<ExchangeResult>(await upload(lead1, 'apply', await xlsx([good, windowed])));
    assert.deepEqual([a.applied, a.created, a.updated], [true, 2, 0]);
    const pts = ok<PatrolPoint[]>(await lead1.get(`/api/patrol/points?areaId=${world.area.S1}`));
    const kg = pts.find((p) => p.code === 'XS-KG')!;
    assert.deepEqual([kg.kind, kg.tier, kg.windowStart, kg.windowEnd, kg.radiusM, kg.dwellMinutes], ['must_arrive', 'street', '16:20', '17:00', 80, 10]);
    const mkt = pts.find((p) => p.code === 'XS-MKT')!;
    assert.deepEqual([mkt.visitsPerShift, mkt.minGapMinutes, mkt.radiusM, mkt.areaId], [2, 90, 50, world.area.S1]);
    assert.equal((await auditOf('patrol_point', kg.id))[0]!.actor, 'lead1');
    assert.equal(await count('audit_log', sql`action = 'exchange.applied' and resource_type = 'patrolpoints'`), 1);
  });

  test('the export re-imports to no change; edits, a move and a retirement by file; a planned point is not retired', async () => {
    const ex = await lead1.get('/api/exchange/patrolpoints/export');
    assert.equal(ex.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ex.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((r, n) => n > 1 && rows.push((r.values as string[]).slice(1).map((v) => String(v ?? ''))));
    const mine = ok<PatrolPoint[]>(await lead1.get('/api/patrol/points'));
    assert.deepEqual(rows.map((r) => r[0]).sort(), mine.map((p) => p.code).sort(), 'the station\'s points, active and retired');
    const again = ok<ExchangeResult>(await upload(lead1, 'preview', ex.rawPayload));
    assert.deepEqual([again.problems, again.created, again.updated, again.unchanged], [[], 0, 0, rows.length]);

    // the market renamed and moved, the kindergarten retired
    const edited = rows.map((r) => (r[0] === 'XS-MKT' ? [r[0], '农贸市场东门', ...r.slice(2, 4), '120.0115', r[5], ...r.slice(6)] : r[0] === 'XS-KG' ? [...r.slice(0, 12), '停用'] : r));
    const a = ok<ExchangeResult>(await upload(lead1, 'apply', await xlsx(edited)));
    assert.deepEqual([a.updated, a.unchanged], [2, rows.length - 2], JSON.stringify(a.items));
    assert.deepEqual(a.items.find((i) => i.key === 'XS-MKT')!.changes, ['名称', '经度']);
    const now = ok<PatrolPoint[]>(await lead1.get('/api/patrol/points'));
    assert.deepEqual([now.find((p) => p.code === 'XS-MKT')!.name, now.find((p) => p.code === 'XS-MKT')!.lon, now.find((p) => p.code === 'XS-KG')!.active], ['农贸市场东门', 120.0115, false]);
    const ex2 = new ExcelJS.Workbook();
    await ex2.xlsx.load((await lead1.get('/api/exchange/patrolpoints/export')).rawPayload as unknown as ArrayBuffer);
    assert.equal((ex2.worksheets[0]!.getRow(1 + rows.findIndex((r) => r[0] === 'XS-KG') + 1).values as string[])[13], '停用', 'a retired point is exported as 停用');

    // a point of a published plan of today: the row that retires it is refused with the plan named, nothing written
    const plan = ok<PatrolPlan>(await lead1.post('/api/patrol/plans/generate', { date: '2026-06-15', shiftId, tier: 'street', areaId: world.area.S1, timeBudgetMs: 300 }), 201);
    ok(await lead1.post(`/api/patrol/plans/${plan.id}/publish`, { version: plan.version }));
    const used = plan.routes.flatMap((r) => r.stops).find((s) => s.kind === 'point')!;
    const usedCode = now.find((p) => String(p.id) === used.ref)!.code;
    const retireUsed = edited.map((r) => (r[0] === usedCode ? [...r.slice(0, 12), '停用'] : r));
    const before = await state();
    const rej = code(await upload(lead1, 'apply', await xlsx(retireUsed)), 422, 'IMPORT_REJECTED');
    const prob = (rej.details as ExchangeResult).problems;
    assert.deepEqual(prob.map((p) => [p.column, p.code]), [['状态', 'STILL_REFERENCED']]);
    assert.match(prob[0]!.reason, new RegExp(`2026-06-15 早班（西所，计划#${plan.id}）`));
    assert.deepEqual(await state(), before);
    // another station's lead cannot edit S1's points by file
    const other = ok<ExchangeResult>(await upload(lead2, 'preview', await xlsx([edited.find((r) => r[0] === 'XS-MKT')!])));
    assert.deepEqual(other.problems.map((p) => [p.column, p.code]), [['编号', 'PATROL_POINT_NOT_FOUND']]);
  });
});
