// Disputes (矛盾纠纷, issue 16): registration with grade and level, the workflow under versions, resolve refused
// without a session, escalation by time (the job) and by grade, follow-up visits, 民转刑, the reach of every role
// (police by area with 404 outside, grid worker, mediator, 城管 only when referred), indicators recomputed from records.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Dispute, DisputeIndicators, DisputeSummary } from '@jingwang/contracts';
import { disputesTick } from '../src/jobs/disputes';
import { addPartners, buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';

const DAY = 86400_000;
let env: TestEnv;
let world: World;
const a = {} as Record<'admin' | 'dispatcher' | 'lead1' | 'lead2' | 'officer1' | 'grid1' | 'mediator1' | 'cg1', Agent>;

const body = (over: Record<string, unknown> = {}) => ({
  source: 'visit',
  type: 'neighbour',
  title: '楼上噪音扰民',
  address: '测试路8号3单元',
  lon: 120.004,
  lat: 32.004,
  parties: [
    { name: '张三丰', phone: '13812345678', role: 'applicant' },
    { name: '李四', role: 'respondent' },
  ],
  ...over,
});
const ok = <T>(r: { statusCode: number; body: string; json(): unknown }): T => {
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as T;
};
const err = (r: { statusCode: number; body: string; json(): unknown }, status: number, code: string) => {
  assert.equal(r.statusCode, status, r.body);
  assert.equal((r.json() as { code: string }).code, code, r.body);
};
/** The clock moves on; sessions expire with it, so everyone logs in again. */
async function advance(ms: number) {
  env.clock.advance(ms);
  for (const u of Object.keys(a) as (keyof typeof a)[]) a[u] = await login(env.app, u);
}
const session = (version: number, outcome = 'agreement') => ({ version, participants: ['张三丰', '李四'], outcome, agreementText: '晚十点后不再装修' });

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await addPartners(env, world);
  for (const u of Object.keys({ admin: 1, dispatcher: 1, lead1: 1, lead2: 1, officer1: 1, grid1: 1, mediator1: 1, cg1: 1 }) as (keyof typeof a)[]) a[u] = await login(env.app, u);
});
after(async () => env?.close());

describe('disputes', () => {
  let low: Dispute;

  test('a plain dispute is low, owned by its grid with 3 days; parties masked, encrypted at rest', async () => {
    low = ok<Dispute>(await a.officer1.post('/api/disputes', body()));
    assert.equal(low.status, 'open');
    assert.equal(low.grade, 'low');
    assert.deepEqual(low.gradeReasons, []);
    assert.equal(low.level, 'grid');
    assert.equal(low.levelArea?.id, world.area.G111);
    assert.equal(low.station?.id, world.area.S1);
    assert.equal(Date.parse(low.levelDueAt) - Date.parse(low.reportedAt), 3 * DAY);
    assert.deepEqual(low.parties.map((p) => p.nameMasked), ['张*丰', '李*']);
    assert.equal(low.parties[0]!.phoneMasked, '138****5678');
    const raw = await sql<{ name_enc: string }>`select name_enc from dispute_parties where dispute_id = ${low.id} order by id`.execute(env.ctx.db);
    assert.ok(!raw.rows[0]!.name_enc.includes('张三丰'));
    assert.deepEqual(low.allowed, ['mediate', 'refer', 'resolve', 'escalate', 'convert']);
  });

  test('grading: violence is high at the station; repeated calls at the place and vulnerable parties give their reasons', async () => {
    const v = ok<Dispute>(await a.lead1.post('/api/disputes', body({ violenceThreatened: true, address: '测试路20号' })));
    assert.equal(v.grade, 'high');
    assert.equal(v.level, 'station');
    assert.equal(v.levelArea?.id, world.area.S1);
    assert.deepEqual(v.gradeReasons.map((r) => r.code), ['violence']);
    for (let i = 0; i < 2; i++) assert.ok((await a.dispatcher.post('/api/incidents', newIncident({ lon: 120.0141, lat: 32.0141 }))).statusCode < 300);
    const c = ok<Dispute>(await a.lead1.post('/api/disputes', body({ lon: 120.014, lat: 32.014, address: '测试路30号', parties: [{ name: '王五', role: 'applicant', vulnerable: true }] })));
    assert.equal(c.priorCalls, 2);
    assert.equal(c.grade, 'high');
    assert.deepEqual(c.gradeReasons.map((r) => r.code), ['repeat_calls', 'vulnerable']);
  });

  test('bad input changes nothing: no place, a place outside the caller\'s area, wrong types', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int n from disputes`.execute(env.ctx.db)).rows[0]!.n;
    err(await a.officer1.post('/api/disputes', body({ lon: undefined, lat: undefined })), 422, 'DISPUTE_PLACE_REQUIRED');
    err(await a.officer1.post('/api/disputes', body({ lon: 121.5, lat: 31 })), 422, 'DISPUTE_PLACE_REQUIRED');
    err(await a.officer1.post('/api/disputes', body({ lon: 120.03, lat: 32.005 })), 422, 'DISPUTE_PLACE_REQUIRED');
    err(await a.officer1.post('/api/disputes', body({ type: 'murder' })), 400, 'VALIDATION_FAILED');
    err(await a.officer1.post('/api/disputes', body({ parties: [] })), 400, 'VALIDATION_FAILED');
    err(await a.officer1.post('/api/disputes', body({ parties: [{ name: '   ', role: 'applicant' }] })), 400, 'VALIDATION_FAILED');
    const after = (await sql<{ n: number }>`select count(*)::int n from disputes`.execute(env.ctx.db)).rows[0]!.n;
    assert.equal(after, before);
  });

  test('resolving without a session is 409 naming it; a session, a stale version, then resolved with follow-ups', async () => {
    const r0 = await a.officer1.post(`/api/disputes/${low.id}/resolve`, { version: low.version });
    err(r0, 409, 'DISPUTE_SESSION_REQUIRED');
    assert.deepEqual((r0.json() as { details: unknown }).details, { missing: ['session'] });
    const m = ok<Dispute>(await a.officer1.post(`/api/disputes/${low.id}/sessions`, session(low.version)));
    assert.equal(m.status, 'mediating');
    assert.equal(m.sessions.length, 1);
    assert.equal(m.version, low.version + 1);
    err(await a.officer1.post(`/api/disputes/${low.id}/sessions`, session(low.version)), 409, 'STALE_VERSION');
    const res = ok<Dispute>(await a.officer1.post(`/api/disputes/${low.id}/resolve`, { version: m.version }));
    assert.equal(res.status, 'resolved');
    assert.equal(res.resolvedOnTime, true);
    assert.equal(res.followups.length, 1);
    assert.equal(Date.parse(res.followups[0]!.dueAt) - Date.parse(res.resolvedAt!), 7 * DAY);
    err(await a.officer1.post(`/api/disputes/${low.id}/escalate`, { version: res.version, reason: 'x' }), 409, 'INVALID_TRANSITION');
    // the visit is made when due; the last one closes
    err(await a.officer1.post(`/api/disputes/${low.id}/followup`, { version: res.version, note: '回访', recurred: false }), 409, 'FOLLOWUP_NOT_DUE');
    await advance(7 * DAY + 1000);
    const closed = ok<Dispute>(await a.officer1.post(`/api/disputes/${low.id}/followup`, { version: res.version, note: '双方相安无事', recurred: false }));
    assert.equal(closed.status, 'closed');
    assert.deepEqual(closed.events.map((e) => e.kind), ['registered', 'session', 'resolved', 'closed']);
  });

  test('escalation by time (the job): grid -> community after 3 days, once per due time; by grade at once', async () => {
    const d = ok<Dispute>(await a.officer1.post('/api/disputes', body({ address: '测试路9号', lon: 120.006, lat: 32.006 })));
    await advance(3 * DAY - 1000);
    assert.equal(await disputesTick(env.ctx), 0);
    await advance(2000);
    assert.ok((await disputesTick(env.ctx)) >= 1);
    assert.equal(await disputesTick(env.ctx), 0);
    const e = ok<Dispute>(await a.officer1.get(`/api/disputes/${d.id}`));
    assert.equal(e.level, 'community');
    assert.equal(e.levelArea?.id, world.area.C11);
    assert.equal(e.escalations, 1);
    assert.equal(Date.parse(e.levelDueAt) - Date.parse(e.levelSince), 7 * DAY);
    assert.deepEqual(e.events.at(-1)!.data, { from: 'grid', to: 'community', reason: 'overdue' });
    // the grade rises with new facts: a high grade goes to the station at once
    const g = ok<Dispute>(await a.lead1.post(`/api/disputes/${d.id}/grade`, { version: e.version, violenceThreatened: true }));
    assert.equal(g.grade, 'high');
    assert.equal(g.level, 'station');
    assert.equal(g.escalations, 2);
    assert.deepEqual(g.events.slice(-2).map((x) => x.kind), ['regraded', 'escalated']);
    // never down
    const g2 = ok<Dispute>(await a.lead1.post(`/api/disputes/${d.id}/grade`, { version: g.version, violenceThreatened: false }));
    assert.equal(g2.grade, 'high');
    assert.equal(g2.level, 'station');
    // resolved late: not on time
    await advance(11 * DAY);
    const s = ok<Dispute>(await a.lead1.post(`/api/disputes/${d.id}/sessions`, session(g2.version, 'partial')));
    await disputesTick(env.ctx); // station -> town
    const cur = ok<Dispute>(await a.lead1.get(`/api/disputes/${d.id}`));
    assert.equal(cur.level, 'town');
    assert.notEqual(cur.version, s.version);
    const r = ok<Dispute>(await a.lead1.post(`/api/disputes/${d.id}/resolve`, { version: cur.version }));
    assert.equal(r.resolvedOnTime, true); // the town resolved it within its own days
    // 民转刑 after resolution
    const c = ok<Dispute>(await a.lead1.post(`/api/disputes/${d.id}/case`, { version: r.version, caseId: 4242 }));
    assert.equal(c.status, 'converted');
    assert.equal(c.caseId, 4242);
    assert.deepEqual(c.followups.filter((f) => f.doneAt === null), []);
  });

  test('reach: police by area (404 outside), grid worker, mediator, 城管 only when referred', async () => {
    const west = ok<Dispute>(await a.grid1.post('/api/disputes', body({ source: 'grid_report', address: '网格员上报1号', lon: 120.003, lat: 32.003 })));
    assert.equal(west.reportedByName, 'grid1');
    const east = ok<Dispute>(await a.lead2.post('/api/disputes', body({ address: '东边路1号', lon: 120.035, lat: 32.005 })));
    // grid1 reports outside their grid too (a report where they work), and sees it
    const far = ok<Dispute>(await a.grid1.post('/api/disputes', body({ source: 'grid_report', address: '网格外2号', lon: 120.015, lat: 32.015 })));
    const ids = async (ag: Agent) => new Set(ok<DisputeSummary[]>(await ag.get('/api/disputes')).map((d) => d.id));
    const g = await ids(a.grid1);
    assert.ok(g.has(west.id) && g.has(far.id) && !g.has(east.id));
    err(await a.grid1.get(`/api/disputes/${east.id}`), 404, 'DISPUTE_NOT_FOUND');
    const l2 = await ids(a.lead2);
    assert.ok(l2.has(east.id) && !l2.has(west.id));
    err(await a.lead2.get(`/api/disputes/${west.id}`), 404, 'DISPUTE_NOT_FOUND');
    err(await a.lead2.post(`/api/disputes/${west.id}/sessions`, session(west.version)), 404, 'DISPUTE_NOT_FOUND');
    const m = await ids(a.mediator1);
    assert.ok(m.has(west.id) && !m.has(east.id));
    assert.equal((await ids(a.cg1)).size, 0);
    err(await a.cg1.get(`/api/disputes/${west.id}`), 404, 'DISPUTE_NOT_FOUND');
    // the grid worker mediates but may not resolve (FORBIDDEN: a role that never may)
    err(await a.grid1.post(`/api/disputes/${west.id}/resolve`, { version: west.version }), 403, 'FORBIDDEN');
    // referral of the east dispute to 城管 and to the S1 mediator: both see it now
    const ref = ok<Dispute>(await a.lead2.post(`/api/disputes/${east.id}/refer`, { version: east.version, kind: 'administrative', orgName: '城管局', toUserId: world.user.cg1 }));
    assert.equal(ref.status, 'referred');
    assert.deepEqual([...(await ids(a.cg1))], [east.id]);
    assert.ok(!(await ids(a.mediator1)).has(east.id));
    const cgView = ok<Dispute>(await a.cg1.get(`/api/disputes/${east.id}`));
    // 城管 answers its referral: back to the police as a session with the outcome
    const fb = ok<Dispute>(await a.cg1.post(`/api/disputes/${east.id}/feedback`, { version: cgView.version, referralId: ref.referrals[0]!.id, outcome: 'agreement', feedback: '已责令整改' }));
    assert.equal(fb.status, 'mediating');
    assert.equal(fb.sessions.length, 1);
    assert.equal(fb.referrals[0]!.feedbackOutcome, 'agreement');
    err(await a.cg1.post(`/api/disputes/${east.id}/feedback`, { version: fb.version, referralId: ref.referrals[0]!.id, outcome: 'agreement', feedback: '再次' }), 409, 'INVALID_TRANSITION');
    err(await a.cg1.post(`/api/disputes/${east.id}/resolve`, { version: fb.version }), 403, 'FORBIDDEN');
    const ref2 = ok<Dispute>(await a.lead2.post(`/api/disputes/${east.id}/refer`, { version: fb.version, kind: 'people', orgName: '人民调解委员会', toUserId: world.user.mediator1 }));
    assert.ok((await ids(a.mediator1)).has(east.id));
    const done = ok<Dispute>(await a.mediator1.post(`/api/disputes/${east.id}/resolve`, { version: ref2.version }));
    assert.equal(done.status, 'resolved');
    // contacts: clear to those who mediate, audited
    const c = ok<{ parties: { name: string }[] }>(await a.lead2.get(`/api/disputes/${east.id}/contacts`));
    assert.equal(c.parties[0]!.name, '张三丰');
    const aud = await sql<{ n: number }>`select count(*)::int n from audit_log where action = 'dispute.contacts'`.execute(env.ctx.db);
    assert.equal(aud.rows[0]!.n, 1);
  });

  test('a follow-up that finds the dispute flared up reopens it', async () => {
    const d = ok<Dispute>(await a.lead1.post('/api/disputes', body({ address: '测试路40号', lon: 120.008, lat: 32.008, groupSize: 6 })));
    assert.equal(d.grade, 'medium');
    assert.equal(d.level, 'community');
    const s = ok<Dispute>(await a.lead1.post(`/api/disputes/${d.id}/sessions`, session(d.version)));
    const r = ok<Dispute>(await a.lead1.post(`/api/disputes/${d.id}/resolve`, { version: s.version }));
    assert.equal(r.followups.length, 2);
    await advance(3 * DAY + 1);
    const f = ok<Dispute>(await a.lead1.post(`/api/disputes/${d.id}/followup`, { version: r.version, note: '又吵起来了', recurred: true }));
    assert.equal(f.status, 'mediating');
    assert.equal(f.resolvedAt, null);
    assert.equal(f.followups.length, 1);
  });

  test('indicators per station are the records counted again', async () => {
    const ind = ok<DisputeIndicators>(await a.admin.get(`/api/disputes/indicators?level=station&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&radiusM=50`));
    const rows = (await sql<{ id: number; status: string; station_id: number | null; resolved_on_time: boolean | null; escalations: number; case_id: number | null; address_norm: string; lon: number | null; lat: number | null; reported_at: Date | string }>`
      select id, status, station_id, resolved_on_time, escalations, case_id, address_norm, st_x(geom) lon, st_y(geom) lat, reported_at from disputes order by id`.execute(env.ctx.db)).rows;
    const sessions = (await sql<{ dispute_id: number; outcome: string }>`select dispute_id, outcome from dispute_sessions`.execute(env.ctx.db)).rows;
    const metres = (p: { lon: number | null; lat: number | null }, q: { lon: number | null; lat: number | null }) =>
      p.lon === null || q.lon === null ? Infinity : Math.hypot((p.lon - q.lon!) * 111320 * Math.cos((32 * Math.PI) / 180), (p.lat! - q.lat!) * 110574);
    for (const st of [world.area.S1!, world.area.S2!]) {
      const mine = rows.filter((r) => r.station_id === st);
      const row = ind.rows.find((r) => r.areaId === st)!;
      const t = (r: (typeof rows)[number]) => new Date(r.reported_at).getTime();
      const expected = {
        registered: mine.length,
        open: mine.filter((r) => ['open', 'mediating', 'referred'].includes(r.status)).length,
        resolvedOnTime: mine.filter((r) => r.resolved_on_time === true).length,
        escalated: mine.filter((r) => r.escalations > 0).length,
        converted: mine.filter((r) => r.status === 'converted' || r.case_id !== null).length,
        repeat: mine.filter((r) => rows.some((e) => e.id !== r.id && (t(e) < t(r) || (t(e) === t(r) && e.id < r.id)) && (e.address_norm === r.address_norm || metres(e, r) <= 50))).length,
        agreement: sessions.filter((s) => mine.some((r) => r.id === s.dispute_id) && s.outcome === 'agreement').length,
        partial: sessions.filter((s) => mine.some((r) => r.id === s.dispute_id) && s.outcome === 'partial').length,
      };
      assert.deepEqual({ registered: row.registered, open: row.open, resolvedOnTime: row.resolvedOnTime, escalated: row.escalated, converted: row.converted, repeat: row.repeat, agreement: row.agreement, partial: row.partial }, expected);
    }
    assert.ok(ind.rows.find((r) => r.areaId === world.area.S1)!.repeat >= 1, 'the same address text twice is a repeat');
    // a lead sees only their station's row; a grid worker may not read indicators
    const l2 = ok<DisputeIndicators>(await a.lead2.get('/api/disputes/indicators?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z'));
    assert.deepEqual(l2.rows.map((r) => r.areaId), [world.area.S2]);
    err(await a.grid1.get('/api/disputes/indicators'), 403, 'FORBIDDEN');
  });
});
