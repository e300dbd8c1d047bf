// Dates and times for people to read, in the user's language and the browser's time zone. Pure (no DOM, no React);
// tested by format.test.ts. Never show an ISO timestamp ("2026-12-10T10:00:00Z") on screen: format it with these.
type Lang = 'zh' | 'en';

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A Date from an ISO string, a date-only string (local midnight, not UTC), epoch ms or a Date; null when not a time. */
function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v : null;
  if (typeof v === 'number') return Number.isFinite(v) ? new Date(v) : null;
  const d = DATE_ONLY.exec(v);
  if (d) return new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t) : null;
}

/** "2026年12月10日" (zh) or "10 Dec 2026" (en); '—' for no date. */
export function fmtDate(v: string | number | Date | null | undefined, lang: Lang): string {
  const d = toDate(v);
  if (!d) return '—';
  return lang === 'zh'
    ? `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
    : `${d.getDate()} ${MONTHS_EN[d.getMonth()]} ${d.getFullYear()}`;
}

/** "2026年12月10日 18:00" (zh) or "10 Dec 2026, 18:00" (en), local time; '—' for no time. */
export function fmtDateTime(v: string | number | Date | null | undefined, lang: Lang): string {
  const d = toDate(v);
  if (!d) return '—';
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return lang === 'zh' ? `${fmtDate(d, lang)} ${hm}` : `${fmtDate(d, lang)}, ${hm}`;
}

/** ISO-8601 date-times inside a text (with a time and a zone: Z or ±hh:mm). */
const ISO_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * A text (e.g. a notification's body written by the server) with every ISO date-time in it replaced by
 * fmtDateTime: "新的期限：2026-12-10T10:00:00.000Z" -> "新的期限：2026年12月10日 18:00" in Asia/Shanghai.
 */
export function localizeTimes(text: string, lang: Lang): string {
  return text.replace(ISO_IN_TEXT, (m) => fmtDateTime(m, lang));
}

/**
 * The kind label to show beside an area's name, or null when the name already says it: "天目山派出所辖区" needs no
 * "派出所辖区" after it, "天目社区第1网格" no "网格", "城东社区" no "社区/村" (issue 18: doubled words).
 */
export function kindBeside(name: string, kindLabel: string): string | null {
  const n = name.trim().toLowerCase();
  const cores = kindLabel
    .toLowerCase()
    .split(/[/、（）()]/)
    .map((s) => s.replace(/辖区$/, '').trim())
    .filter((s) => s.length > 0);
  return cores.some((c) => n.endsWith(c) || n.endsWith(`${c}辖区`) || n.includes(`${c}第`)) ? null : kindLabel;
}
