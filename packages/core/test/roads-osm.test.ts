import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  parseOsmXml,
  parseOsmPbf,
  osmToRoads,
  buildOsmGraph,
  parseMaxspeed,
  wayRule,
  ROAD_PROFILES,
  nearestNode,
  shortestPath,
  edgeBetween,
  connectedComponents,
  type OsmData,
} from '../src/roads/index';

// A drawn map, nodes 0.001 degree apart (about 94 m east-west, 111 m north-south at 32.6 N):
//
//   3 ----- 4                       9 ----- 10      (island: a residential street reached by nothing)
//   |       |
//   1 ====> 2 ----- 5 -- 6 (footway)
//
// 1 -> 2 one-way (oneway=yes), 1-3, 3-4 and 4-2 two-way; 2-5 maxspeed "30 mph"; 5-6 a footway; the ways are written
// before their nodes (an unsorted file), with a relation and a comment thrown in.
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <bounds minlat="32.59" minlon="119.99" maxlat="32.61" maxlon="120.02"/>
  <way id="100">
    <nd ref="1"/><nd ref="2"/>
    <tag k="highway" v="residential"/><tag k="oneway" v="yes"/><tag k="name" v="Rue &amp; Lane"/>
  </way>
  <way id="101"><nd ref="1"/><nd ref="3"/><nd ref="4"/><nd ref="2"/><tag k="highway" v="residential"/></way>
  <way id="102"><nd ref="2"/><nd ref="5"/><tag k="highway" v="secondary"/><tag k="maxspeed" v="30 mph"/></way>
  <way id="103"><nd ref="5"/><nd ref="6"/><tag k="highway" v="footway"/></way>
  <way id="104"><nd ref="9"/><nd ref="10"/><tag k='highway' v='residential'/></way>
  <way id="105"><nd ref="3"/><nd ref="9"/><tag k="building" v="yes"/></way>
  <!-- <way id="999"><nd ref="1"/><nd ref="9"/><tag k="highway" v="primary"/></way> -->
  <relation id="7"><member type="way" ref="100" role=""/><tag k="highway" v="primary"/></relation>
  <node id="1" lat="32.600" lon="120.000"/>
  <node id="2" lat="32.600" lon="120.002"/>
  <node id="3" lat="32.602" lon="120.000"><tag k="highway" v="traffic_signals"/></node>
  <node id="4" lat="32.602" lon="120.002"/>
  <node id="5" lat="32.600" lon="120.004"/>
  <node id="6" lat="32.600" lon="120.005"/>
  <node id="9" lat="32.600" lon="120.010"/>
  <node id='10' lat='32.600' lon='120.011'/>
</osm>`;

test('OSM XML: nodes, highway ways with tags and refs, relations and comments skipped', () => {
  const osm = parseOsmXml(XML);
  assert.equal(osm.nodeIds.length, 8);
  assert.deepEqual(osm.ways.map((w) => w.id), [100, 101, 102, 103, 104]);
  assert.deepEqual(osm.ways[0]!.refs, [1, 2]);
  assert.equal(osm.ways[0]!.tags.name, 'Rue & Lane');
  assert.equal(osm.ways[4]!.tags.highway, 'residential');
  const i = Array.from(osm.nodeIds).indexOf(10);
  assert.equal(osm.lon[i], 120.011);
  assert.equal(osm.lat[i], 32.6);
  // bytes work too, and keepWay selects other ways
  assert.equal(parseOsmXml(new TextEncoder().encode(XML), { keepWay: (t) => t.building === 'yes' }).ways.length, 1);
});

test('maxspeed parsing', () => {
  assert.equal(parseMaxspeed('50'), 50);
  assert.equal(parseMaxspeed('50 km/h'), 50);
  assert.equal(parseMaxspeed('30 mph'), 30 * 1.609344);
  assert.equal(parseMaxspeed('30mph'), 30 * 1.609344);
  assert.equal(parseMaxspeed('40;60'), 40);
  assert.equal(parseMaxspeed('walk'), 5);
  assert.equal(parseMaxspeed('none'), undefined);
  assert.equal(parseMaxspeed('DE:urban'), undefined);
  assert.equal(parseMaxspeed('signals'), undefined);
  assert.equal(parseMaxspeed(''), undefined);
  assert.equal(parseMaxspeed(undefined), undefined);
});

test('one-way rules per profile', () => {
  const rule = (tags: Record<string, string>, p: 'car' | 'ebike' | 'foot' = 'car') => wayRule(tags, ROAD_PROFILES[p]);
  const dir = (tags: Record<string, string>, p: 'car' | 'ebike' | 'foot' = 'car') => {
    const r = rule(tags, p);
    return r ? `${r.forward ? 'F' : ''}${r.backward ? 'B' : ''}` : null;
  };
  assert.equal(dir({ highway: 'residential' }), 'FB');
  for (const v of ['yes', 'true', '1']) assert.equal(dir({ highway: 'residential', oneway: v }), 'F');
  assert.equal(dir({ highway: 'residential', oneway: '-1' }), 'B');
  assert.equal(dir({ highway: 'residential', junction: 'roundabout' }), 'F');
  assert.equal(dir({ highway: 'motorway' }), 'F', 'motorway implies oneway');
  assert.equal(dir({ highway: 'motorway', oneway: 'no' }), 'FB');
  assert.equal(dir({ highway: 'residential', oneway: 'reversible' }), null);
  assert.equal(dir({ highway: 'residential', oneway: 'yes' }, 'foot'), 'FB', 'foot ignores oneway');
  assert.equal(dir({ highway: 'residential', oneway: 'yes', 'oneway:bicycle': 'no' }, 'ebike'), 'FB');
  assert.equal(dir({ highway: 'residential', oneway: 'yes', cycleway: 'opposite_lane' }, 'ebike'), 'FB');
  assert.equal(dir({ highway: 'residential', oneway: 'yes' }, 'ebike'), 'F');
  // access and classes
  assert.equal(rule({ highway: 'footway' }), null);
  assert.equal(dir({ highway: 'footway' }, 'foot'), 'FB');
  assert.equal(rule({ highway: 'footway' }, 'ebike'), null);
  assert.equal(dir({ highway: 'footway', bicycle: 'yes' }, 'ebike'), 'FB');
  assert.equal(rule({ highway: 'motorway' }, 'ebike'), null);
  assert.equal(rule({ highway: 'residential', access: 'private' }), null);
  assert.equal(dir({ highway: 'residential', access: 'no', motor_vehicle: 'yes' }), 'FB', 'the most specific tag wins');
  assert.equal(rule({ highway: 'residential', motorcar: 'no' }), null);
  assert.equal(dir({ highway: 'residential', motorcar: 'no' }, 'foot'), 'FB');
  assert.equal(rule({ highway: 'construction' }), null);
  assert.equal(rule({ highway: 'pedestrian', area: 'yes' }, 'foot'), null);
  // speeds
  assert.equal(rule({ highway: 'residential' })!.forwardKmh, 30, 'default table');
  assert.equal(rule({ highway: 'primary', maxspeed: '70' })!.forwardKmh, 70);
  assert.equal(rule({ highway: 'primary', maxspeed: '70' }, 'ebike')!.forwardKmh, 25, 'e-bike capped at 25');
  assert.equal(rule({ highway: 'primary', maxspeed: '70' }, 'foot')!.forwardKmh, 5);
  const split = rule({ highway: 'primary', 'maxspeed:forward': '50', 'maxspeed:backward': '30' })!;
  assert.deepEqual([split.forwardKmh, split.backwardKmh], [50, 30]);
});

test('OSM XML to a car graph: one-way street, unreachable island, maxspeed, footway excluded', () => {
  const osm = parseOsmXml(XML);
  const { graph: g, roads } = buildOsmGraph(osm, 'car');
  assert.equal(g.nodeCount, 7, 'node 6 is only on the footway');
  // 1->2 (1), 1-3-4-2 (6), 2-5 (2), 9-10 (2)
  assert.equal(g.edgeCount, 11);
  const at = (lon: number, lat = 32.6) => nearestNode(g, lon, lat);
  const [n1, n2, n5, n9] = [at(120.0), at(120.002), at(120.004), at(120.01)];
  assert.ok(edgeBetween(g, n1, n2) >= 0);
  assert.equal(edgeBetween(g, n2, n1), -1);
  assert.equal(shortestPath(g, n1, n2)!.nodes.length, 2);
  assert.equal(shortestPath(g, n2, n1)!.nodes.length, 4, 'against the one-way goes round the block');
  assert.equal(shortestPath(g, n1, n9), null, 'island unreachable');
  assert.equal(connectedComponents(g).count, 2);
  const e25 = edgeBetween(g, n2, n5);
  assert.ok(Math.abs(g.meters[e25]! / g.seconds[e25]! - (30 * 1.609344) / 3.6) < 1e-3, '30 mph');
  const r = roads.find((x) => x.osmId === 100)!;
  assert.equal(r.name, 'Rue & Lane');
  assert.equal(r.oneway, true);
  // foot: the footway joins, one-way is two-way
  const foot = buildOsmGraph(osm, 'foot').graph;
  assert.equal(foot.nodeCount, 8);
  assert.equal(foot.edgeCount, 14);
});

test('oneway=-1 reverses, and a way with refs missing from the extract is split', () => {
  const osm: OsmData = {
    nodeIds: Float64Array.from([1, 2, 4, 5]),
    lon: Float64Array.from([0, 0.001, 0.003, 0.004]),
    lat: Float64Array.from([0, 0, 0, 0]),
    ways: [
      { id: 1, refs: [1, 2, 3, 4, 5], tags: { highway: 'residential' } },
      { id: 2, refs: [2, 1], tags: { highway: 'residential', oneway: '-1' } },
    ],
  };
  const r = osmToRoads(osm, 'car');
  assert.equal(r.missingNodes, 1);
  assert.deepEqual(r.roads.map((x) => x.coords.length), [2, 2, 2]);
  assert.deepEqual(r.roads[2]!.coords, [[0, 0], [0.001, 0]], 'oneway=-1 runs from the last ref to the first');
  assert.equal(r.roads[2]!.oneway, true);
});

const PORTLAND = path.resolve(import.meta.dirname, '../../../../shared/data/portland/central.osm.pbf');

test('Portland central.osm.pbf parses to a plausible graph', (t) => {
  if (!fs.existsSync(PORTLAND)) {
    t.skip(`${PORTLAND} is absent (shared open data not mounted)`);
    return;
  }
  const bytes = fs.readFileSync(PORTLAND);
  assert.throws(() => parseOsmPbf(bytes), /inflate/);
  const osm = parseOsmPbf(bytes, { inflate: (b) => zlib.inflateSync(b) });
  assert.ok(osm.nodeIds.length > 40000, `nodes ${osm.nodeIds.length}`);
  assert.ok(osm.ways.length > 7000, `highway ways ${osm.ways.length}`);
  const { graph, missingNodes } = buildOsmGraph(osm, 'car');
  assert.equal(missingNodes, 0);
  assert.ok(graph.nodeCount > 10000 && graph.edgeCount > 20000, `${graph.nodeCount} nodes, ${graph.edgeCount} edges`);
  const cc = connectedComponents(graph);
  assert.ok(Math.max(...cc.sizes) > graph.nodeCount * 0.9, 'one big component');
  // every coordinate inside central Portland
  for (let i = 0; i < graph.nodeCount; i++) {
    assert.ok(graph.lon[i]! > -122.8 && graph.lon[i]! < -122.5 && graph.lat[i]! > 45.4 && graph.lat[i]! < 45.6);
  }
  // some ways carry maxspeed in mph: the graph has edges faster than the default residential 30 km/h
  let fast = 0;
  for (let e = 0; e < graph.edgeCount; e++) if (graph.meters[e]! / graph.seconds[e]! > 70 / 3.6) fast++;
  assert.ok(fast > 100);
});
