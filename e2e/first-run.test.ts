// First run (issue 12 part 5): a server with DEMO=false on an empty database. The address it prints opens the
// first-run page (首次启动) with the one-time token; the plain address leads there too (the login page gives way
// and asks for the token). A weak password is refused at the field; then the administrator is created, the county
// named, and the checklist (areas, roads, people and units) leads into the system. Screenshots on a desk and a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { OUT, buildWeb, launchBrowser, startServer } from './lib/harness';
import { desk, phone, watch } from './lib/ui';

test('first run: create the administrator and name the county, then the checklist', { timeout: 600_000 }, async () => {
  buildWeb();
  const server = await startServer({ env: { DEMO: 'false' } });
  const browser = await launchBrowser();
  const errors: string[] = [];
  const shot = (p: import('playwright-core').Page, name: string) => p.screenshot({ path: path.join(OUT, `first-run-${name}.png`) });
  try {
    const printed = /(http:\/\/\S+\/setup#setup=[A-Za-z0-9_-]+)/.exec(server.log())?.[1];
    assert.ok(printed, `the server prints the first-run address:\n${server.log().slice(-2000)}`);
    const link = printed.replace(/^http:\/\/[^/]+/, server.base);

    // a phone opening the plain address: the login page gives way to the first-run page, which asks for the token
    const ph = await (await phone(browser)).newPage();
    watch(ph, 'phone', errors);
    await ph.goto(`${server.base}/`);
    await ph.getByTestId('setup-form').waitFor({ timeout: 60_000 });
    await ph.getByTestId('setup-token').waitFor();
    await shot(ph, 'phone');

    // the desk opens the printed address: the token is read from it
    const page = await (await desk(browser)).newPage();
    watch(page, 'desk', errors, { ignore: /status of (401|422)/ });
    await page.goto(link);
    await page.getByTestId('setup-form').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('setup-token').count(), 0, 'the token came with the address');
    await page.getByTestId('setup-county-name').fill('江堰区');
    await page.getByTestId('setup-county-code').fill('321204');
    await page.getByTestId('setup-username').fill('chief');
    await page.getByTestId('setup-display-name').fill('王建国');
    await page.getByTestId('setup-password').fill('password1234');
    await page.getByTestId('setup-repeat').fill('password1234');
    await shot(page, 'desk');
    const [weak] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/setup') && r.request().method() === 'POST'), page.getByTestId('setup-submit').click()]);
    assert.equal(weak.status(), 422);
    await page.getByTestId('setup-error').waitFor();
    await shot(page, 'weak-password');

    await page.getByTestId('setup-password').fill('Huanghe-Qiaotou-2026!');
    await page.getByTestId('setup-repeat').fill('Huanghe-Qiaotou-2026!');
    const [ok] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/setup') && r.request().method() === 'POST'), page.getByTestId('setup-submit').click()]);
    assert.equal(ok.status(), 201);
    await page.getByTestId('setup-checklist').waitFor({ timeout: 60_000 });
    assert.ok(!page.url().includes('#setup='), 'the used token left the address bar');
    await shot(page, 'checklist');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'checklist-phone');
    await page.setViewportSize({ width: 1440, height: 900 });

    // in English too
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Import the areas').waitFor();
    await shot(page, 'checklist-en');
    await page.getByText('中文', { exact: true }).click();

    // into the system as the new administrator (logged in by the setup)
    await page.getByTestId('setup-enter').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/setup') && !u.pathname.startsWith('/login'), { timeout: 60_000 });

    // the first-run page is gone for good: the plain address shows the login (after logging out: a fresh phone)
    const ph2 = await (await phone(browser)).newPage();
    await ph2.goto(`${server.base}/setup`);
    await ph2.getByTestId('login-form').waitFor({ timeout: 60_000 });
    assert.deepEqual(errors, []);
  } catch (e) {
    console.error(`--- server log (tail) ---\n${server.log().slice(-3000)}`);
    throw e;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
});
