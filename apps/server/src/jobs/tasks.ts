// Tasks job. Every minute: occurrences of today and tomorrow are generated (idempotent) and the supervision ladder
// fires what the clock (ctx.clock) says, with reminders through notify(). Every hour (and at the first run): the
// zone-presence rollup of today and yesterday, then this month's indicators and assessments (and last month's
// during the first day of a month, so that it closes on complete data).
import { localDate } from '@jingwang/core';
import type { Ctx } from '../context';
import { ensureDefaults } from '../modules/tasks/catalogue';
import { computeAll, rollupZonePresence } from '../modules/tasks/indicators';
import { monthOf } from '../modules/tasks/common';
import { escalate, generateDue } from '../modules/tasks/service';
import { superviseCases } from '../modules/cases/supervision';

const HOUR = 3_600_000;

export interface TasksJobState {
  lastIndicatorsAt: number | null;
}

export async function tasksTick(ctx: Ctx, state: TasksJobState = { lastIndicatorsAt: null }): Promise<{ generated: number; fired: number; indicators: boolean }> {
  const generated = await generateDue(ctx);
  const fired = await escalate(ctx);
  await superviseCases(ctx); // cases in hand: the same ladder on their legal deadlines (issue 17)
  const now = ctx.clock.now().getTime();
  let indicators = false;
  if (state.lastIndicatorsAt === null || now - state.lastIndicatorsAt >= HOUR) {
    state.lastIndicatorsAt = now;
    const off = ctx.config.utcOffsetMinutes;
    await rollupZonePresence(ctx, localDate(now - 86_400_000, off));
    await rollupZonePresence(ctx, localDate(now, off));
    await computeAll(ctx);
    const prev = monthOf(now - 86_400_000, off);
    if (prev !== monthOf(now, off)) await computeAll(ctx, prev);
    indicators = true;
  }
  return { generated, fired, indicators };
}

export function startTasksJobs(ctx: Ctx, opts: { everyMs?: number } = {}): () => void {
  let running = false;
  const state: TasksJobState = { lastIndicatorsAt: null };
  let ready = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      if (!ready) {
        await ensureDefaults(ctx);
        ready = true;
      }
      await tasksTick(ctx, state);
    } catch (e) {
      console.error('tasks job failed:', e);
    } finally {
      running = false;
    }
  };
  void run();
  const h = setInterval(run, opts.everyMs ?? 60_000);
  return () => clearInterval(h);
}
