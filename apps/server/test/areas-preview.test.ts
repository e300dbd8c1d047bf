// The import preview of GeoJSON areas (issue 12 part 4): what the import would do, with overlaps, gaps and children
// outside their parent, written nowhere; the real import afterwards still works.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { AreaImportPreview } from '@jingwang/contracts';
import { box, buildWorld, createTestEnv, feature, login, type Agent, type TestEnv } from './helpers';

let env: TestEnv;
let admin: Agent;
let lead: Agent;

before(async () => {
  env = await createTestEnv();
  await buildWorld(env);
  admin = await login(env.app, 'admin');
  lead = await login(env.app, 'lead1');
});
after(() => env.close());

/** Area in m² of a lon/lat box on the WGS-84 ellipsoid (small boxes: the local radii at its middle latitude). */
function boxM2(w: number, s: number, e: number, n: number): number {
  const a = 6378137;
  const e2 = 0.00669437999014;
  const phi = (((s + n) / 2) * Math.PI) / 180;
  const q = 1 - e2 * Math.sin(phi) ** 2;
  const meridian = (a * (1 - e2)) / q ** 1.5;
  const normal = a / Math.sqrt(q);
  const rad = Math.PI / 180;
  return (n - s) * rad * meridian * (e - w) * rad * normal * Math.cos(phi);
}
const near = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) / expected < 0.002, `${what}: ${actual} m², expected about ${Math.round(expected)} m²`);

// A county drawn east of the test county (inside its bounds' margin): one station, a community with two grids that
// overlap in a strip and leave its north-east corner uncovered, and a second community sticking out of the station.
// KG1's west edge is 4e-7° (about 4 cm) inside the community: a sliver gap the preview leaves out.
const OVERLAP: [number, number, number, number] = [120.11, 32.0, 120.112, 32.008];
const GAP: [number, number, number, number] = [120.112, 32.008, 120.12, 32.01];
const OUT: [number, number, number, number] = [120.14, 32.0, 120.145, 32.01];
const COUNTY_FILE = {
  type: 'FeatureCollection',
  features: [
    feature('K', '演示县', 'county', null, box(120.1, 32.0, 120.14, 32.02)),
    feature('KS', '演示派出所', 'station', 'K', box(120.1, 32.0, 120.14, 32.02)),
    feature('KC', '东湖社区', 'community', 'KS', box(120.1, 32.0, 120.12, 32.01)),
    feature('KG1', '东湖第一网格', 'grid', 'KC', box(120.1000004, 32.0, 120.112, 32.01)),
    feature('KG2', '东湖第二网格', 'grid', 'KC', box(120.11, 32.0, 120.12, 32.008)),
    feature('KC2', '河东村', 'community', 'KS', box(120.13, 32.0, 120.145, 32.01)),
  ],
};

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['areas', 'area_parents', 'area_events', 'area_event_areas', 'police_grid_grids', 'audit_log']) {
    out[t] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(env.ctx.db)).rows[0]!.n;
  }
  return out;
}

describe('areas import preview', () => {
  test('a drawn county: both grids named in the overlap and the gap with their areas; nothing written; the import then works', async () => {
    const before = await counts();
    const treeBefore = env.ctx.areas.tree().all().length;
    let published = 0;
    const off = env.ctx.hub.onAreasChanged(() => published++);
    try {
      const r = await admin.post('/api/areas/import/preview', COUNTY_FILE);
      assert.equal(r.statusCode, 200, r.body);
      const p = r.json() as AreaImportPreview;
      assert.equal(p.importable, true);
      assert.deepEqual(p.features.map((f) => [f.code, f.status, f.parent, f.blockedBy]), [
        ['K', 'new', 'none', null],
        ['KS', 'new', 'file', null],
        ['KC', 'new', 'file', null],
        ['KG1', 'new', 'file', null],
        ['KG2', 'new', 'file', null],
        ['KC2', 'new', 'file', null],
      ]);
      near(p.features[2]!.areaM2, boxM2(120.1, 32.0, 120.12, 32.01), 'KC');

      // the overlap of the two grids, named, with its area and its geometry
      assert.equal(p.overlaps.length, 1, JSON.stringify(p.overlaps.map((o) => [o.a, o.b, o.areaM2])));
      const o = p.overlaps[0]!;
      assert.deepEqual([o.parentCode, o.kind, o.a, o.b], ['KC', 'grid', 'KG1', 'KG2']);
      near(o.areaM2, boxM2(...OVERLAP), 'overlap');
      assert.equal(o.geometry.type, 'MultiPolygon');

      // the community's grid gap: the north-east corner only (the 4 cm strip on the west edge is a sliver)
      const gridGaps = p.gaps.filter((g) => g.parentCode === 'KC' && g.kind === 'grid');
      assert.equal(gridGaps.length, 1);
      near(gridGaps[0]!.areaM2, boxM2(...GAP), 'grid gap');
      near(gridGaps[0]!.parentAreaM2, boxM2(120.1, 32.0, 120.12, 32.01), 'gap parent');
      assert.equal((gridGaps[0]!.geometry.coordinates as unknown[]).length, 1, 'one piece: the sliver is left out');
      // the station's communities leave the rest of it uncovered; the county's one station covers it whole
      const stationGap = p.gaps.find((g) => g.parentCode === 'KS' && g.kind === 'community');
      near(stationGap!.areaM2, boxM2(120.1, 32.0, 120.14, 32.02) - boxM2(120.1, 32.0, 120.12, 32.01) - boxM2(120.13, 32.0, 120.14, 32.01), 'station gap');
      assert.ok(!p.gaps.some((g) => g.parentCode === 'K'), 'no gap where the station covers the county');

      // the community sticking out of its station
      assert.deepEqual(p.outside.map((x) => [x.parentCode, x.code]), [['KS', 'KC2']]);
      near(p.outside[0]!.areaM2, boxM2(...OUT), 'outside');
      assert.deepEqual(p.counts, { features: 6, new: 6, unchanged: 0, differs: 0, missingParent: 0, overlaps: 1, gaps: p.gaps.length, outside: 1 });

      // nothing written, nothing published, the tree in memory unchanged
      assert.deepEqual(await counts(), before);
      assert.equal(published, 0, 'a preview publishes nothing');
      assert.equal(env.ctx.areas.tree().all().length, treeBefore);

      // the real import afterwards: the same file is taken, the overlap reported as the preview said
      const imp = await admin.post('/api/areas/import', COUNTY_FILE);
      assert.equal(imp.statusCode, 200, imp.body);
      const body = imp.json() as { imported: number; overlaps: { a: string; b: string; overlapKm2: number }[] };
      assert.equal(body.imported, 6);
      assert.deepEqual(body.overlaps.map((x) => [x.a, x.b]), [['KG1', 'KG2']]);
      assert.ok(Math.abs(body.overlaps[0]!.overlapKm2 * 1e6 - o.areaM2) < 100);
      const afterImport = await counts();
      assert.equal(afterImport.areas, before.areas! + 6);
      assert.equal(afterImport.audit_log, before.audit_log! + 1);
      assert.ok(published > 0, 'the import publishes the change');
    } finally {
      off();
    }
  });

  test('after the import the same file previews as unchanged and blocked; a changed boundary as differs; an unknown parent is named', async () => {
    const again = (await admin.post('/api/areas/import/preview', COUNTY_FILE)).json() as AreaImportPreview;
    assert.equal(again.importable, false);
    assert.ok(again.features.every((f) => f.status === 'unchanged' && f.blockedBy === 'DUPLICATE_CODE'), JSON.stringify(again.features));
    // the real import refuses it, naming the feature
    const dup = await admin.post('/api/areas/import', COUNTY_FILE);
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'DUPLICATE_CODE');
    assert.equal(dup.json().details.field, '/features/0/properties/code');

    const file = {
      type: 'FeatureCollection',
      features: [
        feature('KG2', '东湖第二网格', 'grid', 'KC', box(120.112, 32.0, 120.12, 32.01)),
        feature('KP1', '东湖巡区', 'patrol_zone', 'NOPE', box(120.1, 32.0, 120.11, 32.01)),
      ],
    };
    const before = await counts();
    const r = await admin.post('/api/areas/import/preview', file);
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json() as AreaImportPreview;
    assert.deepEqual(p.features.map((f) => [f.code, f.status, f.parent, f.blockedBy]), [
      ['KG2', 'differs', 'live', 'DUPLICATE_CODE'],
      ['KP1', 'new', 'missing', 'UNKNOWN_PARENT'],
    ]);
    assert.equal(p.counts.missingParent, 1);
    // the file's KG2 replaces the live one among its siblings: no overlap with KG1 left, and no gap in KC
    assert.deepEqual(p.overlaps, []);
    assert.ok(!p.gaps.some((g) => g.parentCode === 'KC'), JSON.stringify(p.gaps.map((g) => [g.parentCode, g.areaM2])));
    assert.deepEqual(await counts(), before);
    const unknown = await admin.post('/api/areas/import', { type: 'FeatureCollection', features: [file.features[1]] });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().code, 'UNKNOWN_PARENT');
    assert.equal(unknown.json().details.field, '/features/0/properties/parentCode');
  });

  test('bad GeoJSON is a 400 naming the feature, as the import says, and writes nothing', async () => {
    const before = await counts();
    const open = box(120.1, 32.0, 120.11, 32.01);
    (open.coordinates[0] as number[][]).pop();
    const r = await admin.post('/api/areas/import/preview', {
      type: 'FeatureCollection',
      features: [feature('KP2', '巡区二', 'patrol_zone', 'KS', box(120.1, 32.0, 120.11, 32.01)), feature('KP3', '巡区三', 'patrol_zone', 'KS', open)],
    });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().code, 'INVALID_GEOJSON');
    assert.equal(r.json().details.feature, 1);
    assert.equal(r.json().details.field, '/features/1/geometry');
    // a bow tie: valid GeoJSON, invalid geometry (PostGIS says why)
    const tie = { type: 'Polygon', coordinates: [[[120.1, 32.0], [120.11, 32.01], [120.11, 32.0], [120.1, 32.01], [120.1, 32.0]]] };
    const g = await admin.post('/api/areas/import/preview', { type: 'FeatureCollection', features: [feature('KP4', '巡区四', 'patrol_zone', 'KS', tie)] });
    assert.equal(g.statusCode, 400, g.body);
    assert.equal(g.json().code, 'INVALID_GEOMETRY');
    assert.equal(g.json().details.feature, 0);
    assert.match(g.json().details.reason, /self-intersection/i);
    // a kind under a kind the hierarchy refuses; not a FeatureCollection
    const under = await admin.post('/api/areas/import/preview', { type: 'FeatureCollection', features: [feature('KX', '网格中的网格', 'grid', 'KG1', box(120.1, 32.0, 120.101, 32.001))] });
    assert.equal(under.statusCode, 400);
    assert.equal(under.json().details.field, '/features/0/properties/parentCode');
    const notFc = await admin.post('/api/areas/import/preview', { type: 'Feature' });
    assert.equal(notFc.statusCode, 400);
    assert.equal(notFc.json().details.field, '/type');
    // outside the county's bounds
    const far = await admin.post('/api/areas/import/preview', { type: 'FeatureCollection', features: [feature('NY', '纽约县', 'county', null, box(-74.05, 40.6, -73.9, 40.75))] });
    assert.equal(far.statusCode, 422);
    assert.equal(far.json().code, 'OUTSIDE_JURISDICTION');
    assert.deepEqual(await counts(), before);
  });

  test('only those who may import may preview', async () => {
    const r = await lead.post('/api/areas/import/preview', COUNTY_FILE);
    assert.equal(r.statusCode, 403, r.body);
    const anon = await env.app.inject({ method: 'POST', url: '/api/areas/import/preview', payload: COUNTY_FILE });
    assert.ok(anon.statusCode === 401 || anon.statusCode === 403, String(anon.statusCode));
  });
});
