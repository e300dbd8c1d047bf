// Demo patrol set-up: shifts, the patrol tiers of the demo units (street: patrol cars, foot and joint patrols;
// community: e-bikes), must-arrive points at the key places, must-patrol points at the town communities, one
// must-patrol line per town, cameras, and today's published plans for the shift that is on at 天目山.
import { sql } from 'kysely';
import type { Ctx } from '../../context';
import { SYSTEM_ACTOR, type Actor } from '../auth/policy';
import { AppError } from '../../lib/errors';
import { generatePlan, publishPlan } from '../patrol/plans';
import { localDate, minutesOf } from '../patrol/reference';

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
  await db.insertInto('patrol_shifts').values(SHIFTS.map((s) => ({ ...s, roll_call_offset_min: 15 }))).execute();
  // tiers: first-echelon cars, foot patrols and joint patrols patrol the streets; e-bikes the communities
  await sql`update units set patrol_tier = case when type = 'ebike' then 'community' else 'street' end,
                             patrol_area_id = home_area_id, base_lon = lon, base_lat = lat
             where echelon = 1 and type in ('patrol_car','foot','ebike','joint_patrol')`.execute(db);
  // the community officer of the demo (officer1) leads a community patrol team: the field view has a route to show
  if (opts.officerUsername) {
    await sql`insert into unit_members (unit_id, person_id)
      select (select u.id from units u where u.patrol_tier = 'community'
               and u.home_area_id in (select id from areas a where st_covers((select geom from areas where id = (select scope_area_id from users where username = ${opts.officerUsername})), st_pointonsurface(a.geom)))
               order by u.id limit 1),
             (select person_id from users where username = ${opts.officerUsername})
      where exists (select 1 from users where username = ${opts.officerUsername} and person_id is not null)
      on conflict do nothing`.execute(db);
  }
  // must-arrive points: the key places, twice a shift, ten minutes each, at least three hours apart
  const places = await db.selectFrom('key_places').select(['code', 'name', 'kind', sql<number>`st_x(geom)`.as('lon'), sql<number>`st_y(geom)`.as('lat')]).orderBy('code').execute();
  let points = 0;
  for (const p of places) {
    const w = WINDOWS[p.kind];
    const r = await sql`insert into patrol_points (code, name, kind, tier, area_id, geom, visits_per_shift, dwell_min, window_start, window_end, min_gap_min, radius_m)
      values (${`KP-${p.code}`}, ${p.name}, 'must_arrive', 'street', area_at(st_setsrid(st_point(${p.lon}, ${p.lat}), 4326), 'station', now()),
              st_setsrid(st_point(${p.lon}, ${p.lat}), 4326), ${w ? 1 : 2}, 10, ${w?.[0] ?? null}, ${w?.[1] ?? null}, ${w ? 0 : 180}, 60)
      on conflict do nothing`.execute(db);
    points += Number(r.numAffectedRows ?? 0);
  }
  // must-patrol points: the centre of each town community (a road point near it), once a shift, five minutes
  const comms = await sql<{ code: string; name: string; lon: number; lat: number }>`
    select a.code, a.name, st_x(p) as lon, st_y(p) as lat
      from areas a
      cross join lateral (select st_closestpoint(r.geom, st_pointonsurface(a.geom)) as p from roads r
                           where st_dwithin(r.geom, st_pointonsurface(a.geom), 0.01)
                           order by r.geom <-> st_pointonsurface(a.geom) limit 1) x
     where a.kind = 'community' and a.valid_to is null and a.name like '%社区%'
     order by a.code`.execute(db);
  for (const c of comms.rows) {
    const r = await sql`insert into patrol_points (code, name, kind, tier, area_id, geom, visits_per_shift, dwell_min, radius_m)
      values (${`CP-${c.code}`}, ${`${c.name}巡逻点`}, 'must_patrol', 'community', area_at(st_setsrid(st_point(${c.lon}, ${c.lat}), 4326), 'station', now()),
              st_setsrid(st_point(${c.lon}, ${c.lat}), 4326), 1, 5, 50)
      on conflict do nothing`.execute(db);
    points += Number(r.numAffectedRows ?? 0);
  }
  // one must-patrol line per station: its longest town street (at most 1.5 km of it)
  const lines = await sql`insert into patrol_lines (code, name, tier, area_id, geom, visits_per_shift)
    select 'PL-' || s.code, coalesce(nullif(r.name, ''), '主街') || '必巡线', 'street', s.id,
           case when st_length(r.geom::geography) > 1500 then st_linesubstring(r.geom, 0, 1500 / st_length(r.geom::geography)) else r.geom end, 1
      from areas s
      cross join lateral (select r.geom, r.name from roads r
                           where st_covers(s.geom, r.geom) and r.class in ('primary','secondary','street')
                           order by st_length(r.geom::geography) desc limit 1) r
     where s.kind = 'station' and s.valid_to is null`.execute(db);
  // cameras: at the key places and at the busiest road junctions of each station
  const cams = await sql`insert into cameras (code, name, area_id, geom, view_url)
    select 'CAM-' || k.code, k.name || '监控', area_at(k.geom, 'station', now()), k.geom, null from key_places k
    union all
    select 'CAM-X' || lpad(row_number() over (order by s.code, x.n)::text, 3, '0'), s.name || '路口监控 ' || x.n, s.id, x.geom, null
      from areas s
      cross join lateral (select st_startpoint(r.geom) as geom, row_number() over () as n from roads r
                           where st_covers(s.geom, r.geom) and r.class in ('arterial','primary')
                           order by r.id limit 4) x
     where s.kind = 'station' and s.valid_to is null`.execute(db);
  return { points, lines: Number(lines.numAffectedRows ?? 0), cameras: Number(cams.numAffectedRows ?? 0), plans: 0 };
}

/**
 * Today's plans for the shift that is on now, at the demo's first station, street and community tiers, published
 * (the planner's budget is kept short so that the first start stays quick).
 */
export async function publishDemoPlans(ctx: Ctx, stationCode: string, budgetMs = 1500): Promise<number> {
  const now = ctx.clock.now().getTime();
  const station = ctx.areas.tree().liveByCodeGet(stationCode);
  if (!station) return 0;
  const shifts = await ctx.db.selectFrom('patrol_shifts').selectAll().execute();
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
  const on = await ctx.db
    .selectFrom('patrol_plans')
    .select('id')
    .where('area_id', '=', station.id)
    .where('status', '<>', 'cancelled')
    .where('shift_start', '<=', now)
    .where('shift_end', '>', now)
    .executeTakeFirst();
  if (on) return 0;
  return publishDemoPlans(ctx, stationCode);
}
