// Photo proof (issue 13 part 4), without a database: the image's own EXIF (time, GPS) is read, the server's receipt
// is the photo's time, an old or EXIF-less photo is a gallery photo, and the stored copy carries the watermark.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { closePhotoPool, decodePhoto, localStamp, provePhoto, readExif } from '../src/lib/photo';

after(closePhotoPool);

const W = 320;
const H = 240;
const RECEIVED = Date.UTC(2026, 11, 7, 2, 0, 0); // 10:00 at UTC+8

/** A minimal EXIF APP1 (little-endian TIFF): DateTimeOriginal and, optionally, GPS. */
function exifApp1(dateTime: string, gps?: { lat: number; lon: number }): Buffer {
  const t = Buffer.alloc(178);
  t.write('II', 0, 'latin1');
  t.writeUInt16LE(42, 2);
  t.writeUInt32LE(8, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    t.writeUInt16LE(tag, at);
    t.writeUInt16LE(type, at + 2);
    t.writeUInt32LE(count, at + 4);
    t.writeUInt32LE(value, at + 8);
  };
  t.writeUInt16LE(gps ? 2 : 1, 8);
  entry(10, 0x8769, 4, 1, 38); // Exif IFD
  if (gps) entry(22, 0x8825, 4, 1, 76); // GPS IFD
  t.writeUInt16LE(1, 38);
  entry(40, 0x9003, 2, 20, 56);
  t.write(`${dateTime}\0`, 56, 'latin1');
  if (gps) {
    t.writeUInt16LE(4, 76);
    entry(78, 1, 2, 2, 0);
    t.write('N\0', 86, 'latin1');
    entry(90, 2, 5, 3, 130);
    entry(102, 3, 2, 2, 0);
    t.write('E\0', 110, 'latin1');
    entry(114, 4, 5, 3, 154);
    const dms = (at: number, v: number) => {
      const d = Math.floor(v);
      const m = Math.floor((v - d) * 60);
      const s = Math.round(((v - d) * 60 - m) * 60 * 1000);
      [d, 1, m, 1, s, 1000].forEach((x, i) => t.writeUInt32LE(x, at + i * 4));
    };
    dms(130, gps.lat);
    dms(154, gps.lon);
  }
  const head = Buffer.from('Exif\0\0', 'latin1');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(2 + head.length + t.length);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), len, head, t]);
}

function grayJpeg(app1?: Buffer): string {
  const data = Buffer.alloc(W * H * 4, 128);
  const bytes = jpeg.encode({ data, width: W, height: H }, 90).data;
  const out = app1 ? Buffer.concat([bytes.subarray(0, 2), app1, bytes.subarray(2)]) : bytes;
  return `data:image/jpeg;base64,${out.toString('base64')}`;
}

const opts = { receivedAt: RECEIVED, clientTakenAt: null, utcOffsetMinutes: 480, place: '西湖点  119.40000, 30.20000', officer: '张三' };

test('EXIF time and GPS are read from the image itself', async () => {
  const p = decodePhoto(grayJpeg(exifApp1('2026:12:07 09:55:00', { lat: 30.2, lon: 119.4 })), '/photo');
  const e = await readExif(p.bytes, 480);
  assert.equal(e?.takenAt, Date.UTC(2026, 11, 7, 1, 55, 0));
  assert.ok(Math.abs(e!.lat! - 30.2) < 1e-4 && Math.abs(e!.lon! - 119.4) < 1e-4, JSON.stringify(e));
  assert.equal(await readExif(decodePhoto(grayJpeg(), '/photo').bytes, 480), null);
});

test('a fresh EXIF photo is accepted as taken there and then; the stored time is the receipt', async () => {
  const r = await provePhoto(decodePhoto(grayJpeg(exifApp1('2026:12:07 09:55:00')), '/photo'), opts);
  assert.equal(r.proof.gallery, false);
  assert.equal(r.proof.takenAt, RECEIVED);
  assert.equal(r.proof.exifTakenAt, Date.UTC(2026, 11, 7, 1, 55, 0));
});

test('an old gallery photo (12 h) and a photo with no EXIF time are marked; the browser\'s time does not help', async () => {
  const old = await provePhoto(decodePhoto(grayJpeg(exifApp1('2026:12:06 22:00:00')), '/photo'), { ...opts, clientTakenAt: RECEIVED - 60_000 });
  assert.equal(old.proof.gallery, true);
  assert.equal(old.proof.reason, 'old');
  assert.equal(old.proof.takenAt, RECEIVED);
  assert.equal(old.clientTakenAt, RECEIVED - 60_000, 'kept for the record only');
  const none = await provePhoto(decodePhoto(grayJpeg(), '/photo'), { ...opts, clientTakenAt: RECEIVED });
  assert.equal(none.proof.gallery, true);
  assert.equal(none.proof.reason, 'no_exif_time');
});

test('the stored copy carries the watermark: the bottom band is darkened with light text, the top is untouched', async () => {
  const r = await provePhoto(decodePhoto(grayJpeg(exifApp1('2026:12:07 09:55:00')), '/photo'), opts);
  assert.equal(r.photo.mime, 'image/jpeg');
  const img = jpeg.decode(r.photo.bytes, { useTArray: true, formatAsRGBA: true });
  assert.equal(img.width, W);
  assert.equal(img.height, H);
  const px = (x: number, y: number) => img.data[(y * W + x) * 4]!;
  let topDiff = 0;
  for (let y = 0; y < 40; y++) for (let x = 0; x < W; x += 4) topDiff = Math.max(topDiff, Math.abs(px(x, y) - 128));
  assert.ok(topDiff <= 6, `top unchanged (max diff ${topDiff})`);
  let dark = 0;
  let light = 0;
  for (let y = H - 30; y < H; y++)
    for (let x = 0; x < W; x++) {
      if (px(x, y) < 80) dark++;
      if (px(x, y) > 200) light++;
    }
  assert.ok(dark > W * 10, `band darkened (${dark})`);
  assert.ok(light > 50, `text drawn (${light} light pixels)`);
  // the EXIF of the original is not carried over to the stored copy (its values are stored beside it)
  assert.equal(await readExif(r.photo.bytes, 480), null);
  assert.equal(localStamp(RECEIVED, 480), '2026-12-07 10:00:00');
});

test('a PNG stays a PNG and is watermarked too; bad images are refused before anything', async () => {
  const png = new PNG({ width: W, height: H });
  png.data.fill(200);
  const url = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
  const r = await provePhoto(decodePhoto(url, '/photo'), opts);
  assert.equal(r.photo.mime, 'image/png');
  assert.equal(r.proof.reason, 'no_exif_time');
  const back = PNG.sync.read(r.photo.bytes);
  assert.ok(back.data[((H - 5) * W + 2) * 4]! < 120, 'band darkened');
  assert.throws(() => decodePhoto('data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==', '/photo'), /Invalid field \/photo/);
  assert.throws(() => decodePhoto(`data:image/png;base64,${Buffer.from('\x89PNG\r\n\x1a\n<html>').toString('base64')}`, '/photo'));
});
