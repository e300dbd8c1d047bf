// The incident state machine: pure, with explicit transitions. The server applies it under optimistic concurrency.
//
//   new ──dispatch──▶ dispatched ──en_route──▶ en_route ──arrive──▶ on_scene ──resolve──▶ resolved ──close──▶ closed
//    │                    │  └───────────arrive─────────────────────▶│
//    ├─cancel/transfer────┤ (cancel, transfer)      en_route: cancel
//   Dispatching more units (reinforcement) is allowed in dispatched, en_route and on_scene and keeps the status.

import { defineMachine } from '../workflow/machine';

export type IncidentStatus = 'new' | 'dispatched' | 'en_route' | 'on_scene' | 'resolved' | 'closed' | 'cancelled' | 'transferred';
export type IncidentAction = 'dispatch' | 'en_route' | 'arrive' | 'resolve' | 'close' | 'cancel' | 'transfer';

/** The one definition of an open incident: a call still being worked (the statuses a unit can still be sent to). */
export const OPEN_INCIDENT_STATUSES = ['new', 'dispatched', 'en_route', 'on_scene'] as const satisfies readonly IncidentStatus[];

export const incidentMachine = defineMachine<IncidentStatus, IncidentAction>('incident', {
  new: { dispatch: 'dispatched', cancel: 'cancelled', transfer: 'transferred', resolve: 'resolved' },
  dispatched: { dispatch: 'dispatched', en_route: 'en_route', arrive: 'on_scene', cancel: 'cancelled', transfer: 'transferred' },
  en_route: { dispatch: 'en_route', arrive: 'on_scene', cancel: 'cancelled' },
  on_scene: { dispatch: 'on_scene', resolve: 'resolved' },
  resolved: { close: 'closed' },
  closed: {},
  cancelled: {},
  transferred: {},
}, ['dispatch', 'en_route', 'arrive', 'resolve', 'close', 'cancel', 'transfer']);

/**
 * What an action needs besides the version: a disposition code to resolve (处警结果), a reason to cancel, the
 * receiving centre and its reference to transfer. The catalogues are in @jingwang/contracts.
 */
export const ACTION_REQUIRES: Partial<Record<IncidentAction, 'disposition' | 'reason' | 'transfer'>> = {
  resolve: 'disposition',
  cancel: 'reason',
  transfer: 'transfer',
};

/** Category and priority may be changed while the call is still worked; remarks are welcome at any time. */
export function canRegrade(status: IncidentStatus): boolean {
  return isOpen(status);
}

/** Which timestamp column a status entry sets, if any. */
export const PHASE_OF_STATUS: Partial<Record<IncidentStatus, 'dispatchedAt' | 'enRouteAt' | 'onSceneAt' | 'resolvedAt' | 'closedAt'>> = {
  dispatched: 'dispatchedAt',
  en_route: 'enRouteAt',
  on_scene: 'onSceneAt',
  resolved: 'resolvedAt',
  closed: 'closedAt',
};

export type TransitionResult =
  | { ok: true; from: IncidentStatus; to: IncidentStatus; releasesUnits: boolean }
  | { ok: false; from: IncidentStatus; action: IncidentAction; allowed: IncidentAction[] };

export function nextStatus(from: IncidentStatus, action: IncidentAction): TransitionResult {
  const r = incidentMachine.next(from, action);
  if (!r.ok) return { ok: false, from, action, allowed: r.allowed };
  const to = r.to;
  const releasesUnits = to === 'resolved' || to === 'cancelled' || to === 'transferred' || to === 'closed';
  return { ok: true, from, to, releasesUnits };
}

export function allowedActions(from: IncidentStatus): IncidentAction[] {
  return incidentMachine.allowed(from);
}

export function isOpen(status: IncidentStatus): boolean {
  return (OPEN_INCIDENT_STATUSES as readonly IncidentStatus[]).includes(status);
}

/** Unit status that follows from the incident action, for the units assigned to it. */
export function unitStatusAfter(action: IncidentAction): 'dispatched' | 'en_route' | 'on_scene' | 'available' | null {
  switch (action) {
    case 'dispatch':
      return 'dispatched';
    case 'en_route':
      return 'en_route';
    case 'arrive':
      return 'on_scene';
    case 'resolve':
    case 'cancel':
    case 'transfer':
    case 'close':
      return 'available';
    default:
      return null;
  }
}

export * from './basis';
