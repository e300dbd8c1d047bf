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
  return Number.isFinite(t) && t >= Date.UTC(1970, 0, 1) && t < Date.UTC(2200, 0, 1) && Number(s.slice(17, 19)) < 60;
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
