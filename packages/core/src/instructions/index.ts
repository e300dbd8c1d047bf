// Instructions (指令一键直达), pure: an instruction is open until every recipient is done or the sender closes it;
// each recipient's receipt goes delivered -> read -> feedback (any number of times) -> done.
//
//   instruction: open ──close──▶ closed (final)
//   receipt:     delivered ──read──▶ read ──feedback──▶ feedback ──feedback──▶ feedback
//                delivered ──feedback──▶ feedback (answering is reading)       read | feedback ──done──▶ done (final)
//
// A receipt cannot be done unread: `done` leaves from read or feedback only.
import { defineMachine } from '../workflow/machine';

export type InstructionStatus = 'open' | 'closed';
export type InstructionAction = 'close';
export type ReceiptStatus = 'delivered' | 'read' | 'feedback' | 'done';
export type ReceiptAction = 'read' | 'feedback' | 'done';

export const instructionMachine = defineMachine<InstructionStatus, InstructionAction>('instruction', { open: { close: 'closed' }, closed: {} }, ['close']);

export const receiptMachine = defineMachine<ReceiptStatus, ReceiptAction>(
  'instruction_receipt',
  {
    delivered: { read: 'read', feedback: 'feedback' },
    read: { feedback: 'feedback', done: 'done' },
    feedback: { feedback: 'feedback', done: 'done' },
    done: {},
  },
  ['read', 'feedback', 'done'],
);

/** An instruction closes by itself when every receipt is done (and it has at least one). */
export function allDone(receipts: readonly ReceiptStatus[]): boolean {
  return receipts.length > 0 && receipts.every((s) => s === 'done');
}
