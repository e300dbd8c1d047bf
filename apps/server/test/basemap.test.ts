// The offline basemap (issue 12 part 7): a tiny OSM extract drawn here (XML, converted to PBF with osmium) is built
// with tilemaker into one PMTiles archive, read back with the `pmtiles` package (an independent reader of the
// format) and decoded with @mapbox/vector-tile; the server serves it by byte range to logged-in users only.
// Needs Debian's tilemaker and osmium-tool (.ci/run installs them); skipped with a message when they are absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PMTiles, TileType, zxyToTileId as refTileId, type RangeResponse, type Source } from 'pmtiles';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { buildBasemap, tilemakerVersion } from '../src/modules/basemap/build';
import { writePmTiles, zxyToTileId } from '../src/modules/basemap/pmtiles';
import { buildWorld, createTestEnv, login, type TestEnv } from './helpers';

const hasOsmium = !spawnSync('osmium', ['--version']).error;
const missing = !tilemakerVersion() ? 'tilemaker is not installed (apt-get install tilemaker)' : !hasOsmium ? 'osmium is not installed (apt-get install osmium-tool)' : null;
if (missing) console.log(`# basemap tests skipped: ${missing}`);

// A 1.2 km x 0.8 km town: a named primary street (Chinese name), a residential street, a building, a pond, a park
// and a place node. Ids are positive and ascending, as osmium wants them sorted.
const W = 113.53;
const S = 22.2;
const E = 113.542;
const N = 22.208;
function extractXml(): string {
  const nodes: string[] = [];
  let id = 0;
  const node = (lon: number, lat: number, tags: Record<string, string> = {}) => {
    id++;
    const t = Object.entries(tags).map(([k, v]) => `<tag k="${k}" v="${v}"/>`).join('');
    nodes.push(`<node id="${id}" version="1" lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}">${t}</node>`);
    return id;
  };
  const ways: string[] = [];
  let wid = 0;
  const way = (refs: number[], tags: Record<string, string>) => {
    wid++;
    ways.push(`<way id="${wid}" version="1">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${Object.entries(tags).map(([k, v]) => `<tag k="${k}" v="${v}"/>`).join('')}</way>`);
  };
  const ring = (x0: number, y0: number, x1: number, y1: number) => {
    const a = node(x0, y0);
    return [a, node(x1, y0), node(x1, y1), node(x0, y1), a];
  };
  const main = [node(W, 22.204), node(113.536, 22.204), node(E, 22.204)];
  const side = [node(113.536, S), node(113.536, 22.204 - 0.0001), node(113.536, N)];
  const house = ring(113.5335, 22.2045, 113.5338, 22.2048);
  const pond = ring(113.538, 22.201, 113.54, 22.2025);
  const park = ring(113.531, 22.2055, 113.5345, 22.2075);
  node(113.535, 22.205, { place: 'town', name: 'Test Town', 'name:zh': '测试镇' });
  way(main, { highway: 'primary', name: 'Zhongshan Road', 'name:zh': '中山路' });
  way(side, { highway: 'residential', name: 'Side Street' });
  way(house, { building: 'yes' });
  way(pond, { natural: 'water' });
  way(park, { leisure: 'park', name: 'Test Park' });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="jingwang-test">\n<bounds minlat="${S}" minlon="${W}" maxlat="${N}" maxlon="${E}"/>\n${nodes.join('\n')}\n${ways.join('\n')}\n</osm>\n`;
}

/** The pmtiles reader over a file on disk. */
class FileSource implements Source {
  constructor(private readonly file: string) {}
  getKey() {
    return this.file;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const fd = fs.openSync(this.file, 'r');
    try {
      const buf = Buffer.alloc(length);
      const n = fs.readSync(fd, buf, 0, length, offset);
      return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + n) };
    } finally {
      fs.closeSync(fd);
    }
  }
}

const lon2x = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const lat2y = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

test('the PMTiles writer: 40 000 tiles need leaf directories; every tile reads back, runs of identical tiles are stored once', async () => {
  // tiles of a 200 x 200 block at zoom 14 (no tilemaker needed): each row's tiles carry their own bytes, except
  // rows 0-9, which all hold the same bytes; the lengths vary, so the directory does not compress to nothing (the runs and deduplication of e.g. empty sea tiles)
  const pad = (x: number, y: number) => '.'.repeat(crypto.createHash('sha256').update(`${x}/${y}`).digest()[0]!);
  const tiles = [];
  for (let x = 13300; x < 13500; x++) {
    for (let y = 7100; y < 7300; y++) tiles.push({ z: 14, x, y, data: Buffer.from(y < 7110 ? 'same' : `tile ${x}/${y}${pad(x, y)}`) });
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jw-pmtiles-')), 'big.pmtiles');
  fs.writeFileSync(file, writePmTiles(tiles, { tileCompression: 1, tileType: 1, bounds: [112, 22, 114, 23], center: [113, 22.5, 14], metadata: { name: 'big' } }));
  try {
    const p = new PMTiles(new FileSource(file));
    const h = await p.getHeader();
    assert.ok((h.leafDirectoryLength ?? 0) > 0, 'leaf directories written');
    assert.ok(h.rootDirectoryOffset + h.rootDirectoryLength <= 16384);
    assert.equal(h.numAddressedTiles, 40000);
    assert.equal(h.numTileContents, 40000 - 2000 + 1);
    assert.ok(h.numTileEntries < 40000);
    for (const [x, y] of [[13300, 7100], [13300, 7109], [13499, 7105], [13300, 7110], [13417, 7233], [13499, 7299]] as const) {
      const t = await p.getZxy(14, x, y);
      assert.equal(Buffer.from(t!.data).toString(), y < 7110 ? 'same' : `tile ${x}/${y}${pad(x, y)}`, `${x}/${y}`);
    }
    assert.equal(await p.getZxy(14, 13500, 7100), undefined);
    assert.deepEqual(await p.getMetadata(), { name: 'big' });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

describe('offline basemap', { skip: missing ?? false }, () => {
  let dir: string;
  let dataDir: string;
  let archive: string;
  let env: TestEnv;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-basemap-test-'));
    dataDir = path.join(dir, 'data');
    fs.writeFileSync(path.join(dir, 'town.osm'), extractXml());
    const r = spawnSync('osmium', ['cat', path.join(dir, 'town.osm'), '-o', path.join(dir, 'town.osm.pbf'), '--overwrite'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    env = await createTestEnv({ dataDir });
    await buildWorld(env);
  });
  after(async () => {
    await env?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('our Hilbert tile ids are those of the pmtiles reference', () => {
    for (const [z, x, y] of [[0, 0, 0], [1, 1, 0], [3, 5, 2], [8, 208, 113], [14, 13358, 7196], [14, 16383, 16383]] as const) {
      assert.equal(zxyToTileId(z, x, y), refTileId(z, x, y), `${z}/${x}/${y}`);
    }
  });

  test('/api/config says there is no basemap before one is built, and the archive is 404', async () => {
    const cfg = (await env.app.inject({ method: 'GET', url: '/api/config' })).json() as { basemap: boolean };
    assert.equal(cfg.basemap, false);
    const admin = await login(env.app, 'admin');
    const r = await admin.get('/api/basemap.pmtiles');
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'BASEMAP_NOT_FOUND');
  });

  test('an XML extract is refused with a message that says how to convert it; nothing is written', () => {
    assert.throws(() => buildBasemap(dataDir, path.join(dir, 'town.osm')), /not an \.osm\.pbf file.*osmium cat/);
    assert.equal(fs.existsSync(path.join(dataDir, 'basemap.pmtiles')), false);
  });

  test('tilemaker builds one archive with tiles at zooms 8 to 14 covering the extract', async () => {
    const r = buildBasemap(dataDir, path.join(dir, 'town.osm.pbf'));
    archive = r.file;
    assert.equal(archive, path.join(dataDir, 'basemap.pmtiles'));
    assert.deepEqual(r.zooms, [8, 14]);
    const p = new PMTiles(new FileSource(archive));
    const h = await p.getHeader();
    assert.equal(h.specVersion, 3);
    assert.equal(h.tileType, TileType.Mvt);
    assert.equal(h.minZoom, 8);
    assert.equal(h.maxZoom, 14);
    assert.ok(h.minLon <= W + 1e-6 && h.maxLon >= E - 1e-6 && h.minLat <= S + 1e-6 && h.maxLat >= N - 1e-6, JSON.stringify(h));
    assert.equal(h.numAddressedTiles, r.tiles);
    // every tile the streets pass through, at every zoom, is in the archive (tilemaker writes no empty tiles): the
    // main street runs west to east across the extract at 22.204, the side street south to north at 113.536
    let checked = 0;
    for (let z = 8; z <= 14; z++) {
      const cells = new Set<string>();
      for (let x = lon2x(W, z); x <= lon2x(E, z); x++) cells.add(`${x}/${lat2y(22.204, z)}`);
      for (let y = lat2y(N, z); y <= lat2y(S, z); y++) cells.add(`${lon2x(113.536, z)}/${y}`);
      for (const c of cells) {
        const [x, y] = c.split('/').map(Number) as [number, number];
        const t = await p.getZxy(z, x, y);
        assert.ok(t && t.data.byteLength > 0, `tile ${z}/${x}/${y} missing`);
        checked++;
      }
    }
    assert.ok(checked >= 9, `${checked} tiles checked`);
    // and a tile far away is not
    assert.equal(await p.getZxy(14, 0, 0), undefined);
    const meta = (await p.getMetadata()) as { vector_layers: { id: string }[] };
    assert.deepEqual(meta.vector_layers.map((l) => l.id).sort(), ['building', 'landuse', 'place', 'transportation', 'water', 'waterway']);
  });

  test('a zoom-14 tile decodes: the primary street with its Chinese name, the building, the pond, the park, the town', async () => {
    const p = new PMTiles(new FileSource(archive));
    const z = 14;
    const t = await p.getZxy(z, lon2x(113.5335, z), lat2y(22.2045, z));
    assert.ok(t);
    const vt = new VectorTile(new Pbf(new Uint8Array(t.data)));
    for (const l of ['transportation', 'building', 'water', 'landuse', 'place']) assert.ok(vt.layers[l], `layer ${l} in ${Object.keys(vt.layers).join(',')}`);
    const roads = Array.from({ length: vt.layers.transportation!.length }, (_, i) => vt.layers.transportation!.feature(i).properties);
    const main = roads.find((f) => f.name === 'Zhongshan Road');
    assert.ok(main, JSON.stringify(roads));
    assert.equal(main.name_zh, '中山路');
    assert.equal(main.class, 'primary');
    assert.ok(roads.some((f) => f.name === 'Side Street' && f.class === 'minor'));
    assert.equal(vt.layers.building!.feature(0).type, 3); // a polygon
    assert.equal(vt.layers.landuse!.feature(0).properties.class, 'park');
    const place = vt.layers.place!.feature(0).properties;
    assert.deepEqual([place.class, place.name_zh], ['town', '测试镇']);
    // at zoom 10 the primary street is there and the residential one is not (minor streets from zoom 12)
    const t10 = await p.getZxy(10, lon2x(113.536, 10), lat2y(22.204, 10));
    const v10 = new VectorTile(new Pbf(new Uint8Array(t10!.data)));
    const classes = Array.from({ length: v10.layers.transportation!.length }, (_, i) => v10.layers.transportation!.feature(i).properties.class);
    assert.ok(classes.includes('primary') && !classes.includes('minor'), classes.join(','));
  });

  test('the server serves the archive by byte range to logged-in users only', async () => {
    const cfg = (await env.app.inject({ method: 'GET', url: '/api/config' })).json() as { basemap: boolean };
    assert.equal(cfg.basemap, true);
    const size = fs.statSync(archive).size;
    const anon = await env.app.inject({ method: 'GET', url: '/api/basemap.pmtiles', headers: { range: 'bytes=0-126' } });
    assert.equal(anon.statusCode, 401);
    assert.equal(anon.json().code, 'UNAUTHENTICATED');
    const officer = await login(env.app, 'officer1');
    const head = await env.app.inject({ method: 'GET', url: '/api/basemap.pmtiles', headers: { cookie: officer.cookie, range: 'bytes=0-126' } });
    assert.equal(head.statusCode, 206);
    assert.equal(head.headers['content-range'], `bytes 0-126/${size}`);
    assert.equal(head.rawPayload.length, 127);
    assert.equal(head.rawPayload.subarray(0, 7).toString('latin1'), 'PMTiles');
    assert.equal(head.rawPayload[7], 3);
    // a range in the middle is those bytes of the file
    const file = fs.readFileSync(archive);
    const mid = await env.app.inject({ method: 'GET', url: '/api/basemap.pmtiles', headers: { cookie: officer.cookie, range: `bytes=200-${size - 10}` } });
    assert.equal(mid.statusCode, 206);
    assert.ok(mid.rawPayload.equals(file.subarray(200, size - 9)));
    // a suffix range, the whole file, and a range past the end
    const tail = await env.app.inject({ method: 'GET', url: '/api/basemap.pmtiles', headers: { cookie: officer.cookie, range: 'bytes=-5' } });
    assert.ok(tail.rawPayload.equals(file.subarray(size - 5)));
    const whole = await officer.get('/api/basemap.pmtiles');
    assert.equal(whole.statusCode, 200);
    assert.ok(whole.rawPayload.equals(file));
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    const past = await env.app.inject({ method: 'GET', url: '/api/basemap.pmtiles', headers: { cookie: officer.cookie, range: `bytes=${size}-` } });
    assert.equal(past.statusCode, 416);
    assert.equal(past.json().code, 'RANGE_NOT_SATISFIABLE');
    assert.equal(past.headers['content-range'], `bytes */${size}`);
    const bad = await env.app.inject({ method: 'GET', url: '/api/basemap.pmtiles', headers: { cookie: officer.cookie, range: 'bytes=5-1' } });
    assert.equal(bad.statusCode, 416);
  });

  test('a rebuild from a bad input leaves the previous archive in place', () => {
    const before = fs.readFileSync(archive);
    fs.writeFileSync(path.join(dir, 'bad.osm.pbf'), Buffer.concat([fs.readFileSync(path.join(dir, 'town.osm.pbf')).subarray(0, 60), Buffer.alloc(100, 7)]));
    assert.throws(() => buildBasemap(dataDir, path.join(dir, 'bad.osm.pbf')));
    assert.ok(fs.readFileSync(archive).equals(before));
  });
});
