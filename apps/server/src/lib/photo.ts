// Photos sent as data URLs (task evidence, patrol check-ins): decoded and checked before anything is written.
import { AppError, validationError } from './errors';

export const MAX_PHOTO_BYTES = 3 * 1024 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface DecodedPhoto {
  mime: 'image/jpeg' | 'image/png';
  bytes: Buffer;
}

/**
 * A base64 JPEG or PNG data URL to bytes; `field` names the JSON pointer reported on error (400 VALIDATION_FAILED,
 * or 413 PAYLOAD_TOO_LARGE above 3 MB). The bytes must carry the magic number of the type the URL names.
 */
export function decodePhoto(dataUrl: string, field: string): DecodedPhoto {
  const m = /^data:(image\/(?:jpeg|png));base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  if (!m) throw validationError([{ field, message: 'must be a base64 JPEG or PNG data URL' }]);
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'A photo is larger than 3 MB', { field });
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(PNG_MAGIC);
  if ((m[1] === 'image/jpeg' && !jpeg) || (m[1] === 'image/png' && !png)) throw validationError([{ field, message: 'the bytes are not the image type the data URL names' }]);
  return { mime: m[1] as DecodedPhoto['mime'], bytes };
}
