// The duty roster (值班表, issue 12 part 3): per station and day, the duty leader (值班领导) and the duties: the A and
// B posts of the 24-hour duty, patrol shifts and community days, each a person and a time window starting that
// local day. Everyone reads the rosters of the stations in their scope; admins, district and station leads write
// them (a station outside the caller's scope is 404 AREA_NOT_FOUND). "Who is on duty now" reads the duties running
// at a time. Saves are versioned (409 STALE_VERSION) and audited.
import { INCIDENT_CATEGORY_LABELS, type DutyKind, type IncidentCategory, type OnDuty, type Roster, type RosterPutBody } from '@jingwang/contracts';
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

function present(r: repo.RosterRow, stationName: string, shifts: repo.ShiftRow[]): Roster {
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
      .map((s) => ({ id: s.id, personId: s.person_id, personName: s.person_name, duty: s.duty as DutyKind, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at), unitId: s.unit_id })),
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
