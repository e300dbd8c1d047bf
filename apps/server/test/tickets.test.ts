// Work-handover tickets (issue 16 parts 2-4): routing by the duties table, deadlines by category, the department's
// receipt, progress, feedback with photos, verification and closure, return and re-routing, recurrence reopening a
// closed ticket, the overdue ladder, scope per role (404 outside), 409 on a stale version, counts recomputed from the
// records, and Open311 GeoReport v2 (a request created and read back).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Open311Request, TicketDetail, TicketStats, Ticket } from '@jingwang/contracts';
import { ticketsTick } from '../src/jobs/tickets';
import { addPartners, buildWorld, createTestEnv, login, type Agent, type TestEnv, type World } from './helpers';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4AWM4ISf3HwAEugIEzCecNQAAAABJRU5ErkJggg==';
const H = 3600_000;

let env: TestEnv;
let world: World;
let cgAgency: number;
let admin: Agent;
let officer: Agent;
let lead1: Agent;
let lead2: Agent;
let cg: Agent;
let cg2: Agent;
let grid: Agent;

const body = (over: Record<string, unknown> = {}) => ({ category: 'renovation_waste', title: '楼下堆放装修垃圾', description: '单元门口', sourceType: 'patrol', address: '测试路8号', lon: 120.005, lat: 32.005, photos: [PNG], ...over });
const code = (r: { json(): unknown }) => (r.json() as { code: string }).code;

/** Sessions expire: log everyone in again after the clock jumps days ahead. */
async function relogin(): Promise<void> {
  const a = await Promise.all(['admin', 'officer1', 'lead1', 'lead2', 'cg1', 'zj1', 'grid1'].map((u) => login(env.app, u)));
  [admin, officer, lead1, lead2, cg, cg2, grid] = a as [Agent, Agent, Agent, Agent, Agent, Agent, Agent];
}

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  cgAgency = (await addPartners(env, world)).agency.CG!;
  // a second department of the same kind elsewhere would make the kind ambiguous; a housing bureau and its liaison instead
  const db = env.ctx.db;
  const hb = await db.insertInto('agencies').values({ code: 'ZJ', name: '测试住建局', kind: 'housing', area_id: world.area.C! }).returning('id').executeTakeFirstOrThrow();
  const p = await db.insertInto('people').values({ code: 'ZJ1', name: '周联络员', role: 'assistant', post: null, badge_no: null, phone_enc: null, phone_masked: null, agency_id: hb.id, team_id: null }).returning('id').executeTakeFirstOrThrow();
  const u = await db.selectFrom('users').select('password_hash').where('username', '=', 'cg1').executeTakeFirstOrThrow();
  await db.insertInto('users').values({ username: 'zj1', display_name: 'zj1', password_hash: u.password_hash, role: 'liaison', scope_area_id: null, person_id: p.id }).execute();
  await sql`update users set person_id = ${world.person.P1!} where username = 'officer1'`.execute(db);
  await relogin();
});
after(async () => env?.close());

describe('a ticket from a patrol to 城管 and back', () => {
  let t: TicketDetail;

  test('created from a patrol: routed by the duties table to 城管 with the category\'s deadlines, photos kept', async () => {
    const r = await officer.post('/api/tickets', body());
    assert.equal(r.statusCode, 201, r.body);
    const x = r.json() as { reopened: boolean; ticket: TicketDetail };
    assert.equal(x.reopened, false);
    t = x.ticket;
    assert.equal(t.status, 'sent');
    assert.equal(t.agency?.id, cgAgency);
    assert.equal(t.station?.id, world.area.S1);
    assert.equal(t.sentAt, env.clock.now().toISOString());
    assert.equal(Date.parse(t.receiveDueAt!) - Date.parse(t.sentAt!), 1 * H, 'receive within 1 h (seeded rule)');
    assert.equal(Date.parse(t.dueAt!) - Date.parse(t.sentAt!), 72 * H, 'resolve within 72 h (seeded rule)');
    assert.deepEqual(t.events.map((e) => e.action), ['create', 'route']);
    assert.equal(t.photoIds.length, 1);
    assert.deepEqual(t.allowed, [], 'the police side has nothing to do while it is with the department');
    const photo = await cg.get(`/api/tickets/photos/${t.photoIds[0]}`);
    assert.equal(photo.statusCode, 200);
    assert.equal(photo.headers['content-type'], 'image/png');
    // the department was told
    const n = await env.ctx.db.selectFrom('notifications').select(['kind']).where('user_id', '=', world.user.cg1!).execute();
    assert.deepEqual(n.map((x) => x.kind), ['ticket.sent']);
  });

  test('scope: the 城管 account and S1 see it; S2\'s lead, the housing liaison and unknown ids are 404; a grid worker is 403', async () => {
    assert.deepEqual((await cg.get(`/api/tickets/${t.id}`)).json().allowed, ['receive', 'return']);
    assert.equal((await lead1.get(`/api/tickets/${t.id}`)).statusCode, 200);
    for (const a of [lead2, cg2]) {
      const r = await a.get(`/api/tickets/${t.id}`);
      assert.equal(r.statusCode, 404, r.body);
      assert.equal(code(r), 'TICKET_NOT_FOUND');
      assert.equal(((await a.get('/api/tickets')).json() as Ticket[]).some((x) => x.id === t.id), false, 'list and detail agree');
    }
    assert.equal(code(await cg.get('/api/tickets/999999')), 'TICKET_NOT_FOUND');
    assert.equal(code(await cg2.post(`/api/tickets/${t.id}/receive`, { version: t.version })), 'TICKET_NOT_FOUND');
    assert.equal((await grid.get('/api/tickets')).statusCode, 403);
    assert.deepEqual(((await cg.get('/api/tickets')).json() as Ticket[]).map((x) => x.id), [t.id]);
  });

  test('invalid steps change nothing: closing an unverified ticket (409 INVALID_TRANSITION), the police acting for the department (403), a stale version (409)', async () => {
    const close = await officer.post(`/api/tickets/${t.id}/close`, { version: t.version });
    assert.equal(close.statusCode, 409);
    assert.equal(code(close), 'INVALID_TRANSITION');
    assert.deepEqual((close.json() as { details: { allowed: string[] } }).details.allowed, ['receive', 'return']);
    assert.equal((await officer.post(`/api/tickets/${t.id}/receive`, { version: t.version })).statusCode, 403);
    assert.equal((await cg.post(`/api/tickets/${t.id}/verify`, { version: t.version })).statusCode, 403);
    const stale = await cg.post(`/api/tickets/${t.id}/receive`, { version: t.version + 5 });
    assert.equal(stale.statusCode, 409);
    assert.equal(code(stale), 'STALE_VERSION');
    assert.equal(((await cg.get(`/api/tickets/${t.id}`)).json() as Ticket).status, 'sent');
  });

  test('received on the phone, worked, resolved with a photo (a note is required), verified and closed by the originator', async () => {
    env.clock.advance(30 * 60_000);
    const r = await cg.post(`/api/tickets/${t.id}/receive`, { version: t.version });
    assert.equal(r.statusCode, 200, r.body);
    t = r.json() as TicketDetail;
    assert.equal(t.receivedAt, env.clock.now().toISOString());
    t = (await cg.post(`/api/tickets/${t.id}/start`, { version: t.version, note: '已联系物业' })).json() as TicketDetail;
    t = (await cg.post(`/api/tickets/${t.id}/progress`, { version: t.version, note: '已安排清运车' })).json() as TicketDetail;
    assert.equal(t.status, 'in_progress');
    const noNote = await cg.post(`/api/tickets/${t.id}/resolve`, { version: t.version });
    assert.equal(noNote.statusCode, 422);
    assert.equal(code(noNote), 'TICKET_NOTE_REQUIRED');
    env.clock.advance(H);
    t = (await cg.post(`/api/tickets/${t.id}/resolve`, { version: t.version, note: '已清运完毕', photos: [PNG] })).json() as TicketDetail;
    assert.equal(t.status, 'resolved');
    assert.equal(t.photoIds.length, 2);
    assert.deepEqual(t.events.at(-1)!.photoIds.length, 1);
    assert.equal(t.events.at(-1)!.agency?.id, cgAgency);
    // the originator is told and verifies
    const kinds = (await env.ctx.db.selectFrom('notifications').select('kind').where('user_id', '=', world.user.officer1!).execute()).map((x) => x.kind);
    assert.deepEqual(kinds.sort(), ['ticket.received', 'ticket.resolved']);
    const o = (await officer.get(`/api/tickets/${t.id}`)).json() as TicketDetail;
    assert.deepEqual(o.allowed, ['verify', 'reject']);
    t = (await officer.post(`/api/tickets/${t.id}/verify`, { version: t.version, note: '现场已查看' })).json() as TicketDetail;
    t = (await officer.post(`/api/tickets/${t.id}/close`, { version: t.version })).json() as TicketDetail;
    assert.equal(t.status, 'closed');
    assert.deepEqual(t.events.map((e) => e.action), ['create', 'route', 'receive', 'start', 'progress', 'resolve', 'verify', 'close']);
  });

  test('the same category recurring within 100 m and 30 days reopens the closed ticket (确保问题不反弹); farther away is a new ticket', async () => {
    env.clock.advance(5 * 24 * H);
    await relogin();
    const again = await lead1.post('/api/tickets', body({ lon: 120.0055, title: '又有装修垃圾' }));
    assert.equal(again.statusCode, 201, again.body);
    const x = again.json() as { reopened: boolean; ticket: TicketDetail };
    assert.equal(x.reopened, true);
    assert.equal(x.ticket.id, t.id);
    assert.equal(x.ticket.status, 'sent');
    assert.equal(x.ticket.reopenCount, 1);
    assert.equal(x.ticket.resolvedAt, null);
    assert.equal(x.ticket.dueAt, new Date(env.clock.now().getTime() + 72 * H).toISOString());
    assert.equal(x.ticket.events.at(-1)!.action, 'reopen');
    // the earlier round keeps its figure: resolved 1.5 h after sending, within its 72 h
    assert.deepEqual([x.ticket.earlierResolved, x.ticket.earlierOnTime], [1, 1]);
    t = x.ticket;
    const far = (await lead1.post('/api/tickets', body({ lon: 120.009 }))).json() as { reopened: boolean; ticket: TicketDetail };
    assert.equal(far.reopened, false);
    assert.notEqual(far.ticket.id, t.id);
  });
});

describe('return, re-routing, the ladder, the routing table and the counts', () => {
  let t: TicketDetail;

  test('no department for a category is a clear 422; an unknown department is 422; an incident that does not exist is 422', async () => {
    // facility damage goes to the housing bureau; safety hazards to 'other_dept', which does not exist here
    const none = await officer.post('/api/tickets', body({ category: 'safety_hazard', photos: [] }));
    assert.equal(none.statusCode, 422);
    assert.equal(code(none), 'TICKET_NO_DEPARTMENT');
    assert.equal(code(await officer.post('/api/tickets', body({ agencyId: 999999 }))), 'TICKET_UNKNOWN_DEPARTMENT');
    assert.equal(code(await officer.post('/api/tickets', body({ sourceType: 'incident', sourceId: 999999 }))), 'TICKET_SOURCE_NOT_FOUND');
    assert.equal(code(await officer.post('/api/tickets', body({ lon: 121.5 }))), 'OUTSIDE_JURISDICTION');
    const before = await env.ctx.db.selectFrom('tickets').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    assert.equal(before.n, 2, 'nothing written by the refusals');
  });

  test('a ticket from a dispute: the dispute must be one the caller reaches, and it records the ticket', async () => {
    const d = await lead1.post('/api/disputes', { source: 'visit', type: 'neighbour', title: '楼道堆物纠纷', address: '测试路9号', lon: 120.004, lat: 32.004, parties: [{ name: '张三', role: 'applicant' }] });
    assert.equal(d.statusCode, 200, d.body);
    const disputeId = (d.json() as { id: number }).id;
    assert.equal(code(await lead2.post('/api/tickets', body({ category: 'other', sourceType: 'dispute', sourceId: disputeId, lon: 120.03, agencyId: cgAgency, photos: [] }))), 'TICKET_SOURCE_NOT_FOUND', 'another station\'s dispute');
    const r = await lead1.post('/api/tickets', body({ category: 'renovation_waste', title: '楼道装修垃圾', sourceType: 'dispute', sourceId: disputeId, lon: 120.0042, lat: 32.0042, photos: [] }));
    assert.equal(r.statusCode, 201, r.body);
    const x = r.json() as { reopened: boolean; ticket: TicketDetail };
    assert.equal(x.ticket.sourceType, 'dispute');
    assert.equal(x.ticket.sourceId, disputeId);
    const back = await env.ctx.db.selectFrom('disputes').select('ticket_id').where('id', '=', disputeId).executeTakeFirstOrThrow();
    assert.equal(back.ticket_id, x.ticket.id);
    const listed = (await lead1.get(`/api/tickets?sourceType=dispute&sourceId=${disputeId}`)).json() as Ticket[];
    assert.deepEqual(listed.map((t) => t.id), [x.ticket.id]);
  });

  test('the department returns a ticket (reason required); the originator routes it to another department with new deadlines', async () => {
    t = ((await officer.post('/api/tickets', body({ category: 'illegal_parking', lon: 120.015, photos: [] }))).json() as { ticket: TicketDetail }).ticket;
    assert.equal(t.agency?.id, cgAgency);
    assert.equal(code(await cg.post(`/api/tickets/${t.id}/return`, { version: t.version })), 'TICKET_NOTE_REQUIRED');
    t = (await cg.post(`/api/tickets/${t.id}/return`, { version: t.version, note: '属小区内部道路，归物业' })).json() as TicketDetail;
    assert.equal(t.status, 'returned');
    assert.equal(t.returnCount, 1);
    const zj = (await admin.get('/api/tickets/rules')).json() as { category: string; agencyKind: string | null }[];
    assert.ok(zj.some((r) => r.category === 'facility_damage' && r.agencyKind === 'housing'));
    const housing = (await env.ctx.db.selectFrom('agencies').select('id').where('code', '=', 'ZJ').executeTakeFirstOrThrow()).id;
    env.clock.advance(H);
    t = (await officer.post(`/api/tickets/${t.id}/route`, { version: t.version, agencyId: housing, note: '转住建' })).json() as TicketDetail;
    assert.equal(t.status, 'sent');
    assert.equal(t.agency?.id, housing);
    assert.equal(t.sentAt, env.clock.now().toISOString());
    assert.equal(code(await cg.get(`/api/tickets/${t.id}`)), 'TICKET_NOT_FOUND', 'no longer 城管\'s');
    assert.equal((await cg2.get(`/api/tickets/${t.id}`)).statusCode, 200);
  });

  test('the receipt ladder: not received within 1 h, overdue and reminder at the receive deadline, yellow 24 h after, each once, notified', async () => {
    env.clock.set(Date.parse(t.receiveDueAt!) - 1);
    const fired = async () => (await env.ctx.db.selectFrom('tickets').select('fired').where('id', '=', t.id).executeTakeFirstOrThrow()).fired;
    await ticketsTick(env.ctx);
    assert.deepEqual(await fired(), []);
    env.clock.set(Date.parse(t.receiveDueAt!) + 1);
    await ticketsTick(env.ctx);
    await relogin();
    const d = (await cg2.get(`/api/tickets/${t.id}`)).json() as TicketDetail;
    assert.equal(d.status, 'sent');
    assert.equal(d.overdue, false, 'the resolve deadline is still ahead');
    assert.equal(d.supervision, 'reminder');
    assert.deepEqual(d.events.filter((e) => e.action.startsWith('receipt_')).map((e) => e.action), ['receipt_overdue', 'receipt_reminder']);
    await ticketsTick(env.ctx);
    assert.deepEqual(await fired(), ['receipt_overdue', 'receipt_reminder'], 'each step once');
    const zjUser = (await env.ctx.db.selectFrom('users').select('id').where('username', '=', 'zj1').executeTakeFirstOrThrow()).id;
    const kinds = (await env.ctx.db.selectFrom('notifications').select('kind').where('user_id', '=', zjUser).execute()).map((x) => x.kind);
    assert.ok(kinds.includes('ticket.receipt_reminder'), kinds.join());
    env.clock.set(Date.parse(t.receiveDueAt!) + 24 * H + 1);
    await ticketsTick(env.ctx);
    assert.deepEqual(await fired(), ['receipt_overdue', 'receipt_reminder', 'receipt_yellow']);
    assert.equal(d.version, t.version, 'the ladder does not make anyone\'s form stale');
  });

  test('the ladder: overdue and reminder at the due time, yellow after 24 h, red after 72 h, each once, notified', async () => {
    env.clock.set(Date.parse(t.dueAt!) - 1);
    const resolveSteps = async () => (await env.ctx.db.selectFrom('tickets').select('fired').where('id', '=', t.id).executeTakeFirstOrThrow()).fired.filter((s) => !s.startsWith('receipt_'));
    await ticketsTick(env.ctx);
    assert.deepEqual(await resolveSteps(), []);
    env.clock.set(Date.parse(t.dueAt!) + 1);
    await ticketsTick(env.ctx);
    await relogin();
    let d = (await cg2.get(`/api/tickets/${t.id}`)).json() as TicketDetail;
    assert.equal(d.overdue, true);
    assert.deepEqual(await resolveSteps(), ['overdue', 'reminder']);
    assert.equal(d.supervision, 'yellow', 'the receipt ladder\'s yellow card is the highest step so far');
    assert.equal(await ticketsTick(env.ctx), 0, 'each step once');
    env.clock.advance(73 * H);
    await ticketsTick(env.ctx);
    await relogin();
    d = (await cg2.get(`/api/tickets/${t.id}`)).json() as TicketDetail;
    assert.equal(d.supervision, 'red');
    assert.deepEqual(d.events.filter((e) => ['overdue', 'reminder', 'yellow', 'red'].includes(e.action)).map((e) => e.action), ['overdue', 'reminder', 'yellow', 'red']);
    const zjUser = (await env.ctx.db.selectFrom('users').select('id').where('username', '=', 'zj1').executeTakeFirstOrThrow()).id;
    const kinds = (await env.ctx.db.selectFrom('notifications').select('kind').where('user_id', '=', zjUser).execute()).map((x) => x.kind);
    assert.ok(kinds.includes('ticket.reminder') && kinds.includes('ticket.red'), kinds.join());
    assert.equal(d.version, t.version, 'the ladder does not make anyone\'s form stale');
  });

  test('the routing table: admin sets 占道经营 in S2 to the housing bureau with 2 h / 24 h; others may not; bad hours are 400', async () => {
    const housing = (await env.ctx.db.selectFrom('agencies').select('id').where('code', '=', 'ZJ').executeTakeFirstOrThrow()).id;
    const rule = { category: 'street_vending', areaId: world.area.S2, agencyId: housing, receiveHours: 2, resolveHours: 24 };
    assert.equal((await lead1.post('/api/tickets/rules', rule)).statusCode, 403);
    assert.equal((await admin.post('/api/tickets/rules', { ...rule, receiveHours: 48 })).statusCode, 400);
    assert.equal((await admin.post('/api/tickets/rules', rule)).statusCode, 200);
    const r = (await lead2.post('/api/tickets', body({ category: 'street_vending', lon: 120.03, photos: [] }))).json() as { ticket: TicketDetail };
    assert.equal(r.ticket.agency?.id, housing);
    assert.equal(Date.parse(r.ticket.dueAt!) - Date.parse(r.ticket.sentAt!), 24 * H);
    const w = (await lead1.post('/api/tickets', body({ category: 'street_vending', lon: 120.012, photos: [] }))).json() as { ticket: TicketDetail };
    assert.equal(w.ticket.agency?.id, cgAgency, 'S1 keeps the county rule');
    const rules = (await admin.get('/api/tickets/rules')).json() as { id: number; category: string; area: { id: number } | null; version: number }[];
    const mine = rules.find((x) => x.category === 'street_vending' && x.area?.id === world.area.S2)!;
    const stale = await admin.post('/api/tickets/rules', { ...rule, resolveHours: 48, version: mine.version + 1 });
    assert.equal(code(stale), 'STALE_VERSION');
  });

  test('counts per department and per station are the records\' counts', async () => {
    await env.ctx.db.updateTable('tickets').set({ source_type: 'joint_patrol' }).where('category', '=', 'street_vending').execute();
    const from = '2026-01-01T00:00:00.000Z';
    env.clock.advance(60_000); // the window is [from, to): the last tickets were made at this very instant
    const details = await Promise.all(((await admin.get('/api/tickets')).json() as Ticket[]).map(async (x) => (await admin.get(`/api/tickets/${x.id}`)).json() as TicketDetail));
    for (const by of ['agency', 'station'] as const) {
      const s = (await admin.get(`/api/tickets/stats?by=${by}&from=${from}`)).json() as TicketStats;
      const all = (await admin.get('/api/tickets')).json() as Ticket[];
      for (const row of s.rows) {
        const mine = all.filter((x) => (by === 'agency' ? x.agency?.id ?? null : x.station?.id ?? null) === row.key);
        const resolved = mine.filter((x) => x.resolvedAt !== null);
        const onTime = resolved.filter((x) => Date.parse(x.resolvedAt!) <= Date.parse(x.dueAt!));
        // the earlier rounds of reopened tickets keep counting
        const earlier = mine.reduce((a, x) => a + x.earlierResolved, 0);
        const earlierOnTime = mine.reduce((a, x) => a + x.earlierOnTime, 0);
        assert.equal(row.tickets, mine.length, `${by} ${row.name}`);
        assert.equal(row.open, mine.filter((x) => ['sent', 'received', 'in_progress'].includes(x.status)).length);
        assert.equal(row.overdue, mine.filter((x) => x.overdue).length);
        assert.equal(row.resolved, resolved.length + earlier);
        assert.equal(row.onTime, onTime.length + earlierOnTime);
        assert.equal(row.onTimeRate, resolved.length + earlier ? (onTime.length + earlierOnTime) / (resolved.length + earlier) : null);
        if (by === 'station') assert.equal(row.returns, mine.reduce((a, x) => a + x.returnCount, 0));
        else assert.equal(row.returns, details.flatMap((d) => d.events).filter((e) => e.action === 'return' && e.agency?.id === row.key).length);
        assert.equal(row.recurrences, mine.reduce((a, x) => a + x.reopenCount, 0));
        assert.equal(row.jointPatrol, mine.filter((x) => x.sourceType === 'joint_patrol').length);
      }
      assert.equal(s.rows.reduce((a, r) => a + r.tickets, 0), all.length);
    }
    const cgRow = ((await admin.get(`/api/tickets/stats?from=${from}`)).json() as TicketStats).rows.find((r) => r.key === cgAgency)!;
    assert.equal(cgRow.recurrences, 1);
    assert.equal(cgRow.returns, 1, 'the return counts for 城管, who returned it, though the ticket is with 住建 now');
  });
});

describe('Open311 GeoReport v2', () => {
  test('services, a request created and read back (single and list), status open then closed', async () => {
    const services = (await lead2.get('/api/open311/v2/services.json')).json() as { service_code: string; service_name: string }[];
    assert.ok(services.some((s) => s.service_code === 'illegal_parking' && s.service_name === '乱停乱放'));
    const post = await lead2.post('/api/open311/v2/requests.json', { api_key: 'x', service_code: 'illegal_parking', lat: 32.015, long: 120.035, description: '消防通道被占', address_string: '东所路1号' });
    assert.equal(post.statusCode, 201, post.body);
    const id = (post.json() as { service_request_id: string }[])[0]!.service_request_id;
    const [one] = (await lead2.get(`/api/open311/v2/requests/${id}.json`)).json() as Open311Request[];
    assert.equal(one!.service_request_id, id);
    assert.equal(one!.status, 'open');
    assert.equal(one!.service_code, 'illegal_parking');
    assert.equal(one!.description, '消防通道被占');
    assert.equal(one!.lat, 32.015);
    assert.equal(one!.long, 120.035);
    assert.equal(one!.agency_responsible, '测试城管局');
    assert.equal(one!.requested_datetime, env.clock.now().toISOString());
    assert.equal(one!.address, '东所路1号');
    const list = (await lead2.get(`/api/open311/v2/requests.json?service_request_id=${id}`)).json() as Open311Request[];
    assert.deepEqual(list.map((r) => r.service_request_id), [id]);
    assert.equal(code(await lead1.get(`/api/open311/v2/requests/${id}.json`)), 'TICKET_NOT_FOUND', 'another station');
    // the department works it; Open311 reads it closed
    let t = (await cg.get(`/api/tickets/${id}`)).json() as TicketDetail;
    for (const [a, who, note] of [['receive', cg], ['resolve', cg, '已拖离'], ['verify', lead2], ['close', lead2]] as const) {
      t = (await who.post(`/api/tickets/${id}/${a}`, { version: t.version, ...(note ? { note } : {}) })).json() as TicketDetail;
    }
    assert.equal(t.status, 'closed');
    const [closed] = (await lead2.get(`/api/open311/v2/requests/${id}.json`)).json() as Open311Request[];
    assert.equal(closed!.status, 'closed');
    const open = (await lead2.get('/api/open311/v2/requests.json?status=open&service_code=illegal_parking')).json() as Open311Request[];
    assert.equal(open.some((r) => r.service_request_id === id), false);
  });
});
