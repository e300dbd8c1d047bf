// Writes the generated demo county (packages/core/src/sim) into an empty database. Areas and re-cuts go through
// the same services an administrator uses; the bulk history is inserted in batches (the database trigger still
// computes each incident's areas and officer, as of the time it happened).
//
// A seed is many transactions (the areas service commits each import and re-cut). It is resumable: a marker is
// written first (demo_seed_started) and the finished marker (demo_seed) last, so a server killed mid-seed finds
// the first without the second at its next start, clears what the cut-short seed wrote and seeds again.
import { maskName, maskPhone } from '@jingwang/contracts';
import { DEMO_STATIONS, OPEN_INCIDENT_STATUSES, generateDemoCounty, type DemoCounty } from '@jingwang/core';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { SYSTEM_ACTOR } from '../auth/policy';
import { hashPassword } from '../auth/service';
import { importAreas, recut } from '../areas/service';
import { publishDemoPlans, seedPatrolDemo } from './patrol';
import { seedTasksDemo } from './tasks';
import { seedFraudDemo } from './fraud';
import { seedCasesDemo } from './cases';
import { seedDisputesDemo } from './disputes';
import { seedRegistryDemo } from '../registry/service';
import { publishAreas, publishRoads } from '../../realtime/publish';
import * as repo from './repo/seed';

export const DEMO_PASSWORD = 'jingwang';
/** Historic incidents per insert (and transaction): about a second of the embedded database's time each. */
const HISTORY_BATCH = 250;

export async function isSeeded(db: Db): Promise<boolean> {
  return (await repo.metaValue(db, repo.SEED_DONE)) !== undefined;
}

/** What the finished seed recorded (its seed and the end of its history), or null. */
export async function seedInfo(ctx: Ctx): Promise<{ seed: number; endAt: string; name: string } | null> {
  return ((await repo.metaValue(ctx.db, repo.SEED_DONE)) as { seed: number; endAt: string; name: string } | undefined) ?? null;
}

/** A seed started and never finished (the server was killed, or a step failed). */
export async function isPartlySeeded(db: Db): Promise<boolean> {
  return !(await isSeeded(db)) && (await repo.metaValue(db, repo.SEED_STARTED)) !== undefined;
}

/**
 * Clears what a seed cut short wrote (every table but the migrations' and app_meta), so that the seed can run
 * again. Refuses when users other than the demo's exist: then someone worked in this database, and it is left alone.
 */
export async function clearPartialSeed(ctx: Ctx, demoUsernames: string[]): Promise<void> {
  const others = await repo.otherUsers(ctx.db, demoUsernames);
  if (others.length) throw new Error(`the demo seed was cut short, and users ${others.join(', ')} were added since: clear the database by hand`);
  await ctx.db.transaction().execute((tx) => repo.clearData(tx));
  // this node's caches (and any other node's) forget the cleared areas and roads
  await publishAreas(ctx);
  await publishRoads(ctx);
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
  /** Seconds per step, in order (the start logs them). */
  steps: [string, number][];
}

/** The seed's steps, in order; `usable` is reached when areas, roads, organisation, units and users are in. */
export const SEED_STEPS = ['areas', 'organisation', 'incidents', 'history', 'patrol', 'fraud', 'tasks'] as const;
export type SeedStep = (typeof SEED_STEPS)[number];

export interface SeedProgress {
  /** The step that starts now. */
  step: SeedStep;
  /** 0-based index of the step in SEED_STEPS. */
  index: number;
  /** The demo can be logged in to and its map used: areas, roads, organisation, units and users are in. */
  usable: boolean;
}

export async function seedDemo(
  ctx: Ctx,
  opts: { seed: number; endAt: string; months?: number; county?: DemoCounty; patrolPlans?: boolean; onProgress?: (p: SeedProgress) => void },
): Promise<SeedStats> {
  const t0 = Date.now();
  const steps: [string, number][] = [];
  let current = 'generate';
  let stepAt = t0;
  const step = (name: SeedStep | 'done', usable = false) => {
    const now = Date.now();
    steps.push([current, (now - stepAt) / 1000]);
    current = name;
    stepAt = now;
    if (name !== 'done') opts.onProgress?.({ step: name, index: SEED_STEPS.indexOf(name), usable });
  };
  const county = opts.county ?? generateDemoCounty({ seed: opts.seed, endAt: opts.endAt, months: opts.months ?? 12 });
  const db = ctx.db;
  if (await isSeeded(db)) throw new Error('the demo county is already in this database');
  if (await isPartlySeeded(db)) {
    console.warn('the last demo seed was cut short: clearing it and seeding again');
    await clearPartialSeed(ctx, county.users.map((u) => u.username));
  }
  await repo.setMeta(db, repo.SEED_STARTED, { seed: county.seed, endAt: opts.endAt, at: ctx.clock.now().toISOString() });
  // the areas exist from a day before the history and the re-cuts start; the re-cuts happen at their own dates
  const earliest = Math.min(Date.parse(opts.endAt), ...county.incidents.map((i) => Date.parse(i.reportedAt)), ...county.recuts.map((r) => Date.parse(r.effectiveAt)));
  const areasFrom = new Date(earliest - 86400_000).toISOString();
  step('areas');

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

  step('organisation');
  const org = await db.transaction().execute(async (tx) => {
    // the 1/3/5-minute targets: town communities 3 minutes, villages 5, key places 1
    await repo.setResponseTargets(tx, county.areas.filter((a) => a.responseTargetS !== undefined).map((a) => [a.code, a.responseTargetS!]));
    await repo.insertKeyPlaces(tx, county.keyPlaces);
    await repo.insertDrawnRoads(tx, county.roads);
    // organisation
    const agencyIds = new Map<string, number>();
    for (const a of county.agencies) agencyIds.set(a.code, await repo.insertAgency(tx, { code: a.code, name: a.name, kind: a.kind, areaId: areaId(a.areaCode) }));
    const teamIds = new Map<string, number>();
    for (const t of county.teams) {
      teamIds.set(t.code, await repo.insertTeam(tx, { code: t.code, name: t.name, kind: t.kind, agencyId: agencyIds.get(t.agencyCode)!, areaId: areaId(t.areaCode) }));
    }
    const personIds = new Map<string, number>();
    for (const p of county.people) {
      // responsibilities start with the areas; an area created by a re-cut starts at the re-cut
      const links = p.areaCodes.map((c) => areaId(c)).filter((x): x is number => x !== null);
      const id = await repo.insertPerson(
        tx,
        {
          code: p.code,
          name: p.name,
          role: p.role,
          post: p.post,
          badgeNo: p.badgeNo,
          phoneEnc: ctx.cipher.encrypt(p.phone),
          phoneMasked: maskPhone(p.phone),
          agencyId: agencyIds.get(p.agencyCode)!,
          teamId: p.teamCode ? (teamIds.get(p.teamCode) ?? null) : null,
        },
        links.map((areaId) => ({ areaId, validFrom: tree.get(areaId)!.validFrom })),
      );
      personIds.set(p.code, id);
    }
    const unitIds: number[] = [];
    for (const u of county.units) {
      const members = u.memberCodes.map((c) => personIds.get(c)).filter((x): x is number => x !== undefined);
      unitIds.push(
        await repo.insertUnit(
          tx,
          { callsign: u.callsign, type: u.type, echelon: u.echelon, teamId: teamIds.get(u.teamCode) ?? null, homeAreaId: areaId(u.homeAreaCode), lon: u.start[0], lat: u.start[1], positionAt: opts.endAt },
          members,
        ),
      );
    }
    const pw = await hashPassword(DEMO_PASSWORD);
    for (const u of county.users) {
      await repo.insertUser(tx, {
        username: u.username,
        displayName: u.displayName,
        passwordHash: pw,
        role: u.role,
        scopeAreaId: areaId(u.scopeAreaCode),
        personId: u.personCode ? (personIds.get(u.personCode) ?? null) : null,
      });
    }

    return { unitIds };
  });
  // the map, the units and the logins are in: the rest is history
  step('incidents', true);
  const { unitIds } = org;
  // incident history, in batches of their own transaction: the server answers between them (PGlite has one
  // connection, which a transaction holds); phases and units as generated
  const cutoff = Date.parse(opts.endAt);
  let n = 0;
  for (let i = 0; i < county.incidents.length; i += HISTORY_BATCH) {
    const chunk = county.incidents.slice(i, i + HISTORY_BATCH).map((x): repo.HistoricIncident => {
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
    n += await db.transaction().execute((tx) => repo.insertHistoricIncidents(tx, chunk));
  }
  step('history', true);
  const counts = await db.transaction().execute(async (tx) => {
    // the timeline of each historic incident; units still on an open incident follow it
    await repo.finishHistory(tx, OPEN_INCIDENT_STATUSES);
    return { roads: county.roads.length, people: county.people.length, units: county.units.length, incidents: n };
  });
  step('patrol', true);
  // patrol: shifts, tiers, points, lines, cameras; and the shift that is on gets published plans at the first station
  const patrol = await seedPatrolDemo(ctx, { officerUsername: 'officer1' });
  await repo.analyze(db);
  const plans = opts.patrolPlans === false ? 0 : await publishDemoPlans(ctx, DEMO_STATIONS[0]!.code);
  step('fraud', true);
  await seedFraudDemo(ctx); // before the tasks' seed, whose indicators and assessments then count the warnings
  await seedCasesDemo(ctx); // a handful of cases in hand of officer1's station (issue 17), before the tasks' indicators
  await seedDisputesDemo(ctx); // a few disputes of grid1's grid at their stages (issue 16)
  // the standard addresses (一标三实) along the named roads, in bulk
  await seedRegistryDemo(ctx, county.roads, county.areas.find((a) => a.kind === 'county')?.name ?? county.name);
  step('tasks', true);
  await seedTasksDemo(ctx);
  // last: the demo is complete
  await repo.setMeta(db, repo.SEED_DONE, { seed: county.seed, endAt: opts.endAt, name: county.name });
  step('done', true);
  return { areas: ctx.areas.tree().size(), ...counts, patrolPoints: patrol.points, patrolPlans: plans, ms: Date.now() - t0, steps };
}
