// Every minute: missed mandatory stops are flagged, the automatic roll call (日点名) of each published plan is taken
// at its time, and (demo only) the shift that is on gets published plans when it has none.
import type { Ctx } from '../context';
import { SYSTEM_ACTOR } from '../modules/auth/policy';
import { sweepMissed, sweepRollCalls } from '../modules/patrol/field';

const ROLL_CALLER = { ...SYSTEM_ACTOR, displayName: '自动点名' };

export async function patrolTick(ctx: Ctx, extra?: () => Promise<unknown>): Promise<void> {
  await sweepMissed(ctx);
  await sweepRollCalls(ctx, ROLL_CALLER);
  if (extra) await extra();
}

export function startPatrolJobs(ctx: Ctx, opts: { everyMs?: number; extra?: () => Promise<unknown> } = {}): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await patrolTick(ctx, opts.extra);
    } catch (e) {
      console.error('patrol job failed:', e);
    } finally {
      running = false;
    }
  };
  void run();
  const h = setInterval(run, opts.everyMs ?? 60_000);
  return () => clearInterval(h);
}
