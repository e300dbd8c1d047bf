// Turning API errors into words for the user (pure; no DOM).
import { translate, type Lang } from '../app/dict';
import { errorCodeText } from '../app/texts/errors';
import { FIELD_LABEL_ZH } from '../app/texts/fields';

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
  /** what to show at the field: the server's words, or in Chinese when fieldProblems was given 'zh' */
  message: string;
  /** the server's own (English) words, when `message` is a translation */
  raw?: string;
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

/**
 * Field errors of a VALIDATION_FAILED error (details: [{ field, message }]). Without `lang` (or with 'en') the
 * messages are the server's; with 'zh' they are in Chinese (fieldMessage) and the server's words stay in `raw`.
 */
export function fieldProblems(err: unknown, lang?: Lang): FieldProblem[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  const out: FieldProblem[] = [];
  for (const d of err.details) {
    if (d && typeof d === 'object' && typeof (d as { field?: unknown }).field === 'string') {
      const f = d as { field: string; message?: unknown };
      const message = typeof f.message === 'string' ? f.message : '';
      out.push(lang === 'zh' ? { path: fieldPath(f.field), message: fieldMessage(message, 'zh'), raw: message } : { path: fieldPath(f.field), message });
    }
  }
  return out;
}

/** The Chinese name of a field path (its last named segment: ['parts', 1, 'name'] -> 名称), or null when it has none. */
export function fieldLabel(path: readonly (string | number)[]): string | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (typeof p === 'string') return FIELD_LABEL_ZH[p] ?? null;
  }
  return null;
}

type Rule = [RegExp, (m: RegExpExecArray) => string];
const CMP_ZH: Record<string, string> = { '<=': '不能大于', '>=': '不能小于', '<': '必须小于', '>': '必须大于' };
const TYPE_ZH: Record<string, string> = { integer: '整数', number: '数字', string: '文本', boolean: '是或否', array: '列表', object: '对象', null: '空值' };
/** The validator's (ajv) and the server's own field messages, in Chinese. */
const FIELD_RULES_ZH: Rule[] = [
  [/^must be (<=|>=|<|>) (\S+)$/, (m) => `${CMP_ZH[m[1]!]} ${m[2]}`],
  [/^must NOT have fewer than (\d+) characters$/, (m) => `至少 ${m[1]} 个字符`],
  [/^must NOT have more than (\d+) characters$/, (m) => `最多 ${m[1]} 个字符`],
  [/^must NOT have fewer than (\d+) items$/, (m) => `至少 ${m[1]} 项`],
  [/^must NOT have more than (\d+) items$/, (m) => `最多 ${m[1]} 项`],
  [/^must have required property/, () => '必填'],
  [/^must be (integer|number|string|boolean|array|object|null)$/, (m) => `必须是${TYPE_ZH[m[1]!]}`],
  [/^must match format "date-time"$/, () => '时间格式不正确'],
  [/^must match format "date"$/, () => '日期格式不正确'],
  [/^must match (format|pattern) /, () => '格式不正确'],
  [/^must be equal to (one of the allowed values|constant)$/, () => '不是允许的取值'],
  [/^is not allowed$/, () => '不允许提交此字段'],
  [/^must not be in the future$/, () => '不能晚于当前时间'],
  [/must be a base64 JPEG or PNG data URL/, () => '必须是 JPEG 或 PNG 图片'],
  [/^the bytes are not the image type/, () => '图片内容与类型不符'],
  [/^is not a readable (PNG|JPEG) image$/, () => '图片无法读取'],
  [/NUL character|valid Unicode|valid UTF-8/, () => '含有无法保存的字符'],
];

/** A field message for the user: in Chinese when a rule knows it (else a generic Chinese text); English as is. */
export function fieldMessage(raw: string, lang: Lang): string {
  if (lang === 'en') return raw;
  for (const [re, to] of FIELD_RULES_ZH) {
    const m = re.exec(raw);
    if (m) return to(m);
  }
  return '内容无效';
}

/** PostGIS's reasons for an invalid geometry (ST_IsValidReason, "Self-intersection[120.1 30.2]"), in Chinese. */
const GEOMETRY_REASONS_ZH: [RegExp, string][] = [
  [/^Ring Self-intersection/i, '环自相交'],
  [/^Self-intersection/i, '边界自相交'],
  [/^Too few points/i, '点数过少'],
  [/^Hole lies outside shell/i, '内环位于外环之外'],
  [/^Nested holes/i, '内环相互嵌套'],
  [/^Nested shells/i, '外环相互嵌套'],
  [/^Interior is disconnected/i, '内部不连通'],
  [/^Invalid Coordinate/i, '坐标无效'],
  [/^Duplicate Rings/i, '环重复'],
  [/^empty geometry$/i, '几何为空'],
];

/** Why a geometry is invalid, for the user: in Chinese when known (the server's words otherwise), English as is. */
export function geometryReason(reason: string, lang: Lang): string {
  if (lang === 'en') return reason;
  for (const [re, zh] of GEOMETRY_REASONS_ZH) if (re.test(reason)) return zh;
  return reason;
}

/** Codes whose server message names the particular problem (a feature, a line, a column): kept in en. */
const SPECIFIC_MESSAGE = new Set(['INVALID_GEOMETRY', 'INVALID_GEOJSON', 'INVALID_CSV', 'UNKNOWN_PARENT', 'DUPLICATE_CODE']);

/** Where in an uploaded file the problem is, in Chinese: "第 3 个要素，编码 G-1，字段：名称". */
function featureContextZh(details: unknown): string | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as { feature?: unknown; code?: unknown; field?: unknown; parentCode?: unknown };
  const out: string[] = [];
  if (typeof d.feature === 'number') out.push(`第 ${d.feature + 1} 个要素`);
  if (typeof d.code === 'string' && d.code) out.push(`编码 ${d.code}`);
  if (typeof d.parentCode === 'string' && d.parentCode) out.push(`上级编码 ${d.parentCode}`);
  if (typeof d.field === 'string' && typeof d.feature === 'number') {
    const label = fieldLabel(fieldPath(d.field));
    if (label) out.push(`字段：${label}`);
  }
  return out.length ? out.join('，') : null;
}

/**
 * One line for a toast: the error's meaning in the user's language. In Chinese nothing of the server's English is
 * shown (fields named in Chinese, messages translated; errorDetails keeps the server's words for a collapsed
 * "details"); in English the server's particular message is kept.
 */
export function errorText(err: unknown, lang: Lang): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return translate(lang, 'err.network');
    if (err.code.startsWith('HTTP_')) return translate(lang, 'err.http', { status: err.status });
    const mapped = errorCodeText(lang, err.code);
    // a code this client does not know (a newer server): the server's words are all there is
    let text = mapped ?? (err.message || err.code);
    if (err.code === 'VALIDATION_FAILED') {
      const fields = fieldProblems(err, lang);
      if (fields.length) {
        text +=
          lang === 'zh'
            ? `（${fields.map((f) => { const l = fieldLabel(f.path); return l ? `${l}：${f.message}` : f.message; }).join('；')}）`
            : ` (${fields.map((f) => `${f.path.join('.') || '?'}: ${f.message}`).join('; ')})`;
      }
    } else if (lang === 'zh') {
      const where = featureContextZh(err.details);
      const reason = err.code === 'INVALID_GEOMETRY' ? (err.details as { reason?: unknown } | null)?.reason : undefined;
      if (where || typeof reason === 'string') text += `（${[where, typeof reason === 'string' ? `原因：${geometryReason(reason, 'zh')}` : null].filter(Boolean).join('，')}）`;
    } else if (SPECIFIC_MESSAGE.has(err.code) && err.message && err.message !== mapped) {
      text += ` (${err.message})`;
    }
    if (err.code === 'INTERNAL' && err.requestId) text += ` [${err.requestId}]`;
    return text;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The server's own words about an error (message and field messages), for a collapsed "details"; null for none. */
export function errorDetails(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code === 'NETWORK' || err.code.startsWith('HTTP_')) return null;
  const lines = [`${err.code}: ${err.message}`];
  for (const f of fieldProblems(err)) lines.push(`${f.path.join('.') || '?'}: ${f.message}`);
  if (err.requestId) lines.push(`request ${err.requestId}`);
  return lines.join('\n');
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
