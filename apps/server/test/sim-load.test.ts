// The reform simulator's file loader (CLI `sim compare` and its bench): a drawn OSM extract, a small CSV through a
// mapping and a GeoJSON of two areas; every dropped call counted where it belongs. No database needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { nearestNode, prepareReform, simulateReform } from '@jingwang/core';
import { loadReformScenario, loadRoadNetwork, parseShifts } from '../src/sim/load';
import { MappingError, type CsvMapping } from '../src/forecast/backtest';

const LON0 = -122.68;
const LAT0 = 45.52;
const STEP = 0.002; // about 156 m east-west, 222 m north-south

/** A 6 x 4 grid of residential streets, and a lone street 5 km away (not connected). */
function osmXml(): string {
  const nodes: string[] = [];
  const ways: string[] = [];
  const id = (i: number, j: number) => 1 + i * 10 + j;
  for (let i = 0; i < 6; i++) for (let j = 0; j < 4; j++) nodes.push(`<node id="${id(i, j)}" lat="${LAT0 + j * STEP}" lon="${LON0 + i * STEP}"/>`);
  let w = 1000;
  const way = (refs: number[]) => ways.push(`<way id="${w++}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}<tag k="highway" v="residential"/></way>`);
  for (let j = 0; j < 4; j++) way([0, 1, 2, 3, 4, 5].map((i) => id(i, j)));
  for (let i = 0; i < 6; i++) way([0, 1, 2, 3].map((j) => id(i, j)));
  nodes.push(`<node id="900" lat="${LAT0}" lon="${LON0 + 0.07}"/>`, `<node id="901" lat="${LAT0 + STEP}" lon="${LON0 + 0.07}"/>`);
  way([900, 901]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">\n${nodes.join('\n')}\n${ways.join('\n')}\n</osm>\n`;
}

const rect = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];
/** West and east halves of the grid's lower three rows (the top row, j = 3, lies outside every area). */
const AREAS = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature' as const, properties: { DISTRICT: 'W' }, geometry: { type: 'Polygon', coordinates: rect(LON0 - 0.001, LAT0 - 0.001, LON0 + 2.5 * STEP, LAT0 + 2.5 * STEP) } },
    { type: 'Feature' as const, properties: { DISTRICT: 'E' }, geometry: { type: 'Polygon', coordinates: rect(LON0 + 2.5 * STEP, LAT0 - 0.001, LON0 + 5 * STEP + 0.001, LAT0 + 2.5 * STEP) } },
  ],
};

const MAPPING: CsvMapping = { date: 'occ_date', dateFormat: 'iso', lon: 'lon', lat: 'lat', category: 'category' };

const at = (i: number, j: number) => `${(LON0 + i * STEP + 0.0001).toFixed(6)},${(LAT0 + j * STEP + 0.0001).toFixed(6)}`;
const CSV = [
  'occ_date,lon,lat,category',
  // history (before the period): 2, one west one east
  `2016-07-30,${at(0, 0)},burglary`,
  `2016-07-31,${at(4, 1)},theft`,
  // in the period (1-2 August): 4 west, 3 east
  `2016-08-01,${at(1, 1)},theft`,
  `2016-08-01,${at(2, 0)},assault`,
  `2016-08-01,${at(4, 2)},theft`,
  `2016-08-02,${at(0, 2)},disorder`,
  `2016-08-02,${at(1, 0)},theft`,
  `2016-08-02,${at(5, 0)},theft`,
  `2016-08-02,${at(3, 1)},theft`,
  // on a road but in no area (top row): 2
  `2016-08-01,${at(1, 3)},theft`,
  `2016-08-02,${at(4, 3)},theft`,
  // outside the road extract (2 km south): 1; on the lone street (not the main part): 1
  `2016-08-01,${LON0.toFixed(6)},${(LAT0 - 0.02).toFixed(6)},theft`,
  `2016-08-01,${(LON0 + 0.07).toFixed(6)},${(LAT0 + 0.0005).toFixed(6)},theft`,
  // after the period: 1
  `2016-08-03,${at(1, 1)},theft`,
  // unreadable: a bad date, no longitude
  `not-a-date,${at(1, 1)},theft`,
  `2016-08-01,,${(LAT0 + 0.0001).toFixed(6)},theft`,
].join('\n');

test('loadReformScenario: a drawn extract, a small CSV and two areas; dropped calls counted where they belong', () => {
  const net = loadRoadNetwork(new TextEncoder().encode(osmXml()), false);
  const r = loadReformScenario({ csvText: CSV, mapping: MAPPING, net, areas: AREAS, from: '2016-08-01', to: '2016-08-02', units: 3 });
  assert.equal(r.input.rows, 16);
  assert.equal(r.input.inPeriod, 7);
  assert.equal(r.input.history, 2);
  assert.equal(r.input.stations, 2);
  assert.equal(r.input.timeOfDay, 'drawn from the diurnal profile');
  assert.deepEqual(r.input.dropped, { unreadableTime: 1, unreadablePlace: 1, outsideRoads: 2, outsideAreas: 2, afterPeriod: 1 });
  const sc = r.scenario;
  assert.deepEqual(
    sc.stations.map((s) => s.id),
    ['W', 'E'],
  );
  assert.equal(sc.periodS, 2 * 86400);
  assert.equal(sc.periodStartMs, Date.UTC(2016, 7, 1));
  // each call at its nearest road node, in its area's station, at its day's midnight
  assert.deepEqual(
    sc.calls.map((c) => c.station),
    [0, 0, 1, 0, 0, 1, 1],
  );
  for (const c of sc.calls) {
    assert.equal(c.node, nearestNode(net.graph, c.lon, c.lat));
    assert.equal(c.timeS % 86400, 0);
    assert.equal(c.timeOfDayKnown, false);
  }
  assert.deepEqual(
    sc.history.map((c) => c.timeS / 86400),
    [-2, -1],
  );
  // 3 units: one per station, the third to the busier west
  assert.deepEqual(
    sc.units.map((u) => u.station),
    [0, 0, 1],
  );
  // the scenario runs
  const prep = prepareReform(sc, net.graph, net.ch);
  const run = simulateReform(prep, { name: 'patrol-road', bundled: true }, 1);
  assert.equal(run.figures.served + run.figures.droppedUnreachable + run.figures.queuedAtEnd, 7);
  assert.ok(sc.notes!.some((n) => n.includes('2 calls outside the road extract and 2 outside every station area')));

  // shifts instead of a unit count
  const s2 = loadReformScenario({ csvText: CSV, mapping: MAPPING, net, areas: AREAS, from: '2016-08-01', to: '2016-08-02', units: 0, shifts: '8:4,20:2' });
  assert.deepEqual(
    s2.scenario.shifts!.map((x) => [x.startHour, x.hours, x.units.length]),
    [
      [8, 12, 4],
      [20, 12, 2],
    ],
  );
  assert.equal(s2.scenario.units.length, 4);
  // unusable input is refused with a message
  assert.throws(() => loadReformScenario({ csvText: CSV, mapping: MAPPING, net, areas: AREAS, from: '2016-08-02', to: '2016-08-01', units: 3 }), MappingError);
  assert.throws(() => loadReformScenario({ csvText: CSV, mapping: MAPPING, net, areas: AREAS, from: '2016-08-01', to: '2016-08-02', units: 0 }), /--units/);
  assert.throws(() => loadReformScenario({ csvText: CSV, mapping: MAPPING, net, areas: { type: 'FeatureCollection', features: [] }, from: '2016-08-01', to: '2016-08-02', units: 3 }), /Polygon/);
});

test('parseShifts: start hour and units, each shift until the next', () => {
  assert.deepEqual(parseShifts('7:20,15:26,23:14'), [
    { startHour: 7, units: 20, hours: 8 },
    { startHour: 15, units: 26, hours: 8 },
    { startHour: 23, units: 14, hours: 8 },
  ]);
  assert.deepEqual(parseShifts('0:5'), [{ startHour: 0, units: 5, hours: 24 }]);
  assert.throws(() => parseShifts('7-15:20'), /--shifts/);
  assert.throws(() => parseShifts('24:3'), /--shifts/);
  assert.throws(() => parseShifts('7:3,7:4'), /same hour/);
});

const SHARED = path.resolve(import.meta.dirname, '../../../../shared/data/portland');
const files = ['calls_2016_08.csv', 'central.osm.pbf', 'police_districts.geojson'].map((f) => path.join(SHARED, f));
const absent = files.filter((f) => !fs.existsSync(f));

test('Portland, August 2016, central extract: the bench\'s counts', { skip: absent.length > 0 ? `shared data absent: ${absent.join(', ')}` : false }, () => {
  const mapping = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../src/forecast/mappings/portland-calls.json'), 'utf8')) as CsvMapping;
  const net = loadRoadNetwork(fs.readFileSync(files[1]!), true);
  const r = loadReformScenario({
    csvText: fs.readFileSync(files[0]!, 'utf8'),
    mapping,
    net,
    areas: JSON.parse(fs.readFileSync(files[2]!, 'utf8')),
    from: '2016-08-01',
    to: '2016-08-31',
    units: 26,
  });
  assert.equal(r.input.rows, 19375);
  assert.equal(r.input.inPeriod, 6907);
  assert.equal(r.input.history, 0);
  assert.equal(r.input.stations, 26);
  assert.deepEqual(r.input.dropped, { unreadableTime: 0, unreadablePlace: 0, outsideRoads: 12461, outsideAreas: 7, afterPeriod: 0 });
  assert.equal(r.input.inPeriod + r.input.dropped.outsideRoads + r.input.dropped.outsideAreas, r.input.rows);
  assert.equal(r.scenario.units.length, 26);
});
