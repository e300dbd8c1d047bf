// The area history's words: what an event did, and what it did to this area. Pure (no DOM, no React); tested by
// history.test.ts. The server's event detail is `{ role, ...detail }`: role of this area in the event (source,
// target, member, created) and the operation's own detail (codes/target/keepSources for a merge or bundle,
// source/parts for a split, count for an import). Nothing raw is shown: an unknown key is left out.
import type { DictKey } from '../../app/dict';

type T = (key: DictKey, vars?: Record<string, string | number>) => string;

const OPS = ['merge', 'bundle', 'split', 'import'] as const;
const ROLES = ['source', 'target', 'member', 'created'] as const;

/** "合并" for merge...; an operation the client does not know keeps its name. */
export function historyOpLabel(op: string, t: T): string {
  return (OPS as readonly string[]).includes(op) ? t(`areas.op.${op as (typeof OPS)[number]}`) : op;
}


/** The event's detail in words, one clause each: "本区域被编入新的上级区域；涉及区域：A、B；新区域：X；保留原区域". */
export function describeHistoryDetail(detail: unknown, t: T, lang: 'zh' | 'en' = 'zh'): string {
  if (typeof detail !== 'object' || detail === null) return '';
  const d = detail as Record<string, unknown>;
  const list = (v: unknown[]): string => v.map(String).join(lang === 'zh' ? '、' : ', ');
  const parts: string[] = [];
  if (typeof d.role === 'string' && (ROLES as readonly string[]).includes(d.role)) parts.push(t(`areas.role.${d.role as (typeof ROLES)[number]}`));
  if (d.source !== undefined && d.source !== null) parts.push(t('areas.detail.source', { code: String(d.source) }));
  if (Array.isArray(d.codes) && d.codes.length) parts.push(t('areas.detail.codes', { codes: list(d.codes) }));
  if (Array.isArray(d.parts) && d.parts.length) parts.push(t('areas.detail.parts', { codes: list(d.parts) }));
  if (d.target !== undefined && d.target !== null) parts.push(t('areas.detail.target', { code: String(d.target) }));
  if (d.keepSources === true) parts.push(t('areas.detail.keepSources'));
  if (typeof d.count === 'number') parts.push(t('areas.detail.count', { n: d.count }));
  return parts.join(lang === 'zh' ? '；' : '; ');
}
