// Writes the generated demo county (packages/core/src/sim) into an empty database. Areas and re-cuts go through
// the same services an administrator uses; the bulk history is inserted in batches (the database trigger still
// computes each incident's areas and officer, as of the time it happened).
import { sql } from 'kysely';
import { maskName, maskPhone } from '@jingwang/contracts';
import { DEMO_STATIONS, generateDemoCounty, type DemoCounty } from '@jingwang/core';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { SYSTEM_ACTOR } from '../auth/policy';
import { hashPassword } from '../auth/service';
import { importAreas, recut } from '../areas/service';
import { publishDemoPlans, seedPatrolDemo } from './patrol';
import { seedTasksDemo } from './tasks';
import { seedFraudDemo } from './fraud';

export const DEMO_PASSWORD = 'jingwang';

export async function isSeeded(db: Db): Promise<boolean> {
  const r = await db.selectFrom('app_meta').select('value').where('key', '=', 'demo_seed').executeTakeFirst();
  return !!r;
}

export interface SeedStats {
  areas: number;
  roads: number;
  people: number;
  units: number;
  incidents: number;
  patrolPoints: number;
  patrolPlans: number;
  ms: number;
}

export async function seedDemo(ctx: Ctx, opts: { seed: number; endAt: string; months?: number; county?: DemoCounty; patrolPlans?: boolean }): Promise<SeedStats> {
  const t0 = Date.now();
  const county = opts.county ?? generateDemoCounty({ seed: opts.seed, endAt: opts.endAt, months: opts.months ?? 12 });
  const db = ctx.db;
  // the areas exist from a day before the history and the re-cuts start; the re-cuts happen at their own dates
  const earliest = Math.min(Date.parse(opts.endAt), ...county.incidents.map((i) => Date.parse(i.reportedAt)), ...county.recuts.map((r) => Date.parse(r.effectiveAt)));
  const areasFrom = new Date(earliest - 86400_000).toISOString();

  await importAreas(
    ctx,
    SYSTEM_ACTOR,
    {
      type: 'FeatureCollection',
      features: county.areas.map((a) => ({
        type: 'Feature',
        properties: { code: a.code, name: a.name, kind: a.kind, parentCode: a.parentCode },
        geometry: { type: 'MultiPolygon', coordinates: a.geometry },
      })),
    },
    { validFrom: areasFrom },
  );
  for (const r of county.recuts) {
    if (r.op === 'bundle') {
      await recut(ctx, SYSTEM_ACTOR, { op: 'bundle', memberCodes: r.memberCodes, target: r.target, parentCode: r.parentCode, effectiveAt: r.effectiveAt });
    } else {
      await recut(ctx, SYSTEM_ACTOR, { op: 'merge', sourceCodes: r.sourceCodes, target: r.target, parentCode: r.parentCode, keepSources: r.keepSources, effectiveAt: r.effectiveAt });
    }
  }
  const tree = ctx.areas.tree();
  const areaId = (code: string | null): number | null => (code === null ? null : (tree.liveByCodeGet(code)?.id ?? null));

  const counts = await db.transaction().execute(async (tx) => {
    // the 1/3/5-minute targets: town communities 3 minutes, villages 5, key places 1
    const targets = county.areas.filter((a) => a.responseTargetS !== undefined).map((a) => [a.code, a.responseTargetS]);
    await sql`update areas a set response_target_s = (e->>1)::int from jsonb_array_elements(${JSON.stringify(targets)}::jsonb) e
      where a.code = e->>0 and a.valid_to is null`.execute(tx);
    await sql`insert into key_places (code, name, kind, geom, radius_m, target_s)
      select e->>'code', e->>'name', e->>'kind', st_setsrid(st_makepoint((e->>'lon')::float8, (e->>'lat')::float8), 4326),
             (e->>'radiusM')::real, (e->>'targetS')::int
        from jsonb_array_elements(${JSON.stringify(county.keyPlaces)}::jsonb) e`.execute(tx);
    // roads
    for (let i = 0; i < county.roads.length; i += 500) {
      const chunk = county.roads.slice(i, i + 500);
      // e-bikes keep to their legal 25 km/h (at most 22 on the road); everyone walks at 5 km/h
      await sql`insert into roads (id, name, class, speed_kmh, ebike_kmh, foot_kmh, oneway, geom)
        select (e->>'id')::int, e->>'name', e->>'class', (e->>'speedKmh')::real, least((e->>'speedKmh')::real, 22), 5, (e->>'oneway')::boolean,
               st_setsrid(st_geomfromgeojson(json_build_object('type','LineString','coordinates', e->'coords')::text), 4326)
          from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) e`.execute(tx);
    }
    // organisation
    const agencyIds = new Map<string, number>();
    for (const a of county.agencies) {
      const r = await tx.insertInto('agencies').values({ code: a.code, name: a.name, kind: a.kind, area_id: areaId(a.areaCode) }).returning('id').executeTakeFirstOrThrow();
      agencyIds.set(a.code, r.id);
    }
    const teamIds = new Map<string, number>();
    for (const t of county.teams) {
      const r = await tx
        .insertInto('teams')
        .values({ code: t.code, name: t.name, kind: t.kind, agency_id: agencyIds.get(t.agencyCode)!, area_id: areaId(t.areaCode) })
        .returning('id')
        .executeTakeFirstOrThrow();
      teamIds.set(t.code, r.id);
    }
    const personIds = new Map<string, number>();
    for (const p of county.people) {
      const r = await tx
        .insertInto('people')
        .values({
          code: p.code,
          name: p.name,
          role: p.role,
          post: p.post,
          badge_no: p.badgeNo,
          phone_enc: ctx.cipher.encrypt(p.phone),
          phone_masked: maskPhone(p.phone),
          agency_id: agencyIds.get(p.agencyCode)!,
          team_id: p.teamCode ? (teamIds.get(p.teamCode) ?? null) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      personIds.set(p.code, r.id);
      const links = p.areaCodes.map((c) => areaId(c)).filter((x): x is number => x !== null);
      if (links.length) {
        // responsibilities start with the areas; an area created by a re-cut starts at the re-cut
        await tx
          .insertInto('person_areas')
          .values(links.map((id) => ({ person_id: r.id, area_id: id, valid_from: tree.get(id)!.validFrom })))
          .execute();
      }
    }
    const unitIds: number[] = [];
    for (const u of county.units) {
      const r = await tx
        .insertInto('units')
        .values({
          callsign: u.callsign,
          type: u.type,
          echelon: u.echelon,
          team_id: teamIds.get(u.teamCode) ?? null,
          home_area_id: areaId(u.homeAreaCode),
          incident_id: null,
          lon: u.start[0],
          lat: u.start[1],
          heading: null,
          speed_kmh: null,
          position_at: opts.endAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitIds.push(r.id);
      const members = u.memberCodes.map((c) => personIds.get(c)).filter((x): x is number => x !== undefined);
      if (members.length) await tx.insertInto('unit_members').values(members.map((m) => ({ unit_id: r.id, person_id: m }))).execute();
    }
    const pw = await hashPassword(DEMO_PASSWORD);
    for (const u of county.users) {
      await tx
        .insertInto('users')
        .values({
          username: u.username,
          display_name: u.displayName,
          password_hash: pw,
          role: u.role,
          scope_area_id: areaId(u.scopeAreaCode),
          person_id: u.personCode ? (personIds.get(u.personCode) ?? null) : null,
        })
        .execute();
    }

    // incident history, in batches; phases and units as generated
    const cutoff = Date.parse(opts.endAt);
    let n = 0;
    for (let i = 0; i < county.incidents.length; i += 1000) {
      const chunk = county.incidents.slice(i, i + 1000).map((x) => {
        const at = (s: number | null) => (s === null || Date.parse(x.reportedAt) + s * 1000 > cutoff ? null : new Date(Date.parse(x.reportedAt) + s * 1000).toISOString());
        const closed = at(x.closeAfterS);
        // anything not finished by the end of the history stays open, in the state it reached
        const status =
          x.finalStatus !== 'closed' ? x.finalStatus : closed ? 'closed' : at(x.resolveAfterS) ? 'resolved' : at(x.arriveAfterS) ? 'on_scene' : at(x.dispatchAfterS) ? 'dispatched' : 'new';
        return {
          source: x.source,
          category: x.category,
          priority: x.priority,
          lon: x.lon,
          lat: x.lat,
          address: x.address,
          description: x.description,
          cne: ctx.cipher.encrypt(x.callerName),
          cnm: maskName(x.callerName),
          cpe: ctx.cipher.encrypt(x.callerPhone),
          cpm: maskPhone(x.callerPhone),
          reportedAt: x.reportedAt,
          status,
          d: at(x.dispatchAfterS),
          a: at(x.arriveAfterS),
          r: status === 'cancelled' || status === 'transferred' ? null : at(x.resolveAfterS),
          c: status === 'closed' ? closed : null,
          unit: x.unitIndex !== null && at(x.dispatchAfterS) ? (unitIds[x.unitIndex] ?? null) : null,
        };
      });
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
      const rows = ins.rows;
      const assigns = rows
        .map((r, k) => ({ ...r, unit: chunk[k]!.unit }))
        .filter((r) => r.unit !== null && r.d !== null)
        .map((r) => ({ incident_id: r.id, unit_id: r.unit!, dispatched_at: r.d!, arrived_at: r.a, released_at: null }));
      if (assigns.length) await tx.insertInto('incident_units').values(assigns).execute();
      n += rows.length;
    }
    // the timeline of each historic incident, from its phase times
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
    // units still on an open incident at the end of the history follow it
    await sql`
      update units u set status = case i.status when 'on_scene' then 'on_scene' else 'dispatched' end, incident_id = i.id
        from incident_units iu join incidents i on i.id = iu.incident_id
       where iu.unit_id = u.id and iu.released_at is null and i.status in ('dispatched','en_route','on_scene')`.execute(tx);
    await sql`
      update incident_units iu set released_at = coalesce(i.resolved_at, i.closed_at, i.updated_at)
        from incidents i where i.id = iu.incident_id and iu.released_at is null and i.status in ('resolved','closed','cancelled','transferred')`.execute(tx);
    await tx.insertInto('app_meta').values({ key: 'demo_seed', value: JSON.stringify({ seed: county.seed, endAt: opts.endAt, name: county.name }) }).execute();
    return { roads: county.roads.length, people: county.people.length, units: county.units.length, incidents: n };
  });
  // patrol: shifts, tiers, points, lines, cameras; and the shift that is on gets published plans at the first station
  const patrol = await seedPatrolDemo(ctx, { officerUsername: 'officer1' });
  await sql`analyze`.execute(db);
  const plans = opts.patrolPlans === false ? 0 : await publishDemoPlans(ctx, DEMO_STATIONS[0]!.code);
  await seedFraudDemo(ctx); // before the tasks' seed, whose indicators and assessments then count the warnings
  await seedTasksDemo(ctx);
  return { areas: ctx.areas.tree().size(), ...counts, patrolPoints: patrol.points, patrolPlans: plans, ms: Date.now() - t0 };
}
