// Geometry of the demo county (姜堰区, demo): a jittered lattice of fine cells (community grids, 网格) grouped into
// communities and villages (社区/村), station areas (派出所辖区), responsibility zones (警务责任区), the big police
// grids the reform merges them into (大警格) and a patrol zone per town (巡区).
//
// Every area is the union (geo/union.ts) of its cells, and the cells share exact vertices, so siblings tile without
// gaps or overlaps and every boundary is exactly the union of its cells' edges.

import { metersPerDegree } from '../geo/measure';
import { unionCells } from '../geo/union';
import { cn, TOWN_COMMUNITY_STEMS, VILLAGE_STEMS } from './names';
import type { Rng } from './rng';
import type { LonLat, MultiPolygonCoords } from './types';

export const COUNTY_CODE = '321204';
export const COUNTY_NAME = '姜堰区';
export const DISTRICT_CODE = '321204D01';
export const DISTRICT_NAME = '天娄白片区';

export type StationKey = 'tms' | 'lz' | 'bm';

export interface StationSpec {
  key: StationKey;
  code: string;
  /** Short place name: 天目山, 娄庄, 白米. */
  short: string;
  /** The town (subdistrict or township) for addresses. */
  town: string;
  /** The station's area name. */
  areaName: string;
  /** Town centre, WGS-84. */
  centre: LonLat;
  /** Communities wanted in the station area. */
  communities: number;
  /** Responsibility zones in the station, and how the reform groups them into police grids. */
  zones: number;
  policeGrids: number[];
  /** Communities whose centroid is this close to the centre are urban 社区, the rest villages 村. */
  townRadiusM: number;
  /** Cells in the town's patrol zone. */
  patrolCells: number;
  patrolName: string;
}

export const STATIONS: readonly StationSpec[] = [
  {
    key: 'tms',
    code: '321204P01',
    short: '天目山',
    town: '天目山街道',
    areaName: '天目山派出所辖区',
    centre: [120.228, 32.612],
    communities: 11,
    zones: 5,
    policeGrids: [3, 2],
    townRadiusM: 3300,
    patrolCells: 6,
    patrolName: '天目山城区巡区',
  },
  {
    key: 'lz',
    code: '321204P02',
    short: '娄庄',
    town: '娄庄镇',
    areaName: '娄庄派出所辖区',
    centre: [120.305, 32.667],
    communities: 9,
    zones: 3,
    policeGrids: [3],
    townRadiusM: 1900,
    patrolCells: 3,
    patrolName: '娄庄集镇巡区',
  },
  {
    key: 'bm',
    code: '321204P03',
    short: '白米',
    town: '白米镇',
    areaName: '白米派出所辖区',
    centre: [120.318, 32.586],
    communities: 10,
    zones: 3,
    policeGrids: [3],
    townRadiusM: 1900,
    patrolCells: 3,
    patrolName: '白米集镇巡区',
  },
];

/** The lattice: NX x NY cells over this box before corners are cut off. */
const BOX = { minLon: 120.15, minLat: 32.55, maxLon: 120.36, maxLat: 32.7 };
const NX = 13;
const NY = 10;

export interface Cell {
  i: number;
  j: number;
  /** Closed counter-clockwise ring. */
  ring: LonLat[];
  /** Mean of the four lattice corners: inside the cell. */
  centre: LonLat;
  community: number;
}

export interface Community {
  /** Index in CountyGeometry.communities (cells refer to it). */
  index: number;
  code: string;
  name: string;
  /** The name without 社区/村 (used for village road names). */
  stem: string;
  isTown: boolean;
  station: number;
  zone: number;
  cells: number[];
  centre: LonLat;
  geometry: MultiPolygonCoords;
}

export interface Zone {
  code: string;
  name: string;
  station: number;
  communities: number[];
  geometry: MultiPolygonCoords;
}

export interface PoliceGrid {
  code: string;
  name: string;
  /** The station holding (all, here: most) of it. */
  station: number;
  zones: number[];
  geometry: MultiPolygonCoords;
}

export interface StationArea {
  spec: StationSpec;
  communities: number[];
  geometry: MultiPolygonCoords;
}

export interface PatrolZone {
  code: string;
  name: string;
  station: number;
  cells: number[];
  geometry: MultiPolygonCoords;
}

export interface CountyGeometry {
  county: MultiPolygonCoords;
  cells: Cell[];
  /** Grid (网格) code and name per cell, same order as cells. */
  gridCodes: string[];
  gridNames: string[];
  communities: Community[];
  stations: StationArea[];
  zones: Zone[];
  policeGrids: PoliceGrid[];
  patrolZones: PatrolZone[];
}

const r7 = (x: number): number => Math.round(x * 1e7) / 1e7;
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Positions of the NX+1 lattice lines in [0, 1], denser around `centre` (fraction of the width). */
function warpedLines(n: number, centre: number, strength: number, width: number): number[] {
  const spacing: number[] = [];
  for (let k = 0; k < n; k++) {
    const c = (k + 0.5) / n;
    spacing.push(1 - strength * Math.exp(-((c - centre) ** 2) / (width * width)));
  }
  const total = spacing.reduce((a, b) => a + b, 0);
  const lines = [0];
  let acc = 0;
  for (const s of spacing) {
    acc += s / total;
    lines.push(acc);
  }
  lines[n] = 1;
  return lines;
}

/** Planar distance in metres (local approximation). */
export function distM(a: LonLat, b: LonLat): number {
  const m = metersPerDegree((a[1] + b[1]) / 2);
  return Math.hypot((a[0] - b[0]) * m.lon, (a[1] - b[1]) * m.lat);
}

/**
 * Grow `seeds.length` connected regions over a graph of n items: repeatedly the region furthest below its target
 * size takes its unassigned neighbour closest to its seed. Regions are contiguous by construction.
 * `allowed` restricts the items (others stay -1). `preferred(r, item)` is a soft rule: pairs it rejects are only
 * taken when no preferred pair is left (keeps regions compact without starving any of them).
 */
function growRegions(
  n: number,
  adj: readonly number[][],
  seeds: readonly number[],
  targets: readonly number[],
  dist: (region: number, item: number) => number,
  allowed: (item: number) => boolean = () => true,
  preferred: (region: number, item: number) => boolean = () => true,
): Int32Array {
  const label = new Int32Array(n).fill(-1);
  const size = seeds.map(() => 1);
  seeds.forEach((s, r) => (label[s] = r));
  const members: number[][] = seeds.map((s) => [s]);
  for (let strict = true; ; ) {
    let bestR = -1;
    let bestItem = -1;
    let bestFill = Infinity;
    let bestD = Infinity;
    for (let r = 0; r < seeds.length; r++) {
      const fill = size[r]! / targets[r]!;
      if (fill > bestFill) continue;
      let candidate = -1;
      let cd = Infinity;
      for (const m of members[r]!) {
        for (const nb of adj[m]!) {
          if (label[nb] !== -1 || !allowed(nb) || (strict && !preferred(r, nb))) continue;
          const d = dist(r, nb);
          if (d < cd || (d === cd && nb < candidate)) {
            cd = d;
            candidate = nb;
          }
        }
      }
      if (candidate < 0) continue;
      if (fill < bestFill || (fill === bestFill && cd < bestD)) {
        bestFill = fill;
        bestD = cd;
        bestR = r;
        bestItem = candidate;
      }
    }
    if (bestR < 0) {
      if (!strict) break;
      strict = false;
      continue;
    }
    strict = true;
    label[bestItem] = bestR;
    size[bestR]!++;
    members[bestR]!.push(bestItem);
  }
  return label;
}

/** k well-spread seed items by Lloyd iterations from a farthest-point start. */
function spreadSeeds(items: readonly number[], pos: (item: number) => [number, number], k: number, rng: Rng): number[] {
  const pts = items.map(pos);
  const d2 = (a: [number, number], b: [number, number]): number => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
  const centres: [number, number][] = [pts[rng.int(0, pts.length - 1)]!];
  while (centres.length < k) {
    let best = 0;
    let bestD = -1;
    pts.forEach((p, i) => {
      const d = Math.min(...centres.map((c) => d2(c, p)));
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    });
    centres.push(pts[best]!);
  }
  for (let iter = 0; iter < 8; iter++) {
    const sx = centres.map(() => 0);
    const sy = centres.map(() => 0);
    const cnt = centres.map(() => 0);
    for (const p of pts) {
      let best = 0;
      let bestD = Infinity;
      centres.forEach((c, ci) => {
        const d = d2(c, p);
        if (d < bestD) {
          bestD = d;
          best = ci;
        }
      });
      sx[best]! += p[0];
      sy[best]! += p[1];
      cnt[best]!++;
    }
    centres.forEach((c, ci) => {
      if (cnt[ci]! > 0) centres[ci] = [sx[ci]! / cnt[ci]!, sy[ci]! / cnt[ci]!];
    });
  }
  const taken = new Set<number>();
  return centres.map((c) => {
    let best = -1;
    let bestD = Infinity;
    pts.forEach((p, i) => {
      const d = d2(c, p);
      if (!taken.has(i) && d < bestD) {
        bestD = d;
        best = i;
      }
    });
    taken.add(best);
    return items[best]!;
  });
}

function isConnected(items: readonly number[], adj: readonly number[][]): boolean {
  if (items.length === 0) return false;
  const set = new Set(items);
  const seen = new Set([items[0]!]);
  const stack = [items[0]!];
  while (stack.length) {
    const u = stack.pop()!;
    for (const v of adj[u]!) if (set.has(v) && !seen.has(v)) (seen.add(v), stack.push(v));
  }
  return seen.size === set.size;
}

/** All ways to split `items` into consecutive groups of the given sizes (as index lists). */
function splits(items: readonly number[], sizes: readonly number[]): number[][][] {
  if (sizes.length === 0) return items.length === 0 ? [[]] : [];
  const [first, ...rest] = sizes;
  const out: number[][][] = [];
  const choose = (start: number, picked: number[]): void => {
    if (picked.length === first) {
      const remaining = items.filter((x) => !picked.includes(x));
      for (const tail of splits(remaining, rest)) out.push([picked.slice(), ...tail]);
      return;
    }
    for (let k = start; k < items.length; k++) {
      picked.push(items[k]!);
      choose(k + 1, picked);
      picked.pop();
    }
  };
  choose(0, []);
  return out;
}

/** Build the demo county's geometry. Throws only if no valid partition is found after many attempts. */
export function buildCountyGeometry(rng: Rng): CountyGeometry {
  const latMid = (BOX.minLat + BOX.maxLat) / 2;
  const tms = STATIONS[0]!.centre;
  const xs = warpedLines(NX, (tms[0] - BOX.minLon) / (BOX.maxLon - BOX.minLon), 0.5, 0.16);
  const ys = warpedLines(NY, (tms[1] - BOX.minLat) / (BOX.maxLat - BOX.minLat), 0.5, 0.18);
  const W = BOX.maxLon - BOX.minLon;
  const H = BOX.maxLat - BOX.minLat;

  // Lattice corners, jittered by up to a fifth of the neighbouring spacing (keeps every quad convex).
  const lat = rng.fork('lattice');
  const P: LonLat[][] = [];
  for (let i = 0; i <= NX; i++) {
    const col: LonLat[] = [];
    const sx = Math.min(i > 0 ? xs[i]! - xs[i - 1]! : Infinity, i < NX ? xs[i + 1]! - xs[i]! : Infinity) * W;
    for (let j = 0; j <= NY; j++) {
      const sy = Math.min(j > 0 ? ys[j]! - ys[j - 1]! : Infinity, j < NY ? ys[j + 1]! - ys[j]! : Infinity) * H;
      const x = BOX.minLon + xs[i]! * W + lat.range(-0.2, 0.2) * sx;
      const y = BOX.minLat + ys[j]! * H + lat.range(-0.2, 0.2) * sy;
      col.push([r7(x), r7(y)]);
    }
    P.push(col);
  }
  // Edge midpoints pushed sideways a little, shared by the two cells of the edge: boundaries look less ruled.
  const kx = Math.cos((latMid * Math.PI) / 180);
  const bend = (a: LonLat, b: LonLat): LonLat => {
    const u = lat.range(-0.07, 0.07);
    const dx = (b[0] - a[0]) * kx;
    const dy = b[1] - a[1];
    return [r7((a[0] + b[0]) / 2 + (-dy * u) / kx), r7((a[1] + b[1]) / 2 + dx * u)];
  };
  const Hm: LonLat[][] = []; // Hm[i][j]: midpoint of P[i][j] - P[i+1][j]
  for (let i = 0; i < NX; i++) {
    const col: LonLat[] = [];
    for (let j = 0; j <= NY; j++) col.push(bend(P[i]![j]!, P[i + 1]![j]!));
    Hm.push(col);
  }
  const Vm: LonLat[][] = []; // Vm[i][j]: midpoint of P[i][j] - P[i][j+1]
  for (let i = 0; i <= NX; i++) {
    const col: LonLat[] = [];
    for (let j = 0; j < NY; j++) col.push(bend(P[i]![j]!, P[i]![j + 1]!));
    Vm.push(col);
  }

  // Cut staircase corners off the rectangle so the county outline is not a box (about 10 cells).
  const cut = lat.shuffle(lat.chance(0.5) ? [3, 2, 1, 1] : [2, 2, 2, 1]);
  const present = (i: number, j: number): boolean => {
    if (i < 0 || j < 0 || i >= NX || j >= NY) return false;
    const corners: [number, number][] = [
      [i, j],
      [NX - 1 - i, j],
      [i, NY - 1 - j],
      [NX - 1 - i, NY - 1 - j],
    ];
    return corners.every(([di, dj], k) => di + dj >= cut[k]!);
  };

  const cells: Cell[] = [];
  const cellAt = new Map<number, number>();
  for (let j = NY - 1; j >= 0; j--) {
    for (let i = 0; i < NX; i++) {
      if (!present(i, j)) continue;
      const ring: LonLat[] = [P[i]![j]!, Hm[i]![j]!, P[i + 1]![j]!, Vm[i + 1]![j]!, P[i + 1]![j + 1]!, Hm[i]![j + 1]!, P[i]![j + 1]!, Vm[i]![j]!];
      ring.push([ring[0]![0], ring[0]![1]]);
      const c4 = [P[i]![j]!, P[i + 1]![j]!, P[i + 1]![j + 1]!, P[i]![j + 1]!];
      const centre: LonLat = [c4.reduce((s, p) => s + p[0], 0) / 4, c4.reduce((s, p) => s + p[1], 0) / 4];
      cellAt.set(i * 1000 + j, cells.length);
      cells.push({ i, j, ring: ring.map((p) => [p[0], p[1]] as LonLat), centre, community: -1 });
    }
  }
  const cellAdj: number[][] = cells.map((c) =>
    [
      [c.i - 1, c.j],
      [c.i + 1, c.j],
      [c.i, c.j - 1],
      [c.i, c.j + 1],
    ]
      .map(([a, b]) => cellAt.get(a! * 1000 + b!))
      .filter((x): x is number => x !== undefined),
  );

  const nStations = STATIONS.length;
  const totalCommunities = STATIONS.reduce((s, st) => s + st.communities, 0);
  const centreCell = (p: LonLat): number => {
    let best = 0;
    let bestD = Infinity;
    cells.forEach((c, k) => {
      const d = distM(c.centre, p);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    return best;
  };

  for (let attempt = 0; attempt < 60; attempt++) {
    const part = rng.fork(`partition-${attempt}`);
    // Communities: balanced connected groups of about four cells (in lattice-index space, so the dense
    // town cells make smaller communities).
    const allCells = cells.map((_, k) => k);
    const cSeeds = spreadSeeds(allCells, (k) => [cells[k]!.i + 0.5, cells[k]!.j + 0.5], totalCommunities, part);
    const cLabel = growRegions(
      cells.length,
      cellAdj,
      cSeeds,
      cSeeds.map(() => 1),
      (r, item) => {
        const s = cells[cSeeds[r]!]!;
        const c = cells[item]!;
        return Math.hypot(s.i - c.i, s.j - c.j) + part.float() * 0.01;
      },
    );
    const commCells: number[][] = cSeeds.map(() => []);
    cLabel.forEach((l, k) => commCells[l]!.push(k));
    if (commCells.some((cs) => cs.length < 2 || cs.length > 7)) continue;

    const commCentre = commCells.map((cs): LonLat => {
      const sx = cs.reduce((s, k) => s + cells[k]!.centre[0], 0);
      const sy = cs.reduce((s, k) => s + cells[k]!.centre[1], 0);
      return [sx / cs.length, sy / cs.length];
    });
    const commAdj: number[][] = commCells.map(() => []);
    cells.forEach((c, k) => {
      for (const nb of cellAdj[k]!) {
        const a = cLabel[k]!;
        const b = cLabel[nb]!;
        if (a !== b && !commAdj[a]!.includes(b)) commAdj[a]!.push(b);
      }
    });

    // Station areas: grown from the community holding each town centre.
    const sSeeds = STATIONS.map((st) => cLabel[centreCell(st.centre)]!);
    if (new Set(sSeeds).size !== nStations) continue;
    const sLabel = growRegions(
      commCells.length,
      commAdj,
      sSeeds,
      STATIONS.map((st) => st.communities),
      (r, item) => distM(commCentre[item]!, STATIONS[r]!.centre),
      () => true,
      // a station prefers communities not much nearer to another town centre
      (r, item) => {
        const d = STATIONS.map((st) => distM(commCentre[item]!, st.centre));
        return d[r]! <= 1.35 * Math.min(...d);
      },
    );
    const stationComms: number[][] = STATIONS.map(() => []);
    sLabel.forEach((l, k) => stationComms[l]!.push(k));
    if (stationComms.some((cs, s) => cs.length < STATIONS[s]!.zones + 2)) continue;

    // Responsibility zones inside each station, then the police grids that merge them.
    const zoneOfComm = new Int32Array(commCells.length).fill(-1);
    const zones: { station: number; comms: number[] }[] = [];
    const grids: { station: number; zones: number[] }[] = [];
    let ok = true;
    for (let s = 0; s < nStations && ok; s++) {
      const spec = STATIONS[s]!;
      const comms = stationComms[s]!;
      const m = metersPerDegree(spec.centre[1]);
      const zSeeds = spreadSeeds(comms, (k) => [commCentre[k]![0] * m.lon, commCentre[k]![1] * m.lat], spec.zones, part);
      const zLabel = growRegions(
        commCells.length,
        commAdj,
        zSeeds,
        zSeeds.map(() => 1),
        (r, item) => distM(commCentre[zSeeds[r]!]!, commCentre[item]!),
        (item) => sLabel[item] === s,
      );
      const zComms: number[][] = zSeeds.map(() => []);
      comms.forEach((k) => {
        const z = zLabel[k]!;
        if (z < 0) ok = false;
        else zComms[z]!.push(k);
      });
      if (!ok || zComms.some((z) => z.length === 0)) {
        ok = false;
        break;
      }
      // Zones ordered from the town centre outwards.
      const zDist = zComms.map((z) => Math.min(...z.map((k) => distM(commCentre[k]!, spec.centre))));
      const order = zComms.map((_, z) => z).sort((a, b) => zDist[a]! - zDist[b]!);
      const base = zones.length;
      for (const z of order) {
        for (const k of zComms[z]!) zoneOfComm[k] = zones.length;
        zones.push({ station: s, comms: zComms[z]! });
      }
      const local = order.map((_, q) => base + q);
      const zoneAdj: number[][] = zones.map(() => []);
      for (let a = 0; a < commCells.length; a++) {
        for (const b of commAdj[a]!) {
          const za = zoneOfComm[a]!;
          const zb = zoneOfComm[b]!;
          if (za >= 0 && zb >= 0 && za !== zb && !zoneAdj[za]!.includes(zb)) zoneAdj[za]!.push(zb);
        }
      }
      // Groupings of zones into police grids where every grid is connected; the first grid holds the central zone.
      const options = splits(local, spec.policeGrids).filter(
        (g) => g[0]!.includes(local[0]!) && g.every((grp) => isConnected(grp, zoneAdj)),
      );
      if (options.length === 0) {
        ok = false;
        break;
      }
      for (const grp of part.pick(options)) grids.push({ station: s, zones: grp });
    }
    if (!ok) continue;

    return assemble(cells, commCells, commCentre, sLabel, zones, grids, part);
  }
  throw new Error('buildCountyGeometry: no valid partition found');
}

function assemble(
  cells: Cell[],
  commCells: number[][],
  commCentre: LonLat[],
  sLabel: Int32Array,
  zonesRaw: { station: number; comms: number[] }[],
  gridsRaw: { station: number; zones: number[] }[],
  rng: Rng,
): CountyGeometry {
  const union = (cellIdx: readonly number[]): MultiPolygonCoords => unionCells(cellIdx.map((k) => [cells[k]!.ring]));
  const county = union(cells.map((_, k) => k));

  // Communities: numbered per station from the town centre outwards; the nearest are urban 社区.
  const villagePool = rng.fork('village-names').shuffle([...VILLAGE_STEMS]);
  let villageNext = 0;
  const communities: Community[] = new Array(commCells.length);
  const zoneOfComm = new Int32Array(commCells.length);
  zonesRaw.forEach((z, zi) => z.comms.forEach((k) => (zoneOfComm[k] = zi)));
  const stations: StationArea[] = [];
  STATIONS.forEach((spec, s) => {
    const comms = commCells.map((_, k) => k).filter((k) => sLabel[k] === s);
    comms.sort((a, b) => distM(commCentre[a]!, spec.centre) - distM(commCentre[b]!, spec.centre));
    const townStems = TOWN_COMMUNITY_STEMS[spec.key];
    comms.forEach((k, q) => {
      const isTown = q === 0 || (distM(commCentre[k]!, spec.centre) <= spec.townRadiusM && q < townStems.length);
      const stem = isTown ? townStems[q]! : villagePool[villageNext++ % villagePool.length]!;
      const code = `${spec.code}C${pad2(q + 1)}`;
      communities[k] = {
        index: k,
        code,
        name: stem + (isTown ? '社区' : '村'),
        stem,
        isTown,
        station: s,
        zone: zoneOfComm[k]!,
        cells: commCells[k]!,
        centre: commCentre[k]!,
        geometry: union(commCells[k]!),
      };
      for (const c of commCells[k]!) cells[c]!.community = k;
    });
    stations.push({ spec, communities: comms, geometry: union(comms.flatMap((k) => commCells[k]!)) });
  });

  // Grids: numbered inside their community from north-west to south-east.
  const gridCodes: string[] = new Array(cells.length).fill('');
  const gridNames: string[] = new Array(cells.length).fill('');
  for (const comm of communities) {
    const order = comm.cells.slice().sort((a, b) => cells[b]!.j - cells[a]!.j || cells[a]!.i - cells[b]!.i);
    order.forEach((c, q) => {
      gridCodes[c] = `${comm.code}G${pad2(q + 1)}`;
      gridNames[c] = `${comm.name}第${q + 1}网格`;
    });
  }

  const zoneCount = STATIONS.map(() => 0);
  const zones: Zone[] = zonesRaw.map((z) => {
    const spec = STATIONS[z.station]!;
    const n = ++zoneCount[z.station]!;
    return {
      code: `${spec.code}Z${pad2(n)}`,
      name: `${spec.short}第${cn(n)}警务责任区`,
      station: z.station,
      communities: z.comms,
      geometry: union(z.comms.flatMap((k) => commCells[k]!)),
    };
  });

  const policeGrids: PoliceGrid[] = gridsRaw.map((g, q) => ({
    code: `${COUNTY_CODE}J${pad2(q + 1)}`,
    name: `第${cn(q + 1)}大警格`,
    station: g.station,
    zones: g.zones,
    geometry: union(g.zones.flatMap((z) => zonesRaw[z]!.comms.flatMap((k) => commCells[k]!))),
  }));

  // One patrol zone per town: the station's cells nearest the town centre, grown as a connected patch.
  const patrolZones: PatrolZone[] = STATIONS.map((spec, s) => {
    const own = new Set(cells.map((_, k) => k).filter((k) => communities[cells[k]!.community]!.station === s));
    const start = [...own].sort((a, b) => distM(cells[a]!.centre, spec.centre) - distM(cells[b]!.centre, spec.centre))[0]!;
    const chosen = [start];
    while (chosen.length < spec.patrolCells) {
      let best = -1;
      let bestD = Infinity;
      for (const k of own) {
        if (chosen.includes(k)) continue;
        const c = cells[k]!;
        const touches = chosen.some((o) => Math.abs(cells[o]!.i - c.i) + Math.abs(cells[o]!.j - c.j) === 1);
        if (!touches) continue;
        const d = distM(c.centre, spec.centre);
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      }
      if (best < 0) break;
      chosen.push(best);
    }
    return { code: `${spec.code}X01`, name: spec.patrolName, station: s, cells: chosen, geometry: union(chosen) };
  });

  return { county, cells, gridCodes, gridNames, communities, stations, zones, policeGrids, patrolZones };
}

