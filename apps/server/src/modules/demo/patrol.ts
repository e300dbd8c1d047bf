// Demo patrol set-up: shifts, the patrol tiers of the demo units (street: patrol cars, foot and joint patrols;
// community: e-bikes), must-arrive points at the key places, must-patrol points at the town communities, one
// must-patrol line per town, cameras, and today's published plans for the shift that is on at 天目山.
import type { Ctx } from '../../context';
import { SYSTEM_ACTOR, type Actor } from '../auth/policy';
import { AppError } from '../../lib/errors';
import { generatePlan } from '../patrol/generate';
import { publishPlan } from '../patrol/plans';
import { localDate, minutesOf } from '../patrol/reference';
import * as repo from './repo/patrol';

const PLANNER: Actor = { ...SYSTEM_ACTOR, displayName: '巡防计划（演示）' };

const SHIFTS = [
  { code: 'night', name: '夜班', starts_at: '00:00', duration_min: 480 },
  { code: 'day', name: '早班', starts_at: '08:00', duration_min: 480 },
  { code: 'evening', name: '中班', starts_at: '16:00', duration_min: 480 },
];

/** School gates are watched at the afternoon dismissal (护学岗); other key places have no window. */
const WINDOWS: Record<string, [string, string] | undefined> = { school: ['16:20', '17:20'] };

export async function seedPatrolDemo(ctx: Ctx, opts: { officerUsername?: string } = {}): Promise<{ points: number; lines: number; cameras: number; plans: number }> {
  const db = ctx.db;
  await repo.insertShifts(db, SHIFTS.map((s) => ({ ...s, roll_call_offset_min: 15 })));
  // tiers: first-echelon cars, foot patrols and joint patrols patrol the streets; e-bikes the communities
  await repo.setDemoTiers(db);
  // the community officer of the demo (officer1) leads a community patrol team: the field view has a route to show
  if (opts.officerUsername) await repo.joinCommunityUnit(db, opts.officerUsername);
  // must-arrive points: the key places, twice a shift, ten minutes each, at least three hours apart
  let points = 0;
  for (const p of await repo.keyPlaces(db)) {
    const w = WINDOWS[p.kind];
    points += await repo.insertPoint(db, {
      code: p.code.startsWith('KP-') ? p.code : `KP-${p.code}`, // key places already carry the prefix (no "KP-KP-")
      name: p.name,
      kind: 'must_arrive',
      tier: 'street',
      lon: p.lon,
      lat: p.lat,
      visits: w ? 1 : 2,
      dwellMin: 10,
      window: w ?? null,
      minGapMin: w ? 0 : 180,
      radiusM: 60,
    });
  }
  // must-patrol points: the centre of each town community (a road point near it), once a shift, five minutes
  for (const c of await repo.townCommunities(db)) {
    points += await repo.insertPoint(db, { code: `CP-${c.code}`, name: `${c.name}巡逻点`, kind: 'must_patrol', tier: 'community', lon: c.lon, lat: c.lat, visits: 1, dwellMin: 5, window: null, minGapMin: 0, radiusM: 50 });
  }
  // one must-patrol line per station; cameras at the key places and the busiest junctions
  const lines = await repo.insertStationLines(db);
  const cameras = await repo.insertCameras(db);
  return { points, lines, cameras, plans: 0 };
}

/**
 * Today's plans for the shift that is on now, at the demo's first station, street and community tiers, published
 * (the planner's budget is kept short so that the first start stays quick).
 */
export async function publishDemoPlans(ctx: Ctx, stationCode: string, budgetMs = 1500): Promise<number> {
  const now = ctx.clock.now().getTime();
  const station = ctx.areas.tree().liveByCodeGet(stationCode);
  if (!station) return 0;
  const shifts = await repo.listShifts(ctx.db);
  const localMin = Math.floor((((now / 60_000 + ctx.config.utcOffsetMinutes) % 1440) + 1440) % 1440);
  const shift = shifts.find((s) => {
    const d = (((localMin - minutesOf(s.starts_at)) % 1440) + 1440) % 1440;
    return d < s.duration_min;
  });
  if (!shift) return 0;
  // the shift's date: the local date at its start
  const sinceStart = ((((localMin - minutesOf(shift.starts_at)) % 1440) + 1440) % 1440) * 60_000;
  const date = localDate(now - sinceStart, ctx.config.utcOffsetMinutes);
  let n = 0;
  for (const tier of ['street', 'community'] as const) {
    try {
      const plan = await generatePlan(ctx, PLANNER, { date, shiftId: shift.id, tier, areaId: station.id, seed: 1, timeBudgetMs: budgetMs });
      await publishPlan(ctx, PLANNER, plan.id, plan.version);
      n++;
    } catch (e) {
      // this tier is already published for the shift (or has no forces): nothing to do
      if (!(e instanceof AppError)) throw e;
    }
  }
  return n;
}

/** Demo: the shift that is on has published plans at the first station (a later start, a new shift). */
export async function ensureDemoPlans(ctx: Ctx, stationCode: string): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const station = ctx.areas.tree().liveByCodeGet(stationCode);
  if (!station) return 0;
  const on = await repo.hasPlanOn(ctx.db, station.id, now);
  if (on) return 0;
  return publishDemoPlans(ctx, stationCode);
}
