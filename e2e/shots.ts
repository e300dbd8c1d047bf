// Screenshots of every page at 1920x1080 and 390x844, for looking at the UI.
// Usage: node --import tsx e2e/shots.ts <base url, e.g. http://127.0.0.1:8090> [user] [password]
// Writes e2e/out/pages/<page>-<desktop|phone>.png.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, OUT } from './lib/harness';

const base = process.argv[2] ?? 'http://127.0.0.1:8090';
const user = process.argv[3] ?? 'dispatcher';
const password = process.argv[4] ?? 'jingwang';
const lang = process.env.SHOTS_LANG === 'en' ? 'en' : 'zh';
const dir = path.join(OUT, lang === 'en' ? 'pages-en' : 'pages');
await mkdir(dir, { recursive: true });

const browser = await launchBrowser();
const sizes = [
  { name: 'desktop', viewport: { width: 1920, height: 1080 }, mobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, mobile: true },
];
const errors: string[] = [];
for (const s of sizes) {
  const ctx = await browser.newContext({ viewport: s.viewport, isMobile: s.mobile, hasTouch: s.mobile, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (lang === 'en') await ctx.addInitScript(() => localStorage.setItem('jw.lang', 'en'));
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`${s.name}: ${String(e)}`));
  // the 401 of GET /api/auth/me before logging in is expected
  page.on('console', (m) => m.type() === 'error' && !/status of 401/.test(m.text()) && errors.push(`${s.name} console: ${m.text()}`));
  await page.goto(`${base}/login`);
  await page.getByTestId('login-form').waitFor();
  await page.screenshot({ path: path.join(dir, `login-${s.name}.png`) });
  await page.getByTestId('login-username').fill(user);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('command-room').waitFor();
  await page.locator('[data-testid="command-map"][data-areas="1"]').waitFor({ timeout: 60_000 }).catch(() => errors.push(`${s.name}: command map areas not loaded`));
  await page.waitForTimeout(2000);
  await page.screenshot({ path: path.join(dir, `command-${s.name}.png`) });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) errors.push(`${s.name}: command room overflows horizontally by ${overflow}px`);
  if (s.mobile) await page.screenshot({ path: path.join(dir, `command-${s.name}-full.png`), fullPage: true });
  for (const [route, testId] of [
    ['/areas', 'areas-page'],
    ['/units', 'units-page'],
    ['/people', 'people-page'],
  ] as const) {
    await page.goto(`${base}${route}`);
    await page.getByTestId(testId).waitFor();
    await page.waitForTimeout(1500);
    if (route === '/areas') {
      const node = page.locator('[data-testid^="area-node-"]').nth(2);
      if (await node.count()) {
        await node.click();
        await page.waitForTimeout(1000);
      }
    }
    const name = route.slice(1);
    await page.screenshot({ path: path.join(dir, `${name}-${s.name}.png`), fullPage: s.mobile });
    const ov = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (ov > 0) errors.push(`${s.name}: ${route} overflows horizontally by ${ov}px`);
  }
  await ctx.close();
}
await browser.close();
console.log(errors.length ? `problems:\n${errors.join('\n')}` : 'no page errors, no horizontal overflow');
console.log(`screenshots in ${dir}`);
