// The field terminal, end to end (issue 13 parts 1, 2, 6): two browser contexts, the dispatcher at a desk and
// officer1 on a 390 x 844 phone. officer1 lands on the officer's home (no dispatch); the dispatcher sends officer1's
// unit (found through the API) to a new first-grade call; the phone wakes (sound and vibration recorded by a stub)
// and shows the dispatch; officer1 acknowledges, goes en route, arrives and clears with a disposition; the command
// room's drawer follows each step live, without a reload. The PWA manifest and service worker are served.
// Starts its own server (fresh embedded database with the demo county, DEMO_LIVE=0), or uses E2E_BASE_URL when set.
import test from 'node:test';
import assert from 'node:assert/strict';
import { INCIDENT_STATUS_LABELS, type Incident, type Unit } from '@jingwang/contracts';
import { choose, csrfOf, desk, inCommandRoom, journey, login, phone, pick, watch } from './lib/ui';

test('field terminal: dispatch -> alert -> acknowledge -> en route -> on scene -> clear, the command room live', { timeout: 600_000 }, () =>
  journey({}, async ({ base, browser, errors, shot }) => {

    // the installable app: manifest and service worker are served
    const manifest = (await (await fetch(`${base}/manifest.webmanifest`)).json()) as { icons: { src: string }[]; display: string };
    assert.equal(manifest.display, 'standalone');
    for (const icon of manifest.icons) assert.equal((await fetch(`${base}${icon.src}`)).status, 200, icon.src);
    const sw = await fetch(`${base}/sw.js`);
    assert.equal(sw.status, 200);
    assert.match(await sw.text(), /\/api\//, 'the service worker names the API it never caches');

    // 1. officer1 on a phone lands on the officer's home: no dispatch, instructions, checklist, patrol
    const phoneCtx = await phone(browser);
    // records the wake-up: vibration patterns and beeps (Web Audio oscillators started)
    // (a string: a function would be compiled by tsx with helpers the page does not have)
    await phoneCtx.addInitScript(`
      window.__vibrations = [];
      window.__beeps = 0;
      Object.defineProperty(Navigator.prototype, 'vibrate', { value: function (p) { window.__vibrations.push(p); return true; }, configurable: true, writable: true });
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function () { window.__beeps++; return start.apply(this, arguments); };
    `);
    const op = await phoneCtx.newPage();
    watch(op, 'officer1', errors);
    await login(op, base, 'officer1');
    await op.getByTestId('officer-home').waitFor({ timeout: 60_000 });
    await op.getByTestId('mdt-none').waitFor({ timeout: 20_000 });
    await op.getByTestId('home-instructions').getByText('暂无指令').waitFor();
    await op.getByTestId('home-checklist').waitFor();
    await op.getByTestId('home-patrol').waitFor();
    await shot(op, 'mdt-home');

    // officer1's unit, through the API
    const me = (await (await op.request.get(`${base}/api/auth/me`)).json()) as { user: { personId: number | null } };
    assert.ok(me.user.personId, 'officer1 is a person');

    // 2. the dispatcher at the desk: a first-grade call at the unit's position, opened in the drawer
    const deskCtx = await desk(browser);
    const dp = await deskCtx.newPage();
    watch(dp, 'dispatcher', errors);
    await login(dp, base, 'dispatcher');
    await inCommandRoom(dp);
    const csrf = await csrfOf(deskCtx);
    const units = (await (await dp.request.get(`${base}/api/units`)).json()) as Unit[];
    const unit = units.find((u) => u.members.some((m) => m.id === me.user.personId));
    assert.ok(unit, "officer1's unit is found through the API");
    assert.equal(unit.status, 'available', `${unit.callsign} can be dispatched`);
    assert.ok(unit.lon !== null && unit.lat !== null, 'the unit has a position');
    const created = await dp.request.post(`${base}/api/incidents`, {
      headers: { 'x-csrf-token': csrf },
      data: { source: 'call_110', category: 'fight', priority: 1, lon: unit.lon, lat: unit.lat, address: '端到端测试：文化路与人民路口', description: '两人在路口斗殴，已有人受伤', callerName: '李四', callerPhone: '13955556666' },
    });
    assert.equal(created.status(), 201, await created.text());
    const inc = (await created.json()) as Incident;
    await dp.getByTestId(`queue-item-${inc.number}`).click({ timeout: 60_000 });
    await dp.getByTestId('incident-detail').waitFor();

    // 3. dispatch officer1's unit (the API, as the dispatch modal does); the phone wakes and shows it
    const d = await dp.request.post(`${base}/api/incidents/${inc.id}/dispatch`, { headers: { 'x-csrf-token': csrf }, data: { unitId: unit.id, version: inc.version } });
    assert.equal(d.status(), 200, await d.text());
    const card = op.getByTestId('mdt-card');
    await card.waitFor({ timeout: 10_000 });
    await op.locator('.jw-mdt-alert').waitFor({ timeout: 5_000 });
    assert.match((await op.getByTestId('mdt-address').textContent()) ?? '', /文化路与人民路口/);
    assert.match((await card.textContent()) ?? '', /139\*\*\*\*6666/, 'the masked number on the card');
    const woke = await op.evaluate(() => {
      const w = window as unknown as { __vibrations: unknown[]; __beeps: number };
      return { vibrations: w.__vibrations.length, beeps: w.__beeps };
    });
    assert.ok(woke.vibrations >= 1, `the phone vibrated (${JSON.stringify(woke)})`);
    assert.ok(woke.beeps >= 1, 'the phone beeped');
    await op.getByTestId('mdt-route').waitFor();
    assert.match((await op.getByTestId('mdt-nav').getAttribute('href')) ?? '', /^https:\/\/uri\.amap\.com\/navigation\?to=/);
    await shot(op, 'mdt-alert');

    // the command room sees it is not acknowledged yet, without a reload
    await dp.locator('[data-testid="mdt-ack-state"][data-acked="no"]').waitFor({ timeout: 20_000 });
    await dp.getByTestId('incident-units').getByText(unit.callsign).first().waitFor();

    // 4. 收到: the drawer shows who acknowledged, live
    await op.locator('.jw-mdt-alert .ant-notification-notice-close, .jw-mdt-alert .ant-notification-close-icon').first().click().catch(() => undefined);
    await op.getByTestId('mdt-ack').click();
    await op.locator('[data-testid="mdt-card"][data-acked="yes"]').waitFor({ timeout: 10_000 });
    await dp.locator('[data-testid="mdt-ack-state"][data-acked="yes"]').waitFor({ timeout: 10_000 });
    await shot(dp, 'mdt-desk-acked');

    // 5. 出发, 到达, 处置完毕: each step reaches the drawer's status live
    const drawerStatus = (s: keyof typeof INCIDENT_STATUS_LABELS) => dp.getByTestId('incident-status').getByText(INCIDENT_STATUS_LABELS[s].zh, { exact: true }).waitFor({ timeout: 10_000 });
    await op.getByTestId('mdt-en_route').click();
    await op.locator('[data-testid="mdt-card"][data-status="en_route"]').waitFor({ timeout: 10_000 });
    await drawerStatus('en_route');
    await op.getByTestId('mdt-arrive').click();
    await op.locator('[data-testid="mdt-card"][data-status="on_scene"]').waitFor({ timeout: 10_000 });
    await drawerStatus('on_scene');
    await shot(op, 'mdt-on-scene');
    await op.getByTestId('mdt-resolve').click();
    await choose(op, op.getByTestId('mdt-disposition'), '调解');
    await op.getByTestId('mdt-resolve-ok').click();
    await op.getByTestId('mdt-none').waitFor({ timeout: 10_000 });
    await drawerStatus('resolved');
    await dp.getByTestId('incident-timeline').getByText('手机端确认收到').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    await shot(dp, 'mdt-desk-resolved');
    await shot(op, 'mdt-home-after');

    // the times came from the phone: the timeline has officer1's steps
    const detail = (await (await dp.request.get(`${base}/api/incidents/${inc.id}`)).json()) as { events: { type: string; actor: string }[]; onSceneAt: string | null };
    const steps = detail.events.filter((e) => ['mdt_ack', 'en_route', 'arrive', 'resolve'].includes(e.type)).map((e) => e.type);
    assert.deepEqual(steps, ['mdt_ack', 'en_route', 'arrive', 'resolve']);
    assert.ok(detail.onSceneAt);

    // 6. an instruction (指令一键直达, issue 13 part 3): the dispatcher writes an urgent one to officer1's unit on
    // /instructions; the phone wakes and shows it second on the home screen; officer1 answers; the desk sees the answer
    const before = await op.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations.length);
    await dp.goto(`${base}/instructions`);
    await dp.getByTestId('instructions-page').waitFor({ timeout: 30_000 });
    await dp.getByTestId('ins-kind').getByText('巡组', { exact: true }).click();
    await dp.getByTestId('ins-target').click();
    await dp.keyboard.type(unit.callsign);
    await pick(dp, unit.callsign);
    await dp.getByTestId('ins-text').fill('端到端指令：请立即核查文化路口监控并反馈');
    await dp.getByTestId('ins-urgent').click();
    await shot(dp, 'instructions-compose');
    await dp.getByTestId('ins-send').click();
    const sentItem = dp.locator('[data-testid^="sent-instruction-"]').filter({ hasText: '端到端指令' }).first();
    await sentItem.waitFor({ timeout: 10_000 });
    const mine = op.locator('[data-testid^="my-instruction-"]').filter({ hasText: '端到端指令' }).first();
    await mine.waitFor({ timeout: 10_000 });
    await op.locator('.jw-mdt-alert').filter({ hasText: '紧急指令' }).first().waitFor({ timeout: 5_000 });
    const after = await op.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations.length);
    assert.ok(after > before, 'the urgent instruction woke the phone');
    await op.locator('.jw-mdt-alert .ant-notification-notice-close, .jw-mdt-alert .ant-notification-close-icon').first().click().catch(() => undefined);
    await shot(op, 'instructions-phone');
    await mine.getByTestId('ins-feedback').click();
    await mine.getByTestId('ins-feedback-text').fill('已核查，监控正常');
    await mine.getByTestId('ins-feedback-submit').click();
    await mine.getByTestId('ins-feedback-item').waitFor({ timeout: 10_000 });
    await mine.getByTestId('ins-done').waitFor();
    await shot(op, 'instructions-phone-feedback');
    await sentItem.getByTestId('ins-feedback-item').filter({ hasText: '已核查，监控正常' }).first().waitFor({ timeout: 20_000 });
    await shot(dp, 'instructions-desk-feedback');
    assert.deepEqual(errors, [], errors.join('\n'));
  }),
);
