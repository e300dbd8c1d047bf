import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoCounty, REFORM_MONTHS_BEFORE_END } from '../src/sim/index';
import type { DemoArea, DemoAreaKind, DemoCounty } from '../src/sim/index';
import { multiPolygonProblems, multiPolygonAreaKm2, pointInPolygon, ringCentroid, unionCells, haversineMeters } from '../src/geo/index';
import { buildRoadGraph, connectedComponents, isStronglyConnected, nearestNode } from '../src/roads/index';

const END = '2025-06-30T16:00:00.000Z'; // local midnight starting 1 July 2025
const t0 = performance.now();
const county = generateDemoCounty({ seed: 42, endAt: END });
const genMs = performance.now() - t0;

const byKind = (c: DemoCounty, k: DemoAreaKind): DemoArea[] => c.areas.filter((a) => a.kind === k);
const areaByCode = new Map(county.areas.map((a) => [a.code, a]));
const stationOfArea = (code: string): string | null => {
  let a = areaByCode.get(code);
  while (a && a.kind !== 'station') a = a.parentCode ? areaByCode.get(a.parentCode) : undefined;
  return a ? a.code : null;
};

test('generation is deterministic for a seed and differs for another seed', (t) => {
  t.diagnostic(`generation of 12 months took ${genMs.toFixed(0)} ms`);
  const again = generateDemoCounty({ seed: 42, endAt: END });
  assert.equal(JSON.stringify(again), JSON.stringify(county));
  const other = generateDemoCounty({ seed: 43, endAt: END, months: 1 });
  assert.notDeepEqual(other.areas.map((a) => a.geometry), county.areas.map((a) => a.geometry));
  assert.notDeepEqual(other.roads, county.roads);
  assert.notDeepEqual(
    other.people.map((p) => p.name),
    county.people.map((p) => p.name),
  );
  assert.throws(() => generateDemoCounty({ seed: 1, endAt: 'yesterday' }), /endAt/);
  assert.throws(() => generateDemoCounty({ seed: 1, endAt: END, months: 0 }), /months/);
});

test('area counts and hierarchy follow the Jiangyan model', () => {
  assert.equal(byKind(county, 'county').length, 1);
  assert.equal(byKind(county, 'station').length, 3);
  const comms = byKind(county, 'community');
  assert.ok(comms.length >= 26 && comms.length <= 34, `${comms.length} communities`);
  const grids = byKind(county, 'grid');
  assert.ok(grids.length >= 110 && grids.length <= 130, `${grids.length} grids`);
  assert.equal(byKind(county, 'resp_zone').length, 11);
  assert.ok(byKind(county, 'patrol_zone').length >= 1);
  assert.equal(byKind(county, 'district').length, 0, 'the district comes from the bundle recut');
  assert.equal(byKind(county, 'police_grid').length, 0, 'police grids come from the merge recuts');

  const codes = new Set(county.areas.map((a) => a.code));
  assert.equal(codes.size, county.areas.length, 'area codes are unique');
  const expectedParent: Record<string, DemoAreaKind> = { station: 'county', community: 'station', grid: 'community', resp_zone: 'station', patrol_zone: 'station' };
  const seen = new Set<string>();
  for (const a of county.areas) {
    if (a.kind === 'county') assert.equal(a.parentCode, null);
    else {
      const parent = areaByCode.get(a.parentCode ?? '');
      assert.ok(parent, `${a.code} has a parent`);
      assert.ok(seen.has(parent.code), `${a.code}: the parent comes first`);
      assert.equal(parent.kind, expectedParent[a.kind], `${a.code} (${a.kind}) under ${parent.kind}`);
    }
    seen.add(a.code);
  }
  for (const c of comms) assert.match(c.name, /(社区|村)$/);
  for (const g of grids) assert.match(g.name, /第\d+网格$/);
  assert.ok(comms.some((c) => c.name.endsWith('社区')) && comms.some((c) => c.name.endsWith('村')));
  assert.deepEqual(byKind(county, 'station').map((s) => s.name), ['天目山派出所辖区', '娄庄派出所辖区', '白米派出所辖区']);
});

test('recuts: the 天娄白 bundle, then four merges of 2-4 zones into police grids, six months before the end', () => {
  const [bundle, ...merges] = county.recuts;
  assert.ok(bundle && bundle.op === 'bundle');
  assert.deepEqual(bundle.memberCodes, byKind(county, 'station').map((s) => s.code));
  assert.equal(bundle.target.name, '天娄白片区');
  assert.equal(bundle.target.kind, 'district');
  assert.equal(bundle.parentCode, byKind(county, 'county')[0]!.code);
  assert.equal(merges.length, 4);
  const zones = new Set(byKind(county, 'resp_zone').map((z) => z.code));
  const used = new Set<string>();
  merges.forEach((m, k) => {
    assert.equal(m.op, 'merge');
    if (m.op !== 'merge') return;
    assert.ok(m.sourceCodes.length >= 2 && m.sourceCodes.length <= 4);
    assert.equal(m.target.kind, 'police_grid');
    assert.match(m.target.name, /^第.大警格$/);
    assert.equal(m.keepSources, true);
    for (const z of m.sourceCodes) {
      assert.ok(zones.has(z), `${z} is a zone`);
      assert.ok(!used.has(z), `${z} merged once`);
      used.add(z);
      assert.equal(areaByCode.get(z)!.parentCode, m.parentCode, 'each police grid lies in the station that is its parent');
    }
    assert.equal(m.effectiveAt, bundle.effectiveAt, `merge ${k}`);
  });
  assert.equal(used.size, 11);
  const eff = Date.parse(bundle.effectiveAt);
  const months = (Date.parse(END) - eff) / (30.44 * 86400000);
  assert.ok(Math.abs(months - REFORM_MONTHS_BEFORE_END) < 0.2, `${months} months`);
  const first = Date.parse(county.incidents[0]!.reportedAt);
  assert.ok(first < eff, 'the incident history spans the re-cut');
});

test('every area is a valid polygon and the fine grids contain what they should', () => {
  for (const a of county.areas) assert.deepEqual(multiPolygonProblems(a.geometry), [], `${a.code} ${a.name}`);
  for (const g of byKind(county, 'grid')) {
    assert.equal(g.geometry.length, 1);
    const c = ringCentroid(g.geometry[0]![0]!);
    const parent = areaByCode.get(g.parentCode!)!;
    assert.ok(pointInPolygon(c[0], c[1], parent.geometry), `${g.code} inside its community`);
    assert.ok(pointInPolygon(c[0], c[1], areaByCode.get(parent.parentCode!)!.geometry), `${g.code} inside its station`);
    assert.ok(pointInPolygon(c[0], c[1], byKind(county, 'county')[0]!.geometry));
  }
});

test('siblings do not overlap: the union of each level equals the sum of its parts, and equals the county', () => {
  const countyArea = multiPolygonAreaKm2(byKind(county, 'county')[0]!.geometry);
  assert.ok(countyArea > 220 && countyArea < 360, `county ${countyArea} km²`);
  for (const kind of ['grid', 'community', 'station', 'resp_zone'] as const) {
    const parts = byKind(county, kind);
    const sum = parts.reduce((s, a) => s + multiPolygonAreaKm2(a.geometry), 0);
    const union = multiPolygonAreaKm2(unionCells(parts.map((a) => a.geometry)));
    assert.ok(Math.abs(sum - union) < 1e-6 * sum, `${kind}: sum ${sum} vs union ${union}`);
    assert.ok(Math.abs(union - countyArea) < 1e-6 * countyArea, `${kind} cover the county`);
  }
  // and a point test: each grid's centroid lies in exactly one community, station and zone
  const grids = byKind(county, 'grid');
  for (const kind of ['community', 'station', 'resp_zone'] as const) {
    const parts = byKind(county, kind);
    for (const g of grids) {
      const c = ringCentroid(g.geometry[0]![0]!);
      assert.equal(parts.filter((p) => pointInPolygon(c[0], c[1], p.geometry)).length, 1, `${g.code} in one ${kind}`);
    }
  }
});

test('the county sits around Jiangyan (120.15-120.36 E, 32.55-32.70 N)', () => {
  const [a, b, c, d] = county.bbox;
  assert.ok(a > 120.12 && a < 120.18 && c > 120.33 && c < 120.39, `lon ${a}..${c}`);
  assert.ok(b > 32.52 && b < 32.58 && d > 32.67 && d < 32.73, `lat ${b}..${d}`);
  assert.ok(haversineMeters(a, b, c, b) > 15000 && haversineMeters(a, b, c, b) < 23000);
});

test('organisation: agencies, teams, ~300 people, every grid has a grid worker and a responsible officer', () => {
  const agencies = new Set(county.agencies.map((a) => a.code));
  const teams = new Set(county.teams.map((t) => t.code));
  assert.deepEqual(county.agencies.map((a) => a.kind).sort(), ['psb', 'station', 'station', 'station', 'subdistrict', 'subdistrict', 'subdistrict', 'urban_mgmt']);
  for (const t of county.teams) assert.ok(agencies.has(t.agencyCode));
  const teamKinds = new Set(county.teams.map((t) => t.kind));
  for (const k of ['command_room', 'community_team', 'case_team', 'joint_patrol', 'swat_post', 'patrol_team'] as const) assert.ok(teamKinds.has(k), k);
  const command = county.teams.find((t) => t.kind === 'command_room')!;
  assert.equal(command.name, '天娄白片区联勤指挥室');

  const people = county.people;
  assert.ok(people.length >= 250 && people.length <= 400, `${people.length} people`);
  assert.equal(new Set(people.map((p) => p.code)).size, people.length);
  assert.equal(new Set(people.map((p) => p.phone)).size, people.length, 'phones unique');
  const recutCodes = new Set(county.recuts.map((r) => r.target.code));
  for (const p of people) {
    assert.match(p.phone, /^1[358]\d{9}$/);
    assert.match(p.name, /^[\u4e00-\u9fff]{2,4}$/);
    assert.ok(agencies.has(p.agencyCode), p.code);
    if (p.teamCode !== null) assert.ok(teams.has(p.teamCode), p.code);
    if (p.role === 'police') assert.match(p.badgeNo ?? '', /^\d{6}$/);
    else assert.equal(p.badgeNo, null);
    if (p.post !== null) assert.equal(p.role, 'police');
    for (const a of p.areaCodes) assert.ok(areaByCode.has(a) || recutCodes.has(a), `${p.code}: area ${a}`);
  }
  const badges = people.filter((p) => p.badgeNo).map((p) => p.badgeNo);
  assert.equal(new Set(badges).size, badges.length, 'badges unique');
  const roles = new Set(people.map((p) => p.role));
  for (const r of ['police', 'auxiliary', 'grid_worker', 'assistant', 'mediator', 'urban_mgmt', 'volunteer', 'civic_police'] as const) assert.ok(roles.has(r), r);
  assert.ok(people.some((p) => p.post === 'A') && people.some((p) => p.post === 'B') && people.some((p) => p.post === 'C'));

  for (const g of byKind(county, 'grid')) {
    assert.ok(people.some((p) => p.role === 'grid_worker' && p.areaCodes.includes(g.code)), `grid worker for ${g.code}`);
    assert.ok(
      people.some((p) => p.role === 'police' && p.post === 'A' && p.areaCodes.includes(g.parentCode!)),
      `responsible officer for ${g.code} through ${g.parentCode}`,
    );
  }
  // community officers also hold their police grid
  const gridCodes = new Set(county.recuts.filter((r) => r.op === 'merge').map((r) => r.target.code));
  assert.ok(people.filter((p) => p.post === 'A').every((p) => p.areaCodes.some((a) => gridCodes.has(a))));
});

test('units: ~40, unique callsigns, members exist and serve once, start on a road node in their home area', () => {
  const units = county.units;
  assert.ok(units.length >= 35 && units.length <= 45, `${units.length} units`);
  assert.equal(new Set(units.map((u) => u.callsign)).size, units.length);
  const people = new Map(county.people.map((p) => [p.code, p]));
  const teams = new Set(county.teams.map((t) => t.code));
  const member = new Set<string>();
  const graph = buildRoadGraph(county.roads);
  const recutCodes = new Set(county.recuts.map((r) => r.target.code));
  for (const u of units) {
    assert.ok(teams.has(u.teamCode));
    assert.ok(u.memberCodes.length >= 1, `${u.callsign} has members`);
    for (const m of u.memberCodes) {
      assert.ok(people.has(m));
      assert.ok(!member.has(m), `${m} in one unit only`);
      member.add(m);
    }
    const n = nearestNode(graph, u.start[0], u.start[1]);
    assert.equal(graph.lon[n], u.start[0]);
    assert.equal(graph.lat[n], u.start[1]);
    const home = areaByCode.get(u.homeAreaCode);
    if (home) assert.ok(pointInPolygon(u.start[0], u.start[1], home.geometry), `${u.callsign} starts in ${home.name}`);
    else assert.ok(recutCodes.has(u.homeAreaCode), `${u.callsign}: home ${u.homeAreaCode}`);
  }
  const types = new Set(units.map((u) => u.type));
  for (const t of ['patrol_car', 'foot', 'ebike', 'joint_patrol', 'swat_post'] as const) assert.ok(types.has(t), t);
  assert.ok(units.filter((u) => u.type === 'swat_post').every((u) => u.echelon === 3));
  assert.ok(units.some((u) => u.echelon === 2));
  for (const u of units.filter((x) => x.type === 'joint_patrol')) {
    const roles = u.memberCodes.map((m) => people.get(m)!.role);
    assert.ok(roles.includes('police') && roles.includes('urban_mgmt'), `${u.callsign}: police with urban management`);
  }
  assert.ok(units.some((u) => u.callsign === '天目山01') && units.some((u) => u.callsign === '联勤01') && units.some((u) => u.callsign === '快反01'));
});

test('roads: one strongly connected network of a few thousand nodes, inside the county, reaching every community', () => {
  const graph = buildRoadGraph(county.roads);
  assert.ok(graph.nodeCount >= 1500 && graph.nodeCount <= 20000, `${graph.nodeCount} nodes`);
  const cc = connectedComponents(graph);
  assert.equal(cc.count, 1);
  assert.ok(isStronglyConnected(graph), 'every node reaches every other, one-way streets included');
  assert.equal(new Set(county.roads.map((r) => r.id)).size, county.roads.length);
  assert.ok(county.roads.some((r) => r.oneway));
  const speeds: Record<string, [number, number]> = { arterial: [60, 60], primary: [40, 50], secondary: [40, 50], street: [30, 40], village: [20, 30] };
  for (const r of county.roads) {
    const [lo, hi] = speeds[r.class]!;
    assert.ok(r.speedKmh >= lo && r.speedKmh <= hi, `${r.name} ${r.class} ${r.speedKmh}`);
    assert.ok(r.coords.length >= 2);
    for (let k = 1; k < r.coords.length; k++) assert.notDeepEqual(r.coords[k], r.coords[k - 1], `${r.name}: repeated vertex`);
  }
  const countyGeom = byKind(county, 'county')[0]!.geometry;
  let outside = 0;
  for (let n = 0; n < graph.nodeCount; n++) if (!pointInPolygon(graph.lon[n]!, graph.lat[n]!, countyGeom)) outside++;
  assert.ok(outside <= graph.nodeCount * 0.002, `${outside} nodes outside the county`);
  for (const c of byKind(county, 'community')) {
    let inside = 0;
    for (let n = 0; n < graph.nodeCount && inside === 0; n++) if (pointInPolygon(graph.lon[n]!, graph.lat[n]!, c.geometry)) inside++;
    assert.ok(inside > 0, `a road reaches ${c.name}`);
  }
  for (const n of ['通扬路', '姜堰大道', '姜娄公路', '姜白公路']) assert.ok(county.roads.some((r) => r.name === n && r.class === 'arterial'), n);
});

test('incidents: 20-30 a day, inside the county, sorted, with consistent phases and plausible units', () => {
  const inc = county.incidents;
  const start = Date.parse('2024-06-30T16:00:00.000Z');
  const end = Date.parse(END);
  const days = (end - start) / 86400000;
  assert.ok(inc.length / days >= 20 && inc.length / days <= 30, `${(inc.length / days).toFixed(1)} a day`);
  const countyGeom = byKind(county, 'county')[0]!.geometry;
  let prev = 0;
  const unitStation = county.units.map((u) => stationOfArea(u.homeAreaCode));
  const stations = byKind(county, 'station');
  for (const i of inc) {
    const t = Date.parse(i.reportedAt);
    assert.ok(t >= start && t < end, i.reportedAt);
    assert.ok(t >= prev, 'sorted by time');
    prev = t;
    assert.ok(pointInPolygon(i.lon, i.lat, countyGeom), `${i.address} inside the county`);
    assert.match(i.address, /^(天目山街道|娄庄镇|白米镇).+号$/);
    assert.ok(i.description.length >= 4);
    if (i.source === 'call_110') {
      assert.ok(i.callerName && i.callerPhone);
      assert.match(i.callerPhone, /^1[358]\d{9}$/);
    }
    if (i.source === 'patrol' || i.source === 'video_patrol') {
      assert.equal(i.callerName, null);
      assert.equal(i.callerPhone, null);
    }
    if (i.finalStatus === 'closed') {
      const { dispatchAfterS: d, arriveAfterS: a, resolveAfterS: r, closeAfterS: c } = i;
      assert.ok(d !== null && a !== null && r !== null && c !== null);
      assert.ok(d >= 10 && d <= 180, `dispatch ${d}`);
      assert.ok(a >= d && a - d <= 900, `arrive ${a - d}`);
      if (i.source !== 'patrol') assert.ok(a - d >= 180, `drive ${a - d}`);
      assert.ok(r - a >= 600 && r - a <= 5400, `on scene ${r - a}`);
      assert.ok(c > r && c <= 86400);
      assert.ok(i.unitIndex !== null && i.unitIndex >= 0 && i.unitIndex < county.units.length);
    } else if (i.finalStatus === 'transferred') {
      assert.equal(i.dispatchAfterS, null);
      assert.equal(i.unitIndex, null);
    } else {
      assert.equal(i.arriveAfterS, null);
      assert.equal(i.closeAfterS, null);
      assert.equal(i.dispatchAfterS === null, i.unitIndex === null);
    }
    if (i.unitIndex !== null && county.units[i.unitIndex]!.type !== 'swat_post') {
      const st = stations.find((s) => pointInPolygon(i.lon, i.lat, s.geometry));
      assert.equal(unitStation[i.unitIndex], st?.code, 'the unit comes from the station of the place');
    }
  }
  const status = (s: string) => inc.filter((i) => i.finalStatus === s).length / inc.length;
  assert.ok(status('cancelled') > 0.005 && status('cancelled') < 0.05);
  assert.ok(status('transferred') > 0.005 && status('transferred') < 0.05);
});

test('incidents: category, priority and source mix', () => {
  const inc = county.incidents;
  const share = (f: (i: (typeof inc)[number]) => boolean) => inc.filter(f).length / inc.length;
  for (const c of ['dispute', 'theft', 'traffic', 'help'] as const) assert.ok(share((i) => i.category === c) > 0.08, c);
  for (const c of ['noise', 'fraud'] as const) assert.ok(share((i) => i.category === c) > 0.04, c);
  for (const c of ['fire', 'missing_person'] as const) {
    const s = share((i) => i.category === c);
    assert.ok(s > 0 && s < 0.02, `${c} ${s}`);
  }
  assert.ok(share((i) => i.source === 'call_110') > 0.6);
  for (const s of ['grid_report', 'patrol', 'video_patrol', 'citizen'] as const) assert.ok(share((i) => i.source === s) > 0.02, s);
  assert.ok(inc.filter((i) => i.category === 'fire').every((i) => i.priority <= 2));
  assert.ok(inc.filter((i) => i.category === 'noise').every((i) => i.priority >= 2));
  assert.ok(share((i) => i.priority === 1) > 0.05 && share((i) => i.priority === 1) < 0.3);
});

test('incidents: daily, weekly and seasonal rhythm and spatial clustering', () => {
  const inc = county.incidents;
  const local = inc.map((i) => new Date(Date.parse(i.reportedAt) + 8 * 3600000));
  const hourCount = new Array(24).fill(0);
  for (const d of local) hourCount[d.getUTCHours()]++;
  const night = hourCount.slice(2, 6).reduce((a, b) => a + b, 0) / 4;
  const evening = hourCount.slice(16, 21).reduce((a, b) => a + b, 0) / 5;
  assert.ok(night < 0.45 * evening, `night ${night}/h vs evening ${evening}/h`);
  // Friday and Saturday evenings are busier than Monday to Thursday evenings
  const eve = (days: number[]) => local.filter((d) => days.includes(d.getUTCDay()) && d.getUTCHours() >= 18).length / days.length;
  assert.ok(eve([5, 6]) > 1.15 * eve([1, 2, 3, 4]), `${eve([5, 6])} vs ${eve([1, 2, 3, 4])}`);
  // summer (Jun-Aug) busier than winter (Dec-Feb)
  const months = (ms: number[]) => local.filter((d) => ms.includes(d.getUTCMonth())).length;
  assert.ok(months([5, 6, 7]) > months([11, 0, 1]));
  // the central town is a hotspot: within 2 km of its centre lies a large share of incidents
  const near = inc.filter((i) => haversineMeters(i.lon, i.lat, 120.228, 32.612) < 2000).length / inc.length;
  assert.ok(near > 0.25 && near < 0.7, `share near 天目山 ${near}`);
});

test('users: admin, dispatcher and district lead of the district, a lead per station, community officers', () => {
  const users = county.users;
  const names = users.map((u) => u.username);
  for (const n of ['admin', 'dispatcher', 'district', 'tianmushan', 'louzhuang', 'baimi', 'officer1']) assert.ok(names.includes(n), n);
  assert.equal(new Set(names).size, names.length);
  for (const u of users) assert.match(u.username, /^[a-z0-9]+$/);
  const district = county.recuts[0]!.target.code;
  const people = new Map(county.people.map((p) => [p.code, p]));
  const get = (n: string) => users.find((u) => u.username === n)!;
  assert.equal(get('admin').role, 'admin');
  assert.equal(get('admin').scopeAreaCode, null);
  assert.equal(get('dispatcher').role, 'dispatcher');
  assert.equal(get('dispatcher').scopeAreaCode, district);
  assert.equal(get('district').role, 'district_lead');
  assert.equal(get('district').scopeAreaCode, district);
  const stations = byKind(county, 'station');
  assert.equal(get('tianmushan').scopeAreaCode, stations[0]!.code);
  assert.equal(get('louzhuang').scopeAreaCode, stations[1]!.code);
  assert.equal(get('baimi').scopeAreaCode, stations[2]!.code);
  for (const u of users.filter((x) => x.role === 'officer')) {
    const p = people.get(u.personCode!);
    assert.ok(p && p.role === 'police' && p.post === 'A');
    assert.ok(p.areaCodes.every((a) => !areaByCode.has(a) || stationOfArea(a) === u.scopeAreaCode), `${u.username} scoped to the station of its communities`);
  }
  for (const u of users) if (u.personCode) assert.ok(people.has(u.personCode));
});
