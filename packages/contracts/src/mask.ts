// Masking of personal data for display. Lists show masked values; the clear value is read through an audited endpoint.

/**
 * Mobile numbers (11 digits and more) show the usual 138****1234: the carrier prefix and the last four, never the
 * subscriber part. Shorter numbers (landlines of 7-8 digits, extensions) show only the last two digits, so at most
 * about a quarter of a number is ever visible.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^0-9]/g, '');
  if (digits.length === 0) return null;
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** 张三丰 -> 张*丰, 李四 -> 李*, Alice Smith -> A**** S**** */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = Array.from(name.trim());
  if (/^[\u4e00-\u9fff·]+$/.test(name)) {
    if (chars.length <= 1) return '*';
    if (chars.length === 2) return `${chars[0]}*`;
    return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
  }
  return name
    .split(/\s+/)
    .map((w) => (w.length ? `${w[0]}${'*'.repeat(Math.max(1, w.length - 1))}` : w))
    .join(' ');
}
