// Reading OpenStreetMap extracts: `.osm.pbf` (protobuf blocks, DenseNodes or plain nodes, ways; relations are
// skipped) and `.osm` XML (a small scanner for the node / way / nd / tag subset). Both produce the same OsmData:
// every node's id and coordinates, and the ways that pass `keepWay` (by default: those with a highway tag) with
// their node refs and tags. The file may be unsorted (ways before nodes, blocks in any order): nothing is resolved
// until the whole file is read (see ./profile for ways -> roads).
//
// No IO and no Node APIs here: the caller passes the bytes and, for compressed PBF blocks, an `inflate` function
// (Node: `(b) => zlib.inflateSync(b)`; a browser: pako or DecompressionStream run beforehand).

import { PbfReader as Pbf } from 'pbf';

export interface OsmWay {
  id: number;
  /** Node ids in order. */
  refs: number[];
  tags: Record<string, string>;
}

export interface OsmData {
  /** Node ids; lon[i], lat[i] are the coordinates (WGS-84 degrees) of node nodeIds[i]. Not sorted. */
  nodeIds: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  ways: OsmWay[];
}

export interface OsmParseOptions {
  /** Which ways to keep; default: ways with a `highway` tag. */
  keepWay?: (tags: Readonly<Record<string, string>>) => boolean;
}

export interface OsmPbfOptions extends OsmParseOptions {
  /** zlib (RFC 1950) decompression of a blob's zlib_data. Required unless every block is stored raw. */
  inflate?: (data: Uint8Array) => Uint8Array;
}

const hasHighway = (tags: Readonly<Record<string, string>>): boolean => tags.highway !== undefined;

/** Growable node columns. */
class NodeSink {
  ids: Float64Array<ArrayBuffer> = new Float64Array(1024);
  lon: Float64Array<ArrayBuffer> = new Float64Array(1024);
  lat: Float64Array<ArrayBuffer> = new Float64Array(1024);
  n = 0;
  add(id: number, lon: number, lat: number): void {
    if (this.n === this.ids.length) {
      const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.ids = grow(this.ids);
      this.lon = grow(this.lon);
      this.lat = grow(this.lat);
    }
    this.ids[this.n] = id;
    this.lon[this.n] = lon;
    this.lat[this.n] = lat;
    this.n++;
  }
  result(ways: OsmWay[]): OsmData {
    return { nodeIds: this.ids.slice(0, this.n), lon: this.lon.slice(0, this.n), lat: this.lat.slice(0, this.n), ways };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PBF (https://wiki.openstreetmap.org/wiki/PBF_Format)

/** Parse an `.osm.pbf` file. Throws on a truncated file or a blob compressed with something other than zlib. */
export function parseOsmPbf(bytes: Uint8Array, options: OsmPbfOptions = {}): OsmData {
  const keepWay = options.keepWay ?? hasHighway;
  const nodes = new NodeSink();
  const ways: OsmWay[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) throw new Error(`osm.pbf: truncated blob header length at byte ${pos}`);
    const headerLen = view.getUint32(pos);
    pos += 4;
    if (pos + headerLen > bytes.length) throw new Error(`osm.pbf: truncated blob header at byte ${pos}`);
    const header = new Pbf(bytes.subarray(pos, pos + headerLen)).readFields(
      (tag, h, p) => {
        if (tag === 1) h.type = p.readString();
        else if (tag === 3) h.datasize = p.readVarint();
      },
      { type: '', datasize: 0 },
    );
    pos += headerLen;
    if (pos + header.datasize > bytes.length) throw new Error(`osm.pbf: truncated ${header.type} blob at byte ${pos}`);
    const blobBytes = bytes.subarray(pos, pos + header.datasize);
    pos += header.datasize;
    if (header.type !== 'OSMData') continue; // OSMHeader (bbox, features) and unknown blob types
    const data = decodeBlob(blobBytes, options.inflate);
    readPrimitiveBlock(data, nodes, ways, keepWay);
  }
  return nodes.result(ways);
}

function decodeBlob(blob: Uint8Array, inflate: OsmPbfOptions['inflate']): Uint8Array {
  const b = new Pbf(blob).readFields(
    (tag, r, p) => {
      if (tag === 1) r.raw = p.readBytes();
      else if (tag === 3) r.zlib = p.readBytes();
      else if (tag === 4 || tag === 6 || tag === 7) r.other = ({ 4: 'lzma', 6: 'lz4', 7: 'zstd' } as const)[tag];
    },
    { raw: null as Uint8Array | null, zlib: null as Uint8Array | null, other: '' },
  );
  if (b.raw) return b.raw;
  if (b.zlib) {
    if (!inflate) throw new Error('osm.pbf: the file has zlib-compressed blocks; pass options.inflate');
    return inflate(b.zlib);
  }
  throw new Error(`osm.pbf: unsupported blob compression ${b.other || '(none)'}`);
}

interface BlockCtx {
  strings: string[];
  groups: [number, number][];
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

function readPrimitiveBlock(data: Uint8Array, nodes: NodeSink, ways: OsmWay[], keepWay: (t: Record<string, string>) => boolean): void {
  const pbf = new Pbf(data);
  const ctx: BlockCtx = { strings: [], groups: [], granularity: 100, latOffset: 0, lonOffset: 0 };
  pbf.readFields((tag, c, p) => {
    if (tag === 1) {
      const end = p.readVarint() + p.pos;
      while (p.pos < end) {
        const key = p.readVarint();
        if (key >> 3 === 1) c.strings.push(p.readString());
        else p.skip(key & 7);
      }
    } else if (tag === 2) {
      const end = p.readVarint() + p.pos;
      c.groups.push([p.pos, end]);
      p.pos = end;
    } else if (tag === 17) c.granularity = p.readVarint();
    else if (tag === 19) c.latOffset = p.readVarint(true);
    else if (tag === 20) c.lonOffset = p.readVarint(true);
  }, ctx);
  const { strings, granularity: g, latOffset, lonOffset } = ctx;
  // (offset + granularity * value) nanodegrees, divided (not multiplied by 1e-9) so that a coordinate equals the
  // double parsed from its 7-decimal text, as in the XML form.
  const toLat = (v: number): number => (latOffset + g * v) / 1e9;
  const toLon = (v: number): number => (lonOffset + g * v) / 1e9;
  for (const [start, end] of ctx.groups) {
    pbf.pos = start;
    pbf.readFields(
      (tag, _r, p) => {
        if (tag === 1) readNode(p, nodes, toLon, toLat);
        else if (tag === 2) readDense(p, nodes, toLon, toLat);
        else if (tag === 3) {
          const w = readWay(p, strings);
          if (keepWay(w.tags)) ways.push(w);
        }
        // 4 relations, 5 changesets: skipped by readFields
      },
      null,
      end,
    );
  }
}

function readNode(p: Pbf, nodes: NodeSink, toLon: (v: number) => number, toLat: (v: number) => number): void {
  const end = p.readVarint() + p.pos;
  let id = 0;
  let lat = 0;
  let lon = 0;
  while (p.pos < end) {
    const key = p.readVarint();
    const tag = key >> 3;
    if (tag === 1) id = p.readSVarint();
    else if (tag === 8) lat = p.readSVarint();
    else if (tag === 9) lon = p.readSVarint();
    else p.skip(key & 7);
  }
  nodes.add(id, toLon(lon), toLat(lat));
}

function readDense(p: Pbf, nodes: NodeSink, toLon: (v: number) => number, toLat: (v: number) => number): void {
  const end = p.readVarint() + p.pos;
  let ids: number[] = [];
  let lats: number[] = [];
  let lons: number[] = [];
  while (p.pos < end) {
    const key = p.readVarint();
    const tag = key >> 3;
    p.type = key & 7;
    if (tag === 1) ids = p.readPackedSVarint([]);
    else if (tag === 8) lats = p.readPackedSVarint([]);
    else if (tag === 9) lons = p.readPackedSVarint([]);
    else p.skip(key & 7);
  }
  if (lats.length !== ids.length || lons.length !== ids.length) throw new Error('osm.pbf: DenseNodes with unequal id/lat/lon counts');
  let id = 0;
  let lat = 0;
  let lon = 0;
  for (let i = 0; i < ids.length; i++) {
    id += ids[i]!;
    lat += lats[i]!;
    lon += lons[i]!;
    nodes.add(id, toLon(lon), toLat(lat));
  }
}

function readWay(p: Pbf, strings: string[]): OsmWay {
  const end = p.readVarint() + p.pos;
  let id = 0;
  let keys: number[] = [];
  let vals: number[] = [];
  let deltas: number[] = [];
  while (p.pos < end) {
    const key = p.readVarint();
    const tag = key >> 3;
    p.type = key & 7;
    if (tag === 1) id = p.readVarint(true); // int64: negative ids (unsaved edits) are two's complement
    else if (tag === 2) keys = p.readPackedVarint([]);
    else if (tag === 3) vals = p.readPackedVarint([]);
    else if (tag === 8) deltas = p.readPackedSVarint([]);
    else p.skip(key & 7);
  }
  const tags: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) tags[strings[keys[i]!] ?? ''] = strings[vals[i]!] ?? '';
  let ref = 0;
  const refs = new Array<number>(deltas.length);
  for (let i = 0; i < deltas.length; i++) refs[i] = ref += deltas[i]!;
  return { id, refs, tags };
}

// ---------------------------------------------------------------------------------------------------------------
// XML (https://wiki.openstreetmap.org/wiki/OSM_XML): <node id lat lon>, <way id> with <nd ref> and <tag k v>.
// Relations, their members and tags are skipped; so are comments, the XML declaration and <bounds>.

const ELEMENT = /<(\/?)(node|way|nd|tag|relation|member)\b((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--[\s\S]*?-->/g;
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(parseInt(dec, 10)) : NAMED[name!]!,
  );
}

function attrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(text); m; m = ATTR.exec(text)) out[m[1]!] = unescapeXml(m[2] ?? m[3] ?? '');
  return out;
}

/** Parse an `.osm` XML document (string, or UTF-8 bytes). Throws on a node without numeric id/lat/lon. */
export function parseOsmXml(input: string | Uint8Array, options: OsmParseOptions = {}): OsmData {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const keepWay = options.keepWay ?? hasHighway;
  const nodes = new NodeSink();
  const ways: OsmWay[] = [];
  let way: OsmWay | null = null;
  let inRelation = false;
  ELEMENT.lastIndex = 0;
  for (let m = ELEMENT.exec(text); m; m = ELEMENT.exec(text)) {
    const name = m[2];
    if (!name) continue; // comment
    const closing = m[1] === '/';
    const body = m[3] ?? '';
    const selfClosing = body.endsWith('/');
    if (name === 'node') {
      if (closing) continue;
      const a = attrs(body);
      const id = Number(a.id);
      const lat = Number(a.lat);
      const lon = Number(a.lon);
      if (a.id === undefined || a.lat === undefined || a.lon === undefined || !Number.isFinite(id + lat + lon)) {
        throw new Error(`osm xml: node without numeric id/lat/lon near offset ${m.index}`);
      }
      nodes.add(id, lon, lat);
    } else if (name === 'way') {
      if (closing) {
        if (way && keepWay(way.tags)) ways.push(way);
        way = null;
        continue;
      }
      way = { id: Number(attrs(body).id), refs: [], tags: {} };
      if (selfClosing) {
        if (keepWay(way.tags)) ways.push(way);
        way = null;
      }
    } else if (name === 'relation') {
      inRelation = !closing && !selfClosing;
    } else if (inRelation || !way || closing) {
      continue;
    } else if (name === 'nd') {
      way.refs.push(Number(attrs(body).ref));
    } else if (name === 'tag') {
      const a = attrs(body);
      if (a.k !== undefined) way.tags[a.k] = a.v ?? '';
    }
  }
  return nodes.result(ways);
}
