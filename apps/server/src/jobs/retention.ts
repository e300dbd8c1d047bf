// Hourly housekeeping: the position track is kept for POSITION_RETENTION_HOURS, expired sessions are purged, and
// the offline outbox's idempotency keys are forgotten after IDEMPOTENCY_REPLAY_HOURS (the replay window, 7 days:
// more than twice the 72 h within which the server still takes an action's own time, lib/fieldtime.ts; a phone whose
// queue still held an action's key after a week would have it handled afresh, not replayed).
import type { Ctx } from '../context';
import { prunePositions } from '../modules/units/records';
import { purgeExpiredSessions } from '../modules/auth/service';
import { purgeIdempotencyKeys } from '../lib/idempotency';

/** How long an idempotency key (and its kept answer) is replayed. */
export const IDEMPOTENCY_REPLAY_HOURS = 7 * 24;

export async function pruneTrack(ctx: Ctx): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - ctx.config.positionRetentionHours * 3600_000).toISOString();
  return prunePositions(ctx.db, before);
}

/** One round of the housekeeping; each part's failure is logged and does not stop the others. */
export async function housekeep(ctx: Ctx): Promise<void> {
  await Promise.all([
    pruneTrack(ctx).catch((e) => console.error('track retention failed:', e)),
    purgeExpiredSessions(ctx).catch((e) => console.error('session purge failed:', e)), // expired sessions
    purgeIdempotencyKeys(ctx, IDEMPOTENCY_REPLAY_HOURS).catch((e) => console.error('idempotency purge failed:', e)),
  ]);
}

export function startRetention(ctx: Ctx, everyMs = 3600_000): () => void {
  const run = () => void housekeep(ctx);
  void run();
  const h = setInterval(run, everyMs);
  return () => clearInterval(h);
}
