// Screenshots of the offline vector basemap (issue 12 part 7), day and night, on a server already running with a
// basemap built from the Portland extract (the demo county is generated elsewhere: the map is flown to Portland).
// Not a test: run it by hand after `npm run build -w apps/web`:
//   DATA_DIR=/tmp/bm npm run cli -- basemap build ../shared/data/portland/central.osm.pbf
//   PORT=18222 DATA_DIR=/tmp/bm npm start &
//   cd e2e && CHROMIUM_PATH=/usr/bin/chromium BASE=http://127.0.0.1:18222 node --import tsx basemap-shot.ts
import path from 'node:path';
import { launchBrowser, OUT } from './lib/harness';
import { login } from './lib/ui';

const base = process.env.BASE ?? 'http://127.0.0.1:18222';
const browser = await launchBrowser();
try {
  for (const theme of ['day', 'night'] as const) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await ctx.addInitScript((t) => localStorage.setItem('jw.mapTheme', t), theme);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${String(e)}`));
    page.on('console', (m) => m.type() === 'error' && console.error(`console: ${m.text()}`));
    const ranges: number[] = [];
    page.on('response', (r) => r.url().endsWith('/api/basemap.pmtiles') && ranges.push(r.status()));
    await login(page, base, 'admin');
    await page.getByTestId('command-room').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !!(window as unknown as { __jwMaps?: Record<string, unknown> }).__jwMaps?.['command-map'], undefined, { timeout: 60_000 });
    // downtown Portland, the extract's area
    await page.evaluate(() => (window as unknown as { __jwMaps: Record<string, { flyTo(lon: number, lat: number, z?: number): void }> }).__jwMaps['command-map']!.flyTo(-122.676, 45.52, 15));
    await page.waitForTimeout(5000);
    const out = path.join(OUT, `basemap-${theme}.png`);
    await page.screenshot({ path: out });
    console.log(`wrote ${out}; basemap responses: ${ranges.length} (${[...new Set(ranges)].join(', ')})`);
    await ctx.close();
  }
} finally {
  await browser.close();
}
