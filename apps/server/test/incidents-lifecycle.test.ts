// The incident lifecycle complete (issue 14, part 3): remarks and grade changes after intake (timeline events,
// versioned), disposition codes at resolve, reasons to cancel, transfer to a neighbouring centre, the end time that
// stops 已历时, reinforcement requests closing with their call, and the search of all calls (scope: 404).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Incident, IncidentDetail, IncidentList, Reinforcement } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, newIncident, snapshot, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let disp: Agent;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  disp = await login(env.app, 'dispatcher');
});
after(async () => env?.close());

const create = async (over: Record<string, unknown> = {}) => {
  const r = await disp.post('/api/incidents', newIncident(over));
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as Incident;
};
const detail = async (id: number) => (await disp.get(`/api/incidents/${id}`)).json() as IncidentDetail;
/** A 400 naming the field, and nothing written. */
async function refused(url: string, body: unknown, field: string, status = 400) {
  const before = await snapshot(env.ctx);
  const r = await disp.post(url, body);
  assert.equal(r.statusCode, status, `${url} ${JSON.stringify(body)}: ${r.body}`);
  if (status === 400) assert.ok(JSON.stringify(r.json().details).includes(`"${field}"`), `names ${field}: ${r.body}`);
  assert.deepEqual(await snapshot(env.ctx), before, 'nothing written');
  return r.json();
}

describe(`incident lifecycle (${process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  test('remarks and grade changes after intake: timeline events with who and when, versioned', async () => {
    const inc = await create({ category: 'dispute', priority: 3 });
    env.clock.advance(30_000);
    let r = await disp.post(`/api/incidents/${inc.id}/remarks`, { version: 1, text: '  报警人再次来电：对方持械  ' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as Incident).version, 2);
    await refused(`/api/incidents/${inc.id}/remarks`, { version: 1, text: '晚到的备注' }, '/version', 409);
    await refused(`/api/incidents/${inc.id}/remarks`, { version: 2, text: '   ' }, '/text');
    await refused(`/api/incidents/${inc.id}/remarks`, { version: 2 }, '/text');
    await refused(`/api/incidents/${inc.id}/grade`, { version: 2, reason: '无变化' }, '/priority');
    await refused(`/api/incidents/${inc.id}/grade`, { version: 2, priority: 3, reason: '同级' }, '/priority');
    await refused(`/api/incidents/${inc.id}/grade`, { version: 2, priority: 1 }, '/reason');
    await refused(`/api/incidents/${inc.id}/grade`, { version: 2, priority: 4, reason: 'x' }, '/priority');
    await refused(`/api/incidents/${inc.id}/grade`, { version: 2, category: 'riot', reason: 'x' }, '/category');
    const officer = await login(env.app, 'officer1');
    assert.equal((await officer.post(`/api/incidents/${inc.id}/grade`, { version: 2, priority: 1, reason: '持械' })).statusCode, 403);
    r = await disp.post(`/api/incidents/${inc.id}/grade`, { version: 2, category: 'fight', priority: 1, reason: '升级为持械斗殴' });
    assert.equal(r.statusCode, 200, r.body);
    const up = r.json() as Incident;
    assert.deepEqual([up.category, up.priority, up.version], ['fight', 1, 3]);
    const d = await detail(inc.id);
    const remark = d.events.find((e) => e.type === 'remark')!;
    assert.equal(remark.note, '报警人再次来电：对方持械');
    assert.equal(remark.actor, 'dispatcher');
    assert.equal(Date.parse(remark.at) - Date.parse(inc.reportedAt), 30_000);
    const regrade = d.events.find((e) => e.type === 'regrade')!;
    assert.deepEqual(regrade.data, { from: { category: 'dispute', priority: 3 }, to: { category: 'fight', priority: 1 } });
    assert.equal(regrade.note, '升级为持械斗殴');
    // an officer at the scene may add a remark
    assert.equal((await officer.post(`/api/incidents/${inc.id}/remarks`, { version: 3, text: '已到场' })).statusCode, 200);
  });

  test('resolve needs a disposition code; cancel a reason; transfer the receiving centre and its reference', async () => {
    const inc = await create();
    const url = `/api/incidents/${inc.id}/transition`;
    await refused(url, { action: 'resolve', version: 1 }, '/disposition');
    await refused(url, { action: 'resolve', version: 1, disposition: 'vanished' }, '/disposition');
    await refused(url, { action: 'resolve', version: 1, disposition: 'handled', reason: 'duplicate' }, '/reason');
    await refused(url, { action: 'cancel', version: 1 }, '/reason');
    await refused(url, { action: 'cancel', version: 1, reason: 'bored' }, '/reason');
    await refused(url, { action: 'cancel', version: 1, reason: 'duplicate', disposition: 'handled' }, '/disposition');
    await refused(url, { action: 'transfer', version: 1 }, '/transfer');
    await refused(url, { action: 'transfer', version: 1, transfer: { centre: '邻县指挥中心' } }, '/transfer/reference');
    await refused(url, { action: 'transfer', version: 1, transfer: { centre: '  ', reference: 'LX-1' } }, '/transfer/centre');
    await refused(url, { action: 'en_route', version: 1, disposition: 'handled' }, '/disposition', 409); // not allowed in new at all

    env.clock.advance(120_000);
    const r = await disp.post(url, { action: 'resolve', version: 1, disposition: 'mediated', note: '双方和解' });
    assert.equal(r.statusCode, 200, r.body);
    const resolved = r.json() as Incident;
    assert.equal(resolved.disposition, 'mediated');
    assert.equal(resolved.dispositionNote, '双方和解');
    assert.equal(Date.parse(resolved.endedAt!) - Date.parse(inc.reportedAt), 120_000);
    env.clock.advance(600_000);
    const closed = (await disp.post(url, { action: 'close', version: 2 })).json() as Incident;
    assert.equal(closed.status, 'closed');
    assert.equal(closed.endedAt, resolved.endedAt, 'the elapsed time stopped when the call was resolved');
    assert.deepEqual((await detail(inc.id)).events.find((e) => e.type === 'resolve')!.data, { disposition: 'mediated' });

    const c = await create();
    const cancelled = (await disp.post(`/api/incidents/${c.id}/transition`, { action: 'cancel', version: 1, reason: 'duplicate', note: '同 JQ 前一警' })).json() as Incident;
    assert.equal(cancelled.cancelReason, 'duplicate');
    assert.ok(cancelled.endedAt);

    const t = await create();
    const tr = await disp.post(`/api/incidents/${t.id}/transition`, { action: 'transfer', version: 1, transfer: { centre: ' 邻县公安局指挥中心 ', reference: 'LX2026-0615-031' } });
    assert.equal(tr.statusCode, 200, tr.body);
    assert.deepEqual((tr.json() as Incident).transfer, { centre: '邻县公安局指挥中心', reference: 'LX2026-0615-031' });
    assert.deepEqual((await detail(t.id)).events.find((e) => e.type === 'transfer')!.data, { transfer: { centre: '邻县公安局指挥中心', reference: 'LX2026-0615-031' } });
  });

  test('open reinforcement requests close with their call when it is resolved', async () => {
    const inc = await create();
    const req = (await disp.post(`/api/incidents/${inc.id}/reinforcements`, { echelon: 2, unitsNeeded: 1, reason: '人手不足' })).json() as Reinforcement;
    assert.equal((await disp.post(`/api/incidents/${inc.id}/transition`, { action: 'resolve', version: inc.version + 0, disposition: 'handled' })).statusCode, 200);
    const all = (await disp.get(`/api/reinforcements?incidentId=${inc.id}&status=cancelled`)).json() as Reinforcement[];
    assert.deepEqual(all.map((r) => r.id), [req.id]);
  });

  test('search of all calls, open and closed: number, phone (hash or masked form), address, disposition, status, time; paged; scoped', async () => {
    const a = await create({ address: '白米镇东街12号', callerPhone: '138 0013 8000' });
    const b = await create({ address: '天目山路5号', callerPhone: '13900139000' });
    await disp.post(`/api/incidents/${a.id}/transition`, { action: 'resolve', version: 1, disposition: 'false_report' });
    // an older call stored before phones were hashed: found by the masked form
    const old = await sql<{ id: number }>`insert into incidents (number, source, category, priority, geom, address, caller_phone_masked, reported_at)
      values ('JQOLD0000001', 'call_110', 'theft', 3, st_setsrid(st_point(120.005, 32.005), 4326), '旧地址', '138****8000', '2026-06-01T00:00:00Z') returning id`.execute(env.ctx.db);
    const find = async (q: string, who = disp) => {
      const r = await who.get(`/api/incidents?${q}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as IncidentList;
    };
    assert.deepEqual((await find(`number=${a.number}`)).items.map((i) => i.id), [a.id]);
    assert.deepEqual((await find('phone=13800138000')).items.map((i) => i.id).sort(), [a.id, old.rows[0]!.id].sort());
    assert.deepEqual((await find('phone=139-0013-9000')).items.map((i) => i.id), [b.id]);
    assert.deepEqual((await find(`address=${encodeURIComponent('白米镇东')}`)).items.map((i) => i.id), [a.id]);
    const byDisposition = await find('disposition=false_report');
    assert.deepEqual(byDisposition.items.map((i) => [i.id, i.disposition]), [[a.id, 'false_report']]);
    assert.deepEqual((await find(`status=resolved&address=${encodeURIComponent('白米')}`)).items.map((i) => i.id), [a.id]);
    assert.equal((await find(`address=${encodeURIComponent('白米')}&from=2026-06-16T00:00:00Z`)).total, 0);
    const paged = await find('phone=13800138000&pageSize=1&page=2');
    assert.equal(paged.total, 2);
    assert.equal(paged.items.length, 1);
    assert.equal(paged.items[0]!.id, old.rows[0]!.id, 'history lists the newest first');
    // scope: a station lead of S2 finds none of S1's calls and reading one is a 404
    const lead2 = await login(env.app, 'lead2');
    assert.equal((await find(`number=${a.number}`, lead2)).total, 0);
    assert.equal((await lead2.get(`/api/incidents/${a.id}`)).statusCode, 404);
    // bad filters name their field
    for (const [q, field] of [['phone=abc', '/phone'], ['disposition=nope', '/disposition'], ['address=', '/address'], ['pageSize=0', '/pageSize']] as const) {
      const r = await disp.get(`/api/incidents?${q}`);
      assert.equal(r.statusCode, 400, `${q}: ${r.body}`);
      assert.ok(r.body.includes(field), `${q} names ${field}: ${r.body}`);
    }
    assert.ok(world.unit.W01);
  });
});
