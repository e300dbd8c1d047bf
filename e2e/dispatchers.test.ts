// Two dispatchers on one call (issue 14): dispatcher A and dispatcher B (an account the admin creates through the
// administration API) both have the same new call open. B's pointer is on the recommendation list, so it holds its
// order (rec-held) while A sends the first unit; B then clicks the row that was first. The server refuses B's
// dispatch as made from a stale list (409 RECOMMENDATION_STALE) and B's screen says what changed (A's dispatch) and
// asks; B refreshes instead, and the call has exactly one unit. Then a repeated call from the same caller at the same
// place: the intake form shows the open call as a possible duplicate and links it (重复报警 +1), with no new incident.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { Incident, Unit } from '@jingwang/contracts';
import { csrfOf, desk, inCommandRoom, journey, login } from './lib/ui';

test('two dispatchers on one call: the second is warned and sends nothing; a repeated call is linked, not a new incident', { timeout: 600_000 }, () =>
  journey({}, async ({ base, browser, errors, shot }) => {

    // the admin creates dispatcher B through the administration API, with dispatcher A's area
    const adminCtx = await browser.newContext();
    const login0 = await adminCtx.request.post(`${base}/api/auth/login`, { data: { username: 'admin', password: 'jingwang' } });
    assert.equal(login0.status(), 200, await login0.text());
    const probe = await browser.newContext();
    const loginA = await probe.request.post(`${base}/api/auth/login`, { data: { username: 'dispatcher', password: 'jingwang' } });
    const scopeAreaId = ((await loginA.json()) as { user: { scopeAreaId: number | null } }).user.scopeAreaId;
    await probe.close();
    const PASSWORD_B = 'Qz7#mw2!Lp9x';
    const made = await adminCtx.request.post(`${base}/api/users`, {
      headers: { 'x-csrf-token': await csrfOf(adminCtx) },
      data: { username: 'dispatcher2', displayName: '调度员乙', role: 'dispatcher', scopeAreaId, password: PASSWORD_B },
    });
    assert.equal(made.status(), 200, await made.text());

    const aCtx = await desk(browser, { width: 1600, height: 1000 });
    const bCtx = await desk(browser, { width: 1600, height: 1000 });
    const a = await aCtx.newPage();
    const b = await bCtx.newPage();
    a.on('pageerror', (e) => errors.push(`A: ${String(e)}`));
    b.on('pageerror', (e) => errors.push(`B: ${String(e)}`));
    await login(a, base, 'dispatcher');
    await inCommandRoom(a);
    await login(b, base, 'dispatcher2', PASSWORD_B);
    await inCommandRoom(b);

    // a call next to an available unit (the demo's history may leave some busy)
    const units = (await (await a.request.get(`${base}/api/units`)).json()) as Unit[];
    const near = units.find((u) => u.status === 'available' && u.lon !== null && u.lat !== null && u.type === 'patrol_car');
    assert.ok(near, 'an available patrol car with a position');
    const phone = '13911112222';
    const created = await a.request.post(`${base}/api/incidents`, {
      headers: { 'x-csrf-token': await csrfOf(aCtx) },
      data: { source: 'call_110', category: 'fight', priority: 2, lon: near.lon! + 0.001, lat: near.lat!, address: '端到端测试：两名调度员同一警情', description: '路口有人争吵推搡', callerName: '王五', callerPhone: phone },
    });
    assert.equal(created.status(), 201, await created.text());
    const inc = (await created.json()) as Incident;

    // both open it; B's pointer rests on the recommendation list
    for (const p of [a, b]) {
      await p.getByTestId(`queue-item-${inc.number}`).click({ timeout: 60_000 });
      await p.getByTestId('incident-detail').waitFor();
      await p.getByTestId('rec-list').waitFor({ timeout: 30_000 });
    }
    const firstB = b.locator('[data-testid^="rec-dispatch-"]').first();
    await firstB.waitFor();
    const firstId = ((await firstB.getAttribute('data-testid')) ?? '').replace('rec-dispatch-', '');
    assert.match(firstId, /^\d+$/);
    await b.getByTestId('rec-list').hover();

    // A sends that unit
    await a.getByTestId(`rec-dispatch-${firstId}`).click();
    await a.locator('[data-testid="incident-status"][data-status="dispatched"]').waitFor({ timeout: 20_000 });

    // B's list holds its order (the fresh list waits while the pointer is on it), and the unit A sent loses its
    // button at once (its live state); B clicks what is now the first one it can send, believing the call unserved
    await b.locator('[data-testid="rec-list"][data-held="1"]').waitFor({ timeout: 20_000 });
    await b.getByTestId(`rec-dispatch-${firstId}`).waitFor({ state: 'detached', timeout: 20_000 });
    assert.equal(await b.locator(`[data-testid="rec-unit-${firstId}"]`).count(), 1, 'the row stays where it was');
    const nextB = b.locator('[data-testid="rec-list"] button[data-testid^="rec-dispatch-"]:not([disabled])').first();
    const secondId = ((await nextB.getAttribute('data-testid')) ?? '').replace('rec-dispatch-', '');
    assert.notEqual(secondId, firstId);
    await nextB.click();
    const warning = b.getByTestId('stale-dispatch');
    await warning.waitFor({ timeout: 20_000 });
    const said = (await warning.textContent()) ?? '';
    const sent = units.find((u) => String(u.id) === firstId)!.callsign;
    assert.ok(said.includes(`已派出 ${sent}`), `the warning says what changed: ${said}`);
    await shot(b, 'dispatchers-stale-warning');
    await b.getByTestId('stale-refresh').click();

    // the call has exactly one unit: A's
    await b.waitForTimeout(1000);
    const after = (await (await a.request.get(`${base}/api/incidents/${inc.id}`)).json()) as Incident;
    assert.equal(after.assignments.length, 1, JSON.stringify(after.assignments));
    assert.equal(String(after.assignments[0]!.unitId), firstId);

    // a repeated call from the same caller at the same place: B's intake offers the open call to link
    await b.keyboard.press('Escape');
    await b.locator('.ant-drawer-open .ant-drawer-close').first().click().catch(() => undefined);
    await b.getByTestId('intake-open').click();
    await b.getByTestId('intake-form').waitFor();
    await b.getByTestId('intake-lon').fill(String(near.lon! + 0.001));
    await b.getByTestId('intake-lat').fill(String(near.lat!));
    await b.getByTestId('intake-caller-phone').fill(phone);
    await b.getByTestId('intake-caller-phone').blur();
    const dup = b.getByTestId(`dup-${inc.number}`);
    await dup.waitFor({ timeout: 20_000 });
    await shot(b, 'dispatchers-duplicate');
    await b.getByTestId(`dup-link-${inc.number}`).click();
    await b.getByTestId('link-ok').click();
    await b.waitForTimeout(1500);
    const linked = (await (await a.request.get(`${base}/api/incidents/${inc.id}`)).json()) as Incident;
    const all = (await (await a.request.get(`${base}/api/incidents`)).json()) as Incident[] | { items: Incident[] };
    const list = Array.isArray(all) ? all : all.items;
    assert.equal(list.filter((i) => i.address === inc.address).length, 1, 'no second incident for the repeated call');
    assert.ok(linked.version > after.version, 'the repeated call is recorded on the open incident');
    assert.deepEqual(errors, []);
  }),
);
