// The patrol plan workflow as one table (packages/core/src/workflow): a plan is generated as a draft, edited by hand,
// published, and cancelled (a draft also when the same date, shift, tier and area is generated again: superseded).
// A published plan keeps taking hand edits, check-ins and roll calls until it is cancelled; a cancelled plan takes
// nothing more. The server applies a transition under the plan's version (apps/server/src/lib/transition.ts).
import { defineMachine } from '../workflow/machine';

export type PatrolPlanState = 'draft' | 'published' | 'cancelled';
export type PatrolPlanAction = 'edit' | 'publish' | 'cancel' | 'supersede' | 'check_in' | 'roll_call';

export const PATROL_PLAN_ACTIONS = ['edit', 'publish', 'cancel', 'supersede', 'check_in', 'roll_call'] as const satisfies readonly PatrolPlanAction[];

export const patrolPlanMachine = defineMachine<PatrolPlanState, PatrolPlanAction>(
  'patrol plan',
  {
    draft: { edit: 'draft', publish: 'published', cancel: 'cancelled', supersede: 'cancelled' },
    published: { edit: 'published', cancel: 'cancelled', check_in: 'published', roll_call: 'published' },
    cancelled: {},
  },
  PATROL_PLAN_ACTIONS,
);
