// Joint police-城管 patrol (城警联勤, issue 16 part 4).
// Design: a joint group is a unit of type joint_patrol (the units admin already manages units and their members, who
// are people of an agency; a group is joint when it has members of a police agency and of a 城管 agency: core's
// groupComposition), so dispatch, positions, patrol routes and arrivals work for it unchanged. This module adds what
// units lack: 联勤服务站 (service posts) on the map as the groups' bases, the on-the-spot simple-procedure record
// (简易程序 / 临查临检) whose 转交办 outcome makes a ticket (source joint_patrol), and the counts per station and
// period. The third echelon's 城管 emergency teams and youth squads are unit types (migration 024, core dispatch).
import { groupComposition, jointCounts, validateHandling, type JointOutcome } from '@jingwang/core';
import { maskName, maskPhone, type JointBaseBody, type JointGroup, type JointHandling, type JointHandlingBody, type JointHandlingQuery, type JointPost, type JointPostBody, type JointPostPatch, type JointStats, type TicketCategory } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso } from '../../lib/format';
import { decodePhoto } from '../../lib/photo';
import { audit } from '../audit/service';
import { authorize, can, inScope, scopeIds, type Actor } from '../auth/policy';
import { createTicket, placesOf, type TicketTx } from '../tickets/service';
import * as repo from './repo';

const DAY = 86400_000;

function named(ctx: Ctx, id: number | null): { id: number; name: string } | null {
  return id === null ? null : { id, name: ctx.areas.tree().get(id)?.name ?? String(id) };
}

/** The place of a point: inside the county and the caller's scope (422 OUTSIDE_JURISDICTION, writing nothing). */
async function placeOf(ctx: Ctx, actor: Actor, lon: number, lat: number): Promise<{ area_ids: number[]; station_id: number | null }> {
  const p = await placesOf(ctx, lon, lat);
  if (p.county_id === null) throw new AppError('OUTSIDE_JURISDICTION', undefined, { field: '/lon' });
  if (!inScope(actor, ctx.areas.tree(), p.area_ids)) throw new AppError('OUTSIDE_JURISDICTION', 'The place is outside your area', { field: '/lon' });
  return { area_ids: p.area_ids, station_id: p.station_id };
}

// ---------------------------------------------------------------- posts

export async function listPosts(ctx: Ctx, actor: Actor): Promise<JointPost[]> {
  authorize(actor, 'joint.read');
  return presentPosts(ctx, await repo.listPosts(ctx.db, scopeIds(actor, ctx.areas.tree())));
}

async function presentPosts(ctx: Ctx, rows: repo.PostRow[]): Promise<JointPost[]> {
  const bases = await repo.basesAt(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    station: named(ctx, r.station_id),
    active: r.active,
    groups: bases.filter((b) => b.post_id === r.id).map((b) => ({ unitId: b.unit_id, callsign: b.callsign })),
    version: r.version,
  }));
}

async function visiblePost(ctx: Ctx, actor: Actor, id: number, field = '/id'): Promise<repo.PostRow> {
  const [row] = await repo.listPosts(ctx.db, scopeIds(actor, ctx.areas.tree()), [id]);
  if (!row) throw new AppError('JOINT_POST_NOT_FOUND', undefined, { field });
  return row;
}

export async function createPost(ctx: Ctx, actor: Actor, b: JointPostBody): Promise<JointPost> {
  authorize(actor, 'joint.admin');
  const name = b.name.trim();
  if (!name) throw validationError([{ field: '/name', message: 'must not be blank' }]);
  const place = await placeOf(ctx, actor, b.lon, b.lat);
  if (await repo.postNameTaken(ctx.db, name, null)) throw new AppError('JOINT_POST_NAME_TAKEN', undefined, { field: '/name' });
  const at = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const id = await repo.insertPost(tx, { name, address: b.address?.trim() ?? '', lon: b.lon, lat: b.lat, ...place, at });
    await audit(tx, actor, 'joint.post.created', 'joint_post', id, { ...b });
    return id;
  });
  return (await presentPosts(ctx, await repo.listPosts(ctx.db, null, [id])))[0]!;
}

/** Edit or retire (active=false: its groups lose their base) a post; versioned (409 STALE_VERSION). */
export async function updatePost(ctx: Ctx, actor: Actor, id: number, p: JointPostPatch): Promise<JointPost> {
  authorize(actor, 'joint.admin');
  const row = await visiblePost(ctx, actor, id);
  const name = p.name?.trim() ?? row.name;
  if (!name) throw validationError([{ field: '/name', message: 'must not be blank' }]);
  const lon = p.lon ?? row.lon;
  const lat = p.lat ?? row.lat;
  const place = p.lon !== undefined || p.lat !== undefined ? await placeOf(ctx, actor, lon, lat) : { area_ids: row.area_ids, station_id: row.station_id };
  const active = p.active ?? row.active;
  if (active && (await repo.postNameTaken(ctx.db, name, id))) throw new AppError('JOINT_POST_NAME_TAKEN', undefined, { field: '/name' });
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const n = await repo.updatePost(tx, id, p.version, { name, address: p.address?.trim() ?? row.address, lon, lat, ...place, active, at });
    if (n === 0) throw new AppError('STALE_VERSION', undefined, { current: row.version });
    if (!active) await repo.dropBasesOf(tx, id);
    await audit(tx, actor, 'joint.post.updated', 'joint_post', id, { ...p });
  });
  return (await presentPosts(ctx, await repo.listPosts(ctx.db, null, [id])))[0]!;
}

// ---------------------------------------------------------------- groups

export async function listGroups(ctx: Ctx, actor: Actor, ids?: number[]): Promise<JointGroup[]> {
  authorize(actor, 'joint.read');
  const rows = await repo.listGroups(ctx.db, scopeIds(actor, ctx.areas.tree()), ids);
  const members = await repo.membersOf(ctx.db, rows.map((r) => r.unit_id));
  return rows.map((r) => {
    const ms = members.filter((m) => m.unit_id === r.unit_id);
    const c = groupComposition(ms.map((m) => m.agency_kind));
    return {
      unitId: r.unit_id,
      callsign: r.callsign,
      status: r.status,
      echelon: r.echelon,
      homeArea: named(ctx, r.home_area_id),
      members: ms.map((m) => ({ id: m.person_id, name: m.name, agency: { id: m.agency_id, name: m.agency_name, kind: m.agency_kind } })),
      police: c.police,
      urban: c.urban,
      joint: c.joint,
      post: r.post_id === null ? null : { id: r.post_id, name: r.post_name ?? String(r.post_id) },
    };
  });
}

async function visibleGroup(ctx: Ctx, actor: Actor, unitId: number, field: string): Promise<JointGroup> {
  const [g] = await listGroups(ctx, actor, [unitId]);
  if (!g) throw new AppError('JOINT_GROUP_NOT_FOUND', undefined, { field });
  return g;
}

/** A group's base: a post in the caller's scope, for a group with members of both agencies (null: no base). */
export async function setBase(ctx: Ctx, actor: Actor, unitId: number, b: JointBaseBody): Promise<JointGroup> {
  authorize(actor, 'joint.admin');
  const g = await visibleGroup(ctx, actor, unitId, '/unitId');
  if (b.postId !== null) {
    const post = await visiblePost(ctx, actor, b.postId, '/postId');
    if (!post.active) throw new AppError('JOINT_POST_NOT_FOUND', undefined, { field: '/postId' });
    if (!g.joint) throw new AppError('JOINT_GROUP_NOT_JOINT', undefined, { field: '/unitId', police: g.police, urban: g.urban });
  }
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.setBase(tx, unitId, b.postId, at);
    await audit(tx, actor, 'joint.group.base', 'unit', unitId, { postId: b.postId });
  });
  return visibleGroup(ctx, actor, unitId, '/unitId');
}

// ---------------------------------------------------------------- on-the-spot records (简易程序)

function presentHandling(ctx: Ctx, r: repo.HandlingRow): JointHandling {
  return {
    id: r.id,
    unit: { id: r.unit_id, callsign: r.callsign },
    category: r.category as TicketCategory,
    what: r.what,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    station: named(ctx, r.station_id),
    parties: r.parties.map((p) => ({ name: p.name_masked, phone: p.phone_masked })),
    outcome: r.outcome as JointOutcome,
    fineYuan: r.fine_yuan === null ? null : Number(r.fine_yuan),
    ticketId: r.ticket_id,
    hasPhoto: r.has_photo,
    byName: r.by_name,
    at: iso(r.at),
  };
}

function period(q: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const to = q.to ?? now.toISOString();
  const from = q.from ?? new Date(Date.parse(to) - 30 * DAY).toISOString();
  if (Date.parse(from) >= Date.parse(to)) throw validationError([{ field: '/from', message: 'must be before to' }]);
  return { from, to };
}

export async function listHandlings(ctx: Ctx, actor: Actor, q: JointHandlingQuery): Promise<JointHandling[]> {
  authorize(actor, 'joint.read');
  const p = period(q, ctx.clock.now());
  const rows = await repo.listHandlings(ctx.db, { scope: scopeIds(actor, ctx.areas.tree()), ...p, unitId: q.unitId, limit: 500 });
  return rows.map((r) => presentHandling(ctx, r));
}

/** The person of an account (a 城管 account records only for a group it belongs to). */
async function personOf(ctx: Ctx, userId: number | null): Promise<number | null> {
  return userId === null ? null : repo.personOfUser(ctx.db, userId);
}

/**
 * Records an on-the-spot handling by a joint group: what, where, the parties (encrypted; masked in every list), a
 * photo, the outcome. 转交办 hands the problem on as a ticket (routing table; a recurrence reopens the closed ticket)
 * and the record keeps its number. Bad input writes nothing.
 */
export async function recordHandling(ctx: Ctx, actor: Actor, b: JointHandlingBody): Promise<JointHandling> {
  authorize(actor, 'joint.handle');
  const errors = validateHandling({ what: b.what, outcome: b.outcome, fineYuan: b.fineYuan ?? null, parties: b.parties });
  if (errors.length) throw validationError(errors);
  const g = await visibleGroup(ctx, actor, b.unitId, '/unitId');
  if (actor.role === 'urban_mgmt') {
    const me = await personOf(ctx, actor.userId);
    if (me === null || !g.members.some((m) => m.id === me)) throw new AppError('JOINT_GROUP_NOT_FOUND', undefined, { field: '/unitId' });
  }
  if (b.outcome === 'transferred' && !can(actor, 'ticket.create')) throw new AppError('FORBIDDEN', 'Your role may not hand a problem on as a ticket', { field: '/outcome' });
  const place = await placeOf(ctx, actor, b.lon, b.lat);
  const photo = b.photo ? decodePhoto(b.photo, '/photo') : null;
  const what = b.what.trim();
  const address = b.address?.trim() ?? '';
  const at = ctx.clock.now().toISOString();
  // the record and, for 转交办, its ticket are written in one transaction: both or neither
  const write = async (tx: TicketTx, ticketId: number | null): Promise<number> => {
    const id = await repo.insertHandling(tx, {
      unit_id: g.unitId,
      category: b.category,
      what,
      address,
      lon: b.lon,
      lat: b.lat,
      ...place,
      parties: b.parties.map((p) => ({
        name_enc: ctx.cipher.encrypt(p.name.trim()),
        name_masked: maskName(p.name.trim()) ?? '*',
        phone_enc: p.phone ? ctx.cipher.encrypt(p.phone) : null,
        phone_masked: maskPhone(p.phone),
      })),
      outcome: b.outcome,
      fine_yuan: b.outcome === 'fined' ? b.fineYuan! : null,
      ticket_id: ticketId,
      photo_mime: photo?.mime ?? null,
      photo_bytes: photo?.bytes ?? null,
      by_user_id: actor.userId,
      by_name: actor.displayName,
      at,
    });
    if (ticketId !== null) await repo.linkTicketSource(tx, ticketId, id);
    await audit(tx, actor, 'joint.handling', 'joint_handling', id, { unitId: g.unitId, category: b.category, outcome: b.outcome, ticketId });
    return id;
  };
  let id = 0;
  if (b.outcome === 'transferred') {
    await createTicket(
      ctx,
      actor,
      {
        category: b.category,
        title: what.slice(0, 100),
        description: `城警联勤 ${g.callsign} 现场转交办`,
        sourceType: 'joint_patrol',
        address: address || undefined,
        lon: b.lon,
        lat: b.lat,
        photos: b.photo ? [b.photo] : undefined,
      },
      { within: async (tx, ticketId) => void (id = await write(tx, ticketId)) },
    );
  } else {
    id = await ctx.db.transaction().execute((tx) => write(tx, null));
  }
  const [row] = await repo.listHandlings(ctx.db, { scope: null, from: '1970-01-01T00:00:00Z', to: '9999-01-01T00:00:00Z', ids: [id], limit: 1 });
  return presentHandling(ctx, row!);
}

export async function handlingPhoto(ctx: Ctx, actor: Actor, id: number): Promise<{ mime: string; bytes: Buffer }> {
  authorize(actor, 'joint.read');
  const p = await repo.photoOf(ctx.db, id);
  if (!p || !inScope(actor, ctx.areas.tree(), p.area_ids)) throw new AppError('PHOTO_NOT_FOUND');
  return { mime: p.mime, bytes: Buffer.from(p.bytes) };
}

// ---------------------------------------------------------------- counts

/**
 * Per station and in total, in [from, to) and the caller's scope: joint patrols (the joint groups' patrol routes by
 * shift start), on-the-spot handlings by outcome, tickets the joint groups made, and their arrivals (dispatch to
 * arrival) with those within 2 minutes.
 */
export async function jointStats(ctx: Ctx, actor: Actor, q: { from?: string; to?: string }): Promise<JointStats> {
  authorize(actor, 'joint.read');
  const { from, to } = period(q, ctx.clock.now());
  const tree = ctx.areas.tree();
  const seen = (ids: readonly (number | null)[]) => inScope(actor, tree, ids);
  const stationIn = (ids: readonly number[]) => ids.find((i) => tree.get(i)?.kind === 'station') ?? null;
  const [patrols, arrivals, tickets, handlings] = await Promise.all([
    repo.jointPatrols(ctx.db, from, to),
    repo.jointArrivals(ctx.db, from, to),
    repo.jointTickets(ctx.db, from, to),
    repo.listHandlings(ctx.db, { scope: scopeIds(actor, tree), from, to, limit: 100_000 }),
  ]);
  type Acc = { patrols: number; outcomes: JointOutcome[]; tickets: number; arrivalSeconds: number[] };
  const groups = new Map<number | null, Acc>();
  const acc = (k: number | null): Acc => {
    let a = groups.get(k);
    if (!a) groups.set(k, (a = { patrols: 0, outcomes: [], tickets: 0, arrivalSeconds: [] }));
    return a;
  };
  const total: Acc = { patrols: 0, outcomes: [], tickets: 0, arrivalSeconds: [] };
  for (const p of patrols) {
    if (!seen([p.area_id])) continue;
    acc(tree.stationOf(p.area_id)).patrols++;
    total.patrols++;
  }
  for (const h of handlings) {
    acc(h.station_id).outcomes.push(h.outcome as JointOutcome);
    total.outcomes.push(h.outcome as JointOutcome);
  }
  for (const t of tickets) {
    if (!seen(t.area_ids)) continue;
    acc(t.station_id).tickets++;
    total.tickets++;
  }
  for (const a of arrivals) {
    if (!seen(a.area_ids)) continue;
    acc(stationIn(a.area_ids)).arrivalSeconds.push(a.seconds);
    total.arrivalSeconds.push(a.seconds);
  }
  return {
    from,
    to,
    rows: [...groups.entries()]
      .sort((a, b) => (a[0] ?? Infinity) - (b[0] ?? Infinity))
      .map(([key, a]) => ({ key, name: key === null ? '未定' : (tree.get(key)?.name ?? String(key)), ...jointCounts(a) })),
    total: jointCounts(total),
  };
}
