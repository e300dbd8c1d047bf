// What incidents happen where: the spatial and category mix of the demo county's incidents, shared by the
// history generator (demoCounty.ts) and the live sampler (live.ts).
//
// Places: three town centres (天目山 the busiest), a market in each of two towns, an entertainment street, the bus
// station, a school, an industrial park and a troublesome village, plus background spread along arterials,
// village roads and all roads. Each place has its own category mix, and both places and categories follow the
// hour of the day (nightlife at night, markets in the morning, traffic at rush hour, fraud by day).
// The model is rebuilt from county data alone (areas, roads, people and the seed), so a server can sample live
// incidents from a county it loaded from the database as long as it has the same DemoCounty object.

import Flatbush from 'flatbush';
import { metersPerDegree, offsetMeters } from '../geo/measure';
import { pointInPolygon } from '../geo/pip';
import { buildRoadGraph, nearestNode, type RoadGraph } from '../roads/graph';
import { STATIONS, type StationKey } from './demoGeometry';
import { personName, mobilePhone } from './names';
import { createRng, type Rng } from './rng';
import { localTime } from './rhythm';
import type { DemoCounty, DemoIncident, MultiPolygonCoords, RoadClass } from './types';

export type Category = DemoIncident['category'];
export type Source = DemoIncident['source'];
export type PlaceKind = 'town' | 'market' | 'nightlife' | 'transport' | 'school' | 'industrial' | 'village_hotspot' | 'arterial' | 'village' | 'roads';

export const CATEGORIES: readonly Category[] = ['dispute', 'theft', 'traffic', 'noise', 'help', 'fraud', 'fight', 'suspicious', 'public_order', 'other', 'fire', 'missing_person'];

/** Base share of each category (percent) and its priority mix [P1, P2, P3]; priority 1 is the most urgent. */
const CATEGORY_SPEC: Record<Category, { w: number; pri: [number, number, number] }> = {
  dispute: { w: 21, pri: [0.04, 0.46, 0.5] },
  theft: { w: 13, pri: [0.1, 0.75, 0.15] },
  traffic: { w: 15, pri: [0.2, 0.65, 0.15] },
  noise: { w: 9, pri: [0, 0.15, 0.85] },
  help: { w: 12, pri: [0.1, 0.5, 0.4] },
  fraud: { w: 8, pri: [0.05, 0.8, 0.15] },
  fight: { w: 5, pri: [0.7, 0.3, 0] },
  suspicious: { w: 5, pri: [0.1, 0.6, 0.3] },
  public_order: { w: 4.5, pri: [0.15, 0.6, 0.25] },
  other: { w: 4.5, pri: [0, 0.3, 0.7] },
  fire: { w: 0.8, pri: [0.9, 0.1, 0] },
  missing_person: { w: 0.7, pri: [0.8, 0.2, 0] },
};

const PLACE_CATEGORY: Partial<Record<PlaceKind, Partial<Record<Category, number>>>> = {
  market: { theft: 3, dispute: 2, fraud: 1.3, traffic: 0.5, noise: 0.5 },
  nightlife: { fight: 4, noise: 3, public_order: 3, theft: 0.8, fraud: 0.3, traffic: 0.6 },
  transport: { theft: 2.5, help: 1.6, suspicious: 2, missing_person: 2, dispute: 0.8 },
  school: { traffic: 1.6, help: 1.3, missing_person: 2.5, fight: 1.2, fraud: 0.4 },
  industrial: { dispute: 2.2, theft: 1.6, fire: 2.5, traffic: 1.5, noise: 0.5 },
  village_hotspot: { dispute: 3, fight: 1.5, public_order: 1.5, fraud: 0.6 },
  arterial: { traffic: 4, help: 0.8, dispute: 0.4, noise: 0.2, fraud: 0.2, fight: 0.5, missing_person: 0.5 },
  village: { dispute: 1.6, help: 1.2, fire: 1.8, fraud: 1.3, theft: 0.8, noise: 0.5, traffic: 0.8, public_order: 0.6 },
};

function hourCategoryFactor(c: Category, h: number): number {
  const night = h >= 22 || h < 5;
  const rush = (h >= 7 && h < 9) || (h >= 17 && h < 19);
  const day = h >= 9 && h < 17;
  switch (c) {
    case 'fight':
      return night ? 2.2 : h >= 19 ? 1.5 : 0.7;
    case 'noise':
      return night ? 2.3 : h >= 19 ? 1.6 : 0.6;
    case 'public_order':
      return night ? 1.8 : 1;
    case 'suspicious':
      return night ? 1.6 : 1;
    case 'fraud':
      return night ? 0.25 : day ? 1.5 : 0.9;
    case 'traffic':
      return rush ? 1.8 : night ? 0.6 : 1;
    case 'theft':
      return day ? 1.2 : night ? 0.9 : 1;
    case 'dispute':
      return night ? 0.7 : day ? 1.1 : 1;
    default:
      return 1;
  }
}

function placeHourFactor(kind: PlaceKind, h: number, dow: number): number {
  const night = h >= 21 || h < 6;
  switch (kind) {
    case 'nightlife':
      return h >= 20 || h < 3 ? 3 : h >= 6 && h < 17 ? 0.3 : 1;
    case 'market':
      return h >= 6 && h < 11 ? 2 : night ? 0.2 : 0.8;
    case 'school':
      return dow === 0 || dow === 6 ? 0.3 : (h >= 7 && h < 9) || (h >= 16 && h < 18) ? 2.5 : night ? 0.1 : 0.8;
    case 'industrial':
      return h >= 8 && h < 18 ? 1.5 : 0.5;
    case 'transport':
      return h >= 6 && h < 20 ? 1.3 : 0.5;
    case 'arterial':
      return (h >= 7 && h < 9) || (h >= 17 && h < 19) ? 1.4 : 1;
    default:
      return 1;
  }
}

const SOURCES: readonly Source[] = ['call_110', 'grid_report', 'patrol', 'video_patrol', 'citizen', 'transfer'];
const SOURCE_BASE = [0.72, 0.08, 0.06, 0.05, 0.06, 0.03];
const SOURCE_CATEGORY: Partial<Record<Source, Partial<Record<Category, number>>>> = {
  grid_report: { dispute: 3, noise: 2.5, public_order: 2, help: 1.5, other: 2, fire: 0, missing_person: 0, fight: 0.3, fraud: 0.2, traffic: 0.3 },
  video_patrol: { traffic: 3, suspicious: 3, public_order: 2.5, fight: 1.5, fraud: 0, noise: 0, dispute: 0.3, missing_person: 0, help: 0.5 },
  patrol: { suspicious: 2.5, public_order: 2.5, traffic: 2, fight: 1.5, fraud: 0, missing_person: 0, noise: 0.8 },
  citizen: { fraud: 3, theft: 1.5, dispute: 1.2, fire: 0, fight: 0.2, traffic: 0.4 },
  transfer: { noise: 2.5, dispute: 2, other: 2.5, fire: 0, fight: 0, theft: 0.5, missing_person: 0, traffic: 0.3 },
};

const TOWN_PLACES = ['小区楼下', '小区门口', '超市门口', '菜市场', '路口', '公交站台', '饭店门口', '网吧门口', '广场', '商场内'];
const VILLAGE_PLACES = ['村口', '村委会门口', '田埂边', '自家门口', '桥头', '村小店门口', '鱼塘边'];
const REASONS = ['停车', '漏水', '装修噪音', '宅基地界址', '土地流转', '借款', '房屋租赁', '垃圾堆放'];

const TEMPLATES: Record<Category, string[]> = {
  theft: ['报警称停放在{p}的电动车被盗', '报警称在{p}手机被盗', '报警称家中财物被盗，门锁有撬动痕迹', '报警称停在{p}的车内财物被盗', '报警称店内收银台现金被盗'],
  fraud: ['报警称接到冒充客服电话被骗{n}元', '报警称网络刷单被骗{n}元', '报警称被冒充熟人借钱骗走{n}元', '老人称被推销保健品骗取{n}元', '报警称网购退款被骗{n}元'],
  fight: ['{p}有人打架，有人受伤', '报警称在{p}与他人发生肢体冲突', '{p}多人斗殴，请求出警', '报警称被人殴打，面部受伤'],
  dispute: ['邻里因{r}问题发生纠纷', '报警称与商家发生消费纠纷', '家庭纠纷，双方争吵激烈', '工地讨薪纠纷，十余人聚集', '报警称与物业因{r}发生纠纷', '{p}两人因{r}发生口角'],
  traffic: ['{p}两车相撞，无人员受伤', '{p}电动车与轿车碰擦，一人轻伤', '报警称车辆被堵无法驶出', '{p}发生交通事故，请求处理', '{p}车辆追尾，造成拥堵'],
  noise: ['报警称{p}有人深夜喧哗', '楼上装修噪音扰民', '{p}广场舞音响声音过大', '报警称附近KTV噪音扰民', '报警称邻居家中聚会吵闹'],
  help: ['老人迷路，请求帮助', '报警称钥匙锁在屋内，请求帮助', '有人醉酒倒在{p}', '报警称钱包遗失，请求帮助查找', '报警称孩子被困电梯'],
  fire: ['{p}有烟冒出，疑似起火', '报警称居民楼内电动车起火', '农田秸秆焚烧，火势较大', '报警称厨房油锅起火'],
  suspicious: ['{p}有可疑人员徘徊', '报警称有陌生人在小区内挨家敲门', '{p}有可疑车辆长时间停放', '报警称有人在{p}拉车门'],
  public_order: ['{p}有人酗酒滋事', '{p}有人占道经营引发冲突', '{p}有人聚集喧闹', '报警称有人在{p}赌博'],
  missing_person: ['报警称家中老人走失', '报警称孩子放学未回家', '报警称精神障碍亲属走失'],
  other: ['报警称发现遗弃物品', '群众反映{p}路灯损坏存在安全隐患', '报警称有动物闯入民宅', '报警称{p}井盖缺失'],
};

interface Place {
  kind: PlaceKind;
  name: string;
  node: number;
  sdM: number;
  weight: number;
}

interface CellInfo {
  gridCode: string;
  communityCode: string;
  communityName: string;
  stationCode: string;
  ring: MultiPolygonCoords;
}

interface NodeAddress {
  road: string;
  cls: RoadClass;
  along: number;
}

export interface IncidentModel {
  graph: RoadGraph;
  county: MultiPolygonCoords;
  places: Place[];
  arterialNodes: number[];
  villageNodes: number[];
  nodeAddress: NodeAddress[];
  cells: CellInfo[];
  cellIndex: Flatbush;
  townOfStation: Map<string, string>;
  gridWorker: Map<string, { name: string; phone: string }>;
}

/** Incident fields drawn from the model, plus where it happened (for the history's unit choice). */
export interface SampledIncident {
  category: Category;
  priority: 1 | 2 | 3;
  source: Source;
  lon: number;
  lat: number;
  address: string;
  description: string;
  callerName: string | null;
  callerPhone: string | null;
  /** Nearest road node. */
  node: number;
  /** Station area code of the place, or null outside every station (should not happen). */
  stationCode: string | null;
  gridCode: string | null;
  place: PlaceKind;
}

type ModelInput = Pick<DemoCounty, 'seed' | 'areas' | 'roads' | 'people'>;

/** Build the incident model of a demo county (see the file comment). */
export function buildIncidentModel(county: ModelInput): IncidentModel {
  const graph = buildRoadGraph(county.roads);
  const countyArea = county.areas.find((a) => a.kind === 'county');
  if (!countyArea) throw new Error('incident model: the county has no county area');
  const byCode = new Map(county.areas.map((a) => [a.code, a]));

  // Address of each node: the first road (in road order) through it and how far along that road it lies.
  const nodeAddress: NodeAddress[] = new Array(graph.nodeCount);
  const mpd = metersPerDegree(graph.nodeCount > 0 ? graph.lat[0]! : 32.6);
  for (const road of county.roads) {
    let along = 0;
    road.coords.forEach((p, k) => {
      if (k > 0) {
        const q = road.coords[k - 1]!;
        along += Math.hypot((p[0] - q[0]) * mpd.lon, (p[1] - q[1]) * mpd.lat);
      }
      const n = nearestNode(graph, p[0], p[1], 0.5);
      if (n >= 0 && !nodeAddress[n]) nodeAddress[n] = { road: road.name, cls: road.class, along };
    });
  }
  for (let n = 0; n < graph.nodeCount; n++) if (!nodeAddress[n]) nodeAddress[n] = { road: '村道', cls: 'village', along: 0 };

  const arterialNodes: number[] = [];
  const villageNodes: number[] = [];
  nodeAddress.forEach((a, n) => {
    if (a.cls === 'arterial' || a.cls === 'secondary') arterialNodes.push(n);
    if (a.cls === 'village') villageNodes.push(n);
  });

  // Cells (grids) with their community and station, indexed for point lookups.
  const grids = county.areas.filter((a) => a.kind === 'grid');
  const cells: CellInfo[] = [];
  for (const g of grids) {
    const comm = byCode.get(g.parentCode ?? '');
    if (!comm) continue;
    cells.push({ gridCode: g.code, communityCode: comm.code, communityName: comm.name, stationCode: comm.parentCode ?? '', ring: g.geometry });
  }
  const cellIndex = new Flatbush(Math.max(1, cells.length));
  for (const c of cells) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const poly of c.ring)
      for (const p of poly[0]!) {
        minX = Math.min(minX, p[0]);
        minY = Math.min(minY, p[1]);
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    cellIndex.add(minX, minY, maxX, maxY);
  }
  if (cells.length === 0) cellIndex.add(0, 0, 0, 0);
  cellIndex.finish();

  const townOfStation = new Map(STATIONS.map((s) => [s.code, s.town]));
  const gridWorker = new Map<string, { name: string; phone: string }>();
  for (const p of county.people) if (p.role === 'grid_worker' && p.areaCodes[0] && !gridWorker.has(p.areaCodes[0])) gridWorker.set(p.areaCodes[0], { name: p.name, phone: p.phone });

  // Places, derived from the seed and the town centres.
  const rng = createRng(county.seed).fork('incident-places');
  const centre = (key: StationKey): [number, number] => STATIONS.find((s) => s.key === key)!.centre;
  const near = (c: [number, number], minM: number, maxM: number): number => {
    const ang = rng.range(0, 2 * Math.PI);
    const d = rng.range(minM, maxM);
    const p = offsetMeters(c[0], c[1], Math.cos(ang) * d, Math.sin(ang) * d);
    return nearestNode(graph, p[0], p[1]);
  };
  const places: Place[] = [
    { kind: 'town', name: '天目山城区', node: nearestNode(graph, ...centre('tms')), sdM: 750, weight: 0.27 },
    { kind: 'town', name: '娄庄集镇', node: nearestNode(graph, ...centre('lz')), sdM: 450, weight: 0.07 },
    { kind: 'town', name: '白米集镇', node: nearestNode(graph, ...centre('bm')), sdM: 450, weight: 0.06 },
    { kind: 'market', name: '天目山农贸市场', node: near(centre('tms'), 400, 900), sdM: 120, weight: 0.06 },
    { kind: 'nightlife', name: '城中娱乐街区', node: near(centre('tms'), 300, 800), sdM: 150, weight: 0.04 },
    { kind: 'transport', name: '姜堰汽车客运站', node: near(centre('tms'), 1200, 1700), sdM: 150, weight: 0.035 },
    { kind: 'school', name: '天目山中学', node: near(centre('tms'), 600, 1400), sdM: 150, weight: 0.02 },
    { kind: 'industrial', name: '娄庄工业园', node: near(centre('lz'), 700, 1100), sdM: 300, weight: 0.035 },
    { kind: 'market', name: '白米集市', node: near(centre('bm'), 150, 350), sdM: 120, weight: 0.03 },
  ];
  if (villageNodes.length > 0) places.push({ kind: 'village_hotspot', name: '矛盾多发村', node: rng.pick(villageNodes), sdM: 200, weight: 0.025 });

  return {
    graph,
    county: countyArea.geometry,
    places,
    arterialNodes,
    villageNodes,
    nodeAddress,
    cells,
    cellIndex,
    townOfStation,
    gridWorker,
  };
}

const BACKGROUND: { kind: PlaceKind; weight: number }[] = [
  { kind: 'arterial', weight: 0.09 },
  { kind: 'village', weight: 0.14 },
  { kind: 'roads', weight: 0.1 },
];

/** The cell (grid) containing a point, or null. */
export function cellAt(model: IncidentModel, lon: number, lat: number): CellInfo | null {
  for (const k of model.cellIndex.search(lon, lat, lon, lat)) {
    const c = model.cells[k];
    if (c && pointInPolygon(lon, lat, c.ring)) return c;
  }
  return null;
}

function samplePlace(model: IncidentModel, rng: Rng, hour: number, dow: number): { kind: PlaceKind; node: number; lon: number; lat: number } {
  const options: { kind: PlaceKind; place: Place | null }[] = [];
  const weights: number[] = [];
  for (const p of model.places) {
    options.push({ kind: p.kind, place: p });
    weights.push(p.weight * placeHourFactor(p.kind, hour, dow));
  }
  for (const b of BACKGROUND) {
    if (b.kind === 'village' && model.villageNodes.length === 0) continue;
    if (b.kind === 'arterial' && model.arterialNodes.length === 0) continue;
    options.push({ kind: b.kind, place: null });
    weights.push(b.weight * placeHourFactor(b.kind, hour, dow));
  }
  const g = model.graph;
  for (let attempt = 0; attempt < 40; attempt++) {
    const o = rng.weighted(options, weights);
    let node: number;
    if (o.place) {
      const c = o.place.node;
      const p = offsetMeters(g.lon[c]!, g.lat[c]!, rng.normal(0, o.place.sdM), rng.normal(0, o.place.sdM));
      node = nearestNode(g, p[0], p[1]);
    } else if (o.kind === 'arterial') node = rng.pick(model.arterialNodes);
    else if (o.kind === 'village') node = rng.pick(model.villageNodes);
    else node = rng.int(0, g.nodeCount - 1);
    if (node < 0) continue;
    // A few metres off the road centre line, but inside the county.
    const ang = rng.range(0, 2 * Math.PI);
    const d = rng.range(0, 25);
    let [lon, lat] = offsetMeters(g.lon[node]!, g.lat[node]!, Math.cos(ang) * d, Math.sin(ang) * d);
    if (!pointInPolygon(lon, lat, model.county)) {
      lon = g.lon[node]!;
      lat = g.lat[node]!;
      if (!pointInPolygon(lon, lat, model.county)) continue;
    }
    return { kind: o.kind, node, lon: Math.round(lon * 1e7) / 1e7, lat: Math.round(lat * 1e7) / 1e7 };
  }
  throw new Error('incident model: could not place an incident inside the county');
}

const TRAFFIC_TOWN_PLACES = ['路口', '红绿灯路口', '小区出入口', '加油站附近', '公交站台附近', '学校门口'];
const TRAFFIC_VILLAGE_PLACES = ['村口', '桥头', '村道弯道处', '路口'];

function fill(template: string, rng: Rng, village: boolean, category: Category): string {
  const places = category === 'traffic' ? (village ? TRAFFIC_VILLAGE_PLACES : TRAFFIC_TOWN_PLACES) : village ? VILLAGE_PLACES : TOWN_PLACES;
  return template
    .replace('{p}', rng.pick(places))
    .replace('{r}', rng.pick(REASONS))
    .replace('{n}', String(rng.pick([800, 1500, 2600, 3800, 5000, 6800, 12000, 20000, 35000, 58000])));
}

/** Draw one incident at an instant from the model (no timings). */
export function sampleIncident(model: IncidentModel, rng: Rng, ms: number): SampledIncident {
  const t = localTime(ms);
  const where = samplePlace(model, rng, t.hour, t.dow);
  const placeMods = PLACE_CATEGORY[where.kind] ?? {};
  const catWeights = CATEGORIES.map((c) => CATEGORY_SPEC[c].w * (placeMods[c] ?? 1) * hourCategoryFactor(c, t.hour));
  const category = rng.weighted(CATEGORIES, catWeights);
  const priority = rng.weighted([1, 2, 3] as const, CATEGORY_SPEC[category].pri);
  const night = t.hour >= 22 || t.hour < 6;
  const srcWeights = SOURCES.map((s, k) => {
    let w = SOURCE_BASE[k]! * (SOURCE_CATEGORY[s]?.[category] ?? 1);
    if (night && (s === 'grid_report' || s === 'citizen' || s === 'transfer')) w *= 0.1;
    return w;
  });
  const source = rng.weighted(SOURCES, srcWeights);

  const cell = cellAt(model, where.lon, where.lat);
  const addr = model.nodeAddress[where.node]!;
  const town = (cell && model.townOfStation.get(cell.stationCode)) ?? '';
  let address: string;
  if (addr.cls === 'village' && cell) {
    const group = 1 + (where.node % 9);
    address = `${town}${cell.communityName}${group}组${1 + ((where.node * 7 + Math.floor(addr.along / 40)) % 60)}号`;
  } else {
    const base = Math.max(1, Math.round(addr.along / 8));
    const house = base + (base % 2 === (rng.chance(0.5) ? 0 : 1) ? 1 : 0);
    address = `${town}${addr.road}${house}号`;
  }
  const village = addr.cls === 'village' || where.kind === 'village' || where.kind === 'village_hotspot';
  const description = fill(rng.pick(TEMPLATES[category]), rng, village, category);

  let callerName: string | null = null;
  let callerPhone: string | null = null;
  if (source === 'call_110' || source === 'citizen' || source === 'transfer') {
    callerName = personName(rng);
    callerPhone = mobilePhone(rng);
  } else if (source === 'grid_report') {
    const w = cell ? model.gridWorker.get(cell.gridCode) : undefined;
    callerName = w ? w.name : personName(rng);
    callerPhone = w ? w.phone : mobilePhone(rng);
  }
  return {
    category,
    priority,
    source,
    lon: where.lon,
    lat: where.lat,
    address,
    description,
    callerName,
    callerPhone,
    node: where.node,
    stationCode: cell ? cell.stationCode : null,
    gridCode: cell ? cell.gridCode : null,
    place: where.kind,
  };
}
