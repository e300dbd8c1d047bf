// Road network of the demo county: arterials (60 km/h) linking the three towns and crossing the county, county
// roads, a dense street grid in 天目山 with a few one-way couplets, smaller grids in 娄庄 and 白米, and village roads
// (connector, spurs and links) reaching every village.
//
// Roads are drawn in local metres, densified to vertices every ~150 m and rounded to 1e-7 degrees. Streets of a
// town grid share their lattice points, and roads that claim a grid row or column reuse its points, so they join
// exactly. Everything else is "noded": wherever two roads cross, the crossing point is inserted into both (within
// 0.5 m it snaps to an existing vertex), so the graph joins them there. Roads are clipped to the county polygon,
// and any piece left disconnected is linked to the main network, which is then one strongly connected graph.

import Flatbush from 'flatbush';
import { metersPerDegree } from '../geo/measure';
import { pointInPolygon } from '../geo/pip';
import { buildRoadGraph, connectedComponents, isStronglyConnected } from '../roads/graph';
import type { CountyGeometry } from './demoGeometry';
import { CITY_STREET_STEMS, TOWN_STREET_NAMES } from './names';
import type { Rng } from './rng';
import type { DemoRoad, LonLat, RoadClass } from './types';

type XY = [number, number];

interface Draft {
  name: string;
  cls: RoadClass;
  speed: number;
  oneway: boolean;
  coords: LonLat[];
}

const ORIGIN: LonLat = [120.255, 32.625];
const M = metersPerDegree(ORIGIN[1]);
const r7 = (x: number): number => Math.round(x * 1e7) / 1e7;
const toLL = (p: XY): LonLat => [r7(ORIGIN[0] + p[0] / M.lon), r7(ORIGIN[1] + p[1] / M.lat)];
const toXY = (p: LonLat): XY => [(p[0] - ORIGIN[0]) * M.lon, (p[1] - ORIGIN[1]) * M.lat];
const SEG = 150;

function densify(pts: readonly XY[], maxSeg = SEG): XY[] {
  const out: XY[] = [];
  pts.forEach((p, k) => {
    if (k > 0) {
      const a = pts[k - 1]!;
      const n = Math.ceil(Math.hypot(p[0] - a[0], p[1] - a[1]) / maxSeg);
      for (let s = 1; s < n; s++) out.push([a[0] + ((p[0] - a[0]) * s) / n, a[1] + ((p[1] - a[1]) * s) / n]);
    }
    out.push(p);
  });
  return out;
}

/** A gently curving polyline from a to b (both kept exactly), vertices every ~150 m. */
function wiggle(a: XY, b: XY, rng: Rng, ampFrac = 0.06): XY[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len < 1) return [a, b];
  const n = Math.max(1, Math.ceil(len / SEG));
  const nx = -dy / len;
  const ny = dx / len;
  const a1 = rng.range(-ampFrac, ampFrac) * len;
  const a2 = rng.range(-ampFrac / 2, ampFrac / 2) * len;
  const out: XY[] = [a];
  for (let k = 1; k < n; k++) {
    const t = k / n;
    const off = a1 * Math.sin(Math.PI * t) + a2 * Math.sin(2 * Math.PI * t);
    out.push([a[0] + dx * t + nx * off, a[1] + dy * t + ny * off]);
  }
  out.push(b);
  return out;
}

/** Lattice of street crossings around a centre: Q[i][j], i west->east, j south->north. */
function townLattice(centre: LonLat, nx: number, ny: number, spacing: number, angleDeg: number, rng: Rng): XY[][] {
  const c = toXY(centre);
  const th = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(th);
  const sin = Math.sin(th);
  const Q: XY[][] = [];
  for (let i = 0; i < nx; i++) {
    const col: XY[] = [];
    for (let j = 0; j < ny; j++) {
      const u = (i - (nx - 1) / 2) * spacing + rng.range(-0.06, 0.06) * spacing;
      const v = (j - (ny - 1) / 2) * spacing + rng.range(-0.06, 0.06) * spacing;
      col.push([c[0] + u * cos - v * sin, c[1] + u * sin + v * cos]);
    }
    Q.push(col);
  }
  return Q;
}

const row = (Q: XY[][], j: number): XY[] => Q.map((col) => col[j]!);
const column = (Q: XY[][], i: number): XY[] => Q[i]!.slice();

/** Split roads at every crossing so crossing roads share a vertex there. Mutates the coords in place. */
export function nodeRoads(roads: { coords: LonLat[] }[]): void {
  const kx = Math.cos((ORIGIN[1] * Math.PI) / 180);
  const segRoad: number[] = [];
  const segIdx: number[] = [];
  roads.forEach((r, ri) => {
    for (let k = 0; k + 1 < r.coords.length; k++) {
      segRoad.push(ri);
      segIdx.push(k);
    }
  });
  const n = segRoad.length;
  if (n < 2) return;
  const index = new Flatbush(n);
  const A = (s: number): LonLat => roads[segRoad[s]!]!.coords[segIdx[s]!]!;
  const B = (s: number): LonLat => roads[segRoad[s]!]!.coords[segIdx[s]! + 1]!;
  for (let s = 0; s < n; s++) {
    const a = A(s);
    const b = B(s);
    index.add(Math.min(a[0], b[0]) - 1e-5, Math.min(a[1], b[1]) - 1e-5, Math.max(a[0], b[0]) + 1e-5, Math.max(a[1], b[1]) + 1e-5);
  }
  index.finish();
  const splits = new Map<number, { seg: number; t: number; p: LonLat }[]>();
  const addSplit = (s: number, t: number, p: LonLat): void => {
    const a = A(s);
    const b = B(s);
    if ((p[0] === a[0] && p[1] === a[1]) || (p[0] === b[0] && p[1] === b[1])) return;
    const r = segRoad[s]!;
    const list = splits.get(r);
    const item = { seg: segIdx[s]!, t, p };
    if (list) list.push(item);
    else splits.set(r, [item]);
  };
  const eq = (p: LonLat, q: LonLat): boolean => p[0] === q[0] && p[1] === q[1];
  const metres = 111195;
  for (let s = 0; s < n; s++) {
    const a = A(s);
    const b = B(s);
    const lenS = Math.hypot((b[0] - a[0]) * kx, b[1] - a[1]) * metres;
    for (const c of index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]))) {
      if (c <= s) continue;
      if (segRoad[c] === segRoad[s] && Math.abs(segIdx[c]! - segIdx[s]!) <= 1) continue;
      const p = A(c);
      const q = B(c);
      if (eq(a, p) || eq(a, q) || eq(b, p) || eq(b, q)) continue;
      const rx = (b[0] - a[0]) * kx;
      const ry = b[1] - a[1];
      const sx = (q[0] - p[0]) * kx;
      const sy = q[1] - p[1];
      const den = rx * sy - ry * sx;
      if (den === 0) continue;
      const wx = (p[0] - a[0]) * kx;
      const wy = p[1] - a[1];
      const t = (wx * sy - wy * sx) / den;
      const u = (wx * ry - wy * rx) / den;
      const lenC = Math.hypot(sx, sy) * metres;
      const et = 0.5 / Math.max(lenS, 1e-6);
      const eu = 0.5 / Math.max(lenC, 1e-6);
      if (t < -et || t > 1 + et || u < -eu || u > 1 + eu) continue;
      let pt: LonLat;
      if (t <= et) pt = a;
      else if (t >= 1 - et) pt = b;
      else if (u <= eu) pt = p;
      else if (u >= 1 - eu) pt = q;
      else pt = [r7(a[0] + (b[0] - a[0]) * t), r7(a[1] + (b[1] - a[1]) * t)];
      addSplit(s, Math.min(1, Math.max(0, t)), pt);
      addSplit(c, Math.min(1, Math.max(0, u)), pt);
    }
  }
  for (const [ri, list] of splits) {
    const road = roads[ri]!;
    list.sort((x, y) => x.seg - y.seg || x.t - y.t);
    const out: LonLat[] = [];
    let li = 0;
    road.coords.forEach((v, k) => {
      out.push(v);
      while (li < list.length && list[li]!.seg === k) out.push(list[li++]!.p);
    });
    road.coords = dedupe(out);
  }
}

function dedupe(coords: LonLat[]): LonLat[] {
  const out: LonLat[] = [];
  for (const p of coords) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/** Keep the parts of each road inside the county (runs of at least two vertices). */
function clip(drafts: Draft[], county: LonLat[][][]): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    let run: LonLat[] = [];
    const flush = (): void => {
      if (run.length >= 2) out.push({ ...d, coords: run });
      run = [];
    };
    for (const p of d.coords) {
      if (pointInPolygon(p[0], p[1], county)) run.push(p);
      else flush();
    }
    flush();
  }
  return out;
}

export interface RoadBuild {
  roads: DemoRoad[];
  /** Village centre per community index (null for town communities). */
  villageCentres: (LonLat | null)[];
}

export function buildDemoRoads(geo: CountyGeometry, rng: Rng): RoadBuild {
  const drafts: { name: string; cls: RoadClass; speed: number; oneway: boolean; pts: XY[] }[] = [];
  const add = (name: string, cls: RoadClass, speed: number, pts: XY[], oneway = false): void => {
    drafts.push({ name, cls, speed, oneway, pts: densify(pts) });
  };
  const [tms, lz, bm] = geo.stations.map((s) => s.spec.centre) as [LonLat, LonLat, LonLat];
  const gr = rng.fork('grids');

  // 天目山: 15 x 13 crossings, ~290 m apart. Middle row = 通扬路, middle column = 姜堰大道.
  const T = townLattice(tms, 15, 13, 290, 6, gr);
  const tNX = 15;
  const tNY = 13;
  const tJm = 6;
  const tIm = 7;
  const stems = gr.shuffle([...CITY_STREET_STEMS]);
  let stemAt = 0;
  const oneRows = new Map([
    [tJm + 2, 'east'],
    [tJm + 3, 'west'],
  ]);
  const oneCols = new Map([
    [tIm - 3, 'north'],
    [tIm - 2, 'south'],
  ]);
  for (let j = 0; j < tNY; j++) {
    if (j === tJm) continue;
    const dir = oneRows.get(j);
    const major = !dir && j % 4 === 0;
    const pts = row(T, j);
    add(`${stems[stemAt++]!}路`, major ? 'primary' : 'street', major ? 40 : 30, dir === 'west' ? pts.reverse() : pts, dir !== undefined);
  }
  for (let i = 0; i < tNX; i++) {
    if (i === tIm) continue;
    const dir = oneCols.get(i);
    const major = !dir && i % 4 === 3;
    const pts = column(T, i);
    add(`${stems[stemAt++]!}街`, major ? 'primary' : 'street', major ? 40 : 30, dir === 'south' ? pts.reverse() : pts, dir !== undefined);
  }

  // 娄庄 and 白米: 7 x 6 crossings, ~250 m apart. Their middle column carries 娄白线; 娄庄's middle row 溱潼线.
  const L = townLattice(lz, 7, 6, 250, -9, gr);
  const Bg = townLattice(bm, 7, 6, 250, 5, gr);
  const smallTown = (Q: XY[][], claimRow: number, claimCol: number, label: string): void => {
    const names = gr.fork(label).shuffle([...TOWN_STREET_NAMES]);
    let k = 0;
    for (let j = 0; j < Q[0]!.length; j++) if (j !== claimRow) add(names[k++ % names.length]!, 'street', 35, row(Q, j));
    for (let i = 0; i < Q.length; i++) if (i !== claimCol) add(names[k++ % names.length]!, 'street', 35, column(Q, i));
  };
  smallTown(L, 2, 3, 'lz');
  smallTown(Bg, -1, 3, 'bm');

  // Arterials and county roads.
  const ar = rng.fork('arterials');
  const edgeW = 120.146;
  const edgeE = 120.364;
  const edgeS = 32.546;
  const edgeN = 32.704;
  const P = (lon: number, lat: number): XY => toXY([lon, lat]);
  const tRow = row(T, tJm);
  const tCol = column(T, tIm).reverse(); // north -> south
  add('通扬路', 'arterial', 60, [...wiggle(P(edgeW, tms[1] - 0.004), tRow[0]!, ar), ...tRow.slice(1, -1), ...wiggle(tRow[tRow.length - 1]!, P(edgeE, tms[1] + 0.012), ar)]);
  add('姜堰大道', 'arterial', 60, [...wiggle(P(tms[0] - 0.006, edgeN), tCol[0]!, ar), ...tCol.slice(1, -1), ...wiggle(tCol[tCol.length - 1]!, P(tms[0] + 0.01, edgeS), ar)]);
  add('姜娄公路', 'arterial', 60, wiggle(T[tNX - 1]![tNY - 1]!, L[0]![0]!, ar, 0.08));
  add('姜白公路', 'arterial', 60, wiggle(T[tNX - 1]![0]!, Bg[0]![2]!, ar, 0.08));
  const lCol = column(L, 3).reverse();
  const bCol = column(Bg, 3).reverse();
  add('娄白线', 'primary', 50, [
    ...wiggle(P(lz[0] + 0.004, edgeN), lCol[0]!, ar),
    ...lCol.slice(1, -1),
    ...wiggle(lCol[lCol.length - 1]!, bCol[0]!, ar),
    ...bCol.slice(1, -1),
    ...wiggle(bCol[bCol.length - 1]!, P(bm[0] - 0.003, edgeS), ar),
  ]);
  const lRow = row(L, 2);
  add('溱潼线', 'secondary', 45, [...wiggle(P(edgeW, lz[1] - 0.006), lRow[0]!, ar), ...lRow.slice(1, -1), ...wiggle(lRow[lRow.length - 1]!, P(edgeE, lz[1] + 0.004), ar)]);
  add('沈高线', 'secondary', 45, wiggle(P(edgeW, 32.567), P(edgeE, 32.562), ar, 0.02));
  add('梁徐线', 'secondary', 45, wiggle(P(120.178, edgeN), P(120.181, edgeS), ar, 0.02));
  add('俞垛线', 'secondary', 45, wiggle(P(120.343, edgeN), P(120.346, edgeS), ar, 0.02));

  // Village roads: from each village centre to the nearest road vertex, a few spurs, and some links.
  const vr = rng.fork('villages');
  const vertices: XY[] = drafts.flatMap((d) => d.pts);
  const nearestVertex = (p: XY): XY => {
    let best = vertices[0]!;
    let bestD = Infinity;
    for (const v of vertices) {
      const d = (v[0] - p[0]) ** 2 + (v[1] - p[1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = v;
      }
    }
    return best;
  };
  const addVillage = (name: string, speed: number, pts: XY[]): void => {
    add(name, 'village', speed, pts);
    vertices.push(...drafts[drafts.length - 1]!.pts);
  };
  const villageCentres: (LonLat | null)[] = geo.communities.map(() => null);
  const centreXY: (XY | null)[] = geo.communities.map(() => null);
  for (const comm of geo.communities) {
    if (comm.isTown) continue;
    const cellIdx = comm.cells.slice().sort((a, b) => dist2(geo.cells[a]!.centre, comm.centre) - dist2(geo.cells[b]!.centre, comm.centre))[0]!;
    const cell = geo.cells[cellIdx]!;
    let c = toXY(cell.centre);
    const moved: XY = [c[0] + vr.range(-120, 120), c[1] + vr.range(-120, 120)];
    const movedLL = toLL(moved);
    if (pointInPolygon(movedLL[0], movedLL[1], [cell.ring])) c = moved;
    centreXY[comm.index] = c;
    villageCentres[comm.index] = toLL(c);
    const target = nearestVertex(c);
    if (Math.hypot(target[0] - c[0], target[1] - c[1]) > 30) addVillage(`${comm.stem}路`, 30, wiggle(c, target, vr, 0.1));
    const spurs = vr.int(2, 3);
    for (let s = 0; s < spurs; s++) {
      const ang = vr.range(0, 2 * Math.PI);
      const len = vr.range(350, 750);
      const bendAng = ang + vr.range(-0.5, 0.5);
      const mid: XY = [c[0] + Math.cos(ang) * len * 0.5, c[1] + Math.sin(ang) * len * 0.5];
      const end: XY = [mid[0] + Math.cos(bendAng) * len * 0.5, mid[1] + Math.sin(bendAng) * len * 0.5];
      const pts = densify([c, mid, end]);
      const kept: XY[] = [];
      for (const p of pts) {
        const ll = toLL(p);
        if (!pointInPolygon(ll[0], ll[1], comm.geometry)) break;
        kept.push(p);
      }
      if (kept.length >= 2) addVillage(`${comm.stem}村道`, 20, kept);
    }
  }
  // Links between neighbouring villages.
  const adj = communityAdjacency(geo);
  geo.communities.forEach((a) => {
    for (const bIdx of adj[a.index]!) {
      if (bIdx <= a.index) continue;
      const b = geo.communities[bIdx]!;
      const ca = centreXY[a.index];
      const cb = centreXY[bIdx];
      if (!ca || !cb || !vr.chance(0.55)) continue;
      addVillage(`${a.stem[0]}${b.stem[0]}路`, 25, wiggle(ca, cb, vr, 0.08));
    }
  });
  // Any community still without a road vertex (a town community beyond the grid) gets a connector.
  for (const comm of geo.communities) {
    const has = vertices.some((v) => {
      const ll = toLL(v);
      return pointInPolygon(ll[0], ll[1], comm.geometry);
    });
    if (has) continue;
    const cellIdx = comm.cells.slice().sort((a, b) => dist2(geo.cells[a]!.centre, comm.centre) - dist2(geo.cells[b]!.centre, comm.centre))[0]!;
    const c = toXY(geo.cells[cellIdx]!.centre);
    addVillage(`${comm.stem}路`, 30, wiggle(c, nearestVertex(c), vr, 0.05));
  }

  // To degrees, clip to the county, node, then make sure the network is one piece.
  let roads: Draft[] = clip(
    drafts.map((d) => ({ name: d.name, cls: d.cls, speed: d.speed, oneway: d.oneway, coords: dedupe(d.pts.map(toLL)) })),
    geo.county,
  );
  nodeRoads(roads);
  for (let pass = 0; pass < 6; pass++) {
    const graph = buildRoadGraph(roads.map((r, k) => ({ id: k, speedKmh: r.speed, oneway: r.oneway, coords: r.coords })));
    const cc = connectedComponents(graph);
    if (cc.count <= 1) {
      if (!isStronglyConnected(graph)) roads = roads.map((r) => ({ ...r, oneway: false }));
      break;
    }
    let main = 0;
    cc.sizes.forEach((s, k) => {
      if (s > cc.sizes[main]!) main = k;
    });
    const links: Draft[] = [];
    for (let comp = 0; comp < cc.count; comp++) {
      if (comp === main) continue;
      let bestU = -1;
      let bestV = -1;
      let bestD = Infinity;
      for (let u = 0; u < graph.nodeCount; u++) {
        if (cc.labels[u] !== comp) continue;
        const found = graph.index!.neighbors(graph.lon[u]! * graph.lonScale, graph.lat[u]!, 1, Infinity, (v) => cc.labels[v] === main);
        const v = found[0];
        if (v === undefined) continue;
        const d = (graph.lon[u]! - graph.lon[v]!) ** 2 * graph.lonScale ** 2 + (graph.lat[u]! - graph.lat[v]!) ** 2;
        if (d < bestD) {
          bestD = d;
          bestU = u;
          bestV = v;
        }
      }
      if (bestU < 0) continue;
      const from: XY = toXY([graph.lon[bestU]!, graph.lat[bestU]!]);
      const to: XY = toXY([graph.lon[bestV]!, graph.lat[bestV]!]);
      const pts = densify([from, to]).map(toLL);
      pts[0] = [graph.lon[bestU]!, graph.lat[bestU]!];
      pts[pts.length - 1] = [graph.lon[bestV]!, graph.lat[bestV]!];
      links.push({ name: '村道', cls: 'village', speed: 25, oneway: false, coords: dedupe(pts) });
    }
    roads = roads.concat(links);
    nodeRoads(roads);
  }

  return {
    roads: roads.map((r, k) => ({ id: k + 1, name: r.name, class: r.cls, speedKmh: r.speed, oneway: r.oneway, coords: r.coords })),
    villageCentres,
  };
}

function dist2(a: LonLat, b: LonLat): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
}

/** Community adjacency (sharing a cell edge), by community index. */
export function communityAdjacency(geo: CountyGeometry): number[][] {
  const at = new Map<number, number>();
  geo.cells.forEach((c, k) => at.set(c.i * 1000 + c.j, k));
  const adj: number[][] = geo.communities.map(() => []);
  geo.cells.forEach((c) => {
    for (const [di, dj] of [
      [1, 0],
      [0, 1],
    ] as const) {
      const nb = at.get((c.i + di) * 1000 + (c.j + dj));
      if (nb === undefined) continue;
      const a = c.community;
      const b = geo.cells[nb]!.community;
      if (a !== b) {
        if (!adj[a]!.includes(b)) adj[a]!.push(b);
        if (!adj[b]!.includes(a)) adj[b]!.push(a);
      }
    }
  });
  return adj;
}
