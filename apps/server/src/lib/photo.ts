// Photos sent as data URLs (task evidence, patrol check-ins): decoded and checked before anything is written.
// The bytes are decoded as the image type the URL names (pure-JS decoders: pngjs, jpeg-js), so a file that only
// starts like an image (a PNG signature followed by HTML, say) is refused, not stored and served back.
// Proof (issue 13 part 4): `provePhoto` reads the image's own EXIF (exifr: DateTimeOriginal, GPS), takes the server's
// receipt as the photo's time with the EXIF time beside it (core's photoProof: no EXIF time or one older than
// PHOTO_MAX_AGE_MS = a gallery photo), and draws the watermark (time, place, officer) on the stored copy in a worker.
import { photoProof, exifTime, PHOTO_MAX_AGE_MS, type PhotoExif, type PhotoProof } from '@jingwang/core';
import exifr from 'exifr';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { AppError, validationError } from './errors';
import type { WatermarkJob, WatermarkOut } from './watermark';
import { WorkerPool, workerModule } from './workers';

export const MAX_PHOTO_BYTES = 3 * 1024 * 1024;
/** Larger pictures than a phone camera's are refused before they are decoded (memory). */
const MAX_MEGAPIXELS = 50;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface DecodedPhoto {
  mime: 'image/jpeg' | 'image/png';
  bytes: Buffer;
  width: number;
  height: number;
}

/** The PNG's chunks must end with IEND at the end of the bytes: nothing may be hidden behind the image. */
function pngEndsAtIend(bytes: Buffer): boolean {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const len = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    at += 12 + len;
    if (type === 'IEND') return at === bytes.length;
  }
  return false;
}

function dimensions(mime: DecodedPhoto['mime'], bytes: Buffer): { width: number; height: number } | null {
  try {
    if (mime === 'image/png') {
      if (!pngEndsAtIend(bytes)) return null;
      // IHDR: width and height before decoding, so a huge picture is refused without allocating it
      if (bytes.readUInt32BE(16) * bytes.readUInt32BE(20) > MAX_MEGAPIXELS * 1e6) return null;
      const png = PNG.sync.read(bytes, { checkCRC: true });
      return { width: png.width, height: png.height };
    }
    const img = jpeg.decode(bytes, { useTArray: true, tolerantDecoding: false, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 512, formatAsRGBA: false });
    return img.width > 0 && img.height > 0 ? { width: img.width, height: img.height } : null;
  } catch {
    return null;
  }
}

/**
 * A base64 JPEG or PNG data URL to bytes; `field` names the JSON pointer reported on error (400 VALIDATION_FAILED,
 * or 413 PAYLOAD_TOO_LARGE above 3 MB). The bytes must carry the magic number of the type the URL names and decode
 * as that type.
 */
export function decodePhoto(dataUrl: string, field: string): DecodedPhoto {
  const m = /^data:(image\/(?:jpeg|png));base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  if (!m) throw validationError([{ field, message: 'must be a base64 JPEG or PNG data URL' }]);
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'A photo is larger than 3 MB', { field });
  const mime = m[1] as DecodedPhoto['mime'];
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const isPng = bytes.subarray(0, 8).equals(PNG_MAGIC);
  if ((mime === 'image/jpeg' && !isJpeg) || (mime === 'image/png' && !isPng)) throw validationError([{ field, message: 'the bytes are not the image type the data URL names' }]);
  const size = dimensions(mime, bytes);
  if (!size) throw validationError([{ field, message: `is not a readable ${mime === 'image/png' ? 'PNG' : 'JPEG'} image` }]);
  return { mime, bytes, ...size };
}

/** The image's own EXIF time and GPS position; null when it has none or it cannot be read (never an error). */
export async function readExif(bytes: Buffer, utcOffsetMinutes: number): Promise<PhotoExif | null> {
  try {
    const t = (await exifr.parse(bytes, { tiff: true, exif: true, gps: true, ifd1: false, interop: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false, reviveValues: false, translateValues: false, sanitize: true, mergeOutput: true })) as Record<string, unknown> | undefined;
    if (!t) return null;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const takenAt = exifTime(str(t.DateTimeOriginal) ?? str(t.CreateDate), str(t.OffsetTimeOriginal), utcOffsetMinutes);
    const dms = (v: unknown, ref: unknown, neg: string): number | null => {
      const a = Array.isArray(v) ? v.map(Number) : typeof v === 'number' ? [v] : null;
      if (!a || a.some((x) => !Number.isFinite(x))) return null;
      const deg = (a[0] ?? 0) + (a[1] ?? 0) / 60 + (a[2] ?? 0) / 3600;
      return ref === neg ? -deg : deg;
    };
    const lat = dms(t.GPSLatitude, t.GPSLatitudeRef, 'S');
    const lon = dms(t.GPSLongitude, t.GPSLongitudeRef, 'W');
    const okPos = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);
    return { takenAt, lon: okPos ? lon : null, lat: okPos ? lat : null };
  } catch {
    return null;
  }
}

// the watermark pool: one worker (the machine's other core serves the API), a short queue; one more is 503 PHOTO_BUSY.
// Its worker is kept (field work sends photos all day and a worker takes seconds to start: 7 s under tsx on a quiet
// 2-core machine, which an officer waited through with the first photo after a start or a quiet spell).
let pool: WorkerPool<WatermarkJob, WatermarkOut> | null = null;
function photoPool(): WorkerPool<WatermarkJob, WatermarkOut> {
  pool ??= new WorkerPool<WatermarkJob, WatermarkOut>({ name: 'photo watermark', entry: workerModule(import.meta.url, './photo-worker'), size: 1, maxQueue: 32, busyCode: 'PHOTO_BUSY', keepAlive: true });
  return pool;
}

/** Starts the photo worker now (the server, once it listens), so that the first photo does not wait for it. */
export function warmPhotoPool(): void {
  photoPool().warm();
}

/** Ends the photo worker (the app closes; a live worker keeps the process alive). A later photo starts a new one. */
export async function closePhotoPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}

/** Draws `lines` on the bottom band of the photo, in the photo worker. */
export async function watermarkPhoto(p: DecodedPhoto, lines: string[]): Promise<DecodedPhoto> {
  const copy = new Uint8Array(p.bytes); // the worker gets its own copy (moved, not cloned twice)
  const out = await photoPool().run({ mime: p.mime, bytes: copy, lines }, [copy.buffer]);
  return { mime: out.mime, bytes: Buffer.from(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength), width: out.width, height: out.height };
}

export interface ProvenPhoto {
  /** The stored copy: watermarked. */
  photo: DecodedPhoto;
  proof: PhotoProof;
  exifLon: number | null;
  exifLat: number | null;
  /** What the browser said (kept for the record, never the evidence). */
  clientTakenAt: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Epoch ms as local "YYYY-MM-DD HH:MM:SS" at the county's offset. */
export function localStamp(t: number, utcOffsetMinutes: number): string {
  const d = new Date(t + utcOffsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * A decoded photo's proof and its watermarked copy: time = `receivedAt` (the server's), the EXIF time and place
 * beside it, gallery when core's photoProof says so. The watermark reads: time, place, officer (and 相册照片 on a
 * gallery photo).
 */
export async function provePhoto(
  p: DecodedPhoto,
  o: { receivedAt: number; clientTakenAt: number | null; utcOffsetMinutes: number; place: string; officer: string; maxAgeMs?: number },
): Promise<ProvenPhoto> {
  const exif = await readExif(p.bytes, o.utcOffsetMinutes);
  const proof = photoProof(exif, o.receivedAt, o.maxAgeMs ?? PHOTO_MAX_AGE_MS);
  const lines = [`${localStamp(o.receivedAt, o.utcOffsetMinutes)}${proof.gallery ? '  相册照片（拍摄时间未核实）' : ''}`, o.place, `民警 ${o.officer}`];
  const photo = await watermarkPhoto(p, lines);
  return { photo, proof, exifLon: exif?.lon ?? null, exifLat: exif?.lat ?? null, clientTakenAt: o.clientTakenAt };
}
