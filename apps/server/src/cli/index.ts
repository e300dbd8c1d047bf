// Command line for deployments: `npm run cli -- <command>`. Uses the same configuration (DATABASE_URL, DATA_DIR)
// and the same services as the server.
//   areas import FILE.geojson [--valid-from ISO]   import areas (same validation as POST /api/areas/import)
//   areas export [--kind KIND] [--out FILE]        export live areas as GeoJSON
//   user add USERNAME --role ROLE [--scope AREA_CODE] [--name NAME] [--final]   create a user; the password is read
//                                                  from JW_PASSWORD or standard input, never from the command line,
//                                                  and must pass the strength rules; officers and leaders need
//                                                  --scope; the user changes this initial password at first login
//                                                  (outside demo mode) unless --final
//   user passwd USERNAME [--final]                 set a user's password (same rules; sessions end, TOTP removed)
//   seed-demo [--seed N]                           write the demo county into an empty database
//   roads import FILE.osm.pbf|FILE.osm [--append]  import the road network from an OpenStreetMap extract (replaces
//                                                  the roads unless --append; every profile: car, e-bike, foot)
//   roads info                                     the network's size per profile and the time to build it
//                                                  (after an import from .osm.pbf the offline basemap is rebuilt too,
//                                                  when tilemaker is installed)
//   basemap build FILE.osm.pbf                     build the offline vector basemap (DATA_DIR/basemap.pmtiles) with
//                                                  tilemaker (Debian: apt-get install tilemaker)
//   forecast backtest --input FILE.csv --mapping MAPPING.json --train-until DATE --out FILE.json
//                    [--models naive,kde,prospective,sepp,ensemble] [--cell M] [--period day|week] [--min-events N]
//                                                  rolling-origin backtest of the forecast models on any CSV
//                                                  (mappings for the shared data in apps/server/src/forecast/mappings)
//   sim compare --input FILE.csv --mapping MAPPING.json --osm FILE.osm.pbf --areas FILE.geojson --from DATE --to DATE
//               --units N --seeds K --out FILE.json [--area-id PROPERTY]
//                                                  replay the period's calls under every reform policy (docs/simulator.md)
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { createContext } from '../bootstrap';
import { AppError } from '../lib/errors';
import { SYSTEM_ACTOR } from '../modules/auth/policy';
import { createUser, personIdByCode, resetPasswordByName } from '../modules/auth/service';
import { exportAreas, importAreas } from '../modules/areas/service';
import { isSeeded, seedDemo } from '../modules/demo/seed';
import { importRoads } from '../modules/roads/import';
import { buildBasemap, tilemakerVersion, TILEMAKER_MISSING, type BasemapBuildResult } from '../modules/basemap/build';
import { USER_ROLES, AREA_KINDS, type AreaKind } from '@jingwang/contracts';
import { MODEL_NAMES, type ModelName } from '@jingwang/core';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.JW_PASSWORD;
  if (fromEnv) return fromEnv;
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  // not trimmed: spaces are part of a password; only the one line end that `echo` or a terminal adds is dropped
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function forecastBacktest(args: string[]) {
  const input = flag(args, 'input');
  const mappingFile = flag(args, 'mapping');
  const trainUntil = flag(args, 'train-until');
  const out = flag(args, 'out');
  if (!input || !mappingFile || !trainUntil) {
    throw new Error('usage: forecast backtest --input FILE.csv --mapping MAPPING.json --train-until DATE --out FILE.json [--models naive,kde,prospective,sepp,ensemble] [--cell M] [--period day|week]');
  }
  if (!fs.existsSync(input)) {
    // the shared data may be absent on this machine: say so and stop without failing
    console.log(`skipped: ${input} does not exist`);
    return;
  }
  const { backtest } = await import('../forecast/backtest');
  const models = flag(args, 'models')?.split(',').map((x) => x.trim()) as ModelName[] | undefined;
  const bad = models?.find((x) => !(MODEL_NAMES as readonly string[]).includes(x));
  if (bad) throw new Error(`unknown model ${bad}: ${MODEL_NAMES.join(', ')}`);
  const period = flag(args, 'period');
  if (period && period !== 'day' && period !== 'week') throw new Error('--period is day or week');
  const cell = flag(args, 'cell');
  const minEvents = flag(args, 'min-events');
  const result = await backtest({
    input,
    mapping: JSON.parse(fs.readFileSync(mappingFile, 'utf8')),
    trainUntil,
    ...(models ? { models } : {}),
    ...(cell ? { cellSizeM: Number(cell) } : {}),
    ...(period ? { period: period as 'day' | 'week' } : {}),
    ...(minEvents ? { minEvents: Number(minEvents) } : {}),
    log: (s) => console.error(s),
  });
  const text = JSON.stringify(result, null, 2) + '\n';
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    console.log(`wrote ${out}`);
  } else process.stdout.write(text);
  for (const [cat, c] of Object.entries(result.comparison)) {
    const verdict = c.goalMet === null ? 'not judged (too few test incidents)' : c.goalMet ? 'goal met' : `goal missed (${c.shortBy ? `short by ${c.shortBy}` : 'mean met'}${(c.minBlockRatio ?? 1) < 1 ? ', a week below 1.0' : ''})`;
    console.log(`${cat.padEnd(22)} chosen ${c.chosen.padEnd(11)} PAI@5% ${c.chosenPai5}  KDE ${c.kdePai5}  ratio ${c.ratio} (target ${c.target}, worst week ${c.minBlockRatio})  ${verdict}`);
  }
  console.log(result.goal.met ? 'goal met' : `goal missed: ${result.goal.missed.map((m) => m.category).join(', ')}`);
}

async function simCompareCommand(args: string[]) {
  const f = Object.fromEntries(['input', 'mapping', 'osm', 'areas', 'from', 'to', 'units', 'seeds', 'out'].map((k) => [k, flag(args, k)]));
  const shifts = flag(args, 'shifts');
  const missing = Object.entries(f).filter(([k, v]) => !v && !(k === 'units' && shifts)).map(([k]) => `--${k}`);
  if (missing.length > 0) {
    throw new Error(`usage: sim compare --input FILE.csv --mapping MAPPING.json --osm FILE.osm.pbf --areas FILE.geojson --from DATE --to DATE --units N --seeds K --out FILE.json [--area-id PROPERTY] [--shifts 7:20,15:26,23:14] (missing ${missing.join(', ')})`);
  }
  for (const k of ['input', 'mapping', 'osm', 'areas'] as const) {
    if (!fs.existsSync(f[k]!)) {
      // the shared data may be absent on this machine: say so and stop without failing
      console.log(`skipped: ${f[k]} does not exist`);
      return;
    }
  }
  const { simCompare, simSummaryLines, writeJson } = await import('../sim/compare');
  const areaId = flag(args, 'area-id');
  const out = simCompare({
    input: f.input!,
    mapping: f.mapping!,
    osm: f.osm!,
    areas: f.areas!,
    from: f.from!,
    to: f.to!,
    units: Number(f.units ?? 0),
    seeds: Number(f.seeds),
    ...(shifts ? { shifts } : {}),
    ...(areaId ? { areaIdProperty: areaId } : {}),
    log: (s) => console.error(s),
  });
  writeJson(f.out!, out);
  for (const line of simSummaryLines(out)) console.log(line);
  console.log(`wrote ${f.out} (${out.timings.wallMs} ms)`);
}

function basemapSummary(r: BasemapBuildResult): string {
  return `basemap: ${r.tiles} tiles, zoom ${r.zooms[0]}-${r.zooms[1]}, ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s -> ${r.file}`;
}

async function main(argv: string[]) {
  const [cmd, sub, ...rest] = argv;
  // the basemap is a file under DATA_DIR: no database
  if (cmd === 'basemap' && sub === 'build') {
    const file = rest[0];
    if (!file) throw new Error('usage: basemap build FILE.osm.pbf');
    console.log(basemapSummary(buildBasemap(loadConfig().dataDir, file, (s) => console.error(s))));
    return;
  }
  // commands that need no database
  if (cmd === 'forecast' && sub === 'backtest') return forecastBacktest(rest);
  if (cmd === 'sim' && sub === 'compare') return simCompareCommand(rest);
  const config = loadConfig();
  const { ctx, database } = await createContext(config);
  try {
    if (cmd === 'areas' && sub === 'import') {
      const file = rest[0];
      if (!file) throw new Error('usage: areas import FILE.geojson');
      const validFrom = flag(rest, 'valid-from');
      const r = await importAreas(ctx, SYSTEM_ACTOR, JSON.parse(fs.readFileSync(file, 'utf8')), validFrom ? { validFrom: new Date(validFrom).toISOString() } : {});
      console.log(`imported ${r.imported} areas`);
      for (const o of r.overlaps) console.log(`overlap: ${o.a} x ${o.b}: ${o.overlapKm2} km²`);
    } else if (cmd === 'areas' && sub === 'export') {
      const kind = flag(rest, 'kind');
      if (kind && !(AREA_KINDS as readonly string[]).includes(kind)) throw new Error(`--kind must be one of ${AREA_KINDS.join(', ')}`);
      const text = await exportAreas(ctx, SYSTEM_ACTOR, kind as AreaKind | undefined);
      const out = flag(rest, 'out');
      if (out) fs.writeFileSync(out, text);
      else process.stdout.write(text + '\n');
    } else if (cmd === 'user' && sub === 'add') {
      const username = rest[0];
      const role = flag(rest, 'role');
      if (!username || !role || !(USER_ROLES as readonly string[]).includes(role)) throw new Error(`usage: user add USERNAME --role ${USER_ROLES.join('|')} [--scope AREA_CODE] [--person PERSON_CODE] [--name NAME]`);
      const scope = flag(rest, 'scope');
      const personCode = flag(rest, 'person');
      const personId = personCode ? await personIdByCode(ctx, personCode) : null;
      if (personCode && personId === null) throw new Error(`no person with code ${personCode}`);
      const area = scope ? ctx.areas.tree().liveByCodeGet(scope) : undefined;
      if (scope && !area) throw new Error(`no live area with code ${scope}`);
      const password = await readPassword();
      const name = flag(rest, 'name');
      await createUser(ctx, SYSTEM_ACTOR, { username, ...(name ? { displayName: name } : {}), role, scopeAreaId: area?.id ?? null, personId, password, mustChangePassword: !rest.includes('--final') });
      console.log(`user ${username} (${role}${area ? `, scope ${area.name}` : ''}) created`);
    } else if (cmd === 'user' && sub === 'passwd') {
      const username = rest[0];
      if (!username) throw new Error('usage: user passwd USERNAME [--final]');
      await resetPasswordByName(ctx, SYSTEM_ACTOR, username, await readPassword(), { mustChange: !rest.includes('--final') });
      console.log(`password of ${username} set; their sessions ended${rest.includes('--final') ? '' : '; to be changed at the next login'}`);
    } else if (cmd === 'roads' && sub === 'import') {
      const file = rest[0];
      if (!file) throw new Error('usage: roads import FILE.osm.pbf|FILE.osm [--append]');
      const r = await importRoads(ctx, SYSTEM_ACTOR, fs.readFileSync(file), { replace: !rest.includes('--append') });
      console.log(`imported ${r.roads} roads from ${r.ways} ways in ${(r.ms / 1000).toFixed(1)} s (${r.replaced} replaced, ${r.missingNodes} node refs missing from the extract)`);
      console.log('running servers rebuild their network on next use (PostgreSQL: at once, through the change bus)');
      // the offline basemap from the same extract; its absence or failure never undoes the roads import
      if (!tilemakerVersion()) console.log(`${TILEMAKER_MISSING}; the roads are imported`);
      else if (!/\.pbf$/i.test(file)) console.log('basemap: not rebuilt (tilemaker reads .osm.pbf only; `basemap build FILE.osm.pbf` after converting)');
      else {
        try {
          console.log(basemapSummary(buildBasemap(config.dataDir, file)));
        } catch (e) {
          console.error(`basemap not built (the roads are imported): ${(e as Error).message}`);
        }
      }
    } else if (cmd === 'roads' && sub === 'info') {
      const t0 = performance.now();
      const net = await ctx.roads.get();
      console.log(`${net.roadCount} roads; built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      for (const [name, p] of Object.entries(net.profiles)) console.log(`  ${name}: ${p.graph.nodeCount} nodes, ${p.graph.edgeCount} edges, ${p.ch.shortcutCount} shortcuts, ${Math.round(p.buildMs)} ms`);
    } else if (cmd === 'seed-demo') {
      if (await isSeeded(ctx.db)) throw new Error('the demo county is already in this database');
      const s = await seedDemo(ctx, { seed: Number(flag([sub ?? '', ...rest], 'seed') ?? config.demoSeed), endAt: ctx.clock.now().toISOString() });
      console.log(`seeded ${s.areas} areas, ${s.incidents} incidents in ${(s.ms / 1000).toFixed(1)} s`);
    } else {
      console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exitCode = cmd ? 2 : 0;
    }
  } catch (e) {
    if (e instanceof AppError) console.error(`${e.code}: ${e.message}${e.details ? ` ${JSON.stringify(e.details)}` : ''}`);
    else console.error((e as Error).message);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
