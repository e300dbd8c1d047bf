// The optional second factor: TOTP (RFC 6238; SHA-1, 6 digits, 30 s, as every authenticator app understands),
// by the otpauth package. A code is accepted one step either side of now, and each time step only once.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const PERIOD = 30;
const ISSUER = 'Jingwang 警网';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, username: string): string {
  return new TOTP({ issuer: ISSUER, label: username, secret: Secret.fromBase32(secret), period: PERIOD }).toString();
}

export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/** The time step a valid code belongs to, or null when it is not valid around `now`. */
export function totpStep(secret: string, code: string, now: number): number | null {
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), period: PERIOD, timestamp: now, window: 1 });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

/** The code of a secret at a time (tests, and the CLI's help). */
export function totpCode(secret: string, now: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), period: PERIOD, timestamp: now });
}
