// A PMTiles v3 writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): one file holding every
// tile of the basemap, read by the browser with HTTP range requests (the `pmtiles` package's MapLibre protocol).
// Layout: the 127-byte header, the root directory, the metadata JSON, the leaf directories, then the tile data in
// tile-id order (a "clustered" archive). Tile ids follow the Hilbert curve per zoom; identical tiles are stored once
// (runs of consecutive identical tiles become one directory entry). Directories and metadata are gzipped.
import zlib from 'node:zlib';
import crypto from 'node:crypto';

export interface PmTile {
  z: number;
  x: number;
  y: number;
  /** The tile's bytes as stored (already compressed when tileCompression says so). */
  data: Uint8Array;
}

export interface PmHeaderInput {
  /** 1 none, 2 gzip. */
  tileCompression: 1 | 2;
  /** 1 MVT (vector tiles). */
  tileType: 1;
  bounds: [number, number, number, number];
  center: [number, number, number];
  metadata: Record<string, unknown>;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

const HEADER_BYTES = 127;
/** The spec keeps the header and the root directory within the first 16 KiB. */
const ROOT_MAX = 16384 - HEADER_BYTES;

/** The tile id of z/x/y: the tiles of lower zooms first, then the Hilbert index of (x, y) at zoom z. */
export function zxyToTileId(z: number, x: number, y: number): number {
  if (z > 26) throw new Error('zoom above 26');
  const n = 2 ** z;
  if (x < 0 || y < 0 || x >= n || y >= n) throw new Error(`tile ${z}/${x}/${y} outside its zoom`);
  const acc = (4 ** z - 1) / 3;
  let tx = x;
  let ty = y;
  let d = 0;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        tx = s - 1 - tx;
        ty = s - 1 - ty;
      }
      const t = tx;
      tx = ty;
      ty = t;
    }
  }
  return acc + d;
}

function varint(out: number[], v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`varint out of range: ${v}`);
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** A directory as the spec encodes it (column by column, ids as deltas, offsets 0 when contiguous), gzipped. */
export function serializeDirectory(entries: Entry[]): Buffer {
  const out: number[] = [];
  varint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    varint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) varint(out, e.runLength);
  for (const e of entries) varint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(out, i > 0 && prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return zlib.gzipSync(Buffer.from(out));
}

/** The root directory and the leaf directories: leaves of a growing size until the root fits in 16 KiB. */
function directories(entries: Entry[]): { root: Buffer; leaves: Buffer } {
  const root = serializeDirectory(entries);
  if (root.length <= ROOT_MAX) return { root, leaves: Buffer.alloc(0) };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const rootEntries: Entry[] = [];
    const parts: Buffer[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = serializeDirectory(entries.slice(i, i + leafSize));
      rootEntries.push({ tileId: entries[i]!.tileId, offset, length: leaf.length, runLength: 0 });
      parts.push(leaf);
      offset += leaf.length;
    }
    const r = serializeDirectory(rootEntries);
    if (r.length <= ROOT_MAX) return { root: r, leaves: Buffer.concat(parts) };
  }
}

const e7 = (v: number) => Math.round(v * 1e7);

/** The whole archive as one buffer (a county's basemap is a few to a few hundred MB at most). */
export function writePmTiles(tiles: PmTile[], h: PmHeaderInput): Buffer {
  if (!tiles.length) throw new Error('no tiles to write');
  const sorted = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), t })).sort((a, b) => a.id - b.id);
  const entries: Entry[] = [];
  const chunks: Uint8Array[] = [];
  const byHash = new Map<string, { offset: number; length: number }>();
  let dataLength = 0;
  for (let i = 0; i < sorted.length; i++) {
    const { id, t } = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.id === id) throw new Error(`tile ${t.z}/${t.x}/${t.y} given twice`);
    const hash = crypto.createHash('sha256').update(t.data).digest('hex');
    const last = entries[entries.length - 1];
    const seen = byHash.get(hash);
    if (seen && last && last.offset === seen.offset && last.tileId + last.runLength === id) {
      last.runLength++;
      continue;
    }
    if (seen) {
      entries.push({ tileId: id, offset: seen.offset, length: seen.length, runLength: 1 });
      continue;
    }
    const at = { offset: dataLength, length: t.data.length };
    byHash.set(hash, at);
    chunks.push(t.data);
    dataLength += t.data.length;
    entries.push({ tileId: id, ...at, runLength: 1 });
  }
  const { root, leaves } = directories(entries);
  const metadata = zlib.gzipSync(Buffer.from(JSON.stringify(h.metadata)));
  const zooms = tiles.map((t) => t.z);

  const header = Buffer.alloc(HEADER_BYTES);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leavesOffset = metadataOffset + metadata.length;
  const dataOffset = leavesOffset + leaves.length;
  const u64 = (v: number, at: number) => header.writeBigUInt64LE(BigInt(v), at);
  u64(rootOffset, 8);
  u64(root.length, 16);
  u64(metadataOffset, 24);
  u64(metadata.length, 32);
  u64(leavesOffset, 40);
  u64(leaves.length, 48);
  u64(dataOffset, 56);
  u64(dataLength, 64);
  u64(sorted.length, 72); // addressed tiles
  u64(entries.length, 80); // tile entries
  u64(byHash.size, 88); // tile contents
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(2, 97); // internal compression: gzip
  header.writeUInt8(h.tileCompression, 98);
  header.writeUInt8(h.tileType, 99);
  header.writeUInt8(Math.min(...zooms), 100);
  header.writeUInt8(Math.max(...zooms), 101);
  header.writeInt32LE(e7(h.bounds[0]), 102);
  header.writeInt32LE(e7(h.bounds[1]), 106);
  header.writeInt32LE(e7(h.bounds[2]), 110);
  header.writeInt32LE(e7(h.bounds[3]), 114);
  header.writeUInt8(h.center[2], 118);
  header.writeInt32LE(e7(h.center[0]), 119);
  header.writeInt32LE(e7(h.center[1]), 123);
  return Buffer.concat([header, root, metadata, leaves, ...chunks]);
}
