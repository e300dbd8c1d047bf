// Request validation shared by HTTP routes and the WebSocket: one Ajv setup, one way of naming the field at fault.
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyError } from 'fastify';
import type { FieldError } from '@jingwang/contracts';

// Bodies are validated strictly (a string is not a number); query strings and params are coerced from text.
export function makeAjv(coerce: boolean) {
  const ajv = new Ajv({ coerceTypes: coerce ? 'array' : false, allErrors: true, removeAdditional: false, useDefaults: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  // RFC 3339 lets through leap seconds and year 0000, which JavaScript and PostgreSQL then refuse: accept only
  // times both can hold, so a bad time is a 400 naming the field, never a 500 further down.
  ajv.addFormat('date-time', { type: 'string', validate: isUsableTime });
  return ajv;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
export function isUsableTime(s: string): boolean {
  if (!RFC3339.test(s)) return false;
  const t = Date.parse(s);
  if (!Number.isFinite(t) || t < Date.UTC(1970, 0, 1) || t >= Date.UTC(2200, 0, 1) || Number(s.slice(17, 19)) >= 60) return false;
  // a real calendar day: JavaScript reads 2026-02-30 as 2 March, so check the day exists in its month
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate() && Number(s.slice(11, 13)) < 24 && Number(s.slice(14, 16)) < 60;
}

export function fieldErrors(errors: ErrorObject[] | FastifyError['validation'], part: string): FieldError[] {
  const list = (errors ?? []) as ErrorObject[];
  const out = new Map<string, string>();
  for (const e of list) {
    let field = e.instancePath || '';
    if (e.keyword === 'required') field += `/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties') field += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
    const key = field || `/${part}`;
    // unions report one error per branch; keep the first, most specific message per field
    if (!out.has(key)) out.set(key, e.keyword === 'additionalProperties' ? 'is not allowed' : (e.message ?? 'is invalid'));
  }
  return [...out].map(([field, message]) => ({ field, message }));
}

// ------------------------------------------------------------------ text the database cannot hold (issue 19 defect 2)
//
// PostgreSQL text refuses NUL (\u0000), and a lone UTF-16 surrogate (from a JSON escape such as "\ud800") has no
// UTF-8 form: either used to reach the database as a 500. The edge refuses them in every string and key of the
// body, the query string and the path parameters (400 VALIDATION_FAILED naming the field), and refuses bodies and
// query strings that are not valid UTF-8 instead of silently replacing the bad bytes.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored as text, or null when it can. */
export function unsafeText(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (a lone surrogate)';
  return null;
}

const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1').replace(/\u0000/g, '\\u0000');

/** Every string (and object key) of a parsed value that cannot be stored, by JSON pointer under `path`. */
export function unsafeStrings(v: unknown, path = '', out: FieldError[] = [], depth = 0): FieldError[] {
  if (out.length >= 20 || depth > 64) return out;
  if (typeof v === 'string') {
    const why = unsafeText(v);
    if (why) out.push({ field: path || '/', message: why });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => unsafeStrings(x, `${path}/${i}`, out, depth + 1));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const why = unsafeText(k);
      if (why) out.push({ field: `${path}/${pointer(k)}`, message: `name ${why}` });
      unsafeStrings(x, `${path}/${pointer(k)}`, out, depth + 1);
    }
  }
  return out;
}

/** Names of query-string parameters whose percent-encoding is not UTF-8 (the parser would keep them as raw "%FF"). */
export function badlyEncodedQuery(url: string): FieldError[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const out: FieldError[] = [];
  for (const part of url.slice(q + 1).split('&')) {
    if (!part.includes('%')) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    for (const s of eq < 0 ? [part] : [key, part.slice(eq + 1)]) {
      try {
        decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        let name = key;
        try {
          name = decodeURIComponent(key);
        } catch {
          /* keep the raw name */
        }
        out.push({ field: `/${pointer(name)}`, message: 'is not valid UTF-8 percent-encoding' });
        break;
      }
    }
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Bytes as UTF-8 text, or null when they are not valid UTF-8. */
export function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
