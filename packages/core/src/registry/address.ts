// Standard addresses (标准地址): the levels 省/市/县/乡镇(街道)/社区(村)/街路巷/门牌/楼栋/单元/户室, the label built
// from them, and the normal form used for search and duplicates.
import { pinyin } from 'pinyin-pro';

export const ADDRESS_LEVELS = ['province', 'city', 'county', 'town', 'community', 'street', 'doorNo', 'building', 'unitNo', 'room'] as const;
export type AddressLevel = (typeof ADDRESS_LEVELS)[number];
export type AddressParts = Partial<Record<AddressLevel, string | null>>;

export const ADDRESS_LEVEL_ZH: Record<AddressLevel, string> = {
  province: '省',
  city: '市',
  county: '县',
  town: '乡镇(街道)',
  community: '社区(村)',
  street: '街路巷',
  doorNo: '门牌',
  building: '楼栋',
  unitNo: '单元',
  room: '户室',
};

/** What a bare number at a level means: 12 -> 12号, 3 -> 3栋, 2 -> 2单元, 501 -> 501室. */
const SUFFIX: Partial<Record<AddressLevel, string>> = { doorNo: '号', building: '栋', unitNo: '单元', room: '室' };

/** One level's text as written in a label: trimmed, a bare number given its suffix. */
export function partText(level: AddressLevel, v: string | null | undefined): string {
  const t = (v ?? '').normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return '';
  const suffix = SUFFIX[level];
  return suffix && /^[0-9A-Za-z-]+$/.test(t) ? t + suffix : t;
}

/** The address as one line, from the largest level to the smallest. */
export function addressLabel(parts: AddressParts): string {
  return ADDRESS_LEVELS.map((l) => partText(l, parts[l])).join('');
}

/**
 * The normal form for matching: NFKC (full-width digits and letters become half-width), lower case, no spaces or
 * punctuation, 幢/座/号楼 written 栋, 弄 as 号, Chinese numerals 零-九 as digits.
 */
export function normalizeAddress(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .replace(/号楼|幢|座/g, '栋')
    .replace(/弄/g, '号')
    .replace(/[零〇一二三四五六七八九]/g, (c) => String('零一二三四五六七八九'.indexOf(c === '〇' ? '零' : c)));
}

/** Pinyin initials of a text (长安路12号 -> cal12h); letters and digits kept, other signs dropped. */
export function pinyinInitials(text: string): string {
  const t = text.normalize('NFKC').toLowerCase();
  if (t === '') return '';
  const out = pinyin(t, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }) as string[];
  return out.join('').replace(/[^0-9a-z]/g, '');
}

/**
 * Initials of the whole address, level by level (so a word across two levels cannot change a reading: 县|长安路 is
 * q x c a l, not 县长).
 */
export function addressInitials(parts: AddressParts): string {
  return ADDRESS_LEVELS.map((l) => pinyinInitials(partText(l, parts[l]))).join('');
}
