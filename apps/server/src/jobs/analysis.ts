// Nightly analysis: from FORECAST_HOUR (local) each district gets today's forecast, then the scheduled reports
// (yesterday's daily reminders, last week's analyses on Mondays, last month's on the 1st) are made and pushed.
// Checked every few minutes, so a server started late in the day catches up; each piece is made once.
import type { Ctx } from '../context';
import { SYSTEM_ACTOR } from '../modules/auth/policy';
import { hasForecast, liveDistricts, runForecast } from '../modules/forecast/service';
import { scheduledReports } from '../modules/reports/service';
import { localDate } from '../modules/patrol/reference';

const NIGHTLY = { ...SYSTEM_ACTOR, displayName: '夜间预测' };

export async function analysisTick(ctx: Ctx, log: (s: string) => void = () => {}): Promise<{ forecasts: number; reports: number }> {
  const now = ctx.clock.now().getTime();
  const off = ctx.config.utcOffsetMinutes;
  const hour = new Date(now + off * 60_000).getUTCHours();
  if (hour < ctx.config.forecastHour) return { forecasts: 0, reports: 0 };
  const today = localDate(now, off);
  let forecasts = 0;
  for (const id of liveDistricts(ctx)) {
    if (await hasForecast(ctx, id, today)) continue;
    const r = await runForecast(ctx, NIGHTLY, { districtId: id, date: today }, 'schedule');
    log(`forecast ${r.districtName} ${today}: ${r.model}, ${r.events} incidents, ${(r.durationMs / 1000).toFixed(1)} s`);
    forecasts++;
  }
  const reports = await scheduledReports(ctx, now);
  if (reports) log(`reports made and pushed: ${reports}`);
  return { forecasts, reports };
}

export function startAnalysisJobs(ctx: Ctx, opts: { everyMs?: number } = {}): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await analysisTick(ctx, (s) => console.log(s));
    } catch (e) {
      console.error('analysis job failed:', e);
    } finally {
      running = false;
    }
  };
  void run();
  const h = setInterval(run, opts.everyMs ?? 5 * 60_000);
  return () => clearInterval(h);
}
