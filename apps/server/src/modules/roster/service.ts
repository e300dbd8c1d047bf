// The duty roster (值班表, issue 12 part 3): per station and day, the duty leader (值班领导) and the duties: the A and
// B posts of the 24-hour duty, patrol shifts and community days, each a person and a time window starting that
// local day. Everyone reads the rosters of the stations in their scope; admins, district and station leads write
// them (a station outside the caller's scope is 404 AREA_NOT_FOUND). "Who is on duty now" reads the duties running
// at a time. Saves are versioned (409 STALE_VERSION) and audited.
import {
  INCIDENT_CATEGORY_LABELS,
  type DutyKind,
  type IncidentCategory,
  type Leave,
  type LeaveBody,
  type LeaveKind,
  type OnDuty,
  type Roster,
  type RosterPutBody,
  type SwapBody,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso } from '../../lib/format';
import { AppError, validationError } from '../../lib/errors';
import { staleVersion } from '../../db/versioned';
import { audit } from '../audit/service';
import { authorize, scopeIds, type Actor } from '../auth/policy';
import { getPerson } from '../org/service';
import { notify } from '../notifications/service';
import { usersOfPeople } from '../tasks/notices';
import * as repo from './repo';

const DAY_MS = 86_400_000;

/** The local day (YYYY-MM-DD) of an instant. */
const localDay = (ctx: Ctx, t: Date) => new Date(t.getTime() + ctx.config.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);

/** The stations the actor sees (current areas of kind station in scope), by id. */
function stationsOf(ctx: Ctx, actor: Actor): Map<number, string> {
  const tree = ctx.areas.tree();
  const ids = scopeIds(actor, tree);
  const want = ids === null ? null : new Set(ids);
  return new Map(tree.all().filter((n) => n.kind === 'station' && n.validTo === null && (want === null || want.has(n.id))).map((n) => [n.id, n.name]));
}

function station(ctx: Ctx, actor: Actor, id: number): string {
  const name = stationsOf(ctx, actor).get(id);
  if (name === undefined) throw new AppError('AREA_NOT_FOUND', `Station ${id} not found`, { field: '/stationId' });
  return name;
}

function present(r: repo.RosterRow, stationName: string, shifts: (repo.ShiftRow & { on_leave?: boolean })[]): Roster {
  return {
    id: r.id,
    stationId: r.station_id,
    stationName,
    day: r.day,
    leaderId: r.leader_id,
    leaderName: r.leader_name,
    note: r.note,
    version: r.version,
    shifts: shifts
      .filter((s) => s.roster_id === r.id)
      .map((s) => ({ id: s.id, personId: s.person_id, personName: s.person_name, duty: s.duty as DutyKind, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at), unitId: s.unit_id, onLeave: s.on_leave === true })),
  };
}

export async function listRosters(ctx: Ctx, actor: Actor, q: { stationId?: number; from: string; days?: number }): Promise<Roster[]> {
  authorize(actor, 'roster.read');
  const stations = stationsOf(ctx, actor);
  if (q.stationId !== undefined) station(ctx, actor, q.stationId);
  const ids = q.stationId !== undefined ? [q.stationId] : [...stations.keys()];
  const rows = await repo.rosters(ctx.db, ids, q.from, q.days ?? 7);
  const shifts = await repo.shiftsOf(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => present(r, stations.get(r.station_id) ?? '', shifts));
}

export async function getRoster(ctx: Ctx, actor: Actor, stationId: number, day: string): Promise<Roster> {
  authorize(actor, 'roster.read');
  const name = station(ctx, actor, stationId);
  const r = await repo.rosterOf(ctx.db, stationId, day);
  if (!r) throw new AppError('ROSTER_NOT_FOUND', `No roster for station ${stationId} on ${day}`, { field: '/day' });
  return present(r, name, await repo.shiftsOf(ctx.db, [r.id]));
}

/** Saves the day's roster whole: the leader, the note and every duty (a new roster without a version). */
export async function putRoster(ctx: Ctx, actor: Actor, stationId: number, day: string, b: RosterPutBody): Promise<Roster> {
  authorize(actor, 'roster.manage');
  station(ctx, actor, stationId);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const dayStart = Date.UTC(y, m - 1, d) - ctx.config.utcOffsetMinutes * 60_000;
  const errors: { field: string; message: string }[] = [];
  b.shifts.forEach((s, i) => {
    const a = Date.parse(s.startsAt);
    const e = Date.parse(s.endsAt);
    if (a < dayStart || a >= dayStart + DAY_MS) errors.push({ field: `/shifts/${i}/startsAt`, message: `must start on ${day} (local time)` });
    if (!(e > a)) errors.push({ field: `/shifts/${i}/endsAt`, message: 'must be after the start' });
    else if (e - a > DAY_MS) errors.push({ field: `/shifts/${i}/endsAt`, message: 'a duty lasts at most 24 hours' });
  });
  if (errors.length) throw validationError(errors);
  const check = async (id: number, field: string) =>
    getPerson(ctx, actor, id).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'PERSON_NOT_FOUND' ? new AppError('PERSON_NOT_FOUND', `Person ${id} not found`, { field }) : e;
    });
  if (b.leaderId !== null) await check(b.leaderId, '/leaderId');
  for (const [i, s] of b.shifts.entries()) await check(s.personId, `/shifts/${i}/personId`);
  const at = ctx.clock.now().toISOString();
  const shifts = b.shifts.map((s) => ({ personId: s.personId, duty: s.duty, startsAt: new Date(s.startsAt).toISOString(), endsAt: new Date(s.endsAt).toISOString(), unitId: s.unitId ?? null }));
  await ctx.db.transaction().execute(async (tx) => {
    const cur = await repo.rosterOf(tx, stationId, day);
    let id: number;
    if (!cur) {
      if (b.version !== undefined) throw staleVersion('/version');
      id = await repo.insertRoster(tx, { stationId, day, leaderId: b.leaderId, note: b.note ?? '', at });
      if (id === 0) throw staleVersion('/version'); // someone created it at the same time
    } else {
      if (b.version === undefined) throw staleVersion('/version', cur.version);
      await repo.updateRoster(tx, cur.id, b.version, { leader_id: b.leaderId, note: b.note ?? cur.note, updated_at: at });
      id = cur.id;
    }
    await repo.replaceShifts(tx, id, shifts);
  });
  await audit(ctx.db, actor, 'roster.saved', 'roster', `${stationId}:${day}`, { leaderId: b.leaderId, shifts: shifts.length });
  return getRoster(ctx, actor, stationId, day);
}

/** Who is on duty at a time (default now): per station in scope, the duty leader and the people on duty. */
export async function onDuty(ctx: Ctx, actor: Actor, q: { stationId?: number; at?: string }): Promise<OnDuty> {
  authorize(actor, 'roster.read');
  const stations = stationsOf(ctx, actor);
  if (q.stationId !== undefined) station(ctx, actor, q.stationId);
  const at = q.at ? new Date(q.at).toISOString() : ctx.clock.now().toISOString();
  const rows = await repo.onDutyAt(ctx.db, q.stationId !== undefined ? [q.stationId] : [...stations.keys()], at);
  const by = new Map<number, OnDuty['stations'][number]>();
  for (const r of rows) {
    let s = by.get(r.station_id);
    if (!s) by.set(r.station_id, (s = { stationId: r.station_id, stationName: stations.get(r.station_id) ?? '', leaderId: r.leader_id, leaderName: r.leader_name, people: [] }));
    s.people.push({ personId: r.person_id, personName: r.person_name, duty: r.duty as DutyKind, endsAt: iso(r.ends_at), unitId: r.unit_id });
  }
  return { at, stations: [...by.values()] };
}

/**
 * The people the roster puts on the given units at a time: each one's duty and window, by unit (no scope check:
 * the caller has checked the units' plan). Patrol's roll call expects exactly these people; a member of a unit who
 * is not on the roster (on leave, rest day) is not expected.
 */
export async function rosteredOnUnits(ctx: Ctx, unitIds: number[], at: string): Promise<Map<number, { personId: number; personName: string; duty: DutyKind; startsAt: string; endsAt: string }[]>> {
  const out = new Map<number, { personId: number; personName: string; duty: DutyKind; startsAt: string; endsAt: string }[]>();
  for (const r of await repo.unitDutiesAt(ctx.db, unitIds, at)) {
    const list = out.get(r.unit_id) ?? [];
    // a person listed twice on a unit (two overlapping duties) is expected once
    if (!list.some((x) => x.personId === r.person_id)) list.push({ personId: r.person_id, personName: r.person_name, duty: r.duty as DutyKind, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at) });
    out.set(r.unit_id, list);
  }
  return out;
}

/**
 * What the roster says of each unit at a time (default now), for dispatch and the unit board: true, someone is on
 * duty on it; false, its station keeps a roster for that local day and nobody on the unit is on duty; null, no
 * roster applies (its station keeps none that day, or it belongs to no station). A bureau that keeps no rosters sees
 * no change. No scope check: the caller has its units.
 */
export async function unitStaffing(ctx: Ctx, at?: Date): Promise<(unit: { id: number; home_area_id: number | null }) => boolean | null> {
  const t = at ?? ctx.clock.now();
  const s = await repo.staffingAt(ctx.db, localDay(ctx, t), t.toISOString());
  const stations = new Set(s.stations);
  const staffed = new Set(s.units);
  const tree = ctx.areas.tree();
  return (u) => {
    if (staffed.has(u.id)) return true;
    const station = u.home_area_id === null ? null : tree.stationOf(u.home_area_id);
    return station !== null && stations.has(station) ? false : null;
  };
}

/**
 * An urgent (priority 1) call reaches the station's duty leader (值班领导) on the roster at that moment, in the bell
 * and through the gateway: the leader is told at once, not when they look at the command room. Once per incident.
 * Nothing happens when the station keeps no roster or names no leader, or the leader has no account.
 */
export async function notifyDutyLeader(ctx: Ctx, inc: { id: number; number: string; stationId: number | null; category: string; address: string }): Promise<number[]> {
  if (inc.stationId === null) return [];
  const now = ctx.clock.now();
  const leader = await repo.dutyLeaderAt(ctx.db, inc.stationId, localDay(ctx, now), now.toISOString());
  if (leader === null) return [];
  const users = await usersOfPeople(ctx, [leader]);
  return notify(ctx, users, { kind: 'incident.urgent', title: `一级警情 ${inc.number}：${INCIDENT_CATEGORY_LABELS[inc.category as IncidentCategory]?.zh ?? inc.category}`, body: inc.address, link: '/command', refType: 'incident', refId: String(inc.id) });
}

// ---------------------------------------------------------------- leave (请假) and swaps (换班)

const LEAVE_MAX_MS = 90 * DAY_MS;

async function presentLeave(ctx: Ctx, r: repo.LeaveRow): Promise<Leave> {
  const conflicts = r.cancelled_at === null ? await repo.dutiesOverlapping(ctx.db, r.person_id, iso(r.starts_at), iso(r.ends_at)) : [];
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    kind: r.kind as LeaveKind,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    note: r.note,
    createdByName: r.created_by_name,
    createdAt: iso(r.created_at),
    cancelled: r.cancelled_at !== null,
    version: r.version,
    conflicts: conflicts.map((c) => ({ stationId: c.station_id, day: c.day, duty: c.duty as DutyKind, startsAt: iso(c.starts_at), endsAt: iso(c.ends_at) })),
  };
}

/** A person the actor may see, as the field at fault when not. */
const visiblePerson = (ctx: Ctx, actor: Actor, id: number, field: string) =>
  getPerson(ctx, actor, id).catch((e: unknown) => {
    throw e instanceof AppError && e.code === 'PERSON_NOT_FOUND' ? new AppError('PERSON_NOT_FOUND', `Person ${id} not found`, { field }) : e;
  });

/** Leaves overlapping `days` days (default 31) from the local day `from`, of the people the caller sees. */
export async function listLeaves(ctx: Ctx, actor: Actor, q: { from: string; days?: number }): Promise<Leave[]> {
  authorize(actor, 'roster.read');
  const [y, m, d] = q.from.split('-').map(Number) as [number, number, number];
  const from = Date.UTC(y, m - 1, d) - ctx.config.utcOffsetMinutes * 60_000;
  const to = from + (q.days ?? 31) * DAY_MS;
  const rows = await repo.leavesBetween(ctx.db, null, new Date(from).toISOString(), new Date(to).toISOString());
  // only the people the caller sees (the people service's scope)
  const out: Leave[] = [];
  const seen = new Map<number, boolean>();
  for (const r of rows) {
    if (!seen.has(r.person_id)) seen.set(r.person_id, (await getPerson(ctx, actor, r.person_id).catch(() => null)) !== null);
    if (seen.get(r.person_id)) out.push(await presentLeave(ctx, r));
  }
  return out;
}

/** Records a leave; the person's duties it overlaps are returned as conflicts (they stay on the roster, marked). */
export async function createLeave(ctx: Ctx, actor: Actor, b: LeaveBody): Promise<Leave> {
  authorize(actor, 'roster.manage');
  await visiblePerson(ctx, actor, b.personId, '/personId');
  const a = Date.parse(b.startsAt);
  const e = Date.parse(b.endsAt);
  if (!(e > a)) throw validationError([{ field: '/endsAt', message: 'must be after the start' }]);
  if (e - a > LEAVE_MAX_MS) throw validationError([{ field: '/endsAt', message: 'a leave lasts at most 90 days' }]);
  const at = ctx.clock.now().toISOString();
  const startsAt = new Date(a).toISOString();
  const endsAt = new Date(e).toISOString();
  const id = await ctx.db.transaction().execute(async (tx) => {
    if ((await repo.overlappingLeaves(tx, b.personId, startsAt, endsAt)).length > 0) {
      throw validationError([{ field: '/startsAt', message: 'overlaps another leave of the person' }]);
    }
    const id = await repo.insertLeave(tx, { personId: b.personId, kind: b.kind, startsAt, endsAt, note: b.note?.trim() ?? '', by: actor.displayName, at });
    await audit(tx, actor, 'leave.created', 'leave', String(id), { personId: b.personId, kind: b.kind, startsAt, endsAt });
    return id;
  });
  return presentLeave(ctx, (await repo.leaveRow(ctx.db, id))!);
}

export async function cancelLeave(ctx: Ctx, actor: Actor, id: number, version: number): Promise<Leave> {
  authorize(actor, 'roster.manage');
  const r = await repo.leaveRow(ctx.db, id);
  if (!r || !(await getPerson(ctx, actor, r.person_id).catch(() => null))) throw new AppError('LEAVE_NOT_FOUND', `Leave ${id} not found`, { field: '/id' });
  if (r.cancelled_at !== null) throw new AppError('INVALID_TRANSITION', 'The leave is already cancelled', { field: '/id' });
  await ctx.db.transaction().execute(async (tx) => {
    await repo.cancelLeave(tx, id, version, actor.displayName, ctx.clock.now().toISOString());
    await audit(tx, actor, 'leave.cancelled', 'leave', String(id), { personId: r.person_id });
  });
  return presentLeave(ctx, (await repo.leaveRow(ctx.db, id))!);
}

/**
 * 换班: the people of two duties not yet started change places (their rosters' versions as read; the same roster
 * twice is one version). Refused when either person is on leave during the other's duty. Both rosters' versions go
 * up; the swap is recorded and audited.
 */
export async function swapDuties(ctx: Ctx, actor: Actor, b: SwapBody): Promise<Roster[]> {
  authorize(actor, 'roster.manage');
  if (b.aShiftId === b.bShiftId) throw validationError([{ field: '/bShiftId', message: 'must be another duty' }]);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const visible = stationsOf(ctx, actor);
  const rosterIds = await ctx.db.transaction().execute(async (tx) => {
    const [x, y] = [await repo.shiftForUpdate(tx, b.aShiftId), await repo.shiftForUpdate(tx, b.bShiftId)];
    if (!x || !visible.has(x.station_id)) throw new AppError('DUTY_NOT_FOUND', `Duty ${b.aShiftId} not found`, { field: '/aShiftId' });
    if (!y || !visible.has(y.station_id)) throw new AppError('DUTY_NOT_FOUND', `Duty ${b.bShiftId} not found`, { field: '/bShiftId' });
    if (x.person_id === y.person_id) throw validationError([{ field: '/bShiftId', message: 'is a duty of the same person' }]);
    if (Date.parse(x.starts_at) <= now.getTime()) throw new AppError('DUTY_STARTED', undefined, { field: '/aShiftId' });
    if (Date.parse(y.starts_at) <= now.getTime()) throw new AppError('DUTY_STARTED', undefined, { field: '/bShiftId' });
    if (x.version !== b.aVersion) throw staleVersion('/aVersion', x.version);
    if (y.version !== b.bVersion) throw staleVersion('/bVersion', y.version);
    // each takes the other's duty: neither may be on leave then
    if ((await repo.overlappingLeaves(tx, y.person_id, iso(x.starts_at), iso(x.ends_at))).length) throw new AppError('ON_LEAVE', undefined, { field: '/aShiftId', personId: y.person_id });
    if ((await repo.overlappingLeaves(tx, x.person_id, iso(y.starts_at), iso(y.ends_at))).length) throw new AppError('ON_LEAVE', undefined, { field: '/bShiftId', personId: x.person_id });
    await repo.setShiftPerson(tx, x.id, y.person_id);
    await repo.setShiftPerson(tx, y.id, x.person_id);
    await repo.bumpRoster(tx, x.roster_id, x.version, at);
    if (y.roster_id !== x.roster_id) await repo.bumpRoster(tx, y.roster_id, y.version, at);
    await repo.insertSwap(tx, { aRoster: x.roster_id, bRoster: y.roster_id, aPerson: x.person_id, bPerson: y.person_id, aStarts: iso(x.starts_at), bStarts: iso(y.starts_at), reason: b.reason.trim(), by: actor.displayName, at });
    await audit(tx, actor, 'roster.swapped', 'roster', `${x.station_id}:${x.day}`, { a: { personId: x.person_id, startsAt: iso(x.starts_at) }, b: { personId: y.person_id, startsAt: iso(y.starts_at), roster: `${y.station_id}:${y.day}` }, reason: b.reason.trim() });
    return [...new Set([`${x.station_id}|${x.day}`, `${y.station_id}|${y.day}`])];
  });
  return Promise.all(rosterIds.map((k) => {
    const [st, day] = k.split('|') as [string, string];
    return getRoster(ctx, actor, Number(st), day);
  }));
}
