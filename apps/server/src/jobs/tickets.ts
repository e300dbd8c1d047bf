// Tickets job: every minute, overdue work-handover tickets climb the supervision ladder (overdue, reminder, yellow
// and red cards), each step once per due time, notifying the department (and the originator for the cards).
import type { Ctx } from '../context';
import { ladderTick } from '../modules/tickets/service';

export const ticketsTick = (ctx: Ctx): Promise<number> => ladderTick(ctx);

export function startTicketJobs(ctx: Ctx, opts: { everyMs?: number } = {}): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await ticketsTick(ctx);
    } catch (e) {
      console.error('tickets job failed:', e);
    } finally {
      running = false;
    }
  };
  const h = setInterval(run, opts.everyMs ?? 60_000);
  return () => clearInterval(h);
}
