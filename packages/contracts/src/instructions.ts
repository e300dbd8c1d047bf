// Schemas of instructions (指令一键直达, issue 13 part 3): a lead's or the command room's instruction to a person, a
// team, a unit or an area, one receipt per recipient (delivered -> read -> feedback -> done), closed when all are
// done or by hand. See docs/api.md "Instructions".
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, lit } from './api';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const INSTRUCTION_TARGET_KINDS = ['person', 'team', 'unit', 'area'] as const;
export const INSTRUCTION_PRIORITIES = ['normal', 'urgent'] as const;
export const INSTRUCTION_STATUSES = ['open', 'closed'] as const;
export const RECEIPT_STATUSES = ['delivered', 'read', 'feedback', 'done'] as const;
export const INSTRUCTION_LINK_TYPES = ['incident', 'task', 'task_assignment'] as const;
export type InstructionTargetKind = (typeof INSTRUCTION_TARGET_KINDS)[number];
export type InstructionPriority = (typeof INSTRUCTION_PRIORITIES)[number];
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export const InstructionTargetKindS = lit(INSTRUCTION_TARGET_KINDS);
export const InstructionPriorityS = lit(INSTRUCTION_PRIORITIES);
export const InstructionStatusS = lit(INSTRUCTION_STATUSES);
export const ReceiptStatusS = lit(RECEIPT_STATUSES);

/** A photo as a data URL (JPEG or PNG, up to 3 MB). */
const PhotoDataUrl = Type.String({ minLength: 1, maxLength: 4_500_000 });
const Version = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const InstructionBody = Type.Object(
  {
    targetKind: InstructionTargetKindS,
    targetId: Id,
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    priority: Type.Optional(InstructionPriorityS),
    dueAt: Type.Optional(IsoTime),
    /** An incident or a task instance this instruction is about. */
    link: Type.Optional(Type.Object({ type: lit(['incident', 'task'] as const), id: Id }, { additionalProperties: false })),
    photos: Type.Optional(Type.Array(PhotoDataUrl, { maxItems: 3 })),
  },
  { additionalProperties: false },
);
export type InstructionBody = Static<typeof InstructionBody>;

export const InstructionListQuery = Type.Object(
  { status: Type.Optional(InstructionStatusS), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);
export type InstructionListQuery = Static<typeof InstructionListQuery>;

export const InstructionVersionBody = Type.Object({ version: Version }, { additionalProperties: false });
export const FeedbackBody = Type.Object(
  { version: Version, text: Type.String({ minLength: 1, maxLength: 1000 }), photos: Type.Optional(Type.Array(PhotoDataUrl, { maxItems: 3 })) },
  { additionalProperties: false },
);
export type FeedbackBody = Static<typeof FeedbackBody>;

export const InstructionFeedbackS = Type.Object({ at: IsoTime, text: Type.String(), photoIds: Type.Array(Id) });
export type InstructionFeedback = Static<typeof InstructionFeedbackS>;

export const ReceiptS = Type.Object({
  id: Id,
  userId: Id,
  name: Type.String(),
  status: ReceiptStatusS,
  version: Type.Integer(),
  deliveredAt: IsoTime,
  readAt: Nullable(IsoTime),
  feedbackAt: Nullable(IsoTime),
  doneAt: Nullable(IsoTime),
  /** When the SMS fallback went out (unread after INSTRUCTION_READ_SECONDS). */
  fallbackAt: Nullable(IsoTime),
  feedback: Type.Array(InstructionFeedbackS),
});
export type Receipt = Static<typeof ReceiptS>;

const InstructionFields = {
  id: Id,
  sender: Type.Object({ userId: Id, name: Type.String() }),
  target: Type.Object({ kind: InstructionTargetKindS, id: Id, name: Type.String() }),
  text: Type.String(),
  priority: InstructionPriorityS,
  dueAt: Nullable(IsoTime),
  link: Nullable(Type.Object({ type: lit(INSTRUCTION_LINK_TYPES), id: Id })),
  photoIds: Type.Array(Id),
  status: InstructionStatusS,
  closedAt: Nullable(IsoTime),
  closedByName: Nullable(Type.String()),
  createdAt: IsoTime,
  version: Type.Integer(),
};

/** The sender's view: every recipient's receipt, and the counts by state. */
export const InstructionS = Type.Object({
  ...InstructionFields,
  counts: Type.Object({ total: Type.Integer(), delivered: Type.Integer(), read: Type.Integer(), feedback: Type.Integer(), done: Type.Integer() }),
  receipts: Type.Array(ReceiptS),
});
export type Instruction = Static<typeof InstructionS>;

/** A recipient's view: the instruction and the caller's own receipt. */
export const MyInstructionS = Type.Object({ ...InstructionFields, receipt: ReceiptS });
export type MyInstruction = Static<typeof MyInstructionS>;

export const UrgeBody = Type.Object({ text: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type UrgeBody = Static<typeof UrgeBody>;
export const UrgeResultS = Type.Object({ instructionId: Id, recipients: Type.Integer() });

export const INSTRUCTION_PRIORITY_LABELS: Record<InstructionPriority, { zh: string; en: string }> = { normal: { zh: '一般', en: 'Normal' }, urgent: { zh: '紧急', en: 'Urgent' } };
export const RECEIPT_STATUS_LABELS: Record<ReceiptStatus, { zh: string; en: string }> = {
  delivered: { zh: '已送达', en: 'Delivered' },
  read: { zh: '已读', en: 'Read' },
  feedback: { zh: '已反馈', en: 'Feedback' },
  done: { zh: '已完成', en: 'Done' },
};
