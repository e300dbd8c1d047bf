// Forecasts per incident category in the product (issue 18), on the drawn county (helpers.ts): the API takes an
// optional category of the dictionary (anything else is a 400 naming the field, writing nothing); a category's run
// is stored beside the all-incident run of the same district and date, finds that category's hot spot, and is
// replaced when made again; the patrol planner's risk can weight the categories' forecasts; a category with too few incidents of its own borrows the all-incident surface with the
// default weights and says so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ForecastLayer, ForecastRun } from '@jingwang/contracts';
import { buildWorld, createTestEnv, login, type Agent, type TestEnv, type World } from './helpers';
import { forecastRiskCells } from '../src/modules/forecast/service';

let env: TestEnv;
let world: World;
let disp: Agent;
let dayShift: number;

const DAY = 86_400_000;
// local (UTC+8) midnight starting 2026-06-15, the clock's day
const MIDNIGHT = Date.parse('2026-06-14T16:00:00.000Z');
const HOT: [number, number] = [120.005, 32.005]; // in S1
const EAST: [number, number] = [120.03, 32.012]; // in S2

let n = 0;
async function incident(category: string, lon: number, lat: number, at: number): Promise<void> {
  n++;
  await sql`insert into incidents (number, source, category, priority, geom, reported_at, created_at)
            values (${`C${n}`}, 'call_110', ${category}, 2, st_setsrid(st_makepoint(${lon}, ${lat}), 4326), ${new Date(at).toISOString()}, ${new Date(at).toISOString()})`.execute(env.ctx.db);
}
const runs = async () => (await sql<{ c: string | null }>`select category c from forecast_runs order by category nulls first`.execute(env.ctx.db)).rows.map((r) => r.c);

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  dayShift = (await sql<{ id: number }>`insert into patrol_shifts (code, name, starts_at, duration_min) values ('day', '白班', '08:00', 720) returning id`.execute(env.ctx.db)).rows[0]!.id;
  // a theft at the hot spot (S1) every day of the last 60 days, a dispute in S2 every day, and two fights at EAST
  for (let d = 1; d <= 60; d++) {
    await incident('theft', HOT[0] + (d % 5) * 0.0002, HOT[1] + (d % 3) * 0.0002, MIDNIGHT - d * DAY + 10 * 3600_000);
    await incident('dispute', EAST[0] + (d % 4) * 0.0002, EAST[1], MIDNIGHT - d * DAY + 20 * 3600_000);
  }
  for (const d of [2, 9]) await incident('fight', EAST[0], EAST[1], MIDNIGHT - d * DAY + 23 * 3600_000);
  disp = await login(env.app, 'dispatcher');
});
after(async () => env?.close());

/** The cell id of a point on the deployment's 250 m grid at latitude 32 (service.ts's fixed grid). */
function cellOf(layer: ForecastLayer, [lon, lat]: [number, number]): string | undefined {
  return layer.cells.find((c) => {
    const xs = c.ring.map((p) => p[0]);
    const ys = c.ring.map((p) => p[1]);
    return lon >= Math.min(...xs) && lon < Math.max(...xs) && lat >= Math.min(...ys) && lat < Math.max(...ys);
  })?.id;
}

describe('forecasts per category', () => {
  test('a category not in the dictionary is a 400 naming the field, and nothing is written', async () => {
    const bad = await disp.post('/api/forecast/runs', { districtId: world.area.D, date: '2026-06-15', category: 'burglary' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'VALIDATION_FAILED');
    assert.equal(bad.json().details[0].field, '/category');
    const empty = await disp.post('/api/forecast/runs', { districtId: world.area.D, date: '2026-06-15', category: '' });
    assert.equal(empty.statusCode, 400);
    const layer = await disp.get(`/api/forecast/layer?areaId=${world.area.D}&date=2026-06-15&category=THEFT`);
    assert.equal(layer.statusCode, 400);
    assert.equal(layer.json().details[0].field, '/category');
    assert.deepEqual(await runs(), []);
  });

  test("a category's run sits beside the all-incident run and finds that category's hot spot", async () => {
    const all = await disp.post('/api/forecast/runs', { districtId: world.area.D, date: '2026-06-15' });
    assert.equal(all.statusCode, 200, all.body);
    assert.equal((all.json() as ForecastRun).category, null);
    const r = await disp.post('/api/forecast/runs', { districtId: world.area.D, date: '2026-06-15', category: 'dispute' });
    assert.equal(r.statusCode, 200, r.body);
    const run = r.json() as ForecastRun;
    assert.equal(run.category, 'dispute');
    assert.equal(run.events, 60, 'the run counts the category’s incidents');
    assert.equal(run.validation.note, null);
    assert.ok(run.validation.periods > 0, 'the model was chosen on validation days');
    const theft = (await disp.post('/api/forecast/runs', { districtId: world.area.D, date: '2026-06-15', category: 'theft' })).json() as ForecastRun;
    assert.equal(theft.category, 'theft');
    assert.deepEqual(await runs(), [null, 'dispute', 'theft']);

    const disputes = (await disp.get(`/api/forecast/layer?areaId=${world.area.D}&date=2026-06-15&category=dispute`)).json() as ForecastLayer;
    assert.equal(disputes.run.id, run.id);
    assert.equal(disputes.cells[0]!.id, cellOf(disputes, EAST), 'the dispute forecast ranks the dispute cell first');
    const thefts = (await disp.get(`/api/forecast/layer?areaId=${world.area.D}&date=2026-06-15&category=theft`)).json() as ForecastLayer;
    assert.equal(thefts.cells[0]!.id, cellOf(thefts, HOT), 'the theft forecast ranks the theft cell first');
    assert.equal(thefts.cells[0]!.history, 60 - 0, 'history counts the category only');
    const whole = (await disp.get(`/api/forecast/layer?areaId=${world.area.D}&date=2026-06-15`)).json() as ForecastLayer;
    assert.equal(whole.run.id, (all.json() as ForecastRun).id, 'without a category: the all-incident run');

    // made again: replaced, not doubled; a category with no run yet is not found
    await disp.post('/api/forecast/runs', { districtId: world.area.D, date: '2026-06-15', category: 'dispute' });
    assert.deepEqual(await runs(), [null, 'dispute', 'theft']);
    const none = await disp.get(`/api/forecast/layer?areaId=${world.area.D}&date=2026-06-15&category=noise`);
    assert.equal(none.statusCode, 404);
    assert.equal(none.json().code, 'FORECAST_NOT_FOUND');
  });

  test('a category with too few incidents borrows the all-incident surface with default weights and says so', async () => {
    const r = await disp.post('/api/forecast/runs', { districtId: world.area.D, date: '2026-06-15', category: 'fight' });
    assert.equal(r.statusCode, 200, r.body);
    const run = r.json() as ForecastRun;
    assert.equal(run.model, 'ensemble');
    assert.equal(run.events, 2);
    assert.match(run.validation.note ?? '', /默认权重/);
    const layer = (await disp.get(`/api/forecast/layer?areaId=${world.area.D}&date=2026-06-15&category=fight`)).json() as ForecastLayer;
    assert.equal(layer.cells[0]!.id, cellOf(layer, EAST), 'its own two incidents still lead');
    assert.ok(cellOf(layer, HOT), 'the all-incident hot spot is in the layer too, borrowed');
  });

  test("the planner's risk can weight categories: the weighted categories' forecasts, each normalised, mixed", async () => {
    const grid = { refLat: 32, cellM: 250 };
    const plain = (await forecastRiskCells(env.ctx, world.area.D!, '2026-06-15', dayShift, grid))!;
    assert.equal(plain.categories, undefined);
    const layer = (await disp.get(`/api/forecast/layer?areaId=${world.area.D}&date=2026-06-15`)).json() as ForecastLayer; // the whole day: both spots
    const east = cellOf(layer, EAST)!;
    const hot = cellOf(layer, HOT)!;
    const sum = (cells: { risk: number }[]) => cells.reduce((a, c) => a + c.risk, 0);

    const disputes = (await forecastRiskCells(env.ctx, world.area.D!, '2026-06-15', dayShift, grid, { dispute: 1 }))!;
    assert.deepEqual(disputes.categories, { used: ['dispute'], missing: [] });
    assert.equal(disputes.cells[0]!.id, east);
    const thefts = (await forecastRiskCells(env.ctx, world.area.D!, '2026-06-15', dayShift, grid, { theft: 1 }))!;
    assert.equal(thefts.cells[0]!.id, hot);
    // thefts weighted 3 to 1 over disputes: the theft cell leads, the dispute cell keeps a quarter's part
    const mixed = (await forecastRiskCells(env.ctx, world.area.D!, '2026-06-15', dayShift, grid, { theft: 3, dispute: 1, noise: 2, fraud: 0 }))!;
    assert.deepEqual(mixed.categories, { used: ['theft', 'dispute'], missing: ['noise'] });
    assert.ok(Math.abs(sum(mixed.cells) - 1) < 1e-9);
    assert.equal(mixed.cells[0]!.id, hot);
    const riskOf = (r: typeof mixed, id: string) => r.cells.find((c) => c.id === id)?.risk ?? 0;
    assert.ok(Math.abs(riskOf(mixed, east) - (3 * riskOf(thefts, east) + riskOf(disputes, east)) / 4) < 1e-9);
    // no weighted category has a forecast: the all-incident forecast, as without weights
    const none = (await forecastRiskCells(env.ctx, world.area.D!, '2026-06-15', dayShift, grid, { noise: 1 }))!;
    assert.deepEqual(none.cells.map((c) => c.id), plain.cells.map((c) => c.id));
    assert.deepEqual(none.categories, { used: [], missing: ['noise'] });
    await assert.rejects(forecastRiskCells(env.ctx, world.area.D!, '2026-06-15', dayShift, grid, { burglary: 1 }), /Unknown incident category/);
    await assert.rejects(forecastRiskCells(env.ctx, world.area.D!, '2026-06-15', dayShift, grid, { theft: -1 }));
  });
});
