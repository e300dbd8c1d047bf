// Small conversions shared by the patrol modules: JSON columns (text on some drivers, parsed on others),
// timestamps (Date or text by driver) to ISO, and rounding for presentation.
export const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
export const iso = (v: string | Date): string => (v instanceof Date ? v : new Date(v)).toISOString();
export const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
