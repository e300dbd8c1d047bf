// The shift handover (交接班, issue 14): the duty leader writes it, the next shift acknowledges it once.
import { defineMachine } from '../workflow/machine';

export type HandoverState = 'written' | 'acknowledged';
export type HandoverAction = 'acknowledge';

export const handoverMachine = defineMachine<HandoverState, HandoverAction>('handover', { written: { acknowledge: 'acknowledged' }, acknowledged: {} }, ['acknowledge']);
