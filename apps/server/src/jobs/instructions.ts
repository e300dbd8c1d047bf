// Instructions job: every 30 seconds, receipts unread INSTRUCTION_READ_SECONDS after delivery go out once more
// through the notification webhook (SMS fallback). The clock is ctx.clock; each fallback fires once.
import type { Ctx } from '../context';
import { fallbackDue } from '../modules/instructions/service';

export const instructionsTick = (ctx: Ctx): Promise<number> => fallbackDue(ctx);

export function startInstructionJobs(ctx: Ctx, opts: { everyMs?: number } = {}): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await instructionsTick(ctx);
    } catch (e) {
      console.error('instructions job failed:', e);
    } finally {
      running = false;
    }
  };
  const h = setInterval(run, opts.everyMs ?? 30_000);
  return () => clearInterval(h);
}
