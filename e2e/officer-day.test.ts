// An officer's day, end to end in the web (issue 6): officer1 opens 作战小屏 on the phone, sees today's checklist and
// their indicators, completes a task that feeds the information-collection indicator with a photo and its form, sees
// it done, the done count go up and the indicator move; then the station lead sees the completion counted on 所屏 and
// the district lead opens 一屏通览. With E2E_DOCS_SCREENSHOTS=1 the three final screens are also copied to docs/screenshots/screen-*.png (README).
// Starts its own server (fresh embedded database with the demo county and its tasks, DEMO_LIVE=0), or uses
// E2E_BASE_URL when set.
import test from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { MyScreen, MyTasks, TaskInstance, TaskTemplate } from '@jingwang/contracts';
import { OUT, ROOT } from './lib/harness';
import { desk, journey, login, phone, PNG_1PX as PNG, watch } from './lib/ui';

const DOCS = path.join(ROOT, 'docs/screenshots');
/**
 * The final screen of a step: into e2e/out, and with E2E_DOCS_SCREENSHOTS=1 the same file into docs/screenshots for
 * the README (a test run does not rewrite tracked files unless asked).
 */
async function docShot(shot: (page: Page, name: string) => Promise<unknown>, page: Page, name: string) {
  await shot(page, name);
  if (process.env.E2E_DOCS_SCREENSHOTS !== '1') return;
  await mkdir(DOCS, { recursive: true });
  await copyFile(path.join(OUT, `${name}.png`), path.join(DOCS, `${name}.png`));
}
const INFO = 'info_collection';

/** A nav link; on a phone the horizontal menu may have folded it into its "…" submenu. */
async function clickNav(page: Page, testId: string) {
  // an item that does not fit the bar is kept (hidden) in the bar and shown in the "…" popup: click it where it shows
  const inBar = page.locator(`.jw-menu [data-testid="${testId}"]`).first();
  const box = await inBar.boundingBox().catch(() => null);
  const shown = box !== null && box.width > 0 && (await inBar.evaluate((el) => getComputedStyle(el.closest('li')!).opacity !== '0'));
  if (shown) return inBar.click();
  await page.locator('.jw-menu .ant-menu-overflow-item-rest').first().click();
  await page.locator(`.ant-menu-submenu-popup [data-testid="${testId}"]`).first().click();
}

/** The input behind an antd field's test id (InputNumber puts it on the input or on its wrapper). */
async function inputOf(field: Locator): Promise<Locator> {
  return (await field.evaluate((e) => e.tagName)) === 'INPUT' ? field : field.locator('input').first();
}

/** The officer's indicators on the screen: code -> value ('' when not available). */
async function readIndicators(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-testid="my-indicators"] [data-testid^="ind-"][data-value]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.slice(4), e.getAttribute('data-value') ?? ''])),
  );
}
/** The same, as shown (e.g. "87.5%", 暂无数据). */
async function shownValues(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-testid="my-indicators"] [data-testid^="ind-value-"]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.slice(10), (e.textContent ?? '').trim()])),
  );
}

test('officer: my screen, a task done with a photo moves the indicator; station and district screens', { timeout: 600_000 }, () =>
  journey({}, async ({ base, browser, errors, shot }) => {

    // 1. the officer on a phone: logs in (lands on the officer's home), opens 作战小屏 from the nav
    const phoneCtx = await phone(browser);
    const op = await phoneCtx.newPage();
    watch(op, 'officer1', errors);
    await login(op, base, 'officer1');
    await op.getByTestId('officer-home').waitFor({ timeout: 60_000 });
    await clickNav(op, 'nav-me');
    await op.getByTestId('my-screen').waitFor({ timeout: 30_000 });
    await op.getByTestId('my-checklist').waitFor();
    const indicators = op.getByTestId('my-indicators');
    await indicators.getByTestId(`ind-${INFO}`).waitFor({ timeout: 20_000 });

    // the task, chosen through the API: open today, its template feeds the information-collection indicator, a photo
    // needed (else any open one that feeds it: the photo is then optional, and given anyway)
    const mine = (await (await op.request.get(`${base}/api/tasks/mine`)).json()) as MyTasks;
    const screen = (await (await op.request.get(`${base}/api/screens/me`)).json()) as MyScreen;
    assert.ok(screen.person, 'officer1 is a person of the demo');
    const templates = (await (await op.request.get(`${base}/api/tasks/templates`)).json()) as TaskTemplate[];
    const feedsInfo = new Set(templates.filter((t) => t.feeds === 'info').map((t) => t.id));
    // a task whose period has begun (a photo must be taken within it): one due today first (the station screen counts
    // tasks due today), else an overdue one (the station lead then sees it leave the supervision list); the journey
    // runs at any hour, and at 03:00 today's tasks have not begun yet
    const now = Date.now();
    const tomorrow = Date.parse(`${mine.date}T00:00:00+08:00`) + 86_400_000;
    const dueToday = (x: TaskInstance) => Date.parse(x.dueAt) < tomorrow && Date.parse(x.dueAt) >= tomorrow - 86_400_000;
    const open = mine.items
      .filter((x) => feedsInfo.has(x.template.id) && (x.status === 'open' || x.status === 'overdue') && !x.template.evidence.location && Date.parse(x.periodStart) <= now)
      .sort((a, b) => Number(dueToday(b)) - Number(dueToday(a)) || (b.template.evidence.photos ?? 0) - (a.template.evidence.photos ?? 0) || a.id - b.id);
    const task: TaskInstance | undefined = open[0];
    assert.ok(task, `officer1 has an open task feeding info today: ${mine.items.map((x) => `${x.template.code}:${x.status}`).join(', ')}`);
    console.log(`# task ${task.id} ${task.template.code} ${task.template.name}: ${task.progress}/${task.target}, photos ${task.template.evidence.photos ?? 0}`);

    // today's checklist and the indicators, as read before
    const counts = op.getByTestId('my-counts');
    const doneBefore = Number(await counts.getAttribute('data-done'));
    const total = Number(await counts.getAttribute('data-total'));
    assert.equal(doneBefore, mine.counts.done);
    assert.equal(total, mine.counts.total);
    assert.ok(total > 0, 'a checklist for today');
    assert.ok((await op.locator('[data-testid="my-checklist"] [data-testid^="task-"][data-status]').count()) > 0, 'tasks on the checklist');
    const before = await readIndicators(op);
    const textBefore = await shownValues(op);
    console.log(`# indicators before: ${JSON.stringify(before)}; done ${doneBefore}/${total}`);
    const card = op.locator(`[data-testid="task-${task.id}"]`).first();
    await card.scrollIntoViewIfNeeded();
    await shot(op, 'me-before');

    // 2. complete it in the drawer: a photo, the form's fields, a note
    await card.getByTestId(`task-complete-${task.id}`).click();
    const drawer = op.locator('.ant-drawer-open');
    await drawer.getByTestId('complete-submit').waitFor();
    await drawer.getByTestId('complete-photo-input').setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: PNG });
    await drawer.getByTestId('complete-photo-preview').first().waitFor({ timeout: 10_000 });
    for (const f of task.template.evidence.form ?? []) {
      const field = drawer.getByTestId(`complete-form-${f.name}`);
      if (f.type === 'number') await (await inputOf(field)).fill('3');
      else if (f.type === 'text') await (await inputOf(field)).fill('端到端测试');
      else if (f.type === 'date') await (await inputOf(field)).fill(new Date().toISOString().slice(0, 10));
      else if (f.type === 'boolean' || (f.type === 'choice' && (f.options?.length ?? 0) <= 4)) await field.locator('.ant-radio-button-wrapper').first().click();
      else if (f.type === 'choice') {
        await field.click();
        await op.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
      }
    }
    await drawer.getByTestId('complete-note').fill('上门采集核查（端到端测试）');
    await shot(op, 'me-complete');
    await drawer.getByTestId('complete-submit').click();

    // done: the done count goes up, the task shows as done on the whole list
    await op.locator(`[data-testid="my-counts"][data-done="${doneBefore + 1}"]`).waitFor({ timeout: 60_000 });
    await op.locator('[data-testid="my-filter"] .ant-segmented-item').nth(2).click();
    await op.locator(`[data-testid="task-${task.id}"][data-status="done"]`).first().waitFor({ timeout: 10_000 });
    assert.equal(((await op.getByTestId('my-done').locator('.sc-count-n').textContent()) ?? '').replace(/\s/g, ''), `${doneBefore + 1}/${total}`);

    // the indicators move on the screen. Completing the task adds its progress to info_collection (capped at 100%)
    // and, done before its due time, counts as done on time in task_completion: each of them below 100% must go up.
    const movers = [INFO, ...(Date.parse(task.dueAt) > Date.now() ? ['task_completion'] : [])].filter((c) => before[c] !== undefined && before[c] !== '' && Number(before[c]) < 100);
    assert.ok(movers.length > 0, `an indicator that the completion can move: ${JSON.stringify(before)}`);
    const moved = await op
      .waitForFunction(
        ([codes, was]) => codes.every((c) => document.querySelector(`[data-testid="my-indicators"] [data-testid="ind-${c}"]`)?.getAttribute('data-value') !== was[c]),
        [movers, before] as const,
        { timeout: 20_000 },
      )
      .then(() => true)
      .catch(() => false);
    const after = await readIndicators(op);
    const textAfter = await shownValues(op);
    console.log(`# indicators after: ${JSON.stringify(after)}`);
    for (const c of movers) {
      assert.ok(moved && after[c] !== '' && Number(after[c]) > Number(before[c]), `${c} went up after completing ${task.template.code}: before ${before[c]} ("${textBefore[c]}"), after ${after[c] || 'n/a'} ("${textAfter[c]}")`);
      assert.notEqual(textAfter[c], textBefore[c], `the value of ${c} shown changed`);
    }
    await indicators.scrollIntoViewIfNeeded();
    await shot(op, 'me-indicators');
    // the top of the screen for the README, once the "done" toast has gone
    await op.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
    await op.evaluate(() => window.scrollTo(0, 0));
    await docShot(shot, op, 'screen-me');

    // 3. the station lead at the desk: 所屏 counts officer1's completion
    const deskCtx = await desk(browser, { width: 1920, height: 1080 });
    const sp = await deskCtx.newPage();
    watch(sp, 'tianmushan', errors);
    await login(sp, base, 'tianmushan');
    await sp.getByTestId('nav-station').waitFor({ timeout: 30_000 });
    await clickNav(sp, 'nav-station');
    await sp.getByTestId('station-screen').waitFor({ timeout: 30_000 });
    const row = sp.getByTestId(`station-officer-done-${screen.person.id}`);
    if (dueToday(task)) {
      // due today: counted in officer1's row of today's tasks (the row the station screen draws)
      await row.waitFor({ timeout: 20_000 });
      const api = (await (await sp.request.get(`${base}/api/screens/station`)).json()) as { officers: { person: { id: number }; today: { done: number; due: number } }[] };
      const mineRow = api.officers.find((o) => o.person.id === screen.person!.id)!;
      assert.equal(Number(await row.getAttribute('data-done')), mineRow.today.done, 'the station screen shows the API figures');
      const doneDueToday = (await (await op.request.get(`${base}/api/tasks/mine`)).json()) as MyTasks;
      assert.equal(mineRow.today.done, doneDueToday.items.filter((x) => dueToday(x) && x.status === 'done').length, "officer1's completion is counted on the station screen");
    } else {
      // overdue from an earlier day: it has left the station's supervision list
      const sup = (await (await sp.request.get(`${base}/api/tasks/supervision?filter=overdue&limit=1000`)).json()) as { items: { id: number }[] };
      assert.ok(!sup.items.some((x) => x.id === task.id), 'the completed overdue task has left the supervision list');
    }
    await sp.getByTestId('station-indicators').waitFor();
    await docShot(shot, sp, 'screen-station');
    // the lead's daily check (错、忘、漏): officer1's day, the task just done, its evidence with the photo
    await sp.getByTestId(`station-officer-${screen.person.id}`).click();
    await sp.locator(`[data-testid="officer-day"][data-person="${screen.person.id}"]`).waitFor({ timeout: 20_000 });
    await sp.getByTestId(`officer-day-task-${task.id}`).click();
    const detail = sp.locator(`[data-testid="task-detail"][data-task="${task.id}"]`);
    await detail.waitFor({ timeout: 20_000 });
    await detail.getByText('上门采集核查（端到端测试）').waitFor({ timeout: 20_000 });
    const photo = detail.getByTestId('task-evidence-photo').first();
    await photo.waitFor({ timeout: 20_000 });
    await sp.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await photo.elementHandle(), { timeout: 20_000 });
    await shot(sp, 'station-task-detail');
    const station = (await (await sp.request.get(`${base}/api/screens/station`)).json()) as { station: { id: number }; today: { done: number; due: number } };

    // 4. the district lead: 一屏通览 on the wall
    const wall = await desk(browser, { width: 1920, height: 1080 });
    const dp = await wall.newPage();
    watch(dp, 'district', errors);
    await login(dp, base, 'district');
    await dp.getByTestId('nav-bigscreen').waitFor({ timeout: 30_000 });
    await dp.goto(`${base}/screen/district`);
    await dp.getByTestId('big-screen').waitFor({ timeout: 30_000 });
    await dp.locator('[data-testid="big-map"][data-areas="1"]').waitFor({ timeout: 60_000 });
    await dp.getByTestId('big-gauges').waitFor();
    const bigRow = dp.getByTestId(`big-station-${station.station.id}`);
    await bigRow.waitFor({ timeout: 20_000 });
    assert.equal(Number(await bigRow.getAttribute('data-done')), station.today.done, "the station's done count on the big screen is the station screen's");
    if (dueToday(task)) assert.ok(station.today.done >= 1, 'the station has the completion among today’s');
    await dp.waitForTimeout(1500); // let the map's tiles settle for the picture
    await docShot(shot, dp, 'screen-district');

    assert.deepEqual(errors, [], 'no page or console errors');
  }),
);
