// Joint police-城管 patrol (城警联勤, issue 16 part 4): a joint group is a joint_patrol unit whose members come from
// both agencies (units admin), based at a 联勤服务站; on-the-spot simple-procedure records (parties encrypted and
// masked, photo, outcome; 转交办 makes a ticket); bad input is refused with the field at fault and writes nothing;
// 城管 emergency teams and youth squads serve in the third echelon only; the counts per station and period are
// recomputed from the records (patrol routes, handlings, tickets, arrivals within 2 minutes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { JointGroup, JointHandling, JointPost, JointStats, TicketDetail } from '@jingwang/contracts';
import { addPartners, buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4AWM4ISf3HwAEugIEzCecNQAAAABJRU5ErkJggg==';

let env: TestEnv;
let world: World;
let cgAgency: number;
let admin: Agent;
let lead1: Agent;
let lead2: Agent;
let officer: Agent;
let cg: Agent;
let grid: Agent;
let groupId: number;
let policeOnlyId: number;
let post: JointPost;

const code = (r: { json(): unknown }) => (r.json() as { code: string }).code;
const fieldOf = (r: { json(): unknown }) => JSON.stringify((r.json() as { details?: unknown }).details ?? null);

function send(a: Agent, method: 'PATCH' | 'PUT', url: string, payload: unknown) {
  return env.app.inject({ method, url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: payload as string });
}

async function count(table: string): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int n from ${sql.table(table)}`.execute(env.ctx.db)).rows[0]!.n;
}

const handling = (over: Record<string, unknown> = {}) => ({
  unitId: groupId,
  category: 'street_vending',
  what: '流动摊贩占用人行道经营',
  address: '测试路3号',
  lon: 120.006,
  lat: 32.006,
  parties: [{ name: '钱多多', phone: '13900001234' }],
  outcome: 'corrected',
  photo: PNG,
  ...over,
});

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  cgAgency = (await addPartners(env, world)).agency.CG!;
  [admin, lead1, lead2, officer, cg, grid] = (await Promise.all(['admin', 'lead1', 'lead2', 'officer1', 'cg1', 'grid1'].map((u) => login(env.app, u)))) as [Agent, Agent, Agent, Agent, Agent, Agent];
  // the joint group and a police-only one, through the units admin (the managed data)
  const mk = async (callsign: string, memberIds: number[]) => {
    const r = await admin.post('/api/units', { callsign, type: 'joint_patrol', echelon: 1, teamId: null, homeAreaId: world.area.S1!, memberIds });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { id: number }).id;
  };
  groupId = await mk('联勤1组', [world.person.P1!, world.person.CG1!]);
  policeOnlyId = await mk('联勤2组', [world.person.P1B!]);
});
after(async () => env?.close());

describe('service posts and joint groups', () => {
  test('a lead adds a post in their area; outside it or outside the county is refused and writes nothing', async () => {
    const r = await lead1.post('/api/joint/posts', { name: '西所联勤服务站', address: '测试路2号', lon: 120.004, lat: 32.004 });
    assert.equal(r.statusCode, 201, r.body);
    post = r.json() as JointPost;
    assert.equal(post.station?.id, world.area.S1);
    assert.deepEqual(post.groups, []);
    const before = await count('joint_posts');
    const far = await lead1.post('/api/joint/posts', { name: '东边站', lon: 120.035, lat: 32.005 });
    assert.equal(far.statusCode, 422);
    assert.equal(code(far), 'OUTSIDE_JURISDICTION');
    const dup = await lead1.post('/api/joint/posts', { name: '西所联勤服务站', lon: 120.004, lat: 32.004 });
    assert.equal(dup.statusCode, 409);
    assert.equal(code(dup), 'JOINT_POST_NAME_TAKEN');
    assert.equal((await officer.post('/api/joint/posts', { name: 'x', lon: 120.004, lat: 32.004 })).statusCode, 403);
    assert.equal(await count('joint_posts'), before);
    // S2's lead does not see it
    assert.deepEqual((await lead2.get('/api/joint/posts')).json(), []);
  });

  test('groups list their members\' agencies; only a group with both sides gets a base', async () => {
    const groups = (await lead1.get('/api/joint/groups')).json() as JointGroup[];
    const g = groups.find((x) => x.unitId === groupId)!;
    assert.deepEqual([g.police, g.urban, g.joint], [1, 1, true]);
    assert.deepEqual(g.members.map((m) => m.agency.kind).sort(), ['station', 'urban_mgmt']);
    const p = groups.find((x) => x.unitId === policeOnlyId)!;
    assert.equal(p.joint, false);
    const bad = await send(lead1, 'PUT', `/api/joint/groups/${policeOnlyId}/base`, { postId: post.id });
    assert.equal(bad.statusCode, 422);
    assert.equal(code(bad), 'JOINT_GROUP_NOT_JOINT');
    const ok = await send(lead1, 'PUT', `/api/joint/groups/${groupId}/base`, { postId: post.id });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((ok.json() as JointGroup).post?.id, post.id);
    assert.equal(((await lead1.get('/api/joint/posts')).json() as JointPost[])[0]!.groups[0]!.unitId, groupId);
    // outside S2's area the group is 404, and so is an unknown post
    assert.equal(code(await send(lead2, 'PUT', `/api/joint/groups/${groupId}/base`, { postId: post.id })), 'JOINT_GROUP_NOT_FOUND');
    assert.equal(code(await send(lead1, 'PUT', `/api/joint/groups/${groupId}/base`, { postId: 99999 })), 'JOINT_POST_NOT_FOUND');
  });

  test('a post edit is versioned; retiring it frees its groups', async () => {
    const r = await send(lead1, 'PATCH', `/api/joint/posts/${post.id}`, { version: post.version, address: '测试路2号东侧' });
    assert.equal(r.statusCode, 200, r.body);
    const stale = await send(lead1, 'PATCH', `/api/joint/posts/${post.id}`, { version: post.version, active: false });
    assert.equal(stale.statusCode, 409);
    assert.equal(code(stale), 'STALE_VERSION');
    post = r.json() as JointPost;
    assert.equal(post.address, '测试路2号东侧');
  });
});

describe('on-the-spot simple-procedure records', () => {
  test('corrected on the spot: parties masked in the list, encrypted at rest, photo served to those in scope', async () => {
    const r = await officer.post('/api/joint/handlings', handling());
    assert.equal(r.statusCode, 201, r.body);
    const h = r.json() as JointHandling;
    assert.equal(h.outcome, 'corrected');
    assert.equal(h.station?.id, world.area.S1);
    assert.deepEqual(h.parties, [{ name: '钱*多', phone: '139****1234' }]);
    assert.equal(h.ticketId, null);
    assert.equal(h.hasPhoto, true);
    const raw = await sql<{ p: string }>`select parties::text p from joint_handlings where id = ${h.id}`.execute(env.ctx.db);
    assert.ok(!raw.rows[0]!.p.includes('钱多多') && !raw.rows[0]!.p.includes('13900001234'), 'no clear name or phone at rest');
    const photo = await lead1.get(`/api/joint/handlings/${h.id}/photo`);
    assert.equal(photo.statusCode, 200);
    assert.equal(photo.headers['content-type'], 'image/png');
    assert.equal((await lead2.get(`/api/joint/handlings/${h.id}/photo`)).statusCode, 404);
    assert.equal(((await lead2.get('/api/joint/handlings')).json() as unknown[]).length, 0);
  });

  test('a fine needs its amount (at most 200 yuan); a warning takes none; bad input writes nothing', async () => {
    const before = await count('joint_handlings');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ outcome: 'fined' }, 400, '/fineYuan'],
      [{ outcome: 'fined', fineYuan: 500 }, 400, '/fineYuan'],
      [{ outcome: 'warned', fineYuan: 50 }, 400, '/fineYuan'],
      [{ what: '   ' }, 400, '/what'],
      [{ parties: [{ name: ' ' }] }, 400, '/parties/0/name'],
      [{ unitId: policeOnlyId + 1000 }, 404, '/unitId'],
      [{ lon: 121.5 }, 422, '/lon'],
      [{ photo: 'data:image/png;base64,AAAA' }, 400, '/photo'],
      [{ outcome: 'dismissed' }, 400, 'outcome'],
    ];
    for (const [over, status, field] of cases) {
      const r = await officer.post('/api/joint/handlings', handling(over));
      assert.equal(r.statusCode, status, `${JSON.stringify(over)}: ${r.body}`);
      assert.ok(fieldOf(r).includes(field) || r.body.includes(field), `${JSON.stringify(over)} names ${field}: ${r.body}`);
    }
    assert.equal(await count('joint_handlings'), before);
    const fine = await officer.post('/api/joint/handlings', handling({ outcome: 'fined', fineYuan: 50 }));
    assert.equal(fine.statusCode, 201, fine.body);
    assert.equal((fine.json() as JointHandling).fineYuan, 50);
    assert.equal((await officer.post('/api/joint/handlings', handling({ outcome: 'warned', parties: [] }))).statusCode, 201);
  });

  test('转交办 makes a ticket routed to 城管 (source joint_patrol, pointing back at the record)', async () => {
    const r = await officer.post('/api/joint/handlings', handling({ category: 'renovation_waste', what: '楼道口堆放装修垃圾', outcome: 'transferred' }));
    assert.equal(r.statusCode, 201, r.body);
    const h = r.json() as JointHandling;
    assert.ok(h.ticketId);
    const t = (await officer.get(`/api/tickets/${h.ticketId}`)).json() as TicketDetail;
    assert.equal(t.sourceType, 'joint_patrol');
    assert.equal(t.sourceId, h.id);
    assert.equal(t.agency?.id, cgAgency);
    assert.equal(t.photoIds.length, 1);
    assert.ok(!JSON.stringify(t).includes('钱多多'), 'the parties stay in the record');
  });

  test('城管 records only for a group it belongs to, and may not hand on a ticket; a grid worker may not record', async () => {
    const own = await cg.post('/api/joint/handlings', handling({ outcome: 'warned' }));
    assert.equal(own.statusCode, 201, own.body);
    assert.equal(code(await cg.post('/api/joint/handlings', handling({ unitId: policeOnlyId }))), 'JOINT_GROUP_NOT_FOUND');
    const t = await cg.post('/api/joint/handlings', handling({ outcome: 'transferred' }));
    assert.equal(t.statusCode, 403);
    assert.equal((await grid.post('/api/joint/handlings', handling())).statusCode, 403);
    assert.equal((await grid.get('/api/joint/stats')).statusCode, 403);
  });
});

describe('the third echelon', () => {
  test('a 城管 emergency team and a youth squad are echelon 3 only', async () => {
    for (const type of ['urban_mgmt_team', 'youth_squad']) {
      const bad = await admin.post('/api/units', { callsign: `${type}-1`, type, echelon: 2, teamId: null, homeAreaId: world.area.S1!, memberIds: [] });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.ok(bad.body.includes('/echelon'));
      const ok = await admin.post('/api/units', { callsign: `${type}-1`, type, echelon: 3, teamId: null, homeAreaId: world.area.S1!, memberIds: [] });
      assert.equal(ok.statusCode, 200, ok.body);
      const id = (ok.json() as { id: number; version: number }).id;
      const v = (ok.json() as { version: number }).version;
      const move = await send(admin, 'PATCH', `/api/units/${id}`, { version: v, echelon: 1 });
      assert.equal(move.statusCode, 400, move.body);
    }
  });
});

describe('counts per station and period', () => {
  test('patrols, handlings by outcome, tickets and arrivals within 2 minutes, from the records', async () => {
    const db = env.ctx.db;
    const now = env.clock.now();
    const at = (min: number) => new Date(now.getTime() + min * 60_000).toISOString();
    // two joint patrol routes on a plan of S1 (patrol planning's own tables), one route of a patrol car (not counted)
    const shift = await sql<{ id: number }>`insert into patrol_shifts (code, name, starts_at, duration_min) values ('JT', '联勤班', '08:00', 240) returning id`.execute(db);
    const mkPlan = async (tier: string) =>
      (
        await sql<{ id: number }>`insert into patrol_plans (plan_date, shift_id, tier, area_id, status, shift_start, shift_end, seed, risk_source, candidates, generated_by_name)
          values (${at(0).slice(0, 10)}, ${shift.rows[0]!.id}, ${tier}, ${world.area.S1!}, 'published', ${at(-60)}, ${at(180)}, 1, 'test', '[]', 'test') returning id`.execute(db)
      ).rows[0]!.id;
    const plan = await mkPlan('street');
    const plan2 = await mkPlan('community');
    for (const [p, u] of [[plan, groupId], [plan2, groupId], [plan, world.unit.W01!]] as const) {
      await sql`insert into patrol_routes (plan_id, unit_id, stops, path, travel_s, duration_s, distance_m, risk, travel_source, start_lon, start_lat)
        values (${p}, ${u}, '[]', '[]', 0, 0, 0, 0, 'straight_line', 120.004, 32.004)`.execute(db);
    }
    // the group arrives at two incidents: 90 s and 300 s after dispatch; a patrol car's arrival is not counted
    for (const [unit, secs] of [[groupId, 90], [groupId, 300], [world.unit.W01!, 30]] as const) {
      const inc = await officer.post('/api/incidents', newIncident());
      assert.equal(inc.statusCode, 201, inc.body);
      const id = (inc.json() as { id: number }).id;
      await sql`insert into incident_units (incident_id, unit_id, dispatched_at, arrived_at, released_at)
        values (${id}, ${unit}, ${at(-10)}, ${new Date(Date.parse(at(-10)) + secs * 1000).toISOString()}, ${at(-1)})`.execute(db);
    }
    const s = (await lead1.get(`/api/joint/stats?from=${encodeURIComponent(at(-24 * 60))}&to=${encodeURIComponent(at(1))}`)).json() as JointStats;
    const row = s.rows.find((r) => r.key === world.area.S1)!;
    assert.equal(row.name, '西所');
    assert.equal(row.patrols, 2);
    // corrected, fined, warned (officer), transferred, warned (城管)
    assert.equal(row.handlings, 5);
    assert.deepEqual(row.byOutcome, { corrected: 1, warned: 2, fined: 1, transferred: 1 });
    assert.equal(row.tickets, 1);
    assert.equal(row.arrivals, 2);
    assert.equal(row.arrivalsWithin2Min, 1);
    assert.equal(row.within2MinRate, 0.5);
    assert.equal(s.total.handlings, 5);
    // S2's lead sees none of it; an inverted period is refused
    const s2 = (await lead2.get('/api/joint/stats')).json() as JointStats;
    assert.deepEqual([s2.total.patrols, s2.total.handlings, s2.total.tickets, s2.total.arrivals, s2.total.within2MinRate], [0, 0, 0, 0, null]);
    const inv = await lead1.get(`/api/joint/stats?from=${encodeURIComponent(at(1))}&to=${encodeURIComponent(at(0))}`);
    assert.equal(inv.statusCode, 400);
    // the ticket counts agree with the tickets' own stats
    const ts = (await lead1.get(`/api/tickets/stats?by=station&from=${encodeURIComponent(at(-24 * 60))}&to=${encodeURIComponent(at(1))}`)).json() as { rows: { key: number | null; jointPatrol: number }[] };
    assert.equal(ts.rows.find((r) => r.key === world.area.S1)!.jointPatrol, row.tickets);
  });
});
