// The demo county: a seeded, deterministic stand-in for 姜堰区 modelled on the Jiangyan "天娄白" reform.
//
// 天目山派出所 (the central station, in 天目山街道) is bundled with 娄庄派出所 and 白米派出所 into one district, the
// 天娄白片区, with a joint command room (片区联勤指挥室) at 天目山. Their 11 police responsibility zones (警务责任区) are
// merged into 4 big police grids (大警格). Community officers hold A/B/C posts and work with assistants (协管员),
// grid workers (网格员) and mediators (调解员) in every grid. The reform takes effect 6 months before the end of the
// incident history, so the history spans the re-cut.
//
// Choice on police grids: the article has 天目山's big grids take in neighbouring parts of 娄庄 and 白米. Here each
// police grid merges zones of ONE station (its parentCode is that station, which trivially "holds most of it"),
// so the hierarchy county > district > station > police grid > zone stays a tree and every area's parent contains
// it. The grouping code already computes the parent as the station holding the grid, so a cross-station variant
// only needs a different zone grouping.
//
// Codes referenced by organisation data that only exist after the recuts: the district (command room team, SWAT
// team and units, dispatcher and district users) and the police grids (community officers' areaCodes). A seeder
// must therefore apply the recuts before it writes teams, people, units and users.
//
// Pure: all randomness comes from createRng(seed) forks, all time from opts.endAt.

import { bboxOf } from '../geo/measure';
import { pointInPolygon } from '../geo/pip';
import { nearestNode, type RoadGraph } from '../roads/graph';
import { travelTimesFrom } from '../roads/path';
import {
  buildCountyGeometry,
  COUNTY_CODE,
  COUNTY_NAME,
  DISTRICT_CODE,
  DISTRICT_NAME,
  STATIONS,
  distM,
  type CountyGeometry,
} from './demoGeometry';
import { buildDemoRoads } from './demoRoads';
import { buildIncidentModel, sampleIncident, type IncidentModel, type SampledIncident } from './incidentModel';
import { uniqueMobilePhone, uniquePersonName } from './names';
import { addMonths, localMidnight, parseInstant, ratePerHour } from './rhythm';
import { createRng, type Rng } from './rng';
import type {
  DemoAgency,
  DemoArea,
  DemoCounty,
  DemoIncident,
  DemoKeyPlace,
  KeyPlaceKind,
  DemoPerson,
  DemoRecut,
  DemoTeam,
  DemoUnit,
  DemoUser,
  LonLat,
  MultiPolygonCoords,
} from './types';

export interface DemoCountyOptions {
  seed: number;
  /** ISO instant: the incident history ends here (exclusive). */
  endAt: string;
  /** Months of incident history, default 12 (1..36). */
  months?: number;
}

/** How many months before endAt the reform (bundle + merges) takes effect. */
export const REFORM_MONTHS_BEFORE_END = 6;

const AGENCY = {
  psb: 'jy-psb',
  urban: 'jy-cgj',
  station: { tms: 'jy-pcs-tms', lz: 'jy-pcs-lz', bm: 'jy-pcs-bm' },
  sub: { tms: 'jy-jd-tms', lz: 'jy-zf-lz', bm: 'jy-zf-bm' },
} as const;

const SUB_NAMES = { tms: '天目山街道办事处', lz: '娄庄镇人民政府', bm: '白米镇人民政府' } as const;
const USERNAMES = { tms: 'tianmushan', lz: 'louzhuang', bm: 'baimi' } as const;

/** Generate the demo county. Deterministic for (seed, endAt, months). */
export function generateDemoCounty(opts: DemoCountyOptions): DemoCounty {
  const endMs = parseInstant(opts.endAt, 'endAt');
  const months = opts.months ?? 12;
  if (!Number.isInteger(months) || months < 1 || months > 36) throw new RangeError(`months: must be an integer 1..36, got ${months}`);
  if (!Number.isFinite(opts.seed)) throw new RangeError(`seed: must be a finite number`);
  const rng = createRng(opts.seed);

  const geo = buildCountyGeometry(rng.fork('geometry'));
  const { roads } = buildDemoRoads(geo, rng.fork('roads'));
  const areas = buildAreas(geo);
  const recuts = buildRecuts(geo, endMs);
  const org = buildOrganisation(geo, rng.fork('organisation'));

  const base = { seed: opts.seed, areas, roads, people: org.people };
  const model = buildIncidentModel(base);
  const units = buildUnits(geo, model.graph, org, rng.fork('units'));
  const users = buildUsers(org);
  const incidents = buildHistory(model, units, endMs, months, rng.fork('incidents'));

  return {
    seed: opts.seed,
    name: `${COUNTY_NAME}（演示）`,
    bbox: bboxOf(geo.county),
    areas,
    recuts,
    agencies: org.agencies,
    teams: org.teams,
    people: org.people,
    units: units.map((u) => u.unit),
    roads,
    keyPlaces: buildKeyPlaces(geo, model.graph),
    incidents,
    users,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Key places (重点部位): schools, hospitals, the bus station, markets, banks and government offices of the towns, each
// on the road node nearest to a point around its community's centre. No randomness: adding them leaves every other
// part of the county unchanged.

const KEY_PLACE_KINDS: { kind: KeyPlaceKind; suffix: string; radiusM: number }[] = [
  { kind: 'school', suffix: '中心小学', radiusM: 200 },
  { kind: 'hospital', suffix: '人民医院', radiusM: 200 },
  { kind: 'market', suffix: '农贸市场', radiusM: 150 },
  { kind: 'finance', suffix: '农商银行网点', radiusM: 100 },
  { kind: 'transport', suffix: '汽车客运站', radiusM: 250 },
  { kind: 'government', suffix: '便民服务中心', radiusM: 150 },
];

function buildKeyPlaces(geo: CountyGeometry, graph: RoadGraph): DemoKeyPlace[] {
  const out: DemoKeyPlace[] = [];
  const towns = geo.communities.filter((c) => c.isTown).sort((a, b) => (a.code < b.code ? -1 : 1));
  towns.forEach((c, t) => {
    for (let j = 0; j < 2; j++) {
      const i = 2 * t + j;
      const spec = KEY_PLACE_KINDS[i % KEY_PLACE_KINDS.length]!;
      // off the centre, in a direction that turns with the index, so places do not pile up on one crossing
      const angle = (i * 2.399963) % (2 * Math.PI);
      const r = 0.0012 + 0.001 * j;
      const node = nearestNode(graph, c.centre[0] + r * Math.cos(angle), c.centre[1] + r * 0.85 * Math.sin(angle));
      if (node < 0) continue;
      out.push({
        code: `KP-${c.code}-${j + 1}`,
        name: `${c.stem}${spec.suffix}`,
        kind: spec.kind,
        lon: Math.round(graph.lon[node]! * 1e6) / 1e6,
        lat: Math.round(graph.lat[node]! * 1e6) / 1e6,
        radiusM: spec.radiusM,
        targetS: 60,
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Areas and recuts

function buildAreas(geo: CountyGeometry): DemoArea[] {
  const areas: DemoArea[] = [{ code: COUNTY_CODE, name: COUNTY_NAME, kind: 'county', parentCode: null, geometry: geo.county }];
  for (const s of geo.stations) areas.push({ code: s.spec.code, name: s.spec.areaName, kind: 'station', parentCode: COUNTY_CODE, geometry: s.geometry });
  const comms = geo.communities.slice().sort((a, b) => (a.code < b.code ? -1 : 1));
  for (const c of comms) {
    areas.push({ code: c.code, name: c.name, kind: 'community', parentCode: STATIONS[c.station]!.code, geometry: c.geometry, responseTargetS: c.isTown ? 180 : 300 });
  }
  for (const c of comms) {
    const cells = c.cells.slice().sort((a, b) => (geo.gridCodes[a]! < geo.gridCodes[b]! ? -1 : 1));
    for (const k of cells) areas.push({ code: geo.gridCodes[k]!, name: geo.gridNames[k]!, kind: 'grid', parentCode: c.code, geometry: [[geo.cells[k]!.ring]] });
  }
  for (const z of geo.zones) areas.push({ code: z.code, name: z.name, kind: 'resp_zone', parentCode: STATIONS[z.station]!.code, geometry: z.geometry });
  for (const p of geo.patrolZones) areas.push({ code: p.code, name: p.name, kind: 'patrol_zone', parentCode: STATIONS[p.station]!.code, geometry: p.geometry });
  return areas;
}

function buildRecuts(geo: CountyGeometry, endMs: number): DemoRecut[] {
  const effectiveAt = new Date(localMidnight(addMonths(endMs, -REFORM_MONTHS_BEFORE_END))).toISOString();
  const recuts: DemoRecut[] = [
    {
      op: 'bundle',
      effectiveAt,
      memberCodes: STATIONS.map((s) => s.code),
      target: { code: DISTRICT_CODE, name: DISTRICT_NAME, kind: 'district' },
      parentCode: COUNTY_CODE,
    },
  ];
  for (const g of geo.policeGrids) {
    recuts.push({
      op: 'merge',
      effectiveAt,
      sourceCodes: g.zones.map((z) => geo.zones[z]!.code),
      target: { code: g.code, name: g.name, kind: 'police_grid' },
      parentCode: STATIONS[g.station]!.code,
      keepSources: true,
    });
  }
  return recuts;
}

// ---------------------------------------------------------------------------------------------------------------
// Organisation: agencies, teams, people

interface Org {
  agencies: DemoAgency[];
  teams: DemoTeam[];
  people: DemoPerson[];
  /** Person codes still free for units, by pool. */
  pools: Map<string, string[]>;
  stationLead: string[];
  districtLead: string;
  dispatcher: string;
  communityOfficers: string[][];
}

function buildOrganisation(geo: CountyGeometry, rng: Rng): Org {
  const agencies: DemoAgency[] = [
    { code: AGENCY.psb, name: '泰州市公安局姜堰分局', kind: 'psb', areaCode: COUNTY_CODE },
    ...STATIONS.map((s): DemoAgency => ({ code: AGENCY.station[s.key], name: `${s.short}派出所`, kind: 'station', areaCode: s.code })),
    { code: AGENCY.urban, name: '姜堰区城市管理局', kind: 'urban_mgmt', areaCode: COUNTY_CODE },
    ...STATIONS.map((s): DemoAgency => ({ code: AGENCY.sub[s.key], name: SUB_NAMES[s.key], kind: 'subdistrict', areaCode: s.code })),
  ];
  const teams: DemoTeam[] = [
    { code: 'tlb-command', name: `${DISTRICT_NAME}联勤指挥室`, kind: 'command_room', agencyCode: AGENCY.station.tms, areaCode: DISTRICT_CODE },
  ];
  for (const s of STATIONS) {
    const ag = AGENCY.station[s.key];
    teams.push({ code: `${s.key}-community`, name: `${s.short}派出所社区警务队`, kind: 'community_team', agencyCode: ag, areaCode: s.code });
    teams.push({ code: `${s.key}-case`, name: `${s.short}派出所案件办理队`, kind: 'case_team', agencyCode: ag, areaCode: s.code });
    teams.push({ code: `${s.key}-patrol`, name: `${s.short}派出所巡逻队`, kind: 'patrol_team', agencyCode: ag, areaCode: s.code });
    teams.push({ code: `${s.key}-joint`, name: `${s.short}联勤巡逻队`, kind: 'joint_patrol', agencyCode: ag, areaCode: s.code });
  }
  teams.push({ code: 'tlb-swat', name: `${DISTRICT_NAME}特警快反处突点`, kind: 'swat_post', agencyCode: AGENCY.psb, areaCode: DISTRICT_CODE });

  const people: DemoPerson[] = [];
  const names = new Set<string>();
  const phones = new Set<string>();
  const badges = new Set<string>();
  const pools = new Map<string, string[]>();
  const nextBadge = (): string => {
    for (;;) {
      const b = String(rng.int(100000, 999999));
      if (!badges.has(b)) {
        badges.add(b);
        return b;
      }
    }
  };
  const person = (p: Omit<DemoPerson, 'code' | 'name' | 'phone' | 'badgeNo'>, pool?: string): string => {
    const code = `P${String(people.length + 1).padStart(4, '0')}`;
    people.push({
      code,
      name: uniquePersonName(rng, names),
      phone: uniqueMobilePhone(rng, phones),
      badgeNo: p.role === 'police' ? nextBadge() : null,
      ...p,
    });
    if (pool) {
      const list = pools.get(pool);
      if (list) list.push(code);
      else pools.set(pool, [code]);
    }
    return code;
  };

  // District command room and its lead (the district lead sits at 天目山).
  const tmsAgency = AGENCY.station.tms;
  const districtLead = person({ role: 'police', post: null, agencyCode: tmsAgency, teamCode: 'tlb-command', areaCodes: [DISTRICT_CODE] });
  const dispatcher = person({ role: 'police', post: 'C', agencyCode: tmsAgency, teamCode: 'tlb-command', areaCodes: [DISTRICT_CODE] });
  for (let k = 0; k < 3; k++) person({ role: 'police', post: 'C', agencyCode: tmsAgency, teamCode: 'tlb-command', areaCodes: [DISTRICT_CODE] });
  for (let k = 0; k < 2; k++) person({ role: 'auxiliary', post: null, agencyCode: tmsAgency, teamCode: 'tlb-command', areaCodes: [DISTRICT_CODE] });
  // SWAT post: 8 officers of the bureau.
  for (let k = 0; k < 8; k++) person({ role: 'police', post: 'C', agencyCode: AGENCY.psb, teamCode: 'tlb-swat', areaCodes: [DISTRICT_CODE] }, 'swat');

  const policeGridOfZone = new Map<number, string>();
  geo.policeGrids.forEach((g) => g.zones.forEach((z) => policeGridOfZone.set(z, g.code)));

  const stationLead: string[] = [];
  const communityOfficers: string[][] = [];
  STATIONS.forEach((spec, s) => {
    const ag = AGENCY.station[spec.key];
    const sub = AGENCY.sub[spec.key];
    const k = spec.key;
    stationLead.push(person({ role: 'police', post: null, agencyCode: ag, teamCode: `${k}-community`, areaCodes: [spec.code] }));
    person({ role: 'police', post: null, agencyCode: ag, teamCode: `${k}-case`, areaCodes: [spec.code] }); // 教导员

    // Community officers: every community has an A-post officer (one officer holds one or two communities of a
    // zone) who is also responsible for the police grid of that zone; each zone has a B-post officer.
    const officers: string[] = [];
    geo.zones.forEach((zone, zi) => {
      if (zone.station !== s) return;
      const comms = zone.communities.map((c) => geo.communities[c]!).sort((a, b) => (a.code < b.code ? -1 : 1));
      const pg = policeGridOfZone.get(zi);
      for (let q = 0; q < comms.length; q += 2) {
        const held = comms.slice(q, q + 2).map((c) => c.code);
        const areaCodes = pg ? [...held, pg] : held;
        officers.push(person({ role: 'police', post: 'A', agencyCode: ag, teamCode: `${k}-community`, areaCodes }));
        person({ role: 'auxiliary', post: null, agencyCode: ag, teamCode: `${k}-community`, areaCodes: held });
      }
      person({ role: 'police', post: 'B', agencyCode: ag, teamCode: `${k}-community`, areaCodes: [zone.code] });
      // One mediator per zone, working from the subdistrict office.
      person({ role: 'mediator', post: null, agencyCode: sub, teamCode: null, areaCodes: comms.map((c) => c.code) });
    });
    communityOfficers.push(officers);
    // Case team.
    for (let q = 0; q < (k === 'tms' ? 4 : 2); q++) person({ role: 'police', post: 'B', agencyCode: ag, teamCode: `${k}-case`, areaCodes: [spec.code] });
    // Patrol officers and auxiliaries for the station's units (filled into units later).
    const nCars = k === 'tms' ? 7 : 4;
    const nFoot = k === 'tms' ? 5 : 1;
    const nEbike = k === 'tms' ? 6 : 3;
    for (let q = 0; q < nCars + nFoot; q++) person({ role: 'police', post: 'C', agencyCode: ag, teamCode: `${k}-patrol`, areaCodes: [spec.code] }, `${k}-police`);
    for (let q = 0; q < nCars + nFoot + nEbike; q++) person({ role: 'auxiliary', post: null, agencyCode: ag, teamCode: `${k}-patrol`, areaCodes: [spec.code] }, `${k}-aux`);
    // Joint patrol: police + auxiliary from the station, two urban management officers.
    const nJoint = k === 'tms' ? 2 : 1;
    for (let q = 0; q < nJoint; q++) {
      person({ role: 'police', post: 'C', agencyCode: ag, teamCode: `${k}-joint`, areaCodes: [spec.code] }, `${k}-joint`);
      person({ role: 'auxiliary', post: null, agencyCode: ag, teamCode: `${k}-joint`, areaCodes: [spec.code] }, `${k}-joint`);
      person({ role: 'urban_mgmt', post: null, agencyCode: AGENCY.urban, teamCode: `${k}-joint`, areaCodes: [spec.code] }, `${k}-joint`);
      person({ role: 'urban_mgmt', post: null, agencyCode: AGENCY.urban, teamCode: `${k}-joint`, areaCodes: [spec.code] }, `${k}-joint`);
    }
    person({ role: 'urban_mgmt', post: null, agencyCode: AGENCY.urban, teamCode: null, areaCodes: [spec.code] });
    // Civic police (义警) join the foot patrols; volunteers help in the communities.
    for (let q = 0; q < (k === 'tms' ? 6 : 3); q++) person({ role: 'civic_police', post: null, agencyCode: ag, teamCode: `${k}-patrol`, areaCodes: [spec.code] }, `${k}-civic`);
    const stComms = geo.communities.filter((c) => c.station === s).sort((a, b) => (a.code < b.code ? -1 : 1));
    for (let q = 0; q < (k === 'tms' ? 6 : 3); q++) person({ role: 'volunteer', post: null, agencyCode: sub, teamCode: null, areaCodes: [stComms[q % stComms.length]!.code] });
    // Assistants (协管员): one per community; grid workers (网格员): one per grid.
    for (const c of stComms) person({ role: 'assistant', post: null, agencyCode: sub, teamCode: null, areaCodes: [c.code] });
    for (const c of stComms) {
      const cells = c.cells.slice().sort((a, b) => (geo.gridCodes[a]! < geo.gridCodes[b]! ? -1 : 1));
      for (const cell of cells) person({ role: 'grid_worker', post: null, agencyCode: sub, teamCode: null, areaCodes: [geo.gridCodes[cell]!] });
    }
  });

  return { agencies, teams, people, pools, stationLead, districtLead, dispatcher, communityOfficers };
}

// ---------------------------------------------------------------------------------------------------------------
// Units

interface UnitInfo {
  unit: DemoUnit;
  /** Station index whose incidents this unit normally takes; -1 for the district's SWAT. */
  station: number;
  startNode: number;
}

function nodesInside(graph: RoadGraph, geometry: MultiPolygonCoords): number[] {
  const [minX, minY, maxX, maxY] = bboxOf(geometry);
  const out: number[] = [];
  for (let n = 0; n < graph.nodeCount; n++) {
    const x = graph.lon[n]!;
    const y = graph.lat[n]!;
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    if (pointInPolygon(x, y, geometry)) out.push(n);
  }
  return out;
}

function buildUnits(geo: CountyGeometry, graph: RoadGraph, org: Org, rng: Rng): UnitInfo[] {
  const units: UnitInfo[] = [];
  const take = (pool: string, n: number): string[] => {
    const list = org.pools.get(pool) ?? [];
    return list.splice(0, Math.min(n, list.length));
  };
  const startIn = (geometry: MultiPolygonCoords, near: LonLat): number => {
    const inside = nodesInside(graph, geometry);
    if (inside.length === 0) return nearestNode(graph, near[0], near[1]);
    // A node in the area, preferring the area's middle part.
    inside.sort((a, b) => distM([graph.lon[a]!, graph.lat[a]!], near) - distM([graph.lon[b]!, graph.lat[b]!], near));
    return inside[rng.int(0, Math.max(0, Math.floor(inside.length / 3) - 1))]!;
  };
  const add = (callsign: string, type: DemoUnit['type'], echelon: 1 | 2 | 3, teamCode: string, homeAreaCode: string, memberCodes: string[], station: number, node: number): void => {
    units.push({ unit: { callsign, type, echelon, teamCode, homeAreaCode, memberCodes, start: [graph.lon[node]!, graph.lat[node]!] }, station, startNode: node });
  };
  const centreOf = (mp: MultiPolygonCoords): LonLat => {
    const [a, b, c, d] = bboxOf(mp);
    return [(a + c) / 2, (b + d) / 2];
  };

  STATIONS.forEach((spec, s) => {
    const k = spec.key;
    const team = `${k}-patrol`;
    const zones = geo.zones.filter((z) => z.station === s);
    const townComms = geo.communities.filter((c) => c.station === s).sort((a, b) => distM(a.centre, spec.centre) - distM(b.centre, spec.centre));
    const patrol = geo.patrolZones.find((p) => p.station === s)!;
    const nCars = k === 'tms' ? 7 : 4;
    const nE1Cars = nCars - (k === 'tms' ? 2 : 1);
    const nEbike = k === 'tms' ? 6 : 3;
    const nFoot = k === 'tms' ? 5 : 1;
    let n = 1;
    const cs = (): string => `${spec.short}${String(n++).padStart(2, '0')}`;
    // Echelon 1 patrol cars, one per zone (round robin).
    for (let q = 0; q < nE1Cars; q++) {
      const z = zones[q % zones.length]!;
      add(cs(), 'patrol_car', 1, team, z.code, [...take(`${k}-police`, 1), ...take(`${k}-aux`, 1)], s, startIn(z.geometry, centreOf(z.geometry)));
    }
    // Echelon 2: the station's reserve cars, at the station house in the town centre.
    const stationNode = nearestNode(graph, spec.centre[0], spec.centre[1]);
    for (let q = nE1Cars; q < nCars; q++) add(cs(), 'patrol_car', 2, team, spec.code, [...take(`${k}-police`, 1), ...take(`${k}-aux`, 1)], s, stationNode);
    n = 11;
    for (let q = 0; q < nEbike; q++) {
      const c = townComms[q % Math.min(townComms.length, 4)]!;
      add(cs(), 'ebike', 1, team, c.code, take(`${k}-aux`, 1), s, startIn(c.geometry, c.centre));
    }
    n = 21;
    for (let q = 0; q < nFoot; q++) {
      add(cs(), 'foot', 1, team, patrol.code, [...take(`${k}-police`, 1), ...take(`${k}-aux`, 1), ...take(`${k}-civic`, 1)], s, startIn(patrol.geometry, spec.centre));
    }
  });
  // Joint patrols with urban management: 联勤01.. in the towns' patrol zones.
  let j = 1;
  STATIONS.forEach((spec, s) => {
    const patrol = geo.patrolZones.find((p) => p.station === s)!;
    const nJoint = spec.key === 'tms' ? 2 : 1;
    for (let q = 0; q < nJoint; q++) {
      add(`联勤${String(j++).padStart(2, '0')}`, 'joint_patrol', 1, `${spec.key}-joint`, patrol.code, take(`${spec.key}-joint`, 4), s, startIn(patrol.geometry, spec.centre));
    }
  });
  // SWAT: two quick-response posts of the district (echelon 3), at 天目山.
  const tms = STATIONS[0]!.centre;
  for (let q = 0; q < 2; q++) {
    const node = nearestNode(graph, tms[0] + (q === 0 ? 0.008 : -0.01), tms[1] + (q === 0 ? 0.004 : -0.006));
    add(`快反${String(q + 1).padStart(2, '0')}`, 'swat_post', 3, 'tlb-swat', DISTRICT_CODE, take('swat', 4), -1, node);
  }
  return units;
}

// ---------------------------------------------------------------------------------------------------------------
// Users

function buildUsers(org: Org): DemoUser[] {
  const nameOf = (code: string): string => org.people.find((p) => p.code === code)?.name ?? code;
  const users: DemoUser[] = [
    { username: 'admin', displayName: '系统管理员', role: 'admin', scopeAreaCode: null, personCode: null },
    { username: 'dispatcher', displayName: nameOf(org.dispatcher), role: 'dispatcher', scopeAreaCode: DISTRICT_CODE, personCode: org.dispatcher },
    { username: 'district', displayName: nameOf(org.districtLead), role: 'district_lead', scopeAreaCode: DISTRICT_CODE, personCode: org.districtLead },
  ];
  STATIONS.forEach((s, k) => {
    const code = org.stationLead[k]!;
    users.push({ username: USERNAMES[s.key], displayName: nameOf(code), role: 'station_lead', scopeAreaCode: s.code, personCode: code });
  });
  const officers: [number, string][] = [
    [0, org.communityOfficers[0]![0]!],
    [0, org.communityOfficers[0]![1]!],
    [1, org.communityOfficers[1]![0]!],
  ];
  officers.forEach(([s, code], q) => {
    users.push({ username: `officer${q + 1}`, displayName: nameOf(code), role: 'officer', scopeAreaCode: STATIONS[s]!.code, personCode: code });
  });
  // Partner accounts (issue 12 part 2), all in the first station's area: the grid worker of its first grid, the
  // mediator of its first zone (scope: the station), and a 城管 officer of the urban management bureau.
  const grid = org.people.find((p) => p.role === 'grid_worker');
  if (grid) users.push({ username: 'grid1', displayName: grid.name, role: 'grid_worker', scopeAreaCode: grid.areaCodes[0]!, personCode: grid.code });
  const mediator = org.people.find((p) => p.role === 'mediator');
  if (mediator) users.push({ username: 'mediator1', displayName: mediator.name, role: 'mediator', scopeAreaCode: STATIONS[0]!.code, personCode: mediator.code });
  const urban = org.people.find((p) => p.role === 'urban_mgmt' && p.teamCode === null);
  if (urban) users.push({ username: 'cg1', displayName: urban.name, role: 'urban_mgmt', scopeAreaCode: null, personCode: urban.code });
  return users;
}

// ---------------------------------------------------------------------------------------------------------------
// Incident history

const HANDLING_MIN: Record<DemoIncident['category'], [number, number]> = {
  noise: [10, 25],
  help: [15, 40],
  traffic: [20, 60],
  dispute: [25, 90],
  theft: [20, 70],
  fraud: [30, 90],
  fight: [25, 90],
  fire: [30, 90],
  suspicious: [10, 30],
  public_order: [15, 45],
  missing_person: [40, 90],
  other: [10, 40],
};

function buildHistory(model: IncidentModel, units: UnitInfo[], endMs: number, months: number, rng: Rng): DemoIncident[] {
  const startMs = addMonths(endMs, -months);
  const ctx: HandlingContext = {
    units,
    times: units.map((u) => travelTimesFrom(model.graph, u.startNode)),
    stationIndex: new Map(STATIONS.map((s, k) => [s.code, k])),
    byStation: STATIONS.map((_, s) => units.map((_u, k) => k).filter((k) => units[k]!.station === s)),
    swat: units.map((_u, k) => k).filter((k) => units[k]!.unit.type === 'swat_post'),
  };
  const out: DemoIncident[] = [];
  const HOUR = 3600000;
  for (let h = startMs; h < endMs; h += HOUR) {
    const span = Math.min(HOUR, endMs - h);
    const k = rng.poisson((ratePerHour(h + span / 2) * span) / HOUR);
    const offsets: number[] = [];
    for (let q = 0; q < k; q++) offsets.push(Math.floor(rng.float() * (span / 1000)));
    offsets.sort((a, b) => a - b);
    for (const off of offsets) {
      const at = h + off * 1000;
      out.push(withHandling(sampleIncident(model, rng, at), at, ctx, rng));
    }
  }
  return out;
}

interface HandlingContext {
  units: UnitInfo[];
  /** Road travel time in seconds from each unit's start node to every node. */
  times: Float64Array[];
  stationIndex: Map<string, number>;
  /** Unit indexes by station. */
  byStation: number[][];
  swat: number[];
}

const JOINT_CATEGORIES = new Set<DemoIncident['category']>(['noise', 'public_order', 'dispute', 'other', 'traffic']);
const TRANSFERABLE = new Set<DemoIncident['category']>(['noise', 'dispute', 'other', 'help']);

function withHandling(s: SampledIncident, at: number, ctx: HandlingContext, rng: Rng): DemoIncident {
  const inc: DemoIncident = {
    reportedAt: new Date(at).toISOString(),
    source: s.source,
    category: s.category,
    priority: s.priority,
    lon: s.lon,
    lat: s.lat,
    address: s.address,
    description: s.description,
    callerName: s.callerName,
    callerPhone: s.callerPhone,
    dispatchAfterS: null,
    arriveAfterS: null,
    resolveAfterS: null,
    closeAfterS: null,
    finalStatus: 'closed',
    unitIndex: null,
  };
  // Transferred to another agency (urban management, the 12345 hotline) without dispatch.
  if (TRANSFERABLE.has(s.category) && s.source !== 'patrol' && s.source !== 'video_patrol' && rng.chance(0.05)) {
    inc.finalStatus = 'transferred';
    return inc;
  }
  // Cancelled by the caller, half of them before a unit was sent.
  const cancelled = s.source === 'call_110' && rng.chance(0.03);
  if (cancelled && rng.chance(0.5)) {
    inc.finalStatus = 'cancelled';
    return inc;
  }

  // The unit: among the station's units, one of the three quickest by road (reserve cars count five minutes
  // slower); now and then the SWAT post for a serious fight.
  const { times, units } = ctx;
  const node = s.node;
  const st = s.stationCode !== null ? (ctx.stationIndex.get(s.stationCode) ?? 0) : 0;
  let unitIndex = -1;
  if (s.priority === 1 && s.category === 'fight' && ctx.swat.length > 0 && rng.chance(0.2)) {
    for (const k of ctx.swat) if (unitIndex < 0 || times[k]![node]! < times[unitIndex]![node]!) unitIndex = k;
  } else {
    const best = [-1, -1, -1];
    const bestScore = [Infinity, Infinity, Infinity];
    const joint = JOINT_CATEGORIES.has(s.category);
    for (const k of ctx.byStation[st]!) {
      const u = units[k]!.unit;
      if (u.type === 'joint_patrol' && !joint) continue;
      const score = times[k]![node]! + (u.echelon === 2 ? 300 : 0);
      for (let q = 0; q < 3; q++) {
        if (score < bestScore[q]!) {
          for (let r = 2; r > q; r--) {
            best[r] = best[r - 1]!;
            bestScore[r] = bestScore[r - 1]!;
          }
          best[q] = k;
          bestScore[q] = score;
          break;
        }
      }
    }
    const top = best.filter((k) => k >= 0);
    unitIndex = top.length > 0 ? rng.weighted(top, TOP_WEIGHTS.slice(0, top.length)) : 0;
  }
  inc.unitIndex = unitIndex;
  const travel = times[unitIndex]![node]!;
  const travelS = Number.isFinite(travel) ? travel : 600;

  const found = s.source === 'patrol';
  const dispatchAfterS = found ? rng.int(10, 60) : s.priority === 1 ? rng.int(30, 90) : rng.int(45, 180);
  inc.dispatchAfterS = dispatchAfterS;
  if (cancelled) {
    inc.finalStatus = 'cancelled';
    return inc;
  }
  // Turn-out plus the drive at 1.1-1.5 times free-flow time, within 3-15 minutes; a patrol that found it is there.
  const drive = found
    ? rng.int(0, 60)
    : Math.round(Math.min(900, Math.max(180, travelS * rng.range(1.1, 1.5) * (s.priority === 1 ? 0.9 : 1) + rng.range(30, 120))));
  const arriveAfterS = dispatchAfterS + drive;
  const [lo, hi] = HANDLING_MIN[s.category];
  const resolveAfterS = arriveAfterS + Math.round(rng.range(lo, hi) * 60);
  inc.arriveAfterS = arriveAfterS;
  inc.resolveAfterS = resolveAfterS;
  inc.closeAfterS = Math.min(86400, resolveAfterS + Math.round(rng.range(600, 20 * 3600)));
  return inc;
}

const TOP_WEIGHTS = [0.6, 0.25, 0.15];
