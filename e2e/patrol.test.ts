// Patrol, end to end in the web: the officer checks in by hand on the phone (note and photo); the command room sees
// the check-in, an off-route flag raised from positions, and takes the roll call (日点名).
// Starts its own server (fresh embedded database with the demo county and today's published plans, DEMO_LIVE=0).
import test from 'node:test';
import assert from 'node:assert/strict';
import type { FieldView, PatrolPlan, PatrolPlanSummary, Unit } from '@jingwang/contracts';
import { distanceToPolylineMeters } from '@jingwang/core/patrol';
import { apiLogin, desk, journey, login, phone, PNG_1PX as PNG } from './lib/ui';

test('patrol: hand check-in on the phone, off-route flag and roll call in the command room', { timeout: 900_000 }, () =>
  journey({}, async ({ base, browser, errors, shot }) => {

    // the officer on a phone: logs in and lands on the field view with the team's route
    const phoneCtx = await phone(browser);
    const op = await phoneCtx.newPage();
    op.on('pageerror', (e) => errors.push(String(e)));
    await login(op, base, 'officer1');
    // officers land on their home; 我的巡逻 is one tap away
    await op.getByTestId('officer-home').waitFor({ timeout: 60_000 });
    await op.goto(`${base}/field`);
    await op.locator('[data-testid="field-page"][data-state="route"]').waitFor({ timeout: 60_000 });
    const view = (await (await op.request.get(`${base}/api/patrol/field`)).json()) as FieldView;
    assert.ok(view.route && view.route.stops.length > 0, 'officer1 has a published route');
    const first = op.getByTestId('field-stop-1');
    assert.equal(await first.getAttribute('data-status'), 'pending');
    await op.getByTestId('field-checkin-1').click();
    await op.getByTestId('field-checkin-form').waitFor();
    await op.getByTestId('field-note').fill('巡查无异常（端到端测试）');
    await op.getByTestId('field-photo-input').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
    await op.getByTestId('field-photo-preview').waitFor({ timeout: 10_000 });
    await shot(op, 'field-checkin');
    await op.getByTestId('field-checkin-submit').click();
    // the demo runs without live positions: no recent fix of the team near the place, so the server keeps the
    // check-in (note, photo) but does not count it as a visit, and the phone says so (issue 13: proof that holds)
    await op.getByText('未核实：附近没有本巡组的最近定位，不计入巡查', { exact: false }).waitFor({ timeout: 60_000 });
    assert.notEqual(await first.getAttribute('data-status'), 'done', 'an unverified check-in is not a visit');
    await shot(op, 'field');

    // the command room: the plan of the officer's team, live
    const deskCtx = await desk(browser, { width: 1920, height: 1080 });
    const dp = await deskCtx.newPage();
    dp.on('pageerror', (e) => errors.push(String(e)));
    await login(dp, base, 'dispatcher');
    await dp.getByTestId('command-room').waitFor({ timeout: 30_000 });
    const csrf = await apiLogin(dp.request, base, 'dispatcher');
    // the street plan of the shift that is on (at a shift change the demo's minute job publishes the next one)
    let plans: PatrolPlanSummary[] = [];
    let street: PatrolPlanSummary | undefined;
    for (let i = 0; i < 60 && !street; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 2000));
      plans = (await (await dp.request.get(`${base}/api/patrol/plans?status=published`)).json()) as PatrolPlanSummary[];
      street = plans.find((p) => p.tier === 'street' && Date.parse(p.shiftStart) <= Date.now() && Date.now() < Date.parse(p.shiftEnd));
    }
    assert.ok(street, 'a published street-tier plan for the shift that is on');
    const plan = (await (await dp.request.get(`${base}/api/patrol/plans/${street.id}`)).json()) as PatrolPlan;
    const units = (await (await dp.request.get(`${base}/api/units`)).json()) as Unit[];
    const route = plan.routes.find((r) => r.coordinates.length >= 2 && units.find((u) => u.id === r.unitId)?.status === 'available');
    assert.ok(route, 'an available street team with a route');

    // that team leaves its route for six minutes (of the shift: in the first minutes of a shift, wait until six have
    // passed), to a place at least 1.5 km from every part of its path (which path the demo plans depends on the hour:
    // a fixed offset from its start can land on a later leg of it)
    const wait = Date.parse(plan.shiftStart) + 7 * 60_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const away = awayFrom(route.coordinates, 1500);
    assert.ok(away, 'a place 1.5 km from the whole path within 8 km of its start');
    const now = Date.now();
    const positions = [360, 180, 0].map((s) => ({ unitId: route.unitId, lon: away[0], lat: away[1], at: new Date(now - s * 1000).toISOString() }));
    const posted = await dp.request.post(`${base}/api/units/positions`, { data: { positions }, headers: { 'x-csrf-token': csrf } });
    assert.equal(posted.status(), 200, await posted.text());
    assert.equal(((await posted.json()) as { accepted: number }).accepted, 3, 'the three positions are new');

    await dp.goto(`${base}/patrol?plan=${street.id}&date=${street.date}`);
    await dp.locator(`[data-testid="plan-detail"][data-plan="${street.id}"]`).waitFor({ timeout: 30_000 });
    await dp.getByTestId('tab-live').click();
    await dp.getByTestId('flags').waitFor({ timeout: 20_000 });
    await dp.getByTestId('flags').getByText('偏离路线').first().waitFor({ timeout: 20_000 });
    // the roll call: every team against where its plan has it now
    await dp.getByTestId('roll-call-now').click();
    await dp.getByTestId('roll-call-entries').waitFor({ timeout: 20_000 });
    const results = await dp.locator('[data-testid="roll-call-entries"] [data-result]').evaluateAll((els) => els.map((e) => e.getAttribute('data-result')));
    assert.ok(results.length >= plan.routes.length, `one roll-call row per team: ${results.join(',')}`);
    assert.ok(results.includes('away') || results.includes('no_position'), 'the team that left its route is not present');
    await shot(dp, 'patrol-live');

    // the officer's check-in is in the plan of the community tier (the officer's team)
    const cks = (await (await dp.request.get(`${base}/api/patrol/plans/${view.plan!.id}/checkins`)).json()) as { method: string; note: string | null; photoId: number | null }[];
    assert.ok(cks.some((c) => c.method === 'manual' && c.note?.includes('端到端') && c.photoId !== null), JSON.stringify(cks));
    assert.deepEqual(errors, []);
  }),
);

/** The first point, going out from the path's start in eight directions at 2 to 8 km, that is `min` metres from every leg of it. */
function awayFrom(path: readonly (readonly [number, number])[], min: number): [number, number] | null {
  const [lon0, lat0] = path[0]!;
  const kmLat = 1 / 111.32;
  const kmLon = kmLat / Math.cos((lat0 * Math.PI) / 180);
  for (const km of [2, 3, 4, 6, 8])
    for (let k = 0; k < 8; k++) {
      const a = (k * Math.PI) / 4;
      const p: [number, number] = [lon0 + Math.sin(a) * km * kmLon, lat0 + Math.cos(a) * km * kmLat];
      if (distanceToPolylineMeters(p[0], p[1], path) >= min) return p;
    }
  return null;
}
