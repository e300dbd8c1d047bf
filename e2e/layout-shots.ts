// Layout pass (issue 18): screenshots of the pages people keep open on a long shift, as several roles, at 390, 1440
// and 1920 px, to be looked at. Not a test: run it after `npm run build -w apps/web`:
//   cd e2e && CHROMIUM_PATH=/usr/bin/chromium node --import tsx layout-shots.ts [filter]
// Writes e2e/out/layout/<user>-<page>-<width>.png and reports horizontal overflow and page errors.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, OUT, startServer } from './lib/harness';

const filter = process.argv[2] ?? '';
const dir = path.join(OUT, 'layout');
await mkdir(dir, { recursive: true });

type Shot = { name: string; route: string; ready: string; then?: (p: import('playwright-core').Page) => Promise<void> };
const plan: Record<string, Shot[]> = {
  district: [
    { name: 'command', route: '/', ready: 'command-room' },
    { name: 'station', route: '/station', ready: 'station-screen' },
  ],
  tianmushan: [
    { name: 'command', route: '/', ready: 'command-room' },
    { name: 'station', route: '/station', ready: 'station-screen' },
    { name: 'units', route: '/units', ready: 'units-page' },
    { name: 'people', route: '/people', ready: 'people-page' },
    { name: 'incidents', route: '/incidents', ready: 'incident-search' },
    {
      name: 'joint',
      route: '/tickets',
      ready: 'tickets-page',
      then: async (p) => {
        await p.getByText('城警联勤', { exact: true }).click();
        await p.waitForTimeout(2000);
        await p.screenshot({ path: path.join(dir, `tianmushan-joint-tab-${p.viewportSize()?.width}.png`), fullPage: true });
        await p.getByTestId('joint-record').click();
        await p.waitForTimeout(1500);
      },
    },
  ],
  dispatcher: [
    {
      name: 'command-drawer',
      route: '/',
      ready: 'command-room',
      then: async (p) => {
        await p.locator('[data-testid^="queue-item-"]').first().click();
        await p.waitForTimeout(2500);
      },
    },
  ],
  officer1: [
    { name: 'me', route: '/me', ready: 'my-screen' },
    { name: 'incidents', route: '/incidents', ready: 'incident-search' },
    {
      name: 'incident-drawer',
      route: '/incidents',
      ready: 'incident-search',
      then: async (p) => {
        await p.locator('[data-testid^="isearch-row-"]').first().click();
        await p.waitForTimeout(2000);
      },
    },
  ],
};
const widths = [
  { w: 390, h: 844, mobile: true },
  { w: 1440, h: 900, mobile: false },
  { w: 1920, h: 1080, mobile: false },
];

const server = await startServer();
const browser = await launchBrowser();
const problems: string[] = [];
try {
  for (const [user, shots] of Object.entries(plan)) {
    for (const s of widths) {
      const todo = shots.filter((x) => !filter || `${user}-${x.name}`.includes(filter));
      if (!todo.length) continue;
      const ctx = await browser.newContext({ viewport: { width: s.w, height: s.h }, isMobile: s.mobile, hasTouch: s.mobile, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => problems.push(`${user} ${s.w}: page error ${String(e)}`));
      await page.goto(`${server.base}/login`);
      await page.getByTestId('login-username').fill(user);
      await page.getByTestId('login-password').fill('jingwang');
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.waitForTimeout(1500);
      for (const x of todo) {
        await page.goto(`${server.base}${x.route}`);
        await page
          .getByTestId(x.ready)
          .first()
          .waitFor({ timeout: 30_000 })
          .catch(() => problems.push(`${user} ${x.name} ${s.w}: ${x.ready} not shown`));
        await page.waitForTimeout(2500);
        if (x.then) await x.then(page).catch((e: unknown) => problems.push(`${user} ${x.name} ${s.w}: ${String(e)}`));
        const file = path.join(dir, `${user}-${x.name}-${s.w}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const ov = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (ov > 0) problems.push(`${user} ${x.name} ${s.w}: overflows horizontally by ${ov}px`);
        console.log(`wrote ${file}`);
      }
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(problems.length ? `problems:\n${problems.join('\n')}` : 'no page errors, no horizontal overflow');
