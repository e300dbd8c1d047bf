// User accounts on the administration page (issue 12): administrators create them with a role and an area scope
// (the roles from USER_ROLES, partner roles included) and retire them; the rules and the SQL are the auth module's.
import type { UserAccount, UserBody } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { iso } from '../../lib/format';
import { AppError } from '../../lib/errors';
import * as auth from '../auth/service';
import type { Actor } from '../auth/policy';

export async function listUsers(ctx: Ctx, actor: Actor): Promise<UserAccount[]> {
  const rows = await auth.listUsers(ctx, actor);
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as UserAccount['role'],
    scopeAreaId: u.scope_area_id,
    scopeAreaName: u.scope_area_name,
    personId: u.person_id,
    active: u.active,
    createdAt: iso(u.created_at),
  }));
}

export async function createUser(ctx: Ctx, actor: Actor, b: UserBody): Promise<UserAccount> {
  if (b.scopeAreaId !== null) {
    const a = ctx.areas.tree().get(b.scopeAreaId);
    if (!a || a.validTo !== null) throw new AppError('AREA_NOT_FOUND', `Area ${b.scopeAreaId} not found`, { field: '/scopeAreaId' });
  }
  const id = await auth.createUser(ctx, actor, {
    username: b.username,
    ...(b.displayName ? { displayName: b.displayName } : {}),
    role: b.role,
    scopeAreaId: b.scopeAreaId,
    personId: b.personId ?? null,
    password: b.password,
    mustChangePassword: true,
  });
  return (await listUsers(ctx, actor)).find((u) => u.id === id)!;
}

export async function retireUser(ctx: Ctx, actor: Actor, id: number): Promise<UserAccount> {
  await auth.retireUser(ctx, actor, id);
  return (await listUsers(ctx, actor)).find((u) => u.id === id)!;
}
