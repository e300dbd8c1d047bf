// Photos sent as data URLs (task evidence, patrol check-ins): decoded and checked before anything is written.
// The bytes are decoded as the image type the URL names (pure-JS decoders: pngjs, jpeg-js), so a file that only
// starts like an image (a PNG signature followed by HTML, say) is refused, not stored and served back.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { AppError, validationError } from './errors';

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
