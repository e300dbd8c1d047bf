// The dispatcher's intake (issue 14, part 1): address search as one types, the history of the caller's number and
// of the place, possible duplicates (same place or caller within a window) to link instead of a new incident, and a
// warning when the map point and the address hit disagree.
//
// Address search: one function per source, merged and ranked by `rankPlaces`. The registry's standard-address
// gazetteer (issue 15, `modules/registry`'s searchAddresses) is one more source, ranked first.
import {
  maskName,
  maskPhone,
  type CallHistory,
  type CallRef,
  type Incident,
  type IncidentCategory,
  type IntakeCheckQuery,
  type IncidentStatus,
  type IntakeCheck,
  type LinkCallBody,
  type OpenSummary,
  type PlaceHit,
  type PlaceHits,
  type PlaceSource,
} from '@jingwang/contracts';
import { isOpen } from '@jingwang/core';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { authorize, scopeIds, type Actor } from '../auth/policy';
import { locatePoint } from '../areas/service';
import { searchAddresses } from '../registry/service';
import * as repo from './repo';
import * as intakeRepo from './repo/intake';
import { phoneHash, publish, visibleRow } from './service';

/** The rules of the checks, sent with every answer so that the form can say them. */
export const INTAKE_RULES = {
  historyDays: 90,
  /** Past calls "at this place": within this radius of the point. */
  placeRadiusM: 100,
  /** A possible duplicate: within this radius, or the same caller, reported within the window. */
  duplicateRadiusM: 300,
  duplicateWindowMin: 120,
  /** A call that ended less than this long ago still takes a repeated call. */
  endedWithinMin: 30,
  /** The point further than this from the address hit (beyond the area, the key place's radius, the road). */
  mismatchM: 500,
} as const;

const SOURCE_ORDER: Record<PlaceSource, number> = { gazetteer: 0, key_place: 1, area: 2, road: 3, incident: 4 };

/** Merges the sources' hits: exact before prefix before contains, then by source, then shorter names; one per source and name. */
export function rankPlaces(hits: readonly PlaceHit[], limit: number): PlaceHit[] {
  const seen = new Set<string>();
  return [...hits]
    .sort((a, b) => a.match - b.match || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || a.name.length - b.name.length || a.id - b.id)
    .filter((h) => {
      const k = `${h.source}:${h.name}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, limit);
}

type SourceFn = (ctx: Ctx, actor: Actor, q: string, limit: number) => Promise<PlaceHit[]>;

const AREA_KIND_ZH: Record<string, string> = { county: '县', district: '片区', station: '派出所', police_grid: '警格', resp_zone: '责任区', community: '社区', grid: '网格' };

/** How a name matched what was typed: 0 exact, 1 prefix, 2 contains (or a fuzzier match of the gazetteer). */
const matchOf = (name: string, q: string): number => (name === q ? 0 : name.startsWith(q) ? 1 : 2);

const PLACE_SOURCES: Record<PlaceSource, SourceFn> = {
  gazetteer: async (ctx, actor, q, limit) => {
    const tree = ctx.areas.tree();
    return (await searchAddresses(ctx, actor, q, limit)).map((h) => ({
      source: 'gazetteer',
      id: h.id,
      name: h.label,
      detail: h.areaId !== null ? (tree.get(h.areaId)?.name ?? '') : '',
      lon: h.lon,
      lat: h.lat,
      match: matchOf(h.label, q),
    }));
  },
  area: async (ctx, _a, q, limit) => {
    const tree = ctx.areas.tree();
    return (await intakeRepo.searchAreas(ctx.db, q, limit)).map((r) => {
      const parent = tree.get(tree.get(r.id)?.parentId ?? -1);
      return { source: 'area', id: r.id, name: r.name, detail: [AREA_KIND_ZH[r.detail] ?? r.detail, parent?.name].filter(Boolean).join(' · '), lon: r.lon, lat: r.lat, match: r.match };
    });
  },
  key_place: async (ctx, _a, q, limit) => (await intakeRepo.searchKeyPlaces(ctx.db, q, limit)).map((r) => ({ source: 'key_place', ...r })),
  road: async (ctx, _a, q, limit) => (await intakeRepo.searchRoads(ctx.db, q, limit)).map((r) => ({ source: 'road', ...r })),
  incident: async (ctx, actor, q, limit) => {
    const since = new Date(ctx.clock.now().getTime() - 365 * 86400_000).toISOString();
    const rows = await intakeRepo.searchIncidentAddresses(ctx.db, q, scopeIds(actor, ctx.areas.tree()), since, limit);
    return rows.map((r) => ({ source: 'incident', id: r.id, name: r.name, detail: `${r.n}`, lon: r.lon, lat: r.lat, match: r.match }));
  },
};

export async function searchPlaces(ctx: Ctx, actor: Actor, query: { q: string; limit?: number }): Promise<PlaceHits> {
  authorize(actor, 'incident.create');
  const t0 = performance.now();
  const q = query.q.trim();
  if (!q) throw validationError([{ field: '/q', message: 'must not be blank' }]);
  const limit = query.limit ?? 10;
  const lists = await Promise.all(Object.values(PLACE_SOURCES).map((fn) => fn(ctx, actor, q, limit)));
  return { items: rankPlaces(lists.flat(), limit), tookMs: Math.round((performance.now() - t0) * 10) / 10 };
}

const callRef = (r: intakeRepo.CallRow): CallRef => ({
  id: r.id,
  number: r.number,
  status: r.status as IncidentStatus,
  category: r.category as IncidentCategory,
  priority: r.priority as 1 | 2 | 3,
  reportedAt: r.reported_at,
  address: r.address,
});

async function history(ctx: Ctx, of: intakeRepo.CallsOf, scope: number[] | null, since: string): Promise<CallHistory> {
  const [counts, open, recent] = await Promise.all([
    intakeRepo.callCounts(ctx.db, of, scope, since),
    intakeRepo.calls(ctx.db, of, scope, since, true, 20),
    intakeRepo.calls(ctx.db, of, scope, since, false, 5),
  ]);
  const byPriority = { 1: 0, 2: 0, 3: 0 };
  const byCategory: Record<string, number> = {};
  let count = 0;
  for (const c of counts) {
    count += c.n;
    byPriority[c.priority as 1 | 2 | 3] += c.n;
    byCategory[c.category] = (byCategory[c.category] ?? 0) + c.n;
  }
  return { days: INTAKE_RULES.historyDays, count, byPriority, byCategory, open: open.map(callRef), recent: recent.map(callRef) };
}

/** History of the caller's number and of the point, possible duplicates, and whether the point fits the address hit. */
export async function checkIntake(ctx: Ctx, actor: Actor, q: IntakeCheckQuery): Promise<IntakeCheck> {
  authorize(actor, 'incident.create');
  if ((q.lon === undefined) !== (q.lat === undefined)) throw validationError([{ field: q.lon === undefined ? '/lon' : '/lat', message: 'give both lon and lat' }]);
  if ((q.hitSource === undefined) !== (q.hitId === undefined)) throw validationError([{ field: q.hitId === undefined ? '/hitId' : '/hitSource', message: 'give both hitSource and hitId' }]);
  const now = ctx.clock.now().getTime();
  const scope = scopeIds(actor, ctx.areas.tree());
  const since = new Date(now - INTAKE_RULES.historyDays * 86400_000).toISOString();
  const hash = q.phone ? phoneHash(ctx, q.phone) : null;
  const masked = q.phone ? maskPhone(q.phone) : null;
  const point = q.lon !== undefined && q.lat !== undefined ? { lon: q.lon, lat: q.lat } : null;
  const [phone, place, dups, mismatch] = await Promise.all([
    hash ? history(ctx, { phoneHash: hash, phoneMasked: masked }, scope, since) : null,
    point ? history(ctx, { ...point, radiusM: INTAKE_RULES.placeRadiusM }, scope, since) : null,
    hash || point
      ? intakeRepo.duplicateCandidates(ctx.db, {
          lon: point?.lon ?? null,
          lat: point?.lat ?? null,
          radiusM: INTAKE_RULES.duplicateRadiusM,
          phoneHash: hash,
          phoneMasked: masked,
          since: new Date(now - INTAKE_RULES.duplicateWindowMin * 60_000).toISOString(),
          endedSince: new Date(now - INTAKE_RULES.endedWithinMin * 60_000).toISOString(),
          scopeIds: scope,
        })
      : [],
    point && q.hitSource && q.hitId !== undefined ? placeMismatch(ctx, actor, q.hitSource, q.hitId, point) : null,
  ]);
  return {
    phone,
    place,
    duplicates: dups.map((d) => ({
      incident: callRef(d),
      version: d.version,
      reasons: [...(d.same_place ? (['place'] as const) : []), ...(d.same_caller ? (['caller'] as const) : [])],
      distanceM: d.distance_m === null ? null : Math.round(d.distance_m),
      ended: !isOpen(d.status as IncidentStatus),
      duplicates: d.duplicates,
    })),
    mismatch,
    rules: {
      historyDays: INTAKE_RULES.historyDays,
      placeRadiusM: INTAKE_RULES.placeRadiusM,
      duplicateRadiusM: INTAKE_RULES.duplicateRadiusM,
      duplicateWindowMin: INTAKE_RULES.duplicateWindowMin,
      mismatchM: INTAKE_RULES.mismatchM,
    },
  };
}

/** The point against the address hit: another station, or further than the rule (outside the area for an area). */
async function placeMismatch(ctx: Ctx, actor: Actor, source: PlaceSource, id: number, point: { lon: number; lat: number }): Promise<IntakeCheck['mismatch']> {
  if (source === 'gazetteer') return null; // a standard address's point is the registry's: not checked here yet
  if (source === 'incident') await visibleRow(ctx, ctx.db, actor, id); // a past call outside scope: 404
  const hit = await intakeRepo.placeDistance(ctx.db, source, id, point.lon, point.lat);
  if (!hit) return null;
  const tree = ctx.areas.tree();
  const at = await locatePoint(ctx, actor, point.lon, point.lat);
  const pointStation = at.areas.station ?? null;
  let placeStationId: number | null;
  if (hit.area_id !== null) placeStationId = tree.stationOf(hit.area_id);
  else placeStationId = (await locatePoint(ctx, actor, hit.lon, hit.lat)).areas.station?.id ?? null;
  const reasons: ('station' | 'distance')[] = [];
  if (pointStation && placeStationId !== null && pointStation.id !== placeStationId) reasons.push('station');
  const limit = source === 'area' ? 50 : INTAKE_RULES.mismatchM;
  if (hit.distance_m > limit) reasons.push('distance');
  if (reasons.length === 0) return null;
  return {
    reasons,
    distanceM: Math.round(hit.distance_m),
    pointStation: pointStation?.name ?? null,
    placeStation: placeStationId !== null ? (tree.get(placeStationId)?.name ?? null) : null,
    placeName: hit.name,
  };
}

/**
 * A repeated call (重复报警) linked to an incident that is open or ended within `endedWithinMin`: one event
 * `duplicate_call` on its timeline with the running count, the version goes up so that screens reload; no new
 * incident and no dispatch.
 */
export async function linkCall(ctx: Ctx, actor: Actor, id: number, body: LinkCallBody): Promise<Incident> {
  authorize(actor, 'incident.create');
  if ((body.lon === undefined) !== (body.lat === undefined)) throw validationError([{ field: body.lon === undefined ? '/lon' : '/lat', message: 'give both lon and lat' }]);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const row = await visibleRow(ctx, tx, actor, id, true);
    if (!isOpen(row.status as IncidentStatus) && (row.ended_at === null || Date.parse(row.ended_at) < now.getTime() - INTAKE_RULES.endedWithinMin * 60_000)) {
      throw new AppError('DUPLICATE_CLOSED', `Incident ${row.number} ended too long ago`, { status: row.status });
    }
    const n = (await intakeRepo.duplicateCount(tx, id)) + 1;
    await repo.touch(tx, id, row.version, now.toISOString());
    await repo.insertEvent(tx, {
      incidentId: id,
      at: now.toISOString(),
      type: 'duplicate_call',
      from: null,
      to: null,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: body.description?.trim() || null,
      data: {
        count: n,
        source: body.source,
        callerName: maskName(body.callerName?.trim()),
        callerPhone: maskPhone(body.callerPhone),
        address: body.address?.trim() || null,
        ...(body.lon !== undefined && body.lat !== undefined ? { lon: body.lon, lat: body.lat } : {}),
      },
    });
  });
  return publish(ctx, id);
}

/** The open calls of an area (and below) as the shift handover records them: counts by status and priority, the calls. */
export async function openCallsSummary(ctx: Ctx, areaIds: number[] | null): Promise<OpenSummary> {
  const rows = await intakeRepo.openCalls(ctx.db, areaIds);
  const byStatus: Record<string, number> = {};
  const byPriority = { 1: 0, 2: 0, 3: 0 };
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    byPriority[r.priority as 1 | 2 | 3] += 1;
  }
  return { total: rows.length, byStatus, byPriority, items: rows.slice(0, 100).map(callRef) };
}
