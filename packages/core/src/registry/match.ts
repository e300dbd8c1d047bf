// Typo-tolerant matching of what one types against standard addresses: a substring of the address or of its pinyin
// initials ranks first (earlier and tighter is better), then near misses (a wrong, missing or extra character)
// by the share of the query's characters and character pairs found in order.
import { normalizeAddress } from './address';

export interface MatchCandidate {
  /** normalizeAddress(label) */
  text: string;
  /** addressInitials(parts) */
  initials: string;
}

/** Character pairs of a normalised text (a one-character text is its own gram). */
export function bigrams(text: string): string[] {
  const cs = [...text];
  if (cs.length < 2) return cs.length ? [cs[0]!] : [];
  const out: string[] = [];
  for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i]! + cs[i + 1]!);
  return out;
}

/** Length of the longest common subsequence of two strings (by code point). */
function lcs(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * A score in [0, 1] of how well `query` (as typed) names the candidate; 0 = not at all. Exact substrings score
 * 0.8-1 (a prefix and a short address more); initials (letters and digits only) 0.6-0.8, and so are queries whose
 * every character appears in order with levels left out between them; near misses below 0.6 and only when at least
 * 60% of the query's characters appear in order and it shares a character pair with the address.
 */
export function scoreAddressMatch(query: string, c: MatchCandidate): number {
  const q = normalizeAddress(query);
  if (q === '') return 0;
  const tight = (len: number) => Math.min(1, q.length / Math.max(1, len));
  const at = c.text.indexOf(q);
  if (at >= 0) return 0.8 + 0.1 * (at === 0 ? 1 : 1 / (1 + at)) + 0.1 * tight(c.text.length);
  if (/^[0-9a-z]+$/.test(q)) {
    const ai = c.initials.indexOf(q);
    if (ai >= 0) return 0.6 + 0.1 * (ai === 0 ? 1 : 1 / (1 + ai)) + 0.1 * tight(c.initials.length);
  }
  const qc = [...q];
  if (qc.length < 2) return 0;
  const grams = bigrams(q);
  const shared = grams.filter((g) => c.text.includes(g)).length;
  if (shared === 0) return 0;
  const inOrder = lcs(qc, [...c.text]) / qc.length;
  // every character in order, levels left out between them (渠县长安路12号 for 渠县渠江镇西城社区长安路12号)
  if (inOrder === 1 && qc.length >= 4) return 0.6 + 0.19 * tight(c.text.length);
  if (inOrder < 0.6) return 0;
  return Math.min(0.59, 0.5 * inOrder + 0.1 * (shared / grams.length));
}

/** The candidates ranked best first (ties by the shorter text), those that do not match at all left out. */
export function rankAddresses<T extends MatchCandidate>(query: string, candidates: readonly T[], limit: number): { item: T; score: number }[] {
  return candidates
    .map((item) => ({ item, score: scoreAddressMatch(query, item) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.item.text.length - b.item.text.length)
    .slice(0, limit);
}
