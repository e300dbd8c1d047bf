// Encryption at rest for sensitive fields (phones, caller names): AES-256-GCM with a key kept outside the database
// (ENCRYPTION_KEY, or a key file generated once in DATA_DIR with mode 0600).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface FieldCipher {
  encrypt(plain: string | null | undefined): string | null;
  decrypt(enc: string | null | undefined): string | null;
  /** A keyed hash (HMAC-SHA256, hex) for exact-match search of an encrypted field without decrypting rows. */
  blindIndex(plain: string | null | undefined): string | null;
}

export function createFieldCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new Error('encryption key must be 32 bytes');
  const indexKey = crypto.createHmac('sha256', key).update('jingwang blind index v1').digest();
  return {
    encrypt(plain) {
      if (plain === null || plain === undefined || plain === '') return null;
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(enc) {
      if (!enc) return null;
      if (!enc.startsWith('v1:')) throw new Error('unknown ciphertext version');
      const raw = Buffer.from(enc.slice(3), 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    blindIndex(plain) {
      if (plain === null || plain === undefined || plain === '') return null;
      return crypto.createHmac('sha256', indexKey).update(plain, 'utf8').digest('hex');
    },
  };
}

export function loadKey(configured: string | null, dataDir: string | null): Buffer {
  if (configured) return Buffer.from(configured, /^[0-9a-f]{64}$/i.test(configured) ? 'hex' : 'base64');
  if (!dataDir) return crypto.randomBytes(32); // in-memory databases (tests): a key for the process
  const file = path.join(dataDir, 'field-key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}
