// Cases in hand (issue 17), one journey through the web: a new call in officer1's station becomes a case through the
// 立案 button of the incident drawer (警情查询), opened by the station's lead with officer1 in charge; officer1 on a phone
// (a second browser context, 390 x 844) adds a scene photo and the documents and passes the filing step; the admin
// shortens the investigation limit through 系统管理 > 办案期限 (a bad amount is refused on its field first), so the
// stored filing time is past it: nothing typed, the deadline recomputed by the server from the stored start; the
// deputy's list (the station lead) and officer1's 作战小屏 show the case overdue; officer1 solves it on the phone and the
// station's 破案率 on the case indicators moves, to the figure recomputed here from the cases' records (the API).
// Screenshots: e2e/out/cases-*.png. Starts its own server (demo county, DEMO_LIVE=0), or uses E2E_BASE_URL.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { CaseDetailT, CaseScreenT, CaseStatsT, CaseSupervisionT, CaseT, Incident, Unit } from '@jingwang/contracts';
import { choose, csrfOf, desk, getJson as json, journey, login, phone, pick, PNG_1PX as PNG, watch } from './lib/ui';

const LEAD = 'tianmushan'; // the station lead (deputy) of officer1's station in the demo county
/** Console noise a journey through cases expects: the 401 before logging in, the 409 of a step that is refused. */
const EXPECTED = /status of (401|409)/;

/** In the case drawer (phone): add an item of a type, with a photo when given. */
async function addItem(page: Page, typeLabel: string, title: string, photo = false) {
  const drawer = page.getByTestId('case-detail');
  await choose(page, drawer.getByTestId('case-item-type'), typeLabel);
  await drawer.getByTestId('case-item-title').fill(title);
  if (photo) {
    await drawer.locator('input[type="file"]').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
    await drawer.locator('.cs-item-form img.cs-thumb').waitFor();
  }
  const before = await drawer.locator('.cs-item').count();
  await drawer.getByTestId('case-item-add').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="case-detail"] .cs-item').length > n, before);
}

/** Passes a step of the case (the button, then the confirmation) and waits for the stage. */
async function step(page: Page, action: string, status: string) {
  const btn = page.getByTestId(`case-action-${action}`);
  await page.waitForFunction((a) => document.querySelector(`[data-testid="case-action-${a}"]`)?.hasAttribute('disabled') === false, action);
  await btn.click();
  await page.locator('.ant-popconfirm:not(.ant-popover-hidden) .ant-btn-primary').click();
  await page.locator(`[data-testid="case-detail"][data-status="${status}"]`).waitFor({ timeout: 20_000 });
}

/** The station's solving rate recomputed from the cases the lead sees (filed in the month, solved before its end). */
function solvingRate(cases: CaseT[], stationId: number, stats: CaseStatsT): number | null {
  const inMonth = (t: string | null) => t !== null && t >= stats.from && t < stats.until;
  const filed = cases.filter((c) => c.station?.id === stationId && inMonth(c.filedAt));
  const solved = filed.filter((c) => c.solvedAt !== null && c.solvedAt < stats.until);
  return filed.length === 0 ? null : Math.round((1000 * solved.length) / filed.length) / 10;
}

test('cases: an incident becomes a case, steps on a phone, a deadline passes, supervised, solved, the indicator moves', { timeout: 900_000 }, () =>
  journey({ prefix: 'cases-' }, async ({ base, browser, errors, shot }) => {

    // 1. a new call at officer1's unit (the dispatcher, through the API): in officer1's station
    const dispCtx = await desk(browser);
    const dp = await dispCtx.newPage();
    watch(dp, 'dispatcher', errors, { ignore: EXPECTED });
    await login(dp, base, 'dispatcher');
    const phoneCtx = await phone(browser);
    const op = await phoneCtx.newPage();
    watch(op, 'officer1', errors, { ignore: EXPECTED });
    await login(op, base, 'officer1');
    const me = (await json<{ user: { personId: number | null } }>(op, `${base}/api/auth/me`)).user;
    assert.ok(me.personId, 'officer1 is a person of the demo');
    const units = await json<Unit[]>(dp, `${base}/api/units`);
    const unit = units.find((u) => u.members.some((m) => m.id === me.personId) && u.lon !== null);
    assert.ok(unit, "officer1's unit has a position");
    const created = await dp.request.post(`${base}/api/incidents`, {
      headers: { 'x-csrf-token': await csrfOf(dispCtx) },
      data: { source: 'call_110', category: 'theft', priority: 2, lon: unit.lon, lat: unit.lat, address: '端到端测试：文化路18号', description: '电动车被盗，车主在现场', callerName: '周强', callerPhone: '13955557777' },
    });
    assert.equal(created.status(), 201, await created.text());
    const inc = (await created.json()) as Incident;
    await dispCtx.close();

    // 2. the station's lead finds it in 警情查询 and opens a case from its drawer (立案), officer1 in charge
    const leadCtx = await desk(browser);
    const lp = await leadCtx.newPage();
    watch(lp, LEAD, errors, { ignore: EXPECTED });
    await login(lp, base, LEAD);
    await lp.goto(`${base}/incidents`);
    await lp.getByTestId('incident-search').waitFor({ timeout: 30_000 });
    await lp.getByTestId('isearch-number').fill(inc.number);
    await lp.getByTestId('isearch-submit').click();
    await lp.getByTestId(`isearch-row-${inc.number}`).click({ timeout: 30_000 });
    await lp.getByTestId('incident-detail').waitFor();
    const officer = await json<{ name: string }>(lp, `${base}/api/people/${me.personId}`);
    await lp.getByTestId('open-case-incident').getByTestId('open-case').click();
    const officers = lp.getByTestId('open-case-officers');
    await officers.click();
    await officers.locator('input').fill(officer.name);
    await pick(lp, officer.name, { multiple: true });
    await shot(lp, 'open');
    await lp.getByTestId('open-case-ok').click();
    await lp.waitForURL(/\/cases\?id=\d+/, { timeout: 30_000 });
    const caseId = Number(new URL(lp.url()).searchParams.get('id'));
    await lp.locator('[data-testid="case-detail"][data-status="accepted"]').waitFor({ timeout: 30_000 });
    let c = await json<CaseDetailT>(lp, `${base}/api/cases/${caseId}`);
    assert.equal(c.incidentId, inc.id);
    assert.deepEqual(c.officers.map((o) => o.id), [me.personId]);
    const stationId = c.station!.id;
    // the incident drawer now links the case
    assert.deepEqual((await json<CaseT[]>(lp, `${base}/api/cases?incidentId=${inc.id}`)).map((x) => x.id), [caseId]);

    // 3. officer1 on the phone: a scene photo, the receipt and the filing decision, then the filing step
    await op.goto(`${base}/cases?id=${caseId}`);
    await op.locator('[data-testid="case-detail"][data-status="accepted"]').waitFor({ timeout: 30_000 });
    await addItem(op, '现场照片', '车棚现场', true);
    await addItem(op, '受案回执', '受案回执');
    await addItem(op, '立案决定书', '天公立字〔2026〕18号');
    await step(op, 'file', 'investigating');
    c = await json<CaseDetailT>(op, `${base}/api/cases/${caseId}`);
    assert.ok(c.items.some((i) => i.itemType === 'scene_photo' && i.hasPhoto), 'the photo is stored');
    assert.equal(c.deadline?.key, 'criminal.investigation');
    assert.equal(c.ladder, 'none', 'two months to investigate: nothing to supervise yet');
    await shot(op, 'phone');

    // 4. the admin shortens the investigation limit (系统管理 > 办案期限): a wrong amount is refused on its field first
    const adminCtx = await desk(browser);
    const ap = await adminCtx.newPage();
    watch(ap, 'admin', errors, { ignore: EXPECTED });
    await login(ap, base, 'admin');
    await ap.goto(`${base}/admin`);
    await ap.getByTestId('admin-tab-case-limits').click({ timeout: 30_000 });
    const row = ap.locator('[data-testid="case-limit-row"][data-key="criminal.investigation"]');
    await row.getByTestId('case-limit-edit').click();
    const drawer = ap.getByTestId('case-limit-drawer');
    await choose(ap, drawer.getByTestId('case-limit-unit'), '小时');
    const amount = drawer.locator('[data-testid="case-limit-amount-input"] input, input[data-testid="case-limit-amount-input"]').first();
    await amount.fill('2000');
    await ap.getByTestId('case-limit-drawer-save').click();
    await drawer.locator('.ant-form-item-explain-error').filter({ hasText: '最多 1440 小时' }).waitFor();
    await shot(ap, 'limits-error');
    await amount.fill('0');
    await ap.getByTestId('case-limit-drawer-save').click();
    await row.getByTestId('case-limit-amount').filter({ hasText: '0 小时' }).waitFor({ timeout: 20_000 });
    await shot(ap, 'limits');
    c = await json<CaseDetailT>(ap, `${base}/api/cases/${caseId}`);
    // the deadline is the stored start of the step plus 0 hours: already past, recomputed by the server
    assert.equal(c.deadline?.dueAt, c.deadline?.from);
    assert.ok(Date.parse(c.deadline!.dueAt) <= Date.now());
    await adminCtx.close();

    // 5. the deputy's list shows it overdue; so does officer1's 作战小屏
    await lp.goto(`${base}/cases?tab=supervision`);
    await lp.locator(`[data-testid="cases-supervision"] [data-testid="case-row"][data-id="${caseId}"]`).waitFor({ timeout: 30_000 });
    const sup = await json<CaseSupervisionT>(lp, `${base}/api/cases/supervision`);
    assert.deepEqual(sup.rows.find((x) => x.id === caseId)?.reasons, ['overdue']);
    await shot(lp, 'supervision');
    await op.goto(`${base}/me`);
    await op.locator(`[data-testid="cases-screen-item"][data-id="${caseId}"][data-overdue="true"]`).waitFor({ timeout: 30_000 });
    const mine = await json<CaseScreenT>(op, `${base}/api/cases/screen?mine=true`);
    assert.equal(await op.getByTestId('cases-screen-overdue').getAttribute('data-value'), String(mine.overdue));
    assert.ok(mine.overdue >= 1);
    await op.getByTestId('cases-screen-card').scrollIntoViewIfNeeded();
    await shot(op, 'my-screen');

    // 6. the station's 破案率 before, as shown and as recomputed from the records
    const rateShown = async () => {
      await lp.goto(`${base}/cases?tab=stats`);
      const r = lp.locator(`[data-testid="case-stat-row"][data-id="${stationId}"]`);
      await r.waitFor({ timeout: 30_000 });
      const v = await r.getAttribute('data-solving-rate');
      return v === '' || v === null ? null : Number(v);
    };
    const expected = async () => solvingRate(await json<CaseT[]>(lp, `${base}/api/cases`), stationId, await json<CaseStatsT>(lp, `${base}/api/cases/stats?level=station`));
    const before = await rateShown();
    assert.equal(before, await expected());

    // 7. officer1 solves it on the phone
    await op.goto(`${base}/cases?id=${caseId}`);
    await op.locator('[data-testid="case-detail"][data-status="investigating"]').waitFor({ timeout: 30_000 });
    await addItem(op, '破案报告', '破案报告');
    await step(op, 'solve', 'solved');
    await shot(op, 'solved');

    // 8. the indicator moved, to the figure recomputed from the records
    const after = await rateShown();
    assert.equal(after, await expected());
    assert.ok(after !== null && (before === null || after > before), `破案率 ${before} -> ${after}`);
    console.log(`# 破案率 of station ${stationId}: ${before} -> ${after}`);
    await shot(lp, 'stats');

    assert.deepEqual(errors, []);
  }),
);
