// The anti-fraud warning workflow (预警 -> 劝阻 -> 回访), pure. A warning enters `accepted` (routed to the grid's
// officer with a deadline) or `rejected` (with a reason the centre gets back) at intake; neither is a transition.
//
//   accepted ──outcome──▶ closed ──followup──▶ followed_up
//   rejected (final)                            followed_up (final)
//
// A follow-up is due only after an outcome that reached the person (not `unreachable`): that guard is a rule of the
// server on top of the table (the follow-up due time), the table says only which state an action leaves from.
import { defineMachine } from '../workflow/machine';

export type FraudWarningStatus = 'accepted' | 'rejected' | 'closed' | 'followed_up';
export type FraudWarningAction = 'outcome' | 'followup';

export const fraudWarningMachine = defineMachine<FraudWarningStatus, FraudWarningAction>(
  'fraud_warning',
  {
    accepted: { outcome: 'closed' },
    closed: { followup: 'followed_up' },
    followed_up: {},
    rejected: {},
  },
  ['outcome', 'followup'],
);

/** The one definition of an open warning: a dissuasion task still to be done (counted overdue past its deadline). */
export const OPEN_FRAUD_STATUSES = ['accepted'] as const satisfies readonly FraudWarningStatus[];

export function isFraudWarningOpen(status: FraudWarningStatus): boolean {
  return (OPEN_FRAUD_STATUSES as readonly FraudWarningStatus[]).includes(status);
}
