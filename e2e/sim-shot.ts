// Screenshot of 改革推演 (/sim) with the results of a run on the demo county, at 1440 px (docs/screenshots/sim.png)
// and on a phone (e2e/out/sim-phone.png). Not a test (CI time): run it after `npm run build -w apps/web`:
//   cd e2e && CHROMIUM_PATH=/usr/bin/chromium node --import tsx sim-shot.ts
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, OUT, ROOT, startServer } from './lib/harness';

const server = await startServer();
const browser = await launchBrowser();
try {
  await mkdir(path.join(ROOT, 'docs/screenshots'), { recursive: true });
  for (const s of [
    { name: 'desktop', viewport: { width: 1440, height: 1500 }, mobile: false, file: path.join(ROOT, 'docs/screenshots/sim.png') },
    { name: 'phone', viewport: { width: 390, height: 844 }, mobile: true, file: path.join(OUT, 'sim-phone.png') },
  ]) {
    const ctx = await browser.newContext({ viewport: s.viewport, isMobile: s.mobile, hasTouch: s.mobile, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error(`${s.name} page error: ${String(e)}`));
    await page.goto(`${server.base}/login`);
    await page.getByTestId('login-username').fill('district');
    await page.getByTestId('login-password').fill('jingwang');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('command-room').waitFor();
    await page.goto(`${server.base}/sim`);
    await page.locator('[data-testid="sim-map"][data-areas="1"]').waitFor({ timeout: 60_000 });
    if (s.name === 'desktop') {
      await page.getByTestId('sim-units').fill('8');
      await page.getByTestId('sim-seeds').fill('5');
      await page.getByTestId('sim-policy-stations-straight-bundled').click();
      await page.getByTestId('sim-run').click();
    } else {
      await page.getByTestId('sim-open').first().click();
    }
    await page.locator('[data-testid="sim-page"][data-state="done"]').waitFor({ timeout: 300_000 });
    await page.waitForTimeout(2500);
    await page.screenshot({ path: s.file, fullPage: true });
    const ov = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (ov > 0) console.error(`${s.name}: /sim overflows horizontally by ${ov}px`);
    console.log(`wrote ${s.file}`);
    if (s.name === 'desktop') {
      // the leader starts from the posts the simulator placed, drags the first one east and runs again
      await page.getByTestId('sim-posts-from-result').click();
      const pin = page.getByTestId('sim-post-pin').first();
      const box = (await pin.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 14, box.y + box.height / 2 + 6, { steps: 8 });
      await page.mouse.up();
      await page.getByTestId('sim-run').click();
      await page
        .getByTestId('sim-saved-row')
        .nth(1)
        .waitFor()
        .catch(async (e: unknown) => {
          await page.screenshot({ path: path.join(OUT, 'sim-fail.png'), fullPage: true });
          await writeFile(path.join(OUT, 'sim-fail-server.log'), server.log());
          throw e;
        });
      await page.locator('[data-testid="sim-page"][data-state="done"]').waitFor({ timeout: 300_000 });
      await page.waitForTimeout(2000);
      const moved = path.join(OUT, 'sim-moved.png');
      await page.screenshot({ path: moved, fullPage: true });
      console.log(`wrote ${moved}; posts on the map: ${await page.getByTestId('sim-post-pin').count()}`);
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
