// Screenshot of 系统管理 › 导入导出 (issue 12 part 4) on the demo county: a people file with one good row and bad
// rows is previewed (the bad cells marked in red with their reasons; the import button disabled). Not a test (CI
// time): run it after `npm run build -w apps/web`:
//   cd e2e && CHROMIUM_PATH=/usr/bin/chromium node --import tsx exchange-shot.ts
import path from 'node:path';
import ExcelJS from 'exceljs';
import { launchBrowser, OUT, startServer } from './lib/harness';
import { login } from './lib/ui';

const server = await startServer();
const browser = await launchBrowser();
try {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${String(e)}`));
  await login(page, server.base, 'admin');
  const agencies = (await (await ctx.request.get(`${server.base}/api/agencies`)).json()) as { code: string; kind: string }[];
  const station = agencies.find((a) => a.kind === 'station') ?? agencies[0]!;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员');
  ws.addRow(['编号', '姓名', '身份', '岗位', '警号', '电话', '所属单位', '队组', '责任区']);
  ws.addRow(['', '周明', '民警', 'A', '023456', '13900002222', station.code, '', '']);
  ws.addRow(['', '吴芳', '警长', 'B', '', '', station.code, '', '']);
  ws.addRow(['', '郑强', '辅警', 'D', '', '1390000', '不存在的所', '', '火星社区']);
  ws.addRow(['PS-9999', '冯刚', '民警', '', '', '', station.code, '', '']);
  const file = Buffer.from(await wb.xlsx.writeBuffer());

  await page.goto(`${server.base}/admin`);
  await page.getByTestId('admin-tab-exchange').click();
  await page.getByTestId('exchange-tab').waitFor();
  await page.locator('[data-testid="exchange-upload"] input[type=file], .ant-upload input[type=file]').first().setInputFiles({ name: '人员导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
  await page.getByTestId('exchange-summary').waitFor({ timeout: 60_000 });
  await page.getByTestId('exchange-bad-cell').first().waitFor();
  await page.waitForTimeout(500);
  const out = path.join(OUT, 'exchange-preview.png');
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}; apply disabled: ${await page.getByTestId('exchange-apply').isDisabled()}`);
  const ov = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (ov > 0) console.error(`/admin exchange overflows horizontally by ${ov}px`);
  await ctx.close();
} finally {
  await browser.close();
  await server.stop();
}
