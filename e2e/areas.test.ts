// The administrator's journey on the areas page: browse the tree, import boundaries (a bad file first, then a
// good one with an overlap), see the result and the history. Starts its own server like journey.test.ts,
// or uses E2E_BASE_URL when set.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { desk, inCommandRoom, journey, login, pick } from './lib/ui';

interface Area {
  id: number;
  code: string;
  name: string;
  kind: string;
  bbox: [number, number, number, number];
}

const square = (x: number, y: number, d: number) => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];

test('admin: area tree, GeoJSON import with a bad feature then a good file, history', { timeout: 480_000 }, () =>
  journey({}, async ({ base, browser, errors, shot }) => {
    const ctx = await desk(browser, { width: 1920, height: 1080 });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await login(page, base, 'admin');
    await inCommandRoom(page);

    // a community to put new grids in
    const communities = (await (await page.request.get(`${base}/api/areas?kind=community`)).json()) as Area[];
    assert.ok(communities.length > 0);
    const c = communities[0]!;
    const [x0, y0, x1, y1] = c.bbox;
    const d = Math.min(x1 - x0, y1 - y0) / 6;
    const cx = (x0 + x1) / 2 - d;
    const cy = (y0 + y1) / 2 - d;
    const stamp = Date.now() % 1_000_000;

    await page.getByTestId('nav-areas').click();
    await page.getByTestId('areas-page').waitFor();
    await page.locator('[data-testid="areas-map"][data-areas="1"]').waitFor({ timeout: 60_000 });
    const recut = page.getByTestId('areas-recut');
    assert.equal(await recut.isDisabled(), false, 'an admin may re-cut');

    const dir = await mkdtemp(path.join(os.tmpdir(), 'jw-e2e-geo-'));
    const bad = path.join(dir, 'bad.geojson');
    const good = path.join(dir, 'good.geojson');
    await writeFile(
      bad,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: `E2E${stamp}A`, name: 'E2E 正常网格', kind: 'grid', parentCode: c.code }, geometry: { type: 'Polygon', coordinates: square(cx, cy, d) } },
          {
            type: 'Feature',
            properties: { code: `E2E${stamp}BAD`, name: 'E2E 自相交', kind: 'grid', parentCode: c.code },
            geometry: { type: 'Polygon', coordinates: [[[cx, cy], [cx + d, cy + d], [cx + d, cy], [cx, cy + d], [cx, cy]]] },
          },
        ],
      }),
    );
    await writeFile(
      good,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: `E2E${stamp}A`, name: 'E2E 测试网格甲', kind: 'grid', parentCode: c.code }, geometry: { type: 'Polygon', coordinates: square(cx, cy, d) } },
          { type: 'Feature', properties: { code: `E2E${stamp}B`, name: 'E2E 测试网格乙', kind: 'grid', parentCode: c.code }, geometry: { type: 'Polygon', coordinates: square(cx + d / 2, cy, d) } },
        ],
      }),
    );

    // the bad file: refused, and the message names the feature
    await page.getByTestId('areas-import').click();
    await page.locator('[data-testid="areas-import-drop"] input[type=file]').setInputFiles(bad);
    const state = page.getByTestId('areas-import-state');
    await page.locator('[data-testid="areas-import-state"][data-phase="error"]').waitFor({ timeout: 30_000 });
    const errText = (await state.textContent()) ?? '';
    assert.match(errText, new RegExp(`第 2 个要素|E2E${stamp}BAD`), `error names the feature: ${errText}`);
    await shot(page, 'areas-import-error');

    // the good file: first the preview (nothing written yet) with the overlap between the two siblings drawn and
    // listed, then 确认导入; the import reports the overlap too
    await page.locator('[data-testid="areas-import-drop"] input[type=file]').setInputFiles(good);
    await page.locator('[data-testid="areas-preview"][data-importable="1"]').waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('areas-preview-counts').textContent()) ?? '', /2区域2新增[1-9]\d*重叠/);
    assert.ok((await page.locator('[data-testid="areas-preview-problems"] li[data-type="overlap"]').count()) >= 1, 'the overlap is listed');
    await page.locator('[data-testid="areas-preview-map"][data-ready="1"]').waitFor({ timeout: 30_000 });
    await shot(page, 'areas-import-preview');
    await page.getByTestId('areas-preview-confirm').click();
    await page.locator('[data-testid="areas-import-state"][data-phase="done"]').waitFor({ timeout: 30_000 });
    const okText = (await state.textContent()) ?? '';
    assert.match(okText, /已导入 2 个区域/);
    assert.match(okText, new RegExp(`E2E${stamp}A`), 'overlap listed');
    await shot(page, 'areas-import-done');
    await page.keyboard.press('Escape');

    // the new grid is in the tree; selecting it shows its details and history
    await page.locator('.ant-input-search input').first().fill(`E2E${stamp}B`);
    const node = page.getByTestId(`area-node-E2E${stamp}B`);
    await node.waitFor({ timeout: 15_000 });
    await node.click();
    await page.getByTestId('area-detail').getByText(`E2E${stamp}B`).first().waitFor();
    await page.waitForTimeout(1000);
    await shot(page, 'areas');

    // re-cut: merge the two new grids into one; the sources retire and the new grid carries the history
    await page.getByTestId('areas-recut').click();
    const form = page.getByTestId('recut-form');
    await form.waitFor();
    const codes = form.locator('.ant-select').first();
    await codes.click();
    for (const code of [`E2E${stamp}A`, `E2E${stamp}B`]) {
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Escape');
    await form.locator('input[id$="target_code"]').fill(`E2E${stamp}M`);
    await form.locator('input[id$="target_name"]').fill('E2E 合并网格');
    await form.locator('input[id$="target_kind"]').click({ force: true });
    await pick(page, '网格', { exact: true });
    await page.getByTestId('recut-submit').click();
    await page.locator('.ant-message').getByText(/区划调整完成/).waitFor({ timeout: 20_000 });
    await page.locator('.ant-input-search input').first().fill(`E2E${stamp}M`);
    await page.getByTestId(`area-node-E2E${stamp}M`).click();
    await page.getByTestId('area-detail').getByText(`E2E${stamp}M`).first().waitFor();
    await page.getByTestId('area-detail').getByText('合并').first().waitFor({ timeout: 15_000 });
    await shot(page, 'areas-recut');
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
    await ctx.close();
  }),
);
