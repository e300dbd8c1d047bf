// Disputes job: every minute, open disputes past their level's due time climb one level (矛盾不上交 has its clock:
// grid 3 days, community 7, station 10, town 15). The clock is ctx.clock; a dispute climbs once per due time.
import type { Ctx } from '../context';
import { escalateDue } from '../modules/disputes/service';

export const disputesTick = (ctx: Ctx): Promise<number> => escalateDue(ctx);

export function startDisputeJobs(ctx: Ctx, opts: { everyMs?: number } = {}): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await disputesTick(ctx);
    } catch (e) {
      console.error('disputes job failed:', e);
    } finally {
      running = false;
    }
  };
  const h = setInterval(run, opts.everyMs ?? 60_000);
  return () => clearInterval(h);
}
