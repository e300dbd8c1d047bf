// The dispatcher's journey, end to end: log in, take a call, see the grid and the responsible officer,
// create the incident, dispatch the nearest unit and follow it through to closure.
// Starts its own server (fresh embedded database, DEMO_LIVE=0) and drives Debian's Chromium.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { choose, desk, journey } from './lib/ui';

interface Fc {
  features: { properties: { id: number; code: string; name: string }; geometry: { type: string; coordinates: unknown } }[];
}

/** Candidate interior points of a (Multi)Polygon: vertex average of the outer ring, then nudges toward vertices. */
function candidatePoints(geom: { type: string; coordinates: unknown }): [number, number][] {
  const ring = (geom.type === 'MultiPolygon' ? (geom.coordinates as number[][][][])[0]![0]! : (geom.coordinates as number[][][])[0]!) as number[][];
  const pts = ring.slice(0, -1);
  const cx = pts.reduce((s, p) => s + p[0]!, 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p[1]!, 0) / pts.length;
  const out: [number, number][] = [[cx, cy]];
  for (const p of pts.slice(0, 6)) out.push([cx + (p[0]! - cx) * 0.4, cy + (p[1]! - cy) * 0.4]);
  return out;
}

async function statusIs(page: Page, status: string) {
  await page.locator(`[data-testid="incident-status"][data-status="${status}"]`).waitFor({ timeout: 20_000 });
}

test('dispatcher: intake -> dispatch -> en route -> on scene -> resolved -> closed', { timeout: 480_000 }, () =>
  journey({}, async ({ base, browser, errors, shot }) => {
    const ctx = await desk(browser, { width: 1920, height: 1080 });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));

    // 1. login
    await page.goto(`${base}/`);
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-demo-hint').waitFor();
    await shot(page, 'login');
    await page.getByTestId('login-username').fill('dispatcher');
    await page.getByTestId('login-password').fill('jingwang');
    await page.getByTestId('login-submit').click();

    // 2. command room with its map and geometry
    await page.getByTestId('command-room').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="command-map"][data-areas="1"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="conn-status"][data-status="online"]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500); // let the tiles of our GeoJSON settle
    await shot(page, 'command-room');

    // 3. intake: choose a point inside a community grid by clicking the map
    await page.getByTestId('intake-open').click();
    await page.getByTestId('intake-form').waitFor();
    const grids = (await (await page.request.get(`${base}/api/areas/geojson?kinds=grid`)).json()) as Fc;
    assert.ok(grids.features.length > 0, 'the demo county has community grids');
    let target: [number, number] | null = null;
    for (const f of grids.features.slice(0, 10)) {
      for (const [lon, lat] of candidatePoints(f.geometry)) {
        const r = await page.request.get(`${base}/api/locate?lon=${lon}&lat=${lat}`);
        const body = (await r.json()) as { areas?: { grid?: unknown }; officer?: unknown };
        if (r.ok() && body.areas?.grid) {
          target = [lon, lat];
          break;
        }
      }
      if (target) break;
    }
    assert.ok(target, 'found a point inside a grid');
    await page.evaluate(([lon, lat]) => {
      (window as unknown as { __jwMaps: Record<string, { flyTo: (a: number, b: number, z: number) => void }> }).__jwMaps['command-map']!.flyTo(lon, lat, 15);
    }, target);
    // wait until the map has stopped moving (the fly may take longer than planned on a busy machine): the point's
    // place on the screen and the map's box are the same twice in a row
    const where = async () => {
      const p = await page.evaluate(([lon, lat]) => {
        return (window as unknown as { __jwMaps: Record<string, { project: (a: number, b: number) => { x: number; y: number } }> }).__jwMaps['command-map']!.project(lon, lat);
      }, target);
      const b = (await page.getByTestId('command-map').boundingBox())!;
      return { x: b.x + p.x, y: b.y + p.y };
    };
    let at = await where();
    for (let i = 0; i < 40; i++) {
      await page.waitForTimeout(400);
      const next = await where();
      const still = Math.abs(next.x - at.x) < 0.5 && Math.abs(next.y - at.y) < 0.5;
      at = next;
      if (still) break;
    }
    await page.mouse.click(at.x, at.y);

    // the areas and the responsible officer appear at once
    await page.getByTestId('map-pin').waitFor();
    const grid = page.getByTestId('locate-grid');
    await grid.waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="locate-result"][data-state="ok"]').waitFor();
    assert.notEqual((await grid.textContent())?.trim(), '—', 'grid shown');
    const lonValue = await page.getByTestId('intake-lon').inputValue();
    assert.ok(Math.abs(Number(lonValue) - target[0]) < 0.001, `clicked lon ${lonValue} near ${target[0]}`);
    const officer = page.getByTestId('locate-officer');
    await officer.waitFor();
    assert.ok(((await officer.textContent()) ?? '').trim().length > 0, 'responsible officer shown');

    // category, address, caller
    await choose(page, page.getByTestId('intake-category'), '盗窃', { exact: true });
    const address = `E2E 测试路 ${Date.now() % 100000} 号`;
    await page.getByTestId('intake-address').fill(address);
    await page.getByTestId('intake-description').fill('电动车被盗，报警人在现场等候');
    await page.getByTestId('intake-caller-name').fill('张三丰');
    await page.getByTestId('intake-caller-phone').fill('13812345678');
    await shot(page, 'intake');
    await page.getByTestId('intake-submit').click();

    // 4. the new incident opens; check it is in the queue, then open it from the queue
    await page.getByTestId('incident-detail').waitFor({ timeout: 15_000 });
    await statusIs(page, 'new');
    const number = ((await page.getByTestId('incident-number').textContent()) ?? '').trim();
    assert.ok(number.length > 0, 'incident number shown');
    await page.locator('.ant-drawer-open .ant-drawer-close').first().click();
    const queueItem = page.getByTestId(`queue-item-${number}`);
    await queueItem.waitFor({ timeout: 15_000 });
    await queueItem.click();
    await page.getByTestId('incident-detail').waitFor();
    await statusIs(page, 'new');
    assert.match((await page.getByTestId('incident-detail').textContent()) ?? '', new RegExp(address));

    // the caller's number is masked; reading it is an explicit, audited action
    const caller = page.getByTestId('incident-caller');
    assert.doesNotMatch((await caller.textContent()) ?? '', /13812345678/);
    await page.getByTestId('reveal-phone').click();
    await page.getByTestId('caller-phone-clear').waitFor();
    assert.match((await page.getByTestId('caller-phone-clear').textContent()) ?? '', /13812345678/);

    // 5. dispatch the nearest available unit (the demo's history may leave the nearest ones busy)
    await page.getByTestId('action-dispatch').click();
    const firstUnit = page.locator('[data-testid^="dispatch-unit-"][data-status="available"]').first();
    await firstUnit.waitFor({ timeout: 15_000 });
    // the modal's opening animation first: a click on a row while it zooms in can miss (CI failed once here)
    await page.locator('.jw-dispatch').evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    const callsign = await firstUnit.getAttribute('data-callsign');
    assert.ok(callsign, 'the unit row names its callsign');
    const row = page.locator(`[data-testid^="dispatch-unit-"][data-callsign="${callsign}"]`);
    const confirm = page.getByTestId('dispatch-confirm');
    for (let i = 0; i < 3 && !(await confirm.isEnabled()); i++) {
      if (i > 0) await page.waitForTimeout(500);
      await row.click();
    }
    if (!(await confirm.isEnabled())) {
      const rows = await page.locator('[data-testid^="dispatch-unit-"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-callsign')}:${e.getAttribute('data-status')}:${e.className}`));
      assert.fail(`${callsign} clicked three times and 派警 is still disabled; rows: ${rows.join(' | ')}`);
    }
    await confirm.click();
    await statusIs(page, 'dispatched');
    if (callsign) await page.getByTestId('incident-units').getByText(callsign).first().waitFor();

    // 6. en route, on scene, resolved, closed
    await page.getByTestId('action-en_route').click();
    await statusIs(page, 'en_route');
    await page.getByTestId('action-arrive').click();
    await statusIs(page, 'on_scene');
    await page.getByTestId('incident-timeline').waitFor();
    await shot(page, 'incident-detail');
    // a remark on the timeline, then resolve: the disposition code is asked for
    await page.getByTestId('remark-text').fill('报警人称嫌疑人已离开');
    await page.getByTestId('remark-add').click();
    await page.locator('[data-testid="incident-timeline"] .jw-event[data-type="remark"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('action-resolve').click();
    await choose(page, page.getByTestId('outcome-disposition'), '已处理', { exact: true });
    await shot(page, 'resolve-disposition');
    await page.getByTestId('outcome-ok').click();
    await statusIs(page, 'resolved');
    await page.getByTestId('incident-disposition').waitFor();
    await page.getByTestId('action-close').click();
    await statusIs(page, 'closed');
    assert.equal(((await page.getByTestId('incident-status').textContent()) ?? '').trim(), '已结案');
    const items = await page.locator('[data-testid="incident-timeline"] .ant-timeline-item, [data-testid="incident-timeline"] .ant-steps-item').count();
    assert.ok(items >= 5, `timeline has the created, dispatch and four status events (got ${items})`);
    assert.equal(await page.locator('[data-testid="incident-actions"] button').count(), 0, 'no action is left on a closed incident');
    await shot(page, 'closed');

    // the closed incident has left the open queue
    await page.locator('.ant-drawer-open .ant-drawer-close').first().click();
    await queueItem.waitFor({ state: 'detached', timeout: 15_000 });

    // 警情查询: the closed call is found again by its number and opens with its timeline and final duration
    await page.getByTestId('nav-incidents').click();
    await page.getByTestId('incident-search').waitFor();
    // the page opens with the latest calls: a click on 查询 while that first search loads is ignored (loading button)
    await page.locator('[data-testid^="isearch-row-"]').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="isearch-submit"]:not(.ant-btn-loading)').waitFor({ timeout: 30_000 });
    await page.getByTestId('isearch-number').fill(number);
    await page.getByTestId('isearch-submit').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="isearch-row-"]').length === 1, undefined, { timeout: 15_000 }).catch(async (e: unknown) => {
      const rows = await page.locator('[data-testid^="isearch-row-"]').evaluateAll((els) => els.map((x) => x.getAttribute('data-testid')));
      await shot(page, 'incident-search-failed');
      throw new Error(`search by ${number}: rows ${JSON.stringify(rows)}: ${String(e)}`);
    });
    await page.getByTestId(`isearch-row-${number}`).click();
    await page.locator('[data-testid="incident-detail"][data-status="closed"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="incident-age"][data-ended="1"]').waitFor();
    await page.getByTestId('incident-timeline').waitFor();
    await page.waitForTimeout(500); // the drawer slides in
    await shot(page, 'incident-search');
    await page.locator('.ant-drawer-open .ant-drawer-close').first().click();
    await page.getByTestId('nav-command').click();

    // 6b. the 预测热点 overlay: today's forecast of each district made on demand (the nightly one comes at
    // FORECAST_HOUR, so at some hours there is none yet), then the overlay draws its cells on the map
    const csrf = (await ctx.cookies()).find((c) => c.name === 'jw_csrf')?.value ?? '';
    const districts = (await (await page.request.get(`${base}/api/areas?kind=district`)).json()) as { id: number }[];
    assert.ok(districts.length > 0, 'the demo has districts');
    for (const d of districts) {
      const r = await page.request.post(`${base}/api/forecast/runs`, { data: { districtId: d.id }, headers: { 'x-csrf-token': csrf }, timeout: 180_000 });
      assert.equal(r.status(), 200, await r.text());
    }
    await page.getByTestId('layer-forecast').click();
    const legend = page.locator('[data-testid="forecast-legend"][data-state="ok"]');
    await legend.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="forecast-legend"]')?.getAttribute('data-cells')) > 0, undefined, { timeout: 30_000 });
    await shot(page, 'command-forecast');
    await page.getByTestId('layer-forecast').click(); // off again (the choice is remembered, and the phone below shares it)
    await legend.waitFor({ state: 'detached', timeout: 10_000 });

    // 7. the same command room on a phone: map on top, queue below, no horizontal overflow
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      storageState: await ctx.storageState(),
    });
    const pp = await phone.newPage();
    await pp.goto(`${base}/`);
    await pp.getByTestId('command-room').waitFor({ timeout: 30_000 });
    await pp.locator('[data-testid="command-map"][data-areas="1"]').waitFor({ timeout: 60_000 });
    await pp.getByTestId('queue').waitFor();
    await pp.waitForTimeout(1500);
    await shot(pp, 'command-room-phone');
    const overflow = await pp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal overflow on a phone (got ${overflow}px)`);
    const mapBox = (await pp.getByTestId('command-map').boundingBox())!;
    const queueBox = (await pp.getByTestId('queue').boundingBox())!;
    assert.ok(queueBox.y >= mapBox.y + mapBox.height - 1, 'queue below the map');
    // a tap on the map shows what is there (no hover on a phone), and the tap's own trailing mouseout does not close it
    const canvas = (await pp.locator('[data-testid="command-map"] .maplibregl-canvas').boundingBox())!;
    await pp.touchscreen.tap(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await pp.locator('.jw-map-popup').waitFor({ timeout: 5_000 });
    await pp.waitForTimeout(500);
    assert.equal(await pp.locator('.jw-map-popup').count(), 1, 'the popup a tap opened is still open');
    // 警情查询 on a phone: the filters stack, the table scrolls inside itself
    await pp.goto(`${base}/incidents`);
    await pp.locator('[data-testid^="isearch-row-"]').first().waitFor({ timeout: 30_000 });
    await shot(pp, 'incident-search-phone');
    assert.ok((await pp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 0, 'no horizontal overflow on the search page');
    await phone.close();

    assert.deepEqual(errors, [], 'no uncaught errors in the page');
    await ctx.close();
  }),
);
