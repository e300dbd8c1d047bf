// Draws the PWA icons (public/icons/*.png) from public/favicon.svg in Chromium (playwright-core):
//   CHROMIUM_PATH=/usr/bin/chromium node apps/web/scripts/make-icons.mjs
// icon-N.png: the shield on a transparent square; maskable-N.png: on the brand colour with the safe-zone margin.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const pub = path.join(import.meta.dirname, '../public');
const svg = fs.readFileSync(path.join(pub, 'favicon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const page = await browser.newPage();
for (const size of [192, 512]) {
  for (const maskable of [false, true]) {
    await page.setViewportSize({ width: size, height: size });
    const pad = maskable ? Math.round(size * 0.18) : Math.round(size * 0.04);
    const bg = maskable ? '#0b2a5b' : 'transparent';
    await page.setContent(`<html><body style="margin:0;background:${bg}"><div style="width:${size}px;height:${size}px;box-sizing:border-box;padding:${pad}px">${svg.replace('<svg ', `<svg width="${size - 2 * pad}" height="${size - 2 * pad}" `)}</div></body></html>`);
    const file = path.join(pub, 'icons', `${maskable ? 'maskable' : 'icon'}-${size}.png`);
    await page.screenshot({ path: file, omitBackground: !maskable });
    console.log(file, fs.statSync(file).size);
  }
}
await browser.close();
