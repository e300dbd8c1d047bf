// Dispatch recommendations (the unit that arrives first, by road), the ETA promised at dispatch, routes, reach
// areas and the live coverage of the 3- and 5-minute targets. Road travel times come from the in-memory network
// (modules/roads/network.ts); ranking, run cards and echelon escalation from the engine in packages/core/src/dispatch.
import {
  chSelectSources,
  chShortestPath,
  chTravelTime,
  coverageByEdge,
  encodeBasis,
  coverageTimes,
  edgeBetween,
  etasToIncident,
  pathCoords,
  reachPolygon,
  reachSegments,
  recommend,
  sameSegment,
  sameEdgeSeconds,
  snapToRoad,
  straightLineSeconds,
  travelTimesFromSnap,
  type ChSourceSelection,
  type ContractionHierarchy,
  type DispatchUnit,
  type Snap,
} from '@jingwang/core';
import type { Recommendation, Route, RoadProfileKey, UnitStatus, UnitType } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import * as unitRecords from '../units/records';
import { unitStaffing } from '../roster/service';
import { PROFILE_OF_UNIT, type ProfileNetwork, type RoadNetwork } from '../roads/network';
import { responsePolicy } from './policy';
import * as repo from './repo';

/** A point farther than this from every road cannot be routed (a unit in a field, an incident on a lake). */
export const SNAP_MAX_METERS = 1000;
/** Travel times above an hour are reported as unreachable: nobody is sent from that far on a 1/3/5 standard. */
const CUTOFF_SECONDS = 3600;
const ROUTES_SHOWN = 3;

async function incidentPoint(ctx: Ctx, actor: Actor, id: number): Promise<repo.IncidentPoint> {
  const row = await repo.incidentPoint(ctx.db, id);
  if (!row || !inScope(actor, ctx.areas.tree(), row.area_ids)) throw new AppError('INCIDENT_NOT_FOUND', `Incident ${id} not found`);
  return row;
}

/**
 * The units a recommendation ranks, read at most once a second per scope (reading 2,000 rows costs ~70 ms on the
 * embedded database, a recommendation should cost far less). Any status change on this node or, through the change
 * bus, on another one drops the cache (`invalidateDispatchUnits`), so statuses are always current; positions may be
 * up to a second old, well within an AVL device's reporting interval. Dispatch itself re-checks under lock.
 */
const UNIT_CACHE_MS = 1000;
/** A unit as dispatch sees it, with what the duty roster says of it now (roster/service `unitStaffing`). */
type StaffedUnitRow = unitRecords.DispatchUnitRow & { rostered: boolean | null };
const unitCache = new WeakMap<Ctx, Map<string, { at: number; rows: Promise<StaffedUnitRow[]> }>>();
function dispatchUnits(ctx: Ctx, scope: number[] | null): Promise<StaffedUnitRow[]> {
  let byScope = unitCache.get(ctx);
  if (!byScope) unitCache.set(ctx, (byScope = new Map()));
  const key = scope ? scope.join(',') : '*';
  const now = ctx.clock.now().getTime();
  const hit = byScope.get(key);
  if (hit && now - hit.at >= 0 && now - hit.at < UNIT_CACHE_MS) return hit.rows;
  const rows = Promise.all([unitRecords.dispatchUnitRows(ctx.db, scope), unitStaffing(ctx)]).then(([list, staffing]) => list.map((u) => ({ ...u, rostered: staffing(u) })));
  byScope.set(key, { at: now, rows });
  rows.catch(() => byScope!.delete(key));
  return rows;
}
export function invalidateDispatchUnits(ctx: Ctx): void {
  unitCache.get(ctx)?.clear();
}

/** The areas a unit counts as its own (its home area and what lies inside it), and the station it belongs to. */
function homeAreas(ctx: Ctx, homeAreaId: number | null): { own: number[]; station: number | null } {
  if (homeAreaId === null) return { own: [], station: null };
  const tree = ctx.areas.tree();
  return { own: tree.descendantsAndSelf(homeAreaId), station: tree.stationOf(homeAreaId) };
}

/**
 * Snaps of unit positions, per profile network: most units have not moved since the last recommendation, and a
 * snap (an exact nearest-segment search) is the costliest per-unit step. Keyed by unit id; the position is checked.
 */
const snapCache = new WeakMap<ProfileNetwork, Map<number, { lon: number; lat: number; snap: Snap | null }>>();
function snapUnit(net: ProfileNetwork, id: number | undefined, lon: number, lat: number): Snap | null {
  if (id === undefined) return snapToRoad(net.graph, net.segments, lon, lat, SNAP_MAX_METERS);
  let cache = snapCache.get(net);
  if (!cache) snapCache.set(net, (cache = new Map()));
  const hit = cache.get(id);
  if (hit && hit.lon === lon && hit.lat === lat) return hit.snap;
  const snap = snapToRoad(net.graph, net.segments, lon, lat, SNAP_MAX_METERS);
  cache.set(id, { lon, lat, snap });
  return snap;
}

/**
 * The RPHAST selection of the units' exit nodes, kept while they stay the same (it is the one per-request step
 * whose cost grows with the network; units move every few seconds, recommendations are asked far more often
 * than that in a busy command room only when the positions have not changed).
 */
const selectionCache = new WeakMap<ContractionHierarchy, { key: string; selection: ChSourceSelection }>();
function cachedSelection(ch: ContractionHierarchy, sources: number[]): ChSourceSelection {
  const key = sources.join(',');
  const hit = selectionCache.get(ch);
  if (hit && hit.key === key) return hit.selection;
  const selection = chSelectSources(ch, sources);
  selectionCache.set(ch, { key, selection });
  return selection;
}

/**
 * A first pass bounded at this many seconds keeps the backward search local; if it finds fewer than
 * FIRST_PASS_ENOUGH units of a profile (the list shows 12), that profile's search runs again up to CUTOFF_SECONDS.
 */
const FIRST_PASS_SECONDS = 600;
const FIRST_PASS_ENOUGH = 24;

interface Routed {
  snap: Snap | null;
  net: ProfileNetwork | undefined;
}

/**
 * Travel times by road from each unit (its own profile) to a point; NaN where a unit or the point cannot be snapped.
 * Where the county has no road network for a unit's profile (no roads imported yet), the straight-line estimate
 * instead (`estimated` says which), so a bureau that has not imported its roads still gets a recommendation.
 */
export function etasTo(network: RoadNetwork, units: { id?: number; type: string; lon: number | null; lat: number | null }[], lon: number, lat: number, full = false) {
  const etas = new Array<number>(units.length).fill(NaN);
  const estimated = new Array<boolean>(units.length).fill(false);
  const routed: Routed[] = units.map(() => ({ snap: null, net: undefined }));
  const target: Partial<Record<RoadProfileKey, Snap | null>> = {};
  const byProfile = new Map<RoadProfileKey, number[]>();
  units.forEach((u, i) => {
    const p = PROFILE_OF_UNIT[u.type as UnitType] ?? 'car';
    byProfile.set(p, [...(byProfile.get(p) ?? []), i]);
  });
  for (const [profile, idx] of byProfile) {
    const net = network.profiles[profile];
    if (!net) {
      for (const i of idx) {
        const u = units[i]!;
        if (u.lon === null || u.lat === null) continue;
        const s = straightLineSeconds(profile, [u.lon, u.lat], [lon, lat]);
        etas[i] = s > CUTOFF_SECONDS ? Infinity : s;
        estimated[i] = true;
      }
      continue;
    }
    const t = (target[profile] = snapToRoad(net.graph, net.segments, lon, lat, SNAP_MAX_METERS));
    const snaps = idx.map((i) => {
      const u = units[i]!;
      const s = u.lon === null || u.lat === null ? null : snapUnit(net, u.id, u.lon, u.lat);
      routed[i] = { snap: s, net };
      return s;
    });
    if (!t) continue;
    let times = etasToIncident(net.ch, net.graph, snaps, t, full ? CUTOFF_SECONDS : FIRST_PASS_SECONDS, cachedSelection);
    // the ranked list shows at most a dozen units: with that many found nearby, farther ones never make the list
    if (!full && times.filter((x) => Number.isFinite(x)).length < FIRST_PASS_ENOUGH) times = etasToIncident(net.ch, net.graph, snaps, t, CUTOFF_SECONDS, cachedSelection);
    idx.forEach((i, k) => (etas[i] = times[k]!));
  }
  return { etas, routed, target, estimated };
}

/** The road route from a snapped unit to a snapped scene, with its time (equal to the ETA) and length. */
export function routeBetween(net: ProfileNetwork, from: Snap, to: Snap): { seconds: number; meters: number; coordinates: [number, number][] } | null {
  const { graph, ch } = net;
  const direct = sameSegment(from, to) ? sameEdgeSeconds(from, to, graph) : Infinity;
  let best = { seconds: direct, exit: -1, entry: -1 };
  for (const x of from.exits) {
    for (const n of to.entries) {
      const mid = x.node === n.node ? 0 : chTravelTime(ch, x.node, n.node);
      const total = x.seconds + mid + n.seconds;
      if (total < best.seconds) best = { seconds: total, exit: x.node, entry: n.node };
    }
  }
  if (!Number.isFinite(best.seconds)) return null;
  if (best.exit < 0) {
    return { seconds: best.seconds, meters: distance([from.lon, from.lat], [to.lon, to.lat]), coordinates: [[from.lon, from.lat], [to.lon, to.lat]] };
  }
  const path = best.exit === best.entry ? { nodes: [best.exit], meters: 0 } : chShortestPath(ch, graph, best.exit, best.entry);
  if (!path) return null;
  const coordinates: [number, number][] = [[from.lon, from.lat], ...pathCoords(graph, path.nodes), [to.lon, to.lat]];
  const head = distance(coordinates[0]!, coordinates[1]!);
  const tail = distance(coordinates[coordinates.length - 2]!, coordinates[coordinates.length - 1]!);
  return { seconds: best.seconds, meters: Math.round(path.meters + head + tail), coordinates: coordinates.map(([x, y]) => [round6(x), round6(y)]) };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
function distance(a: [number, number], b: [number, number]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return 6371008.8 * Math.hypot(x, y);
}

export async function recommendation(ctx: Ctx, actor: Actor, incidentId: number, opts: { echelon?: 1 | 2 | 3 } = {}): Promise<Recommendation> {
  authorize(actor, 'incident.dispatch');
  const inc = await incidentPoint(ctx, actor, incidentId);
  const [network, rows, assigned] = await Promise.all([ctx.roads.get(), dispatchUnits(ctx, scopeIds(actor, ctx.areas.tree())), repo.activeAssignments(ctx.db, incidentId)]);
  const now = ctx.clock.now();
  // only available units need a travel time; the others are listed with their reason
  const avail = rows.filter((u) => u.status === 'available');
  const first = etasTo(network, avail, inc.lon, inc.lat);
  let { etas: availEtas, routed, target } = first;
  let etaOf = new Map(avail.map((u, i) => [u.id, availEtas[i]!]));
  // ETAs along the straight line (no roads of the unit's profile): shown, and marked as estimates
  const straight = new Set(avail.filter((_, i) => first.estimated[i]).map((u) => u.id));
  const units: DispatchUnit[] = rows.map((u) => {
    const home = homeAreas(ctx, u.home_area_id);
    return {
      id: u.id,
      callsign: u.callsign,
      type: u.type as UnitType,
      echelon: u.echelon as 1 | 2 | 3,
      status: u.status as UnitStatus,
      positionAt: u.position_at === null || u.lon === null ? null : Date.parse(u.position_at),
      homeAreaIds: home.own,
      stationAreaId: home.station,
      members: u.members,
      rostered: u.rostered,
    };
  });
  const rank = () =>
    recommend({
      incident: { category: inc.category, priority: inc.priority as 1 | 2 | 3, areaIds: inc.area_ids, targetSeconds: inc.target_s ?? 300 },
      units,
      etaSeconds: rows.map((u) => etaOf.get(u.id) ?? NaN),
      now: now.getTime(),
      policy: responsePolicy(ctx.config.stalePositionSeconds),
      ...(opts.echelon ? { dispatcherEchelon: opts.echelon } : {}),
      assigned: assigned.map((a) => ({ unitId: a.unit_id, type: a.type as UnitType })),
    });
  let rec = rank();
  // the first pass stops at 10 minutes: before calling a unit unreachable or a run card short, search the hour
  if (rec.shortfall.length > 0 || rec.ranked.some((r) => r.reasons.includes('unreachable'))) {
    ({ etas: availEtas, routed, target } = etasTo(network, avail, inc.lon, inc.lat, true));
    etaOf = new Map(avail.map((u, i) => [u.id, availEtas[i]!]));
    rec = rank();
  }
  const byId = new Map(rows.map((u) => [u.id, u]));
  // routes for the proposal and the fastest eligible units
  const show = [...new Set([...rec.proposal, ...rec.ranked.filter((r) => !r.excluded && r.etaSeconds !== null).map((r) => r.unitId)])].slice(0, Math.max(ROUTES_SHOWN, rec.proposal.length));
  const routes: Route[] = [];
  for (const id of show) {
    const i = avail.findIndex((u) => u.id === id);
    const r = routed[i];
    const profile = PROFILE_OF_UNIT[avail[i]!.type as UnitType] ?? 'car';
    const t = target[profile];
    if (!r?.snap || !r.net || !t) continue;
    const route = routeBetween(r.net, r.snap, t);
    if (route) routes.push({ unitId: id, seconds: Math.round(route.seconds), meters: route.meters, coordinates: route.coordinates });
  }
  return {
    incidentId: inc.id,
    targetSeconds: inc.target_s ?? 300,
    keyPlace: inc.key_place_id !== null ? { id: inc.key_place_id, name: inc.key_place_name ?? '' } : null,
    runCard: rec.runCard,
    echelonCalled: rec.echelonCalled,
    escalation: rec.escalation,
    ranked: rec.ranked.map((r) => {
      const u = byId.get(r.unitId)!;
      return {
        unitId: r.unitId,
        callsign: r.callsign,
        type: r.type,
        echelon: r.echelon,
        status: u.status as UnitStatus,
        profile: PROFILE_OF_UNIT[r.type] ?? 'car',
        lon: u.lon,
        lat: u.lat,
        positionAt: u.position_at,
        etaSeconds: r.etaSeconds === null ? null : Math.round(r.etaSeconds),
        tier: r.tier,
        withinTarget: r.withinTarget,
        reasons: straight.has(r.unitId) && r.etaSeconds !== null ? [...r.reasons, 'straight_line' as const] : r.reasons,
        excluded: r.excluded,
      };
    }),
    proposal: rec.proposal,
    shortfall: rec.shortfall,
    bestEtaSeconds: rec.bestEtaSeconds === null ? null : Math.round(rec.bestEtaSeconds),
    routes,
    computedAt: now.toISOString(),
    incidentVersion: inc.version,
    assigned: assigned.map((a) => ({ unitId: a.unit_id, callsign: a.callsign, type: a.type as UnitType })),
    // what the list was made from: the incident's version (and its time) and every listed unit's version
    token: encodeBasis({
      incidentId: inc.id,
      incidentVersion: inc.version,
      eventId: inc.last_event_id,
      units: rec.ranked.map((r) => [r.unitId, byId.get(r.unitId)!.version] as const),
    }),
  };
}

/** The travel time a unit needs to reach a point now; null without a usable, fresh position or road. */
export async function unitEta(ctx: Ctx, unit: { type: string; lon: number | null; lat: number | null; position_at: string | null }, lon: number, lat: number): Promise<number | null> {
  if (unit.lon === null || unit.lat === null || unit.position_at === null) return null;
  if (ctx.clock.now().getTime() - Date.parse(unit.position_at) > ctx.config.stalePositionSeconds * 1000) return null;
  const network = await ctx.roads.get();
  const eta = etasTo(network, [unit], lon, lat).etas[0]!;
  return Number.isFinite(eta) ? Math.round(eta * 10) / 10 : null;
}

// ------------------------------------------------------------------ reach areas and coverage

function parseBudgets(s: string | undefined, dflt: number[], field: string): number[] {
  if (!s) return dflt;
  const b = s.split(',').map(Number);
  if (b.some((x) => !(x >= 10 && x <= 3600)) || b.some((x, i) => i > 0 && x <= b[i - 1]!)) {
    throw validationError([{ field, message: 'must be ascending seconds between 10 and 3600, comma-separated' }]);
  }
  return b;
}

export async function reachArea(ctx: Ctx, actor: Actor, q: { lon?: number; lat?: number; unitId?: number; profile?: RoadProfileKey; budgets?: string }) {
  authorize(actor, 'roads.read');
  const budgets = parseBudgets(q.budgets, [60, 180, 300], '/budgets');
  let lon = q.lon;
  let lat = q.lat;
  let profile: RoadProfileKey = q.profile ?? 'car';
  if (q.unitId !== undefined) {
    const [u] = await unitRecords.unitRows(ctx.db, scopeIds(actor, ctx.areas.tree()), [q.unitId]);
    if (!u) throw new AppError('UNIT_NOT_FOUND', `Unit ${q.unitId} not found`, { field: '/unitId' });
    if (u.lon === null || u.lat === null) throw new AppError('NO_POSITION', `Unit ${u.callsign} has no position`, { field: '/unitId' });
    lon = u.lon;
    lat = u.lat;
    profile = q.profile ?? PROFILE_OF_UNIT[u.type as UnitType] ?? 'car';
  } else if (lon === undefined || lat === undefined) {
    throw validationError([{ field: lon === undefined ? '/lon' : '/lat', message: 'give lon and lat, or unitId' }]);
  }
  const net = (await ctx.roads.get()).profiles[profile];
  if (!net) throw new AppError('NO_ROADS', `No road network for ${profile}`, { field: '/profile' });
  const snap = snapToRoad(net.graph, net.segments, lon!, lat!, SNAP_MAX_METERS);
  if (!snap) throw new AppError('OFF_ROAD', `No road within ${SNAP_MAX_METERS} m of the point`, { field: q.unitId !== undefined ? '/unitId' : '/lon' });
  const times = travelTimesFromSnap(net.ch, snap, 'from', budgets[budgets.length - 1]!);
  const layers = reachSegments(net.graph, times, budgets);
  return {
    type: 'FeatureCollection' as const,
    properties: { profile, origin: [round6(snap.lon), round6(snap.lat)], budgets },
    features: layers.flatMap((l) => {
      const points = l.lines.flat();
      const polygon = reachPolygon(points);
      return [
        { type: 'Feature' as const, properties: { seconds: l.seconds, kind: 'roads', meters: Math.round(l.meters) }, geometry: { type: 'MultiLineString' as const, coordinates: l.lines } },
        ...(polygon ? [{ type: 'Feature' as const, properties: { seconds: l.seconds, kind: 'area' }, geometry: { type: 'Polygon' as const, coordinates: polygon } }] : []),
      ];
    }),
  };
}

/**
 * Live coverage: the roads that available units (not left off the duty roster) with fresh positions reach within each budget now, on the car
 * network (the one every road of the county is on); e-bike and foot units count on the roads they share with it.
 */
export async function coverage(ctx: Ctx, actor: Actor, q: { budgets?: string }) {
  authorize(actor, 'roads.read');
  const budgets = parseBudgets(q.budgets, [180, 300], '/budgets');
  const network = await ctx.roads.get();
  const car = network.profiles.car;
  if (!car) throw new AppError('NO_ROADS', 'No road network for cars');
  const now = ctx.clock.now().getTime();
  const [all, staffing] = await Promise.all([unitRecords.unitRows(ctx.db, scopeIds(actor, ctx.areas.tree())), unitStaffing(ctx)]);
  const rows = all.filter(
    (u) => u.status === 'available' && staffing(u) !== false && u.lon !== null && u.lat !== null && u.position_at !== null && now - Date.parse(u.position_at) <= ctx.config.stalePositionSeconds * 1000,
  );
  const max = budgets[budgets.length - 1]!;
  const best = new Float64Array(car.graph.nodeCount).fill(Infinity);
  for (const profile of ['car', 'ebike', 'foot'] as const) {
    const net = network.profiles[profile];
    const mine = rows.filter((u) => (PROFILE_OF_UNIT[u.type as UnitType] ?? 'car') === profile);
    if (!net || mine.length === 0) continue;
    const sources = mine.flatMap((u) => snapToRoad(net.graph, net.segments, u.lon!, u.lat!, SNAP_MAX_METERS)?.exits ?? []);
    const times = coverageTimes(net.graph, sources, max);
    if (net === car) {
      for (let v = 0; v < times.length; v++) if (times[v]! < best[v]!) best[v] = times[v]!;
    } else {
      // carry times over to the car graph's node at the same place
      const key = (lon: number, lat: number) => `${Math.round(lon * 1e7)},${Math.round(lat * 1e7)}`;
      const at = new Map<string, number>();
      for (let v = 0; v < times.length; v++) if (Number.isFinite(times[v]!)) at.set(key(net.graph.lon[v]!, net.graph.lat[v]!), times[v]!);
      for (let v = 0; v < car.graph.nodeCount; v++) {
        const t = at.get(key(car.graph.lon[v]!, car.graph.lat[v]!));
        if (t !== undefined && t < best[v]!) best[v] = t;
      }
    }
  }
  const cov = coverageByEdge(car.graph, best, budgets);
  // one MultiLineString per class (within budget k, or beyond the last: a gap)
  const lines: [number, number][][][] = budgets.map(() => []);
  const gaps: [number, number][][] = [];
  const g = car.graph;
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
      const v = g.targets[e]!;
      // a two-way segment once (both directions carry the same class)
      if (v < u && edgeBetween(g, v, u) >= 0) continue;
      const c = cov.edgeClass[e]!;
      const seg: [number, number][] = [[round6(g.lon[u]!), round6(g.lat[u]!)], [round6(g.lon[v]!), round6(g.lat[v]!)]];
      if (c >= 0) lines[c]!.push(seg);
      else gaps.push(seg);
    }
  }
  const total = cov.metersWithin[cov.metersWithin.length - 1]! + cov.metersBeyond;
  return {
    type: 'FeatureCollection' as const,
    properties: {
      budgets,
      units: rows.length,
      metersWithin: cov.metersWithin.map(Math.round),
      metersBeyond: Math.round(cov.metersBeyond),
      shareWithin: cov.metersWithin.map((m) => (total > 0 ? Math.round((m / total) * 1000) / 1000 : 0)),
      computedAt: new Date(now).toISOString(),
    },
    features: [
      ...budgets.map((b, k) => ({ type: 'Feature' as const, properties: { seconds: b, kind: 'covered' }, geometry: { type: 'MultiLineString' as const, coordinates: lines[k]! } })),
      { type: 'Feature' as const, properties: { seconds: null, kind: 'gap' }, geometry: { type: 'MultiLineString' as const, coordinates: gaps } },
    ],
  };
}
