// The gazetteer: standard addresses found as one types, by any part (substring of the normal form), by pinyin
// initials, or with a typo (candidates sharing a character pair, ranked by core's scorer). Used by the registry,
// the command room's intake (`GET /api/intake/places`) and the anti-fraud intake (a warning with only an address).
import { bigrams, normalizeAddress, rankAddresses } from '@jingwang/core';
import type { AddressHit } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { authorize, scopeIds, type Actor } from '../auth/policy';
import * as repo from './repo/addresses';

const SUBSTRING_CANDIDATES = 200;
const GRAM_CANDIDATES = 300;

/** Ranked candidates for a query within a scope (null = everywhere); no authorisation (callers check). */
export async function rankedAddresses(db: Db | Transaction<DB>, q: string, scope: readonly number[] | null, limit: number): Promise<(repo.Candidate & { score: number })[]> {
  const norm = normalizeAddress(q);
  if (norm === '') return [];
  const letters = /^[0-9a-z]+$/.test(norm) ? norm : null;
  let cands = await repo.substringCandidates(db, norm, letters, scope, SUBSTRING_CANDIDATES);
  if (cands.length < limit && [...norm].length >= 2) {
    const seen = new Set(cands.map((c) => c.id));
    const more = await repo.gramCandidates(db, bigrams(norm), scope, GRAM_CANDIDATES);
    cands = cands.concat(more.filter((c) => !seen.has(c.id)));
  }
  return rankAddresses(q, cands.map((c) => ({ ...c, text: c.norm })), limit).map((r) => ({ ...r.item, score: r.score }));
}

const hit = (c: repo.Candidate): AddressHit => ({ id: c.id, label: c.label, lon: c.lon, lat: c.lat, areaId: c.grid_id ?? c.area_ids[c.area_ids.length - 1] ?? null });

/**
 * Addresses matching what the caller typed, best first, within the caller's area (`areaId` = the grid, else the
 * smallest area the address lies in).
 */
export async function searchAddresses(ctx: Ctx, actor: Actor, q: string, limit = 10): Promise<AddressHit[]> {
  authorize(actor, 'registry.read');
  const n = Math.max(1, Math.min(50, Math.floor(limit)));
  const rows = await rankedAddresses(ctx.db, q, scopeIds(actor, ctx.areas.tree()), n);
  return rows.map(hit);
}

/**
 * The one standard address an address text names, for placing a record that comes with an address only (an
 * anti-fraud warning): the best match when every character of the text is in it (a part of it, or its levels with
 * some left out; score >= 0.6, no typo) and it is clearly ahead of the next one (0.05); null when unknown or
 * ambiguous. No scope: the caller decides what to do with a place outside it.
 */
export async function placeByAddress(ctx: Ctx, text: string, db: Db | Transaction<DB> = ctx.db): Promise<AddressHit | null> {
  if (/^[0-9a-z\s]+$/i.test(text)) return null; // initials are for typing, not for placing
  const rows = await rankedAddresses(db, text, null, 2);
  const best = rows[0];
  if (!best || best.score < 0.6) return null;
  const second = rows[1];
  if (second && second.score > best.score - 0.05 && normalizeAddress(text) !== best.norm) return null;
  return hit(best);
}
