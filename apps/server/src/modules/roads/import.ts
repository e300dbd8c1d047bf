// Imports a road network from an OpenStreetMap extract (.osm.pbf or .osm XML) into the roads table: every way that
// at least one travel profile (car, e-bike, foot) may use, with its tags, so each profile derives its own access,
// one-way rule and speed (see network.ts). A way with nodes missing from the extract is split where they are missing.
import zlib from 'node:zlib';
import { osmNodeIndex, parseOsmPbf, parseOsmXml, ROAD_PROFILES, wayPieces, wayRule, type OsmData } from '@jingwang/core';
import type { Ctx } from '../../context';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { publishRoads } from '../../realtime/publish';
import * as repo from './repo';

export interface RoadImportResult {
  ways: number;
  roads: number;
  missingNodes: number;
  replaced: number;
  ms: number;
}

/** Parse an extract: PBF when it starts like one (a BlobHeader length then "OSMHeader"), XML otherwise. */
export function parseOsm(bytes: Uint8Array): OsmData {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (head.includes('OSMHeader')) return parseOsmPbf(bytes, { inflate: (d) => zlib.inflateSync(d) });
  return parseOsmXml(bytes);
}

/** Ways any profile can use, split at missing nodes, as rows for the roads table. */
export function osmRoadRows(osm: OsmData): { rows: { osmId: number; name: string; highway: string; oneway: boolean; tags: Record<string, string>; coords: [number, number][] }[]; ways: number; missingNodes: number } {
  const index = osmNodeIndex(osm);
  const rows: ReturnType<typeof osmRoadRows>['rows'] = [];
  let ways = 0;
  let missingNodes = 0;
  for (const way of osm.ways) {
    if (!Object.values(ROAD_PROFILES).some((p) => wayRule(way.tags, p) !== null)) continue;
    ways++;
    const { pieces, missing } = wayPieces(osm, index, way);
    missingNodes += missing;
    const car = wayRule(way.tags, ROAD_PROFILES.car);
    for (const coords of pieces) {
      rows.push({
        osmId: way.id,
        name: way.tags['name:zh'] ?? way.tags.name ?? way.tags.ref ?? '',
        highway: way.tags.highway!,
        oneway: car ? car.forward !== car.backward : false,
        tags: way.tags,
        coords,
      });
    }
  }
  return { rows, ways, missingNodes };
}

/** Replaces (or adds to) the deployment's roads. The network is rebuilt on next use, on every API node. */
export async function importRoads(ctx: Ctx, actor: Actor, bytes: Uint8Array, opts: { replace: boolean }): Promise<RoadImportResult> {
  authorize(actor, 'area.write');
  const t0 = performance.now();
  const { rows, ways, missingNodes } = osmRoadRows(parseOsm(bytes));
  let replaced = 0;
  await ctx.db.transaction().execute(async (tx) => {
    if (opts.replace) replaced = await repo.deleteAllRoads(tx);
    await repo.insertOsmRoads(tx, rows);
  });
  await publishRoads(ctx);
  await audit(ctx.db, actor, 'roads.import', 'roads', null, { ways, roads: rows.length, replaced }, null);
  return { ways, roads: rows.length, missingNodes, replaced, ms: Math.round(performance.now() - t0) };
}
