// Conversions of database values for presentation, shared by every module (one home instead of a copy per module).

/** ISO-8601 UTC of a timestamp column (PGlite gives Date, node-postgres a Date or a string). */
export const iso = (v: string | Date): string => (v instanceof Date ? v : new Date(v)).toISOString();
export const isoN = (v: string | Date | null | undefined): string | null => (v === null || v === undefined ? null : iso(v));
/** Milliseconds since the epoch of a timestamp column. */
export const ms = (v: string | Date): number => (v instanceof Date ? v.getTime() : Date.parse(v));
/** A jsonb column: PGlite parses it, some drivers hand back the text. */
export const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
/** A numeric column (text from the driver) as a number, null kept. */
export const numN = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
