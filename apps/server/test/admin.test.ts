// Issue 12 parts 1 and 3: the bureau administers its own county. Agencies, teams, people (posts, responsibility
// areas with history), units (members) and users: create, edit (409 on a stale version), retire (refused with what
// points to the record); station leads only within their station (404 outside, as for a record that does not exist);
// bad input 400 naming the field; every write audited; the unit status by hand, in its history, and a unit on a
// meal break is not recommended for dispatch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Incident, Person, Recommendation, Team, Unit, UnitStatusEvent, UserAccount } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let admin: Agent;
let lead1: Agent;
let lead2: Agent;
let disp: Agent;
let officer: Agent;

type Res = { statusCode: number; body: string; json(): unknown };
const patch = (a: Agent, url: string, body: unknown) =>
  env.app.inject({ method: 'PATCH', url, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: body as string });
const ok = <T>(r: Res): T => {
  assert.ok(r.statusCode === 200 || r.statusCode === 201, `${r.statusCode} ${r.body}`);
  return r.json() as T;
};
const code = (r: Res, status: number, c: string) => {
  assert.equal(r.statusCode, status, r.body);
  assert.equal((r.json() as { code: string }).code, c);
  return r.json() as { code: string; details?: unknown };
};
const audited = async (action: string, id: number) =>
  (await sql<{ n: number }>`select count(*)::int n from audit_log where action = ${action} and resource_id = ${String(id)}`.execute(env.ctx.db)).rows[0]!.n;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  admin = await login(env.app, 'admin');
  lead1 = await login(env.app, 'lead1');
  lead2 = await login(env.app, 'lead2');
  disp = await login(env.app, 'dispatcher');
  officer = await login(env.app, 'officer1');
  // a small drawn road network (as in dispatch.test.ts) so the recommendation has travel times
  const roads: [number, [number, number][]][] = [
    [1, [[120.002, 32.015], [120.02, 32.015], [120.038, 32.015]]],
    [2, [[120.002, 32.005], [120.02, 32.005], [120.038, 32.005]]],
    [3, [[120.002, 32.005], [120.002, 32.015]]],
    [4, [[120.038, 32.005], [120.038, 32.015]]],
  ];
  for (const [id, coords] of roads) {
    await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
      values (${id}, ${'路' + id}, 'street', 36, 18, 5, false,
              st_setsrid(st_geomfromgeojson(${JSON.stringify({ type: 'LineString', coordinates: coords })}), 4326))`.execute(env.ctx.db);
  }
});
after(async () => env?.close());

describe('agencies and teams (administrators)', () => {
  let agencyId: number;
  let team: Team;

  test('an admin adds a 城管 agency and a 住建 department, edits and retires one; a station lead may not', async () => {
    const a = ok<{ id: number; version: number; kind: string; code: string }>(await admin.post('/api/agencies', { name: '县城管局', kind: 'urban_mgmt', areaId: world.area.C }));
    assert.equal(a.kind, 'urban_mgmt');
    assert.match(a.code, /^AG-/);
    agencyId = a.id;
    const h = ok<{ id: number; version: number }>(await admin.post('/api/agencies', { name: '县住建局', kind: 'housing', areaId: null, code: 'ZJ' }));
    code(await admin.post('/api/agencies', { name: '重复', kind: 'other_dept', areaId: null, code: 'ZJ' }), 409, 'DUPLICATE_CODE');
    const e = ok<{ version: number; name: string }>(await patch(admin, `/api/agencies/${h.id}`, { version: h.version, name: '县住房和城乡建设局' }));
    assert.equal(e.version, h.version + 1);
    code(await patch(admin, `/api/agencies/${h.id}`, { version: h.version, name: '旧版本' }), 409, 'STALE_VERSION');
    ok(await admin.post(`/api/agencies/${h.id}/retire`, { version: e.version }));
    const list = ok<{ id: number }[]>(await admin.get('/api/agencies'));
    assert.ok(!list.some((x) => x.id === h.id), 'a retired agency is not listed');
    assert.ok(list.some((x) => x.id === agencyId));
    assert.equal(await audited('agency.retired', h.id), 1);
    code(await lead1.post('/api/agencies', { name: '某所', kind: 'station', areaId: world.area.S1 }), 403, 'FORBIDDEN');
    const bad = code(await admin.post('/api/agencies', { name: '坏', kind: 'bank', areaId: null }), 400, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(bad.details), /kind/);
  });

  test('a team with a leader and a deputy; the deputy must not be the leader; retiring a team with people is refused', async () => {
    const [a1] = ok<{ id: number; areaId: number | null }[]>(await admin.get('/api/agencies')).filter((x) => x.areaId === world.area.S1);
    team = ok<Team>(await admin.post('/api/teams', { name: '西所第二社区队', kind: 'community_team', agencyId: a1!.id, areaId: world.area.S1, leaderId: world.person.P1, deputyId: world.person.P1B }));
    assert.equal(team.leaderName, '王警官');
    assert.equal(team.deputyName, '赵警官');
    const bad = code(await patch(admin, `/api/teams/${team.id}`, { version: team.version, deputyId: world.person.P1 }), 400, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(bad.details), /deputyId/);
    code(await admin.post('/api/teams', { name: 'x', kind: 'community_team', agencyId: 999999, areaId: null }), 404, 'AGENCY_NOT_FOUND');
    // T1 has people and units
    const t1 = ok<Team[]>(await admin.get('/api/teams')).find((t) => t.name === '西所社区队')!;
    const refused = code(await admin.post(`/api/teams/${t1.id}/retire`, { version: t1.version }), 409, 'STILL_REFERENCED');
    assert.deepEqual((refused.details as { units: string[] }).units, ['W01', 'W02']);
    // the new team is empty: it retires
    ok(await admin.post(`/api/teams/${team.id}/retire`, { version: team.version }));
    assert.ok(!ok<Team[]>(await admin.get('/api/teams')).some((t) => t.id === team.id));
    // an agency with people is not retired
    const refusedAgency = code(await admin.post(`/api/agencies/${a1!.id}/retire`, { version: 1 }), 409, 'STILL_REFERENCED');
    assert.ok((refusedAgency.details as { people: number }).people >= 3);
    void agencyId;
  });
});

describe('people (station leads within their station)', () => {
  let auxiliary: Person;
  let a1: number;
  let t1: number;

  test('a station lead adds an auxiliary to a community of the station: phone encrypted and masked, audited', async () => {
    a1 = ok<{ id: number; areaId: number | null }[]>(await lead1.get('/api/agencies')).find((x) => x.areaId === world.area.S1)!.id;
    t1 = ok<Team[]>(await lead1.get('/api/teams')).find((t) => t.name === '西所社区队')!.id;
    auxiliary = ok<Person>(await lead1.post('/api/people', { name: '孙辅警', role: 'auxiliary', phone: '13912345678', agencyId: a1, teamId: t1, areaIds: [world.area.C12] }));
    assert.equal(auxiliary.phoneMasked, '139****5678');
    assert.deepEqual(auxiliary.areas.map((a) => a.id), [world.area.C12]);
    const row = (await sql<{ phone_enc: string | null }>`select phone_enc from people where id = ${auxiliary.id}`.execute(env.ctx.db)).rows[0]!;
    assert.ok(row.phone_enc && !row.phone_enc.includes('13912345678'));
    assert.equal(env.ctx.cipher.decrypt(row.phone_enc), '13912345678');
    assert.equal(await audited('person.created', auxiliary.id), 1);
    const got = ok<Person>(await lead1.get(`/api/people/${auxiliary.id}`));
    assert.equal(got.name, '孙辅警');
  });

  test('the other station\'s lead: the person, the team, the areas are not found (404), as if they did not exist', async () => {
    code(await lead2.get(`/api/people/${auxiliary.id}`), 404, 'PERSON_NOT_FOUND');
    code(await patch(lead2, `/api/people/${auxiliary.id}`, { version: auxiliary.version!, name: '改名' }), 404, 'PERSON_NOT_FOUND');
    code(await lead2.post(`/api/people/${auxiliary.id}/retire`, { version: auxiliary.version! }), 404, 'PERSON_NOT_FOUND');
    code(await lead2.get(`/api/people/${world.person.P1}/areas`), 404, 'PERSON_NOT_FOUND');
    code(await lead2.post('/api/people', { name: '越界', role: 'auxiliary', agencyId: a1, areaIds: [] }), 404, 'AGENCY_NOT_FOUND');
    const a2 = ok<{ id: number; areaId: number | null }[]>(await lead2.get('/api/agencies')).find((x) => x.areaId === world.area.S2)!.id;
    const r = code(await lead2.post('/api/people', { name: '越界', role: 'auxiliary', agencyId: a2, areaIds: [world.area.C11] }), 404, 'AREA_NOT_FOUND');
    void r;
    code(await lead2.post('/api/people', { name: '越界', role: 'auxiliary', agencyId: a2, teamId: t1 }), 404, 'TEAM_NOT_FOUND');
    // the list agrees with the detail
    const list = ok<{ items: Person[] }>(await lead2.get('/api/people?pageSize=500')).items;
    assert.ok(!list.some((p) => p.id === auxiliary.id));
    // officers and dispatchers do not administer people
    code(await officer.post('/api/people', { name: 'x', role: 'auxiliary', agencyId: a1 }), 403, 'FORBIDDEN');
    code(await disp.post('/api/people', { name: 'x', role: 'auxiliary', agencyId: a1 }), 403, 'FORBIDDEN');
  });

  test('responsibility areas change with history kept; a stale version is 409 and writes nothing', async () => {
    const edited = ok<Person>(await patch(lead1, `/api/people/${auxiliary.id}`, { version: auxiliary.version!, post: 'B', areaIds: [world.area.C11] }));
    assert.equal(edited.version, auxiliary.version! + 1);
    assert.equal(edited.post, 'B');
    assert.deepEqual(edited.areas.map((a) => a.id), [world.area.C11]);
    const hist = ok<{ areaId: number; validTo: string | null }[]>(await lead1.get(`/api/people/${auxiliary.id}/areas`));
    assert.equal(hist.length, 2);
    assert.equal(hist.find((h) => h.areaId === world.area.C12)!.validTo !== null, true, 'the old area ended');
    assert.equal(hist.find((h) => h.areaId === world.area.C11)!.validTo, null);
    code(await patch(lead1, `/api/people/${auxiliary.id}`, { version: auxiliary.version!, name: '旧' }), 409, 'STALE_VERSION');
    assert.equal(ok<Person>(await lead1.get(`/api/people/${auxiliary.id}`)).name, '孙辅警');
    // bad input names the field, nothing written
    const bad = code(await patch(lead1, `/api/people/${auxiliary.id}`, { version: edited.version!, phone: 'abc' }), 400, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(bad.details), /phone/);
    const bad2 = code(await lead1.post('/api/people', { name: '', role: 'auxiliary', agencyId: a1 }), 400, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(bad2.details), /name/);
    // a station lead's new person must stay in the station
    const lost = code(await lead1.post('/api/people', { name: '无处', role: 'auxiliary', agencyId: a1 }), 400, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(lost.details), /teamId/);
    auxiliary = edited;
  });

  test('retiring a person who is a member of an active unit or has open tasks is refused with what points to them', async () => {
    await sql`insert into unit_members (unit_id, person_id) values (${world.unit.W01!}, ${auxiliary.id})`.execute(env.ctx.db);
    const r = code(await lead1.post(`/api/people/${auxiliary.id}/retire`, { version: auxiliary.version! }), 409, 'STILL_REFERENCED');
    assert.deepEqual((r.details as { units: string[] }).units, ['W01']);
    await sql`delete from unit_members where person_id = ${auxiliary.id}`.execute(env.ctx.db);
    ok(await lead1.post(`/api/people/${auxiliary.id}/retire`, { version: auxiliary.version!, reason: '离职' }));
    code(await lead1.get(`/api/people/${auxiliary.id}`), 404, 'PERSON_NOT_FOUND');
    const open = (await sql<{ n: number }>`select count(*)::int n from person_areas where person_id = ${auxiliary.id} and valid_to is null`.execute(env.ctx.db)).rows[0]!.n;
    assert.equal(open, 0, 'responsibility ends with the person; the history stays');
    assert.equal(await audited('person.retired', auxiliary.id), 1);
    // the team leader cannot be retired while leading
    const p1 = ok<Person>(await admin.get(`/api/people/${world.person.P2}`));
    const a2 = p1.agencyId;
    const t = ok<Team>(await admin.post('/api/teams', { name: '东所巡逻队', kind: 'patrol_team', agencyId: a2, areaId: world.area.S2, leaderId: world.person.P2 }));
    const led = code(await admin.post(`/api/people/${world.person.P2}/retire`, { version: p1.version! }), 409, 'STILL_REFERENCED');
    assert.deepEqual((led.details as { teams: string[] }).teams, ['东所巡逻队']);
    void t;
  });
});

describe('units and their status by hand', () => {
  let unit: Unit;

  test('a station lead adds a unit with members in the station; it starts off duty; callsigns are unique', async () => {
    unit = ok<Unit>(await lead1.post('/api/units', { callsign: 'W09', type: 'ebike', echelon: 1, teamId: null, homeAreaId: world.area.C11, memberIds: [world.person.P1B] }));
    assert.equal(unit.status, 'off_duty');
    assert.deepEqual(unit.members.map((m) => m.id), [world.person.P1B]);
    code(await lead1.post('/api/units', { callsign: 'W01', type: 'foot', echelon: 1, teamId: null, homeAreaId: world.area.S1, memberIds: [] }), 409, 'DUPLICATE_CODE');
    code(await lead1.post('/api/units', { callsign: 'W10', type: 'foot', echelon: 1, teamId: null, homeAreaId: world.area.S2, memberIds: [] }), 404, 'AREA_NOT_FOUND');
    const m = code(await lead1.post('/api/units', { callsign: 'W10', type: 'foot', echelon: 1, teamId: null, homeAreaId: world.area.S1, memberIds: [world.person.P2] }), 404, 'PERSON_NOT_FOUND');
    void m;
    code(await lead2.get(`/api/units/${unit.id}`), 404, 'UNIT_NOT_FOUND');
    code(await patch(lead2, `/api/units/${unit.id}`, { version: unit.version, echelon: 2 }), 404, 'UNIT_NOT_FOUND');
    const bad = code(await lead1.post('/api/units', { callsign: 'W11', type: 'tank', echelon: 1, teamId: null, homeAreaId: world.area.S1, memberIds: [] }), 400, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(bad.details), /type/);
    code(await disp.post('/api/units', { callsign: 'W12', type: 'foot', echelon: 1, teamId: null, homeAreaId: world.area.S1, memberIds: [] }), 403, 'FORBIDDEN');
    const e = ok<Unit>(await patch(lead1, `/api/units/${unit.id}`, { version: unit.version, echelon: 2, memberIds: [world.person.P1B, world.person.P1] }));
    assert.equal(e.echelon, 2);
    assert.equal(e.members.length, 2);
    code(await patch(lead1, `/api/units/${unit.id}`, { version: unit.version, echelon: 3 }), 409, 'STALE_VERSION');
    unit = e;
  });

  test('status by hand with a reason, in the history; a unit on a meal break is not recommended', async () => {
    const on = ok<Unit>(await disp.post(`/api/units/${world.unit.W02}/status`, { version: 1, status: 'meal_break', reason: '午餐' }));
    assert.equal(on.status, 'meal_break');
    assert.equal(on.statusReason, '午餐');
    assert.equal(on.statusSince, env.clock.now().toISOString());
    code(await disp.post(`/api/units/${world.unit.W02}/status`, { version: 1, status: 'available' }), 409, 'STALE_VERSION');
    code(await disp.post(`/api/units/${world.unit.W02}/status`, { version: on.version, status: 'meal_break' }), 409, 'INVALID_TRANSITION');
    const hist = ok<UnitStatusEvent[]>(await disp.get(`/api/units/${world.unit.W02}/status-history`));
    assert.deepEqual([hist[0]!.from, hist[0]!.to, hist[0]!.reason], ['available', 'meal_break', '午餐']);
    const inc = ok<Incident>(await disp.post('/api/incidents', newIncident({ lon: 120.015, lat: 32.014 })));
    const rec = (await disp.get(`/api/incidents/${inc.id}/recommendation`)).json() as Recommendation;
    const w02 = rec.ranked.find((u) => u.callsign === 'W02');
    assert.ok(!rec.proposal.includes(world.unit.W02!), 'a unit on a meal break is not proposed');
    assert.ok(w02?.excluded && w02.reasons.includes('not_available'), JSON.stringify(w02));
    // back on duty: recommended again
    ok(await disp.post(`/api/units/${world.unit.W02}/status`, { version: on.version, status: 'available', reason: '就餐结束' }));
    const rec2 = (await disp.get(`/api/incidents/${inc.id}/recommendation`)).json() as Recommendation;
    const w02b = rec2.ranked.find((u) => u.callsign === 'W02')!;
    assert.ok(!w02b.excluded, JSON.stringify(w02b));
    assert.ok(rec2.proposal.includes(world.unit.W02!), 'on duty again, the nearest unit is proposed');
    // dispatched: the unit follows its incident, no status by hand, and it cannot be retired
    const d = await disp.post(`/api/incidents/${inc.id}/dispatch`, { unitId: world.unit.W01, version: inc.version });
    ok(d);
    const w01d = ok<Unit>(await disp.get(`/api/units/${world.unit.W01}`));
    code(await disp.post(`/api/units/${world.unit.W01}/status`, { version: w01d.version, status: 'off_duty' }), 409, 'INVALID_TRANSITION');
    const refused = code(await admin.post(`/api/units/${world.unit.W01}/retire`, { version: w01d.version }), 409, 'STILL_REFERENCED');
    assert.equal((refused.details as { incidentId: number }).incidentId, inc.id);
    // another station's lead: not found
    code(await lead2.post(`/api/units/${world.unit.W02}/status`, { version: 1, status: 'busy' }), 404, 'UNIT_NOT_FOUND');
  });

  test('a retired unit leaves the lists and the recommendation; its history stays', async () => {
    ok(await lead1.post(`/api/units/${unit.id}/retire`, { version: unit.version, reason: '车辆报废' }));
    code(await lead1.get(`/api/units/${unit.id}`), 404, 'UNIT_NOT_FOUND');
    assert.ok(!ok<Unit[]>(await admin.get('/api/units')).some((u) => u.id === unit.id));
    const events = (await sql<{ n: number }>`select count(*)::int n from unit_events where unit_id = ${unit.id}`.execute(env.ctx.db)).rows[0]!.n;
    assert.equal(events, 2);
    assert.equal(await audited('unit.retired', unit.id), 1);
  });
});

describe('user accounts', () => {
  test('an admin creates a grid worker account with a scope and retires it; its sessions end', async () => {
    const u = ok<UserAccount>(await admin.post('/api/users', { username: 'gw1', displayName: '网格员一', role: 'grid_worker', scopeAreaId: world.area.G111, password: 'Grid-worker-pass-2026' }));
    assert.equal(u.role, 'grid_worker');
    assert.equal(u.active, true);
    const missing = code(await admin.post('/api/users', { username: 'lead9', role: 'station_lead', scopeAreaId: null, password: 'Station-lead-pass-2026' }), 422, 'SCOPE_REQUIRED');
    void missing;
    code(await admin.post('/api/users', { username: 'gw1', role: 'officer', scopeAreaId: world.area.S1, password: 'Grid-worker-pass-2026' }), 409, 'DUPLICATE_CODE');
    const bad = code(await admin.post('/api/users', { username: 'gw2', role: 'king', scopeAreaId: null, password: 'x' }), 400, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(bad.details), /role/);
    code(await lead1.get('/api/users'), 403, 'FORBIDDEN');
    const r = ok<UserAccount>(await admin.post(`/api/users/${u.id}/retire`));
    assert.equal(r.active, false);
    const login2 = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'gw1', password: 'Grid-worker-pass-2026' } });
    assert.equal(login2.statusCode, 401);
    code(await admin.post(`/api/users/${world.user.admin}/retire`), 400, 'VALIDATION_FAILED');
    code(await admin.post('/api/users/999999/retire'), 404, 'USER_NOT_FOUND');
  });
});

describe('the duty roster', () => {
  const put = (a: Agent, stationId: number, day: string, body: unknown) =>
    env.app.inject({ method: 'PUT', url: `/api/rosters/${stationId}/${day}`, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: body as string });
  const A = { duty: 'A', startsAt: '2026-06-15T00:00:00.000Z', endsAt: '2026-06-16T00:00:00.000Z' }; // 08:00 to 08:00 local

  test('a station lead writes the day: duty leader, A/B posts, a patrol shift; who is on duty now follows it', async () => {
    const r = ok<{ id: number; version: number; shifts: unknown[]; leaderName: string }>(
      await put(lead1, world.area.S1!, '2026-06-15', {
        leaderId: world.person.P1,
        shifts: [
          { personId: world.person.P1B, ...A },
          { personId: world.person.W111, duty: 'B', startsAt: A.startsAt, endsAt: A.endsAt },
          { personId: world.person.P1, duty: 'patrol', startsAt: '2026-06-15T10:00:00.000Z', endsAt: '2026-06-15T14:00:00.000Z' },
        ],
      }),
    );
    assert.equal(r.leaderName, '王警官');
    assert.equal(r.shifts.length, 3);
    // now = 10:00 local: A and B on duty, the evening patrol not yet
    const now = ok<{ stations: { stationId: number; leaderName: string; people: { personId: number; duty: string }[] }[] }>(await officer.get('/api/duty/now'));
    assert.equal(now.stations.length, 1);
    assert.equal(now.stations[0]!.leaderName, '王警官');
    assert.deepEqual(now.stations[0]!.people.map((p) => p.duty).sort(), ['A', 'B']);
    const evening = ok<{ stations: { people: unknown[] }[] }>(await officer.get(`/api/duty/now?at=${encodeURIComponent('2026-06-15T11:00:00.000Z')}`));
    assert.equal(evening.stations[0]!.people.length, 3);
    const week = ok<{ day: string }[]>(await officer.get(`/api/rosters?from=2026-06-15&days=7`));
    assert.deepEqual(week.map((x) => x.day), ['2026-06-15']);
    // a second save needs the version read
    code(await put(lead1, world.area.S1!, '2026-06-15', { leaderId: null, shifts: [] }), 409, 'STALE_VERSION');
    const again = ok<{ version: number; shifts: unknown[] }>(await put(lead1, world.area.S1!, '2026-06-15', { version: r.version, leaderId: world.person.P1, shifts: [{ personId: world.person.P1B, ...A }] }));
    assert.equal(again.version, r.version + 1);
    assert.equal(again.shifts.length, 1);
    code(await put(lead1, world.area.S1!, '2026-06-15', { version: r.version, leaderId: null, shifts: [] }), 409, 'STALE_VERSION');
  });

  test('another station, bad times, people outside the station, roles that may not write', async () => {
    code(await lead2.get(`/api/rosters/${world.area.S1}/2026-06-15`), 404, 'AREA_NOT_FOUND');
    code(await put(lead2, world.area.S1!, '2026-06-15', { leaderId: null, shifts: [] }), 404, 'AREA_NOT_FOUND');
    assert.deepEqual(ok<{ stations: unknown[] }>(await lead2.get('/api/duty/now')).stations, []);
    code(await lead1.get(`/api/rosters/${world.area.S1}/2026-06-16`), 404, 'ROSTER_NOT_FOUND');
    const bad = code(await put(lead1, world.area.S1!, '2026-06-16', { leaderId: null, shifts: [{ personId: world.person.P1, duty: 'A', startsAt: '2026-06-15T00:00:00.000Z', endsAt: '2026-06-14T00:00:00.000Z' }] }), 400, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(bad.details), /shifts\/0\/startsAt/);
    assert.match(JSON.stringify(bad.details), /shifts\/0\/endsAt/);
    code(await put(lead1, world.area.S1!, '2026-06-16', { leaderId: null, shifts: [{ personId: world.person.P2, ...A, startsAt: '2026-06-16T00:00:00.000Z', endsAt: '2026-06-16T08:00:00.000Z' }] }), 404, 'PERSON_NOT_FOUND');
    code(await put(disp, world.area.S1!, '2026-06-16', { leaderId: null, shifts: [] }), 403, 'FORBIDDEN');
    code(await lead1.get(`/api/rosters/${world.area.S1}/2026-02-30`), 400, 'VALIDATION_FAILED');
    assert.equal(await sql<{ n: number }>`select count(*)::int n from duty_rosters where day = '2026-06-16'`.execute(env.ctx.db).then((r) => r.rows[0]!.n), 0);
  });
});
