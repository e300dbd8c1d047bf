// What every journey does the same way: start (or reach) a server and a browser and tidy up after, log in as a user,
// collect page errors, take screenshots, pick in an antd select, read the API as the logged-in user.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, ConsoleMessage, Locator, Page } from 'playwright-core';
import { buildWeb, launchBrowser, OUT, startServer, type RunningServer } from './harness';

/** A 1 x 1 PNG (the pages decode, downsize and re-encode a photo before upload). */
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** A 64 x 64 PNG of one colour, for a camera input that wants a picture with a size. */
export const PNG_64 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAAeklEQVR4nO3PUQkAIBTAwJfTYGYyliH8OITBAtzm7PV1wwUNaEEDWtCAFjSgBQ1oQQNa0IAWNKAFDWhBA1rQgBY0oAUNaEEDWtCAFjSgBQ1oQQNa0IAWNKAFDWhBA1rQgBY0oAUNaEEDWtCAFjSgBQ1oQQNa0IAWPHYB8nOBln5JujwAAAAASUVORK5CYII=',
  'base64',
);

export interface Journey {
  /** The server's address (http://127.0.0.1:port, or E2E_BASE_URL). */
  base: string;
  browser: Browser;
  /** Page and console errors gathered by watch(); a journey ends by asserting it is empty. */
  errors: string[];
  /** A screenshot into e2e/out/<prefix><name>.png. */
  shot: (page: Page, name: string) => Promise<Buffer>;
}

/**
 * Runs a journey's body on a server of its own (the web built when stale, the demo county on a copy of the tier's
 * seeded template; one passing `server.env` seeds afresh) or on E2E_BASE_URL when set, with Chromium. On a failure
 * the server log's tail is printed and every open page is photographed; the browser and the server are always stopped.
 */
export async function journey(opts: { prefix?: string; server?: Parameters<typeof startServer>[0] }, body: (j: Journey) => Promise<void>): Promise<void> {
  const external = process.env.E2E_BASE_URL?.replace(/\/$/, '');
  if (!external) buildWeb();
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  try {
    server = external ? null : await startServer(opts.server);
    const base = external ?? server!.base;
    await mkdir(OUT, { recursive: true });
    browser = await launchBrowser();
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(OUT, `${opts.prefix ?? ''}${name}.png`) });
    await body({ base, browser, errors: [], shot });
  } catch (e) {
    if (server) console.error(`--- server log (tail) ---\n${server.log().slice(-3000)}`);
    // what each page showed when the journey failed: e2e/out/failed-<prefix><n>.png
    let n = 0;
    for (const ctx of browser?.contexts() ?? [])
      for (const page of ctx.pages()) await page.screenshot({ path: path.join(OUT, `failed-${opts.prefix ?? ''}${++n}.png`), timeout: 10_000 }).catch(() => undefined);
    if (n > 0) console.error(`--- screenshots of the ${n} open pages: e2e/out/failed-${opts.prefix ?? ''}*.png ---`);
    throw e;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}

/** A phone: 390 x 844, touch, Chinese, Shanghai time. */
export const phone = (b: Browser) => b.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
/** A desk screen (1440 x 900 unless told), Chinese, Shanghai time. */
export const desk = (b: Browser, size: { width: number; height: number } = { width: 1440, height: 900 }) =>
  b.newContext({ viewport: size, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

/**
 * Logs in through the login page and waits until the session is made and the form has gone (a navigation right
 * after the click would cut the login request short).
 */
export async function login(page: Page, base: string, username: string, password = 'jingwang'): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST', { timeout: 60_000 }), page.getByTestId('login-submit').click()]);
  assert.equal(res.status(), 200, `login of ${username}: ${res.status()}`);
  await page.getByTestId('login-form').waitFor({ state: 'detached', timeout: 60_000 });
}

/** Waits for the command room and its live connection (a dispatcher's landing page after login). */
export async function inCommandRoom(page: Page): Promise<void> {
  await page.getByTestId('command-room').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="conn-status"][data-status="online"]').waitFor({ timeout: 30_000 });
}

/** Logs in through the API; answers the CSRF token for the session's writes. */
export async function apiLogin(req: APIRequestContext, base: string, username: string, password = 'jingwang'): Promise<string> {
  const r = await req.post(`${base}/api/auth/login`, { data: { username, password } });
  assert.equal(r.status(), 200, await r.text());
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

/** The CSRF token of a context's session (the cookie the page writes with). */
export const csrfOf = async (ctx: BrowserContext) => (await ctx.cookies()).find((c) => c.name === 'jw_csrf')?.value ?? '';

/** GET as the page's or context's session; asserts 200. */
export async function getJson<T>(from: Page | BrowserContext | APIRequestContext, url: string): Promise<T> {
  const req = 'request' in from ? from.request : from;
  const r = await req.get(url);
  assert.equal(r.status(), 200, `${url}: ${await r.text()}`);
  return (await r.json()) as T;
}

/**
 * Gathers a page's uncaught errors and console errors into `errors`. `ignore` is the console noise that is expected
 * (by default the 401 of GET /api/auth/me before logging in); `quiet` mutes the console while it answers true (e.g.
 * while the journey has cut the network).
 */
export function watch(page: Page, who: string, errors: string[], opts: { ignore?: RegExp; quiet?: () => boolean } = {}): void {
  const ignore = opts.ignore ?? /status of 401/;
  page.on('pageerror', (e) => errors.push(`${who}: ${String(e)}`));
  page.on('console', (m: ConsoleMessage) => m.type() === 'error' && !opts.quiet?.() && !ignore.test(m.text()) && errors.push(`${who} console: ${m.text()}`));
}

const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

async function dropdownClosed(page: Page, timeout: number): Promise<boolean> {
  return page
    .waitForFunction((sel) => document.querySelectorAll(sel).length === 0, OPEN_DROPDOWN, { timeout })
    .then(() => true)
    .catch(() => false);
}

/**
 * Picks an option in the antd select whose dropdown is open (it is in the body) and waits for the dropdown to close,
 * so that it lies over nothing the journey clicks next. A click that lands while the dropdown is still sliding open
 * can miss: in a single select the click is repeated (a second click on the same option keeps the choice); in a
 * multiple select (`multiple`) the option is checked to be selected, then Escape closes the dropdown.
 * `exact` matches the option's title; otherwise the option's text contains `text`.
 */
export async function pick(page: Page, text: string, opts: { exact?: boolean; multiple?: boolean } = {}): Promise<void> {
  const options = page.locator(`${OPEN_DROPDOWN} .ant-select-item-option`);
  const option = (opts.exact ? options.and(page.locator(`[title="${text}"]`)) : options.filter({ hasText: text })).first();
  if (opts.multiple) {
    await option.click();
    await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option-selected`).filter({ hasText: text }).first().waitFor({ timeout: 5_000 });
    await page.keyboard.press('Escape');
    if (await dropdownClosed(page, 5_000)) return;
    assert.fail(`the dropdown stayed open after picking "${text}" and Escape`);
  }
  for (let i = 0; i < 3; i++) {
    await option.click();
    if (await dropdownClosed(page, 5_000)) return;
  }
  assert.fail(`the dropdown stayed open after picking "${text}"`);
}

/** Opens a single-choice antd select, picks the option and checks the select shows it. */
export async function choose(page: Page, select: Locator, text: string, opts: { exact?: boolean } = {}): Promise<void> {
  await select.click();
  await pick(page, text, opts);
  await select.filter({ hasText: text }).waitFor({ timeout: 5_000 });
}
