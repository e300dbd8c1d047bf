// The duty roster drives dispatch and notifications (issue 12 part 3): a unit that its station's roster for today
// leaves without anyone on duty is left out of recommendations (not_rostered) and marked on the unit board; a
// station without a roster is not affected; a unit counts as staffed by a duty naming it or by a duty naming no unit
// of one of its members. An urgent call (priority 1, at intake or raised later) reaches the station's duty leader
// (值班领导) on the roster of that moment. Time in the zone (the 80 % / 4 days a week measures) counts the rostered
// minutes as duty time where the roster has the person's duties, not the minutes their unit happened to report.
// Leave (请假) takes a person off duty for its span; a swap (换班) exchanges the people of two duties not yet started.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Incident, Leave, OnDuty, Recommendation, Roster, UnitStaffing } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, newIncident, PASSWORD, type Agent, type TestEnv, type World } from './helpers';
import { hashPassword } from '../src/modules/auth/service';
import { rollupZonePresence } from '../src/modules/tasks/indicators';

let env: TestEnv;
let world: World;
let lead1: Agent;
let dispatcher: Agent;
let leaderUserId: number;
type Res = Awaited<ReturnType<Agent['get']>>;
const ok = <T>(r: Res): T => {
  assert.ok(r.statusCode === 200 || r.statusCode === 201, `${r.statusCode} ${r.body}`);
  return r.json() as T;
};
// local time is UTC+8: T0 (02:00Z) is 10:00 on 2026-06-15
const local = (day: string, hhmm: string) => new Date(Date.parse(`${day}T${hhmm}:00.000+08:00`)).toISOString();

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  // W02's standing crew is P1B; the duty leader P1 has an account of their own
  await env.ctx.db.insertInto('unit_members').values({ unit_id: world.unit.W02!, person_id: world.person.P1B! }).execute();
  const u = await env.ctx.db
    .insertInto('users')
    .values({ username: 'p1', display_name: '王警官', password_hash: await hashPassword(PASSWORD), role: 'officer', scope_area_id: world.area.S1!, person_id: world.person.P1! })
    .returning('id')
    .executeTakeFirstOrThrow();
  leaderUserId = u.id;
  lead1 = await login(env.app, 'lead1');
  dispatcher = await login(env.app, 'dispatcher');
});
after(async () => env?.close());

const staffing = async () => new Map(ok<UnitStaffing>(await dispatcher.get('/api/units/staffing')).units.map((u) => [u.unitId, u.rostered]));
const reasonsOf = async (incidentId: number) => {
  const r = ok<Recommendation>(await dispatcher.get(`/api/incidents/${incidentId}/recommendation`));
  return new Map(r.ranked.map((u) => [u.unitId, u]));
};
const urgentNotes = async () =>
  (await sql<{ ref_id: string; title: string }>`select ref_id, title from notifications where user_id = ${leaderUserId} and kind = 'incident.urgent' order by id`.execute(env.ctx.db)).rows;

describe('the duty roster drives dispatch and notifications', () => {
  let call: Incident;

  test('without a roster nothing changes: every unit is unchecked (null) and none is left out for it', async () => {
    call = ok<Incident>(await dispatcher.post('/api/incidents', newIncident({ lon: 120.006, lat: 32.006 })));
    const s = await staffing();
    assert.deepEqual([s.get(world.unit.W01!), s.get(world.unit.W02!), s.get(world.unit.E01!)], [null, null, null]);
    const by = await reasonsOf(call.id);
    for (const id of [world.unit.W01!, world.unit.W02!, world.unit.E01!]) assert.ok(!by.get(id)!.reasons.includes('not_rostered'), `unit ${id}`);
  });

  test("the station's roster for today: the unit nobody is on is left out; another station's units are not touched", async () => {
    ok(
      await env.app.inject({
        method: 'PUT',
        url: `/api/rosters/${world.area.S1}/2026-06-15`,
        headers: { cookie: lead1.cookie, 'x-csrf-token': lead1.csrf },
        payload: {
          leaderId: world.person.P1,
          shifts: [
            // P1 patrols on W01 08:00-20:00; P1B (W02's crew) has the night A post, no unit named
            { personId: world.person.P1, duty: 'patrol', startsAt: local('2026-06-15', '08:00'), endsAt: local('2026-06-15', '20:00'), unitId: world.unit.W01 },
            { personId: world.person.P1B, duty: 'A', startsAt: local('2026-06-15', '20:00'), endsAt: local('2026-06-16', '08:00') },
          ],
        } as unknown as string,
      }),
    );
    env.clock.advance(2000); // past dispatch's one-second unit cache
    const s = await staffing();
    assert.equal(s.get(world.unit.W01!), true, 'W01: P1 is on duty on it');
    assert.equal(s.get(world.unit.W02!), false, 'W02: S1 keeps a roster today and nobody on W02 is on duty at 10:00');
    assert.equal(s.get(world.unit.E01!), null, 'E01: S2 keeps no roster');
    const by = await reasonsOf(call.id);
    assert.deepEqual(
      [by.get(world.unit.W02!)!.excluded, by.get(world.unit.W02!)!.reasons.includes('not_rostered')],
      [true, true],
    );
    assert.ok(!by.get(world.unit.W01!)!.reasons.includes('not_rostered'));
    assert.ok(!by.get(world.unit.E01!)!.reasons.includes('not_rostered'));
  });

  test("at 21:00 the night post's member staffs W02 (by membership) and W01's patrol is over", async () => {
    const back = env.clock.now().getTime();
    env.clock.set(Date.parse(local('2026-06-15', '21:00')));
    try {
      const s = await staffing();
      assert.equal(s.get(world.unit.W01!), false);
      assert.equal(s.get(world.unit.W02!), true);
      const by = await reasonsOf(call.id);
      assert.ok(by.get(world.unit.W01!)!.reasons.includes('not_rostered'));
      assert.ok(!by.get(world.unit.W02!)!.reasons.includes('not_rostered'));
    } finally {
      env.clock.set(back + 2000);
    }
  });

  test('an urgent call reaches the duty leader once; an ordinary call does not, until it is raised to urgent', async () => {
    const before = (await urgentNotes()).length;
    const urgent = ok<Incident>(await dispatcher.post('/api/incidents', newIncident({ priority: 1, category: 'fight', lon: 120.004, lat: 32.004 })));
    const ordinary = ok<Incident>(await dispatcher.post('/api/incidents', newIncident({ priority: 2, lon: 120.007, lat: 32.004 })));
    // S2 keeps no roster: an urgent call there reaches nobody through the roster
    ok<Incident>(await dispatcher.post('/api/incidents', newIncident({ priority: 1, lon: 120.035, lat: 32.005 })));
    let notes = await urgentNotes();
    assert.deepEqual(notes.slice(before).map((n) => n.ref_id), [String(urgent.id)]);
    assert.match(notes.at(-1)!.title, new RegExp(`${urgent.number}.*打架斗殴`));
    ok(await dispatcher.post(`/api/incidents/${ordinary.id}/grade`, { version: ordinary.version, priority: 1, reason: '现场有人受伤' }));
    notes = await urgentNotes();
    assert.deepEqual(notes.slice(before).map((n) => n.ref_id), [String(urgent.id), String(ordinary.id)]);
    // the leader sees it in the bell
    const p1 = await login(env.app, 'p1');
    const bell = ok<{ items: { kind: string; refId: string | null }[] }>(await p1.get('/api/notifications'));
    assert.deepEqual(bell.items.filter((n) => n.kind === 'incident.urgent').map((n) => n.refId).sort(), [String(urgent.id), String(ordinary.id)].sort());
  });

  test('time in the zone: rostered minutes are the duty time; positions outside a duty do not count; no roster: positions alone', async () => {
    const db = env.ctx.db;
    await db.insertInto('unit_members').values({ unit_id: world.unit.E01!, person_id: world.person.P2! }).execute();
    const track = (unit: number, hhmm: string, n: number, lon: number, lat = 32.005) =>
      Array.from({ length: n }, (_, i) => ({ unit_id: unit, at: new Date(Date.parse(local('2026-06-15', hhmm)) + i * 60_000 + 5000).toISOString(), lon, lat, speed_kmh: null, heading: null }));
    await db
      .insertInto('unit_positions')
      .values([
        ...track(world.unit.W01!, '09:00', 10, 120.005), // P1 on duty, in C11: zone
        ...track(world.unit.W01!, '10:00', 3, 120.015), // on duty, in C12: not P1's zone
        ...track(world.unit.W01!, '21:00', 5, 120.005), // in C11 but after P1's duty: not counted at all
        ...track(world.unit.W02!, '22:00', 6, 120.005), // P1B's night post (member of W02), in C11: zone
        ...track(world.unit.E01!, '09:00', 5, 120.025), // P2: S2 keeps no roster; in C21: zone
        ...track(world.unit.E01!, '09:05', 2, 120.005), // P2 outside their areas
      ])
      .execute();
    await rollupZonePresence(env.ctx, '2026-06-15');
    const rows = await db.selectFrom('zone_presence_daily').select(['person_id', 'duty_minutes', 'zone_minutes', 'source']).where('day', '=', '2026-06-15').orderBy('person_id').execute();
    const by = new Map(rows.map((r) => [r.person_id, [r.duty_minutes, r.zone_minutes, r.source]]));
    assert.deepEqual(by.get(world.person.P1!), [12 * 60, 10, 'roster'], 'P1: 08:00-20:00 rostered, 10 of those minutes in the zone');
    assert.deepEqual(by.get(world.person.P1B!), [4 * 60, 6, 'roster'], "P1B: the day's part of the 20:00-08:00 post, 6 minutes in the zone");
    assert.deepEqual(by.get(world.person.P2!), [7, 5, 'positions'], 'P2: no roster, so the minutes the unit reported (a proxy)');
    assert.equal(by.has(world.person.W111!), false, 'no unit and no duty: nothing to measure');
  });

  test('a leave takes the person off duty for its span: staffing, who is on duty, the roster mark, time in the zone; cancelled, back', async () => {
    const officer = await login(env.app, 'officer1');
    const lead2 = await login(env.app, 'lead2');
    const body = { personId: world.person.P1, kind: 'sick', startsAt: local('2026-06-15', '12:00'), endsAt: local('2026-06-15', '16:00'), note: '发烧' };
    assert.equal((await officer.post('/api/leaves', body)).statusCode, 403);
    assert.equal((await lead2.post('/api/leaves', body)).json().code, 'PERSON_NOT_FOUND', "another station's person is not theirs");
    assert.equal((await lead1.post('/api/leaves', { ...body, endsAt: body.startsAt })).statusCode, 400);
    const leave = ok<Leave>(await lead1.post('/api/leaves', body));
    assert.deepEqual(leave.conflicts.map((c) => [c.day, c.duty]), [['2026-06-15', 'patrol']], 'the patrol duty it overlaps is named');
    assert.equal((await lead1.post('/api/leaves', { ...body, startsAt: local('2026-06-15', '15:00'), endsAt: local('2026-06-15', '18:00') })).statusCode, 400, 'overlapping leaves');
    const back = env.clock.now().getTime();
    env.clock.set(Date.parse(local('2026-06-15', '13:00')));
    try {
      assert.equal((await staffing()).get(world.unit.W01!), false, 'W01 had only P1 on it');
      const now = ok<OnDuty>(await dispatcher.get('/api/duty/now'));
      assert.ok(!now.stations.flatMap((st) => st.people).some((p) => p.personId === world.person.P1), 'P1 is not on duty now');
      const day = ok<Roster>(await lead1.get(`/api/rosters/${world.area.S1}/2026-06-15`));
      assert.equal(day.shifts.find((x) => x.personId === world.person.P1)?.onLeave, true);
      await rollupZonePresence(env.ctx, '2026-06-15');
      const p1 = await env.ctx.db.selectFrom('zone_presence_daily').select(['duty_minutes', 'zone_minutes']).where('person_id', '=', world.person.P1!).where('day', '=', '2026-06-15').executeTakeFirstOrThrow();
      assert.deepEqual([p1.duty_minutes, p1.zone_minutes], [12 * 60 - 4 * 60, 10], 'four hours of leave are not duty time');
      ok<Leave>(await lead1.post(`/api/leaves/${leave.id}/cancel`, { version: leave.version }));
      env.clock.advance(2000);
      assert.equal((await staffing()).get(world.unit.W01!), true, 'cancelled: P1 staffs W01 again');
      assert.equal((await lead1.post(`/api/leaves/${leave.id}/cancel`, { version: leave.version + 1 })).statusCode, 409);
    } finally {
      env.clock.set(back + 4000);
    }
    const listed = ok<Leave[]>(await lead1.get('/api/leaves?from=2026-06-15&days=1'));
    assert.deepEqual(listed.map((l) => [l.id, l.cancelled]), [[leave.id, true]]);
    assert.deepEqual(ok<Leave[]>(await lead2.get('/api/leaves?from=2026-06-15&days=1')), [], "another station's leave is not listed");
  });

  test('a swap exchanges the people of two duties not yet started; refused when started, stale or the incoming person is on leave', async () => {
    const r = ok<Roster>(
      await env.app.inject({
        method: 'PUT',
        url: `/api/rosters/${world.area.S1}/2026-06-16`,
        headers: { cookie: lead1.cookie, 'x-csrf-token': lead1.csrf },
        payload: {
          leaderId: world.person.P1,
          shifts: [
            { personId: world.person.P1, duty: 'patrol', startsAt: local('2026-06-16', '08:00'), endsAt: local('2026-06-16', '20:00'), unitId: world.unit.W01 },
            { personId: world.person.P1B, duty: 'patrol', startsAt: local('2026-06-16', '20:00'), endsAt: local('2026-06-17', '08:00'), unitId: world.unit.W02 },
          ],
        } as unknown as string,
      }),
    );
    const day = r.shifts.find((x) => x.personId === world.person.P1)!;
    const night = r.shifts.find((x) => x.personId === world.person.P1B)!;
    const swap = { aShiftId: day.id, bShiftId: night.id, aVersion: r.version, bVersion: r.version, reason: '家中有事' };
    // P1B on leave the morning of the 16th cannot take P1's day duty
    const leave = ok<Leave>(await lead1.post('/api/leaves', { personId: world.person.P1B, kind: 'personal', startsAt: local('2026-06-16', '08:00'), endsAt: local('2026-06-16', '12:00') }));
    assert.equal((await lead1.post('/api/rosters/swap', swap)).json().code, 'ON_LEAVE');
    ok(await lead1.post(`/api/leaves/${leave.id}/cancel`, { version: leave.version }));
    // a duty that has started (the 15th's, now is the 15th 10:00) cannot be swapped
    const today = ok<Roster>(await lead1.get(`/api/rosters/${world.area.S1}/2026-06-15`));
    const started = today.shifts.find((x) => x.personId === world.person.P1)!;
    assert.equal((await lead1.post('/api/rosters/swap', { ...swap, aShiftId: started.id, aVersion: today.version })).json().code, 'DUTY_STARTED');
    assert.equal((await lead1.post('/api/rosters/swap', { ...swap, aVersion: r.version + 5 })).statusCode, 409);
    const [after] = ok<Roster[]>(await lead1.post('/api/rosters/swap', swap));
    assert.equal(after!.version, r.version + 1);
    assert.deepEqual(
      after!.shifts.map((x) => [x.startsAt, x.personId]),
      [
        [local('2026-06-16', '08:00'), world.person.P1B],
        [local('2026-06-16', '20:00'), world.person.P1],
      ],
    );
    const rec = await env.ctx.db.selectFrom('duty_swaps').select(['a_person_id', 'b_person_id', 'reason']).execute();
    assert.deepEqual(rec, [{ a_person_id: world.person.P1, b_person_id: world.person.P1B, reason: '家中有事' }]);
    assert.equal((await lead1.post('/api/rosters/swap', swap)).statusCode, 409, 'the same swap again: the roster has moved on');
  });
});
