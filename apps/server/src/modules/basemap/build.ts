// Builds the offline basemap: Debian's tilemaker turns the county's OSM extract (.osm.pbf, the one the roads come
// from) into vector tiles with our layer rules (apps/server/basemap/config.json and process.lua), written as a
// directory of z/x/y tiles; we gzip them and pack them into one PMTiles archive under DATA_DIR (pmtiles.ts), swapped
// in atomically. docs/adr/0010-offline-basemap-pmtiles.md says why.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseOsm } from '../roads/import';
import { writePmTiles, type PmTile } from './pmtiles';

export const BASEMAP_FILE = 'basemap.pmtiles';
const RULES_DIR = path.resolve(import.meta.dirname, '../../../basemap');

export function basemapPath(dataDir: string): string {
  return path.join(dataDir, BASEMAP_FILE);
}

/** tilemaker's version line, or null when it is not installed. */
export function tilemakerVersion(): string | null {
  const r = spawnSync('tilemaker', ['--help'], { encoding: 'utf8' });
  if (r.error) return null;
  return /tilemaker\s+([\d.]+)/.exec(`${r.stdout}${r.stderr}`)?.[0] ?? 'tilemaker';
}

export const TILEMAKER_MISSING = 'tilemaker is not installed (Debian: apt-get install tilemaker): no offline basemap was built';

export interface BasemapBuildResult {
  file: string;
  tiles: number;
  zooms: [number, number];
  bounds: [number, number, number, number];
  bytes: number;
  ms: number;
}

/** The extract's box from its nodes [minLon, minLat, maxLon, maxLat]. */
function nodeBounds(bytes: Uint8Array): [number, number, number, number] {
  const osm = parseOsm(bytes);
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const { lon, lat } = osm;
  for (let i = 0; i < lon.length; i++) {
    const x = lon[i]!;
    const y = lat[i]!;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  if (!(w <= e && s <= n)) throw new Error('the extract has no nodes');
  return [w, s, e, n];
}

function readTiles(dir: string): PmTile[] {
  const tiles: PmTile[] = [];
  for (const z of fs.readdirSync(dir)) {
    if (!/^\d+$/.test(z)) continue;
    for (const x of fs.readdirSync(path.join(dir, z))) {
      for (const f of fs.readdirSync(path.join(dir, z, x))) {
        const m = /^(\d+)\.pbf$/.exec(f);
        if (!m) continue;
        const raw = fs.readFileSync(path.join(dir, z, x, f));
        // tilemaker is told not to compress (config.json); the archive stores every tile gzipped
        const data = raw[0] === 0x1f && raw[1] === 0x8b ? raw : zlib.gzipSync(raw);
        tiles.push({ z: Number(z), x: Number(x), y: Number(m[1]), data });
      }
    }
  }
  return tiles;
}

/**
 * Builds DATA_DIR/basemap.pmtiles from an .osm.pbf extract. Throws (with tilemaker's own words) when the input is
 * not a PBF, tilemaker is missing or fails, or no tile comes out; the previous archive is then left as it was.
 */
export function buildBasemap(dataDir: string, pbfFile: string, log: (s: string) => void = () => {}): BasemapBuildResult {
  const t0 = performance.now();
  const bytes = fs.readFileSync(pbfFile);
  if (!Buffer.from(bytes.subarray(0, 64)).toString('latin1').includes('OSMHeader')) {
    throw new Error(`${pbfFile} is not an .osm.pbf file (tilemaker reads PBF only: convert XML with \`osmium cat FILE.osm -o FILE.osm.pbf\`)`);
  }
  if (!tilemakerVersion()) throw new Error(TILEMAKER_MISSING);
  const bounds = nodeBounds(bytes);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-basemap-'));
  try {
    const out = path.join(work, 'tiles');
    const args = ['--input', path.resolve(pbfFile), '--output', out, '--config', path.join(RULES_DIR, 'config.json'), '--process', path.join(RULES_DIR, 'process.lua'), '--bbox', bounds.join(',')];
    log(`tilemaker ${args.join(' ')}`);
    const r = spawnSync('tilemaker', args, { cwd: work, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw new Error(`tilemaker could not run: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`tilemaker failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ')}`);
    const tiles = fs.existsSync(out) ? readTiles(out) : [];
    if (!tiles.length) throw new Error('tilemaker wrote no tiles (is the extract empty?)');
    let vectorLayers: unknown = [];
    try {
      // tilemaker's own list of the layers it wrote (with the fields it saw and each layer's zooms)
      const meta = JSON.parse(fs.readFileSync(path.join(out, 'metadata.json'), 'utf8')) as { vector_layers?: unknown; json?: string };
      vectorLayers = meta.vector_layers ?? (meta.json ? (JSON.parse(meta.json) as { vector_layers?: unknown }).vector_layers : undefined) ?? [];
    } catch {
      // the layer list is informative only
    }
    const zs = tiles.map((t) => t.z);
    const zooms: [number, number] = [Math.min(...zs), Math.max(...zs)];
    const archive = writePmTiles(tiles, {
      tileCompression: 2,
      tileType: 1,
      bounds,
      center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.min(zooms[1], 12)],
      metadata: { name: 'Jingwang basemap', format: 'pbf', source: path.basename(pbfFile), generator: tilemakerVersion(), minzoom: zooms[0], maxzoom: zooms[1], vector_layers: vectorLayers, attribution: '© OpenStreetMap contributors' },
    });
    fs.mkdirSync(dataDir, { recursive: true });
    const file = basemapPath(dataDir);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, archive);
    fs.renameSync(tmp, file);
    return { file, tiles: tiles.length, zooms, bounds, bytes: archive.length, ms: performance.now() - t0 };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
