// Screenshots of the key places (重点部位) and cameras (视频点位) administration (issue 12 part 1) on the demo county,
// as the station lead of 天目山 (tianmushan): the list, a key place's edit drawer with its map and history, a new one
// placed by a click on the map, a refused retirement naming the open incidents (when the demo has one), the cameras
// list and drawer, and a key places file previewed in 导入导出 with its bad cells; desk and phone. Not a test (CI
// time): run it after `npm run build -w apps/web`:
//   cd e2e && CHROMIUM_PATH=/usr/bin/chromium node --import tsx places-shot.ts
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

/** Clicks a drawer's map at a place (lon, lat), through the page's own projection. */
async function clickMap(page: Page, testId: string, lon: number, lat: number) {
  await page.waitForFunction((id) => !!(window as unknown as { __jwMaps?: Record<string, unknown> }).__jwMaps?.[id], testId);
  const p = await page.evaluate(([id, x, y]) => (window as unknown as { __jwMaps: Record<string, { project(lon: number, lat: number): { x: number; y: number } }> }).__jwMaps[id as string]!.project(x as number, y as number), [testId, lon, lat] as const);
  const box = (await page.getByTestId(testId).boundingBox())!;
  await page.mouse.click(box.x + p.x, box.y + p.y);
}

try {
  for (const [kind, make] of [['desk', desk], ['phone', phone]] as const) {
    const ctx = await make(browser);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${String(e)}`));
    await login(page, server.base, 'tianmushan');
    await page.goto(`${server.base}/admin`);
    await page.getByTestId('admin-tab-keyplaces').click();
    await page.getByTestId('admin-keyplaces-table').waitFor();
    await page.waitForTimeout(800);
    await shot(page, `places-keyplaces-${kind}.png`);

    // edit the first key place: the drawer with the map on its point and the history
    const places = (await (await ctx.request.get(`${server.base}/api/key-places`)).json()) as { code: string; lon: number; lat: number; openIncidents: number; name: string }[];
    console.log(`${places.length} key places in the station; with open incidents: ${places.filter((p) => p.openIncidents > 0).length}`);
    await page.getByTestId(`keyplace-edit-${places[0]!.code}`).click();
    await page.locator('[data-testid="keyplace-map"][data-ready="1"]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await shot(page, `places-keyplace-edit-${kind}.png`);
    await page.getByTestId('keyplace-drawer').getByRole('button', { name: /取\s*消/ }).click();
    await page.waitForTimeout(400);

    // a new one, placed by a click on the map near the first
    await page.getByTestId('keyplaces-add').click();
    await page.locator('[data-testid="keyplace-map"][data-ready="1"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('keyplace-name').fill('天目山幼儿园');
    await page.getByTestId('keyplace-code').fill(`KP-SHOT-${kind}`);
    await page.waitForTimeout(1200);
    await page.evaluate(([x, y]) => (window as unknown as { __jwMaps: Record<string, { flyTo(lon: number, lat: number, z?: number): void }> }).__jwMaps['keyplace-map']!.flyTo(x!, y!, 15), [places[0]!.lon, places[0]!.lat]);
    await page.waitForTimeout(1200);
    await clickMap(page, 'keyplace-map', places[0]!.lon + 0.002, places[0]!.lat + 0.001);
    await page.waitForTimeout(600);
    await shot(page, `places-keyplace-new-${kind}.png`);
    await page.getByTestId('keyplace-drawer-save').click();
    await page.getByTestId('keyplace-drawer').waitFor({ state: 'hidden' });
    await page.waitForTimeout(600);

    // retiring a place with open incidents is refused, naming them (a call at the second place makes one)
    const csrf = (await ctx.cookies()).find((c) => c.name === 'jw_csrf')?.value ?? '';
    const call = await ctx.request.post(`${server.base}/api/incidents`, {
      headers: { 'x-csrf-token': csrf },
      data: { source: 'call_110', category: 'dispute', priority: 2, lon: places[1]!.lon, lat: places[1]!.lat, address: places[1]!.name, description: '门口纠纷' },
    });
    console.log(`call at ${places[1]!.name}: ${call.status()}`);
    await page.reload();
    await page.getByTestId('admin-tab-keyplaces').click();
    await page.getByTestId('admin-keyplaces-table').waitFor();
    const busy = ((await (await ctx.request.get(`${server.base}/api/key-places`)).json()) as typeof places).find((p) => p.openIncidents > 0);
    if (busy) {
      await page.getByTestId(`keyplace-${busy.code}-retire`).click();
      await page.getByTestId(`keyplace-${busy.code}-retire-reason`).fill('学校搬迁');
      await page.getByTestId(`keyplace-${busy.code}-retire-ok`).click();
      await page.getByTestId(`keyplace-${busy.code}-retire-blocked`).waitFor();
      await shot(page, `places-keyplace-retire-refused-${kind}.png`);
      await page.keyboard.press('Escape');
    }

    // cameras
    await page.getByTestId('admin-tab-cameras').click();
    await page.getByTestId('admin-cameras-table').waitFor();
    await page.waitForTimeout(800);
    await shot(page, `places-cameras-${kind}.png`);
    const cams = (await (await ctx.request.get(`${server.base}/api/cameras`)).json()) as { code: string }[];
    await page.getByTestId(`camera-edit-${cams[0]!.code}`).click();
    await page.locator('[data-testid="camera-map"][data-ready="1"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('camera-url').fill('rtsp://10.0.0.1/live');
    await page.getByTestId('camera-drawer-save').click();
    await page.waitForTimeout(1200);
    await shot(page, `places-camera-edit-${kind}.png`);
    await page.getByTestId('camera-drawer').getByRole('button', { name: /取\s*消/ }).click();

    // 导入导出: a key places file with bad cells
    if (kind === 'desk') {
      await page.getByTestId('admin-tab-exchange').click();
      await page.getByTestId('exchange-kind-keyplaces').click();
      const csv = `\uFEFF编码,名称,类别,经度,纬度,半径（米）,响应目标（秒）\r\nKP-F1,天目山小学东门,学校,${places[0]!.lon},${places[0]!.lat},150,1分钟\r\nKP-F2,天目山银行,银行,${places[0]!.lon},${places[0]!.lat},100,60\r\nKP-F3,远处的点,其他,121.9,31.1,5000,10\r\n`;
      await page.locator('[data-testid="exchange-upload"] input[type=file], .ant-upload input[type=file]').first().setInputFiles({ name: '重点部位.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf-8') });
      await page.getByTestId('exchange-summary').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(600);
      await shot(page, `places-exchange-preview-${kind}.png`);
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
