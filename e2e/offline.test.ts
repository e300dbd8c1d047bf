// The phone's offline queue, end to end (issue 13 part 5): the dispatcher sends officer1's unit to a call; the phone
// (390 x 844) loses its signal (Chromium offline emulation); officer1 acknowledges and writes a scene remark: both
// wait in the outbox (待发送 2, the card moves on at once); more than a minute later the signal returns and the
// outbox drains in order by itself; the command room's timeline shows each action once, at the time it was taken,
// marked 补传. Starts its own server (fresh embedded database with the demo county, DEMO_LIVE=0), or E2E_BASE_URL.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { Incident, IncidentDetail, Unit } from '@jingwang/contracts';
import { desk, journey, login, phone, watch } from './lib/ui';

test('offline queue: acknowledge and remark without signal, sent in order on reconnect, once each, 补传', { timeout: 600_000 }, () =>
  journey({}, async ({ base, browser, errors, shot }) => {
    const offline = { on: false };
    // while offline, failed requests and the socket's reconnects are expected console noise
    const quiet = { ignore: /status of 401|ERR_INTERNET_DISCONNECTED|WebSocket/, quiet: () => offline.on };

    const phoneCtx = await phone(browser);
    const op = await phoneCtx.newPage();
    watch(op, 'officer1', errors, quiet);
    await login(op, base, 'officer1');
    await op.getByTestId('officer-home').waitFor({ timeout: 60_000 });
    await op.getByTestId('mdt-none').waitFor({ timeout: 20_000 });
    const me = (await (await op.request.get(`${base}/api/auth/me`)).json()) as { user: { personId: number | null } };

    const deskCtx = await desk(browser);
    const dp = await deskCtx.newPage();
    watch(dp, 'dispatcher', errors, quiet);
    await login(dp, base, 'dispatcher');
    await dp.getByTestId('command-room').waitFor({ timeout: 60_000 });
    const csrf = (await deskCtx.cookies()).find((c) => c.name === 'jw_csrf')?.value ?? '';
    const units = (await (await dp.request.get(`${base}/api/units`)).json()) as Unit[];
    const unit = units.find((u) => u.members.some((m) => m.id === me.user.personId) && u.status === 'available');
    assert.ok(unit, "officer1's unit is found and available");
    const created = await dp.request.post(`${base}/api/incidents`, {
      headers: { 'x-csrf-token': csrf },
      data: { source: 'call_110', category: 'dispute', priority: 2, lon: unit.lon, lat: unit.lat, address: '离线测试：山区村道12号', description: '邻里纠纷，信号差', callerName: '王五', callerPhone: '13911112222' },
    });
    assert.equal(created.status(), 201, await created.text());
    const inc = (await created.json()) as Incident;
    const d = await dp.request.post(`${base}/api/incidents/${inc.id}/dispatch`, { headers: { 'x-csrf-token': csrf }, data: { unitId: unit.id, version: inc.version } });
    assert.equal(d.status(), 200, await d.text());
    await op.getByTestId('mdt-card').waitFor({ timeout: 10_000 });
    await op.locator('.jw-mdt-alert .ant-notification-notice-close, .jw-mdt-alert .ant-notification-close-icon').first().click().catch(() => undefined);

    // no signal: 收到 and a scene remark go to the outbox; the card moves on to 出发 at once
    offline.on = true;
    await phoneCtx.setOffline(true);
    const actedAt = Date.now();
    await op.getByTestId('mdt-ack').click();
    await op.getByTestId('outbox-count').getByText('待发送 1').waitFor({ timeout: 10_000 });
    await op.locator('[data-testid="mdt-en_route"].ant-btn-primary').waitFor({ timeout: 5_000 });
    await op.getByTestId('mdt-remark-text').fill('离线备注：双方已分开，等待调解');
    await op.getByTestId('mdt-remark-send').click();
    await op.getByTestId('outbox-count').getByText('待发送 2').waitFor({ timeout: 10_000 });
    assert.equal(await op.getByTestId('outbox-item').count(), 2);
    await shot(op, 'offline-pending');
    // kept across a reload (IndexedDB) would need the shell offline; the queue survives in the page meanwhile

    // more than a minute without signal, then it returns: the outbox drains by itself, in order
    await op.waitForTimeout(Math.max(0, 65_000 - (Date.now() - actedAt)));
    await phoneCtx.setOffline(false);
    offline.on = false;
    await op.getByTestId('outbox').waitFor({ state: 'detached', timeout: 60_000 });
    await op.locator('[data-testid="mdt-card"][data-acked="yes"]').waitFor({ timeout: 20_000 });
    await shot(op, 'offline-synced');

    // the command room: each action once, at its real time, marked 补传
    const detail = (await (await dp.request.get(`${base}/api/incidents/${inc.id}`)).json()) as IncidentDetail;
    const acks = detail.events.filter((e) => e.type === 'mdt_ack');
    const remarks = detail.events.filter((e) => e.type === 'remark' && e.note?.startsWith('离线备注'));
    assert.equal(acks.length, 1, 'acknowledged once');
    assert.equal(remarks.length, 1, 'the remark once');
    for (const e of [acks[0]!, remarks[0]!]) {
      assert.equal(e.lateSynced, true, `${e.type} is late-synced`);
      assert.ok(Date.parse(e.at) < Date.parse(e.receivedAt!) - 60_000, `${e.type} at its real time`);
      assert.ok(Math.abs(Date.parse(e.at) - actedAt) < 30_000, `${e.type} near when the officer acted`);
    }
    assert.ok(Date.parse(acks[0]!.at) <= Date.parse(remarks[0]!.at), 'in order');
    await dp.getByTestId(`queue-item-${inc.number}`).click({ timeout: 60_000 });
    await dp.getByTestId('incident-detail').waitFor();
    await dp.getByTestId('incident-timeline').getByText(/补传/).first().waitFor({ timeout: 10_000 });
    await shot(dp, 'offline-desk-timeline');
    assert.deepEqual(errors, [], errors.join('\n'));
  }),
);
