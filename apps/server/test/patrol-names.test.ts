// Names of risk stops (issue 18): two cells of one grid on one route were both 「C11第二网格（近期 N 起）」. Cells of one
// grid are told apart by the nearest named road, then by their part of it; names are unique. The road hint comes from
// the roads table (nearestRoadNames, on the database).
//
//   lat 32.015  W ========== 北路 ========== E
//   lat 32.005  W ========== 南路 ========== E
//            120.002                     120.038
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from './helpers';
import { cellStopNames } from '../src/modules/patrol/stops';
import { nearestRoadNames } from '../src/modules/patrol/repo/reference';

const G = 'C11第二网格';
const cell = (lon: number, lat: number, road: string | null, count: number, place: string | null = G) => ({ place, road, lon, lat, count });

describe('risk stop names (pure)', () => {
  test('a grid with one risk cell keeps its plain name; no place: its coordinates', () => {
    assert.deepEqual(cellStopNames([cell(120.01, 32.015, '北路', 30), cell(120.03, 32.005, null, 3, 'C12第一网格'), cell(120.05, 32.02, null, 2, null)]), [
      `${G}（近期 30 起）`,
      'C12第一网格（近期 3 起）',
      '120.0500, 32.0200（近期 2 起）',
    ]);
  });

  test('two cells of one grid on different roads: by the road', () => {
    assert.deepEqual(cellStopNames([cell(120.01, 32.015, '北路', 30), cell(120.011, 32.005, '南路', 3)]), [`${G} · 北路（近期 30 起）`, `${G} · 南路（近期 3 起）`]);
  });

  test('cells on the same road: by their part of it along its spread (west to east, south to north)', () => {
    assert.deepEqual(cellStopNames([cell(120.02, 32.015, '北路', 5), cell(120.01, 32.015, '北路', 30)]), [`${G} · 北路东段（近期 5 起）`, `${G} · 北路西段（近期 30 起）`]);
    assert.deepEqual(cellStopNames([cell(120.002, 32.005, '西连', 1), cell(120.002, 32.015, '西连', 2), cell(120.002, 32.01, '西连', 3)]), [
      `${G} · 西连南段（近期 1 起）`,
      `${G} · 西连北段（近期 2 起）`,
      `${G} · 西连中段（近期 3 起）`,
    ]);
  });

  test('no road near: by part of the grid; a lone one off the roads by its bearing from the grid\'s cells', () => {
    assert.deepEqual(cellStopNames([cell(120.01, 32.01, null, 4), cell(120.02, 32.01, null, 6)]), [`${G} · 西部（近期 4 起）`, `${G} · 东部（近期 6 起）`]);
    assert.deepEqual(cellStopNames([cell(120.01, 32.015, '北路', 4), cell(120.02, 32.005, null, 6)]), [`${G} · 北路（近期 4 起）`, `${G} · 东南部（近期 6 起）`]);
  });

  test('many cells of one grid: every name unique', () => {
    const many = Array.from({ length: 9 }, (_, i) => cell(120.002 + (i % 5) * 0.004, i < 5 ? 32.015 : 32.005, i % 3 === 0 ? null : i < 5 ? '北路' : '南路', 3));
    const names = cellStopNames(many);
    assert.equal(new Set(names).size, names.length, JSON.stringify(names));
    assert.ok(names.every((n) => n.startsWith(`${G} · `)));
  });
});

describe('the nearest road of a place (database)', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv();
    for (const [id, name, coords] of [
      [1, '北路', [[120.002, 32.015], [120.038, 32.015]]],
      [2, '南路', [[120.002, 32.005], [120.038, 32.005]]],
      [3, '', [[120.002, 32.0101], [120.038, 32.0101]]],
    ] as const)
      await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
        values (${id}, ${name}, 'street', 36, 18, 5, false, st_setsrid(st_geomfromgeojson(${JSON.stringify({ type: 'LineString', coordinates: coords })}), 4326))`.execute(env.ctx.db);
  });
  after(async () => env?.close());

  test('the nearest named road within about 300 m, else null; unnamed roads are skipped', async () => {
    assert.deepEqual(await nearestRoadNames(env.ctx.db, [{ lon: 120.01, lat: 32.0145 }, { lon: 120.01, lat: 32.0058 }, { lon: 120.01, lat: 32.0101 }, { lon: 120.01, lat: 32.03 }]), ['北路', '南路', null, null]);
    assert.deepEqual(await nearestRoadNames(env.ctx.db, []), []);
  });
});
