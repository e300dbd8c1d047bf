// Turning API errors into words for the user (pure; no DOM).
import { translate, type Lang } from '../app/dict';
import { errorCodeText } from '../app/texts/errors';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;
  constructor(status: number, code: string, message: string, details?: unknown, requestId?: string | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId ?? null;
  }
}

export interface FieldProblem {
  /** form path, e.g. ['lon'] or ['target', 'code'] */
  path: (string | number)[];
  message: string;
}

/** Converts `/body/target/code` or `/lon` or `lon` into a form path. Numeric segments become numbers. */
export function fieldPath(field: string): (string | number)[] {
  const parts = field
    .replace(/^#/, '')
    .split(/[/.]/)
    .filter((p) => p.length > 0);
  if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'querystring') parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Field errors of a VALIDATION_FAILED error (details: [{ field, message }]). */
export function fieldProblems(err: unknown): FieldProblem[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  const out: FieldProblem[] = [];
  for (const d of err.details) {
    if (d && typeof d === 'object' && typeof (d as { field?: unknown }).field === 'string') {
      const f = d as { field: string; message?: unknown };
      out.push({ path: fieldPath(f.field), message: typeof f.message === 'string' ? f.message : '' });
    }
  }
  return out;
}

/** One line for a toast: the error's meaning in the user's language. */
export function errorText(err: unknown, lang: Lang): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return translate(lang, 'err.network');
    if (err.code.startsWith('HTTP_')) return translate(lang, 'err.http', { status: err.status });
    const mapped = errorCodeText(lang, err.code);
    let text = mapped ?? err.message ?? err.code;
    if (err.code === 'VALIDATION_FAILED') {
      const fields = fieldProblems(err);
      if (fields.length) {
        text += ` (${fields.map((f) => `${f.path.join('.') || '?'}: ${f.message}`).join('; ')})`;
      }
    }
    if (err.code === 'INTERNAL' && err.requestId) text += ` [${err.requestId}]`;
    return text;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Builds an ApiError from a non-2xx response body (JSON `{ code, message, details }` or anything else). */
export function toApiError(status: number, body: unknown, requestId?: string | null): ApiError {
  if (body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
    const b = body as { code: string; message?: unknown; details?: unknown; requestId?: unknown };
    const rid = requestId ?? (typeof b.requestId === 'string' ? b.requestId : null);
    return new ApiError(status, b.code, typeof b.message === 'string' ? b.message : b.code, b.details, rid);
  }
  return new ApiError(status, `HTTP_${status}`, typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`);
}
