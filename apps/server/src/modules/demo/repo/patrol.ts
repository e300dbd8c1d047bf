// SQL of the demo's patrol set-up: shifts, the patrol tiers of the demo units, points at the key places and town
// communities, a line per station, cameras; and the shifts and plans the demo's publishing looks at.
import { sql } from 'kysely';
import type { Db } from '../../../db/client';

export async function insertShifts(db: Db, shifts: { code: string; name: string; starts_at: string; duration_min: number; roll_call_offset_min: number }[]): Promise<void> {
  await db.insertInto('patrol_shifts').values(shifts).execute();
}

export async function listShifts(db: Db): Promise<{ id: number; starts_at: string; duration_min: number }[]> {
  return db.selectFrom('patrol_shifts').select(['id', 'starts_at', 'duration_min']).execute();
}

/** First-echelon cars, foot patrols and joint patrols patrol the streets; e-bikes the communities (from their homes). */
export async function setDemoTiers(db: Db): Promise<void> {
  await sql`update units set patrol_tier = case when type = 'ebike' then 'community' else 'street' end,
                             patrol_area_id = home_area_id, base_lon = lon, base_lat = lat
             where echelon = 1 and type in ('patrol_car','foot','ebike','joint_patrol')`.execute(db);
}

/** The user (by username) joins the first community patrol unit of their scope area. */
export async function joinCommunityUnit(db: Db, username: string): Promise<void> {
  await sql`insert into unit_members (unit_id, person_id)
    select (select u.id from units u where u.patrol_tier = 'community'
             and u.home_area_id in (select id from areas a where st_covers((select geom from areas where id = (select scope_area_id from users where username = ${username})), st_pointonsurface(a.geom)))
             order by u.id limit 1),
           (select person_id from users where username = ${username})
    where exists (select 1 from users where username = ${username} and person_id is not null)
    on conflict do nothing`.execute(db);
}

export async function keyPlaces(db: Db): Promise<{ code: string; name: string; kind: string; lon: number; lat: number }[]> {
  return db.selectFrom('key_places').select(['code', 'name', 'kind', sql<number>`st_x(geom)`.as('lon'), sql<number>`st_y(geom)`.as('lat')]).orderBy('code').execute();
}

export interface DemoPoint {
  code: string;
  name: string;
  kind: 'must_arrive' | 'must_patrol';
  tier: 'street' | 'community';
  lon: number;
  lat: number;
  visits: number;
  dwellMin: number;
  window: [string, string] | null;
  minGapMin: number;
  radiusM: number;
}

/** A point in the station that contains it; 0 when its code is taken. */
export async function insertPoint(db: Db, p: DemoPoint): Promise<number> {
  const r = await sql`insert into patrol_points (code, name, kind, tier, area_id, geom, visits_per_shift, dwell_min, window_start, window_end, min_gap_min, radius_m)
    values (${p.code}, ${p.name}, ${p.kind}, ${p.tier}, area_at(st_setsrid(st_point(${p.lon}, ${p.lat}), 4326), 'station', now()),
            st_setsrid(st_point(${p.lon}, ${p.lat}), 4326), ${p.visits}, ${p.dwellMin}, ${p.window?.[0] ?? null}, ${p.window?.[1] ?? null}, ${p.minGapMin}, ${p.radiusM})
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The town communities (named 社区) with a road point near the centre of each. */
export async function townCommunities(db: Db): Promise<{ code: string; name: string; lon: number; lat: number }[]> {
  const r = await sql<{ code: string; name: string; lon: number; lat: number }>`
    select a.code, a.name, st_x(p) as lon, st_y(p) as lat
      from areas a
      cross join lateral (select st_closestpoint(r.geom, st_pointonsurface(a.geom)) as p from roads r
                           where st_dwithin(r.geom, st_pointonsurface(a.geom), 0.01)
                           order by r.geom <-> st_pointonsurface(a.geom) limit 1) x
     where a.kind = 'community' and a.valid_to is null and a.name like '%社区%'
     order by a.code`.execute(db);
  return r.rows;
}

/** One must-patrol line per station: its longest town street (at most 1.5 km of it). */
export async function insertStationLines(db: Db): Promise<number> {
  const r = await sql`insert into patrol_lines (code, name, tier, area_id, geom, visits_per_shift)
    select 'PL-' || s.code, coalesce(nullif(r.name, ''), '主街') || '必巡线', 'street', s.id,
           case when st_length(r.geom::geography) > 1500 then st_linesubstring(r.geom, 0, 1500 / st_length(r.geom::geography)) else r.geom end, 1
      from areas s
      cross join lateral (select r.geom, r.name from roads r
                           where st_covers(s.geom, r.geom) and r.class in ('primary','secondary','street')
                           order by st_length(r.geom::geography) desc limit 1) r
     where s.kind = 'station' and s.valid_to is null`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Cameras at the key places and at the busiest road junctions of each station. */
export async function insertCameras(db: Db): Promise<number> {
  const r = await sql`insert into cameras (code, name, area_id, geom, view_url)
    select 'CAM-' || k.code, k.name || '监控', area_at(k.geom, 'station', now()), k.geom, null from key_places k
    union all
    select 'CAM-X' || lpad(row_number() over (order by s.code, x.n)::text, 3, '0'), s.name || '路口监控 ' || x.n, s.id, x.geom, null
      from areas s
      cross join lateral (select st_startpoint(r.geom) as geom, row_number() over () as n from roads r
                           where st_covers(s.geom, r.geom) and r.class in ('arterial','primary')
                           order by r.id limit 4) x
     where s.kind = 'station' and s.valid_to is null`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Whether an area has a plan (not cancelled) whose shift is on at `at`. */
export async function hasPlanOn(db: Db, areaId: number, at: string): Promise<boolean> {
  const r = await db
    .selectFrom('patrol_plans')
    .select('id')
    .where('area_id', '=', areaId)
    .where('status', '<>', 'cancelled')
    .where('shift_start', '<=', at)
    .where('shift_end', '>', at)
    .executeTakeFirst();
  return r !== undefined;
}
