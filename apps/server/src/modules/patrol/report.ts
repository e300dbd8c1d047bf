// The daily patrol report of a plan: per team and for the area, points visited and missed, risk covered by the
// tracks, kilometres and hours on patrol, check-ins by method, flags, and the 见警率 measure: for each two-hour
// window, the share of high-risk cells (the top fifth of the plan's cells by risk) that a patrol track passed.
// Tracks come from unit_positions, which are kept POSITION_RETENTION_HOURS: a report asked for later than that
// shows the track-based figures as zero (the check-in figures stay).
import { cellsByWindow, riskGrid, trackSummary, type TrackPoint } from '@jingwang/core';
import type { PatrolReport, PatrolTier } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso, json } from '../../lib/format';
import { authorize, type Actor } from '../auth/policy';
import { planWindowRule, visiblePlan } from './plans';
import * as repo from './repo/field';
import * as planRepo from './repo/plans';
import * as refRepo from './repo/reference';
import { round, type Candidate, type StoredStop } from './stops';
import { tallyRoute } from './tally';

const r2 = (x: number) => round(x, 2);
const r3 = (x: number) => round(x, 3);
const WINDOW_MS = 2 * 3600_000;
const HIGH_RISK_SHARE = 0.2;

export async function planReport(ctx: Ctx, actor: Actor, planId: number): Promise<PatrolReport> {
  authorize(actor, 'patrol.read');
  const plan = await visiblePlan(ctx, actor, planId);
  const tree = ctx.areas.tree();
  const shift = (await refRepo.shiftRow(ctx.db, plan.shift_id))!;
  const start = Date.parse(iso(plan.shift_start));
  const end = Date.parse(iso(plan.shift_end));
  const now = ctx.clock.now().getTime();
  const until = Math.max(start, Math.min(end, now));
  const cands = json<Candidate[]>(plan.candidates);
  const rule = planWindowRule(plan);
  const cells = cands.filter((c) => c.kind === 'cell');
  const cellRisk = new Map(cells.map((c) => [c.ref, c.risk]));
  const centreLat = cells.length ? cells.reduce((a, c) => a + c.lat, 0) / cells.length : 30;
  // the grid of the plan's cells: their ids carry the indexes, and the scale is the one riskCells used (refLat)
  const refLat = Math.round((await refRepo.areaCentreLat(ctx.db, plan.area_id)) ?? centreLat);
  const grid = riskGrid(refLat);
  const cellOf = (lon: number, lat: number) => grid.cellOf(lon, lat).id;
  const high = new Set(
    [...cells]
      .sort((a, b) => b.risk - a.risk)
      .slice(0, Math.max(1, Math.ceil(cells.length * HIGH_RISK_SHARE)))
      .map((c) => c.ref),
  );
  const routes = await planRepo.routeRows(ctx.db, [planId]);
  const checkins = await planRepo.checkinsOf(ctx.db, planId);
  const flags = await repo.planFlagKinds(ctx.db, planId);
  const windows = Math.max(1, Math.ceil((end - start) / WINDOW_MS));
  const seenByWindow = Array.from({ length: windows }, () => new Set<string>());
  const teams: PatrolReport['teams'] = [];
  for (const r of routes) {
    const stops = json<StoredStop[]>(r.stops);
    const mine = checkins.filter((c) => c.route_id === r.id);
    // the one count of stops (tally.ts), which the 分析研判 reports and the task indicators read too
    const { planned, visited, missed } = tallyRoute(stops, mine, rule, now, plan.status === 'draft');
    const track = (await repo.unitTrack(ctx.db, r.unit_id, start, until)).map((p): TrackPoint => ({ lon: p.lon, lat: p.lat, at: Date.parse(iso(p.at)) }));
    const sum = trackSummary(track, start, until);
    const byWindow = cellsByWindow(track, cellOf, start, end, WINDOW_MS);
    const passed = new Set<string>();
    byWindow.forEach((set, w) => {
      for (const id of set) {
        passed.add(id);
        seenByWindow[w]!.add(id);
      }
    });
    // geofence check-ins in cells count too (a team that stood in a cell with a sparse track)
    for (const c of mine) if (c.kind === 'cell') passed.add(c.ref);
    let covered = 0;
    for (const id of passed) covered += cellRisk.get(id) ?? 0;
    teams.push({
      unitId: r.unit_id,
      callsign: r.callsign,
      pointsPlanned: planned,
      pointsVisited: visited,
      pointsMissed: missed,
      riskPlanned: r3(r.risk),
      riskCovered: r3(covered),
      km: r2(sum.km),
      hoursOnPatrol: r2(sum.hours),
      checkins: {
        geofence: mine.filter((c) => c.method === 'geofence').length,
        qr: mine.filter((c) => c.method === 'qr').length,
        manual: mine.filter((c) => c.method === 'manual').length,
      },
      offRouteFlags: flags.filter((f) => f.route_id === r.id && f.kind === 'off_route').length,
    });
  }
  // the area's covered risk: each cell once, whoever passed it
  const allPassed = new Set<string>();
  for (const s of seenByWindow) for (const id of s) allPassed.add(id);
  for (const c of checkins) if (c.kind === 'cell') allPassed.add(c.ref);
  let areaCovered = 0;
  for (const id of allPassed) areaCovered += cellRisk.get(id) ?? 0;
  const visibility = seenByWindow.map((set, w) => {
    const from = start + w * WINDOW_MS;
    const to = Math.min(end, from + WINDOW_MS);
    let patrolled = 0;
    for (const id of high) if (set.has(id)) patrolled++;
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), highRiskCells: high.size, patrolled, share: high.size ? r3(patrolled / high.size) : 0 };
  });
  const sum = (f: (t: PatrolReport['teams'][number]) => number) => teams.reduce((a, t) => a + f(t), 0);
  return {
    planId,
    date: plan.plan_date,
    shiftName: shift.name,
    tier: plan.tier as PatrolTier,
    areaId: plan.area_id,
    areaName: tree.get(plan.area_id)?.name ?? '',
    until: new Date(until).toISOString(),
    teams,
    totals: {
      pointsPlanned: sum((t) => t.pointsPlanned),
      pointsVisited: sum((t) => t.pointsVisited),
      pointsMissed: sum((t) => t.pointsMissed),
      riskTotal: r3(plan.risk_total),
      riskCovered: r3(areaCovered),
      km: r2(sum((t) => t.km)),
      hoursOnPatrol: r2(sum((t) => t.hoursOnPatrol)),
    },
    visibility,
    flags: {
      off_route: flags.filter((f) => f.kind === 'off_route').length,
      missed_point: flags.filter((f) => f.kind === 'missed_point').length,
      absent: flags.filter((f) => f.kind === 'absent').length,
    },
  };
}
