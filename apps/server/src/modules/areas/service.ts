// Areas: import and export as GeoJSON, re-cutting (merge, bundle, split) with history, and locating a point.
import { AREA_KINDS, AREA_PARENT_KINDS, AREA_PREVIEW_SLIVER, type Area, type AreaImportPreview, type AreaGeoJsonQuery, type AreaResponseTargetBody, type AreaListQuery, type AreaImportResult, type AreaKind, type LocateResult, type RecutBody, type RecutResult } from '@jingwang/contracts';
import type { Static } from '@sinclair/typebox';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import { officerRefs } from '../org/service';
import { appendIncidentEvent as insertEvent } from '../incidents/records';
import * as repo from './repo';

/** The areas (county to grid) of a located row, named from the tree: for other modules' presentation. */
export const locationAreas = repo.locationAreas;
import { publishAreas } from '../../realtime/publish';
import { bboxOf, bboxWithin, expandBbox, formatBbox, unionBbox, type Bbox } from './bounds';

interface ParsedFeature {
  index: number;
  code: string;
  name: string;
  kind: AreaKind;
  parentCode: string | null;
  geometry: string;
  bbox: Bbox;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkPosition(p: unknown): string | null {
  if (!Array.isArray(p) || p.length < 2 || !isNum(p[0]) || !isNum(p[1])) return 'a position must be [lon, lat] numbers';
  if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return `position [${p[0]}, ${p[1]}] is out of range (WGS-84 lon/lat expected)`;
  return null;
}

function checkPolygon(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'a polygon needs at least one ring';
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4) return 'a ring needs at least 4 positions';
    for (const p of ring) {
      const bad = checkPosition(p);
      if (bad) return bad;
    }
    const a = ring[0] as number[];
    const b = ring[ring.length - 1] as number[];
    if (a[0] !== b[0] || a[1] !== b[1]) return 'a ring must be closed (first position equal to last)';
  }
  return null;
}

/** Structural checks in TypeScript; geometric validity is PostGIS's job (below). */
export function parseAreaCollection(doc: unknown): ParsedFeature[] {
  if (typeof doc !== 'object' || doc === null || (doc as { type?: unknown }).type !== 'FeatureCollection') {
    throw new AppError('INVALID_GEOJSON', 'Expected a GeoJSON FeatureCollection', { field: '/type' });
  }
  const features = (doc as { features?: unknown }).features;
  if (!Array.isArray(features) || features.length === 0) throw new AppError('INVALID_GEOJSON', 'The FeatureCollection has no features', { field: '/features' });
  if (features.length > 5000) throw new AppError('INVALID_GEOJSON', 'At most 5000 features per import', { field: '/features' });
  const out: ParsedFeature[] = [];
  const codes = new Set<string>();
  features.forEach((f: unknown, index) => {
    const fail = (field: string, message: string, code?: string): never => {
      throw new AppError('INVALID_GEOJSON', `Feature ${index}${code ? ` (${code})` : ''}: ${message}`, { feature: index, code: code ?? null, field: `/features/${index}${field}` });
    };
    if (typeof f !== 'object' || f === null || (f as { type?: unknown }).type !== 'Feature') fail('/type', 'not a Feature');
    const props = (f as { properties?: Record<string, unknown> }).properties;
    if (typeof props !== 'object' || props === null) fail('/properties', 'properties are missing');
    const p = props as Record<string, unknown>;
    const code = typeof p.code === 'string' ? p.code.trim() : '';
    if (!code || code.length > 64) fail('/properties/code', 'code must be a non-empty string of at most 64 characters');
    const name = typeof p.name === 'string' ? p.name.trim() : '';
    if (!name || name.length > 128) fail('/properties/name', 'name must be a non-empty string of at most 128 characters', code);
    if (typeof p.kind !== 'string' || !(AREA_KINDS as readonly string[]).includes(p.kind)) {
      fail('/properties/kind', `kind must be one of ${AREA_KINDS.join(', ')}`, code);
    }
    const parentCode = p.parentCode === undefined || p.parentCode === null || p.parentCode === '' ? null : String(p.parentCode);
    if (codes.has(code)) fail('/properties/code', `code ${code} appears twice in the file`, code);
    codes.add(code);
    const g = (f as { geometry?: { type?: unknown; coordinates?: unknown } }).geometry;
    if (typeof g !== 'object' || g === null) fail('/geometry', 'geometry is missing', code);
    const geom = g as { type?: unknown; coordinates?: unknown };
    let bad: string | null = null;
    if (geom.type === 'Polygon') bad = checkPolygon(geom.coordinates);
    else if (geom.type === 'MultiPolygon') {
      if (!Array.isArray(geom.coordinates) || geom.coordinates.length === 0) bad = 'a MultiPolygon needs at least one polygon';
      else for (const poly of geom.coordinates) bad ??= checkPolygon(poly);
    } else bad = `geometry type must be Polygon or MultiPolygon, got ${String(geom.type)}`;
    if (bad) fail('/geometry', bad, code);
    const polygons = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as number[][][][];
    const bbox = bboxOf(polygons.flatMap((rings) => rings.flat()))!;
    out.push({ index, code, name, kind: p.kind as AreaKind, parentCode, geometry: JSON.stringify({ type: geom.type, coordinates: geom.coordinates }), bbox });
  });
  return out;
}

/**
 * Every feature within the deployment's bounds (the county's box and a margin); before a county exists, within the
 * bounds of the counties in the file, if any (the first county import sets them). 422 OUTSIDE_JURISDICTION.
 */
function checkBounds(ctx: Ctx, features: ParsedFeature[]): void {
  let bounds = ctx.areas.bounds();
  if (!bounds) {
    const counties = features.filter((f) => f.kind === 'county').reduce<Bbox | null>((b, f) => unionBbox(b, f.bbox), null);
    bounds = counties && expandBbox(counties);
  }
  if (!bounds) return;
  const f = features.find((x) => !bboxWithin(x.bbox, bounds));
  if (f) {
    throw new AppError('OUTSIDE_JURISDICTION', `Feature ${f.index} (${f.code}) spans ${formatBbox(f.bbox)}, outside the county's bounds ${formatBbox(bounds)}`, {
      feature: f.index,
      code: f.code,
      field: `/features/${f.index}/geometry`,
      bbox: f.bbox,
      bounds,
    });
  }
}

function resolveTime(ctx: Ctx, at: string | undefined, field: string): string {
  if (!at) return ctx.clock.now().toISOString();
  if (Date.parse(at) > ctx.clock.now().getTime() + 60_000) throw validationError([{ field, message: 'must not be in the future' }]);
  return new Date(at).toISOString();
}

/** What the checks of an import found: the features in the order to write them and what the database holds of them. */
interface ImportPlan {
  features: ParsedFeature[];
  /** Parents first. */
  ordered: ParsedFeature[];
  /** Live areas that already have a code of the file (the import refuses them: DUPLICATE_CODE). */
  existing: repo.AreaRow[];
  /** Live areas named as parents by the file, by code. */
  known: Map<string, number>;
  /** Features whose parent is neither in the file nor live (the import refuses them: UNKNOWN_PARENT). */
  missingParent: ParsedFeature[];
}

/**
 * The checks of an import, shared by the import and its preview; reads only. Bad input throws (INVALID_GEOJSON,
 * INVALID_GEOMETRY, OUTSIDE_JURISDICTION, a kind under a kind AREA_PARENT_KINDS does not allow, a cycle); what
 * depends on the database's areas (codes taken, parents missing) is returned for the caller to refuse or report.
 */
async function planImport(ctx: Ctx, doc: unknown): Promise<ImportPlan> {
  const features = parseAreaCollection(doc);
  checkBounds(ctx, features);
  // geometric validity, by PostGIS, before anything is written
  const checks = await repo.checkGeometries(ctx.db, features.map((f) => f.geometry));
  for (const c of checks) {
    const f = features[c.idx]!;
    if (c.reason !== null || c.empty) {
      throw new AppError('INVALID_GEOMETRY', `Feature ${f.index} (${f.code}): ${c.reason ?? 'empty geometry'}`, {
        feature: f.index,
        code: f.code,
        reason: c.reason ?? 'empty geometry',
        field: `/features/${f.index}/geometry`,
      });
    }
  }
  const existing = await repo.liveAreasByCodes(ctx.db, features.map((f) => f.code));
  // parents: in the file (any order) or already in the database
  const inFile = new Map(features.map((f) => [f.code, f]));
  const outside = [...new Set(features.map((f) => f.parentCode).filter((c): c is string => c !== null && !inFile.has(c)))];
  const knownRows = await repo.liveAreasByCodes(ctx.db, outside);
  const known = new Map(knownRows.map((a) => [a.code, a.id]));
  const knownKind = new Map(knownRows.map((a) => [a.code, a.kind as AreaKind]));
  const missingParent: ParsedFeature[] = [];
  for (const f of features) {
    if (f.parentCode !== null && !inFile.has(f.parentCode) && !known.has(f.parentCode)) {
      missingParent.push(f);
      continue;
    }
    // the hierarchy of kinds (AREA_PARENT_KINDS): a grid under a grid is refused, so no chain grows without end
    const parentKind = f.parentCode === null ? null : (inFile.get(f.parentCode)?.kind ?? knownKind.get(f.parentCode)!);
    const allowed = AREA_PARENT_KINDS[f.kind];
    if (!allowed.includes(parentKind)) {
      const where = parentKind === null ? 'without a parent' : `under a ${parentKind} (${f.parentCode})`;
      throw new AppError('INVALID_GEOJSON', `Feature ${f.index} (${f.code}): a ${f.kind} cannot sit ${where}`, {
        feature: f.index,
        code: f.code,
        field: `/features/${f.index}/properties/parentCode`,
        kind: f.kind,
        parentKind,
        allowedParentKinds: allowed,
      });
    }
  }
  // order so that parents come first; a cycle is an error
  const ordered: ParsedFeature[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (f: ParsedFeature) => {
    const s = state.get(f.code);
    if (s === 'done') return;
    if (s === 'visiting') throw new AppError('INVALID_GEOJSON', `Feature ${f.index} (${f.code}): parent codes form a cycle`, { feature: f.index, code: f.code, field: `/features/${f.index}/properties/parentCode` });
    state.set(f.code, 'visiting');
    const parent = f.parentCode ? inFile.get(f.parentCode) : undefined;
    if (parent) visit(parent);
    state.set(f.code, 'done');
    ordered.push(f);
  };
  features.forEach(visit);
  return { features, ordered, existing, known, missingParent };
}

export async function importAreas(
  ctx: Ctx,
  actor: Actor,
  doc: unknown,
  opts: { validFrom?: string } = {},
): Promise<AreaImportResult> {
  authorize(actor, 'area.write');
  const { features, ordered, existing, known, missingParent } = await planImport(ctx, doc);
  if (existing.length) {
    const f = features.find((x) => x.code === existing[0]!.code)!;
    throw new AppError('DUPLICATE_CODE', `Feature ${f.index}: an area with code ${f.code} already exists`, { feature: f.index, code: f.code, field: `/features/${f.index}/properties/code` });
  }
  if (missingParent.length) {
    const f = missingParent[0]!;
    throw new AppError('UNKNOWN_PARENT', `Feature ${f.index} (${f.code}): parent ${f.parentCode} is not known`, {
      feature: f.index,
      code: f.code,
      parentCode: f.parentCode,
      field: `/features/${f.index}/properties/parentCode`,
    });
  }
  const validFrom = opts.validFrom ?? ctx.clock.now().toISOString();

  const result = await ctx.db.transaction().execute(async (tx) => {
    await repo.lockAreaWrites(tx);
    const ids = new Map<string, number>(known);
    for (const f of ordered) {
      const parentId = f.parentCode ? (ids.get(f.parentCode) ?? null) : null;
      ids.set(f.code, await repo.insertArea(tx, { code: f.code, name: f.name, kind: f.kind, parentId, geojson: f.geometry, validFrom }));
    }
    const created = ordered.map((f) => ids.get(f.code)!);
    await repo.insertAreaEvent(
      tx,
      { op: 'import', effectiveAt: validFrom, actorUserId: actor.userId, actorName: actor.displayName, detail: { count: created.length } },
      created.map((id) => ({ id, role: 'created' as const })),
    );
    if (ordered.some((f) => f.kind === 'police_grid' || f.kind === 'grid')) await repo.refreshPoliceGridLinks(tx);
    const overlaps = await repo.siblingOverlaps(tx, created);
    const moved = await relocate(tx, ctx, actor, created, validFrom, null);
    await audit(tx, actor, 'area.import', 'area', null, { count: created.length, overlaps: overlaps.length, incidentsRelocated: moved });
    return { imported: created.length, overlaps };
  });
  try {
    return result;
  } finally {
    await publishAreas(ctx);
  }
}

/**
 * What importing the file would do, written nowhere (no transaction, no audit, no publication): the import's own
 * checks (bad input is the same 4xx), then per feature new / unchanged / differs and where its parent is, and per
 * parent and child kind the overlaps, gaps and children outside the parent, computed by PostGIS from the file's
 * geometries and the live areas they sit among (repo.previewGeometry).
 */
export async function previewImport(ctx: Ctx, actor: Actor, doc: unknown): Promise<AreaImportPreview> {
  authorize(actor, 'area.write');
  const { features, existing, known, missingParent } = await planImport(ctx, doc);
  const inFile = new Set(features.map((f) => f.code));
  const missing = new Set(missingParent.map((f) => f.index));
  const geo = await repo.previewGeometry(
    ctx.db,
    features.map((f) => ({ code: f.code, kind: f.kind, parentCode: f.parentCode, geojson: f.geometry })),
    AREA_PREVIEW_SLIVER,
  );
  const live = new Map(existing.map((a) => [a.code, a]));
  const tree = ctx.areas.tree();
  const out: AreaImportPreview['features'] = features.map((f, i) => {
    const row = live.get(f.code);
    const liveParent = row?.parent_id != null ? (tree.get(row.parent_id)?.code ?? null) : null;
    const same = row !== undefined && row.name === f.name && row.kind === f.kind && liveParent === f.parentCode && geo.sameAsLive[i] === true;
    return {
      index: f.index,
      code: f.code,
      name: f.name,
      kind: f.kind,
      parentCode: f.parentCode,
      status: row === undefined ? 'new' : same ? 'unchanged' : 'differs',
      parent: f.parentCode === null ? 'none' : inFile.has(f.parentCode) ? 'file' : known.has(f.parentCode) ? 'live' : 'missing',
      blockedBy: row !== undefined ? 'DUPLICATE_CODE' : missing.has(f.index) ? 'UNKNOWN_PARENT' : null,
      areaM2: Math.round(geo.areaM2[i] ?? 0),
    };
  });
  const count = (s: string) => out.filter((f) => f.status === s).length;
  return {
    importable: out.every((f) => f.blockedBy === null),
    counts: {
      features: out.length,
      new: count('new'),
      unchanged: count('unchanged'),
      differs: count('differs'),
      missingParent: missing.size,
      overlaps: geo.overlaps.length,
      gaps: geo.gaps.length,
      outside: geo.outside.length,
    },
    features: out,
    overlaps: geo.overlaps,
    gaps: geo.gaps,
    outside: geo.outside,
  };
}

export async function exportAreas(ctx: Ctx, actor: Actor, kind: AreaKind | undefined): Promise<string> {
  authorize(actor, 'area.read');
  const tree = ctx.areas.tree();
  const ids = actor.scopeAreaId === null ? null : scopedAreaIds(ctx, actor);
  const fc = JSON.parse(await repo.areasGeoJson(ctx.db, kind ? [kind] : null, ctx.clock.now().toISOString(), ids)) as {
    features: { properties: Record<string, unknown> }[];
  };
  for (const f of fc.features) {
    const p = f.properties;
    const parent = typeof p.parentId === 'number' ? tree.get(p.parentId) : undefined;
    f.properties = { code: p.code, name: p.name, kind: p.kind, parentCode: parent?.code ?? null };
  }
  return JSON.stringify(fc);
}

/** Areas an actor can see: its scope, below it, and the areas above it (so the map can show where it sits). */
export function scopedAreaIds(ctx: Ctx, actor: Actor): number[] | null {
  if (actor.scopeAreaId === null) return null;
  const tree = ctx.areas.tree();
  return [...tree.descendantsAndSelf(actor.scopeAreaId), ...tree.ancestors(actor.scopeAreaId).map((a) => a.id)];
}

async function requireLive(db: Db, codes: string[], field: string): Promise<repo.AreaRow[]> {
  const rows = await repo.liveAreasByCodes(db, codes);
  const found = new Set(rows.map((r) => r.code));
  const missing = codes.filter((c) => !found.has(c));
  if (missing.length) throw new AppError('AREA_NOT_FOUND', `No live area with code ${missing.join(', ')}`, { field, codes: missing });
  return rows;
}

function commonParent(rows: repo.AreaRow[], field: string): number | null {
  const parents = new Set(rows.map((r) => r.parent_id));
  if (parents.size !== 1) throw validationError([{ field, message: 'the areas have different parents: give parentCode' }]);
  return rows[0]!.parent_id;
}

export async function recut(ctx: Ctx, actor: Actor, body: RecutBody): Promise<RecutResult> {
  authorize(actor, 'area.write');
  const at = resolveTime(ctx, body.effectiveAt, '/effectiveAt');
  const result = await ctx.db.transaction().execute(async (tx) => {
    await repo.lockAreaWrites(tx);
    const taken = await repo.liveAreasByCodes(tx, [body.op === 'split' ? '' : body.target.code].filter(Boolean));
    if (taken.length) throw new AppError('DUPLICATE_CODE', `An area with code ${taken[0]!.code} already exists`, { field: '/target/code' });
    let parentId: number | null = null;
    if ('parentCode' in body && body.parentCode) parentId = (await requireLive(tx, [body.parentCode], '/parentCode'))[0]!.id;

    if (body.op === 'merge' || body.op === 'bundle') {
      const codes = body.op === 'merge' ? body.sourceCodes : body.memberCodes;
      const field = body.op === 'merge' ? '/sourceCodes' : '/memberCodes';
      if (new Set(codes).size !== codes.length) throw validationError([{ field, message: 'codes repeat' }]);
      const rows = await requireLive(tx, codes, field);
      for (const r of rows) {
        if (Date.parse(r.valid_from) >= Date.parse(at)) throw validationError([{ field: '/effectiveAt', message: `must be after ${r.code} became valid (${r.valid_from})` }]);
      }
      if (!('parentCode' in body && body.parentCode)) parentId = commonParent(rows, '/parentCode');
      const ids = rows.map((r) => r.id);
      const newId = await repo.insertUnionArea(tx, { code: body.target.code, name: body.target.name, kind: body.target.kind, parentId, sourceIds: ids, validFrom: at });
      const retired: string[] = [];
      const reparented: string[] = [];
      if (body.op === 'bundle' || body.keepSources) {
        for (const r of rows) {
          await repo.reparent(tx, r.id, newId, at);
          reparented.push(r.code);
        }
      } else {
        for (const child of await repo.liveChildren(tx, ids)) {
          await repo.reparent(tx, child.id, newId, at);
          reparented.push(String(child.id));
        }
        if (!(await repo.retire(tx, ids, at))) throw new AppError('STALE_VERSION', 'An area was re-cut by someone else meanwhile', { field: '/sourceCodes' });
        retired.push(...rows.map((r) => r.code));
      }
      const eventId = await repo.insertAreaEvent(
        tx,
        { op: body.op, effectiveAt: at, actorUserId: actor.userId, actorName: actor.displayName, detail: { codes, target: body.target.code, keepSources: body.op === 'bundle' || !!('keepSources' in body && body.keepSources) } },
        [...ids.map((id) => ({ id, role: (body.op === 'merge' ? 'source' : 'member') as 'source' | 'member' })), { id: newId, role: 'target' }],
      );
      const moved = await relocate(tx, ctx, actor, [newId], at, eventId);
      await finishRecut(tx, actor, body.op, [newId], retired, moved);
      return { createdIds: [newId], retired, reparented };
    }

    // split
    const [src] = await requireLive(tx, [body.sourceCode], '/sourceCode');
    if (Date.parse(src!.valid_from) >= Date.parse(at)) throw validationError([{ field: '/effectiveAt', message: `must be after ${src!.code} became valid` }]);
    const blade = JSON.stringify({ type: 'LineString', coordinates: body.blade });
    const parts = await repo.splitGeometry(tx, src!.id, blade);
    if (parts.length < 2) throw validationError([{ field: '/blade', message: 'the line does not cut the area in two or more parts' }]);
    if (parts.length !== body.parts.length) {
      throw validationError([{ field: '/parts', message: `the line cuts the area into ${parts.length} parts; give ${parts.length} codes and names` }]);
    }
    const dup = await repo.liveAreasByCodes(tx, body.parts.map((p) => p.code));
    if (dup.length) throw new AppError('DUPLICATE_CODE', `An area with code ${dup[0]!.code} already exists`, { field: '/parts' });
    const createdIds: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      createdIds.push(await repo.insertArea(tx, { code: body.parts[i]!.code, name: body.parts[i]!.name, kind: src!.kind, parentId: src!.parent_id, geojson: parts[i]!, validFrom: at }));
    }
    const reparented: string[] = [];
    for (const child of await repo.liveChildren(tx, [src!.id])) {
      const target = await repo.areaCovering(tx, createdIds, child.cx, child.cy);
      if (target !== null) {
        await repo.reparent(tx, child.id, target, at);
        reparented.push(String(child.id));
      }
    }
    if (!(await repo.retire(tx, [src!.id], at))) throw new AppError('STALE_VERSION', 'The area was re-cut by someone else meanwhile', { field: '/sourceCode' });
    const eventId = await repo.insertAreaEvent(
      tx,
      { op: 'split', effectiveAt: at, actorUserId: actor.userId, actorName: actor.displayName, detail: { source: src!.code, parts: body.parts.map((p) => p.code) } },
      [{ id: src!.id, role: 'source' }, ...createdIds.map((id) => ({ id, role: 'created' as const }))],
    );
    const moved = await relocate(tx, ctx, actor, createdIds, at, eventId);
    await finishRecut(tx, actor, 'split', createdIds, [src!.code], moved);
    return { createdIds, retired: [src!.code], reparented };
  }).finally(() => publishAreas(ctx));
  const listed = await repo.listAreas(ctx.db, { at, includeRetired: true, ids: result.createdIds });
  // in creation order: for a split, the parts west to east as named in the request
  const created = result.createdIds.map((id) => listed.find((a) => a.id === id)!);
  return { op: body.op, created, retired: result.retired, reparented: result.reparented };
}

/** Inside the re-cut's transaction: the links between overlays and the audit entry. */
async function finishRecut(tx: Db, actor: Actor, op: string, created: number[], retired: string[], relocated: number): Promise<void> {
  await repo.refreshPoliceGridLinks(tx);
  await audit(tx, actor, `area.${op}`, 'area', null, { created, retired, incidentsRelocated: relocated });
}

/** Re-locates incidents a change effective in the past covers, with an event on each that changed. */
async function relocate(tx: Db, ctx: Ctx, actor: Actor, areaIds: number[], since: string, areaEventId: number | null): Promise<number> {
  const moved = await repo.relocateIncidents(tx, areaIds, since);
  for (const m of moved) {
    await insertEvent(tx, {
      incidentId: m.id,
      at: ctx.clock.now().toISOString(),
      type: 'relocated',
      from: null,
      to: null,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      note: '辖区调整后重新计算所属区域',
      data: { areaEventId, before: m.before, after: m.after },
    });
  }
  return moved.length;
}

export async function locatePoint(ctx: Ctx, actor: Actor, lon: number, lat: number, at?: string): Promise<LocateResult> {
  authorize(actor, 'area.read');
  const r = await repo.locate(ctx.db, lon, lat, at ?? ctx.clock.now().toISOString());
  const tree = ctx.areas.tree();
  const people = await officerRefs(ctx.db, [r.officer_id, r.grid_worker_id]);
  return {
    areas: repo.locationAreas(tree, r),
    officer: r.officer_id !== null ? (people.get(r.officer_id) ?? null) : null,
    gridWorker: r.grid_worker_id !== null ? (people.get(r.grid_worker_id) ?? null) : null,
  };
}

// ------------------------------------------------------------------------------------------ reads (the routes')

/**
 * Names for places (a patrol stop, a risk cell): the grid holding each point, else its community, else null. One
 * query per kind for all the points. For the server's own presentation; callers authorise their own read.
 */
export async function placeNames(ctx: Ctx, points: readonly { lon: number; lat: number }[]): Promise<(string | null)[]> {
  const at = ctx.clock.now().toISOString();
  const tree = ctx.areas.tree();
  const grids = await repo.areasAt(ctx.db, points, 'grid', at);
  const missing = grids.some((g) => g === null) ? await repo.areasAt(ctx.db, points, 'community', at) : grids.map(() => null);
  return grids.map((g, i) => {
    const id = g ?? missing[i] ?? null;
    return id === null ? null : (tree.get(id)?.name ?? null);
  });
}

export async function listAreas(ctx: Ctx, actor: Actor, q: Static<typeof AreaListQuery>) {
  authorize(actor, 'area.read');
  return repo.listAreas(ctx.db, { kind: q.kind, at: q.at ?? ctx.clock.now().toISOString(), includeRetired: q.includeRetired ?? false, ids: scopedAreaIds(ctx, actor) });
}

/** The areas of some kinds as one GeoJSON text (for the map). */
export async function areasGeoJson(ctx: Ctx, actor: Actor, q: Static<typeof AreaGeoJsonQuery>): Promise<string> {
  authorize(actor, 'area.read');
  let kinds: AreaKind[] | null = null;
  if (q.kinds) {
    kinds = q.kinds.split(',') as AreaKind[];
    const bad = kinds.find((k) => !(AREA_KINDS as readonly string[]).includes(k));
    if (bad) throw validationError([{ field: '/kinds', message: `unknown kind ${bad}` }]);
  }
  const scope = scopedAreaIds(ctx, actor);
  // the live map (no `at`) changes only when areas are imported or re-cut: kept per kinds and scope until then
  if (q.at) return repo.areasGeoJson(ctx.db, kinds, q.at, scope);
  const cache = liveGeoJsonCache(ctx);
  const key = `${kinds?.slice().sort().join(',') ?? '*'}|${scope?.slice().sort((a, b) => a - b).join(',') ?? '*'}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = repo.areasGeoJson(ctx.db, kinds, ctx.clock.now().toISOString(), scope);
    cache.set(key, text);
    text.catch(() => cache.delete(key));
  }
  return text;
}

const geoJsonCaches = new WeakMap<Ctx, Map<string, Promise<string>>>();
/** The live areas' GeoJSON texts of this node, emptied whenever areas change here or on another node. */
function liveGeoJsonCache(ctx: Ctx): Map<string, Promise<string>> {
  let c = geoJsonCaches.get(ctx);
  if (!c) {
    const m = new Map<string, Promise<string>>();
    geoJsonCaches.set(ctx, m);
    ctx.hub.onAreasChanged(() => m.clear());
    c = m;
  }
  return c;
}

/** An area the actor may see; outside the scope is answered like an unknown one (404). */
export async function getArea(ctx: Ctx, actor: Actor, id: number) {
  authorize(actor, 'area.read');
  const area = await repo.getArea(ctx.db, id);
  const visible = scopedAreaIds(ctx, actor);
  if (!area || (visible && !visible.includes(id))) throw new AppError('AREA_NOT_FOUND', `Area ${id} not found`, { field: '/id' });
  return area;
}

/**
 * Sets or clears an area's response target (the 1/3/5-minute compliance; incidents take it when reported, the most
 * specific area with one first). Admins anywhere; leads in their own area (an area they only see, such as the county
 * above a station, is 403 OUT_OF_SCOPE; one they do not see, or a retired one, 404). Versioned and audited.
 */
export async function setResponseTarget(ctx: Ctx, actor: Actor, id: number, b: AreaResponseTargetBody): Promise<Area> {
  authorize(actor, 'area.target');
  const tree = ctx.areas.tree();
  const node = tree.get(id);
  const visible = scopedAreaIds(ctx, actor);
  if (!node || node.validTo !== null || (visible && !visible.includes(id))) throw new AppError('AREA_NOT_FOUND', `Area ${id} not found`, { field: '/id' });
  if (!inScope(actor, tree, [id])) throw new AppError('OUT_OF_SCOPE', `Area ${id} is outside your area`, { field: '/id' });
  const before = await repo.getArea(ctx.db, id);
  if (!before) throw new AppError('AREA_NOT_FOUND', `Area ${id} not found`, { field: '/id' });
  await ctx.db.transaction().execute(async (tx) => {
    await repo.setResponseTarget(tx, id, b.targetS, b.version);
    await audit(tx, actor, 'area.response_target', 'area', id, { code: node.code, from: before.responseTargetS, to: b.targetS });
  });
  return (await repo.getArea(ctx.db, id))!;
}

export async function areaHistory(ctx: Ctx, actor: Actor, id: number) {
  authorize(actor, 'area.read');
  const visible = scopedAreaIds(ctx, actor);
  if (!ctx.areas.tree().get(id) || (visible && !visible.includes(id))) throw new AppError('AREA_NOT_FOUND', `Area ${id} not found`, { field: '/id' });
  return repo.areaHistory(ctx.db, id);
}

/** Locate for the API: outside the user's area it says which areas, but not who is responsible there. */
export async function locateForUser(ctx: Ctx, actor: Actor, lon: number, lat: number): Promise<LocateResult> {
  const r = await locatePoint(ctx, actor, lon, lat);
  const ids = Object.values(r.areas).map((x) => x?.id ?? null);
  if (!inScope(actor, ctx.areas.tree(), ids) && ids.some((x) => x !== null)) return { ...r, officer: null, gridWorker: null };
  return r;
}

/** Every road as one GeoJSON text (the map's road layer). */
export async function roadsGeoJson(ctx: Ctx, actor: Actor): Promise<string> {
  authorize(actor, 'area.read');
  return repo.roadsGeoJson(ctx.db);
}

/** The live county's bounding box for the map (null before a county exists). */
export async function countyBbox(ctx: Ctx): Promise<[number, number, number, number] | null> {
  return repo.countyBbox(ctx.db);
}
