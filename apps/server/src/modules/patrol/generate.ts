// Generating a patrol plan: the candidates (mandatory points and lines inside the area, risk cells from the
// district's forecast for the date and shift, else from the incident history), the teams' bases, travel matrices
// per mode on the road graph, and the team orienteering planner (core/patrol). A draft for the same date, shift,
// tier and area is superseded (cancelled); a published one is not generated over.
import { patrolPlanMachine, planPatrols, riskCells, type PatrolNode, type PatrolPlanState, type PatrolProblem, type PatrolTeam, type RoadProfileName } from '@jingwang/core';
import type { GeneratePlanBody, PatrolPlan, PatrolTier, Shift, UnitType } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { forecastRiskCells } from '../forecast/service';
import { placeNames } from '../areas/service';
import { checkAreaInScope, forcesOf, getShift, linesInArea, minutesOf, pointsInArea, shiftSpan, type ForceRow } from './reference';
import { pathThrough, profileOfUnit, travelFor, type ModeTravel } from './travel';
import { planRow, presentPlan } from './plans';
import * as refRepo from './repo/reference';
import * as repo from './repo/plans';
import { cellStopNames, distinctRisk, selectCells, stopRisks, unmetOf, type Candidate, type StoredStop } from './stops';

/** Risk source named on plans whose district has no forecast for the date and shift (else `forecast_<model>`). */
export const RISK_SOURCE = 'historic_density_180d';
/** Seconds a team spends in a risk cell (visible presence, 见警). */
export const CELL_DWELL_S = 600;
/** Geofence radius of a risk cell's centre, metres (a 250 m cell's half diagonal is 177 m). */
export const CELL_RADIUS_M = 150;
/**
 * Cells offered to the planner: the riskiest, CELLS_PER_TEAM per team (at least MAX_CELLS when there are that
 * many), plus cells near slow teams. A fixed cap of 400 left 22 teams without enough work for their shifts (issue
 * 18: cars with 1.5-2 hours of 8): a car fits about 30 cells of 10 minutes in a shift.
 */
const MAX_CELLS = 400;
const CELLS_PER_TEAM = 30;
const RISK_SCALE = 1000;
const DEFAULT_BUDGET_MS = 3000;
/**
 * Share of its shift (travel + dwell) every team should have in use: the planner's best plan is balanced towards
 * it at the end (core/patrol search.ts, balance). Without it, once every reachable visit was made the search (least
 * travel) left slow or far teams at their base (issue 18: 6 foot teams with 0 minutes, cars with 1.5-2 hours of
 * 8); 0.8 is the goal (no team below 80 % of its shift in use). It never drops a visit: mandatory visits
 * and risk stay as the search found them; a team with nothing in its reach stays below it.
 */
export const BALANCE_TARGET = 0.8;

/**
 * A daily local window (HH:MM to HH:MM, may run past midnight) as seconds from the shift's start, clipped to the
 * shift; null when the window and the shift do not meet.
 */
export function windowInShift(shift: Shift, start: string, end: string): { open: number; close: number } | null {
  const day = 1440 * 60;
  const len = ((((minutesOf(end) - minutesOf(start)) % 1440) + 1440) % 1440) * 60;
  const shiftLen = shift.durationMinutes * 60;
  const offset = ((((minutesOf(start) - minutesOf(shift.startsAt)) % 1440) + 1440) % 1440) * 60;
  // the window's occurrences relative to the shift start: this day's, and the one that began the day before
  for (const o of [offset - day, offset, offset + day]) {
    const open = Math.max(0, o);
    const close = Math.min(shiftLen, o + len);
    if (close > open) return { open, close };
  }
  return null;
}

/** How far from its base a team of a slow mode is offered risk cells of its own (metres): about 20 minutes. */
const REACH_M: Record<RoadProfileName, number> = { foot: 1500, ebike: 4000, car: Number.POSITIVE_INFINITY };

async function candidatesFor(
  ctx: Ctx,
  areaId: number,
  tier: PatrolTier,
  shift: Shift,
  date: string,
  span: { start: number; end: number },
  teams: readonly { lon: number; lat: number; reachM: number }[],
) {
  const points = await pointsInArea(ctx, areaId, { tier, active: true });
  const lines = await linesInArea(ctx, areaId, { tier, active: true });
  const shiftSeconds = shift.durationMinutes * 60;
  const cands: Candidate[] = [];
  for (const p of points) {
    let open: number | null = null;
    let close: number | null = null;
    if (p.window_start && p.window_end) {
      const w = windowInShift(shift, p.window_start, p.window_end);
      // a point watched at other hours (a school gate at dismissal) is not this shift's duty
      if (!w) continue;
      // the window bounds the start of service: the dwell must end by the window's end
      open = w.open;
      close = Math.max(w.open, w.close - p.dwell_min * 60);
    }
    cands.push({
      kind: 'point',
      ref: String(p.id),
      name: p.name,
      lon: p.lon,
      lat: p.lat,
      risk: 0,
      mandatoryVisits: p.visits_per_shift,
      maxVisits: p.visits_per_shift,
      service: p.dwell_min * 60,
      open,
      close,
      minGap: p.min_gap_min * 60,
      decay: 1,
      radius: p.radius_m,
    });
  }
  for (const l of lines) {
    const coords = (JSON.parse(l.geojson) as { coordinates: [number, number][] }).coordinates;
    const m = await refRepo.lineMidpoint(ctx.db, l.id);
    cands.push({
      kind: 'line',
      ref: String(l.id),
      name: l.name,
      lon: m.lon,
      lat: m.lat,
      risk: 0,
      mandatoryVisits: l.visits_per_shift,
      maxVisits: l.visits_per_shift,
      // patrolling the line: its length at 12 km/h (slow enough to look around), at least two minutes
      service: Math.max(120, Math.round(l.length_m / (12 / 3.6))),
      open: null,
      close: null,
      minGap: 0,
      decay: 1,
      radius: 60,
      checkpoints: [coords[0]!, [m.lon, m.lat], coords[coords.length - 1]!],
    });
  }
  // risk: the forecast of the plan's district for this date and shift when there is one (on the same 250 m grid),
  // else incidents that happened inside the area before the shift (historic density)
  const refLat = Math.round((await refRepo.areaCentreLat(ctx.db, areaId)) ?? 30);
  const forecast = await forecastRiskCells(ctx, areaId, date, shift.id, { refLat, cellM: 250 });
  let riskSource = RISK_SOURCE;
  let cells: { id: string; lon: number; lat: number; risk: number; count: number }[];
  if (forecast) {
    cells = forecast.cells;
    riskSource = `forecast_${forecast.model}`;
  } else {
    const events = await repo.incidentHistory(ctx.db, areaId, span.start - 180 * 86400_000, span.start);
    cells = riskCells(events, {
      refLat,
      now: span.start,
      shiftStartMinute: minutesOf(shift.startsAt),
      shiftMinutes: shift.durationMinutes,
      utcOffsetMinutes: ctx.config.utcOffsetMinutes,
    });
  }
  const kept = selectCells(cells, teams, { maxCells: Math.max(MAX_CELLS, CELLS_PER_TEAM * teams.length), perTeam: CELLS_PER_TEAM });
  const mean = kept.length ? kept.reduce((a, c) => a + c.risk, 0) / kept.length : 0;
  // a stop is named by its place (the grid holding the cell's centre), not "risk block N"; cells of one grid told
  // apart by the nearest road and their part of it (stops.ts cellStopNames)
  const places = await placeNames(ctx, kept);
  const shared = kept.map((_, i) => places[i] != null && places.indexOf(places[i]!) !== places.lastIndexOf(places[i]!));
  const roadOf = await refRepo.nearestRoadNames(ctx.db, kept.filter((_, i) => shared[i]));
  let k = 0;
  const names = cellStopNames(kept.map((c, i) => ({ place: places[i] ?? null, road: shared[i] ? (roadOf[k++] ?? null) : null, lon: c.lon, lat: c.lat, count: c.count })));
  for (const [i, c] of kept.entries()) {
    // hot cells may be visited again, spread over the shift, each repeat worth half the previous visit
    const hot = c.risk >= 3 * mean;
    cands.push({
      kind: 'cell',
      ref: c.id,
      name: names[i]!,
      lon: c.lon,
      lat: c.lat,
      risk: c.risk,
      mandatoryVisits: 0,
      maxVisits: hot ? 3 : 1,
      service: CELL_DWELL_S,
      open: null,
      close: null,
      minGap: hot ? Math.round(shiftSeconds / 4) : 0,
      decay: hot ? 0.5 : 1,
      radius: CELL_RADIUS_M,
    });
  }
  return { cands, riskTotal: kept.reduce((a, c) => a + c.risk, 0), riskSource };
}

/** Where a team starts and ends: its base, else its position, else a point inside the area. */
async function baseOf(ctx: Ctx, f: ForceRow, areaId: number): Promise<{ lon: number; lat: number }> {
  if (f.base_lon !== null && f.base_lat !== null) return { lon: f.base_lon, lat: f.base_lat };
  if (f.lon !== null && f.lat !== null) return { lon: f.lon, lat: f.lat };
  return refRepo.pointOnArea(ctx.db, areaId);
}

export async function generatePlan(ctx: Ctx, actor: Actor, b: GeneratePlanBody): Promise<PatrolPlan> {
  authorize(actor, 'patrol.plan');
  checkAreaInScope(ctx, actor, b.areaId);
  const shift = await getShift(ctx, b.shiftId);
  const span = shiftSpan(b.date, shift, ctx.config.utcOffsetMinutes);
  const live = await repo.livePlan(ctx.db, { date: b.date, shiftId: b.shiftId, tier: b.tier, areaId: b.areaId });
  if (live && !patrolPlanMachine.can(live.status as PatrolPlanState, 'supersede')) throw new AppError('PLAN_ALREADY_PUBLISHED', undefined, { planId: live.id });
  let forces = await forcesOf(ctx, b.areaId, b.tier, b.unitIds);
  if (b.unitIds) {
    const missing = b.unitIds.findIndex((id) => !forces.some((f) => f.id === id));
    if (missing >= 0) throw new AppError('NO_PATROL_FORCES', `Unit ${b.unitIds[missing]} is not a ${b.tier} patrol unit of the area`, { field: `/unitIds/${missing}` });
  } else forces = forces.filter((f) => f.status !== 'off_duty');
  if (forces.length === 0) throw new AppError('NO_PATROL_FORCES', undefined, { field: '/areaId' });

  const bases = await Promise.all(forces.map((f) => baseOf(ctx, f, b.areaId)));
  const reach = forces.map((f, i) => ({ ...bases[i]!, reachM: REACH_M[profileOfUnit(f.type as UnitType)] }));
  const { cands, riskTotal, riskSource } = await candidatesFor(ctx, b.areaId, b.tier, shift, b.date, span, reach);
  // places: the teams' bases first, then the candidates
  const places = [...bases, ...cands];
  const B = bases.length;
  const profiles = [...new Set(forces.map((f) => profileOfUnit(f.type as UnitType)))] as RoadProfileName[];
  const travels: ModeTravel[] = [];
  for (const p of profiles) travels.push(await travelFor(ctx, places, p));
  const shiftSeconds = shift.durationMinutes * 60;
  const nodes: PatrolNode[] = [
    ...bases.map((_, i) => ({ id: `base${i}`, prize: 0 })),
    ...cands.map((c) => ({
      id: `${c.kind}:${c.ref}`,
      prize: c.risk * RISK_SCALE,
      service: c.service,
      ...(c.open !== null ? { open: c.open } : {}),
      ...(c.close !== null ? { close: c.close } : {}),
      mandatoryVisits: c.mandatoryVisits,
      maxVisits: c.maxVisits,
      minGapSeconds: c.minGap,
      repeatDecay: c.decay,
    })),
  ];
  const teams: PatrolTeam[] = forces.map((f, i) => ({ id: f.callsign, start: i, end: i, shiftSeconds, mode: profiles.indexOf(profileOfUnit(f.type as UnitType)) }));
  const problem: PatrolProblem = { nodes, teams, travel: travels.map((t) => t.matrix) };
  const seed = b.seed ?? ((span.start / 60_000) ^ b.areaId) >>> 0;
  const result = planPatrols(problem, { seed, timeBudgetMs: b.timeBudgetMs ?? DEFAULT_BUDGET_MS, now: () => performance.now(), balanceTarget: BALANCE_TARGET });

  const routes = result.routes.map((r) => ({ stops: r.stops.map((s) => ({ cand: s.node - B, start: s.start, arrive: s.arrive, depart: s.depart })), r }));
  const risks = stopRisks(routes, cands);
  const unmet = unmetOf(routes, cands);

  const now = ctx.clock.now().toISOString();
  const planId = await ctx.db
    .transaction()
    .execute(async (tx) => {
      // the draft read above is superseded, unless someone published (or changed) it since: 409 STALE_VERSION
      if (live) await repo.setPlanStatus(tx, live.id, { status: 'cancelled', at: now }, { version: live.version, from: 'draft' });
      const id = await repo.insertPlan(tx, {
        plan_date: b.date,
        shift_id: b.shiftId,
        tier: b.tier,
        area_id: b.areaId,
        shift_start: new Date(span.start).toISOString(),
        shift_end: new Date(span.end).toISOString(),
        seed,
        risk_total: riskTotal,
        risk_source: riskSource,
        candidates: JSON.stringify(cands),
        unmet: JSON.stringify(unmet),
        generated_by: actor.userId,
        generated_by_name: actor.displayName,
        generated_at: now,
      });
      for (let t = 0; t < forces.length; t++) {
        const f = forces[t]!;
        const mt = travels[teams[t]!.mode!]!;
        const rt = routes[t]!;
        const stops: StoredStop[] = rt.stops.map((s, k) => {
          const c = cands[s.cand]!;
          return { kind: c.kind, ref: c.ref, name: c.name, lon: c.lon, lat: c.lat, arrive: s.arrive, start: s.start, depart: s.depart, dwell: c.service, risk: risks[t]![k]! };
        });
        const path = pathThrough(mt, [t, ...rt.stops.map((s) => s.cand + B), t]);
        await repo.insertRoute(tx, {
          plan_id: id,
          unit_id: f.id,
          stops: JSON.stringify(stops),
          path: JSON.stringify(path.coordinates.length ? path.coordinates : [[bases[t]!.lon, bases[t]!.lat]]),
          travel_s: rt.r.travel,
          duration_s: rt.r.duration,
          distance_m: path.meters,
          risk: distinctRisk(stops, cands),
          travel_source: mt.source,
          start_lon: bases[t]!.lon,
          start_lat: bases[t]!.lat,
        });
      }
      return id;
    })
    .catch((e: unknown) => {
      // two planners generated the same date, shift, tier and area at once: the other one won
      if ((e as { code?: string }).code === '23505') throw new AppError('STALE_VERSION', 'Another plan for this date, shift, tier and area was just made; reload');
      throw e;
    });
  await audit(ctx.db, actor, 'patrol_plan.generate', 'patrol_plan', planId, {
    date: b.date,
    shiftId: b.shiftId,
    tier: b.tier,
    areaId: b.areaId,
    teams: forces.length,
    candidates: cands.length,
    iterations: result.iterations,
    stopReason: result.stopReason,
  });
  return presentPlan(ctx, await planRow(ctx.db, planId));
}
