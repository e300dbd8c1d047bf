// Who hears about a task: the assignee's users, and the station's (and district's) leaders above it.
import type { EscalationStep } from '@jingwang/core';
import type { Ctx } from '../../context';
import { activeUsersInRoles, activeUsersOfPeople } from './repo/people';

/** The active users who are these people. */
export async function usersOfPeople(ctx: Ctx, personIds: number[]): Promise<number[]> {
  return activeUsersOfPeople(ctx.db, personIds);
}

/** Station leads of the station (and, with `district`, district leads above it). */
export async function leadersOf(ctx: Ctx, stationId: number | null, district: boolean): Promise<number[]> {
  if (stationId === null) return [];
  const tree = ctx.areas.tree();
  const users = await activeUsersInRoles(ctx.db, district ? ['station_lead', 'district_lead'] : ['station_lead']);
  return users.filter((u) => u.scope_area_id !== null && tree.within(stationId, u.scope_area_id) && (u.role === 'district_lead' || tree.get(u.scope_area_id)?.kind === 'station')).map((u) => u.id);
}

/** The words of each step of the ladder in a notification's title. */
export const STEP_TEXT: Record<EscalationStep, string> = { due_soon: '即将到期', overdue: '已逾期', reminder: '催办', yellow: '黄牌督办', red: '红牌督办' };
