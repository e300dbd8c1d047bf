// Administration of the organisation (issue 12 part 1): agencies and teams (administrators), people with their posts
// and responsibility areas (administrators; station leads within their station: a person outside is 404
// PERSON_NOT_FOUND, as one that does not exist). Edits carry the version read (409 STALE_VERSION); retiring never
// deletes and is refused (409 STILL_REFERENCED, naming what points to the record) while open work points to it.
// Every write is in the audit log.
import { maskPhone, type AgencyBody, type AgencyPatch, type Person, type PersonAreaHistory, type PersonBody, type PersonPatch, type RetireBody, type Team, type TeamBody, type TeamPatch } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso, isoN } from '../../lib/format';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import * as repo from './repo';

const now = (ctx: Ctx) => ctx.clock.now().toISOString();

/** A current (not retired) area in the actor's scope, or 404 AREA_NOT_FOUND naming the field. */
function liveArea(ctx: Ctx, actor: Actor, id: number, field: string): void {
  const tree = ctx.areas.tree();
  const a = tree.get(id);
  if (!a || a.validTo !== null || !inScope(actor, tree, [id])) throw new AppError('AREA_NOT_FOUND', `Area ${id} not found`, { field });
}

async function agencyOf(ctx: Ctx, actor: Actor, id: number, field = '/id') {
  const [a] = await repo.agencyRows(ctx.db, [id]);
  // a station lead may put people only into an agency of their station
  if (!a || (actor.scopeAreaId !== null && !inScope(actor, ctx.areas.tree(), [a.area_id]))) {
    throw new AppError('AGENCY_NOT_FOUND', `Agency ${id} not found`, { field });
  }
  return a;
}

/** An active team the actor may see (its area in their scope), or 404 TEAM_NOT_FOUND on `field`. */
export async function teamOf(ctx: Ctx, actor: Actor, id: number, field = '/id') {
  const [t] = await repo.teamRows(ctx.db, [id]);
  if (!t || (actor.scopeAreaId !== null && !inScope(actor, ctx.areas.tree(), [t.area_id]))) throw new AppError('TEAM_NOT_FOUND', `Team ${id} not found`, { field });
  return t;
}

function refused(what: string, refs: Record<string, unknown>): AppError {
  return new AppError('STILL_REFERENCED', `${what} is still referenced`, refs);
}

// ------------------------------------------------------------------ agencies

async function presentAgency(ctx: Ctx, id: number) {
  const [a] = await repo.agencyRows(ctx.db, [id]);
  if (!a) throw new AppError('AGENCY_NOT_FOUND', `Agency ${id} not found`, { field: '/id' });
  return { id: a.id, name: a.name, kind: a.kind as AgencyBody['kind'], areaId: a.area_id, code: a.code, areaName: a.area_name, version: a.version, active: a.active };
}

export async function createAgency(ctx: Ctx, actor: Actor, b: AgencyBody) {
  authorize(actor, 'org.manage');
  if (b.areaId !== null) liveArea(ctx, actor, b.areaId, '/areaId');
  const id = await ctx.db.transaction().execute(async (tx) => {
    const code = b.code ?? (await repo.nextCode(tx, 'agencies', 'AG'));
    if (await repo.codeTaken(tx, 'agencies', code)) throw new AppError('DUPLICATE_CODE', `Agency code ${code} is taken`, { field: '/code' });
    return repo.insertAgency(tx, { code, name: b.name.trim(), kind: b.kind, areaId: b.areaId });
  });
  await audit(ctx.db, actor, 'agency.created', 'agency', id, { ...b });
  return presentAgency(ctx, id);
}

export async function updateAgency(ctx: Ctx, actor: Actor, id: number, p: AgencyPatch) {
  authorize(actor, 'org.manage');
  await agencyOf(ctx, actor, id);
  if (p.areaId !== undefined && p.areaId !== null) liveArea(ctx, actor, p.areaId, '/areaId');
  await repo.updateAgency(ctx.db, id, p.version, {
    ...(p.name !== undefined ? { name: p.name.trim() } : {}),
    ...(p.kind !== undefined ? { kind: p.kind } : {}),
    ...(p.areaId !== undefined ? { area_id: p.areaId } : {}),
  });
  await audit(ctx.db, actor, 'agency.updated', 'agency', id, { ...p });
  return presentAgency(ctx, id);
}

export async function retireAgency(ctx: Ctx, actor: Actor, id: number, b: RetireBody): Promise<void> {
  authorize(actor, 'org.manage');
  await agencyOf(ctx, actor, id);
  await ctx.db.transaction().execute(async (tx) => {
    const refs = await repo.agencyReferences(tx, id);
    if (refs.people > 0 || refs.teams.length > 0) throw refused(`Agency ${id}`, refs);
    await repo.retireAgency(tx, id, b.version, now(ctx));
  });
  await audit(ctx.db, actor, 'agency.retired', 'agency', id, { reason: b.reason ?? null });
}

// ------------------------------------------------------------------ teams

async function presentTeam(ctx: Ctx, id: number): Promise<Team> {
  const t = (await repo.listTeams(ctx.db, null)).find((x) => x.id === id);
  if (!t) throw new AppError('TEAM_NOT_FOUND', `Team ${id} not found`, { field: '/id' });
  return t;
}

/** Leader and deputy: people of the bureau (active), two different people. */
async function checkLeaders(ctx: Ctx, actor: Actor, leaderId: number | null | undefined, deputyId: number | null | undefined): Promise<void> {
  for (const [v, field] of [
    [leaderId, '/leaderId'],
    [deputyId, '/deputyId'],
  ] as const) {
    if (v !== undefined && v !== null && (await repo.personRows(ctx.db, [v])).length === 0) throw new AppError('PERSON_NOT_FOUND', `Person ${v} not found`, { field });
  }
  if (leaderId && deputyId && leaderId === deputyId) {
    throw new AppError('VALIDATION_FAILED', 'The deputy must not be the leader', [{ field: '/deputyId', message: 'is the same person as the leader' }]);
  }
  void actor;
}

export async function createTeam(ctx: Ctx, actor: Actor, b: TeamBody): Promise<Team> {
  authorize(actor, 'org.manage');
  await agencyOf(ctx, actor, b.agencyId, '/agencyId');
  if (b.areaId !== null) liveArea(ctx, actor, b.areaId, '/areaId');
  await checkLeaders(ctx, actor, b.leaderId, b.deputyId);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const code = b.code ?? (await repo.nextCode(tx, 'teams', 'TM'));
    if (await repo.codeTaken(tx, 'teams', code)) throw new AppError('DUPLICATE_CODE', `Team code ${code} is taken`, { field: '/code' });
    return repo.insertTeam(tx, { code, name: b.name.trim(), kind: b.kind, agencyId: b.agencyId, areaId: b.areaId, leaderId: b.leaderId ?? null, deputyId: b.deputyId ?? null });
  });
  await audit(ctx.db, actor, 'team.created', 'team', id, { ...b });
  return presentTeam(ctx, id);
}

export async function updateTeam(ctx: Ctx, actor: Actor, id: number, p: TeamPatch): Promise<Team> {
  authorize(actor, 'org.manage');
  const t = await teamOf(ctx, actor, id);
  if (p.agencyId !== undefined) await agencyOf(ctx, actor, p.agencyId, '/agencyId');
  if (p.areaId !== undefined && p.areaId !== null) liveArea(ctx, actor, p.areaId, '/areaId');
  await checkLeaders(ctx, actor, p.leaderId === undefined ? t.leader_id : p.leaderId, p.deputyId === undefined ? t.deputy_id : p.deputyId);
  await repo.updateTeam(ctx.db, id, p.version, {
    ...(p.name !== undefined ? { name: p.name.trim() } : {}),
    ...(p.kind !== undefined ? { kind: p.kind } : {}),
    ...(p.agencyId !== undefined ? { agency_id: p.agencyId } : {}),
    ...(p.areaId !== undefined ? { area_id: p.areaId } : {}),
    ...(p.leaderId !== undefined ? { leader_id: p.leaderId } : {}),
    ...(p.deputyId !== undefined ? { deputy_id: p.deputyId } : {}),
  });
  await audit(ctx.db, actor, 'team.updated', 'team', id, { ...p });
  return presentTeam(ctx, id);
}

export async function retireTeam(ctx: Ctx, actor: Actor, id: number, b: RetireBody): Promise<void> {
  authorize(actor, 'org.manage');
  await teamOf(ctx, actor, id);
  await ctx.db.transaction().execute(async (tx) => {
    const refs = await repo.teamReferences(tx, id);
    if (refs.people > 0 || refs.units.length > 0) throw refused(`Team ${id}`, refs);
    await repo.retireTeam(tx, id, b.version, now(ctx));
  });
  await audit(ctx.db, actor, 'team.retired', 'team', id, { reason: b.reason ?? null });
}

// ------------------------------------------------------------------ people

/** A person the actor may see (the list's scope: a current responsibility area or the team in scope), or 404. */
export async function getPerson(ctx: Ctx, actor: Actor, id: number): Promise<Person> {
  authorize(actor, 'people.read');
  const r = await repo.listPeople(ctx.db, { scopeIds: scopeIds(actor, ctx.areas.tree()), areaIds: null, ids: [id], page: 1, pageSize: 1 });
  if (!r.items[0]) throw new AppError('PERSON_NOT_FOUND', `Person ${id} not found`, { field: '/id' });
  return r.items[0];
}

export async function personAreaHistory(ctx: Ctx, actor: Actor, id: number): Promise<PersonAreaHistory[]> {
  await getPerson(ctx, actor, id);
  const rows = await repo.personAreaHistory(ctx.db, id);
  return rows.map((r) => ({ areaId: r.area_id, areaName: r.name, areaKind: r.kind, validFrom: iso(r.valid_from), validTo: isoN(r.valid_to) }));
}

/** A station lead's person must stay theirs: a team or a responsibility area in their station. */
function mustStayVisible(ctx: Ctx, actor: Actor, teamAreaId: number | null, areaIds: number[]): void {
  if (actor.scopeAreaId === null) return;
  const tree = ctx.areas.tree();
  if (!inScope(actor, tree, [teamAreaId, ...areaIds])) {
    throw new AppError('VALIDATION_FAILED', 'The person needs a team or a responsibility area in your station', [
      { field: '/teamId', message: 'give a team or a responsibility area of your station' },
    ]);
  }
}

export async function createPerson(ctx: Ctx, actor: Actor, b: PersonBody): Promise<Person> {
  authorize(actor, 'people.manage');
  await agencyOf(ctx, actor, b.agencyId, '/agencyId');
  const team = b.teamId ? await teamOf(ctx, actor, b.teamId, '/teamId') : null;
  const areaIds = b.areaIds ?? [];
  areaIds.forEach((a, i) => liveArea(ctx, actor, a, `/areaIds/${i}`));
  mustStayVisible(ctx, actor, team?.area_id ?? null, areaIds);
  const at = now(ctx);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const id = await repo.insertPerson(tx, {
      code: await repo.nextCode(tx, 'people', 'PS'),
      name: b.name.trim(),
      role: b.role,
      post: b.post ?? null,
      badgeNo: b.badgeNo || null,
      phoneEnc: b.phone ? ctx.cipher.encrypt(b.phone) : null,
      phoneMasked: b.phone ? maskPhone(b.phone) : null,
      agencyId: b.agencyId,
      teamId: b.teamId ?? null,
    });
    await repo.setPersonAreas(tx, id, areaIds, at);
    return id;
  });
  await audit(ctx.db, actor, 'person.created', 'person', id, { ...b, phone: b.phone ? maskPhone(b.phone) : null });
  return getPerson(ctx, actor, id);
}

export async function updatePerson(ctx: Ctx, actor: Actor, id: number, p: PersonPatch): Promise<Person> {
  authorize(actor, 'people.manage');
  await getPerson(ctx, actor, id);
  const [row] = await repo.personRows(ctx.db, [id]);
  if (!row) throw new AppError('PERSON_NOT_FOUND', `Person ${id} not found`, { field: '/id' });
  if (p.agencyId !== undefined) await agencyOf(ctx, actor, p.agencyId, '/agencyId');
  const team = p.teamId ? await teamOf(ctx, actor, p.teamId, '/teamId') : null;
  p.areaIds?.forEach((a, i) => liveArea(ctx, actor, a, `/areaIds/${i}`));
  mustStayVisible(ctx, actor, p.teamId === undefined ? row.team_area_id : (team?.area_id ?? null), p.areaIds ?? row.area_ids);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.updatePerson(tx, id, p.version, {
      ...(p.name !== undefined ? { name: p.name.trim() } : {}),
      ...(p.role !== undefined ? { role: p.role } : {}),
      ...(p.post !== undefined ? { post: p.post } : {}),
      ...(p.badgeNo !== undefined ? { badge_no: p.badgeNo || null } : {}),
      ...(p.phone !== undefined ? { phone_enc: p.phone ? ctx.cipher.encrypt(p.phone) : null, phone_masked: p.phone ? maskPhone(p.phone) : null } : {}),
      ...(p.agencyId !== undefined ? { agency_id: p.agencyId } : {}),
      ...(p.teamId !== undefined ? { team_id: p.teamId } : {}),
    });
    if (p.areaIds !== undefined) await repo.setPersonAreas(tx, id, p.areaIds, now(ctx));
  });
  await audit(ctx.db, actor, 'person.updated', 'person', id, { ...p, ...(p.phone !== undefined ? { phone: p.phone ? maskPhone(p.phone) : null } : {}) });
  return getPerson(ctx, actor, id);
}

export async function retirePerson(ctx: Ctx, actor: Actor, id: number, b: RetireBody): Promise<void> {
  authorize(actor, 'people.manage');
  await getPerson(ctx, actor, id);
  await ctx.db.transaction().execute(async (tx) => {
    const refs = await repo.personReferences(tx, id);
    if (refs.units.length > 0 || refs.openTasks > 0 || refs.teams.length > 0) throw refused(`Person ${id}`, refs);
    await repo.retirePerson(tx, id, b.version, now(ctx));
    // responsibility ends with the person (history kept)
    await repo.setPersonAreas(tx, id, [], now(ctx));
  });
  await audit(ctx.db, actor, 'person.retired', 'person', id, { reason: b.reason ?? null });
}
