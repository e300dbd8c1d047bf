// Hourly housekeeping: the position track is kept for POSITION_RETENTION_HOURS.
import type { Ctx } from '../context';
import { prunePositions } from '../modules/units/records';
import { purgeExpiredSessions } from '../modules/auth/service';

export async function pruneTrack(ctx: Ctx): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - ctx.config.positionRetentionHours * 3600_000).toISOString();
  return prunePositions(ctx.db, before);
}

export function startRetention(ctx: Ctx, everyMs = 3600_000): () => void {
  const run = () => {
    void pruneTrack(ctx).catch((e) => console.error('track retention failed:', e));
    void purgeExpiredSessions(ctx).catch((e) => console.error('session purge failed:', e)); // expired sessions
  };
  void run();
  const h = setInterval(run, everyMs);
  return () => clearInterval(h);
}
