// Cases in hand (在手案件, issue 17): opening (directly, from an incident, from a warning with a loss), stages through
// the kind's machine (packages/core/src/cases) with the required items checked (409 CASE_ITEMS_MISSING naming what
// is missing) and versioned (409 STALE_VERSION); each stage entered is a step whose deadline is computed from the
// stored entry time and the configurable limit (case_limits), never typed. Items: photos (decodePhoto), documents,
// camera clips (视频侦查: camera, time range, finding).
//
// Who sees a case: the officers in charge and the members of its case team; the leads whose scope holds its station
// (station lead, district lead) and admins. Anyone else gets 404 CASE_NOT_FOUND, exactly as for a case that does not
// exist (issue 19). Supervision and indicators are in supervision.ts.
import {
  CASE_ITEM_LABELS,
  CASE_STATUS_LABELS,
  caseLadder,
  caseMachine,
  isCaseOpen,
  LIMIT_MAX,
  limitDeadline,
  missingItems,
  PHOTO_ITEM_TYPES,
  SOLVING_ACTIONS,
  stageDeadline,
  supervisionReasons,
  type CaseAction,
  type CaseItemType,
  type CaseKind,
  type CaseLimit,
  type CaseStatus,
  type CaseSupervisionPolicy,
  DEFAULT_CASE_SUPERVISION,
  type LimitUnit,
} from '@jingwang/core';
import { INCIDENT_CATEGORY_LABELS, maskName, maskPhone, type CaseAddBody, type CaseCreateBody, type CaseDetailT, type CaseFromBody, type CaseItemBody, type CaseListQuery, type CaseT, type CaseTransitionBody } from '@jingwang/contracts';
import type { FieldError } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso, isoN, ms } from '../../lib/format';
import { decodePhoto } from '../../lib/photo';
import { transition as applyTransition } from '../../lib/transition';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { getDispute } from '../disputes/service';
import { getWarning } from '../fraud/service';
import { refreshIndicatorsOf } from '../tasks/indicators';
import { getResident } from '../registry/service';
import { visibleRow } from '../incidents/service';
import * as repo from './repo';

// ---------------------------------------------------------------- limits and presentation

export async function limitsInForce(ctx: Ctx, db: Parameters<typeof repo.limits>[0] = ctx.db): Promise<(CaseLimit & { id: number; version: number })[]> {
  return (await repo.limits(db)).map((l) => ({ id: l.id, key: l.key, kind: l.kind as CaseKind, stage: l.stage as CaseStatus, base: l.base as CaseStatus, unit: l.unit as LimitUnit, amount: l.amount, zh: l.zh, en: l.en, version: l.version }));
}

const LEAD_ROLES = ['admin', 'district_lead', 'station_lead'];

export async function personOf(ctx: Ctx, actor: Actor): Promise<number | null> {
  return actor.userId === null ? null : repo.personOfUser(ctx.db, actor.userId);
}

export async function presentRows(ctx: Ctx, rows: repo.CaseRow[]): Promise<CaseT[]> {
  const tree = ctx.areas.tree();
  const now = ctx.clock.now().getTime();
  const officers = await repo.officersOf(ctx.db, rows.map((r) => r.id));
  const labels = new Map((await repo.limits(ctx.db)).map((l) => [l.key, l.zh]));
  return rows.map((r) => {
    const kind = r.kind as CaseKind;
    const status = r.status as CaseStatus;
    const open = isCaseOpen(kind, status);
    const dueAt = open && r.due_at ? ms(r.due_at) : null;
    return {
      id: r.id,
      caseNo: r.case_no,
      kind,
      category: r.category,
      title: r.title,
      status,
      version: r.version,
      open,
      station: r.station_id === null ? null : { id: r.station_id, name: tree.get(r.station_id)?.name ?? String(r.station_id) },
      officers: officers.filter((o) => o.case_id === r.id).map((o) => ({ id: o.person_id, name: o.name })),
      team: r.team_id === null ? null : { id: r.team_id, name: r.team_name ?? '' },
      incidentId: r.incident_id,
      fraudWarningId: r.fraud_warning_id,
      disputeIds: r.dispute_ids ?? [],
      openedAt: iso(r.opened_at),
      filedAt: isoN(r.filed_at),
      solvedAt: isoN(r.solved_at),
      endedAt: isoN(r.ended_at),
      lastActivityAt: iso(r.last_activity_at),
      deadline:
        dueAt === null || !r.step_from
          ? null
          : { key: r.limit_key ?? '', stage: status, label: labels.get(r.limit_key ?? '') ?? CASE_STATUS_LABELS[status].zh, from: iso(r.step_from), dueAt: new Date(dueAt).toISOString() },
      ladder: caseLadder(dueAt, now, supervisionPolicy(ctx)),
      reasons: supervisionReasons({ open, dueAt, lastActivityAt: ms(r.last_activity_at) }, now, supervisionPolicy(ctx)),
    };
  });
}

/** The deputy's list: deadlines within `withinDays`, idle for `idleDays`; yellow 24 h and red 72 h past a deadline. */
export function supervisionPolicy(_ctx: Ctx, over: { withinDays?: number; idleDays?: number } = {}): CaseSupervisionPolicy {
  return { ...DEFAULT_CASE_SUPERVISION, ...(over.withinDays !== undefined ? { dueWithinDays: over.withinDays } : {}), ...(over.idleDays !== undefined ? { idleDays: over.idleDays } : {}) };
}

// ---------------------------------------------------------------- visibility

/** The filter of the cases an actor sees (see the header). */
export async function visibility(ctx: Ctx, actor: Actor): Promise<Pick<repo.CaseFilter, 'personId' | 'scopeIds' | 'personOrScope'>> {
  const personId = (await personOf(ctx, actor)) ?? 0;
  if (actor.kind === 'system' || actor.role === 'admin') return { scopeIds: scopeIds(actor, ctx.areas.tree()) };
  if (actor.role && LEAD_ROLES.includes(actor.role)) return { personId, scopeIds: scopeIds(actor, ctx.areas.tree()), personOrScope: true };
  return { personId };
}

async function visible(ctx: Ctx, actor: Actor, r: repo.CaseRow): Promise<boolean> {
  if (actor.kind === 'system') return true;
  if (actor.role && LEAD_ROLES.includes(actor.role) && inScope(actor, ctx.areas.tree(), r.area_ids)) return true;
  const personId = await personOf(ctx, actor);
  return personId !== null && repo.personWorksOn(ctx.db, r.id, personId);
}

/** The case if the caller may see it; otherwise CASE_NOT_FOUND, exactly like a case that does not exist. */
async function loadFor(ctx: Ctx, actor: Actor, id: number): Promise<repo.CaseRow> {
  const r = await repo.getCaseRow(ctx.db, id);
  if (!r || !(await visible(ctx, actor, r))) throw new AppError('CASE_NOT_FOUND', `Case ${id} not found`, { field: '/id' });
  return r;
}

// ---------------------------------------------------------------- reading

export async function listCases(ctx: Ctx, actor: Actor, q: CaseListQuery): Promise<CaseT[]> {
  authorize(actor, 'cases.read');
  const vis = await visibility(ctx, actor);
  const mine = q.mine ? { personId: (await personOf(ctx, actor)) ?? 0, personOrScope: false, scopeIds: null } : {};
  const rows = await repo.listCaseRows(ctx.db, { ...vis, ...mine, kind: q.kind, status: q.status, open: q.open, q: q.q?.trim() || undefined, incidentId: q.incidentId, fraudWarningId: q.fraudWarningId, limit: 500 });
  return presentRows(ctx, rows);
}

export async function getCase(ctx: Ctx, actor: Actor, id: number): Promise<CaseDetailT> {
  authorize(actor, 'cases.read');
  const r = await loadFor(ctx, actor, id);
  return detail(ctx, r);
}

async function detail(ctx: Ctx, r: repo.CaseRow): Promise<CaseDetailT> {
  const [base] = await presentRows(ctx, [r]);
  const [people, places, items, events, steps] = await Promise.all([
    repo.peopleOf(ctx.db, r.id),
    repo.placesOf(ctx.db, r.id),
    repo.itemsOf(ctx.db, r.id),
    repo.eventsOf(ctx.db, r.id),
    repo.stepsOf(ctx.db, r.id),
  ]);
  const kind = r.kind as CaseKind;
  const status = r.status as CaseStatus;
  const since = latestEntry(steps, status);
  const have = items.map((i) => ({ type: i.item_type as CaseItemType, at: ms(i.added_at) }));
  return {
    ...base!,
    summary: r.summary,
    people: people.map((p) => ({ id: p.id, role: p.role as 'victim', nameMasked: p.name_masked, phoneMasked: p.phone_masked, note: p.note, registryPersonId: p.registry_person_id })),
    places: places.map((p) => ({ id: p.id, address: p.address, lon: p.lon, lat: p.lat })),
    items: items.map((i) => ({
      id: i.id,
      itemType: i.item_type as CaseItemType,
      title: i.title,
      note: i.note,
      hasPhoto: i.has_photo,
      cameraId: i.camera_id,
      clipFrom: isoN(i.clip_from),
      clipTo: isoN(i.clip_to),
      addedAt: iso(i.added_at),
      addedBy: i.added_by_name,
    })),
    timeline: events.map((e) => ({ at: iso(e.at), action: e.action, fromStatus: e.from_status, toStatus: e.to_status, by: e.by_name, note: e.note })),
    stages: steps.map((s) => {
      const due = isoN(s.due_at);
      return { stage: s.stage as CaseStatus, enteredAt: iso(s.entered_at), leftAt: isoN(s.left_at), dueAt: due, onTime: due === null || s.left_at === null ? null : ms(s.left_at) < ms(due) };
    }),
    allowed: caseMachine(kind)
      .allowed(status)
      .map((a) => ({ action: a, missing: missingItems(kind, a, have, since) })),
  };
}

function latestEntry(steps: { stage: string; entered_at: string }[], stage: string): number | undefined {
  let out: number | undefined;
  for (const s of steps) if (s.stage === stage) out = ms(s.entered_at);
  return out;
}

export async function casePhoto(ctx: Ctx, actor: Actor, id: number, itemId: number): Promise<{ mime: string; bytes: Buffer }> {
  authorize(actor, 'cases.read');
  await loadFor(ctx, actor, id);
  const p = await repo.photoOf(ctx.db, id, itemId);
  if (!p || !p.photo) throw new AppError('NOT_FOUND', 'No such photo', { field: '/itemId' });
  return { mime: p.photo_mime ?? 'image/jpeg', bytes: Buffer.from(p.photo) };
}

// ---------------------------------------------------------------- opening

interface Origin {
  incidentId?: number;
  fraudWarningId?: number;
  stationId: number | null;
  areaIds: number[];
  defaults: { kind: CaseKind; category: string; title: string; place?: { address: string; lon?: number; lat?: number } };
}

async function open(ctx: Ctx, actor: Actor, b: CaseFromBody, origin: Origin): Promise<CaseDetailT> {
  authorize(actor, 'cases.work');
  const tree = ctx.areas.tree();
  const me = await personOf(ctx, actor);
  const officerIds = [...new Set(b.officerIds ?? (me !== null ? [me] : []))];
  if (officerIds.length === 0) throw validationError([{ field: '/officerIds', message: 'is required (you have no person record to default to)' }]);
  const found = await repo.peopleExist(ctx.db, officerIds);
  const missing = officerIds.find((id) => !found.some((p) => p.id === id && p.active));
  if (missing !== undefined) throw validationError([{ field: '/officerIds', message: `person ${missing} does not exist or is not active` }]);
  const isLead = actor.kind === 'system' || (actor.role !== null && LEAD_ROLES.includes(actor.role));
  if (!isLead && (me === null || !officerIds.includes(me))) throw validationError([{ field: '/officerIds', message: 'must include yourself' }]);
  if (b.teamId !== undefined) {
    const t = await repo.teamOf(ctx.db, b.teamId);
    if (!t || t.kind !== 'case_team') throw validationError([{ field: '/teamId', message: 'is not a case team' }]);
  }
  let stationId = origin.stationId;
  if (b.stationId !== undefined) {
    if (tree.get(b.stationId)?.kind !== 'station') throw validationError([{ field: '/stationId', message: 'is not a station' }]);
    stationId = b.stationId;
  }
  if (stationId === null && actor.scopeAreaId !== null) stationId = tree.stationOf(actor.scopeAreaId);
  if (stationId !== null && actor.scopeAreaId !== null && !inScope(actor, tree, [stationId])) {
    throw validationError([{ field: '/stationId', message: 'is outside your area' }]);
  }
  const areaIds = [...new Set([...(stationId !== null ? [stationId] : []), ...origin.areaIds])];
  const kind = b.kind ?? origin.defaults.kind;
  const now = ctx.clock.now().toISOString();
  const limits = await limitsInForce(ctx);
  const places = b.places ?? (origin.defaults.place ? [origin.defaults.place] : []);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const caseId = await repo.insertCase(tx, {
      kind,
      category: (b.category ?? origin.defaults.category).trim(),
      title: (b.title ?? origin.defaults.title).trim(),
      summary: b.summary?.trim() ?? '',
      status: 'accepted',
      incident_id: origin.incidentId ?? null,
      fraud_warning_id: origin.fraudWarningId ?? null,
      dispute_ids: [...new Set(b.disputeIds ?? [])],
      station_id: stationId,
      area_ids: areaIds,
      team_id: b.teamId ?? null,
      opened_at: now,
      // a public-order case is filed when accepted (受案即立案); a criminal case at the decision to file
      filed_at: kind === 'administrative' ? now : null,
      created_by: actor.userId,
    });
    await repo.insertOfficers(tx, caseId, officerIds);
    await repo.insertPeople(
      tx,
      (b.people ?? []).map((p) => ({
        case_id: caseId,
        role: p.role,
        name_enc: ctx.cipher.encrypt(p.name.trim()),
        name_masked: maskName(p.name.trim()),
        phone_enc: ctx.cipher.encrypt(p.phone?.trim()),
        phone_masked: maskPhone(p.phone),
        note: p.note?.trim() || null,
      })),
    );
    await repo.insertPlaces(tx, caseId, places.map((p) => ({ ...p, address: p.address.trim() })));
    const d = stageDeadline(kind, 'accepted', { accepted: Date.parse(now) }, limits, ctx.config.utcOffsetMinutes);
    await repo.openStep(tx, { case_id: caseId, stage: 'accepted', entered_at: now, limit_key: d?.key ?? null, base_at: d ? new Date(d.from).toISOString() : null, due_at: d ? new Date(d.dueAt).toISOString() : null });
    await repo.insertEvent(tx, { case_id: caseId, at: now, action: 'opened', from_status: null, to_status: 'accepted', by_user: actor.userId, by_name: actor.displayName, note: origin.incidentId ? `警情 ${origin.incidentId}` : origin.fraudWarningId ? `反诈预警 ${origin.fraudWarningId}` : null });
    await audit(tx, actor, 'case.open', 'case', caseId, { kind, incidentId: origin.incidentId ?? null, fraudWarningId: origin.fraudWarningId ?? null });
    return caseId;
  });
  const r = await repo.getCaseRow(ctx.db, id);
  return detail(ctx, r!);
}

export async function createCase(ctx: Ctx, actor: Actor, b: CaseCreateBody): Promise<CaseDetailT> {
  if (b.incidentId !== undefined) return openFromIncident(ctx, actor, b.incidentId, b);
  authorize(actor, 'cases.work');
  const areaIds: number[] = [];
  const p = b.places?.find((x) => x.lon !== undefined && x.lat !== undefined);
  if (p) areaIds.push(...(await repo.areasAt(ctx.db, p.lon!, p.lat!)));
  const station = areaIds.map((a) => ctx.areas.tree().get(a)).find((n) => n?.kind === 'station')?.id ?? null;
  return open(ctx, actor, b, { stationId: station, areaIds, defaults: { kind: b.kind, category: b.category, title: b.title } });
}

export async function openFromIncident(ctx: Ctx, actor: Actor, incidentId: number, b: CaseFromBody): Promise<CaseDetailT> {
  authorize(actor, 'cases.work');
  const inc = await visibleRow(ctx, ctx.db, actor, incidentId);
  // the category in words (盗窃), as a case's category is written, not the incident's code (theft)
  const category = INCIDENT_CATEGORY_LABELS[inc.category as keyof typeof INCIDENT_CATEGORY_LABELS]?.zh ?? inc.category;
  return open(ctx, actor, b, {
    incidentId,
    stationId: inc.station_id,
    areaIds: inc.area_ids,
    defaults: { kind: 'criminal', category, title: `${inc.address} ${category}`.slice(0, 100), place: { address: inc.address, lon: inc.lon, lat: inc.lat } },
  });
}

/** A warning whose person lost money becomes a fraud case (电信网络诈骗), held by the warning's station. */
export async function openFromWarning(ctx: Ctx, actor: Actor, warningId: number, b: CaseFromBody): Promise<CaseDetailT> {
  authorize(actor, 'cases.work');
  const w = await getWarning(ctx, actor, warningId);
  if (w.outcome !== 'money_lost') throw new AppError('INVALID_TRANSITION', 'Only a warning whose person lost money becomes a fraud case', { from: w.status, action: 'case', allowed: [] });
  const areaIds = [w.station?.id, w.grid?.id].filter((x): x is number => typeof x === 'number');
  return open(ctx, actor, { ...b, officerIds: b.officerIds ?? (w.officer ? [w.officer.id] : undefined) }, {
    fraudWarningId: warningId,
    stationId: w.station?.id ?? null,
    areaIds,
    defaults: {
      kind: 'criminal',
      category: '电信网络诈骗',
      title: `${w.fraudType}（损失${w.lossAmount ?? 0}元）`.slice(0, 100),
      place: { address: w.address, ...(w.lon !== null && w.lat !== null ? { lon: w.lon, lat: w.lat } : {}) },
    },
  });
}

// ---------------------------------------------------------------- added after opening

/** A record another module keeps, as the caller may read it; null when it is not there for them (absent, out of reach, not theirs to read). */
async function reachable<T>(f: () => Promise<T>, notFound: string): Promise<T | null> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof AppError && (e.code === notFound || e.code === 'FORBIDDEN')) return null;
    throw e;
  }
}

/**
 * Officers in charge, related people (the registry's person, masked, or typed: encrypted and masked), places and
 * disputes (民转刑) added to a case in hand: versioned (409 STALE_VERSION), one timeline event per kind, audited.
 * Every field at fault is named (400), nothing written; an ended case takes nothing (409 CASE_ENDED).
 */
export async function addToCase(ctx: Ctx, actor: Actor, id: number, b: CaseAddBody): Promise<CaseDetailT> {
  authorize(actor, 'cases.work');
  const r = await loadFor(ctx, actor, id);
  if (!isCaseOpen(r.kind as CaseKind, r.status as CaseStatus)) throw new AppError('CASE_ENDED', `Case ${r.case_no} has ended (${r.status})`, { field: '/id', status: r.status });
  const officerIds = b.officerIds ?? [];
  const people = b.people ?? [];
  const places = b.places ?? [];
  const disputeIds = b.disputeIds ?? [];
  if (officerIds.length + people.length + places.length + disputeIds.length === 0) {
    throw validationError([{ field: '/officerIds', message: 'give officers, people, places or disputes to add' }]);
  }
  const errors: FieldError[] = [];
  // officers: active people, not in charge already, each once
  const current = new Set((await repo.officersOf(ctx.db, [id])).map((o) => o.person_id));
  const found = await repo.peopleExist(ctx.db, officerIds);
  officerIds.forEach((pid, i) => {
    const field = `/officerIds/${i}`;
    if (current.has(pid)) errors.push({ field, message: `person ${pid} is already in charge` });
    else if (officerIds.indexOf(pid) !== i) errors.push({ field, message: `person ${pid} is given twice` });
    else if (!found.some((p) => p.id === pid && p.active)) errors.push({ field, message: `person ${pid} does not exist or is not active` });
  });
  // people: the registry's (in the caller's area, masked copies) or typed with a name
  const linked = new Set(await repo.registryPeopleOf(ctx.db, id));
  const fromRegistry = new Map<number, { name: string | null; phone: string | null }>();
  for (const [i, p] of people.entries()) {
    const at = `/people/${i}`;
    if (p.registryPersonId === undefined) {
      if (!p.name?.trim()) errors.push({ field: `${at}/name`, message: 'is required without registryPersonId' });
      continue;
    }
    const rid = p.registryPersonId;
    if (p.name !== undefined || p.phone !== undefined) errors.push({ field: p.name !== undefined ? `${at}/name` : `${at}/phone`, message: 'comes from the registry with registryPersonId' });
    else if (linked.has(rid) || people.findIndex((x) => x.registryPersonId === rid) !== i) errors.push({ field: `${at}/registryPersonId`, message: `resident ${rid} is related to the case already` });
    else {
      const res = await reachable(() => getResident(ctx, actor, rid), 'RESIDENT_NOT_FOUND');
      if (!res) errors.push({ field: `${at}/registryPersonId`, message: `no resident ${rid} in your area` });
      else fromRegistry.set(rid, { name: res.resident.name, phone: res.resident.phone });
    }
  }
  // disputes: ones the caller can read, not linked already
  for (const [i, d] of disputeIds.entries()) {
    const field = `/disputeIds/${i}`;
    if (r.dispute_ids.includes(d) || disputeIds.indexOf(d) !== i) errors.push({ field, message: `dispute ${d} is linked already` });
    else if (!(await reachable(() => getDispute(ctx, actor, d), 'DISPUTE_NOT_FOUND'))) errors.push({ field, message: `no dispute ${d} in your reach` });
  }
  if (errors.length) throw validationError(errors);

  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.bumpCase(tx, id, { version: b.version, at, disputeIds: [...r.dispute_ids, ...disputeIds] });
    const event = (action: string, note: string) => repo.insertEvent(tx, { case_id: id, at, action, from_status: null, to_status: null, by_user: actor.userId, by_name: actor.displayName, note: note.slice(0, 1000) });
    if (officerIds.length) {
      await repo.insertOfficers(tx, id, officerIds, false);
      const added = await repo.officersOf(tx, [id]);
      await event('add:officers', officerIds.map((p) => added.find((o) => o.person_id === p)?.name ?? String(p)).join('、'));
    }
    if (people.length) {
      const rows = people.map((p) => {
        const reg = p.registryPersonId !== undefined ? fromRegistry.get(p.registryPersonId)! : null;
        const name = p.name?.trim();
        return {
          case_id: id,
          role: p.role,
          name_enc: reg ? null : ctx.cipher.encrypt(name),
          name_masked: reg ? reg.name : maskName(name!),
          phone_enc: reg ? null : ctx.cipher.encrypt(p.phone?.trim()),
          phone_masked: reg ? reg.phone : maskPhone(p.phone),
          note: p.note?.trim() || null,
          registry_person_id: p.registryPersonId ?? null,
        };
      });
      await repo.insertPeople(tx, rows);
      await event('add:people', rows.map((x) => `${x.name_masked ?? ''}${x.registry_person_id ? '（一标三实）' : ''}`).join('、'));
    }
    if (places.length) {
      await repo.insertPlaces(tx, id, places.map((p) => ({ ...p, address: p.address.trim() })));
      await event('add:places', places.map((p) => p.address.trim()).join('、'));
    }
    if (disputeIds.length) await event('add:disputes', disputeIds.map((d) => `纠纷 ${d}`).join('、'));
    await audit(tx, actor, 'case.add', 'case', id, {
      officerIds,
      people: people.map((p) => ({ role: p.role, registryPersonId: p.registryPersonId ?? null })),
      places: places.length,
      disputeIds,
    });
  });
  return detail(ctx, (await repo.getCaseRow(ctx.db, id))!);
}

// ---------------------------------------------------------------- items and transitions

export async function addItem(ctx: Ctx, actor: Actor, id: number, b: CaseItemBody): Promise<CaseDetailT> {
  authorize(actor, 'cases.work');
  const r = await loadFor(ctx, actor, id);
  const type = b.itemType as CaseItemType;
  const isPhoto = PHOTO_ITEM_TYPES.includes(type);
  if (isPhoto && !b.photo) throw validationError([{ field: '/photo', message: `is required for ${CASE_ITEM_LABELS[type].zh}` }]);
  if (!isPhoto && b.photo) throw validationError([{ field: '/photo', message: 'only with a photo item (signature, scene)' }]);
  const clip = type === 'camera_clip';
  if (clip) {
    if (b.cameraId === undefined) throw validationError([{ field: '/cameraId', message: 'is required for a camera clip' }]);
    if (!b.clipFrom || !b.clipTo) throw validationError([{ field: b.clipFrom ? '/clipTo' : '/clipFrom', message: 'is required for a camera clip' }]);
    if (Date.parse(b.clipFrom) > Date.parse(b.clipTo)) throw validationError([{ field: '/clipTo', message: 'must not be before clipFrom' }]);
    if (Date.parse(b.clipFrom) > ctx.clock.now().getTime()) throw validationError([{ field: '/clipFrom', message: 'must not be in the future' }]);
    if (!(await repo.cameraExists(ctx.db, b.cameraId))) throw validationError([{ field: '/cameraId', message: 'no such camera' }]);
  } else if (b.cameraId !== undefined || b.clipFrom !== undefined || b.clipTo !== undefined) {
    throw validationError([{ field: '/cameraId', message: 'only with a camera clip' }]);
  }
  const photo = b.photo ? decodePhoto(b.photo, '/photo') : null;
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.insertItem(tx, {
      case_id: id,
      item_type: type,
      title: b.title.trim(),
      note: b.note?.trim() || null,
      photo: photo?.bytes ?? null,
      photo_mime: photo?.mime ?? null,
      camera_id: clip ? b.cameraId! : null,
      clip_from: clip ? new Date(b.clipFrom!).toISOString() : null,
      clip_to: clip ? new Date(b.clipTo!).toISOString() : null,
      added_at: now,
      added_by: actor.userId,
      added_by_name: actor.displayName,
    });
    await repo.touch(tx, id, now);
    await repo.insertEvent(tx, { case_id: id, at: now, action: `item:${type}`, from_status: null, to_status: null, by_user: actor.userId, by_name: actor.displayName, note: b.title.trim() });
  });
  return detail(ctx, (await repo.getCaseRow(ctx.db, r.id))!);
}

export async function transitionCase(ctx: Ctx, actor: Actor, id: number, b: CaseTransitionBody): Promise<CaseDetailT> {
  authorize(actor, 'cases.work');
  const r = await loadFor(ctx, actor, id);
  const kind = r.kind as CaseKind;
  const from = r.status as CaseStatus;
  const action = b.action as CaseAction;
  const m = caseMachine(kind);
  if (!m.actions.includes(action)) throw new AppError('INVALID_TRANSITION', `A ${kind} case has no action ${action}`, { from, action, allowed: m.allowed(from) });
  const to = applyTransition(m, from, action);
  const steps = await repo.stepsOf(ctx.db, id);
  const items = (await repo.itemsOf(ctx.db, id)).map((i) => ({ type: i.item_type as CaseItemType, at: ms(i.added_at) }));
  const missing = missingItems(kind, action, items, latestEntry(steps, from));
  if (missing.length) {
    throw new AppError('CASE_ITEMS_MISSING', `Missing: ${missing.map((t) => CASE_ITEM_LABELS[t].zh).join('、')}`, { missing, labels: missing.map((t) => CASE_ITEM_LABELS[t].zh) });
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  const limits = await limitsInForce(ctx);
  const entries: Partial<Record<CaseStatus, number>> = {};
  for (const s of steps) entries[s.stage as CaseStatus] = ms(s.entered_at);
  entries[to] = now.getTime();
  const d = m.isFinal(to) ? null : stageDeadline(kind, to, entries, limits, ctx.config.utcOffsetMinutes);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.setStatus(tx, id, { version: b.version, from, to, at, filed: action === 'file', solved: SOLVING_ACTIONS.includes(action) && r.solved_at === null, ended: m.isFinal(to) });
    await repo.closeOpenStep(tx, id, at);
    await repo.openStep(tx, { case_id: id, stage: to, entered_at: at, limit_key: d?.key ?? null, base_at: d ? new Date(d.from).toISOString() : null, due_at: d ? new Date(d.dueAt).toISOString() : null });
    await repo.insertEvent(tx, { case_id: id, at, action, from_status: from, to_status: to, by_user: actor.userId, by_name: actor.displayName, note: b.note?.trim() || null });
    await audit(tx, actor, `case.${action}`, 'case', id, { from, to });
  });
  // the stored indicators that count cases (破案率, 按期办结率, on 所屏 and 作战小屏) show the step at once, as /cases does
  // (the step is committed: a failed refresh is logged and left to the hourly job, not turned into an error)
  try {
    const officers = await repo.officersOf(ctx.db, [id]);
    await refreshIndicatorsOf(ctx, { personId: officers[0]?.person_id ?? null, areaIds: r.area_ids });
    for (const o of officers.slice(1)) await refreshIndicatorsOf(ctx, { personId: o.person_id, areaIds: [] });
  } catch (e) {
    console.error(`case ${id}: indicators not refreshed after ${action}:`, e);
  }
  return detail(ctx, (await repo.getCaseRow(ctx.db, id))!);
}

// ---------------------------------------------------------------- limits (admin)

export async function listLimits(ctx: Ctx, actor: Actor) {
  authorize(actor, 'cases.read');
  return (await limitsInForce(ctx)).map((l) => ({ key: l.key, kind: l.kind, stage: l.stage, base: l.base, unit: l.unit, amount: l.amount, label: l.zh, version: l.version }));
}

/** Change a limit (versioned); the open steps under it get their deadline recomputed from their stored base time. */
export async function updateLimit(ctx: Ctx, actor: Actor, key: string, b: { unit: LimitUnit; amount: number; version: number }) {
  authorize(actor, 'cases.limits');
  const l = (await limitsInForce(ctx)).find((x) => x.key === key);
  if (!l) throw new AppError('CASE_LIMIT_NOT_FOUND', `No limit ${key}`, { field: '/key' });
  if (b.amount > LIMIT_MAX[b.unit]) throw validationError([{ field: '/amount', message: `at most ${LIMIT_MAX[b.unit]} ${b.unit}s` }]);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updateLimit(tx, l.id, { unit: b.unit, amount: b.amount }, b.version);
    for (const s of await repo.openStepsOfLimit(tx, key)) {
      if (s.base_at) await repo.setStepDue(tx, s.id, new Date(limitDeadline(ms(s.base_at), b.unit, b.amount, ctx.config.utcOffsetMinutes)).toISOString());
    }
    await audit(tx, actor, 'case.limit', 'case_limit', l.id, { key, from: { unit: l.unit, amount: l.amount }, to: { unit: b.unit, amount: b.amount } });
  });
  return (await listLimits(ctx, actor)).find((x) => x.key === key)!;
}
