// Pure rules of the instructions screens: merging what the socket says, which officer's instructions wake the phone,
// the buttons a receipt offers, and the counts the sender sees (recomputed from the receipts, never trusted blindly).
import type { Instruction, MyInstruction, Receipt } from '@jingwang/contracts';

type ReceiptStatus = Receipt['status'];

/** The officer's list after a message: newest first, the same instruction replaced. */
export function mergeMine(list: readonly MyInstruction[], m: MyInstruction): MyInstruction[] {
  return [m, ...list.filter((x) => x.id !== m.id)].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
}

/** An urgent instruction this phone has not seen yet, still unread and open: time to wake the officer. */
export function wakesPhone(list: readonly MyInstruction[], m: MyInstruction): boolean {
  return m.priority === 'urgent' && m.status === 'open' && m.receipt.status === 'delivered' && !list.some((x) => x.id === m.id);
}

/** The steps a receipt offers now (the receipt machine's table, as the server applies it). */
export function receiptActions(status: ReceiptStatus, open: boolean): ('read' | 'feedback' | 'done')[] {
  if (!open) return [];
  switch (status) {
    case 'delivered':
      return ['read', 'feedback'];
    case 'read':
    case 'feedback':
      return ['feedback', 'done'];
    default:
      return [];
  }
}

export interface Counts {
  total: number;
  delivered: number;
  read: number;
  feedback: number;
  done: number;
}

/** Counts by state from the receipts. "Read" on screen = everyone past delivered (read, feedback or done). */
export function countsOf(receipts: readonly Pick<Receipt, 'status'>[]): Counts & { seen: number } {
  const c: Counts = { total: receipts.length, delivered: 0, read: 0, feedback: 0, done: 0 };
  for (const r of receipts) c[r.status]++;
  return { ...c, seen: c.total - c.delivered };
}

/** The instructions the officer still has to act on first: open and not done, urgent first, then newest. */
export function pending(list: readonly MyInstruction[]): MyInstruction[] {
  return list
    .filter((m) => m.status === 'open' && m.receipt.status !== 'done')
    .sort((a, b) => (a.priority === b.priority ? 0 : a.priority === 'urgent' ? -1 : 1) || Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** The sender's list after a change of one instruction. */
export function mergeSent(list: readonly Instruction[], i: Instruction): Instruction[] {
  return list.some((x) => x.id === i.id) ? list.map((x) => (x.id === i.id ? i : x)) : [i, ...list];
}
