// Screenshots of the must-patrol points and lines administration and the response target (issue 12 part 1) on the
// demo county, as the station lead of 天目山 (tianmushan): the 点位与线路 tab with a point being edited, a line drawn
// by clicking three vertices on the map, the line list, a refused retirement naming the plans (when the demo has a
// published plan using a point), and the 辖区 page's response target dialog; desk and phone. Not a test (CI time):
// run it after `npm run build -w apps/web`:
//   cd e2e && CHROMIUM_PATH=/usr/bin/chromium node --import tsx patrol-admin-shot.ts
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, OUT, startServer } from './lib/harness';
import { desk, login, phone } from './lib/ui';

const server = await startServer();
const browser = await launchBrowser();
const shot = async (page: Page, name: string) => {
  const out = path.join(OUT, name);
  await page.screenshot({ path: out });
  const ov = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  console.log(`wrote ${out}${ov > 0 ? ` (overflows horizontally by ${ov}px)` : ''}`);
};

/** Clicks the patrol map at a place (lon, lat), through the page's own projection. */
async function clickMap(page: Page, lon: number, lat: number) {
  const p = await page.evaluate(([x, y]) => (window as unknown as { __jwMaps: Record<string, { project(lon: number, lat: number): { x: number; y: number } }> }).__jwMaps['patrol-map']!.project(x!, y!), [lon, lat]);
  const box = (await page.getByTestId('patrol-map').boundingBox())!;
  await page.mouse.click(box.x + p.x, box.y + p.y);
}

try {
  for (const [kind, make] of [['desk', desk], ['phone', phone]] as const) {
    const ctx = await make(browser);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${String(e)}`));
    await login(page, server.base, 'tianmushan');
    await page.goto(`${server.base}/patrol?tab=points`);
    await page.getByTestId('points-panel').waitFor();
    await page.waitForTimeout(1500);
    // edit the first point
    const edit = page.locator('[data-testid^="point-edit-"]').first();
    await edit.click();
    await page.getByTestId('point-form').waitFor();
    await page.waitForTimeout(800);
    await shot(page, `patrol-admin-point-edit-${kind}.png`);
    await page.getByTestId('point-form').getByRole('button', { name: /取\s*消/ }).click();

    // draw a line through three vertices near the first point
    await page.getByTestId('places-lines').click();
    await page.getByTestId('lines-panel').waitFor();
    await page.waitForTimeout(800);
    await shot(page, `patrol-admin-lines-${kind}.png`);
    await page.getByTestId('line-new').click();
    await page.getByTestId('line-form').waitFor();
    const pts = (await (await ctx.request.get(`${server.base}/api/patrol/points`)).json()) as { lon: number; lat: number }[];
    const [x, y] = [pts[0]!.lon, pts[0]!.lat];
    if (kind === 'desk') {
      await clickMap(page, x - 0.004, y - 0.001);
      await clickMap(page, x, y);
      await clickMap(page, x + 0.004, y + 0.0015);
    } else {
      // the phone's side sheet covers the map: the course is pasted
      await page.getByText('粘贴坐标').click();
      await page.getByTestId('line-paste').fill(`${x - 0.004},${y - 0.001}\n${x},${y}\n${x + 0.004},${y + 0.0015}`);
      await page.getByTestId('line-paste-apply').click();
    }
    await page.getByTestId('line-code').fill(`SHOT-${kind}`);
    await page.getByTestId('line-name').fill('学校周边巡线');
    await page.waitForTimeout(600);
    await shot(page, `patrol-admin-line-draw-${kind}.png`);
    await page.getByTestId('line-submit').click();
    await page.getByTestId('lines-panel').waitFor();
    await page.waitForTimeout(800);
    await shot(page, `patrol-admin-line-saved-${kind}.png`);

    // a point of a published plan of today: retiring it names the plan
    await page.getByTestId('places-points').click();
    await page.getByTestId('points-panel').waitFor();
    const plans = (await (await ctx.request.get(`${server.base}/api/patrol/plans?status=published`)).json()) as { id: number }[];
    let used: string | null = null;
    for (const p of plans.slice(0, 5)) {
      const plan = (await (await ctx.request.get(`${server.base}/api/patrol/plans/${p.id}`)).json()) as { routes: { stops: { kind: string; ref: string }[] }[] };
      used = plan.routes.flatMap((r) => r.stops).find((s) => s.kind === 'point')?.ref ?? null;
      if (used) break;
    }
    if (used && kind === 'desk') {
      await page.getByTestId(`point-active-${used}`).click();
      await page.getByTestId('retire-ok').click();
      await page.getByTestId('retire-in-use').waitFor({ timeout: 10_000 });
      await page.waitForTimeout(400);
      await shot(page, `patrol-admin-retire-refused-${kind}.png`);
      await page.keyboard.press('Escape');
    } else if (!used) console.log('no published plan with a point: the refusal is not shown');

    // 辖区: the response target of the station
    await page.goto(`${server.base}/areas`);
    await page.getByTestId('areas-tree').waitFor();
    await page.getByTestId('areas-tree').getByText('天目山派出所', { exact: false }).first().click();
    await page.getByTestId('area-target').waitFor();
    await page.getByTestId('area-target-edit').click();
    await page.getByTestId('target-seconds').waitFor();
    await page.waitForTimeout(400);
    await shot(page, `patrol-admin-target-${kind}.png`);
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
