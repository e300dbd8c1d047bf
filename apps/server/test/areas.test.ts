import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Area, Incident, RecutResult } from '@jingwang/contracts';
import { RECUT_AT, T0, box, buildWorld, createTestEnv, feature, login, newIncident, type Agent, type TestEnv, type World } from './helpers';

let env: TestEnv;
let world: World;
let admin: Agent;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  admin = await login(env.app, 'admin');
});
after(() => env.close());

describe('areas', () => {
  test('the drawn county is in place, with the bundle and merge of the fixture', async () => {
    const list = (await admin.get('/api/areas')).json() as Area[];
    const byCode = new Map(list.map((a) => [a.code, a]));
    assert.equal(byCode.get('S1')!.parentId, world.area.D, 'S1 now sits under the district');
    assert.equal(byCode.get('D')!.parentId, world.area.C);
    assert.equal(byCode.get('Z1')!.parentId, world.area.PG1, 'the merged zone is kept under its police grid');
    assert.ok(Math.abs(byCode.get('PG1')!.areaKm2 - byCode.get('S1')!.areaKm2) < 0.01, 'PG1 = Z1 + Z2 = S1');
    // before the re-cut the stations hung from the county
    const before = (await admin.get(`/api/areas?at=2025-06-01T00:00:00Z`)).json() as Area[];
    assert.ok(!before.some((a) => a.code === 'D' || a.code === 'PG1'));
    const history = (await admin.get(`/api/areas/${world.area.S1}/history`)).json() as { op: string; at: string }[];
    assert.deepEqual(history.map((h) => h.op), ['import', 'bundle']);
    assert.equal(history[1]!.at, RECUT_AT);
    const links = await sql<{ parent_id: number; valid_to: string | null }>`select parent_id, valid_to from area_parents where child_id = ${world.area.S1!} order by valid_from`.execute(env.ctx.db);
    assert.deepEqual(links.rows.map((l) => [l.parent_id, l.valid_to]), [
      [world.area.C, RECUT_AT],
      [world.area.D, null],
    ]);
  });

  test('a police grid links to the community grids it covers', async () => {
    const r = await sql<{ code: string; share: number }>`select g.code, l.share from police_grid_grids l join areas g on g.id = l.grid_id
      where l.police_grid_id = ${world.area.PG1!} order by g.code`.execute(env.ctx.db);
    assert.deepEqual(r.rows.map((x) => x.code), ['G111', 'G112', 'G121', 'G122']);
    assert.ok(r.rows.every((x) => Math.abs(x.share - 1) < 1e-6));
  });

  test('import reports overlaps between siblings without refusing them', async () => {
    const r = await admin.post('/api/areas/import', {
      type: 'FeatureCollection',
      features: [
        feature('PZ1', '巡区一', 'patrol_zone', 'S1', box(120.0, 32.0, 120.012, 32.01)),
        feature('PZ2', '巡区二', 'patrol_zone', 'S1', box(120.01, 32.0, 120.02, 32.01)),
        feature('PZ3', '巡区三', 'patrol_zone', 'S1', { type: 'MultiPolygon', coordinates: [box(120.0, 32.015, 120.005, 32.02).coordinates] }),
      ],
    });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as { imported: number; overlaps: { a: string; b: string; overlapKm2: number }[] };
    assert.equal(body.imported, 3);
    assert.equal(body.overlaps.length, 1);
    assert.deepEqual([body.overlaps[0]!.a, body.overlaps[0]!.b], ['PZ1', 'PZ2']);
    // 0.002 deg x 0.01 deg at 32 N is about 0.19 km x 1.11 km
    assert.ok(body.overlaps[0]!.overlapKm2 > 0.15 && body.overlaps[0]!.overlapKm2 < 0.25, String(body.overlaps[0]!.overlapKm2));
  });

  test('export gives back what import takes', async () => {
    const r = await admin.get('/api/areas/export?kind=grid');
    assert.equal(r.statusCode, 200);
    const fc = r.json() as { features: { properties: { code: string; parentCode: string; kind: string }; geometry: { type: string } }[] };
    assert.equal(fc.features.length, 8);
    const g = fc.features.find((f) => f.properties.code === 'G111')!;
    assert.deepEqual(g.properties, { code: 'G111', name: 'C11第一网格', kind: 'grid', parentCode: 'C11' });
    assert.equal(g.geometry.type, 'MultiPolygon');
    // the exported file imports again (as patrol zones under new codes)
    const renamed = {
      type: 'FeatureCollection',
      features: fc.features.slice(0, 2).map((f) => ({ ...f, properties: { ...f.properties, code: `${f.properties.code}-pz`, kind: 'patrol_zone' } })),
    };
    const back = await admin.post('/api/areas/import', renamed);
    assert.equal(back.statusCode, 200, back.body);
    assert.equal((back.json() as { imported: number }).imported, 2);
  });

  test('split a grid with a line: two new grids, the old one retired, history kept, old incidents keep the old grid', async () => {
    const before = (await admin.post('/api/incidents', newIncident({ lon: 120.035, lat: 32.015 }))).json() as Incident;
    assert.equal(before.areas.grid?.code, 'G222');
    env.clock.advance(3600_000);
    const r = await admin.post('/api/areas/recut', {
      op: 'split',
      sourceCode: 'G222',
      blade: [
        [120.035, 31.9],
        [120.035, 32.1],
      ],
      parts: [
        { code: 'G222W', name: '西半网格' },
        { code: 'G222E', name: '东半网格' },
      ],
    });
    assert.equal(r.statusCode, 200, r.body);
    const res = r.json() as RecutResult;
    assert.deepEqual(res.created.map((a) => a.code), ['G222W', 'G222E']);
    assert.deepEqual(res.retired, ['G222']);
    assert.ok(res.created.every((a) => Math.abs(a.areaKm2 - res.created[0]!.areaKm2) < 0.001));
    const after = (await admin.post('/api/incidents', newIncident({ lon: 120.037, lat: 32.015 }))).json() as Incident;
    assert.equal(after.areas.grid?.code, 'G222E');
    const old = (await admin.get(`/api/incidents/${before.id}`)).json() as Incident;
    assert.equal(old.areas.grid?.code, 'G222', 'an incident keeps the areas it had when it happened');
    const retired = (await admin.get(`/api/areas?kind=grid&includeRetired=true`)).json() as Area[];
    const g = retired.find((a) => a.code === 'G222')!;
    assert.equal(g.validTo, new Date(Date.parse(T0) + 3600_000).toISOString());
    const hist = (await admin.get(`/api/areas/${g.id}/history`)).json() as { op: string }[];
    assert.deepEqual(hist.map((h) => h.op), ['import', 'split']);
  });

  test('merge without keeping the sources retires them and moves their children', async () => {
    const r = await admin.post('/api/areas/recut', {
      op: 'merge',
      sourceCodes: ['C21', 'C22'],
      target: { code: 'C2X', name: '合并社区', kind: 'community' },
    });
    assert.equal(r.statusCode, 200, r.body);
    const res = r.json() as RecutResult;
    assert.deepEqual(res.retired.sort(), ['C21', 'C22']);
    const c2x = res.created[0]!;
    assert.equal(c2x.parentId, world.area.S2);
    const grids = (await admin.get('/api/areas?kind=grid')).json() as Area[];
    assert.ok(grids.filter((g) => g.parentId === c2x.id).length >= 3);
    const dup = await admin.post('/api/areas/recut', { op: 'merge', sourceCodes: ['G111', 'G112'], target: { code: 'C2X', name: 'x', kind: 'grid' } });
    assert.equal(dup.json().code, 'DUPLICATE_CODE');
  });

  test('two concurrent merges of the same areas: one wins, the other changes nothing', async () => {
    const before = (await admin.get('/api/areas?kind=grid')).json() as Area[];
    const [a, b] = await Promise.all([
      admin.post('/api/areas/recut', { op: 'merge', sourceCodes: ['G121', 'G122'], target: { code: 'GA', name: '甲', kind: 'grid' } }),
      admin.post('/api/areas/recut', { op: 'merge', sourceCodes: ['G121', 'G122'], target: { code: 'GB', name: '乙', kind: 'grid' } }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    assert.equal(codes[0], 200, `${a.body} / ${b.body}`);
    assert.ok(codes[1] === 404 || codes[1] === 409, `${a.body} / ${b.body}`);
    const after = (await admin.get('/api/areas?kind=grid')).json() as Area[];
    assert.equal(after.length, before.length - 1, 'two grids became one, once');
    assert.equal(after.filter((g) => g.code === 'GA' || g.code === 'GB').length, 1);
    const audits = await sql<{ n: number }>`select count(*)::int n from audit_log where action = 'area.merge'`.execute(env.ctx.db);
    assert.ok(audits.rows[0]!.n >= 1);
  });

  test('a re-cut effective in the past re-locates the incidents it covers, with an event', async () => {
    // an incident in G211 an hour ago; then G211 and G212 merge, effective two hours ago
    env.clock.advance(3 * 3600_000);
    const inc = (await admin.post('/api/incidents', newIncident({ lon: 120.025, lat: 32.005, reportedAt: new Date(env.clock.now().getTime() - 3600_000).toISOString() }))).json() as Incident;
    assert.equal(inc.areas.grid?.code, 'G211');
    const r = await admin.post('/api/areas/recut', {
      op: 'merge',
      sourceCodes: ['G211', 'G212'],
      target: { code: 'G21X', name: '合并网格', kind: 'grid' },
      effectiveAt: new Date(env.clock.now().getTime() - 2 * 3600_000).toISOString(),
    });
    assert.equal(r.statusCode, 200, r.body);
    const now = (await admin.get(`/api/incidents/${inc.id}`)).json() as Incident & { events: { type: string }[] };
    assert.equal(now.areas.grid?.code, 'G21X');
    assert.equal(now.events.at(-1)!.type, 'relocated');
    const list = (await admin.get(`/api/incidents?areaId=${r.json().created[0].id}`)).json() as { total: number };
    assert.equal(list.total, 1);
  });

  test('geojson by kind for the map, and locate', async () => {
    const fc = (await admin.get('/api/areas/geojson?kinds=station,police_grid')).json() as { features: { properties: { kind: string } }[] };
    assert.deepEqual([...new Set(fc.features.map((f) => f.properties.kind))].sort(), ['police_grid', 'station']);
    const bad = await admin.get('/api/areas/geojson?kinds=station,moon');
    assert.equal(bad.statusCode, 400);
    const loc = (await admin.get('/api/locate?lon=120.005&lat=32.005')).json() as { areas: Record<string, { code: string } | null> };
    assert.equal(loc.areas.grid?.code, 'G111');
    assert.equal(loc.areas.district?.code, 'D');
    const outside = (await admin.get('/api/locate?lon=100&lat=30')).json() as { areas: Record<string, unknown> };
    assert.ok(Object.values(outside.areas).every((v) => v === null));
  });
});

describe('bounded places (issue 19 defect 9)', () => {
  const ny = box(-74.05, 40.6, -73.9, 40.75);

  test('a county in New York is refused: areas must lie within the county bounds and a margin', async () => {
    const before = (await admin.get('/api/areas')).json() as Area[];
    const r = await admin.post('/api/areas/import', { type: 'FeatureCollection', features: [feature('NY', '纽约县', 'county', null, ny)] });
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'OUTSIDE_JURISDICTION');
    assert.equal(r.json().details.feature, 0);
    assert.equal(((await admin.get('/api/areas')).json() as Area[]).length, before.length, 'nothing written');
    // within the margin (10 km east of the county) is accepted
    const near = await admin.post('/api/areas/import', { type: 'FeatureCollection', features: [feature('PZN', '边界巡区', 'patrol_zone', 'C', box(120.04, 32.0, 120.14, 32.02))] });
    assert.equal(near.statusCode, 200, near.body);
    // the client's map box stays on the county
    const cfg = (await admin.get('/api/config')).json() as { bbox: [number, number, number, number] | null };
    assert.ok(cfg.bbox === null || cfg.bbox[0] > 100, JSON.stringify(cfg.bbox));
  });

  test('area kinds nest as AREA_PARENT_KINDS says: a grid under a grid, or a station alone, is refused', async () => {
    const under = await admin.post('/api/areas/import', { type: 'FeatureCollection', features: [feature('GG1', '网格中的网格', 'grid', 'G111', box(120.0, 32.0, 120.005, 32.005))] });
    assert.equal(under.statusCode, 400, under.body);
    assert.equal(under.json().code, 'INVALID_GEOJSON');
    assert.equal(under.json().details.parentKind, 'grid');
    assert.deepEqual(under.json().details.allowedParentKinds, ['community', 'police_grid']);
    // a chain in the file is checked too, whatever the order of its features
    const chain = await admin.post('/api/areas/import', {
      type: 'FeatureCollection',
      features: [
        feature('CH2', '二级', 'grid', 'CH1', box(120.0, 32.0, 120.002, 32.002)),
        feature('CH1', '一级', 'grid', 'C11', box(120.0, 32.0, 120.004, 32.004)),
      ],
    });
    assert.equal(chain.statusCode, 400, chain.body);
    assert.equal(chain.json().details.code, 'CH2');
    const alone = await admin.post('/api/areas/import', { type: 'FeatureCollection', features: [feature('SX', '孤所', 'station', null, box(120.0, 32.0, 120.01, 32.01))] });
    assert.equal(alone.statusCode, 400, alone.body);
    assert.equal(alone.json().details.parentKind, null);
  });

  test('a position outside the county bounds is refused with its reason and not stored; the rest of the batch is', async () => {
    const unit = world.unit[Object.keys(world.unit)[0]!]!;
    const count = async () => (await sql<{ n: number }>`select count(*)::int n from unit_positions where unit_id = ${unit}`.execute(env.ctx.db)).rows[0]!.n;
    const n0 = await count();
    const at = (s: number) => new Date(Date.parse(T0) - s * 1000).toISOString();
    const r = await admin.post('/api/units/positions', {
      positions: [
        { unitId: unit, lon: -73.98, lat: 40.75, at: at(30) },
        { unitId: unit, lon: 120.011, lat: 32.011, at: at(20) },
      ],
    });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as { accepted: number; rejected?: { index: number; unitId: number; reason: string }[] };
    assert.equal(body.accepted, 1);
    assert.equal(body.rejected?.length, 1);
    assert.equal(body.rejected![0]!.index, 0);
    assert.equal(body.rejected![0]!.unitId, unit);
    assert.match(body.rejected![0]!.reason, /outside/);
    assert.equal(await count(), n0 + 1);
    const u = await sql<{ lon: number }>`select lon from units where id = ${unit}`.execute(env.ctx.db);
    assert.ok(u.rows[0]!.lon > 119, 'the unit did not jump to New York');
    // a batch with nothing out of bounds has no rejected list
    const ok = await admin.post('/api/units/positions', { positions: [{ unitId: unit, lon: 120.012, lat: 32.011, at: at(10) }] });
    assert.equal(ok.json().rejected, undefined);
  });
});
