// Houses, residents (实有人口) and their residencies, businesses and organisations (实有单位) with employees.
// Names, ID numbers and phones are encrypted with blind indexes and shown masked; a clear read states its purpose
// and is audited; a person is never deleted (left or merged); duplicates by ID number are refused on create with
// the existing record named (add a residency to it, or merge).
import { checkIdNumber } from '@jingwang/core';
import {
  maskName,
  maskPhone,
  type EmployeeCreateBody,
  type HouseCreateBody,
  type HouseUpdateBody,
  type RegistryUnitCreateBody,
  type ResidencyCreateBody,
  type ResidencyLeaveBody,
  type ResidentCreateBody,
  type ResidentLookupQuery,
  type ResidentMergeBody,
  type ResidentUpdateBody,
  type RevealBody,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso } from '../../lib/format';
import { audit } from '../audit/service';
import { authorize, scopeIds, type Actor } from '../auth/policy';
import { addressInScope, history, houseInScope, pastDate, personInScope, type Conn } from './common';
import * as records from './repo/records';

/** 511725198001010016 -> 511725********0016 */
export function maskIdNumber(s: string): string {
  return s.length <= 10 ? '*'.repeat(s.length) : `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`;
}
/** The blind index of a name: the same person typed with spaces or full-width letters is found. */
const nameKey = (n: string) => n.normalize('NFKC').replace(/\s+/g, '');
const phoneKey = (p: string) => p.replace(/[^0-9]/g, '');

export const presentPerson = (p: records.PersonRow) => ({
  id: p.id,
  name: p.name_masked,
  idNumber: p.id_no_masked,
  phone: p.phone_masked,
  gender: p.gender,
  birthDate: p.birth_date,
  status: p.status as 'active' | 'left' | 'merged',
  mergedInto: p.merged_into,
  version: p.version,
});

const presentHistory = (h: records.HistoryRow) => ({ at: iso(h.at), entity: h.entity, entityId: h.entity_id, action: h.action, changes: h.changes, username: h.username });

// ---------------------------------------------------------------- houses
export async function createHouse(ctx: Ctx, actor: Actor, b: HouseCreateBody) {
  authorize(actor, 'registry.write');
  return ctx.db.transaction().execute(async (tx) => {
    await addressInScope(ctx, tx, actor, b.addressId);
    const id = await records.insertHouse(tx, {
      address_id: b.addressId,
      owner_name_enc: ctx.cipher.encrypt(b.ownerName),
      owner_name_masked: maskName(b.ownerName),
      use: b.use,
      rented: b.rented ?? false,
      note: b.note ?? null,
    });
    await history(tx, actor, 'house', id, 'create', { addressId: b.addressId, use: b.use, rented: b.rented ?? false, ownerName: maskName(b.ownerName) });
    return { id };
  });
}

export async function updateHouse(ctx: Ctx, actor: Actor, id: number, b: HouseUpdateBody) {
  authorize(actor, 'registry.write');
  return ctx.db.transaction().execute(async (tx) => {
    const { house } = await houseInScope(ctx, tx, actor, id);
    const set: Parameters<typeof records.updateHouse>[3] = {};
    const changes: Record<string, unknown> = {};
    if (b.use !== undefined && b.use !== house.use) (set.use = b.use), (changes.use = [house.use, b.use]);
    if (b.rented !== undefined && b.rented !== house.rented) (set.rented = b.rented), (changes.rented = [house.rented, b.rented]);
    if (b.note !== undefined && b.note !== house.note) (set.note = b.note), (changes.note = [house.note, b.note]);
    if (b.ownerName !== undefined) {
      set.owner_name_enc = ctx.cipher.encrypt(b.ownerName);
      set.owner_name_masked = maskName(b.ownerName);
      changes.ownerName = [house.owner_name_masked, maskName(b.ownerName)];
    }
    const version = await records.updateHouse(tx, id, b.version, set);
    await history(tx, actor, 'house', id, 'update', changes);
    return { id, version };
  });
}

// ---------------------------------------------------------------- residents
function encryptPerson(ctx: Ctx, name: string, idNumber: string, phone: string | null | undefined) {
  return {
    name_enc: ctx.cipher.encrypt(name)!,
    name_masked: maskName(name)!,
    name_hash: ctx.cipher.blindIndex(nameKey(name))!,
    id_no_enc: ctx.cipher.encrypt(idNumber)!,
    id_no_masked: maskIdNumber(idNumber),
    id_no_hash: ctx.cipher.blindIndex(idNumber)!,
    phone_enc: ctx.cipher.encrypt(phone),
    phone_masked: maskPhone(phone),
    phone_hash: phone ? ctx.cipher.blindIndex(phoneKey(phone)) : null,
  };
}

/** The ID number checked (GB 11643, birth date): 422 INVALID_ID_NUMBER naming the problem in Chinese. */
function validId(ctx: Ctx, raw: string) {
  const c = checkIdNumber(raw, ctx.clock.now());
  if (!c.ok) throw new AppError('INVALID_ID_NUMBER', `The ID number is not valid: ${c.problem}`, { field: '/idNumber', problem: c.problem, zh: c.zh });
  return c;
}

/**
 * A new resident at a house. An ID number already on file is refused (409 DUPLICATE_ID_NUMBER with the existing
 * resident's id when the caller may see them, so the form offers "add a residency to them"), never a second record.
 */
export async function createResident(ctx: Ctx, actor: Actor, b: ResidentCreateBody) {
  authorize(actor, 'registry.write');
  const id = validId(ctx, b.idNumber);
  const arrivedOn = pastDate(ctx, b.arrivedOn, '/arrivedOn');
  return ctx.db.transaction().execute(async (tx) => {
    await houseInScope(ctx, tx, actor, b.houseId);
    const enc = encryptPerson(ctx, b.name, id.normalized, b.phone);
    const personId = await records.insertPerson(tx, { ...enc, gender: id.gender, birth_date: id.birthDate });
    if (personId === null) {
      const existing = await records.personByIdHash(tx, enc.id_no_hash);
      let visible: number | null = null;
      if (existing !== null) visible = await personInScope(ctx, tx, actor, existing).then((p) => p.id, () => null);
      throw new AppError('DUPLICATE_ID_NUMBER', 'A resident with this ID number exists', { field: '/idNumber', residentId: visible });
    }
    const residencyId = await records.insertResidency(tx, { person_id: personId, house_id: b.houseId, relation: b.relation, arrived_on: arrivedOn });
    await history(tx, actor, 'person', personId, 'create', { name: enc.name_masked, idNumber: enc.id_no_masked, phone: enc.phone_masked });
    await history(tx, actor, 'residency', residencyId, 'create', { personId, houseId: b.houseId, relation: b.relation, arrivedOn });
    return { id: personId, residencyId };
  });
}

/** An existing resident (e.g. found by the duplicate refusal) is recorded at a house. */
export async function addResidency(ctx: Ctx, actor: Actor, personId: number, b: ResidencyCreateBody) {
  authorize(actor, 'registry.write');
  const arrivedOn = pastDate(ctx, b.arrivedOn, '/arrivedOn');
  return ctx.db.transaction().execute(async (tx) => {
    const p = await records.getPerson(tx, personId);
    if (!p) throw new AppError('RESIDENT_NOT_FOUND');
    if (p.status === 'merged') throw new AppError('RESIDENT_MERGED', undefined, { mergedInto: p.merged_into });
    await houseInScope(ctx, tx, actor, b.houseId);
    const id = await records.insertResidency(tx, { person_id: personId, house_id: b.houseId, relation: b.relation, arrived_on: arrivedOn });
    await history(tx, actor, 'residency', id, 'create', { personId, houseId: b.houseId, relation: b.relation, arrivedOn });
    if (p.status === 'left') {
      await records.updatePerson(tx, personId, p.version, { status: 'active' });
      await history(tx, actor, 'person', personId, 'return', {});
    }
    return { id };
  });
}

export async function leaveResidency(ctx: Ctx, actor: Actor, id: number, b: ResidencyLeaveBody) {
  authorize(actor, 'registry.write');
  const leftOn = pastDate(ctx, b.leftOn, '/leftOn')!;
  return ctx.db.transaction().execute(async (tx) => {
    const r = await records.getResidency(tx, id);
    if (!r) throw new AppError('RESIDENCY_NOT_FOUND');
    await houseInScope(ctx, tx, actor, r.house_id).catch(() => {
      throw new AppError('RESIDENCY_NOT_FOUND');
    });
    if (r.arrived_on && leftOn < r.arrived_on) throw new AppError('VALIDATION_FAILED', 'leftOn is before arrivedOn', [{ field: '/leftOn', message: 'is before the arrival (早于迁入日期)' }]);
    const version = await records.leaveResidency(tx, id, b.version, leftOn);
    await history(tx, actor, 'residency', id, 'leave', { leftOn });
    const still = (await records.residenciesOf(tx, r.person_id)).some((x) => x.left_on === null);
    const p = (await records.getPerson(tx, r.person_id))!;
    if (!still && p.status === 'active') {
      await records.updatePerson(tx, p.id, p.version, { status: 'left' });
      await history(tx, actor, 'person', p.id, 'left', { leftOn });
    }
    return { id, version };
  });
}

export async function updateResident(ctx: Ctx, actor: Actor, id: number, b: ResidentUpdateBody) {
  authorize(actor, 'registry.write');
  return ctx.db.transaction().execute(async (tx) => {
    const p = await personInScope(ctx, tx, actor, id);
    if (p.status === 'merged') throw new AppError('RESIDENT_MERGED', undefined, { mergedInto: p.merged_into });
    const set: Parameters<typeof records.updatePerson>[3] = {};
    const changes: Record<string, unknown> = {};
    if (b.name !== undefined) {
      Object.assign(set, { name_enc: ctx.cipher.encrypt(b.name)!, name_masked: maskName(b.name)!, name_hash: ctx.cipher.blindIndex(nameKey(b.name))! });
      changes.name = [p.name_masked, maskName(b.name)];
    }
    if (b.phone !== undefined) {
      Object.assign(set, { phone_enc: ctx.cipher.encrypt(b.phone), phone_masked: maskPhone(b.phone), phone_hash: b.phone ? ctx.cipher.blindIndex(phoneKey(b.phone)) : null });
      changes.phone = [p.phone_masked, maskPhone(b.phone)];
    }
    const version = await records.updatePerson(tx, id, b.version, set);
    await history(tx, actor, 'person', id, 'update', changes);
    return { id, version };
  });
}

/** Two records of one person become one: the other's residencies and jobs move here; the other is kept as merged. */
export async function mergeResident(ctx: Ctx, actor: Actor, id: number, b: ResidentMergeBody) {
  authorize(actor, 'registry.merge');
  if (b.intoId === id) throw new AppError('VALIDATION_FAILED', 'a record cannot be merged into itself', [{ field: '/intoId', message: 'is the record itself (不能合并到自身)' }]);
  return ctx.db.transaction().execute(async (tx) => {
    const p = await personInScope(ctx, tx, actor, id);
    const into = await personInScope(ctx, tx, actor, b.intoId);
    if (into.status === 'merged') throw new AppError('RESIDENT_MERGED', undefined, { mergedInto: into.merged_into });
    await records.repointPerson(tx, id, b.intoId);
    const version = await records.updatePerson(tx, id, b.version, { status: 'merged', merged_into: b.intoId }, p.status === 'merged' ? 'never' : p.status);
    await history(tx, actor, 'person', id, 'merged', { into: b.intoId, reason: b.reason });
    await history(tx, actor, 'person', b.intoId, 'merged_from', { from: id, reason: b.reason });
    return { id, version };
  });
}

export async function getResident(ctx: Ctx, actor: Actor, id: number) {
  authorize(actor, 'registry.read');
  const p = await personInScope(ctx, ctx.db, actor, id);
  const rs = await records.residenciesOf(ctx.db, id);
  const hist = await records.historyOf(ctx.db, [{ entity: 'person', id }, ...rs.map((r) => ({ entity: 'residency', id: r.id }))]);
  return {
    resident: presentPerson(p),
    residencies: rs.map((r) => ({ id: r.id, houseId: r.house_id, addressLabel: r.address_label, relation: r.relation as 'registered', arrivedOn: r.arrived_on, leftOn: r.left_on, version: r.version })),
    history: hist.map(presentHistory),
  };
}

/** Exact lookup by ID number, phone or name (blind indexes), masked, within the caller's area. */
export async function lookupResidents(ctx: Ctx, actor: Actor, q: ResidentLookupQuery) {
  authorize(actor, 'registry.read');
  if (!q.idNumber && !q.phone && !q.name) throw new AppError('VALIDATION_FAILED', 'give idNumber, phone or name', [{ field: '/idNumber', message: 'give idNumber, phone or name' }]);
  const by = {
    ...(q.idNumber ? { id_no_hash: ctx.cipher.blindIndex(q.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase())! } : {}),
    ...(q.phone ? { phone_hash: ctx.cipher.blindIndex(phoneKey(q.phone)) ?? '-' } : {}),
    ...(q.name ? { name_hash: ctx.cipher.blindIndex(nameKey(q.name))! } : {}),
  };
  const rows = await records.findPersons(ctx.db, by, scopeIds(actor, ctx.areas.tree()));
  await audit(ctx.db, actor, 'registry.lookup', 'resident', null, { by: Object.keys(q), found: rows.map((r) => r.id) });
  return { items: rows.map(presentPerson) };
}

/** The clear name, ID number and phone: a stated purpose, audited against the person (searchable by them). */
export async function revealResident(ctx: Ctx, actor: Actor, id: number, b: RevealBody, ip: string | null = null) {
  authorize(actor, 'registry.reveal');
  await personInScope(ctx, ctx.db, actor, id);
  const s = (await records.personSecrets(ctx.db, id))!;
  await audit(ctx.db, actor, 'registry.reveal', 'resident', id, { purpose: b.purpose }, ip);
  return { name: ctx.cipher.decrypt(s.name_enc)!, idNumber: ctx.cipher.decrypt(s.id_no_enc)!, phone: ctx.cipher.decrypt(s.phone_enc) };
}

/** Who looked at this person, when and why (the audit log by person). */
export async function residentAudit(ctx: Ctx, actor: Actor, id: number) {
  authorize(actor, 'audit.read');
  await personInScope(ctx, ctx.db, actor, id);
  const rows = await records.auditOfPerson(ctx.db, id);
  return { items: rows.map((r) => ({ at: iso(r.at), username: r.username, action: r.action, detail: r.detail })) };
}

// ---------------------------------------------------------------- units
export async function createUnit(ctx: Ctx, actor: Actor, b: RegistryUnitCreateBody) {
  authorize(actor, 'registry.write');
  return ctx.db.transaction().execute(async (tx) => {
    await addressInScope(ctx, tx, actor, b.addressId);
    const id = await records.insertUnit(tx, { name: b.name, kind: b.kind, credit_code: b.creditCode ?? null, address_id: b.addressId });
    await history(tx, actor, 'unit', id, 'create', { name: b.name, kind: b.kind, addressId: b.addressId });
    return { id };
  });
}

async function unitInScope(ctx: Ctx, db: Conn, actor: Actor, id: number) {
  const u = await records.getUnit(db, id);
  if (!u) throw new AppError('REGISTRY_UNIT_NOT_FOUND');
  await addressInScope(ctx, db, actor, u.address_id).catch(() => {
    throw new AppError('REGISTRY_UNIT_NOT_FOUND');
  });
  return u;
}

export async function addEmployee(ctx: Ctx, actor: Actor, unitId: number, b: EmployeeCreateBody) {
  authorize(actor, 'registry.write');
  const fromOn = pastDate(ctx, b.fromOn, '/fromOn');
  return ctx.db.transaction().execute(async (tx) => {
    await unitInScope(ctx, tx, actor, unitId);
    const p = await records.getPerson(tx, b.residentId);
    if (!p) throw new AppError('RESIDENT_NOT_FOUND');
    if (p.status === 'merged') throw new AppError('RESIDENT_MERGED', undefined, { mergedInto: p.merged_into });
    const id = await records.insertEmployee(tx, { unit_id: unitId, person_id: b.residentId, role: b.role ?? null, from_on: fromOn });
    await history(tx, actor, 'employee', id, 'create', { unitId, personId: b.residentId, role: b.role ?? null, fromOn });
    return { id };
  });
}

export async function getUnit(ctx: Ctx, actor: Actor, id: number) {
  authorize(actor, 'registry.read');
  const u = await unitInScope(ctx, ctx.db, actor, id);
  return presentUnits([u], await records.employeesOf(ctx.db, [id]))[0]!;
}

export function presentUnits(units: records.UnitRow[], emps: records.EmployeeRow[]) {
  return units.map((u) => ({
    id: u.id,
    name: u.name,
    kind: u.kind as 'business',
    creditCode: u.credit_code,
    addressId: u.address_id,
    version: u.version,
    employees: emps.filter((e) => e.unit_id === u.id).map((e) => ({ id: e.id, residentId: e.person_id, name: e.name_masked, role: e.role, fromOn: e.from_on, toOn: e.to_on })),
  }));
}

export { presentHistory };
