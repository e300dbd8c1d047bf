// The watermark drawn on a stored photo (issue 13 part 4; docs/adr/0007-photo-watermark.md): decode (jpeg-js,
// pngjs), darken a band along the bottom, draw the lines (time, place, officer) in Noto Sans SC, re-encode. Glyph
// outlines come from fontkit (already under pdfkit) reading the @fontsource WOFF the PDF exports use; they are filled
// here with a small anti-aliased scanline rasteriser (non-zero winding, 4 sub-rows per pixel): no native code, no
// system font. CPU-heavy on a phone-sized picture: it runs in the photo worker pool (photo.ts), not on the event loop.
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export interface WatermarkJob {
  mime: 'image/jpeg' | 'image/png';
  bytes: Uint8Array;
  lines: string[];
}
export interface WatermarkOut {
  mime: 'image/jpeg' | 'image/png';
  bytes: Uint8Array;
  width: number;
  height: number;
  /** The band's top row (for tests and the record). */
  bandTop: number;
}

interface Glyph {
  advanceWidth: number;
  path: { commands: { command: string; args: number[] }[] };
}
interface Font {
  unitsPerEm: number;
  layout(text: string): { glyphs: Glyph[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] };
}

let font: Font | null = null;
function cjkFont(): Font {
  if (!font) {
    const require = createRequire(import.meta.url);
    const path = require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff');
    const fk = require('fontkit') as { openSync(p: string): Font };
    font = fk.openSync(path);
  }
  return font;
}

type Edge = { x0: number; y0: number; x1: number; y1: number; dir: number };

/** A glyph run's outlines as straight edges in pixel space (y down), curves flattened. */
function textEdges(text: string, size: number, ox: number, baseline: number, edges: Edge[]): number {
  const f = cjkFont();
  const s = size / f.unitsPerEm;
  const run = f.layout(text);
  let pen = ox;
  run.glyphs.forEach((g, i) => {
    const pos = run.positions[i]!;
    const gx = pen + pos.xOffset * s;
    const gy = baseline - pos.yOffset * s;
    const X = (x: number) => gx + x * s;
    const Y = (y: number) => gy - y * s;
    let cx = 0, cy = 0, sx = 0, sy = 0;
    const line = (x: number, y: number) => {
      const [ax, ay, bx, by] = [X(cx), Y(cy), X(x), Y(y)];
      if (ay !== by) edges.push(ay < by ? { x0: ax, y0: ay, x1: bx, y1: by, dir: 1 } : { x0: bx, y0: by, x1: ax, y1: ay, dir: -1 });
      cx = x;
      cy = y;
    };
    for (const c of g.path.commands) {
      const a = c.args;
      if (c.command === 'moveTo') {
        if (cx !== sx || cy !== sy) line(sx, sy);
        cx = sx = a[0]!;
        cy = sy = a[1]!;
      } else if (c.command === 'lineTo') line(a[0]!, a[1]!);
      else if (c.command === 'quadraticCurveTo') {
        const [x0, y0] = [cx, cy];
        for (let k = 1; k <= 6; k++) {
          const t = k / 6, u = 1 - t;
          line(u * u * x0 + 2 * u * t * a[0]! + t * t * a[2]!, u * u * y0 + 2 * u * t * a[1]! + t * t * a[3]!);
        }
      } else if (c.command === 'bezierCurveTo') {
        const [x0, y0] = [cx, cy];
        for (let k = 1; k <= 8; k++) {
          const t = k / 8, u = 1 - t;
          line(u * u * u * x0 + 3 * u * u * t * a[0]! + 3 * u * t * t * a[2]! + t * t * t * a[4]!, u * u * u * y0 + 3 * u * u * t * a[1]! + 3 * u * t * t * a[3]! + t * t * t * a[5]!);
        }
      } else if (c.command === 'closePath') line(sx, sy);
    }
    if (cx !== sx || cy !== sy) line(sx, sy);
    pen += pos.xAdvance * s;
  });
  return pen - ox;
}

/** Coverage (0..1) of the edges' non-zero-winding fill over rows [top, bottom) of a `width`-wide picture. */
function rasterise(edges: Edge[], width: number, top: number, bottom: number): Float32Array {
  const h = bottom - top;
  const cov = new Float32Array(width * h);
  const SUB = 4;
  const xs: { x: number; dir: number }[] = [];
  for (let row = 0; row < h; row++) {
    for (let k = 0; k < SUB; k++) {
      const y = top + row + (k + 0.5) / SUB;
      xs.length = 0;
      for (const e of edges) if (y >= e.y0 && y < e.y1) xs.push({ x: e.x0 + ((y - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0), dir: e.dir });
      if (xs.length < 2) continue;
      xs.sort((a, b) => a.x - b.x);
      let wind = 0;
      for (let i = 0; i < xs.length - 1; i++) {
        wind += xs[i]!.dir;
        if (wind === 0) continue;
        const a = Math.max(0, xs[i]!.x), b = Math.min(width, xs[i + 1]!.x);
        if (b <= a) continue;
        const ia = Math.floor(a), ib = Math.floor(b);
        const base = row * width;
        if (ia === ib) cov[base + ia]! += (b - a) / SUB;
        else {
          cov[base + ia]! += (ia + 1 - a) / SUB;
          for (let x = ia + 1; x < ib && x < width; x++) cov[base + x]! += 1 / SUB;
          if (ib < width) cov[base + ib]! += (b - ib) / SUB;
        }
      }
    }
  }
  return cov;
}

/** Draws the band and the lines on RGBA pixels (in place); returns the band's top row. */
export function drawOnPixels(data: Uint8Array, width: number, height: number, lines: readonly string[]): number {
  const size = Math.max(12, Math.min(64, Math.round(Math.min(width, height * 1.5) / 30)));
  const lh = Math.round(size * 1.35);
  const pad = Math.round(size * 0.5);
  const bandH = Math.min(height, lines.length * lh + 2 * pad);
  const top = height - bandH;
  // darken the band (black at 55 %)
  for (let y = top; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = Math.round(data[i]! * 0.45);
      data[i + 1] = Math.round(data[i + 1]! * 0.45);
      data[i + 2] = Math.round(data[i + 2]! * 0.45);
      data[i + 3] = Math.max(data[i + 3]!, 200);
    }
  const edges: Edge[] = [];
  lines.forEach((l, k) => textEdges(l, size, pad, top + pad + k * lh + size * 0.95, edges));
  const cov = rasterise(edges, width, top, height);
  for (let y = top; y < height; y++)
    for (let x = 0; x < width; x++) {
      const c = Math.min(1, cov[(y - top) * width + x]!);
      if (c <= 0) continue;
      const i = (y * width + x) * 4;
      for (let ch = 0; ch < 3; ch++) data[i + ch] = Math.round(data[i + ch]! * (1 - c) + 255 * c);
    }
  return top;
}

/** Decode, draw, re-encode (JPEG at quality 85; a PNG stays a PNG). The EXIF of the original is not carried over. */
export function watermark(job: WatermarkJob): WatermarkOut {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  if (job.mime === 'image/png') {
    const png = PNG.sync.read(bytes);
    const bandTop = drawOnPixels(png.data, png.width, png.height, job.lines);
    const out = PNG.sync.write(png);
    return { mime: 'image/png', bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), width: png.width, height: png.height, bandTop };
  }
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 50, maxMemoryUsageInMB: 512 });
  const bandTop = drawOnPixels(img.data, img.width, img.height, job.lines);
  const out = jpeg.encode({ data: img.data, width: img.width, height: img.height }, 85).data;
  return { mime: 'image/jpeg', bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), width: img.width, height: img.height, bandTop };
}
