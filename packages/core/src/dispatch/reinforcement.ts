// The reinforcement request workflow (梯次增援): an officer at a scene, or a dispatcher, asks for more units of an
// echelon; the command room accepts it, sends units (ordinary dispatch) and marks it fulfilled, or cancels it.
// A request still open when its incident stops being open (resolved, closed, cancelled, transferred) lapses with
// it: nobody is sent to an incident that is over.
//
//   requested ──accept──▶ accepted ──fulfil──▶ fulfilled
//       │  └──────────────fulfil──────────────────▲
//       └─cancel / lapse─▶ cancelled ◀─cancel / lapse─ accepted

import { defineMachine } from '../workflow/machine';

export type ReinforcementStatus = 'requested' | 'accepted' | 'fulfilled' | 'cancelled';
/** accept, fulfil, cancel: by people (the API); lapse: by the system, when the incident is over. */
export type ReinforcementAction = 'accept' | 'fulfil' | 'cancel' | 'lapse';
export const REINFORCEMENT_WORKFLOW_ACTIONS = ['accept', 'fulfil', 'cancel', 'lapse'] as const satisfies readonly ReinforcementAction[];

/** The one definition of an open request: still waiting for units. */
export const OPEN_REINFORCEMENT_STATUSES = ['requested', 'accepted'] as const satisfies readonly ReinforcementStatus[];

export const reinforcementMachine = defineMachine<ReinforcementStatus, ReinforcementAction>(
  'reinforcement',
  {
    requested: { accept: 'accepted', fulfil: 'fulfilled', cancel: 'cancelled', lapse: 'cancelled' },
    accepted: { fulfil: 'fulfilled', cancel: 'cancelled', lapse: 'cancelled' },
    fulfilled: {},
    cancelled: {},
  },
  REINFORCEMENT_WORKFLOW_ACTIONS,
);

/** The timestamp column an entered state sets. */
export const REINFORCEMENT_PHASE: Record<Exclude<ReinforcementStatus, 'requested'>, 'accepted_at' | 'fulfilled_at' | 'cancelled_at'> = {
  accepted: 'accepted_at',
  fulfilled: 'fulfilled_at',
  cancelled: 'cancelled_at',
};
