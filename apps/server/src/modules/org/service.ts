// Organisation: agencies, teams and people, read within the caller's scope; officer references for other modules.
import type { OfficerRef, PeopleQuery } from '@jingwang/contracts';
import type { Static } from '@sinclair/typebox';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { authorize, scopeIds, type Actor } from '../auth/policy';
import * as repo from './repo';

export async function listAgencies(ctx: Ctx, actor: Actor) {
  authorize(actor, 'people.read');
  return repo.listAgencies(ctx.db);
}

export async function listTeams(ctx: Ctx, actor: Actor) {
  authorize(actor, 'people.read');
  return repo.listTeams(ctx.db, scopeIds(actor, ctx.areas.tree()));
}

export async function listPeople(ctx: Ctx, actor: Actor, q: Static<typeof PeopleQuery>) {
  authorize(actor, 'people.read');
  const tree = ctx.areas.tree();
  if (q.areaId !== undefined && !tree.get(q.areaId)) throw new AppError('AREA_NOT_FOUND', `Area ${q.areaId} not found`, { field: '/areaId' });
  return repo.listPeople(ctx.db, {
    scopeIds: scopeIds(actor, tree),
    areaIds: q.areaId !== undefined ? tree.descendantsAndSelf(q.areaId) : null,
    role: q.role,
    q: q.q?.trim() || undefined,
    page: q.page ?? 1,
    pageSize: q.pageSize ?? 50,
  });
}

/** Name, role and masked phone of people by id (the officer responsible for an incident or an area). */
export function officerRefs(db: Db, ids: (number | null)[]): Promise<Map<number, OfficerRef>> {
  return repo.officerRefs(db, ids);
}

// administration (issue 12): agencies, teams, people (admin.ts), user accounts (users.ts)
export { createAgency, createPerson, createTeam, getPerson, personAreaHistory, retireAgency, retirePerson, retireTeam, teamOf, updateAgency, updatePerson, updateTeam } from './admin';
export { createUser, listUsers, retireUser } from './users';
