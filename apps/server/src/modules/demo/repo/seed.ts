// SQL of the demo seed: the bulk inserts of the generated county (areas and re-cuts go through the areas service),
// the seed's markers in app_meta, and the clearing of a seed that was cut short.
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../../db/client';
import type { DB } from '../../../db/schema';

type Q = Db | Transaction<DB>;

/** Written when the seed starts (before anything else) and when it has finished (last). */
export const SEED_STARTED = 'demo_seed_started';
export const SEED_DONE = 'demo_seed';

export { metaValue, setMeta } from '../../../db/meta';

/** Usernames of users that are not in `demo` (someone added them: a partial seed is then not cleared blindly). */
export async function otherUsers(db: Q, demo: string[]): Promise<string[]> {
  const rows = await db.selectFrom('users').select('username').execute();
  const own = new Set(demo);
  return rows.map((r) => r.username).filter((u) => !own.has(u));
}

/**
 * Empties every table of the deployment but the migrations' record, app_meta and PostGIS's own table: what a
 * seed cut short left behind goes, and the seed starts again from an empty database.
 */
export async function clearData(db: Q): Promise<string[]> {
  const r = await sql<{ t: string }>`
    select tablename t from pg_tables where schemaname = 'public'
       and tablename not in ('schema_migrations', 'app_meta', 'spatial_ref_sys') order by 1`.execute(db);
  const tables = r.rows.map((x) => x.t);
  if (tables.length) await sql`truncate ${sql.join(tables.map((t) => sql.table(t)))} restart identity cascade`.execute(db);
  await db.deleteFrom('app_meta').where('key', 'in', [SEED_STARTED, SEED_DONE]).execute();
  return tables;
}

export async function setResponseTargets(tx: Q, targets: [string, number][]): Promise<void> {
  await sql`update areas a set response_target_s = (e->>1)::int from jsonb_array_elements(${JSON.stringify(targets)}::jsonb) e
    where a.code = e->>0 and a.valid_to is null`.execute(tx);
}

export async function insertKeyPlaces(tx: Q, places: unknown[]): Promise<void> {
  // each in the station its point lies in (a station lead administers their station's key places)
  await sql`insert into key_places (code, name, kind, geom, radius_m, target_s, area_id)
    select x.code, x.name, x.kind, x.geom, x.radius_m, x.target_s, area_at(x.geom, 'station', now())
      from (select e->>'code' code, e->>'name' name, e->>'kind' kind, st_setsrid(st_makepoint((e->>'lon')::float8, (e->>'lat')::float8), 4326) geom,
                   (e->>'radiusM')::real radius_m, (e->>'targetS')::int target_s
              from jsonb_array_elements(${JSON.stringify(places)}::jsonb) e) x`.execute(tx);
}

/** Drawn roads: e-bikes keep to their legal 25 km/h (at most 22 on the road); everyone walks at 5 km/h. */
export async function insertDrawnRoads(tx: Q, roads: { id: number; name: string; class: string; speedKmh: number; oneway: boolean; coords: [number, number][] }[]): Promise<void> {
  for (let i = 0; i < roads.length; i += 500) {
    const chunk = roads.slice(i, i + 500);
    await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
      select (e->>'id')::int, e->>'name', e->>'class', (e->>'speedKmh')::real, least((e->>'speedKmh')::real, 22), 5, (e->>'oneway')::boolean,
             st_setsrid(st_geomfromgeojson(json_build_object('type','LineString','coordinates', e->'coords')::text), 4326)
        from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) e`.execute(tx);
  }
}

export async function insertAgency(tx: Q, a: { code: string; name: string; kind: string; areaId: number | null }): Promise<number> {
  const r = await tx.insertInto('agencies').values({ code: a.code, name: a.name, kind: a.kind, area_id: a.areaId }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertTeam(tx: Q, t: { code: string; name: string; kind: string; agencyId: number; areaId: number | null }): Promise<number> {
  const r = await tx.insertInto('teams').values({ code: t.code, name: t.name, kind: t.kind, agency_id: t.agencyId, area_id: t.areaId }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertPerson(
  tx: Q,
  p: { code: string; name: string; role: string; post: string | null; badgeNo: string | null; phoneEnc: string | null; phoneMasked: string | null; agencyId: number; teamId: number | null },
  areas: { areaId: number; validFrom: string }[],
): Promise<number> {
  const r = await tx
    .insertInto('people')
    .values({ code: p.code, name: p.name, role: p.role, post: p.post, badge_no: p.badgeNo, phone_enc: p.phoneEnc, phone_masked: p.phoneMasked, agency_id: p.agencyId, team_id: p.teamId })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (areas.length) await tx.insertInto('person_areas').values(areas.map((a) => ({ person_id: r.id, area_id: a.areaId, valid_from: a.validFrom }))).execute();
  return r.id;
}

export async function insertUnit(
  tx: Q,
  u: { callsign: string; type: string; echelon: number; teamId: number | null; homeAreaId: number | null; lon: number; lat: number; positionAt: string },
  memberIds: number[],
): Promise<number> {
  const r = await tx
    .insertInto('units')
    .values({
      callsign: u.callsign,
      type: u.type,
      echelon: u.echelon,
      team_id: u.teamId,
      home_area_id: u.homeAreaId,
      incident_id: null,
      lon: u.lon,
      lat: u.lat,
      heading: null,
      speed_kmh: null,
      position_at: u.positionAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (memberIds.length) await tx.insertInto('unit_members').values(memberIds.map((m) => ({ unit_id: r.id, person_id: m }))).execute();
  return r.id;
}

export async function insertUser(tx: Q, u: { username: string; displayName: string; passwordHash: string; role: string; scopeAreaId: number | null; personId: number | null }): Promise<void> {
  await tx
    .insertInto('users')
    .values({ username: u.username, display_name: u.displayName, password_hash: u.passwordHash, role: u.role, scope_area_id: u.scopeAreaId, person_id: u.personId })
    .execute();
}

export interface HistoricIncident {
  source: string;
  category: string;
  priority: number;
  lon: number;
  lat: number;
  address: string;
  description: string;
  cne: string | null;
  cnm: string | null;
  cpe: string | null;
  cpm: string | null;
  reportedAt: string;
  status: string;
  d: string | null;
  a: string | null;
  r: string | null;
  c: string | null;
  unit: number | null;
}

/** A batch of historic incidents with their phases (the trigger locates each), and the units sent to them. */
export async function insertHistoricIncidents(tx: Q, chunk: HistoricIncident[]): Promise<number> {
  const ins = await sql<{ id: number; d: string | null; a: string | null }>`
    with src as (select e, ord from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) with ordinality t(e, ord)),
    ins as (
      insert into incidents (number, source, category, priority, geom, address, description, caller_name_enc, caller_name_masked,
                             caller_phone_enc, caller_phone_masked, reported_at, status, dispatched_at, en_route_at, on_scene_at,
                             resolved_at, closed_at, updated_at, version)
      select 'JQ' || to_char((e->>'reportedAt')::timestamptz at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('incident_number_seq')::text, 6, '0'),
             e->>'source', e->>'category', (e->>'priority')::smallint,
             st_setsrid(st_point((e->>'lon')::float8, (e->>'lat')::float8), 4326), e->>'address', e->>'description',
             e->>'cne', e->>'cnm', e->>'cpe', e->>'cpm', (e->>'reportedAt')::timestamptz, e->>'status',
             (e->>'d')::timestamptz, (e->>'d')::timestamptz, (e->>'a')::timestamptz, (e->>'r')::timestamptz, (e->>'c')::timestamptz,
             coalesce((e->>'c')::timestamptz, (e->>'r')::timestamptz, (e->>'a')::timestamptz, (e->>'d')::timestamptz, (e->>'reportedAt')::timestamptz),
             1 + (e->>'d' is not null)::int + (e->>'a' is not null)::int + (e->>'r' is not null)::int + (e->>'c' is not null)::int
        from src order by ord
      returning id, dispatched_at, on_scene_at, resolved_at, closed_at, status)
    select i.id, i.dispatched_at d, i.on_scene_at a from ins i order by i.id`.execute(tx);
  // units of the batch, matched by order of insertion
  const assigns = ins.rows
    .map((r, k) => ({ ...r, unit: chunk[k]!.unit }))
    .filter((r) => r.unit !== null && r.d !== null)
    .map((r) => ({ incident_id: r.id, unit_id: r.unit!, dispatched_at: r.d!, arrived_at: r.a, released_at: null }));
  if (assigns.length) await tx.insertInto('incident_units').values(assigns).execute();
  return ins.rows.length;
}

/**
 * The timeline of each historic incident from its phase times; units still on an open incident follow it; the
 * units of finished ones are released.
 */
export async function finishHistory(tx: Q, openStatuses: readonly string[]): Promise<void> {
  await sql`
    insert into incident_events (incident_id, at, type, from_status, to_status, actor_name, data)
    select id, reported_at, 'created', null, 'new', '110接警台', json_build_object('source', source)::jsonb from incidents
    union all select id, dispatched_at, 'dispatch', 'new', 'dispatched', '指挥调度员', '{}'::jsonb from incidents where dispatched_at is not null
    union all select id, on_scene_at, 'arrive', 'dispatched', 'on_scene', '处警民警', '{}'::jsonb from incidents where on_scene_at is not null
    union all select id, resolved_at, 'resolve', 'on_scene', 'resolved', '处警民警', '{}'::jsonb from incidents where resolved_at is not null
    union all select id, closed_at, 'close', 'resolved', 'closed', '指挥调度员', '{}'::jsonb from incidents where closed_at is not null
    union all select id, updated_at, case status when 'cancelled' then 'cancel' else 'transfer' end,
                     case when dispatched_at is null then 'new' else 'dispatched' end, status, '指挥调度员', '{}'::jsonb
                from incidents where status in ('cancelled','transferred')`.execute(tx);
  // a unit is sent to an incident once it is dispatched: the open statuses but new
  const sent = openStatuses.filter((s) => s !== 'new');
  await sql`
    update units u set status = case i.status when 'on_scene' then 'on_scene' else 'dispatched' end, incident_id = i.id
      from incident_units iu join incidents i on i.id = iu.incident_id
     where iu.unit_id = u.id and iu.released_at is null and i.status = any(${sent}::text[])`.execute(tx);
  await sql`
    update incident_units iu set released_at = coalesce(i.resolved_at, i.closed_at, i.updated_at)
      from incidents i where i.id = iu.incident_id and iu.released_at is null and not (i.status = any(${[...openStatuses]}::text[]))`.execute(tx);
}

/** Fresh planner statistics after the bulk load. */
export async function analyze(db: Q): Promise<void> {
  await sql`analyze`.execute(db);
}
