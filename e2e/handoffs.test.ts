// Hand-offs of issue 16, end to end on one server (sequential steps):
// (a) the grid worker (grid1, phone 390 x 844) reports a noise dispute on the partner home; the community officer
//     (officer1, a second context) finds it and records a mediation session; new facts (threats of violence) raise the
//     grade, which moves the dispute up to the station (the escalation rule's own input, no clock trick); the station
//     lead (tianmushan) sees it at the station and resolves it, and the follow-up visits are scheduled; the grid worker
//     sees it resolved.
// (b) officer1's patrol photographs construction rubbish (装修垃圾) and hands it over as a ticket; the routing table
//     sends it to 城管; the 城管 liaison (cg1, phone) sees it arrive on the partner home, receives it and resolves it
//     with a photo; officer1 sees each step, verifies and closes it; cg1 sees it closed.
// Each hand-off is checked from both ends. Screenshots: e2e/out/handoffs-*.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Dispute, DisputeSummary, TicketDetail, Unit } from '@jingwang/contracts';
import { OUT } from './lib/harness';
import { choose, desk, getJson, journey, login, phone, PNG_64 as PNG } from './lib/ui';

test('hand-offs: a dispute from the grid to the station and a ticket from a patrol to 城管 and back', { timeout: 900_000 }, () =>
  journey({ prefix: 'handoffs-', server: { timeoutMs: 600_000 } }, async ({ base, browser, errors, shot }) => {
    const photoFile = path.join(OUT, 'handoffs-rubbish.png');
    await writeFile(photoFile, PNG);
    const watch = (page: Page, who: string) => page.on('pageerror', (e) => errors.push(`${who}: ${String(e)}`));

    // ------------------------------------------------------------ (a) the dispute
    const gridCtx = await phone(browser);
    const gp = await gridCtx.newPage();
    watch(gp, 'grid1');
    await login(gp, base, 'grid1');
    await gp.getByTestId('partner-home').waitFor({ timeout: 60_000 });
    await gp.getByTestId('my-disputes').waitFor();
    await gp.getByTestId('dispute-report-open').click();
    const form = gp.getByTestId('dispute-report-form');
    await form.waitFor();
    const title = `夜间噪音扰民 e2e ${Date.now() % 100000}`;
    await gp.getByTestId('dispute-title').fill(title);
    await gp.getByTestId('dispute-address').fill('网格内居民楼 5 单元 302');
    await gp.getByTestId('dispute-party-name').nth(0).fill('郑先生');
    await gp.getByTestId('dispute-party-name').nth(1).fill('冯女士');
    await shot(gp, '1-grid-report');
    await gp.getByTestId('dispute-report-submit').click();
    await gp.getByTestId('dispute-row').filter({ hasText: title }).first().waitFor({ timeout: 20_000 });
    const reported = (await getJson<DisputeSummary[]>(gridCtx, `${base}/api/disputes`)).find((d) => d.title === title);
    assert.ok(reported, 'the grid worker reads back the report');
    assert.equal(reported.level, 'grid', 'a low-grade dispute starts at the grid');
    await shot(gp, '2-grid-reported');

    // the community officer finds it (the other end of the hand-off) and mediates
    const offCtx = await desk(browser);
    const op = await offCtx.newPage();
    watch(op, 'officer1');
    await login(op, base, 'officer1');
    await op.goto(`${base}/disputes?d=${reported.id}`);
    const drawer = op.getByTestId('dispute-drawer');
    await drawer.getByTestId('dispute-actions').waitFor({ timeout: 30_000 });
    await op.getByTestId('dispute-act-mediate').click();
    await op.getByTestId('dispute-participants').fill('郑先生、冯女士、社区民警');
    await op.getByTestId('dispute-act-ok').click();
    await drawer.getByTestId('dispute-session').first().waitFor({ timeout: 20_000 });
    // new facts: threats of violence at the session raise the grade; the rule moves it up to the station
    await op.getByTestId('dispute-act-grade').click();
    await op.locator('.ant-modal .ant-switch').first().click();
    await op.getByTestId('dispute-act-ok').click();
    await drawer.locator('[data-testid="dispute-grade"][data-grade="high"]').waitFor({ timeout: 20_000 });
    await shot(op, '3-officer-mediated-escalated');
    let d = await getJson<Dispute>(offCtx, `${base}/api/disputes/${reported.id}`);
    assert.equal(d.sessions.length, 1, 'the session is recorded');
    assert.equal(d.level, 'station', 'a high grade belongs to the station');
    assert.ok(d.events.some((e) => e.kind === 'escalated'), 'the escalation is on the timeline');

    // the station lead receives it at the station and resolves it; follow-ups are scheduled
    const leadCtx = await desk(browser);
    const lp = await leadCtx.newPage();
    watch(lp, 'tianmushan');
    await login(lp, base, 'tianmushan');
    const atStation = await getJson<DisputeSummary[]>(leadCtx, `${base}/api/disputes?level=station`);
    assert.ok(atStation.some((x) => x.id === reported.id), 'the station lead finds it at the station level');
    await lp.goto(`${base}/disputes?d=${reported.id}`);
    const ld = lp.getByTestId('dispute-drawer');
    await ld.getByTestId('dispute-act-resolve').click({ timeout: 30_000 });
    const ok = lp.getByTestId('dispute-act-ok');
    await ok.click();
    // a click landing while the dialog opens can be lost (seen once in CI: the dialog stayed open, nothing was sent):
    // click again only if the dialog is still open and the dispute is not resolved on the server
    if (!(await ok.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false))) {
      if ((await getJson<Dispute>(leadCtx, `${base}/api/disputes/${reported.id}`)).status !== 'resolved') await ok.click({ timeout: 5_000 }).catch(() => {});
    }
    await ld.locator('[data-testid="dispute-status"][data-status="resolved"]').waitFor({ timeout: 20_000 });
    await shot(lp, '4-station-resolved');
    d = await getJson<Dispute>(leadCtx, `${base}/api/disputes/${reported.id}`);
    assert.equal(d.status, 'resolved');
    assert.ok(d.followups.length > 0 && d.followups.every((f) => f.doneAt === null && Date.parse(f.dueAt) > Date.parse(d.resolvedAt!)), 'follow-up visits scheduled after resolution');
    // the grid worker sees the outcome
    await gp.reload();
    await gp.getByTestId('dispute-row').filter({ hasText: title }).first().waitFor({ timeout: 20_000 });
    const back = (await getJson<DisputeSummary[]>(gridCtx, `${base}/api/disputes`)).find((x) => x.id === reported.id)!;
    assert.equal(back.status, 'resolved');
    await shot(gp, '5-grid-sees-resolved');

    // ------------------------------------------------------------ (b) the ticket
    const me = (await getJson<{ user: { personId: number | null } }>(offCtx, `${base}/api/auth/me`)).user;
    const units = await getJson<Unit[]>(offCtx, `${base}/api/units`);
    const mine = units.find((u) => u.members.some((m) => m.id === me.personId) && u.lon !== null) ?? units.find((u) => u.lon !== null)!;
    await op.goto(`${base}/tickets`);
    await op.getByTestId('tickets-page').waitFor({ timeout: 30_000 });
    await op.getByTestId('ticket-new').click();
    await op.getByTestId('ticket-form').waitFor();
    await choose(op, op.getByTestId('ticket-category'), '装修垃圾');
    const tTitle = `楼道口堆放装修垃圾 e2e ${Date.now() % 100000}`;
    await op.getByTestId('ticket-title').fill(tTitle);
    await op.getByTestId('ticket-address').fill('巡逻发现：居民楼 5 单元门口');
    await op.getByTestId('ticket-lon').fill(String(Math.round(mine.lon! * 1e6) / 1e6));
    await op.getByTestId('ticket-lat').fill(String(Math.round(mine.lat! * 1e6) / 1e6));
    await op.getByTestId('ticket-photo-input').setInputFiles(photoFile);
    await op.locator('[data-testid="ticket-form"] img').first().waitFor({ timeout: 10_000 });
    await shot(op, '6-patrol-ticket-form');
    await op.getByTestId('ticket-submit').click();
    const od = op.getByTestId('ticket-drawer');
    await od.locator('[data-testid="ticket-status"][data-status="sent"]').waitFor({ timeout: 20_000 });
    const list = await getJson<{ id: number; title: string; agency: { name: string } | null }[]>(offCtx, `${base}/api/tickets`);
    const made = list.find((x) => x.title === tTitle);
    assert.ok(made, 'the ticket is made');
    assert.match(made.agency?.name ?? '', /城管|城市管理/, 'routed to 城管 by the duties table');

    // 城管 on the phone: it arrives on the partner home
    const cgCtx = await phone(browser);
    const cp = await cgCtx.newPage();
    watch(cp, 'cg1');
    await login(cp, base, 'cg1');
    await cp.getByTestId('my-tickets').waitFor({ timeout: 60_000 });
    const card = cp.locator(`[data-testid="ticket-card"][data-id="${made.id}"]`);
    await card.waitFor({ timeout: 20_000 });
    await shot(cp, '7-cg-arrived');
    await card.click();
    const cd = cp.getByTestId('ticket-drawer');
    await cd.getByTestId('ticket-action-receive').click({ timeout: 20_000 });
    await cd.locator('[data-testid="ticket-status"][data-status="received"]').waitFor({ timeout: 20_000 });
    // the originator sees the receipt
    assert.equal((await getJson<TicketDetail>(offCtx, `${base}/api/tickets/${made.id}`)).status, 'received');
    await cd.getByTestId('ticket-action-resolve').click();
    await cd.getByTestId('ticket-note').fill('已联系物业清运完毕，现场已清理');
    await cd.getByTestId('ticket-photo-input').setInputFiles(photoFile);
    await cd.locator('img').first().waitFor({ timeout: 10_000 });
    await shot(cp, '8-cg-resolving');
    await cd.getByTestId('ticket-action-submit').click();
    await cd.locator('[data-testid="ticket-status"][data-status="resolved"]').waitFor({ timeout: 20_000 });
    const resolved = await getJson<TicketDetail>(cgCtx, `${base}/api/tickets/${made.id}`);
    assert.equal(resolved.events.find((e) => e.action === 'resolve')?.photoIds.length, 1, 'the feedback photo is kept');

    // the originator verifies and closes
    await op.goto(`${base}/tickets?t=${made.id}`);
    await od.locator('[data-testid="ticket-status"][data-status="resolved"]').waitFor({ timeout: 30_000 });
    await od.getByTestId('ticket-action-verify').click();
    const verifySubmit = od.getByTestId('ticket-action-submit');
    if (await verifySubmit.isVisible().catch(() => false)) {
      await od.getByTestId('ticket-note').fill('现场核查已清理');
      await verifySubmit.click();
    }
    await od.locator('[data-testid="ticket-status"][data-status="verified"]').waitFor({ timeout: 20_000 });
    await od.getByTestId('ticket-action-close').click();
    await od.locator('[data-testid="ticket-status"][data-status="closed"]').waitFor({ timeout: 20_000 });
    await shot(op, '9-originator-closed');
    // 城管 sees it closed
    assert.equal((await getJson<TicketDetail>(cgCtx, `${base}/api/tickets/${made.id}`)).status, 'closed');
    await cp.reload();
    await cp.locator(`[data-testid="ticket-card"][data-id="${made.id}"] [data-testid="ticket-status"][data-status="closed"]`).waitFor({ timeout: 20_000 });
    await shot(cp, '10-cg-sees-closed');
    assert.deepEqual(errors, []);
  }),
);
