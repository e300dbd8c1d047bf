// Field-terminal job: every 10 seconds, dispatches not acknowledged on a phone within MDT_ACK_SECONDS go out once
// more through the notification webhook (SMS fallback). The clock is ctx.clock; each fallback fires once.
import type { Ctx } from '../context';
import { fallbackDue } from '../modules/mdt/service';

export const mdtTick = (ctx: Ctx): Promise<number> => fallbackDue(ctx);

export function startMdtJobs(ctx: Ctx, opts: { everyMs?: number } = {}): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await mdtTick(ctx);
    } catch (e) {
      console.error('mdt job failed:', e);
    } finally {
      running = false;
    }
  };
  const h = setInterval(run, opts.everyMs ?? 10_000);
  return () => clearInterval(h);
}
