// The offline basemap's rules: whether one exists, and reading byte ranges of it for any logged-in user (its
// tiles show the county's streets and buildings, which every role's map draws; devices have no map).
import fs from 'node:fs';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import type { Actor } from '../auth/policy';
import { basemapPath } from './build';

export function hasBasemap(ctx: Ctx): boolean {
  try {
    return fs.statSync(basemapPath(ctx.config.dataDir)).size > 0;
  } catch {
    return false;
  }
}

export interface BasemapRange {
  file: string;
  size: number;
  /** Last modification in ms: the archive's ETag changes when it is rebuilt. */
  mtimeMs: number;
  /** Inclusive byte range; null = the whole file. */
  range: { start: number; end: number } | null;
}

/**
 * What to send for a request with this Range header: the whole file (no header), one satisfiable range, or
 * RANGE_NOT_SATISFIABLE (416). Multiple ranges are not served (the pmtiles reader asks for one at a time).
 */
export function basemapRange(ctx: Ctx, actor: Actor, rangeHeader: string | undefined): BasemapRange {
  if (actor.kind !== 'user' && actor.kind !== 'system') throw new AppError('FORBIDDEN');
  const file = basemapPath(ctx.config.dataDir);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new AppError('BASEMAP_NOT_FOUND');
  }
  const size = st.size;
  if (rangeHeader === undefined || rangeHeader === '') return { file, size, mtimeMs: st.mtimeMs, range: null };
  const m = /^bytes=(\d*)-(\d*)$/.exec(rangeHeader.trim());
  if (!m || (m[1] === '' && m[2] === '')) throw new AppError('RANGE_NOT_SATISFIABLE', undefined, { size });
  let start: number;
  let end: number;
  if (m[1] === '') {
    // a suffix range: the last N bytes
    const n = Number(m[2]);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) throw new AppError('RANGE_NOT_SATISFIABLE', undefined, { size });
  return { file, size, mtimeMs: st.mtimeMs, range: { start, end } };
}
