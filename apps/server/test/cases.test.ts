// Issue 17: cases in hand. Opening from an incident and from a warning with a loss, scope (officers, case team, the
// station's leads; anyone else 404 CASE_NOT_FOUND), required items (409 naming what is missing), deadlines computed
// from stored times (days, months, hours; a changed limit moves open steps), stale versions, the deputy's list and
// the ladder's notifications, the screens, and the indicators recomputed from the records.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import * as core from '@jingwang/core';
import * as contracts from '@jingwang/contracts';
import type { CaseDetailT, CaseScreenT, CaseStatsT, CaseSupervisionT, CaseT, FraudIntakeResult, SubjectIndicators } from '@jingwang/contracts';
import { superviseCases } from '../src/modules/cases/supervision';
import { ensureDefaults } from '../src/modules/tasks/catalogue';
import { buildWorld, createTestEnv, login, newIncident, T0, type Agent, type TestEnv, type World } from './helpers';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4AWM4ISf3HwAEugIEzCecNQAAAABJRU5ErkJggg==';
const H = 3_600_000;

let env: TestEnv;
let world: World;
const a: Record<string, Agent> = {};
let teamId: number;

const notFound = (r: { statusCode: number; body: string; json(): unknown }) => {
  assert.equal(r.statusCode, 404, r.body);
  assert.equal((r.json() as { code: string }).code, 'CASE_NOT_FOUND');
};

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await ensureDefaults(env.ctx);
  const db = env.ctx.db;
  const agency = await db.selectFrom('agencies').select('id').where('code', '=', 'A1').executeTakeFirstOrThrow();
  teamId = (await db.insertInto('teams').values({ code: 'CT1', name: '西所办案队', kind: 'case_team', agency_id: agency.id, area_id: world.area.S1! }).returning('id').executeTakeFirstOrThrow()).id;
  await db.updateTable('people').set({ team_id: teamId }).where('id', '=', world.person.P1B!).execute();
  await sql`update users set person_id = ${world.person.P1!} where username = 'officer1'`.execute(db);
  const users = await db.selectFrom('users').select(['password_hash']).where('username', '=', 'officer1').executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values([
      { username: 'officer1b', display_name: 'officer1b', password_hash: users.password_hash, role: 'officer', scope_area_id: world.area.S1!, person_id: world.person.P1B! },
      { username: 'officer2', display_name: 'officer2', password_hash: users.password_hash, role: 'officer', scope_area_id: world.area.S2!, person_id: world.person.P2! },
    ])
    .execute();
  await relogin();
});
/** Sessions expire: after the clock jumps days ahead, everyone logs in again. */
async function relogin() {
  for (const u of ['admin', 'dispatcher', 'district', 'lead1', 'lead2', 'officer1', 'officer1b', 'officer2']) a[u] = await login(env.app, u);
}
after(async () => env?.close());

test('contracts list the kinds, stages, actions and items of core', () => {
  assert.deepEqual([...contracts.CASE_KINDS], [...core.CASE_KINDS]);
  assert.deepEqual([...contracts.CASE_STATUSES].sort(), [...core.CASE_STATUSES].sort());
  assert.deepEqual([...contracts.CASE_ACTIONS].sort(), [...core.CASE_ACTIONS].sort());
  assert.deepEqual([...contracts.CASE_ITEM_TYPES].sort(), [...core.CASE_ITEM_TYPES].sort());
});

describe('a criminal case from an incident', () => {
  let c: CaseDetailT;
  const item = (itemType: string, extra: Record<string, unknown> = {}) => a.officer1!.post(`/api/cases/${c.id}/items`, { itemType, title: itemType, ...extra });
  const step = async (action: string, who = 'officer1') => a[who]!.post(`/api/cases/${c.id}/transition`, { action, version: c.version });

  test('opened from an incident: the incident\'s station, place and a 3-day filing deadline from the stored time', async () => {
    const inc = (await a.dispatcher!.post('/api/incidents', newIncident())).json() as { id: number };
    const r = await a.officer1!.post(`/api/incidents/${inc.id}/case`, { teamId, people: [{ role: 'victim', name: '张三丰', phone: '13912345678' }], title: '盗窃电动车', category: '盗窃' });
    assert.equal(r.statusCode, 200, r.body);
    c = r.json() as CaseDetailT;
    assert.equal(c.kind, 'criminal');
    assert.equal(c.status, 'accepted');
    assert.equal(c.incidentId, inc.id);
    assert.equal(c.station?.id, world.area.S1);
    assert.deepEqual(c.officers.map((o) => o.id), [world.person.P1]);
    assert.match(c.caseNo, /^AJ\d{6}$/);
    assert.equal(c.people[0]!.phoneMasked, '139****5678');
    assert.notEqual(c.people[0]!.nameMasked, '张三丰');
    assert.equal(c.places[0]!.address, '测试路1号');
    // T0 = 15 June 10:00 Beijing: the day of acceptance is not counted, 3 days end on 18 June 24:00 Beijing
    assert.equal(c.deadline?.dueAt, '2026-06-18T16:00:00.000Z');
    assert.equal(c.deadline?.from, T0);
    assert.equal(c.filedAt, null);
    const stored = await env.ctx.db.selectFrom('case_people').select(['name_enc', 'phone_enc']).where('case_id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(env.ctx.cipher.decrypt(stored.phone_enc), '13912345678');
    // the incident drawer lists the cases opened from it
    assert.deepEqual(((await a.officer1!.get(`/api/cases?incidentId=${inc.id}`)).json() as CaseT[]).map((x) => x.id), [c.id]);
    assert.deepEqual((await a.officer2!.get(`/api/cases?incidentId=${inc.id}`)).json(), []);
  });

  test('seen by its officer, its case team and its station\'s leads; 404 for everyone else, as for no case', async () => {
    for (const u of ['officer1', 'officer1b', 'lead1', 'district', 'admin']) assert.equal((await a[u]!.get(`/api/cases/${c.id}`)).statusCode, 200, u);
    for (const u of ['officer2', 'lead2', 'dispatcher']) {
      notFound(await a[u]!.get(`/api/cases/${c.id}`));
      notFound(await a[u]!.get('/api/cases/999999'));
      notFound(await a[u]!.post(`/api/cases/${c.id}/transition`, { action: 'file', version: 1 }));
      notFound(await a[u]!.post(`/api/cases/${c.id}/items`, { itemType: 'other_document', title: 'x' }));
      const list = (await a[u]!.get('/api/cases')).json() as CaseT[];
      assert.ok(!list.some((x) => x.id === c.id), u);
    }
    for (const u of ['officer1', 'officer1b', 'lead1', 'district', 'admin']) assert.ok(((await a[u]!.get('/api/cases')).json() as CaseT[]).some((x) => x.id === c.id), u);
    // an officer cannot open a case for others only
    const r = await a.officer2!.post('/api/cases', { kind: 'criminal', category: '盗窃', title: '他人案件', officerIds: [world.person.P1] });
    assert.equal(r.statusCode, 400, r.body);
  });

  test('a step without its items is refused naming them; stale versions and wrong steps are 409; nothing written', async () => {
    let r = await step('file');
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'CASE_ITEMS_MISSING');
    assert.deepEqual(r.json().details.missing, ['acceptance_receipt', 'filing_decision']);
    assert.equal((await item('acceptance_receipt')).statusCode, 200);
    r = await step('file');
    assert.deepEqual(r.json().details.missing, ['filing_decision']);
    c = (await item('filing_decision', { note: '西公立字〔2026〕1号' })).json() as CaseDetailT;
    assert.deepEqual(c.allowed, [{ action: 'file', missing: [] }, { action: 'decline', missing: ['non_filing_notice'] }]);
    assert.equal((await a.officer1!.post(`/api/cases/${c.id}/transition`, { action: 'file', version: c.version + 1 })).json().code, 'STALE_VERSION');
    r = await step('transfer');
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'INVALID_TRANSITION');
    assert.deepEqual(r.json().details.allowed, ['file', 'decline']);
    assert.equal((await step('investigate')).json().code, 'INVALID_TRANSITION'); // an administrative action
    const still = (await a.officer1!.get(`/api/cases/${c.id}`)).json() as CaseDetailT;
    assert.equal(still.status, 'accepted');
    assert.equal(still.version, c.version);
  });

  test('filed: the investigation runs two months from the stored filing time (month rule)', async () => {
    env.clock.advance(2 * H); // 12:00 Beijing
    const r = await step('file');
    assert.equal(r.statusCode, 200, r.body);
    c = r.json() as CaseDetailT;
    assert.equal(c.status, 'investigating');
    assert.equal(c.filedAt, '2026-06-15T04:00:00.000Z');
    assert.equal(c.deadline?.dueAt, '2026-08-15T16:00:00.000Z');
    assert.equal(c.stages[0]!.onTime, true);
    assert.equal(c.timeline.at(-1)!.action, 'file');
  });

  test('items: photos need a photo, clips a camera and a time range', async () => {
    assert.equal((await item('notification_signature')).statusCode, 400);
    assert.equal((await item('scene_photo', { photo: 'data:image/png;base64,AAAA' })).statusCode, 400);
    const ok = await item('scene_photo', { photo: PNG });
    assert.equal(ok.statusCode, 200, ok.body);
    const photo = (ok.json() as CaseDetailT).items.find((i) => i.itemType === 'scene_photo')!;
    assert.equal(photo.hasPhoto, true);
    const img = await a.lead1!.get(`/api/cases/${c.id}/items/${photo.id}/photo`);
    assert.equal(img.statusCode, 200);
    assert.equal(img.headers['content-type'], 'image/png');
    notFound(await a.lead2!.get(`/api/cases/${c.id}/items/${photo.id}/photo`));
    assert.equal((await item('camera_clip', { note: '嫌疑人向东逃离' })).statusCode, 400);
    assert.equal((await item('camera_clip', { cameraId: 999, clipFrom: '2026-06-15T01:00:00Z', clipTo: '2026-06-15T01:10:00Z' })).statusCode, 400);
    const cam = await sql<{ id: number }>`insert into cameras (code, name, geom) values ('CAM1', '测试路口', st_setsrid(st_makepoint(120.005, 32.005), 4326)) returning id`.execute(env.ctx.db);
    assert.equal((await item('camera_clip', { cameraId: cam.rows[0]!.id, clipFrom: '2026-06-15T01:10:00Z', clipTo: '2026-06-15T01:00:00Z' })).statusCode, 400);
    const clip = await item('camera_clip', { cameraId: cam.rows[0]!.id, clipFrom: '2026-06-15T01:00:00Z', clipTo: '2026-06-15T01:10:00Z', note: '嫌疑人向东逃离' });
    assert.equal(clip.statusCode, 200, clip.body);
    c = clip.json() as CaseDetailT;
  });

  test('detention runs in hours; past it the deputy list shows it overdue, the ladder notifies once, the screens count it', async () => {
    await item('detention_warrant');
    c = (await item('detention_notice')).json() as CaseDetailT;
    env.clock.advance(H + 17 * 60_000); // 13:17 Beijing
    c = (await step('detain')).json() as CaseDetailT;
    assert.equal(c.status, 'detained');
    assert.equal(c.deadline?.dueAt, new Date(Date.parse('2026-06-15T05:17:00Z') + 72 * H).toISOString());
    // nothing to supervise yet (deadline 3 days away, activity now)
    let list = (await a.lead1!.get('/api/cases/supervision')).json() as CaseSupervisionT;
    assert.ok(!list.rows.some((x) => x.id === c.id));
    list = (await a.lead1!.get('/api/cases/supervision?withinDays=3')).json() as CaseSupervisionT;
    assert.deepEqual(list.rows.find((x) => x.id === c.id)?.reasons, ['due_soon']);
    env.clock.advance(97 * H); // 25 h past the deadline: yellow
    await relogin();
    list = (await a.lead1!.get('/api/cases/supervision')).json() as CaseSupervisionT;
    const row = list.rows.find((x) => x.id === c.id)!;
    assert.deepEqual(row.reasons, ['overdue']);
    assert.equal(row.ladder, 'yellow');
    assert.equal(((await a.lead2!.get('/api/cases/supervision')).json() as CaseSupervisionT).rows.length, 0);
    assert.equal((await a.officer1!.get('/api/cases/supervision')).statusCode, 403);
    assert.ok((await superviseCases(env.ctx)) >= 2);
    assert.equal(await superviseCases(env.ctx), 0, 'once per user, rung and deadline');
    const notes = await env.ctx.db.selectFrom('notifications').select(['user_id', 'kind']).where('kind', 'like', 'case_%').execute();
    assert.ok(notes.some((n) => n.user_id === world.user.officer1 && n.kind === 'case_yellow'));
    assert.ok(notes.some((n) => n.user_id === world.user.lead1 && n.kind === 'case_yellow'));
    assert.ok(!notes.some((n) => n.user_id === world.user.lead2));
    const mine = (await a.officer1!.get('/api/cases/screen?mine=true')).json() as CaseScreenT;
    const all = (await a.officer1!.get('/api/cases?mine=true&open=true')).json() as CaseT[];
    assert.equal(mine.open, all.length);
    assert.equal(mine.overdue, all.filter((x) => x.reasons.includes('overdue')).length);
    assert.equal(mine.overdue, 1);
    assert.equal(mine.next[0]!.id, c.id);
  });

  test('solved: the indicators (stats and task measures) are recomputed from the records', async () => {
    c = (await item('solve_report')).json() as CaseDetailT;
    // the stored figures (所屏 and 作战小屏 read these) exist before the step, and must show it at once after
    const stored = () => a.lead1!.get(`/api/indicators?level=station&subjectId=${world.area.S1}`).then((r) => r.json() as SubjectIndicators);
    const before = await stored();
    c = (await step('solve')).json() as CaseDetailT;
    assert.equal(c.status, 'solved');
    const after = await stored();
    assert.equal(after.measures.cases_solved, (before.measures.cases_solved ?? 0) + 1, 'the stored 破案 count moved with the step');
    assert.ok(c.solvedAt);
    const stats = (await a.lead1!.get('/api/cases/stats?level=station&period=2026-06')).json() as CaseStatsT;
    const s1 = stats.rows.find((r) => r.subjectId === world.area.S1)!;
    // recompute from the records
    const rows = (await a.admin!.get('/api/cases')).json() as CaseT[];
    const ofS1 = rows.filter((x) => x.station?.id === world.area.S1);
    const inJune = (t: string | null) => t !== null && t >= stats.from && t < stats.until;
    assert.equal(s1.accepted, ofS1.filter((x) => inJune(x.openedAt)).length);
    assert.equal(s1.filed, ofS1.filter((x) => inJune(x.filedAt)).length);
    assert.equal(s1.solved, ofS1.filter((x) => inJune(x.filedAt) && x.solvedAt !== null && x.solvedAt < stats.until).length);
    const details = await Promise.all(ofS1.map(async (x) => (await a.admin!.get(`/api/cases/${x.id}`)).json() as CaseDetailT));
    const due = details.flatMap((d) => d.stages).filter((s) => s.dueAt !== null && inJune(s.dueAt));
    assert.equal(s1.stepsDue, due.length);
    assert.equal(s1.stepsOnTime, due.filter((s) => s.leftAt !== null && s.leftAt < s.dueAt!).length);
    assert.equal(s1.overdueSteps, 1); // the detention
    assert.deepEqual([s1.filed, s1.solved, s1.solvingRate], [1, 1, 100]);
    assert.equal(s1.filedLastYear, null, 'no case data a year back: no like base');
    assert.equal(stats.lastYearComplete, false);
    const ind = (await a.lead1!.get(`/api/indicators?level=station&subjectId=${world.area.S1}&fresh=true`)).json() as SubjectIndicators;
    assert.equal(ind.measures.cases, s1.filed);
    assert.equal(ind.measures.cases_solved, s1.solved);
    assert.equal(ind.measures.cases_due, s1.stepsDue);
    assert.equal(ind.measures.cases_closed_on_time, s1.stepsOnTime);
    assert.equal(ind.values.find((v) => v.code === 'case_clearance')?.value, 100);
    assert.deepEqual(after.measures, ind.measures, 'the stored figures agree with a fresh computation');
    const off = (await a.lead1!.get('/api/cases/stats?level=officer&period=2026-06')).json() as CaseStatsT;
    assert.equal(off.rows.find((r) => r.subjectId === world.person.P1)?.solved, 1);
    assert.equal((await a.officer1!.get('/api/cases/stats')).statusCode, 403);
  });
});

describe('limits, direct administrative cases and fraud losses', () => {
  test('an administrative case: filed when accepted, its handling limit runs from acceptance; the decision needs the signed notice', async () => {
    env.clock.set('2027-01-31T02:00:00Z');
    await relogin();
    const r = await a.lead1!.post('/api/cases', { kind: 'administrative', category: '殴打他人', title: '邻里殴打', officerIds: [world.person.P1], places: [{ address: '测试路2号', lon: 120.006, lat: 32.006 }] });
    assert.equal(r.statusCode, 200, r.body);
    let c = r.json() as CaseDetailT;
    assert.equal(c.station?.id, world.area.S1);
    assert.equal(c.filedAt, '2027-01-31T02:00:00.000Z');
    assert.equal(c.deadline?.dueAt, '2027-02-03T16:00:00.000Z');
    await a.officer1!.post(`/api/cases/${c.id}/items`, { itemType: 'acceptance_receipt', title: '受案回执' });
    c = (await a.officer1!.post(`/api/cases/${c.id}/transition`, { action: 'investigate', version: c.version })).json() as CaseDetailT;
    assert.equal(c.deadline?.dueAt, '2027-03-02T16:00:00.000Z'); // 30 days from 31 Jan
    await a.officer1!.post(`/api/cases/${c.id}/items`, { itemType: 'penalty_decision', title: '决定书' });
    const refused = await a.officer1!.post(`/api/cases/${c.id}/transition`, { action: 'penalize', version: c.version });
    assert.deepEqual(refused.json().details.missing, ['notification_signature']);
    // a limit in months from 31 January ends on the last day of February
    const limits = (await a.admin!.get('/api/cases/limits')).json() as { key: string; version: number }[];
    const handling = limits.find((l) => l.key === 'administrative.handling')!;
    assert.equal((await a.lead1!.post('/api/cases/limits/administrative.handling', { unit: 'month', amount: 1, version: handling.version })).statusCode, 403);
    assert.equal((await a.admin!.post('/api/cases/limits/nope.limit', { unit: 'month', amount: 1, version: 1 })).statusCode, 404);
    assert.equal((await a.admin!.post('/api/cases/limits/administrative.handling', { unit: 'day', amount: 9999, version: handling.version })).statusCode, 400);
    const ok = await a.admin!.post('/api/cases/limits/administrative.handling', { unit: 'month', amount: 1, version: handling.version });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await a.admin!.post('/api/cases/limits/administrative.handling', { unit: 'month', amount: 1, version: handling.version })).json().code, 'STALE_VERSION');
    c = (await a.officer1!.get(`/api/cases/${c.id}`)).json() as CaseDetailT;
    assert.equal(c.deadline?.dueAt, '2027-02-28T16:00:00.000Z');
  });

  test('a warning whose person lost money becomes a fraud case; one dissuaded does not', async () => {
    const w = (k: string) => ({ externalId: k, fraudType: '冒充客服', personName: '张秀英', phone: '13812345678', address: '测试路1号', lon: 120.005, lat: 32.005, warnedAt: '2027-01-31T01:50:00.000Z' });
    const res = (await a.dispatcher!.post('/api/fraud/warnings', { source: 'fzzx', warnings: [w('L1'), w('L2')] })).json() as FraudIntakeResult;
    const [lost, saved] = res.results.map((x) => x.warningId!);
    assert.equal((await a.officer1!.post(`/api/fraud/warnings/${lost}/outcome`, { version: 1, outcome: 'money_lost', lossAmount: 5000 })).statusCode, 200);
    assert.equal((await a.officer1!.post(`/api/fraud/warnings/${saved}/outcome`, { version: 1, outcome: 'dissuaded' })).statusCode, 200);
    const r = await a.officer1!.post(`/api/fraud/warnings/${lost}/case`, {});
    assert.equal(r.statusCode, 200, r.body);
    const c = r.json() as CaseDetailT;
    assert.equal(c.fraudWarningId, lost);
    assert.equal(c.category, '电信网络诈骗');
    assert.equal(c.station?.id, world.area.S1);
    assert.deepEqual(((await a.officer1!.get(`/api/cases?fraudWarningId=${lost}`)).json() as CaseT[]).map((x) => x.id), [c.id]);
    assert.equal((await a.officer1!.post(`/api/fraud/warnings/${saved}/case`, {})).statusCode, 409);
    assert.equal((await a.officer2!.post(`/api/fraud/warnings/${lost}/case`, {})).statusCode, 404);
  });
});

describe('added after opening: officers, related people, places, disputes', () => {
  const ID1 = core.completeIdNumber('51172519800101001');
  const ID2 = core.completeIdNumber('51172520000229002');
  const base = { province: '四川省', city: '达州市', county: '测试县', town: '城关镇' };
  let c: CaseDetailT;
  let residentS1: number;
  let residentS2: number;
  let disputeId: number;
  const add = (body: Record<string, unknown>, who = 'officer1') => a[who]!.post(`/api/cases/${c.id}/additions`, { version: c.version, ...body });
  const fields = (r: { statusCode: number; body: string; json(): unknown }) => {
    assert.equal(r.statusCode, 400, r.body);
    const j = r.json() as { code: string; details: { field: string }[] };
    assert.equal(j.code, 'VALIDATION_FAILED');
    return j.details.map((d) => d.field);
  };

  before(async () => {
    await relogin();
    c = (await a.officer1!.post('/api/cases', { kind: 'criminal', category: '故意伤害', title: '纠纷升级伤害', officerIds: [world.person.P1] })).json() as CaseDetailT;
    // a resident of the officer's station, one of the other station, a dispute the officer registered
    const addr1 = (await a.lead1!.post('/api/registry/addresses', { ...base, street: '长安路', doorNo: '66', lon: 120.005, lat: 32.005 })).json() as { id: number };
    const h1 = (await a.lead1!.post('/api/registry/houses', { addressId: addr1.id, use: 'residential' })).json() as { id: number };
    const r1 = await a.lead1!.post('/api/registry/residents', { houseId: h1.id, relation: 'living', name: '刘德明', idNumber: ID1, phone: '13712345678' });
    assert.equal(r1.statusCode, 200, r1.body);
    residentS1 = (r1.json() as { id: number }).id;
    const addr2 = (await a.lead2!.post('/api/registry/addresses', { ...base, street: '东风路', doorNo: '66', lon: 120.035, lat: 32.005 })).json() as { id: number };
    const h2 = (await a.lead2!.post('/api/registry/houses', { addressId: addr2.id, use: 'residential' })).json() as { id: number };
    residentS2 = ((await a.lead2!.post('/api/registry/residents', { houseId: h2.id, relation: 'living', name: '周小梅', idNumber: ID2 })).json() as { id: number }).id;
    const d = await a.officer1!.post('/api/disputes', { source: 'visit', type: 'neighbour', title: '邻里争吵', address: '测试路8号', lon: 120.004, lat: 32.004, parties: [{ name: '刘德明', role: 'applicant' }, { name: '马六', role: 'respondent' }] });
    assert.equal(d.statusCode, 200, d.body);
    disputeId = (d.json() as { id: number }).id;
  });

  test('bad additions name each field at fault and write nothing', async () => {
    const count = async () => (await sql<{ n: number }>`select (select count(*) from case_officers where case_id = ${c.id}) + (select count(*) from case_people where case_id = ${c.id}) + (select count(*) from case_places where case_id = ${c.id}) + (select count(*) from case_events where case_id = ${c.id})::int n`.execute(env.ctx.db)).rows[0]!.n;
    const before = await count();
    assert.deepEqual(fields(await add({})), ['/officerIds']);
    assert.deepEqual(fields(await add({ officerIds: [world.person.P1, 999999] })), ['/officerIds/0', '/officerIds/1']);
    assert.deepEqual(fields(await add({ people: [{ role: 'suspect' }, { role: 'victim', registryPersonId: residentS2 }, { role: 'witness', registryPersonId: residentS1, name: '刘德明' }] })), [
      '/people/0/name',
      '/people/1/registryPersonId',
      '/people/2/name',
    ]);
    assert.deepEqual(fields(await add({ disputeIds: [999999] })), ['/disputeIds/0']);
    assert.equal((await add({ places: [{ address: '' }] })).statusCode, 400);
    assert.equal((await add({ people: [{ role: 'boss', name: '某' }] })).statusCode, 400);
    notFound(await add({ officerIds: [world.person.P1B] }, 'officer2'));
    const stale = await a.officer1!.post(`/api/cases/${c.id}/additions`, { version: c.version + 1, officerIds: [world.person.P1B] });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'STALE_VERSION');
    assert.equal(await count(), before);
    const still = (await a.officer1!.get(`/api/cases/${c.id}`)).json() as CaseDetailT;
    assert.equal(still.version, c.version);
  });

  test('officers, a registry resident (masked), a typed person, a place and a dispute are added, versioned, on the timeline and audited', async () => {
    const r = await add({
      officerIds: [world.person.P2],
      people: [{ role: 'suspect', registryPersonId: residentS1, note: '纠纷一方' }, { role: 'victim', name: '马六', phone: '13600001234' }],
      places: [{ address: '测试路8号', lon: 120.004, lat: 32.004 }],
      disputeIds: [disputeId],
    });
    assert.equal(r.statusCode, 200, r.body);
    const next = r.json() as CaseDetailT;
    assert.equal(next.version, c.version + 1);
    c = next;
    assert.deepEqual(c.officers.map((o) => o.id), [world.person.P1, world.person.P2]);
    const reg = c.people.find((p) => p.registryPersonId === residentS1)!;
    assert.equal(reg.role, 'suspect');
    assert.equal(reg.phoneMasked, '137****5678');
    assert.ok(reg.nameMasked && !reg.nameMasked.includes('德明'), reg.nameMasked ?? '');
    const typed = c.people.find((p) => p.registryPersonId === null)!;
    assert.equal(typed.phoneMasked, '136****1234');
    // the registry keeps the clear data; the case keeps none of it
    const stored = await env.ctx.db.selectFrom('case_people').select(['name_enc', 'phone_enc', 'registry_person_id']).where('case_id', '=', c.id).orderBy('id').execute();
    assert.deepEqual([stored[0]!.name_enc, stored[0]!.phone_enc, stored[0]!.registry_person_id], [null, null, residentS1]);
    assert.equal(env.ctx.cipher.decrypt(stored[1]!.phone_enc), '13600001234');
    assert.deepEqual(c.places.map((p) => p.address), ['测试路8号']);
    assert.deepEqual(c.disputeIds, [disputeId]);
    assert.deepEqual(c.timeline.slice(-4).map((e) => e.action), ['add:officers', 'add:people', 'add:places', 'add:disputes']);
    assert.equal(c.timeline.at(-4)!.note, '李警官');
    const audit = await env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'case.add').where('resource_id', '=', String(c.id)).execute();
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit[0]).includes('马六'), 'no clear name in the audit');
    // the officer added now sees the case; adding the same things again is refused by field
    assert.equal((await a.officer2!.get(`/api/cases/${c.id}`)).statusCode, 200);
    assert.deepEqual(fields(await add({ officerIds: [world.person.P2], people: [{ role: 'witness', registryPersonId: residentS1 }], disputeIds: [disputeId] })), [
      '/officerIds/0',
      '/people/0/registryPersonId',
      '/disputeIds/0',
    ]);
  });

  test('a case from an incident without a category given takes the incident\'s category in words', async () => {
    const inc = (await a.dispatcher!.post('/api/incidents', newIncident({ category: 'theft' }))).json() as { id: number };
    const d = (await a.officer1!.post(`/api/incidents/${inc.id}/case`, {})).json() as CaseDetailT;
    assert.equal(d.category, '盗窃');
    assert.equal(d.title, '测试路1号 盗窃');
  });

  test('an ended case takes nothing more (409 CASE_ENDED)', async () => {
    await a.officer1!.post(`/api/cases/${c.id}/items`, { itemType: 'acceptance_receipt', title: '受案回执' });
    c = (await a.officer1!.post(`/api/cases/${c.id}/items`, { itemType: 'non_filing_notice', title: '不予立案通知书' })).json() as CaseDetailT;
    c = (await a.officer1!.post(`/api/cases/${c.id}/transition`, { action: 'decline', version: c.version })).json() as CaseDetailT;
    assert.equal(c.open, false);
    const r = await add({ places: [{ address: '测试路9号' }] });
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().code, 'CASE_ENDED');
  });
});

describe('破案之星: proposed from the solved cases', () => {
  const PLAN = 'officer_monthly';
  const PERIOD = '2027-05';
  const work = async (who: string, title: string, solve: boolean) => {
    let c = (await a[who]!.post('/api/cases', { kind: 'criminal', category: '盗窃', title })).json() as CaseDetailT;
    for (const itemType of ['acceptance_receipt', 'filing_decision']) await a[who]!.post(`/api/cases/${c.id}/items`, { itemType, title: itemType });
    c = (await a[who]!.post(`/api/cases/${c.id}/transition`, { action: 'file', version: c.version })).json() as CaseDetailT;
    assert.equal(c.status, 'investigating');
    if (!solve) return c;
    await a[who]!.post(`/api/cases/${c.id}/items`, { itemType: 'solve_report', title: '破案报告' });
    c = (await a[who]!.post(`/api/cases/${c.id}/transition`, { action: 'solve', version: c.version })).json() as CaseDetailT;
    assert.equal(c.status, 'solved');
    return c;
  };

  test('a plan weighing case work: the officer with the best case score is proposed, as recomputed from the cases; a lead confirms', async () => {
    env.clock.set('2027-05-03T02:00:00Z');
    await relogin();
    // officer1 files one case and solves it; officer1b files two and solves one; everyone's filing step on time
    await work('officer1', '五月盗窃一', true);
    await work('officer1b', '五月盗窃二', true);
    await work('officer1b', '五月盗窃三', false);
    env.clock.set('2027-05-10T02:00:00Z'); // the filing deadlines (6 May) have fallen
    await relogin();
    // the admin weighs the monthly officer plan on case work only (破案率, 按期办结率), the 破案之星 from both
    const plans = (await a.admin!.get('/api/assessment/plans')).json() as { code: string; version: number }[];
    const version = plans.find((p) => p.code === PLAN)!.version;
    const items = [
      { indicator: 'case_clearance', weight: 50 },
      { indicator: 'case_on_time', weight: 50 },
    ];
    const put = await env.app.inject({
      method: 'PUT',
      url: `/api/assessment/plans/${PLAN}`,
      headers: { cookie: a.admin!.cookie, 'x-csrf-token': a.admin!.csrf },
      payload: { items, stars: [{ star: 'case_solving', indicators: ['case_clearance', 'case_on_time'], minScore: 90 }], version },
    });
    assert.equal(put.statusCode, 200, put.body);

    const res = await a.lead1!.get(`/api/assessment?plan=${PLAN}&period=${PERIOD}&fresh=true`);
    assert.equal(res.statusCode, 200, res.body);
    const assessment = res.json() as { subjects: { subject: { id: number } }[]; stars: { star: string; subjects: { subject: { id: number }; score: number; decision?: { status: string; version: number } }[]; bestScore: number | null; reason: string }[] };
    const star = assessment.stars.find((s) => s.star === 'case_solving')!;

    // recompute from the records: each officer's cases filed in May, solved by now, and steps due in May left in time
    const stats = (await a.admin!.get(`/api/cases/stats?level=station&period=${PERIOD}`)).json() as CaseStatsT;
    const inMay = (t: string | null) => t !== null && t >= stats.from && t < stats.until;
    const all = (await a.admin!.get('/api/cases')).json() as CaseT[];
    const details = await Promise.all(all.map(async (x) => (await a.admin!.get(`/api/cases/${x.id}`)).json() as CaseDetailT));
    const defs = new Map(core.DEMO_INDICATORS.map((d) => [d.code, d]));
    const scores: { id: number; score: number }[] = [];
    for (const s of assessment.subjects) {
      const mine = details.filter((d) => d.officers.some((o) => o.id === s.subject.id));
      const filed = mine.filter((d) => inMay(d.filedAt));
      const solved = filed.filter((d) => d.solvedAt !== null && d.solvedAt < stats.until);
      const due = mine.flatMap((d) => d.stages).filter((x) => x.dueAt !== null && inMay(x.dueAt));
      const onTime = due.filter((x) => x.leftAt !== null && x.leftAt < x.dueAt!);
      const parts = [
        filed.length ? core.indicatorScore(defs.get('case_clearance')!, (100 * solved.length) / filed.length) : null,
        due.length ? core.indicatorScore(defs.get('case_on_time')!, (100 * onTime.length) / due.length) : null,
      ].filter((x): x is number => x !== null);
      if (parts.length) scores.push({ id: s.subject.id, score: Math.round((100 * parts.reduce((x, y) => x + y, 0)) / parts.length) / 100 });
    }
    const best = Math.max(...scores.map((x) => x.score));
    const expected = best >= 90 ? scores.filter((x) => x.score === best).map((x) => x.id).sort((x, y) => x - y) : [];
    assert.equal(star.reason, 'proposed');
    assert.equal(star.bestScore, best);
    assert.deepEqual(star.subjects.map((x) => x.subject.id).sort((x, y) => x - y), expected);
    // and it is the officer who solved every case filed, not the one who solved half
    assert.deepEqual(expected, [world.person.P1]);
    assert.ok(scores.some((x) => x.id === world.person.P1B && x.score < best));

    // the station's lead confirms the proposal (version 0: only proposed so far)
    const proposal = star.subjects[0]!;
    assert.equal(proposal.decision?.status ?? 'proposed', 'proposed');
    const d = await a.lead1!.post('/api/assessment/stars/decide', { plan: PLAN, period: PERIOD, star: 'case_solving', subjectId: world.person.P1, decision: 'confirmed', note: '五月破案之星', version: 0 });
    assert.equal(d.statusCode, 200, d.body);
    assert.equal(d.json().status, 'confirmed');
  });
});
