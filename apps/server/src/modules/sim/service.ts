// The reform simulator in the product (改革推演, issue 20): a leader replays the calls of a past period in an area
// (county, district or station area in scope) under the chosen policies, and compares what each buys.
//
// The scenario is built here from the county's own data: the calls (incidents not cancelled) of the period inside
// the area, each snapped to the car network the roads module holds (calls farther than DROP_M from every road are
// dropped and counted), with the live station area holding it; the calls of the HISTORY_DAYS before the period (to
// place posts and plan patrols); the station areas inside the area, each with its house where the station's units
// wait (the mean of its units' posts, else a point inside its area); units shared out over the stations by their
// calls (allocateReformUnits); posts set by hand (moved on the map) when given; the 片区 chosen (bundles) as the
// stations' groups, so a bundled policy sends a unit only within its 片区. The engine (packages/core/src/sim/
// reform) then runs in a worker thread of a bounded pool (lib/workers.ts, as the report exports do: issue 19 defect
// 1): at most SIM_WORKERS at once, SIM_QUEUE more waiting, 503 SIM_BUSY beyond, asked before anything is written.
//
// A run is saved when asked for (queued), marked running when its worker takes it, and done with its result or
// failed with the reason. Runs are seen by admins and by the leads whose scope holds the run's area (404 outside).
import {
  DAY_MS,
  DEFAULT_SERVICE_TIME,
  allocateReformUnits,
  nearestNode,
  pointInPolygon,
  type ReformCall,
  type ReformPolicy,
  type ReformPost,
  type ReformScenario,
  type ReformStation,
  type RoadGraph,
} from '@jingwang/core';
import { SIM_LIMITS, type SimRun, type SimRunBody, type SimRunSummary, type SimScenario } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso, isoN, json } from '../../lib/format';
import { WorkerPool, workerModule } from '../../lib/workers';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { localDate } from '../patrol/reference';
import * as repo from './repo';
import type { SimJob, SimJobResult } from './worker';

/** Runs computed at once (one core of a 2-core county server stays for the API) and runs waiting behind them. */
export const SIM_WORKERS = 1;
export const SIM_QUEUE = 4;
/** Calls farther than this from every road of the car network are dropped (and counted). */
export const DROP_M = 500;
/** A post set by hand must be this close to a road. */
export const POST_SNAP_M = 300;
/** Days of calls before the period from which posts are placed and patrols planned. */
export const HISTORY_DAYS = 28;
const AREA_KINDS_SIMULATED = ['county', 'district', 'station'];

interface Runner {
  pool: WorkerPool<SimJob, SimJobResult>;
  active: number;
  waiting: { id: number; job: SimJob }[];
  /** Settles when nothing runs or waits (tests, shutdown). */
  idle: Promise<void>;
  settle: (() => void) | null;
}
const runners = new WeakMap<Ctx, Runner>();

function runner(ctx: Ctx): Runner {
  let r = runners.get(ctx);
  if (!r) {
    r = {
      pool: new WorkerPool<SimJob, SimJobResult>({ name: 'reform simulation', entry: workerModule(import.meta.url, './worker'), size: SIM_WORKERS, maxQueue: SIM_QUEUE, busyCode: 'SIM_BUSY', idleMs: 30_000 }),
      active: 0,
      waiting: [],
      idle: Promise.resolve(),
      settle: null,
    };
    runners.set(ctx, r);
  }
  return r;
}

/** Resolves when no run is computing or waiting in this process. */
export function simIdle(ctx: Ctx): Promise<void> {
  return runners.get(ctx)?.idle ?? Promise.resolve();
}

/** Ends the simulation workers (the app closes); runs still computing are failed by their job's rejection. */
export async function closeSimPool(ctx: Ctx): Promise<void> {
  const r = runners.get(ctx);
  if (!r) return;
  r.waiting.splice(0);
  await r.pool.close();
  await r.idle;
  runners.delete(ctx);
}

/** At start: runs left queued or running by an earlier process will never finish; they are marked failed. */
export async function failInterruptedRuns(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().toISOString();
  return repo.failInterrupted(ctx.db, now, now, '服务重启，推演中断，请重新推演 (interrupted by a restart)');
}

function enqueue(ctx: Ctx, id: number, job: SimJob): void {
  const r = runner(ctx);
  if (r.active === 0 && r.waiting.length === 0) r.idle = new Promise<void>((res) => (r.settle = res));
  r.waiting.push({ id, job });
  pump(ctx, r);
}

function pump(ctx: Ctx, r: Runner): void {
  while (r.active < SIM_WORKERS && r.waiting.length) {
    const next = r.waiting.shift()!;
    r.active++;
    void execute(ctx, r, next.id, next.job).finally(() => {
      r.active--;
      pump(ctx, r);
      if (r.active === 0 && r.waiting.length === 0) {
        r.settle?.();
        r.settle = null;
      }
    });
  }
}

async function execute(ctx: Ctx, r: Runner, id: number, job: SimJob): Promise<void> {
  const t0 = performance.now();
  try {
    await repo.markRunning(ctx.db, id, ctx.clock.now().toISOString());
    const out = await r.pool.run(job);
    await repo.finishRun(ctx.db, id, { status: 'done', at: ctx.clock.now().toISOString(), result: JSON.stringify(out), error: null, durationMs: Math.round(performance.now() - t0) });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 500) : String(e);
    try {
      await repo.finishRun(ctx.db, id, { status: 'failed', at: ctx.clock.now().toISOString(), result: null, error: msg, durationMs: Math.round(performance.now() - t0) });
    } catch {
      /* the database is closing with the app: the next start marks the run interrupted */
    }
  }
}

// ---------------------------------------------------------------- validation

const bad = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ field, message }]);

function dateMs(date: string, field: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw bad(field, 'must be a real calendar date YYYY-MM-DD');
  return ms;
}

const policyKey = (p: ReformPolicy | SimRunBody['policies'][number]) => `${'name' in p ? p.name : p.policy}|${p.bundled}`;

interface Prepared {
  areaName: string;
  scenario: ReformScenario;
  summary: SimScenario;
  graph: RoadGraph;
  ch: SimJob['ch'];
  stationIds: number[];
  policies: ReformPolicy[];
  seeds: number[];
}

/** Checks the request against the deployment's data and builds the scenario; throws a 4xx naming the field at fault. */
async function prepare(ctx: Ctx, actor: Actor, b: SimRunBody): Promise<Prepared> {
  const tree = ctx.areas.tree();
  const node = tree.get(b.areaId);
  if (!node) throw new AppError('AREA_NOT_FOUND', `Area ${b.areaId} not found`, { field: '/areaId' });
  if (!inScope(actor, tree, [b.areaId])) throw new AppError('OUT_OF_SCOPE', undefined, { field: '/areaId' });
  if (node.validTo !== null) throw bad('/areaId', 'the area is retired; choose a live area');
  if (!AREA_KINDS_SIMULATED.includes(node.kind)) throw bad('/areaId', 'choose the county, a district or a station area');
  const off = ctx.config.utcOffsetMinutes;
  const fromDay = dateMs(b.from, '/from');
  const toDay = dateMs(b.to, '/to');
  if (toDay < fromDay) throw bad('/to', 'must not be before from');
  const days = Math.round((toDay - fromDay) / DAY_MS) + 1;
  if (days > SIM_LIMITS.maxDays) throw bad('/to', `the period is at most ${SIM_LIMITS.maxDays} days`);
  const today = localDate(ctx.clock.now().getTime(), off);
  if (b.to >= today) throw bad('/to', 'the period must be in the past (end before today)');
  const seen = new Set<string>();
  b.policies.forEach((p, i) => {
    const k = policyKey(p);
    if (seen.has(k)) throw bad(`/policies/${i}`, 'each policy once');
    seen.add(k);
  });

  const stationRows = await repo.stationsIn(ctx.db, b.areaId);
  if (!stationRows.length) throw bad('/areaId', 'the area holds no station area');
  const stationIdx = new Map(stationRows.map((s, i) => [s.id, i]));
  const groupOf = new Map<number, number>();
  (b.bundles ?? []).forEach((g, i) =>
    g.forEach((id, j) => {
      if (!stationIdx.has(id)) throw bad(`/bundles/${i}/${j}`, 'not a station area of the simulated area');
      if (groupOf.has(id)) throw bad(`/bundles/${i}/${j}`, 'a station is in one 片区 only');
      groupOf.set(id, i);
    }),
  );

  const net = await ctx.roads.get();
  const car = net.profiles.car;
  if (!car) throw new AppError('NO_ROADS', 'No road network for cars', { field: '/areaId' });
  const graph = car.graph;
  const polys = stationRows.map((s) => {
    const g = JSON.parse(s.gj) as { type: string; coordinates: unknown };
    return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as [number, number][][][];
  });
  const stationAt = (lon: number, lat: number): number => polys.findIndex((p) => pointInPolygon(lon, lat, p as never));
  const postNodes = (b.posts ?? []).map(([lon, lat], i) => {
    const n = nearestNode(graph, lon, lat, POST_SNAP_M);
    if (n < 0) throw new AppError('OFF_ROAD', `Post ${i + 1} is more than ${POST_SNAP_M} m from every road`, { field: `/posts/${i}` });
    const s = stationAt(lon, lat);
    if (s < 0) throw bad(`/posts/${i}`, 'the post is outside every station area of the simulated area');
    return { node: n, station: s };
  });

  const periodStartMs = fromDay - off * 60_000;
  const periodEndMs = toDay + DAY_MS - off * 60_000;
  const rows = await repo.callsIn(ctx.db, b.areaId, new Date(periodStartMs).toISOString(), new Date(periodEndMs).toISOString());
  if (!rows.length) throw new AppError('SIM_NO_CALLS', `No calls in the area from ${b.from} to ${b.to}`, { field: '/from' });
  const r = runner(ctx);
  if (r.active >= SIM_WORKERS && r.waiting.length >= SIM_QUEUE) throw new AppError('SIM_BUSY', undefined, { running: r.active, queued: r.waiting.length });
  const hist = await repo.callsIn(ctx.db, b.areaId, new Date(periodStartMs - HISTORY_DAYS * DAY_MS).toISOString(), new Date(periodStartMs).toISOString());

  // station houses: where the station's units wait (mean of their posts), else a point inside the area
  const unitRows = await repo.unitPosts(ctx.db);
  const stations: ReformStation[] = stationRows.map((s, i) => {
    const own = unitRows.filter((u) => u.home_area_id !== null && u.lon !== null && u.lat !== null && tree.within(u.home_area_id, s.id) && pointInPolygon(u.lon, u.lat, polys[i] as never));
    const lon = own.length ? own.reduce((a, u) => a + u.lon!, 0) / own.length : s.lon;
    const lat = own.length ? own.reduce((a, u) => a + u.lat!, 0) / own.length : s.lat;
    // the 片区 chosen for the bundled policies (a station in no bundle is a 片区 of its own; no bundles: one for all)
    const g = groupOf.get(s.id);
    return { id: String(s.id), name: s.name, node: nearestNode(graph, lon, lat), lon, lat, areaId: String(s.id), area: polys[i], ...(g !== undefined ? { group: `b${g}` } : {}) };
  });

  const toCall = (c: repo.CallRow, k: number): ReformCall | null => {
    const n = nearestNode(graph, c.lon, c.lat, DROP_M);
    if (n < 0) return null;
    let st = c.station_id !== null ? (stationIdx.get(c.station_id) ?? -1) : -1;
    if (st < 0) st = stationAt(c.lon, c.lat);
    if (st < 0) return null;
    return { id: k, timeS: (c.at - periodStartMs) / 1000, timeOfDayKnown: true, node: n, lon: c.lon, lat: c.lat, category: c.category.toLowerCase(), station: st };
  };
  const calls: ReformCall[] = [];
  let dropped = 0;
  for (const c of rows) {
    const x = toCall(c, calls.length);
    if (x) calls.push(x);
    else dropped++;
  }
  if (!calls.length) throw new AppError('SIM_NO_CALLS', `Every call of the period is off the road network (${dropped} dropped)`, { field: '/from' });
  const history: ReformCall[] = [];
  for (const c of hist) {
    const x = toCall(c, history.length);
    if (x) history.push(x);
  }
  const units = allocateReformUnits(stations.length, b.units, calls);

  // posts set by hand: every post is staffed before any gets a second unit; a unit takes the least used post,
  // one in its own station's area first when several are as little used
  let posts: ReformPost[] | undefined;
  if (postNodes.length) {
    const used = postNodes.map(() => 0);
    posts = units.map((u) => {
      let best = 0;
      postNodes.forEach((p, k) => {
        const rank = (i: number) => used[i]! * 2 + (postNodes[i]!.station === u.station ? 0 : 1);
        if (rank(k) < rank(best)) best = k;
      });
      used[best]!++;
      return { node: postNodes[best]!.node, station: u.station };
    });
  }
  const notes = [
    `${b.from} — ${b.to} 的 ${rows.length} 起警情，回放 ${calls.length} 起；${dropped} 起离路网超过 ${DROP_M} 米或不在任何派出所辖区，未计入`,
    `警力 ${b.units} 个，按各所警情量分配；派警用机动车路网（与调度推荐相同的路网和时间）`,
  ];
  if (b.bundles) {
    const alone = stationRows.filter((s) => !groupOf.has(s.id)).map((s) => s.name);
    notes.push(
      `片区联勤按所选片区推演：${b.bundles.map((g, i) => `片区 ${i + 1}（${g.map((id) => stationRows[stationIdx.get(id)!]!.name).join('、')}）`).join('；')}${alone.length ? `；单独：${alone.join('、')}` : ''}；警力只在本片区内跨所出警`,
    );
  }
  if (posts) notes.push(`快反点 ${postNodes.length} 个为手工设置，整个时段固定不变（自动布设则每天按此前警情重新布设）；每个快反点先各派一个单位，本所的优先`);
  const scenario: ReformScenario = {
    periodStartMs,
    periodS: (periodEndMs - periodStartMs) / 1000,
    stations,
    calls,
    history,
    units,
    serviceTime: DEFAULT_SERVICE_TIME,
    ...(posts ? { posts } : {}),
    notes,
  };
  const bundles = b.bundles ?? [stationRows.map((s) => s.id)];
  const summary: SimScenario = {
    calls: rows.length,
    replayed: calls.length,
    dropped,
    history: history.length,
    stations: stationRows.map((s, i) => ({ id: s.id, name: s.name, lon: stations[i]!.lon, lat: stations[i]!.lat, calls: calls.filter((c) => c.station === i).length, units: units.filter((u) => u.station === i).length })),
    bundles,
    profile: 'car',
  };
  return {
    areaName: node.name,
    scenario,
    summary,
    graph,
    ch: car.ch,
    stationIds: stationRows.map((s) => s.id),
    policies: b.policies.map((p) => ({ name: p.policy, bundled: p.bundled })),
    seeds: Array.from({ length: b.seeds }, (_, i) => i + 1),
  };
}

// ---------------------------------------------------------------- entry points

/** Saves the run (queued) and hands it to the workers; answers at once. */
export async function startRun(ctx: Ctx, actor: Actor, b: SimRunBody): Promise<SimRun> {
  authorize(actor, 'sim.run');
  const p = await prepare(ctx, actor, b);
  const id = await repo.insertRun(ctx.db, {
    area_id: b.areaId,
    status: 'queued',
    name: b.name ?? null,
    input: JSON.stringify(b),
    scenario: JSON.stringify(p.summary),
    result: null,
    error: null,
    created_by: actor.userId,
    created_by_name: actor.displayName,
    created_at: ctx.clock.now().toISOString(),
    started_at: null,
    finished_at: null,
    duration_ms: null,
  });
  const { index: _index, ...graph } = p.graph;
  void _index;
  enqueue(ctx, id, { scenario: p.scenario, graph, ch: p.ch, options: { seeds: p.seeds, policies: p.policies }, stationIds: p.stationIds });
  return getRun(ctx, actor, id);
}

function presentSummary(ctx: Ctx, r: Omit<repo.SimRunRow, 'result' | 'scenario'>): SimRunSummary {
  return {
    id: r.id,
    areaId: r.area_id,
    areaName: ctx.areas.tree().get(r.area_id)?.name ?? '',
    name: r.name,
    status: r.status,
    input: json<SimRunBody>(r.input),
    error: r.error,
    createdAt: iso(r.created_at),
    createdBy: r.created_by_name,
    startedAt: isoN(r.started_at),
    finishedAt: isoN(r.finished_at),
    durationMs: r.duration_ms,
  };
}

export async function getRun(ctx: Ctx, actor: Actor, id: number): Promise<SimRun> {
  authorize(actor, 'sim.read');
  const r = await repo.getRunRow(ctx.db, id);
  if (!r || !inScope(actor, ctx.areas.tree(), [r.area_id])) throw new AppError('SIM_RUN_NOT_FOUND');
  return { ...presentSummary(ctx, r), scenario: r.scenario === null ? null : json<SimScenario>(r.scenario), result: r.result === null ? null : json<SimRun['result']>(r.result) };
}

export async function listRuns(ctx: Ctx, actor: Actor, q: { areaId?: number; limit?: number }): Promise<SimRunSummary[]> {
  authorize(actor, 'sim.read');
  const tree = ctx.areas.tree();
  let ids = scopeIds(actor, tree);
  if (q.areaId !== undefined) {
    if (!tree.get(q.areaId)) throw new AppError('AREA_NOT_FOUND', `Area ${q.areaId} not found`, { field: '/areaId' });
    ids = ids === null ? [q.areaId] : ids.filter((x) => x === q.areaId);
  }
  const rows = await repo.listRunRows(ctx.db, { areaIds: ids, limit: q.limit ?? 30 });
  return rows.map((r) => presentSummary(ctx, r));
}
