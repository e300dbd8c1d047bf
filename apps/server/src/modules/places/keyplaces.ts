// Key places (重点部位, issue 12 part 1): schools, hospitals, markets... whose point, radius and response target give
// the target of incidents reported inside them (the `incidents_target` trigger reads active ones only, so a retired
// place no longer shortens a new call's target). Admins administer all; station leads their station's (a key place
// elsewhere is 404 KEY_PLACE_NOT_FOUND; a point moved out of their station 403 OUT_OF_SCOPE); every police role reads
// those in scope. Edits carry the version read; retiring needs a reason and is refused (409 STILL_REFERENCED) while
// open incidents took their target from the place. Every change is audited with the fields before and after (the
// audit rows are the history).
import { OPEN_INCIDENT_STATUSES } from '@jingwang/core';
import type { KeyPlace, KeyPlaceBody, KeyPlaceKind, KeyPlacePatch, PlaceChange, PlaceRetireBody, PlacesQuery } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso, isoN } from '../../lib/format';
import { audit } from '../audit/service';
import { authorize, scopeIds, type Actor } from '../auth/policy';
import { diff, historyOf, isUniqueViolation, stationOf } from './common';
import * as repo from './repo';

const present = (r: repo.KeyPlaceRow): KeyPlace => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind as KeyPlaceKind,
  lon: r.lon,
  lat: r.lat,
  radiusM: Number(r.radius_m),
  targetS: r.target_s,
  stationId: r.area_id,
  stationName: r.station_name,
  gridId: r.grid_id,
  gridName: r.grid_name,
  openIncidents: r.open_incidents,
  active: r.active,
  version: r.version,
  updatedAt: iso(r.updated_at),
  retiredAt: isoN(r.retired_at),
  retireReason: r.retire_reason,
});

/** The fields an edit may change, as the audit log records them. */
const snapshot = (k: KeyPlace) => ({ code: k.code, name: k.name, kind: k.kind, lon: k.lon, lat: k.lat, radiusM: k.radiusM, targetS: k.targetS, stationId: k.stationId });

const notFound = (id: number) => new AppError('KEY_PLACE_NOT_FOUND', `Key place ${id} not found`, { field: '/id' });

async function visible(ctx: Ctx, actor: Actor, id: number): Promise<KeyPlace> {
  const [r] = await repo.keyPlaceRows(ctx.db, { areaIds: scopeIds(actor, ctx.areas.tree()), ids: [id], retired: true }, OPEN_INCIDENT_STATUSES);
  if (!r) throw notFound(id);
  return present(r);
}

async function checkCode(ctx: Ctx, code: string, except: number | null): Promise<void> {
  if (await repo.codeTaken(ctx.db, 'key_places', code, except)) throw new AppError('DUPLICATE_CODE', `Key place code ${code} is taken`, { field: '/code' });
}

export async function listKeyPlaces(ctx: Ctx, actor: Actor, q: PlacesQuery = {}): Promise<KeyPlace[]> {
  authorize(actor, 'places.read');
  const rows = await repo.keyPlaceRows(ctx.db, { areaIds: scopeIds(actor, ctx.areas.tree()), retired: q.retired === true, q: q.q?.trim() || undefined }, OPEN_INCIDENT_STATUSES);
  return rows.map(present);
}

export async function getKeyPlace(ctx: Ctx, actor: Actor, id: number): Promise<KeyPlace> {
  authorize(actor, 'places.read');
  return visible(ctx, actor, id);
}

/** Active or retired key places by code, those the caller sees (the Excel exchange's keys). */
export async function keyPlacesByCode(ctx: Ctx, actor: Actor, codes: string[]): Promise<Map<string, KeyPlace>> {
  authorize(actor, 'places.read');
  if (codes.length === 0) return new Map();
  const rows = await repo.keyPlaceRows(ctx.db, { areaIds: scopeIds(actor, ctx.areas.tree()), codes, retired: true }, OPEN_INCIDENT_STATUSES);
  return new Map(rows.map((r) => [r.code, present(r)]));
}

/** Whether a code is taken by a key place the caller may not see (the exchange names it without revealing more). */
export async function keyPlaceCodeTaken(ctx: Ctx, code: string): Promise<boolean> {
  return repo.codeTaken(ctx.db, 'key_places', code, null);
}

export async function keyPlaceHistory(ctx: Ctx, actor: Actor, id: number): Promise<PlaceChange[]> {
  authorize(actor, 'places.read');
  await visible(ctx, actor, id);
  return historyOf(ctx, 'key_place', id);
}

export async function createKeyPlace(ctx: Ctx, actor: Actor, b: KeyPlaceBody): Promise<KeyPlace> {
  authorize(actor, 'places.admin');
  const areaId = await stationOf(ctx, actor, b.lon, b.lat);
  const code = b.code.trim();
  await checkCode(ctx, code, null);
  const at = ctx.clock.now().toISOString();
  const id = await ctx.db
    .transaction()
    .execute(async (tx) => {
      const id = await repo.insertKeyPlace(tx, { code, name: b.name.trim(), kind: b.kind, lon: b.lon, lat: b.lat, radiusM: b.radiusM, targetS: b.targetS, areaId, at });
      const [row] = await repo.keyPlaceRows(tx, { areaIds: null, ids: [id] }, OPEN_INCIDENT_STATUSES);
      await audit(tx, actor, 'key_place.created', 'key_place', id, { before: null, after: snapshot(present(row!)) });
      return id;
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE_CODE', `Key place code ${code} is taken`, { field: '/code' });
      throw e;
    });
  return visible(ctx, actor, id);
}

export async function updateKeyPlace(ctx: Ctx, actor: Actor, id: number, p: KeyPlacePatch): Promise<KeyPlace> {
  authorize(actor, 'places.admin');
  const cur = await visible(ctx, actor, id);
  if (!cur.active) throw new AppError('INVALID_TRANSITION', `Key place ${cur.code} is retired`, { field: '/id' });
  const lon = p.lon ?? cur.lon;
  const lat = p.lat ?? cur.lat;
  const moved = Math.abs(lon - cur.lon) > 1e-9 || Math.abs(lat - cur.lat) > 1e-9;
  const stationId = moved ? await stationOf(ctx, actor, lon, lat) : cur.stationId;
  const code = p.code?.trim();
  if (code !== undefined && code !== cur.code) await checkCode(ctx, code, id);
  const next = { code, name: p.name?.trim(), kind: p.kind, lon, lat, radiusM: p.radiusM, targetS: p.targetS, stationId };
  const { before, after } = diff(snapshot(cur), next);
  if (Object.keys(after).length === 0) {
    if (p.version !== cur.version) throw new AppError('STALE_VERSION', undefined, { field: '/version', current: cur.version });
    return cur;
  }
  const at = ctx.clock.now().toISOString();
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      await repo.updateKeyPlace(
        tx,
        id,
        p.version,
        {
          ...(after.code !== undefined ? { code: after.code } : {}),
          ...(after.name !== undefined ? { name: after.name } : {}),
          ...(after.kind !== undefined ? { kind: after.kind } : {}),
          ...(moved ? { lonLat: [lon, lat] as [number, number], area_id: stationId! } : {}),
          ...(after.radiusM !== undefined ? { radius_m: after.radiusM } : {}),
          ...(after.targetS !== undefined ? { target_s: after.targetS } : {}),
        },
        at,
      );
      await audit(tx, actor, 'key_place.updated', 'key_place', id, { before, after });
    })
    .catch((e: unknown) => {
      if (isUniqueViolation(e)) throw new AppError('DUPLICATE_CODE', `Key place code ${code} is taken`, { field: '/code' });
      throw e;
    });
  return visible(ctx, actor, id);
}

export async function retireKeyPlace(ctx: Ctx, actor: Actor, id: number, b: PlaceRetireBody): Promise<KeyPlace> {
  authorize(actor, 'places.admin');
  const cur = await visible(ctx, actor, id);
  if (!cur.active) throw new AppError('INVALID_TRANSITION', `Key place ${cur.code} is retired already`, { field: '/id' });
  const reason = b.reason.trim();
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockKeyPlace(tx, id);
    const refs = await repo.keyPlaceOpenIncidents(tx, id, OPEN_INCIDENT_STATUSES);
    if (refs.count > 0) throw new AppError('STILL_REFERENCED', `Key place ${cur.code} has ${refs.count} open incident(s)`, { openIncidents: refs.count, incidents: refs.incidents });
    await repo.retireKeyPlace(tx, id, b.version, reason, at);
    await audit(tx, actor, 'key_place.retired', 'key_place', id, { before: { active: true }, after: { active: false }, reason });
  });
  return visible(ctx, actor, id);
}
