// First run (issue 12 part 5): a bureau starts from nothing. A server with DEMO=false on an empty database; the
// address it prints opens the first-run page (首次启动) with the one-time token; the plain address leads there too
// (the login page gives way and asks for the token). A weak password is refused at the field; then the administrator
// is created and the county named (its name shows in the header and the browser's title from then on), and the
// checklist leads into the system. Then, as the bureau's administrator would, through the web pages only:
//   1. 辖区: the county drawn here (county, one station, two police grids, a community grid in each) imported as GeoJSON;
//   2. 系统管理: the station's agency added (the people's file names it), the people template downloaded as CSV, filled
//      and saved in GBK as Excel on a Chinese Windows saves it; the preview names the bad row by its Excel row and
//      column; fixed, imported; a patrol car added with the imported officer on it, and put on duty by hand;
//   3. an account for that officer, scoped to the station and linked to the person;
//   4. 值班表: today's duty at the station with the officer on the car;
//   5. the officer logs in on a phone (the initial password changed first) and waits on the field terminal;
//   6. 指挥室: a call in the imported grid (the responsible officer shown), the recommended unit (no roads imported:
//      the straight-line estimate, marked as one) dispatched; the phone wakes with it and acknowledges; the desk sees it.
// The only write not made through a page is the patrol car's GPS (the AVL feed, as the car's device sends it). The
// login page of a fresh browser shows the county. Screenshots at each stage: e2e/out/first-run-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Person, Unit, UserAccount } from '@jingwang/contracts';
import { OUT, buildWeb, launchBrowser, startServer } from './lib/harness';
import { choose, desk, getJson, phone, pick, watch } from './lib/ui';

const COUNTY = '江堰区';
const AVL_TOKEN = 'e2e-first-run-avl-token-0123456789';
const ADMIN_PASSWORD = 'Huanghe-Qiaotou-2026!';

// the county, drawn here: 6 x 4 km, one station over all of it, a police grid in each half, a community grid in each
const box = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});
const area = (code: string, name: string, kind: string, parentCode: string | null, geometry: object) => ({ type: 'Feature', properties: { code, name, kind, parentCode }, geometry });
const W = 120.3;
const S = 32.4;
const MID = 120.33;
const E = 120.36;
const N = 32.44;
const COUNTY_GEOJSON = {
  type: 'FeatureCollection',
  features: [
    area('321204', COUNTY, 'county', null, box(W, S, E, N)),
    area('CD', '城东派出所辖区', 'station', '321204', box(W, S, E, N)),
    area('CD-PG1', '城东一警格', 'police_grid', 'CD', box(W, S, MID, N)),
    area('CD-PG2', '城东二警格', 'police_grid', 'CD', box(MID, S, E, N)),
    area('CD-G1', '东风社区网格', 'grid', 'CD-PG1', box(W, S, MID, N)),
    area('CD-G2', '新桥社区网格', 'grid', 'CD-PG2', box(MID, S, E, N)),
  ],
};
/** The call, in 东风社区网格; the patrol car a kilometre and a half away (its GPS). */
const SCENE: [number, number] = [120.315, 32.42];
const CAR: [number, number] = [120.302, 32.415];

/** GBK bytes, as Excel on a Chinese Windows saves a CSV: the platform's GBK decoder run backwards over every 2-byte code. */
function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(Uint8Array.of(hi, lo));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const b = table.get(ch);
      assert.ok(b, `no GBK code for ${ch}`);
      out.push(...b);
    }
  }
  return Buffer.from(out);
}

/** Picks an area by its name in an open-able area picker (antd TreeSelect): typed, then clicked in the filtered tree. */
async function pickArea(page: Page, select: Locator, name: string): Promise<void> {
  await select.click();
  await page.keyboard.type(name);
  const node = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title').filter({ hasText: new RegExp(`^${name}$`) }).first();
  await node.click();
  await select.filter({ hasText: name }).waitFor({ timeout: 5_000 });
  await page.keyboard.press('Escape');
}

/** The form item of a drawer by its label (an optional field's label ends in （可选）). */
const field = (scope: Locator, label: string) => scope.locator('.ant-form-item').filter({ has: scope.page().locator('label', { hasText: new RegExp(`^${label}(（可选）)?$`) }) });

/** Types a date and time into an antd DatePicker with showTime ("MM-DD HH:mm") and confirms it. */
async function typeTime(page: Page, picker: Locator, text: string): Promise<void> {
  const input = picker.locator('input').first();
  await input.click();
  await input.press('Control+a');
  await input.pressSequentially(text);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => page.keyboard.press('Escape'));
  assert.equal(await input.inputValue(), text);
}

test('first run: a bureau from nothing: setup, areas, people from a GBK file, a unit, an account, a roster, a call dispatched to a phone', { timeout: 600_000 }, async () => {
  buildWeb();
  const t0 = Date.now();
  const server = await startServer({ env: { DEMO: 'false', AVL_TOKEN } });
  const browser = await launchBrowser();
  const errors: string[] = [];
  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(OUT, `first-run-${name}.png`) });
  let gps: ReturnType<typeof setInterval> | null = null;
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
    await ph.context().close();

    // the desk opens the printed address: the token is read from it
    const page = await (await desk(browser)).newPage();
    watch(page, 'desk', errors, { ignore: /status of (401|422)/ });
    await page.goto(link);
    await page.getByTestId('setup-form').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('setup-token').count(), 0, 'the token came with the address');
    assert.equal(await page.title(), '警网 Jingwang', 'no county named yet');
    await page.getByTestId('setup-county-name').fill(COUNTY);
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

    await page.getByTestId('setup-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('setup-repeat').fill(ADMIN_PASSWORD);
    const [ok] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/setup') && r.request().method() === 'POST'), page.getByTestId('setup-submit').click()]);
    assert.equal(ok.status(), 201);
    await page.getByTestId('setup-checklist').waitFor({ timeout: 60_000 });
    assert.ok(!page.url().includes('#setup='), 'the used token left the address bar');
    await page.waitForFunction((c) => document.title === `${c} · 警网`, COUNTY, { timeout: 10_000 });
    await shot(page, 'checklist');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'checklist-phone');
    await page.setViewportSize({ width: 1440, height: 900 });

    // in English too
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Import the areas').waitFor();
    await shot(page, 'checklist-en');
    await page.getByText('中文', { exact: true }).click();

    // into the system as the new administrator (logged in by the setup): the county beside 警网 in the header
    await page.getByTestId('setup-enter').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/setup') && !u.pathname.startsWith('/login'), { timeout: 60_000 });
    assert.equal(((await page.getByTestId('brand-county').textContent({ timeout: 30_000 })) ?? '').trim(), COUNTY);
    assert.equal(await page.title(), `${COUNTY} · 警网`);

    // the first-run page is gone for good: the plain address shows the login, with the county's name
    const ph2 = await (await phone(browser)).newPage();
    watch(ph2, 'phone-2', errors);
    await ph2.goto(`${server.base}/setup`);
    await ph2.getByTestId('login-form').waitFor({ timeout: 60_000 });
    await ph2.getByTestId('login-county').getByText(COUNTY).waitFor({ timeout: 10_000 });
    assert.equal(await ph2.title(), `${COUNTY} · 警网`);
    await shot(ph2, 'login-county');
    await ph2.context().close();

    // ---------------------------------------------------------------- 1. 辖区: the county's areas from GeoJSON
    await page.goto(`${server.base}/areas`);
    await page.getByTestId('areas-page').waitFor({ timeout: 30_000 });
    await page.getByTestId('areas-import').click();
    await page.locator('[data-testid="areas-import-drop"] input[type=file]').setInputFiles({ name: `${COUNTY}.geojson`, mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(COUNTY_GEOJSON)) });
    // the preview first: nothing written yet, the file's six areas new, no overlap or gap; then 确认导入
    await page.locator('[data-testid="areas-preview"][data-importable="1"]').waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('areas-preview-counts').textContent()) ?? '', /6区域6新增0重叠0缺口0超出上级/);
    await page.getByText('未发现重叠、缺口或超出上级的部分').waitFor();
    await page.locator('[data-testid="areas-preview-map"][data-ready="1"]').waitFor({ timeout: 30_000 });
    await shot(page, 'areas-preview');
    await page.getByTestId('areas-preview-confirm').click();
    await page.locator('[data-testid="areas-import-state"][data-phase="done"]').waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('areas-import-state').textContent()) ?? '', /已导入 6 个区域/);
    await shot(page, 'areas-imported');
    await page.keyboard.press('Escape');
    await page.getByTestId('area-node-CD-PG1').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="areas-map"][data-areas="1"]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    await shot(page, 'areas');

    // ---------------------------------------------------------------- 2. 系统管理: the agency, people from a GBK CSV, a unit
    await page.goto(`${server.base}/admin`);
    await page.getByTestId('admin-page').waitFor({ timeout: 30_000 });
    // the people's file names their agency (所属单位*): the station's agency first
    await page.getByRole('tab', { name: '单位部门' }).click();
    await page.getByTestId('agencies-add').click();
    const agencyDrawer = page.getByTestId('agency-drawer');
    await field(agencyDrawer, '名称').locator('input').fill('城东派出所');
    await choose(page, field(agencyDrawer, '类别').locator('.ant-select'), '派出所', { exact: true });
    await pickArea(page, field(agencyDrawer, '辖区').locator('.ant-select'), '城东派出所辖区');
    await shot(page, 'agency');
    await page.getByTestId('agency-drawer-save').click();
    await agencyDrawer.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.locator('.ant-table-row').filter({ hasText: '城东派出所' }).first().waitFor();

    // 导入导出: the people template as CSV
    await page.getByTestId('admin-tab-exchange').click();
    await page.getByTestId('exchange-tab').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('下载模板 (CSV)').click()]);
    const template = await readFile((await download.path())!);
    const header = template.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
    const columns = header.split(',');
    assert.deepEqual(columns.slice(0, 3), ['编号', '姓名*', '身份*'], `the template's header: ${header}`);
    // filled in as a bureau's clerk would; 李强's 身份 is a word the system does not know
    const row = (cells: Record<string, string>) => columns.map((c) => cells[c.replace(/\*$/, '')] ?? '').join(',');
    const people = (auxRole: string) =>
      [
        header,
        row({ 姓名: '张伟', 身份: '民警', 岗位: 'A', 警号: '031001', 电话: '13800001234', 所属单位: '城东派出所', 责任区: '东风社区网格' }),
        row({ 姓名: '李强', 身份: auxRole, 电话: '13800005678', 所属单位: '城东派出所', 责任区: '新桥社区网格' }),
      ].join('\r\n') + '\r\n';
    const bad = gbk(people('警察'));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bad), 'the file is GBK, not UTF-8');
    const upload = page.getByTestId('exchange-tab').locator('input[type=file]');
    await upload.setInputFiles({ name: '人员.csv', mimeType: 'text/csv', buffer: bad });
    await page.getByTestId('exchange-summary').waitFor({ timeout: 30_000 });
    const problems = page.getByTestId('exchange-problems');
    await problems.waitFor();
    const problemRows = await problems.locator('tbody tr.ant-table-row').allTextContents();
    assert.equal(problemRows.length, 1, problemRows.join(' | '));
    // Excel's row 3 (the header is row 1), the 身份 column, the value as typed (read from GBK), and why
    assert.match(problemRows[0]!, /^3身份\*?警察.*身份/, problemRows[0]);
    assert.ok(await page.getByTestId('exchange-apply').isDisabled(), 'nothing imports while a row is at fault');
    await page.getByTestId('exchange-preview').getByText('张伟').waitFor();
    await shot(page, 'people-preview-bad');
    // fixed and uploaded again: previewed clean, then imported
    await upload.setInputFiles({ name: '人员.csv', mimeType: 'text/csv', buffer: gbk(people('辅警')) });
    await page.locator('[data-testid="exchange-apply"]:not([disabled])').waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId('exchange-summary').textContent()) ?? '', /共 2 行：新增 2/);
    await page.getByTestId('exchange-apply').click();
    await page.getByTestId('exchange-summary').getByText('已导入：新增 2').waitFor({ timeout: 30_000 });
    await shot(page, 'people-imported');
    const imported = (await getJson<{ items: Person[] }>(page, `${server.base}/api/people?pageSize=50`)).items;
    const zhang = imported.find((p) => p.name === '张伟');
    assert.ok(zhang, 'the officer was imported');
    assert.deepEqual(zhang.areas.map((a) => a.name), ['东风社区网格'], "the officer's 责任区 from the file");
    assert.deepEqual(imported.map((p) => p.name).sort(), ['张伟', '李强'].sort());

    // 警力单元: a patrol car with the officer on it
    await page.getByRole('tab', { name: '警力单元' }).click();
    await page.getByTestId('units-add').click();
    const unitDrawer = page.getByTestId('unit-drawer');
    await page.getByTestId('unit-callsign').fill('城东巡01');
    await pickArea(page, page.getByTestId('unit-home'), '城东派出所辖区');
    await page.getByTestId('unit-members').click();
    await pick(page, '张伟', { multiple: true });
    await shot(page, 'unit-form');
    await page.getByTestId('unit-drawer-save').click();
    await unitDrawer.waitFor({ state: 'hidden', timeout: 15_000 });
    const carRow = page.getByTestId('admin-units-table').locator('.ant-table-row').filter({ hasText: '城东巡01' });
    await carRow.getByText('下勤').waitFor({ timeout: 15_000 }); // a new unit starts off duty
    // on duty by hand (上勤)
    await page.getByTestId('unit-status-城东巡01').click();
    await choose(page, page.getByTestId('unit-status-select'), '空闲', { exact: true });
    await page.getByTestId('unit-status-reason').fill('白班上勤');
    await page.getByTestId('unit-status-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
    await carRow.getByText('空闲').waitFor({ timeout: 15_000 });
    await shot(page, 'unit-on-duty');
    const car = (await getJson<Unit[]>(page, `${server.base}/api/units`)).find((u) => u.callsign === '城东巡01');
    assert.ok(car && car.status === 'available' && car.members.some((m) => m.id === zhang.id), 'the car is on duty with the officer');

    // ---------------------------------------------------------------- 3. 账号: the officer's own account
    await page.getByRole('tab', { name: '账号' }).click();
    await page.getByTestId('users-add').click();
    const userDrawer = page.getByTestId('user-drawer');
    await field(userDrawer, '用户名').locator('input').fill('zhangwei');
    await field(userDrawer, '显示名').locator('input').fill('张伟');
    await pickArea(page, page.getByTestId('user-scope'), '城东派出所辖区');
    await choose(page, page.getByTestId('user-person'), '张伟');
    await field(userDrawer, '初始密码').locator('input').fill('Chengdong-Xun-0101');
    await shot(page, 'user-form');
    await page.getByTestId('user-drawer-save').click();
    await userDrawer.waitFor({ state: 'hidden', timeout: 15_000 });
    const account = (await getJson<UserAccount[]>(page, `${server.base}/api/users`)).find((u) => u.username === 'zhangwei');
    assert.ok(account, 'the account exists');
    assert.equal(account.role, 'officer');
    assert.equal(account.personId, zhang.id, 'the account is the officer');
    assert.equal(account.scopeAreaName, '城东派出所辖区');

    // ---------------------------------------------------------------- 4. 值班表: today's duty, the officer on the car
    // today in the desk's time zone (Shanghai, as the server's UTC_OFFSET_MINUTES): a duty from 00:00 for 24 hours
    const ymd = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
    const day = ymd(Date.now());
    const today = { day, from: `${day.slice(5)} 00:00`, to: `${ymd(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).slice(5)} 00:00` };
    await page.goto(`${server.base}/roster`);
    await page.getByTestId('roster-station').filter({ hasText: '城东派出所辖区' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('roster-now').getByText('当前无人在岗（未排班）').waitFor({ timeout: 15_000 });
    await page.getByTestId(`roster-edit-${today.day}`).click();
    const rosterDrawer = page.getByTestId('roster-drawer');
    await rosterDrawer.waitFor();
    await page.getByTestId('roster-leader').click();
    await pick(page, '张伟');
    await page.getByTestId('roster-add-shift').click();
    await choose(page, field(rosterDrawer, '岗位').locator('.ant-select'), '巡逻', { exact: true });
    await choose(page, page.getByTestId('roster-person-0'), '张伟');
    await choose(page, page.getByTestId('roster-unit-0'), '城东巡01', { exact: true });
    await typeTime(page, field(rosterDrawer, '开始'), today.from);
    await typeTime(page, field(rosterDrawer, '结束'), today.to);
    await shot(page, 'roster-day');
    await page.getByTestId('roster-save').click();
    await rosterDrawer.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.getByTestId('roster-now').getByText(/张伟/).first().waitFor({ timeout: 15_000 });
    assert.match((await page.getByTestId('roster-now').textContent()) ?? '', /巡逻 张伟 \(城东巡01\)/);
    await shot(page, 'roster');

    // the car's GPS (its AVL device) reports every ten seconds from here on
    const report = async () => {
      const r = await fetch(`${server.base}/api/units/positions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${AVL_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ positions: [{ unitId: car.id, lon: CAR[0], lat: CAR[1], at: new Date().toISOString() }] }),
      });
      assert.equal(r.status, 200, await r.text());
    };
    await report();
    gps = setInterval(() => void report().catch(() => undefined), 10_000);

    // ---------------------------------------------------------------- 5. the officer's phone, waiting for work
    const phoneCtx = await phone(browser);
    const op = await phoneCtx.newPage();
    watch(op, 'officer', errors);
    await op.goto(`${server.base}/`);
    await op.getByTestId('login-form').waitFor({ timeout: 30_000 });
    await op.getByTestId('login-username').fill('zhangwei');
    await op.getByTestId('login-password').fill('Chengdong-Xun-0101');
    await op.getByTestId('login-submit').click();
    // an initial password is changed first
    await op.getByTestId('forced-password-change').waitFor({ timeout: 30_000 });
    await op.getByTestId('old-password').fill('Chengdong-Xun-0101');
    await op.getByTestId('new-password').fill('Dongfeng-Wangge-2026');
    await op.getByTestId('repeat-password').fill('Dongfeng-Wangge-2026');
    await op.getByTestId('change-password-submit').click();
    await op.getByTestId('officer-home').waitFor({ timeout: 60_000 });
    await op.getByTestId('mdt-none').waitFor({ timeout: 20_000 });
    await shot(op, 'officer-home');

    // ---------------------------------------------------------------- 6. 指挥室: a call in the grid, the recommended unit
    await page.goto(`${server.base}/command`);
    await page.getByTestId('command-room').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="conn-status"][data-status="online"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('intake-open').click();
    await page.getByTestId('intake-form').waitFor();
    await page.getByTestId('intake-lon').fill(String(SCENE[0]));
    await page.getByTestId('intake-lat').fill(String(SCENE[1]));
    await page.getByTestId('intake-lat').press('Tab');
    await page.locator('[data-testid="locate-result"][data-state="ok"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('locate-grid').getByText('东风社区网格').waitFor({ timeout: 15_000 });
    await page.getByTestId('locate-officer').getByText(/张伟/).waitFor({ timeout: 15_000 });
    await choose(page, page.getByTestId('intake-category'), '矛盾纠纷', { exact: true });
    await page.getByTestId('intake-address').fill('江堰区东风路 18 号');
    await page.getByTestId('intake-description').fill('邻里因停车发生争执，双方情绪激动');
    await page.getByTestId('intake-caller-name').fill('赵敏');
    await page.getByTestId('intake-caller-phone').fill('13912345678');
    await shot(page, 'intake');
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('incident-detail').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="incident-status"][data-status="new"]').waitFor({ timeout: 15_000 });

    // no roads imported: the car is recommended on a straight-line estimate, marked as such
    const recRow = page.locator(`[data-testid="rec-unit-${car.id}"][data-proposed="1"]`);
    await recRow.waitFor({ timeout: 30_000 });
    await recRow.locator('[data-reason="straight_line"]').waitFor();
    assert.match((await recRow.getByTestId('rec-eta').textContent()) ?? '', /\d/, 'an ETA is shown');
    await shot(page, 'recommendation');
    await page.getByTestId(`rec-dispatch-${car.id}`).click();
    await page.locator('[data-testid="incident-status"][data-status="dispatched"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('incident-units').getByText('城东巡01').first().waitFor();
    await page.locator('[data-testid="mdt-ack-state"][data-acked="no"]').waitFor({ timeout: 20_000 });

    // the phone wakes with the dispatch; 收到; the desk sees the acknowledgement, live
    const card = op.getByTestId('mdt-card');
    await card.waitFor({ timeout: 20_000 });
    assert.match((await op.getByTestId('mdt-address').textContent()) ?? '', /东风路 18 号/);
    await shot(op, 'mdt-alert');
    await op.locator('.jw-mdt-alert .ant-notification-notice-close, .jw-mdt-alert .ant-notification-close-icon').first().click().catch(() => undefined);
    await op.getByTestId('mdt-ack').click();
    await op.locator('[data-testid="mdt-card"][data-acked="yes"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="mdt-ack-state"][data-acked="yes"]').waitFor({ timeout: 15_000 });
    await shot(op, 'mdt-acked');
    await shot(page, 'dispatched-acked');

    assert.deepEqual(errors, [], errors.join('\n'));
    console.log(`# first run journey: ${((Date.now() - t0) / 1000).toFixed(0)} s from the server's start`);
  } catch (e) {
    console.error(`--- server log (tail) ---\n${server.log().slice(-3000)}`);
    let n = 0;
    for (const ctx of browser.contexts()) for (const p of ctx.pages()) await p.screenshot({ path: path.join(OUT, `failed-first-run-${++n}.png`), timeout: 10_000 }).catch(() => undefined);
    throw e;
  } finally {
    if (gps) clearInterval(gps);
    await browser.close().catch(() => undefined);
    await server.stop();
  }
});
