// Chinese resident identity numbers (GB 11643-1999): 6 digits of region, 8 of birth date (YYYYMMDD), 3 of sequence
// (odd = male, even = female) and one check character (ISO 7064 MOD 11-2: 0-9 or X).

export type IdNumberProblem = 'empty' | 'length' | 'format' | 'birth_date' | 'future_birth_date' | 'check_digit';

export type IdNumberCheck =
  | { ok: true; normalized: string; region: string; birthDate: string; gender: 'male' | 'female' }
  | { ok: false; problem: IdNumberProblem; zh: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

const ZH: Record<IdNumberProblem, string> = {
  empty: '身份证号为空',
  length: '身份证号应为18位',
  format: '身份证号前17位应为数字，末位为数字或X',
  birth_date: '身份证号中的出生日期不存在',
  future_birth_date: '身份证号中的出生日期在将来',
  check_digit: '身份证号校验码不正确',
};

/** The check character of the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** True for a real calendar day (1900-01-01 or later): 20230229 is not one, 20240229 is. */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** Checks an 18-character ID number: format, a real birth date not after `today`, the check character. */
export function checkIdNumber(raw: string, today: Date = new Date()): IdNumberCheck {
  const s = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const bad = (problem: IdNumberProblem): IdNumberCheck => ({ ok: false, problem, zh: ZH[problem] });
  if (s === '') return bad('empty');
  if (s.length !== 18) return bad('length');
  if (!/^\d{17}[\dX]$/.test(s)) return bad('format');
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (!isCalendarDay(y, m, d)) return bad('birth_date');
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (birthDate > today.toISOString().slice(0, 10)) return bad('future_birth_date');
  if (idCheckDigit(s.slice(0, 17)) !== s[17]) return bad('check_digit');
  return { ok: true, normalized: s, region: s.slice(0, 6), birthDate, gender: Number(s[16]) % 2 === 1 ? 'male' : 'female' };
}

/** A valid number from its first 17 digits (tests, the demo seed). */
export function completeIdNumber(first17: string): string {
  return first17 + idCheckDigit(first17);
}
